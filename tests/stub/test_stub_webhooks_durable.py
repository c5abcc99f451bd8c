"""Deliveries kept in STUB_DB: an event the API answered 2xx reaches its receiver after the
stub is killed (SIGKILL) or stopped (SIGTERM) with it undelivered, once the stub is started
again; each delivery of one event carries the same nonce and body."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from unified_assessment_stub import DEFAULT_TOKEN
from unified_assessment_stub.process import free_port, stub_process
from unified_assessment_stub.receiver import Received, WebhookReceiver

SECRET = "hooks-s3cr3t-value"
CONNECTION = "conn_durable"
HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}


def environment(database: Path) -> dict[str, str]:
    return {
        "STUB_DB": str(database),
        "STUB_WEBHOOK_SECRET": SECRET,
        "STUB_WEBHOOK_MINUTE_SECONDS": "0.01",
    }


def order_events(url: str, hook_port: int, count: int) -> list[str]:
    """A webhook to a receiver that is not listening, then `count` orders answered 200."""
    with httpx.Client(base_url=url, headers=HEADERS, trust_env=False, timeout=30) as client:
        webhook = {
            "connection_id": CONNECTION,
            "object_type": "assessment_order",
            "event": "created",
            "hook_url": f"http://127.0.0.1:{hook_port}/hook",
        }
        assert client.post("/unified/webhook", json=webhook).status_code == 200
        ids = []
        for number in range(count):
            answer = client.post(f"/assessment/{CONNECTION}/order", json={"reference": str(number)})
            assert answer.status_code == 200
            ids.append(answer.json()["id"])
        return ids


def all_arrive(receiver: WebhookReceiver, ids: list[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while {received.data[0]["id"] for received in list(receiver.received)} != set(ids):
        assert time.monotonic() < deadline, f"{len(receiver.received)} of {len(ids)} arrived"
        time.sleep(0.05)


def same_event_same_delivery(received: list[Received]) -> None:
    """A receiver may see an event twice, but then as the same nonce and the same body."""
    by_item: dict[str, set[bytes]] = {}
    for delivery in received:
        by_item.setdefault(delivery.data[0]["id"], set()).add(delivery.body)
    assert all(len(bodies) == 1 for bodies in by_item.values())


@pytest.mark.parametrize("stop", ["kill", "terminate"])
def test_undelivered_events_survive_the_stub_and_arrive_after_a_restart(
    tmp_path: Path, stop: str
) -> None:
    database = tmp_path / "stub.sqlite3"
    hook_port = free_port()
    log_path = tmp_path / "stub.log"
    with open(log_path, "wb") as log:
        with stub_process(log, env=environment(database)) as (process, url):
            ids = order_events(url, hook_port, 200)
            if stop == "kill":
                process.kill()
                process.wait()
            else:
                process.terminate()
                # SIGTERM ends it promptly, however many deliveries wait.
                process.wait(timeout=5)
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT count(*) FROM delivery").fetchone()[0] >= 1
        with (
            WebhookReceiver(url, DEFAULT_TOKEN, SECRET, port=hook_port) as receiver,
            stub_process(log, env=environment(database)),
        ):
            all_arrive(receiver, ids)
            same_event_same_delivery(list(receiver.received))
    output = log_path.read_text(errors="replace")
    assert "webhook deliveries go to" in output and "failed" in output
    assert SECRET not in output
