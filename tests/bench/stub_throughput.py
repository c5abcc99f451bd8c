"""Benchmark: requests/s and latency of the stub's operations next to a trivial endpoint
(GET /healthz, the floor) on the same server, each with its target ratio to the floor.

Usage: PYTHONPATH=tests:scripts python tests/bench/stub_throughput.py \
    [--seconds 10] [--connections 32]

Starts `python -m stub` under uvicorn (in memory, then with STUB_DB), drives it over loopback
with wrk (a C load generator, so the client is not the bottleneck), prints a Markdown table
with a verdict per row, and exits 1 when a target is missed. With two or more cores the server
and wrk are pinned to different ones.

A third table holds the webhook deliveries (issue 21, bench/webhook_deliveries.py): the create
rate with one webhook registered against none (target ≥ 0.8), the latency from the API's
answer to the verified delivery, and deliveries/s.

A second table holds the stub under hostile bodies (issue 14): the slowest answer to a body
of each hostile class at the body limit against the answer to a valid body of that size
(target ≤ 3x), and /healthz latency while two of the slowest are being answered (target p99
≤ 100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from contract import Contract

from bench import webhook_deliveries
from bench.hostile_bodies import HOSTILE, valid
from unified_assessment_stub import DEFAULT_TOKEN
from unified_assessment_stub.app import DEFAULT_MAX_BODY_BYTES
from unified_assessment_stub.process import served_stub

# The contract's own request example: what a typical create sends.
PACKAGE = Contract().example("createAssessmentPackage")
CONNECTION = "5de520f96e439b002043d8dc"
LISTED = "bench-list"  # the connection holding the 10,000 packages that the list pages through
STORED = 10_000
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
SCRIPT = """
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""
# The bench measures speed, not the store's bound: room for every create of the run.
ENV = {"STUB_MAX_STORE_BYTES": str(8 * 1024**3)}


@dataclass
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    target: float | None  # of the floor's requests/s; None for the floor itself


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


class Wrk:
    def __init__(self, args: argparse.Namespace, cpu: int | None, scratch: Path) -> None:
        self.args = args
        self.pin = ["taskset", "-c", str(cpu)] if cpu is not None else []
        self.scratch = scratch

    def script(self, method: str, body: str) -> Path:
        path = self.scratch / f"{method.lower()}-{len(list(self.scratch.iterdir()))}.lua"
        text = SCRIPT.format(method=method, body=json.dumps(body), token=DEFAULT_TOKEN)
        path.write_text(text)
        return path

    def run(self, name: str, url: str, script: Path | None, target: float | None) -> Result:
        command = [*self.pin, "wrk", "-t1", f"-c{self.args.connections}", "--latency"]
        if script:
            command += ["-s", str(script)]
        subprocess.run([*command, "-d2s", url], capture_output=True, check=True)  # warm-up
        output = subprocess.run(
            [*command, f"-d{self.args.seconds}s", url], capture_output=True, text=True, check=True
        ).stdout
        if "Non-2xx or 3xx responses" in output:
            raise SystemExit(f"{name}: some responses were not 2xx:\n{output}")
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
        p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)  # type: ignore[union-attr]
        p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)  # type: ignore[union-attr]
        return Result(name, rate, milliseconds(p50), milliseconds(p99), target)


async def fill(base: str, count: int) -> None:
    """`count` packages under the LISTED connection, created 32 at a time."""
    limits = httpx.Limits(max_connections=32)
    async with httpx.AsyncClient(base_url=base, headers=AUTH, limits=limits, timeout=60) as client:
        gate = asyncio.Semaphore(32)

        async def create(n: int) -> None:
            async with gate:
                body = {**PACKAGE, "name": f"package {n}"}
                response = await client.post(f"/assessment/{LISTED}/package", json=body)
                response.raise_for_status()

        await asyncio.gather(*(create(n) for n in range(count)))


def verdict(result: Result, floor: Result) -> tuple[str, str, bool]:
    """The ratio as printed, the verdict, and whether it is met: decided on the printed
    ratio, so that the two never disagree."""
    shown = f"{result.requests_per_second / floor.requests_per_second:.2f}"
    if result.target is None:
        return shown, "floor", True
    met = float(shown) >= result.target
    return shown, f"{'met' if met else 'NOT met'} (target ≥ {result.target:.2f})", met


@dataclass
class Bound:
    """A measure with an upper bound: hostile bodies."""

    name: str
    value: float
    unit: str
    target: float


def bounded(row: Bound) -> tuple[str, str, bool]:
    """The value as printed, the verdict, and whether it is met: decided on the printed value."""
    shown = f"{row.value:.2f}"
    met = float(shown) <= row.target
    return shown, f"{'met' if met else 'NOT met'} (target ≤ {row.target:g} {row.unit})", met


