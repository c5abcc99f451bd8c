"""Faults on demand (`/__stub/faults`, `Prefer: code=`): the vendor's bad days, for every
operation of the contract, as a provider's retry code meets them over HTTP; per workspace,
never changing stored data, and every hostile control request answered 4xx."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import check_contract
import httpx
import jsonschema_rs
import pytest
import yaml
from contract import Contract, Operation, deref
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from unified_assessment_stub import DEFAULT_TOKEN
from unified_assessment_stub.control import document
from unified_assessment_stub.faults import MAX_DELAY_MS, allowed_statuses
from unified_assessment_stub.pytest_plugin import AssessmentStub

CONTRACT = Contract()
# Each example resets the served stub itself (its store and faults).
RESET_EACH = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
OPERATIONS = sorted(CONTRACT.operations)
A = {"authorization": f"Bearer {DEFAULT_TOKEN}"}
B = {"authorization": "Bearer second-token"}


def call(url: str, operation: Operation, headers: dict[str, str], **options: Any) -> httpx.Response:
    """One request of `operation`, with the contract's example body when it has one."""
    path = operation.path.replace("{connection_id}", "conn_1").replace("{id}", "some-id")
    body = None
    if operation.body_schema is not None:
        try:
            body = CONTRACT.example(operation.operation_id)
        except KeyError:
            body = {}
    return httpx.request(
        operation.method, url + path, headers=headers, json=body, timeout=10, **options
    )


def add_fault(url: str, headers: dict[str, str], **fault: Any) -> httpx.Response:
    return httpx.post(f"{url}/__stub/faults", json=fault, headers=headers, timeout=10)


def error_schema_holds(operation: Operation, answer: httpx.Response) -> None:
    """The answer's body is what the contract says the operation answers with that status
    (the Error, for a status it does not list)."""
    listed = operation.spec["responses"].get(str(answer.status_code))
    schema: dict[str, Any] = {"$ref": "#/components/schemas/Error"}
    if listed is not None:
        schema = deref(CONTRACT.document, listed)["content"]["application/json"]["schema"]
    problems = list(CONTRACT.validator(schema).iter_errors(answer.json()))
    assert problems == [], problems
    assert answer.json()["status"] == answer.status_code


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_the_next_calls_answer_the_fault_then_the_operation_answers_again(
    assessment_stub: AssessmentStub, operation_id: str
) -> None:
    url, operation = assessment_stub.base_url, CONTRACT.operations[operation_id]
    added = add_fault(url, A, operation=operation_id, status=429, times=2, retry_after=1)
    assert added.status_code == 201, added.text
    assert added.json()["times"] == 2

    for _ in range(2):
        answer = call(url, operation, A)
        assert answer.status_code == 429
        assert answer.headers["retry-after"] == "1"
        error_schema_holds(operation, answer)
    assert call(url, operation, A).status_code != 429
    assert httpx.get(f"{url}/__stub/faults", headers=A).json() == {"faults": []}


@RESET_EACH
@given(operation_id=st.sampled_from(OPERATIONS), status=st.integers(100, 599))
def test_a_fault_answers_only_a_status_the_contract_lists_or_any_5xx(
    assessment_stub: AssessmentStub, operation_id: str, status: int
) -> None:
    assessment_stub.reset()
    url, operation = assessment_stub.base_url, CONTRACT.operations[operation_id]
    allowed = allowed_statuses(operation)
    added = add_fault(url, A, operation=operation_id, status=status)

    if status in allowed or status >= 500:
        assert added.status_code == 201, added.text
        answer = call(url, operation, A)
        assert answer.status_code == status
        error_schema_holds(operation, answer)
    else:
        assert added.status_code == 422
        for listed in allowed:
            if listed < 500:
                assert str(listed) in added.json()["message"]
        assert assessment_stub.faults() == []


