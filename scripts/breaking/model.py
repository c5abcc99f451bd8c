"""A change, the sides a schema is read on, and the helpers every rule builds changes with."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from contract import escape

REQUEST, RESPONSE = "request", "response"
BOTH = frozenset({REQUEST, RESPONSE})
NONE: frozenset[str] = frozenset()
Sides = frozenset[str]
UNCLASSIFIED = "unclassified"
# Fields that only document: no rule compares them, and their changes need no new version.
# `$comment` is JSON Schema's note to the schema's readers.
DOCUMENTATION = frozenset(
    {"description", "summary", "example", "examples", "externalDocs", "$comment"}
)


@dataclass(frozen=True)
class Change:
    pointer: str  # JSON pointer (RFC 6901) into the contract where the change is
    reason: str
    breaking: bool
    rule: str = UNCLASSIFIED
    side: str = "none"  # request, response, both or none: where the changed part is read

    @property
    def level(self) -> str:
        return "breaking" if self.breaking else "compatible"

    @property
    def label(self) -> str:
        if self.rule == UNCLASSIFIED:
            return "BREAKING (unclassified)"
        return "BREAKING" if self.breaking else "compatible"


def at(base: str, *keys: object) -> str:
    return base + "".join(f"/{escape(str(key))}" for key in keys)


def side_name(sides: Sides) -> str:
    if sides == BOTH:
        return "both"
    return next(iter(sides)) if sides else "none"


def show(value: Any) -> str:
    """A value in a message: compact JSON, cut short."""
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def always(rule: str, sides: Sides, pointer: str, reason: str) -> Change:
    """Breaks users of the generated packages whatever the side."""
    return Change(pointer, reason, True, rule, side_name(sides))


def never(rule: str, sides: Sides, pointer: str, reason: str) -> Change:
    return Change(pointer, reason, False, rule, side_name(sides))


def narrows(rule: str, sides: Sides, pointer: str, reason: str) -> Change:
    """Accepts fewer values: callers sending the others are refused."""
    return Change(pointer, reason, REQUEST in sides, rule, side_name(sides))


def widens(rule: str, sides: Sides, pointer: str, reason: str) -> Change:
    """Accepts more values: answers may hold ones the models built from the old schema refuse."""
    return Change(pointer, reason, RESPONSE in sides, rule, side_name(sides))


def alters(rule: str, sides: Sides, pointer: str, reason: str) -> Change:
    """Neither narrower nor wider: breaks wherever the part is read."""
    return Change(pointer, reason, bool(sides), rule, side_name(sides))


def unclassified(pointer: str, old: Any, new: Any) -> Change:
    key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    if old is None or new is None:
        what = f"{key} {'added' if old is None else 'removed'}"
    else:
        what = f"{key} changed from {show(old)} to {show(new)}"
    return Change(pointer, f"{what}: no rule classifies this change", True, UNCLASSIFIED)
