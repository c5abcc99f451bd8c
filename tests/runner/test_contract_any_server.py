"""`make contract BASE_URL=…`: the schemathesis run against a server other than the one it
serves itself, with the limits for a live system (SAFE, CONNECTION_ID, MAX_REQUESTS), its
summary, its HTML report and its progress; a run that tested nothing fails; a bad URL, a
server that is not there and a token on make's command line are one line each; and the
token, whatever it is, stays out of every command line, everything printed and every report."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, quote_plus

import contract
import pytest
from browser import REPORTS, browse
from conftest import ROOT, serve
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from runner.test_contract_report import Page
from unified_assessment_stub import InMemoryStore, Settings, create_app
from unified_assessment_stub.process import free_port, served_stub

TOKEN = "tok-any-server-7f3a9c"
# Every character that has a meaning in XML, JSON, HTML or a URL.
TRICKY = "s3cr3t/t0k+en==\"<x>&'\\%2F;9"
# Few examples: each run takes seconds, and the full run is test_contract_stub.py's.
EXAMPLES = "5"
OPERATIONS = [f"{op.method} {op.path}" for op in contract.operations(contract.load())]


@dataclass
class Run:
    returncode: int
    stdout: str
    argv_with_token: list[str] = field(default_factory=list)
    processes_seen: int = 0


def contract_run(
    base_url: str,
    reports: Path,
    *options: str,
    token: str | None = TOKEN,
    watch_argv: bool = False,
) -> Run:
    """unified-assessment-contract as `make contract BASE_URL=…` runs it, the token in UNIFIED_TOKEN
    (unless a --token-file is among the options); optionally watching every command line on
    the machine for the token while it runs."""
    command = [
        sys.executable, "-m", "unified_assessment_contract_runner", "--base-url", base_url,
        "--examples", EXAMPLES, "--reports", str(reports), *options,
    ]  # fmt: skip
    env = {**os.environ}
    for name in ("UNIFIED_TOKEN", "TOKEN"):
        env.pop(name, None)
    if token is not None:
        env["UNIFIED_TOKEN"] = token
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    watcher = ArgvWatcher(token or "") if watch_argv else None
    if watcher is not None:
        watcher.start()
    timer = threading.Timer(240, process.kill)
    timer.start()
    lines = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
        process.wait()
    finally:
        timer.cancel()
        if watcher is not None:
            watcher.stop()
    run = Run(process.returncode, "".join(lines))
    if watcher is not None:
        run.argv_with_token, run.processes_seen = watcher.found, watcher.seen
    return run


class ArgvWatcher(threading.Thread):
    """Reads every process's command line (Linux /proc) every 50 ms, looking for a string."""

    def __init__(self, secret: str) -> None:
        super().__init__(daemon=True)
        self.secret = secret.encode()
        self.found: list[str] = []
        self.seen = 0
        self.done = threading.Event()

    def run(self) -> None:
        pids: set[str] = set()
        while not self.done.wait(0.05):
            for entry in Path("/proc").iterdir():
                try:
                    line = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
                except OSError:
                    continue  # gone meanwhile
                if b"schemathesis" in line:
                    pids.add(entry.name)
                if self.secret and self.secret in line:
                    self.found.append(line.decode(errors="replace"))
            self.seen = len(pids)

    def stop(self) -> None:
        self.done.set()
        self.join()


def forms(token: str) -> list[str]:
    """The token as a server may echo it: raw, JSON-escaped, percent-encoded."""
    return [token, json.dumps(token)[1:-1], quote(token, safe=""), quote(token), quote_plus(token)]


def assert_token_nowhere(token: str, printed: str, reports: Path) -> None:
    for form in forms(token):
        assert form not in printed, form
    written = sorted(path for path in reports.rglob("*") if path.is_file())
    assert written, "no reports written"
    for path in written:
        content = path.read_text(errors="replace")
        for form in forms(token):
            assert form not in content, (form, path)


