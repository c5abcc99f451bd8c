"""Components: schemas compared once, on the sides the operations read them (read-only and
write-only properties at every depth); the other components compared here too, for the ones
no operation uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any

from contract import HTTP_METHODS, resolve, unescape

from breaking.model import BOTH, NONE, Change, Sides, always, at, never
from breaking.objects import (
    REQUEST_ONLY,
    RESPONSE_ONLY,
    leftovers,
    locate,
    mapping,
    opaque,
    reference_changed,
)
from breaking.payloads import (
    body_changed,
    header_changed,
    link_changed,
    parameter_changed,
    response_changed,
)
from breaking.schemas import Pair, compare_schema, property_sides


def schema_uses(document: Any) -> dict[str, frozenset[str]]:
    """The sides (request, response) on which each component schema is read; a read-only
    property is not sent and a write-only one not answered, at every depth."""
    uses: dict[str, set[str]] = {}

    def visit(node: Any, sides: Sides) -> None:
        if not sides:
            return
        if isinstance(node, list):
            for item in node:
                visit(item, sides)
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = unescape(ref.rsplit("/", 1)[1])
            new = set(sides) - uses.setdefault(name, set())
            if new:
                uses[name] |= new
                with suppress(KeyError):  # a dangling $ref: compared as written
                    visit(resolve(document, ref), frozenset(new))
        for key, value in node.items():
            if key in (
                "properties",
                "patternProperties",
                "dependentSchemas",
                "$defs",
            ) and isinstance(value, dict):
                for prop in value.values():
                    visit(prop, property_sides(Pair(document, document), prop, prop, sides))
            elif key not in ("examples", "example", "default", "const", "enum"):
                visit(value, sides)

    def body(node: Any, sides: Sides) -> None:
        try:
            node = locate(document, node, "")[1]
        except KeyError:
            return
        if isinstance(node, dict):
            visit(node.get("content"), sides)
            visit(node.get("schema"), sides)
            visit(node.get("headers"), sides)

    for item in mapping(document.get("paths")).values():
        item = locate(document, item, "")[1] if isinstance(item, dict) else {}
        for parameter in item.get("parameters") or []:
            body(parameter, REQUEST_ONLY)
        for method in HTTP_METHODS:
            spec = item.get(method)
            if not isinstance(spec, dict):
                continue
            for parameter in spec.get("parameters") or []:
                body(parameter, REQUEST_ONLY)
            body(spec.get("requestBody") or {}, REQUEST_ONLY)
            for response in mapping(spec.get("responses")).values():
                body(response, RESPONSE_ONLY)
    return {name: frozenset(sides) for name, sides in uses.items()}


COMPONENTS = {
    "schemas",
    "parameters",
    "headers",
    "requestBodies",
    "responses",
    "securitySchemes",
    "links",
    "examples",
    "callbacks",
    "pathItems",
}


def components_changed(pair: Pair) -> Iterator[Change]:
    old_all, new_all = mapping(pair.old.get("components")), mapping(pair.new.get("components"))
    before, after = mapping(old_all.get("schemas")), mapping(new_all.get("schemas"))
    old_uses, new_uses = schema_uses(pair.old), schema_uses(pair.new)
    for name in sorted(before.keys() - after.keys()):
        yield always(
            "component-schema-removed",
            BOTH,
            at("/components/schemas", name),
            "schema removed: its model goes",
        )
    for name in sorted(after.keys() - before.keys()):
        yield never("component-schema-added", BOTH, at("/components/schemas", name), "schema added")
    for name in sorted(before.keys() & after.keys()):
        if before[name] == after[name]:
            continue
        # A schema no operation reads is still a generated model that users build and parse.
        sides = old_uses.get(name, NONE) | new_uses.get(name, NONE)
        if name not in old_uses and name not in new_uses:
            sides = BOTH
        yield from compare_schema(
            pair, before[name], after[name], at("/components/schemas", name), sides
        )
    # The others are compared where operations use them, and here too, for the unused ones:
    # one change found twice is listed once.
    compare: dict[str, Callable[[Any, Any, str], Iterator[Change]]] = {
        "parameters": lambda one, other, pointer: parameter_changed(pair, one, other, pointer),
        "headers": lambda one, other, pointer: header_changed(
            pair, one, other, pointer, RESPONSE_ONLY
        ),
        "requestBodies": lambda one, other, pointer: body_changed(pair, one, other, pointer),
        "responses": lambda one, other, pointer: response_changed(pair, one, other, pointer),
        "links": link_changed,
    }
    for kind, rule in compare.items():
        before, after = mapping(old_all.get(kind)), mapping(new_all.get(kind))
        for name in sorted(before.keys() ^ after.keys()):
            what = "added" if name in after else "removed"
            yield never(
                "component-changed", NONE, at("/components", kind, name), f"{kind} component {what}"
            )
        for name in sorted(before.keys() & after.keys()):
            one, other = before[name], after[name]
            pointer = at("/components", kind, name)
            if not (isinstance(one, dict) and isinstance(other, dict)):
                yield from leftovers(one, other, pointer, set())
            elif "$ref" in one or "$ref" in other:
                yield from reference_changed(one, other, pointer, NONE)
            elif one != other:
                yield from rule(one, other, pointer)
    for kind in ("callbacks", "pathItems"):
        yield from opaque(old_all.get(kind), new_all.get(kind), at("/components", kind))
    yield from leftovers(old_all, new_all, "/components", COMPONENTS)
