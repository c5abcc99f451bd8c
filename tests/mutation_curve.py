"""How many examples the contract checks need: the mutations of test_contract_mutations.py
caught against the examples each check draws per operation, printed as a table.

Usage: PYTHONPATH=tests:scripts python tests/mutation_curve.py [COUNT ...]   (default: 1 2 5 10 25)

The client check's model and route comparisons draw no examples; its request check and the stub
check (schemathesis against the stub) do, and are counted apart: a mutation counts for them
when they report any mismatch, and in "caught" when some finding names what the mutation
changed (what test_contract_mutations.py asks). The profile in conftest.py is chosen from this
curve (README, "Test budget").
"""

from __future__ import annotations

import copy
import sys
import time

import contract
from conftest import SEED
from contract_checks import (
    ContractCheck,
    ContractMismatch,
    check_client_models,
    check_client_requests,
    check_client_routes,
    check_stub,
)
from contract_mutations import mutations

DEFAULT_COUNTS = (1, 2, 5, 10, 25)


def finding(check: ContractCheck, document: dict[str, object], examples: int) -> str | None:
    try:
        check(document, examples, SEED)
    except ContractMismatch as mismatch:
        return str(mismatch)
    return None


def main() -> int:
    counts = [int(arg) for arg in sys.argv[1:]] or list(DEFAULT_COUNTS)
    document = contract.load()
    planted = mutations(document)
    mutated = []
    for mutation in planted:
        copied = copy.deepcopy(document)
        mutation.apply(copied)
        mutated.append((mutation, copied))
    static = [
        finding(lambda d, _n, _s: check_client_models(d), copied, 0)
        or finding(lambda d, _n, _s: check_client_routes(d), copied, 0)
        for _mutation, copied in mutated
    ]
    statically = sum(
        bool(found and m.named in found) for found, (m, _) in zip(static, mutated, strict=True)
    )
    print(f"{len(planted)} mutations, {statically} caught by the client's model and route checks")
    print(
        "| examples per operation | stub check | client request check | caught, named | seconds |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for examples in counts:
        started = time.monotonic()
        by_stub = by_requests = either = 0
        for (mutation, copied), known in zip(mutated, static, strict=True):
            stub = finding(check_stub, copied, examples)
            requests = finding(check_client_requests, copied, examples)
            found = [text for text in (known, stub, requests) if text]
            whole = any(mutation.named in text for text in found)
            by_stub, by_requests = by_stub + bool(stub), by_requests + bool(requests)
            either += whole
        seconds = time.monotonic() - started
        print(f"| {examples} | {by_stub} | {by_requests} | {either} | {seconds:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
