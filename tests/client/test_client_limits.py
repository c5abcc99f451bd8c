"""Bounded memory (README: "What the client guarantees"): an answer is counted after decoding,
while it arrives, and past `max_response_bytes` the call ends with ResponseTooLarge; a gzip
bomb costs no more memory than the limit."""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from client_loopback import Exchange, loopback
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unified_assessment_client import (
    AuthenticatedClient,
    ResponseTooLarge,
    RetryPolicy,
    UnifiedAssessmentError,
)
from unified_assessment_client.api.assessment import get_assessment_package as get
from unified_assessment_client.api.assessment import list_assessment_packages as listing

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "limits-s3cret"
PACKAGE = {"id": "p1", "type": "OTHER", "workspace_id": "w", "connection_id": "c"}


def encoded(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(body)
    if coding == "deflate":
        return zlib.compress(body)
    return body


def serving(body: bytes, coding: str, chunked: bool) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        data = encoded(body, coding)
        head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if coding != "identity":
            head += f"Content-Encoding: {coding}\r\n"
        if chunked:
            exchange.send((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
            for start in range(0, len(data), 1000):
                piece = data[start : start + 1000]
                exchange.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            return exchange.send(b"0\r\n\r\n")
        return exchange.send(f"{head}Content-Length: {len(data)}\r\n\r\n".encode() + data)

    return answer


def client_for(url: str, limit: int) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=url, token=TOKEN, max_response_bytes=limit, retry=RetryPolicy.disabled()
    )


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    padding=st.integers(0, 20_000),
    limit=st.integers(50, 20_000),
    coding=st.sampled_from(["identity", "gzip", "deflate"]),
    chunked=st.booleans(),
)
def test_an_answer_is_refused_exactly_past_the_limit_after_decoding(
    padding: int, limit: int, coding: str, chunked: bool
) -> None:
    body = json.dumps({**PACKAGE, "name": "x" * padding}).encode()
    with loopback(serving(body, coding, chunked)) as server:
        client = client_for(server.url, limit)
        if len(body) > limit:
            with pytest.raises(ResponseTooLarge) as raised:
                get.sync("c", "p1", client=client)
            assert raised.value.limit == limit
            assert f"{limit:,} bytes" in str(raised.value)
        else:
            assert get.sync("c", "p1", client=client).name == "x" * padding


def test_the_limit_holds_in_async_calls_and_in_memory_answers() -> None:
    body = json.dumps({**PACKAGE, "name": "x" * 5000}).encode()
    with loopback(serving(body, "gzip", chunked=True)) as server:
        client = client_for(server.url, 1000)
        with pytest.raises(ResponseTooLarge):
            asyncio.run(get.asyncio("c", "p1", client=client))
    mock = AuthenticatedClient(
        base_url="https://api.test",
        token=TOKEN,
        max_response_bytes=1000,
        httpx_args={"transport": httpx.MockTransport(lambda _: httpx.Response(200, content=body))},
    )
    with pytest.raises(ResponseTooLarge):
        get.sync("c", "p1", client=mock)


def test_a_declared_length_past_the_limit_is_refused_before_it_is_read() -> None:
    def answer(exchange: Exchange) -> bool:
        exchange.send(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n{")
        exchange.stop.wait(5)  # never sends the rest: the call must not wait for it
        return False

    with loopback(answer) as server, pytest.raises(ResponseTooLarge):
        listing.sync("c", client=client_for(server.url, 1000))


def test_a_content_coding_the_client_did_not_ask_for_is_refused() -> None:
    def answer(exchange: Exchange) -> bool:
        assert exchange.headers()["accept-encoding"] == "gzip, deflate"
        body = json.dumps(PACKAGE).encode()
        return exchange.send(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body)
        )

    refused = pytest.raises(httpx.DecodingError, match="unsupported Content-Encoding 'br'")
    with loopback(answer) as server, refused:
        get.sync("c", "p1", client=client_for(server.url, 10_000))


@pytest.mark.parametrize("limit", [0, -1, True, 1.5])
def test_the_limit_must_be_a_positive_int(limit: object) -> None:
    with pytest.raises(ValueError, match="max_response_bytes must be a positive int"):
        AuthenticatedClient(token=TOKEN, max_response_bytes=limit)  # type: ignore[arg-type]


# Run in a process of its own, so that its peak memory is the call's alone: a server on
# loopback answers with 1 MB of gzip that inflates to 1 GiB.
BOMB = textwrap.dedent(
    """
    import sys, zlib
    from client_loopback import loopback
    from unified_assessment_client import AuthenticatedClient, ResponseTooLarge, RetryPolicy
    from unified_assessment_client.api.assessment import get_assessment_package as get

    packer = zlib.compressobj(1, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    bomb = b"".join(packer.compress(zeros) for _ in range(1024)) + packer.flush()
    head = b"HTTP/1.1 200 OK\\r\\nContent-Encoding: gzip\\r\\nContent-Length: %d\\r\\n\\r\\n"

    def answer(exchange):
        exchange.send(head % len(bomb) + bomb)
        return False

    def high_water_kb():
        # VmHWM is this process's own peak: ru_maxrss carries the peak of the process that
        # spawned it across exec (a big pytest would count against the call).
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1])

    before = high_water_kb()
    with loopback(answer) as server:
        client = AuthenticatedClient(
            base_url=server.url, token="t", retry=RetryPolicy.disabled()
        )
        try:
            get.sync("c", "p1", client=client)
            outcome = "returned"
        except ResponseTooLarge:
            outcome = "ResponseTooLarge"
    peak = high_water_kb()
    print(outcome, len(bomb), before // 1024, peak // 1024, file=sys.stdout)
    """
)


def test_a_gzip_bomb_ends_with_peak_memory_under_200_mb() -> None:
    env = {"PYTHONPATH": f"{ROOT / 'tests'}:{ROOT / 'scripts'}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", BOMB], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome, size, _before, peak = done.stdout.split()
    assert outcome == "ResponseTooLarge"
    assert int(size) < 5_000_000  # the bomb itself is small: what inflates is the answer
    assert int(peak) < 200, f"peak memory {peak} MB"


def test_response_too_large_is_one_of_the_clients_errors() -> None:
    assert issubclass(ResponseTooLarge, UnifiedAssessmentError)
