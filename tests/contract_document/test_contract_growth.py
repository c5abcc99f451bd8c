"""The pipeline follows the contract when it grows: an added property needs no edit anywhere
else, and what holds at the top level of the generated client holds at every depth."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_script
from pipeline.test_pipeline import edit_document

NEW_PROPERTY = """        retake_policy:
          type: string
          description: How often a candidate may take the assessment again
"""


def minor_bump(found: re.Match[str]) -> str:
    return f"  version: {found[1]}.{int(found[2]) + 1}.0"


def run_in(project: Path, *command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=600, env=env
    )


@pytest.mark.rehearsal
def test_an_added_optional_property_needs_no_other_edit(project_copy: Path) -> None:
    for name in ("src", "tests"):
        shutil.copytree(
            ROOT / name, project_copy / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    document = project_copy / "openapi" / "assessment-package.yaml"
    text = document.read_text(encoding="utf-8")
    anchor = "          description: URL to find additional information about this package\n"
    document.write_text(
        # The minor bump the project's versioning asks for (make check-breaking).
        re.sub(
            r"(?m)^  version: (\d+)\.(\d+)\.\d+$",
            minor_bump,
            text.replace(anchor, anchor + NEW_PROPERTY, 1),
        ),
        encoding="utf-8",
    )

    generated = run_script(project_copy, "generate.py")
    assert generated.returncode == 0, generated.stderr
    assert "`AssessmentPackage.retake_policy`" in (project_copy / "README.md").read_text()
    assert run_script(project_copy, "check_generated.py").returncode == 0

    # The copy's own tests, with the copy's generated packages first on the path.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            str(project_copy / p) for p in ("generated", "src", "scripts")
        ),
        "CONTRACT_PROFILE": "smoke",
    }
    bin_dir = Path(sys.executable).parent
    tests = run_in(
        project_copy,
        str(bin_dir / "pytest"), "-q", "-p", "no:cacheprovider",
        "tests/contract_document/test_vendor_fidelity.py", "tests/pipeline/test_readme.py::"
        "test_field_map_covers_every_property_and_names_real_fields",
        "tests/client/test_contract_client.py", "-k", "not against_the_stub",
        env=env,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert (
        "retake_policy"
        in (project_copy / "generated" / "unified_assessment_models" / "__init__.py").read_text()
    )
    lint = run_in(project_copy, str(bin_dir / "ruff"), "check", "generated", env=env)
    assert lint.returncode == 0, lint.stdout


NESTED_READ_ONLY = """
from unified_assessment_client.models import AssessmentPackage
package = AssessmentPackage.from_dict(
    {"type": "OTHER", "parameters": [{"id": "p1", "name": "Language", "x": {"id": 1}}]}
)
assert package.parameters[0].id == "p1"
sent = package.to_request_dict()
assert sent["parameters"] == [{"name": "Language", "x": {"id": 1}}], sent
print("ok")
"""


def test_read_only_properties_are_never_sent_at_any_depth(
    project_copy: Path, tmp_path: Path
) -> None:
    edit_document(
        project_copy,
        "          description: Unique identifier of the parameter\n",
        "          readOnly: true\n          description: Unique identifier of the parameter\n",
    )
    out = tmp_path / "generated"
    result = run_script(project_copy, "generate.py", "--output", str(out))
    assert result.returncode == 0, result.stderr

    env = {**os.environ, "PYTHONPATH": str(out)}
    checked = run_in(tmp_path, sys.executable, "-c", NESTED_READ_ONLY, env=env)
    assert checked.stdout.strip() == "ok", checked.stderr
