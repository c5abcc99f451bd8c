"""JSON Schema 2020-12, keyword by keyword.

Every keyword of a schema is looked up in KEYWORDS: its rule compares the two values, for a
schema read on `sides` (requests, answers or both). A keyword no rule knows, extensions
included, is reported as unclassified. Keywords that only document (DOCUMENTATION) are skipped.

A request schema breaks callers when it accepts less (`narrows`); an answer schema breaks the
models built from the old one when it may hold more (`widens`). A read-only property is not
sent, a write-only one not answered, at every depth: its subtree is read on fewer sides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from contract import deref

from breaking.model import (
    DOCUMENTATION,
    REQUEST,
    RESPONSE,
    Change,
    Sides,
    alters,
    always,
    at,
    narrows,
    never,
    show,
    unclassified,
    widens,
)


@dataclass(frozen=True)
class Pair:
    """The two documents, to follow `$ref`s in either."""

    old: Any
    new: Any


Rule = Callable[[Pair, Any, Any, str, Sides], Iterator[Change]]


def flag(pair: Pair, node: Any, document: Any, keyword: str) -> bool:
    """`keyword` (readOnly, writeOnly) set on a property, beside its `$ref` or where it ends."""
    if not isinstance(node, dict):
        return False
    if node.get(keyword) is True:
        return True
    try:
        return deref(document, node).get(keyword) is True
    except (KeyError, AttributeError):
        return False


def property_sides(pair: Pair, old: Any, new: Any, sides: Sides) -> Sides:
    """The sides a property is read on: read-only ones are not sent, write-only not answered."""
    found = set(sides)
    if flag(pair, old, pair.old, "readOnly") and flag(pair, new, pair.new, "readOnly"):
        found.discard(REQUEST)
    if flag(pair, old, pair.old, "writeOnly") and flag(pair, new, pair.new, "writeOnly"):
        found.discard(RESPONSE)
    return frozenset(found)


def flipped(sides: Sides) -> Sides:
    """Under `not`, accepting less means the whole accepts more."""
    return frozenset({REQUEST: RESPONSE, RESPONSE: REQUEST}[side] for side in sides)


def kebab(keyword: str) -> str:
    """A keyword in a rule id: patternProperties -> pattern-properties."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", keyword.lstrip("$")).lower()


def accepts_all(node: Any) -> bool:
    return node is None or node is True or node == {}


def compare_subschema(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides, name: str
) -> Iterator[Change]:
    """Two values of a keyword that holds one schema; None when it is absent (accepts all)."""
    if old == new:
        return
    if accepts_all(old) and accepts_all(new):
        reason = f"{name} written another way ({show(old)} now {show(new)}): it accepts the same"
        yield never(f"schema-{kebab(name)}-rewritten", sides, where, reason)
        return
    if accepts_all(old):
        what = "now false: nothing is accepted" if new is False else "added"
        yield narrows(f"schema-{kebab(name)}-added", sides, where, f"{name} {what}")
    elif accepts_all(new):
        yield widens(f"schema-{kebab(name)}-removed", sides, where, f"{name} removed")
    elif new is False:
        yield narrows(
            f"schema-{kebab(name)}-added", sides, where, f"{name} now false: nothing is accepted"
        )
    elif old is False:
        yield widens(f"schema-{kebab(name)}-removed", sides, where, f"{name} no longer false")
    elif isinstance(old, dict) and isinstance(new, dict):
        yield from compare_schema(pair, old, new, where, sides)
    else:
        yield unclassified(where, old, new)


