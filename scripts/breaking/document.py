"""The OpenAPI 3.1 objects, field by field: servers, security, paths and operations, parameters
and headers, request bodies, media types, responses and links, components.

Each object's rule names the fields it compares; `leftovers` reports a change to any other
field (extensions included) as unclassified. Fields that only document are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any

from contract import HTTP_METHODS, resolve, unescape

from breaking.model import (
    BOTH,
    DOCUMENTATION,
    NONE,
    REQUEST,
    RESPONSE,
    Change,
    Sides,
    alters,
    always,
    at,
    narrows,
    never,
    show,
    unclassified,
    widens,
)
from breaking.schemas import Pair, compare_schema, compare_subschema, property_sides

REQUEST_ONLY, RESPONSE_ONLY = frozenset({REQUEST}), frozenset({RESPONSE})


def leftovers(old: Any, new: Any, where: str, handled: set[str]) -> Iterator[Change]:
    """Unclassified: a change to a field of an object that no rule of that object compares."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        if old != new:
            yield unclassified(where, old, new)
        return
    for key in sorted(old.keys() | new.keys(), key=str):
        if key in handled or key in DOCUMENTATION or old.get(key) == new.get(key):
            continue
        yield unclassified(at(where, key), old.get(key), new.get(key))


def or_rewritten(
    found: Iterator[Change], old: Any, new: Any, rule: str, sides: Sides, where: str, what: str
) -> Iterator[Change]:
    """The changes `found`; if none but the two lists differ (reordered, an entry repeated),
    one compatible change, so that no edit passes as no change."""
    empty = True
    for item in found:
        empty = False
        yield item
    if empty and old != new:
        yield never(rule, sides, where, f"{what} rewritten: the same entries in another form")


def opaque(old: Any, new: Any, where: str) -> Iterator[Change]:
    """Objects no rule reads (callbacks, webhooks, path items in components): every difference
    but documentation, at the deepest pointer where it is, unclassified."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            if key not in DOCUMENTATION and old.get(key) != new.get(key):
                yield from opaque(old.get(key), new.get(key), at(where, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (one, other) in enumerate(zip(old, new, strict=True)):
            yield from opaque(one, other, at(where, index))
    elif old != new:
        yield unclassified(where, old, new)


def locate(document: Any, node: Any, pointer: str) -> tuple[str, Any]:
    """Where a chain of `$ref`s ends, and the node there."""
    for _ in range(50):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return pointer, node
        pointer, node = node["$ref"][1:], resolve(document, node["$ref"])
    raise KeyError(f"{pointer}: a $ref chain that loops")


def reference_changed(old: Any, new: Any, pointer: str, sides: Sides) -> Iterator[Change]:
    """A Reference object: where it points, and what is written beside its `$ref`. What it
    points to is compared there."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return
    if "$ref" not in old and "$ref" not in new:
        return
    if old.get("$ref") != new.get("$ref"):
        before, after = old.get("$ref", "an inline object"), new.get("$ref", "an inline object")
        reason = f"now {after} instead of {before}: compared where it points"
        yield never("reference-changed", sides, pointer, reason)
    if "$ref" in old and "$ref" in new:
        yield from leftovers(old, new, pointer, {"$ref"})


def mapping(node: Any) -> dict[str, Any]:
    return {str(key): value for key, value in node.items()} if isinstance(node, dict) else {}


# Servers


def servers_changed(old: Any, new: Any, where: str) -> Iterator[Change]:
    before = [s for s in old or [] if isinstance(s, dict)]
    after = [s for s in new or [] if isinstance(s, dict)]
    old_urls, new_urls = [s.get("url") for s in before], [s.get("url") for s in after]
    if old_urls and new_urls and old_urls[0] != new_urls[0]:
        reason = f"default server changed from {old_urls[0]} to {new_urls[0]}"
        yield always("server-default-changed", BOTH, at(where, 0, "url"), reason)
    elif old_urls != new_urls and set(old_urls) == set(new_urls):
        yield never("servers-reordered", BOTH, where, "servers reordered")
    for index, server in enumerate(before):
        if server.get("url") not in new_urls:
            reason = f"server {server.get('url')} removed"
            yield always("server-removed", BOTH, at(where, index), reason)
            continue
        new_index = new_urls.index(server.get("url"))
        yield from server_changed(server, after[new_index], at(where, new_index))
    for index, server in enumerate(after):
        if server.get("url") not in old_urls:
            reason = f"server {server.get('url')} added"
            yield never("server-added", BOTH, at(where, index), reason)


