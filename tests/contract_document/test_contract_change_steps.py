"""The README's "Changing the contract" steps, followed on a scratch copy of the project with a
breaking change, leave a tree whose contract-derived tests pass: no test names a version to
come, pins a field list of ours, or copies a file whose future content it cannot know."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import contract
import pytest
from conftest import ROOT, run_script

# What a copy of the project needs to generate, check and test itself.
PROJECT = ("openapi", "scripts", "src", "tests", "generated")
FILES = ("pyproject.toml", "Makefile", "README.md", "CHANGELOG.md")
# The tests that derive what they check from the contract, run on the changed copy. The
# fidelity module is left out on purpose: it pins what the vendor publishes, and says so.
# (test_contract_growth.py runs the client's contract tests on a changed copy already.)
# The stub's tests run on its in-memory store only: the stores hold what the contract says
# alike (the suite itself runs both). test_check_breaking.py is left out too: its history sets
# its own versions and edits only properties it names, which removable_property never picks,
# so this change cannot reach it.
DERIVED = (
    "tests/contract_document/test_house_rules.py",
    "tests/pipeline/test_readme.py",
    "tests/stub/test_stub_resource.py",
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def removable_property(document: Any, tests: Path) -> tuple[str, str]:
    """An optional, client-owned property of a component that no test but the fidelity module
    names: removing it is a breaking change that only the contract knows about."""
    texts = "\n".join(
        path.read_text(encoding="utf-8")
        for path in tests.rglob("*.py")
        if path.name != "test_vendor_fidelity.py"
    )
    for name, schema in document["components"]["schemas"].items():
        required = set(schema.get("required", ()))
        for prop, spec in schema.get("properties", {}).items():
            owned = spec.get("readOnly") or spec.get("x-server-owned")
            if prop not in required and not owned and not re.search(rf"\b{prop}\b", texts):
                return name, prop
    raise AssertionError("every property is named by some test")


def next_major(version: str) -> str:
    return f"{int(version.split('.')[0]) + 1}.0.0"


@pytest.mark.rehearsal
def test_a_breaking_change_made_by_the_readmes_steps_passes_the_derived_tests(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "project"
    for name in PROJECT:
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in FILES:
        shutil.copy(ROOT / name, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "released")

    # 1. Edit: remove an optional property (its lines of the hand-written YAML).
    document_path = repo / "openapi" / "assessment-package.yaml"
    document = contract.load(document_path)
    schema, prop = removable_property(document, repo / "tests")
    lines = document_path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{prop}:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(
        i
        for i in range(start + 1, len(lines))
        if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent
    )
    edited = "".join(lines[:start] + lines[end:])
    document_path.write_text(edited, encoding="utf-8")
    left = contract.load(document_path)["components"]["schemas"][schema]["properties"]
    assert set(document["components"]["schemas"][schema]["properties"]) - set(left) == {prop}
    # 2. make check-breaking says which bump it needs.
    verdict = run_script(repo, "check_breaking.py")
    assert verdict.returncode == 1
    version = document["info"]["version"]
    major = next_major(version)
    assert f"make it {major}" in verdict.stdout + verdict.stderr
    # 3. Bump info.version.
    bumped = edited.replace(f"  version: {version}\n", f"  version: {major}\n", 1)
    assert bumped != edited
    document_path.write_text(bumped, encoding="utf-8")
    # 4. make generate.
    generated = run_script(repo, "generate.py")
    assert generated.returncode == 0, generated.stderr
    # 5. make changelog, pasted above the previous section.
    section = run_script(repo, "check_breaking.py", "--changelog")
    assert section.returncode == 0, section.stderr
    changelog = repo / "CHANGELOG.md"
    head, rest = changelog.read_text(encoding="utf-8").split("\n## ", 1)
    changelog.write_text(f"{head}\n{section.stdout}\n## {rest}", encoding="utf-8")
    checked = run_script(repo, "check_breaking.py")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert run_script(repo, "check_generated.py").returncode == 0
    # 6. Commit what the README says to commit: nothing else changed.
    changed = {line[3:].split("/")[0] for line in git(repo, "status", "--porcelain").splitlines()}
    assert changed <= {"openapi", "generated", "CHANGELOG.md", "README.md"}, changed
    git(repo, "add", "openapi", "generated", "CHANGELOG.md", "README.md")
    git(repo, "commit", "-q", "-m", f"{major}: {schema}.{prop} removed")
    assert run_script(repo, "check_breaking.py").returncode == 0

    # The copy's own contract-derived tests, with its generated packages first on the path.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(repo / part) for part in ("generated", "src", "scripts")),
        "CONTRACT_PROFILE": "smoke",
    }
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         *DERIVED, "-k", "not against_the_stub and not sqlite"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert " passed" in tests.stdout
