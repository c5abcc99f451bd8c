"""make check-breaking, rule by rule: for every rule id the checker can report, a before/after
pair of the small contract that makes it report that rule, breaking or not as the README's rule
table says. A last test reads the rule ids out of scripts/breaking/ and checks none is missing
here."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
from breaking.model import UNCLASSIFIED
from check_breaking import changes
from contract import ROOT

from .test_check_breaking import Document, body, op, param, prop, ref, require, schema, text
from .test_check_breaking_vocabulary import full

Edit = Callable[[Document], object]


def nothing(d: Document) -> None:
    """No edit: the base as test_check_breaking_vocabulary.full builds it."""


def servers(d: Document) -> list[Any]:
    found: list[Any] = d["servers"]
    return found


def region(d: Document) -> Any:
    return servers(d)[2]["variables"]["region"]


def schemes(d: Document) -> Any:
    return d["components"]["securitySchemes"]


def flow(d: Document) -> Any:
    return schemes(d)["oauth"]["flows"]["clientCredentials"]


def answer(d: Document) -> Any:
    return op(d, "post")["responses"]["200"]


def header(d: Document) -> Any:
    return answer(d)["headers"]["Retry-After"]


def encoding(d: Document) -> Any:
    return op(d, "post")["requestBody"]["content"]["multipart/form-data"]["encoding"]["file"]


def limit(d: Document) -> Any:
    return param(d, 1)["schema"]


def items(d: Document) -> Any:
    return prop(d, "Thing", "labels")


def spare(d: Document) -> Any:
    return schema(d, "Spare")


def setter(get: Callable[[Document], Any], **values: Any) -> Edit:
    return lambda d: get(d).update(values)


def dropper(get: Callable[[Document], Any], key: str) -> Edit:
    return lambda d: get(d).pop(key)


def add_required(d: Document, name: str) -> None:
    schema(d, "Thing")["properties"][name] = text()
    require(d, "Thing", name)


def with_delivery(d: Document) -> None:
    """A webhooks entry: a Delivered, which no operation uses, delivered when a thing is
    created."""
    d["components"]["schemas"]["Delivered"] = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
    }
    d["webhooks"] = {
        "thingCreated": {
            "post": {
                "operationId": "thingCreated",
                "x-object-type": "thing",
                "x-event": "created",
                "requestBody": {"required": True, **body(ref("Delivered"))},
                "responses": {"200": {"description": "received"}},
            }
        }
    }


def delivery(d: Document) -> Any:
    return d["webhooks"]["thingCreated"]["post"]


def without_body(d: Document) -> None:
    with_delivery(d)
    delivery(d).pop("requestBody")


def rename_path_parameter(d: Document) -> None:
    d["paths"]["/things/{key}"] = d["paths"].pop("/things/{id}")
    d["components"]["parameters"]["id"]["name"] = "key"


def swap(values: list[Any]) -> None:
    values[0], values[1] = values[1], values[0]


NOTE = {"type": "string", "maxLength": 10}
# (rule id, the base's edit, the edit, breaking?)
RULES: list[tuple[str, Edit, Edit, bool]] = [
    # the document
    ("openapi-version-changed", nothing, lambda d: d.update(openapi="3.1.1"), False),
    ("info-changed", nothing, lambda d: d["info"].update(title="stuff"), False),
    ("tags-changed", nothing, lambda d: d["tags"].append({"name": "report"}), False),
    ("format-assertion-stated", nothing, lambda d: d.update({"x-format-assertion": True}), False),
    (
        "format-assertion-changed",
        lambda d: d.update({"x-format-assertion": True}),
        lambda d: d.update({"x-format-assertion": False}),
        True,
    ),
    ("format-assertion-changed", nothing, lambda d: d.update({"x-format-assertion": False}), True),
    (UNCLASSIFIED, nothing, lambda d: d.update({"x-vendor": 1}), True),
    # webhooks: what a provider receives
    ("webhook-added", nothing, with_delivery, False),
    ("webhook-removed", with_delivery, lambda d: d["webhooks"].pop("thingCreated"), True),
    ("webhook-kind-changed", with_delivery, setter(delivery, **{"x-event": "updated"}), True),
    ("webhook-body-removed", with_delivery, lambda d: delivery(d).pop("requestBody"), True),
    (
        "webhook-body-added",
        without_body,
        lambda d: delivery(d).update(requestBody={"required": True, **body(ref("Delivered"))}),
        False,
    ),
    (
        "webhook-response-removed",
        with_delivery,
        lambda d: delivery(d)["responses"].pop("200"),
        True,
    ),
    (
        "webhook-response-added",
        with_delivery,
        lambda d: delivery(d)["responses"].update({"410": {"description": "gone"}}),
        False,
    ),
    # A delivery's body is read by the provider: a property removed from it breaks, one added
    # does not, as in an answer.
    (
        "schema-property-removed",
        with_delivery,
        lambda d: d["components"]["schemas"]["Delivered"]["properties"].pop("a"),
        True,
    ),
    # servers
    ("server-removed", nothing, lambda d: servers(d).pop(1), True),
    (
        "server-added",
        nothing,
        lambda d: servers(d).append({"url": "https://au.example.com"}),
        False,
    ),
    ("server-default-changed", nothing, lambda d: swap(servers(d)), True),
    (
        "servers-reordered",
        nothing,
        lambda d: servers(d).insert(1, servers(d).pop(2)),
        False,
    ),
    (
        "server-region-changed",
        nothing,
        lambda d: servers(d)[1].update({"x-region": "europe"}),
        True,
    ),
    ("server-region-added", nothing, lambda d: servers(d)[2].update({"x-region": "any"}), False),
    (
        "server-variable-changed",
        nothing,
        lambda d: servers(d)[2]["variables"].update(port={"default": "443"}),
        True,
    ),
    ("server-variable-default-changed", nothing, setter(region, default="eu"), True),
    ("server-variable-enum-value-removed", nothing, lambda d: region(d)["enum"].remove("eu"), True),
    ("server-variable-enum-value-added", nothing, lambda d: region(d)["enum"].append("au"), False),
    ("server-variable-enum-reordered", nothing, lambda d: region(d)["enum"].reverse(), False),
    ("server-variable-enum-changed", nothing, dropper(region, "enum"), False),
    # security requirements
    ("security-removed", nothing, lambda d: d.update(security=[{"oauth": []}]), True),
    (
        "security-required-where-none",
        nothing,
        lambda d: op(d, "get").update(security=[{"bearer": []}]),
        True,
    ),
    (
        "security-requirement-scheme-added",
        nothing,
        lambda d: d["security"][0].update(oauth=[]),
        True,
    ),
    (
        "security-scope-added",
        lambda d: d.update(security=[{"oauth": ["read"]}]),
        lambda d: d["security"][0]["oauth"].append("write"),
        True,
    ),
    ("security-alternative-added", nothing, lambda d: d["security"].append({"oauth": []}), False),
    (
        "security-requirement-scheme-removed",
        lambda d: d.update(security=[{"bearer": [], "oauth": []}]),
        lambda d: d["security"][0].pop("oauth"),
        False,
    ),
    (
        "security-scope-removed",
        lambda d: d.update(security=[{"oauth": ["read", "write"]}]),
        lambda d: d["security"][0]["oauth"].remove("write"),
        False,
    ),
    (
        "security-reordered",
        lambda d: d.update(security=[{"bearer": []}, {"oauth": []}]),
        lambda d: d["security"].reverse(),
        False,
    ),
    ("security-rewritten", nothing, lambda d: d["security"].append({"bearer": []}), False),
    # security schemes
    ("security-scheme-removed", nothing, dropper(schemes, "oauth"), True),
    (
        "security-scheme-added",
        nothing,
        lambda d: schemes(d).update(key={"type": "apiKey", "in": "header", "name": "X-Key"}),
        False,
    ),
    (
        "security-scheme-changed",
        nothing,
        lambda d: schemes(d)["bearer"].update(scheme="basic"),
        True,
    ),
    (
        "security-scheme-respelled",
        nothing,
        lambda d: schemes(d)["bearer"].update(scheme="Bearer"),
        False,
    ),
    (
        "security-bearer-format-changed",
        nothing,
        lambda d: schemes(d)["bearer"].update(bearerFormat="JWT"),
        False,
    ),
    ("security-flow-removed", nothing, lambda d: schemes(d)["oauth"]["flows"].clear(), True),
    (
        "security-flow-added",
        nothing,
        lambda d: schemes(d)["oauth"]["flows"].update(
            password={"tokenUrl": "https://t", "scopes": {}}
        ),
        False,
    ),
    (
        "security-flow-url-changed",
        nothing,
        setter(flow, tokenUrl="https://auth.example.com/v2/token"),
        True,
    ),
    ("security-flow-scope-removed", nothing, lambda d: flow(d)["scopes"].pop("read"), True),
    ("security-flow-scope-added", nothing, lambda d: flow(d)["scopes"].update(write="w"), False),
    # operations
    ("operation-removed", nothing, lambda d: d["paths"]["/things/{id}"].pop("put"), True),
    (
        "operation-added",
        nothing,
        lambda d: d["paths"]["/things/{id}"].update(delete={"responses": {}}),
        False,
    ),
    (
        "operation-id-changed",
        nothing,
        setter(lambda d: op(d, "get"), operationId="readReport"),
        True,
    ),
    ("operation-first-tag-changed", nothing, setter(lambda d: op(d, "get"), tags=["report"]), True),
    ("operation-tags-changed", nothing, lambda d: op(d, "get")["tags"].append("extra"), False),
    (
        "operation-deprecated-changed",
        nothing,
        setter(lambda d: op(d, "get"), deprecated=True),
        False,
    ),
    (
        "operation-deprecated-rewritten",
        nothing,
        setter(lambda d: op(d, "get"), deprecated=False),
        False,
    ),
    ("path-parameter-renamed", nothing, rename_path_parameter, True),
    (
        "parameters-rewritten",
        nothing,
        lambda d: d["paths"]["/things/{id}"]["parameters"].append(
            {"$ref": "#/components/parameters/id"}
        ),
        False,
    ),
    (
        "reference-changed",
        lambda d: d["components"].update(
            parameters={**d["components"]["parameters"], "dry": param(d, 0)}
        ),
        lambda d: op(d, "post")["parameters"].__setitem__(
            0, {"$ref": "#/components/parameters/dry"}
        ),
        False,
    ),
    # parameters
    (
        "parameter-required-added",
        nothing,
        lambda d: op(d, "get").update(parameters=[{"name": "q", "in": "query", "required": True}]),
        True,
    ),
    (
        "parameter-optional-added",
        nothing,
        lambda d: op(d, "get").update(parameters=[{"name": "q", "in": "query"}]),
        False,
    ),
    ("parameter-removed", nothing, lambda d: op(d, "post")["parameters"].pop(1), True),
    (
        "parameter-location-changed",
        nothing,
        setter(lambda d: param(d, 1), **{"in": "header"}),
        True,
    ),
    (
        "parameter-renamed",
        lambda d: d["components"]["parameters"].update(page={"name": "page", "in": "query"}),
        lambda d: d["components"]["parameters"]["page"].update(name="p"),
        True,
    ),
    ("parameter-became-required", nothing, setter(lambda d: param(d, 1), required=True), True),
    (
        "parameter-became-optional",
        nothing,
        lambda d: d["components"]["parameters"]["id"].update(required=False),
        False,
    ),
    ("parameter-required-rewritten", nothing, setter(lambda d: param(d, 1), required=False), False),
    (
        "parameter-deprecated-changed",
        nothing,
        setter(lambda d: param(d, 1), deprecated=True),
        False,
    ),
    (
        "parameter-allow-empty-value-set",
        nothing,
        setter(lambda d: param(d, 1), allowEmptyValue=True),
        False,
    ),
    (
        "parameter-allow-empty-value-unset",
        setter(lambda d: param(d, 1), allowEmptyValue=True),
        dropper(lambda d: param(d, 1), "allowEmptyValue"),
        True,
    ),
    (
        "parameter-style-changed",
        nothing,
        setter(lambda d: param(d, 1), style="spaceDelimited"),
        True,
    ),
    ("parameter-explode-changed", nothing, setter(lambda d: param(d, 1), explode=False), True),
    (
        "parameter-allow-reserved-changed",
        nothing,
        setter(lambda d: param(d, 1), allowReserved=True),
        True,
    ),
    (
        "parameter-schema-content-switched",
        nothing,
        lambda d: param(d, 1).update(content={"text/plain": {"schema": param(d, 1).pop("schema")}}),
        True,
    ),
    (
        "parameter-page-maximum-stated",
        nothing,
        setter(lambda d: param(d, 1), **{"x-page-maximum": 100}),
        False,
    ),
    (
        "parameter-page-maximum-changed",
        setter(lambda d: param(d, 1), **{"x-page-maximum": 100}),
        setter(lambda d: param(d, 1), **{"x-page-maximum": 50}),
        True,
    ),
    # request bodies and media types
    ("request-body-removed", nothing, dropper(lambda d: op(d, "put"), "requestBody"), True),
    (
        "request-body-required-added",
        nothing,
        lambda d: op(d, "get").update(
            requestBody={"required": True, "content": {"text/plain": {}}}
        ),
        True,
    ),
    (
        "request-body-optional-added",
        nothing,
        lambda d: op(d, "get").update(requestBody={"content": {"text/plain": {}}}),
        False,
    ),
    (
        "request-body-became-required",
        nothing,
        lambda d: op(d, "put")["requestBody"].update(required=True),
        True,
    ),
    (
        "request-body-became-optional",
        nothing,
        lambda d: op(d, "post")["requestBody"].update(required=False),
        False,
    ),
    (
        "media-type-removed",
        nothing,
        lambda d: op(d, "post")["requestBody"]["content"].pop("multipart/form-data"),
        True,
    ),
    (
        "media-type-added",
        nothing,
        lambda d: op(d, "put")["requestBody"]["content"].update({"text/plain": {}}),
        False,
    ),
    (
        "media-type-schema-added",
        lambda d: op(d, "put")["requestBody"]["content"].update({"text/plain": {}}),
        lambda d: op(d, "put")["requestBody"]["content"]["text/plain"].update(schema=text()),
        True,
    ),
    (
        "media-type-schema-removed",
        nothing,
        lambda d: op(d, "post")["requestBody"]["content"]["multipart/form-data"].pop("schema"),
        True,
    ),
    ("encoding-content-type-changed", nothing, setter(encoding, contentType="image/jpeg"), True),
    # responses, headers, links
    (
        "response-success-status-removed",
        nothing,
        lambda d: op(d, "post")["responses"].pop("201"),
        True,
    ),
    (
        "response-non-success-status-removed",
        nothing,
        lambda d: op(d, "post")["responses"].pop("404"),
        False,
    ),
    (
        "response-status-added",
        nothing,
        lambda d: op(d, "post")["responses"].update({"409": {"description": "taken"}}),
        False,
    ),
    (
        "header-required-removed",
        setter(header, required=True),
        lambda d: answer(d)["headers"].clear(),
        True,
    ),
    ("header-optional-removed", nothing, lambda d: answer(d)["headers"].clear(), False),
    ("header-became-optional", setter(header, required=True), setter(header, required=False), True),
    ("header-became-required", nothing, setter(header, required=True), False),
    (
        "header-added",
        nothing,
        lambda d: answer(d)["headers"].update({"X-Rate": {"schema": text()}}),
        False,
    ),
    (
        "header-required-added",
        nothing,
        lambda d: encoding(d).update(headers={"X-Part": {"required": True, "schema": text()}}),
        True,
    ),
    ("header-deprecated-changed", nothing, setter(header, deprecated=True), False),
    (
        "header-respelled",
        nothing,
        lambda d: answer(d)["headers"].update(
            {"retry-after": answer(d)["headers"].pop("Retry-After")}
        ),
        False,
    ),
    ("response-link-removed", nothing, lambda d: answer(d)["links"].clear(), True),
    (
        "response-link-added",
        nothing,
        lambda d: answer(d)["links"].update(edit={"operationId": "editThing"}),
        False,
    ),
    (
        "response-link-changed",
        nothing,
        lambda d: answer(d)["links"]["self"].update(operationId="editThing"),
        True,
    ),
    # components
    ("component-schema-removed", nothing, lambda d: d["components"]["schemas"].pop("Spare"), True),
    (
        "component-schema-added",
        nothing,
        lambda d: d["components"]["schemas"].update(Extra={}),
        False,
    ),
    (
        "component-changed",
        nothing,
        lambda d: d["components"]["parameters"].update(page={"name": "page", "in": "query"}),
        False,
    ),
    # schemas: properties and required
    (
        "schema-property-removed",
        nothing,
        lambda d: schema(d, "Thing")["properties"].pop("size"),
        True,
    ),
    (
        "schema-optional-property-added",
        nothing,
        lambda d: schema(d, "Thing")["properties"].update(color=text()),
        False,
    ),
    (
        "schema-required-property-added",
        nothing,
        lambda d: add_required(d, "color"),
        True,
    ),
    ("schema-property-became-required", nothing, lambda d: require(d, "Thing", "name"), True),
    (
        "schema-property-became-optional",
        nothing,
        lambda d: schema(d, "Report").pop("required"),
        True,
    ),
    (
        "schema-required-reordered",
        lambda d: require(d, "Thing", "name"),
        lambda d: schema(d, "Thing")["required"].reverse(),
        False,
    ),
    (
        "schema-property-rewritten",
        lambda d: schema(d, "Thing")["properties"].update(extra=True),
        lambda d: schema(d, "Thing")["properties"].update(extra={}),
        False,
    ),
    # schemas: types, formats, references, enums, const
    (
        "schema-type-changed",
        nothing,
        setter(lambda d: prop(d, "Thing", "size"), type="string"),
        True,
    ),
    (
        "schema-type-widened",
        nothing,
        setter(lambda d: prop(d, "Report", "score"), type=["number", "null"]),
        True,
    ),
    (
        "schema-type-reordered",
        setter(lambda d: prop(d, "Edit", "note"), type=["string", "null"]),
        setter(lambda d: prop(d, "Edit", "note"), type=["null", "string"]),
        False,
    ),
    (
        "schema-format-changed",
        nothing,
        setter(lambda d: prop(d, "Thing", "at"), format="date"),
        True,
    ),
    (
        "schema-ref-changed",
        nothing,
        lambda d: schema(d, "Thing")["properties"].update(kind=ref("State")),
        True,
    ),
    ("schema-enum-added-or-removed", nothing, dropper(lambda d: schema(d, "Mode"), "enum"), True),
    (
        "schema-enum-value-removed",
        nothing,
        lambda d: schema(d, "Mode")["enum"].remove("SLOW"),
        True,
    ),
    ("schema-enum-value-added", nothing, lambda d: schema(d, "Mode")["enum"].append("SAFE"), False),
    ("schema-enum-reordered", nothing, lambda d: schema(d, "Mode")["enum"].reverse(), False),
    ("schema-const-added", nothing, setter(lambda d: prop(d, "Edit", "note"), const="x"), True),
    (
        "schema-const-removed",
        setter(lambda d: prop(d, "Edit", "note"), const="x"),
        dropper(lambda d: prop(d, "Edit", "note"), "const"),
        False,
    ),
    (
        "schema-const-changed",
        setter(lambda d: prop(d, "Edit", "note"), const="x"),
        setter(lambda d: prop(d, "Edit", "note"), const="y"),
        True,
    ),
    # schemas: who sends and who answers
    (
        "schema-became-read-only",
        nothing,
        setter(lambda d: prop(d, "Thing", "name"), readOnly=True),
        True,
    ),
    (
        "schema-became-not-read-only",
        nothing,
        dropper(lambda d: prop(d, "Thing", "owner"), "readOnly"),
        False,
    ),
    (
        "schema-became-write-only",
        nothing,
        setter(lambda d: prop(d, "Report", "score"), writeOnly=True),
        True,
    ),
    (
        "schema-became-not-write-only",
        setter(lambda d: prop(d, "Report", "score"), writeOnly=True),
        dropper(lambda d: prop(d, "Report", "score"), "writeOnly"),
        False,
    ),
    (
        "schema-became-server-owned",
        nothing,
        setter(lambda d: prop(d, "Thing", "name"), **{"x-server-owned": True}),
        True,
    ),
    (
        "schema-became-client-owned",
        setter(lambda d: prop(d, "Thing", "name"), **{"x-server-owned": True}),
        dropper(lambda d: prop(d, "Thing", "name"), "x-server-owned"),
        False,
    ),
    (
        "schema-server-value-stated",
        nothing,
        setter(lambda d: prop(d, "Thing", "owner"), **{"x-server-value": "new-id"}),
        False,
    ),
    (
        "schema-server-value-changed",
        setter(lambda d: prop(d, "Thing", "owner"), **{"x-server-value": "new-id"}),
        setter(lambda d: prop(d, "Thing", "owner"), **{"x-server-value": "caller-workspace"}),
        True,
    ),
    # schemas: bounds and constraints
    (
        "schema-bound-stricter",
        nothing,
        setter(lambda d: prop(d, "Thing", "name"), maxLength=5),
        True,
    ),
    (
        "schema-bound-looser",
        nothing,
        setter(lambda d: prop(d, "Edit", "note"), maxLength=20),
        False,
    ),
    (
        "schema-pattern-added",
        nothing,
        setter(lambda d: prop(d, "Edit", "note"), pattern="^a"),
        True,
    ),
    (
        "schema-pattern-removed",
        setter(lambda d: prop(d, "Edit", "note"), pattern="^a"),
        dropper(lambda d: prop(d, "Edit", "note"), "pattern"),
        False,
    ),
    (
        "schema-pattern-changed",
        setter(lambda d: prop(d, "Edit", "note"), pattern="^a"),
        setter(lambda d: prop(d, "Edit", "note"), pattern="^b"),
        True,
    ),
    ("schema-multiple-of-stricter", setter(limit, multipleOf=2), setter(limit, multipleOf=4), True),
    ("schema-multiple-of-looser", setter(limit, multipleOf=2), setter(limit, multipleOf=1), False),
    ("schema-multiple-of-changed", setter(limit, multipleOf=2), setter(limit, multipleOf=3), True),
    ("schema-unique-items-set", nothing, setter(items, uniqueItems=True), True),
    (
        "schema-unique-items-unset",
        setter(items, uniqueItems=True),
        dropper(items, "uniqueItems"),
        True,
    ),
    (
        "schema-dependent-required-added",
        nothing,
        setter(lambda d: schema(d, "Edit"), dependentRequired={"mode": ["value"]}),
        True,
    ),
    (
        "schema-dependent-required-removed",
        setter(lambda d: schema(d, "Edit"), dependentRequired={"mode": ["value"]}),
        dropper(lambda d: schema(d, "Edit"), "dependentRequired"),
        False,
    ),
    (
        "schema-dependent-required-reordered",
        setter(lambda d: schema(d, "Edit"), dependentRequired={"mode": ["value", "note"]}),
        lambda d: schema(d, "Edit")["dependentRequired"]["mode"].reverse(),
        False,
    ),
    (
        "schema-additional-properties-closed",
        nothing,
        setter(lambda d: schema(d, "Thing"), additionalProperties=False),
        True,
    ),
    (
        "schema-additional-properties-typed",
        nothing,
        setter(lambda d: schema(d, "Thing"), additionalProperties=text()),
        True,
    ),
    (
        "schema-additional-properties-removed",
        setter(lambda d: schema(d, "Edit"), additionalProperties=text()),
        dropper(lambda d: schema(d, "Edit"), "additionalProperties"),
        False,
    ),
    (
        "schema-additional-properties-rewritten",
        nothing,
        dropper(lambda d: schema(d, "Thing"), "additionalProperties"),
        False,
    ),
    # schemas: the applicators
    (
        "schema-all-of-member-added",
        nothing,
        setter(lambda d: schema(d, "Thing"), allOf=[{"required": ["name"]}]),
        True,
    ),
    (
        "schema-all-of-member-removed",
        setter(lambda d: schema(d, "Report"), allOf=[{"required": ["state"]}]),
        dropper(lambda d: schema(d, "Report"), "allOf"),
        True,
    ),
    (
        "schema-any-of-member-added",
        nothing,
        lambda d: prop(d, "Edit", "value")["anyOf"].append({"type": "boolean"}),
        False,
    ),
    (
        "schema-any-of-member-removed",
        nothing,
        lambda d: prop(d, "Edit", "value")["anyOf"].pop(),
        True,
    ),
    (
        "schema-any-of-reordered",
        nothing,
        lambda d: prop(d, "Edit", "value")["anyOf"].reverse(),
        False,
    ),
    (
        "schema-one-of-member-added",
        setter(lambda d: prop(d, "Report", "score"), oneOf=[{"minimum": 0}]),
        lambda d: prop(d, "Report", "score")["oneOf"].append({"maximum": -1}),
        True,
    ),
    (
        "schema-one-of-member-removed",
        setter(lambda d: prop(d, "Report", "score"), oneOf=[{"minimum": 0}]),
        lambda d: prop(d, "Report", "score")["oneOf"].clear(),
        False,
    ),
    (
        "schema-not-added",
        nothing,
        setter(lambda d: prop(d, "Edit", "note"), **{"not": {"const": "x"}}),
        True,
    ),
    (
        "schema-not-removed",
        setter(lambda d: prop(d, "Edit", "note"), **{"not": {"const": "x"}}),
        dropper(lambda d: prop(d, "Edit", "note"), "not"),
        False,
    ),
    (
        "schema-bound-looser",
        setter(lambda d: prop(d, "Report", "score"), **{"not": {"maximum": 0}}),
        setter(lambda d: prop(d, "Report", "score"), **{"not": {"maximum": 5}}),
        False,
    ),
    (
        "schema-if-changed",
        nothing,
        setter(lambda d: schema(d, "Edit"), **{"if": {"required": ["mode"]}}),
        True,
    ),
    (
        "schema-then-added",
        nothing,
        setter(lambda d: schema(d, "Edit"), then={"required": ["value"]}),
        True,
    ),
    (
        "schema-else-removed",
        setter(lambda d: schema(d, "Edit"), **{"else": {"required": ["value"]}}),
        dropper(lambda d: schema(d, "Edit"), "else"),
        False,
    ),
    ("schema-items-added", nothing, setter(spare, items=text()), True),
    ("schema-items-removed", nothing, dropper(items, "items"), True),
    ("schema-items-rewritten", setter(spare, items=True), setter(spare, items={}), False),
    ("schema-prefix-items-added", nothing, setter(items, prefixItems=[text()]), True),
    (
        "schema-prefix-items-removed",
        setter(items, prefixItems=[text()]),
        dropper(items, "prefixItems"),
        True,
    ),
    ("schema-contains-added", nothing, setter(items, contains={"const": "x"}), True),
    (
        "schema-property-names-added",
        nothing,
        setter(lambda d: schema(d, "Thing"), propertyNames={"maxLength": 9}),
        True,
    ),
    ("schema-unevaluated-items-added", nothing, setter(items, unevaluatedItems=False), True),
    (
        "schema-unevaluated-properties-added",
        nothing,
        setter(lambda d: schema(d, "Thing"), unevaluatedProperties=False),
        True,
    ),
    (
        "schema-content-schema-added",
        nothing,
        setter(lambda d: prop(d, "Edit", "note"), contentSchema={"type": "object"}),
        True,
    ),
    (
        "schema-content-media-type-changed",
        nothing,
        setter(lambda d: prop(d, "Edit", "note"), contentMediaType="application/json"),
        True,
    ),
    (
        "schema-content-encoding-changed",
        nothing,
        setter(lambda d: prop(d, "Edit", "note"), contentEncoding="base64"),
        True,
    ),
    (
        "schema-pattern-properties-added",
        nothing,
        setter(lambda d: schema(d, "Thing"), patternProperties={"^x-": text()}),
        True,
    ),
    (
        "schema-dependent-schemas-removed",
        setter(lambda d: schema(d, "Edit"), dependentSchemas={"mode": {"required": ["value"]}}),
        dropper(lambda d: schema(d, "Edit"), "dependentSchemas"),
        False,
    ),
    ("schema-defs-changed", nothing, setter(spare, **{"$defs": {"Part": text()}}), False),
    # schemas: annotations
    ("schema-default-changed", setter(limit, default=100), setter(limit, default=10), True),
    (
        "schema-deprecated-changed",
        nothing,
        setter(lambda d: prop(d, "Thing", "size"), deprecated=True),
        False,
    ),
    ("schema-title-changed", nothing, setter(lambda d: schema(d, "Thing"), title="A thing"), False),
    (
        "schema-discriminator-changed",
        nothing,
        setter(lambda d: schema(d, "Thing"), discriminator={"propertyName": "kind"}),
        True,
    ),
]


@pytest.mark.parametrize(
    ("rule", "base", "edit", "is_breaking"),
    RULES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(RULES)],
)
def test_rule(rule: str, base: Edit, edit: Edit, is_breaking: bool) -> None:
    old = full()
    base(old)
    new = copy.deepcopy(old)
    edit(new)
    found = changes(old, new)
    listed = "\n".join(f"{c.pointer}: {c.reason} ({c.rule}, {c.breaking})" for c in found)
    mine = [c for c in found if c.rule == rule]
    assert mine, listed
    assert any(c.breaking is is_breaking for c in mine), listed
    assert all("\n" not in c.reason for c in found)


# A rule id as the code writes it: a literal, or an f-string whose holes the table fills.
RULE_ID = re.compile(
    r'f?"((?:schema|server|servers|security|operation|parameter|parameters|header|request|media|response|component|openapi|info|tags|path|encoding|reference|webhook)-[a-zA-Z{}()._-]+)"'
)


def test_every_rule_has_a_case() -> None:
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "scripts" / "breaking").glob("*.py")
    )
    written = set(RULE_ID.findall(source))
    cased = {rule for rule, *_ in RULES}
    literal = {rule for rule in written if "{" not in rule}
    assert literal <= cased, sorted(literal - cased)
    # Each f-string family has at least one case.
    for family in sorted(rule for rule in written if "{" in rule):
        pattern = re.sub(r"\\\{[^}]*\\\}", "[a-zA-Z-]+", re.escape(family))
        assert any(re.fullmatch(pattern, rule) for rule in cased), family


def test_the_readme_names_every_rule() -> None:
    # The README's rule table is where a user looks a rule id up, and where oasdiff's is cited.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted({rule for rule, *_ in RULES if f"`{rule}`" not in readme})
    assert not missing, missing