def server_changed(old: Any, new: Any, where: str) -> Iterator[Change]:
    region, new_region = old.get("x-region"), new.get("x-region")
    pointer = at(where, "x-region")
    if region is None and new_region is not None:
        reason = f"client region {new_region!r} added for {new.get('url')}"
        yield never("server-region-added", BOTH, pointer, reason)
    elif region != new_region:
        reason = f"client region {region!r} now {new_region!r}"
        yield always("server-region-changed", BOTH, pointer, reason)
    before, after = mapping(old.get("variables")), mapping(new.get("variables"))
    for name in sorted(before.keys() | after.keys()):
        pointer = at(where, "variables", name)
        if name not in after or name not in before:
            what = "added" if name in after else "removed"
            yield always("server-variable-changed", BOTH, pointer, f"server variable {name} {what}")
            continue
        yield from server_variable_changed(before[name], after[name], pointer, name)
    yield from leftovers(old, new, where, {"url", "x-region", "variables"})


def server_variable_changed(old: Any, new: Any, where: str, name: str) -> Iterator[Change]:
    if old.get("default") != new.get("default"):
        reason = (
            f"default of {name} changed from {show(old.get('default'))} to"
            f" {show(new.get('default'))}: the client's default URL changes"
        )
        yield always("server-variable-default-changed", BOTH, at(where, "default"), reason)
    before, after = old.get("enum"), new.get("enum")
    if before != after:
        pointer = at(where, "enum")
        if before is None or after is None:
            what = "enum added: other values are refused" if before is None else "enum removed"
            yield Change(
                pointer, f"{name}: {what}", before is None, "server-variable-enum-changed", "both"
            )
        else:
            for value in [v for v in before if v not in after]:
                reason = f"{name}: value {value!r} removed: clients using it lose the server"
                yield always("server-variable-enum-value-removed", BOTH, pointer, reason)
            for value in [v for v in after if v not in before]:
                yield never(
                    "server-variable-enum-value-added",
                    BOTH,
                    pointer,
                    f"{name}: value {value!r} added",
                )
            if set(map(str, before)) == set(map(str, after)):
                yield never(
                    "server-variable-enum-reordered", BOTH, pointer, f"{name}: values reordered"
                )
    yield from leftovers(old, new, where, {"default", "enum"})


# Security


def requirements(security: Any) -> list[dict[str, frozenset[str]]]:
    """A security list as its alternatives, each scheme with its scopes; none needed: [{}]."""
    found = [
        {str(name): frozenset(map(str, scopes or [])) for name, scopes in requirement.items()}
        for requirement in security or []
        if isinstance(requirement, dict)
    ]
    return found or [{}]


def satisfies(new: dict[str, frozenset[str]], old: dict[str, frozenset[str]]) -> bool:
    """A caller who meets `old` meets `new`: `new` asks for no scheme and no scope more."""
    return all(name in old and scopes <= old[name] for name, scopes in new.items())


def named(requirement: dict[str, frozenset[str]]) -> str:
    return " + ".join(sorted(requirement)) or "none"


