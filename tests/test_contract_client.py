"""Schemathesis draws cases from the contract; the generated client must honour every one.

Requests the client sends are captured at the httpx transport and checked against the
contract; documents the contract allows in responses are parsed and serialised back; and the
pydantic models and the client models must judge any document alike.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pydantic
import pytest
import schemathesis
import unified_assessment_models as models
import yaml
from conftest import DOCUMENT, EXAMPLES, SEED, create_over_asgi, serve
from contract_checks import PATH, read_only, validator
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from stub import DEFAULT_TOKEN, create_app
from unified_assessment_client import AuthenticatedClient, ClientError, InvalidDocument, ServerError
from unified_assessment_client.api.assessment import create_assessment_package as create
from unified_assessment_client.models import AssessmentPackage, Error
from unified_assessment_client.types import parse_datetime

CONTRACT: dict[str, Any] = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
PACKAGE_SCHEMA = CONTRACT["components"]["schemas"]["AssessmentPackage"]
READ_ONLY = read_only(CONTRACT)
DATE_TIMES = {
    name for name, prop in PACKAGE_SCHEMA["properties"].items() if prop.get("format") == "date-time"
}
TOKEN = "contract-token"
STUB_APP = create_app()
PROPERTY = settings(suppress_health_check=list(HealthCheck), deadline=None)


def body_strategy(component: str, mode: GenerationMode) -> st.SearchStrategy[Any]:
    """Bodies schemathesis draws for `component`, through a copy of the contract whose request
    body is that component (read-only properties included, as a response carries them)."""
    document = copy.deepcopy(CONTRACT)
    for prop in document["components"]["schemas"][component].get("properties", {}).values():
        prop.pop("readOnly", None)
    operation = document["paths"][PATH]["post"]
    operation["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": f"#/components/schemas/{component}"
    }
    schema = schemathesis.openapi.from_dict(document)
    strategy = schema[PATH]["POST"].as_strategy(generation_mode=mode)
    return strategy.map(lambda case: case.body)


def same_instants(document: dict[str, Any]) -> dict[str, Any]:
    """The document with its date-times as instants: the client sends them in UTC with Z."""
    return {
        key: parse_datetime(value) if key in DATE_TIMES and isinstance(value, str) else value
        for key, value in document.items()
    }


class Capture:
    def __init__(self, answer: httpx.Response) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer


def client_answering(answer: httpx.Response) -> tuple[AuthenticatedClient, Capture]:
    capture = Capture(answer)
    client = AuthenticatedClient(
        base_url="https://api.test",
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(capture)},
    )
    return client, capture


CREATED = {"id": "p", "type": "OTHER", "workspace_id": "w", "connection_id": "c"}
request_cases = schemathesis.openapi.from_dict(CONTRACT)[PATH]["POST"].as_strategy(
    generation_mode=GenerationMode.POSITIVE
)
awkward_ids = st.sampled_from(["/", "?", "#", "%", " ", "é", ".", "..", "a/../b", "%2F", "日本"])
connection_ids = st.one_of(awkward_ids, st.text(min_size=1))
request_validator = validator(CONTRACT, "AssessmentPackage")


@PROPERTY
@seed(SEED)
@given(case=request_cases, connection_id=connection_ids)
def test_the_client_sends_what_the_contract_describes(case: Any, connection_id: str) -> None:
    client, capture = client_answering(httpx.Response(200, json=CREATED))
    body = AssessmentPackage.from_dict(case.body)

    create.sync(connection_id, client=client, body=body)

    (request,) = capture.requests
    segments = request.url.raw_path.decode("ascii").split("/")
    assert request.method == "POST"
    assert len(segments) == 4
    assert segments[1] == "assessment" and segments[3] == "package"
    assert unquote(segments[2]) == connection_id
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    sent = json.loads(request.content)
    assert request_validator.is_valid(sent), list(request_validator.iter_errors(sent))
    assert not READ_ONLY & set(sent)
    expected = {key: value for key, value in case.body.items() if key not in READ_ONLY}
    assert same_instants(sent) == same_instants(expected)


def test_awkward_connection_ids_are_percent_encoded_whole() -> None:
    client, capture = client_answering(httpx.Response(200, json=CREATED))
    for connection_id in [".", "..", "a/b", "?x#y", "100%"]:
        create.sync(connection_id, client=client, body=AssessmentPackage.from_dict({"type": "X"}))
    paths = [request.url.raw_path.decode() for request in capture.requests]
    assert paths == [
        f"/assessment/{quote(c, safe='').replace('.', '%2E')}/package"
        for c in [".", "..", "a/b", "?x#y", "100%"]
    ]


@PROPERTY
@seed(SEED)
@given(document=body_strategy("AssessmentPackage", GenerationMode.POSITIVE))
def test_every_allowed_package_is_parsed_with_nothing_lost(document: dict[str, Any]) -> None:
    client, _ = client_answering(httpx.Response(200, json=document))
    created = create.sync("c", client=client, body=AssessmentPackage.from_dict({"type": "OTHER"}))
    assert same_instants(created.to_dict()) == same_instants(document)


ERROR_STATUSES = [400, 401, 404, 413, 415, 422, 429, 500, 502, 503, 504]


@PROPERTY
@seed(SEED)
@given(
    document=body_strategy("Error", GenerationMode.POSITIVE),
    status=st.sampled_from(ERROR_STATUSES),
)
def test_every_allowed_error_is_raised_with_its_body(document: dict[str, Any], status: int) -> None:
    client, _ = client_answering(httpx.Response(status, json=document))
    client.retry = client.retry.disabled()
    expected = ClientError if status < 500 else ServerError
    with pytest.raises(expected) as raised:
        create.sync("c", client=client, body=AssessmentPackage.from_dict({"type": "OTHER"}))
    assert raised.value.status_code == status
    assert isinstance(raised.value.error, Error)
    assert raised.value.error.to_dict() == document


def judge_pydantic(document: Any) -> dict[str, Any] | None:
    try:
        model = models.AssessmentPackage.model_validate_json(json.dumps(document))
    except pydantic.ValidationError:
        return None
    return model.model_dump(mode="json")


def judge_client(document: Any) -> dict[str, Any] | None:
    try:
        return AssessmentPackage.from_dict(document).to_dict()
    except InvalidDocument:
        return None


any_document = st.one_of(
    body_strategy("AssessmentPackage", GenerationMode.POSITIVE),
    body_strategy("AssessmentPackage", GenerationMode.NEGATIVE),
).filter(lambda body: not isinstance(body, bytes))


@PROPERTY
@seed(SEED)
@given(document=any_document)
def test_the_two_model_sets_agree_on_every_document(document: Any) -> None:
    by_pydantic, by_client = judge_pydantic(document), judge_client(document)
    assert (by_pydantic is None) == (by_client is None), (by_pydantic, by_client)
    if by_pydantic is not None and by_client is not None:
        assert same_instants(by_pydantic) == same_instants(by_client)


SERVER_OWNED = {"id", "created_at", "updated_at"} | READ_ONLY
END_TO_END = settings(
    max_examples=min(EXAMPLES, 200), suppress_health_check=list(HealthCheck), deadline=None
)


def assert_created_from(
    created: AssessmentPackage, body: dict[str, Any], connection_id: str
) -> None:
    assert created.connection_id == connection_id
    assert created.id and created.workspace_id
    document = created.to_dict()
    for key, value in body.items():
        if key not in SERVER_OWNED:
            assert document[key] == value, key


@pytest.fixture(scope="module")
def live_stub() -> Iterator[AuthenticatedClient]:
    with (
        serve(create_app()) as url,
        AuthenticatedClient(base_url=url, token=DEFAULT_TOKEN) as client,
    ):
        yield client


@END_TO_END
@seed(SEED)
@given(case=request_cases, connection_id=connection_ids)
def test_contract_cases_succeed_against_the_stub_over_http(
    live_stub: AuthenticatedClient, case: Any, connection_id: str
) -> None:
    created = create.sync(
        connection_id, client=live_stub, body=AssessmentPackage.from_dict(case.body)
    )
    assert_created_from(created, case.body, connection_id)


@END_TO_END
@seed(SEED)
@given(case=request_cases, connection_id=connection_ids)
def test_contract_cases_succeed_against_the_stub_over_asgi(case: Any, connection_id: str) -> None:
    created = create_over_asgi(STUB_APP, connection_id, AssessmentPackage.from_dict(case.body))
    assert_created_from(created, case.body, connection_id)