@pytest.mark.parametrize("fault", [{"status": 503}, {"drop": True}, {"status": 500}])
def test_a_faulted_create_stores_nothing(assessment_stub: AssessmentStub, fault: Any) -> None:
    url = assessment_stub.base_url
    creates = [op for op in CONTRACT.operations.values() if op.method == "POST"]
    for operation in creates:
        assert add_fault(url, A, operation=operation.operation_id, **fault).status_code == 201
        try:
            answer = call(url, operation, A)
        except httpx.RemoteProtocolError:
            assert fault.get("drop")
        else:
            assert answer.status_code == fault["status"]
    assert len(assessment_stub.app.state.store) == 0
    # The next create, unfaulted, is stored.
    assert call(url, creates[0], A).status_code == 200
    assert len(assessment_stub.app.state.store) == 1


def test_a_dropped_connection_is_closed_without_an_answer(
    assessment_stub: AssessmentStub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="stub.access")
    url = assessment_stub.base_url
    add_fault(url, A, operation="listAssessmentPackages", drop=True, times=2)
    with httpx.Client(base_url=url, headers=A) as client:
        for _ in range(2):
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/assessment/conn_1/package")
        assert client.get("/assessment/conn_1/package").status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "stub.access"]
    assert sum(" dropped " in line for line in lines) == 2, lines


def test_a_drop_is_a_close_whatever_the_body(assessment_stub: AssessmentStub) -> None:
    """The body is read before the connection is closed: a close with bytes unread would be a
    reset (RST), which the client sees as a ReadError or a close by a race."""
    url = assessment_stub.base_url
    body = {"type": "SKILLS_TEST", "description": "x" * 500_000}
    add_fault(url, A, operation="createAssessmentPackage", drop=True, times=10)
    for _ in range(10):
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.post(f"{url}/assessment/conn_1/package", json=body, headers=A)
    assert len(assessment_stub.app.state.store) == 0


def test_a_delay_outlasts_a_read_timeout(assessment_stub: AssessmentStub) -> None:
    url = assessment_stub.base_url
    add_fault(url, A, operation="listAssessmentPackages", delay_ms=3000)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{url}/assessment/conn_1/package", headers=A, timeout=0.2)
    # A delay alone only delays: the call after it answers as usual.
    assert httpx.get(f"{url}/assessment/conn_1/package", headers=A).status_code == 200


def test_faults_are_per_workspace(assessment_stub: AssessmentStub) -> None:
    url = assessment_stub.base_url
    add_fault(url, A, operation="listAssessmentPackages", status=503, times=5)
    list_path = f"{url}/assessment/conn_1/package"

    assert httpx.get(list_path, headers=B).status_code == 200
    assert httpx.get(f"{url}/__stub/faults", headers=B).json() == {"faults": []}
    assert httpx.delete(f"{url}/__stub/faults", headers=B).json() == {"cleared": 0}
    assert httpx.get(list_path, headers=A).status_code == 503
    (waiting,) = httpx.get(f"{url}/__stub/faults", headers=A).json()["faults"]
    assert waiting["times"] == 4 and waiting["status"] == 503
    assert httpx.delete(f"{url}/__stub/faults", headers=A).json() == {"cleared": 1}
    assert httpx.get(list_path, headers=A).status_code == 200


def test_a_request_may_ask_for_its_own_fault(assessment_stub: AssessmentStub) -> None:
    url = assessment_stub.base_url
    add_fault(url, A, operation="listAssessmentPackages", status=429)
    path = f"{url}/assessment/conn_1/package"

    asked = httpx.get(path, headers={**A, "Prefer": "respond-async, code=503"})
    assert asked.status_code == 503
    error_schema_holds(CONTRACT.operations["listAssessmentPackages"], asked)
    refused = httpx.get(path, headers={**A, "Prefer": "code=418"})
    assert refused.status_code == 422 and "429" in refused.json()["message"]
    # Neither spent the fault waiting in the workspace.
    assert httpx.get(path, headers=A).status_code == 429


