"""The generated client as its users meet it: against mock transports and against the stub."""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import yaml
from conftest import DOCUMENT, create_over_asgi
from unified_assessment_client import (
    SERVERS,
    USER_AGENT,
    AuthenticatedClient,
    ClientError,
    InvalidDocument,
    RetryPolicy,
    ServerError,
    __version__,
)
from unified_assessment_client.api.assessment import create_assessment_package as create
from unified_assessment_client.models import AssessmentPackage, AssessmentPackageType, Error

from unified_assessment_stub import DEFAULT_TOKEN
from unified_assessment_stub.pytest_plugin import AssessmentStub

TOKEN = "s3cr3t-t0ken-value"
CREATED = {
    "id": "pkg_1",
    "created_at": "2026-11-29T10:15:30Z",
    "updated_at": "2026-11-29T10:15:30Z",
    "workspace_id": "ws_1",
    "connection_id": "conn_1",
    "type": "SKILLS_TEST",
    "name": "Python coding test",
}
Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A mock transport that answers from a script and keeps every request it was sent."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(recorder: Recorder, retry: RetryPolicy | None = None) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://api.test",
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(recorder)},
        retry=retry or RetryPolicy(sleep=Sleeps()),
    )


def ok(document: dict[str, Any] = CREATED, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=document, headers=headers)


def error(status: int, message: str = "nope", **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"status": status, "message": message}, headers=headers)


PACKAGE = AssessmentPackage(type_=AssessmentPackageType.SKILLS_TEST, name="Python coding test")


def test_a_create_sends_the_contracts_request_and_parses_the_package() -> None:
    recorder = Recorder(ok())
    created = create.sync("conn_1", client=client_for(recorder), body=PACKAGE)

    (request,) = recorder.requests
    assert request.method == "POST"
    assert request.url == "https://api.test/assessment/conn_1/package"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == f"unified-assessment-client/{__version__}"
    assert recorder.body() == {"type": "SKILLS_TEST", "name": "Python coding test"}
    assert created.id == "pkg_1"
    assert created.created_at == datetime.datetime(2026, 11, 29, 10, 15, 30, tzinfo=datetime.UTC)


def test_an_unknown_type_value_is_kept_and_sent_back_unchanged() -> None:
    recorder = Recorder(ok({**CREATED, "type": "PERSONALITY_TEST"}))
    created = create.sync("conn_1", client=client_for(recorder), body=PACKAGE)

    assert created.type_.value == "PERSONALITY_TEST"
    assert not created.type_.is_known
    assert AssessmentPackageType.SKILLS_TEST.is_known
    create.sync("conn_1", client=client_for(recorder), body=created)
    assert recorder.body()["type"] == "PERSONALITY_TEST"


def test_unknown_properties_survive_a_round_trip() -> None:
    extra = {"x_level": {"level": 3}, "x_regions": ["eu"], "x_raw": {"a": [1, None]}}
    recorder = Recorder(ok({**CREATED, **extra}))
    created = create.sync("conn_1", client=client_for(recorder), body=PACKAGE)

    assert created.additional_properties == extra
    create.sync("conn_1", client=client_for(recorder), body=created)
    assert {key: recorder.body()[key] for key in extra} == extra


def test_read_only_properties_are_parsed_but_never_sent() -> None:
    recorder = Recorder(ok())
    created = create.sync("conn_1", client=client_for(recorder), body=PACKAGE)
    assert (created.workspace_id, created.connection_id) == ("ws_1", "conn_1")

    create.sync("conn_2", client=client_for(recorder), body=created)
    sent = recorder.body()
    assert "workspace_id" not in sent
    assert "connection_id" not in sent
    assert sent["id"] == "pkg_1"


def test_datetimes_are_sent_in_utc_with_z() -> None:
    recorder = Recorder(ok())
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    body = AssessmentPackage(
        type_=AssessmentPackageType.OTHER,
        created_at=datetime.datetime(2026, 11, 29, 12, 15, 30, tzinfo=plus_two),
    )
    create.sync("conn_1", client=client_for(recorder), body=body)
    assert recorder.body()["created_at"] == "2026-11-29T10:15:30Z"


