"""The contract, read in one place: loading openapi/, resolving `$ref`s, listing operations,
schemas and read-only properties, and building JSON Schema validators.

scripts/check_contract.py and scripts/generate.py, the stub (tests/stub/) and the tests all read
the contract through this module.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi" / "assessment-package.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def escape(token: str) -> str:
    """One JSON pointer (RFC 6901) reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(parts: Any) -> str:
    """The JSON pointer of a path of keys and indexes."""
    return "".join(f"/{escape(str(part))}" for part in parts)


def named(text: str, path: Path) -> io.StringIO:
    """`text` as a stream named after its file: a YAML error then names the file and line,
    not "<unicode string>"."""
    stream = io.StringIO(text)
    stream.name = str(path)
    return stream


def load(path: Path = DOCUMENT) -> Any:
    return yaml.safe_load(named(path.read_text(encoding="utf-8"), path))


def load_with_lines(path: Path) -> tuple[Any, dict[str, int]]:
    """Parse the YAML document and map every JSON pointer in it to its line number."""
    text = path.read_text(encoding="utf-8")
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, at: str) -> None:
        lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, f"{at}/{escape(str(key.value))}")
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{at}/{index}")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return yaml.safe_load(text), lines


def resolve(document: Any, ref: str) -> Any:
    """The node a local `$ref` points to; KeyError when it points to nothing."""
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


def deref(document: Any, node: Any) -> Any:
    """`node`, or what its chain of `$ref`s ends at."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        if node["$ref"] in seen:
            raise KeyError(f"{node['$ref']} refers to itself")
        seen.add(node["$ref"])
        node = resolve(document, node["$ref"])
    return node


@dataclass(frozen=True)
class Operation:
    """One operation of the contract, with its parameters and schemas resolved."""

    operation_id: str
    method: str  # upper case
    path: str
    spec: dict[str, Any]
    parameters: tuple[dict[str, Any], ...]
    body_schema: dict[str, Any] | None  # the JSON request body's schema, as written
    body_media_type: str | None

    @property
    def path_parameters(self) -> tuple[dict[str, Any], ...]:
        return tuple(p for p in self.parameters if p["in"] == "path")

    @property
    def query_parameters(self) -> tuple[dict[str, Any], ...]:
        return tuple(p for p in self.parameters if p["in"] == "query")

    def response(self, status: str) -> dict[str, Any]:
        return dict(self.spec["responses"][status])

    @property
    def success_status(self) -> str:
        return min(str(status) for status in self.spec["responses"] if str(status).startswith("2"))

    @property
    def success_schema(self) -> dict[str, Any] | None:
        """The schema of the success answer's JSON body; None when it has no body."""
        content = self.response(self.success_status).get("content")
        return dict(content["application/json"]["schema"]) if content else None


def operations(document: Any) -> Iterator[Operation]:
    """Every operation, in the document's order."""
    for path, item in (document.get("paths") or {}).items():
        shared = [deref(document, p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            spec = item.get(method)
            if not isinstance(spec, dict):
                continue
            own = [deref(document, p) for p in spec.get("parameters", [])]
            names = {(p["name"], p["in"]) for p in own}
            parameters = [p for p in shared if (p["name"], p["in"]) not in names] + own
            content = deref(document, spec.get("requestBody", {})).get("content", {})
            media_type = next(iter(content), None)
            yield Operation(
                operation_id=spec["operationId"],
                method=method.upper(),
                path=path,
                spec=spec,
                parameters=tuple(parameters),
                body_schema=content[media_type].get("schema") if media_type else None,
                body_media_type=media_type,
            )


def validator(document: Any, schema: dict[str, Any]) -> jsonschema_rs.Draft202012Validator:
    """A JSON Schema 2020-12 validator for `schema` (which may `$ref` into the document),
    formats checked.

    jsonschema-rs, compiled, because the stub validates every request with it: about 0.3 µs for
    a typical package where the pure-Python jsonschema takes about 90 µs.
    """
    root = {**document, **schema}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def read_only(document: Any, schema: dict[str, Any]) -> frozenset[str]:
    """The names of the read-only properties of an object schema."""
    properties = deref(document, schema).get("properties", {})
    return frozenset(
        name for name, prop in properties.items() if deref(document, prop).get("readOnly")
    )


def server_owned(document: Any, schema: dict[str, Any]) -> frozenset[str]:
    """The properties of an object schema that only the server sets: read-only ones, and those
    marked `x-server-owned: true` (which a client may send back, but which the server keeps)."""
    properties = deref(document, schema).get("properties", {})
    return frozenset(
        name
        for name, prop in properties.items()
        if deref(document, prop).get("readOnly") or prop.get("x-server-owned") is True
    )


class Contract:
    """The document at `path`, with its operations by operationId."""

    def __init__(self, path: Path = DOCUMENT, document: Any = None) -> None:
        self.path = path
        self.yaml_text = path.read_text(encoding="utf-8") if document is None else ""
        self.document: dict[str, Any] = (
            yaml.safe_load(named(self.yaml_text, path)) if document is None else document
        )
        self.json_text = json.dumps(self.document, indent=2)
        if document is not None:
            self.yaml_text = yaml.safe_dump(self.document, sort_keys=False)

    @cached_property
    def operations(self) -> dict[str, Operation]:
        return {operation.operation_id: operation for operation in operations(self.document)}

    def schema(self, name: str) -> dict[str, Any]:
        """A component schema by name."""
        found: dict[str, Any] = self.document["components"]["schemas"][name]
        return found

    def example(self, operation_id: str, status: str | None = None) -> Any:
        """The first example of an operation's request body, or of its `status` response."""
        operation = self.operations[operation_id]
        holder = operation.spec["requestBody"] if status is None else operation.response(status)
        holder = deref(self.document, holder)
        examples = next(iter(holder["content"].values()))["examples"]
        return next(iter(examples.values()))["value"]

    def validator(self, schema: dict[str, Any]) -> jsonschema_rs.Draft202012Validator:
        return validator(self.document, schema)

    def read_only(self, schema: dict[str, Any]) -> frozenset[str]:
        return read_only(self.document, schema)

    def server_owned(self, schema: dict[str, Any]) -> frozenset[str]:
        return server_owned(self.document, schema)


# Any version of the contract, as text: the working copy, one from git history or a published
# file (scripts/check_breaking.py compares two of them).


class UnreadableDocument(ValueError):
    """The text is not YAML, or not a mapping; the message is one line saying where."""


def read_document(text: str, source: str) -> dict[str, Any]:
    """The document in `text`, read from `source` (named in the error)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or type(error).__name__
        raise UnreadableDocument(f"{source} is not readable YAML: {problem}{where}") from None
    if not isinstance(document, dict):
        raise UnreadableDocument(f"{source} is not an OpenAPI document (not a mapping)")
    return document
