"""Schemathesis checks the stub's control API (`/__stub/`) against its own OpenAPI document,
as test_contract_stub.py checks the stub against the contract: every operation, positive and
negative data, every check (no 5xx, each answer as documented)."""

from __future__ import annotations

from typing import Any

import schemathesis
from conftest import EXAMPLES, SEED
from schemathesis import GenerationMode

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore, create_app

config = schemathesis.Config()
config.update(seed=SEED, max_failures=None)
config.projects.default.update(headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})
config.projects.default.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES
)
APP = create_app(store=InMemoryStore())
schema = schemathesis.openapi.from_asgi("/__stub/openapi.json", APP, config=config)


@schema.parametrize()
def test_the_control_api_honours_its_own_document(case: schemathesis.Case[Any]) -> None:
    try:
        case.call_and_validate()
    finally:
        APP.state.faults.clear()
