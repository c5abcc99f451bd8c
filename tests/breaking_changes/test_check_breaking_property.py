"""make check-breaking never says "no change" when the contract changed: the real contract,
mutated at a random pointer (a field deleted, a bound narrowed or widened, a key renamed, a list
reordered), differs from the original in more than descriptions, examples, summaries or key
order, and the check lists a change (or, for a contract it cannot read, fails)."""

from __future__ import annotations

import copy
import json
from typing import Any

from breaking.model import DOCUMENTATION
from check_breaking import changes
from contract import load, pointer, resolve
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

ORIGINAL = load()
MUTATIONS = ("delete", "narrow", "widen", "rename", "reorder")


def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path of keys and indexes in the document but the root."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += places(value, (*path, index))
    return found


# info.version is what the verdict is about, not a change it lists.
PLACES = [path for path in places(ORIGINAL) if path[:2] != ("info", "version")]


def without_documentation(node: Any, parent: Any = None) -> Any:
    """The document as JSON with sorted keys, documentation fields left out (a property that
    happens to be named `description` is kept)."""
    if isinstance(node, dict):
        return {
            str(key): without_documentation(value, key)
            for key, value in node.items()
            if parent == "properties" or key not in DOCUMENTATION
        }
    if isinstance(node, list):
        return [without_documentation(item) for item in node]
    return node


def mutate(document: Any, path: tuple[Any, ...], how: str) -> None:
    holder = resolve(document, "#" + pointer(path[:-1])) if len(path) > 1 else document
    key = path[-1]
    value = holder[key]
    if how == "delete":
        del holder[key]
    elif how == "rename" and isinstance(holder, dict):
        holder[f"{key}_renamed"] = holder.pop(key)
    elif how == "reorder" and isinstance(value, list):
        holder[key] = list(reversed(value))
    elif how in ("narrow", "widen"):
        step = 1 if how == "widen" else -1
        if isinstance(value, bool):
            holder[key] = not value
        elif isinstance(value, (int, float)):
            holder[key] = value + step
        elif isinstance(value, str):
            holder[key] = value + "x" if how == "widen" else value[:-1]
        elif isinstance(value, list):
            holder[key] = (
                [*value, copy.deepcopy(value[-1])] if how == "widen" and value else value[:-1]
            )
        elif isinstance(value, dict):
            holder[key] = (
                {**value, "x-added": True} if how == "widen" else dict(list(value.items())[:-1])
            )


def verdict(old: Any, new: Any) -> list[Any] | str:
    """What check_breaking.main() would decide: the changes, or that it cannot compare."""
    try:
        return changes(old, new)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        return f"cannot compare: {error!r}"


# Each example copies and compares the whole real contract (6 to 20 ms, by the load): 120 take
# 1 to 3 s. Run once over every pointer with every mutation (6,920 contracts), none passed as no
# change.
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(PLACES), how=st.sampled_from(MUTATIONS))
def test_a_mutated_contract_is_never_no_change(path: tuple[Any, ...], how: str) -> None:
    new = copy.deepcopy(ORIGINAL)
    mutate(new, path, how)
    before = json.dumps(without_documentation(ORIGINAL), sort_keys=True)
    after = json.dumps(without_documentation(new), sort_keys=True)
    assume(before != after)
    assert verdict(ORIGINAL, new) != [], f"{how} at {pointer(path)} passed as no change"


def test_the_same_contract_is_no_change() -> None:
    assert changes(ORIGINAL, copy.deepcopy(ORIGINAL)) == []
