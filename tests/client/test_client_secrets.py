"""The token never leaves (README: "The token stays secret"): whatever the token, and wherever
and however a server echoes it (reason phrase, headers, body fields; raw, JSON-escaped,
percent-encoded), it is in no log record of httpx, httpcore or the client and nowhere in the
chain of the exception raised; no credential header crosses to another origin. And every
exception's message can be printed."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from client_loopback import Exchange, loopback
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from unified_assessment_client import (
    AuthenticatedClient,
    ClientError,
    RetryPolicy,
    UnifiedAssessmentError,
)
from unified_assessment_client.api.assessment import get_assessment_package as get
from unified_assessment_client.errors import redact
from unified_assessment_client.models import AssessmentPackage, Error
from unified_assessment_client.types import UNSET

# What a client accepts as a token: visible ASCII, no space.
TOKENS = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=4096)
PLACES = ("reason", "www-authenticate", "set-cookie", "error-message", "success-field")
FORMS: dict[str, Callable[[str], str]] = {
    "raw": lambda token: token,
    "json": lambda token: json.dumps(token)[1:-1],
    "percent": lambda token: quote(token, safe=""),
    "percent-lower": lambda token: re.sub(
        "%..", lambda hexed: hexed[0].lower(), quote(token, safe="")
    ),
}
LOGGERS = ("httpx", "httpcore", "unified_assessment_client")


def echoing(place: str, echoed: str) -> Callable[[Exchange], bool]:
    def answer(exchange: Exchange) -> bool:
        status, reason, headers = 401, "Unauthorized", ""
        body: dict[str, Any] = {"status": 401, "message": "no"}
        if place == "reason":
            reason = echoed
        elif place == "www-authenticate":
            headers = f'WWW-Authenticate: Bearer error="invalid_token", token="{echoed}"\r\n'
        elif place == "set-cookie":
            headers = f"Set-Cookie: session={echoed}; Path=/\r\n"
        elif place == "error-message":
            body = {"status": 401, "message": f"token {echoed} is not accepted"}
        else:
            status, reason = 200, "OK"
            body = {"id": "p1", "type": "OTHER", "created_at": echoed, "name": echoed}
        content = json.dumps(body).encode()
        head = f"HTTP/1.1 {status} {reason}\r\n{headers}Content-Length: {len(content)}\r\n\r\n"
        return exchange.send(head.encode("latin-1") + content)

    return answer


def forms_of(token: str) -> set[str]:
    found = {form(token) for form in FORMS.values()}
    if len(token) >= 32:  # a message cut short must not show most of it either
        found |= {token[:16], token[-16:]}
    return found


def chain(error: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while error is not None and all(error is not other for other in seen):
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def shown_texts(error: BaseException | None, token: str) -> list[str]:
    texts = []
    for exception in chain(error):
        texts.append(str(exception))
        texts += [str(arg) for arg in exception.args]
        if len(token) >= 8:  # shorter ones can spell the class name itself
            texts.append(repr(exception)[len(type(exception).__name__) :])
    return texts


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def call(url: str, token: str, asynchronous: bool) -> BaseException | None:
    client = AuthenticatedClient(base_url=url, token=token, retry=RetryPolicy.disabled())
    try:
        if asynchronous:
            asyncio.run(get.asyncio("c", "p1", client=client))
        else:
            get.sync("c", "p1", client=client)
    except Exception as error:  # judged by the caller
        return error
    return None


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@example(token="a" * 800, place="success-field", form="raw", asynchronous=False)
@example(token='s3"cr\\et', place="error-message", form="raw", asynchronous=False)
@example(token="s3cr3t/t0k+en==", place="www-authenticate", form="percent", asynchronous=True)
@example(token="tok-en", place="reason", form="raw", asynchronous=False)
@example(token="tok-en", place="set-cookie", form="raw", asynchronous=False)
@given(
    token=TOKENS,
    place=st.sampled_from(PLACES),
    form=st.sampled_from(sorted(FORMS)),
    asynchronous=st.booleans(),
)
def test_an_echoed_token_is_in_no_log_record_and_no_exception(
    token: str, place: str, form: str, asynchronous: bool
) -> None:
    handler = Records()
    records = handler.records
    loggers = [logging.getLogger(name) for name in LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    try:
        with loopback(echoing(place, FORMS[form](token))) as server:
            error = call(server.url, token, asynchronous)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
    assert records, "httpx and httpcore log every request at DEBUG"
    texts = [record.getMessage() for record in records] + shown_texts(error, token)
    leaks = [(shown, text[:200]) for text in texts for shown in forms_of(token) if shown in text]
    assert not leaks


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@example(token="s3cr3t", header="X-Api-Key", prefix="")
@given(
    token=TOKENS.filter(lambda token: len(token) >= 4),
    header=st.sampled_from(["Authorization", "X-Api-Key", "X-Token"]),
    prefix=st.sampled_from(["", "Bearer", "Token"]),
)
def test_no_credential_header_follows_a_redirect_to_another_origin(
    token: str, header: str, prefix: str
) -> None:
    refusal = b"HTTP/1.1 401 No\r\nContent-Length: 0\r\n\r\n"
    with loopback(lambda exchange: exchange.send(refusal)) as other:
        location = f"{other.url}/elsewhere".encode()
        redirect = b"HTTP/1.1 307 Moved\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % location
        with loopback(lambda exchange: exchange.send(redirect)) as origin:
            client = AuthenticatedClient(
                base_url=origin.url, token=token, prefix=prefix, auth_header_name=header,
                follow_redirects=True, retry=RetryPolicy.disabled(),
            )  # fmt: skip
            with pytest.raises(ClientError):
                get.sync("c", "p1", client=client)
        assert origin.heads and other.heads
        sent_there = other.heads[0].decode("latin-1").lower()
        assert header.lower() + ":" not in sent_there
        assert not [form for form in forms_of(token) if form.lower() in sent_there]
        assert token in origin.heads[0].decode("latin-1")  # the origin itself still gets it


def test_a_redirect_within_the_origin_keeps_the_credentials() -> None:
    seen: list[str] = []

    def answer(exchange: Exchange) -> bool:
        seen.append(exchange.headers().get("x-api-key", ""))
        if exchange.path.endswith("/moved"):
            body = b'{"id": "p1", "type": "OTHER"}'
            head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
            return exchange.send(head + body)
        return exchange.send(b"HTTP/1.1 307 Moved\r\nLocation: /moved\r\nContent-Length: 0\r\n\r\n")

    with loopback(answer) as server:
        client = AuthenticatedClient(
            base_url=server.url, token="k3y", prefix="", auth_header_name="X-Api-Key",
            follow_redirects=True,
        )  # fmt: skip
        assert get.sync("c", "p1", client=client).id == "p1"
    assert seen == ["k3y", "k3y"]


# Every text, lone surrogates included: what a JSON body can hold ("\udc80" is valid JSON).
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
TEXTS = st.text(st.one_of(st.characters(), SURROGATES), max_size=50)


@settings(max_examples=25, deadline=None)
@example(message="caf\udce9", success=False)
@example(message="caf\udce9", success=True)
@given(message=TEXTS, success=st.booleans())
def test_every_error_message_can_be_printed(message: str, success: bool) -> None:
    # In an Error's message (ClientError), or in a field of a 2xx answer (InvalidDocument).
    document: dict[str, Any] = {"id": "p1", "type": "OTHER", "created_at": message}
    if not success:
        document = {"status": 400, "message": message}
    content = json.dumps(document).encode()

    def answer(exchange: Exchange) -> bool:
        status = b"200 OK" if success else b"400 Bad"
        head = b"HTTP/1.1 %s\r\nContent-Length: %d\r\n\r\n" % (status, len(content))
        return exchange.send(head + content)

    with loopback(answer) as server:
        client = AuthenticatedClient(base_url=server.url, token="t0k3n")
        with pytest.raises(UnifiedAssessmentError) as raised:
            get.sync("c", "p1", client=client)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    print(raised.value, file=out)  # what the README's own snippet does
    out.flush()
    assert str(raised.value).encode("utf-8")


def test_unset_and_models_print_readably() -> None:
    # A model shows the properties that are set; UNSET itself prints as its name.
    assert repr(UNSET) == "UNSET"
    error = Error.from_dict({"status": 404, "message": "gone"})
    package = AssessmentPackage.from_dict({"type": "OTHER", "name": "n"})
    for model in (error, package):
        text = repr(model)
        assert " object at 0x" not in text and "UNSET" not in text, text
    assert "message='gone'" in repr(error) and "status=404" in repr(error)
    assert repr(package).startswith("AssessmentPackage(") and "name='n'" in repr(package)


SIZED = st.integers(1, 2000).flatmap(
    lambda size: st.text(
        st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=size, max_size=size
    )
)


def pieces(token: str) -> set[str]:
    """Every piece of 8 characters of the token (the token itself when shorter), in each form."""
    size = min(8, len(token))
    return {
        form(token[start : start + size])
        for start in range(len(token) - size + 1)
        for form in FORMS.values()
    }


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@example(token="eyJhbGciOi" * 25, start=0, end=76, form="raw")
@example(token="tok-en", start=0, end=6, form="json")
@given(
    token=SIZED,
    start=st.integers(0, 2000),
    end=st.integers(0, 2000),
    form=st.sampled_from(sorted(FORMS)),
)
def test_no_piece_of_an_echoed_token_is_in_the_parsed_error(
    token: str, start: int, end: int, form: str
) -> None:
    # The server echoes the token, or what a cut of its own left of it (8 characters or
    # more), in the Error's message: the README's error loop prints `error.error.message`.
    start = min(start, max(len(token) - 8, 0))
    end = max(end, start + 8)
    echoed = FORMS[form](token[start:end])
    with loopback(echoing("error-message", echoed)) as server:
        error = call(server.url, token, asynchronous=False)
    assert isinstance(error, ClientError) and error.error is not None
    texts = [str(error.error.message), *shown_texts(error, token)]
    if len(token) >= 8:  # shorter ones can spell the status itself ("status=401")
        texts.append(repr(error.error))
    leaks = [(piece, text[:200]) for text in texts for piece in pieces(token) if piece in text]
    assert not leaks
    assert error.error.status == 401  # the rest of the document is kept


@pytest.mark.parametrize("unit", ["\\", "%25", '\\"'])
def test_redaction_of_long_escape_runs_ends(unit: str) -> None:
    # A token made of characters that have several escaped forms, in a text of the same run:
    # reading the run every possible way would take time exponential in its length.
    token, text = unit * 200 + "y", unit * 20_000 + "x"
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(redact(text, (token,))), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert done, "redaction still running after 30 s"
    # Pieces of the token (8 characters or more) are taken out, and only those.
    assert done[0].endswith("x") and unit * 8 not in done[0]
