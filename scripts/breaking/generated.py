"""What users of the generated packages import and call, compared between two contracts.

The wire rules judge what a server and a caller exchange; the generated packages are code, and
code breaks in its own ways: a required read-only property makes `AssessmentPackage(type_=…,
name=…)` refused, an answer-only enum that loses a value loses its member (`AttributeError`),
a `title` renames a class. So both packages are generated from each contract (scripts/generate.py
--contract, in scratch folders) and their public surface is read with `ast` (never imported):
modules, classes, functions and methods with their parameters, fields, enum members. Anything
removed (a rename is a removal) or newly required there is BREAKING, whatever the wire rules say.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from breaking.model import BOTH, Change, always

ROOT = Path(__file__).resolve().parent.parent.parent
GENERATE = ROOT / "scripts" / "generate.py"
# Surfaces already read, by what they depend on: the contract, every byte of scripts/ (the
# pipeline and its templates) and pyproject.toml (ruff's settings), and every installed
# distribution's version. Beside the virtual environment, so that `make clean` drops it and
# copies of the project sharing it share it.
CACHE = Path(sys.prefix) / ".cache" / "generated-surfaces"
PACKAGES = ("unified_assessment_models", "unified_assessment_client")
# name -> "required" or "optional": what a caller must pass, or may.
Members = dict[str, str]


class GenerationFailed(Exception):
    """One line: the packages could not be generated from one of the contracts."""


def available() -> bool:
    return GENERATE.is_file()


def generate(document: Any, scratch: Path, label: str) -> Path:
    """Both packages generated from `document`, in a folder under `scratch`."""
    contract = scratch / label / "openapi" / "assessment-package.yaml"
    contract.parent.mkdir(parents=True)
    contract.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    output = scratch / label / "generated"
    done = subprocess.run(
        [sys.executable, str(GENERATE), "--contract", str(contract), "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        # The scratch copy is gone, and its lines are not the user's: the pointer says where.
        for form in (str(contract), os.path.relpath(contract, ROOT)):
            said = re.sub(re.escape(form) + r"(:\d+)?: ", "", said)
        raise GenerationFailed(f"the packages cannot be generated from the {label}: {said}")
    return output


def is_public(path: Path) -> bool:
    return not any(part.startswith("_") and part != "__init__.py" for part in path.parts)


# The member that holds a callable's positional parameters, in order: a caller passing them by
# position breaks when one moves, or a new one comes before it.
POSITIONAL = "(positional)"


def parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Members:
    arguments = function.args
    found: Members = {}
    positional = [*arguments.posonlyargs, *arguments.args]
    found[POSITIONAL] = ",".join(a.arg for a in positional if a.arg not in ("self", "cls"))
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    for argument, default in zip(positional, defaults, strict=True):
        if argument.arg not in ("self", "cls"):
            found[argument.arg] = "optional" if default is not None else "required"
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        found[argument.arg] = "optional" if default is not None else "required"
    return found


def field_required(statement: ast.AnnAssign) -> bool:
    """A model field with no default: `name: str`, or pydantic's `Field(...)`."""
    value = statement.value
    if value is None:
        return True
    if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "Field":
        first = value.args[0] if value.args else None
        return isinstance(first, ast.Constant) and first.value is Ellipsis
    return False


def surface(generated: Path) -> dict[str, Members]:
    """Every public thing of both packages, by dotted name, with its members."""
    found: dict[str, Members] = {}
    for package in PACKAGES:
        for path in sorted((generated / package).rglob("*.py")):
            relative = path.relative_to(generated)
            if not is_public(relative):
                continue
            module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            found[module] = {}
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if getattr(node, "name", "_").startswith("_"):
                    continue
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    found[f"{module}.{node.name}()"] = parameters(node)
                elif isinstance(node, ast.ClassDef):
                    found.update(class_surface(f"{module}.{node.name}", node))
    return found


def is_attrs(node: ast.ClassDef) -> bool:
    """An attrs class (the client's models): its __init__, which attrs writes at run time and
    no code shows, takes its fields by position, in the order they are declared."""
    return any("attrs_define" in ast.unparse(decorator) for decorator in node.decorator_list)


