"""Security: requirements compared as alternatives (a caller who met one must meet one still),
scheme by scheme and scope by scope; security schemes with their flows and scopes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from breaking.model import Change, always, at, never
from breaking.objects import (
    REQUEST_ONLY,
    leftovers,
    locate,
    mapping,
    or_rewritten,
    reference_changed,
)
from breaking.operations import kept_routes
from breaking.schemas import Pair


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