class StringScores:
    """The stub, wrong in one way: every `max_score` it answers is a string, one that quotes
    the caller's token (a server echoing a secret: schemathesis prints the value it rejects,
    and the run must still not show the token), and every answer echoes the token
    percent-encoded in a header. It records each request's method and path."""

    def __init__(self, app: ASGIApp, requests: list[tuple[str, str]], pad: int = 0) -> None:
        self.app = app
        self.requests = requests
        # Characters before the echoed token: where a cut of the answer may fall.
        self.pad = pad

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        self.requests.append((scope["method"], scope["path"] + (f"?{query}" if query else "")))
        headers = dict(scope["headers"])
        token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")[2]
        start: Message = {}
        chunks: list[bytes] = []

        def stringify(document: object) -> None:
            if isinstance(document, dict) and "max_score" in document:
                document["max_score"] = f"{document['max_score']} for {'.' * self.pad}{token}"

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
            echo = (b"x-echo", quote(token, safe="").encode())
            await send({**start, "headers": [*kept, length, echo]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)


@contextmanager
def wrong_server(token: str, pad: int = 0) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The URL of a server that breaks the contract, and the requests it has received."""
    requests: list[tuple[str, str]] = []
    app = create_app(Settings(tokens=(token,)), InMemoryStore())
    app.add_middleware(StringScores, requests=requests, pad=pad)
    with serve(app) as url:
        yield url, requests


@pytest.fixture
def wrong() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    with wrong_server(TOKEN) as served:
        yield served


@dataclass
class WrongRun:
    url: str
    run: Run
    reports: Path


# The tests that read it share one worker (make test runs pytest-xdist with --dist loadgroup):
# each other worker drawing one of them would repeat the whole run.
@pytest.fixture(scope="module")
def wrong_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WrongRun]:
    """One whole run against the wrong server, every phase, with a token that holds every
    special character, given in a TOKEN_FILE: its summary, reports and HTML page."""
    reports = tmp_path_factory.mktemp("wrong-run")
    token_file = reports.parent / "token"
    token_file.write_text(TRICKY + "\n")
    token_file.chmod(0o600)
    with wrong_server(TRICKY) as (url, _):
        run = contract_run(url, reports, "--token-file", str(token_file), token=None)
    token_file.unlink()
    yield WrongRun(url, run, reports)


def test_make_contract_passes_against_a_separately_started_stub(tmp_path: Path) -> None:
    # STUB_WEBHOOK_ELSEWHERE=keep, as make contract serves it: schemathesis draws hook_urls of
    # any host, which the stub otherwise refuses.
    with served_stub(env={"STUB_TOKENS": TOKEN, "STUB_WEBHOOK_ELSEWHERE": "keep"}) as url:
        run = contract_run(url, tmp_path, watch_argv=True)
    assert run.returncode == 0, run.stdout
    assert f"contract run against {url}: passed" in run.stdout
    assert "failures: 0, errors: 0" in run.stdout
    assert "phases examples, coverage, fuzzing, stateful" in run.stdout
    log = (tmp_path / "schemathesis.log").read_text()
    assert "✅  Stateful (" in log
    assert f"Tested: {len(OPERATIONS)}" in log
    # One count of the operations, from the first line to the last.
    [start] = re.findall(r": (\d+) operations, seed", run.stdout)
    assert start == str(len(OPERATIONS))
    assert f"operations tested: {start} of {start}, failures: 0" in run.stdout
    assert (tmp_path / "contract-junit.xml").is_file()
    assert (tmp_path / "contract.html").is_file()
    assert_token_nowhere(TOKEN, run.stdout, tmp_path)
    # It says what it is doing, phase by phase (how long it may go quiet: HEARTBEAT_SECONDS,
    # a promise of tally.py's heartbeat, not timed here).
    for phase in ("examples", "coverage", "fuzzing", "stateful"):
        assert f"contract: {phase} phase done: " in run.stdout, phase
    # The token went to schemathesis by its environment, on no command line.
    assert run.processes_seen >= 1
    assert run.argv_with_token == []


@pytest.mark.xdist_group("wrong_run")
def test_a_server_answering_max_score_as_a_string_fails_with_operation_check_and_curl(
    wrong_run: WrongRun,
) -> None:
    url, run = wrong_run.url, wrong_run.run
    assert run.returncode == 1, run.stdout
    summary = run.stdout
    assert f"contract run against {url}: FAILED" in summary
    assert "token: TOKEN_FILE" in summary
    assert "only 401/403" not in summary  # the token from the file was the right one
    lines = summary.splitlines()
    # The operation, then its check, then the curl that reproduces the failure.
    at = lines.index("  GET /assessment/{connection_id}/package/{id}")
    assert "response_schema_conformance" in lines[at + 1]
    assert "Response violates schema" in lines[at + 1]
    assert lines[at + 2].strip().startswith(f"curl -X GET -H 'Authorization: [Filtered]' {url}/")
    assert "  POST /assessment/{connection_id}/package" in lines
    assert len(lines) < 45, summary  # one screen
    assert "max_score" in (wrong_run.reports / "schemathesis.log").read_text()


@pytest.mark.xdist_group("wrong_run")
def test_reports_hold_no_form_of_a_token_full_of_special_characters(wrong_run: WrongRun) -> None:
    # The wrong server echoed it in bodies (JSON-escaped) and in a header (percent-encoded).
    assert_token_nowhere(TRICKY, wrong_run.run.stdout, wrong_run.reports)
    junit = ElementTree.parse(wrong_run.reports / "contract-junit.xml").getroot()
    assert int(junit.get("failures", "0")) >= 1
    assert "[redacted]" in (wrong_run.reports / "contract.html").read_text()


# A JWT's length and alphabet: what schemathesis cuts (its message at about 75 characters, its
# log at 512) and what the report cuts (an answer at 4,000) must keep no piece of it.
JWT = ("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6" * 6)[:247]


# 3,550: the body before the token is about 300 characters, so the 4,000th falls inside it.
@pytest.mark.parametrize("pad", [0, 3550])
def test_reports_hold_no_piece_of_a_long_token_whatever_cuts_it(pad: int, tmp_path: Path) -> None:
    with wrong_server(JWT, pad=pad) as (url, _):
        run = contract_run(url, tmp_path / "reports", "--phases", "examples", token=JWT)
    assert run.returncode == 1, run.stdout
    written = [path for path in (tmp_path / "reports").rglob("*") if path.is_file()]
    assert len(written) >= 3
    for text in [run.stdout, *(path.read_text(errors="replace") for path in written)]:
        leaks = {JWT[at : at + 8] for at in range(len(JWT) - 7) if JWT[at : at + 8] in text}
        assert not leaks


class Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def test_a_one_character_token_leaves_every_report_well_formed(tmp_path: Path) -> None:
    with wrong_server("x") as (url, _):
        run = contract_run(url, tmp_path, "--phases", "examples", token="x")
    assert run.returncode == 1, run.stdout
    assert "Traceback" not in run.stdout
    assert "contract run against" in run.stdout
    assert "the token is 1 characters long" in run.stdout
    for element in ElementTree.parse(tmp_path / "contract-junit.xml").iter():
        for text in [element.text or "", element.tail or "", *element.attrib.values()]:
            assert "x" not in text
    texts = Texts()
    texts.feed((tmp_path / "contract.html").read_text())
    assert any("Response violates schema" in text for text in texts.texts)
    assert "x" not in (tmp_path / "schemathesis.log").read_text().replace("[redacted]", "")


def test_safe_sends_only_get_within_the_connection_and_the_cap(
    wrong: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, requests = wrong
    options = ("--safe", "--connection-id", "conn_safe", "--max-requests", "200")
    run = contract_run(url, tmp_path, *options)
    assert requests
    assert {method for method, _ in requests} == {"GET"}
    # Besides the operations, schemathesis sends one GET of its own, to learn what the server
    # accepts in a path before the run.
    tested = [path for _, path in requests if not path.startswith("/schemathesis-probe")]
    assert len(tested) == len(requests) - 1
    # Within the connection: in the path where the path names one, in the query of a list that
    # filters on it (the webhooks'); the other paths name no connection.
    for path in tested:
        if path.startswith("/assessment/"):
            assert path.startswith("/assessment/conn_safe/"), path
        elif "connection_id=" in path:
            assert "connection_id=conn_safe" in path, path
    assert any("connection_id=conn_safe" in path for path in tested)
    assert "GET only, connection_id conn_safe, at most 200 requests" in run.stdout
    assert (tmp_path / "contract-junit.xml").is_file()
    assert_token_nowhere(TOKEN, run.stdout, tmp_path)


def test_max_requests_stops_the_run_at_the_cap(
    wrong: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, requests = wrong
    run = contract_run(url, tmp_path, "--safe", "--max-requests", "10")
    assert "stopped after MAX_REQUESTS=10 requests" in run.stdout
    # GETs of an empty list and of ids that do not exist: no check failed, but no get by id
    # was ever answered 200, so nothing was tested on those, and the run says so.
    assert run.returncode == 1, run.stdout
    assert "never got a documented success answer" in run.stdout
    assert "GET /assessment/{connection_id}/package/{id}" in run.stdout
    # The cap counts the test cases' requests; schemathesis's probe and the extra requests
    # of checks such as ignored_auth (the same request without the token) come on top.
    assert 10 < len(requests) <= 30, requests
    assert (tmp_path / "contract-junit.xml").is_file()


def untested_line(printed: str) -> str:
    [line] = [line for line in printed.splitlines() if "never got a documented success" in line]
    return line


def test_a_wrong_token_fails_in_one_line_naming_every_operation(
    wrong: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, _ = wrong
    run = contract_run(url, tmp_path, "--phases", "examples", token="not-the-token")
    assert run.returncode == 1, run.stdout
    assert "passed" not in run.stdout
    line = untested_line(run.stdout)
    assert "only 401/403 (a wrong or missing token?" in line
    assert all(operation in line for operation in OPERATIONS), line


def test_a_wrong_token_stops_the_run_after_the_first_answers_and_says_why_in_one_line(
    wrong: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, requests = wrong
    run = contract_run(url, tmp_path, "--examples", "150", token="not-the-token")
    assert run.returncode == 1, run.stdout
    [verdict] = [line for line in run.stdout.splitlines() if line.startswith("contract run ")]
    assert "FAILED: the first 50 answers were all 401 or 403" in verdict
    assert "a wrong or missing token?" in verdict
    # Stopped there, not after the thousands of requests the whole run sends.
    assert 50 <= len(requests) <= 150, len(requests)
    page = Page((tmp_path / "contract.html").read_text())
    shown = "".join(page.text)
    assert not re.search("✓ [0-9]", shown) and "No failures." not in shown


def test_a_wrong_base_path_fails_in_one_line_naming_every_operation(
    wrong: tuple[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    url, _ = wrong
    run = contract_run(f"{url}/v2", tmp_path, "--phases", "examples")
    assert run.returncode == 1, run.stdout
    line = untested_line(run.stdout)
    assert "only 404 (a wrong base path" in line
    assert all(operation in line for operation in OPERATIONS), line


def test_a_server_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    run = contract_run(url, tmp_path)
    assert run.returncode == 2
    assert run.stdout.count("\n") == 1, run.stdout
    assert f"cannot connect to 127.0.0.1:{url.rsplit(':', 1)[1]} (Connection refused)" in run.stdout


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("127.0.0.1:9", "must be an http:// or https:// URL"),
        ("http://127.0.0.1:9000/ x", "must not hold spaces"),
        ("ftp://127.0.0.1/", "must be an http:// or https:// URL"),
        ("http:///path", "has no host"),
        ("http://user:secret@127.0.0.1:9/", "must not hold credentials"),
        ("http://127.0.0.1:99999/", "invalid port"),
        ("http://127.0.0.1:9/?token=1", "must not hold a query"),
    ],
)
def test_a_bad_base_url_is_one_line(url: str, complaint: str, tmp_path: Path) -> None:
    run = contract_run(url, tmp_path)
    assert run.returncode == 2
    assert run.stdout.count("\n") == 1, run.stdout
    assert complaint in run.stdout
    assert "secret" not in run.stdout


def test_make_contract_passes_the_options_and_never_echoes_the_token(tmp_path: Path) -> None:
    command = [
        "make", "-n", "contract", "BASE_URL=http://127.0.0.1:9", f"TOKEN_FILE={tmp_path}/t",
        "SAFE=1", "CONNECTION_ID=conn_9", "MAX_REQUESTS=7", "EXAMPLES=3",
    ]  # fmt: skip
    env = {**os.environ, "UNIFIED_TOKEN": TOKEN}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    printed = re.sub(r"\\\n\s*", " ", result.stdout)
    assert "--base-url 'http://127.0.0.1:9'" in printed
    assert f"--token-file '{tmp_path}/t'" in printed
    assert "--safe" in printed
    assert "--connection-id 'conn_9'" in printed
    assert "--max-requests '7'" in printed
    assert "--examples '3'" in printed
    assert TOKEN not in printed


def test_make_contract_refuses_a_token_on_its_command_line() -> None:
    # -o: the project's install is not redone for this; the refusal comes before anything.
    command = ["make", "-s", "-o", ".venv/.project", "contract", f"TOKEN={TOKEN}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "TOKEN=... on make's command line shows in ps" in result.stderr
    assert "UNIFIED_TOKEN" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert "contract:" not in result.stdout  # nothing ran


@pytest.mark.xdist_group("wrong_run")
def test_the_html_report_shows_the_failing_cell_and_its_reproducer_in_a_browser(
    wrong_run: WrongRun,
) -> None:
    report = wrong_run.reports / "contract.html"
    with browse("file://", width=1400) as browsed:
        page = browsed.page
        page.goto(report.as_uri())
        row = page.locator('tr[data-operation="GET /assessment/{connection_id}/package/{id}"]')
        cell = row.locator('td[data-check="response_schema_conformance"]')
        assert "fail" in (cell.get_attribute("class") or "")
        assert re.fullmatch(r"✗ \d+ / \d+", cell.inner_text().strip()), cell.inner_text()
        link = cell.locator("a")
        target = link.get_attribute("href") or ""
        link.click()
        section = page.locator(f"section{target}")
        assert section.is_visible()
        assert page.evaluate("window.scrollY") > 0  # the link took the reader there
        # The failing request, last (a stateful failure lists the requests before it).
        curl = section.locator("pre.curl").first.inner_text().strip().splitlines()[-1]
        assert curl.startswith(f"curl -X GET -H 'Authorization: [Filtered]' {wrong_run.url}/")
        answer = section.locator("pre.answer").first.inner_text()
        assert answer.startswith("HTTP 200") and "max_score" in answer
        # Cells that passed, too: the table is the whole run, not only its failures.
        assert page.locator("td.pass").count() > 0
        shown = page.inner_text("body")
        assert "[redacted]" in shown
        for form in forms(TRICKY):
            assert form not in shown, form
        # Readable offline: the page fetched nothing, and nothing in it failed.
        assert browsed.refused == []
        assert browsed.errors == []
        # The first screen, as a reader sees it first (the whole page is thousands of pixels).
        page.evaluate("window.scrollTo(0, 0)")
        REPORTS.mkdir(exist_ok=True)
        page.screenshot(path=REPORTS / "contract-report.png")


def test_a_stub_that_does_not_start_is_one_line_with_its_reason(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "unified_assessment_contract_runner",
        "--reports",
        str(tmp_path),
    ]
    env = {**os.environ, "STUB_MAX_BODY_BYTES": "lots"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout.count("\n") == 1, result.stdout
    assert "the stub did not start (stub: STUB_MAX_BODY_BYTES must be" in result.stdout
    assert "Traceback" not in result.stderr


class TokenRevoked:
    """A server whose token stops working after its first `good` requests: 401 ever after."""

    def __init__(self, app: ASGIApp, good: int) -> None:
        self.app, self.good, self.seen = app, good, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.seen += 1
        if self.seen <= self.good:
            await self.app(scope, receive, send)
            return
        body = b'{"status":401,"message":"token revoked"}'
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def test_a_token_revoked_mid_run_stops_the_run_and_fails_it(tmp_path: Path) -> None:
    # Every operation met a documented success before the token stopped working: the run went
    # on through thousands of 401s and passed, every check's cell green.
    app = create_app(Settings(tokens=(TOKEN,), webhook_elsewhere="keep"), InMemoryStore())
    revoked = TokenRevoked(app, good=400)
    with serve(revoked) as url:  # type: ignore[arg-type]
        run = contract_run(url, tmp_path, "--examples", "150")
    assert run.returncode == 1, run.stdout
    [verdict] = [line for line in run.stdout.splitlines() if line.startswith("contract run ")]
    assert "FAILED: 50 answers in a row were 401 or 403 after others that were not" in verdict
    assert revoked.seen < 400 + 200, revoked.seen  # stopped there, not thousands later
    page = (tmp_path / "contract.html").read_text()
    assert "No failures." not in page


def test_sigterm_mid_run_writes_the_reports_of_what_ran(tmp_path: Path) -> None:
    # SIGTERM unwound at once: no verdict, no contract.html, no log, a 0-byte JUnit file, and
    # the failures of the phases that had finished lost.
    with wrong_server(TOKEN) as (url, _):
        env = {k: v for k, v in os.environ.items() if k not in ("UNIFIED_TOKEN", "TOKEN")}
        env["UNIFIED_TOKEN"] = TOKEN
        process = subprocess.Popen(
            [sys.executable, "-m", "unified_assessment_contract_runner", "--base-url", url,
             "--examples", "150", "--reports", str(tmp_path)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "phase done" in line:  # a phase has finished: there is something to report
                process.send_signal(signal.SIGTERM)
                break
        rest, _ = process.communicate(timeout=120)
    output = "".join(lines) + rest
    assert process.returncode == 128 + signal.SIGTERM, output
    [verdict] = [line for line in output.splitlines() if line.startswith("contract run ")]
    assert "stopped by SIGTERM" in verdict
    assert (tmp_path / "contract.html").is_file() and (tmp_path / "schemathesis.log").is_file()
    ElementTree.parse(tmp_path / "contract-junit.xml")  # whole, not cut short
    assert "Traceback" not in output
