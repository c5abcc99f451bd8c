"""Every error the stub answers: an `Error` body (status, message, errors) as JSON.

Bounded whatever the request held: at most MAX_LISTED problems are listed (the message says
how many more there were: exactly, up to COUNTED problems in all, and past that "more than
COUNTED") and no error body is larger than MAX_ERROR_BYTES. error_body is the one place error
bodies are built, so the bounds hold for every error the stub answers.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs
from starlette.responses import Response

from ._contract import pointer
from .jsonio import dumps, shorten

MAX_LISTED = 100
# The problems of a body are counted exactly up to this many; past it, the answer says "more
# than COUNTED". Counting half a million of them (a megabyte of wrong items) would cost ten
# times what checking a valid body of that size does, for a number no client acts on.
COUNTED = 1000
MAX_ERROR_BYTES = 64 * 1024
# Room kept for status, message and the JSON around the problems.
MAX_MESSAGE_CHARS = 1000
MAX_POINTER_CHARS = 1000


@dataclass
class ApiError(Exception):
    status: int
    message: str
    errors: list[dict[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # Problems found beyond those in `errors`, which lists at most MAX_LISTED.
    unlisted: int = 0
    # False when more than COUNTED problems were found and the counting stopped there.
    exact: bool = True


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def error_body(error: ApiError) -> Response:
    """The answer for `error`: at most MAX_LISTED problems, at most MAX_ERROR_BYTES."""
    message = shorten(error.message, MAX_MESSAGE_CHARS)
    listed: list[bytes] = []
    size = len(dumps({"status": error.status, "message": message + " " * 80, "errors": []}))
    for problem in error.errors[:MAX_LISTED]:
        # Pointers hold the client's own keys, of any length: cut like messages are.
        entry = dumps(
            {
                **problem,
                "pointer": shorten(problem["pointer"], MAX_POINTER_CHARS),
                "message": shorten(problem["message"]),
            }
        )
        if size + len(entry) + 1 > MAX_ERROR_BYTES:
            break
        listed.append(entry)
        size += len(entry) + 1
    unlisted = error.unlisted + len(error.errors) - len(listed)
    if not error.exact:
        message += f" ({len(listed)} problems listed, more than {COUNTED:,} in all.)"
    elif unlisted:
        message += f" ({len(listed)} problems listed, {unlisted:,} more not listed.)"
    head = dumps({"status": error.status, "message": message})
    body = head[:-1] + (b',"errors":[' + b",".join(listed) + b"]}" if listed else b"}")
    return Response(
        body, status_code=error.status, headers=error.headers, media_type="application/json"
    )


# JSON can escape a lone UTF-16 surrogate ("\ud800"), but it is no Unicode character: such a
# string can be neither validated nor stored as text, so it is refused (RFC 7493, I-JSON).
UNPAIRED_SURROGATE = ApiError(
    400, "The body holds a string with an unpaired UTF-16 surrogate escape, which is not text."
)


# Windows of COUNTED + 1 items of every long array looked at before the whole document: the
# first items, then WINDOWS - 1 more at places drawn for each request, so that no body can
# know where to hide its problems from them.
WINDOWS = 8


def window(document: Any, keep: int, fraction: float | None) -> Any:
    """The document with every array longer than `keep` cut to `keep` items, starting at
    `fraction` of it (None: at its start); with a fraction, shorter arrays are emptied (the
    first window has judged them)."""
    pending: list[tuple[Any, Any]] = []

    def copy(value: Any) -> Any:
        if isinstance(value, list):
            first = start_of(len(value), keep, fraction)
            kept: list[Any] = [] if first is None else value[first : first + keep]
            pending.append((kept, range(len(kept))))
            return kept
        if isinstance(value, dict):
            shallow = dict(value)
            pending.append((shallow, list(shallow)))
            return shallow
        return value

    top = copy(document)
    while pending:  # iteratively: a body nests up to the parser's depth limit
        container, keys = pending.pop()
        for key in keys:
            container[key] = copy(container[key])
    return top


def start_of(length: int, keep: int, fraction: float | None) -> int | None:
    """Where a window of an array of `length` items starts; None when it holds none of them."""
    if fraction is None:
        return 0
    if length <= keep:
        return None
    return int(fraction * (length - keep))


def located(document: Any, location: str, keep: int, fraction: float | None) -> str:
    """The pointer in the whole document of a pointer into one of its windows."""
    node, parts = document, []
    for token in location.split("/")[1:]:
        if isinstance(node, list) and token.isdigit():
            index = int(token) + (start_of(len(node), keep, fraction) or 0)
            parts.append(str(index))
            node = node[index] if index < len(node) else None
        else:
            parts.append(token)
            key = token.replace("~1", "/").replace("~0", "~")
            node = node.get(key) if isinstance(node, dict) else None
    return "".join("/" + part for part in parts)


def schema_problems(
    validator: jsonschema_rs.Draft202012Validator, document: Any, at: str = ""
) -> tuple[list[dict[str, str]], int, bool]:
    """The first MAX_LISTED ways `document` breaks the schema, each with a JSON pointer (under
    `at`) and a message; how many more there are; and whether that count is exact (False:
    more than COUNTED in all, the count stopped there). ([], 0, True) when it is valid.

    jsonschema-rs's evaluate() finds them all in one linear pass (its iter_errors grows with
    the square of their number), at a cost that grows with their number: so windows of every
    long array are evaluated first (see WINDOWS), and once they hold more than COUNTED
    problems, those are problems of the whole document (an item is judged on its own: the
    contract has no keyword that judges an array as a whole, such as maxItems or uniqueItems,
    which test_stub_bounds.py checks) and the count stops. Otherwise the whole document is
    evaluated: its problems are then few, or the windows missed them by chance only.
    """
    keep = COUNTED + 1
    listed: dict[tuple[str, str], None] = {}
    try:
        if validator.is_valid(document):
            return [], 0, True
        draws = random.Random()
        for number in range(WINDOWS):
            fraction = None if number == 0 else draws.random()
            part = window(document, keep, fraction)
            if number == 0 and part == document:
                break  # no array to cut: the whole document is the window
            for error in validator.evaluate(part).errors():
                where = located(document, error["instanceLocation"], keep, fraction)
                listed[(at + where + required_name(error), shorten(error["error"]))] = None
            if len(listed) > COUNTED:
                return problem_list(listed)[:MAX_LISTED], len(listed) - MAX_LISTED, False
        found = validator.evaluate(document).errors()
    except UnicodeEncodeError:
        raise UNPAIRED_SURROGATE from None
    listed = {}
    unlisted = 0
    for index, error in enumerate(found):
        listed[(at + error["instanceLocation"] + required_name(error), shorten(error["error"]))] = (
            None
        )
        if len(listed) == MAX_LISTED:
            unlisted = len(found) - index - 1
            break
    # Hundreds of thousands of dicts freed at once would hold the GIL, and so the event loop,
    # for as long: freed a slice at a time instead.
    while found:
        del found[-4096:]
    return problem_list(listed), unlisted, len(listed) + unlisted <= COUNTED


def required_name(error: Any) -> str:
    """The pointer to the property a `required` error names, after the object's."""
    if error["schemaLocation"].endswith("/required"):
        return pointer([required_property(error["error"])])
    return ""


def problem_list(listed: dict[tuple[str, str], None]) -> list[dict[str, str]]:
    return [{"pointer": where, "message": message} for where, message in listed]


def required_property(message: str) -> str:
    """The property a `required` error names: its message starts with it as a JSON string."""
    try:
        name, _ = json.JSONDecoder().raw_decode(message)
    except ValueError:
        return ""
    return name if isinstance(name, str) else ""
