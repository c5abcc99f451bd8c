"""The client against hostile answers and careless input: each case once broke a promise of the
README (a documented outcome, nothing lost, never the token, a bounded call)."""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
from collections.abc import Callable
from typing import Any

import attrs
import httpx
import pytest
from unified_assessment_client import (
    AuthenticatedClient,
    ClientError,
    InvalidDocument,
    RetryPolicy,
    ServerError,
)
from unified_assessment_client.api.assessment import (
    create_assessment_package as create,
)
from unified_assessment_client.api.assessment import (
    get_assessment_package as get,
)
from unified_assessment_client.api.assessment import (
    patch_assessment_package as patch,
)
from unified_assessment_client.api.assessment import (
    remove_assessment_package as remove,
)
from unified_assessment_client.api.assessment import (
    update_assessment_package as update,
)
from unified_assessment_client.models import AssessmentPackage
from unified_assessment_client.types import Rfc3339DateTime

from .test_client import Recorder, error, ok

TOKEN = "hostile-s3cret-token"
PACKAGE = {"id": "p1", "type": "OTHER", "workspace_id": "w", "connection_id": "c"}


def client_for(script: Recorder, **retry: Any) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://api.test",
        token=TOKEN,
        retry=RetryPolicy(sleep=lambda seconds: None, **retry),
        httpx_args={"transport": httpx.MockTransport(script)},
    )


def body() -> AssessmentPackage:
    return AssessmentPackage.from_dict({"type": "OTHER"})


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("2026-12-31T23:59:60Z", datetime.datetime(2026, 12, 31, 23, 59, 59, 999999)),
        ("0000-01-01T00:00:00+01:00", datetime.datetime(1, 1, 1, 0, 0)),
        ("2026-11-29T12:15:30.1234567+02:00", datetime.datetime(2026, 11, 29, 12, 15, 30, 123456)),
    ],
)  # fmt: skip
def test_every_rfc3339_date_time_parses_and_goes_back_unchanged(
    text: str, held: datetime.datetime
) -> None:
    script = Recorder(httpx.Response(200, json={**PACKAGE, "created_at": text}))
    client = client_for(script)

    created = create.sync("c", client=client, body=body())
    assert isinstance(created.created_at, Rfc3339DateTime)
    assert created.created_at.replace(tzinfo=None) == held
    assert created.created_at.text == text
    detailed = create.sync_detailed("c", client=client, body=body())
    assert detailed.parse_error is None and detailed.parsed is not None

    create.sync("c", client=client, body=created)
    assert json.loads(script.requests[-1].content)["created_at"] == text


@pytest.mark.parametrize(
    ("status", "expected"), [(200, InvalidDocument), (400, ClientError), (503, ServerError)]
)
def test_an_answer_nested_100000_deep_is_a_documented_error(
    status: int, expected: type[Exception]
) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    client = client_for(Recorder(httpx.Response(status, content=nested)), max_attempts=1)
    with pytest.raises(expected):
        get.sync("c", "p1", client=client)
    detailed = get.sync_detailed("c", "p1", client=client)
    assert detailed.parsed is None
    assert isinstance(detailed.parse_error, InvalidDocument) or status != 200


@pytest.mark.parametrize(
    "settings",
    [{"prefix": "Bear\ner"}, {"token": "abc\r\ndef"}, {"auth_header_name": "X-Auth\n"}],
)
def test_control_characters_are_refused_when_the_client_is_built(settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as raised:
        AuthenticatedClient(base_url="https://api.test", **{"token": TOKEN, **settings})
    assert TOKEN not in str(raised.value)


def test_a_contract_property_set_as_an_extra_is_checked_like_the_attribute() -> None:
    package = body()
    package.additional_properties["created_at"] = "yesterday"
    with pytest.raises(InvalidDocument, match=r"^/created_at: "):
        create.sync(
            "c", client=client_for(Recorder(httpx.Response(200, json=PACKAGE))), body=package
        )


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        (lambda p: p.additional_properties.update(x_score=float("nan")), "/x_score"),
        (lambda p: p.additional_properties.update(x_tags={"a", "b"}), "/x_tags"),
        (lambda p: p.additional_properties.update(x_deep={"a": [1, float("inf")]}), "/x_deep/a/1"),
        (lambda p: setattr(p, "name", "a\ud800b"), "/name"),
        (lambda p: p.additional_properties.update({"x_keys": {1: "one"}}), "/x_keys"),
    ],
)  # fmt: skip
def test_values_with_no_json_form_are_refused_naming_the_pointer(change: Any, pointer: str) -> None:
    package = body()
    change(package)
    script = Recorder(httpx.Response(200, json=PACKAGE))
    with pytest.raises(InvalidDocument, match=f"^{pointer}: "):
        create.sync("c", client=client_for(script), body=package)
    assert script.requests == []