def security_list_changed(old: Any, new: Any, where: str) -> Iterator[Change]:
    before, after = requirements(old), requirements(new)
    explained: list[dict[str, frozenset[str]]] = []
    for requirement in before:
        if any(satisfies(other, requirement) for other in after):
            continue
        if not requirement:
            reason = f"security {named(after[0])} required where none was"
            yield always("security-required-where-none", REQUEST_ONLY, where, reason)
            continue
        closest = max(after, key=lambda other: len(other.keys() & requirement.keys()))
        if not closest.keys() & requirement.keys():
            reason = f"security {named(requirement)} removed: callers using it are refused"
            yield always("security-removed", REQUEST_ONLY, where, reason)
            continue
        explained.append(closest)
        for name in sorted(closest.keys() - requirement.keys()):
            reason = f"security scheme {name} now required too: callers without it are refused"
            yield always("security-requirement-scheme-added", REQUEST_ONLY, where, reason)
        for name in sorted(closest.keys() & requirement.keys()):
            for scope in sorted(closest[name] - requirement[name]):
                reason = f"scope {scope} of {name} now required: tokens without it are refused"
                yield always("security-scope-added", REQUEST_ONLY, where, reason)
    for requirement in after:
        if requirement in before or requirement in explained:
            continue
        looser = [old for old in before if satisfies(requirement, old)]
        if not looser or (not requirement and before != [{}]):
            reason = (
                "security made optional: callers need none"
                if not requirement
                else f"security {named(requirement)} added as an alternative"
            )
            yield never("security-alternative-added", REQUEST_ONLY, where, reason)
            continue
        for old in looser:
            for name in sorted(old.keys() - requirement.keys()):
                reason = f"security scheme {name} no longer required: callers need less"
                yield never("security-requirement-scheme-removed", REQUEST_ONLY, where, reason)
            for name in sorted(old.keys() & requirement.keys()):
                for scope in sorted(old[name] - requirement[name]):
                    reason = f"scope {scope} of {name} no longer required: callers need less"
                    yield never("security-scope-removed", REQUEST_ONLY, where, reason)
    if before != after and sorted(map(str, before)) == sorted(map(str, after)):
        yield never("security-reordered", REQUEST_ONLY, where, "security alternatives reordered")


SCHEME_FIELDS = {"type", "scheme", "bearerFormat", "in", "name", "flows", "openIdConnectUrl"}


def security_scheme_changed(old: Any, new: Any, where: str) -> Iterator[Change]:
    for key in ("type", "in", "name", "openIdConnectUrl"):
        if old.get(key) != new.get(key):
            reason = f"{key} changed from {old.get(key)} to {new.get(key)}"
            yield always("security-scheme-changed", REQUEST_ONLY, at(where, key), reason)
    scheme, new_scheme = old.get("scheme"), new.get("scheme")
    # HTTP auth scheme names are case-insensitive (RFC 7235, 2.1).
    if str(scheme).lower() != str(new_scheme).lower():
        reason = f"scheme changed from {scheme} to {new_scheme}"
        yield always("security-scheme-changed", REQUEST_ONLY, at(where, "scheme"), reason)
    elif scheme != new_scheme:
        reason = f"scheme spelled {new_scheme} instead of {scheme}: the same scheme"
        yield never("security-scheme-respelled", REQUEST_ONLY, at(where, "scheme"), reason)
    if old.get("bearerFormat") != new.get("bearerFormat"):
        reason = "bearerFormat changed: a hint, tokens are not checked against it"
        yield never(
            "security-bearer-format-changed", REQUEST_ONLY, at(where, "bearerFormat"), reason
        )
    yield from flows_changed(
        mapping(old.get("flows")), mapping(new.get("flows")), at(where, "flows")
    )
    yield from leftovers(old, new, where, SCHEME_FIELDS)


def flows_changed(before: dict[str, Any], after: dict[str, Any], where: str) -> Iterator[Change]:
    for name in sorted(before.keys() - after.keys()):
        reason = f"OAuth flow {name} removed: clients using it are refused"
        yield always("security-flow-removed", REQUEST_ONLY, at(where, name), reason)
    for name in sorted(after.keys() - before.keys()):
        yield never(
            "security-flow-added", REQUEST_ONLY, at(where, name), f"OAuth flow {name} added"
        )
    for name in sorted(before.keys() & after.keys()):
        one, other, pointer = before[name], after[name], at(where, name)
        if not (isinstance(one, dict) and isinstance(other, dict)):
            yield from leftovers(one, other, pointer, set())
            continue
        for key in ("authorizationUrl", "tokenUrl", "refreshUrl"):
            if one.get(key) != other.get(key):
                reason = f"{key} changed from {one.get(key)} to {other.get(key)}"
                yield always("security-flow-url-changed", REQUEST_ONLY, at(pointer, key), reason)
        scopes, new_scopes = mapping(one.get("scopes")), mapping(other.get("scopes"))
        for scope in sorted(scopes.keys() - new_scopes.keys()):
            reason = f"scope {scope} removed from the {name} flow: tokens asking for it are refused"
            yield always(
                "security-flow-scope-removed", REQUEST_ONLY, at(pointer, "scopes", scope), reason
            )
        for scope in sorted(new_scopes.keys() - scopes.keys()):
            reason = f"scope {scope} added to the {name} flow"
            yield never(
                "security-flow-scope-added", REQUEST_ONLY, at(pointer, "scopes", scope), reason
            )
        # A scope's text describes it: documentation.
        yield from leftovers(
            one, other, pointer, {"authorizationUrl", "tokenUrl", "refreshUrl", "scopes"}
        )


