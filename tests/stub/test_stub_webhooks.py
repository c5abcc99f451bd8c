"""Webhook deliveries as a provider meets them: the provider's loop through the pytest plugin's
receiver and the generated client, the vendor's retry schedule (its minute scaled down), what a
webhook records of its deliveries, the hosts a hook may name, and bad receivers costing the API
nothing."""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from conftest import serve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unified_assessment_client import AuthenticatedClient
from unified_assessment_client.api.assessment import (
    create_assessment_order,
    create_assessment_package,
    patch_assessment_order,
)
from unified_assessment_client.models import (
    AssessmentOrder,
    AssessmentOrderStatus,
    AssessmentPackage,
    AssessmentPackageType,
)

from unified_assessment_stub import DEFAULT_TOKEN, Settings, create_app
from unified_assessment_stub.deliveries import retry_delay_minutes
from unified_assessment_stub.pytest_plugin import AssessmentStub
from unified_assessment_stub.receiver import WebhookReceiver

CONNECTION = "conn_hooks"
HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
ORDER = {"package_id": "pkg_1", "candidate_id": "cand_1", "status": "OPEN"}


@contextmanager
def stub_with(**webhook_settings: Any) -> Iterator[tuple[httpx.Client, WebhookReceiver, Any]]:
    """A stub of its own (settings as given), a client of its API and a receiver."""
    app = create_app(Settings(**webhook_settings))
    with (
        serve(app) as url,
        httpx.Client(base_url=url, headers=HEADERS, trust_env=False) as client,
        WebhookReceiver(url, DEFAULT_TOKEN, app.state.settings.webhook_secret) as receiver,
    ):
        yield client, receiver, app


def webhook_of(client: httpx.Client, webhook_id: str) -> dict[str, Any]:
    answer = client.get(f"/unified/webhook/{webhook_id}")
    assert answer.status_code == 200, answer.text
    webhook: dict[str, Any] = answer.json()
    return webhook


