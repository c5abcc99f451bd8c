"""make check-breaking: each rule on a before/after pair of small contracts, then the script
end to end in a throw-away git repository holding the real contract."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from check_breaking import changes
from conftest import ROOT, run_script

Document = dict[str, Any]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def body(schema: dict[str, Any]) -> Document:
    return {"content": {"application/json": {"schema": schema}}}


def text(**extra: Any) -> Document:
    return {"type": "string", **extra}


def contract() -> Document:
    """One schema on each side: `Thing` in requests and responses, `Report` and `State` in
    responses only, `Edit` and `Mode` in requests only; `Spare` in none."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "things", "version": "1.0.0"},
        "servers": [
            {"url": "https://api.example.com", "x-region": "us"},
            {"url": "https://eu.example.com", "x-region": "eu"},
        ],
        "security": [{"bearer": []}],
        "paths": {
            "/things/{id}": {
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "post": {
                    "operationId": "createThing",
                    "tags": ["thing"],
                    "parameters": [
                        {"name": "dry_run", "in": "query", "schema": {"type": "boolean"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "requestBody": {"required": True, **body(ref("Thing"))},
                    "responses": {
                        "200": {"description": "created", **body(ref("Thing"))},
                        "201": {"description": "created too", **body(ref("Thing"))},
                        "404": {"description": "no such id"},
                    },
                },
                "get": {
                    "operationId": "getReport",
                    "tags": ["thing"],
                    "security": [],
                    "responses": {"200": {"description": "report", **body(ref("Report"))}},
                },
                "put": {
                    "operationId": "editThing",
                    "tags": ["thing"],
                    "requestBody": body(ref("Edit")),
                    "responses": {"204": {"description": "edited"}},
                },
            }
        },
        "components": {
            "parameters": {
                "id": {"name": "id", "in": "path", "required": True, "schema": text(minLength=1)}
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["kind"],
                    "additionalProperties": True,
                    "properties": {
                        "kind": ref("Kind"),
                        "name": text(maxLength=10),
                        "size": {"type": "number"},
                        "at": text(format="date-time"),
                        "owner": text(readOnly=True),
                        "labels": {"type": "array", "items": text()},
                    },
                },
                "Kind": {"type": "string", "enum": ["A", "B"]},
                "Report": {
                    "type": "object",
                    "required": ["score"],
                    "properties": {"score": {"type": "number"}, "state": ref("State")},
                },
                "State": {"type": "string", "enum": ["OPEN", "DONE"]},
                "Edit": {
                    "type": "object",
                    "required": ["note"],
                    "properties": {
                        "mode": ref("Mode"),
                        "note": text(maxLength=10),
                        "value": {"anyOf": [text(), {"type": "number"}]},
                    },
                },
                "Mode": {"type": "string", "enum": ["FAST", "SLOW"]},
                "Spare": {"type": "object"},
            },
        },
    }


def op(d: Document, method: str) -> Document:
    found: Document = d["paths"]["/things/{id}"][method]
    return found


def param(d: Document, index: int) -> Document:
    found: Document = op(d, "post")["parameters"][index]
    return found


def schema(d: Document, name: str) -> Document:
    found: Document = d["components"]["schemas"][name]
    return found


def prop(d: Document, name: str, key: str) -> Document:
    found: Document = schema(d, name)["properties"][key]
    return found


def require(d: Document, name: str, key: str) -> None:
    schema(d, name).setdefault("required", []).append(key)


def add_required(d: Document, name: str, key: str) -> None:
    schema(d, name)["properties"][key] = text()
    require(d, name, key)


S = "/components/schemas"
THING, REPORT, EDIT = f"{S}/Thing", f"{S}/Report", f"{S}/Edit"
ID = "/components/parameters/id"
POST, GET, PUT = (f"/paths/~1things~1{{id}}/{method}" for method in ("post", "get", "put"))
PUT_BODY = f"{PUT}/requestBody"
JSON = "content/application~1json"

# (what changes, the edit, the pointer it is reported at, breaking?)
CASES: list[tuple[str, Callable[[Document], object], str, bool]] = [
    # operations, paths, methods
    ("operation removed", lambda d: d["paths"]["/things/{id}"].pop("get"), GET, True),
    ("path removed", lambda d: d["paths"].clear(), POST, True),
    (
        "operation added",
        lambda d: d["paths"]["/things/{id}"].update(delete={}),
        f"{GET[:-3]}delete",
        False,
    ),
    (
        "operationId renamed",
        lambda d: op(d, "get").update(operationId="read"),
        f"{GET}/operationId",
        True,
    ),
    ("first tag changed", lambda d: op(d, "get").update(tags=["report"]), f"{GET}/tags", True),
    ("tag added after the first", lambda d: op(d, "get")["tags"].append("x"), f"{GET}/tags", False),
    # parameters
    (
        "required parameter added",
        lambda d: op(d, "post")["parameters"].append(
            {"name": "x", "in": "header", "required": True}
        ),
        f"{POST}/parameters/2",
        True,
    ),
    (
        "optional parameter added",
        lambda d: op(d, "post")["parameters"].append({"name": "x", "in": "query"}),
        f"{POST}/parameters/2",
        False,
    ),
    (
        "parameter removed",
        lambda d: op(d, "post")["parameters"].pop(0),
        f"{POST}/parameters/0",
        True,
    ),
    (
        "parameter location changed",
        lambda d: param(d, 0).update({"in": "header"}),
        f"{POST}/parameters/0/in",
        True,
    ),
    (
        "parameter made required",
        lambda d: param(d, 0).update(required=True),
        f"{POST}/parameters/0/required",
        True,
    ),
    (
        "parameter made optional",
        lambda d: d["components"]["parameters"]["id"].update(required=False),
        f"{ID}/required",
        False,
    ),
    (
        "parameter type changed",
        lambda d: param(d, 0)["schema"].update(type="string"),
        f"{POST}/parameters/0/schema/type",
        True,
    ),
    (
        "parameter type widened",
        lambda d: param(d, 1)["schema"].update(type="number"),
        f"{POST}/parameters/1/schema/type",
        False,
    ),
    (
        "parameter bound stricter",
        lambda d: d["components"]["parameters"]["id"]["schema"].update(minLength=3),
        f"{ID}/schema/minLength",
        True,
    ),
    (
        "parameter bound dropped",
        lambda d: d["components"]["parameters"]["id"]["schema"].pop("minLength"),
        f"{ID}/schema/minLength",
        False,
    ),
    # request bodies
    ("request body removed", lambda d: op(d, "put").pop("requestBody"), PUT_BODY, True),
    (
        "request body made required",
        lambda d: op(d, "put")["requestBody"].update(required=True),
        f"{PUT_BODY}/required",
        True,
    ),
    (
        "optional request body added",
        lambda d: op(d, "get").update(requestBody=body(text())),
        f"{GET}/requestBody",
        False,
    ),
    (
        "request media type removed",
        lambda d: op(d, "put").update(requestBody={"content": {"text/plain": {}}}),
        f"{PUT_BODY}/{JSON}",
        True,
    ),
    (
        "required request body added",
        lambda d: op(d, "get").update(requestBody={"required": True, **body(text())}),
        f"{GET}/requestBody",
        True,
    ),
    (
        "request media type added",
        lambda d: op(d, "put")["requestBody"]["content"].update({"text/plain": {}}),
        f"{PUT_BODY}/content/text~1plain",
        False,
    ),
    # responses
    (
        "success status removed",
        lambda d: op(d, "post")["responses"].pop("201"),
        f"{POST}/responses/201",
        True,
    ),
    (
        "error status no longer listed",
        lambda d: op(d, "post")["responses"].pop("404"),
        f"{POST}/responses/404",
        False,
    ),
    (
        "response status added",
        lambda d: op(d, "post")["responses"].update({"409": {}}),
        f"{POST}/responses/409",
        False,
    ),
    (
        "response schema replaced",
        lambda d: op(d, "get")["responses"].update({"200": body(ref("Thing"))}),
        f"{GET}/responses/200/{JSON}/schema",
        True,
    ),
    # properties: Thing is used both ways, Report in answers only, Edit in requests only
    (
        "property removed",
        lambda d: schema(d, "Thing")["properties"].pop("size"),
        f"{THING}/properties/size",
        True,
    ),
    (
        "property removed from answers",
        lambda d: schema(d, "Report")["properties"].pop("state"),
        f"{REPORT}/properties/state",
        True,
    ),
    (
        "optional property added",
        lambda d: schema(d, "Thing")["properties"].update(color=text()),
        f"{THING}/properties/color",
        False,
    ),
    (
        "required property added to requests",
        lambda d: add_required(d, "Thing", "color"),
        f"{THING}/properties/color",
        True,
    ),
    (
        "required property added to answers",
        lambda d: add_required(d, "Report", "color"),
        f"{REPORT}/properties/color",
        False,
    ),
    (
        "optional made required in requests",
        lambda d: require(d, "Thing", "name"),
        f"{THING}/properties/name",
        True,
    ),
    (
        "optional made required in answers",
        lambda d: require(d, "Report", "state"),
        f"{REPORT}/properties/state",
        False,
    ),
    (
        "required made optional in answers",
        lambda d: schema(d, "Report").pop("required"),
        f"{REPORT}/properties/score",
        True,
    ),
    (
        "required made optional in requests",
        lambda d: schema(d, "Edit").pop("required"),
        f"{EDIT}/properties/note",
        False,
    ),
    (
        "property type changed",
        lambda d: prop(d, "Thing", "size").update(type="string"),
        f"{THING}/properties/size/type",
        True,
    ),
    (
        "type widened in requests",
        lambda d: prop(d, "Edit", "note").update(type=["string", "null"]),
        f"{EDIT}/properties/note/type",
        False,
    ),
    (
        "type widened in answers",
        lambda d: prop(d, "Report", "score").update(type=["number", "null"]),
        f"{REPORT}/properties/score/type",
        True,
    ),
    (
        "array item type changed",
        lambda d: prop(d, "Thing", "labels")["items"].update(type="integer"),
        f"{THING}/properties/labels/items/type",
        True,
    ),
    (
        "property now another schema",
        lambda d: schema(d, "Thing")["properties"].update(kind=ref("State")),
        f"{THING}/properties/kind",
        True,
    ),
    (
        "anyOf loses an alternative",
        lambda d: prop(d, "Edit", "value")["anyOf"].pop(),
        f"{EDIT}/properties/value/anyOf",
        True,
    ),
    (
        "anyOf gains one in requests",
        lambda d: prop(d, "Edit", "value")["anyOf"].append(text()),
        f"{EDIT}/properties/value/anyOf",
        False,
    ),
    # enums: the client's enums are open, so a value dropped from answers breaks nobody
    (
        "enum value removed, both sides",
        lambda d: schema(d, "Kind")["enum"].remove("B"),
        f"{S}/Kind/enum",
        True,
    ),
    (
        "enum value removed, requests",
        lambda d: schema(d, "Mode")["enum"].remove("SLOW"),
        f"{S}/Mode/enum",
        True,
    ),
    (
        "enum value removed, answers",
        lambda d: schema(d, "State")["enum"].remove("DONE"),
        f"{S}/State/enum",
        False,
    ),
    (
        "enum value added, requests",
        lambda d: schema(d, "Mode")["enum"].append("SAFE"),
        f"{S}/Mode/enum",
        False,
    ),
    (
        "enum value added, answers",
        lambda d: schema(d, "State")["enum"].append("LOST"),
        f"{S}/State/enum",
        False,
    ),
    ("enum dropped", lambda d: schema(d, "Mode").pop("enum"), f"{S}/Mode/enum", True),
    # formats, readOnly, writeOnly, additionalProperties, bounds
    (
        "format changed",
        lambda d: prop(d, "Thing", "at").update(format="date"),
        f"{THING}/properties/at/format",
        True,
    ),
    (
        "format removed",
        lambda d: prop(d, "Thing", "at").pop("format"),
        f"{THING}/properties/at/format",
        True,
    ),
    (
        "made read-only in requests",
        lambda d: prop(d, "Thing", "name").update(readOnly=True),
        f"{THING}/properties/name/readOnly",
        True,
    ),
    (
        "made read-only in answers",
        lambda d: prop(d, "Report", "score").update(readOnly=True),
        f"{REPORT}/properties/score/readOnly",
        False,
    ),
    (
        "no longer read-only",
        lambda d: prop(d, "Thing", "owner").pop("readOnly"),
        f"{THING}/properties/owner/readOnly",
        False,
    ),
    (
        "made write-only in answers",
        lambda d: prop(d, "Report", "score").update(writeOnly=True),
        f"{REPORT}/properties/score/writeOnly",
        True,
    ),
    (
        "additionalProperties closed",
        lambda d: schema(d, "Thing").update(additionalProperties=False),
        f"{THING}/additionalProperties",
        True,
    ),
    (
        "maxLength stricter in requests",
        lambda d: prop(d, "Thing", "name").update(maxLength=5),
        f"{THING}/properties/name/maxLength",
        True,
    ),
    (
        "maxLength looser in requests",
        lambda d: prop(d, "Edit", "note").update(maxLength=20),
        f"{EDIT}/properties/note/maxLength",
        False,
    ),
    (
        "pattern added",
        lambda d: prop(d, "Edit", "note").update(pattern="^[a-z]+$"),
        f"{EDIT}/properties/note/pattern",
        True,
    ),
    # component schemas
    ("schema removed", lambda d: d["components"]["schemas"].pop("Spare"), f"{S}/Spare", True),
    ("schema added", lambda d: d["components"]["schemas"].update(Extra={}), f"{S}/Extra", False),
    # servers and security
    ("server removed", lambda d: d["servers"].pop(), "/servers/1", True),
    (
        "server added",
        lambda d: d["servers"].append({"url": "https://au.example.com"}),
        "/servers/2",
        False,
    ),
    ("default server changed", lambda d: d["servers"].reverse(), "/servers/0/url", True),
    (
        "client region renamed",
        lambda d: d["servers"][1].update({"x-region": "europe"}),
        "/servers/1/x-region",
        True,
    ),
    (
        "security scheme changed",
        lambda d: d["components"]["securitySchemes"]["bearer"].update(scheme="basic"),
        "/components/securitySchemes/bearer/scheme",
        True,
    ),
    (
        "security scheme removed",
        lambda d: d["components"]["securitySchemes"].clear(),
        "/components/securitySchemes/bearer",
        True,
    ),
    (
        "security requirement replaced",
        lambda d: d.update(security=[{"apiKey": []}]),
        "/security",
        True,
    ),
    (
        "security alternative added",
        lambda d: d["security"].append({"apiKey": []}),
        "/security",
        False,
    ),
    (
        "security where there was none",
        lambda d: op(d, "get").update(security=[{"bearer": []}]),
        f"{GET}/security",
        True,
    ),
]


@pytest.mark.parametrize(
    ("edit", "pointer", "is_breaking"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule(edit: Callable[[Document], object], pointer: str, is_breaking: bool) -> None:
    old = contract()
    new = copy.deepcopy(old)
    edit(new)
    found = changes(old, new)
    listed = "\n".join(f"{item.pointer}: {item.reason} ({item.breaking})" for item in found)
    there = [item.breaking for item in found if item.pointer == pointer]
    assert there, listed
    if is_breaking:
        assert any(there), listed
    else:
        assert not any(item.breaking for item in found), listed
    assert all("\n" not in item.reason for item in found)


def test_no_change_is_no_change() -> None:
    assert changes(contract(), contract()) == []


def test_a_shared_component_is_reported_once() -> None:
    # The `id` parameter is used by three operations, Thing by four bodies.
    old, new = contract(), contract()
    new["components"]["parameters"]["id"]["schema"]["type"] = "integer"
    schema(new, "Thing")["properties"].pop("size")
    assert [item.pointer for item in changes(old, new)] == [
        f"{ID}/schema/type",
        f"{THING}/properties/size",
    ]


# End to end: scripts/check_breaking.py in a git repository that holds the real contract,
# committed first as 1.0.0 (without `raw`), then as it is now (1.1.0).

CONTRACT = "openapi/assessment-package.yaml"
MAX_SCORE = "/components/schemas/AssessmentPackage/properties/max_score"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def read(repo: Path) -> Document:
    document: Document = yaml.safe_load((repo / CONTRACT).read_text(encoding="utf-8"))
    return document


def write(repo: Path, document: Document) -> None:
    (repo / CONTRACT).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def package(document: Document) -> Document:
    found: Document = document["components"]["schemas"]["AssessmentPackage"]
    return found


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


TEST_CHANGELOG = """\
# Changelog

## 1.1.0

`raw` on packages.

## 1.0.0

The first version.
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("history") / "repo"
    (repo / "scripts").mkdir(parents=True)
    (repo / "openapi").mkdir()
    for name in ("scripts/contract.py", "scripts/check_breaking.py", CONTRACT):
        shutil.copy(ROOT / name, repo / name)
    # The history's own changelog: the real one's future sections are not this test's to know.
    (repo / "CHANGELOG.md").write_text(TEST_CHANGELOG, encoding="utf-8")
    shutil.copytree(
        ROOT / "scripts" / "breaking",
        repo / "scripts" / "breaking",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    git(repo, "init", "-q", "-b", "main")
    current = read(repo)
    # Versions of the test's own history, whatever the real contract's version is today.
    current["info"]["version"] = "1.1.0"
    first = copy.deepcopy(current)
    first["info"]["version"] = "1.0.0"
    package(first)["properties"].pop("raw")
    write(repo, first)
    commit(repo, "1.0.0")
    write(repo, current)
    commit(repo, "1.1.0: raw")
    return repo


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    copied = tmp_path / "repo"
    shutil.copytree(template, copied)
    return copied


def check(repo: Path, *args: str) -> tuple[int, str]:
    done = run_script(repo, "check_breaking.py", *args)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    return done.returncode, output


def add_changelog_section(repo: Path) -> None:
    code, section = check(repo, "--changelog")
    assert code == 0
    changelog = repo / "CHANGELOG.md"
    head, rest = changelog.read_text(encoding="utf-8").split("\n## ", 1)
    changelog.write_text(f"{head}\n{section}\n## {rest}", encoding="utf-8")


def test_a_clean_clone_compares_with_the_previous_version(repo: Path) -> None:
    code, output = check(repo)
    assert code == 0, output
    first = git(repo, "rev-parse", "--short", "HEAD~1")
    assert output.splitlines() == [
        f"check-breaking: {CONTRACT} 1.1.0 against 1.0.0 at {first}, the previous version",
        "  compatible  /components/schemas/AssessmentPackage/properties/raw:"
        " optional property added",
        "check-breaking: passed (0 breaking, 1 compatible)",
    ]


def test_deleting_max_score_without_a_major_bump_fails(repo: Path) -> None:
    document = read(repo)
    package(document)["properties"].pop("max_score")
    write(repo, document)
    code, output = check(repo)
    assert code == 1
    released = git(repo, "rev-parse", "--short", "HEAD")
    assert output.splitlines() == [
        f"check-breaking: {CONTRACT} 1.1.0 against 1.1.0 as first committed, at {released}",
        f"  BREAKING    {MAX_SCORE}: property removed: the models lose it",
        "check-breaking: 1 breaking change needs a major version bump:"
        " info.version is 1.1.0, make it 2.0.0",
    ]


def test_deleting_max_score_passes_with_a_major_bump_and_a_changelog_section(repo: Path) -> None:
    document = read(repo)
    package(document)["properties"].pop("max_score")
    document["info"]["version"] = "2.0.0"
    write(repo, document)
    code, output = check(repo)
    assert code == 1
    assert output.splitlines()[-1] == (
        "check-breaking: CHANGELOG.md has no section for 2.0.0:"
        " add the one that `make changelog` prints"
    )
    add_changelog_section(repo)
    assert f"### Breaking changes\n\n- `{MAX_SCORE}`: property removed" in (
        repo / "CHANGELOG.md"
    ).read_text(encoding="utf-8")
    code, output = check(repo)
    assert code == 0, output
    assert f"  BREAKING    {MAX_SCORE}" in output
    assert output.splitlines()[-1] == "check-breaking: passed (1 breaking, 0 compatible)"


def test_an_optional_property_needs_a_minor_bump(repo: Path) -> None:
    document = read(repo)
    package(document)["properties"]["difficulty"] = {"type": "string", "description": "How hard"}
    write(repo, document)
    code, output = check(repo)
    assert code == 1
    assert output.splitlines()[-1] == (
        "check-breaking: compatible changes need at least a minor version bump:"
        " info.version is 1.1.0, make it 1.2.0"
    )
    document["info"]["version"] = "1.2.0"
    write(repo, document)
    add_changelog_section(repo)
    code, output = check(repo)
    assert code == 0, output
    assert "  compatible  /components/schemas/AssessmentPackage/properties/difficulty" in output


def test_a_committed_version_is_released(repo: Path) -> None:
    # An edit committed without a bump is still caught on a clean checkout, as CI runs it.
    document = read(repo)
    package(document)["properties"]["difficulty"] = {"type": "string", "description": "How hard"}
    write(repo, document)
    commit(repo, "difficulty, no bump")
    code, output = check(repo)
    assert code == 1
    assert "make it 1.2.0" in output


def test_base_picks_the_revision(repo: Path) -> None:
    code, output = check(repo, "--base", "HEAD")
    assert code == 0, output
    assert output.splitlines()[-1] == "check-breaking: passed (0 breaking, 0 compatible)"
    code, output = check(repo, "--base", "no-such-revision")
    assert code == 1
    assert output == "check-breaking: BASE=no-such-revision is neither a file nor a git revision\n"
    code, output = check(repo, "--base", "missing/published.yaml")
    assert output == (
        "check-breaking: BASE=missing/published.yaml is neither a file nor a git revision\n"
    )


def test_an_unreadable_base_is_one_line(repo: Path) -> None:
    good = (repo / CONTRACT).read_text(encoding="utf-8")
    (repo / CONTRACT).write_text("info: [unclosed\n", encoding="utf-8")
    commit(repo, "broken")
    (repo / CONTRACT).write_text(good, encoding="utf-8")
    commit(repo, "mended")
    code, output = check(repo, "--base", "HEAD~1")
    assert code == 1
    assert output == (
        f"check-breaking: {CONTRACT} at HEAD~1 is not readable YAML:"
        " expected ',' or ']', but got '<stream end>' (line 2)\n"
    )
    code, output = check(repo)  # the default base passes over it
    assert code == 0, output


def test_no_earlier_version_passes_in_one_line(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    code, output = check(shallow)
    assert (code, output) == (
        0,
        f"check-breaking: no earlier version of {CONTRACT} in this shallow clone"
        " (git fetch --unshallow): nothing to compare, passing\n",
    )
    shutil.rmtree(repo / ".git")
    code, output = check(repo)
    assert code == 0
    assert output.startswith("check-breaking: no git history to compare with (not a git repo")
    assert len(output.splitlines()) == 1


# The formats: FORMAT=json for programs, markdown for a pull request, github for annotations; a
# text line names the operation as a person writes it.

PACKAGES = "/assessment/{connection_id}/package"
TRACE = "/paths/~1assessment~1{connection_id}~1package/post/parameters"


def add_trace_header(repo: Path, version: str) -> None:
    """A required header parameter on the create operation: breaking, at a pointer under /paths."""
    document = read(repo)
    create = document["paths"][PACKAGES]["post"]
    create.setdefault("parameters", []).append(
        {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string"}}
    )
    document["info"]["version"] = version
    write(repo, document)


def test_text_names_the_operation_as_a_person_writes_it(repo: Path) -> None:
    add_trace_header(repo, "1.1.0")
    code, output = check(repo)
    assert code == 1
    line = next(line for line in output.splitlines() if "X-Trace" in line)
    assert line.startswith(f"  BREAKING    POST {PACKAGES} parameter X-Trace (header): "), line
    assert "~1" not in output


def test_json_has_one_object_per_change_with_its_pointer(repo: Path) -> None:
    add_trace_header(repo, "2.0.0")
    code, output = check(repo, "--format", "json")
    assert code == 1  # no CHANGELOG.md section for 2.0.0 yet
    report = json.loads(output.split("\ncheck-breaking: ", 1)[0])
    (change,) = [item for item in report["changes"] if item["pointer"].startswith(TRACE)]
    assert change["level"] == "breaking"
    assert change["side"] == "request"
    assert change["rule"] == "parameter-required-added"
    assert "X-Trace" in change["message"]
    assert change["where"] == f"POST {PACKAGES} parameter X-Trace (header)"
    assert report["passed"] is False
    assert any("CHANGELOG.md" in problem for problem in report["problems"])
    add_changelog_section(repo)
    code, output = check(repo, "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert report["passed"] is True and report["problems"] == []
    assert report["breaking"] >= 1
    assert report["base"]["version"] == "1.1.0"


def test_markdown_is_a_table_for_a_pull_request(repo: Path) -> None:
    add_trace_header(repo, "1.1.0")
    code, output = check(repo, "--format", "markdown")
    assert code == 1
    assert "| level | where | change | rule |" in output
    assert f"| BREAKING | `POST {PACKAGES} parameter X-Trace (header)` |" in output
    assert "**failed**: 1 breaking change needs a major version bump" in output


def test_github_annotates_the_contract_lines(repo: Path) -> None:
    add_trace_header(repo, "1.1.0")
    code, output = check(repo, "--format", "github")
    assert code == 1
    annotation = next(line for line in output.splitlines() if "X-Trace" in line)
    assert annotation.startswith(f"::error file={CONTRACT},line="), annotation
    line = int(annotation.split(",line=", 1)[1].split(",", 1)[0])
    contract_lines = (repo / CONTRACT).read_text(encoding="utf-8").splitlines()
    assert "X-Trace" in contract_lines[line - 1]
    assert "::error title=check-breaking::1 breaking change needs a major version bump" in output


def annotated(output: str, text: str) -> tuple[str, int]:
    """The file and line of the annotation whose message holds `text`."""
    annotation = next(line for line in output.splitlines() if text in line)
    file = annotation.split("file=", 1)[1].split(",line=", 1)[0]
    return file, int(annotation.split(",line=", 1)[1].split(",", 1)[0])


def test_github_annotates_an_added_property_on_its_own_line(repo: Path) -> None:
    document = read(repo)
    package(document)["properties"]["extra"] = {"type": "string", "description": "More."}
    write(repo, document)
    _, output = check(repo, "--format", "github")
    file, line = annotated(output, "/extra")
    contract_lines = (repo / CONTRACT).read_text(encoding="utf-8").splitlines()
    assert file == CONTRACT
    assert contract_lines[line - 1].strip() == "extra:", line  # not the line of its first key


def test_github_annotates_a_removal_on_its_line_in_the_base(repo: Path, tmp_path: Path) -> None:
    published = tmp_path / "published.yaml"
    published.write_text((repo / CONTRACT).read_text(encoding="utf-8"), encoding="utf-8")
    document = read(repo)
    package(document)["properties"].pop("raw")
    write(repo, document)
    # BASE=file: the line of the removed property in that file.
    code, output = check(repo, "--base", str(published), "--format", "github")
    assert code == 1
    file, line = annotated(output, "/raw")
    assert file == str(published)
    assert published.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "raw:"
    # BASE=revision, which a pull request cannot show: the line of what held it, in the
    # contract, and its line at that revision in the message.
    code, output = check(repo, "--base", "HEAD", "--format", "github")
    file, line = annotated(output, "/raw")
    assert file == CONTRACT
    assert (repo / CONTRACT).read_text(encoding="utf-8").splitlines()[line - 1].strip() == (
        "properties:"
    )
    base_line = int(output.split("/raw", 1)[1].split("(line ", 1)[1].split(" ", 1)[0])
    base_text = git(repo, "show", f"HEAD:{CONTRACT}").splitlines()
    assert base_text[base_line - 1].strip() == "raw:"


def test_base_may_be_a_file(repo: Path, tmp_path: Path) -> None:
    published = tmp_path / "published.yaml"
    published.write_text(git(repo, "show", f"HEAD~1:{CONTRACT}"), encoding="utf-8")
    code, output = check(repo, "--base", str(published))
    assert code == 0, output
    assert (
        output.splitlines()[0] == f"check-breaking: {CONTRACT} 1.1.0 against 1.0.0 in {published}"
    )
    assert "optional property added" in output
    published.write_text("openapi: [", encoding="utf-8")
    code, output = check(repo, "--base", str(published))
    assert code == 1
    assert output.startswith(f"check-breaking: {published} is not readable YAML")
    assert len(output.splitlines()) == 1


@pytest.mark.parametrize(
    "base",
    [
        "openapi: 3.1.0\ninfo: {version: 1.0.0}\npaths: [1, 2]\ncomponents: 5\n",
        "info: {version: 1.0.0}\npaths:\n  /assessment/{connection_id}/package:\n"
        "    post: {parameters: [{$ref: '#/components/parameters/nowhere'}]}\n",
        "info: {version: 1.0.0}\ncomponents: {schemas: {AssessmentPackage: [1]}}\n",
    ],
    ids=["wrong types", "a $ref to nothing", "a schema that is a list"],
)
def test_a_base_that_is_no_contract_is_one_line(repo: Path, tmp_path: Path, base: str) -> None:
    published = tmp_path / "base.yaml"
    published.write_text(base, encoding="utf-8")
    code, output = check(repo, "--base", str(published))
    assert code in (0, 1)
    assert output.splitlines()[-1].startswith("check-breaking: "), output
