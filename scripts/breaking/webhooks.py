"""The `webhooks` section: the deliveries a provider receives. A delivery's body is read by the
provider, so it is compared as an answer is; what the provider answers is read by the vendor,
so it is compared as a request is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contract import HTTP_METHODS

from breaking.model import Change, always, at, never
from breaking.objects import REQUEST_ONLY, RESPONSE_ONLY, leftovers, locate, mapping, opaque
from breaking.payloads import content_changed
from breaking.schemas import Pair

# Which webhooks get a delivery: a change sends it to others.
KIND_FIELDS = ("x-object-type", "x-event")
HANDLED = {"requestBody", "responses", *KIND_FIELDS}


def webhooks_changed(pair: Pair, old: Any, new: Any, where: str) -> Iterator[Change]:
    before, after = mapping(old), mapping(new)
    for name in sorted(before.keys() - after.keys()):
        reason = f"delivery {name} removed: providers no longer receive it"
        yield always("webhook-removed", RESPONSE_ONLY, at(where, name), reason)
    for name in sorted(after.keys() - before.keys()):
        yield never("webhook-added", RESPONSE_ONLY, at(where, name), f"delivery {name} added")
    for name in sorted(before.keys() & after.keys()):
        one, other = mapping(before[name]), mapping(after[name])
        for method in HTTP_METHODS:
            pointer = at(where, name, method)
            if method in one and method not in other:
                yield always("webhook-removed", RESPONSE_ONLY, pointer, f"delivery {name} removed")
            elif method in other and method not in one:
                yield never("webhook-added", RESPONSE_ONLY, pointer, f"delivery {name} added")
            elif method in one:
                yield from delivery_changed(
                    pair, mapping(one[method]), mapping(other[method]), pointer
                )
        yield from opaque(strip_methods(one), strip_methods(other), at(where, name))


def strip_methods(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key not in HTTP_METHODS}


def delivery_changed(pair: Pair, old: Any, new: Any, pointer: str) -> Iterator[Change]:
    for field in KIND_FIELDS:
        if old.get(field) != new.get(field):
            was, now = old.get(field), new.get(field)
            reason = f"{field} changed from {was!r} to {now!r}: other webhooks get it"
            yield always("webhook-kind-changed", RESPONSE_ONLY, at(pointer, field), reason)
    body_old = locate(pair.old, old.get("requestBody", {}), "")[1]
    body_new = locate(pair.new, new.get("requestBody", {}), "")[1]
    yield from content_changed(pair, body_old, body_new, at(pointer, "requestBody"), RESPONSE_ONLY)
    # Whether a delivery has a body at all, and the rest: no rule reads them.
    yield from leftovers(body_old, body_new, at(pointer, "requestBody"), {"content"})
    answers_old, answers_new = mapping(old.get("responses")), mapping(new.get("responses"))
    for status in sorted(answers_old.keys() | answers_new.keys(), key=str):
        one, other = answers_old.get(status), answers_new.get(status)
        if one is None or other is None:
            reason = f"the receiver's answer {status} {'added' if one is None else 'removed'}"
            yield never(
                "webhook-answer-changed", REQUEST_ONLY, at(pointer, "responses", status), reason
            )
        else:
            yield from opaque(one, other, at(pointer, "responses", status))
    yield from leftovers(old, new, pointer, HANDLED)
