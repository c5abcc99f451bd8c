"""The stub speaks HTTP as RFC 9110 and 9112 say (issue 14, item 6): pipelined requests are all
answered before a malformed one is refused, no coding but identity is accepted, no charset but
UTF-8, no singleton header twice, an unknown path is 404, and a number comes back as sent."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore

from .test_stub_limits import answer

PATH = "/assessment/conn-rfc/package"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
JSON = {**AUTH, "Content-Type": "application/json"}
PACKAGE = b'{"type": "OTHER", "name": "pipelined"}'


@pytest.fixture
def client(stub_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stub_url, timeout=10) as client:
        yield client


def address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def post(body: bytes) -> bytes:
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: stub\r\nAuthorization: Bearer {DEFAULT_TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize(
    "malformed",
    [
        b"GARBAGE\x00 / HTTP/1.1\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: stub\r\nContent-Length: x\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: stub\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_pipelined_requests_are_each_answered_before_a_malformed_one_is_refused(
    stub_url: str, served_store: InMemoryStore, malformed: bytes
) -> None:
    with socket.create_connection(address(stub_url)) as connection:
        connection.sendall(post(PACKAGE) * 3 + malformed)
        received = answer(connection)
    answers = received.split(b"HTTP/1.1 ")[1:]
    statuses = [answer[:3] for answer in answers]
    assert statuses == [b"200", b"200", b"200", b"400"], received[:2000]
    stored = len(served_store)
    acknowledged = sum(b'"id":' in answer for answer in answers)
    assert stored == acknowledged == 3


@pytest.mark.parametrize(
    "coding", ["gzip", "br", "deflate", "zstd", "x-anything", "identity, gzip"]
)
def test_a_content_coding_other_than_identity_is_415(
    client: httpx.Client, served_store: InMemoryStore, coding: str
) -> None:
    response = client.post(PATH, content=PACKAGE, headers={**JSON, "Content-Encoding": coding})
    assert response.status_code == 415, response.text
    assert response.json()["status"] == 415
    assert response.headers["accept-encoding"] == "identity"
    assert len(served_store) == 0


def test_identity_content_coding_is_accepted(client: httpx.Client) -> None:
    response = client.post(PATH, content=PACKAGE, headers={**JSON, "Content-Encoding": "Identity"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=utf-16",
        "application/json; charset=latin-1",
        "application/json;charset=utf-8;charset=utf-16",
        "application/json; boundary=x",
    ],
)
def test_a_charset_other_than_utf_8_or_another_parameter_is_415(
    client: httpx.Client, served_store: InMemoryStore, content_type: str
) -> None:
    response = client.post(PATH, content=PACKAGE, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 415, response.text
    assert len(served_store) == 0


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", '"utf-8"'])
def test_a_utf_8_charset_is_accepted(client: httpx.Client, charset: str) -> None:
    headers = {**AUTH, "Content-Type": f"application/json; charset={charset}"}
    assert client.post(PATH, content=PACKAGE, headers=headers).status_code == 200


@pytest.mark.parametrize(
    "extra",
    [
        b"Host: other\r\n",
        f"Authorization: Bearer {DEFAULT_TOKEN}\r\n".encode(),
        b"Authorization: Bearer someone-else\r\n",
        b"Content-Type: application/json\r\n",
    ],
)
def test_a_singleton_header_sent_twice_is_400(
    stub_url: str, served_store: InMemoryStore, extra: bytes
) -> None:
    request = post(PACKAGE)
    head, body = request.split(b"\r\n\r\n", 1)
    with socket.create_connection(address(stub_url)) as connection:
        connection.sendall(head + b"\r\n" + extra + b"Connection: close\r\n\r\n" + body)
        received = answer(connection)
    assert received.startswith(b"HTTP/1.1 400 "), received[:300]
    assert b"more than one" in received
    assert len(served_store) == 0


@pytest.mark.parametrize("path", ["/healthz/", "/openapi.json/", f"{PATH}/", "/healthz//"])
def test_a_path_with_a_trailing_slash_is_404_not_a_redirect(
    client: httpx.Client, path: str
) -> None:
    response = client.get(path, headers=AUTH)
    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize("number", ["-0", "0", "-0.0", "1", "-1", "1e400", "-0E+2"])
def test_a_number_comes_back_as_sent(client: httpx.Client, number: str) -> None:
    sent = f'{{"type": "OTHER", "max_score": {number}, "x_raw": [{number}]}}'
    response = client.post(PATH, content=sent, headers=JSON)
    assert response.status_code == 200, response.text
    text = response.text
    kept = json.loads(text, parse_float=str, parse_int=str)
    assert kept["x_raw"] == [kept["max_score"]]
    if number in ("-0", "0", "1", "-1", "-0.0"):
        assert kept["max_score"] == number
    assert kept["max_score"].startswith("-") == number.startswith("-")
