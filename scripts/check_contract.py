"""Check the OpenAPI document before anything is generated from it.

Usage: python scripts/check_contract.py [openapi/assessment-package.yaml]

Prints one line per problem, `FILE:LINE: #/json/pointer: message`, and exits 1 on any.
The checks run in stages and stop at the first failing stage, so that one mistake (a bad
$ref, a misspelt type) is reported once, where it is, rather than as a cascade.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator

DEFAULT_DOCUMENT = Path(__file__).resolve().parent.parent / "openapi" / "assessment-package.yaml"
JSON_TYPES = {"string", "number", "integer", "boolean", "array", "object", "null"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@dataclass(frozen=True)
class Problem:
    pointer: str
    message: str


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def load(path: Path) -> tuple[Any, dict[str, int]]:
    """Parse the YAML document and map every JSON pointer in it to its line number."""
    text = path.read_text(encoding="utf-8")
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, pointer: str) -> None:
        lines[pointer] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, f"{pointer}/{escape(str(key.value))}")
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{pointer}/{index}")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return yaml.safe_load(text), lines


def walk_values(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_values(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk_values(item, f"{pointer}/{index}")


def resolve(document: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        raise KeyError("only local references (#/...) are allowed in this contract")
    node = document
    for token in filter(None, ref[1:].split("/")):
        key = unescape(token)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise KeyError(f"{ref} points to nothing (no {key!r})")
    return node


def is_schema_position(pointer: str) -> bool:
    parent, _, last = pointer.rpartition("/")
    return (
        parent == "/components/schemas"
        or last in ("schema", "items", "additionalProperties")
        or parent.endswith("/properties")
    )


def schemas_in(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON Schema in the document: components, inline ones, properties and items."""
    for pointer, node in walk_values(document):
        if isinstance(node, dict) and is_schema_position(pointer):
            yield pointer, node


def check_refs(document: Any) -> Iterator[Problem]:
    for pointer, node in walk_values(document):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                resolve(document, node["$ref"])
            except KeyError as error:
                yield Problem(f"{pointer}/$ref", str(error.args[0]))


def check_types(document: Any) -> Iterator[Problem]:
    for pointer, schema in schemas_in(document):
        declared = schema.get("type")
        names = declared if isinstance(declared, list) else [declared]
        for name in names:
            if declared is not None and (not isinstance(name, str) or name not in JSON_TYPES):
                yield Problem(
                    f"{pointer}/type",
                    f"{name!r} is not a JSON Schema type (one of {', '.join(sorted(JSON_TYPES))})",
                )


def check_openapi(document: Any) -> Iterator[Problem]:
    validator = OpenAPIV31SpecValidator(document)
    for error in validator.iter_errors():
        path = "".join(f"/{escape(str(part))}" for part in error.absolute_path)
        yield Problem(path, f"not valid OpenAPI 3.1: {error.message}")


def operations(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"/paths/{escape(path)}/{method}", operation


def check_house_rules(document: Any) -> Iterator[Problem]:
    for pointer, operation in operations(document):
        for field in ("operationId", "summary", "tags"):
            if not operation.get(field):
                yield Problem(pointer, f"every operation needs {field!r}")
    for pointer, schema in schemas_in(document):
        for name, prop in (schema.get("properties") or {}).items():
            if not isinstance(prop, dict) or not prop.get("description"):
                yield Problem(f"{pointer}/properties/{escape(name)}", "property has no description")


def examples_in(document: Any) -> Iterator[tuple[str, Any, str]]:
    """(pointer, example value, pointer of its schema) for every example in the document."""
    for pointer, node in walk_values(document):
        if not isinstance(node, dict) or "schema" not in node:
            continue
        if "example" in node:
            yield f"{pointer}/example", node["example"], f"{pointer}/schema"
        for name, example in (node.get("examples") or {}).items():
            if isinstance(example, dict) and "value" in example:
                value_pointer = f"{pointer}/examples/{escape(name)}/value"
                yield value_pointer, example["value"], f"{pointer}/schema"
    for pointer, schema in schemas_in(document):
        for index, example in enumerate(schema.get("examples") or []):
            yield f"{pointer}/examples/{index}", example, pointer


def check_examples(document: Any) -> Iterator[Problem]:
    for pointer, example, schema_pointer in examples_in(document):
        # Validate through a $ref into the document itself, so the schema's own $refs resolve.
        root = {**document, "$ref": f"#{schema_pointer}"}
        validator = jsonschema.Draft202012Validator(
            root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(example):
            where = "".join(f"/{escape(str(part))}" for part in error.absolute_path)
            yield Problem(pointer + where, f"example does not match its schema: {error.message}")


def check_keys(document: Any) -> Iterator[Problem]:
    # YAML reads `400:` as a number; OpenAPI needs every key, status codes included, as a string.
    for pointer, node in walk_values(document):
        if isinstance(node, dict):
            for key in node:
                if not isinstance(key, str):
                    yield Problem(f"{pointer}/{key}", f"key {key!r} must be a string: quote it")


STAGES = (check_keys, check_refs, check_types, check_openapi, check_house_rules, check_examples)


def check(path: Path) -> list[str]:
    """All problems of the first failing stage, each as one printable line."""
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    try:
        document, lines = load(path)
    except OSError as error:
        return [f"{shown}: cannot read: {error.strerror}"]
    except UnicodeDecodeError:
        return [f"{shown}: not UTF-8 text"]
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 0
        return [f"{shown}:{line}: not valid YAML: {error.problem}"]
    except (yaml.YAMLError, RecursionError) as error:  # e.g. a control character, alias loops
        return [f"{shown}: not valid YAML: {str(error).splitlines()[0]}"]
    if not isinstance(document, dict):
        return [f"{shown}:1: the document is not a mapping"]

    def locate(pointer: str) -> int:
        while pointer not in lines and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return lines.get(pointer, 1)

    for stage in STAGES:
        try:
            problems = list(stage(document))
        except Exception as error:  # a document too broken for the stage's own tools
            return [
                f"{shown}: cannot be checked ({stage.__name__}): {type(error).__name__}: {error}"
            ]
        if problems:
            return [f"{shown}:{locate(p.pointer)}: #{p.pointer}: {p.message}" for p in problems]
    return []


def main(argv: list[str]) -> int:
    path = Path(argv[1]).resolve() if len(argv) > 1 else DEFAULT_DOCUMENT
    problems = check(path)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
