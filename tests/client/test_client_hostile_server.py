"""The client against a hostile server, found in review: each test draws the class of answers
that once broke a promise of the README (a documented outcome, nothing lost, bounded cost)."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import zlib
from collections.abc import Callable
from urllib.parse import quote

import httpx
import pytest
from client_loopback import Exchange, loopback
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from unified_assessment_client import AuthenticatedClient, RetryPolicy, UnifiedAssessmentError
from unified_assessment_client.api.assessment import get_assessment_order as get
from unified_assessment_client.errors import redact
from unified_assessment_client.models import AssessmentOrder

from .test_client_secrets import Records, shown_texts

TOKEN = "review-s3cret"
MAX_CODINGS = 5  # what the client stacks at most (urllib3's limit too)


def encoded(body: bytes, coding: str, members: int) -> bytes:
    if coding in ("gzip", "x-gzip"):  # a gzip body may be a series of members (RFC 1952)
        step = max(1, -(-len(body) // members))
        return b"".join(gzip.compress(body[at : at + step]) for at in range(0, len(body), step))
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "raw-deflate":  # what some servers send as deflate
        squeezer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return squeezer.compress(body) + squeezer.flush()
    return body


def fetched(client: AuthenticatedClient, run_async: bool) -> AssessmentOrder:
    if run_async:
        return asyncio.run(get.asyncio("c", "o1", client=client))
    return get.sync("c", "o1", client=client)


CODING = st.sampled_from(["gzip", "x-gzip", "deflate", "raw-deflate", "identity"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    codings=st.lists(CODING, max_size=MAX_CODINGS + 3),
    reference=st.text(max_size=300),
    members=st.integers(1, 4),
    spoil=st.sampled_from([None, "cut", "trailing"]),
    chunk=st.integers(1, 4096),
    run_async=st.booleans(),
)
def test_any_stack_of_content_codings_is_decoded_whole_or_refused(
    codings: list[str],
    reference: str,
    members: int,
    spoil: str | None,
    chunk: int,
    run_async: bool,
) -> None:
    order = {"id": "o1", "reference": reference}
    data = json.dumps(order).encode()
    for coding in codings:  # applied first to last, listed in that order (RFC 9110 8.4)
        data = encoded(data, coding, members)
    compressed = [coding for coding in codings if coding != "identity"]
    if spoil == "cut" and compressed:
        data = data[:-1]
    elif spoil == "trailing" and compressed:
        data += b"\x00not the body"
    header = ", ".join("deflate" if coding == "raw-deflate" else coding for coding in codings)

    def answer(exchange: Exchange) -> bool:
        head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        head += f"Content-Encoding: {header}\r\nTransfer-Encoding: chunked\r\n\r\n"
        exchange.send(head.encode())
        for start in range(0, len(data), chunk):
            piece = data[start : start + chunk]
            exchange.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        return exchange.send(b"0\r\n\r\n")

    with loopback(answer) as server:
        client = AuthenticatedClient(
            base_url=server.url, token=TOKEN, retry=RetryPolicy(max_attempts=1, max_total=10)
        )
        if len(compressed) > MAX_CODINGS:
            with pytest.raises(httpx.DecodingError, match="content codings"):
                fetched(client, run_async)
        elif spoil is not None and compressed:
            # A body cut short or followed by bytes that are no gzip member is corrupt: never
            # the part that happened to decode, nor a RecursionError or zlib.error.
            with pytest.raises(httpx.DecodingError):
                fetched(client, run_async)
        else:
            got = fetched(client, run_async)
            assert got.to_dict() == order


def test_a_long_list_of_codings_is_one_decoding_error_not_a_recursion_error() -> None:
    body = b'{"id": "o1"}'
    for _ in range(1200):
        body = gzip.compress(body, compresslevel=1)

    def answer(exchange: Exchange) -> bool:
        head = f"HTTP/1.1 200 OK\r\nContent-Encoding: {', '.join(['gzip'] * 1200)}\r\n"
        return exchange.send(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)

    with loopback(answer) as server:
        client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        for run_async in (False, True):
            with pytest.raises(httpx.DecodingError) as raised:
                fetched(client, run_async)
            assert not isinstance(raised.value, UnifiedAssessmentError)
            assert "content codings" in str(raised.value)


# A token of a few visible characters: it can spell part of a class name, a host, a port.
VISIBLE = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
SHORT_TOKENS = st.text(VISIBLE, min_size=1, max_size=3)
TOKENS = st.text(VISIBLE, min_size=1, max_size=4096)
FAILURES: dict[str, type[Exception]] = {
    "refused": httpx.ConnectError,
    "stalled": httpx.ReadTimeout,
    "garbage": httpx.RemoteProtocolError,
}


def failing(kind: str) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        if kind == "stalled":
            exchange.stop.wait(5)
        else:
            exchange.send(b"\x00 not HTTP\r\n\r\n")
        return False

    return answer


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@example(token="t", kind="stalled", run_async=False)
@example(token="e", kind="refused", run_async=True)
@example(token="o", kind="garbage", run_async=False)
@example(token=")", kind="garbage", run_async=True)
@given(token=SHORT_TOKENS, kind=st.sampled_from(sorted(FAILURES)), run_async=st.booleans())
def test_a_failure_keeps_its_documented_type_whatever_the_token(
    token: str, kind: str, run_async: bool
) -> None:
    # A token that spells part of "ReadTimeout" made every timeout an UnifiedAssessmentError
    # saying "ReadTimeou███, whose message held ███he ███oken": the class name shows no secret.
    with loopback(failing(kind)) as server:
        client = AuthenticatedClient(
            base_url=server.url, token=token, retry=RetryPolicy(max_attempts=1, max_total=0.5)
        )
        if kind != "refused":
            with pytest.raises(FAILURES[kind]) as raised:
                fetched(client, run_async)
    if kind == "refused":  # the loopback has closed its port
        with pytest.raises(FAILURES[kind]) as raised:
            fetched(client, run_async)
    assert not isinstance(raised.value, UnifiedAssessmentError)
    assert token not in str(raised.value)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@example(token="1", header="Authorization", echo=False)
@example(token=".", header="X-Api-Key", echo=False)
@example(token="long-s3cret/t0ken", header="Authorization", echo=True)
@given(
    token=SHORT_TOKENS | TOKENS,
    header=st.sampled_from(["Authorization", "X-Api-Key"]),
    echo=st.booleans(),
)
def test_a_redirect_to_another_origin_never_carries_the_token(
    token: str, header: str, echo: bool
) -> None:
    # A token that spelled part of the host ("127.0.0.1:port") took the Host header off the
    # redirected request, which then could not be sent (h11's LocalProtocolError); a token
    # the server echoed into the Location's query went to the other origin in the URL.
    order = b'{"id": "o1"}'
    found = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(order), order)
    with loopback(lambda exchange: exchange.send(found)) as other:
        location = f"{other.url}/o" + (f"?t={quote(token, safe='')}" if echo else "")
        moved = f"HTTP/1.1 307 Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
        with loopback(lambda exchange: exchange.send(moved.encode())) as origin:
            client = AuthenticatedClient(
                base_url=origin.url, token=token, prefix="", auth_header_name=header,
                follow_redirects=True, retry=RetryPolicy.disabled(),
            )  # fmt: skip
            target = httpx.URL(location).raw_path.decode("ascii")
            if echo or redact(target, (token,)) != target:
                with pytest.raises(UnifiedAssessmentError) as refused:
                    get.sync("c", "o1", client=client)
                assert type(refused.value) is UnifiedAssessmentError
                assert not other.heads
                return
            assert get.sync("c", "o1", client=client).id == "o1"
    sent_there = other.heads[0].decode("latin-1").lower()
    assert f"\r\n{header.lower()}:" not in sent_there
    assert f"\r\nhost: 127.0.0.1:{other.port}\r\n" in sent_there


ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-3, 3)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@example(backoff=-1, max_backoff=8.0, max_total=1.0, jitter=0.5)
@example(backoff=0.5, max_backoff=8.0, max_total=1.0, jitter=2.0)
@example(backoff=0.5, max_backoff=float("nan"), max_total=1.0, jitter=0.5)
@example(backoff=0.5, max_backoff=8.0, max_total=float("nan"), jitter=0.5)
@given(backoff=ANY_FLOAT, max_backoff=ANY_FLOAT, max_total=ANY_FLOAT, jitter=ANY_FLOAT)
def test_a_retry_policy_is_refused_when_built_or_waits_only_within_its_deadline(
    backoff: float, max_backoff: float, max_total: float, jitter: float
) -> None:
    # RetryPolicy(backoff=-1) or jitter=2.0 made the first retry's time.sleep raise
    # ValueError mid-call; max_total=nan left the call without a deadline.
    waits: list[float] = []

    async def async_wait(seconds: float) -> None:
        waits.append(seconds)

    try:
        policy = RetryPolicy(
            backoff=backoff, max_backoff=max_backoff, max_total=max_total, jitter=jitter,
            max_attempts=3, sleep=waits.append, async_sleep=async_wait,
        )  # fmt: skip
    except ValueError as refused:
        assert "must be" in str(refused)
        return
    unavailable = httpx.MockTransport(lambda _: httpx.Response(503, json={"message": "later"}))
    client = AuthenticatedClient(
        base_url="https://api.test", token=TOKEN, retry=policy,
        httpx_args={"transport": unavailable},
    )  # fmt: skip
    with pytest.raises((UnifiedAssessmentError, httpx.HTTPError)):
        get.sync("c", "o1", client=client)
    with pytest.raises((UnifiedAssessmentError, httpx.HTTPError)):
        asyncio.run(get.asyncio("c", "o1", client=client))
    assert all(0 <= wait < policy.max_total for wait in waits)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@example(status="\ud800", gender="NEW", kind="\udc80x", run_async=False)
@given(status=st.text(), gender=st.text(), kind=st.text(), run_async=st.booleans())
def test_an_order_with_any_enum_values_prints(
    status: str, gender: str, kind: str, run_async: bool
) -> None:
    # An unknown value of an open enum with a lone surrogate ("\ud800" is valid JSON) was the
    # pseudo-member's name, shown raw by repr(): print(order) raised UnicodeEncodeError.
    order = {
        "id": "o1",
        "status": status,
        "profile_gender": gender,
        "response_status": status,
        "response_attributes": [{"label": "l", "type": kind}],
    }
    body = json.dumps(order).encode()  # a lone surrogate as JSON writes it: "\ud800"
    answer = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    client = AuthenticatedClient(
        base_url="https://api.test", token=TOKEN, httpx_args={"transport": answer}
    )
    got = fetched(client, run_async)
    assert repr(got).encode("utf-8") and str(got).encode("utf-8")
    assert got.to_dict() == order  # every value kept as sent


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@example(token="Tk" + "abcdefghij/+=" * 40, place="content-encoding", run_async=False)
@example(token="s3cr3t,t0ken-that-is-long-enough", place="content-encoding", run_async=True)
@given(
    # Not so uniform that a log line spells it by chance ("0000…" in an address).
    token=st.text(VISIBLE, min_size=8, max_size=4096).filter(lambda text: len(set(text)) >= 4),
    place=st.sampled_from(["content-encoding", "header-line", "status-line", "chunk-size"]),
    run_async=st.booleans(),
)
def test_a_token_echoed_where_the_client_parses_the_head_is_shown_nowhere(
    token: str, place: str, run_async: bool
) -> None:
    # An unknown Content-Encoding was quoted lower-cased and cut to 40 characters before any
    # redaction: 40 characters of an echoed token in str(exc) and in every traceback.
    head = {
        "content-encoding": f"HTTP/1.1 200 OK\r\nContent-Encoding: {token}\r\nContent-Length: 2",
        "header-line": f"HTTP/1.1 200 OK\r\nX-Echo {token}\r\nContent-Length: 2",
        "status-line": f"HTTP/1.1 {token}\r\nContent-Length: 2",
        "chunk-size": f"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{token}",
    }[place]
    handler = Records()
    loggers = [
        logging.getLogger(name) for name in ("httpx", "httpcore", "unified_assessment_client")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    try:
        with loopback(lambda exchange: exchange.send(f"{head}\r\n\r\n{{}}".encode())) as server:
            client = AuthenticatedClient(
                base_url=server.url, token=token, retry=RetryPolicy(max_attempts=1, max_total=5)
            )
            error: BaseException | None = None
            try:
                fetched(client, run_async)
            except Exception as failure:  # judged below
                error = failure
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
    assert isinstance(error, httpx.HTTPError | UnifiedAssessmentError)
    text = "\n".join(
        [record.getMessage() for record in handler.records] + shown_texts(error, token)
    )
    pieces = {token, quote(token, safe=""), token.lower(), token[:16], token[-16:]}
    assert not [piece for piece in pieces if piece in text]
