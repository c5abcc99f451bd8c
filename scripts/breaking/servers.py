"""Servers: the default one, the client regions (`x-region`), and the variables of a URL
template.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from breaking.model import BOTH, Change, always, at, never, show
from breaking.objects import leftovers, mapping


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
