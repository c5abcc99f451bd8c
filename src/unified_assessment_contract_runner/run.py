"""`unified-assessment-contract` (and `make contract`, which runs it): schemathesis against a
server, the stub by default, with its reports.

Usage: unified-assessment-contract \
    [--examples N] [--seed S] [--reports DIR] [--base-url URL] [--token-file FILE] \
    [--safe] [--connection-id ID] [--max-requests N]

Without --base-url it serves the stub (`python -m unified_assessment_stub`) and tests that;
with it, the server
there, authenticated by the bearer token from --token-file or the environment variable
UNIFIED_TOKEN (TOKEN too, if set in the environment): never an argument, since arguments show
in `ps` and in make's echo of the command. Prints what it is doing while it runs, then a
one-screen summary; writes DIR/contract.html, DIR/contract-junit.xml, DIR/schemathesis.log
(and DIR/stub.log when serving the stub), the token redacted from each. Exits 1 when a check
failed or an operation was never answered with a documented success (nothing was tested on
it), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from unified_assessment_stub import DEFAULT_TOKEN
from unified_assessment_stub import _contract as contract
from unified_assessment_stub.process import served_stub, stop
from unified_assessment_stub.tokens import TokenError, file_text, token_in

from .hooks import AUTH_PROBE, REACHED, REFUSED, REVOKED
from .redact import redact, redact_data, redact_xml
from .report import Run, render
from .tally import PREFIX, TEST_PHASES, Failure, Tally

CONTRACT = contract.DOCUMENT
# Chosen so that the default run, every phase, fits in about two minutes on two cores with
# the contract's ten operations; `make contract EXAMPLES=1000` is the long run.
EXAMPLES = 150
# The longest reproducer the summary prints whole; the HTML report has every one in full.
CURL_WIDTH = 240
# The summary stays on one screen; the HTML report has everything.
SUMMARY_LINES = 30
# Shorter tokens are redacted too, but then so is every occurrence of those few characters.
SHORT_TOKEN = 8

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
# The connection in the path, and in the query of a list that filters on it (the webhooks').
CONNECTION_CONFIG = """\
[parameters]
"path.connection_id" = "${CONTRACT_RUN_CONNECTION_ID}"
"query.connection_id" = "${CONTRACT_RUN_CONNECTION_ID}"
"""


class UsageError(Exception):
    """A one-line reason to stop before anything is sent."""


def say(line: str) -> None:
    print(PREFIX + line, flush=True)


def check_base_url(url: str) -> str:
    """The URL, or UsageError saying in one line what is wrong with it."""
    if any(character.isspace() or not character.isprintable() for character in url):
        raise UsageError(f"BASE_URL must not hold spaces or control characters: {url!r}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UsageError(f"BASE_URL must be an http:// or https:// URL, not {url!r}")
    if not parts.hostname:
        raise UsageError(f"BASE_URL has no host: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise UsageError("BASE_URL must not hold credentials: give the token in UNIFIED_TOKEN")
    if parts.query or parts.fragment:
        raise UsageError(f"BASE_URL must not hold a query or a fragment: {url!r}")
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number in range)
    except ValueError:
        raise UsageError(f"BASE_URL has an invalid port: {url!r}") from None
    return url


def reachable(url: str, what: str = "the server") -> None:
    """UsageError in one line when nothing listens at the URL's host and port."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=10).close()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(
            f"cannot connect to {parts.hostname}:{port} ({reason}): is {what} up at {url}?"
        ) from None


def read_token(token_file: Path | None) -> tuple[str | None, str]:
    """The token for another server, and where it came from, by the stub's rule for tokens
    (tokens.token_in): the same token is accepted, or refused, wherever it is given."""
    try:
        if token_file is not None:
            source = f"TOKEN_FILE {token_file}"
            text = file_text(token_file, f"TOKEN_FILE {str(token_file)!r}")
            with suppress(OSError):
                if token_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                    say(
                        f"warning: TOKEN_FILE {token_file} is readable by other users: chmod 600 it"
                    )
        # Set but empty is a mistake said in one line (holds no token), as for STUB_TOKENS.
        elif "UNIFIED_TOKEN" in os.environ:
            text, source = os.environ["UNIFIED_TOKEN"], "UNIFIED_TOKEN"
        elif os.environ.get("TOKEN"):  # a name too common to refuse when merely set empty
            text, source = os.environ["TOKEN"], "TOKEN (UNIFIED_TOKEN is the documented name)"
        else:
            return None, "none"
        return token_in(text, source), source
    except TokenError as error:
        raise UsageError(str(error)) from None


def documented_successes(operation: contract.Operation) -> set[int]:
    codes: set[int] = set()
    for status in operation.spec["responses"]:
        status = str(status).upper()
        if status == "2XX":
            codes.update(range(200, 300))
        elif status.startswith("2") and status.isdigit():
            codes.add(int(status))
    return codes


