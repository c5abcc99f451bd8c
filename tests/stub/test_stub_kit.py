"""The pytest fixtures as a provider's test kit: fail_next(), seed() from documents or a file,
several workspaces in one test, each test starting clean."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unified_assessment_stub import DEFAULT_TOKEN, Contract, InMemoryStore, Settings, create_app
from unified_assessment_stub.pytest_plugin import AssessmentStub, InProcessStub
from unified_assessment_stub.seeding import SeedRefused, seed

SECOND = "second-token"


def listed(stub: AssessmentStub, token: str, connection_id: str = "conn_1") -> list[str]:
    answer = httpx.get(
        f"{stub.base_url}/assessment/{connection_id}/package",
        headers={"authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()]


def test_seeded_items_are_stored_as_a_create_stores_them(assessment_stub: AssessmentStub) -> None:
    documents = [{"type": "SKILLS_TEST", "name": f"test {n}", "id": "mine"} for n in range(3)]
    seeded = assessment_stub.seed("createAssessmentPackage", documents, connection_id="conn_1")

    assert [item["name"] for item in seeded] == ["test 0", "test 1", "test 2"]
    assert len({item["id"] for item in seeded}) == 3 and "mine" not in {i["id"] for i in seeded}
    assert {item["workspace_id"] for item in seeded} == {assessment_stub.workspace_id()}
    assert all(item["connection_id"] == "conn_1" and item["created_at"] for item in seeded)
    assert listed(assessment_stub, DEFAULT_TOKEN) == [item["id"] for item in seeded]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_seed_file_is_read(assessment_stub: AssessmentStub, tmp_path: Path, suffix: str) -> None:
    orders = [{"package_id": "pkg_1", "profile_date_of_birth": "1990-12-10"}]
    path = tmp_path / f"orders{suffix}"
    text = json.dumps(orders)
    if suffix == ".yaml":  # written as YAML: the date stays the string written
        text = "- package_id: pkg_1\n  profile_date_of_birth: 1990-12-10\n"
    path.write_text(text)

    (order,) = assessment_stub.seed("createAssessmentOrder", path, connection_id="conn_9")

    assert order["profile_date_of_birth"] == "1990-12-10" and order["connection_id"] == "conn_9"


def test_a_seed_that_breaks_the_contract_fails_the_test_naming_the_pointer(
    assessment_stub: AssessmentStub,
) -> None:
    documents = [{"type": "SKILLS_TEST"}, {"type": "SKILLS_TEST", "max_score": "100"}]
    with pytest.raises(pytest.fail.Exception, match=r"seed\[1\].*/max_score"):
        assessment_stub.seed("createAssessmentPackage", documents, connection_id="conn_1")
    # Nothing of it was stored, not even the valid first item.
    assert len(assessment_stub.app.state.store) == 0

    with pytest.raises(pytest.fail.Exception, match="/path/connection_id"):
        assessment_stub.seed("createAssessmentPackage", [{"type": "SKILLS_TEST"}])
    with pytest.raises(pytest.fail.Exception, match="no create"):
        assessment_stub.seed("listAssessmentPackages", [{}], connection_id="c")


def test_two_workspaces_are_isolated_in_one_test(assessment_stub: AssessmentStub) -> None:
    mine = assessment_stub.seed(
        "createAssessmentPackage", [{"type": "SKILLS_TEST"}], connection_id="conn_1"
    )
    theirs = assessment_stub.seed(
        "createAssessmentPackage", [{"type": "SKILLS_TEST"}] * 2, connection_id="conn_1",
        token=SECOND,
    )  # fmt: skip
    assessment_stub.fail_next("listAssessmentPackages", 503, token=SECOND)

    assert listed(assessment_stub, DEFAULT_TOKEN) == [mine[0]["id"]]
    with pytest.raises(AssertionError):  # the second workspace's list fails once
        listed(assessment_stub, SECOND)
    assert listed(assessment_stub, SECOND) == [item["id"] for item in theirs]
    assert assessment_stub.workspace_id(SECOND) == theirs[0]["workspace_id"]
    assert assessment_stub.workspace_id() != assessment_stub.workspace_id(SECOND)


def test_fail_next_is_the_control_api_as_a_call(assessment_stub: AssessmentStub) -> None:
    fault = assessment_stub.fail_next("getAssessmentPackage", 429, times=2, retry_after=3)
    assert fault["times"] == 2 and assessment_stub.faults() == [fault]
    answer = httpx.get(
        f"{assessment_stub.base_url}/__stub/faults",
        headers={"authorization": f"Bearer {DEFAULT_TOKEN}"},
    )
    assert answer.json() == {"faults": [fault]}
    assert assessment_stub.faults(token=SECOND) == []

    with pytest.raises(pytest.fail.Exception, match="400, 401, 404, 429"):
        assessment_stub.fail_next("getAssessmentPackage", 418)
    with pytest.raises(pytest.fail.Exception, match="not one of"):
        assessment_stub.fail_next("getAssessmentPackage", 503, token="who")
    assessment_stub.clear_faults()
    assert assessment_stub.faults() == []
    assessment_stub.fail_next("getAssessmentPackage", 503)  # left for the next test to not see


def test_each_test_starts_without_faults_or_items(assessment_stub: AssessmentStub) -> None:
    # The test before this one left a fault and items in the session's stub.
    assert assessment_stub.faults() == [] and len(assessment_stub.app.state.store) == 0


def test_the_in_process_kit_drops_as_httpx_does(assessment_stub_app: InProcessStub) -> None:
    assessment_stub_app.fail_next("listAssessmentPackages", drop=True)
    assessment_stub_app.seed(
        "createAssessmentPackage", [{"type": "SKILLS_TEST"}], connection_id="conn_1"
    )

    async def listing() -> list[object]:
        headers = {"authorization": f"Bearer {assessment_stub_app.token}"}
        async with httpx.AsyncClient(
            transport=assessment_stub_app.transport(), base_url=assessment_stub_app.base_url
        ) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/assessment/conn_1/package", headers=headers)
            answer = await client.get("/assessment/conn_1/package", headers=headers)
            items: list[object] = answer.json()
            return items

    assert len(asyncio.run(listing())) == 1


SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
ANY_VALUE = st.recursive(
    SCALARS | st.builds(object) | st.binary(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    operation=st.sampled_from(["listAssessmentPackages", "createAssessmentPackage", "nope"])
    | ANY_VALUE,
    status=ANY_VALUE,
    times=ANY_VALUE,
    retry_after=ANY_VALUE,
)
def test_fail_next_takes_a_fault_or_fails_the_test_never_raises_else(
    assessment_stub_app: InProcessStub, operation: Any, status: Any, times: Any, retry_after: Any
) -> None:
    assessment_stub_app.reset()
    try:
        assessment_stub_app.fail_next(operation, status, times=times, retry_after=retry_after)
    except pytest.fail.Exception:
        assert assessment_stub_app.faults() == []


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=ANY_VALUE, connection_id=st.text(max_size=5) | ANY_VALUE)
def test_seed_stores_the_documents_or_fails_the_test_never_raises_else(
    assessment_stub_app: InProcessStub, documents: Any, connection_id: Any
) -> None:
    assessment_stub_app.reset()
    if not isinstance(documents, list | str | bytes | dict):
        documents = [documents]
    if isinstance(documents, str | bytes):
        documents = [documents]
    try:
        seeded = assessment_stub_app.seed(
            "createAssessmentPackage", documents, connection_id=connection_id
        )
    except pytest.fail.Exception:
        assert len(assessment_stub_app.app.state.store) == 0
    else:
        assert len(seeded) == len(documents) == len(assessment_stub_app.app.state.store)


def test_a_seed_file_that_is_missing_or_too_large_fails_the_test(
    assessment_stub: AssessmentStub, tmp_path: Path
) -> None:
    with pytest.raises(pytest.fail.Exception, match="cannot be read"):
        assessment_stub.seed(
            "createAssessmentPackage", tmp_path / "missing.json", connection_id="c"
        )
    with pytest.raises(pytest.fail.Exception, match="a list of documents"):
        assessment_stub.seed("createAssessmentPackage", {"type": "SKILLS_TEST"}, connection_id="c")
    big = [{"type": "SKILLS_TEST", "description": "x" * 2_000_000}]
    with pytest.raises(pytest.fail.Exception, match="larger than"):
        assessment_stub.seed("createAssessmentPackage", big, connection_id="c")
    with pytest.raises(pytest.fail.Exception, match="connection_id must be a string"):
        not_text: Any = 1
        assessment_stub.seed("createAssessmentPackage", [{}], connection_id=not_text)


def test_a_seed_names_the_creates_whatever_else_the_contract_holds() -> None:
    """An operation the stub serves as no resource's action (a POST on an item path, as a
    trigger is) is no create to seed with, and is said so."""
    document = copy.deepcopy(Contract().document)
    item = document["paths"]["/assessment/{connection_id}/package/{id}"]
    item["post"] = {**item["patch"], "operationId": "triggerAssessmentPackage"}
    app = create_app(Settings(), InMemoryStore(), Contract(document=document))

    with pytest.raises(SeedRefused, match=r"createAssessmentOrder.*createAssessmentPackage"):
        seed(app, "triggerAssessmentPackage", [{}], "ws", {"connection_id": "c", "id": "i"})
