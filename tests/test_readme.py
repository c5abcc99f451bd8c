"""The README's field map names fields that really exist in the contract and both packages."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import unified_assessment_models
import yaml
from conftest import DOCUMENT, ROOT, run_script
from unified_assessment_client import models as client_models

ROW = re.compile(r"^\| `(\w+)` \| `(\w+)\.(\w+)`: [^|]+ \| `(\w+)\.(\w+)` \| `(\w+)\.(\w+)` \|$")


def test_field_map_matches_the_contract_and_the_generated_code() -> None:
    rows = [ROW.match(line) for line in (ROOT / "README.md").read_text().splitlines()]
    table = [row.groups() for row in rows if row]
    assert len(table) == 16
    schemas = yaml.safe_load(DOCUMENT.read_text())["components"]["schemas"]
    for page, schema, prop, model, model_field, client_class, attribute in table:
        assert prop == page
        assert page in schemas[schema]["properties"]
        assert model_field in getattr(unified_assessment_models, model).model_fields
        client_fields = {field.name for field in attrs.fields(getattr(client_models, client_class))}
        assert attribute in client_fields


def test_python_examples_in_the_readme_are_valid_python() -> None:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 5
    for block in blocks:
        compile(block, "README.md", "exec")


def test_the_readmes_broken_document_example_is_what_make_generate_prints(
    project_copy: Path,
) -> None:
    example = next(
        line for line in (ROOT / "README.md").read_text().splitlines() if "'strnig'" in line
    )
    document = project_copy / "openapi" / "assessment-package.yaml"
    text = document.read_text()
    document.write_text(text.replace("          type: number\n", "          type: strnig\n", 1))
    result = run_script(project_copy, "generate.py")
    assert result.stderr.strip() == example
