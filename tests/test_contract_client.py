"""Schemathesis draws cases from the contract; the generated client must honour every one, for
every operation.

Requests the client sends are captured at the httpx transport and checked against the
contract; answers the contract allows are parsed and serialised back with nothing lost; and the
pydantic models and the client models must judge any document alike, for every schema.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from typing import Any

import contract
import httpx
import pydantic
import pytest
import schemathesis
import unified_assessment_models as models
from conftest import EXAMPLES, SEED, create_over_asgi, serve
from contract_checks import (
    check_operation_requests,
    client_module,
    object_schemas,
)
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from stub import DEFAULT_TOKEN, create_app
from unified_assessment_client import AuthenticatedClient, ClientError, InvalidDocument, ServerError
from unified_assessment_client import models as client_models
from unified_assessment_client.api.assessment import create_assessment_package as create
from unified_assessment_client.models import AssessmentPackage, Error
from unified_assessment_client.types import parse_datetime

CONTRACT: dict[str, Any] = contract.load()
OPERATIONS = {op.operation_id: op for op in contract.operations(CONTRACT)}
SCHEMAS = dict(object_schemas(CONTRACT))
PACKAGE_SCHEMA = SCHEMAS["AssessmentPackage"]
READ_ONLY = contract.read_only(CONTRACT, PACKAGE_SCHEMA)
DATE_TIMES = {
    name for name, prop in PACKAGE_SCHEMA["properties"].items() if prop.get("format") == "date-time"
}
CREATE_PATH = OPERATIONS["createAssessmentPackage"].path
TOKEN = "contract-token"
STUB_APP = create_app()
PROPERTY = settings(suppress_health_check=list(HealthCheck), deadline=None)
# The parametrised property tests (one per operation or schema, about 30 in all) take a quarter
# of the profile's examples each, so that `make test` stays within its time budget; the whole
# package, the schema that holds all the others, gets the full count in the agreement test.
PER_CASE = settings(PROPERTY, max_examples=max(EXAMPLES // 4, 25))


def schema_strategy(schema: dict[str, Any], mode: GenerationMode) -> st.SearchStrategy[Any]:
    """Documents schemathesis draws for `schema`, through a copy of the contract whose create
    request body is that schema (read-only properties included, as an answer carries them)."""
    return _schema_strategy(json.dumps(schema, sort_keys=True), mode)


@functools.cache
def _schema_strategy(schema_json: str, mode: GenerationMode) -> st.SearchStrategy[Any]:
    schema = json.loads(schema_json)
    document = copy.deepcopy(CONTRACT)
    for component in document["components"]["schemas"].values():
        for prop in component.get("properties", {}).values():
            prop.pop("readOnly", None)
    operation = document["paths"][CREATE_PATH]["post"]
    operation["requestBody"]["content"]["application/json"]["schema"] = schema
    strategy = schemathesis.openapi.from_dict(document)[CREATE_PATH]["POST"].as_strategy(
        generation_mode=mode
    )
    return strategy.map(lambda case: case.body)


def component(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def same_instants(document: Any) -> Any:
    """The document with the package's date-times as instants: the client sends them in UTC."""
    if isinstance(document, list):
        return [same_instants(item) for item in document]
    return {
        key: parse_datetime(value) if key in DATE_TIMES and isinstance(value, str) else value
        for key, value in document.items()
    }


def client_answering(answer: httpx.Response) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://api.test",
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(lambda request: answer)},
    )


