"""Benchmark rows of the stub's webhook deliveries (issue 21), for stub_throughput.py: the create
rate with one webhook registered against none (target ≥ 0.8), the delivery latency from the
create's sending to the receiver's having verified its delivery (p50, p99, loopback), and
deliveries/s.

The receiver is the pytest plugin's (receiver.py), in this process: each delivery is verified
with parse_delivery, as a provider's test would.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx

from unified_assessment_stub import DEFAULT_TOKEN
from unified_assessment_stub.app import DEFAULT_WEBHOOK_SECRET
from unified_assessment_stub.receiver import WebhookReceiver

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
LATENCY_SAMPLES = 500


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def wait_until(check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit("webhook bench: the deliveries did not arrive in time")
        time.sleep(0.005)


def settle(receiver: WebhookReceiver) -> None:
    """Return once no delivery has arrived for a second."""
    count = -1
    while count != len(receiver.received):
        count = len(receiver.received)
        time.sleep(1)


def latency(base: str, receiver: WebhookReceiver, connection: str) -> tuple[float, float]:
    """p50 and p99 ms from each create's sending to its delivery's verified arrival, one at a
    time. From the sending, not the answer: the stub may deliver before the client has read
    its answer, which made "answer to delivery" negative (-0.10 ms at p50 in one run)."""
    samples = []
    with httpx.Client(base_url=base, headers=AUTH, trust_env=False) as client:
        for number in range(LATENCY_SAMPLES):
            seen = len(receiver.received)
            sent = time.perf_counter()
            answer = client.post(f"/assessment/{connection}/order", json={"reference": str(number)})
            answer.raise_for_status()
            wait_until(lambda seen=seen: len(receiver.received) > seen, 10)  # type: ignore[misc]
            samples.append(receiver.arrived[seen] - sent)
    return percentile(samples, 0.5) * 1000, percentile(samples, 0.99) * 1000


def rows(
    base: str, run_create: Callable[[str, Path | None], float], create_script: Path
) -> list[tuple[str, float, str, float | None]]:
    """(measure, value, unit, lower bound or None) rows; `run_create(path, script)` gives the
    create rate (requests/s, wrk) on that path."""
    connection = "bench-hooks"
    path = f"/assessment/{connection}/order"
    with WebhookReceiver(base, DEFAULT_TOKEN, DEFAULT_WEBHOOK_SECRET) as receiver:
        none = run_create(path, create_script)
        receiver.subscribe(connection, "assessment_order", "created")
        started = time.perf_counter()
        one = run_create(path, create_script)
        settle(receiver)  # the run's backlog delivered (or refused), before timing one
        # Sustained: every delivery of the runs (warm-up and measured), to the last one.
        rate = len(receiver.arrived) / (receiver.arrived[-1] - started)
        receiver.received.clear()
        receiver.arrived.clear()
        quiet = f"{connection}-latency"
        receiver.subscribe(quiet, "assessment_order", "created")
        p50, p99 = latency(base, receiver, quiet)
    return [
        (
            f"create rate with one webhook registered ({one:,.0f}/s) / with none ({none:,.0f}/s)",
            one / none,
            "x",
            0.8,
        ),
        (
            f"delivery latency p50, create sent to verified delivery ({LATENCY_SAMPLES})",
            p50,
            "ms",
            None,
        ),
        (f"delivery latency p99 ({LATENCY_SAMPLES})", p99, "ms", None),
        (
            "deliveries/s to one verified receiver, during the create runs",
            rate,
            "/s",
            None,
        ),
    ]
