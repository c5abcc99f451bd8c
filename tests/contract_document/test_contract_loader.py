"""One loader for every document the project reads (contract.read: openapi/, a BASE= of
check-breaking, the stub's contract): a key written twice in one mapping is refused naming the
file and the line; a document whose aliases expand past MAX_NODES is refused in one line, after
at most that many steps; anything else reads as YAML reads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from contract import MAX_NODES, Contract, RefusedDocument, read
from hypothesis import given, settings
from hypothesis import strategies as st

names = st.text("abcdefgh_", min_size=1, max_size=6)
documents = st.recursive(
    st.none() | st.booleans() | st.integers(-99, 99) | st.text("xyz 01", max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(names, children, min_size=1, max_size=4)
    ),
    max_leaves=30,
)


def mappings(document: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every mapping in the document."""
    if isinstance(document, dict):
        return [at] + [
            path for key, child in document.items() for path in mappings(child, (*at, key))
        ]
    if isinstance(document, list):
        return [path for key, child in enumerate(document) for path in mappings(child, (*at, key))]
    return []


@given(document=st.dictionaries(names, documents, min_size=1, max_size=4), data=st.data())
def test_a_key_written_twice_is_refused_naming_the_file_and_its_line(
    document: dict[str, Any], data: st.DataObject
) -> None:
    text = yaml.safe_dump(document, sort_keys=False, default_flow_style=False)
    assert read(text, "doc.yaml")[0] == document  # once each: read as YAML reads it
    # The same document with one key of one mapping written again, as its last entry.
    path = data.draw(st.sampled_from(mappings(document)))
    target: Any = document
    for key in path:
        target = target[key]
    twice = data.draw(st.sampled_from(sorted(target)))
    marker = "__twice__"
    target[marker] = "again"
    lines = yaml.safe_dump(document, sort_keys=False, default_flow_style=False).splitlines()
    [at] = [number for number, line in enumerate(lines) if marker in line]
    lines[at] = lines[at].replace(marker, twice, 1)
    with pytest.raises(RefusedDocument) as refused:
        read("\n".join(lines) + "\n", "doc.yaml")
    said = str(refused.value)
    assert said.startswith(f"doc.yaml:{at + 1}: key {twice!r} appears twice"), said
    assert "\n" not in said


def bomb(levels: int, fanout: int) -> tuple[str, int]:
    """A document of aliases `levels` deep, each list holding `fanout` of the one before, and
    the number of nodes it holds once they are followed."""
    lines = ["x-bomb:", "  a0: &a0 [" + ", ".join(["x"] * fanout) + "]"]
    for level in range(1, levels):
        lines.append(f"  a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * fanout) + "]")
    expanded = 2 + sum(1 + sum(fanout**k for k in range(1, level + 2)) for level in range(levels))
    return "\n".join(lines) + "\n", expanded


@settings(max_examples=30)  # each refused one walks MAX_NODES nodes
@given(levels=st.integers(1, 12), fanout=st.integers(1, 10))
def test_aliases_expanding_past_the_bound_are_refused_in_one_line(levels: int, fanout: int) -> None:
    text, expanded = bomb(levels, fanout)
    if expanded <= MAX_NODES:
        document, _ = read(text, "doc.yaml")
        assert len(document["x-bomb"]) == levels
        return
    with pytest.raises(RefusedDocument) as refused:
        read(text, "doc.yaml")
    said = str(refused.value)
    assert said.startswith("doc.yaml:") and f"expands past {MAX_NODES:,} nodes" in said
    assert "\n" not in said


def test_a_self_referencing_alias_is_refused_too() -> None:
    with pytest.raises(RefusedDocument):
        read("a: &a [*a, *a]\n", "doc.yaml")


def run(script: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def duplicated(tmp_path: Path) -> tuple[Path, int]:
    """The contract with `summary:` of its first operation written twice, and that line."""
    lines = (ROOT / "openapi" / "assessment-package.yaml").read_text().splitlines()
    at = next(number for number, line in enumerate(lines) if line.strip().startswith("summary:"))
    lines.insert(at + 1, lines[at])
    path = tmp_path / "twice.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path, at + 2


def test_check_contract_refuses_a_key_written_twice(tmp_path: Path) -> None:
    path, line = duplicated(tmp_path)
    done = run("check_contract.py", str(path), cwd=tmp_path)
    assert done.returncode == 1
    [said] = done.stderr.splitlines()
    assert said.startswith(f"twice.yaml:{line}: ") and "'summary' appears twice" in said, said


def test_check_breaking_refuses_a_base_file_that_is_an_alias_bomb(tmp_path: Path) -> None:
    text, _ = bomb(10, 10)  # 10**10 nodes once expanded: minutes for any reader that walks it
    base = tmp_path / "base.yaml"
    base.write_text("openapi: 3.1.0\ninfo: {title: t, version: 1.0.0}\npaths: {}\n" + text)
    done = run("check_breaking.py", "--base", str(base))
    assert done.returncode == 1
    [said] = (done.stdout + done.stderr).splitlines()
    assert f"expands past {MAX_NODES:,} nodes" in said and str(base) in said, said
    duplicate, line = duplicated(tmp_path)
    done = run("check_breaking.py", "--base", str(duplicate))
    assert done.returncode == 1
    assert f"{duplicate}:{line}: key 'summary' appears twice" in done.stderr


def test_the_stub_refuses_a_contract_with_a_key_written_twice(tmp_path: Path) -> None:
    path, line = duplicated(tmp_path)
    with pytest.raises(yaml.YAMLError) as refused:
        Contract(path)
    assert str(refused.value).startswith(f"{path}:{line}: key 'summary' appears twice")


@given(
    written=st.one_of(
        st.integers(min_value=4301, max_value=6000).map(lambda digits: "9" * digits),
        st.sampled_from([".nan", ".NaN", ".inf", "-.inf", "+.Inf", ".INF"]),
    )
)
@settings(max_examples=12)
def test_a_number_json_cannot_hold_is_refused_with_its_line(written: str) -> None:
    # A 5,000-digit integer was a traceback in check-contract and generate; NaN passed both and
    # reached the client's contract.json as `NaN`, which is no JSON.
    text = f"openapi: 3.1.0\ninfo:\n  title: t\n  version: 1.0.0\n  x-n: {written}\npaths: {{}}\n"
    with pytest.raises(RefusedDocument) as refused:
        read(text, "hostile.yaml")
    assert str(refused.value).startswith("hostile.yaml:5: "), str(refused.value)


def test_check_contract_and_check_breaking_refuse_nan_in_one_line(tmp_path: Path) -> None:
    text = (ROOT / "openapi" / "assessment-package.yaml").read_text()
    path = tmp_path / "nan.yaml"
    path.write_text(text.replace("\ninfo:\n", "\nx-n: .nan\ninfo:\n", 1))
    for script, args in (
        ("check_contract.py", [str(path)]),
        ("check_breaking.py", ["--base", str(path)]),
    ):
        done = run(script, *args, cwd=ROOT)
        output = done.stdout + done.stderr
        assert done.returncode == 1 and "Traceback" not in output, output
        assert "no JSON number" in output and "nan.yaml:" in output, output
