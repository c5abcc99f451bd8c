"""The README's field map: every property of every object schema in the contract, and the
field or attribute that holds it in each generated package.

Usage: python scripts/field_map.py GENERATED_DIR [CONTRACT]   (prints the Markdown table)

It imports the packages it describes, so scripts/generate.py runs it in a child process
pointed at the freshly generated folder.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import contract

START = "<!-- field-map: written by `make generate`, do not edit by hand -->"
END = "<!-- /field-map -->"
HEADER = (
    "| field | schema in openapi/ | pydantic model field | client model attribute |\n"
    "| --- | --- | --- | --- |"
)


def describe(document: Any, schema: dict[str, Any], required: bool) -> str:
    """The property's JSON type in a few words: `string, date-time`, `array of X`, ..."""
    words = []
    if "$ref" in schema:
        target = contract.deref(document, schema)
        kind = "string enum" if "enum" in target else "any of" if "anyOf" in target else "object"
        words.append(f"`{schema['$ref'].rsplit('/', 1)[1]}` ({kind})")
    elif schema.get("type") == "array":
        items = schema.get("items", {})
        item = f"`{items['$ref'].rsplit('/', 1)[1]}`" if "$ref" in items else items.get("type")
        words.append(f"array of {item}")
    else:
        words.append(str(schema.get("type", "any")))
    words += [schema["format"]] if "format" in schema else []
    words += ["readOnly"] if schema.get("readOnly") else []
    words += ["required"] if required else []
    return ", ".join(words)


def rows(document: Any) -> list[str]:
    models = importlib.import_module("unified_assessment_models")
    client_models = importlib.import_module("unified_assessment_client.models")
    lines = []
    for name, schema in document["components"]["schemas"].items():
        required = set(schema.get("required", []))
        for prop, prop_schema in schema.get("properties", {}).items():
            model = getattr(models, name)
            field = next(f for f, info in model.model_fields.items() if (info.alias or f) == prop)
            attribute = getattr(client_models, name)._ATTRIBUTES[prop]
            kind = describe(document, prop_schema, prop in required)
            lines.append(
                f"| `{prop}` | `{name}.{prop}`: {kind} | `{name}.{field}` | `{name}.{attribute}` |"
            )
    return lines


def table(document: Any) -> str:
    return "\n".join([START, HEADER, *rows(document), END])


def replace_table(readme: str, new_table: str) -> str:
    """`readme` with its field map replaced; ValueError when it has no marked field map."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no field map between {START!r} and {END!r}")
    return readme[:start] + new_table + readme[end + len(END) :]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(argv[1]).resolve()))
    # The contract the packages were generated from: openapi/, or check-breaking's base.
    print(table(contract.load(Path(argv[2]) if len(argv) > 2 else contract.DOCUMENT)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