HINTS = {
    "only 401/403": "a wrong or missing token? UNIFIED_TOKEN or TOKEN_FILE",
    "only 404": "a wrong base path in BASE_URL, or nothing there to read?",
    "no answer": "is the server up, at that BASE_URL?",
    "never sent": "the run ended before it (MAX_REQUESTS?)",
}


def unreached_labels(tally: Tally, operations: list[contract.Operation]) -> list[str]:
    """The operations that no answer showed working: none of their checks tested anything."""
    found = []
    for operation in operations:
        label = f"{operation.method} {operation.path}"
        seen = tally.operations.get(label)
        codes = {int(code) for code in seen.statuses} if seen else set()
        if not codes & documented_successes(operation):
            found.append(label)
    return found


def untested(tally: Tally, operations: list[contract.Operation]) -> str | None:
    """One line naming the operations that no answer showed working, grouped by the likely
    cause; None when every operation got at least one documented success."""
    groups: dict[str, list[str]] = {}
    for operation in operations:
        label = f"{operation.method} {operation.path}"
        seen = tally.operations.get(label)
        codes = {int(code) for code in seen.statuses} if seen else set()
        if codes & documented_successes(operation):
            continue
        if codes and codes <= {401, 403}:
            cause = "only 401/403"
        elif codes == {404}:
            cause = "only 404"
        elif codes:
            cause = "only " + ", ".join(map(str, sorted(codes)))
        elif seen is not None and (seen.no_answer or seen.errors):
            cause = "no answer"
        else:
            cause = "never sent"
        groups.setdefault(cause, []).append(label)
    if not groups:
        return None
    count = sum(map(len, groups.values()))
    parts = [
        (f"{cause} ({HINTS[cause]})" if cause in HINTS else cause) + ": " + ", ".join(labels)
        for cause, labels in groups.items()
    ]
    return (
        f"{count} of {len(operations)} operations never got a documented success answer, "
        f"so nothing was tested on them: {'; '.join(parts)}"
    )


def summary(junit: Path | None, tally: Tally, labels: list[str], tested: int) -> list[str]:
    lines = []
    if junit is not None:
        # The operations counted as at the start (JUnit's own count has a test case more for
        # the stateful phase): tested means answered with a documented success at least once.
        totals = ElementTree.parse(junit).getroot()
        counts = {key: totals.get(key, "?") for key in ("failures", "errors", "time")}
        lines.append(
            f"operations tested: {tested} of {len(labels)}, failures: {counts['failures']}, "
            f"errors: {counts['errors']}, time: {counts['time']} s"
        )
    for label in labels + [label for label in tally.operations if label not in labels]:
        operation = tally.operations.get(label)
        if operation is None or not operation.failures:
            continue
        lines.append(f"  {label}")
        firsts: dict[str, Failure] = {}
        for failure in operation.failures:
            firsts.setdefault(failure.check, failure)
        for check, failure in firsts.items():
            failing = operation.checks[check].failed
            lines.append(f"    {failure.code} {check}: {failure.title} ({failing} failing)")
            # The failing request; a stateful failure's earlier steps are in contract.html.
            curls = [line for line in failure.curl.splitlines() if line.startswith("curl ")]
            curl = curls[-1] if curls else failure.curl
            if len(curl) > CURL_WIDTH:
                curl = curl[:CURL_WIDTH] + " … (whole in contract.html)"
            if len(curls) > 1:
                curl += f" (after {len(curls) - 1} earlier requests: contract.html)"
            lines.append(f"      {curl}")
    errors: dict[str, tuple[int, set[str]]] = {}
    for label, operation in tally.operations.items():
        for line, count in operation.errors.items():
            total, where = errors.get(line, (0, set()))
            errors[line] = (total + count, where | {label})
    for line, (count, where) in errors.items():
        lines.append(f"  error on {len(where)} operation(s), {count} times: {line}")
    if len(lines) > SUMMARY_LINES:
        lines = [*lines[: SUMMARY_LINES - 1], f"  … {len(lines) - SUMMARY_LINES + 1} more lines"]
    return lines


# schemathesis while it runs, and whether a SIGTERM asked it to stop.
_schemathesis: list[subprocess.Popen[str]] = []
_terminated: list[int] = []


def stop_on_sigterm(signum: int, frame: object) -> None:
    # While schemathesis runs, the first SIGTERM asks it to stop as Ctrl-C does: it ends its
    # run and writes its JUnit file, and the reports are written from what ran. Otherwise (or
    # a second time) this unwinds like Ctrl-C: the finally blocks stop schemathesis and the
    # stub, so that stopping this script leaves nothing running.
    running = [process for process in _schemathesis if process.poll() is None]
    if running and not _terminated:
        _terminated.append(signum)
        for process in running:
            process.send_signal(signal.SIGINT)
        return
    raise SystemExit(128 + signum)


