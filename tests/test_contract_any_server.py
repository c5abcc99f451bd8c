"""`make contract BASE_URL=… TOKEN=…`: the schemathesis run against a server other than the
one it serves itself, with the limits for a live system (SAFE, CONNECTION_ID, MAX_REQUESTS),
its summary by operation and check, and the token kept out of everything it prints or writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, serve
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from stub import InMemoryStore, Settings, create_app
from stub.process import PYTHONPATH, served_stub

TOKEN = "tok-any-server-7f3a9c"
# Few examples: each run takes seconds, and the full run is test_contract_stub.py's.
EXAMPLES = "5"


def contract(base_url: str, reports: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """tests/contract_run.py as `make contract BASE_URL=… TOKEN=…` runs it."""
    command = [
        sys.executable, str(ROOT / "tests" / "contract_run.py"), "--base-url", base_url,
        "--examples", EXAMPLES, "--reports", str(reports), *options,
    ]  # fmt: skip
    return subprocess.run(
        command,
        env={**os.environ, "PYTHONPATH": PYTHONPATH, "CONTRACT_TOKEN": TOKEN},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_token_nowhere(result: subprocess.CompletedProcess[str], reports: Path) -> None:
    assert TOKEN not in result.stdout + result.stderr
    written = sorted(path for path in reports.rglob("*") if path.is_file())
    assert written, "no reports written"
    for path in written:
        assert TOKEN not in path.read_text(errors="replace"), path


class StringScores:
    """The stub, wrong in one way: every `max_score` it answers is a string, one that quotes
    the caller's token (a server echoing a secret: schemathesis prints the value it rejects,
    and the run must still not show the token). It records each request's method and path."""

    def __init__(self, app: ASGIApp, requests: list[tuple[str, str]]) -> None:
        self.app = app
        self.requests = requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.requests.append((scope["method"], scope["path"]))
        headers = dict(scope["headers"])
        token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")[2]
        start: Message = {}
        chunks: list[bytes] = []

        def stringify(document: object) -> None:
            if isinstance(document, dict) and "max_score" in document:
                document["max_score"] = f"{document['max_score']} for {token}"

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            try:
                document = json.loads(body)
            except ValueError:
                document = None
            for item in document if isinstance(document, list) else [document]:
                stringify(item)
            if document is not None:
                body = json.dumps(document).encode()
            kept = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            length = (b"content-length", str(len(body)).encode())
            await send({**start, "headers": [*kept, length]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)


@pytest.fixture
def wrong_server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The URL of a server that breaks the contract, and the requests it has received."""
    requests: list[tuple[str, str]] = []
    app = create_app(Settings(tokens=(TOKEN,)), InMemoryStore())
    app.add_middleware(StringScores, requests=requests)
    with serve(app) as url:
        yield url, requests


def test_make_contract_passes_against_a_separately_started_stub(tmp_path: Path) -> None:
    with served_stub(env={"STUB_TOKENS": TOKEN}) as url:
        result = contract(url, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"contract run against {url}: passed" in result.stdout
    assert "failures: 0, errors: 0" in result.stdout
    assert "phases examples, coverage, fuzzing, stateful" in result.stdout
    log = (tmp_path / "schemathesis.log").read_text()
    assert "✅  Stateful (" in log
    assert "Tested: 6" in log
    assert (tmp_path / "contract-junit.xml").is_file()
    assert_token_nowhere(result, tmp_path)


def test_a_server_answering_max_score_as_a_string_fails_with_operation_check_and_curl(
    wrong_server: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, _ = wrong_server
    result = contract(url, tmp_path)
    assert result.returncode != 0
    summary = result.stdout
    assert f"contract run against {url}: FAILED" in summary
    lines = summary.splitlines()
    # The operation, then its check, then the curl that reproduces the failure.
    at = lines.index("  GET /assessment/{connection_id}/package/{id}")
    assert "response_schema_conformance" in lines[at + 1]
    assert "Response violates schema" in lines[at + 1]
    assert lines[at + 2].strip().startswith(f"curl -X GET -H 'Authorization: [Filtered]' {url}/")
    assert "  POST /assessment/{connection_id}/package" in lines
    assert len(lines) < 40, summary  # one screen
    assert "max_score" in (tmp_path / "schemathesis.log").read_text()
    assert_token_nowhere(result, tmp_path)


def test_safe_sends_only_get_within_the_connection_and_the_cap(
    wrong_server: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, requests = wrong_server
    options = ("--safe", "--connection-id", "conn_safe", "--max-requests", "200")
    result = contract(url, tmp_path, *options)
    assert requests
    assert {method for method, _ in requests} == {"GET"}
    # Besides the operations, schemathesis sends one GET of its own, to learn what the server
    # accepts in a path before the run.
    tested = [path for _, path in requests if not path.startswith("/schemathesis-probe")]
    assert len(tested) == len(requests) - 1
    assert all(path.startswith("/assessment/conn_safe/package") for path in tested)
    assert "GET only, connection_id conn_safe, at most 200 requests" in result.stdout
    assert (tmp_path / "contract-junit.xml").is_file()
    assert_token_nowhere(result, tmp_path)


def test_max_requests_stops_the_run_at_the_cap(
    wrong_server: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, requests = wrong_server
    result = contract(url, tmp_path, "--safe", "--max-requests", "10")
    assert "stopped after MAX_REQUESTS=10 requests" in result.stdout
    # GETs of an empty list and of ids that do not exist: nothing to fail on.
    assert result.returncode == 0, result.stdout
    # The cap counts the test cases' requests; schemathesis's probe and the extra requests
    # of checks such as ignored_auth (the same request without the token) come on top.
    assert 10 < len(requests) <= 30, requests
    assert (tmp_path / "contract-junit.xml").is_file()


def test_make_contract_passes_the_options_and_never_echoes_the_token() -> None:
    command = [
        "make", "-n", "contract", "BASE_URL=http://127.0.0.1:9", f"TOKEN={TOKEN}", "SAFE=1",
        "CONNECTION_ID=conn_9", "MAX_REQUESTS=7",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.replace("\\\n", " ")
    assert "--base-url 'http://127.0.0.1:9'" in printed
    assert "--safe" in printed
    assert "--connection-id 'conn_9'" in printed
    assert "--max-requests '7'" in printed
    assert TOKEN not in printed


def test_a_bad_base_url_is_one_line(tmp_path: Path) -> None:
    result = contract("127.0.0.1:9", tmp_path)
    assert result.returncode == 2
    assert result.stdout.strip().count("\n") == 0
    assert "BASE_URL must be an http:// or https:// URL" in result.stdout
    assert "Traceback" not in result.stderr