def security_changed(pair: Pair) -> Iterator[Change]:
    old, new = pair.old, pair.new
    if old.get("security") != new.get("security"):
        before, after = old.get("security"), new.get("security")
        found = security_list_changed(before, after, "/security")
        yield from or_rewritten(
            found, before, after, "security-rewritten", REQUEST_ONLY, "/security", "security"
        )
    for route in kept_routes(pair):
        one, other = route.old_spec, route.new_spec
        if "security" in one or "security" in other:
            before = one.get("security", old.get("security"))
            after = other.get("security", new.get("security"))
            if before != after:
                pointer = at(route.new_pointer, "security")
                found = security_list_changed(before, after, pointer)
                yield from or_rewritten(
                    found, before, after, "security-rewritten", REQUEST_ONLY, pointer, "security"
                )
    before = mapping((old.get("components") or {}).get("securitySchemes"))
    after = mapping((new.get("components") or {}).get("securitySchemes"))
    for name in sorted(before.keys() - after.keys()):
        pointer = at("/components/securitySchemes", name)
        yield always("security-scheme-removed", REQUEST_ONLY, pointer, "security scheme removed")
    for name in sorted(after.keys() - before.keys()):
        pointer = at("/components/securitySchemes", name)
        yield never("security-scheme-added", REQUEST_ONLY, pointer, "security scheme added")
    for name in sorted(before.keys() & after.keys()):
        one = locate(old, before[name], at("/components/securitySchemes", name))[1]
        pointer, other = locate(new, after[name], at("/components/securitySchemes", name))
        written = at("/components/securitySchemes", name)
        yield from reference_changed(before[name], after[name], written, REQUEST_ONLY)
        yield from security_scheme_changed(one, other, pointer)


# Paths and operations


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


# Parameters and headers


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


PARAMETER_FIELDS = {
    "name",
    "in",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "content",
}
DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def parameter_changed(pair: Pair, old: Any, new: Any, pointer: str) -> Iterator[Change]:
    if old == new:
        return
    if old.get("in") != new.get("in"):
        reason = f"moved from {old.get('in')} to {new.get('in')}"
        yield always("parameter-location-changed", REQUEST_ONLY, at(pointer, "in"), reason)
    if old.get("name") != new.get("name") and old.get("in") != "path":
        reason = f"renamed from {old.get('name')} to {new.get('name')}"
        yield always("parameter-renamed", REQUEST_ONLY, at(pointer, "name"), reason)
    if new.get("required") and not old.get("required"):
        yield always(
            "parameter-became-required",
            REQUEST_ONLY,
            at(pointer, "required"),
            "optional parameter made required",
        )
    elif old.get("required") and not new.get("required"):
        yield never(
            "parameter-became-optional",
            REQUEST_ONLY,
            at(pointer, "required"),
            "required parameter made optional",
        )
    elif old.get("required") != new.get("required"):
        reason = "required written another way: the same"
        yield never("parameter-required-rewritten", REQUEST_ONLY, at(pointer, "required"), reason)
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        what = "deprecated" if new.get("deprecated") else "no longer deprecated"
        yield never(
            "parameter-deprecated-changed",
            REQUEST_ONLY,
            at(pointer, "deprecated"),
            f"parameter {what}",
        )
    if bool(old.get("allowEmptyValue")) != bool(new.get("allowEmptyValue")):
        pointer_ = at(pointer, "allowEmptyValue")
        if new.get("allowEmptyValue"):
            yield never(
                "parameter-allow-empty-value-set",
                REQUEST_ONLY,
                pointer_,
                "empty values now allowed",
            )
        else:
            yield always(
                "parameter-allow-empty-value-unset",
                REQUEST_ONLY,
                pointer_,
                "empty values now refused",
            )
    yield from serialisation_changed(old, new, pointer, REQUEST_ONLY)
    yield from described_changed(pair, old, new, pointer, REQUEST_ONLY)
    yield from page_maximum_changed(old.get("x-page-maximum"), new.get("x-page-maximum"), pointer)
    yield from leftovers(old, new, pointer, PARAMETER_FIELDS | {"x-page-maximum"})


