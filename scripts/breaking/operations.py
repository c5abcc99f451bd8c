"""Paths and operations: which operations are kept (a path whose parameters were renamed is the
same path), and each kept operation's fields, parameters, body and responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from contract import HTTP_METHODS

from breaking.model import BOTH, Change, always, at, never, unclassified
from breaking.objects import (
    REQUEST_ONLY,
    RESPONSE_ONLY,
    leftovers,
    locate,
    mapping,
    opaque,
    or_rewritten,
    reference_changed,
)
from breaking.payloads import body_changed, parameter_changed, response_changed
from breaking.schemas import Pair
from breaking.servers import servers_changed


def shape(path: str) -> str:
    """A path template without its parameters' names: /things/{id} and /things/{key} match."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def parameter_names(path: str) -> list[str]:
    return re.findall(r"\{([^}/]*)\}", path)


class Route:
    """One operation present in both documents, perhaps under a path whose parameters were
    renamed."""

    def __init__(self, pair: Pair, old_path: str, new_path: str, method: str) -> None:
        self.old_path, self.new_path, self.method = old_path, new_path, method
        self.old_item = locate(pair.old, pair.old["paths"][old_path], "")[1]
        self.new_item = locate(pair.new, pair.new["paths"][new_path], "")[1]
        self.old_spec, self.new_spec = self.old_item[method], self.new_item[method]
        self.old_pointer = at("/paths", old_path, method)
        self.new_pointer = at("/paths", new_path, method)
        # Path parameter names, old -> new.
        self.renamed = dict(zip(parameter_names(old_path), parameter_names(new_path), strict=False))


def route_keys(document: Any) -> dict[tuple[str, str], str]:
    """Every operation by (path shape, method), with its path; paths whose shapes collide are
    kept by their own text."""
    paths = mapping(document.get("paths"))
    shapes = [shape(path) for path in paths]
    found: dict[tuple[str, str], str] = {}
    for path, item in paths.items():
        key = shape(path) if shapes.count(shape(path)) == 1 else path
        try:
            item = locate(document, item, at("/paths", path))[1]
        except KeyError:
            continue
        for method in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                found[key, method] = path
    return found


def kept_routes(pair: Pair) -> list[Route]:
    before, after = route_keys(pair.old), route_keys(pair.new)
    return [
        Route(pair, before[key], after[key], key[1]) for key in sorted(before.keys() & after.keys())
    ]


def operations_changed(pair: Pair) -> Iterator[Change]:
    old_paths, new_paths = mapping(pair.old.get("paths")), mapping(pair.new.get("paths"))
    for field in sorted(old_paths.keys() | new_paths.keys()):
        # Paths start with /; anything else in the Paths object is an extension.
        if not field.startswith("/") and old_paths.get(field) != new_paths.get(field):
            yield unclassified(at("/paths", field), old_paths.get(field), new_paths.get(field))
    before, after = route_keys(pair.old), route_keys(pair.new)
    for key in sorted(before.keys() - after.keys()):
        path, method = before[key], key[1]
        name = locate(pair.old, pair.old["paths"][path], "")[1][method].get("operationId")
        reason = f"operation removed: {name} ({method.upper()} {path})"
        yield always("operation-removed", BOTH, at("/paths", path, method), reason)
    for key in sorted(after.keys() - before.keys()):
        path, method = after[key], key[1]
        name = locate(pair.new, pair.new["paths"][path], "")[1][method].get("operationId")
        reason = f"operation added: {name} ({method.upper()} {path})"
        yield never("operation-added", BOTH, at("/paths", path, method), reason)
    for route in kept_routes(pair):
        yield from operation_changed(pair, route)
    paths = {(route.old_path, route.new_path) for route in kept_routes(pair)}
    for old_path, new_path in sorted(paths):
        one, other = pair.old["paths"][old_path], pair.new["paths"][new_path]
        yield from reference_changed(one, other, at("/paths", new_path), BOTH)