def eventually(check: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, "not within the timeout"
        time.sleep(0.01)
    return found


def test_the_providers_loop_end_to_end(
    assessment_stub: AssessmentStub, assessment_webhooks: WebhookReceiver
) -> None:
    for event in ("created", "updated"):
        assessment_webhooks.subscribe(CONNECTION, "assessment_order", event)
    with AuthenticatedClient(base_url=assessment_stub.base_url, token=assessment_stub.token) as api:
        package = create_assessment_package.sync(
            CONNECTION,
            client=api,
            body=AssessmentPackage(type_=AssessmentPackageType.SKILLS_TEST, name="Python test"),
        )
        # The ATS orders the package.
        order = create_assessment_order.sync(
            CONNECTION,
            client=api,
            body=AssessmentOrder(package_id=package.id, candidate_id="cand_1"),
        )
        assert isinstance(order.id, str)
        created = assessment_webhooks.wait_for("assessment_order", "created", timeout=5)
        stored = assessment_stub.app.state.store.document(order.id)
        # The item exactly as stored: its bytes are the delivery's data[0].
        assert created.body.startswith(b'{"data":[' + stored + b"]")
        assert created.data[0] == json.loads(stored)
        assert created.delivery.data[0].id == order.id
        assert created.document["type"] == "NATIVE"
        assert "authorization" not in created.headers
        assert assessment_stub.token not in created.body.decode()

        # The provider reports the result; the ATS is told.
        result = AssessmentOrder(response_status=AssessmentOrderStatus.COMPLETED, response_score=87)
        patch_assessment_order.sync(CONNECTION, order.id, client=api, body=result)
        updated = assessment_webhooks.wait_for("assessment_order", "updated", timeout=5)
        assert updated.data[0] == json.loads(assessment_stub.app.state.store.document(order.id))
        assert updated.data[0]["response_score"] == 87
        assert updated.data[0]["response_status"] == "COMPLETED"
        assert updated.document["nonce"] != created.document["nonce"]


def test_only_matching_unpaused_webhooks_of_the_connection_get_a_delivery(
    assessment_stub: AssessmentStub, assessment_webhooks: WebhookReceiver
) -> None:
    hooks = assessment_webhooks
    hooks.subscribe(CONNECTION, "assessment_order", "created", is_paused=True)
    hooks.subscribe("another_connection", "assessment_order", "created")
    hooks.subscribe(CONNECTION, "assessment_package", "created")
    with httpx.Client(base_url=assessment_stub.base_url, headers=HEADERS) as client:
        assert client.post(f"/assessment/{CONNECTION}/order", json=ORDER).status_code == 200
        package = {"type": "SKILLS_TEST", "name": "n"}
        assert client.post(f"/assessment/{CONNECTION}/package", json=package).status_code == 200
    hooks.wait_for("assessment_package", "created")
    # The package's delivery came after the order was answered: the order had none to send.
    assert [received.object_type for received in hooks.received] == ["assessment_package"]


def test_include_all_sends_existing_items_in_pages_and_a_trigger_sends_them_again(
    assessment_stub: AssessmentStub, assessment_webhooks: WebhookReceiver
) -> None:
    with httpx.Client(base_url=assessment_stub.base_url, headers=HEADERS) as client:
        ids = [
            client.post(f"/assessment/{CONNECTION}/package", json={"type": "SKILLS_TEST"}).json()[
                "id"
            ]
            for _ in range(3)
        ]
        webhook = assessment_webhooks.subscribe(
            CONNECTION, "assessment_package", "created", include_all=True, page_max_limit=2
        )
        first = assessment_webhooks.wait_for(
            "assessment_package", "created", type="INITIAL-PARTIAL"
        )
        last = assessment_webhooks.wait_for(
            "assessment_package", "created", type="INITIAL-COMPLETE"
        )
        assert [item["id"] for item in first.data + last.data] == ids
        assert client.put(f"/unified/webhook/{webhook['id']}/trigger").status_code == 200
    again = [assessment_webhooks.wait_for("assessment_package", "created") for _ in range(2)]
    assert sorted(item["id"] for received in again for item in received.data) == sorted(ids)


def test_a_receiver_failing_three_times_gets_the_fourth_attempt_on_the_schedule() -> None:
    minute = 0.05
    with stub_with(webhook_minute_seconds=minute) as (client, receiver, _):
        webhook = receiver.subscribe(CONNECTION, "assessment_order", "created")
        receiver.fail_next(3)
        assert client.post(f"/assessment/{CONNECTION}/order", json=ORDER).status_code == 200
        received = receiver.wait_for("assessment_order", "created", timeout=30)
        times = receiver.attempts
        assert len(times) == 4
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        for retry, gap in enumerate(gaps, 1):  # 1, 2 then 3 minutes
            assert gap >= retry_delay_minutes(retry) * minute
        runs = eventually(lambda: len(webhook_of(client, webhook["id"]).get("runs", [])) == 4)
        recorded = webhook_of(client, webhook["id"])
        assert runs and [run.split(" ", 1)[1] for run in recorded["runs"]] == [
            "failed: 503",
            "failed: 503",
            "failed: 503",
            "200",
        ]
        assert recorded["is_healthy"] is True and recorded["checked_at"]
        assert received.document["nonce"]


def test_the_schedule_is_the_vendors() -> None:
    assert [retry_delay_minutes(n) for n in range(1, 6)] == [1, 2, 3, 5, 8]
    assert retry_delay_minutes(7) == 21 and retry_delay_minutes(12) == 233


def test_a_receiver_failing_every_attempt_leaves_the_webhook_unhealthy() -> None:
    with stub_with(webhook_minute_seconds=0.00001) as (client, receiver, _):
        webhook = receiver.subscribe(CONNECTION, "assessment_order", "created")
        receiver.fail_next(10_000)
        assert client.post(f"/assessment/{CONNECTION}/order", json=ORDER).status_code == 200
        eventually(lambda: webhook_of(client, webhook["id"]).get("is_healthy") is False)
        recorded = webhook_of(client, webhook["id"])
        assert len(receiver.attempts) == 21  # the first and its 20 retries, no more
        assert 1 <= len(recorded["runs"]) <= 21
        assert "no retry left" in recorded["runs"][-1]
        # A replace keeps what the server recorded.
        kept = {k: v for k, v in recorded.items() if k not in ("runs", "is_healthy", "checked_at")}
        replaced = client.put(f"/unified/webhook/{webhook['id']}", json=kept).json()
        assert replaced["is_healthy"] is False and replaced["runs"] == recorded["runs"]


LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    host=st.one_of(
        st.from_regex(r"\A[a-z][a-z0-9-]{0,20}(\.[a-z]{2,6}){0,2}\Z"),
        st.ip_addresses().map(lambda ip: f"[{ip}]" if ip.version == 6 else str(ip)),
    ),
    scheme=st.sampled_from(["http", "https", "ftp", "file", "gopher"]),
)
def test_a_hook_url_elsewhere_is_refused_naming_the_setting(
    assessment_stub: AssessmentStub, host: str, scheme: str
) -> None:
    allowed = scheme in ("http", "https") and (
        host in LOOPBACK or host.strip("[]") in ("::1", "::ffff:127.0.0.1")
    )
    webhook = {
        "connection_id": CONNECTION,
        "object_type": "assessment_order",
        "event": "created",
        "hook_url": f"{scheme}://{host}/hook",
    }
    with httpx.Client(base_url=assessment_stub.base_url, headers=HEADERS) as client:
        created = client.post("/unified/webhook", json=webhook)
        if allowed:
            assert created.status_code == 200
            return
        assert created.status_code == 422
        assert "STUB_WEBHOOK_HOSTS" in created.json()["message"]
        # Nor may an update point an existing webhook there.
        fine = client.post("/unified/webhook", json={**webhook, "hook_url": "http://127.0.0.1/"})
        patched = client.patch(f"/unified/webhook/{fine.json()['id']}", json=webhook)
        assert patched.status_code == 422


