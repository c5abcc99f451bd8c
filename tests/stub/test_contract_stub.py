"""Schemathesis checks the stub against the contract, every operation and every phase: in
process (examples, coverage and fuzzing per operation, then stateful sequences along the
contract's links), and over HTTP via the CLI (`make contract`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import contract
import hypothesis
import schemathesis
from conftest import EXAMPLES, SEED
from contract_background import ContractRun
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore, Settings, create_app, jsonio

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
# Stateful scenarios: sequences of the operations the contract's links join (create, then get,
# update, patch, remove of what was created), for every resource.
SCENARIOS = max(EXAMPLES // 10, 20)
OPERATIONS = contract.Contract().operations


def contract_config() -> schemathesis.Config:
    config = schemathesis.Config()
    config.update(seed=SEED, max_failures=None)
    config.projects.default.update(headers=AUTH)
    config.projects.default.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES
    )
    return config


STORE = InMemoryStore()
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(Settings(webhook_elsewhere="keep"), store=STORE),
    config=contract_config(),
)


def answers_agree_with_the_store(ctx: Any, response: Any, case: Any) -> bool | None:
    """A check of our own: every item answered (created, read, replaced, patched, each one of
    a list page), whatever the resource, is exactly the stored copy under the connection asked
    for, whatever numbers and properties schemathesis drew."""
    if response.status_code != 200 or not response.content:
        return None
    answered = jsonio.loads(response.content)
    asked = {name: unquote(value) for name, value in (case.path_parameters or {}).items()}
    for item in answered if isinstance(answered, list) else [answered]:
        stored = STORE.document(item["id"])
        assert stored is not None, f"item {item['id']} was answered but is not stored"
        if not isinstance(answered, list):
            assert stored == response.content, "the answer differs from the stored copy"
        assert jsonio.loads(stored) == item, "a listed item differs from the stored copy"
        # A path parameter that the item holds (its connection, its id) is the one asked for.
        for name, value in asked.items():
            if name in item:
                assert item[name] == value, f"an item of another {name} answered"
    return True


@schema.parametrize()
def test_stub_in_process_honours_the_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(additional_checks=[answers_agree_with_the_store])


class StubStateMachine(schema.as_state_machine()):  # type: ignore[misc]
    def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
        kwargs.setdefault("additional_checks", [answers_agree_with_the_store])
        super().validate_response(response, case, **kwargs)

    def setup(self) -> None:
        # Each scenario starts from an empty store: Hypothesis replays a scenario to shrink
        # it, and the replay must meet the same answers (a list, say) as the first run.
        STORE.clear()


TestStubStateful = StubStateMachine.TestCase
TestStubStateful.settings = hypothesis.settings(
    TestStubStateful.settings,
    max_examples=SCENARIOS,
    stateful_step_count=10,
    database=None,
)


def test_every_operation_is_tested_in_process() -> None:
    tested = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        tested.add(result.ok().definition.raw["operationId"])
    assert tested == set(create_app().state.served_operations) == set(OPERATIONS)


def test_make_contract_runs_schemathesis_against_the_served_stub(
    contract_run: ContractRun,
) -> None:
    """What `make contract` runs: `schemathesis run`, every phase and every check, positive
    and negative data, against `python -m stub` (started in the background: see
    contract_background.py)."""
    status, printed = contract_run.result()
    log = (contract_run.reports / "schemathesis.log").read_text()
    assert status == 0, f"{printed}{log[-5000:]}\nreports kept in {contract_run.reports}"
    assert "contract run against the stub: passed" in printed
    assert "failures: 0, errors: 0" in printed
    assert f"Seed: {SEED}" in log
    assert "No issues found" in log
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅  {phase} (" in log, phase
    assert f"Tested: {len(OPERATIONS)}" in log
    assert (contract_run.reports / "contract-junit.xml").is_file()