def page_maximum_changed(old: Any, new: Any, pointer: str) -> Iterator[Change]:
    """`x-page-maximum`: the stub's default page size and its cap (contract.py reads it)."""
    if old == new:
        return
    where = at(pointer, "x-page-maximum")
    if old is None or new is None:
        # Stating, or no longer stating, the page size the parameter's description gives.
        what = "added" if old is None else "removed"
        reason = f"x-page-maximum {what}: it states the page size, the answers stay"
        yield never("parameter-page-maximum-stated", BOTH, where, reason)
    else:
        reason = (
            f"x-page-maximum changed from {old} to {new}: the default page size and the cap change"
        )
        yield always("parameter-page-maximum-changed", BOTH, where, reason)


def serialisation_changed(old: Any, new: Any, pointer: str, sides: Sides) -> Iterator[Change]:
    """style, explode and allowReserved: how the value is written into the URL or header."""
    place = str(new.get("in", "header"))
    style = old.get("style", DEFAULT_STYLE.get(str(old.get("in", "header")), "simple"))
    new_style = new.get("style", DEFAULT_STYLE.get(place, "simple"))
    if style != new_style:
        reason = (
            f"style changed from {style} to {new_style}: the client writes the value another way"
        )
        yield always("parameter-style-changed", sides, at(pointer, "style"), reason)
    else:
        # The default explode is true for form, false for every other style.
        explode = old.get("explode", style == "form")
        new_explode = new.get("explode", new_style == "form")
        if explode != new_explode:
            reason = (
                f"explode changed from {explode} to {new_explode}:"
                " the client writes the value another way"
            )
            yield always("parameter-explode-changed", sides, at(pointer, "explode"), reason)
    if bool(old.get("allowReserved")) != bool(new.get("allowReserved")):
        reason = (
            f"allowReserved now {bool(new.get('allowReserved'))}:"
            " the client encodes the value another way"
        )
        yield always(
            "parameter-allow-reserved-changed", sides, at(pointer, "allowReserved"), reason
        )


def described_changed(
    pair: Pair, old: Any, new: Any, pointer: str, sides: Sides
) -> Iterator[Change]:
    """A parameter's or header's value: by `schema`, or by `content` (one media type)."""
    if ("schema" in old) != ("schema" in new) and ("content" in old) != ("content" in new):
        how, new_how = ("schema", "content") if "schema" in old else ("content", "schema")
        reason = (
            f"now described by {new_how} instead of {how}: the client writes the value another way"
        )
        yield always("parameter-schema-content-switched", sides, at(pointer, new_how), reason)
        return
    if old.get("schema") != new.get("schema"):
        yield from compare_subschema(
            pair, old.get("schema"), new.get("schema"), at(pointer, "schema"), sides, "schema"
        )
    if old.get("content") != new.get("content"):
        yield from content_changed(pair, old, new, pointer, sides)


def header_changed(pair: Pair, old: Any, new: Any, pointer: str, sides: Sides) -> Iterator[Change]:
    if old == new:
        return
    if old.get("required") and not new.get("required"):
        yield widens(
            "header-became-optional",
            sides,
            at(pointer, "required"),
            "header made optional: answers may leave it out",
        )
    elif new.get("required") and not old.get("required"):
        yield narrows(
            "header-became-required", sides, at(pointer, "required"), "header made required"
        )
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        yield never(
            "header-deprecated-changed",
            sides,
            at(pointer, "deprecated"),
            "header deprecation changed",
        )
    yield from serialisation_changed(
        {"in": "header", **old}, {"in": "header", **new}, pointer, sides
    )
    yield from described_changed(pair, old, new, pointer, sides)
    yield from leftovers(
        old, new, pointer, {"required", "deprecated", "style", "explode", "schema", "content"}
    )


