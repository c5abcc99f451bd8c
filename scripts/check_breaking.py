"""Fail when openapi/ changes in a way its `info.version` does not admit.

Compares the contract with the one at a base revision and lists every change, breaking (for a
user of the generated packages or a caller of the API) or compatible, each with its JSON
pointer. A breaking change needs a major bump of `info.version` over the base, a compatible one
at least a minor bump, and CHANGELOG.md needs a section for the current version.

The default base: the contract as the current version was first committed, if it has changed
since (a committed version is released, so changing it needs a new version); otherwise the
newest committed contract with another `info.version`, the previous version.

Usage: python scripts/check_breaking.py [--base REV] [--changelog]
  --base REV   compare with the contract at git revision REV instead
  --changelog  print the CHANGELOG.md section for the current version instead of checking
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from contract import DOCUMENT, HTTP_METHODS, ROOT, escape, resolve, unescape

CONTRACT = DOCUMENT.relative_to(ROOT).as_posix()
CHANGELOG = ROOT / "CHANGELOG.md"
REQUEST, RESPONSE = "request", "response"
BOTH = frozenset({REQUEST, RESPONSE})
Uses = frozenset[str]


@dataclass(frozen=True)
class Change:
    pointer: str
    reason: str
    breaking: bool


class Problem(Exception):
    """Ends the check with one line and exit status 1."""


def at(base: str, *keys: object) -> str:
    return base + "".join(f"/{escape(str(key))}" for key in keys)


def breaking(pointer: str, reason: str) -> Change:
    return Change(pointer, reason, True)


def compatible(pointer: str, reason: str) -> Change:
    return Change(pointer, reason, False)


def breaks_on(sides: Iterable[str], uses: Uses, pointer: str, reason: str) -> Change:
    """A change that breaks only where its schema is used on one of `sides`."""
    return Change(pointer, reason, bool(uses & set(sides)))


def locate(document: Any, node: Any, pointer: str) -> tuple[str, Any]:
    """Where a chain of `$ref`s ends, and the node there."""
    for _ in range(50):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return pointer, node
        pointer, node = node["$ref"][1:], resolve(document, node["$ref"])
    raise KeyError(f"{pointer}: a $ref chain that loops")


def operations(document: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation by (path, method)."""
    return {
        (path, method): item[method]
        for path, item in (document.get("paths") or {}).items()
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    }


def kept_operations(old: Any, new: Any) -> Iterator[tuple[str, str, Any, Any]]:
    """The operations in both documents: path, method, old spec, new spec."""
    before, after = operations(old), operations(new)
    for path, method in before.keys() & after.keys():
        yield path, method, before[path, method], after[path, method]


# Schema rules. Each compares two schema nodes (never `$ref`s) at one pointer, for a schema used
# on the sides in `uses`: a request schema breaks callers when it accepts less, a response
# schema breaks readers when it may hold more.


def properties_added_or_removed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    before, after = old.get("properties") or {}, new.get("properties") or {}
    for name in before.keys() - after.keys():
        yield breaking(at(where, "properties", name), "property removed: the models lose it")
    for name in after.keys() - before.keys():
        pointer = at(where, "properties", name)
        if name in (new.get("required") or []):
            reason = "required property added: callers must send it"
            yield breaks_on({REQUEST}, uses, pointer, reason)
        else:
            yield compatible(pointer, "optional property added")


def required_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    kept = (old.get("properties") or {}).keys() & (new.get("properties") or {}).keys()
    before, after = set(old.get("required") or []) & kept, set(new.get("required") or []) & kept
    for name in sorted(after - before):
        reason = "optional property made required: callers must send it"
        yield breaks_on({REQUEST}, uses, at(where, "properties", name), reason)
    for name in sorted(before - after):
        reason = "required property made optional: answers may leave it out"
        yield breaks_on({RESPONSE}, uses, at(where, "properties", name), reason)


def types(schema: Any) -> frozenset[str]:
    declared = schema.get("type")
    if declared is None:
        return frozenset({"any"})
    return frozenset(declared) if isinstance(declared, list) else frozenset({declared})


def type_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    before, after = types(old), types(new)
    if before == after:
        return
    accepted = after | ({"integer"} if "number" in after else set())
    widened = "any" in after or before <= accepted
    reason = f"type changed from {'/'.join(sorted(before))} to {'/'.join(sorted(after))}"
    yield breaks_on({RESPONSE} if widened else BOTH, uses, at(where, "type"), reason)


