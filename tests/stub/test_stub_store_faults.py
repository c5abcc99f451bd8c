"""Store faults are answers, not bugs. In memory, the bound counts every byte a write would keep
(namespaces too) and a refused write keeps none. With STUB_DB, a full disk answers 507 to
every write, any other database fault 503 naming it; the connection stays usable, nothing
acknowledged is lost, and a database that cannot be read or written stops the stub at start."""

from __future__ import annotations

import http.client
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import serve

from unified_assessment_stub import (
    DEFAULT_TOKEN,
    InMemoryStore,
    Settings,
    SQLiteStore,
    StoreFull,
    create_app,
)
from unified_assessment_stub.process import free_port, served_stub, stop, stub_process, wait_for

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
JSON = {**AUTH, "Content-Type": "application/json"}
PACKAGES = "/assessment/c1/package"
ORDERS = "/assessment/c1/order"


# In memory: the bound counts everything, a refusal keeps nothing ---------------------------


def test_a_refused_write_keeps_nothing_not_even_its_namespace() -> None:
    store = InMemoryStore(max_bytes=50_000)
    store.add(("r", "w", "small"), "a", "t", b"{}")
    used = store.used_bytes
    with pytest.raises(StoreFull):
        store.add(("r", "w", "x" * 60_000), "b", "t", b"{}")
    assert (store.used_bytes, store.namespaces, len(store)) == (used, 1, 1)
    # A namespace costs its strings: twelve new ones of 4 KB pass a bound that twelve items
    # of 2 bytes alone would not.
    with pytest.raises(StoreFull):
        for n in range(12):
            store.add(("r", "w", f"{n:x}" * 4_000), "c", "t", b"{}")
    assert store.used_bytes <= store.max_bytes
    assert store.namespaces < 12
    assert store.remove(("r", "w", "small"), "a")
    assert store.used_bytes == sum(
        4_000 + len("r") + len("w") + 400 + 2 + 1 + 200 for _ in range(store.namespaces)
    )


def rss_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_refused_creates_under_new_large_connection_ids_do_not_grow_the_stub() -> None:
    env = {"STUB_MAX_STORE_BYTES": "20000"}
    with stub_process(env=env) as (process, url), httpx.Client(base_url=url, timeout=30) as client:
        body = json.dumps({"type": "OTHER", "description": "x" * 1_000})
        while client.post(PACKAGES, content=body, headers=JSON).status_code == 200:
            pass

        def refused_creates(first: int, count: int) -> None:
            for n in range(first, first + count):
                connection = f"{n:08d}" + "c" * 50_000
                answer = client.post(
                    f"/assessment/{connection}/package", content=body, headers=JSON
                )
                assert answer.status_code == 507, answer.text

        refused_creates(0, 100)  # the allocator's pools warm up
        before = rss_bytes(process.pid)
        refused_creates(100, 400)  # 20 MB of connection ids, were any of them kept
        grown = rss_bytes(process.pid) - before
    assert grown < 10 * 1024 * 1024, f"the stub grew by {grown} bytes"


# With STUB_DB: faults found at start ----------------------------------------------------


def filled_database(path: Path, items: int = 200) -> None:
    store = SQLiteStore(path)
    for n in range(items):
        store.add(
            ("/r", "w", "c"), f"id{n:04d}", "t", json.dumps({"n": n, "x": "x" * 300}).encode()
        )
    store.close()


