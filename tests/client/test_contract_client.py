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
    body_model,
    check_operation_requests,
    client_module,
    minimal,
    object_schemas,
    smallest_body,
)
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from unified_assessment_client import AuthenticatedClient, ClientError, InvalidDocument, ServerError
from unified_assessment_client import models as client_models
from unified_assessment_client.models import Error
from unified_assessment_client.types import parse_datetime

from unified_assessment_stub import DEFAULT_TOKEN, Settings, create_app

CONTRACT: dict[str, Any] = contract.load()
OPERATIONS = {op.operation_id: op for op in contract.operations(CONTRACT)}
SCHEMAS = dict(object_schemas(CONTRACT))
# The operations that create an item of a collection: a POST whose answer is what it was sent.
CREATES = {
    op.operation_id: op
    for op in OPERATIONS.values()
    if op.method == "POST" and op.body_schema and op.body_schema == op.success_schema
}
# The resources: the schemas that operations send and answer, which hold all the others.
RESOURCES = sorted({body_model(op).__name__ for op in CREATES.values()})
# Schemathesis draws any schema through a copy of the first create, with that schema as body.
CREATE_PATH = next(iter(CREATES.values())).path
TOKEN = "contract-token"
# A hook_url of any host is kept, never sent to: schemathesis draws URLs of any host.
KEEP = Settings(webhook_elsewhere="keep")
STUB_APP = create_app(KEEP)
PROPERTY = settings(suppress_health_check=list(HealthCheck), deadline=None)
# The parametrised property tests (one per operation or schema) take a quarter of the profile's
# examples each, so that `make test` stays within its time budget, but never fewer than the 25
# at which the mutation curve flattens (unless the profile has fewer: `smoke`); each resource
# (a package, an order), the schema that holds all the others, gets the full count in the
# agreement test.
QUARTER = max(EXAMPLES // 4, min(25, EXAMPLES))
PER_CASE = settings(PROPERTY, max_examples=QUARTER)


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


def same_instants(document: Any, schema: Any) -> Any:
    """The document with its date-times, at any depth, as instants: the two packages may write
    one instant in two forms (the client sends UTC)."""
    schema = contract.deref(CONTRACT, schema)
    if isinstance(document, list) and isinstance(schema.get("items"), dict):
        return [same_instants(item, schema["items"]) for item in document]
    if isinstance(document, str) and schema.get("format") == "date-time":
        return parse_datetime(document)
    if isinstance(document, dict):
        properties = schema.get("properties", {})
        return {
            key: same_instants(value, properties[key]) if key in properties else value
            for key, value in document.items()
        }
    return document


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
    kwargs.update(smallest_body(CONTRACT, operation))
    module = client_module(operation_id)
    name = ("asyncio" if asynchronous else "sync") + ("_detailed" if detailed else "")
    return getattr(module, name)(client=client, **kwargs)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_the_client_sends_what_the_contract_describes(operation_id: str) -> None:
    operation = OPERATIONS[operation_id]
    strategy = schemathesis.openapi.from_dict(CONTRACT)[operation.path][
        operation.method
    ].as_strategy(generation_mode=GenerationMode.POSITIVE)
    check_operation_requests(CONTRACT, operation, strategy, QUARTER, SEED)


AWKWARD_IDS = [".", "..", "a/b", "?x#y", "100%", "a/../b", "%2F", " ", "日本"]


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_awkward_path_parameters_are_percent_encoded_whole(operation_id: str) -> None:
    operation = OPERATIONS[operation_id]
    module = client_module(operation_id)
    for value in AWKWARD_IDS:
        names = {p["name"]: value for p in operation.path_parameters}
        sent = module._get_kwargs(**names, **smallest_body(CONTRACT, operation))
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
        schema = {**schema, "maxItems": 5}  # pages of a few items: as telling, far quicker
    document = data.draw(schema_strategy(schema, GenerationMode.POSITIVE))
    parsed = call(operation_id, client_answering(httpx.Response(200, json=document)))
    assert same_instants(to_document(parsed), schema) == same_instants(document, schema)
    detailed = call(operation_id, client_answering(httpx.Response(200, json=document)), True)
    assert same_instants(to_document(detailed.parsed), schema) == same_instants(document, schema)


@pytest.mark.parametrize(
    "operation_id", [op for op, spec in OPERATIONS.items() if not spec.success_schema]
)
def test_an_answer_without_a_body_gives_none(operation_id: str) -> None:
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
    pieces = [TOKEN[i : i + 8] for i in range(len(TOKEN) - 7)]
    if any(piece in json.dumps(document) for piece in pieces):
        # Hypothesis draws the module's own strings too ("contract"): a piece of the token in
        # an answer is removed from the error the client keeps (its secrets promise).
        kept = json.dumps(raised.value.error.to_dict())
        assert not any(piece in kept for piece in pieces), kept
    else:
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
        schema = component(name)
        assert same_instants(by_pydantic, schema) == same_instants(by_client, schema)
        # Whatever the format (a date, a URI, an email), both keep the value as it was sent.
        assert same_instants(by_client, schema) == same_instants(document, schema)


@pytest.mark.parametrize("name", SCHEMAS)
@PER_CASE
@seed(SEED)
@given(data=st.data())
def test_the_two_model_sets_agree_on_every_document(name: str, data: st.DataObject) -> None:
    assert_models_agree(name, data.draw(any_document(name)))


# Values a generator's own type would normalise: pydantic's AnyUrl adds a slash to the first.
AS_SENT = {"uri": "https://0.com", "date": "1990-12-10", "email": "Ada@Example.COM"}
FORMATTED = [
    (name, prop, fmt)
    for name, schema in SCHEMAS.items()
    for prop, spec in schema.get("properties", {}).items()
    for fmt in [spec.get("format") or spec.get("items", {}).get("format")]
    if fmt in AS_SENT
]


@pytest.mark.parametrize(("name", "prop", "fmt"), FORMATTED)
def test_a_formatted_value_is_kept_as_sent_by_both_packages(name: str, prop: str, fmt: str) -> None:
    spec = SCHEMAS[name]["properties"][prop]
    value: Any = [AS_SENT[fmt]] if spec.get("type") == "array" else AS_SENT[fmt]
    document = {**minimal(CONTRACT, component(name)), prop: value}
    assert judge_pydantic(name, document)[prop] == value
    assert judge_client(name, document)[prop] == value
    bad = {**document, prop: ["not one"] if isinstance(value, list) else "not one"}
    assert judge_pydantic(name, bad) is None and judge_client(name, bad) is None


@pytest.mark.parametrize("name", RESOURCES)
@PROPERTY
@seed(SEED)
@given(data=st.data())
def test_the_two_model_sets_agree_on_every_resource(name: str, data: st.DataObject) -> None:
    assert_models_agree(name, data.draw(any_document(name)))


END_TO_END = settings(
    max_examples=min(EXAMPLES, 200), suppress_health_check=list(HealthCheck), deadline=None
)
connection_ids = st.one_of(st.sampled_from(AWKWARD_IDS), st.text(min_size=1))


@functools.cache
def request_cases(operation_id: str) -> st.SearchStrategy[Any]:
    operation = CREATES[operation_id]
    return schemathesis.openapi.from_dict(CONTRACT)[operation.path]["POST"].as_strategy(
        generation_mode=GenerationMode.POSITIVE
    )


def assert_created_from(
    operation_id: str, created: Any, body: dict[str, Any], path: dict[str, str]
) -> None:
    """The created item keeps every client-owned property as sent; the server sets its own,
    the path parameters it holds (its connection, say) among them."""
    operation = CREATES[operation_id]
    spec = contract.resource_operation(CONTRACT, operation)
    document = created.to_dict()
    for name, how in spec.server_values.items():
        if how == "path-parameter":
            assert document[name] == path[name], name
        elif how != "server-state":  # absent until the server records one
            assert document[name], name
    server_owned = contract.server_owned(CONTRACT, operation.body_schema or {})
    for key, value in body.items():
        if key not in server_owned:
            assert document[key] == value, key


def path_values(data: st.DataObject, operation_id: str) -> dict[str, str]:
    """A drawn value for each path parameter of the operation (awkward ones among them)."""
    operation = CREATES[operation_id]
    return {p["name"]: data.draw(connection_ids, p["name"]) for p in operation.path_parameters}


@pytest.fixture(scope="module")
def live_stub() -> Iterator[AuthenticatedClient]:
    with (
        serve(create_app(KEEP)) as url,
        AuthenticatedClient(base_url=url, token=DEFAULT_TOKEN) as client,
    ):
        yield client


@pytest.mark.parametrize("operation_id", CREATES)
@END_TO_END
@seed(SEED)
@given(data=st.data())
def test_contract_cases_succeed_against_the_stub_over_http(
    live_stub: AuthenticatedClient, operation_id: str, data: st.DataObject
) -> None:
    case = data.draw(request_cases(operation_id))
    body = body_model(CREATES[operation_id]).from_dict(case.body)
    path = path_values(data, operation_id)
    created = client_module(operation_id).sync(*path.values(), client=live_stub, body=body)
    assert_created_from(operation_id, created, case.body, path)


@pytest.mark.parametrize("operation_id", CREATES)
@END_TO_END
@seed(SEED)
@given(data=st.data())
def test_contract_cases_succeed_against_the_stub_over_asgi(
    operation_id: str, data: st.DataObject
) -> None:
    case = data.draw(request_cases(operation_id))
    body = body_model(CREATES[operation_id]).from_dict(case.body)
    path = path_values(data, operation_id)
    module = client_module(operation_id)
    created = create_over_asgi(STUB_APP, tuple(path.values()), body, module)
    assert_created_from(operation_id, created, case.body, path)
