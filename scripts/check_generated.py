"""Fail with a readable diff when generated/ is not what openapi/ generates today.

Usage: python scripts/check_generated.py
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import field_map
import generate


def files_under(root: Path) -> dict[str, Path]:
    return {
        path.relative_to(root).as_posix(): path
        for package in (generate.MODELS_PACKAGE, generate.CLIENT_PACKAGE)
        for path in sorted((root / package).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def read_lines(path: Path | None) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True) if path else []


def drift(present: Path, fresh: Path) -> Iterator[tuple[str, list[str]]]:
    """Each stale file of generated/, with its diff."""
    # The left side is what generated/ holds in the work tree, committed or not.
    old, new = files_under(present), files_under(fresh)
    for name in sorted(old.keys() | new.keys()):
        before, after = read_lines(old.get(name)), read_lines(new.get(name))
        if before != after:
            label = f"generated/{name}"
            was, now = f"{label} (in generated/)", f"{label} (generated from openapi/ now)"
            yield label, list(difflib.unified_diff(before, after, was, now))


def readme_drift(table: str) -> Iterator[tuple[str, list[str]]]:
    """README.md, with its diff, when its field map is stale."""
    readme = generate.ROOT / "README.md"
    before = readme.read_text(encoding="utf-8")
    try:
        after = field_map.replace_table(before, table)
    except ValueError as error:
        yield "README.md", [f"README.md: {error}\n"]
        return
    if after != before:
        was, now = before.splitlines(keepends=True), after.splitlines(keepends=True)
        labels = ("README.md (field map now)", "README.md (field map generated from openapi/ now)")
        yield "README.md", list(difflib.unified_diff(was, now, *labels))


def main() -> int:
    os.environ["PATH"] = f"{generate.BIN}{os.pathsep}{os.environ['PATH']}"
    with tempfile.TemporaryDirectory(prefix=".check-", dir=generate.ROOT) as scratch:
        fresh = Path(scratch) / "generated"
        try:
            table = generate.generate(fresh)
        except generate.StepFailed as error:
            print(error, file=sys.stderr)
            return 1
        stale = dict(drift(generate.GENERATED, fresh))
    stale.update(readme_drift(table))
    if stale:
        for diff in stale.values():
            sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
        print(f"stale: {', '.join(stale)}", file=sys.stderr)
        print(
            "generated/ is stale: run `make generate` and commit these files with openapi/.",
            file=sys.stderr,
        )
        return 1
    print("generated/ matches openapi/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
