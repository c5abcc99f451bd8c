"""Mutations of a copy of the contract that the contract checks must catch, chosen from the
contract itself for each of its resources: no field, enum or operation is named here, so a new
resource is mutated as soon as the contract holds it.

A resource is the schema that an operation creates (a POST that answers what it was sent);
its item path is the collection path with `/{id}`. Each mutation says what the report of its
finding must name.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import contract

Document = dict[str, Any]


@dataclass(frozen=True)
class Mutation:
    name: str
    apply: Callable[[Document], None]
    named: str  # what the finding's message must name


def ref_name(schema: Any) -> str | None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref.rsplit("/", 1)[1] if isinstance(ref, str) else None


def resources(document: Document) -> Iterator[tuple[str, str]]:
    """(schema name, collection path) of every resource the contract creates."""
    for operation in contract.operations(document):
        body, answer = operation.body_schema, operation.success_schema
        name = ref_name(body)
        if operation.method == "POST" and name and body == answer:
            yield name, operation.path


def schema(document: Document, name: str) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"][name]
    return found


def client_owned(document: Document, name: str) -> dict[str, Any]:
    owned = contract.server_owned(document, schema(document, name))
    properties = schema(document, name).get("properties", {})
    return {prop: spec for prop, spec in properties.items() if prop not in owned}


def first(found: Iterator[str]) -> str | None:
    return next(found, None)


def scalar(document: Document, name: str) -> str | None:
    """A client-owned number or boolean property (its type changed to string is caught)."""
    owned = client_owned(document, name).items()
    return first(p for p, s in owned if s.get("type") in ("number", "boolean"))


def enum_of(document: Document, name: str) -> str | None:
    """The first string enum that a property of `name` uses."""
    for spec in schema(document, name).get("properties", {}).values():
        target = ref_name(spec)
        if target and "enum" in schema(document, target):
            return target
    return None


def nested(document: Document, name: str) -> str | None:
    """The first object schema held in an array property of `name` that has a scalar."""
    for spec in client_owned(document, name).values():
        target = ref_name(spec.get("items"))
        if target and schema(document, target).get("type") == "object" and scalar(document, target):
            return target
    return None


def drop(name: str, prop: str) -> Callable[[Document], None]:
    def apply(d: Document) -> None:
        del schema(d, name)["properties"][prop]

    return apply


def retype(name: str, prop: str) -> Callable[[Document], None]:
    return lambda d: schema(d, name)["properties"][prop].update(type="string")


def require(name: str, prop: str) -> Callable[[Document], None]:
    return lambda d: schema(d, name).setdefault("required", []).append(prop)


def rename_enum(name: str) -> Callable[[Document], None]:
    def apply(d: Document) -> None:
        values = schema(d, name)["enum"]
        values[0] = f"{values[0]}_RENAMED"

    return apply


def move_path(path: str) -> Callable[[Document], None]:
    def apply(d: Document) -> None:
        d["paths"][f"{path}s/{{id}}"] = d["paths"].pop(f"{path}/{{id}}")

    return apply


def add_operation(path: str, operation_id: str) -> Callable[[Document], None]:
    def apply(d: Document) -> None:
        item = d["paths"][f"{path}/{{id}}"]
        archive = copy.deepcopy(item["get"])
        archive["operationId"] = operation_id
        d["paths"][f"{path}/{{id}}/archive"] = {"parameters": item["parameters"], "post": archive}

    return apply


def mutations(document: Document) -> list[Mutation]:
    """The mutations of every resource of `document`: a property dropped, retyped or made
    required, an enum value renamed, the same inside a nested object, the item path moved and
    an operation added."""
    found: list[Mutation] = []
    for name, path in resources(document):
        owned = list(client_owned(document, name))
        kinds: list[tuple[str, Callable[[Document], None], str] | None] = []
        if owned:
            kinds.append(("drop a property", drop(name, owned[-1]), owned[-1]))
        optional = [p for p in owned if p not in schema(document, name).get("required", [])]
        if optional:
            kinds.append(("add a required field", require(name, optional[0]), optional[0]))
        if prop := scalar(document, name):
            kinds.append(("change a type", retype(name, prop), prop))
        if enum := enum_of(document, name):
            value = schema(document, enum)["enum"][0]
            kinds.append(("rename an enum value", rename_enum(enum), value))
        if inner := nested(document, name):
            inner_props = list(schema(document, inner)["properties"])
            kinds.append(("drop a nested property", drop(inner, inner_props[-1]), inner_props[-1]))
            inner_scalar = scalar(document, inner)
            assert inner_scalar is not None
            kinds.append(("change a nested type", retype(inner, inner_scalar), inner_scalar))
            if inner_enum := enum_of(document, inner):
                value = schema(document, inner_enum)["enum"][0]
                kinds.append(("rename a nested enum value", rename_enum(inner_enum), value))
        kinds.append(("change a path", move_path(path), f"{path.rsplit('/', 1)[1]}s"))
        archive = f"archive{name}"
        kinds.append(("add an operation", add_operation(path, archive), archive))
        found += [
            Mutation(f"{name}: {kind}", apply, named) for kind, apply, named in filter(None, kinds)
        ]
    return found
