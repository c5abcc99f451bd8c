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


def reference_uses(document: Any) -> dict[str, frozenset[str]]:
    """The sides (request, response) on which each `$ref` target is read, by its pointer:
    whatever it points to (a schema, part of one such as `Error/properties/code`, a header, a
    parameter, a request body, a response), followed from every operation; a read-only
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
        if isinstance(ref, str) and ref.startswith("#/"):
            target = ref[1:]
            new = set(sides) - uses.setdefault(target, set())
            if new:
                uses[target] |= new
                with suppress(KeyError, TypeError):  # a dangling $ref: compared as written
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
            elif key not in ("examples", "example", "default", "const", "enum", "$ref"):
                visit(value, sides)

    for item in mapping(document.get("paths")).values():
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            with suppress(KeyError, TypeError):
                item = resolve(document, item["$ref"])
        if isinstance(item, dict):
            visit(item.get("parameters"), REQUEST_ONLY)
        for method in HTTP_METHODS:
            spec = item.get(method) if isinstance(item, dict) else None
            if not isinstance(spec, dict):
                continue
            visit(spec.get("parameters"), REQUEST_ONLY)
            visit(spec.get("requestBody"), REQUEST_ONLY)
            visit(list(mapping(spec.get("responses")).values()), RESPONSE_ONLY)
    # A webhook is an operation turned round (breaking/webhooks.py).
    for item in mapping(document.get("webhooks")).values():
        for method in HTTP_METHODS:
            spec = item.get(method) if isinstance(item, dict) else None
            if isinstance(spec, dict):
                visit(spec.get("requestBody"), RESPONSE_ONLY)
                visit(list(mapping(spec.get("responses")).values()), REQUEST_ONLY)
    return {target: frozenset(sides) for target, sides in uses.items()}


def component_sides(uses: dict[str, frozenset[str]], kind: str, name: str) -> Sides | None:
    """The sides on which any part of one component is read, or None when nothing reads it."""
    at_component = at("/components", kind, name)
    found = [
        sides
        for target, sides in uses.items()
        if target == at_component or target.startswith(at_component + "/")
    ]
    return frozenset().union(*found) if found else None


def schema_uses(document: Any) -> dict[str, frozenset[str]]:
    """The sides on which each component schema, or any part of it, is read."""
    uses = reference_uses(document)
    names = mapping(mapping(document.get("components")).get("schemas"))
    found = {name: component_sides(uses, "schemas", name) for name in names}
    return {name: sides for name, sides in found.items() if sides is not None}


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


def name_of(pointer: str) -> str:
    return unescape(pointer.rsplit("/", 1)[1])


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
    # Each on the sides it is read on (a header component is usually an answer's, but a
    # parameter's schema may point into one), else the side its kind is read on.
    old_refs, new_refs = reference_uses(pair.old), reference_uses(pair.new)

    def sides_of(kind: str, name: str, natural: Sides) -> Sides:
        found = [component_sides(uses, kind, name) for uses in (old_refs, new_refs)]
        read = [sides for sides in found if sides is not None]
        return frozenset().union(*read) if read else natural

    compare: dict[str, Callable[[Any, Any, str], Iterator[Change]]] = {
        "parameters": lambda one, other, pointer: parameter_changed(pair, one, other, pointer),
        "headers": lambda one, other, pointer: header_changed(
            pair, one, other, pointer, sides_of("headers", name_of(pointer), RESPONSE_ONLY)
        ),
        "requestBodies": lambda one, other, pointer: body_changed(
            pair, one, other, pointer, sides_of("requestBodies", name_of(pointer), REQUEST_ONLY)
        ),
        "responses": lambda one, other, pointer: response_changed(
            pair, one, other, pointer, sides_of("responses", name_of(pointer), RESPONSE_ONLY)
        ),
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
