"""The contract tests can fail: each mutation of a copy of the contract (contract_mutations.py
chooses them from the contract, for every resource) is caught by the stub's or the client's
contract check, with a message that names what no longer matches, while the unchanged contract
passes both."""

from __future__ import annotations

import copy
from typing import Any

import contract
import pytest
from conftest import SEED
from contract_checks import ContractCheck, ContractMismatch, check_client, check_stub
from contract_mutations import Mutation, mutations, nested, resources, scalar

# Enough to catch every mutation: tests/mutation_curve.py measures the curve.
EXAMPLES = 25
Contract = dict[str, Any]
DOCUMENT: Contract = contract.load()
MUTATIONS = {mutation.name: mutation for mutation in mutations(DOCUMENT)}


@pytest.fixture(scope="module")
def document() -> Contract:
    return copy.deepcopy(DOCUMENT)


def finding(check: ContractCheck, document: Contract, examples: int = EXAMPLES) -> str | None:
    """The mismatch `check` reports for `document`, or None. Any other exception (a crash of
    the harness) is not a finding: it propagates and fails the test."""
    try:
        check(document, examples, SEED)
    except ContractMismatch as mismatch:
        return str(mismatch)
    return None


def findings(mutation: Mutation, examples: int = EXAMPLES) -> list[str]:
    """What the checks report for the contract with `mutation` applied: the client check
    first, whose model and route comparisons take milliseconds, then the stub check (seconds)
    only when the client check names nothing of the mutation (mutation_curve.py runs both)."""
    mutated = copy.deepcopy(DOCUMENT)
    mutation.apply(mutated)
    by_client = finding(check_client, mutated, examples)
    named = by_client is not None and mutation.named in by_client
    by_stub = None if named else finding(check_stub, mutated, examples)
    print(f"{mutation.name}:\n  client check: {by_client}\n  stub check: {by_stub}")
    return [found for found in (by_client, by_stub) if found is not None]


def test_every_resource_is_mutated_every_way() -> None:
    kinds = {name.split(": ", 1)[1] for name in MUTATIONS}
    assert {"drop a property", "change a type", "add a required field", "change a path"} <= kinds
    assert {"drop a nested property", "rename an enum value", "add an operation"} <= kinds
    for name, _path in resources(DOCUMENT):
        own = {key.split(": ", 1)[1] for key in MUTATIONS if key.startswith(f"{name}: ")}
        assert {"drop a property", "change a path", "add an operation"} <= own, name
        # What the resource's schema holds is mutated: a scalar, an optional property, an enum,
        # a nested object.
        if scalar(DOCUMENT, name):
            assert "change a type" in own, name
        if nested(DOCUMENT, name):
            assert {"drop a nested property", "change a nested type"} <= own, name


def test_the_unchanged_contract_passes_both_checks(document: Contract) -> None:
    assert finding(check_stub, document) is None
    assert finding(check_client, document) is None


@pytest.mark.parametrize("name", MUTATIONS)
def test_each_mutation_is_caught_naming_the_mismatch(name: str) -> None:
    mutation = MUTATIONS[name]
    found = findings(mutation)
    assert found, f"{name} was not caught"
    assert any(mutation.named in text for text in found), found