def headers_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = mapping(old), mapping(new)
    # Header names are case-insensitive (RFC 9110, 5.1).
    names = {name.lower(): name for name in after}
    for name in sorted(before):
        pointer = at(where, name)
        one = locate(pair.old, before[name], pointer)[1]
        if name.lower() not in names:
            if isinstance(one, dict) and one.get("required"):
                reason = f"required header {name} removed: readers relying on it get none"
                yield widens("header-required-removed", sides, pointer, reason)
            else:
                reason = f"optional header {name} removed: answers could leave it out already"
                yield never("header-optional-removed", sides, pointer, reason)
            continue
        new_name = names[name.lower()]
        new_pointer, other = locate(pair.new, after[new_name], at(where, new_name))
        yield from reference_changed(before[name], after[new_name], at(where, new_name), sides)
        if new_name != name:
            reason = f"header {name} spelled {new_name}: the same header"
            yield never("header-respelled", sides, new_pointer, reason)
        if isinstance(one, dict) and isinstance(other, dict):
            yield from header_changed(pair, one, other, new_pointer, sides)
        else:
            yield from leftovers(one, other, new_pointer, set())
    known = {name.lower() for name in before}
    for name in sorted(after):
        if name.lower() in known:
            continue
        pointer, node = locate(pair.new, after[name], at(where, name))
        if isinstance(node, dict) and node.get("required") and REQUEST in sides:
            yield always("header-required-added", sides, pointer, f"required header {name} added")
        else:
            yield never("header-added", sides, pointer, f"header {name} added")


# Request bodies, media types, responses, links


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


def body_changed(pair: Pair, old: Any, new: Any, pointer: str) -> Iterator[Change]:
    if old == new:
        return
    if new.get("required") and not old.get("required"):
        yield always(
            "request-body-became-required",
            REQUEST_ONLY,
            at(pointer, "required"),
            "request body made required",
        )
    elif old.get("required") and not new.get("required"):
        yield never(
            "request-body-became-optional",
            REQUEST_ONLY,
            at(pointer, "required"),
            "request body made optional",
        )
    yield from content_changed(pair, old, new, pointer, REQUEST_ONLY)
    yield from leftovers(old, new, pointer, {"required", "content"})


def content_changed(pair: Pair, old: Any, new: Any, where: str, sides: Sides) -> Iterator[Change]:
    before, after = mapping(old.get("content")), mapping(new.get("content"))
    for media_type in sorted(before.keys() - after.keys()):
        pointer = at(where, "content", media_type)
        yield always("media-type-removed", sides, pointer, f"{media_type} body removed")
    for media_type in sorted(after.keys() - before.keys()):
        pointer = at(where, "content", media_type)
        yield never("media-type-added", sides, pointer, f"{media_type} body added")
    for media_type in sorted(before.keys() & after.keys()):
        one, other = before[media_type], after[media_type]
        yield from media_type_changed(pair, one, other, at(where, "content", media_type), sides)


def media_type_changed(
    pair: Pair, old: Any, new: Any, where: str, sides: Sides
) -> Iterator[Change]:
    if old == new:
        return
    if not (isinstance(old, dict) and isinstance(new, dict)):
        yield from leftovers(old, new, where, set())
        return
    pointer = at(where, "schema")
    if "schema" not in old and "schema" in new:
        reason = "schema added where the media type had none: the client's body type changes"
        yield always("media-type-schema-added", sides, pointer, reason)
    elif "schema" in old and "schema" not in new:
        reason = "schema removed: the client's body type is lost"
        yield always("media-type-schema-removed", sides, pointer, reason)
    else:
        yield from compare_subschema(
            pair, old.get("schema"), new.get("schema"), pointer, sides, "schema"
        )
    before, after = mapping(old.get("encoding")), mapping(new.get("encoding"))
    for name in sorted(before.keys() | after.keys()):
        one, other = before.get(name) or {}, after.get(name) or {}
        pointer = at(where, "encoding", name)
        if one == other:
            continue
        if one.get("contentType") != other.get("contentType"):
            reason = (
                f"encoding of {name} changed from {one.get('contentType')}"
                f" to {other.get('contentType')}"
            )
            yield alters("encoding-content-type-changed", sides, at(pointer, "contentType"), reason)
        yield from serialisation_changed(
            {"in": "query", **one}, {"in": "query", **other}, pointer, sides
        )
        yield from headers_changed(
            pair, one.get("headers"), other.get("headers"), at(pointer, "headers"), sides
        )
        yield from leftovers(
            one, other, pointer, {"contentType", "style", "explode", "allowReserved", "headers"}
        )
    yield from leftovers(old, new, where, {"schema", "encoding"})


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