def call(
    operation_id: str,
    client: AuthenticatedClient,
    detailed: bool = False,
    asynchronous: bool = False,
) -> Any:
    """Call an operation's function (sync or async, plain or detailed) with arguments that the
    contract allows; an async function gives its coroutine."""
    operation = OPERATIONS[operation_id]
    kwargs: dict[str, Any] = {p["name"]: "x" for p in operation.path_parameters}
    if operation.body_schema is not None:
        kwargs["body"] = AssessmentPackage.from_dict({"type": "OTHER"})
    module = client_module(operation_id)
    name = ("asyncio" if asynchronous else "sync") + ("_detailed" if detailed else "")
    return getattr(module, name)(client=client, **kwargs)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_the_client_sends_what_the_contract_describes(operation_id: str) -> None:
    operation = OPERATIONS[operation_id]
    strategy = schemathesis.openapi.from_dict(CONTRACT)[operation.path][
        operation.method
    ].as_strategy(generation_mode=GenerationMode.POSITIVE)
    check_operation_requests(CONTRACT, operation, strategy, max(EXAMPLES // 4, 25), SEED)


AWKWARD_IDS = [".", "..", "a/b", "?x#y", "100%", "a/../b", "%2F", " ", "日本"]


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_awkward_path_parameters_are_percent_encoded_whole(operation_id: str) -> None:
    operation = OPERATIONS[operation_id]
    module = client_module(operation_id)
    body = AssessmentPackage.from_dict({"type": "OTHER"})
    for value in AWKWARD_IDS:
        names = {p["name"]: value for p in operation.path_parameters}
        sent = module._get_kwargs(**names, **({"body": body} if operation.body_schema else {}))
        request = httpx.Request(sent["method"], f"https://api.test{sent['url']}")
        segments = request.url.raw_path.decode("ascii").split("/")
        assert len(segments) == len(operation.path.split("/")), value
        for segment, part in zip(segments, operation.path.split("/"), strict=True):
            if part.startswith("{"):
                assert httpx.URL(f"/{segment}").path == f"/{value}"
                assert "." not in segment and "/" not in segment


def to_document(parsed: Any) -> Any:
    if isinstance(parsed, list):
        return [item.to_dict() for item in parsed]
    return parsed.to_dict()


@pytest.mark.parametrize(
    "operation_id", [op for op, spec in OPERATIONS.items() if spec.success_schema]
)
@PER_CASE
@seed(SEED)
@given(data=st.data())
def test_every_allowed_answer_is_parsed_with_nothing_lost(
    operation_id: str, data: st.DataObject
) -> None:
    schema = OPERATIONS[operation_id].success_schema
    assert schema is not None
    if schema.get("type") == "array":
        schema = {**schema, "maxItems": 5}  # pages of a few packages: as telling, far quicker
    document = data.draw(schema_strategy(schema, GenerationMode.POSITIVE))
    parsed = call(operation_id, client_answering(httpx.Response(200, json=document)))
    assert same_instants(to_document(parsed)) == same_instants(document)
    detailed = call(operation_id, client_answering(httpx.Response(200, json=document)), True)
    assert same_instants(to_document(detailed.parsed)) == same_instants(document)


def test_an_answer_without_a_body_gives_none() -> None:
    operation_id = "removeAssessmentPackage"
    assert OPERATIONS[operation_id].success_schema is None
    assert call(operation_id, client_answering(httpx.Response(200))) is None
    assert call(operation_id, client_answering(httpx.Response(200)), True).parsed is None


def error_statuses(operation_id: str) -> list[int]:
    return [int(s) for s in OPERATIONS[operation_id].spec["responses"] if not s.startswith("2")]


@pytest.mark.parametrize("operation_id", OPERATIONS)
@PER_CASE
@seed(SEED)
@given(data=st.data())
def test_every_allowed_error_is_raised_with_its_body(
    operation_id: str, data: st.DataObject
) -> None:
    document = data.draw(schema_strategy(component("Error"), GenerationMode.POSITIVE))
    status = data.draw(st.sampled_from(error_statuses(operation_id)))
    client = client_answering(httpx.Response(status, json=document))
    client.retry = client.retry.disabled()
    expected = ClientError if status < 500 else ServerError
    with pytest.raises(expected) as raised:
        call(operation_id, client)
    assert raised.value.status_code == status
    assert isinstance(raised.value.error, Error)
    assert raised.value.error.to_dict() == document


def judge_pydantic(name: str, document: Any) -> Any:
    try:
        model = getattr(models, name).model_validate_json(json.dumps(document))
    except pydantic.ValidationError:
        return None
    return model.model_dump(mode="json")


def judge_client(name: str, document: Any) -> Any:
    try:
        return getattr(client_models, name).from_dict(document).to_dict()
    except InvalidDocument:
        return None


def any_document(name: str) -> st.SearchStrategy[Any]:
    return st.one_of(
        schema_strategy(component(name), GenerationMode.POSITIVE),
        schema_strategy(component(name), GenerationMode.NEGATIVE),
    ).filter(lambda body: not isinstance(body, bytes))


def assert_models_agree(name: str, document: Any) -> None:
    by_pydantic, by_client = judge_pydantic(name, document), judge_client(name, document)
    assert (by_pydantic is None) == (by_client is None), (by_pydantic, by_client)
    if by_pydantic is not None:
        assert same_instants(by_pydantic) == same_instants(by_client)


@pytest.mark.parametrize("name", SCHEMAS)
@PER_CASE
@seed(SEED)
@given(data=st.data())
def test_the_two_model_sets_agree_on_every_document(name: str, data: st.DataObject) -> None:
    assert_models_agree(name, data.draw(any_document(name)))


@PROPERTY
@seed(SEED)
@given(document=any_document("AssessmentPackage"))
def test_the_two_model_sets_agree_on_every_package(document: Any) -> None:
    assert_models_agree("AssessmentPackage", document)


SERVER_OWNED = {"id", "created_at", "updated_at"} | READ_ONLY
END_TO_END = settings(
    max_examples=min(EXAMPLES, 200), suppress_health_check=list(HealthCheck), deadline=None
)
request_cases = schemathesis.openapi.from_dict(CONTRACT)[CREATE_PATH]["POST"].as_strategy(
    generation_mode=GenerationMode.POSITIVE
)
connection_ids = st.one_of(st.sampled_from(AWKWARD_IDS), st.text(min_size=1))


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