@contextmanager
def target(base_url: str | None, log: IO[bytes] | None) -> Iterator[tuple[str, list[str]]]:
    """The server's name and schemathesis's location arguments: the stub, served for the block
    (it serves the contract at /openapi.json), or the URL given with the contract from openapi/
    (a real server need not serve it)."""
    if base_url is None:
        assert log is not None
        with ExitStack() as stack:
            try:
                # A generated hook_url names any host: kept, never sent to (the stub refuses
                # them by default, which the contract cannot say).
                url = stack.enter_context(served_stub(log, env={"STUB_WEBHOOK_ELSEWHERE": "keep"}))
            except RuntimeError:
                log.flush()
                said = Path(log.name).read_text(errors="replace").strip().splitlines()[-1:]
                reason = f" ({said[0]})" if said else ""
                raise UsageError(f"the stub did not start{reason}: see {log.name}") from None
            yield "the stub", [f"{url}/openapi.json"]
    else:
        yield base_url, [str(CONTRACT), "--url", base_url]


def run_schemathesis(command: list[str], env: dict[str, str], token: str | None) -> tuple[int, str]:
    """Run it, passing on its progress lines as they come; its status and whole output."""
    output: list[str] = []
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
    )
    _schemathesis.append(process)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if line.startswith(PREFIX):
                print(redact(line.rstrip("\n"), token), flush=True)
        return process.wait(), "".join(output)
    finally:
        if process.poll() is None:
            stop(process)  # type: ignore[arg-type]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="unified-assessment-contract", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--examples", type=int, default=EXAMPLES)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--reports", type=Path, default=Path("reports"))
    parser.add_argument("--base-url", help="test this server instead of the stub")
    parser.add_argument("--token-file", type=Path, help="the bearer token, in this file")
    parser.add_argument(
        "--phases",
        default=",".join(TEST_PHASES),
        help="a comma-separated subset of the phases (tests use it to be quick)",
    )
    parser.add_argument("--safe", action="store_true", help="send only GET requests")
    parser.add_argument("--connection-id", help="use this connection_id in every request")
    parser.add_argument(
        "--max-requests", type=int, help="stop after this many test-case requests in all"
    )
    return parser.parse_args()


def main() -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    args = parse_arguments()
    base_url: str | None = args.base_url or None
    try:
        if base_url is not None:
            check_base_url(base_url)
        if args.max_requests is not None and args.max_requests < 1:
            raise UsageError(f"MAX_REQUESTS must be 1 or more, not {args.max_requests}")
        if args.examples < 1:
            raise UsageError(f"EXAMPLES must be 1 or more, not {args.examples}")
        unknown = set(args.phases.split(",")) - set(TEST_PHASES)
        if unknown:
            raise UsageError(f"unknown phases {sorted(unknown)}: choose from {TEST_PHASES}")
        token, source = (
            (DEFAULT_TOKEN, "the stub's") if base_url is None else read_token(args.token_file)
        )
        if base_url is not None:
            reachable(base_url)
    except UsageError as error:
        say(str(error))
        return 2
    try:
        return contract_run(args, base_url, token, source)
    except UsageError as error:
        say(str(error))
        return 2
    except KeyboardInterrupt:  # schemathesis and the stub have been stopped on the way out
        say("interrupted")
        return 130


