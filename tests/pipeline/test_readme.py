"""The README's field map names fields that really exist in the contract and both packages."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import contract
import pytest
import unified_assessment_models
from conftest import ROOT, run_script, serve
from unified_assessment_client import models as client_models

from unified_assessment_stub import InMemoryStore, Settings, create_app

ROW = re.compile(r"^\| `(\w+)` \| `(\w+)\.(\w+)`: [^|]+ \| `(\w+)\.(\w+)` \| `(\w+)\.(\w+)` \|$")


def test_field_map_covers_every_property_and_names_real_fields() -> None:
    rows = [ROW.match(line) for line in (ROOT / "README.md").read_text().splitlines()]
    table = [row.groups() for row in rows if row]
    schemas = contract.load()["components"]["schemas"]
    for field, schema, prop, model, model_field, client_class, attribute in table:
        assert prop == field
        assert schema == model == client_class
        assert field in schemas[schema]["properties"]
        assert model_field in getattr(unified_assessment_models, model).model_fields
        client_fields = {f.name for f in attrs.fields(getattr(client_models, client_class))}
        assert attribute in client_fields
    listed = {(schema, prop) for _, schema, prop, *_ in table}
    every = {(name, prop) for name, s in schemas.items() for prop in s.get("properties", {})}
    assert listed == every


STUB_URL = "http://127.0.0.1:8000"  # where `make serve` serves the stub, as the README says


def test_every_python_snippet_in_the_readme_runs_against_the_stub(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The webhook receiver's snippet reads its secret from there (and only builds its app).
    monkeypatch.setenv("UNIFIED_WEBHOOK_SECRET", "readme-secret")
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 5
    # The stub is served on a free port rather than 8000, which may be taken on this machine.
    with serve(create_app()) as url:
        for block in blocks:
            code = compile(block.replace(STUB_URL, url), "README.md", "exec")
            exec(code, {"__name__": "readme"})
    assert "Error(" in capsys.readouterr().out


def test_the_handle_an_error_snippet_shows_errors_and_leaves_nothing_behind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    section = (ROOT / "README.md").read_text().split("### Handle an error\n", 1)[1]
    match = re.match(r"\s*```python\n(.*?)```", section, re.S)
    assert match, "the section starts with its snippet"
    store = InMemoryStore()
    with serve(create_app(Settings(), store)) as url:
        exec(compile(match[1].replace(STUB_URL, url), "README.md", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out
    assert '/max_score: "100" is not of type "number"' in printed
    assert "404 Not Found: " in printed
    assert len(store) == 0


@pytest.mark.parametrize(
    ("marker", "edit"), [("'strnig'", "type: strnig"), ("'tpye'", "tpye: number")]
)
def test_the_readmes_broken_document_examples_are_what_make_generate_prints(
    project_copy: Path, marker: str, edit: str
) -> None:
    example = next(line for line in (ROOT / "README.md").read_text().splitlines() if marker in line)
    document = project_copy / "openapi" / "assessment-package.yaml"
    text = document.read_text()
    document.write_text(text.replace("          type: number\n", f"          {edit}\n", 1))
    edited = text[: text.index("          type: number\n")].count("\n") + 1
    result = run_script(project_copy, "generate.py")
    # The line is where the edit landed in today's contract; the README shows it in one version.
    printed = result.stderr.strip()
    assert printed.startswith(f"openapi/assessment-package.yaml:{edited}: "), printed
    assert re.sub(r"^([^:]+):\d+:", r"\1:N:", printed) == re.sub(
        r"^([^:]+):\d+:", r"\1:N:", example
    )


def test_the_target_table_lists_every_make_target() -> None:
    targets = re.findall(r"^([a-z-]+):.*## ", (ROOT / "Makefile").read_text(), re.M)
    readme = (ROOT / "README.md").read_text()
    listed = set(re.findall(r"`make ([a-z-]+)`", readme))
    assert {"generate", "test", "check-breaking", "contract", "serve", "bench"} <= set(targets)
    assert set(targets) <= listed, set(targets) - listed
