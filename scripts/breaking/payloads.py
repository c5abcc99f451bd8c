"""What a request or an answer carries: parameters and headers (how their values are written:
`style`, `explode`, `allowReserved`, `schema` or `content`), bodies and their media types with
`encoding`, responses and their links.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from breaking.model import BOTH, REQUEST, Change, Sides, alters, always, at, narrows, never, widens
from breaking.objects import (
    REQUEST_ONLY,
    RESPONSE_ONLY,
    leftovers,
    locate,
    mapping,
    reference_changed,
)
from breaking.schemas import Pair, compare_subschema

PARAMETER_FIELDS = {
    "name",
    "in",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "content",
}


DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def parameter_changed(pair: Pair, old: Any, new: Any, pointer: str) -> Iterator[Change]:
    if old == new:
        return
    if old.get("in") != new.get("in"):
        reason = f"moved from {old.get('in')} to {new.get('in')}"
        yield always("parameter-location-changed", REQUEST_ONLY, at(pointer, "in"), reason)
    if old.get("name") != new.get("name") and old.get("in") != "path":
        reason = f"renamed from {old.get('name')} to {new.get('name')}"
        yield always("parameter-renamed", REQUEST_ONLY, at(pointer, "name"), reason)
    if new.get("required") and not old.get("required"):
        yield always(
            "parameter-became-required",
            REQUEST_ONLY,
            at(pointer, "required"),
            "optional parameter made required",
        )
    elif old.get("required") and not new.get("required"):
        yield never(
            "parameter-became-optional",
            REQUEST_ONLY,
            at(pointer, "required"),
            "required parameter made optional",
        )
    elif old.get("required") != new.get("required"):
        reason = "required written another way: the same"
        yield never("parameter-required-rewritten", REQUEST_ONLY, at(pointer, "required"), reason)
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        what = "deprecated" if new.get("deprecated") else "no longer deprecated"
        yield never(
            "parameter-deprecated-changed",
            REQUEST_ONLY,
            at(pointer, "deprecated"),
            f"parameter {what}",
        )
    if bool(old.get("allowEmptyValue")) != bool(new.get("allowEmptyValue")):
        pointer_ = at(pointer, "allowEmptyValue")
        if new.get("allowEmptyValue"):
            yield never(
                "parameter-allow-empty-value-set",
                REQUEST_ONLY,
                pointer_,
                "empty values now allowed",
            )
        else:
            yield always(
                "parameter-allow-empty-value-unset",
                REQUEST_ONLY,
                pointer_,
                "empty values now refused",
            )
    yield from serialisation_changed(old, new, pointer, REQUEST_ONLY)
    yield from described_changed(pair, old, new, pointer, REQUEST_ONLY)
    yield from page_maximum_changed(old.get("x-page-maximum"), new.get("x-page-maximum"), pointer)
    yield from leftovers(old, new, pointer, PARAMETER_FIELDS | {"x-page-maximum"})


def page_maximum_changed(old: Any, new: Any, pointer: str) -> Iterator[Change]:
    """`x-page-maximum`: the stub's default page size and its cap (contract.py reads it)."""
    if old == new:
        return
    where = at(pointer, "x-page-maximum")
    if old is None or new is None:
        # Stating, or no longer stating, the page size the parameter's description gives.
        what = "added" if old is None else "removed"
        reason = f"x-page-maximum {what}: it states the page size, the answers stay"
        yield never("parameter-page-maximum-stated", BOTH, where, reason)
    else:
        reason = (
            f"x-page-maximum changed from {old} to {new}: the default page size and the cap change"
        )
        yield always("parameter-page-maximum-changed", BOTH, where, reason)


def serialisation_changed(old: Any, new: Any, pointer: str, sides: Sides) -> Iterator[Change]:
    """style, explode and allowReserved: how the value is written into the URL or header."""
    place = str(new.get("in", "header"))
    style = old.get("style", DEFAULT_STYLE.get(str(old.get("in", "header")), "simple"))
    new_style = new.get("style", DEFAULT_STYLE.get(place, "simple"))
    if style != new_style:
        reason = (
            f"style changed from {style} to {new_style}: the client writes the value another way"
        )
        yield always("parameter-style-changed", sides, at(pointer, "style"), reason)
    else:
        # The default explode is true for form, false for every other style.
        explode = old.get("explode", style == "form")
        new_explode = new.get("explode", new_style == "form")
        if explode != new_explode:
            reason = (
                f"explode changed from {explode} to {new_explode}:"
                " the client writes the value another way"
            )
            yield always("parameter-explode-changed", sides, at(pointer, "explode"), reason)
    if bool(old.get("allowReserved")) != bool(new.get("allowReserved")):
        reason = (
            f"allowReserved now {bool(new.get('allowReserved'))}:"
            " the client encodes the value another way"
        )
        yield always(
            "parameter-allow-reserved-changed", sides, at(pointer, "allowReserved"), reason
        )


