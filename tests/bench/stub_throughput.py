"""Benchmark: creates/s and latency of the stub next to a trivial endpoint on the same server.

Usage: PYTHONPATH=tests:scripts python tests/bench/stub_throughput.py \
    [--seconds 10] [--connections 32]

Starts `python -m stub` under uvicorn, drives it over loopback with wrk (a C load generator,
so the client is not the bottleneck), and prints a Markdown table. With two or more cores the
server and wrk are pinned to different ones.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contract import Contract
from stub.process import served_stub

# The contract's own request example: what a typical create sends.
PACKAGE = Contract().example("createAssessmentPackage")
CREATE_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer dev-token"
"""


@dataclass
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(
    name: str, url: str, script: Path | None, args: argparse.Namespace, cpu: int | None
) -> Result:
    pin = ["taskset", "-c", str(cpu)] if cpu is not None else []
    command = [*pin, "wrk", "-t1", f"-c{args.connections}", "--latency"]
    if script:
        command += ["-s", str(script)]
    subprocess.run([*command, "-d2s", url], capture_output=True, check=True)  # warm-up
    output = subprocess.run(
        [*command, f"-d{args.seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"{name}: some responses were not 2xx:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)  # type: ignore[union-attr]
    return Result(name, rate, milliseconds(p50), milliseconds(p99))


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

    with served_stub(cpu=server_cpu) as base, tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "create.lua"
        script.write_text(CREATE_SCRIPT.format(body=json.dumps(json.dumps(PACKAGE))))
        floor = run_wrk("GET /healthz (floor)", f"{base}/healthz", None, args, client_cpu)
        create = run_wrk(
            "POST /assessment/{id}/package",
            f"{base}/assessment/5de520f96e439b002043d8dc/package",
            script,
            args,
            client_cpu,
        )

    print(f"stub under uvicorn, wrk -t1 -c{args.connections} -d{args.seconds}s, one run")
    print()
    print("| endpoint | requests/s | p50 ms | p99 ms | vs floor |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for result in (floor, create):
        ratio = result.requests_per_second / floor.requests_per_second
        print(
            f"| {result.name} | {result.requests_per_second:,.0f} | {result.p50_ms:.2f} "
            f"| {result.p99_ms:.2f} | {ratio:.2f} |"
        )
    target = 0.6
    ratio = create.requests_per_second / floor.requests_per_second
    print()
    verdict = "met" if ratio >= target else "NOT met"
    print(f"creates/s vs floor: {ratio:.2f} (target >= {target}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