def test_a_token_echoed_by_the_server_is_not_in_the_error() -> None:
    echo = httpx.Response(401, json={"message": f"token {TOKEN} is not accepted"})
    client = client_for(Recorder(echo))
    with pytest.raises(ClientError) as raised:
        get.sync("c", "p1", client=client)
    assert TOKEN not in str(raised.value) and TOKEN not in repr(raised.value)
    assert "[redacted]" in str(raised.value)


def test_the_token_is_in_no_attrs_conversion_or_repr() -> None:
    client = client_for(Recorder(httpx.Response(200, json=PACKAGE)))
    for text in (repr(client), str(client), str(attrs.asdict(client)), str(attrs.astuple(client))):
        assert TOKEN not in text
    assert TOKEN not in attrs.asdict(client).values()
    assert client.token.reveal() == TOKEN


def test_no_log_record_at_any_level_holds_the_token(caplog: pytest.LogCaptureFixture) -> None:
    echo = httpx.Response(503, json={"message": f"echo {TOKEN}"}, headers={"Retry-After": "0"})
    client = client_for(Recorder(echo, httpx.Response(200, json=PACKAGE)))
    with caplog.at_level(logging.DEBUG):
        get.sync("c", "p1", client=client)
        with pytest.raises(ServerError):
            create.sync("c", client=client_for(Recorder(echo), max_attempts=1), body=body())
    assert caplog.records
    assert TOKEN not in caplog.text


# Which failures and statuses each method is sent again after (README: "Retries").
RETRIED = {
    ("GET", "read timeout"): True,
    ("PUT", "dropped connection"): True,
    ("DELETE", "read timeout"): True,
    ("POST", "read timeout"): False,
    ("PATCH", "dropped connection"): False,
    ("POST", "connect error"): True,
    ("PATCH", "connect error"): True,
    ("GET", 502): True,
    ("PUT", 504): True,
    ("POST", 502): False,
    ("POST", 504): False,
    ("PATCH", 503): False,
    ("POST", "503 with Retry-After"): True,
    ("PATCH", 429): True,
}
FAILURES: dict[Any, Any] = {
    "read timeout": httpx.ReadTimeout("slow"),
    "dropped connection": httpx.RemoteProtocolError("peer closed the connection"),
    "connect error": httpx.ConnectError("refused"),
    "503 with Retry-After": error(503, **{"Retry-After": "0"}),
}  # fmt: skip
CALLS: dict[str, Callable[[AuthenticatedClient], Any]] = {
    "GET": lambda client: get.sync("c", "p1", client=client),
    "PUT": lambda client: update.sync("c", "p1", client=client, body=body()),
    "PATCH": lambda client: patch.sync("c", "p1", client=client, body=body()),
    "DELETE": lambda client: remove.sync("c", "p1", client=client),
    "POST": lambda client: create.sync("c", client=client, body=body()),
}


@pytest.mark.parametrize(("method", "failure"), RETRIED, ids=[f"{m}-{f}" for m, f in RETRIED])
def test_retries_know_the_method(method: str, failure: Any) -> None:
    first = FAILURES.get(failure) or httpx.Response(failure, json={"message": "failed"})
    script = Recorder(first, ok(PACKAGE))
    with contextlib.suppress(httpx.HTTPError, ServerError, ClientError):
        CALLS[method](client_for(script))
    assert len(script.requests) == (2 if RETRIED[method, failure] else 1)
