"""What a `make contract` run saw, operation by operation and check by check.

`TallyHandler` runs inside schemathesis (registered by hooks.py): it counts each
check's passes and failures per operation, the status codes each operation was answered
with, keeps every distinct failure with its curl and the server's answer, says what the run
is doing at least every 10 s, and writes it all as JSON for run.py, which judges the
run and renders the HTML report from it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .redact import redact

# The phases that send test cases, in the order they run.
TEST_PHASES = ("examples", "coverage", "fuzzing", "stateful")
# Past this many distinct failures of one check on one operation, the rest are only counted.
DISTINCT_FAILURES = 20
# The most of a server's answer a failure keeps.
ANSWER_CHARACTERS = 4000
# Silence longer than this between two progress lines is what the user must not see.
HEARTBEAT_SECONDS = 8.0
PREFIX = "contract: "


@dataclass
class Cell:
    passed: int = 0
    failed: int = 0
    errored: int = 0


@dataclass
class Failure:
    check: str
    code: str
    title: str
    message: str
    curl: str
    answer: str
    phase: str
    count: int = 1


@dataclass
class OperationTally:
    checks: dict[str, Cell] = field(default_factory=dict)
    # Status code (as text, JSON keys being text) -> how many answers had it.
    statuses: dict[str, int] = field(default_factory=dict)
    no_answer: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    more_failures: int = 0

    def add_failure(self, failure: Failure) -> None:
        for known in self.failures:
            if (known.check, known.code, known.title, known.message) == (
                failure.check,
                failure.code,
                failure.title,
                failure.message,
            ):
                known.count += 1
                return
        if sum(known.check == failure.check for known in self.failures) < DISTINCT_FAILURES:
            self.failures.append(failure)
        else:
            self.more_failures += 1


@dataclass
class PhaseTally:
    name: str
    cases: int = 0
    seconds: float = 0.0
    skipped: str | None = None


@dataclass
class Tally:
    operations: dict[str, OperationTally] = field(default_factory=dict)
    phases: list[PhaseTally] = field(default_factory=list)
    finished: bool = False

    def operation(self, label: str) -> OperationTally:
        return self.operations.setdefault(label, OperationTally())

    def data(self) -> dict[str, Any]:
        return asdict(self)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.data()))

    @classmethod
    def load(cls, path: Path) -> Tally:
        return cls.from_data(json.loads(path.read_text()))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Tally:
        operations = {
            label: OperationTally(
                checks={name: Cell(**cell) for name, cell in item["checks"].items()},
                statuses=item["statuses"],
                no_answer=item["no_answer"],
                errors=item["errors"],
                failures=[Failure(**failure) for failure in item["failures"]],
                more_failures=item["more_failures"],
            )
            for label, item in data["operations"].items()
        }
        phases = [PhaseTally(**phase) for phase in data["phases"]]
        return cls(operations, phases, data["finished"])


def printable(text: str) -> str:
    """Text that any report can hold: undecodable bytes and control characters shown as
    escapes (an XML or HTML parser refuses some, a terminal obeys others)."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(
        character if character in "\n\t" or character.isprintable() else repr(character)[1:-1]
        for character in text
    )


def answer_text(response: Any, token: str | None = None) -> str:
    """The answer as a report shows it: redacted first, then cut, so that no cut leaves a piece
    of the token that redaction no longer recognises."""
    if response is None:
        return "(no answer)"
    head = [f"HTTP {response.status_code}"]
    head += [f"{name}: {value}" for name, values in response.headers.items() for value in values]
    head = [redact(line, token) for line in head]
    body = redact((response.content or b"").decode("utf-8", "backslashreplace"), token)
    if len(body) > ANSWER_CHARACTERS:
        body = body[:ANSWER_CHARACTERS] + f" … ({len(body) - ANSWER_CHARACTERS} more characters)"
    return printable("\n".join(head) + "\n\n" + body)