def in_init(statement: ast.AnnAssign) -> bool:
    if "ClassVar" in ast.unparse(statement.annotation):
        return False
    value = statement.value
    return not (
        isinstance(value, ast.Call)
        and any(
            keyword.arg == "init"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value is False
            for keyword in value.keywords
        )
    )


def class_surface(name: str, node: ast.ClassDef) -> dict[str, Members]:
    enum = any("Enum" in ast.unparse(base) for base in node.bases)
    members: Members = {}
    found = {name: members}
    order: list[str] = []
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            field = statement.target.id
            if in_init(statement):
                order.append(field.lstrip("_"))  # attrs drops a private field's underscore
            if not field.startswith("_"):
                members[field] = "required" if field_required(statement) else "optional"
        elif enum and isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name) and not target.id.startswith("_"):
                    members[target.id] = "member"
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef) and (
            not statement.name.startswith("_") or statement.name == "__init__"
        ):
            found[f"{name}.{statement.name}()"] = parameters(statement)
    if is_attrs(node):
        members[POSITIONAL] = ",".join(order)
    return found


def compared(before: dict[str, Members], after: dict[str, Members]) -> Iterator[Change]:
    def change(where: str, reason: str, rule: str) -> Change:
        pointer = "/generated/" + where.replace("~", "~0").replace("/", "~1")
        reason += ": breaks code that uses the generated packages"
        return always(rule, BOTH, pointer, reason)

    for name in sorted(before.keys() - after.keys()):
        yield change(name, f"{name} removed (or renamed)", "generated-code-removed")
    for name in sorted(before.keys() & after.keys()):
        old, new = dict(before[name]), dict(after[name])
        was, now = old.pop(POSITIONAL, ""), new.pop(POSITIONAL, "")
        kept = [member for member in was.split(",") if member and member in now.split(",")]
        if was and now.split(",")[: len(kept)] != kept:
            reason = f"the positional parameters of {name} moved: ({was}) to ({now})"
            yield change(f"{name}.{POSITIONAL}", reason, "generated-code-reordered")
        for member in sorted(old.keys() - new.keys()):
            what = "enum member" if old[member] == "member" else "member"
            yield change(
                f"{name}.{member}", f"{what} {member} of {name} removed", "generated-code-removed"
            )
        for member in sorted(new.keys()):
            if new[member] == "required" and old.get(member) != "required":
                reason = f"{member} of {name} is now required"
                yield change(f"{name}.{member}", reason, "generated-code-newly-required")


def toolkit() -> str:
    """A digest of what generation depends on besides the contract."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted([*(ROOT / "scripts").rglob("*"), ROOT / "pyproject.toml"]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    for dist in sorted(f"{d.name}=={d.version}" for d in metadata.distributions()):
        digest.update(dist.encode() + b"\0")
    return digest.hexdigest()


def is_surface(value: Any) -> bool:
    """What `surface` returns: a file of any other shape (edited, or another tool's) is not
    trusted, and the packages are generated again."""
    return isinstance(value, dict) and all(
        isinstance(members, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in members.items())
        for members in value.values()
    )


def cached_surface(document: Any, scratch: Path, label: str, key: str) -> dict[str, Members]:
    """`surface` of the packages generated from `document`, generated only when no earlier run
    read it (generating both packages takes seconds; check-breaking runs often on one base)."""
    text = yaml.safe_dump(document, sort_keys=False)
    path = CACHE / f"{hashlib.sha256((key + text).encode()).hexdigest()}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None
    if is_surface(kept):
        return kept  # type: ignore[no-any-return]
    found = surface(generate(document, scratch, label))
    try:  # written whole or not at all: a reader never sees half a file
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:  # a read-only environment: no cache, the same answer
        pass
    return found


def generated_changes(old: Any, new: Any) -> list[Change]:
    """What code using the packages generated from `old` would lose against `new`'s."""
    key = toolkit()
    with tempfile.TemporaryDirectory(prefix=".check-breaking-", dir=ROOT) as folder:
        scratch = Path(folder)
        before = cached_surface(old, scratch, "base", key)
        after = cached_surface(new, scratch, "contract", key)
    return list(compared(before, after))
