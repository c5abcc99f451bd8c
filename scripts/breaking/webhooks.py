"""The OpenAPI 3.1 top-level `webhooks`: requests the API sends to its user. The sides are
those of an operation turned round: a webhook's request body is read by the API's user (the
receiving end, whose models parse it), so it is answer-side; its responses are what the user
sends back, so they are request-side.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contract import HTTP_METHODS

from breaking.model import BOTH, Change, always, at, narrows, never
from breaking.objects import REQUEST_ONLY, RESPONSE_ONLY, leftovers, locate, mapping
from breaking.payloads import body_changed, response_changed
from breaking.schemas import Pair

# Which webhooks get a delivery (the stub's and the client's reading of it): a change sends it
# to others.
KIND_FIELDS = ("x-object-type", "x-event")
# operationId is not read here: a change to it is unclassified (it names the delivery's model
# nowhere, but the docs and a receiver's routing may use it).
# Nor are tags and deprecated: their changes are unclassified too.
WEBHOOK_FIELDS = {"requestBody", "responses", *KIND_FIELDS}


def webhooks_changed(pair: Pair) -> Iterator[Change]:
    before, after = mapping(pair.old.get("webhooks")), mapping(pair.new.get("webhooks"))
    for name in sorted(before.keys() - after.keys()):
        reason = f"webhook {name} removed: what handles it, and its models, go"
        yield always("webhook-removed", BOTH, at("/webhooks", name), reason)
    for name in sorted(after.keys() - before.keys()):
        yield never("webhook-added", BOTH, at("/webhooks", name), f"webhook {name} added")
    for name in sorted(before.keys() & after.keys()):
        where = at("/webhooks", name)
        old_item = locate(pair.old, before[name], where)[1]
        pointer, new_item = locate(pair.new, after[name], where)
        old_methods = {m for m in HTTP_METHODS if isinstance(mapping(old_item).get(m), dict)}
        new_methods = {m for m in HTTP_METHODS if isinstance(mapping(new_item).get(m), dict)}
        for method in sorted(old_methods - new_methods):
            reason = f"webhook {name} {method.upper()} removed"
            yield always("webhook-removed", BOTH, at(pointer, method), reason)
        for method in sorted(new_methods - old_methods):
            reason = f"webhook {name} {method.upper()} added"
            yield never("webhook-added", BOTH, at(pointer, method), reason)
        for method in sorted(old_methods & new_methods):
            old, new = old_item[method], new_item[method]
            yield from webhook_changed(pair, old, new, at(pointer, method))
        yield from leftovers(old_item, new_item, pointer, set(HTTP_METHODS))


def webhook_changed(pair: Pair, one: Any, other: Any, pointer: str) -> Iterator[Change]:
    for field in KIND_FIELDS:
        if one.get(field) != other.get(field):
            was, now = one.get(field), other.get(field)
            reason = f"{field} changed from {was!r} to {now!r}: other webhooks get it"
            yield always("webhook-kind-changed", RESPONSE_ONLY, at(pointer, field), reason)
    where = at(pointer, "requestBody")
    if "requestBody" in one and "requestBody" not in other:
        yield always("webhook-body-removed", RESPONSE_ONLY, where, "webhook body removed")
    elif "requestBody" in other and "requestBody" not in one:
        yield never("webhook-body-added", RESPONSE_ONLY, where, "webhook body added")
    elif "requestBody" in one:
        old_body = locate(pair.old, one["requestBody"], where)[1]
        body_pointer, body = locate(pair.new, other["requestBody"], where)
        yield from body_changed(pair, old_body, body, body_pointer, RESPONSE_ONLY)
    before, after = mapping(one.get("responses")), mapping(other.get("responses"))
    responses = at(pointer, "responses")
    for status in sorted(before.keys() - after.keys()):
        reason = f"response {status} no longer accepted from the receiver"
        yield narrows("webhook-response-removed", REQUEST_ONLY, at(responses, status), reason)
    for status in sorted(after.keys() - before.keys()):
        reason = f"response {status} accepted from the receiver"
        yield never("webhook-response-added", REQUEST_ONLY, at(responses, status), reason)
    for status in sorted(before.keys() & after.keys()):
        old_response = locate(pair.old, before[status], at(responses, status))[1]
        status_pointer, response = locate(pair.new, after[status], at(responses, status))
        yield from response_changed(pair, old_response, response, status_pointer, REQUEST_ONLY)
    yield from leftovers(one, other, pointer, WEBHOOK_FIELDS)
