"""`reports/contract.html`: a `make contract` run as a page a person reads, offline.

One row per operation and one column per check, each cell with its passes and failures;
under the table every distinct failure with its curl reproducer and the server's answer.
One self-contained file (inline CSS, no script, no external asset), built from the tally
after the token has been redacted from it; every piece of text is escaped here, so nothing a
server answers can become markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from .tally import Cell, Failure, OperationTally, Tally

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d1d1f; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 22px 0 6px; font-family: ui-monospace, monospace; }
.verdict { font-weight: 600; padding: 2px 8px; border-radius: 4px; }
.passed { background: #dff3e3; color: #125c22; }
.failed { background: #fbe0e0; color: #8a1010; }
.notice { border-left: 4px solid #c62828; background: #fff4f4; padding: 8px 12px; margin: 12px 0; }
.meta { color: #555; margin: 2px 0; }
table { border-collapse: collapse; margin-top: 8px; }
th, td { border: 1px solid #d0d0d7; padding: 4px 8px; text-align: center; vertical-align: top;
         white-space: nowrap; }
th { background: #f3f3f6; font-weight: 600; }
th.check { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
td.operation { text-align: left; white-space: nowrap; font-family: ui-monospace, monospace; }
td.statuses { text-align: left; font-family: ui-monospace, monospace; font-size: 12px;
              white-space: normal; min-width: 16em; }
td.pass { background: #e9f7ec; }
td.fail { background: #fbe0e0; font-weight: 600; }
td.fail a { color: #8a1010; }
td.none { color: #999; }
td.unreached { background: #fff4e0; color: #7a4b00; }
.failure { border: 1px solid #e3b4b4; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
h4 { font-size: 14px; margin: 16px 0 6px; }
.failure h5 { margin: 0 0 4px; font-size: 14px; }
pre { background: #f6f6f8; padding: 8px; overflow-x: auto; white-space: pre-wrap;
      word-break: break-all; margin: 4px 0; font-size: 12px; }
.label { font-size: 12px; color: #555; margin-top: 6px; }
"""


@dataclass
class Run:
    """What the page says about the run besides the tally."""

    server: str
    verdict: str
    passed: bool
    settings: str
    untested: str | None
    operations: list[str]  # the contract's, in its order
    # Operations never answered with a documented success: a check that passed there passed
    # on refusals (a wrong token's 401s), so it is shown as not reached, never as a pass.
    unreached: frozenset[str] = frozenset()


def cell(check: str, counts: Cell | None, anchor: str, reached: bool = True) -> str:
    if counts is None or counts.passed + counts.failed + counts.errored == 0:
        return '<td class="none" title="not run">-</td>'
    if not reached and not (counts.failed or counts.errored):
        title = escape(f"{counts.passed} passed, on answers that were no documented success")
        data = f'data-check="{escape(check)}" title="{title}"'
        return f'<td class="unreached" {data}>not reached</td>'
    total = counts.passed + counts.failed + counts.errored
    title = escape(f"{counts.passed} passed, {counts.failed} failed, {counts.errored} errors")
    if counts.failed or counts.errored:
        text = f"✗ {counts.failed + counts.errored} / {total}"
        link = f'<a href="#{escape(anchor)}">{escape(text)}</a>'
        return f'<td class="fail" data-check="{escape(check)}" title="{title}">{link}</td>'
    return f'<td class="pass" data-check="{escape(check)}" title="{title}">✓ {counts.passed}</td>'


def statuses(operation: OperationTally) -> str:
    parts = [f"{code}: {count}" for code, count in sorted(operation.statuses.items())]
    if operation.no_answer:
        parts.append(f"no answer: {operation.no_answer}")
    return escape(", ".join(parts)) or "-"