def contract_run(
    args: argparse.Namespace, base_url: str | None, token: str | None, source: str
) -> int:
    started = time.monotonic()
    operations = list(contract.operations(contract.load(CONTRACT)))
    if args.safe:
        operations = [operation for operation in operations if operation.method == "GET"]
    labels = [f"{operation.method} {operation.path}" for operation in operations]
    examples = min(args.examples, args.max_requests or args.examples)
    args.reports.mkdir(parents=True, exist_ok=True)
    junit = args.reports / "contract-junit.xml"
    html = args.reports / "contract.html"
    # A run that ends before schemathesis writes them must not be summarised from the last.
    junit.unlink(missing_ok=True)
    html.unlink(missing_ok=True)

    options = [
        "--checks", "all", "--mode", "all", "--max-examples", str(examples),
        "--phases", args.phases, "--generation-database", "none",
        "--seed", str(args.seed),
        "--report", "junit", "--report-junit-path", str(junit), "--no-color",
    ]  # fmt: skip
    if args.safe:
        options += ["--include-method", "GET", "--exclude-checks", "unsupported_method"]
    env = {
        **os.environ,
        "CONTRACT_RUN_TOKEN": token or "",
        # hooks.py tallies the run, says what it is doing, caps the requests.
        "SCHEMATHESIS_HOOKS": f"{__package__}.hooks",
    }
    for name in ("UNIFIED_TOKEN", "TOKEN"):
        env.pop(name, None)
    if args.max_requests:
        env["CONTRACT_RUN_MAX_REQUESTS"] = str(args.max_requests)
    config = CONFIG if token else ""
    if args.safe:
        config += SAFE_CONFIG
    if args.connection_id:
        config += CONNECTION_CONFIG
        env["CONTRACT_RUN_CONNECTION_ID"] = args.connection_id
    phases = args.phases.replace(",", ", ")
    settings = (
        f"seed {args.seed}, {examples} examples per operation, phases {phases}, "
        "every check, positive and negative data"
        + (", GET only" if args.safe else "")
        + (f", connection_id {args.connection_id}" if args.connection_id else "")
        + (f", at most {args.max_requests} requests" if args.max_requests else "")
        + ("" if token else ", no token (set UNIFIED_TOKEN)")
    )
    if token and len(token) < SHORT_TOKEN and base_url is not None:
        say(
            f"the token is {len(token)} characters long: every occurrence of them in the "
            "reports is redacted, which may make the reports hard to read"
        )

    stub_log = (args.reports / "stub.log").open("wb") if base_url is None else None
    with (
        # Private (0700): the tally holds the server's answers before redaction.
        tempfile.TemporaryDirectory(prefix="contract-run-") as scratch,
        stub_log or nullcontext(),
        target(base_url, stub_log) as (server, location),
    ):
        config_file = Path(scratch) / "schemathesis.toml"
        config_file.write_text(config)
        tally_file = Path(scratch) / "tally.json"
        env["CONTRACT_RUN_TALLY"] = str(tally_file)
        command = [
            # schemathesis of this interpreter, whether or not its script is on PATH or in bin/.
            sys.executable, "-m", "schemathesis.cli", "--config-file", str(config_file),
            "run", *location, *options,
        ]  # fmt: skip
        say(f"testing {server}: {len(labels)} operations, {settings}; token: {source}")
        status, output = run_schemathesis(command, env, token)
        tally = Tally.load(tally_file) if tally_file.is_file() else Tally()
    # schemathesis filters the Authorization header; a server that echoes the token in a body,
    # a header or a reason phrase, in any encoding, must not leak it either.
    tally = Tally.from_data(redact_data(tally.data(), token))
    (args.reports / "schemathesis.log").write_text(redact(output, token))
    if junit.is_file():
        redact_xml(junit, token)
    if base_url is None:
        log = args.reports / "stub.log"
        log.write_text(redact(log.read_text(errors="backslashreplace"), token))

    capped = REACHED in output
    refused = REFUSED in output
    revoked = REVOKED in output
    if refused or revoked:
        status = 1
    elif _terminated:
        status = 128 + _terminated[0]
    elif capped and status == 130 and junit.is_file():
        # Stopped at MAX_REQUESTS, as asked: the verdict is that of what was tested.
        totals = ElementTree.parse(junit).getroot()
        status = 1 if totals.get("failures") != "0" or totals.get("errors") != "0" else 0
    nothing = untested(tally, operations)
    if nothing is not None and status == 0:
        status = 1
    outcome = "passed" if status == 0 else f"FAILED (exit {status})"
    if refused:
        outcome = (
            f"FAILED: the first {AUTH_PROBE} answers were all 401 or 403, so the run stopped "
            f"there ({HINTS['only 401/403']})"
        )
    elif revoked:
        outcome = (
            f"FAILED: {AUTH_PROBE} answers in a row were 401 or 403 after others that were not, "
            "so the run stopped there (did the token expire or was it revoked mid-run?)"
        )
    elif _terminated:
        outcome = "FAILED: stopped by SIGTERM; the reports hold what ran before it"
    elif capped:
        outcome += f", stopped after MAX_REQUESTS={args.max_requests} requests"
    verdict = f"contract run against {server}: {outcome}"
    unreached = frozenset(unreached_labels(tally, operations))
    html.write_text(
        render(tally, Run(server, verdict, status == 0, settings, nothing, labels, unreached)),
        encoding="utf-8",
    )

    print(verdict)
    print(settings + f", {time.monotonic() - started:.0f} s in all")
    if nothing is not None and not refused:
        print(redact(nothing, token))
    tested = len(labels) - len(unreached & set(labels))
    for line in summary(junit if junit.is_file() else None, tally, labels, tested):
        print(redact(line, token))
    tail = [line for line in output.splitlines() if line.strip() and not line.startswith(PREFIX)]
    print(redact("schemathesis: " + " | ".join(line.strip("= ") for line in tail[-3:]), token))
    reports = [html, junit, args.reports / "schemathesis.log"]
    reports += [args.reports / "stub.log"] if base_url is None else []
    print(f"reports: {', '.join(str(path) for path in reports if path.is_file())}")
    return status


def entry() -> None:
    sys.exit(main())