OPERATION_FIELDS = {
    "operationId",
    "tags",
    "deprecated",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "servers",
    "callbacks",
}


PATH_ITEM_FIELDS = {"parameters", "servers", *HTTP_METHODS}


def operation_changed(pair: Pair, route: Route) -> Iterator[Change]:
    one, other, pointer = route.old_spec, route.new_spec, route.new_pointer
    for old_name, new_name in route.renamed.items():
        if old_name != new_name:
            reason = (
                f"path parameter {old_name} renamed {new_name} ({route.old_path} now"
                f" {route.new_path}): the client function's keyword changes, the URL does not"
            )
            yield always("path-parameter-renamed", REQUEST_ONLY, pointer, reason)
    if one.get("operationId") != other.get("operationId"):
        reason = (
            f"operationId changed from {one.get('operationId')} to "
            f"{other.get('operationId')}: the client's function is renamed"
        )
        yield always("operation-id-changed", BOTH, at(pointer, "operationId"), reason)
    # The generated client files an operation under its first tag: api/<tag>/.
    tags, new_tags = one.get("tags") or [None], other.get("tags") or [None]
    if tags[0] != new_tags[0]:
        reason = f"first tag changed from {tags[0]} to {new_tags[0]}: the client's api module moves"
        yield always("operation-first-tag-changed", BOTH, at(pointer, "tags"), reason)
    elif tags != new_tags:
        reason = f"tags now {', '.join(map(str, new_tags))}"
        yield never("operation-tags-changed", BOTH, at(pointer, "tags"), reason)
    if bool(one.get("deprecated")) != bool(other.get("deprecated")):
        what = "deprecated" if other.get("deprecated") else "no longer deprecated"
        yield never(
            "operation-deprecated-changed", BOTH, at(pointer, "deprecated"), f"operation {what}"
        )
    elif one.get("deprecated") != other.get("deprecated"):
        reason = "deprecated written another way: the same"
        yield never("operation-deprecated-rewritten", BOTH, at(pointer, "deprecated"), reason)
    old_servers = one.get("servers", route.old_item.get("servers"))
    new_servers = other.get("servers", route.new_item.get("servers"))
    if old_servers != new_servers:
        yield from servers_changed(
            old_servers or pair.old.get("servers"),
            new_servers or pair.new.get("servers"),
            at(pointer, "servers"),
        )
    yield from opaque(one.get("callbacks"), other.get("callbacks"), at(pointer, "callbacks"))
    yield from or_rewritten(
        parameters_changed(pair, route),
        (route.old_item.get("parameters"), one.get("parameters")),
        (route.new_item.get("parameters"), other.get("parameters")),
        "parameters-rewritten",
        REQUEST_ONLY,
        at(pointer, "parameters"),
        "parameters",
    )
    yield from request_body_changed(pair, route)
    yield from responses_changed(pair, route)
    yield from leftovers(one, other, pointer, OPERATION_FIELDS)
    yield from leftovers(
        route.old_item, route.new_item, at("/paths", route.new_path), PATH_ITEM_FIELDS
    )


def located_parameters(
    document: Any, path: str, item: Any, spec: Any, renamed: dict[str, str]
) -> dict[tuple[str, str], tuple[str, Any, str, Any]]:
    """An operation's parameters by (name, in), each with the pointer where it is defined and
    the parameter there, then as written in the operation; path parameters by their new names."""
    found: dict[tuple[str, str], tuple[str, Any, str, Any]] = {}
    method = next(m for m in HTTP_METHODS if item.get(m) is spec)
    holders = ((item, at("/paths", path)), (spec, at("/paths", path, method)))
    for holder, where in holders:
        for index, parameter in enumerate(holder.get("parameters") or []):
            written = at(where, "parameters", index)
            pointer, node = locate(document, parameter, written)
            if not isinstance(node, dict):
                node = {"name": f"#{index}", "in": "unreadable", "value": node}
            name, place = str(node.get("name")), str(node.get("in"))
            if place == "path":
                name = renamed.get(name, name)
            found[name, place] = (pointer, node, written, parameter)
    return found


