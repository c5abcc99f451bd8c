"""One deadline per call (README: "The deadline"): `RetryPolicy.max_total` bounds the call from
the first byte sent to the last byte read, whatever the server does with its time: a head or a
body trickled a byte at a time, both, a redirect to itself, a 503 that asks to be retried."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from client_loopback import Exchange, loopback
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from unified_assessment_client import AuthenticatedClient, RetryPolicy, UnifiedAssessmentError
from unified_assessment_client.api.assessment import get_assessment_package as get

TOKEN = "deadline-s3cret"
BODY = b'{"id": "p1", "type": "OTHER"}'


def head_trickle(interval: float) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        exchange.trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", interval)
        return False

    return answer


def body_trickle(interval: float) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        exchange.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        exchange.trickle(b" " * 100000, interval)
        return False

    return answer


def both_trickle(interval: float) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
        if exchange.trickle(head, interval / 10):
            exchange.trickle(b" " * 100000, interval)
        return False

    return answer


def self_redirect(interval: float) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        if exchange.stop.wait(interval):
            return False
        location = f"http://127.0.0.1:{exchange.port}{exchange.path}".encode()
        return exchange.send(
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: " + location
            + b"\r\nContent-Length: 0\r\n\r\n"
        )  # fmt: skip

    return answer


def retried_503(interval: float) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        if exchange.stop.wait(interval):
            return False
        return exchange.send(
            b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n"
        )

    return answer


SCENARIOS = {
    "head": head_trickle,
    "body": body_trickle,
    "both": both_trickle,
    "redirects": self_redirect,
    "retries": retried_503,
}


def client_for(url: str, max_total: float) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=url,
        token=TOKEN,
        timeout=httpx.Timeout(5.0),  # longer than the deadline: only the deadline may end it
        follow_redirects=True,
        retry=RetryPolicy(max_total=max_total, max_attempts=1000, backoff=0.01, max_backoff=0.01),
    )


def call(url: str, max_total: float, asynchronous: bool) -> Any:
    client = client_for(url, max_total)
    if asynchronous:
        return asyncio.run(get.asyncio("c", "p1", client=client))
    return get.sync("c", "p1", client=client)


def timed(url: str, max_total: float, asynchronous: bool) -> BaseException | None:
    """What the call raised; run in a thread so that a call the deadline does not end fails
    the test instead of hanging it (how far past max_total it ends: `make bench`)."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call(url, max_total, asynchronous)
            outcome.append(None)
        except BaseException as error:  # judged below
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=max_total + 5)
    assert outcome, f"the call was still running {max_total + 5:.1f} s after it began"
    return outcome[0]


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@example(scenario="head", interval=0.2, max_total=1.0, asynchronous=False)
@example(scenario="head", interval=0.2, max_total=1.0, asynchronous=True)
@example(scenario="body", interval=0.2, max_total=1.0, asynchronous=True)
@example(scenario="both", interval=0.2, max_total=1.0, asynchronous=False)
@example(scenario="redirects", interval=0.15, max_total=1.0, asynchronous=False)
@example(scenario="redirects", interval=0.15, max_total=1.0, asynchronous=True)
@given(
    scenario=st.sampled_from(sorted(SCENARIOS)),
    interval=st.floats(0.02, 0.3),
    max_total=st.floats(0.3, 1.0),
    asynchronous=st.booleans(),
)
def test_the_deadline_bounds_the_whole_call(
    scenario: str, interval: float, max_total: float, asynchronous: bool
) -> None:
    with loopback(SCENARIOS[scenario](interval)) as server:
        error = timed(server.url, max_total, asynchronous)
    # Cut off at the deadline, or given up earlier (the redirects ran out, the last 503).
    assert isinstance(
        error, httpx.TimeoutException | httpx.TooManyRedirects | UnifiedAssessmentError
    )


def test_a_deadline_timeout_says_which_setting_ended_it() -> None:
    with loopback(head_trickle(0.1)) as server:
        error = timed(server.url, 0.5, asynchronous=False)
    assert isinstance(error, httpx.TimeoutException)
    assert "max_total (0.5 s)" in str(error)


def test_the_deadline_reaches_the_connections_httpx_builds() -> None:
    # The deadline is put into httpx's connection pool (a private attribute of httpcore's):
    # this fails, rather than the deadline silently holding only between reads, if it moves.
    client = client_for("http://127.0.0.1:9", 1.0)
    transport = client.get_httpx_client()._transport
    pool = transport.transport._pool  # type: ignore[attr-defined]
    assert type(pool._network_backend).__name__ == "DeadlineBackend"
    async_transport = client.get_async_httpx_client()._transport
    async_pool = async_transport.transport._pool  # type: ignore[attr-defined]
    assert type(async_pool._network_backend).__name__ == "AsyncDeadlineBackend"


def test_an_async_call_through_any_transport_is_cancelled_at_the_deadline() -> None:
    class Stalling(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(60)
            raise AssertionError("not reached")

    client = AuthenticatedClient(
        base_url="https://api.test",
        token=TOKEN,
        retry=RetryPolicy(max_total=0.3),
        httpx_args={"transport": Stalling()},
    )
    # The transport would stall for a minute: only the deadline ends the call.
    with pytest.raises(httpx.ReadTimeout, match="max_total"):
        asyncio.run(get.asyncio("c", "p1", client=client))