def response_changed(pair: Pair, old: Any, new: Any, pointer: str) -> Iterator[Change]:
    if old == new:
        return
    yield from content_changed(pair, old, new, pointer, RESPONSE_ONLY)
    yield from headers_changed(
        pair, old.get("headers"), new.get("headers"), at(pointer, "headers"), RESPONSE_ONLY
    )
    yield from links_changed(pair, old.get("links"), new.get("links"), at(pointer, "links"))
    yield from leftovers(old, new, pointer, {"content", "headers", "links"})


def links_changed(pair: Pair, old: Any, new: Any, where: str) -> Iterator[Change]:
    before, after = mapping(old), mapping(new)
    for name in sorted(before.keys() - after.keys()):
        yield always(
            "response-link-removed",
            RESPONSE_ONLY,
            at(where, name),
            f"link {name} removed: clients following it break",
        )
    for name in sorted(after.keys() - before.keys()):
        yield never("response-link-added", RESPONSE_ONLY, at(where, name), f"link {name} added")
    for name in sorted(before.keys() & after.keys()):
        one = locate(pair.old, before[name], at(where, name))[1]
        pointer, other = locate(pair.new, after[name], at(where, name))
        yield from reference_changed(before[name], after[name], at(where, name), RESPONSE_ONLY)
        yield from link_changed(one, other, pointer)


LINK_FIELDS = {"operationRef", "operationId", "parameters", "requestBody", "server"}


def link_changed(old: Any, new: Any, pointer: str) -> Iterator[Change]:
    name = pointer.rsplit("/", 1)[-1]
    for key in sorted(LINK_FIELDS):
        if old.get(key) != new.get(key):
            reason = f"link {name}: {key} changed"
            yield always("response-link-changed", RESPONSE_ONLY, at(pointer, key), reason)
    yield from leftovers(old, new, pointer, LINK_FIELDS)


# Components


def schema_uses(document: Any) -> dict[str, frozenset[str]]:
    """The sides (request, response) on which each component schema is read; a read-only
    property is not sent and a write-only one not answered, at every depth."""
    uses: dict[str, set[str]] = {}

    def visit(node: Any, sides: Sides) -> None:
        if not sides:
            return
        if isinstance(node, list):
            for item in node:
                visit(item, sides)
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = unescape(ref.rsplit("/", 1)[1])
            new = set(sides) - uses.setdefault(name, set())
            if new:
                uses[name] |= new
                with suppress(KeyError):  # a dangling $ref: compared as written
                    visit(resolve(document, ref), frozenset(new))
        for key, value in node.items():
            if key in (
                "properties",
                "patternProperties",
                "dependentSchemas",
                "$defs",
            ) and isinstance(value, dict):
                for prop in value.values():
                    visit(prop, property_sides(Pair(document, document), prop, prop, sides))
            elif key not in ("examples", "example", "default", "const", "enum"):
                visit(value, sides)

    def body(node: Any, sides: Sides) -> None:
        try:
            node = locate(document, node, "")[1]
        except KeyError:
            return
        if isinstance(node, dict):
            visit(node.get("content"), sides)
            visit(node.get("schema"), sides)
            visit(node.get("headers"), sides)

    for item in mapping(document.get("paths")).values():
        item = locate(document, item, "")[1] if isinstance(item, dict) else {}
        for parameter in item.get("parameters") or []:
            body(parameter, REQUEST_ONLY)
        for method in HTTP_METHODS:
            spec = item.get(method)
            if not isinstance(spec, dict):
                continue
            for parameter in spec.get("parameters") or []:
                body(parameter, REQUEST_ONLY)
            body(spec.get("requestBody") or {}, REQUEST_ONLY)
            for response in mapping(spec.get("responses")).values():
                body(response, RESPONSE_ONLY)
    return {name: frozenset(sides) for name, sides in uses.items()}


COMPONENTS = {
    "schemas",
    "parameters",
    "headers",
    "requestBodies",
    "responses",
    "securitySchemes",
    "links",
    "examples",
    "callbacks",
    "pathItems",
}


