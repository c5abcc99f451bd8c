"""Benchmark: the generated client's cost per create call against a raw httpx POST.

Usage: PYTHONPATH=tests:scripts python tests/bench/client_overhead.py [--calls 5000] [--repeats 5]

Both send the same JSON through the same in-memory transport (no network), which answers
with the same created package; the raw call decodes the JSON answer, the client builds its
model from it. Prints a Markdown table, best of `--repeats` runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections.abc import Callable

import httpx
from contract import Contract
from unified_assessment_client import AuthenticatedClient
from unified_assessment_client.api.assessment import create_assessment_package
from unified_assessment_client.models import AssessmentPackage

BASE_URL = "https://api.unified.to"
PATH = "/assessment/5de520f96e439b002043d8dc/package"
# The contract's own examples: what a typical create sends and gets back.
REQUEST = Contract().example("createAssessmentPackage")
RESPONSE = json.dumps(Contract().example("createAssessmentPackage", "200")).encode()


def answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=RESPONSE, headers={"Content-Type": "application/json"})


def raw_call() -> Callable[[], object]:
    client = httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(answer))
    headers = {"Authorization": "Bearer token"}
    return lambda: client.post(PATH, json=REQUEST, headers=headers).json()


def generated_call() -> Callable[[], object]:
    client = AuthenticatedClient(
        base_url=BASE_URL, token="token", httpx_args={"transport": httpx.MockTransport(answer)}
    )
    body = AssessmentPackage.from_dict(REQUEST)
    return lambda: create_assessment_package.sync(
        "5de520f96e439b002043d8dc", client=client, body=body
    )


def best_microseconds(call: Callable[[], object], calls: int, repeats: int) -> float:
    call()  # warm-up: builds the httpx client
    return min(timeit.repeat(call, number=calls, repeat=repeats)) / calls * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    raw = best_microseconds(raw_call(), args.calls, args.repeats)
    generated = best_microseconds(generated_call(), args.calls, args.repeats)
    ratio = generated / raw
    print(f"client overhead, in-memory transport, best of {args.repeats} x {args.calls} calls")
    print()
    print("| call | µs per create | vs raw httpx |")
    print("| --- | ---: | ---: |")
    print(f"| raw httpx POST + json() | {raw:.1f} | 1.00 |")
    print(f"| generated client (create_assessment_package.sync) | {generated:.1f} | {ratio:.2f} |")
    print()
    verdict = "met" if ratio <= 1.25 else "NOT met"
    print(f"client vs raw: {ratio:.2f} (target <= 1.25): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
