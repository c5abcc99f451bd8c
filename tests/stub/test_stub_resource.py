"""The package resource over real HTTP, against each store: what list, get, update, patch and
remove do, and that what a client stores is exactly what it reads back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import serve
from contract import Contract

from unified_assessment_stub import DEFAULT_TOKEN, PackageStore, Settings, create_app

CONNECTION = "conn_1"
PACKAGES = f"/assessment/{CONNECTION}/package"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
SECOND = {"Authorization": "Bearer second-token"}
SERVER_OWNED = ("id", "created_at", "updated_at", "workspace_id", "connection_id")


@pytest.fixture
def client(any_store: PackageStore) -> Iterator[httpx.Client]:
    app = create_app(Settings(tokens=(DEFAULT_TOKEN, "second-token")), any_store)
    with serve(app) as url, httpx.Client(base_url=url, headers=AUTH, timeout=30) as client:
        yield client


def send(client: httpx.Client, method: str, path: str, raw: str | bytes, **headers: str) -> Any:
    """The answer's body, parsed exactly (no float rounding), after asserting a 200."""
    response = client.request(
        method, path, content=raw, headers={"Content-Type": "application/json", **headers}
    )
    assert response.status_code == 200, response.text
    return exact(response.content)


def exact(raw: bytes) -> Any:
    # Numbers compared as the text they were written with: 100 is not 100.0.
    return json.loads(raw, parse_float=lambda text: ("float", text), parse_int=int)


def create(client: httpx.Client, body: dict[str, Any], path: str = PACKAGES) -> dict[str, Any]:
    created: dict[str, Any] = send(client, "POST", path, json.dumps(body))
    return created


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [package["id"] for package in response.json()]


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["message"]
    return body


# Every operation is served -------------------------------------------------------------------


def test_the_stub_serves_every_operation_of_the_contract(any_store: PackageStore) -> None:
    contract = Contract()
    app = create_app(store=any_store, contract=contract)
    assert set(contract.operations) == app.state.served_operations


def test_an_operation_the_stub_does_not_know_answers_501_not_404(any_store: PackageStore) -> None:
    document = json.loads(Contract().json_text)
    document["paths"]["/assessment/{connection_id}/package/{id}"]["post"] = {
        "operationId": "archiveAssessmentPackage",
        "responses": {"200": {"description": "archived"}},
    }
    contract = Contract(document=document)
    app = create_app(store=any_store, contract=contract)
    assert "archiveAssessmentPackage" not in app.state.served_operations
    with serve(app) as url:
        response = httpx.post(f"{url}{PACKAGES}/x", headers=AUTH)
    assert_error(response, 501)


# list -------------------------------------------------------------------------------------


def test_list_is_the_callers_packages_oldest_first(client: httpx.Client) -> None:
    created = [create(client, {"type": "OTHER", "name": f"p{n}"})["id"] for n in range(5)]
    create(client, {"type": "OTHER"}, "/assessment/another/package")
    client.post(PACKAGES, json={"type": "OTHER"}, headers=SECOND)

    listed = client.get(PACKAGES)

    assert ids(listed) == created
    packages = listed.json()
    assert [p["created_at"] for p in packages] == sorted(p["created_at"] for p in packages)
    assert ids(client.get("/assessment/nobody-here/package")) == []


def test_list_pages_by_limit_and_offset(client: httpx.Client) -> None:
    created = [create(client, {"type": "OTHER"})["id"] for _ in range(7)]

    assert ids(client.get(PACKAGES, params={"limit": 3})) == created[:3]
    assert ids(client.get(PACKAGES, params={"limit": 3, "offset": 3})) == created[3:6]
    assert ids(client.get(PACKAGES, params={"limit": 3, "offset": 6})) == created[6:]
    assert ids(client.get(PACKAGES, params={"offset": 7})) == []
    # Past any store's size, SQLite's 64-bit integers included: an empty page, no error.
    for offset in ("1e400", str(2**63), "9" * 5000, "1e999999999999"):
        assert ids(client.get(PACKAGES, params={"offset": offset})) == []
    assert ids(client.get(PACKAGES, params={"limit": "9" * 5000})) == created
    # Fractions are rounded down; a huge limit is served as the maximum page.
    assert ids(client.get(PACKAGES, params={"limit": "2.9", "offset": "1.9"})) == created[1:3]
    assert ids(client.get(PACKAGES, params={"limit": "1e400"})) == created


def test_list_page_is_100_by_default_and_at_most(client: httpx.Client) -> None:
    created = [create(client, {"type": "OTHER"})["id"] for _ in range(105)]

    assert ids(client.get(PACKAGES)) == created[:100]
    assert ids(client.get(PACKAGES, params={"limit": 101})) == created[:100]
    assert ids(client.get(PACKAGES, params={"offset": 100})) == created[100:]