def test_a_naive_datetime_is_refused_before_sending() -> None:
    recorder = Recorder(ok())
    body = AssessmentPackage(
        type_=AssessmentPackageType.OTHER, created_at=datetime.datetime(2026, 11, 29, 12, 0)
    )
    with pytest.raises(InvalidDocument, match="/created_at: naive datetime"):
        create.sync("conn_1", client=client_for(recorder), body=body)
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-29T10:15:30Z", datetime.datetime(2026, 11, 29, 10, 15, 30)),
        ("2026-11-29t10:15:30z", datetime.datetime(2026, 11, 29, 10, 15, 30)),
        ("2026-11-29T12:15:30.5+02:00", datetime.datetime(2026, 11, 29, 10, 15, 30, 500000)),
        (
            "2026-11-29T05:15:30.123456789-05:00",
            datetime.datetime(2026, 11, 29, 10, 15, 30, 123456),
        ),
    ],
)
def test_any_rfc3339_datetime_is_parsed(text: str, expected: datetime.datetime) -> None:
    created = create.sync(
        "conn_1", client=client_for(Recorder(ok({**CREATED, "created_at": text}))), body=PACKAGE
    )
    assert created.created_at == expected.replace(tzinfo=datetime.UTC)


def package(**fields: Any) -> AssessmentPackage:
    return AssessmentPackage(**{"type_": AssessmentPackageType.OTHER, **fields})


@pytest.mark.parametrize(
    ("connection_id", "body", "message"),
    [
        ("", PACKAGE, "connection_id must be a non-empty string"),
        (None, PACKAGE, "connection_id must be a non-empty string"),
        ("conn_1", {"type": "OTHER"}, "body must be of type AssessmentPackage"),
        ("conn_1", package(type_=None), '/type: null is not of type "string"'),
        ("conn_1", package(name=5), '/name: 5 is not of type "string"'),
        ("conn_1", package(max_score="5"), '/max_score: "5" is not of type "number"'),
        ("conn_1", package(max_score=float("nan")), "/max_score: nan is not a JSON number"),
        ("conn_1", package(has_target_url=1), '/has_target_url: 1 is not of type "boolean"'),
        ("conn_1", package(tags=["a", 1]), '/tags/1: 1 is not of type "string"'),
    ],
)
def test_bad_input_fails_before_anything_is_sent(
    connection_id: Any, body: Any, message: str
) -> None:
    recorder = Recorder(ok())
    with pytest.raises(InvalidDocument, match=message):
        create.sync(connection_id, client=client_for(recorder), body=body)
    assert recorder.requests == []


def test_a_missing_type_is_refused_when_the_model_is_built() -> None:
    with pytest.raises(TypeError, match="type_"):
        AssessmentPackage()  # type: ignore[call-arg]


def test_a_4xx_raises_client_error_with_status_body_and_response() -> None:
    body = {"status": 422, "message": "bad", "errors": [{"pointer": "/type", "message": "no"}]}
    recorder = Recorder(httpx.Response(422, json=body))
    with pytest.raises(ClientError) as raised:
        create.sync("conn_1", client=client_for(recorder), body=PACKAGE)

    assert raised.value.status_code == 422
    assert isinstance(raised.value.error, Error)
    assert raised.value.error.errors and raised.value.error.errors[0].pointer == "/type"
    assert raised.value.response.status_code == 422
    assert str(raised.value) == "422 Unprocessable Entity: bad"


def test_a_5xx_without_an_error_body_raises_server_error() -> None:
    recorder = Recorder(httpx.Response(500, text="<html>proxy error</html>"))
    with pytest.raises(ServerError) as raised:
        create.sync("conn_1", client=client_for(recorder), body=PACKAGE)
    assert raised.value.status_code == 500
    assert raised.value.error is None


def test_detailed_functions_return_the_response_instead_of_raising() -> None:
    recorder = Recorder(error(401, "who are you"))
    response = create.sync_detailed("conn_1", client=client_for(recorder), body=PACKAGE)
    assert response.status_code == 401
    assert isinstance(response.parsed, Error)
    assert response.parsed.message == "who are you"


