"""Fail when openapi/ changes in a way its `info.version` does not admit.

Compares the contract with a base (another version of it) and lists every change, breaking (for
a user of the generated packages or a caller of the API) or compatible, each with where it is.
A breaking change needs a major bump of `info.version` over the base, a compatible one at least
a minor bump, and CHANGELOG.md needs a section for the current version. The rules are in
scripts/breaking/; a change that no rule classifies is breaking.

The default base: the contract as the current version was first committed, if it has changed
since (a committed version is released, so changing it needs a new version); otherwise the
newest committed contract with another `info.version`, the previous version.

Usage: python scripts/check_breaking.py [--base REV|FILE] [--format FORMAT] [--changelog]
  --base REV|FILE  compare with the contract at git revision REV, or in FILE, instead
  --format FORMAT  text (default), json, markdown or github; the exit status is the verdict
  --changelog      print the CHANGELOG.md section for the current version instead of checking
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from breaking import changes, generated
from breaking.model import Change
from breaking.output import (
    FORMATS,
    as_json,
    dump,
    github_annotation,
    github_escape,
    markdown_table,
    text_line,
)
from contract import DOCUMENT, ROOT, UnreadableDocument, read_document_with_lines

__all__ = ["changes", "main"]

CONTRACT = DOCUMENT.relative_to(ROOT).as_posix()
CHANGELOG = ROOT / "CHANGELOG.md"


class Problem(Exception):
    """Ends the check with one line and exit status 1."""


# Versions and the base to compare with.

SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?")


@dataclass(frozen=True)
class Base:
    document: Any
    label: str
    # The line of each pointer, and the file when the base is one (BASE=file): where a
    # removal is annotated, since the contract no longer holds what was removed.
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    file: str | None = None


def version(document: Any) -> str:
    return str((document.get("info") or {}).get("version", ""))


def semver(text: str) -> tuple[int, int, int]:
    match = SEMVER.fullmatch(text)
    if match is None:
        raise Problem(f"info.version {text!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    return int(match[1]), int(match[2]), int(match[3])


def parse(text: str, source: str) -> Any:
    return parse_with_lines(text, source)[0]


def parse_with_lines(text: str, source: str) -> tuple[Any, dict[str, int]]:
    try:
        return read_document_with_lines(text, source)
    except UnreadableDocument as error:
        raise Problem(str(error)) from None


def git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except FileNotFoundError:
        raise Problem("git is not installed") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"git {args[0]} failed"]
        raise Problem(lines[-1].removeprefix("fatal: "))
    return done.stdout


def contract_at(revision: str) -> Any:
    return parse(git("show", f"{revision}:{CONTRACT}"), f"{CONTRACT} at {revision}")


def base_at(revision: str, label: str) -> Base:
    document, lines = parse_with_lines(
        git("show", f"{revision}:{CONTRACT}"), f"{CONTRACT} at {revision}"
    )
    return Base(document, label, lines)


def default_base(current: Any) -> Base | str:
    """The base to compare with, or why there is none."""
    try:
        git("rev-parse", "--verify", "--quiet", "HEAD")
        commits = git("log", "--format=%h", "--", CONTRACT).split()
    except Problem as error:
        return f"no git history to compare with ({error})"
    release = None
    for commit in commits:
        try:
            document = contract_at(commit)
        except Problem:
            continue  # an unreadable contract in history is no version to compare with
        if version(document) != version(current):
            if release is not None and changes(release.document, current):
                return release
            return base_at(commit, f"{version(document)} at {commit}, the previous version")
        release = base_at(commit, f"{version(current)} as first committed, at {commit}")
    if release is not None and changes(release.document, current):
        return release
    if git("rev-parse", "--is-shallow-repository").strip() == "true":
        return f"no earlier version of {CONTRACT} in this shallow clone (git fetch --unshallow)"
    return f"no earlier version of {CONTRACT} in git history"


def explicit_base(base: str) -> Base:
    """A git revision, or a file (a published contract, the vendor's own definition)."""
    path = Path(base)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise Problem(f"{base} is not readable: {error}") from None
        document, lines = parse_with_lines(text, base)
        return Base(document, f"{version(document)} in {base}", lines, base)
    try:
        git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except Problem:
        raise Problem(f"BASE={base} is neither a file nor a git revision") from None
    document = contract_at(base)
    return base_at(base, f"{version(document)} at {base}")


def bump_problem(found: list[Change], current: str, base: str) -> str | None:
    """Why `current` is not a version bump over `base` that admits `found`, if it is not."""
    now, then = semver(current), semver(base)
    if now < then:
        return f"info.version {current} is lower than the base's {base}"
    count = sum(item.breaking for item in found)
    if count and now[0] <= then[0]:
        return (
            f"{count} breaking change{'s' * (count > 1)} need{'s' * (count == 1)} a major version"
            f" bump: info.version is {current}, make it {then[0] + 1}.0.0"
        )
    if found and now[:2] <= then[:2]:
        return (
            f"compatible changes need at least a minor version bump: info.version is {current},"
            f" make it {then[0]}.{then[1] + 1}.0"
        )
    return None


def changelog_problem(current: str) -> str | None:
    text = CHANGELOG.read_text(encoding="utf-8") if CHANGELOG.is_file() else ""
    if re.search(rf"^## \[?{re.escape(current)}\]?(\s|$)", text, re.MULTILINE):
        return None
    return f"CHANGELOG.md has no section for {current}: add the one that `make changelog` prints"


def changelog_section(current: str, base: Base | str, found: list[Change]) -> str:
    if isinstance(base, str):
        return f"## {current}\n\nThe first version of the contract.\n"
    lines = [f"## {current}", "", f"Compared with {version(base.document)}.", ""]
    for title, breaking_ in (("Breaking changes", True), ("Compatible changes", False)):
        listed = [item for item in found if item.breaking is breaking_]
        if listed:
            lines += [f"### {title}", ""]
            lines += [f"- `{item.pointer}`: {item.reason}" for item in listed] + [""]
    if not found:
        lines += ["No change to the API.", ""]
    return "\n".join(lines)


def counts(found: list[Change]) -> str:
    count = sum(item.breaking for item in found)
    return f"{count} breaking, {len(found) - count} compatible"


def report(
    output: str, found: list[Change], current: Any, base: Base | str, problems: list[str]
) -> None:
    """The changes and the verdict in `output`'s format: problems on stderr, the rest on stdout."""
    documents = (current,) if isinstance(base, str) else (current, base.document)
    now = version(current)
    title = (
        f"{CONTRACT} {now}: {base}: nothing to compare, passing"
        if isinstance(base, str)
        else f"{CONTRACT} {now} against {base.label}"
    )
    verdict = f"passed ({counts(found)})"
    if output == "json":
        print(
            dump(
                {
                    "contract": CONTRACT,
                    "version": now,
                    "base": None
                    if isinstance(base, str)
                    else {"label": base.label, "version": version(base.document)},
                    "note": base if isinstance(base, str) else None,
                    "changes": [as_json(item, *documents) for item in found],
                    "breaking": sum(item.breaking for item in found),
                    "compatible": sum(not item.breaking for item in found),
                    "passed": not problems,
                    "problems": problems,
                }
            )
        )
        return
    if output == "markdown":
        print(f"### check-breaking: {title}\n")
        print("\n".join(markdown_table(found, *documents)) if found else "No change to the API.")
        print()
        for problem in problems:
            print(f"**failed**: {problem}  ")
        if not problems:
            print(f"**{verdict}**")
        return
    if isinstance(base, str):
        print(f"check-breaking: {base}: nothing to compare, passing")
        return
    print(f"check-breaking: {title}")
    if output == "github":
        lines = read_document_with_lines(DOCUMENT.read_text(encoding="utf-8"), CONTRACT)[1]
        for item in found:
            print(github_annotation(item, CONTRACT, lines, *documents, base=base))
    else:
        for item in found:
            print(text_line(item, *documents))
    sys.stdout.flush()  # the report, then the verdict, even through a pipe
    for problem in problems:
        if output == "github":
            print(f"::error title=check-breaking::{github_escape(problem)}")
        print(f"check-breaking: {problem}", file=sys.stderr)
    if not problems:
        print(f"check-breaking: {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base", help="git revision, or file, of the contract to compare with")
    parser.add_argument("--format", choices=FORMATS, default="text", help="how to print changes")
    parser.add_argument("--changelog", action="store_true", help="print a CHANGELOG.md section")
    args = parser.parse_args(argv)
    try:
        current = parse(DOCUMENT.read_text(encoding="utf-8"), CONTRACT)
        base = explicit_base(args.base) if args.base else default_base(current)
        found = [] if isinstance(base, str) else changes(base.document, current)
        if not isinstance(base, str) and base.document != current and generated.available():
            # What the wire rules pass can still break the generated code: compared too.
            found = sorted(
                [*found, *generated.generated_changes(base.document, current)],
                key=lambda item: (not item.breaking, item.pointer),
            )
        if args.changelog:
            print(changelog_section(version(current), base, found), end="")
            return 0
        problems = (
            []
            if isinstance(base, str)
            else [
                problem
                for problem in (
                    bump_problem(found, version(current), version(base.document)),
                    changelog_problem(version(current)),
                )
                if problem
            ]
        )
    except (Problem, generated.GenerationFailed) as error:
        print(f"check-breaking: {error}", file=sys.stderr)
        return 1
    except KeyError as error:  # a $ref that points to nothing, in either version
        print(f"check-breaking: cannot compare the contracts: {error.args[0]}", file=sys.stderr)
        return 1
    except RecursionError:
        print("check-breaking: cannot compare the contracts: nested too deep", file=sys.stderr)
        return 1
    except (TypeError, AttributeError, ValueError, IndexError) as error:
        # An object where a list belongs, a number where an object does: the validators
        # (make generate) say where; this check only says it cannot read it.
        reason = f"an object of the wrong type in either version ({error})"
        print(f"check-breaking: cannot compare the contracts: {reason}", file=sys.stderr)
        return 1
    try:
        report(args.format, found, current, base, problems)
    except BrokenPipeError:
        sys.stderr.close()  # the reader left (| head): the verdict is the exit status
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
