"""Schemathesis checks the stub against the contract: in process, and over HTTP via the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from conftest import EXAMPLES, ROOT, SEED
from schemathesis import GenerationMode
from stub import DEFAULT_TOKEN, create_app

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served_stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m stub`, as `make serve` runs it, on a free loopback port."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT / "tests")}
    # The access log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = (tmp_path_factory.mktemp("stub") / "stub.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "stub"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the stub did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_schemathesis_cli_finds_nothing_against_the_served_stub(
    served_stub: str, tmp_path: Path
) -> None:
    junit = tmp_path / "junit.xml"
    result = subprocess.run(
        [
            Path(sys.executable).parent / "schemathesis", "run", f"{served_stub}/openapi.json",
            "--checks", "all", "--mode", "all", "--max-examples", str(EXAMPLES),
            "--seed", str(SEED), "--header", f"Authorization: Bearer {DEFAULT_TOKEN}",
            "--report", "junit", "--report-junit-path", junit, "--no-color",
        ],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-5000:]
    assert "No issues found" in result.stdout
    assert f"Seed: {SEED}" in result.stdout
    assert junit.is_file()
