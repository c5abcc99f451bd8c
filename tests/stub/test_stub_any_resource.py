"""The stub serves any resource of the contract with no code of its own: a made-up resource
added to a copy of the contract is served statefully and in isolation, on either store; the
order resource needs no stub code; and what the conventions cannot tell is said in the
contract or the operation is refused by name (501), never guessed."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import check_contract
import httpx
import pytest
import yaml
from conftest import serve
from contract import Contract

from unified_assessment_stub import DEFAULT_TOKEN, ItemStore, Settings, create_app

OTHER = "other-token"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
OTHER_AUTH = {"Authorization": f"Bearer {OTHER}"}
THINGS = "/widgets/{connection_id}/thing"
ERROR = {"$ref": "#/components/responses/NotFound"}


def operation(operation_id: str, body: bool, answer: dict[str, Any] | None) -> dict[str, Any]:
    """An operation of the made-up resource, written as a maintainer would write one."""
    written: dict[str, Any] = {
        "operationId": operation_id,
        "summary": operation_id,
        "tags": ["assessment"],
        "responses": {"200": {"description": "ok"}, "404": ERROR},
    }
    if answer is not None:
        written["responses"]["200"]["content"] = {"application/json": {"schema": answer}}
    if body:
        thing = {"$ref": "#/components/schemas/Thing"}
        written["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": thing}},
        }
    return written


def with_things(base: dict[str, Any]) -> dict[str, Any]:
    """A copy of the contract with a third resource: create, get, list and patch of a Thing
    (three properties of its own, and the server-owned ones as the contract marks them)."""
    document = copy.deepcopy(base)
    thing = {"$ref": "#/components/schemas/Thing"}
    connection = {"$ref": "#/components/parameters/connection_id"}
    document["paths"][THINGS] = {
        "parameters": [connection],
        "post": operation("createThing", True, thing),
        "get": {
            **operation("listThings", False, {"type": "array", "items": thing}),
            "parameters": [
                {"$ref": "#/components/parameters/limit"},
                {"$ref": "#/components/parameters/offset"},
            ],
        },
    }
    document["paths"][THINGS + "/{thing_id}"] = {
        "parameters": [
            connection,
            {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
        ],
        "get": operation("getThing", False, thing),
        "patch": operation("patchThing", True, thing),
    }
    stamp = {"type": "string", "x-server-owned": True}
    document["components"]["schemas"]["Thing"] = {
        "type": "object",
        "properties": {
            "thing_id": {"type": "string", "readOnly": True},
            "connection_id": {"type": "string", "readOnly": True},
            "made_at": {**stamp, "x-server-value": "creation-time"},
            "changed_at": {**stamp, "x-server-value": "update-time"},
            "label": {"type": "string"},
            "weight": {"type": "number"},
            "parts": {"type": "array", "items": {"type": "string"}},
        },
    }
    return document


@pytest.fixture
def things(any_store: ItemStore) -> Iterator[httpx.Client]:
    contract = Contract(document=with_things(Contract().document))
    app = create_app(Settings(tokens=(DEFAULT_TOKEN, OTHER)), any_store, contract)
    assert app.state.not_served == {}
    with serve(app) as url, httpx.Client(base_url=url, headers=AUTH, timeout=30) as client:
        yield client


def exact(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    # Numbers compared as the text they were written with: 7 is not 7.0.
    return json.loads(response.content, parse_float=lambda text: ("float", text))


def test_a_made_up_resource_is_served_statefully(things: httpx.Client) -> None:
    path = "/widgets/c1/thing"
    sent = (
        '{"label": "a", "weight": 9007199254740993, "parts": ["z", "a"],'
        ' "x_more": {"k": 9007199254740993.0}}'
    )
    created = exact(things.post(path, content=sent, headers={"Content-Type": "application/json"}))
    assert created["connection_id"] == "c1"
    assert created["made_at"] == created["changed_at"]
    assert created["weight"] == 9007199254740993
    assert created["x_more"] == {"k": ("float", "9007199254740993.0")}
    assert created["thing_id"]

    item = f"{path}/{created['thing_id']}"
    assert exact(things.get(item)) == created
    assert exact(things.get(path)) == [created]

    patched = exact(things.patch(item, json={"label": "b", "thing_id": "mine", "made_at": "x"}))
    assert patched == {**created, "label": "b", "changed_at": patched["changed_at"]}
    assert patched["changed_at"] >= created["changed_at"]
    assert exact(things.get(item)) == patched
    second = exact(things.post(path, json={"label": "c"}))
    assert [thing["thing_id"] for thing in exact(things.get(path, params={"limit": 1}))] == [
        created["thing_id"]
    ]
    assert exact(things.get(path, params={"offset": 1})) == [second]


def test_a_made_up_resource_is_isolated_per_token_and_connection(things: httpx.Client) -> None:
    created = exact(things.post("/widgets/c1/thing", json={"label": "private"}))
    mine = f"/widgets/c1/thing/{created['thing_id']}"
    elsewhere = f"/widgets/c2/thing/{created['thing_id']}"

    assert things.get(mine, headers=OTHER_AUTH).status_code == 404
    assert things.patch(mine, json={"label": "x"}, headers=OTHER_AUTH).status_code == 404
    assert exact(things.get("/widgets/c1/thing", headers=OTHER_AUTH)) == []
    assert things.get(elsewhere).status_code == 404
    assert things.patch(elsewhere, json={"label": "x"}).status_code == 404
    assert exact(things.get("/widgets/c2/thing")) == []
    assert exact(things.get(mine)) == created


def test_ids_of_two_resources_never_meet(things: httpx.Client) -> None:
    package = exact(things.post("/assessment/c1/package", json={"type": "OTHER"}))
    thing = exact(things.post("/widgets/c1/thing", json={"label": "t"}))
    assert things.get(f"/widgets/c1/thing/{package['id']}").status_code == 404
    assert things.get(f"/assessment/c1/package/{thing['thing_id']}").status_code == 404
    assert exact(things.get("/assessment/c1/package")) == [package]
    assert exact(things.get("/widgets/c1/thing")) == [thing]


# The order resource, as the real contract has it --------------------------------------------


@pytest.fixture
def stub(any_store: ItemStore) -> Iterator[httpx.Client]:
    app = create_app(Settings(tokens=(DEFAULT_TOKEN, OTHER)), any_store)
    with serve(app) as url, httpx.Client(base_url=url, headers=AUTH, timeout=30) as client:
        yield client


def test_every_operation_of_the_contract_is_served_by_the_one_resource() -> None:
    contract = Contract()
    app = create_app(contract=contract)
    assert app.state.not_served == {}
    assert app.state.served_operations == set(contract.operations)
    assert any("order" in operation.path for operation in contract.operations.values())


def test_an_order_stores_the_package_id_it_is_sent_and_no_more(stub: httpx.Client) -> None:
    # The vendor publishes no rule tying an order to a package: any package_id is stored.
    order = exact(stub.post("/assessment/c1/order", json={"package_id": "no-such-package"}))
    assert order["package_id"] == "no-such-package"
    assert exact(stub.get(f"/assessment/c1/order/{order['id']}")) == order
    assert order["workspace_id"] and order["connection_id"] == "c1"


def test_a_package_id_on_the_order_path_is_404_and_the_reverse(stub: httpx.Client) -> None:
    package = exact(stub.post("/assessment/c1/package", json={"type": "OTHER"}))
    order = exact(stub.post("/assessment/c1/order", json={"package_id": package["id"]}))
    assert stub.get(f"/assessment/c1/order/{package['id']}").status_code == 404
    assert stub.patch(f"/assessment/c1/order/{package['id']}", json={}).status_code == 404
    assert stub.get(f"/assessment/c1/package/{order['id']}").status_code == 404
    assert stub.delete(f"/assessment/c1/package/{order['id']}").status_code == 404
    assert exact(stub.get("/assessment/c1/package")) == [package]
    assert exact(stub.get(f"/assessment/c1/order/{order['id']}", headers=AUTH)) == order
    assert stub.get(f"/assessment/c1/order/{order['id']}", headers=OTHER_AUTH).status_code == 404


# What the conventions cannot tell is refused by name ----------------------------------------


def refusal(document: dict[str, Any], operation_id: str) -> str:
    app = create_app(contract=Contract(document=document))
    reasons: dict[str, str] = app.state.not_served
    assert operation_id in reasons and operation_id not in app.state.served_operations
    with serve(app) as url:
        answer = httpx.post(
            f"{url}/widgets/c1/thing", json={"label": "x"}, headers=AUTH, timeout=10
        )
    if operation_id == "createThing":
        assert answer.status_code == 501, answer.text
        assert reasons[operation_id] in answer.json()["message"]
    return reasons[operation_id]


def test_a_server_owned_property_with_no_known_value_is_refused_by_name() -> None:
    document = with_things(Contract().document)
    del document["components"]["schemas"]["Thing"]["properties"]["made_at"]["x-server-value"]
    assert "made_at" in refusal(document, "createThing")


def test_an_unknown_server_value_is_refused_by_name() -> None:
    document = with_things(Contract().document)
    document["components"]["schemas"]["Thing"]["properties"]["made_at"]["x-server-value"] = "now"
    assert "'now'" in refusal(document, "createThing")


def test_a_list_parameter_the_stub_does_not_understand_is_refused_by_name() -> None:
    document = with_things(Contract().document)
    sort = {"name": "sort", "in": "query", "schema": {"type": "string"}}
    document["paths"][THINGS]["get"]["parameters"].append(sort)
    assert "sort" in refusal(document, "listThings")


def test_a_method_no_action_stands_for_is_refused() -> None:
    document = with_things(Contract().document)
    document["paths"][THINGS + "/{thing_id}"]["post"] = operation("archiveThing", False, None)
    assert "POST" in refusal(document, "archiveThing")


@pytest.mark.parametrize("maximum", [0, 2.5, "100", None])
def test_a_page_maximum_that_is_no_whole_number_is_refused_by_name(maximum: Any) -> None:
    document = with_things(Contract().document)
    limit = {**document["components"]["parameters"]["limit"], "x-page-maximum": maximum}
    document["paths"][THINGS]["get"]["parameters"][0] = limit
    assert "x-page-maximum" in refusal(document, "listThings")


def test_the_page_maximum_is_the_default_page_and_the_largest(things: httpx.Client) -> None:
    # The contract says 100 (x-page-maximum on limit); 101 items make the difference.
    made = [exact(things.post("/widgets/c1/thing", json={"label": f"{n}"})) for n in range(101)]
    assert exact(things.get("/widgets/c1/thing")) == made[:100]
    assert exact(things.get("/widgets/c1/thing", params={"limit": 1000})) == made[:100]
    assert exact(things.get("/widgets/c1/thing", params={"offset": 100})) == made[100:]


@pytest.mark.parametrize(
    ("where", "written", "said"),
    [
        ("made_at", {"x-server-value": "now"}, "x-server-value must be one of new-id"),
        ("made_at", {"x-server-vlaue": "creation-time"}, "unknown extension 'x-server-vlaue'"),
        ("label", {"x-server-owned": "yes"}, "x-server-owned must be true or false"),
        ("label", {"x-page-maximum": 0}, "x-page-maximum must be a whole number"),
    ],
)
def test_the_contract_check_refuses_an_extension_the_stub_cannot_read(
    tmp_path: Path, where: str, written: dict[str, Any], said: str
) -> None:
    document = with_things(Contract().document)
    prop = document["components"]["schemas"]["Thing"]["properties"][where]
    prop.pop("x-server-value", None)
    prop.update(written, description="d")
    for other in document["components"]["schemas"]["Thing"]["properties"].values():
        other.setdefault("description", "d")
    path = tmp_path / "contract.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))

    problems = check_contract.check(path)

    assert len(problems) == 1, problems
    assert f"/Thing/properties/{where}/{next(iter(written))}: {said}" in problems[0]


def test_a_list_with_no_page_maximum_serves_any_limit(any_store: ItemStore) -> None:
    document = with_things(Contract().document)
    limit = {**document["components"]["parameters"]["limit"]}
    del limit["x-page-maximum"]
    document["paths"][THINGS]["get"]["parameters"][0] = limit
    app = create_app(Settings(), any_store, Contract(document=document))
    with serve(app) as url, httpx.Client(base_url=url, headers=AUTH, timeout=30) as things:
        made = [exact(things.post("/widgets/c1/thing", json={})) for _ in range(101)]
        assert exact(things.get("/widgets/c1/thing")) == made
        for limit_sent in ("1e400", str(2**64), "101"):
            assert exact(things.get("/widgets/c1/thing", params={"limit": limit_sent})) == made
        assert exact(things.get("/widgets/c1/thing", params={"limit": 2.5})) == made[:2]
