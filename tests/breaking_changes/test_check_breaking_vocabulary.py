"""make check-breaking fails closed: every keyword of JSON Schema 2020-12 and every field of the
OpenAPI 3.1 objects, read from the metaschemas the validators ship, is either compared by a rule
or reported as `unclassified`; a change to one is never passed over in silence."""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from breaking.model import DOCUMENTATION, UNCLASSIFIED
from breaking.schemas import KEYWORDS
from check_breaking import changes
from contract import escape, resolve

from .test_check_breaking import POST, Document, contract, op, text

SPARE = "/components/schemas/Spare"


def package(name: str) -> Path:
    """Where an installed package's files are (the validators ship the metaschemas)."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, name
    return Path(spec.origin).parent


JSON_SCHEMA = package("jsonschema_specifications") / "schemas" / "draft202012"
OAS_DIALECT = package("openapi_schema_validator") / "schemas" / "oas3.1"
OAS = package("openapi_spec_validator") / "resources" / "schemas" / "v3.1" / "schema.json"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def schema_vocabulary() -> dict[str, Any]:
    """Every keyword of the 2020-12 vocabularies and of the OpenAPI dialect, with its schema."""
    found: dict[str, Any] = {}
    for path in [
        *sorted((JSON_SCHEMA / "vocabularies").iterdir()),
        OAS_DIALECT / "vocabularies" / "base",
    ]:
        found.update(load(path).get("properties", {}))
    found.update(load(JSON_SCHEMA / "metaschema.json").get("properties", {}))
    return found


def sample(spec: Any) -> Any:
    """A value a metaschema property accepts, other than its default."""
    if not isinstance(spec, dict):
        return "x"
    ref = str(spec.get("$ref", ""))
    if "$dynamicRef" in spec or ref.endswith(("/meta", "#meta")):
        return {"minLength": 1}
    by_ref = {
        "schemaArray": [{"minLength": 1}],
        "nonNegativeInteger": 3,
        "nonNegativeIntegerDefault0": 3,
        "stringArray": ["name"],
        "uriReferenceString": "https://example.com/other",
        "uriString": "https://example.com/other",
        "anchorString": "anchor",
        "discriminator": {"propertyName": "kind"},
        "external-docs": {"url": "https://example.com"},
        "xml": {"name": "thing"},
        "simpleTypes": "string",
    }
    for name, value in by_ref.items():
        if ref.endswith(name):
            return value
    if "anyOf" in spec:
        return sample(spec["anyOf"][0])
    kind = spec.get("type")
    if kind == "object":
        extra = spec.get("additionalProperties", {"type": "string"})
        return (
            {"https://example.com/vocab": sample(extra)}
            if "propertyNames" in spec
            else {"k": sample(extra)}
        )
    return {"string": "x", "number": 3, "integer": 3, "boolean": True, "array": ["x"]}.get(
        str(kind), "x"
    )


SCHEMA_KEYWORDS = sorted(schema_vocabulary().items())


@pytest.mark.parametrize(("keyword", "spec"), SCHEMA_KEYWORDS, ids=[k for k, _ in SCHEMA_KEYWORDS])
def test_every_schema_keyword_is_classified_or_unclassified(keyword: str, spec: Any) -> None:
    old = contract()
    old["components"]["schemas"]["Spare"] = {}
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Spare"] = {keyword: sample(spec)}
    found = changes(old, new)
    listed = "\n".join(f"{c.pointer}: {c.reason} ({c.rule})" for c in found)
    if keyword in DOCUMENTATION:
        assert found == [], listed
    elif keyword in KEYWORDS or keyword == "$ref":
        assert found, listed
        assert all(c.rule != UNCLASSIFIED for c in found), listed
    else:
        assert any(
            c.rule == UNCLASSIFIED and c.pointer == f"{SPARE}/{escape(keyword)}" for c in found
        ), listed
        assert all(c.breaking for c in found), listed


def test_the_vocabulary_is_read_whole() -> None:
    # The test above is only as good as the list it walks.
    names = {keyword for keyword, _ in SCHEMA_KEYWORDS}
    assert {"prefixItems", "unevaluatedProperties", "dependentRequired", "contentSchema"} <= names
    assert {"$dynamicRef", "discriminator", "xml", "readOnly", "examples"} <= names


# The OpenAPI 3.1 objects: a contract that holds one of each, and where each is.


def full() -> Document:
    d = contract()
    d["info"].update(contact={"name": "team"}, license={"name": "MIT"}, termsOfService="https://t")
    d["externalDocs"] = {"url": "https://docs.example.com"}
    d["tags"] = [{"name": "thing"}]
    variables = {"region": {"default": "us", "enum": ["us", "eu"]}}
    d["servers"].append({"url": "https://{region}.example.com", "variables": variables})
    flow = {"tokenUrl": "https://auth.example.com/token", "scopes": {"read": "r"}}
    d["components"]["securitySchemes"]["oauth"] = {
        "type": "oauth2",
        "flows": {"clientCredentials": flow},
    }
    d["components"]["examples"] = {"sample": {"value": {"kind": "A"}}}
    answer = op(d, "post")["responses"]["200"]
    answer["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    answer["links"] = {
        "self": {"operationId": "getReport", "parameters": {"id": "$request.path.id"}}
    }
    form = {"schema": {"type": "object"}, "encoding": {"file": {"contentType": "image/png"}}}
    op(d, "post")["requestBody"]["content"]["multipart/form-data"] = form
    return d


THINGS = "/paths/~1things~1{id}"
WHERE = {
    "": "",
    "info": "/info",
    "contact": "/info/contact",
    "license": "/info/license",
    "server": "/servers/2",
    "server-variable": "/servers/2/variables/region",
    "components": "/components",
    "path-item": THINGS,
    "operation": POST,
    "external-documentation": "/externalDocs",
    "parameter": "/components/parameters/id",
    "request-body": f"{POST}/requestBody",
    "media-type": f"{POST}/requestBody/content/multipart~1form-data",
    "encoding": f"{POST}/requestBody/content/multipart~1form-data/encoding/file",
    "response": f"{POST}/responses/200",
    "example": "/components/examples/sample",
    "link": f"{POST}/responses/200/links/self",
    "header": f"{POST}/responses/200/headers/Retry-After",
    "tag": "/tags/0",
    "security-scheme": "/components/securitySchemes/oauth",
    "oauth-flows": "/components/securitySchemes/oauth/flows",
    "implicit": "/components/securitySchemes/oauth/flows/clientCredentials",
}
# Objects that are maps of others (paths, responses, callbacks) or a $ref: walked elsewhere.
# Objects that only document: examples and links to external documentation.
DOCUMENTS = {"example", "examples", "external-documentation"}
NOT_HERE = {"paths", "responses", "callbacks", "reference", "security-requirement", "content"}


def fields(node: Any) -> Iterator[tuple[str, Any]]:
    """The properties an object's metaschema names, in its subschemas too, not through $refs."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield from value.items()
            yield from fields(value)
    elif isinstance(node, list):
        for item in node:
            yield from fields(item)


