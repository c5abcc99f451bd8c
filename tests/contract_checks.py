"""The contract checks as functions of a contract, so that a test can run them against a
mutated copy of openapi/ and show that they fail (test_contract_mutations.py)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import httpx
import jsonschema_rs
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from stub import DEFAULT_TOKEN, create_app
from unified_assessment_client import AuthenticatedClient, RetryPolicy
from unified_assessment_client.api.assessment import create_assessment_package as create
from unified_assessment_client.models import AssessmentPackage, AssessmentPackageType
from unified_assessment_client.models import assessment_package as package_module

PATH = "/assessment/{connection_id}/package"


def operation(contract: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_dict(contract)[PATH]["POST"]


def validator(contract: dict[str, Any], component: str) -> jsonschema_rs.Draft202012Validator:
    root = {**contract, "$ref": f"#/components/schemas/{component}"}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def read_only(contract: dict[str, Any], component: str = "AssessmentPackage") -> set[str]:
    properties = contract["components"]["schemas"][component].get("properties", {})
    return {name for name, prop in properties.items() if prop.get("readOnly")}


def check_stub(contract: dict[str, Any], examples: int, at_seed: int) -> None:
    """Schemathesis, judging by `contract`, against the stub (which reads openapi/)."""
    schema = schemathesis.openapi.from_dict(contract)
    schema.app = create_app()
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    cases = st.one_of(*(schema[PATH]["POST"].as_strategy(generation_mode=m) for m in modes))

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @seed(at_seed)
    @given(case=cases)
    def run(case: Any) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})

    run()


PYTHON_JSON_TYPES = {"string": "str", "number": "float", "integer": "int", "boolean": "bool"}


def json_type(contract: dict[str, Any], schema: dict[str, Any]) -> str:
    """The generator's JSON type string for a property schema."""
    while "$ref" in schema:
        schema = contract["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("type") == "array":
        return f"list[{json_type(contract, schema.get('items', {}))}]"
    if schema.get("type") == "object":
        return "dict[str, Any]"
    return PYTHON_JSON_TYPES.get(schema.get("type", ""), "Any")


def check_client_shape(contract: dict[str, Any]) -> None:
    """The client model knows exactly the contract's properties, types and required ones."""
    schema = contract["components"]["schemas"]["AssessmentPackage"]
    expected = {name: json_type(contract, prop) for name, prop in schema["properties"].items()}
    assert expected == package_module._JSON_TYPES
    assert set(package_module._REQUIRED) == set(schema.get("required", []))
    enum = contract["components"]["schemas"]["AssessmentPackageType"]["enum"]
    assert sorted(member.value for member in AssessmentPackageType) == sorted(enum)


def check_client(contract: dict[str, Any], examples: int, at_seed: int) -> None:
    """The generated client, judged by `contract`: its model's shape, what it sends, and what
    it makes of the packages the contract allows."""
    check_client_shape(contract)
    request_schema = validator(contract, "AssessmentPackage")
    read_only_names = read_only(contract)
    known_types = set(contract["components"]["schemas"]["AssessmentPackageType"]["enum"])
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=request.content)

    client = AuthenticatedClient(
        base_url="https://api.test",
        token="t",
        retry=RetryPolicy.disabled(),
        httpx_args={"transport": httpx.MockTransport(answer)},
    )

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @seed(at_seed)
    @given(case=operation(contract).as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case: Any) -> None:
        sent.clear()
        connection_id = unquote(case.path_parameters["connection_id"])
        body = AssessmentPackage.from_dict(case.body)
        echoed = create.sync(connection_id, client=client, body=body)
        document = json.loads(sent[0].content)
        assert request_schema.is_valid(document), list(request_schema.iter_errors(document))
        assert not read_only_names & set(document)
        if case.body["type"] in known_types:
            assert echoed.type_.is_known, f"{case.body['type']!r} is not known to the client"

    run()