def format_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    before, after = old.get("format"), new.get("format")
    if before != after:
        reason = f"format changed from {before} to {after}: the models' type changes"
        yield breaking(at(where, "format"), reason)


def enum_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    before, after = old.get("enum"), new.get("enum")
    if before == after:
        return
    if before is None or after is None:
        what = "enum added: other values are refused" if before is None else "enum removed"
        yield breaking(at(where, "enum"), f"{what}: the models' type changes")
        return
    for value in [value for value in before if value not in after]:
        reason = (
            f"enum value {value!r} removed: callers sending it are refused"
            if REQUEST in uses
            else f"enum value {value!r} removed from answers: the client's enums are open"
        )
        yield breaks_on({REQUEST}, uses, at(where, "enum"), reason)
    for value in [value for value in after if value not in before]:
        yield compatible(at(where, "enum"), f"enum value {value!r} added")


def read_only_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    before, after = bool(old.get("readOnly")), bool(new.get("readOnly"))
    if after and not before:
        reason = "made read-only: the client stops sending it"
        yield breaks_on({REQUEST}, uses, at(where, "readOnly"), reason)
    elif before and not after:
        yield compatible(at(where, "readOnly"), "no longer read-only: the client sends it")


def write_only_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    before, after = bool(old.get("writeOnly")), bool(new.get("writeOnly"))
    if after and not before:
        reason = "made write-only: answers leave it out"
        yield breaks_on({RESPONSE}, uses, at(where, "writeOnly"), reason)
    elif before and not after:
        yield compatible(at(where, "writeOnly"), "no longer write-only")


def additional_properties_closed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    if old.get("additionalProperties") is not False and new.get("additionalProperties") is False:
        reason = "additionalProperties closed: unknown properties are refused, no longer kept"
        yield breaking(at(where, "additionalProperties"), reason)


LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
OTHER_CONSTRAINTS = ("pattern", "multipleOf", "uniqueItems", "const")


def constraint_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    for keyword in LOWER_BOUNDS + UPPER_BOUNDS + OTHER_CONSTRAINTS:
        before, after = old.get(keyword), new.get(keyword)
        if before == after:
            continue
        reason = f"{keyword} changed from {before} to {after}"
        if keyword in OTHER_CONSTRAINTS:
            yield breaking(at(where, keyword), reason)
            continue
        stricter = after is not None and (
            before is None or (after > before) == (keyword in LOWER_BOUNDS)
        )
        # Stricter refuses values callers send; looser lets answers through that the models
        # built from the old bound refuse.
        sides, how = ({REQUEST}, "stricter") if stricter else ({RESPONSE}, "looser")
        yield breaks_on(sides, uses, at(where, keyword), f"{reason} ({how})")