def compare_schema(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    """Every change between two schema objects and the schemas under them."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        yield from compare_subschema(pair, old, new, where, sides, "schema")
        return
    if old.get("$ref") != new.get("$ref"):
        # The same component on both sides is compared once, under /components/schemas.
        before = old.get("$ref", "an inline schema")
        after = new.get("$ref", "an inline schema")
        reason = f"now {after} instead of {before}: the models' type changes"
        yield always("schema-ref-changed", sides, where, reason)
        return
    for keyword in sorted(old.keys() | new.keys()):
        if keyword in DOCUMENTATION or keyword == "$ref" or old.get(keyword) == new.get(keyword):
            continue
        rule = KEYWORDS.get(keyword)
        if rule is None:
            yield unclassified(at(where, keyword), old.get(keyword), new.get(keyword))
        else:
            yield from rule(pair, old, new, where, sides)


# Keyword rules. Each is called when its keyword's values differ.


def types(schema: Any) -> frozenset[str]:
    declared = schema.get("type")
    if declared is None:
        return frozenset({"any"})
    return frozenset(declared) if isinstance(declared, list) else frozenset({str(declared)})


def type_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = types(old), types(new)
    pointer = at(where, "type")
    if before == after:
        yield never("schema-type-reordered", sides, pointer, "type list reordered")
        return
    accepted = after | ({"integer"} if "number" in after else set())
    reason = f"type changed from {'/'.join(sorted(before))} to {'/'.join(sorted(after))}"
    if "any" in after or before <= accepted:
        yield widens("schema-type-widened", sides, pointer, reason)
    else:
        yield always("schema-type-changed", sides, pointer, reason)


def format_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = old.get("format"), new.get("format")
    reason = f"format changed from {before} to {after}: the models' type changes"
    yield always("schema-format-changed", sides, at(where, "format"), reason)


def enum_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = old.get("enum"), new.get("enum")
    pointer = at(where, "enum")
    if not (isinstance(before, list) and isinstance(after, list)):
        what = "enum added: other values are refused" if before is None else "enum removed"
        yield always(
            "schema-enum-added-or-removed", sides, pointer, f"{what}: the models' type changes"
        )
        return
    removed = [value for value in before if value not in after]
    added = [value for value in after if value not in before]
    for value in removed:
        reason = (
            f"enum value {value!r} removed: callers sending it are refused"
            if REQUEST in sides
            else f"enum value {value!r} removed from answers: the client's enums are open"
        )
        yield narrows("schema-enum-value-removed", sides, pointer, reason)
    for value in added:
        yield never("schema-enum-value-added", sides, pointer, f"enum value {value!r} added")
    if not removed and not added:
        yield never("schema-enum-reordered", sides, pointer, "enum values reordered")


def const_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = old.get("const"), new.get("const")
    pointer = at(where, "const")
    if "const" not in old:
        yield narrows("schema-const-added", sides, pointer, f"const {show(after)} added")
    elif "const" not in new:
        yield widens("schema-const-removed", sides, pointer, f"const {show(before)} removed")
    else:
        reason = f"const changed from {show(before)} to {show(after)}"
        yield alters("schema-const-changed", sides, pointer, reason)


def properties_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    before, after = old.get("properties") or {}, new.get("properties") or {}
    for name in sorted(before.keys() - after.keys()):
        pointer = at(where, "properties", name)
        yield always(
            "schema-property-removed", sides, pointer, "property removed: the models lose it"
        )
    for name in sorted(after.keys() - before.keys()):
        pointer = at(where, "properties", name)
        if name in (new.get("required") or []):
            own = property_sides(pair, after[name], after[name], sides)
            reason = (
                "required property added: callers must send it"
                if REQUEST in own
                else "required property added: answers carry it"
            )
            yield narrows("schema-required-property-added", own, pointer, reason)
        else:
            yield never("schema-optional-property-added", sides, pointer, "optional property added")
    for name in sorted(before.keys() & after.keys()):
        own = property_sides(pair, before[name], after[name], sides)
        yield from compare_subschema(
            pair, before[name], after[name], at(where, "properties", name), own, "property"
        )


def required_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
    before, after = old.get("required") or [], new.get("required") or []
    for name in sorted(set(after) - set(before)):
        if name in new_props and name not in old_props:
            continue  # a required property added: properties_changed says so
        own = property_sides(pair, old_props.get(name), new_props.get(name), sides)
        pointer = at(where, "properties", name) if name in new_props else at(where, "required")
        reason = (
            f"optional property {name} made required: callers must send it"
            if REQUEST in own
            else f"optional property {name} made required: answers always carry it"
        )
        yield narrows("schema-property-became-required", own, pointer, reason)
    for name in sorted(set(before) - set(after)):
        if name in old_props and name not in new_props:
            continue  # removed with its property: properties_changed says so
        own = property_sides(pair, old_props.get(name), new_props.get(name), sides)
        pointer = at(where, "properties", name) if name in new_props else at(where, "required")
        reason = (
            f"required property {name} made optional: answers may leave it out"
            if RESPONSE in own
            else f"required property {name} made optional: callers may leave it out"
        )
        yield widens("schema-property-became-optional", own, pointer, reason)
    if set(before) == set(after):
        yield never("schema-required-reordered", sides, at(where, "required"), "required reordered")


def read_only_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    pointer = at(where, "readOnly")
    if new.get("readOnly") is True:
        reason = "made read-only: the client stops sending it"
        yield narrows("schema-became-read-only", sides, pointer, reason)
    else:
        yield never(
            "schema-became-not-read-only",
            sides,
            pointer,
            "no longer read-only: the client sends it",
        )


def write_only_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    pointer = at(where, "writeOnly")
    if new.get("writeOnly") is True:
        yield widens(
            "schema-became-write-only", sides, pointer, "made write-only: answers leave it out"
        )
    else:
        yield never("schema-became-not-write-only", sides, pointer, "no longer write-only")


def server_owned_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    pointer = at(where, "x-server-owned")
    if new.get("x-server-owned") is True:
        reason = "made server-owned (x-server-owned): the server drops what clients send"
        yield narrows("schema-became-server-owned", sides, pointer, reason)
    elif old.get("x-server-owned") is True:
        reason = "no longer server-owned: the server keeps what clients send"
        yield never("schema-became-client-owned", sides, pointer, reason)
    else:
        yield unclassified(pointer, old.get("x-server-owned"), new.get("x-server-owned"))


def server_value_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    """`x-server-value`: what the server puts in a server-owned property (the stub reads it)."""
    before, after = old.get("x-server-value"), new.get("x-server-value")
    pointer = at(where, "x-server-value")
    if before is None or after is None:
        what = "added" if before is None else "removed"
        reason = f"x-server-value {what}: it names what the server puts there, the value stays"
        yield never("schema-server-value-stated", sides, pointer, reason)
    else:
        reason = f"x-server-value changed from {before} to {after}: answers hold another value"
        yield alters("schema-server-value-changed", sides, pointer, reason)


def additional_properties_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    before, after = old.get("additionalProperties"), new.get("additionalProperties")
    pointer = at(where, "additionalProperties")
    if after is False:
        reason = "additionalProperties closed: unknown properties are refused, no longer kept"
        yield always("schema-additional-properties-closed", sides, pointer, reason)
    elif accepts_all(before) and isinstance(after, dict):
        reason = (
            "additionalProperties now a schema: unknown properties must match it,"
            " the models type them"
        )
        yield always("schema-additional-properties-typed", sides, pointer, reason)
    else:
        yield from compare_subschema(pair, before, after, pointer, sides, "additionalProperties")


LOWER_BOUNDS = (
    "minimum",
    "exclusiveMinimum",
    "minLength",
    "minItems",
    "minProperties",
    "minContains",
)
UPPER_BOUNDS = (
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
    "maxContains",
)


def bound_rule(keyword: str) -> Rule:
    lower = keyword in LOWER_BOUNDS

    def bound_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
        before, after = old.get(keyword), new.get(keyword)
        pointer = at(where, keyword)
        numbers = all(
            isinstance(v, (int, float)) and not isinstance(v, bool)
            for v in (before, after)
            if v is not None
        )
        if not numbers:
            yield unclassified(pointer, before, after)
            return
        reason = f"{keyword} changed from {before} to {after}"
        stricter = after is not None and (before is None or (after > before) == lower)
        # Stricter refuses values callers send; looser lets answers through that the models
        # built from the old bound refuse.
        if stricter:
            yield narrows("schema-bound-stricter", sides, pointer, f"{reason} (stricter)")
        else:
            yield widens("schema-bound-looser", sides, pointer, f"{reason} (looser)")

    return bound_changed


def pattern_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = old.get("pattern"), new.get("pattern")
    pointer = at(where, "pattern")
    if before is None:
        yield narrows("schema-pattern-added", sides, pointer, f"pattern {after} added")
    elif after is None:
        yield widens("schema-pattern-removed", sides, pointer, f"pattern {before} removed")
    else:
        yield alters(
            "schema-pattern-changed", sides, pointer, f"pattern changed from {before} to {after}"
        )


def multiple_of_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    before, after = old.get("multipleOf"), new.get("multipleOf")
    pointer = at(where, "multipleOf")
    reason = f"multipleOf changed from {before} to {after}"
    if before is None:
        yield narrows("schema-multiple-of-stricter", sides, pointer, reason)
    elif after is None:
        yield widens("schema-multiple-of-looser", sides, pointer, reason)
    elif isinstance(before, (int, float)) and isinstance(after, (int, float)) and after:
        if before and (after / before).is_integer():
            yield narrows("schema-multiple-of-stricter", sides, pointer, reason)
        elif (before / after).is_integer():
            yield widens("schema-multiple-of-looser", sides, pointer, reason)
        else:
            yield alters("schema-multiple-of-changed", sides, pointer, reason)
    else:
        yield unclassified(pointer, before, after)


def unique_items_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    pointer = at(where, "uniqueItems")
    if new.get("uniqueItems") is True:
        yield narrows(
            "schema-unique-items-set", sides, pointer, "uniqueItems set: repeated items are refused"
        )
    else:
        yield widens(
            "schema-unique-items-unset", sides, pointer, "uniqueItems unset: items may repeat"
        )


def subschema_rule(keyword: str) -> Rule:
    """A keyword holding one schema that the instance (or its parts) must match."""

    def subschema_changed(
        pair: Pair, old: Any, new: Any, where: str, sides: Sides
    ) -> Iterator[Change]:
        yield from compare_subschema(
            pair, old.get(keyword), new.get(keyword), at(where, keyword), sides, keyword
        )

    return subschema_changed


def not_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = old.get("not"), new.get("not")
    pointer = at(where, "not")
    if before is None:
        yield narrows(
            "schema-not-added", sides, pointer, "not added: values matching it are refused"
        )
    elif after is None:
        yield widens(
            "schema-not-removed", sides, pointer, "not removed: values it refused are accepted"
        )
    else:
        yield from compare_subschema(pair, before, after, pointer, flipped(sides), "not")


def if_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    reason = "if changed: which of then and else applies changes"
    yield alters("schema-if-changed", sides, at(where, "if"), reason)


def match(
    before: list[Any], after: list[Any]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of (old index, new index): equal members first, then the rest in order; then the
    old members left over, and the new ones."""
    left, right = list(range(len(before))), list(range(len(after)))
    pairs: list[tuple[int, int]] = []
    for i in list(left):
        for j in right:
            if before[i] == after[j]:
                pairs.append((i, j))
                left.remove(i)
                right.remove(j)
                break
    while left and right:
        pairs.append((left.pop(0), right.pop(0)))
    return sorted(pairs), left, right


def members_rule(keyword: str) -> Rule:
    """allOf narrows as it gains members; anyOf and oneOf widen."""
    more: Callable[[str, Sides, str, str], Change] = narrows if keyword == "allOf" else widens
    fewer: Callable[[str, Sides, str, str], Change] = widens if keyword == "allOf" else narrows

    def members_changed(
        pair: Pair, old: Any, new: Any, where: str, sides: Sides
    ) -> Iterator[Change]:
        before, after = old.get(keyword) or [], new.get(keyword) or []
        pointer = at(where, keyword)
        if not (isinstance(before, list) and isinstance(after, list)):
            yield unclassified(pointer, before, after)
            return
        pairs, removed, added = match(before, after)
        for i in removed:
            reason = f"{keyword} member {i} removed"
            if keyword != "allOf":
                reason += ": the models lose an alternative"
            yield fewer(f"schema-{kebab(keyword)}-member-removed", sides, pointer, reason)
        for j in added:
            reason = f"{keyword} member {j} added"
            yield more(f"schema-{kebab(keyword)}-member-added", sides, pointer, reason)
        for i, j in pairs:
            yield from compare_subschema(pair, before[i], after[j], at(pointer, j), sides, keyword)
        if not removed and not added and any(i != j for i, j in pairs):
            reason = f"{keyword} members reordered"
            yield never(f"schema-{kebab(keyword)}-reordered", sides, pointer, reason)

    return members_changed


def prefix_items_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    before, after = old.get("prefixItems") or [], new.get("prefixItems") or []
    pointer = at(where, "prefixItems")
    for index in range(len(after), len(before)):
        yield widens(
            "schema-prefix-items-removed", sides, at(pointer, index), f"prefixItems {index} removed"
        )
    for index in range(len(before), len(after)):
        yield narrows(
            "schema-prefix-items-added", sides, at(pointer, index), f"prefixItems {index} added"
        )
    for index, (one, other) in enumerate(zip(before, after, strict=False)):
        yield from compare_subschema(pair, one, other, at(pointer, index), sides, "prefixItems")


def schema_map_rule(keyword: str) -> Rule:
    """patternProperties and dependentSchemas: each entry a schema that applies when it matches."""

    def schema_map_changed(
        pair: Pair, old: Any, new: Any, where: str, sides: Sides
    ) -> Iterator[Change]:
        before, after = old.get(keyword) or {}, new.get(keyword) or {}
        for key in sorted(before.keys() - after.keys()):
            pointer = at(where, keyword, key)
            yield widens(
                f"schema-{kebab(keyword)}-removed", sides, pointer, f"{keyword} {key} removed"
            )
        for key in sorted(after.keys() - before.keys()):
            pointer = at(where, keyword, key)
            yield narrows(
                f"schema-{kebab(keyword)}-added", sides, pointer, f"{keyword} {key} added"
            )
        for key in sorted(before.keys() & after.keys()):
            pointer = at(where, keyword, key)
            yield from compare_subschema(pair, before[key], after[key], pointer, sides, keyword)

    return schema_map_changed


def defs_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = old.get("$defs") or {}, new.get("$defs") or {}
    for key in sorted(before.keys() ^ after.keys()):
        what = "added" if key in after else "removed"
        yield never("schema-defs-changed", sides, at(where, "$defs", key), f"definition {what}")
    for key in sorted(before.keys() & after.keys()):
        pointer = at(where, "$defs", key)
        yield from compare_subschema(pair, before[key], after[key], pointer, sides, "$defs")


def dependent_required_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    before, after = old.get("dependentRequired") or {}, new.get("dependentRequired") or {}
    for key in sorted(before.keys() | after.keys()):
        pointer = at(where, "dependentRequired", key)
        one, other = set(before.get(key) or []), set(after.get(key) or [])
        if other - one:
            reason = f"with {key}, {', '.join(sorted(other - one))} now required too"
            yield narrows("schema-dependent-required-added", sides, pointer, reason)
        if one - other:
            reason = f"with {key}, {', '.join(sorted(one - other))} no longer required"
            yield widens("schema-dependent-required-removed", sides, pointer, reason)
        if one == other and before.get(key) != after.get(key):
            yield never("schema-dependent-required-reordered", sides, pointer, "reordered")


def default_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = old.get("default"), new.get("default")
    pointer = at(where, "default")
    if REQUEST in sides:
        reason = (
            f"default changed from {show(before)} to {show(after)}: callers who leave it out"
            " now get another value, the generated signature changes"
        )
        yield always("schema-default-changed", sides, pointer, reason)
    else:
        reason = f"default changed from {show(before)} to {show(after)}"
        yield never("schema-default-changed", sides, pointer, reason)


def deprecated_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    what = "deprecated" if new.get("deprecated") is True else "no longer deprecated"
    yield never("schema-deprecated-changed", sides, at(where, "deprecated"), what)


def title_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    reason = "title changed: the models' documentation changes"
    yield never("schema-title-changed", sides, at(where, "title"), reason)


def content_keyword_rule(keyword: str) -> Rule:
    def content_keyword_changed(
        pair: Pair, old: Any, new: Any, where: str, sides: Sides
    ) -> Iterator[Change]:
        before, after = old.get(keyword), new.get(keyword)
        reason = (
            f"{keyword} changed from {before} to {after}: the string's content is read differently"
        )
        yield alters(f"schema-{kebab(keyword)}-changed", sides, at(where, keyword), reason)

    return content_keyword_changed


def discriminator_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    reason = "discriminator changed: the models pick the alternative another way"
    yield alters("schema-discriminator-changed", sides, at(where, "discriminator"), reason)


KEYWORDS: dict[str, Rule] = {
    "type": type_changed,
    "format": format_changed,
    "enum": enum_changed,
    "const": const_changed,
    "properties": properties_changed,
    "required": required_changed,
    "readOnly": read_only_changed,
    "writeOnly": write_only_changed,
    "x-server-owned": server_owned_changed,
    "x-server-value": server_value_changed,
    "additionalProperties": additional_properties_changed,
    **{keyword: bound_rule(keyword) for keyword in LOWER_BOUNDS + UPPER_BOUNDS},
    "pattern": pattern_changed,
    "multipleOf": multiple_of_changed,
    "uniqueItems": unique_items_changed,
    **{
        keyword: subschema_rule(keyword)
        for keyword in (
            "items",
            "contains",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "then",
            "else",
            "contentSchema",
        )
    },
    "not": not_changed,
    "if": if_changed,
    "allOf": members_rule("allOf"),
    "anyOf": members_rule("anyOf"),
    "oneOf": members_rule("oneOf"),
    "prefixItems": prefix_items_changed,
    "patternProperties": schema_map_rule("patternProperties"),
    "dependentSchemas": schema_map_rule("dependentSchemas"),
    "$defs": defs_changed,
    "dependentRequired": dependent_required_changed,
    "default": default_changed,
    "deprecated": deprecated_changed,
    "title": title_changed,
    "contentMediaType": content_keyword_rule("contentMediaType"),
    "contentEncoding": content_keyword_rule("contentEncoding"),
    "discriminator": discriminator_changed,
}