def described_changed(
    pair: Pair, old: Any, new: Any, pointer: str, sides: Sides
) -> Iterator[Change]:
    """A parameter's or header's value: by `schema`, or by `content` (one media type)."""
    if ("schema" in old) != ("schema" in new) and ("content" in old) != ("content" in new):
        how, new_how = ("schema", "content") if "schema" in old else ("content", "schema")
        reason = (
            f"now described by {new_how} instead of {how}: the client writes the value another way"
        )
        yield always("parameter-schema-content-switched", sides, at(pointer, new_how), reason)
        return
    if old.get("schema") != new.get("schema"):
        yield from compare_subschema(
            pair, old.get("schema"), new.get("schema"), at(pointer, "schema"), sides, "schema"
        )
    if old.get("content") != new.get("content"):
        yield from content_changed(pair, old, new, pointer, sides)


def header_changed(pair: Pair, old: Any, new: Any, pointer: str, sides: Sides) -> Iterator[Change]:
    if old == new:
        return
    if old.get("required") and not new.get("required"):
        yield widens(
            "header-became-optional",
            sides,
            at(pointer, "required"),
            "header made optional: answers may leave it out",
        )
    elif new.get("required") and not old.get("required"):
        yield narrows(
            "header-became-required", sides, at(pointer, "required"), "header made required"
        )
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        yield never(
            "header-deprecated-changed",
            sides,
            at(pointer, "deprecated"),
            "header deprecation changed",
        )
    yield from serialisation_changed(
        {"in": "header", **old}, {"in": "header", **new}, pointer, sides
    )
    yield from described_changed(pair, old, new, pointer, sides)
    yield from leftovers(
        old, new, pointer, {"required", "deprecated", "style", "explode", "schema", "content"}
    )


def headers_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = mapping(old), mapping(new)
    # Header names are case-insensitive (RFC 9110, 5.1).
    names = {name.lower(): name for name in after}
    for name in sorted(before):
        pointer = at(where, name)
        one = locate(pair.old, before[name], pointer)[1]
        if name.lower() not in names:
            if isinstance(one, dict) and one.get("required"):
                reason = f"required header {name} removed: readers relying on it get none"
                yield widens("header-required-removed", sides, pointer, reason)
            else:
                reason = f"optional header {name} removed: answers could leave it out already"
                yield never("header-optional-removed", sides, pointer, reason)
            continue
        new_name = names[name.lower()]
        new_pointer, other = locate(pair.new, after[new_name], at(where, new_name))
        yield from reference_changed(before[name], after[new_name], at(where, new_name), sides)
        if new_name != name:
            reason = f"header {name} spelled {new_name}: the same header"
            yield never("header-respelled", sides, new_pointer, reason)
        if isinstance(one, dict) and isinstance(other, dict):
            yield from header_changed(pair, one, other, new_pointer, sides)
        else:
            yield from leftovers(one, other, new_pointer, set())
    known = {name.lower() for name in before}
    for name in sorted(after):
        if name.lower() in known:
            continue
        pointer, node = locate(pair.new, after[name], at(where, name))
        if isinstance(node, dict) and node.get("required") and REQUEST in sides:
            yield always("header-required-added", sides, pointer, f"required header {name} added")
        else:
            yield never("header-added", sides, pointer, f"header {name} added")


def body_changed(
    pair: Pair, old: Any, new: Any, pointer: str, sides: Sides = REQUEST_ONLY
) -> Iterator[Change]:
    """A request body; `sides` is RESPONSE_ONLY for a webhook's, which the API's user reads."""
    if old == new:
        return
    if new.get("required") and not old.get("required"):
        yield narrows(
            "request-body-became-required", sides, at(pointer, "required"), "body made required"
        )
    elif old.get("required") and not new.get("required"):
        yield widens(
            "request-body-became-optional", sides, at(pointer, "required"), "body made optional"
        )
    yield from content_changed(pair, old, new, pointer, sides)
    yield from leftovers(old, new, pointer, {"required", "content"})