def alternatives_changed(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    for keyword in ("anyOf", "oneOf", "allOf"):
        before, after = len(old.get(keyword) or []), len(new.get(keyword) or [])
        if before != after:
            accepts_more = (after > before) != (keyword == "allOf")
            reason = f"{keyword} went from {before} to {after} schemas"
            yield breaks_on({RESPONSE} if accepts_more else BOTH, uses, at(where, keyword), reason)


SCHEMA_RULES: list[Callable[[Any, Any, str, Uses], Iterator[Change]]] = [
    properties_added_or_removed,
    required_changed,
    type_changed,
    format_changed,
    enum_changed,
    read_only_changed,
    write_only_changed,
    additional_properties_closed,
    constraint_changed,
    alternatives_changed,
]


def compare_schema(old: Any, new: Any, where: str, uses: Uses) -> Iterator[Change]:
    """Every change between two schema nodes and the nodes under them."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return
    if "$ref" in old or "$ref" in new:
        # The same component on both sides is compared once, under /components/schemas.
        before, after = old.get("$ref", "an inline schema"), new.get("$ref", "an inline schema")
        if before != after:
            yield breaking(where, f"now {after} instead of {before}: the models' type changes")
        return
    for rule in SCHEMA_RULES:
        yield from rule(old, new, where, uses)
    before, after = old.get("properties") or {}, new.get("properties") or {}
    for name in before.keys() & after.keys():
        yield from compare_schema(before[name], after[name], at(where, "properties", name), uses)
    for keyword in ("items", "additionalProperties", "not"):
        yield from compare_schema(old.get(keyword), new.get(keyword), at(where, keyword), uses)
    for keyword in ("anyOf", "oneOf", "allOf"):
        pairs = zip(old.get(keyword) or [], new.get(keyword) or [], strict=False)
        for index, (one, other) in enumerate(pairs):
            yield from compare_schema(one, other, at(where, keyword, index), uses)


def schema_uses(document: Any) -> dict[str, set[str]]:
    """The sides (request, response) on which each component schema is used."""
    uses: dict[str, set[str]] = {}

    def visit(node: Any, side: str) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item, side)
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = unescape(ref.rsplit("/", 1)[1])
            if side not in uses.setdefault(name, set()):
                uses[name].add(side)
                visit(resolve(document, ref), side)
        for key, value in node.items():
            if key not in ("examples", "example", "default", "const", "enum"):
                visit(value, side)

    for item in (document.get("paths") or {}).values():
        for parameter in item.get("parameters") or []:
            visit(locate(document, parameter, "")[1].get("schema"), REQUEST)
    for spec in operations(document).values():
        for parameter in spec.get("parameters") or []:
            visit(locate(document, parameter, "")[1].get("schema"), REQUEST)
        visit(locate(document, spec.get("requestBody") or {}, "")[1].get("content"), REQUEST)
        for response in (spec.get("responses") or {}).values():
            visit(locate(document, response, "")[1].get("content"), RESPONSE)
    return uses


# Document rules. Each compares two whole documents.


def servers_changed(old: Any, new: Any) -> Iterator[Change]:
    before, after = old.get("servers") or [], new.get("servers") or []
    old_urls, new_urls = [s.get("url") for s in before], [s.get("url") for s in after]
    if old_urls and new_urls and old_urls[0] != new_urls[0]:
        reason = f"default server changed from {old_urls[0]} to {new_urls[0]}"
        yield breaking("/servers/0/url", reason)
    for index, server in enumerate(before):
        if server.get("url") not in new_urls:
            yield breaking(at("/servers", index), f"server {server.get('url')} removed")
            continue
        new_index = new_urls.index(server.get("url"))
        region, new_region = server.get("x-region"), after[new_index].get("x-region")
        pointer = at("/servers", new_index, "x-region")
        if region is None and new_region is not None:
            yield compatible(pointer, f"client region {new_region!r} added for {server['url']}")
        elif region != new_region:
            yield breaking(pointer, f"client region {region!r} now {new_region!r}")
    for index, server in enumerate(after):
        if server.get("url") not in old_urls:
            yield compatible(at("/servers", index), f"server {server.get('url')} added")


def alternatives(security: Any) -> set[frozenset[tuple[str, tuple[str, ...]]]]:
    """A security list as a set of alternatives, each a set of (scheme, scopes)."""
    return {
        frozenset((name, tuple(scopes or [])) for name, scopes in requirement.items())
        for requirement in security or []
    }


def security_list_changed(old: Any, new: Any, where: str) -> Iterator[Change]:
    before, after = alternatives(old), alternatives(new)
    for requirement in before - after:
        schemes = " + ".join(sorted(name for name, _ in requirement)) or "none"
        yield breaking(where, f"security {schemes} removed: callers using it are refused")
    for requirement in after - before:
        schemes = " + ".join(sorted(name for name, _ in requirement)) or "none"
        # One more way to authenticate is harmless; the first where none was needed is not.
        yield Change(where, f"security {schemes} added", not before)


def security_changed(old: Any, new: Any) -> Iterator[Change]:
    yield from security_list_changed(old.get("security"), new.get("security"), "/security")
    for path, method, one, other in kept_operations(old, new):
        if "security" in one or "security" in other:
            before = one.get("security", old.get("security"))
            after = other.get("security", new.get("security"))
            yield from security_list_changed(before, after, at("/paths", path, method, "security"))
    before = (old.get("components") or {}).get("securitySchemes") or {}
    after = (new.get("components") or {}).get("securitySchemes") or {}
    for name in before.keys() - after.keys():
        yield breaking(at("/components/securitySchemes", name), "security scheme removed")
    for name in after.keys() - before.keys():
        yield compatible(at("/components/securitySchemes", name), "security scheme added")
    for name in before.keys() & after.keys():
        for key in ("type", "scheme", "in", "name", "bearerFormat", "flows", "openIdConnectUrl"):
            if before[name].get(key) != after[name].get(key):
                reason = f"{key} changed from {before[name].get(key)} to {after[name].get(key)}"
                yield breaking(at("/components/securitySchemes", name, key), reason)


def operations_changed(old: Any, new: Any) -> Iterator[Change]:
    before, after = operations(old), operations(new)
    for path, method in before.keys() - after.keys():
        name = before[path, method].get("operationId")
        reason = f"operation removed: {name} ({method.upper()} {path})"
        yield breaking(at("/paths", path, method), reason)
    for path, method in after.keys() - before.keys():
        name = after[path, method].get("operationId")
        reason = f"operation added: {name} ({method.upper()} {path})"
        yield compatible(at("/paths", path, method), reason)
    for path, method, one, other in kept_operations(old, new):
        if one.get("operationId") != other.get("operationId"):
            reason = (
                f"operationId changed from {one.get('operationId')} to "
                f"{other.get('operationId')}: the client's function is renamed"
            )
            yield breaking(at("/paths", path, method, "operationId"), reason)
        # The generated client files an operation under its first tag: api/<tag>/.
        tags, new_tags = one.get("tags") or [None], other.get("tags") or [None]
        if tags[0] != new_tags[0]:
            reason = (
                f"first tag changed from {tags[0]} to {new_tags[0]}: the client's api module moves"
            )
            yield breaking(at("/paths", path, method, "tags"), reason)
        elif tags != new_tags:
            yield compatible(at("/paths", path, method, "tags"), f"tags now {', '.join(new_tags)}")


def located_parameters(document: Any, path: str, method: str) -> dict[str, tuple[str, Any]]:
    """An operation's parameters by name, each with the pointer where it is defined."""
    item = document["paths"][path]
    found: dict[str, tuple[str, Any]] = {}
    for holder, where in ((item, at("/paths", path)), (item[method], at("/paths", path, method))):
        for index, parameter in enumerate(holder.get("parameters") or []):
            pointer, node = locate(document, parameter, at(where, "parameters", index))
            found[node["name"]] = (pointer, node)
    return found


def parameters_changed(old: Any, new: Any) -> Iterator[Change]:
    for path, method, _, _ in kept_operations(old, new):
        before = located_parameters(old, path, method)
        after = located_parameters(new, path, method)
        for name in before.keys() - after.keys():
            reason = f"parameter {name} removed: the client's function loses the argument"
            yield breaking(before[name][0], reason)
        for name in after.keys() - before.keys():
            pointer, node = after[name]
            if node.get("required"):
                yield breaking(pointer, f"required parameter {name} added: callers must pass it")
            else:
                yield compatible(pointer, f"optional parameter {name} added")
        for name in before.keys() & after.keys():
            (_, one), (pointer, other) = before[name], after[name]
            yield from parameter_changed(one, other, pointer)


def parameter_changed(old: Any, new: Any, pointer: str) -> Iterator[Change]:
    if old.get("in") != new.get("in"):
        yield breaking(at(pointer, "in"), f"moved from {old.get('in')} to {new.get('in')}")
    if new.get("required") and not old.get("required"):
        yield breaking(at(pointer, "required"), "optional parameter made required")
    elif old.get("required") and not new.get("required"):
        yield compatible(at(pointer, "required"), "required parameter made optional")
    where = at(pointer, "schema")
    yield from compare_schema(old.get("schema"), new.get("schema"), where, frozenset({REQUEST}))


def request_body_changed(old: Any, new: Any) -> Iterator[Change]:
    for path, method, one, other in kept_operations(old, new):
        where = at("/paths", path, method, "requestBody")
        if "requestBody" not in one and "requestBody" not in other:
            continue
        if "requestBody" not in other:
            yield breaking(locate(old, one["requestBody"], where)[0], "request body removed")
            continue
        pointer, body = locate(new, other["requestBody"], where)
        if "requestBody" not in one:
            required = bool(body.get("required"))
            yield Change(pointer, f"{'required' if required else 'optional'} body added", required)
            continue
        old_body = locate(old, one["requestBody"], where)[1]
        if body.get("required") and not old_body.get("required"):
            yield breaking(at(pointer, "required"), "request body made required")
        yield from content_changed(old_body, body, pointer, REQUEST)


def content_changed(old: Any, new: Any, where: str, side: str) -> Iterator[Change]:
    before, after = old.get("content") or {}, new.get("content") or {}
    for media_type in before.keys() - after.keys():
        yield breaking(at(where, "content", media_type), f"{media_type} body removed")
    for media_type in after.keys() - before.keys():
        yield compatible(at(where, "content", media_type), f"{media_type} body added")
    for media_type in before.keys() & after.keys():
        one, other = before[media_type].get("schema"), after[media_type].get("schema")
        pointer = at(where, "content", media_type, "schema")
        yield from compare_schema(one, other, pointer, frozenset({side}))


def responses_changed(old: Any, new: Any) -> Iterator[Change]:
    for path, method, one, other in kept_operations(old, new):
        before = {str(status): value for status, value in (one.get("responses") or {}).items()}
        after = {str(status): value for status, value in (other.get("responses") or {}).items()}
        where = at("/paths", path, method, "responses")
        for status in sorted(before.keys() - after.keys()):
            if status.startswith("2"):
                yield breaking(at(where, status), f"success response {status} removed")
            else:
                yield compatible(at(where, status), f"error response {status} no longer listed")
        for status in sorted(after.keys() - before.keys()):
            yield compatible(at(where, status), f"response {status} added")
        for status in sorted(before.keys() & after.keys()):
            old_response = locate(old, before[status], at(where, status))[1]
            pointer, response = locate(new, after[status], at(where, status))
            yield from content_changed(old_response, response, pointer, RESPONSE)


def component_schemas_changed(old: Any, new: Any) -> Iterator[Change]:
    before = (old.get("components") or {}).get("schemas") or {}
    after = (new.get("components") or {}).get("schemas") or {}
    old_uses, new_uses = schema_uses(old), schema_uses(new)
    for name in before.keys() - after.keys():
        yield breaking(at("/components/schemas", name), "schema removed: its model goes")
    for name in after.keys() - before.keys():
        yield compatible(at("/components/schemas", name), "schema added")
    for name in before.keys() & after.keys():
        # A schema no operation uses is still a generated model that users build and parse.
        uses = frozenset(old_uses.get(name, set()) | new_uses.get(name, set())) or BOTH
        yield from compare_schema(before[name], after[name], at("/components/schemas", name), uses)


DOCUMENT_RULES: list[Callable[[Any, Any], Iterator[Change]]] = [
    servers_changed,
    security_changed,
    operations_changed,
    parameters_changed,
    request_body_changed,
    responses_changed,
    component_schemas_changed,
]


def changes(old: Any, new: Any) -> list[Change]:
    """Every API change from `old` to `new`, each once, breaking ones first, by pointer."""
    found: dict[tuple[str, str], Change] = {}
    for rule in DOCUMENT_RULES:
        for item in rule(old, new):
            known = found.get((item.pointer, item.reason))
            found[item.pointer, item.reason] = item if known is None or item.breaking else known
    return sorted(found.values(), key=lambda item: (not item.breaking, item.pointer))


# Versions and the base to compare with.

SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?")


@dataclass(frozen=True)
class Base:
    document: Any
    label: str


def version(document: Any) -> str:
    return str((document.get("info") or {}).get("version", ""))


def semver(text: str) -> tuple[int, int, int]:
    match = SEMVER.fullmatch(text)
    if match is None:
        raise Problem(f"info.version {text!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    return int(match[1]), int(match[2]), int(match[3])


def parse(text: str, source: str) -> Any:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or type(error).__name__
        raise Problem(f"{source} is not readable YAML: {problem}{where}") from None
    if not isinstance(document, dict):
        raise Problem(f"{source} is not an OpenAPI document (not a mapping)")
    return document


def git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except FileNotFoundError:
        raise Problem("git is not installed") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"git {args[0]} failed"]
        raise Problem(lines[-1].removeprefix("fatal: "))
    return done.stdout


def contract_at(revision: str) -> Any:
    return parse(git("show", f"{revision}:{CONTRACT}"), f"{CONTRACT} at {revision}")


def default_base(current: Any) -> Base | str:
    """The base to compare with, or why there is none."""
    try:
        git("rev-parse", "--verify", "--quiet", "HEAD")
        commits = git("log", "--format=%h", "--", CONTRACT).split()
    except Problem as error:
        return f"no git history to compare with ({error})"
    release = None
    for commit in commits:
        try:
            document = contract_at(commit)
        except Problem:
            continue  # an unreadable contract in history is no version to compare with
        if version(document) != version(current):
            if release is not None and changes(release.document, current):
                return release
            return Base(document, f"{version(document)} at {commit}, the previous version")
        release = Base(document, f"{version(current)} as first committed, at {commit}")
    if release is not None and changes(release.document, current):
        return release
    if git("rev-parse", "--is-shallow-repository").strip() == "true":
        return f"no earlier version of {CONTRACT} in this shallow clone (git fetch --unshallow)"
    return f"no earlier version of {CONTRACT} in git history"


def explicit_base(revision: str) -> Base:
    document = contract_at(revision)
    return Base(document, f"{version(document)} at {revision}")


def bump_problem(found: list[Change], current: str, base: str) -> str | None:
    """Why `current` is not a version bump over `base` that admits `found`, if it is not."""
    now, then = semver(current), semver(base)
    if now < then:
        return f"info.version {current} is lower than the base's {base}"
    count = sum(item.breaking for item in found)
    if count and now[0] <= then[0]:
        return (
            f"{count} breaking change{'s' * (count > 1)} need{'s' * (count == 1)} a major version"
            f" bump: info.version is {current}, make it {then[0] + 1}.0.0"
        )
    if found and now[:2] <= then[:2]:
        return (
            f"compatible changes need at least a minor version bump: info.version is {current},"
            f" make it {then[0]}.{then[1] + 1}.0"
        )
    return None


def changelog_problem(current: str) -> str | None:
    text = CHANGELOG.read_text(encoding="utf-8") if CHANGELOG.is_file() else ""
    if re.search(rf"^## \[?{re.escape(current)}\]?(\s|$)", text, re.MULTILINE):
        return None
    return f"CHANGELOG.md has no section for {current}: add the one that `make changelog` prints"


def changelog_section(current: str, base: Base | str, found: list[Change]) -> str:
    if isinstance(base, str):
        return f"## {current}\n\nThe first version of the contract.\n"
    lines = [f"## {current}", "", f"Compared with {version(base.document)}.", ""]
    for title, breaking_ in (("Breaking changes", True), ("Compatible changes", False)):
        listed = [item for item in found if item.breaking is breaking_]
        if listed:
            lines += [f"### {title}", ""]
            lines += [f"- `{item.pointer}`: {item.reason}" for item in listed] + [""]
    if not found:
        lines += ["No change to the API.", ""]
    return "\n".join(lines)


def report(found: list[Change], current: str, base: Base) -> None:
    print(f"check-breaking: {CONTRACT} {current} against {base.label}")
    for item in found:
        print(
            f"  {'BREAKING' if item.breaking else 'compatible':<10}  {item.pointer}: {item.reason}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base", help="git revision of the contract to compare with")
    parser.add_argument("--changelog", action="store_true", help="print a CHANGELOG.md section")
    args = parser.parse_args(argv)
    try:
        current = parse(DOCUMENT.read_text(encoding="utf-8"), CONTRACT)
        base = explicit_base(args.base) if args.base else default_base(current)
        found = [] if isinstance(base, str) else changes(base.document, current)
        if args.changelog:
            print(changelog_section(version(current), base, found), end="")
            return 0
        if isinstance(base, str):
            print(f"check-breaking: {base}: nothing to compare, passing")
            return 0
        report(found, version(current), base)
        problems = [
            problem
            for problem in (
                bump_problem(found, version(current), version(base.document)),
                changelog_problem(version(current)),
            )
            if problem
        ]
    except Problem as error:
        sys.stdout.flush()  # the report so far, then the verdict, even through a pipe
        print(f"check-breaking: {error}", file=sys.stderr)
        return 1
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        print(f"check-breaking: cannot compare the contracts: {error!r}", file=sys.stderr)
        return 1
    sys.stdout.flush()
    for problem in problems:
        print(f"check-breaking: {problem}", file=sys.stderr)
    if not problems:
        count = sum(item.breaking for item in found)
        print(f"check-breaking: passed ({count} breaking, {len(found) - count} compatible)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
