"""The OpenAPI document says what the vendor's reference page says."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import DOCUMENT, ROOT, run_script

# The 16 fields of the vendor's page, with the JSON type (and format) the page gives each.
PAGE_FIELDS: dict[str, tuple[str, str | None]] = {
    "id": ("string", None),
    "created_at": ("string", "date-time"),
    "updated_at": ("string", "date-time"),
    "workspace_id": ("string", None),
    "connection_id": ("string", None),
    "integration_types": ("array", None),
    "name": ("string", None),
    "type": ("string", None),
    "aliases": ("array", None),
    "tags": ("array", None),
    "description": ("string", None),
    "has_redirect_url": ("boolean", None),
    "has_target_url": ("boolean", None),
    "needs_ip_address": ("boolean", None),
    "max_score": ("number", None),
    "info_url": ("string", None),
}
VENDOR_TYPES = [
    "SKILLS_TEST",
    "BEHAVIORAL_ASSESSMENT",
    "VIDEO_INTERVIEW",
    "BACKGROUND_CHECK",
    "REFERENCE_CHECK",
    "OTHER",
]


@pytest.fixture(scope="module")
def document() -> Any:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def deref(document: Any, node: dict[str, Any]) -> Any:
    while "$ref" in node:
        target = document
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token]
        node = target
    return node


def test_the_document_passes_its_own_checks() -> None:
    result = run_script(ROOT, "check_contract.py")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_operation_is_named_tagged_and_secured(document: Any) -> None:
    operation = document["paths"]["/assessment/{connection_id}/package"]["post"]
    assert operation["operationId"] == "createAssessmentPackage"
    assert operation["tags"] == ["assessment"]
    assert operation["summary"] == "Create an assessment package"
    assert document["security"] == [{"bearerAuth": []}]
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    assert [server["url"] for server in document["servers"]] == [
        "https://api.unified.to",
        "https://api-eu.unified.to",
        "https://api-au.unified.to",
    ]


def test_connection_id_is_a_required_non_empty_string(document: Any) -> None:
    operation = document["paths"]["/assessment/{connection_id}/package"]["post"]
    (parameter,) = operation["parameters"]
    assert parameter["name"] == "connection_id"
    assert parameter["in"] == "path"
    assert parameter["required"] is True
    assert parameter["description"] == "ID of the connection"
    assert parameter["schema"] == {"type": "string", "minLength": 1}


def test_request_and_response_share_the_assessment_package_schema(document: Any) -> None:
    operation = document["paths"]["/assessment/{connection_id}/package"]["post"]
    assert operation["requestBody"]["required"] is True
    request = operation["requestBody"]["content"]["application/json"]["schema"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert request == response == {"$ref": "#/components/schemas/AssessmentPackage"}


def test_every_page_field_has_its_type_format_and_description(document: Any) -> None:
    schema = document["components"]["schemas"]["AssessmentPackage"]
    assert schema["description"] == "Used by assessment providers to SUBMIT packages to ATS systems"
    assert set(schema["properties"]) == set(PAGE_FIELDS)
    for name, (json_type, json_format) in PAGE_FIELDS.items():
        prop = schema["properties"][name]
        assert prop["description"], name
        resolved = deref(document, prop)
        assert resolved["type"] == json_type, name
        assert resolved.get("format") == json_format, name
    assert schema["required"] == ["type"]
    assert schema["additionalProperties"] is True
    read_only = {name for name, prop in schema["properties"].items() if prop.get("readOnly")}
    assert read_only == {"workspace_id", "connection_id"}


def test_type_is_its_own_enum_component(document: Any) -> None:
    prop = document["components"]["schemas"]["AssessmentPackage"]["properties"]["type"]
    assert prop["$ref"] == "#/components/schemas/AssessmentPackageType"
    assert document["components"]["schemas"]["AssessmentPackageType"]["enum"] == VENDOR_TYPES


@pytest.mark.parametrize(
    "status", ["400", "401", "404", "413", "415", "422", "429", "500", "502", "503", "504"]
)
def test_error_responses_share_the_error_schema(document: Any, status: str) -> None:
    operation = document["paths"]["/assessment/{connection_id}/package"]["post"]
    response = deref(document, operation["responses"][status])
    schema = response["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Error"}


def test_each_operation_body_has_an_example(document: Any) -> None:
    operation = document["paths"]["/assessment/{connection_id}/package"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["examples"]
    assert operation["responses"]["200"]["content"]["application/json"]["examples"]
