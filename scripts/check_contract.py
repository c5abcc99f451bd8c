"""Check the OpenAPI document before anything is generated from it.

Usage: python scripts/check_contract.py [openapi/assessment-package.yaml]

Prints one line per problem, `FILE:LINE: #/json/pointer: message`, and exits 1 on any.
The checks run in stages and stop at the first failing stage, so that one mistake (a bad
$ref, a misspelt type) is reported once, where it is, rather than as a cascade.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from contract import (
    DOCUMENT,
    ITEM_ACTIONS,
    RESERVED_PREFIX,
    SERVER_VALUES,
    deliveries,
    escape,
    load_with_lines,
    operations,
    pointer,
    resolve,
)
from openapi_spec_validator import OpenAPIV31SpecValidator

JSON_TYPES = {"string", "number", "integer", "boolean", "array", "object", "null"}
# The keywords of JSON Schema 2020-12 (core, applicator, unevaluated, validation, meta-data,
# format, content) and the four OpenAPI 3.1 adds; anything else in a schema must be `x-...`.
SCHEMA_KEYWORDS = frozenset(
    [
        "$schema",
        "$id",
        "$ref",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "prefixItems",
        "items",
        "contains",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "type",
        "const",
        "enum",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "title",
        "description",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "examples",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "discriminator",
        "xml",
        "externalDocs",
        "example",
    ]
)
# Where a schema holds other schemas: one, a list of them, or a map of names to them.
SUBSCHEMA = (
    "not",
    "if",
    "then",
    "else",
    "items",
    "contains",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
# Parts of the document that hold data, not OpenAPI objects: no schema starts inside them.
DATA = ("example", "examples", "default", "enum", "const")


@dataclass(frozen=True)
class Problem:
    pointer: str
    message: str


def walk_values(node: Any, at: str = "") -> Iterator[tuple[str, Any]]:
    yield at, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_values(value, f"{at}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk_values(item, f"{at}/{index}")


def subschemas(schema: dict[str, Any], at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """`schema` and every schema inside it, by JSON Schema's own keywords."""
    yield at, schema
    for keyword in SUBSCHEMA:
        if isinstance(schema.get(keyword), dict):
            yield from subschemas(schema[keyword], f"{at}/{keyword}")
    for keyword in SUBSCHEMA_LISTS:
        for index, item in enumerate(schema.get(keyword) or []):
            if isinstance(item, dict):
                yield from subschemas(item, f"{at}/{keyword}/{index}")
    for keyword in SUBSCHEMA_MAPS:
        members = schema.get(keyword)
        for name, item in members.items() if isinstance(members, dict) else []:
            if isinstance(item, dict):
                yield from subschemas(item, f"{at}/{keyword}/{escape(str(name))}")


