"""Generate the pydantic models and the httpx client from the OpenAPI document.

Usage: python scripts/generate.py [--output DIR]

Steps: check the document, generate both packages into a scratch folder, format them with
ruff, then swap them into generated/ (or DIR) and, for generated/, rewrite the README's field
map. Nothing in the output folder changes unless every step succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import check_contract
import contract
import field_map as field_map_module

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi" / "assessment-package.yaml"
GENERATED = ROOT / "generated"
SCRIPTS = ROOT / "scripts"
MODELS_PACKAGE = "unified_assessment_models"
CLIENT_PACKAGE = "unified_assessment_client"
BIN = Path(sys.executable).parent


# How each JSON Schema `format` the contract may use reaches the two packages. A format not
# listed stops generation, naming it: a generator's own type for it may normalise the value
# (pydantic's AnyUrl turns https://0.com into https://0.com/), and both packages must give back
# what was sent. "instant": both hold an aware datetime, read and written as RFC 3339 (the same
# instant); "string": both hold the string as sent, checked against the format with jsonschema-rs.
FORMATS = {"date-time": "instant", "date": "string", "uri": "string", "email": "string"}


class StepFailed(Exception):
    pass


def run(step: str, command: list[str | Path]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        # Generators end with the error itself, sometimes wrapped over a few lines.
        lines = [line.strip("│ ") for line in (result.stderr or result.stdout).splitlines()]
        tail = " ".join(line for line in lines[-3:] if line) or f"exit {result.returncode}"
        raise StepFailed(f"{step} failed: {tail}")


def check_document() -> None:
    problems = check_contract.check(DOCUMENT)
    if problems:
        raise StepFailed("\n".join(problems))


def formats_by_model(document: Any, lines: dict[str, int]) -> dict[str, dict[str, Any]]:
    """For datamodel-codegen's --extra-template-data: each model's fields with a "string"
    format, and the JSON Schema (as a Python literal) that BaseModel.jinja2 checks them with.
    StepFailed for a format with no mapping, or one where the templates do not check it (the
    models check a property or the items of an array property of an object schema)."""
    placed: dict[str, str] = {}  # pointer -> format, where the templates handle it
    found: dict[str, dict[str, Any]] = {}
    for name, schema in document["components"]["schemas"].items():
        for prop, spec in schema.get("properties", {}).items():
            at = f"/components/schemas/{contract.escape(name)}/properties/{contract.escape(prop)}"
            items = spec.get("items") if spec.get("type") == "array" else None
            if isinstance(spec.get("format"), str):
                where, value = at, spec["format"]
                fragment: dict[str, Any] = {"format": value}
            elif isinstance(items, dict) and isinstance(items.get("format"), str):
                where, value = f"{at}/items", items["format"]
                fragment = {"items": {"format": value}}
            else:
                continue
            placed[where] = value
            if FORMATS.get(value) == "string":
                text = json.dumps(fragment, sort_keys=True)
                found.setdefault(name, {"formats": {}})["formats"][prop] = repr(text)
    for at, value in formats_in(document):
        where = f"{source_name()}:{lines.get(at, 1)}: #{at}"
        if value not in FORMATS:
            raise StepFailed(
                f"{where}: format {value!r} has no mapping in scripts/generate.py FORMATS "
                f"({', '.join(FORMATS)}): add one that keeps the value as sent"
            )
        if placed.get(at) != value or (at.endswith("/items") and FORMATS[value] != "string"):
            raise StepFailed(
                f"{where}: format {value!r} is not checked by the models here: put it on a "
                "property of an object schema, or on the items of an array property"
            )
    return found


# Keywords whose values are data, not schemas: an example may well hold a key "format".
DATA_KEYWORDS = {"example", "examples", "default", "enum", "const"}


def formats_in(node: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, format) for every schema in the document that has a `format` keyword."""
    if isinstance(node, dict):
        if isinstance(node.get("format"), str):
            yield at, node["format"]
        for key, value in node.items():
            if key not in DATA_KEYWORDS:
                yield from formats_in(value, f"{at}/{contract.escape(str(key))}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from formats_in(item, f"{at}/{index}")


def generate_models(out: Path, formats: dict[str, dict[str, Any]]) -> None:
    package = out / MODELS_PACKAGE
    package.mkdir()
    extra = out / "formats.json"
    extra.write_text(json.dumps(formats, sort_keys=True), encoding="utf-8")
    strings = [f"string+{name}=string" for name, kind in FORMATS.items() if kind == "string"]
    # The options live here rather than in pyproject.toml so that one place says how models look.
    run(
        "datamodel-codegen",
        [
            BIN / "datamodel-codegen",
            "--input", DOCUMENT,
            "--input-file-type", "openapi",
            "--output", package / "__init__.py",
            "--output-model-type", "pydantic_v2.BaseModel",
            "--target-python-version", "3.11",
            "--disable-timestamp",
            "--formatters", "builtin",
            # Newer vendor releases add fields: keep them rather than drop or reject them.
            "--extra-fields", "allow",
            # Agree with JSON Schema, not with pydantic's lax coercion ("5" is not a number).
            "--strict-types", "str", "int", "float", "bool",
            # An optional property may be absent but not null, as in JSON Schema: absent is MISSING,
            # which pydantic leaves out when serialising.
            "--use-missing-sentinel",
            "--target-pydantic-version", "2.14",
            "--use-annotated",
            "--use-standard-collections",
            "--use-union-operator",
            "--use-schema-description",
            "--field-constraints",
            "--capitalise-enum-members",
            "--custom-template-dir", SCRIPTS / "models" / "templates",
            # Used by the date-time and format validators of models/templates/pydantic_v2/.
            "--additional-imports",
            "re,datetime.datetime,pydantic.field_validator,pydantic.ValidationInfo,"
            f"{MODELS_PACKAGE}._formats.check_format",
            "--extra-template-data", extra,
            "--type-mappings", *strings,
        ],
    )  # fmt: skip
    extra.unlink()
    for module in sorted((SCRIPTS / "models" / "runtime").glob("*.py")):
        shutil.copyfile(module, package / module.name)


def generate_client(out: Path) -> None:
    run(
        "openapi-python-client",
        [
            BIN / "openapi-python-client",
            "generate",
            "--path", DOCUMENT,
            "--meta", "none",
            "--config", SCRIPTS / "client" / "config.yaml",
            "--custom-template-path", SCRIPTS / "client" / "templates",
            "--output-path", out / CLIENT_PACKAGE,
            "--fail-on-warning",
        ],
    )  # fmt: skip


def copy_runtime(out: Path) -> None:
    # Code that is the same whatever the contract says is plain Python under scripts/client/runtime,
    # read by ruff and mypy there; it replaces the generator's own modules of the same names.
    for module in sorted((SCRIPTS / "client" / "runtime").glob("*.py")):
        shutil.copyfile(module, out / CLIENT_PACKAGE / module.name)


def open_enums(node: Any) -> Any:
    """The contract with every string enum open: the client keeps a value the contract does
    not list yet (the vendor adds kinds) and sends it back unchanged."""
    if isinstance(node, list):
        return [open_enums(item) for item in node]
    if not isinstance(node, dict):
        return node
    opened = {key: open_enums(value) for key, value in node.items()}
    if opened.get("type") == "string" and "enum" in opened:
        opened["x-enum"] = opened.pop("enum")
    return opened


def copy_contract(out: Path, document: Any) -> None:
    # The client checks documents against the contract itself (its JSON Schema, with formats).
    document = open_enums(document)
    text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (out / CLIENT_PACKAGE / "contract.json").write_text(text, encoding="utf-8")


def write_servers(out: Path, document: Any) -> None:
    servers = {server["x-region"]: server["url"] for server in document["servers"]}
    lines = [
        f'"""The servers of {source_name()}, by data region."""',
        "",
        f"SERVERS: dict[str, str] = {servers!r}",
        f"DEFAULT_REGION = {next(iter(servers))!r}",
        "",
    ]
    (out / CLIENT_PACKAGE / "servers.py").write_text("\n".join(lines), encoding="utf-8")


def write_deliveries(out: Path, document: Any) -> None:
    """_deliveries.py: the model of each object type's deliveries, from the `webhooks` section,
    and the one for any other object type (the schema marked `x-delivery-fallback`), for
    webhooks.parse_delivery. A contract without deliveries gets neither module."""
    if not any(contract.deliveries(document)):
        (out / CLIENT_PACKAGE / "webhooks.py").unlink()
        return
    by_type: dict[str, str] = {}
    for kind in contract.deliveries(document):
        name = str(kind.schema.get("$ref", "")).rpartition("/")[2]
        if by_type.setdefault(kind.object_type, name) != name or not name:
            raise StepFailed(
                f"#/webhooks/{contract.escape(kind.name)}: each object type's deliveries must "
                f"$ref one component schema ({kind.object_type}: {by_type[kind.object_type]!r} "
                f"and {name!r})"
            )
    schemas = document["components"]["schemas"]
    fallback = [name for name, schema in schemas.items() if schema.get("x-delivery-fallback")]
    if len(fallback) != 1:
        raise StepFailed(
            f"exactly one component schema must be marked x-delivery-fallback, not {fallback}"
        )
    names = sorted({*by_type.values(), *fallback})
    lines = [
        f'"""The delivery models of {source_name()} (its `webhooks`), by '
        'the object type they carry."""',
        "",
        f"from .models import {', '.join(names)}",
        "",
        f"Delivery = {' | '.join(names)}",
        "DELIVERIES: dict[str, type[Delivery]] = {",
        *(f"    {object_type!r}: {name}," for object_type, name in by_type.items()),
        "}",
        f"GENERIC: type[Delivery] = {fallback[0]}",
        "",
    ]
    (out / CLIENT_PACKAGE / "_deliveries.py").write_text("\n".join(lines), encoding="utf-8")


# The exception class of each status a contract may document, named as a user says it (a
# fixed table: HTTPStatus's phrases change between Python versions, 422 among them).
STATUS_NAMES = {
    400: "BadRequest", 401: "Unauthorized", 402: "PaymentRequired", 403: "Forbidden",
    404: "NotFound", 405: "MethodNotAllowed", 406: "NotAcceptable", 408: "RequestTimeout",
    409: "Conflict", 410: "Gone", 411: "LengthRequired", 412: "PreconditionFailed",
    413: "PayloadTooLarge", 414: "UriTooLong", 415: "UnsupportedMediaType",
    416: "RangeNotSatisfiable", 417: "ExpectationFailed", 421: "MisdirectedRequest",
    422: "UnprocessableEntity", 423: "Locked", 424: "FailedDependency", 425: "TooEarly",
    426: "UpgradeRequired", 428: "PreconditionRequired", 429: "RateLimited",
    431: "RequestHeaderFieldsTooLarge", 451: "UnavailableForLegalReasons",
    500: "InternalServerError", 501: "NotImplementedByServer", 502: "BadGateway",
    503: "ServiceUnavailable", 504: "GatewayTimeout", 505: "HttpVersionNotSupported",
    507: "InsufficientStorage", 508: "LoopDetected", 511: "NetworkAuthenticationRequired",
}  # fmt: skip


def documented_statuses(document: Any) -> dict[int, str]:
    """Each 4xx and 5xx status the operations' responses list, with its first description."""
    found: dict[int, str] = {}
    for operation in contract.operations(document):
        for key, response in operation.spec.get("responses", {}).items():
            if str(key).isdigit() and 400 <= int(key) <= 599 and int(key) not in found:
                found[int(key)] = str(contract.deref(document, response).get("description", ""))
    return dict(sorted(found.items()))


def write_status_errors(out: Path, document: Any) -> None:
    source = source_name()
    lines = [
        f'"""An exception class for each 4xx and 5xx status that {source} documents."""',
        "",
        "from .errors import ApiError, ClientError, ServerError",
        "",
    ]
    names = {}
    for status, description in documented_statuses(document).items():
        names[status] = STATUS_NAMES.get(status, f"Status{status}Error")
        base = "ClientError" if status < 500 else "ServerError"
        text = json.dumps(" ".join(description.split()), ensure_ascii=False)[1:-1]
        lines += ["", f"class {names[status]}({base}):", f'    """{status}: {text}"""', ""]
    lines += ["", "STATUS_ERRORS: dict[int, type[ApiError]] = {"]
    lines += [f"    {status}: {name}," for status, name in names.items()]
    lines += ["}", "", "__all__ = [", *(f'    "{n}",' for n in sorted(names.values())), "]", ""]
    (out / CLIENT_PACKAGE / "status_errors.py").write_text("\n".join(lines), encoding="utf-8")


def write_version(out: Path, document: Any) -> None:
    # The contract's info.version is the packages' version: pyproject.toml reads the wheel's
    # version from the client's _version.py (hatch), and both packages export __version__.
    version = document["info"]["version"]
    line = f'__version__ = "{version}"\n'
    (out / CLIENT_PACKAGE / "_version.py").write_text(
        f'"""The version of {source_name()} (info.version)."""\n\n{line}'
    )
    with (out / MODELS_PACKAGE / "__init__.py").open("a", encoding="utf-8") as models:
        models.write(f"\n\n# The version of the contract (info.version).\n{line}")


def mark_typed(out: Path) -> None:
    for package in (MODELS_PACKAGE, CLIENT_PACKAGE):
        (out / package / "py.typed").write_text("")


def format_code(out: Path) -> None:
    config = ROOT / "pyproject.toml"
    run("ruff check --fix", [BIN / "ruff", "check", "--quiet", "--fix", "--config", config, out])
    run("ruff format", [BIN / "ruff", "format", "--quiet", "--config", config, out])
    for cache in out.rglob(".ruff_cache"):
        shutil.rmtree(cache)


def field_map(out: Path) -> str:
    # A child process: the table is read off the freshly generated packages by importing them.
    result = subprocess.run(
        [sys.executable, SCRIPTS / "field_map.py", out, DOCUMENT],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise StepFailed(f"field map failed: {result.stderr.strip().splitlines()[-1:]}")
    return result.stdout.strip()


def update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    try:
        text = field_map_module.replace_table(readme.read_text(encoding="utf-8"), table)
    except ValueError as error:
        raise StepFailed(str(error)) from None
    readme.write_text(text, encoding="utf-8")


def publish(out: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for package in (MODELS_PACKAGE, CLIENT_PACKAGE):
        shutil.rmtree(target / package, ignore_errors=True)
        shutil.copytree(out / package, target / package)


def generate(target: Path) -> str:
    """Generate both packages into `target`; return the README's field map for them."""
    say(f"checking {source_name()}")
    check_document()
    # The scratch folder sits inside the project so that ruff applies the project's settings for
    # generated code (its per-file ignores are anchored to the project root).
    with tempfile.TemporaryDirectory(prefix=".generate-", dir=ROOT) as scratch:
        out = Path(scratch) / "generated"
        out.mkdir()
        document, lines = contract.load_with_lines(DOCUMENT)
        formats = formats_by_model(document, lines)
        say(f"generating {MODELS_PACKAGE} (datamodel-code-generator)")
        generate_models(out, formats)
        say(f"generating {CLIENT_PACKAGE} (openapi-python-client)")
        generate_client(out)
        copy_runtime(out)
        write_servers(out, document)
        write_deliveries(out, document)
        write_status_errors(out, document)
        copy_contract(out, document)
        write_version(out, document)
        mark_typed(out)
        say("formatting with ruff")
        format_code(out)
        table = field_map(out)
        publish(out, target)
    return table


def source_name() -> str:
    """The contract as the generated code names it: relative to the project, or as given."""
    return (DOCUMENT.relative_to(ROOT) if DOCUMENT.is_relative_to(ROOT) else DOCUMENT).as_posix()


def say(step: str) -> None:
    # Long runs say what they are doing (stdout: failures go to stderr, one line each).
    print(f"generate: {step}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output", type=Path, default=Path("generated"), help="default: generated/"
    )
    parser.add_argument(
        "--contract",
        type=Path,
        help="generate from this contract instead of openapi/ (check-breaking's base)",
    )
    args = parser.parse_args()
    if args.contract is not None:
        global DOCUMENT
        DOCUMENT = args.contract.resolve()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    target = (ROOT / args.output).resolve()
    try:
        table = generate(target)
        if target == GENERATED:
            update_readme(table)
    except StepFailed as error:
        print(error, file=sys.stderr)
        return 1
    print(f"generated {MODELS_PACKAGE} and {CLIENT_PACKAGE} in {args.output}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
