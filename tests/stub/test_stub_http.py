"""The stub over real HTTP (uvicorn on loopback): each answer a client can get from it."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml
from conftest import DOCUMENT

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore
from unified_assessment_stub.process import free_port

PATH = "/assessment/5de520f96e439b002043d8dc/package"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
UTC_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
PACKAGE = {
    "name": "Python coding test",
    "type": "SKILLS_TEST",
    "tags": ["Assessment"],
    "max_score": 100,
    "has_redirect_url": True,
}


@pytest.fixture
def client(stub_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stub_url, timeout=10) as client:
        yield client


def post(client: httpx.Client, body: Any, **headers: str) -> httpx.Response:
    return client.post(
        PATH,
        content=json.dumps(body),
        headers={**AUTH, "Content-Type": "application/json", **headers},
    )


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_create_returns_the_package_with_server_owned_fields(
    client: httpx.Client, served_store: InMemoryStore
) -> None:
    response = post(client, PACKAGE)

    assert response.status_code == 200
    created = response.json()
    assert {key: created[key] for key in PACKAGE} == PACKAGE
    assert created["connection_id"] == "5de520f96e439b002043d8dc"
    assert created["workspace_id"].startswith("ws_")
    assert UTC_SECONDS.match(created["created_at"])
    assert created["updated_at"] == created["created_at"]
    assert served_store.get(created["id"]) == created


def test_lowercase_bearer_as_on_the_vendor_page_is_accepted(client: httpx.Client) -> None:
    response = post(client, PACKAGE, Authorization=f"bearer {DEFAULT_TOKEN}")
    assert response.status_code == 200


def test_client_sent_server_owned_fields_are_ignored(client: httpx.Client) -> None:
    sent = {
        **PACKAGE,
        "id": "mine",
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
        "workspace_id": "someone-elses",
        "connection_id": "another-connection",
    }
    created = post(client, sent).json()
    assert created["id"] != "mine"
    assert created["created_at"] != "2000-01-01T00:00:00Z"
    assert created["workspace_id"] != "someone-elses"
    assert created["connection_id"] == "5de520f96e439b002043d8dc"


def test_unknown_properties_are_kept_and_returned(client: httpx.Client) -> None:
    extra = {"x_level": {"level": "senior"}, "x_regions": ["eu"], "x_raw": {"a": [1, None]}}
    created = post(client, {**PACKAGE, **extra}).json()
    assert {key: created[key] for key in extra} == extra


def test_each_token_gets_its_own_workspace(client: httpx.Client) -> None:
    first = post(client, PACKAGE).json()
    second = post(client, PACKAGE, Authorization="Bearer second-token").json()
    assert first["workspace_id"] != second["workspace_id"]


def test_connection_id_is_taken_from_the_path_exactly(client: httpx.Client) -> None:
    response = client.post(
        "/assessment/a%2Fb%3F%23%25%20%C3%A9/package", json=PACKAGE, headers=AUTH
    )
    assert response.json()["connection_id"] == "a/b?#% é"


@pytest.mark.parametrize(
    ("authorization", "error"),
    [
        (None, None),
        ("Bearer", "invalid_request"),
        ("Basic ZGV2LXRva2VuOg==", "invalid_request"),
        ("Bearer not-the-token", "invalid_token"),
        (f"Bearer {DEFAULT_TOKEN}x", "invalid_token"),
        (f"Bearer {DEFAULT_TOKEN[:-1]}", "invalid_token"),
    ],
)
def test_missing_malformed_or_unknown_token_is_401(
    client: httpx.Client, served_store: InMemoryStore, authorization: str | None, error: str | None
) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = client.post(PATH, content=json.dumps(PACKAGE), headers=headers)

    assert_error(response, 401)
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    if error:
        assert f'error="{error}"' in challenge
    assert len(served_store) == 0


def test_schema_violations_are_422_listing_every_problem(
    client: httpx.Client, served_store: InMemoryStore
) -> None:
    body = {
        "name": None,
        "max_score": "5",
        "created_at": "yesterday",
        "tags": ["ok", 3],
        "has_target_url": "true",
    }
    problems = assert_error(post(client, body), 422)["errors"]

    by_pointer = {problem["pointer"]: problem["message"] for problem in problems}
    assert set(by_pointer) == {
        "/name",
        "/max_score",
        "/created_at",
        "/tags/1",
        "/has_target_url",
        "/type",
    }
    assert "required" in by_pointer["/type"]
    assert "date-time" in by_pointer["/created_at"]
    assert len(served_store) == 0


@pytest.mark.parametrize("value", ["PERSONALITY_TEST", "skills_test", "", 1, None])
def test_type_outside_the_enum_is_422(client: httpx.Client, value: Any) -> None:
    problems = assert_error(post(client, {"type": value}), 422)["errors"]
    assert {problem["pointer"] for problem in problems} == {"/type"}


@pytest.mark.parametrize("body", [[], "text", 5, None])
def test_a_body_that_is_not_an_object_is_422(client: httpx.Client, body: Any) -> None:
    problems = assert_error(post(client, body), 422)["errors"]
    assert problems[0]["pointer"] == ""


@pytest.mark.parametrize(
    "raw",
    [b"{", b'{"type": "OTHER",}', b"", b"\xff\xfe", b'{"max_score": NaN, "type": "OTHER"}',
     b'{"max_score": 1e99999999999999999999, "type": "OTHER"}', b"[" * 100_000],
)  # fmt: skip
def test_malformed_json_is_400(client: httpx.Client, raw: bytes) -> None:
    response = client.post(PATH, content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(response, 400)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_missing_or_wrong_content_type_is_415(
    client: httpx.Client, content_type: str | None
) -> None:
    headers = dict(AUTH)
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post(PATH, content=json.dumps(PACKAGE), headers=headers)
    assert_error(response, 415)


def test_content_type_parameters_are_accepted(client: httpx.Client) -> None:
    response = post(client, PACKAGE, **{"Content-Type": "Application/JSON; charset=utf-8"})
    assert response.status_code == 200


def test_body_over_the_limit_is_413_when_declared(client: httpx.Client) -> None:
    big = {**PACKAGE, "description": "x" * (1024 * 1024)}
    assert_error(post(client, big), 413)


def test_body_over_the_limit_is_413_when_streamed(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"type": "OTHER", "description": "'
        for _ in range(2048):  # 2 MiB in all, sent chunked with no Content-Length
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        PATH, content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error(response, 413)


@pytest.mark.parametrize(
    ("path", "method", "allow"),
    [
        (PATH, "PUT", "GET, POST"),
        (PATH, "DELETE", "GET, POST"),
        (PATH, "HEAD", "GET, POST"),
        (f"{PATH}/pkg_1", "POST", "DELETE, GET, PATCH, PUT"),
        (f"{PATH}/pkg_1", "OPTIONS", "DELETE, GET, PATCH, PUT"),
    ],
)
def test_methods_the_contract_does_not_list_are_405_with_allow(
    client: httpx.Client, path: str, method: str, allow: str
) -> None:
    response = client.request(method, path, headers=AUTH)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    if method != "HEAD":
        assert_error(response, 405)


@pytest.mark.parametrize(
    "path", ["/", "/assessment", "/assessment//package", "/assessment/x/packages", "/x/y/package"]
)
def test_unknown_paths_are_404(client: httpx.Client, path: str) -> None:
    assert_error(client.post(path, json=PACKAGE, headers=AUTH), 404)


def test_the_contract_is_served_as_json_and_yaml(client: httpx.Client) -> None:
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    as_json = client.get("/openapi.json")
    as_yaml = client.get("/openapi.yaml")
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.json() == document
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    assert as_yaml.text == DOCUMENT.read_text(encoding="utf-8")


def test_access_log_has_one_line_per_request_and_no_token(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="stub.access"):
        post(client, PACKAGE)
        post(client, PACKAGE, Authorization="Bearer wrong-secret-token")
        client.get("/nowhere")

    lines = [record.getMessage() for record in caplog.records if record.name == "stub.access"]
    assert len(lines) == 3
    assert re.match(rf"^POST {PATH} 200 \d+\.\dms auth=Bearer \[redacted\]$", lines[0])
    assert re.match(rf"^POST {PATH} 401 ", lines[1])
    assert re.match(r"^GET /nowhere 404 ", lines[2])
    logged = caplog.text
    assert DEFAULT_TOKEN not in logged
    assert "wrong-secret-token" not in logged


@pytest.mark.parametrize(
    "raw",
    [
        b'{"type": "OTHER", "name": "a\\ud800b"}',
        b'{"type": "OTHER", "extra": ["\\udfff"]}',
        b'{"type": "OTHER", "\\ud800": 1}',
        b'{"type": "\\ud800"}',
    ],
)
def test_unpaired_surrogates_are_refused_as_400(
    client: httpx.Client, served_store: InMemoryStore, raw: bytes
) -> None:
    response = client.post(PATH, content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert "surrogate" in assert_error(response, 400)["message"]
    assert len(served_store) == 0


def test_paired_surrogates_are_ordinary_text(client: httpx.Client) -> None:
    raw = b'{"type": "OTHER", "name": "\\ud83d\\ude00"}'
    response = client.post(PATH, content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert response.json()["name"] == "\U0001f600"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "abc"}, "PORT must be a port number from 1 to 65535, not 'abc'"),
        ({"STUB_TOKENS": " , "}, "STUB_TOKENS holds no token"),
        ({"STUB_MAX_BODY_BYTES": "1k"}, "STUB_MAX_BODY_BYTES must be a positive whole number"),
        ({"STUB_MAX_STORE_BYTES": "0"}, "STUB_MAX_STORE_BYTES must be a positive whole number"),
        ({"STUB_DB": "/nonexistent/dir/x.sqlite3"}, "STUB_DB '/nonexistent/dir/x.sqlite3' cannot"),
    ],
)
def test_bad_configuration_is_one_clear_line(env: dict[str, str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "unified_assessment_stub"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"stub: {message}")
    assert "Traceback" not in result.stderr


def test_start_up_names_the_default_token_but_never_a_configured_one() -> None:
    env = {
        **os.environ,
        "PORT": str(free_port()),
        "STUB_TOKENS": "super-secret-1,super-secret-2",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "unified_assessment_stub"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "accepting 2 token(s) from STUB_TOKENS" in first_line
    assert "super-secret" not in first_line


@pytest.mark.parametrize("segment", ["%zz", "%C3", "a%2", "%"])
def test_malformed_percent_escapes_in_the_path_are_404(
    client: httpx.Client, served_store: InMemoryStore, segment: str
) -> None:
    assert_error(client.post(f"/assessment/{segment}/package", json=PACKAGE, headers=AUTH), 404)
    assert len(served_store) == 0


def test_json_nested_deeper_than_256_levels_is_400_saying_so(client: httpx.Client) -> None:
    def nested(depth: int) -> str:
        return '{"type": "OTHER", "x": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    headers = {**AUTH, "Content-Type": "application/json"}
    assert client.post(PATH, content=nested(256), headers=headers).status_code == 200
    response = client.post(PATH, content=nested(257), headers=headers)
    assert assert_error(response, 400)["message"] == "The body is nested deeper than 256 levels."
    # Brackets inside strings are text, not nesting.
    text = json.dumps({"type": "OTHER", "name": "[{" * 1000})
    assert client.post(PATH, content=text, headers=headers).status_code == 200


def test_a_client_leaving_mid_body_is_no_server_error(
    stub_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    host, port = stub_url.removeprefix("http://").split(":")
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEFAULT_TOKEN}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    with caplog.at_level(logging.INFO, logger="stub.access"):
        with socket.create_connection((host, int(port))) as raw:
            raw.sendall(head.encode() + b'{"type"')
        time.sleep(0.3)
        assert post(httpx.Client(base_url=stub_url), PACKAGE).status_code == 200
    statuses = [record.getMessage().split()[2] for record in caplog.records]
    assert statuses == ["400", "200"]
