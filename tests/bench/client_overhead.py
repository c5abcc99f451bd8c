"""Benchmark: the generated client's cost per call against raw httpx doing the same request.

Usage: PYTHONPATH=tests:scripts python tests/bench/client_overhead.py [--calls 2000] [--repeats 5]

Three calls, each sent both ways through the same in-memory transport (no network) that answers
with the same body: a create of the contract's request example (a package with two parameters
and one region), a list answering 100 such packages, and the create then the get of an order
with every property. The raw call decodes the JSON answer;
the client checks and builds its models from it. Prints a Markdown table, best of `--repeats`
runs, and exits 1 when a row misses its target.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from contract import Contract
from unified_assessment_client import AuthenticatedClient
from unified_assessment_client.api.assessment import (
    create_assessment_order,
    create_assessment_package,
    get_assessment_order,
    list_assessment_packages,
)
from unified_assessment_client.models import AssessmentOrder, AssessmentPackage

BASE_URL = "https://api.unified.to"
CONNECTION = "5de520f96e439b002043d8dc"
PATH = f"/assessment/{CONNECTION}/package"
TARGET = 1.25
# The contract's own examples: what a typical create sends and gets back.
REQUEST = Contract().example("createAssessmentPackage")
CREATED = Contract().example("createAssessmentPackage", "200")
LIST_OF_100 = [{**CREATED, "id": f"pkg_{index:03}"} for index in range(100)]
# A full order: every property the contract gives an order, the ATS's and the provider's.
FULL_ORDER = {
    **Contract().example("createAssessmentOrder"),
    **Contract().example("patchAssessmentOrder"),
    "company_id": "comp_9",
    "employee_id": "emp_3",
    "webhook_id": "wh_1",
    "profile_ip_address": "192.0.2.10",
    "profile_national_identifier": "QQ123456C",
    "profile_social_media_urls": ["https://social.example.com/ada"],
    "response_redirect_url": "https://assessments.example.com/take/ord_01HZX9M4T7",
    "metadata": [{"slug": "level", "format": "TEXT", "value": "senior"}],
    "raw": {"vendor_status": "done"},
}
ORDER_ANSWER = {**Contract().example("createAssessmentOrder", "200"), **FULL_ORDER}
ORDER_PATH = f"/assessment/{CONNECTION}/order"


def transport(document: object) -> httpx.MockTransport:
    content = json.dumps(document).encode()
    headers = {"Content-Type": "application/json"}
    return httpx.MockTransport(
        lambda request: httpx.Response(200, content=content, headers=headers)
    )


def raw_client(answer: object) -> httpx.Client:
    return httpx.Client(
        base_url=BASE_URL, transport=transport(answer), headers={"Authorization": "Bearer token"}
    )


def generated_client(answer: object) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token="token", httpx_args={"transport": transport(answer)}
    )


def raw_create() -> Callable[[], object]:
    client = raw_client(CREATED)
    return lambda: client.post(PATH, json=REQUEST).json()


def client_create() -> Callable[[], object]:
    client, body = generated_client(CREATED), AssessmentPackage.from_dict(REQUEST)
    return lambda: create_assessment_package.sync(CONNECTION, client=client, body=body)


def raw_list() -> Callable[[], object]:
    client = raw_client(LIST_OF_100)
    return lambda: client.get(PATH, params={"limit": 100}).json()


def client_list() -> Callable[[], object]:
    client = generated_client(LIST_OF_100)
    return lambda: list_assessment_packages.sync(CONNECTION, client=client, limit=100)


def raw_order() -> Callable[[], object]:
    client = raw_client(ORDER_ANSWER)

    def create_then_get() -> object:
        # As the client does: the id comes from the create's answer.
        created = client.post(ORDER_PATH, json=FULL_ORDER).json()
        assert isinstance(created["id"], str)
        return client.get(f"{ORDER_PATH}/{created['id']}").json()

    return create_then_get


def client_order() -> Callable[[], object]:
    client, body = generated_client(ORDER_ANSWER), AssessmentOrder.from_dict(FULL_ORDER)

    def create_then_get() -> object:
        created = create_assessment_order.sync(CONNECTION, client=client, body=body)
        assert isinstance(created.id, str)  # an answer always carries the server's id
        return get_assessment_order.sync(CONNECTION, created.id, client=client)

    return create_then_get


def best_microseconds(call: Callable[[], object], calls: int, repeats: int) -> float:
    call()  # warm-up: builds the httpx client
    return min(timeit.repeat(call, number=calls, repeat=repeats)) / calls * 1e6


@dataclass
class Row:
    name: str
    raw: float
    generated: float

    @property
    def ratio(self) -> float:
        # Rounded as printed, so that the verdict and the figure shown always agree.
        return round(self.generated / self.raw, 2)

    @property
    def met(self) -> bool:
        return self.ratio <= TARGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    def measure(call: Callable[[], Callable[[], object]], calls: int) -> float:
        return best_microseconds(call(), calls, args.repeats)

    rows = [
        Row("create (2 parameters, 1 region)", measure(raw_create, args.calls),
            measure(client_create, args.calls)),
        Row("list of 100 packages", measure(raw_list, args.calls // 20),
            measure(client_list, args.calls // 20)),
        Row("create, then get, of a full order", measure(raw_order, args.calls // 2),
            measure(client_order, args.calls // 2)),
    ]  # fmt: skip
    print(f"client overhead, in-memory transport, best of {args.repeats} runs")
    print()
    print(f"| call | raw httpx µs | generated client µs | ratio | target <= {TARGET} |")
    print("| --- | ---: | ---: | ---: | --- |")
    for row in rows:
        verdict = "met" if row.met else "NOT met"
        print(f"| {row.name} | {row.raw:.1f} | {row.generated:.1f} | {row.ratio:.2f} | {verdict} |")
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
