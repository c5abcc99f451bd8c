"""make check-breaking on the cases of issue 15: changes the first checker missed, and changes it
classified wrongly. Each is a before/after pair of the small contract of test_check_breaking."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from check_breaking import changes

from .test_check_breaking import (
    EDIT,
    ID,
    POST,
    PUT_BODY,
    REPORT,
    THING,
    Document,
    contract,
    op,
    param,
    prop,
    ref,
    require,
    schema,
    text,
)

Edit = Callable[[Document], object]


def nothing(d: Document) -> None:
    """No edit: the base as test_check_breaking builds it."""


def servers_with_variables(d: Document) -> None:
    variables = {"region": {"default": "us", "enum": ["us", "eu"]}}
    d["servers"].append({"url": "https://{region}.things.example.com", "variables": variables})


def answer_headers(d: Document) -> None:
    op(d, "post")["responses"]["200"]["headers"] = {
        "WWW-Authenticate": {"required": True, "schema": text()},
        "Retry-After": {"schema": {"type": "integer"}},
    }


def oauth(d: Document) -> None:
    flow = {"tokenUrl": "https://auth.example.com/token", "scopes": {"read": "r", "write": "w"}}
    d["components"]["securitySchemes"]["oauth"] = {
        "type": "oauth2",
        "flows": {"clientCredentials": flow},
    }


def scopes(d: Document) -> Any:
    return d["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"]["scopes"]


def rename_path_parameter(d: Document) -> None:
    d["paths"]["/things/{key}"] = d["paths"].pop("/things/{id}")
    d["components"]["parameters"]["id"]["name"] = "key"


def swap_any_of(d: Document) -> None:
    prop(d, "Edit", "value")["anyOf"].reverse()


def add_required(d: Document, name: str, node: Document) -> None:
    schema(d, "Thing")["properties"][name] = node
    require(d, "Thing", name)


SCOPES = "/components/securitySchemes/oauth/flows/clientCredentials/scopes"
RENAMED = "/paths/~1things~1{key}/post"
LABELS = f"{THING}/properties/labels"

# (what changes, the base's edit, the edit, the pointer it is reported at, breaking?)
MISSED: list[tuple[str, Edit, Edit, str, bool]] = [
    (
        "parameter style simple to matrix",
        nothing,
        lambda d: d["components"]["parameters"]["id"].update(style="matrix"),
        f"{ID}/style",
        True,
    ),
    (
        "parameter explode",
        nothing,
        lambda d: param(d, 0).update(explode=False),
        f"{POST}/parameters/0/explode",
        True,
    ),
    (
        "parameter schema to content",
        nothing,
        lambda d: param(d, 1).update(content={"application/json": param(d, 1).pop("schema")}),
        f"{POST}/parameters/1/content",
        True,
    ),
    (
        "parameter default 100 to 10",
        lambda d: param(d, 1)["schema"].update(default=100),
        lambda d: param(d, 1)["schema"].update(default=10),
        f"{POST}/parameters/1/schema/default",
        True,
    ),
    (
        "additionalProperties true to a schema",
        nothing,
        lambda d: schema(d, "Thing").update(additionalProperties=text()),
        f"{THING}/additionalProperties",
        True,
    ),
    (
        "unevaluatedProperties false",
        nothing,
        lambda d: schema(d, "Thing").update(unevaluatedProperties=False),
        f"{THING}/unevaluatedProperties",
        True,
    ),
    (
        "not",
        nothing,
        lambda d: prop(d, "Edit", "note").update({"not": {"const": "x"}}),
        f"{EDIT}/properties/note/not",
        True,
    ),
    (
        "items false",
        nothing,
        lambda d: prop(d, "Thing", "labels").update(items=False),
        f"{LABELS}/items",
        True,
    ),
    (
        "propertyNames",
        nothing,
        lambda d: schema(d, "Thing").update(propertyNames={"maxLength": 5}),
        f"{THING}/propertyNames",
        True,
    ),
    (
        "dependentRequired",
        nothing,
        lambda d: schema(d, "Edit").update(dependentRequired={"mode": ["value"]}),
        f"{EDIT}/dependentRequired/mode",
        True,
    ),
    (
        "dependentSchemas",
        nothing,
        lambda d: schema(d, "Edit").update(dependentSchemas={"mode": {"required": ["value"]}}),
        f"{EDIT}/dependentSchemas/mode",
        True,
    ),
    (
        "prefixItems",
        nothing,
        lambda d: prop(d, "Thing", "labels").update(prefixItems=[text()]),
        f"{LABELS}/prefixItems/0",
        True,
    ),
    (
        "contains",
        nothing,
        lambda d: prop(d, "Thing", "labels").update(contains={"const": "x"}),
        f"{LABELS}/contains",
        True,
    ),
    (
        "if and then",
        nothing,
        lambda d: schema(d, "Edit").update(
            {"if": {"required": ["mode"]}, "then": {"required": ["value"]}}
        ),
        f"{EDIT}/then",
        True,
    ),
    (
        "a bound nested under else",
        lambda d: schema(d, "Edit").update({"else": {"properties": {"note": {"maxLength": 10}}}}),
        lambda d: schema(d, "Edit")["else"]["properties"]["note"].update(maxLength=5),
        f"{EDIT}/else/properties/note/maxLength",
        True,
    ),
    (
        "patternProperties",
        nothing,
        lambda d: schema(d, "Thing").update(patternProperties={"^x-": text()}),
        f"{THING}/patternProperties/^x-",
        True,
    ),
    (
        "contentMediaType",
        nothing,
        lambda d: prop(d, "Edit", "note").update(contentMediaType="application/json"),
        f"{EDIT}/properties/note/contentMediaType",
        True,
    ),
    (
        "contentSchema",
        lambda d: prop(d, "Edit", "note").update(contentMediaType="application/json"),
        lambda d: prop(d, "Edit", "note").update(contentSchema={"type": "object"}),
        f"{EDIT}/properties/note/contentSchema",
        True,
    ),
    (
        "a keyword beside a $ref",
        nothing,
        lambda d: schema(d, "Thing")["properties"].update(kind={**ref("Kind"), "enum": ["A"]}),
        f"{THING}/properties/kind/enum",
        True,
    ),
    (
        "server variable default",
        servers_with_variables,
        lambda d: d["servers"][2]["variables"]["region"].update(default="eu"),
        "/servers/2/variables/region/default",
        True,
    ),
    (
        "server variable enum value removed",
        servers_with_variables,
        lambda d: d["servers"][2]["variables"]["region"]["enum"].remove("eu"),
        "/servers/2/variables/region/enum",
        True,
    ),
    (
        "a required response header removed",
        answer_headers,
        lambda d: op(d, "post")["responses"]["200"]["headers"].pop("WWW-Authenticate"),
        f"{POST}/responses/200/headers/WWW-Authenticate",
        True,
    ),
    (
        "a response header's schema changed",
        answer_headers,
        lambda d: op(d, "post")["responses"]["200"]["headers"]["Retry-After"].update(schema=text()),
        f"{POST}/responses/200/headers/Retry-After/schema/type",
        True,
    ),
    (
        "a schema added to a media type that had none",
        lambda d: op(d, "put")["requestBody"]["content"].update({"text/plain": {}}),
        lambda d: op(d, "put")["requestBody"]["content"].update({"text/plain": {"schema": text()}}),
        f"{PUT_BODY}/content/text~1plain/schema",
        True,
    ),
    (
        "a request body made optional",
        nothing,
        lambda d: op(d, "post")["requestBody"].update(required=False),
        f"{POST}/requestBody/required",
        False,
    ),
    (
        "x-server-owned added to a client-owned property",
        nothing,
        lambda d: prop(d, "Thing", "name").update({"x-server-owned": True}),
        f"{THING}/properties/name/x-server-owned",
        True,
    ),
]

WRONG: list[tuple[str, Edit, Edit, str, bool]] = [
    (
        "a required read-only property added",
        nothing,
        lambda d: add_required(d, "serial", text(readOnly=True)),
        f"{THING}/properties/serial",
        False,
    ),
    (
        "a read-only property made required",
        nothing,
        lambda d: require(d, "Thing", "owner"),
        f"{THING}/properties/owner",
        False,
    ),
    (
        "a write-only property made optional",
        lambda d: add_required(d, "secret", text(writeOnly=True)),
        lambda d: schema(d, "Thing")["required"].remove("secret"),
        f"{THING}/properties/secret",
        False,
    ),
    (
        "an allOf member added to a schema only answers use",
        nothing,
        lambda d: schema(d, "Report").update(allOf=[{"required": ["state"]}]),
        f"{REPORT}/allOf",
        False,
    ),
    (
        "a security requirement removed from an alternative",
        lambda d: d.update(security=[{"bearer": [], "apiKey": []}]),
        lambda d: d.update(security=[{"bearer": []}]),
        "/security",
        False,
    ),
    (
        "a scope removed from a requirement",
        lambda d: d.update(security=[{"oauth": ["read", "write"]}]),
        lambda d: d.update(security=[{"oauth": ["read"]}]),
        "/security",
        False,
    ),
    (
        "a scope added to a requirement",
        lambda d: d.update(security=[{"oauth": ["read"]}]),
        lambda d: d.update(security=[{"oauth": ["read", "write"]}]),
        "/security",
        True,
    ),
    (
        "an OAuth scope added to a flow",
        oauth,
        lambda d: scopes(d).update(admin="a"),
        f"{SCOPES}/admin",
        False,
    ),
    (
        "an OAuth scope removed from a flow",
        oauth,
        lambda d: scopes(d).pop("write"),
        f"{SCOPES}/write",
        True,
    ),
    (
        "a pattern removed from a request-only parameter",
        lambda d: d["components"]["parameters"]["id"]["schema"].update(pattern="^[a-z]+$"),
        lambda d: d["components"]["parameters"]["id"]["schema"].pop("pattern"),
        f"{ID}/schema/pattern",
        False,
    ),
    (
        "two anyOf alternatives swapped",
        nothing,
        swap_any_of,
        f"{EDIT}/properties/value/anyOf",
        False,
    ),
    (
        "the scheme bearer spelled Bearer",
        nothing,
        lambda d: d["components"]["securitySchemes"]["bearer"].update(scheme="Bearer"),
        "/components/securitySchemes/bearer/scheme",
        False,
    ),
    ("a path parameter renamed", nothing, rename_path_parameter, RENAMED, True),
]


def listed(found: list[Any]) -> str:
    return "\n".join(
        f"{item.pointer}: {item.reason} ({item.rule}, {item.breaking})" for item in found
    )


@pytest.mark.parametrize(
    ("base", "edit", "pointer", "is_breaking"),
    [case[1:] for case in MISSED + WRONG],
    ids=[case[0] for case in MISSED + WRONG],
)
def test_issue_case(base: Edit, edit: Edit, pointer: str, is_breaking: bool) -> None:
    old = contract()
    base(old)
    new = copy.deepcopy(old)
    edit(new)
    found = changes(old, new)
    there = [item for item in found if item.pointer == pointer]
    assert there, listed(found)
    assert all(item.rule != "unclassified" for item in there), listed(found)
    if is_breaking:
        assert any(item.breaking for item in there), listed(found)
    else:
        assert not any(item.breaking for item in found), listed(found)


def test_a_scope_added_is_said_added() -> None:
    old = contract()
    old["security"] = [{"oauth": ["read"]}]
    new = copy.deepcopy(old)
    new["security"] = [{"oauth": ["read", "write"]}]
    (found,) = changes(old, new)
    assert "write" in found.reason and "removed" not in found.reason


def test_a_renamed_path_parameter_is_not_an_operation_removed() -> None:
    old, new = contract(), contract()
    rename_path_parameter(new)
    found = changes(old, new)
    assert not [item for item in found if item.rule in ("operation-removed", "operation-added")], (
        listed(found)
    )
    (renamed,) = [item for item in found if item.pointer == RENAMED]
    assert renamed.rule == "path-parameter-renamed"
    assert "id" in renamed.reason and "key" in renamed.reason


def test_a_required_read_only_property_is_not_said_sent() -> None:
    old, new = contract(), contract()
    require(new, "Thing", "owner")
    (found,) = changes(old, new)
    assert "callers must send" not in found.reason
