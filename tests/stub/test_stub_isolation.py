"""Isolation, a security property: an item of any resource is visible only under the token's
workspace and the owner parameters of its path (the connection, where the path has one).
Requests drawn by schemathesis for every operation of the contract (any path parameters, any
body and query the contract allows), aimed at another owner's item of the same resource,
never see, change or remove it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import schemathesis
from conftest import EXAMPLES, SEED
from contract import Contract, resource_operation
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore, Settings, create_app

VICTIM = "victim-token"
STORE = InMemoryStore()
CONTRACT = Contract()
# A hook_url anywhere is kept (never sent to): schemathesis draws URLs of any host.
APP = create_app(
    Settings(tokens=(DEFAULT_TOKEN, VICTIM), webhook_elsewhere="keep"), STORE, CONTRACT
)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
OPERATIONS = {}
for result in SCHEMA.get_all_operations():
    assert isinstance(result, Ok)
    OPERATIONS[result.ok().definition.raw["operationId"]] = result.ok()


# Each resource's create, by its collection path: the victims are created with its example.
CREATES = {}
for each in CONTRACT.operations.values():
    action = resource_operation(CONTRACT.document, each)
    if action.action == "create":
        example = CONTRACT.example(each.operation_id)
        if "hook_url" in example:  # the example's host is not one the stub delivers to
            example = {**example, "hook_url": "http://127.0.0.1:9/hook"}
        CREATES[action.collection] = (each, example)


def create(token: str, segments: dict[str, str], collection: str) -> dict[str, Any]:
    """An item created with `token` in the resource whose collection path is `collection`,
    under the owner parameters' raw path `segments`."""
    operation, example = CREATES[collection]
    path = operation.path
    for name, segment in segments.items():
        path = path.replace(f"{{{name}}}", segment)

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=APP)
        async with httpx.AsyncClient(transport=transport, base_url="http://stub") as client:
            return await client.post(
                path,
                json={**example, "x_secret": "private"},
                headers={"Authorization": f"Bearer {token}"},
            )

    response = asyncio.run(post())
    assert response.status_code == 200, response.text
    item: dict[str, Any] = response.json()
    return item


def owner_segments(case: Any, path: str, owners: tuple[str, ...]) -> dict[str, str]:
    """Each owner parameter's segment of the path exactly as the request sends it."""
    sent = case.formatted_path.split("/")
    template = path.split("/")
    return {name: sent[template.index(f"{{{name}}}")] for name in owners}


FIRST, (FIRST_CREATE, _) = next(iter(CREATES.items()))
MY_WORKSPACE = create(DEFAULT_TOKEN, {p["name"]: "x" for p in FIRST_CREATE.path_parameters}, FIRST)[
    "workspace_id"
]


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_no_request_reaches_an_item_of_another_owner(operation_id: str) -> None:
    operation = OPERATIONS[operation_id]
    action = resource_operation(CONTRACT.document, CONTRACT.operations[operation_id])
    collection = action.collection

    @settings(
        max_examples=max(EXAMPLES // 10, 20),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @seed(SEED)
    @given(
        case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        owner=st.sampled_from(["another token", *action.owner_parameters]),
    )
    def attack(case: Any, owner: str) -> None:
        segments = owner_segments(case, operation.path, action.owner_parameters)
        if owner == "another token":
            # The victim's item lives under the very owner parameters the request names.
            victim = create(VICTIM, segments, collection)
            expected = {name: victim[name] for name in segments if name in victim}
        else:  # the same token, another value of that owner parameter
            elsewhere = {**segments, owner: f"{segments[owner]}~elsewhere"}
            victim = create(DEFAULT_TOKEN, elsewhere, collection)
            expected = {name: victim[name] for name in segments if name in victim}
            if owner in expected:
                expected[owner] = expected[owner].removesuffix("~elsewhere")
        stored = STORE.get(victim["id"])
        if action.id_parameter in case.path_parameters:
            case.path_parameters[action.id_parameter] = victim["id"]

        response = case.call(headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})

        if action.action == "list":
            assert response.status_code in (200, 422), response.text
            if response.status_code == 200:
                for item in json.loads(response.content):
                    assert item["id"] != victim["id"]
                    assert item["workspace_id"] == MY_WORKSPACE
                    for name, value in expected.items():
                        assert item[name] == value
        elif action.action == "create":
            assert response.status_code == 200, response.text
            assert json.loads(response.content)["workspace_id"] == MY_WORKSPACE
        else:
            assert response.status_code == 404, response.text
            assert b"private" not in response.content
        assert STORE.get(victim["id"]) == stored

    attack()
