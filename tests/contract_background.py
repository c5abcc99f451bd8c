"""`make contract` inside `make test`, beside the other tests.

The over-HTTP schemathesis run takes a minute or two in its own processes (schemathesis and the
served stub). In a plain pytest run it starts as soon as the tests are collected, its test is
moved to the end of the session, and there it only collects the result. Under pytest-xdist
(`make test` runs `pytest -n auto`) the workers already fill every core: its test is moved to
the front instead, so that the worker that draws it runs it while the others share the rest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from unified_assessment_stub.process import stop

RUN_TEST = "test_make_contract_runs_schemathesis_against_the_served_stub"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class ContractRun:
    process: subprocess.Popen[bytes]
    reports: Path

    @property
    def output(self) -> Path:
        return self.reports / "contract_run.out"

    def result(self, timeout: float = 900) -> tuple[int, str]:
        """The exit status and the printed summary, once the run has ended."""
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop(self.process)
            raise
        return status, self.output.read_text()


# make contract's own count is 150 per operation; inside make test, 10: the in-process contract
# tests draw the profile's count for every operation, this run is there for the command, the
# served stub, every phase and the reports.
IN_SUITE_EXAMPLES = 10


def start() -> ContractRun:
    """`make contract` as a user runs it, with the session's seed: 10 examples per operation
    under `make test` (the in-process contract test draws the profile's full count for
    every operation and phase; this run is there for the command, the served stub and the
    reports), the deep profile's under `make test-deep`."""
    from conftest import EXAMPLES, PROFILE, SEED

    # A folder of its own: other sessions may run in the same work tree at the same time.
    reports = Path(tempfile.mkdtemp(prefix="contract-run-"))
    command = [
        sys.executable, "-m", "unified_assessment_contract_runner",
        "--seed", str(SEED), "--reports", str(reports),
        "--examples", str(EXAMPLES if PROFILE == "deep" else IN_SUITE_EXAMPLES),
    ]  # fmt: skip
    with (reports / "contract_run.out").open("wb") as out:
        process = subprocess.Popen(
            command,
            env={**os.environ},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return ContractRun(process, reports)


RUN = pytest.StashKey[ContractRun]()


# Last: after -k and -m have deselected what they deselect.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = [item for item in items if item.name == RUN_TEST]
    if not chosen or config.option.collectonly:
        return
    others = [item for item in items if item.name != RUN_TEST]
    if hasattr(config, "workerinput"):
        # Every worker collects the same order; the one that draws the run starts it then.
        items[:] = chosen + others
        return
    items[:] = others + chosen
    config.stash[RUN] = start()


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN, None)
    if run is None:
        return
    if run.process.poll() is None:
        stop(run.process)
    if run.process.returncode == 0:
        shutil.rmtree(run.reports, ignore_errors=True)
    # Otherwise the reports stay, for the failure message that names them.


@pytest.fixture
def contract_run(request: pytest.FixtureRequest) -> ContractRun:
    """The background run, or one started now when collection did not start it."""
    run = request.config.stash.get(RUN, None)
    if run is None:
        run = start()
        request.config.stash[RUN] = run
    return run
