"""Isolation, a security property: a package is visible only under the token's workspace and
the connection in its path. Requests drawn by schemathesis for every operation (any
`connection_id`, any body and query the contract allows), aimed at another owner's package,
never see, change or remove it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import schemathesis
from conftest import EXAMPLES, SEED
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Ok
from stub import DEFAULT_TOKEN, InMemoryStore, Settings, create_app

VICTIM = "victim-token"
STORE = InMemoryStore()
APP = create_app(Settings(tokens=(DEFAULT_TOKEN, VICTIM)), STORE)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
OPERATIONS = {}
for result in SCHEMA.get_all_operations():
    assert isinstance(result, Ok)
    OPERATIONS[result.ok().definition.raw["operationId"]] = result.ok()


def create(token: str, segment: str) -> dict[str, Any]:
    """A package created with `token` under the connection that the raw path `segment` names."""

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=APP)
        async with httpx.AsyncClient(transport=transport, base_url="http://stub") as client:
            return await client.post(
                f"/assessment/{segment}/package",
                json={"type": "OTHER", "name": "private", "x_secret": [1, 2, 3]},
                headers={"Authorization": f"Bearer {token}"},
            )

    response = asyncio.run(post())
    assert response.status_code == 200, response.text
    package: dict[str, Any] = response.json()
    return package


MY_WORKSPACE = create(DEFAULT_TOKEN, "x")["workspace_id"]


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_no_request_reaches_a_package_of_another_owner(operation_id: str) -> None:
    operation = OPERATIONS[operation_id]

    @settings(
        max_examples=max(EXAMPLES // 10, 20),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @seed(SEED)
    @given(
        case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        owner=st.sampled_from(["another token", "another connection of the same token"]),
    )
    def attack(case: Any, owner: str) -> None:
        # The connection's segment of the path exactly as the request sends it.
        segment = case.formatted_path.split("/")[2]
        if owner == "another token":
            # The victim's package lives under the very connection the request names.
            victim = create(VICTIM, segment)
            connection_id = victim["connection_id"]
        else:
            victim = create(DEFAULT_TOKEN, segment + "~elsewhere")
            connection_id = victim["connection_id"].removesuffix("~elsewhere")
        stored = STORE.get(victim["id"])
        if "id" in case.path_parameters:
            case.path_parameters["id"] = victim["id"]

        response = case.call(headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})

        if operation.method.upper() == "GET" and "id" not in case.path_parameters:
            assert response.status_code in (200, 422), response.text
            if response.status_code == 200:
                for package in json.loads(response.content):
                    assert package["id"] != victim["id"]
                    assert package["workspace_id"] == MY_WORKSPACE
                    assert package["connection_id"] == connection_id
        elif operation.method.upper() == "POST":
            assert response.status_code == 200, response.text
            assert json.loads(response.content)["workspace_id"] == MY_WORKSPACE
        else:
            assert response.status_code == 404, response.text
            assert b"private" not in response.content
        assert STORE.get(victim["id"]) == stored

    attack()
