"""What every OpenAPI object's rule shares: the unclassified branch (`leftovers` for an
object's fields no rule compares, `opaque` for objects no rule reads), `$ref`s followed and
compared, and the sides a request or an answer is read on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contract import resolve

from breaking.model import DOCUMENTATION, REQUEST, RESPONSE, Change, Sides, at, never, unclassified

REQUEST_ONLY, RESPONSE_ONLY = frozenset({REQUEST}), frozenset({RESPONSE})


def leftovers(old: Any, new: Any, where: str, handled: set[str]) -> Iterator[Change]:
    """Unclassified: a change to a field of an object that no rule of that object compares."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        if old != new:
            yield unclassified(where, old, new)
        return
    for key in sorted(old.keys() | new.keys(), key=str):
        if key in handled or key in DOCUMENTATION or old.get(key) == new.get(key):
            continue
        yield unclassified(at(where, key), old.get(key), new.get(key))


def or_rewritten(
    found: Iterator[Change], old: Any, new: Any, rule: str, sides: Sides, where: str, what: str
) -> Iterator[Change]:
    """The changes `found`; if none but the two lists differ (reordered, an entry repeated),
    one compatible change, so that no edit passes as no change."""
    empty = True
    for item in found:
        empty = False
        yield item
    if empty and old != new:
        yield never(rule, sides, where, f"{what} rewritten: the same entries in another form")


def opaque(old: Any, new: Any, where: str) -> Iterator[Change]:
    """Objects no rule reads (callbacks, webhooks, path items in components): every difference
    but documentation, at the deepest pointer where it is, unclassified."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            if key not in DOCUMENTATION and old.get(key) != new.get(key):
                yield from opaque(old.get(key), new.get(key), at(where, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (one, other) in enumerate(zip(old, new, strict=True)):
            yield from opaque(one, other, at(where, index))
    elif old != new:
        yield unclassified(where, old, new)


def locate(document: Any, node: Any, pointer: str) -> tuple[str, Any]:
    """Where a chain of `$ref`s ends, and the node there."""
    for _ in range(50):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return pointer, node
        pointer, node = node["$ref"][1:], resolve(document, node["$ref"])
    raise KeyError(f"{pointer}: a $ref chain that loops")


def reference_changed(old: Any, new: Any, pointer: str, sides: Sides) -> Iterator[Change]:
    """A Reference object: where it points, and what is written beside its `$ref`. What it
    points to is compared there."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return
    if "$ref" not in old and "$ref" not in new:
        return
    if old.get("$ref") != new.get("$ref"):
        before, after = old.get("$ref", "an inline object"), new.get("$ref", "an inline object")
        reason = f"now {after} instead of {before}: compared where it points"
        yield never("reference-changed", sides, pointer, reason)
    if "$ref" in old and "$ref" in new:
        yield from leftovers(old, new, pointer, {"$ref"})


def mapping(node: Any) -> dict[str, Any]:
    return {str(key): value for key, value in node.items()} if isinstance(node, dict) else {}


def strip(node: Any) -> Any:
    """An object without its documentation fields."""
    if isinstance(node, dict):
        return {key: value for key, value in node.items() if key not in DOCUMENTATION}
    return node