@contextmanager
def bad_receiver(behaviour: str) -> Iterator[str]:
    """A hook that hangs, trickles, answers 10 MB or closes mid-answer."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer(connection: socket.socket) -> None:
        # The stub hangs up on a bad answer: that is what is tested, not an error.
        with connection, contextlib.suppress(OSError):
            connection.recv(65536)
            if behaviour == "hang":
                stop.wait(30)
            elif behaviour == "trickle":
                connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n")
                while not stop.wait(0.05):
                    connection.sendall(b"x")
            elif behaviour == "huge":
                connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 10485760\r\n\r\n")
                connection.sendall(b"x" * 10 * 1024 * 1024)
            elif behaviour == "close":
                connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nabc")

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    finally:
        stop.set()
        server.close()


@pytest.mark.parametrize("behaviour", ["hang", "trickle", "huge", "close"])
def test_a_bad_receiver_costs_its_timeout_and_is_recorded(behaviour: str) -> None:
    with (
        stub_with(webhook_timeout=0.5, webhook_minute_seconds=3600) as (client, _, _app),
        bad_receiver(behaviour) as hook,
    ):
        webhook = {"connection_id": CONNECTION, "object_type": "assessment_order"}
        created = client.post(
            "/unified/webhook", json={**webhook, "event": "created", "hook_url": hook}
        )
        assert client.post(f"/assessment/{CONNECTION}/order", json=ORDER).status_code == 200
        runs = eventually(lambda: webhook_of(client, created.json()["id"]).get("runs"))
        if behaviour == "huge":  # answered 200: read no further than a bound
            assert runs[-1].endswith(" 200")
        else:
            assert "failed" in runs[-1]
        # The API answers meanwhile.
        assert client.get("/healthz").status_code == 200


def test_an_event_refused_for_a_full_queue_is_counted_and_recorded() -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens: every attempt fails, each delivery waits for its retry
    with stub_with(webhook_queue=2, webhook_minute_seconds=3600) as (client, _, app):
        hook = f"http://127.0.0.1:{port}/hook"
        body = {"connection_id": CONNECTION, "object_type": "assessment_order", "event": "created"}
        webhook = client.post("/unified/webhook", json={**body, "hook_url": hook}).json()
        for _ in range(3):  # answered, each of them, the third's delivery refused
            assert client.post(f"/assessment/{CONNECTION}/order", json=ORDER).status_code == 200
        assert app.state.deliveries.refused == 1
        runs = eventually(lambda: webhook_of(client, webhook["id"]).get("runs"))
        assert any("queue is full" in run for run in runs)


def test_a_removal_delivers_the_item_as_it_was(
    assessment_stub: AssessmentStub, assessment_webhooks: WebhookReceiver
) -> None:
    assessment_webhooks.subscribe(CONNECTION, "assessment_package", "deleted")
    with httpx.Client(base_url=assessment_stub.base_url, headers=HEADERS) as client:
        package = client.post(f"/assessment/{CONNECTION}/package", json={"type": "SKILLS_TEST"})
        path = f"/assessment/{CONNECTION}/package/{package.json()['id']}"
        assert client.delete(path).status_code == 200
    removed = assessment_webhooks.wait_for("assessment_package", "deleted")
    assert removed.data == [package.json()]


def a_positive_number(text: str) -> bool:
    try:
        return 0 < float(text) < 1e9
    except ValueError:
        return False


@given(
    name=st.sampled_from(
        ["STUB_WEBHOOK_MINUTE_SECONDS", "STUB_WEBHOOK_TIMEOUT", "STUB_WEBHOOK_QUEUE"]
    ),
    value=st.text(max_size=12).filter(lambda text: not a_positive_number(text)),
)
def test_a_bad_webhook_setting_is_refused_naming_it(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})


@pytest.mark.parametrize("name", ["STUB_WEBHOOK_SECRET", "STUB_WEBHOOK_HOSTS"])
def test_an_empty_secret_or_host_list_is_refused_naming_it(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: ""})


def test_with_elsewhere_keep_a_foreign_hook_is_kept_and_never_sent_to() -> None:
    with stub_with(webhook_elsewhere="keep") as (client, receiver, app):
        foreign = {"connection_id": CONNECTION, "object_type": "assessment_order"}
        kept = client.post(
            "/unified/webhook",
            json={**foreign, "event": "created", "hook_url": "https://hooks.example.com/x"},
        )
        assert kept.status_code == 200
        receiver.subscribe(CONNECTION, "assessment_order", "created")
        assert client.post(f"/assessment/{CONNECTION}/order", json=ORDER).status_code == 200
        receiver.wait_for("assessment_order", "created")
        # The receiver's delivery done, nothing waits for the foreign hook.
        eventually(lambda: len(app.state.deliveries.queue) == 0)
        assert "runs" not in webhook_of(client, kept.json()["id"])
