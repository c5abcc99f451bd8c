"""check-breaking sees the generated code: both packages are generated from the base and from
the new contract, and what their users import and call (modules, classes, functions and their
parameters, fields, enum members) is compared. Removed, renamed or newly required there is
BREAKING, whatever the wire rules say."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from breaking import generated
from breaking.generated import compared, generated_changes
from check_breaking import changes
from contract import ROOT, load


def without_examples(node: Any) -> Any:
    """The contract without its examples, which a change to `required` would make invalid (and
    make generate refuse): documentation only, no part of the generated code."""
    if isinstance(node, dict):
        return {k: without_examples(v) for k, v in node.items() if k not in ("example", "examples")}
    if isinstance(node, list):
        return [without_examples(item) for item in node]
    return node


ORIGINAL = without_examples(load())


def schemas(document: Any) -> Any:
    return document["components"]["schemas"]


@pytest.fixture(scope="module")
def required_read_only() -> list[Any]:
    new = copy.deepcopy(ORIGINAL)
    schemas(new)["AssessmentPackage"]["required"] = ["type", "workspace_id"]
    return generated_changes(ORIGINAL, new)


def test_a_read_only_property_made_required_breaks_the_generated_model(
    required_read_only: list[Any],
) -> None:
    new = copy.deepcopy(ORIGINAL)
    schemas(new)["AssessmentPackage"]["required"] = ["type", "workspace_id"]
    # Compatible on the wire (a read-only property is not sent)...
    assert not any(change.breaking for change in changes(ORIGINAL, new))
    # ...but AssessmentPackage(type_=…, name=…), the README's own line, is now refused.
    found = [c for c in required_read_only if c.rule == "generated-code-newly-required"]
    assert any("workspace_id" in c.pointer and "AssessmentPackage" in c.pointer for c in found)
    assert all(c.breaking for c in found)


def test_an_enum_member_removed_breaks_the_generated_enum() -> None:
    new = copy.deepcopy(ORIGINAL)
    schemas(new)["AssessmentOrderStatus"]["enum"].remove("REJECTED")
    found = generated_changes(ORIGINAL, new)
    removed = [c for c in found if c.rule == "generated-code-removed" and "REJECTED" in c.reason]
    assert removed and all(c.breaking for c in removed)
    assert any("AssessmentOrderStatus" in c.reason for c in removed)


def test_removed_renamed_and_newly_required_names_break_and_additions_do_not() -> None:
    before = {
        "m.Thing": {"name": "required", "note": "optional"},
        "m.Kind": {"A": "member", "B": "member"},
        "m.create()": {"client": "required", "limit": "optional"},
        "m.old()": {},
    }
    after = {
        "m.Thing": {"name": "required", "note": "required", "extra": "optional"},
        "m.Kind": {"A": "member", "C": "member"},
        "m.create()": {"client": "required", "limit": "optional", "body": "required"},
        "m.new()": {},
    }
    found = {(c.rule, c.pointer) for c in compared(before, after)}
    assert ("generated-code-removed", "/generated/m.old()") in found  # renamed: old name gone
    assert ("generated-code-removed", "/generated/m.Kind.B") in found
    assert ("generated-code-newly-required", "/generated/m.Thing.note") in found
    assert ("generated-code-newly-required", "/generated/m.create().body") in found
    assert not any("extra" in pointer or "new()" in pointer for _, pointer in found)
    assert all(c.breaking for c in compared(before, after))


def check_breaking_against(base: Any, folder: Path) -> subprocess.CompletedProcess[str]:
    """`make check-breaking BASE=<file>`, with `base` written to a file in `folder`."""
    path = folder / "base.yaml"
    path.write_text(yaml.safe_dump(base, sort_keys=False), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_breaking.py"), "--base", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_check_breaking_lists_what_the_generated_code_loses(tmp_path: Any) -> None:
    # A base whose answer-side enum had one member more: the regenerated enum loses it.
    base = load()
    schemas(base)["AssessmentOrderStatus"]["enum"].append("ARCHIVED")
    done = check_breaking_against(base, tmp_path)
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 1
    said = "breaks code that uses the generated packages"
    assert any(
        line.strip().startswith("BREAKING") and "ARCHIVED" in line and said in line
        for line in lines
        if "AssessmentOrderStatus" in line
    ), lines


def test_a_surface_read_once_is_read_from_the_cache_with_the_same_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generated, "CACHE", tmp_path / "cache")
    new = copy.deepcopy(ORIGINAL)
    schemas(new)["AssessmentOrderStatus"]["enum"].remove("REJECTED")
    first = generated_changes(ORIGINAL, new)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2

    def refused(*_: object) -> None:
        raise AssertionError("generated again although both surfaces were cached")

    monkeypatch.setattr(generated, "generate", refused)
    assert generated_changes(ORIGINAL, new) == first


def test_the_cache_key_changes_with_any_byte_of_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scripts" / "templates").mkdir(parents=True)
    template = tmp_path / "scripts" / "templates" / "model.jinja2"
    template.write_text("{{ name }}\n")
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\n")
    monkeypatch.setattr(generated, "ROOT", tmp_path)
    keys = {generated.toolkit()}
    template.write_text("{{ name }} \n")
    keys.add(generated.toolkit())
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n")
    keys.add(generated.toolkit())
    assert len(keys) == 3


@pytest.mark.parametrize("kept", ["[]", '{"a": [1]}', '{"a": {"b": 1}}', "{", "", "null"])
def test_a_cache_file_of_another_shape_is_not_a_surface(kept: str) -> None:
    try:
        value = json.loads(kept)
    except ValueError:
        return  # not JSON at all: cached_surface reads it as no cache
    assert not generated.is_surface(value)


def test_a_cache_file_of_another_shape_is_generated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generated, "CACHE", tmp_path / "cache")
    new = copy.deepcopy(ORIGINAL)
    schemas(new)["AssessmentOrderStatus"]["enum"].remove("REJECTED")
    first = generated_changes(ORIGINAL, new)
    for path in (tmp_path / "cache").glob("*.json"):
        path.write_text('{"a": [1]}')
    assert generated_changes(ORIGINAL, new) == first


def test_a_base_that_cannot_be_generated_fails_in_one_line_naming_where(tmp_path: Path) -> None:
    base = load()
    base["x-format-assertion"] = False  # refused by check-contract, so by generation
    done = check_breaking_against(base, tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in output
    [line] = [line for line in output.splitlines() if "cannot be generated" in line]
    assert "from the base: #/x-format-assertion: " in line, line
    # Not the scratch copy's path, which is gone by then and whose lines are not the base's.
    assert ".check-breaking-" not in output, output


def reordered(document: Any, schema: str) -> None:
    properties = schemas(document)[schema]["properties"]
    first, second, *rest = properties
    schemas(document)[schema]["properties"] = {
        second: properties[second],
        first: properties[first],
        **{k: properties[k] for k in rest},
    }


def test_properties_reordered_move_the_client_models_positional_arguments() -> None:
    # ErrorDetail('/name', 'must not be empty') then fills message with the pointer: no error,
    # wrong data. The wire rules see no change at all.
    new = copy.deepcopy(ORIGINAL)
    reordered(new, "ErrorDetail")
    assert not any(change.breaking for change in changes(ORIGINAL, new))
    found = [c for c in generated_changes(ORIGINAL, new) if c.rule == "generated-code-reordered"]
    assert any("ErrorDetail" in c.pointer and c.breaking for c in found), found


def test_an_optional_property_added_before_others_shifts_them_and_at_the_end_does_not() -> None:
    def added(where: int) -> Any:
        new = copy.deepcopy(ORIGINAL)
        properties = list(schemas(new)["Error"]["properties"].items())
        code = ("code", {"type": "integer", "description": "A code"})
        properties.insert(where if where >= 0 else len(properties), code)
        schemas(new)["Error"]["properties"] = dict(properties)
        return [c.pointer for c in generated_changes(ORIGINAL, new) if c.breaking]

    # Error('boom', 503) set status before; with `code` between them it sets code.
    assert any("models.error.Error" in pointer for pointer in added(1)), added(1)
    assert added(-1) == []
