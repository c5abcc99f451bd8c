"""The OpenAPI 3.1 `webhooks` section, judged with its sides turned round: a webhook's request
body is read by the API's user (the provider receives it), so a change there is judged as in an
operation's answer; its responses are what the user sends back, judged as an operation's
request. Small synthetic documents: the same schema mutation gets, in a webhook's body, the
verdict it gets in an operation's response, and in a webhook's response the verdict of an
operation's request body."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from check_breaking import changes
from hypothesis import given
from hypothesis import strategies as st

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 50},
        "score": {"type": "number", "minimum": 0},
        "kind": {"type": "string", "enum": ["A", "B", "C"]},
    },
}


def media(schema: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def document(webhook_body: Any, webhook_answer: Any, request: Any, answer: Any) -> Any:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "requestBody": media(request),
                    "responses": {"200": {"description": "ok", **media(answer)}},
                }
            }
        },
        "webhooks": {
            "thingCreated": {
                "post": {
                    "operationId": "thingCreated",
                    "requestBody": media(webhook_body),
                    "responses": {"200": {"description": "ok", **media(webhook_answer)}},
                }
            }
        },
    }


def narrower_name(schema: Any) -> None:
    schema["properties"]["name"]["maxLength"] = 10


def wider_name(schema: Any) -> None:
    schema["properties"]["name"]["maxLength"] = 500


def higher_minimum(schema: Any) -> None:
    schema["properties"]["score"]["minimum"] = 10


def enum_value_added(schema: Any) -> None:
    schema["properties"]["kind"]["enum"].append("D")


def enum_value_removed(schema: Any) -> None:
    schema["properties"]["kind"]["enum"].remove("C")


def required_added(schema: Any) -> None:
    schema["required"] = ["name"]


def nullable(schema: Any) -> None:
    schema["properties"]["score"]["type"] = ["number", "null"]


MUTATIONS: dict[str, Callable[[Any], None]] = {
    function.__name__: function
    for function in (
        narrower_name,
        wider_name,
        higher_minimum,
        enum_value_added,
        enum_value_removed,
        required_added,
        nullable,
    )
}


def verdict(place: int, names: list[str]) -> bool:
    """Whether the mutations, applied to the schema at one of the four places, break."""
    schemas = [copy.deepcopy(SCHEMA) for _ in range(4)]
    for name in names:
        MUTATIONS[name](schemas[place])
    base = document(*[copy.deepcopy(SCHEMA) for _ in range(4)])
    found = changes(base, document(*schemas))
    assert found, names  # a change, listed
    where = ("/webhooks/thingCreated", "/webhooks/thingCreated", "/paths/", "/paths/")[place]
    assert all(item.pointer.startswith(where) for item in found), found
    return any(item.breaking for item in found)


WEBHOOK_BODY, WEBHOOK_ANSWER, REQUEST, ANSWER = range(4)


@given(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3, unique=True))
def test_a_webhook_body_is_judged_as_an_answer_and_its_response_as_a_request(
    names: list[str],
) -> None:
    assert verdict(WEBHOOK_BODY, names) == verdict(ANSWER, names)
    assert verdict(WEBHOOK_ANSWER, names) == verdict(REQUEST, names)


def test_a_wider_webhook_body_breaks_its_receivers_and_a_narrower_one_does_not() -> None:
    # The engineer's example: the provider may now send what the receiver's models refuse.
    assert verdict(WEBHOOK_BODY, ["nullable"]) is True
    assert verdict(WEBHOOK_BODY, ["narrower_name"]) is False
    assert verdict(WEBHOOK_ANSWER, ["narrower_name"]) is True


def test_a_removed_webhook_breaks_and_an_added_one_does_not() -> None:
    base = document(*[copy.deepcopy(SCHEMA) for _ in range(4)])
    without = copy.deepcopy(base)
    del without["webhooks"]["thingCreated"]
    [removed] = changes(base, without)
    assert removed.breaking and removed.rule == "webhook-removed"
    [added] = changes(without, base)
    assert not added.breaking and added.rule == "webhook-added"