@pytest.mark.parametrize(
    ("query", "pointer"),
    [
        ("limit=abc", "/query/limit"),
        ("limit=0", "/query/limit"),
        ("limit=-1", "/query/limit"),
        ("limit=0.5", "/query/limit"),
        ("limit=", "/query/limit"),
        ("limit=1e99999999999999999999", "/query/limit"),
        ("offset=-1", "/query/offset"),
        ("offset=NaN", "/query/offset"),
        ("offset=%20", "/query/offset"),
    ],
)
def test_a_parameter_that_breaks_its_schema_is_422_naming_it(
    client: httpx.Client, query: str, pointer: str
) -> None:
    body = assert_error(client.get(f"{PACKAGES}?{query}"), 422)
    assert [problem["pointer"] for problem in body["errors"]] == [pointer]
    assert pointer.rsplit("/", 1)[1] in body["errors"][0]["message"]


def test_every_bad_parameter_is_listed(client: httpx.Client) -> None:
    body = assert_error(client.get(f"{PACKAGES}?limit=x&offset=y"), 422)
    assert [problem["pointer"] for problem in body["errors"]] == ["/query/limit", "/query/offset"]


# get ----------------------------------------------------------------------------------------


def test_get_returns_the_package_as_created(client: httpx.Client) -> None:
    created = create(client, {"type": "SKILLS_TEST", "name": "n", "tags": ["b", "a"]})
    response = client.get(f"{PACKAGES}/{created['id']}")
    assert response.status_code == 200
    assert exact(response.content) == created


@pytest.mark.parametrize("package_id", ["no-such-id", "%2E%2E", "a%2Fb", "1e400"])
def test_get_of_an_unknown_id_is_404_with_an_error_body(
    client: httpx.Client, package_id: str
) -> None:
    create(client, {"type": "OTHER"})
    assert_error(client.get(f"{PACKAGES}/{package_id}"), 404)


def test_an_id_with_an_encoded_slash_is_one_id(client: httpx.Client) -> None:
    created = create(client, {"type": "OTHER"}, "/assessment/a%2Fb/package")
    assert created["connection_id"] == "a/b"
    assert client.get(f"/assessment/a%2Fb/package/{created['id']}").status_code == 200
    assert_error(client.get(f"/assessment/a/b/package/{created['id']}"), 404)


# update (PUT) -------------------------------------------------------------------------------


def test_update_replaces_every_client_owned_field(client: httpx.Client) -> None:
    created = create(
        client, {"type": "OTHER", "name": "old", "tags": ["t"], "x_extra": {"keep": False}}
    )
    sent = {
        "type": "SKILLS_TEST",
        "description": "new",
        # Server-owned values a client sends are ignored, not refused.
        "id": "mine",
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
        "workspace_id": "ws_someone_else",
        "connection_id": "another",
    }

    updated = send(client, "PUT", f"{PACKAGES}/{created['id']}", json.dumps(sent))

    assert {key: updated[key] for key in ("id", "created_at", "workspace_id", "connection_id")} == {
        key: created[key] for key in ("id", "created_at", "workspace_id", "connection_id")
    }
    assert updated["updated_at"] >= created["updated_at"] >= created["created_at"]
    client_owned = {key: value for key, value in updated.items() if key not in SERVER_OWNED}
    assert client_owned == {"type": "SKILLS_TEST", "description": "new"}
    assert exact(client.get(f"{PACKAGES}/{created['id']}").content) == updated


def test_updated_at_moves_forward_and_never_before_created_at(client: httpx.Client) -> None:
    created = create(client, {"type": "OTHER"})
    seen = [created["updated_at"]]
    for method in ("PUT", "PATCH", "PUT"):
        changed = send(client, method, f"{PACKAGES}/{created['id']}", '{"type": "OTHER"}')
        seen.append(changed["updated_at"])
    assert seen == sorted(seen)
    assert all(stamp >= created["created_at"] for stamp in seen)


def test_update_of_an_unknown_id_is_404_and_creates_nothing(client: httpx.Client) -> None:
    response = client.put(f"{PACKAGES}/nope", json={"type": "OTHER"})
    assert_error(response, 404)
    assert ids(client.get(PACKAGES)) == []


def test_update_with_a_bad_body_is_422_and_changes_nothing(client: httpx.Client) -> None:
    created = create(client, {"type": "OTHER", "name": "kept"})
    body = assert_error(client.put(f"{PACKAGES}/{created['id']}", json={"name": 5}), 422)
    assert {problem["pointer"] for problem in body["errors"]} == {"/name", "/type"}
    assert exact(client.get(f"{PACKAGES}/{created['id']}").content) == created