def test_429_429_200_succeeds_after_honouring_retry_after() -> None:
    sleeps = Sleeps()
    recorder = Recorder(
        error(429, **{"Retry-After": "2"}), error(429, **{"Retry-After": "3"}), ok()
    )
    created = create.sync(
        "conn_1", client=client_for(recorder, RetryPolicy(sleep=sleeps)), body=PACKAGE
    )

    assert created.id == "pkg_1"
    assert len(recorder.requests) == 3
    assert len(sleeps) == 2
    assert sleeps[0] >= 2 and sleeps[1] >= 3
    assert recorder.body(0) == recorder.body(2)


def test_retries_give_up_at_the_attempt_bound() -> None:
    sleeps = Sleeps()
    recorder = Recorder(error(503, **{"Retry-After": "0"}))
    policy = RetryPolicy(max_attempts=3, backoff=0.1, sleep=sleeps)
    with pytest.raises(ServerError) as raised:
        create.sync("conn_1", client=client_for(recorder, policy), body=PACKAGE)

    assert raised.value.status_code == 503
    assert len(recorder.requests) == 3
    assert len(sleeps) == 2
    assert sleeps[1] > sleeps[0] * 0.5  # backoff grows (jitter takes up to half off)


def test_retries_give_up_when_retry_after_exceeds_the_time_bound() -> None:
    recorder = Recorder(error(429, **{"Retry-After": "120"}))
    with pytest.raises(ClientError) as raised:
        create.sync("conn_1", client=client_for(recorder), body=PACKAGE)
    assert raised.value.status_code == 429
    assert len(recorder.requests) == 1


def test_connection_failures_are_retried() -> None:
    recorder = Recorder(httpx.ConnectError("refused"), ok())
    created = create.sync("conn_1", client=client_for(recorder), body=PACKAGE)
    assert created.id == "pkg_1"
    assert len(recorder.requests) == 2


def test_a_read_timeout_is_not_retried() -> None:
    recorder = Recorder(httpx.ReadTimeout("slow"), ok())
    with pytest.raises(httpx.ReadTimeout):
        create.sync("conn_1", client=client_for(recorder), body=PACKAGE)
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 422, 500])
def test_other_statuses_are_not_retried(status: int) -> None:
    recorder = Recorder(error(status), ok())
    with pytest.raises(ClientError if status < 500 else ServerError):
        create.sync("conn_1", client=client_for(recorder), body=PACKAGE)
    assert len(recorder.requests) == 1


def test_retries_can_be_turned_off() -> None:
    recorder = Recorder(error(503), ok())
    with pytest.raises(ServerError):
        create.sync("conn_1", client=client_for(recorder, RetryPolicy.disabled()), body=PACKAGE)
    assert len(recorder.requests) == 1


def test_async_retries_honour_retry_after() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    recorder = Recorder(error(429, **{"Retry-After": "1"}), ok())
    client = client_for(recorder, RetryPolicy(async_sleep=sleep))
    created = asyncio.run(create.asyncio("conn_1", client=client, body=PACKAGE))
    assert created.id == "pkg_1"
    assert waits and waits[0] >= 1


def test_default_timeouts_region_and_servers() -> None:
    client = AuthenticatedClient(token=TOKEN)
    assert client.base_url == "https://api.unified.to"
    assert client.get_httpx_client().timeout == httpx.Timeout(30.0, connect=5.0)
    assert AuthenticatedClient(token=TOKEN, region="eu").base_url == "https://api-eu.unified.to"
    assert AuthenticatedClient(token=TOKEN, region="AU").base_url == "https://api-au.unified.to"
    with pytest.raises(ValueError, match="unknown region 'mars'; choose one of us, eu, au"):
        AuthenticatedClient(token=TOKEN, region="mars")
    contract_servers = [s["url"] for s in yaml.safe_load(DOCUMENT.read_text())["servers"]]
    assert list(SERVERS.values()) == contract_servers
    assert USER_AGENT.endswith(__version__)


def test_the_token_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(error(401, "bad token"))
    client = client_for(recorder)
    with caplog.at_level(logging.DEBUG), pytest.raises(ClientError) as raised:
        create.sync("conn_1", client=client, body=PACKAGE)

    assert recorder.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    shown = [repr(client), str(client), str(raised.value), repr(raised.value), caplog.text]
    shown += [repr(client.retry), repr(client.get_httpx_client())]
    assert not [text for text in shown if TOKEN in text]


