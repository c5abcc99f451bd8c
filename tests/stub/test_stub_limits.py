"""The stub is hard to knock over: oversized and unfinished header sections, a missing Host,
SIGTERM with requests half sent, and a served process never left behind."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from conftest import serve
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from unified_assessment_stub import DEFAULT_TOKEN
from unified_assessment_stub.app import AccessLog
from unified_assessment_stub.process import stop, stub_process
from unified_assessment_stub.server import MAX_HEAD_BYTES
from unified_assessment_stub.server import config as server_config

PATH = "/assessment/conn_1/package"


def address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def answer(connection: socket.socket, timeout: float = 10) -> bytes:
    """Everything the server sends until it closes the connection."""
    connection.settimeout(timeout)
    received = b""
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def head(extra: bytes = b"", host: bool = True, version: bytes = b"1.1") -> bytes:
    lines = [b"GET /healthz HTTP/" + version]
    if host:
        lines.append(b"Host: stub")
    return b"\r\n".join(lines) + b"\r\n" + extra + b"Connection: close\r\n\r\n"


@pytest.fixture
def quick_url(stub_app: Starlette) -> Iterator[str]:
    """The stub with a header timeout of half a second."""
    with serve(stub_app, head_timeout=0.5) as url:
        yield url


def test_a_header_section_up_to_the_limit_is_served(stub_url: str) -> None:
    filler = b"X-Filler: " + b"a" * (MAX_HEAD_BYTES - 8 * 1024) + b"\r\n"
    with socket.create_connection(address(stub_url)) as connection:
        connection.sendall(head(filler))
        assert answer(connection).startswith(b"HTTP/1.1 200 ")


def test_a_header_section_over_64_kib_is_refused_without_reading_it_all(stub_url: str) -> None:
    sent = 0
    with socket.create_connection(address(stub_url)) as connection:
        connection.settimeout(10)
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: stub\r\nX-Huge: ")
        chunk = b"a" * 65536
        # Up to 150 MB, as a hostile client would: the server must hang up long before.
        try:
            while sent < 150 * 1024 * 1024:
                connection.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        received = answer(connection)
    assert sent < 16 * 1024 * 1024, "the server kept reading the header section"
    if received:  # the 431 may be lost to the reset when the client is still sending
        assert received.startswith(b"HTTP/1.1 431 ")
        assert b'"status":431' in received


def test_a_big_header_section_sent_at_once_gets_431(stub_url: str) -> None:
    with socket.create_connection(address(stub_url)) as connection:
        connection.sendall(head(b"X-Huge: " + b"a" * MAX_HEAD_BYTES + b"\r\n"))
        received = answer(connection)
    assert received.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
    assert received.endswith(
        b'{"status":431,"message":"The header section is larger than 65536 bytes."}'
    )


@pytest.mark.parametrize("sent", [b"", b"GET /healthz HTTP/1.1\r\nHost: st"])
def test_a_connection_without_a_whole_header_section_in_time_is_closed(
    quick_url: str, sent: bytes
) -> None:
    with socket.create_connection(address(quick_url)) as connection:
        connection.sendall(sent)
        # Closed by the stub (its header timeout is half a second); 10 s only guards a hang.
        assert answer(connection, timeout=10) == b""


def test_a_slow_trickle_of_header_bytes_does_not_keep_a_connection_open(quick_url: str) -> None:
    trickle = b"GET /healthz HTTP/1.1\r\nHost: stub\r\nX-Slow: " + b"a" * 60
    sent = 0
    with socket.create_connection(address(quick_url)) as connection:
        try:
            for byte in trickle:
                connection.sendall(bytes([byte]))
                sent += 1
                time.sleep(0.1)
                if connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"":
                    break  # closed by the stub
        except (BlockingIOError, BrokenPipeError, ConnectionResetError):
            pass
        assert answer(connection) == b""
    # Closed while the trickle went on, not once it ended: a byte each 0.1 s does not keep
    # the connection past the header timeout.
    assert sent < len(trickle)


def test_a_kept_alive_connection_serves_the_next_request_after_the_first(quick_url: str) -> None:
    with httpx.Client(base_url=quick_url) as client:
        assert client.get("/healthz").status_code == 200
        time.sleep(0.3)
        assert client.get("/healthz").status_code == 200


def test_http_1_1_without_host_is_400(stub_url: str) -> None:
    with socket.create_connection(address(stub_url)) as connection:
        connection.sendall(head(host=False))
        received = answer(connection)
    assert received.startswith(b"HTTP/1.1 400 ")
    assert b"Host header" in received


def test_http_1_0_without_host_is_served(stub_url: str) -> None:
    with socket.create_connection(address(stub_url)) as connection:
        connection.sendall(head(host=False, version=b"1.0"))
        assert answer(connection).startswith(b"HTTP/1.1 200 ")


def test_sigterm_ends_the_stub_gracefully_with_requests_half_sent(tmp_path: Path) -> None:
    with (tmp_path / "stub.log").open("wb") as log, stub_process(log) as (process, url):
        half_head = b"GET /healthz HTTP/1.1\r\nHost: st"
        connections = [socket.create_connection(address(url)) for _ in range(3)]
        try:
            connections[0].sendall(HALF_BODY)
            connections[1].sendall(half_head)
            time.sleep(0.3)  # the server has read both
            process.send_signal(signal.SIGTERM)
            status = process.wait(timeout=10)  # guards a hang; the time: make bench
        finally:
            for connection in connections:
                connection.close()
    # A graceful end: uvicorn finishes, then lets the signal it caught end the process.
    assert status == -signal.SIGTERM
    logged = (tmp_path / "stub.log").read_text()
    assert "Finished server process" in logged
    assert "Traceback" not in logged


HALF_BODY = (
    f"POST {PATH} HTTP/1.1\r\nHost: stub\r\nAuthorization: Bearer {DEFAULT_TOKEN}\r\n"
    "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    '{"type"'
).encode()


def test_sigterm_ends_the_stub_gracefully_with_1500_bodies_half_sent(tmp_path: Path) -> None:
    with (tmp_path / "stub.log").open("wb") as log, stub_process(log) as (process, url):
        connections = []
        try:
            for _ in range(1500):
                connection = socket.create_connection(address(url))
                connection.sendall(HALF_BODY)
                connections.append(connection)
            # Every request reaches its handler, which waits for the rest of the body.
            time.sleep(1)
            assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
            process.send_signal(signal.SIGTERM)
            status = process.wait(timeout=30)  # guards a hang; the time: make bench
        finally:
            for connection in connections:
                connection.close()
    logged = (tmp_path / "stub.log").read_text()
    assert status == -signal.SIGTERM
    assert "Traceback" not in logged
    # One line per request at most (the access log's), not a traceback each.
    assert len(logged.splitlines()) < 1500 + 50


def test_a_request_cancelled_at_shutdown_logs_one_line(caplog: pytest.LogCaptureFixture) -> None:
    async def never_answers(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(60)

    server = uvicorn.Server(
        server_config(AccessLog(never_answers), "127.0.0.1", 0, log_level="info", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    with caplog.at_level(logging.INFO):
        thread.start()
        while not server.started:
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as connection:
            connection.sendall(b"GET /slow HTTP/1.1\r\nHost: stub\r\n\r\n")
            time.sleep(0.3)
            server.should_exit = True
            thread.join(timeout=15)
    assert not thread.is_alive()
    access = [r.getMessage() for r in caplog.records if r.name == "stub.access"]
    assert len(access) == 1 and access[0].startswith("GET /slow cancelled "), access
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


def test_stop_kills_a_process_that_ignores_sigterm() -> None:
    process = subprocess.Popen(
        ["python3", "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
         "print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.readline() == b"ready\n"
    status = stop(process, grace=0.5)
    assert status == -signal.SIGKILL  # killed once the grace ran out, not waited for


def port_is_closed(url: str, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            socket.create_connection(address(url), timeout=1).close()
        except OSError:
            return True
        time.sleep(0.1)
    return False


def test_a_served_stub_dies_with_the_process_that_started_it_even_by_sigkill() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", "import time\n"
         "from unified_assessment_stub.process import served_stub\n"
         "with served_stub() as url:\n    print(url, flush=True); time.sleep(60)"],
        env={**os.environ}, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert parent.stdout is not None
    url = parent.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:")
    assert httpx.get(f"{url}/healthz").status_code == 200
    parent.kill()
    parent.wait()
    assert port_is_closed(url), "the stub outlived the process that started it"


def test_stopping_make_contract_stops_its_stub_and_schemathesis(tmp_path: Path) -> None:
    run = subprocess.Popen(
        [sys.executable, "-m", "unified_assessment_contract_runner",
         "--examples", "100000", "--reports", str(tmp_path)],
        env={**os.environ}, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        log = tmp_path / "stub.log"
        while b" 200 " not in (log.read_bytes() if log.exists() else b""):
            assert time.monotonic() < deadline, "schemathesis never reached the stub"
            time.sleep(0.2)
        url = re.search(r"serving on (http://\S+),", log.read_text()).group(1)  # type: ignore[union-attr]
    finally:
        status = stop(run)
    assert status == 128 + signal.SIGTERM
    assert port_is_closed(url), "the stub outlived make contract"
    assert not running_with(f"{url}/openapi.json"), "schemathesis outlived make contract"


def running_with(argument: str) -> list[int]:
    """The live processes that have `argument` on their command line (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and argument.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue  # gone meanwhile
    return found


def children_of(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().split(") ")[1].split()[
                1
            ] == str(pid):
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue  # gone meanwhile
    return found


def test_the_body_check_workers_die_with_the_stub_even_by_sigkill() -> None:
    with stub_process() as (process, url):
        big = b'{"type": "OTHER", "description": "' + b"x" * 100_000 + b'"}'
        headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
        assert (
            httpx.post(f"{url}{PATH}", content=big, headers=headers, timeout=60).status_code == 200
        )
        workers = children_of(process.pid)
        assert workers, "a body over 16 KiB is checked in a worker process"
        process.kill()
        process.wait()
        deadline = time.monotonic() + 5
        while any(Path(f"/proc/{worker}").exists() for worker in workers):
            assert time.monotonic() < deadline, "a worker outlived the stub"
            time.sleep(0.1)