@RESET_EACH
@given(prefer=st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=40))
def test_any_prefer_header_is_answered_never_a_failure_of_the_stub(
    assessment_stub: AssessmentStub, prefer: str
) -> None:
    operation = CONTRACT.operations["listAssessmentPackages"]
    answer = httpx.get(
        f"{assessment_stub.base_url}/assessment/conn_1/package",
        headers=[
            (b"authorization", A["authorization"].encode()),
            (b"prefer", prefer.strip().encode("latin-1")),
        ],
    )
    if answer.status_code == 200:
        return
    error_schema_holds(operation, answer)
    # A fault is only what a code= preference asked for, and one the operation may answer.
    if answer.status_code != 422:
        assert f"code={answer.status_code}" in prefer.replace(" ", "").lower()
        assert answer.status_code in allowed_statuses(operation) or answer.status_code >= 500


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=12,
)
FAULT_LIKE = st.fixed_dictionaries(
    {"operation": st.sampled_from([*OPERATIONS, "nope", ""])},
    optional={
        "status": st.integers(-1, 1000) | JSON,
        "times": st.integers(-1, 20_000) | JSON,
        "retry_after": st.integers(-5, 100_000) | JSON,
        "delay_ms": st.integers(-5, MAX_DELAY_MS + 5) | JSON,
        "drop": st.booleans() | JSON,
        "extra": JSON,
    },
)


@RESET_EACH
@given(
    body=st.one_of(FAULT_LIKE, JSON).map(json.dumps).map(str.encode) | st.binary(max_size=64),
    content_type=st.sampled_from(["application/json", "text/plain", "", "application/json; x=1"]),
    method=st.sampled_from(["POST", "GET", "DELETE", "PUT", "PATCH"]),
    authorized=st.booleans(),
)
def test_hostile_control_requests_are_4xx_never_5xx(
    assessment_stub: AssessmentStub, body: bytes, content_type: str, method: str, authorized: bool
) -> None:
    headers = {**(A if authorized else {}), "content-type": content_type}
    answer = httpx.request(
        method, f"{assessment_stub.base_url}/__stub/faults", content=body, headers=headers
    )
    assert answer.status_code < 500, answer.text
    if answer.status_code >= 400:
        assert answer.json()["status"] == answer.status_code
    if not authorized:
        assert answer.status_code in (401, 405)
    assessment_stub.reset()


PUBLISHED = jsonschema_rs.Draft202012Validator(
    {**document(CONTRACT), "$ref": "#/components/schemas/FaultRequest"}
)


@RESET_EACH
@given(body=FAULT_LIKE)
def test_a_fault_is_taken_exactly_when_its_published_schema_holds(
    assessment_stub: AssessmentStub, body: dict[str, Any]
) -> None:
    """The control document's FaultRequest says every rule the stub applies: what the stub
    takes and what a client validating against the document expects never differ."""
    assessment_stub.reset()
    answer = add_fault(assessment_stub.base_url, A, **body)
    assert (answer.status_code == 201) == PUBLISHED.is_valid(body), answer.text
    assert answer.status_code in (201, 422)


def test_the_control_api_is_its_own_document_listed_in_docs(
    assessment_stub: AssessmentStub,
) -> None:
    url = assessment_stub.base_url
    served = httpx.get(f"{url}/__stub/openapi.json").json()
    validate(served)
    assert served == document(CONTRACT)
    assert {"addStubFault", "listStubFaults", "clearStubFaults"} <= {
        spec["operationId"] for item in served["paths"].values() for spec in item.values()
    }
    assert httpx.get(f"{url}/docs/stub-control.json").json()["paths"] == served["paths"]
    assert "/docs/stub-control.json" in httpx.get(f"{url}/docs/swagger-initializer.js").text
    # The contract itself stays the vendor's: nothing of the control API in it.
    main = httpx.get(f"{url}/openapi.json").json()
    assert not [path for path in main["paths"] if path.startswith("/__stub")]
    assert httpx.get(f"{url}/__stub/faults").status_code == 401
    assert httpx.get(f"{url}/__stub/elsewhere", headers=A).status_code == 404


def test_the_contract_check_refuses_a_path_under_the_reserved_prefix(tmp_path: Path) -> None:
    document = Contract().document
    paths = document["paths"]
    first = next(iter(paths))
    paths[f"/__stub{first}"] = paths.pop(first)
    path = tmp_path / "contract.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))

    problems = check_contract.check(path)

    assert problems and all("/__stub/ is reserved" in problem for problem in problems)
