"""The client under any answer: for whatever status, headers and body a server or a proxy
sends, every public function of every operation returns its documented type or raises one of
the documented exceptions, and never shows the token."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from conftest import SEED
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from unified_assessment_client import (
    AuthenticatedClient,
    InvalidDocument,
    Response,
    RetryPolicy,
    UnifiedAssessmentError,
)
from unified_assessment_client.models import Error

from .test_contract_client import OPERATIONS, call, component, schema_strategy

TOKEN = "tok-3f9a1c77e2"
# What a call may raise: the client's own errors, and httpx's for a request that could not
# complete (timeouts, transport failures, a body that cannot be decoded).
DOCUMENTED = (UnifiedAssessmentError, httpx.RequestError)
PROPERTY = settings(suppress_health_check=list(HealthCheck), deadline=None)
# One event loop for every async call of the module: a new loop per example costs more than
# the calls themselves.
RUNNER = asyncio.Runner()


def deep(depth: int, opener: str, closer: str) -> bytes:
    return (opener * depth + "1" + closer * depth).encode()


def odd_datetimes(document: Any) -> Any:
    """A package with date-times that RFC 3339 allows and a datetime cannot hold."""
    if isinstance(document, dict) and "type" in document:
        return {
            **document,
            "created_at": "2026-12-31T23:59:60Z",
            "updated_at": "0000-01-01T00:00:00-00:30",
        }
    return document


def bodies(operation_id: str) -> st.SearchStrategy[bytes]:
    schema = OPERATIONS[operation_id].success_schema or component("Error")
    if schema.get("type") == "array":
        schema = {**schema, "maxItems": 5}  # pages of a few packages: as telling, far quicker
    documents = st.one_of(
        schema_strategy(schema, GenerationMode.POSITIVE),
        schema_strategy(schema, GenerationMode.POSITIVE).map(odd_datetimes),
        schema_strategy(schema, GenerationMode.NEGATIVE),
        schema_strategy(component("Error"), GenerationMode.POSITIVE),
        st.builds(lambda text: {"message": f"bad token {TOKEN}: {text}"}, st.text(max_size=20)),
    ).filter(lambda document: not isinstance(document, bytes))
    return st.one_of(
        documents.map(lambda document: json.dumps(document).encode()),
        st.binary(max_size=200),
        st.sampled_from([b"", b"null", b"[]", b"{}", b"NaN", b'{"max_score": Infinity}',
                         b"1e400", b'{"type": "OTHER", "max_score": 1e400}',
                         ("[" + "9" * 5000 + "]").encode(), b'"\\ud800"']),
        st.builds(deep, st.sampled_from([10, 999, 5000, 100_000]), st.just("["), st.just("]")),
        st.builds(deep, st.sampled_from([10, 999, 100_000]), st.just('{"a":'), st.just("}")),
    )  # fmt: skip


def statuses(operation_id: str) -> st.SearchStrategy[int]:
    listed = [int(status) for status in OPERATIONS[operation_id].spec["responses"]]
    return st.one_of(st.sampled_from(listed), st.integers(min_value=100, max_value=599))


headers = st.fixed_dictionaries(
    {},
    optional={
        "Content-Type": st.sampled_from(
            ["application/json", "text/html", "application/json; charset=latin-1", ""]
        ),
        "Retry-After": st.sampled_from(
            ["0", "1", "-1", "", "abc", "²", "99999999999999999999", "1e3",
             "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"]
        ),
        "Content-Encoding": st.sampled_from(["gzip", "identity", "br"]),
    },
)  # fmt: skip


def client_answering(status: int, head: dict[str, str], body: bytes) -> AuthenticatedClient:
    async def no_wait(seconds: float) -> None:
        return None

    raw_headers = [(name.encode(), value.encode()) for name, value in head.items()]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=raw_headers, content=body)

    return AuthenticatedClient(
        base_url="https://api.test",
        token=TOKEN,
        retry=RetryPolicy(sleep=lambda seconds: None, async_sleep=no_wait),
        httpx_args={"transport": httpx.MockTransport(answer)},
    )


def materialised(value: Any) -> Any:
    """Every attribute of a returned model, read: a lazily built model must build cleanly."""
    if isinstance(value, list):
        return [materialised(item) for item in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


def assert_documented_outcome(operation_id: str, outcome: Any) -> None:
    if isinstance(outcome, BaseException):
        assert isinstance(outcome, DOCUMENTED), repr(outcome)
        assert TOKEN not in str(outcome) and TOKEN not in repr(outcome)
        return
    schema = OPERATIONS[operation_id].success_schema
    if schema is None:
        assert outcome is None
    elif schema.get("type") == "array":
        assert isinstance(outcome, list)
    else:
        # One of the contract's models (which one is the generated module's to say).
        assert type(outcome).__module__.startswith("unified_assessment_client.models.")
    materialised(outcome)


def assert_documented_response(outcome: Any) -> None:
    if isinstance(outcome, BaseException):
        # Only a request that could not complete has no Response.
        assert isinstance(outcome, httpx.RequestError), repr(outcome)
        return
    assert isinstance(outcome, Response)
    assert outcome.parse_error is None or isinstance(outcome.parse_error, InvalidDocument)
    assert TOKEN not in str(outcome.parse_error)
    if isinstance(outcome.parsed, Error):
        outcome.parsed.to_dict()
    else:
        materialised(outcome.parsed)


def outcome_of(function: Any) -> Any:
    try:
        return function()
    except BaseException as error:  # judged by the caller: any exception at all is an outcome
        if isinstance(error, KeyboardInterrupt):
            raise
        return error


@pytest.mark.parametrize("operation_id", OPERATIONS)
@PROPERTY
@seed(SEED)
@given(data=st.data())
def test_any_answer_gives_a_documented_outcome(operation_id: str, data: st.DataObject) -> None:
    status = data.draw(statuses(operation_id), label="status")
    head = data.draw(headers, label="headers")
    body = data.draw(bodies(operation_id), label="body")
    client = client_answering(status, head, body)

    assert_documented_outcome(operation_id, outcome_of(lambda: call(operation_id, client)))
    assert_documented_response(outcome_of(lambda: call(operation_id, client, detailed=True)))

    async def both_async() -> tuple[Any, Any]:
        async_client = client_answering(status, head, body)
        module_call = call(operation_id, async_client, asynchronous=True)
        detailed_call = call(operation_id, async_client, detailed=True, asynchronous=True)
        return await async_outcome(module_call), await async_outcome(detailed_call)

    plain, detailed = RUNNER.run(both_async())
    assert_documented_outcome(operation_id, plain)
    assert_documented_response(detailed)


async def async_outcome(coroutine: Any) -> Any:
    try:
        return await coroutine
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        return error
