"""The contract tests can fail: each mutation of a copy of the contract is caught by the
stub's or the client's contract check, with a message that names what no longer matches, while
the unchanged contract passes both."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import contract
import pytest
from conftest import SEED
from contract_checks import ContractCheck, ContractMismatch, check_client, check_stub

EXAMPLES = 25
Contract = dict[str, Any]
ITEM_PATH = "/assessment/{connection_id}/package/{id}"


def schema(document: Contract, name: str) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"][name]
    return found


def rename(values: list[str], old: str, new: str) -> None:
    values[values.index(old)] = new


def move_path(document: Contract) -> None:
    document["paths"][ITEM_PATH.replace("package", "packages")] = document["paths"].pop(ITEM_PATH)


def add_operation(document: Contract) -> None:
    archive = copy.deepcopy(document["paths"][ITEM_PATH]["get"])
    archive["operationId"] = "archiveAssessmentPackage"
    document["paths"][f"{ITEM_PATH}/archive"] = {
        "parameters": document["paths"][ITEM_PATH]["parameters"],
        "post": archive,
    }


# Each mutation, and what the message of the failure must name.
MUTATIONS: dict[str, tuple[Callable[[Contract], None], str]] = {
    "drop a property": (
        lambda c: schema(c, "AssessmentPackage")["properties"].pop("max_score"),
        "max_score",
    ),
    "change a type": (
        lambda c: schema(c, "AssessmentPackage")["properties"]["has_redirect_url"].update(
            type="string"
        ),
        "has_redirect_url",
    ),
    "add a required field": (
        lambda c: schema(c, "AssessmentPackage")["required"].append("name"),
        "name",
    ),
    "rename an enum value": (
        lambda c: rename(schema(c, "AssessmentPackageType")["enum"], "SKILLS_TEST", "SKILL_TEST"),
        "SKILL",
    ),
    "drop a nested property": (
        lambda c: schema(c, "AssessmentParameter")["properties"].pop("public_question"),
        "public_question",
    ),
    "change a nested type": (
        lambda c: schema(c, "AssessmentPackageRegion")["properties"]["cost_amount"].update(
            type="string"
        ),
        "cost_amount",
    ),
    "rename a nested enum value": (
        lambda c: rename(
            schema(c, "AssessmentParameterType")["enum"], "MULTIPLE_CHOICE", "MULTI_CHOICE"
        ),
        "MULTI",
    ),
    "change a path": (move_path, "packages"),
    "add an operation": (add_operation, "archiveAssessmentPackage"),
}


@pytest.fixture(scope="module")
def document() -> Contract:
    loaded: Contract = contract.load()
    return loaded


def finding(check: ContractCheck, document: Contract) -> str | None:
    """The mismatch `check` reports for `document`, or None. Any other exception (a crash of
    the harness) is not a finding: it propagates and fails the test."""
    try:
        check(document, EXAMPLES, SEED)
    except ContractMismatch as mismatch:
        return str(mismatch)
    return None


def test_the_unchanged_contract_passes_both_checks(document: Contract) -> None:
    assert finding(check_stub, document) is None
    assert finding(check_client, document) is None


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
def test_each_mutation_is_caught_naming_the_mismatch(document: Contract, mutation: str) -> None:
    mutate, named = MUTATIONS[mutation]
    mutated = copy.deepcopy(document)
    mutate(mutated)
    by_stub, by_client = finding(check_stub, mutated), finding(check_client, mutated)
    print(f"{mutation}:\n  stub check: {by_stub}\n  client check: {by_client}")
    findings = [found for found in (by_stub, by_client) if found is not None]
    assert findings, f"{mutation} was not caught"
    assert any(named in found for found in findings), findings