def schemas_in(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON Schema in the document: components, those of parameters, headers and bodies,
    and every schema inside those."""

    def roots(node: Any, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from roots(item, f"{at}/{index}")
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            here = f"{at}/{escape(str(key))}"
            if key == "schema" and isinstance(value, dict):
                yield here, value
            elif at == "/components" and key == "schemas" and isinstance(value, dict):
                for name, schema in value.items():
                    if isinstance(schema, dict):
                        yield f"{here}/{escape(str(name))}", schema
            elif key not in DATA:
                yield from roots(value, here)

    for at, root in roots(document, ""):
        yield from subschemas(root, at)


def check_refs(document: Any) -> Iterator[Problem]:
    for at, node in walk_values(document):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                resolve(document, node["$ref"])
            except KeyError as error:
                yield Problem(f"{at}/$ref", str(error.args[0]))


def check_types(document: Any) -> Iterator[Problem]:
    for at, schema in schemas_in(document):
        declared = schema.get("type")
        names = declared if isinstance(declared, list) else [declared]
        for name in names:
            if declared is not None and (not isinstance(name, str) or name not in JSON_TYPES):
                yield Problem(
                    f"{at}/type",
                    f"{name!r} is not a JSON Schema type (one of {', '.join(sorted(JSON_TYPES))})",
                )


def check_keywords(document: Any) -> Iterator[Problem]:
    for at, schema in schemas_in(document):
        for key in schema:
            if isinstance(key, str) and (key in SCHEMA_KEYWORDS or key.startswith("x-")):
                continue
            guess = difflib.get_close_matches(str(key), SCHEMA_KEYWORDS, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            yield Problem(f"{at}/{escape(str(key))}", f"unknown keyword {key!r}{hint}")


def check_openapi(document: Any) -> Iterator[Problem]:
    validator = OpenAPIV31SpecValidator(document)
    for error in validator.iter_errors():
        yield Problem(pointer(error.absolute_path), f"not valid OpenAPI 3.1: {error.message}")


def check_house_rules(document: Any) -> Iterator[Problem]:
    for path in document.get("paths") or {}:
        if path == RESERVED_PREFIX or str(path).startswith(RESERVED_PREFIX + "/"):
            yield Problem(
                f"/paths/{escape(str(path))}",
                f"{RESERVED_PREFIX}/ is reserved for the stub's control API: choose another path",
            )
    for operation in operations(document):
        at = f"/paths/{escape(operation.path)}/{operation.method.lower()}"
        for field in ("operationId", "summary", "tags"):
            if not operation.spec.get(field):
                yield Problem(at, f"every operation needs {field!r}")
    for kind in deliveries(document):
        at = f"/webhooks/{escape(kind.name)}"
        for field in ("operationId", "summary", "tags", "x-object-type", "x-event"):
            if not kind.spec.get(field):
                yield Problem(at, f"every delivery needs {field!r}")
        if not kind.schema:
            yield Problem(at, "every delivery needs a JSON request body: what the hook receives")
    for at, schema in schemas_in(document):
        for name, prop in (schema.get("properties") or {}).items():
            if not isinstance(prop, dict) or not prop.get("description"):
                yield Problem(f"{at}/properties/{escape(name)}", "property has no description")


def examples_in(document: Any) -> Iterator[tuple[str, Any, str]]:
    """(pointer, example value, pointer of its schema) for every example in the document."""
    for at, node in walk_values(document):
        if not isinstance(node, dict) or "schema" not in node:
            continue
        if "example" in node:
            yield f"{at}/example", node["example"], f"{at}/schema"
        for name, example in (node.get("examples") or {}).items():
            if isinstance(example, dict) and "value" in example:
                value_pointer = f"{at}/examples/{escape(name)}/value"
                yield value_pointer, example["value"], f"{at}/schema"
    for at, schema in schemas_in(document):
        for index, example in enumerate(schema.get("examples") or []):
            yield f"{at}/examples/{index}", example, at


def check_examples(document: Any) -> Iterator[Problem]:
    for at, example, schema_pointer in examples_in(document):
        # Validate through a $ref into the document itself, so the schema's own $refs resolve.
        root = {**document, "$ref": f"#{schema_pointer}"}
        validator = jsonschema.Draft202012Validator(
            root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(example):
            where = at + pointer(error.absolute_path)
            yield Problem(where, f"example does not match its schema: {error.message}")


def check_keys(document: Any) -> Iterator[Problem]:
    # YAML reads `400:` as a number; OpenAPI needs every key, status codes included, as a string.
    for at, node in walk_values(document):
        if isinstance(node, dict):
            for key in node:
                if not isinstance(key, str):
                    yield Problem(f"{at}/{key}", f"key {key!r} must be a string: quote it")


def is_text(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def is_page_maximum(value: Any) -> bool:
    return type(value) is int and value >= 1


# The extensions the project reads, each with what its value must be; any other `x-` key is the
# vendor's or a reader's, but one a letter or two from these is a typo, refused.
EXTENSIONS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "x-region": ("a string", is_text),
    "x-server-owned": ("true or false", lambda value: isinstance(value, bool)),
    "x-server-value": (f"one of {', '.join(SERVER_VALUES)}", lambda value: value in SERVER_VALUES),
    "x-page-maximum": ("a whole number of at least 1", is_page_maximum),
    "x-filter": ("the name of a property of the item", is_text),
    "x-item-action": (f"one of {', '.join(ITEM_ACTIONS)}", lambda value: value in ITEM_ACTIONS),
    "x-object-type": ("an object_type, a string", is_text),
    "x-event": ("an event, a string", is_text),
    "x-delivery-fallback": ("true or false", lambda value: isinstance(value, bool)),
    # The stub, the client and the models assert `format` whatever the document says: a document
    # saying false would mislead the peer tools that read it, so it is refused.
    "x-format-assertion": ("true", lambda value: value is True),
}


ROOT_ONLY = frozenset({"x-format-assertion"})


def check_extensions(document: Any) -> Iterator[Problem]:
    for at, node in walk_values(document):
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if not isinstance(key, str) or not key.startswith("x-"):
                continue
            here = f"{at}/{escape(key)}"
            if key in ROOT_ONLY and at != "":
                yield Problem(here, f"{key} is read at the document's root only, not here")
            elif key in EXTENSIONS:
                wanted, valid = EXTENSIONS[key]
                if not valid(value):
                    yield Problem(here, f"{key} must be {wanted}, not {value!r}")
            elif guess := difflib.get_close_matches(key, EXTENSIONS, n=1, cutoff=0.85):
                yield Problem(here, f"unknown extension {key!r} (did you mean {guess[0]!r}?)")


STAGES = (
    check_keys,
    check_refs,
    check_types,
    check_keywords,
    check_extensions,
    check_openapi,
    check_house_rules,
    check_examples,
)


def shown(path: Path) -> Path:
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path


def check(path: Path) -> list[str]:
    """All problems of the first failing stage, each as one printable line."""
    where = shown(path)
    try:
        document, lines = load_with_lines(path)
    except OSError as error:
        return [f"{where}: cannot read: {error.strerror}"]
    except UnicodeDecodeError:
        return [f"{where}: not UTF-8 text"]
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 0
        return [f"{where}:{line}: not valid YAML: {error.problem}"]
    except (yaml.YAMLError, RecursionError) as error:  # e.g. a control character, alias loops
        return [f"{where}: not valid YAML: {str(error).splitlines()[0]}"]
    if not isinstance(document, dict):
        return [f"{where}:1: the document is not a mapping"]

    def locate(at: str) -> int:
        while at not in lines and at:
            at = at.rsplit("/", 1)[0]
        return lines.get(at, 1)

    for stage in STAGES:
        try:
            problems = list(stage(document))
        except Exception as error:  # a document too broken for the stage's own tools
            return [
                f"{where}: cannot be checked ({stage.__name__}): {type(error).__name__}: {error}"
            ]
        if problems:
            return [f"{where}:{locate(p.pointer)}: #{p.pointer}: {p.message}" for p in problems]
    return []


def main(argv: list[str]) -> int:
    path = Path(argv[1]).resolve() if len(argv) > 1 else DOCUMENT
    problems = check(path)
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        document, _ = load_with_lines(path)
        operations_found = sum(1 for _ in operations(document))
        schemas = len((document.get("components") or {}).get("schemas") or {})
        print(
            f"{shown(path)}: valid OpenAPI 3.1, house rules hold "
            f"({operations_found} operations, {schemas} schemas)"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