def answer_seconds(client: httpx.Client, path: str, body: bytes, repeats: int = 3) -> float:
    """The fastest of `repeats` answers to a POST of `body`, in seconds."""
    headers = {**AUTH, "Content-Type": "application/json"}
    fastest = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        client.post(path, content=body, headers=headers).read()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def hostile(base: str) -> tuple[list[Bound], str]:
    """The two hostile-body rows, and the class of the slowest body."""
    size = DEFAULT_MAX_BODY_BYTES
    path = f"/assessment/{CONNECTION}-hostile/package"
    with httpx.Client(base_url=base, timeout=120) as client:
        answer_seconds(client, path, valid(size))  # warm-up: starts the checking workers
        reference = answer_seconds(client, path, valid(size))
        costs = {
            name: answer_seconds(client, path, make(size, 0)) for name, make in HOSTILE.items()
        }
    worst = max(costs, key=costs.__getitem__)
    body = HOSTILE[worst](size, 0)
    stop = threading.Event()

    def keep_sending() -> None:
        with httpx.Client(base_url=base, timeout=120) as sender:
            while not stop.is_set():
                answer_seconds(sender, path, body, repeats=1)

    senders = [threading.Thread(target=keep_sending) for _ in range(2)]
    for sender in senders:
        sender.start()
    latencies = []
    try:
        time.sleep(0.5)  # both bodies are on their way
        with httpx.Client(base_url=base, timeout=30) as client:
            until = time.monotonic() + 10
            while time.monotonic() < until:
                started = time.perf_counter()
                client.get("/healthz").raise_for_status()
                latencies.append(time.perf_counter() - started)
                time.sleep(0.01)
    finally:
        stop.set()
        for sender in senders:
            sender.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    rows = [
        Bound(
            f"slowest 1 MiB hostile body ({worst}, {costs[worst] * 1000:.0f} ms) / "
            f"valid 1 MiB body ({reference * 1000:.0f} ms)",
            costs[worst] / reference,
            "x",
            3.0,
        ),
        Bound(
            f"GET /healthz p99 while two '{worst}' bodies are answered ({len(latencies)} requests)",
            p99 * 1000,
            "ms",
            100.0,
        ),
    ]
    return rows, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("make bench needs wrk on PATH (Debian/Ubuntu: apt-get install wrk)", file=sys.stderr)
        return 2
    cpus = sorted(os.sched_getaffinity(0))
    server_cpu, client_cpu = (
        (cpus[0], cpus[1]) if len(cpus) > 1 and shutil.which("taskset") else (None, None)
    )

    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        wrk = Wrk(args, client_cpu, scratch)
        create = wrk.script("POST", json.dumps(PACKAGE))
        packages = f"/assessment/{CONNECTION}/package"
        with served_stub(cpu=server_cpu, env=ENV) as base:
            asyncio.run(fill(base, STORED))
            one = httpx.post(f"{base}{packages}", json=PACKAGE, headers=AUTH).json()["id"]
            get = wrk.script("GET", "")
            floor = wrk.run("GET /healthz (floor)", f"{base}/healthz", None, None)
            results = [
                floor,
                wrk.run("POST /assessment/{c}/package (create)", f"{base}{packages}", create, 0.6),
                wrk.run(
                    "GET /assessment/{c}/package/{id} (get)", f"{base}{packages}/{one}", get, 0.7
                ),
                wrk.run(
                    f"GET /assessment/{{c}}/package?limit=100&offset=5000 (of {STORED:,})",
                    f"{base}/assessment/{LISTED}/package?limit=100&offset=5000",
                    get,
                    0.25,
                ),
            ]
            bounds, _ = hostile(base)
            order = wrk.script("POST", json.dumps({"candidate_id": "cand_1", "reference": "r"}))

            def create_rate(path: str, script: Path | None) -> float:
                return wrk.run(path, f"{base}{path}", script, None).requests_per_second

            hooks = webhook_deliveries.rows(base, create_rate, order)
        env = {**ENV, "STUB_DB": str(scratch / "bench.sqlite3")}
        with served_stub(cpu=server_cpu, env=env) as base:
            results.append(
                wrk.run(
                    "POST /assessment/{c}/package (create, STUB_DB)",
                    f"{base}{packages}",
                    create,
                    0.4,
                )
            )

    print(
        f"stub under uvicorn, wrk -t1 -c{args.connections} -d{args.seconds}s, one run; "
        "ratios are of the floor's requests/s"
    )
    print()
    print("| endpoint | requests/s | p50 ms | p99 ms | vs floor | verdict |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    missed = 0
    for result in results:
        shown, said, met = verdict(result, floor)
        missed += not met
        print(
            f"| {result.name} | {result.requests_per_second:,.0f} | {result.p50_ms:.2f} "
            f"| {result.p99_ms:.2f} | {shown} | {said} |"
        )
    print()
    print("hostile bodies (issue 14), each the fastest of three answers over loopback")
    print()
    print("| measure | value | verdict |")
    print("| --- | ---: | --- |")
    for row in bounds:
        shown, said, met = bounded(row)
        missed += not met
        print(f"| {row.name} | {shown} {row.unit} | {said} |")
    print()
    print("webhook deliveries (issue 21): receiver in the bench process, over loopback")
    print()
    print("| measure | value | verdict |")
    print("| --- | ---: | --- |")
    for name, value, unit, least in hooks:
        shown = f"{value:,.2f}"
        said = "measured"
        if least is not None:
            met = float(shown.replace(",", "")) >= least
            missed += not met
            said = f"{'met' if met else 'NOT met'} (target ≥ {least:g})"
        print(f"| {name} | {shown} {unit} | {said} |")
    print()
    print("every target met" if not missed else f"{missed} target(s) NOT met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
