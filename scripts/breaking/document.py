"""The OpenAPI 3.1 document, field by field: servers, security, paths and operations,
parameters and headers, request bodies, media types, responses and links, components.

Each object's rule names the fields it compares; `objects.leftovers` reports a change to any
other field (extensions included) as unclassified. Fields that only document are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from breaking.components import components_changed
from breaking.model import NONE, Change, always, at, never
from breaking.objects import leftovers, mapping, strip
from breaking.operations import operations_changed
from breaking.schemas import Pair
from breaking.security import security_changed
from breaking.servers import servers_changed
from breaking.webhooks import webhooks_changed

INFO_FIELDS = {"title", "version", "termsOfService", "contact", "license"}


TOP_FIELDS = {
    "openapi", "info", "servers", "paths", "components", "security", "tags", "webhooks",
    "x-format-assertion",
}  # fmt: skip


def asserts_formats(document: Any) -> bool:
    """What the document says of `format`: our tools assert it unless it says false."""
    return document.get("x-format-assertion") is not False


def document_changed(pair: Pair) -> Iterator[Change]:
    old, new = pair.old, pair.new
    if old.get("openapi") != new.get("openapi"):
        reason = f"openapi version changed from {old.get('openapi')} to {new.get('openapi')}"
        yield never("openapi-version-changed", NONE, "/openapi", reason)
    before, after = mapping(old.get("info")), mapping(new.get("info"))
    for key in sorted(INFO_FIELDS - {"version"}):
        if before.get(key) != after.get(key):
            reason = f"info {key} changed: the packages' metadata changes"
            yield never("info-changed", NONE, at("/info", key), reason)
    yield from leftovers(before, after, "/info", INFO_FIELDS)
    if old.get("servers") != new.get("servers"):
        yield from servers_changed(old.get("servers"), new.get("servers"), "/servers")
    tags = [strip(tag) for tag in old.get("tags") or []]
    new_tags = [strip(tag) for tag in new.get("tags") or []]
    if tags != new_tags:
        yield never("tags-changed", NONE, "/tags", "tag list changed: the docs' sections change")
    if old.get("x-format-assertion") != new.get("x-format-assertion"):
        pointer = "/x-format-assertion"
        if asserts_formats(old) != asserts_formats(new):
            reason = "format assertion turned on or off: values valid on one side are refused"
            yield always("format-assertion-changed", NONE, pointer, reason)
        else:
            reason = "x-format-assertion now says what the tools always did: formats are asserted"
            yield never("format-assertion-stated", NONE, pointer, reason)
    yield from leftovers(old, new, "", TOP_FIELDS)


def changes(old: Any, new: Any) -> list[Change]:
    """Every API change from `old` to `new`, each once, breaking ones first, by pointer."""
    pair = Pair(old, new)
    found: dict[tuple[str, str], Change] = {}
    rules = (document_changed, security_changed, operations_changed, webhooks_changed)
    for rule in (*rules, components_changed):
        for item in rule(pair):
            known = found.get((item.pointer, item.reason))
            found[item.pointer, item.reason] = item if known is None or item.breaking else known
    return sorted(found.values(), key=lambda item: (not item.breaking, item.pointer))
