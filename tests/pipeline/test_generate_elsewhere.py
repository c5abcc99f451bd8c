"""`scripts/generate.py --contract FILE --output DIR`, as check-breaking runs it, with a contract
that is not inside the project: it was a traceback (the generated docstrings named the contract
relative to the project)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_a_contract_outside_the_project_generates_both_packages(tmp_path: Path) -> None:
    contract = tmp_path / "elsewhere" / "contract.yaml"
    contract.parent.mkdir()
    shutil.copy(ROOT / "openapi" / "assessment-package.yaml", contract)
    output = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--contract", str(contract),
         "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"checking {contract.as_posix()}" in done.stdout
    for package in ("unified_assessment_models", "unified_assessment_client"):
        assert (output / package / "__init__.py").is_file()
    version = (output / "unified_assessment_client" / "_version.py").read_text()
    assert contract.as_posix() in version