# Against the stub: over real HTTP (uvicorn on loopback) and in process (ASGI transport).


@pytest.fixture
def stub_client(stub_url: str) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=stub_url, token=DEFAULT_TOKEN) as client:
        yield client


def test_sync_create_against_the_stub(
    stub_client: AuthenticatedClient, assessment_stub: AssessmentStub
) -> None:
    created = create.sync("a/b ?#%.é", client=stub_client, body=PACKAGE)
    assert created.connection_id == "a/b ?#%.é"
    assert created.type_ is AssessmentPackageType.SKILLS_TEST
    assert assessment_stub.app.state.store.get(created.id) is not None


@pytest.mark.parametrize("connection_id", [".", "..", "%2F", "a%20b"])
def test_dot_segments_and_escapes_arrive_exactly(
    stub_client: AuthenticatedClient, connection_id: str
) -> None:
    assert (
        create.sync(connection_id, client=stub_client, body=PACKAGE).connection_id == connection_id
    )


def test_async_create_against_the_stub(stub_url: str) -> None:
    async def run() -> AssessmentPackage:
        async with AuthenticatedClient(base_url=stub_url, token=DEFAULT_TOKEN) as client:
            return await create.asyncio("conn_1", client=client, body=PACKAGE)

    assert asyncio.run(run()).name == "Python coding test"


def test_stub_errors_arrive_as_typed_errors(stub_url: str) -> None:
    client = AuthenticatedClient(base_url=stub_url, token="wrong")
    with client, pytest.raises(ClientError) as raised:
        create.sync("conn_1", client=client, body=PACKAGE)
    assert raised.value.status_code == 401
    assert raised.value.error is not None and raised.value.error.message


def test_create_in_process_over_the_asgi_transport(stub_app: Any) -> None:
    assert create_over_asgi(stub_app, "conn_1", PACKAGE).connection_id == "conn_1"


def test_a_token_with_a_line_break_is_refused_without_showing_it() -> None:
    with pytest.raises(ValueError, match="trailing newline") as raised:
        AuthenticatedClient(token=TOKEN + "\n")
    assert TOKEN not in str(raised.value)


def test_a_status_http_does_not_name_still_gives_a_response() -> None:
    recorder = Recorder(httpx.Response(520, text="origin error"))
    client = client_for(recorder, RetryPolicy.disabled())
    assert create.sync_detailed("conn_1", client=client, body=PACKAGE).status_code == 520
    with pytest.raises(ServerError) as raised:
        create.sync("conn_1", client=client, body=PACKAGE)
    assert raised.value.status_code == 520


def test_an_unreadable_retry_after_is_ignored() -> None:
    sleeps = Sleeps()
    odd = httpx.Response(503, json={"message": "busy"}, headers=[(b"Retry-After", "²".encode())])
    recorder = Recorder(odd, ok())
    created = create.sync(
        "conn_1", client=client_for(recorder, RetryPolicy(sleep=sleeps)), body=PACKAGE
    )
    assert created.id == "pkg_1"
    assert len(sleeps) == 1 and sleeps[0] < 1


def test_an_integer_too_large_for_a_float_is_still_a_number() -> None:
    created = create.sync(
        "conn_1", client=client_for(Recorder(ok({**CREATED, "max_score": 10**400}))), body=PACKAGE
    )
    assert created.max_score == 10**400


@pytest.mark.parametrize(
    ("connection_id", "body", "message"),
    [
        ("a\ud800", PACKAGE, "unpaired surrogate"),
        (
            "conn_1",
            package(
                created_at=datetime.datetime(
                    9999, 12, 31, 23, 59, tzinfo=datetime.timezone(-datetime.timedelta(hours=23))
                )
            ),
            "has no UTC form",
        ),
    ],
)
def test_values_with_no_wire_form_are_refused_before_sending(
    connection_id: str, body: AssessmentPackage, message: str
) -> None:
    recorder = Recorder(ok())
    with pytest.raises(InvalidDocument, match=message):
        create.sync(connection_id, client=client_for(recorder), body=body)
    assert recorder.requests == []
