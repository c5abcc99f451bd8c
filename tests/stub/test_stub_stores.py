"""The stores under load and across restarts: the in-memory store's bound, and SQLite (STUB_DB)
keeping every package through a restart of the served stub."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import httpx
from conftest import serve

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore, Settings, create_app
from unified_assessment_stub.app import workspace_of
from unified_assessment_stub.process import served_stub

PACKAGES = "/assessment/conn_1/package"
HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}


async def create_all(url: str, bodies: list[bytes], concurrency: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        return await asyncio.gather(
            *(client.post(PACKAGES, content=body, headers=HEADERS) for body in bodies)
        )


def listed(url: str) -> list[dict[str, object]]:
    """Every package of the list, page after page."""
    packages: list[dict[str, object]] = []
    with httpx.Client(base_url=url, headers=HEADERS, timeout=30) as client:
        while True:
            page = client.get(PACKAGES, params={"offset": len(packages)})
            assert page.status_code == 200, page.text
            packages += page.json()
            if not page.json():
                return packages


def thousand_creates(url: str) -> dict[str, dict[str, object]]:
    bodies = [
        json.dumps({"type": "OTHER", "name": f"package {n}", "max_score": 10**30 + n}).encode()
        for n in range(1000)
    ]
    responses = asyncio.run(create_all(url, bodies, concurrency=1000))
    assert [r.status_code for r in responses] == [200] * 1000
    return {r.json()["id"]: r.json() for r in responses}


def test_a_thousand_concurrent_creates_then_a_list_of_exactly_those() -> None:
    # In memory; with SQLite, the test below does the same across a restart.
    with serve(create_app(store=InMemoryStore())) as url:
        created = thousand_creates(url)
        packages = listed(url)
    assert len(created) == 1000
    assert {p["id"]: p for p in packages} == created
    assert len(packages) == 1000
    order = [(p["created_at"], p["id"]) for p in packages]
    assert order == sorted(order)


def test_a_thousand_creates_survive_a_restart_with_stub_db(tmp_path: Path) -> None:
    env = {"STUB_DB": str(tmp_path / "packages.sqlite3")}
    with served_stub(env=env) as url:
        created = thousand_creates(url)
        before = listed(url)
    with served_stub(env=env) as url:
        after = listed(url)
    assert len(after) == 1000
    assert {p["id"]: p for p in after} == created
    assert after == before


def test_the_in_memory_store_is_bounded_and_loses_nothing_when_full() -> None:
    body = json.dumps({"type": "OTHER", "description": "x" * 1000}).encode()
    limited = served_stub(env={"STUB_MAX_STORE_BYTES": "20000"})
    with limited as url, httpx.Client(base_url=url, headers=HEADERS, timeout=30) as client:
        accepted = []
        for _ in range(100):
            response = client.post(PACKAGES, content=body)
            if response.status_code != 200:
                break
            accepted.append(response.json())
        assert 10 <= len(accepted) < 20
        assert response.status_code == 507
        assert response.headers["content-type"] == "application/json"
        assert response.json()["status"] == 507
        assert "STUB_MAX_STORE_BYTES" in response.json()["message"]
        # Growing a package past the bound is refused too, and changes nothing.
        first = f"{PACKAGES}/{accepted[0]['id']}"
        big = {"type": "OTHER", "description": "x" * 5000}
        assert client.put(first, json=big).status_code == 507
        assert client.get(first).json() == accepted[0]
        assert listed(url) == accepted
        # Removing one makes room again.
        assert client.delete(first).status_code == 200
        assert client.post(PACKAGES, content=body).status_code == 200


def test_the_bound_counts_what_is_stored_and_freed() -> None:
    store = InMemoryStore(max_bytes=10_000)
    app = create_app(Settings(), store)
    with serve(app) as url, httpx.Client(base_url=url, headers=HEADERS) as client:
        created = client.post(PACKAGES, json={"type": "OTHER"}).json()
        used = store.used_bytes
        assert used > len(json.dumps(created, separators=(",", ":")))
        client.patch(f"{PACKAGES}/{created['id']}", json={"type": "OTHER", "name": "n" * 100})
        assert store.used_bytes == used + len(',"name":""') + 100
        client.delete(f"{PACKAGES}/{created['id']}")
        assert store.used_bytes == 0


def test_a_database_written_before_orders_existed_keeps_its_packages(tmp_path: Path) -> None:
    # The layout of STUB_DB files before the stub served more than one resource.
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE package (workspace_id TEXT NOT NULL, connection_id TEXT NOT NULL,"
        " id TEXT NOT NULL, created_at TEXT NOT NULL, document BLOB NOT NULL,"
        " PRIMARY KEY (workspace_id, connection_id, id)) WITHOUT ROWID;"
    )
    workspace = workspace_of(DEFAULT_TOKEN.encode())
    package = {"id": "old-1", "type": "OTHER", "workspace_id": workspace, "connection_id": "c"}
    document = json.dumps(package).encode()
    old.execute("INSERT INTO package VALUES (?, 'c', 'old-1', 't', ?)", (workspace, document))
    old.commit()
    old.close()
    with served_stub(env={"STUB_DB": str(path)}) as url:
        answer = httpx.get(f"{url}/assessment/c/package/old-1", headers=HEADERS)
        assert answer.status_code == 200, answer.text
        assert answer.content == document
        assert httpx.get(f"{url}/assessment/c/order/old-1", headers=HEADERS).status_code == 404