# patch --------------------------------------------------------------------------------------


def test_patch_changes_only_the_properties_sent(client: httpx.Client) -> None:
    created = create(
        client,
        {"type": "OTHER", "name": "kept", "tags": ["a"], "raw": {"deep": [1, {"x": 2}]}},
    )
    sent = {"type": "SKILLS_TEST", "tags": ["b", "c"], "x_new": None, "id": "ignored"}

    patched = send(client, "PATCH", f"{PACKAGES}/{created['id']}", json.dumps(sent))

    expected = {**created, "type": "SKILLS_TEST", "tags": ["b", "c"], "x_new": None}
    assert {k: v for k, v in patched.items() if k != "updated_at"} == {
        k: v for k, v in expected.items() if k != "updated_at"
    }
    assert exact(client.get(f"{PACKAGES}/{created['id']}").content) == patched


def test_patch_of_an_unknown_id_is_404(client: httpx.Client) -> None:
    assert_error(client.patch(f"{PACKAGES}/nope", json={"type": "OTHER"}), 404)


# remove -------------------------------------------------------------------------------------


def test_remove_is_200_without_a_body_and_then_everything_is_404(client: httpx.Client) -> None:
    kept = create(client, {"type": "OTHER"})
    removed = create(client, {"type": "OTHER"})
    path = f"{PACKAGES}/{removed['id']}"

    response = client.delete(path)

    assert response.status_code == 200
    assert response.content == b""
    assert_error(client.get(path), 404)
    assert_error(client.put(path, json={"type": "OTHER"}), 404)
    assert_error(client.patch(path, json={"type": "OTHER"}), 404)
    assert_error(client.delete(path), 404)
    assert ids(client.get(PACKAGES)) == [kept["id"]]


# exact data ---------------------------------------------------------------------------------

HUGE = "1" + "0" * 399  # 400 digits
NUMBERS = ["9007199254740993", "100", HUGE, "-" + HUGE, "9007199254740993.0", "1e400", "0.1"]


def numbers_body(number: str) -> str:
    # Written by hand: the client's own bytes, not a float round trip.
    return (
        f'{{"type": "OTHER", "max_score": {number}, "regions": [{{"cost_amount": {number}}}],'
        f' "x_deep": {{"a": [[{number}, "s", true, null, {{"b": {number}}}]]}}}}'
    )


def numbers_in(package: dict[str, Any]) -> list[Any]:
    return [
        package["max_score"],
        package["regions"][0]["cost_amount"],
        package["x_deep"]["a"][0][0],
        package["x_deep"]["a"][0][4]["b"],
    ]


def written(number: str) -> Any:
    """A number as `exact` reads the stub's answer: ints as ints, others as their text."""
    if number.lstrip("-").isdigit():
        return int(number)
    return ("float", {"1e400": "1E+400"}.get(number, number))


@pytest.mark.parametrize("number", NUMBERS)
def test_numbers_are_kept_exactly_by_create_get_update_patch_and_list(
    client: httpx.Client, number: str
) -> None:
    want = [written(number)] * 4
    created = send(client, "POST", PACKAGES, numbers_body(number))
    path = f"{PACKAGES}/{created['id']}"
    assert numbers_in(created) == want
    assert numbers_in(exact(client.get(path).content)) == want
    [listed] = exact(client.get(PACKAGES).content)
    assert numbers_in(listed) == want

    updated = send(client, "PUT", path, numbers_body(number))
    assert numbers_in(updated) == want
    patched = send(client, "PATCH", path, f'{{"type": "OTHER", "max_score": {number}}}')
    assert numbers_in(patched) == want
    assert numbers_in(exact(client.get(path).content)) == want
    assert exact(client.get(path).content) == patched


def test_strings_unknown_properties_at_any_depth_and_array_order_are_kept(
    client: httpx.Client,
) -> None:
    body = {
        "type": "OTHER",
        "name": 'é \u200b \U0001f600 \\ " \x00',
        "tags": ["z", "a", "m", "a"],
        "parameters": [{"id": "p", "x_custom": {"nested": [3, 1, 2]}}],
        "metadata": [{"value": {"k": [True, None, "v"]}, "x_more": [{"deeper": {}}]}],
        "raw": {"anything": [[[]], {}], "order": ["b", "a"]},
        "x_top": {"y": {"z": ["deep"]}},
    }
    created = create(client, body)
    assert {key: created[key] for key in body} == body
    assert exact(client.get(f"{PACKAGES}/{created['id']}").content) == created
    assert exact(client.get(PACKAGES).content) == [created]
