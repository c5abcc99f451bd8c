"""What a hostile user found in the stub served over real HTTP, each kept as a test of its class:
Ctrl-C ends the stub without a traceback; a setting the stub cannot honour (a token no header
can carry, an empty HOST that would open it to the network, a port in other digits) stops it
at start with one line; rows of a STUB_DB that another program wrote are found at start, and
one written while it serves is a 503, not a 500 with a traceback."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import serve
from hypothesis import given, settings
from hypothesis import strategies as st
from stub import DEFAULT_TOKEN, Settings, SQLiteStore, create_app
from stub.docs import ASSET_TYPES, ASSETS
from stub.process import PYTHONPATH, stub_process
from stub.store import StoreUnavailable

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
JSON = {**AUTH, "Content-Type": "application/json"}
PACKAGES = "/assessment/c1/package"
VISIBLE_ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=",")


def start_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stub"],
        env={**os.environ, "PYTHONPATH": PYTHONPATH, "PORT": "1", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_ctrl_c_stops_the_stub_without_a_traceback(tmp_path: Path) -> None:
    log = tmp_path / "stub.log"
    with log.open("wb") as output, stub_process(output) as (process, url):
        httpx.post(url + PACKAGES, json={"type": "OTHER"}, headers=AUTH).raise_for_status()
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=10)
    text = log.read_text()
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-2000:]
    assert status == 130


@settings(max_examples=200)
@given(token=st.text(min_size=1, max_size=40).filter(lambda t: "," not in t and t.strip()))
def test_a_token_no_header_can_carry_stops_the_stub_unnamed(token: str) -> None:
    carried = all("!" <= c <= "~" for c in token.strip())
    try:
        accepted = Settings.from_env({"STUB_TOKENS": f"{DEFAULT_TOKEN},{token}"})
    except ValueError as error:
        assert not carried
        assert "token 2" in str(error)
        assert token.strip() not in str(error)  # a token is a secret, even a bad one
    else:
        assert carried
        assert accepted.tokens == (DEFAULT_TOKEN, token.strip())


@settings(max_examples=10)
@given(token=st.text(VISIBLE_ASCII, min_size=1, max_size=200))
def test_every_token_the_settings_accept_is_accepted_over_http(token: str) -> None:
    app = create_app(Settings.from_env({"STUB_TOKENS": token}))
    with serve(app) as url, httpx.Client(base_url=url) as client:
        mine = client.get(PACKAGES, headers={"Authorization": f"Bearer {token}"})
        other = client.get(PACKAGES, headers={"Authorization": f"Bearer {token}x"})
    assert (mine.status_code, other.status_code) == (200, 401)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STUB_TOKENS": "t\u00f6k"}, "STUB_TOKENS: token 1 holds"),
        ({"STUB_TOKENS": "ab c"}, "STUB_TOKENS: token 1 holds"),
        ({"HOST": ""}, "HOST must be an address"),
        ({"HOST": " "}, "HOST must be an address"),
        ({"PORT": "\u0661\u0662\u0663"}, "PORT must be a port number"),
        ({"PORT": "\uff18\uff10"}, "PORT must be a port number"),
    ],
)
def test_a_setting_the_stub_cannot_honour_is_one_line_at_start(
    env: dict[str, str], message: str
) -> None:
    result = start_with(env)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith(f"stub: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert "t\u00f6k" not in result.stderr


# Values a row of another program may hold where the stub keeps a JSON object as a blob.
NOT_A_JSON_OBJECT = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(),
    st.binary().filter(lambda b: not is_json_object(b)),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3),
        max_leaves=5,
    ).map(lambda value: json.dumps(value).encode()),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3).map(
        lambda value: json.dumps(value)  # a JSON object, but as text, not the stub's blob
    ),
)


def is_json_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except ValueError:
        return False


def foreign_row(path: Path, value: object) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO item VALUES (?, ?, ?, ?, ?)",
            ("/assessment/{connection_id}/package", '["ws", "c1"]', "foreign", "2020", value),
        )
    db.close()


@settings(max_examples=60)
@given(value=NOT_A_JSON_OBJECT)
def test_a_row_another_program_wrote_stops_the_stub_at_start(value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.sqlite3"
        SQLiteStore(path).add(("/r", "ws", "c1"), "mine", "2020", b'{"id":"mine"}')
        foreign_row(path, value)
        with pytest.raises(StoreUnavailable, match="another program"):
            SQLiteStore(path)


def test_the_stub_started_on_such_a_file_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "items.sqlite3"
    SQLiteStore(path).close()
    foreign_row(path, 10**12)
    result = start_with({"STUB_DB": str(path)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"stub: STUB_DB {str(path)!r} cannot be read")
    assert len(result.stderr.splitlines()) == 1


def test_a_row_changed_by_another_program_while_serving_is_503(tmp_path: Path) -> None:
    path = tmp_path / "items.sqlite3"
    store = SQLiteStore(path)
    with serve(create_app(Settings(), store)) as url, httpx.Client(base_url=url) as client:
        created = client.post(PACKAGES, json={"type": "OTHER"}, headers=JSON).json()
        with sqlite3.connect(path) as db:
            # bytes() of this number would allocate a terabyte.
            db.execute("UPDATE item SET document = ? WHERE id = ?", (10**12, created["id"]))
        db.close()
        started = time.monotonic()
        answers = [
            client.get(f"{PACKAGES}/{created['id']}", headers=AUTH),
            client.get(PACKAGES, headers=AUTH),
            client.patch(f"{PACKAGES}/{created['id']}", json={"type": "OTHER"}, headers=JSON),
        ]
        assert time.monotonic() - started < 5
        for answer in answers:
            assert answer.status_code == 503, answer.text
            assert "STUB_DB" in answer.json()["message"]
        # The connection and the store stay usable.
        assert client.post(PACKAGES, json={"type": "OTHER"}, headers=JSON).status_code == 200
    store.close()


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
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60),
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
    from stub import inputs

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
                started = time.monotonic()
                # A byte now and then, then nothing: never the whole body. (Done within the
                # deadline: a byte sent after the answer and close would reset the connection.)
                for piece in bytes(b"".join(trickle)[: min(declared - 2, 2)]):
                    time.sleep(0.3)
                    sock.sendall(bytes([piece]))
                [(status, body)] = answers(sock, 1, timeout=10)
                assert time.monotonic() - started < 5
                assert sock.recv(1) == b""  # and the connection is closed
    finally:
        inputs.BODY_TIMEOUT = saved
    assert status == 400
    assert "did not arrive" in json.loads(body)["message"]


# The console script's flags --------------------------------------------------------------


@pytest.mark.parametrize("endless", ["/dev/zero", "/dev/urandom"])
def test_a_tokens_file_that_never_ends_is_one_line(
    endless: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path(endless).exists():
        pytest.skip(f"no {endless}")
    from stub.cli import run

    started = time.monotonic()
    assert run(["--tokens-file", endless]) == 2
    assert time.monotonic() - started < 5
    error = capsys.readouterr().err
    assert error.startswith(f"unified-assessment-stub: --tokens-file {endless!r}: ")
    assert len(error.splitlines()) == 1
