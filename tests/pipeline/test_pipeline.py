"""`make generate` and `make check-generated` as a user runs them, on a copy of the project."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import contract
import pytest
from conftest import DOCUMENT, ROOT, run_script


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def edit_document(project: Path, old: str, new: str) -> None:
    document = project / "openapi" / "assessment-package.yaml"
    text = document.read_text(encoding="utf-8")
    assert old in text
    document.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_generation_is_byte_for_byte_reproducible(project_copy: Path, tmp_path: Path) -> None:
    for name in ("first", "second"):
        result = run_script(project_copy, "generate.py", "--output", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(tmp_path / "first", tmp_path / "second")
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second"), comparison.diff_files
    assert snapshot(tmp_path / "first") == snapshot(project_copy / "generated")


def test_committed_output_is_current(project_copy: Path) -> None:
    result = run_script(project_copy, "check_generated.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_drift_is_reported_with_a_diff_naming_the_change(project_copy: Path) -> None:
    edit_document(
        project_copy, "        - OTHER\n", "        - OTHER\n        - PERSONALITY_TEST\n"
    )

    stale = run_script(project_copy, "check_generated.py")
    assert stale.returncode == 1
    assert '+    PERSONALITY_TEST = "PERSONALITY_TEST"' in stale.stdout
    label = "generated/unified_assessment_models/__init__.py"
    assert (
        f"--- {label} (in generated/)\n+++ {label} (generated from openapi/ now)\n" in stale.stdout
    )
    assert "unified_assessment_models/__init__.py" in stale.stdout
    assert "unified_assessment_client/models/assessment_package_type.py" in stale.stdout
    assert "make generate" in stale.stderr
    # Each stale file named in one line: what to commit with openapi/.
    (named,) = [line for line in stale.stderr.splitlines() if line.startswith("stale: ")]
    assert {
        "generated/unified_assessment_models/__init__.py",
        "generated/unified_assessment_client/models/assessment_package_type.py",
    } <= set(named.removeprefix("stale: ").split(", "))

    assert run_script(project_copy, "generate.py").returncode == 0
    fresh = run_script(project_copy, "check_generated.py")
    assert fresh.returncode == 0, fresh.stdout


BROKEN_DOCUMENTS = {
    "missing $ref target": (
        '$ref: "#/components/schemas/ErrorDetail"',
        '$ref: "#/components/schemas/ErrorDetial"',
        r"#/components/schemas/Error/properties/errors/items/\$ref: .*ErrorDetial",
    ),
    "misspelt type": (
        "          type: number\n",
        "          type: strnig\n",
        r"#/components/schemas/AssessmentPackage/properties/max_score/type: 'strnig'",
    ),
    "property without description": (
        "          description: Detailed description\n",
        "",
        r"#/components/schemas/AssessmentPackage/properties/description: .*no description",
    ),
    "example that breaks its schema": (
        "max_score: 100\n",
        'max_score: "100"\n',
        r"#/paths/~1assessment~1\{connection_id\}~1package/post/requestBody/.*/max_score: .*number",
    ),
    "not YAML": ("paths:\n", "paths: [\n", r"not valid YAML"),
    "unquoted status code": (
        '        "400":\n',
        "        400:\n",
        r"/responses/400: key 400 must be a string",
    ),
    "a type that is not a name": (
        "          type: number\n",
        "          type: {a: 1}\n",
        r"max_score/type: \{'a': 1\} is not a JSON Schema type",
    ),
    # Fail closed: a generator's own type for a format may change the value (pydantic's AnyUrl
    # adds a trailing slash), so a format reaches the packages only through a known mapping.
    "a format with no mapping": (
        "            format: email\n",
        "            format: idn-email\n",
        r"profile_emails/items: format 'idn-email' has no mapping in scripts/generate.py",
    ),
    "a format where the models do not check it": (
        "        - type: string\n",
        "        - type: string\n          format: date\n",
        r"AssessmentMetadataValue/anyOf/1: format 'date' is not checked by the models here",
    ),
}


@pytest.mark.parametrize("case", BROKEN_DOCUMENTS, ids=list(BROKEN_DOCUMENTS))
def test_broken_document_fails_with_one_line_and_leaves_generated_alone(
    project_copy: Path, case: str
) -> None:
    old, new, expected = BROKEN_DOCUMENTS[case]
    edit_document(project_copy, old, new)
    before = snapshot(project_copy / "generated")

    result = run_script(project_copy, "generate.py")

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(r"^openapi/assessment-package\.yaml:\d+: ", lines[0]), lines[0]
    assert re.search(expected, lines[0]), lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(project_copy / "generated") == before


def test_check_contract_says_one_line_on_success(project_copy: Path) -> None:
    result = run_script(project_copy, "check_contract.py")
    assert result.returncode == 0
    assert result.stderr == ""
    (line,) = result.stdout.splitlines()
    assert line.startswith("openapi/assessment-package.yaml: valid OpenAPI 3.1")
    document = contract.load(project_copy / DOCUMENT.relative_to(ROOT))
    assert f"{len(list(contract.operations(document)))} operations" in line