def parameters_changed(pair: Pair, route: Route) -> Iterator[Change]:
    before = located_parameters(
        pair.old, route.old_path, route.old_item, route.old_spec, route.renamed
    )
    after = located_parameters(pair.new, route.new_path, route.new_item, route.new_spec, {})
    for key in sorted(before.keys() - after.keys()):
        name = key[0]
        if any(other == name for other, _ in after):
            continue  # moved to another location: parameter_changed says so
        reason = f"parameter {name} removed: the client's function loses the argument"
        yield always("parameter-removed", REQUEST_ONLY, before[key][0], reason)
    for key in sorted(after.keys() - before.keys()):
        name = key[0]
        pointer, node = after[key][:2]
        old_key = next((k for k in before if k[0] == name and k not in after), None)
        if old_key is not None:
            yield from parameter_changed(pair, before[old_key][1], node, pointer)
        elif node.get("required"):
            reason = f"required parameter {name} added: callers must pass it"
            yield always("parameter-required-added", REQUEST_ONLY, pointer, reason)
        else:
            reason = f"optional parameter {name} added"
            yield never("parameter-optional-added", REQUEST_ONLY, pointer, reason)
    for key in sorted(before.keys() & after.keys()):
        (_, one, _, raw), (pointer, other, written, new_raw) = before[key], after[key]
        yield from reference_changed(raw, new_raw, written, REQUEST_ONLY)
        yield from parameter_changed(pair, one, other, pointer)


def request_body_changed(pair: Pair, route: Route) -> Iterator[Change]:
    one, other = route.old_spec, route.new_spec
    where, old_where = at(route.new_pointer, "requestBody"), at(route.old_pointer, "requestBody")
    if "requestBody" not in one and "requestBody" not in other:
        return
    if "requestBody" not in other:
        pointer = locate(pair.old, one["requestBody"], old_where)[0]
        yield always("request-body-removed", REQUEST_ONLY, pointer, "request body removed")
        return
    pointer, body = locate(pair.new, other["requestBody"], where)
    if "requestBody" not in one:
        required = bool(body.get("required"))
        what = "required" if required else "optional"
        rule = f"request-body-{what}-added"
        yield (always if required else never)(rule, REQUEST_ONLY, pointer, f"{what} body added")
        return
    old_body = locate(pair.old, one["requestBody"], old_where)[1]
    yield from reference_changed(one["requestBody"], other["requestBody"], where, REQUEST_ONLY)
    yield from body_changed(pair, old_body, body, pointer)


def responses_changed(pair: Pair, route: Route) -> Iterator[Change]:
    before = mapping(route.old_spec.get("responses"))
    after = mapping(route.new_spec.get("responses"))
    where, old_where = at(route.new_pointer, "responses"), at(route.old_pointer, "responses")
    for status in sorted(before.keys() - after.keys()):
        if status.startswith("2"):
            yield always(
                "response-success-status-removed",
                RESPONSE_ONLY,
                at(where, status),
                f"success response {status} removed",
            )
        else:
            yield never(
                "response-non-success-status-removed",
                RESPONSE_ONLY,
                at(where, status),
                f"error response {status} no longer listed",
            )
    for status in sorted(after.keys() - before.keys()):
        yield never(
            "response-status-added", RESPONSE_ONLY, at(where, status), f"response {status} added"
        )
    for status in sorted(before.keys() & after.keys()):
        old_response = locate(pair.old, before[status], at(old_where, status))[1]
        pointer, response = locate(pair.new, after[status], at(where, status))
        yield from reference_changed(
            before[status], after[status], at(where, status), RESPONSE_ONLY
        )
        yield from response_changed(pair, old_response, response, pointer)
