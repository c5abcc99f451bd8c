"""`make contract-webhooks` means what it says: the README's receiver passes it, a receiver
that skips verification fails it on every forged delivery, and a receiver that is not there,
a bad URL or a missing secret is one line."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from conftest import ROOT
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from unified_assessment_stub.process import free_port
from unified_assessment_stub.server import served

SECRET = "whsec-test-5b1e9a"


def readme_receiver(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The receiver exactly as the README shows it: its app."""
    block = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- receiver -->")[1]
    (code,) = re.findall(r"```python\n(.*?)```", block, re.S)
    monkeypatch.setenv("UNIFIED_WEBHOOK_SECRET", SECRET)
    module = ModuleType("readme_receiver")
    exec(compile(code, "README.md", "exec"), module.__dict__)
    return module.app


async def trusting(request: Request) -> Response:
    """A receiver that skips verification: it reads the JSON and acknowledges everything."""
    await request.json()
    return Response(status_code=204)


def run(url: str, reports: Path, *options: str, secret: str | None = SECRET) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "UNIFIED_WEBHOOK_SECRET"}
    if secret is not None:
        env["UNIFIED_WEBHOOK_SECRET"] = secret
    done = subprocess.run(
        [sys.executable, "-m", "unified_assessment_contract_runner.webhooks",
         "--hook-url", url, "--reports", str(reports), "--examples", "5", *options],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    return done.returncode, output


@pytest.fixture
def readme_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with served(readme_receiver(monkeypatch)) as url:
        yield f"{url}/unified/orders"


def test_the_readmes_receiver_passes(readme_url: str, tmp_path: Path) -> None:
    code, output = run(readme_url, tmp_path)
    assert code == 0, output
    assert "webhook contract run against" in output and ": passed" in output
    suite = ElementTree.parse(tmp_path / "webhooks-junit.xml").getroot()
    assert int(suite.get("tests", "0")) >= 6 and suite.get("failures") == "0"
    names = {case.get("name", "") for case in suite.iter("testcase")}
    assert any(name.startswith("forged: ") for name in names)
    assert any("sent again" in name for name in names)
    assert SECRET not in (tmp_path / "webhooks.html").read_text(encoding="utf-8")


def test_a_receiver_that_skips_verification_fails_on_every_forgery(tmp_path: Path) -> None:
    app = Starlette(routes=[Route("/hook", trusting, methods=["POST"])])
    with served(app) as url:
        code, output = run(f"{url}/hook", tmp_path)
    assert code == 1, output
    suite = ElementTree.parse(tmp_path / "webhooks-junit.xml").getroot()
    failed = {
        case.get("name", "") for case in suite.iter("testcase") if case.find("failure") is not None
    }
    forged = {case.get("name", "") for case in suite.iter("testcase")} - {
        case.get("name", "")
        for case in suite.iter("testcase")
        if "forged" not in case.get("name", "")
    }
    assert failed == forged and len(forged) >= 6
    assert "curl -X POST" in output  # each failure with its reproducer
    assert "verify before use" in output


def test_a_receiver_that_refuses_everything_fails_on_the_valid_ones(tmp_path: Path) -> None:
    async def refusing(request: Request) -> Response:
        return Response(status_code=401)

    with served(Starlette(routes=[Route("/hook", refusing, methods=["POST"])])) as url:
        code, output = run(f"{url}/hook", tmp_path)
    assert code == 1
    assert "a valid delivery was not acknowledged with a 2xx (got 401)" in output


def test_a_secret_echoed_by_the_receiver_is_in_no_report(tmp_path: Path) -> None:
    async def echoing(request: Request) -> Response:
        return Response(f"bad secret? {SECRET}", status_code=400)

    with served(Starlette(routes=[Route("/hook", echoing, methods=["POST"])])) as url:
        code, output = run(f"{url}/hook", tmp_path)
    assert code == 1 and SECRET not in output
    for report in ("webhooks.html", "webhooks-junit.xml"):
        assert SECRET not in (tmp_path / report).read_text(encoding="utf-8"), report


@pytest.mark.parametrize(
    ("url", "secret", "said"),
    [
        ("http://127.0.0.1:{port}/hook", SECRET, "cannot connect to 127.0.0.1:"),
        ("ftp://127.0.0.1/hook", SECRET, "must be an http:// or https:// URL"),
        ("http://127.0.0.1:{port}/hook", None, "no webhook secret: set UNIFIED_WEBHOOK_SECRET"),
    ],
)
def test_a_run_that_can_reach_nothing_is_one_line(
    tmp_path: Path, url: str, secret: str | None, said: str
) -> None:
    code, output = run(url.format(port=free_port()), tmp_path, secret=secret)
    assert code == 2
    assert said in output and output.count("\n") == 1, output


def test_make_refuses_the_secret_on_its_command_line() -> None:
    done = subprocess.run(
        ["make", "-s", "contract-webhooks", "HOOK_URL=http://127.0.0.1:1/",
         "UNIFIED_WEBHOOK_SECRET=x"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "shows in ps" in done.stderr


def test_the_readmes_receiver_refuses_a_body_past_its_bound(readme_url: str) -> None:
    answer = httpx.post(readme_url, content=b"[" * (17 * 1024 * 1024), timeout=60)
    assert answer.status_code == 413


def test_a_receiver_that_trickles_its_answer_costs_at_most_the_timeout(tmp_path: Path) -> None:
    answered = []

    async def trickling(request: Request) -> Response:
        answered.append(1)
        if len(answered) > 1:
            return Response(status_code=401)

        async def drip() -> Any:
            while True:  # a byte a second, for ever
                yield b"."
                await asyncio.sleep(1)

        return StreamingResponse(drip(), status_code=204)

    with served(Starlette(routes=[Route("/hook", trickling, methods=["POST"])])) as url:
        code, _ = run(f"{url}/hook", tmp_path, "--timeout", "2", "--examples", "0")
    assert code == 1  # the rest refused, valid ones too: the run ended, the trickle cut
    first = next(ElementTree.parse(tmp_path / "webhooks-junit.xml").getroot().iter("testcase"))
    assert float(first.get("time", "99")) < 6


def test_sigterm_mid_run_writes_what_ran(tmp_path: Path) -> None:
    async def slow(request: Request) -> Response:
        await asyncio.sleep(0.3)
        return Response(status_code=401)

    with served(Starlette(routes=[Route("/hook", slow, methods=["POST"])])) as url:
        env = {**os.environ, "UNIFIED_WEBHOOK_SECRET": SECRET}
        process = subprocess.Popen(
            [sys.executable, "-m", "unified_assessment_contract_runner.webhooks",
             "--hook-url", f"{url}/hook", "--reports", str(tmp_path)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            if "FAILED" in line:  # a delivery was answered: the run is under way
                break
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    assert process.returncode == 130, output
    assert "interrupted" in output and "Traceback" not in output
    assert "interrupted" in (tmp_path / "webhooks.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "echo",
    [
        lambda secret: secret.replace("-", "%2D"),  # percent-encoded
        lambda secret: "".join(f"\\u{ord(c):04x}" for c in secret),  # JSON-escaped
        lambda secret: "cut:" + secret[2:],  # a piece of it
    ],
    ids=["percent", "json", "piece"],
)
def test_a_secret_echoed_in_any_form_is_in_no_report(tmp_path: Path, echo: Any) -> None:
    async def echoing(request: Request) -> Response:
        return Response(f"bad secret? {echo(SECRET)}", status_code=400)

    with served(Starlette(routes=[Route("/hook", echoing, methods=["POST"])])) as url:
        code, output = run(f"{url}/hook", tmp_path, "--examples", "0")
    assert code == 1
    pieces = {SECRET[i : i + 8] for i in range(len(SECRET) - 7)}
    for text in (output, *(p.read_text(encoding="utf-8") for p in tmp_path.glob("webhooks*"))):
        assert not any(piece in text for piece in pieces)
        assert echo(SECRET) not in text


def test_a_receiver_that_never_answers_passes_no_forgery(tmp_path: Path) -> None:
    # It accepts each connection and closes it unanswered: every forgery read "no answer ·
    # passed", as if refused. No answer is no refusal.
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stopping = threading.Event()

    def closing() -> None:
        listener.settimeout(0.2)
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connection.close()

    thread = threading.Thread(target=closing, daemon=True)
    thread.start()
    try:
        code, output = run(f"http://127.0.0.1:{port}/hook", tmp_path)
    finally:
        stopping.set()
        thread.join()
        listener.close()
    assert code == 1, output
    suite = ElementTree.parse(tmp_path / "webhooks-junit.xml").getroot()
    forged = [case for case in suite.iter("testcase") if "forged" in case.get("name", "")]
    assert forged and all(case.find("failure") is not None for case in forged), output
    page = (tmp_path / "webhooks.html").read_text()
    assert "<tr class=passed><td>forged" not in page