def failure_block(failure: Failure) -> str:
    times = f"{failure.count} case" + ("s" if failure.count != 1 else "")
    return (
        '<div class="failure">'
        f"<h5>{escape(failure.code)} {escape(failure.title)}</h5>"
        f'<div class="meta">{escape(times)}, first in the {escape(failure.phase)} phase</div>'
        f"<pre>{escape(failure.message)}</pre>"
        '<div class="label">Reproduce with</div>'
        f'<pre class="curl">{escape(failure.curl)}</pre>'
        '<div class="label">The server answered</div>'
        f'<pre class="answer">{escape(failure.answer)}</pre>'
        "</div>"
    )


def failures_section(label: str, operation: OperationTally, row: int) -> Iterable[str]:
    checks = sorted({failure.check for failure in operation.failures})
    errors = operation.errors
    if not checks and not errors:
        return
    yield f"<h3>{escape(label)}</h3>"
    for check in checks:
        found = [failure for failure in operation.failures if failure.check == check]
        yield f'<section class="check" id="{escape(anchor(row, check))}"><h4>{escape(check)}</h4>'
        yield from (failure_block(failure) for failure in found)
        yield "</section>"
    if operation.more_failures:
        yield f"<p>… and {operation.more_failures} more distinct failures, counted only.</p>"
    if errors:
        yield "<h4>Errors (the request could not be made or answered)</h4>"
        for line, count in errors.items():
            yield f"<pre>{escape(line)} ({count} times)</pre>"


def anchor(row: int, check: str) -> str:
    """The id of one operation's failures of one check (check names are identifiers)."""
    return f"failures-{row}-{check}"


def no_failures(run: Run) -> str:
    if run.unreached:
        return (
            f"<p>No check failed, but {len(run.unreached)} of {len(run.operations)} operations "
            "were not reached: nothing was tested on them.</p>"
        )
    if not run.passed:  # stopped, say, by a token that stopped working: no check failed
        return f"<p>No check failed, but the run did not pass: {escape(run.verdict)}</p>"
    return "<p>No failures.</p>"


def render(tally: Tally, run: Run) -> str:
    labels = list(run.operations) + [
        label for label in tally.operations if label not in run.operations
    ]
    checks = sorted({name for operation in tally.operations.values() for name in operation.checks})
    empty = OperationTally()
    head = "".join(f'<th class="check">{escape(check)}</th>' for check in checks)
    rows = []
    for row, label in enumerate(labels):
        operation = tally.operations.get(label, empty)
        cells = "".join(
            cell(check, operation.checks.get(check), anchor(row, check), label not in run.unreached)
            for check in checks
        )
        rows.append(
            f'<tr data-operation="{escape(label)}"><td class="operation">{escape(label)}</td>'
            f'{cells}<td class="statuses">{statuses(operation)}</td></tr>'
        )
    phases = ", ".join(
        f"{phase.name} {phase.cases:,} cases in {phase.seconds:.0f} s"
        if not phase.skipped
        else f"{phase.name} skipped ({phase.skipped})"
        for phase in tally.phases
    )
    verdict_class = "passed" if run.passed else "failed"
    notice = f'<div class="notice">{escape(run.untested)}</div>' if run.untested else ""
    details = "".join(
        part
        for row, label in enumerate(labels)
        for part in failures_section(label, tally.operations.get(label, empty), row)
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>Contract run against {escape(run.server)}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>Contract run against {escape(run.server)}</h1>"
        f'<p><span class="verdict {verdict_class}">{escape(run.verdict)}</span></p>'
        f'<p class="meta">{escape(run.settings)}</p>'
        f'<p class="meta">Phases: {escape(phases) or "none ran"}</p>'
        f"{notice}"
        "<h2>Checks by operation</h2>"
        '<p class="meta">✓ n: every one of n cases passed the check; ✗ f / n: f of n failed '
        "(the link goes to the failures); not reached: the operation never got a documented "
        "success answer, so nothing was tested on it; -: the check did not apply. Answers: the "
        "status codes the server answered with, and how often.</p>"
        f'<table id="checks"><thead><tr><th>operation</th>{head}<th>answers</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{'<h2>Failures</h2>' + details if details else no_failures(run)}"
        "</body></html>\n"
    )