def components_changed(pair: Pair) -> Iterator[Change]:
    old_all, new_all = mapping(pair.old.get("components")), mapping(pair.new.get("components"))
    before, after = mapping(old_all.get("schemas")), mapping(new_all.get("schemas"))
    old_uses, new_uses = schema_uses(pair.old), schema_uses(pair.new)
    for name in sorted(before.keys() - after.keys()):
        yield always(
            "component-schema-removed",
            BOTH,
            at("/components/schemas", name),
            "schema removed: its model goes",
        )
    for name in sorted(after.keys() - before.keys()):
        yield never("component-schema-added", BOTH, at("/components/schemas", name), "schema added")
    for name in sorted(before.keys() & after.keys()):
        if before[name] == after[name]:
            continue
        # A schema no operation reads is still a generated model that users build and parse.
        sides = old_uses.get(name, NONE) | new_uses.get(name, NONE)
        if name not in old_uses and name not in new_uses:
            sides = BOTH
        yield from compare_schema(
            pair, before[name], after[name], at("/components/schemas", name), sides
        )
    # The others are compared where operations use them, and here too, for the unused ones:
    # one change found twice is listed once.
    compare: dict[str, Callable[[Any, Any, str], Iterator[Change]]] = {
        "parameters": lambda one, other, pointer: parameter_changed(pair, one, other, pointer),
        "headers": lambda one, other, pointer: header_changed(
            pair, one, other, pointer, RESPONSE_ONLY
        ),
        "requestBodies": lambda one, other, pointer: body_changed(pair, one, other, pointer),
        "responses": lambda one, other, pointer: response_changed(pair, one, other, pointer),
        "links": link_changed,
    }
    for kind, rule in compare.items():
        before, after = mapping(old_all.get(kind)), mapping(new_all.get(kind))
        for name in sorted(before.keys() ^ after.keys()):
            what = "added" if name in after else "removed"
            yield never(
                "component-changed", NONE, at("/components", kind, name), f"{kind} component {what}"
            )
        for name in sorted(before.keys() & after.keys()):
            one, other = before[name], after[name]
            pointer = at("/components", kind, name)
            if not (isinstance(one, dict) and isinstance(other, dict)):
                yield from leftovers(one, other, pointer, set())
            elif "$ref" in one or "$ref" in other:
                yield from reference_changed(one, other, pointer, NONE)
            elif one != other:
                yield from rule(one, other, pointer)
    for kind in ("callbacks", "pathItems"):
        yield from opaque(old_all.get(kind), new_all.get(kind), at("/components", kind))
    yield from leftovers(old_all, new_all, "/components", COMPONENTS)


# The document


INFO_FIELDS = {"title", "version", "termsOfService", "contact", "license"}
TOP_FIELDS = {"openapi", "info", "servers", "paths", "components", "security", "tags", "webhooks"}


def document_changed(pair: Pair) -> Iterator[Change]:
    old, new = pair.old, pair.new
    if old.get("openapi") != new.get("openapi"):
        reason = f"openapi version changed from {old.get('openapi')} to {new.get('openapi')}"
        yield never("openapi-version-changed", NONE, "/openapi", reason)
    before, after = mapping(old.get("info")), mapping(new.get("info"))
    for key in sorted(INFO_FIELDS - {"version"}):
        if before.get(key) != after.get(key):
            reason = f"info {key} changed: the packages' metadata changes"
            yield never("info-changed", NONE, at("/info", key), reason)
    yield from leftovers(before, after, "/info", INFO_FIELDS)
    if old.get("servers") != new.get("servers"):
        yield from servers_changed(old.get("servers"), new.get("servers"), "/servers")
    tags = [strip(tag) for tag in old.get("tags") or []]
    new_tags = [strip(tag) for tag in new.get("tags") or []]
    if tags != new_tags:
        yield never("tags-changed", NONE, "/tags", "tag list changed: the docs' sections change")
    yield from opaque(old.get("webhooks"), new.get("webhooks"), "/webhooks")
    yield from leftovers(old, new, "", TOP_FIELDS)


def strip(node: Any) -> Any:
    """An object without its documentation fields."""
    if isinstance(node, dict):
        return {key: value for key, value in node.items() if key not in DOCUMENTATION}
    return node


def changes(old: Any, new: Any) -> list[Change]:
    """Every API change from `old` to `new`, each once, breaking ones first, by pointer."""
    pair = Pair(old, new)
    found: dict[tuple[str, str], Change] = {}
    for rule in (document_changed, security_changed, operations_changed, components_changed):
        for item in rule(pair):
            known = found.get((item.pointer, item.reason))
            found[item.pointer, item.reason] = item if known is None or item.breaking else known
    return sorted(found.values(), key=lambda item: (not item.breaking, item.pointer))
