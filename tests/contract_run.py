"""`make contract`: schemathesis run against a server, the stub by default, with a JUnit report.

Usage: PYTHONPATH=tests:scripts python tests/contract_run.py \
    [--examples N] [--seed S] [--reports DIR] \
    [--base-url URL] [--safe] [--connection-id ID] [--max-requests N]

Without --base-url it serves the stub (`python -m stub`) and tests that; with it, the server
there, authenticated by the bearer token in the environment variable CONTRACT_TOKEN (never an
argument: arguments show in `ps` and in make's echo of the command). Writes
DIR/contract-junit.xml, DIR/schemathesis.log (and DIR/stub.log when serving the stub), with
the token redacted from each, prints a one-screen summary grouped by operation and check and
exits with schemathesis's status.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from contract_hooks import REACHED
from schemathesis.failure_codes import get_failure_class
from stub import DEFAULT_TOKEN
from stub.process import served_stub

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "openapi" / "assessment-package.yaml"
# Every phase; stateful follows the contract's links: create, then get, update, patch, remove.
PHASES = ("examples", "coverage", "fuzzing", "stateful")
REDACTED = "[redacted]"
# The longest reproducer the summary prints whole; the log has every one in full.
CURL_WIDTH = 240

# The token and the connection reach schemathesis through its config file's `${NAME}`
# placeholders, filled from its environment: neither is ever on a command line.
CONFIG = """\
headers = { Authorization = "Bearer ${CONTRACT_RUN_TOKEN}" }
"""
# The coverage phase also sends each path the methods it does not list (DELETE, PATCH, TRACE,
# ...), for the unsupported_method check: not safe on a live system.
SAFE_CONFIG = """\
[phases.coverage]
unexpected-methods = []
"""
CONNECTION_CONFIG = """\
[parameters]
"path.connection_id" = "${CONTRACT_RUN_CONNECTION_ID}"
"""


def redact(text: str, secret: str | None) -> str:
    return text.replace(secret, REDACTED) if secret else text


@dataclass
class Finding:
    title: str
    count: int = 0
    curl: str | None = None


@dataclass
class Operation:
    findings: dict[str, Finding] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def check_names(code: str) -> str:
    """The schemathesis check(s) that report a failure code (ST108: response_schema_conformance)."""
    failure = get_failure_class(code)
    return " or ".join(failure.checks) if failure is not None and failure.checks else "custom"


def findings(suites: ElementTree.Element) -> dict[str, Operation]:
    """The failures of a JUnit report by operation, then by check, each with its first curl."""
    operations: dict[str, Operation] = {}
    for case in suites.iter("testcase"):
        operation = Operation()
        for failure in case.iter("failure"):
            # One block per failing test case: its failures (`- ST108 Response violates
            # schema`), then the curl that reproduces them all.
            for block in re.split(r"^\d+\. Test Case ID: ", failure.text or "", flags=re.M):
                codes = re.findall(r"^- (ST\d+) (.+)$", block, flags=re.M)
                curl = re.search(r"^\s*(curl .+)$", block, flags=re.M)
                for code, title in codes:
                    key = f"{code} {check_names(code)}"
                    finding = operation.findings.setdefault(key, Finding(title.strip()))
                    finding.count += 1
                    if finding.curl is None and curl is not None:
                        finding.curl = curl.group(1).strip()
        for error in case.iter("error"):
            text = (error.text or error.get("message") or "").strip()
            operation.errors.append(text.splitlines()[0] if text else "error")
        if operation.findings or operation.errors:
            operations[case.get("name", "?")] = operation
    return operations


def summary(junit: Path) -> str:
    suites = ElementTree.parse(junit).getroot()
    totals = {key: suites.get(key, "?") for key in ("tests", "failures", "errors", "time")}
    lines = [
        f"operations tested: {totals['tests']}, failures: {totals['failures']}, "
        f"errors: {totals['errors']}, time: {totals['time']} s"
    ]
    for name, operation in findings(suites).items():
        lines.append(f"  {name}")
        for key, finding in operation.findings.items():
            lines.append(f"    {key}: {finding.title} ({finding.count} failing)")
            if finding.curl is not None:
                curl = finding.curl
                if len(curl) > CURL_WIDTH:
                    curl = curl[:CURL_WIDTH] + " … (whole in schemathesis.log)"
                lines.append(f"      {curl}")
        lines += [f"    error: {error}" for error in operation.errors]
    return "\n".join(lines)


def stop_on_sigterm(signum: int, frame: object) -> None:
    # Unwinds like Ctrl-C: subprocess.run kills schemathesis and served_stub stops the stub,
    # so that stopping this script leaves nothing running.
    raise SystemExit(128 + signum)


@contextmanager
def target(base_url: str | None, log: IO[bytes] | None) -> Iterator[tuple[str, list[str]]]:
    """The server's name and schemathesis's location arguments: the stub, served for the block
    (it serves the contract at /openapi.json), or the URL given with the contract from openapi/
    (a real server need not serve it)."""
    if base_url is None:
        assert log is not None
        with served_stub(log) as url:
            yield "the stub", [f"{url}/openapi.json"]
    else:
        yield base_url, [str(CONTRACT), "--url", base_url]


def main() -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--reports", type=Path, default=Path("reports"))
    parser.add_argument("--base-url", help="test this server instead of the stub")
    parser.add_argument("--safe", action="store_true", help="send only GET requests")
    parser.add_argument("--connection-id", help="use this connection_id in every request")
    parser.add_argument(
        "--max-requests", type=int, help="stop after this many test-case requests in all"
    )
    args = parser.parse_args()
    base_url: str | None = args.base_url or None
    if base_url is not None and not re.match(r"https?://[^/\s]+", base_url):
        print(f"contract: BASE_URL must be an http:// or https:// URL, not {base_url!r}")
        return 2
    if args.max_requests is not None and args.max_requests < 1:
        print(f"contract: MAX_REQUESTS must be 1 or more, not {args.max_requests}")
        return 2
    token = DEFAULT_TOKEN if base_url is None else os.environ.get("CONTRACT_TOKEN") or None
    examples = min(args.examples, args.max_requests or args.examples)
    args.reports.mkdir(parents=True, exist_ok=True)
    junit = args.reports / "contract-junit.xml"
    # A run that ends before schemathesis writes one must not be summarised from the last.
    junit.unlink(missing_ok=True)

    options = [
        "--checks", "all", "--mode", "all", "--max-examples", str(examples),
        "--phases", ",".join(PHASES), "--generation-database", "none",
        "--seed", str(args.seed),
        "--report", "junit", "--report-junit-path", str(junit), "--no-color",
    ]  # fmt: skip
    if args.safe:
        options += ["--include-method", "GET", "--exclude-checks", "unsupported_method"]
    env = {**os.environ, "CONTRACT_RUN_TOKEN": token or ""}
    env.pop("CONTRACT_TOKEN", None)
    if args.max_requests:
        # tests/contract_hooks.py counts the requests and stops the run at the cap.
        env["SCHEMATHESIS_HOOKS"] = "contract_hooks"
        env["CONTRACT_RUN_MAX_REQUESTS"] = str(args.max_requests)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"), env.get("PYTHONPATH", "")])
    config = CONFIG if token else ""
    if args.safe:
        config += SAFE_CONFIG
    if args.connection_id:
        config += CONNECTION_CONFIG
        env["CONTRACT_RUN_CONNECTION_ID"] = args.connection_id

    stub_log = (args.reports / "stub.log").open("wb") if base_url is None else None
    with (
        tempfile.TemporaryDirectory(prefix="contract-run-") as scratch,
        stub_log or nullcontext(),
        target(base_url, stub_log) as (server, location),
    ):
        config_file = Path(scratch) / "schemathesis.toml"
        config_file.write_text(config)
        command = [
            str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(config_file),
            "run", *location, *options,
        ]  # fmt: skip
        print(f"contract: schemathesis is testing {server}, every phase (minutes) ...", flush=True)
        result = subprocess.run(command, capture_output=True, text=True, env=env)
    # schemathesis already filters the Authorization header; a server that echoes the token
    # in a body, or a check that puts it elsewhere, must not leak it either.
    (args.reports / "schemathesis.log").write_text(redact(result.stdout + result.stderr, token))
    if junit.is_file():
        junit.write_text(redact(junit.read_text(), token))

    status = result.returncode
    capped = REACHED in result.stdout
    if capped and status == 130 and junit.is_file():
        # Stopped at MAX_REQUESTS, as asked: the verdict is that of what was tested.
        totals = ElementTree.parse(junit).getroot()
        status = 1 if totals.get("failures") != "0" or totals.get("errors") != "0" else 0
    outcome = "passed" if status == 0 else f"FAILED (exit {status})"
    if capped:
        outcome += f", stopped after MAX_REQUESTS={args.max_requests} requests"
    print(f"contract run against {server}: {outcome}")
    print(
        f"seed {args.seed}, {examples} examples per operation, phases {', '.join(PHASES)}, "
        "every check, positive and negative data"
        + (", GET only" if args.safe else "")
        + (f", connection_id {args.connection_id}" if args.connection_id else "")
        + (f", at most {args.max_requests} requests" if args.max_requests else "")
        + ("" if token else ", no token (set TOKEN)")
    )
    if junit.is_file():
        print(redact(summary(junit), token))
    tail = [line for line in result.stdout.splitlines() if line.strip()][-3:]
    print(redact("schemathesis: " + " | ".join(line.strip("= ") for line in tail), token))
    reports = [junit, args.reports / "schemathesis.log"]
    reports += [args.reports / "stub.log"] if base_url is None else []
    print(f"reports: {', '.join(map(str, reports))}")
    return status


if __name__ == "__main__":
    sys.exit(main())