def content_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = mapping(old.get("content")), mapping(new.get("content"))
    for media_type in sorted(before.keys() - after.keys()):
        pointer = at(where, "content", media_type)
        yield always("media-type-removed", sides, pointer, f"{media_type} body removed")
    for media_type in sorted(after.keys() - before.keys()):
        pointer = at(where, "content", media_type)
        yield never("media-type-added", sides, pointer, f"{media_type} body added")
    for media_type in sorted(before.keys() & after.keys()):
        one, other = before[media_type], after[media_type]
        yield from media_type_changed(pair, one, other, at(where, "content", media_type), sides)


def media_type_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    if old == new:
        return
    if not (isinstance(old, dict) and isinstance(new, dict)):
        yield from leftovers(old, new, where, set())
        return
    pointer = at(where, "schema")
    if "schema" not in old and "schema" in new:
        reason = "schema added where the media type had none: the client's body type changes"
        yield always("media-type-schema-added", sides, pointer, reason)
    elif "schema" in old and "schema" not in new:
        reason = "schema removed: the client's body type is lost"
        yield always("media-type-schema-removed", sides, pointer, reason)
    else:
        yield from compare_subschema(
            pair, old.get("schema"), new.get("schema"), pointer, sides, "schema"
        )
    before, after = mapping(old.get("encoding")), mapping(new.get("encoding"))
    for name in sorted(before.keys() | after.keys()):
        one, other = before.get(name) or {}, after.get(name) or {}
        pointer = at(where, "encoding", name)
        if one == other:
            continue
        if one.get("contentType") != other.get("contentType"):
            reason = (
                f"encoding of {name} changed from {one.get('contentType')}"
                f" to {other.get('contentType')}"
            )
            yield alters("encoding-content-type-changed", sides, at(pointer, "contentType"), reason)
        yield from serialisation_changed(
            {"in": "query", **one}, {"in": "query", **other}, pointer, sides
        )
        yield from headers_changed(
            pair, one.get("headers"), other.get("headers"), at(pointer, "headers"), sides
        )
        yield from leftovers(
            one, other, pointer, {"contentType", "style", "explode", "allowReserved", "headers"}
        )
    yield from leftovers(old, new, where, {"schema", "encoding"})


def response_changed(
    pair: Pair, old: Any, new: Any, pointer: str, sides: Sides = RESPONSE_ONLY
) -> Iterator[Change]:
    """A response; `sides` is REQUEST_ONLY for a webhook's, which the API's user sends."""
    if old == new:
        return
    yield from content_changed(pair, old, new, pointer, sides)
    headers = at(pointer, "headers")
    yield from headers_changed(pair, old.get("headers"), new.get("headers"), headers, sides)
    yield from links_changed(pair, old.get("links"), new.get("links"), at(pointer, "links"))
    yield from leftovers(old, new, pointer, {"content", "headers", "links"})


def links_changed(pair: Pair, old: Any, new: Any, where: str) -> Iterator[Change]:
    before, after = mapping(old), mapping(new)
    for name in sorted(before.keys() - after.keys()):
        yield always(
            "response-link-removed",
            RESPONSE_ONLY,
            at(where, name),
            f"link {name} removed: clients following it break",
        )
    for name in sorted(after.keys() - before.keys()):
        yield never("response-link-added", RESPONSE_ONLY, at(where, name), f"link {name} added")
    for name in sorted(before.keys() & after.keys()):
        one = locate(pair.old, before[name], at(where, name))[1]
        pointer, other = locate(pair.new, after[name], at(where, name))
        yield from reference_changed(before[name], after[name], at(where, name), RESPONSE_ONLY)
        yield from link_changed(one, other, pointer)


LINK_FIELDS = {"operationRef", "operationId", "parameters", "requestBody", "server"}


def link_changed(old: Any, new: Any, pointer: str) -> Iterator[Change]:
    name = pointer.rsplit("/", 1)[-1]
    for key in sorted(LINK_FIELDS):
        if old.get(key) != new.get(key):
            reason = f"link {name}: {key} changed"
            yield always("response-link-changed", RESPONSE_ONLY, at(pointer, key), reason)
    yield from leftovers(old, new, pointer, LINK_FIELDS)
