"""The house rules every operation of the contract keeps, whatever it holds: derived from the
contract itself, so that an operation added or removed needs no edit here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import contract
import pytest
import yaml
from conftest import ROOT, run_script
from contract import deref

DOCUMENT = contract.load()
OPERATIONS = {operation.operation_id: operation for operation in contract.operations(DOCUMENT)}


def test_the_document_passes_its_own_checks() -> None:
    result = run_script(ROOT, "check_contract.py")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_error_answer_is_an_error_document(operation_id: str) -> None:
    for status, response in OPERATIONS[operation_id].spec["responses"].items():
        if not status.startswith("2"):
            schema = deref(DOCUMENT, response)["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, status


CREATES = [name for name, operation in OPERATIONS.items() if operation.method == "POST"]


@pytest.mark.parametrize("operation_id", CREATES)
def test_every_create_shows_an_example_body_and_answer(operation_id: str) -> None:
    """The /docs page and the README start from these."""
    operation = OPERATIONS[operation_id]
    media: list[Any] = []
    if operation.body_schema is not None:
        media.append(operation.spec["requestBody"]["content"]["application/json"])
    content = deref(DOCUMENT, operation.response("200")).get("content")
    if content:
        media.append(content["application/json"])
    for item in media:
        assert item.get("examples") or item.get("example") is not None, operation_id


@pytest.mark.parametrize("said", [False, "true", 1, None])
def test_a_document_that_says_formats_are_not_asserted_is_refused(
    tmp_path: Path, said: object
) -> None:
    # The stub, the client and the models assert formats whatever the document says; a document
    # saying otherwise would mislead the peer tools that read it.
    text = (ROOT / "openapi" / "assessment-package.yaml").read_text(encoding="utf-8")
    assert "\nx-format-assertion: true\n" in text
    path = tmp_path / "contract.yaml"
    path.write_text(
        text.replace("\nx-format-assertion: true\n", f"\nx-format-assertion: {json.dumps(said)}\n")
    )
    result = run_script(ROOT, "check_contract.py", str(path))
    assert result.returncode == 1
    line = text.split("\nx-format-assertion: true\n")[0].count("\n") + 2
    assert f"contract.yaml:{line}: #/x-format-assertion: x-format-assertion must be true" in (
        result.stderr
    )


def test_format_assertion_anywhere_but_the_root_is_refused(tmp_path: Path) -> None:
    # Said on a schema it would read as "this schema's formats are asserted", which no tool
    # here reads: refused rather than silently ignored.
    document = contract.load()
    name, schema = next(iter(document["components"]["schemas"].items()))
    schema["x-format-assertion"] = True
    path = tmp_path / "contract.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    result = run_script(ROOT, "check_contract.py", str(path))
    assert result.returncode == 1, result.stdout
    said = f"#/components/schemas/{name}/x-format-assertion: x-format-assertion is read at the"
    assert said in result.stderr