class Activity:
    """The request counter that the after_call hook advances and the heartbeat reads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.label = ""

    def sent(self, label: str) -> None:
        with self.lock:
            self.requests += 1
            self.label = label


ACTIVITY = Activity()


class TallyHandler:
    """A schemathesis CLI event handler (see hooks.py); its output path comes from
    CONTRACT_RUN_TALLY."""

    def __init__(self, *args: Any, **params: Any) -> None:
        self.path = Path(os.environ["CONTRACT_RUN_TALLY"])
        # Everything kept is redacted as it is kept, before any cut.
        self.token = os.environ.get("CONTRACT_RUN_TOKEN") or None
        self.tally = Tally()
        self.started = time.monotonic()
        self.phase: PhaseTally | None = None
        self.phase_started = self.started
        self.said = self.started
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.heartbeat = threading.Thread(target=self.beat, name="contract-heartbeat", daemon=True)

    def say(self, line: str) -> None:
        with self.lock:
            print(PREFIX + line, flush=True)
            self.said = time.monotonic()

    def beat(self) -> None:
        while not self.done.wait(1.0):
            now = time.monotonic()
            if now - self.said < HEARTBEAT_SECONDS:
                continue
            with ACTIVITY.lock:
                requests, label = ACTIVITY.requests, ACTIVITY.label
            where = f"{self.phase.name} phase" if self.phase else "starting"
            doing = f", now {label}" if label else ""
            self.say(
                f"  … {where}{doing}, {requests:,} requests so far ({now - self.started:.0f} s)"
            )

    def start(self, ctx: Any) -> None:
        self.say("schemathesis started: loading the contract, probing the server ...")
        self.heartbeat.start()

    def shutdown(self, ctx: Any) -> None:
        self.done.set()
        self.tally.save(self.path)

    def handle_event(self, ctx: Any, event: Any) -> None:
        from schemathesis.engine import events

        if isinstance(event, events.PhaseStarted) and event.phase.name in TEST_PHASES:
            self.phase = PhaseTally(str(event.phase.name))
            self.phase_started = time.monotonic()
            if event.phase.is_enabled:
                self.say(f"{self.phase.name} phase ...")
        elif isinstance(event, events.PhaseFinished) and event.phase.name in TEST_PHASES:
            self.phase_finished(event)
        elif isinstance(event, events.ScenarioFinished):
            self.scenario_finished(event.recorder, str(event.phase))
        elif isinstance(event, events.NonFatalError):
            errors = self.tally.operation(event.label).errors
            said = redact(str(event.value), self.token)
            line = printable(said.strip().splitlines()[0] if said else "")
            key = f"{type(event.value).__name__}: {line}"
            errors[key] = errors.get(key, 0) + 1
        elif isinstance(event, events.EngineFinished):
            self.tally.finished = True
            self.tally.save(self.path)

    def phase_finished(self, event: Any) -> None:
        phase = self.phase or PhaseTally(str(event.phase.name))
        phase.seconds = time.monotonic() - self.phase_started
        if not event.phase.is_enabled or event.phase.skip_reason is not None:
            reason = event.phase.skip_reason
            phase.skipped = reason.display if reason is not None else "disabled"
        self.tally.phases.append(phase)
        self.phase = None
        if phase.skipped:
            self.say(f"{phase.name} phase skipped: {phase.skipped}")
            return
        failing = sum(
            cell.failed
            for operation in self.tally.operations.values()
            for name, cell in operation.checks.items()
        )
        self.say(
            f"{phase.name} phase done: {phase.cases:,} test cases in {phase.seconds:.0f} s "
            f"({failing:,} failed checks so far)"
        )

    def scenario_finished(self, recorder: Any, phase: str) -> None:
        from schemathesis.engine import Status

        if self.phase is not None:
            self.phase.cases += len(recorder.cases)
        for case_id, node in recorder.cases.items():
            case = node.value
            label = case.operation.label if case.operation is not None else recorder.label
            operation = self.tally.operation(label)
            interaction = recorder.interactions.get(case_id)
            if case.operation is not None and case.method.upper() != case.operation.method.upper():
                pass  # a method the path does not list (unsupported_method): not the operation's
            elif interaction is None or interaction.response is None:
                operation.no_answer += 1
            else:
                status = str(interaction.response.status_code)
                operation.statuses[status] = operation.statuses.get(status, 0) + 1
            for check in recorder.checks.get(case_id, ()):
                cell = operation.checks.setdefault(check.name, Cell())
                if check.status == Status.SUCCESS:
                    cell.passed += 1
                elif check.status == Status.FAILURE:
                    cell.failed += 1
                    operation.add_failure(self.failure(recorder, case_id, check, phase))
                elif check.status == Status.ERROR:
                    cell.errored += 1

    def failure(self, recorder: Any, case_id: str, check: Any, phase: str) -> Failure:
        info = check.failure_info
        failure = info.failure
        interaction = recorder.interactions.get(failure.case_id or case_id)
        curl = str(info.code_sample)
        steps = list(info.steps or ())
        if len(steps) > 1:  # a stateful failure: the requests before it are part of it
            curl = "\n".join(
                f"# {n}. {step.operation}\n{step.curl}" for n, step in enumerate(steps, 1)
            )
        return Failure(
            check=check.name,
            code=str(failure.code),
            title=printable(redact(str(failure.title), self.token)),
            message=printable(redact(str(failure.message), self.token)),
            curl=printable(redact(curl, self.token)),
            answer=answer_text(
                interaction.response if interaction is not None else None, self.token
            ),
            phase=phase,
        )