def corrupt(path: Path) -> None:
    """Random bytes over every page but the first (the header) and the last."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(4096)
        file.write(os.urandom(size - 2 * 4096))


def start_with(database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unified_assessment_stub"],
        env={**os.environ, "STUB_DB": database, "PORT": "1"},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize("fault", ["corrupted pages", "not a database", "immutable", "read-only"])
def test_a_database_that_cannot_be_read_or_written_stops_the_stub_at_start(
    tmp_path: Path, fault: str
) -> None:
    path = tmp_path / "items.sqlite3"
    filled_database(path)
    database, said = str(path), "cannot be read and written"
    if fault == "corrupted pages":
        corrupt(path)
    elif fault == "not a database":
        path.write_text("a text file, not SQLite\n" * 1000)
    elif fault == "immutable":
        database = f"file:{path}?immutable=1"
    else:  # as root chmod does not stop a write: SQLite's own read-only mode does
        database = f"file:{path}?mode=ro"

    started = start_with(database)

    assert started.returncode == 2, started.stderr
    assert started.stderr.startswith(f"stub: STUB_DB {database!r} ")
    assert said in started.stderr or "cannot be opened" in started.stderr
    assert started.stderr.count("\n") == 1 and "Traceback" not in started.stderr
    assert {
        "corrupted pages": "corrupted",
        "not a database": "not a SQLite database",
        "immutable": "read-only",
        "read-only": "read-only",
    }[fault] in started.stderr


# With STUB_DB: faults while serving ------------------------------------------------------


def request(
    connection: http.client.HTTPConnection, method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    """One request on an open connection; it must still be the same connection after."""
    sock = connection.sock
    content = None if body is None else json.dumps(body)
    headers = JSON if body is not None else AUTH
    connection.request(method, path, body=content, headers=headers)
    answer = connection.getresponse()
    raw = answer.read()
    assert sock is None or connection.sock is sock, "the stub closed the connection"
    assert answer.getheader("connection") != "close"
    return answer.status, json.loads(raw) if raw else None


@contextmanager
def connected(url: str) -> Iterator[http.client.HTTPConnection]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def created(connection: http.client.HTTPConnection, path: str, body: Any) -> dict[str, Any]:
    status, item = request(connection, "POST", path, body)
    assert status == 200, item
    assert isinstance(item, dict)
    return item


def everything(url: str) -> list[Any]:
    with connected(url) as connection:
        status, page = request(connection, "GET", PACKAGES)
    assert status == 200
    return list(page)


def assert_refused(status: int, error: Any, expected: int, *words: str) -> None:
    assert status == expected, error
    assert error["status"] == expected
    assert "STUB_MAX_STORE_BYTES" not in error["message"]
    for word in words:
        assert word in error["message"], error["message"]


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("a full disk needs a small tmpfs, and mounting one is not permitted here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb") as file:
        try:
            while True:
                file.write(b"\0" * 65536)
                file.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_answers_507_to_every_write_and_loses_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "2m") as disk:
        env = {"STUB_DB": str(disk / "items.sqlite3")}
        with served_stub(env=env) as url, connected(url) as connection:
            packages = [created(connection, PACKAGES, {"type": "OTHER"}) for _ in range(3)]
            order = created(connection, ORDERS, {"package_id": packages[0]["id"]})
            filler = fill(disk)
            one = f"{PACKAGES}/{packages[0]['id']}"
            writes = [
                ("POST", PACKAGES, {"type": "OTHER"}),
                ("POST", ORDERS, {"package_id": "p"}),
                ("PUT", one, {"type": "SKILLS_TEST", "name": "n" * 5000}),
                ("PATCH", one, {"type": "SKILLS_TEST", "name": "n" * 5000}),
                ("PATCH", f"{ORDERS}/{order['id']}", {"reference": "r" * 5000}),
                ("DELETE", one, None),
            ]
            for method, path, body in writes:
                status, error = request(connection, method, path, body)
                assert_refused(status, error, 507, "disk is full", "STUB_DB")
                assert request(connection, "GET", one) == (200, packages[0])
            assert request(connection, "GET", PACKAGES) == (200, packages)
            filler.unlink()  # room again: writes work, on the same connection
            status, patched = request(connection, "PATCH", one, {"type": "OTHER", "name": "n"})
            assert status == 200 and patched["name"] == "n"
        with served_stub(env=env) as url:
            assert everything(url) == [patched, *packages[1:]]


def limited_stub(database: Path, file_size_limit: int, port: int) -> subprocess.Popen[bytes]:
    """`python -m stub` that may write no file past `file_size_limit` bytes (RLIMIT_FSIZE;
    SIGXFSZ ignored, so that a write past it fails as on a file system that refuses it)."""
    launch = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({file_size_limit}, {file_size_limit}))\n"
        "from unified_assessment_stub.__main__ import main\n"
        "sys.exit(main())\n"
    )
    env = {**os.environ, "STUB_DB": str(database), "PORT": str(port)}
    return subprocess.Popen(
        [sys.executable, "-c", launch],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_file_size_limit_answers_503_naming_the_database(tmp_path: Path) -> None:
    database = tmp_path / "items.sqlite3"
    filled_database(database, items=1)
    port = free_port()
    process = limited_stub(database, 96 * 1024, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, process)
        acknowledged = []
        with connected(url) as connection:
            for _ in range(200):
                status, answer = request(
                    connection, "POST", PACKAGES, {"type": "OTHER", "d": "x" * 2000}
                )
                if status != 200:
                    break
                acknowledged.append(answer)
            assert_refused(status, answer, 503, "STUB_DB", "disk I/O error")
            assert acknowledged, "the limit left no room for a first create"
            first = f"{PACKAGES}/{acknowledged[0]['id']}"
            for method, body in (("PATCH", {"type": "OTHER", "d": "y" * 5000}), ("DELETE", None)):
                status, error = request(connection, method, first, body)
                assert_refused(status, error, 503, "STUB_DB")
            assert request(connection, "GET", first) == (200, acknowledged[0])
    finally:
        stop(process)
    with served_stub(env={"STUB_DB": str(database)}) as url:
        assert everything(url) == acknowledged


def test_corrupted_pages_while_serving_answer_503_and_the_connection_stays(
    tmp_path: Path,
) -> None:
    database = tmp_path / "items.sqlite3"
    store = SQLiteStore(database)
    with serve(create_app(Settings(), store)) as url, connected(url) as connection:
        packages = [
            created(connection, PACKAGES, {"type": "OTHER", "d": "x" * 500}) for _ in range(100)
        ]
        # Another process checkpoints, the pages rot, and a write of its own makes the stub
        # read them again from the file.
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("CREATE TABLE elsewhere (x)")
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        corrupt(database)
        other.execute("INSERT INTO elsewhere VALUES (1)")
        other.close()
        for method, path, body in (
            ("GET", f"{PACKAGES}/{packages[50]['id']}", None),
            ("GET", PACKAGES, None),
            ("POST", PACKAGES, {"type": "OTHER"}),
        ):
            status, error = request(connection, method, path, body)
            assert_refused(status, error, 503, "STUB_DB", "corrupted")
        assert request(connection, "GET", "/healthz") == (200, {"status": "ok"})
    store.close()
