"""The stub's connections over real HTTP: pipelined requests are all answered in order, and a
backlog read ahead is bounded; a client that never reads cannot grow the stub; a body that never
arrives is refused in time; a Range header on a /docs asset changes nothing."""

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import serve
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_assessment_stub import DEFAULT_TOKEN, Settings, create_app
from unified_assessment_stub.docs import ASSET_TYPES, ASSETS
from unified_assessment_stub.process import stub_process

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
JSON = {**AUTH, "Content-Type": "application/json"}
PACKAGES = "/assessment/c1/package"
VISIBLE_ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=",")


# Pipelining: a backlog of requests read ahead is bounded, and every request is answered -----


def answers(sock: socket.socket, count: int, timeout: float = 20) -> list[tuple[int, bytes]]:
    """`count` answers read from `sock` in order: (status, body), by their Content-Length."""
    sock.settimeout(timeout)
    buffer, found = b"", list[tuple[int, bytes]]()
    while len(found) < count:
        head_end = buffer.find(b"\r\n\r\n")
        if head_end >= 0:
            head = buffer[:head_end].decode("latin-1").lower()
            length = int(head.split("content-length: ")[1].split("\r\n")[0])
            if len(buffer) >= head_end + 4 + length:
                body = buffer[head_end + 4 : head_end + 4 + length]
                found.append((int(head.split(" ")[1]), body))
                buffer = buffer[head_end + 4 + length :]
                continue
        chunk = sock.recv(1 << 16)
        assert chunk, f"the stub closed the connection after {len(found)} of {count} answers"
        buffer += chunk
    return found


def pipelined(method: str, n: int) -> bytes:
    head = f"{method} {PACKAGES} HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer {DEFAULT_TOKEN}\r\n"
    if method == "GET":
        return (head + "\r\n").encode()
    body = json.dumps({"type": "OTHER", "name": f"p{n}"}).encode()
    return (
        head + f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


@settings(max_examples=15)
@given(
    methods=st.lists(st.sampled_from(["GET", "POST"]), min_size=1, max_size=400),
    cuts=st.lists(st.integers(1, 1 << 16), max_size=8),
)
def test_every_pipelined_request_is_answered_in_order(methods: list[str], cuts: list[int]) -> None:
    stream = b"".join(pipelined(method, n) for n, method in enumerate(methods))
    with serve(create_app(Settings())) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            start = 0
            for cut in sorted({min(cut, len(stream)) for cut in cuts} | {len(stream)}):
                sock.sendall(stream[start:cut])
                start = cut
            found = answers(sock, len(methods))
    for n, (method, (status, body)) in enumerate(zip(methods, found, strict=True)):
        assert status == 200, body
        document = json.loads(body)
        if method == "POST":
            assert document["name"] == f"p{n}"
        else:
            # A list sees exactly the creates pipelined before it (at most a page of them).
            assert len(document) == min(methods[:n].count("POST"), 100)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_client_that_never_reads_its_answers_cannot_grow_the_stub(tmp_path: Path) -> None:
    log = tmp_path / "stub.log"
    with log.open("wb") as output, stub_process(output) as (process, url):
        port = int(url.rsplit(":", 1)[1])
        with httpx.Client(base_url=url) as client:
            for _ in range(50):  # each list answer is then ~6 KB
                client.post(PACKAGES, json={"type": "OTHER", "name": "x" * 60}, headers=JSON)
        before = rss_bytes(process.pid)
        stream = pipelined("GET", 0).replace(b" HTTP", b"?limit=100 HTTP") * 2000
        sent, deadline = 0, time.monotonic() + 10
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.setblocking(False)
            while time.monotonic() < deadline and sent < 20 * 2**20:
                try:
                    sent += sock.send(stream[sent % len(stream) :])
                except BlockingIOError:
                    time.sleep(0.01)
            grown = rss_bytes(process.pid) - before
            # Before the bound, 27 MB of such requests grew the stub by 550 MB.
            assert grown < 64 * 2**20, f"{grown / 2**20:.0f} MB after {sent / 2**20:.1f} MB sent"
            assert httpx.get(url + "/healthz", timeout=5).status_code == 200
        time.sleep(0.5)  # the closed connection's request in flight ends
    assert "Traceback" not in log.read_text()


def rss_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return (
        int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
        * 1024
    )


# /docs assets: a Range header changes nothing ----------------------------------------------


@pytest.fixture(scope="module")
def docs_url() -> Iterator[str]:
    with serve(create_app(Settings())) as url:
        yield url


RANGE = st.one_of(
    st.lists(
        st.tuples(st.none() | st.integers(-5, 10**30), st.none() | st.integers(-5, 10**30)),
        min_size=1,
        max_size=50,
    ).map(
        lambda spans: (
            "bytes="
            + ",".join(f"{'' if a is None else a}-{'' if b is None else b}" for a, b in spans)
        )
    ),
    # Surrounding spaces are no part of a header's value (RFC 9110, 5.5): httpx refuses them.
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60).filter(
        lambda value: value == value.strip()
    ),
)


@settings(max_examples=100)
@given(name=st.sampled_from(sorted(ASSET_TYPES)), value=RANGE)
def test_a_docs_asset_is_whole_whatever_range_is_asked(
    docs_url: str, name: str, value: str
) -> None:
    answer = httpx.get(f"{docs_url}/docs/assets/{name}", headers={"Range": value})
    assert answer.status_code == 200, answer.text[:200]
    assert answer.content == (ASSETS / name).read_bytes()


# A body that never ends: the connection is not held for ever -------------------------------


@settings(max_examples=5)
@given(
    declared=st.integers(2, 1 << 20),
    trickle=st.lists(st.binary(min_size=1, max_size=3), max_size=4),
)
def test_a_body_that_never_arrives_is_refused_in_time(declared: int, trickle: list[bytes]) -> None:
    from unified_assessment_stub import inputs

    saved, inputs.BODY_TIMEOUT = inputs.BODY_TIMEOUT, 1.0
    try:
        with serve(create_app(Settings())) as url:
            port = int(url.rsplit(":", 1)[1])
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(
                    b"POST %s HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
                    b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n{"
                    % (PACKAGES.encode(), DEFAULT_TOKEN.encode(), declared)
                )
                # A byte now and then, then nothing: never the whole body. (Done within the
                # deadline: a byte sent after the answer and close would reset the connection.)
                for piece in bytes(b"".join(trickle)[: min(declared - 2, 2)]):
                    time.sleep(0.3)
                    sock.sendall(bytes([piece]))
                # Answered though the body never came (10 s only guards a hang).
                [(status, body)] = answers(sock, 1, timeout=10)
                assert sock.recv(1) == b""  # and the connection is closed
    finally:
        inputs.BODY_TIMEOUT = saved
    assert status == 400
    assert "did not arrive" in json.loads(body)["message"]