def oas_fields() -> list[tuple[str, str, Any]]:
    metaschema = load(OAS)
    found = {("", name): spec for name, spec in metaschema["properties"].items()}
    for kind, definition in metaschema["$defs"].items():
        if kind in NOT_HERE or kind not in WHERE:
            continue
        for name, spec in fields(definition):
            # The flows' own fields are tried on one flow.
            flow = name in ("authorizationUrl", "tokenUrl", "refreshUrl", "scopes")
            found["implicit" if flow else kind, name] = spec
    return sorted((kind, name, spec) for (kind, name), spec in found.items())


def mutated(value: Any, spec: Any) -> Any:
    """Another value for a field: changed if it is there, a sample if not."""
    if value is None:
        if isinstance(spec, dict) and "enum" in spec:
            return spec["enum"][-1]
        return sample(spec) if not (isinstance(spec, dict) and "$ref" in spec) else {"x-new": 1}
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return [*value, copy.deepcopy(value[0])] if value else [{"x-new": 1}]
    return {**value, "x-new": {"x-new": 1}}


# A path item's $ref is followed to what it points to (a Reference object: the test below);
# info.version is what the verdict is about, not a change it lists.
OAS_FIELDS = [
    (kind, name, spec)
    for kind, name, spec in oas_fields()
    if (kind, name) not in (("path-item", "$ref"), ("info", "version"))
]


@pytest.mark.parametrize(
    ("kind", "name", "spec"),
    OAS_FIELDS,
    ids=[f"{kind or 'openapi'}.{name}" for kind, name, _ in OAS_FIELDS],
)
def test_every_openapi_field_is_compared(kind: str, name: str, spec: Any) -> None:
    old = full()
    new = copy.deepcopy(old)
    node = resolve(new, "#" + WHERE[kind]) if WHERE[kind] else new
    node[name] = mutated(node.get(name), spec)
    found = changes(old, new)
    listed = "\n".join(f"{c.pointer}: {c.reason} ({c.rule})" for c in found)
    if name in DOCUMENTATION or kind in DOCUMENTS:
        assert found == [], listed
    else:
        assert found, f"{WHERE[kind]}/{name}: {node[name]} passed as no change"


def test_every_openapi_object_is_tried() -> None:
    # An object of the metaschema left out of WHERE would leave its fields untried.
    kinds = {kind for kind, definition in load(OAS)["$defs"].items() if any(fields(definition))}
    assert kinds <= WHERE.keys() | NOT_HERE | DOCUMENTS, kinds - WHERE.keys() - NOT_HERE
    assert len(OAS_FIELDS) > 100


def test_an_unknown_field_is_unclassified_and_breaking() -> None:
    old, new = full(), full()
    op(new, "post")["x-rate-limit"] = 10
    new["components"]["schemas"]["Thing"]["properties"]["name"]["x-vendor"] = True
    # (webhooks have rules of their own now: test_check_breaking_webhooks.py)
    found = changes(old, new)
    pointers = {c.pointer for c in found if c.rule == UNCLASSIFIED and c.breaking}
    assert {
        f"{POST}/x-rate-limit",
        "/components/schemas/Thing/properties/name/x-vendor",
    } <= pointers, found


def test_a_description_is_no_change() -> None:
    old, new = full(), full()
    op(new, "post")["description"] = "Creates a thing."
    new["components"]["schemas"]["Thing"]["properties"]["name"]["description"] = "Its name"
    op(new, "post")["responses"]["200"]["headers"]["Retry-After"]["description"] = "seconds"
    new["components"]["schemas"]["Edit"]["properties"]["note"] = text(maxLength=10, examples=["a"])
    assert changes(old, new) == []


def test_a_reference_moved_is_a_compatible_change() -> None:
    # The same parameter, now written once in components: the wire and the client are the same.
    old, new = full(), full()
    new["components"]["parameters"]["dry_run"] = op(new, "post")["parameters"][0]
    op(new, "post")["parameters"][0] = {"$ref": "#/components/parameters/dry_run"}
    found = [c for c in changes(old, new) if c.pointer.startswith(POST)]
    assert [(c.rule, c.breaking) for c in found] == [("reference-changed", False)], found
