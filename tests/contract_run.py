"""`make contract`: schemathesis run against the stub served by uvicorn, with a JUnit report.

Usage: PYTHONPATH=tests:scripts python tests/contract_run.py \
    [--examples N] [--seed S] [--reports DIR]

Writes DIR/contract-junit.xml, DIR/stub.log and DIR/schemathesis.log, prints a one-screen
summary and exits with schemathesis's status.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from stub import DEFAULT_TOKEN
from stub.process import served_stub

# Every phase; stateful follows the contract's links: create, then get, update, patch, remove.
PHASES = ("examples", "coverage", "fuzzing", "stateful")


def summary(junit: Path) -> str:
    suites = ElementTree.parse(junit).getroot()
    cases = suites.iter("testcase")
    failed = [case.get("name", "?") for case in cases if case.find("failure") is not None]
    totals = {key: suites.get(key, "?") for key in ("tests", "failures", "errors", "time")}
    lines = [
        f"operations tested: {totals['tests']}, failures: {totals['failures']}, "
        f"errors: {totals['errors']}, time: {totals['time']} s"
    ]
    lines += [f"  failed: {name}" for name in failed]
    return "\n".join(lines)


def stop_on_sigterm(signum: int, frame: object) -> None:
    # Unwinds like Ctrl-C: subprocess.run kills schemathesis and served_stub stops the stub,
    # so that stopping this script leaves nothing running.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--reports", type=Path, default=Path("reports"))
    args = parser.parse_args()
    args.reports.mkdir(parents=True, exist_ok=True)
    junit = args.reports / "contract-junit.xml"

    with (args.reports / "stub.log").open("wb") as log, served_stub(log) as url:
        command = [
            str(Path(sys.executable).parent / "schemathesis"), "run", f"{url}/openapi.json",
            "--checks", "all", "--mode", "all", "--max-examples", str(args.examples),
            "--phases", ",".join(PHASES), "--generation-database", "none",
            "--seed", str(args.seed), "--header", f"Authorization: Bearer {DEFAULT_TOKEN}",
            "--report", "junit", "--report-junit-path", str(junit), "--no-color",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
    (args.reports / "schemathesis.log").write_text(result.stdout + result.stderr)

    outcome = "passed" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    print(f"contract run against the stub: {outcome}")
    print(
        f"seed {args.seed}, {args.examples} examples per operation, phases {', '.join(PHASES)}, "
        "every check, positive and negative data"
    )
    if junit.is_file():
        print(summary(junit))
    tail = [line for line in result.stdout.splitlines() if line.strip()][-3:]
    print("schemathesis: " + " | ".join(line.strip("= ") for line in tail))
    print(f"reports: {junit}, {args.reports / 'schemathesis.log'}, {args.reports / 'stub.log'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
