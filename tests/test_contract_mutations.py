"""The contract tests can fail: each mutation of a copy of the contract is caught by the
stub's or the client's contract check, while the unchanged contract passes both."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from conftest import DOCUMENT, SEED
from contract_checks import check_client, check_stub

EXAMPLES = 60
Contract = dict[str, Any]


def package_schema(contract: Contract) -> dict[str, Any]:
    schema: dict[str, Any] = contract["components"]["schemas"]["AssessmentPackage"]
    return schema


def drop_a_property(contract: Contract) -> None:
    del package_schema(contract)["properties"]["max_score"]


def change_a_type(contract: Contract) -> None:
    package_schema(contract)["properties"]["has_redirect_url"]["type"] = "string"


def add_a_required_field(contract: Contract) -> None:
    package_schema(contract)["required"].append("name")


def rename_an_enum_value(contract: Contract) -> None:
    values = contract["components"]["schemas"]["AssessmentPackageType"]["enum"]
    values[values.index("SKILLS_TEST")] = "SKILL_TEST"


MUTATIONS: dict[str, Callable[[Contract], None]] = {
    "drop a property": drop_a_property,
    "change a type": change_a_type,
    "add a required field": add_a_required_field,
    "rename an enum value": rename_an_enum_value,
}


@pytest.fixture(scope="module")
def contract() -> Contract:
    loaded: Contract = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return loaded


def caught(check: Callable[[Contract, int, int], None], contract: Contract) -> bool:
    try:
        check(contract, EXAMPLES, SEED)
    except (Exception, BaseExceptionGroup):  # schemathesis reports a FailureGroup
        return True
    return False


def test_the_unchanged_contract_passes_both_checks(contract: Contract) -> None:
    check_stub(contract, EXAMPLES, SEED)
    check_client(contract, EXAMPLES, SEED)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
def test_each_mutation_is_caught(contract: Contract, mutation: str) -> None:
    mutated = copy.deepcopy(contract)
    MUTATIONS[mutation](mutated)
    by_stub, by_client = caught(check_stub, mutated), caught(check_client, mutated)
    print(f"{mutation}: caught by stub check {by_stub}, by client check {by_client}")
    assert by_stub or by_client
