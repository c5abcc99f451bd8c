"""The side a schema is read on follows every kind of `$ref`: into part of a component
(`#/components/schemas/Error/properties/code`), into a header, a parameter, a request body or a
response component. A metamorphic property test: the contract and its fully inlined equivalent
(every `$ref` replaced by what it points to) get the same verdict for random mutations of what
the references point to."""

from __future__ import annotations

import copy
from typing import Any

from check_breaking import changes
from contract import load, pointer, resolve
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from breaking_changes.test_check_breaking_property import mutate, places

ORIGINAL = load()
KINDS = ("schemas", "parameters", "headers", "requestBodies", "responses")


def inlined(document: Any) -> Any:
    """The document with every local `$ref` under paths and webhooks replaced by a copy of its
    target (its siblings kept over it) and the components that are then unused left out."""
    kept: set[str] = set()
    reached: set[str] = set()

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            reached.add(ref)
            if ref in seen:  # a schema that holds itself: left as a reference
                kept.add(ref)
                return node
            target = inline(copy.deepcopy(resolve(document, ref)), (*seen, ref))
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            return {**target, **inline(siblings, seen)} if isinstance(target, dict) else target
        return {key: inline(value, seen) for key, value in node.items()}

    result = {key: value for key, value in document.items() if key != "components"}
    result["paths"] = inline(document.get("paths"), ())
    if "webhooks" in document:  # the deliveries' $refs, too
        result["webhooks"] = inline(document["webhooks"], ())
    components = document.get("components") or {}
    result["components"] = {"securitySchemes": components.get("securitySchemes", {})}
    # A schema no $ref reaches still has its models (the delivery fallback): kept as it is.
    for name in components.get("schemas") or {}:
        if f"#/components/schemas/{name}" not in reached:
            kept.add(f"#/components/schemas/{name}")
    for ref in kept:
        *parents, name = ref[2:].split("/")
        holder = result
        for part in parents:
            holder = holder.setdefault(part, {})
        holder[name] = inline(copy.deepcopy(resolve(document, ref)), (ref,))
    return result


def breaks(old: Any, new: Any) -> bool:
    return any(change.breaking for change in changes(old, new))


COMPONENT_PLACES = [
    path
    for path in places(ORIGINAL)
    if len(path) >= 4 and path[0] == "components" and path[1] in KINDS
]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(COMPONENT_PLACES), how=st.sampled_from(("narrow", "widen", "delete")))
def test_the_contract_and_its_inlined_equivalent_get_the_same_verdict(
    path: tuple[Any, ...], how: str
) -> None:
    assume(path[-1] not in ("description", "summary", "example", "examples", "$ref"))
    new = copy.deepcopy(ORIGINAL)
    mutate(new, path, how)
    try:
        flat_old, flat_new = inlined(ORIGINAL), inlined(new)
    except (KeyError, TypeError):
        assume(False)  # the mutation broke a reference: nothing to inline
    assert breaks(ORIGINAL, new) == breaks(flat_old, flat_new), f"{how} at {pointer(path)}"


def api(request: Any, answer: Any, components: Any, parameters: Any = ()) -> Any:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "parameters": list(parameters),
                    "requestBody": {"content": {"application/json": {"schema": request}}},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": answer}},
                        }
                    },
                }
            }
        },
        "components": components,
    }


ERROR = {
    "type": "object",
    "properties": {"code": {"type": "string", "maxLength": 20}, "message": {"type": "string"}},
}


def test_a_reference_into_part_of_a_component_carries_its_side() -> None:
    # Error is an answer's; its `code` is also what a request sends.
    request = {
        "type": "object",
        "properties": {"code": {"$ref": "#/components/schemas/Error/properties/code"}},
    }
    old = api(request, {"$ref": "#/components/schemas/Error"}, {"schemas": {"Error": ERROR}})
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Error"]["properties"]["code"]["maxLength"] = 5
    assert breaks(old, new)  # callers sending 6 to 20 characters are refused
    assert breaks(inlined(old), inlined(new))


def test_a_request_header_reached_through_components_headers_is_request_side() -> None:
    header = {"schema": {"type": "string", "maxLength": 20}, "description": "a trace id"}
    parameter = {
        "name": "X-Trace",
        "in": "header",
        "schema": {"$ref": "#/components/headers/Trace/schema"},
    }
    old = api({"type": "object"}, {"type": "object"}, {"headers": {"Trace": header}}, [parameter])
    new = copy.deepcopy(old)
    new["components"]["headers"]["Trace"]["schema"]["maxLength"] = 5
    found = changes(old, new)
    assert any(change.breaking and change.side != "response" for change in found), found
