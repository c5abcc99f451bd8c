from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings
from starlette.applications import Starlette
from unified_assessment_client import AuthenticatedClient
from unified_assessment_client.api.assessment import create_assessment_package

from unified_assessment_stub import (
    DEFAULT_TOKEN,
    InMemoryStore,
    PackageStore,
    Settings,
    SQLiteStore,
    create_app,
)
from unified_assessment_stub.pytest_plugin import AssessmentStub
from unified_assessment_stub.server import HEAD_TIMEOUT, served

# `make contract`'s run, started in the background as soon as the tests are collected.
pytest_plugins = ["contract_background"]

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi" / "assessment-package.yaml"

# Hypothesis profiles. `test` is what `make test` runs, locally and in CI alike (CI=true changes
# nothing): a fixed seed, derandomized, no example database, so a run here draws what CI draws;
# TEST_EXAMPLES examples, which still catch every mutation test_contract_mutations.py plants
# (tests/mutation_curve.py measures the curve; README, "Test budget"). `deep` is
# `make test-deep`: 1,000 examples (the count CI used before the budget), a new seed each run
# (printed, to reproduce a finding), a longer hunt. `smoke` is for the suite run on a grown
# copy of the project (test_contract_growth.py). CONTRACT_PROFILE and CONTRACT_SEED override.
# 50: with the webhook resource the contract has 18 operations, not 10, and a check draws about
# as many examples over all of them as it did at 100 each (900 against 1,000).
TEST_EXAMPLES = 50
DEEP_EXAMPLES = 1000
FIXED_SEED = 20261129
# From Hypothesis's `default` profile, not the current one: with CI set, Hypothesis loads its own
# `ci` profile (derandomized), and a profile built on that would differ from a local run.
BASE = settings(
    settings.get_profile("default"),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# derandomize: the tests without @seed(SEED) draw the same cases on every run, here as in CI.
settings.register_profile("test", BASE, max_examples=TEST_EXAMPLES, database=None, derandomize=True)
settings.register_profile("deep", BASE, max_examples=DEEP_EXAMPLES)
settings.register_profile("smoke", BASE, max_examples=10, database=None, derandomize=True)
PROFILE = os.environ.get("CONTRACT_PROFILE") or "test"
if PROFILE not in ("test", "deep", "smoke"):
    # Hypothesis has profiles of its own (`ci`, `default`): loading one would pass silently.
    raise pytest.UsageError(f"CONTRACT_PROFILE={PROFILE}: use test, deep or smoke")
settings.load_profile(PROFILE)
SEED = int(
    os.environ.get("CONTRACT_SEED")
    or (random.SystemRandom().randrange(2**32) if PROFILE == "deep" else FIXED_SEED)
)
EXAMPLES: int = settings.get_profile(PROFILE).max_examples


def pytest_report_header() -> str:
    return (
        f"contract tests: profile {PROFILE}, {EXAMPLES} examples, seed {SEED} "
        f"(reproduce: CONTRACT_PROFILE={PROFILE} CONTRACT_SEED={SEED} make pytest)"
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the parts of the project that the pipeline reads and writes."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    return copy


def run_script(project: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / script), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def stub_store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def stub_app(stub_store: InMemoryStore) -> Starlette:
    return create_app(Settings(tokens=(DEFAULT_TOKEN, "second-token")), stub_store)


@pytest.fixture(params=["memory", "sqlite"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PackageStore]:
    """Each store the stub can run with: the tests that take this run against both."""
    if request.param == "memory":
        yield InMemoryStore()
        return
    store = SQLiteStore(tmp_path / "packages.sqlite3")
    yield store
    store.close()


def serve(app: Starlette, head_timeout: float = HEAD_TIMEOUT) -> AbstractContextManager[str]:
    """Serve `app` on a free loopback port for the duration of the block, as `python -m
    unified_assessment_stub`
    does (uvicorn, httptools with the stub's limits)."""
    return served(app, head_timeout)


@pytest.fixture(scope="session")
def assessment_stub_tokens() -> tuple[str, ...]:
    """Two workspaces for the project's own pytest plugin (unified_assessment_stub), which the
    suite runs on as users do."""
    return (DEFAULT_TOKEN, "second-token")


@pytest.fixture
def stub_url(assessment_stub: AssessmentStub) -> str:
    """The plugin's served stub (one per worker), its store emptied for this test."""
    return assessment_stub.base_url


@pytest.fixture
def served_store(assessment_stub: AssessmentStub) -> InMemoryStore:
    """The store of the stub at `stub_url`."""
    store: InMemoryStore = assessment_stub.app.state.store
    return store


def create_over_asgi(
    app: Starlette,
    path: str | tuple[str, ...],
    body: Any,
    operation: ModuleType = create_assessment_package,
) -> Any:
    """One create by the generated async client, in process through httpx's ASGI transport:
    a package under the connection `path`, or with `operation` (a module of the client's api)
    any item that it creates, under the path parameters `path`."""
    values = (path,) if isinstance(path, str) else path

    async def run() -> Any:
        transport = httpx.ASGITransport(app=app)
        async with AuthenticatedClient(
            base_url="http://stub", token=DEFAULT_TOKEN, httpx_args={"transport": transport}
        ) as client:
            return await operation.asyncio(*values, client=client, body=body)

    return asyncio.run(run())
