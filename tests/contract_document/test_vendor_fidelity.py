"""Fidelity tests: the OpenAPI document says what the vendor publishes, at least.

Every pin here is the vendor's (its reference page, its SDKs' models), and a failure says so
(conftest.py adds where to look and what to do). Tests anywhere else derive what they check
from the contract, so that it can change without editing them."""

from __future__ import annotations

from typing import Any

import contract
import pytest
from contract import deref

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


# The vendor's package resource: operationId -> (method, path, request body?, 200 body).
OPERATIONS = {
    "createAssessmentPackage": ("POST", "/assessment/{connection_id}/package", True, "package"),
    "listAssessmentPackages": ("GET", "/assessment/{connection_id}/package", False, "array"),
    "getAssessmentPackage": ("GET", "/assessment/{connection_id}/package/{id}", False, "package"),
    "updateAssessmentPackage": ("PUT", "/assessment/{connection_id}/package/{id}", True, "package"),
    "patchAssessmentPackage": (
        "PATCH",
        "/assessment/{connection_id}/package/{id}",
        True,
        "package",
    ),
    "removeAssessmentPackage": ("DELETE", "/assessment/{connection_id}/package/{id}", False, None),
}
PACKAGE = {"$ref": "#/components/schemas/AssessmentPackage"}
# The nested types the vendor publishes: schema -> {property: JSON type (of the items)}.
NESTED = {
    "AssessmentParameter": {
        "id": "string", "name": "string", "public_question": "string", "is_required": "boolean",
        "options": "array", "file_types": "array", "valid_regions": "array", "type": "string",
    },
    "AssessmentPackageRegion": {
        "cost_amount": "number", "currency": "string", "processing_time": "number",
        "regions": "array",
    },
    "AssessmentMetadata": {
        "id": "string", "slug": "string", "namespace": "string", "format": "string",
    },
}  # fmt: skip
ENUMS = {
    "AssessmentParameterType": [
        "TEXT", "NUMBER", "MULTIPLE_CHOICE", "MULTIPLE_SELECT", "DATE", "FILE",
    ],
    "AssessmentMetadataFormat": [
        "TEXT", "NUMBER", "DATE", "BOOLEAN", "FILE", "TEXTAREA", "SINGLE_SELECT",
        "MULTIPLE_SELECT", "MEASUREMENT", "PRICE", "YES_NO", "CURRENCY", "URL",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def document() -> Any:
    return contract.load()


@pytest.fixture(scope="module")
def operations(document: Any) -> dict[str, contract.Operation]:
    return {operation.operation_id: operation for operation in contract.operations(document)}


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_each_operation_is_named_tagged_and_routed(
    operations: dict[str, contract.Operation], operation_id: str
) -> None:
    method, path, has_body, answer = OPERATIONS[operation_id]
    operation = operations[operation_id]
    assert (operation.method, operation.path) == (method, path)
    assert operation.spec["tags"] == ["assessment", "package"]
    assert operation.spec["summary"]
    if has_body:
        assert operation.spec["requestBody"]["required"] is True
        assert operation.body_schema == PACKAGE
    else:
        assert operation.body_schema is None
    success = operation.response("200")
    if answer is None:
        assert "content" not in success
    else:
        schema = success["content"]["application/json"]["schema"]
        assert schema == (PACKAGE if answer == "package" else {"type": "array", "items": PACKAGE})


def test_security_and_servers(document: Any) -> None:
    assert document["security"] == [{"bearerAuth": []}]
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    assert [(server["x-region"], server["url"]) for server in document["servers"]] == [
        ("us", "https://api.unified.to"),
        ("eu", "https://api-eu.unified.to"),
        ("au", "https://api-au.unified.to"),
    ]


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_path_parameters_are_required_non_empty_strings(
    operations: dict[str, contract.Operation], operation_id: str
) -> None:
    parameters = {p["name"]: p for p in operations[operation_id].path_parameters}
    assert "connection_id" in parameters
    assert parameters["connection_id"]["description"] == "ID of the connection"
    for parameter in parameters.values():
        assert parameter["required"] is True
        assert parameter["schema"] == {"type": "string", "minLength": 1}


def test_list_pages_by_number_limit_and_offset(operations: dict[str, contract.Operation]) -> None:
    query = {p["name"]: p for p in operations["listAssessmentPackages"].query_parameters}
    assert {"limit", "offset"} <= set(query)
    for parameter in query.values():
        assert parameter["schema"]["type"] == "number"
        assert parameter["required"] is False
        assert "fraction" in parameter["description"] and "negative" in parameter["description"]


def test_the_create_answer_links_to_get_update_patch_and_remove(
    document: Any, operations: dict[str, contract.Operation]
) -> None:
    links = operations["createAssessmentPackage"].response("200")["links"]
    targets = {
        deref(document, link)["operationId"]: deref(document, link) for link in links.values()
    }
    assert set(targets) >= {
        "getAssessmentPackage",
        "updateAssessmentPackage",
        "patchAssessmentPackage",
        "removeAssessmentPackage",
    }
    for link in targets.values():
        assert link["parameters"] == {
            "connection_id": "$request.path.connection_id",
            "id": "$response.body#/id",
        }


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_an_unknown_id_or_connection_is_404(
    operations: dict[str, contract.Operation], operation_id: str
) -> None:
    assert "404" in operations[operation_id].spec["responses"]


def test_every_page_field_has_its_type_format_and_description(document: Any) -> None:
    schema = document["components"]["schemas"]["AssessmentPackage"]
    assert schema["description"] == "Used by assessment providers to SUBMIT packages to ATS systems"
    assert set(PAGE_FIELDS) <= set(schema["properties"])
    for name, (json_type, json_format) in PAGE_FIELDS.items():
        prop = schema["properties"][name]
        assert prop["description"], name
        resolved = deref(document, prop)
        assert resolved["type"] == json_type, name
        assert resolved.get("format") == json_format, name
    assert schema["required"] == ["type"]
    assert schema["additionalProperties"] is True
    read_only = {name for name, prop in schema["properties"].items() if prop.get("readOnly")}
    assert read_only >= {"workspace_id", "connection_id"}
    assert not read_only & {"id", "name", "type", "max_score"}


def test_type_is_its_own_enum_component(document: Any) -> None:
    prop = document["components"]["schemas"]["AssessmentPackage"]["properties"]["type"]
    assert prop["$ref"] == "#/components/schemas/AssessmentPackageType"
    assert set(VENDOR_TYPES) <= set(
        document["components"]["schemas"]["AssessmentPackageType"]["enum"]
    )


@pytest.mark.parametrize(("name", "properties"), NESTED.items(), ids=list(NESTED))
def test_nested_types_have_their_properties_and_descriptions(
    document: Any, name: str, properties: dict[str, str]
) -> None:
    schema = document["components"]["schemas"][name]
    assert schema["description"]
    assert schema["additionalProperties"] is True
    for prop, json_type in properties.items():
        assert schema["properties"][prop]["description"], prop
        assert deref(document, schema["properties"][prop])["type"] == json_type, prop


def test_the_package_holds_the_nested_types(document: Any) -> None:
    properties = document["components"]["schemas"]["AssessmentPackage"]["properties"]
    for prop, item in [
        ("parameters", "AssessmentParameter"),
        ("regions", "AssessmentPackageRegion"),
        ("metadata", "AssessmentMetadata"),
    ]:
        assert properties[prop]["type"] == "array"
        assert properties[prop]["items"] == {"$ref": f"#/components/schemas/{item}"}
    assert properties["raw"]["type"] == "object"
    assert properties["raw"]["additionalProperties"] is True


@pytest.mark.parametrize(("name", "values"), ENUMS.items(), ids=list(ENUMS))
def test_nested_enums_list_the_vendors_values(document: Any, name: str, values: list[str]) -> None:
    assert set(values) <= set(document["components"]["schemas"][name]["enum"])


@pytest.mark.parametrize("prop", ["value", "extra_data"])
def test_metadata_values_are_named_unions_of_json_shapes(document: Any, prop: str) -> None:
    ref = document["components"]["schemas"]["AssessmentMetadata"]["properties"][prop]["$ref"]
    union = deref(document, {"$ref": ref})["anyOf"]
    shapes = {deref(document, option).get("type") for option in union}
    assert shapes >= {"object", "string", "number", "boolean", "array"}
    (array,) = [option for option in union if option.get("type") == "array"]
    items = {deref(document, o).get("type") for o in deref(document, array["items"])["anyOf"]}
    assert items >= {"object", "string", "number", "boolean"}


def test_the_create_example_has_parameters_and_regions(
    operations: dict[str, contract.Operation],
) -> None:
    body = operations["createAssessmentPackage"].spec["requestBody"]
    example = next(iter(body["content"]["application/json"]["examples"].values()))["value"]
    assert len(example["parameters"]) == 2
    assert len(example["regions"]) == 1


@pytest.mark.parametrize(
    "status", ["400", "401", "404", "413", "415", "422", "429", "500", "502", "503", "504"]
)
def test_error_responses_share_the_error_schema(
    document: Any, operations: dict[str, contract.Operation], status: str
) -> None:
    operation = operations["createAssessmentPackage"]
    response = deref(document, operation.spec["responses"][status])
    schema = response["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Error"}


# The vendor's order resource, as its SDKs publish it: no list and no remove.
ORDER = {"$ref": "#/components/schemas/AssessmentOrder"}
ORDER_OPERATIONS = {
    "createAssessmentOrder": ("POST", "/assessment/{connection_id}/order", True),
    "getAssessmentOrder": ("GET", "/assessment/{connection_id}/order/{id}", False),
    "updateAssessmentOrder": ("PUT", "/assessment/{connection_id}/order/{id}", True),
    "patchAssessmentOrder": ("PATCH", "/assessment/{connection_id}/order/{id}", True),
}
# Every field the vendor gives an order: (JSON type, format, or the schema it refers to).
ORDER_FIELDS: dict[str, tuple[str | None, str | None]] = {
    "id": ("string", None), "created_at": ("string", "date-time"),
    "updated_at": ("string", "date-time"), "workspace_id": ("string", None),
    "connection_id": ("string", None), "package_id": ("string", None),
    "status": (None, "AssessmentOrderStatus"), "application_id": ("string", None),
    "candidate_id": ("string", None), "company_id": ("string", None),
    "employee_id": ("string", None), "job_id": ("string", None), "reference": ("string", None),
    "webhook_id": ("string", None), "target_url": ("string", "uri"),
    "parameters": ("array", "AssessmentParameterInput"),
    "metadata": ("array", "AssessmentMetadata"),
    "raw": ("object", None), "profile_name": ("string", None),
    "profile_first_name": ("string", None), "profile_last_name": ("string", None),
    "profile_emails": ("array", "email"), "profile_telephones": ("array", None),
    "profile_addresses": ("array", "AssessmentAddress"),
    "profile_date_of_birth": ("string", "date"),
    "profile_gender": (None, "AssessmentProfileGender"),
    "profile_ip_address": ("string", None), "profile_national_identifier": ("string", None),
    "profile_resume_url": ("string", "uri"), "profile_social_media_urls": ("array", "uri"),
    "response_status": (None, "AssessmentOrderStatus"), "response_score": ("number", None),
    "response_max_score": ("number", None), "response_url": ("string", "uri"),
    "response_redirect_url": ("string", "uri"), "response_download_urls": ("array", "uri"),
    "response_source": ("string", None), "response_issued_at": ("string", "date-time"),
    "response_completed_at": ("string", "date-time"),
    "response_expires_at": ("string", "date-time"),
    "response_attributes": ("array", "AssessmentAttribute"),
    "response_details": ("array", "AssessmentResponseDetail"),
}  # fmt: skip
ORDER_NESTED = {
    "AssessmentParameterInput": {"parameter_id": "string", "name": "string", "inputs": "array"},
    "AssessmentAddress": {
        "city": "string", "country": "string", "country_code": "string",
        "postal_code": "string", "region": "string", "region_code": "string",
    },
    "AssessmentAttribute": {
        "label": "string", "reference": "string", "score_max": "number",
        "score_value": "number", "value": "string",
    },
    "AssessmentResponseDetail": {
        "title": "string", "text": "string", "download_url": "string",
        "parameter_id": "string", "is_private": "boolean", "is_failed_reason": "boolean",
    },
}  # fmt: skip
ORDER_ENUMS = {
    "AssessmentOrderStatus": ["OPEN", "IN_PROGRESS", "COMPLETED", "FAILED", "REJECTED"],
    "AssessmentProfileGender": ["MALE", "FEMALE", "INTERSEX", "TRANS", "NON_BINARY"],
    "AssessmentAttributeType": ["TEXT", "NUMBER", "SUB_RESULT"],
}


@pytest.mark.parametrize("operation_id", ORDER_OPERATIONS)
def test_each_order_operation_is_named_tagged_and_routed(
    operations: dict[str, contract.Operation], operation_id: str
) -> None:
    method, path, has_body = ORDER_OPERATIONS[operation_id]
    operation = operations[operation_id]
    assert (operation.method, operation.path) == (method, path)
    assert operation.spec["tags"] == ["assessment", "order"]
    assert operation.body_schema == (ORDER if has_body else None)
    assert operation.success_schema == ORDER
    # The same errors as the package operation of the same method.
    package_path = path.replace("/order", "/package")
    twin = next(o for o in operations.values() if (o.method, o.path) == (method, package_path))
    assert set(operation.spec["responses"]) == set(twin.spec["responses"])


def test_the_vendor_publishes_no_order_list_or_remove(document: Any) -> None:
    order_paths = {p: item for p, item in document["paths"].items() if "/order" in p}
    assert "get" not in order_paths["/assessment/{connection_id}/order"]
    assert "delete" not in order_paths["/assessment/{connection_id}/order/{id}"]


def test_an_order_has_every_field_the_vendor_gives_it(document: Any) -> None:
    properties = document["components"]["schemas"]["AssessmentOrder"]["properties"]
    assert set(properties) >= set(ORDER_FIELDS)
    for name, (kind, detail) in ORDER_FIELDS.items():
        prop = properties[name]
        assert prop.get("type") == kind, name
        items = prop.get("items", {}) if kind == "array" else prop
        if detail and detail[0].isupper():
            assert items["$ref"] == f"#/components/schemas/{detail}", name
        else:
            assert items.get("format") == detail, name
        assert prop["description"], name


def test_an_orders_server_fields_are_kept_from_the_client(document: Any) -> None:
    order = document["components"]["schemas"]["AssessmentOrder"]
    assert contract.read_only(document, order) >= {"workspace_id", "connection_id"}
    assert contract.server_owned(document, order) >= {"id", "created_at", "updated_at"}
    assert order["additionalProperties"] is True


def test_orders_and_packages_share_one_metadata_schema(document: Any) -> None:
    schemas = document["components"]["schemas"]
    for resource in ("AssessmentPackage", "AssessmentOrder"):
        metadata = schemas[resource]["properties"]["metadata"]
        assert metadata["items"] == {"$ref": "#/components/schemas/AssessmentMetadata"}


@pytest.mark.parametrize("name", ORDER_NESTED)
def test_the_order_holds_the_nested_types(document: Any, name: str) -> None:
    schema = document["components"]["schemas"][name]
    for prop, kind in ORDER_NESTED[name].items():
        assert schema["properties"][prop]["type"] == kind, prop
    assert schema["additionalProperties"] is True
    if name == "AssessmentAttribute":
        assert set(schema["required"]) == {"label", "type"}
        assert schema["properties"]["type"]["$ref"].endswith("/AssessmentAttributeType")
        assert schema["properties"]["status"]["$ref"].endswith("/AssessmentOrderStatus")


@pytest.mark.parametrize("name", ORDER_ENUMS)
def test_the_order_enums_list_the_vendors_values(document: Any, name: str) -> None:
    assert set(ORDER_ENUMS[name]) <= set(document["components"]["schemas"][name]["enum"])


def test_the_order_create_answer_links_to_get_update_and_patch(
    document: Any, operations: dict[str, contract.Operation]
) -> None:
    links = operations["createAssessmentOrder"].response("200")["links"]
    targets = {
        deref(document, link)["operationId"]: deref(document, link) for link in links.values()
    }
    assert set(targets) == {"getAssessmentOrder", "updateAssessmentOrder", "patchAssessmentOrder"}
    for link in targets.values():
        assert link["parameters"] == {
            "connection_id": "$request.path.connection_id",
            "id": "$response.body#/id",
        }


# The vendor's webhook resource, as its SDK publishes it (unified-python-sdk 0.60.16,
# models/shared/webhook.py and webhook.py): operationId -> (method, path, body?, answer).
WEBHOOK = {"$ref": "#/components/schemas/Webhook"}
WEBHOOK_OPERATIONS = {
    "createUnifiedWebhook": ("POST", "/unified/webhook", True, "webhook"),
    "listUnifiedWebhooks": ("GET", "/unified/webhook", False, "array"),
    "getUnifiedWebhook": ("GET", "/unified/webhook/{id}", False, "webhook"),
    "updateUnifiedWebhook": ("PUT", "/unified/webhook/{id}", True, "webhook"),
    "patchUnifiedWebhook": ("PATCH", "/unified/webhook/{id}", True, "webhook"),
    "removeUnifiedWebhook": ("DELETE", "/unified/webhook/{id}", False, None),
    "updateUnifiedWebhookTrigger": ("PUT", "/unified/webhook/{id}/trigger", False, None),
    "patchUnifiedWebhookTrigger": ("PATCH", "/unified/webhook/{id}/trigger", False, None),
}
WEBHOOK_FIELDS = {
    "id", "created_at", "updated_at", "workspace_id", "connection_id", "event", "object_type",
    "hook_url", "is_healthy", "checked_at", "runs", "is_paused", "webhook_type", "interval",
    "fields", "filters", "environment", "integration_type", "page_max_limit", "is_beta",
    "db_type", "db_url", "db_schema", "db_name_prefix",
}  # fmt: skip
WEBHOOK_ENUMS = {
    "WebhookEvent": ["created", "updated", "deleted"],
    "WebhookType": ["virtual", "native"],
    "WebhookDbType": ["mongodb", "mysql", "postgres", "mssql", "mariadb", "supabase", "snowflake"],
    # The vendor's object types are 175; this API's are these two.
    "WebhookObjectType": ["assessment_order", "assessment_package"],
    # The delivery's `type`, as the vendor documents deliveries.
    "WebhookDeliveryType": ["INITIAL-PARTIAL", "INITIAL-COMPLETE", "VIRTUAL", "NATIVE"],
}
DELIVERY_MEMBERS = {"data", "webhook", "nonce", "sig", "type"}


@pytest.mark.parametrize("operation_id", WEBHOOK_OPERATIONS)
def test_each_webhook_operation_is_named_tagged_and_routed(
    operations: dict[str, contract.Operation], operation_id: str
) -> None:
    method, path, has_body, answer = WEBHOOK_OPERATIONS[operation_id]
    operation = operations[operation_id]
    assert (operation.method, operation.path) == (method, path)
    assert operation.spec["tags"] == ["webhook"]
    assert operation.body_schema == (WEBHOOK if has_body else None)
    schema = operation.success_schema
    assert schema == {"webhook": WEBHOOK, "array": {"type": "array", "items": WEBHOOK}}.get(
        str(answer)
    )


def test_webhook_create_and_list_take_the_vendors_query_parameters(
    operations: dict[str, contract.Operation],
) -> None:
    create = {p["name"]: p for p in operations["createUnifiedWebhook"].query_parameters}
    assert create["include_all"]["schema"]["type"] == "boolean"
    listed = {p["name"] for p in operations["listUnifiedWebhooks"].query_parameters}
    assert listed >= {"limit", "offset", "connection_id", "object"}


def test_a_webhook_has_every_field_the_vendor_gives_it(document: Any) -> None:
    webhook = document["components"]["schemas"]["Webhook"]
    assert set(webhook["properties"]) >= WEBHOOK_FIELDS
    assert set(webhook["required"]) >= {"connection_id", "event", "object_type"}
    assert webhook["additionalProperties"] is True
    assert contract.server_owned(document, webhook) >= {"id", "created_at", "updated_at"}


@pytest.mark.parametrize("name", WEBHOOK_ENUMS)
def test_the_webhook_enums_list_the_vendors_values(document: Any, name: str) -> None:
    assert set(WEBHOOK_ENUMS[name]) <= set(document["components"]["schemas"][name]["enum"])


def test_orders_arrive_by_webhook_as_the_vendor_sends_them(document: Any) -> None:
    kinds = {(kind.object_type, kind.event): kind for kind in contract.deliveries(document)}
    assert {("assessment_order", "created"), ("assessment_order", "updated")} <= set(kinds)
    for kind in kinds.values():
        delivery = deref(document, kind.schema)
        assert set(delivery["properties"]) >= DELIVERY_MEMBERS
        assert set(delivery["required"]) >= {"data", "nonce", "sig"}
        assert delivery["properties"]["data"]["type"] == "array"
