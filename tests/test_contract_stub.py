"""Schemathesis checks the stub against the contract: in process, and over HTTP via the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import schemathesis
from conftest import EXAMPLES, ROOT, SEED
from schemathesis import GenerationMode
from stub import DEFAULT_TOKEN, create_app
from stub.process import PYTHONPATH

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}


def contract_config() -> schemathesis.Config:
    config = schemathesis.Config()
    config.update(seed=SEED, max_failures=None)
    config.projects.default.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES
    )
    return config


schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(), config=contract_config())


@schema.parametrize()
def test_stub_in_process_honours_the_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(headers=AUTH)


def test_make_contract_runs_schemathesis_against_the_served_stub(tmp_path: Path) -> None:
    """What `make contract` runs: `schemathesis run` with every check against `python -m stub`."""
    result = subprocess.run(
        [
            sys.executable, str(ROOT / "tests" / "contract_run.py"),
            "--examples", str(EXAMPLES), "--seed", str(SEED), "--reports", str(tmp_path),
        ],
        env={**os.environ, "PYTHONPATH": PYTHONPATH},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    log = (tmp_path / "schemathesis.log").read_text()
    assert result.returncode == 0, result.stdout + log[-5000:]
    assert "contract run against the stub: passed" in result.stdout
    assert "failures: 0, errors: 0" in result.stdout
    assert f"Seed: {SEED}" in log
    assert "No issues found" in log
    assert (tmp_path / "contract-junit.xml").is_file()
