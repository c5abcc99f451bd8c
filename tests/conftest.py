from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi" / "assessment-package.yaml"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the parts of the project that the pipeline reads and writes."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def run_script(project: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / script), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
