"""Every error the stub answers: an `Error` body (status, message, errors) as JSON.

Bounded whatever the request held: at most MAX_LISTED problems are listed (the message says
how many more there were) and no error body is larger than MAX_ERROR_BYTES. error_body is the
one place error bodies are built, so the bounds hold for every error the stub answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs
from starlette.responses import Response

from ._contract import pointer
from .jsonio import dumps, shorten

MAX_LISTED = 100
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
    if unlisted:
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


def schema_problems(
    validator: jsonschema_rs.Draft202012Validator, document: Any, at: str = ""
) -> tuple[list[dict[str, str]], int]:
    """The first MAX_LISTED ways `document` breaks the schema, each with a JSON pointer (under
    `at`) and a message, and how many more there are; ([], 0) when it is valid.

    jsonschema-rs's evaluate() finds them all in one linear pass (its iter_errors grows with
    the square of their number); only the listed ones become our own dicts.
    """
    try:
        if validator.is_valid(document):
            return [], 0
        found = validator.evaluate(document).errors()
    except UnicodeEncodeError:
        raise UNPAIRED_SURROGATE from None
    listed: dict[tuple[str, str], None] = {}
    unlisted = 0
    for index, error in enumerate(found):
        where = at + error["instanceLocation"]
        if error["schemaLocation"].endswith("/required"):
            where += pointer([required_property(error["error"])])
        listed[(where, shorten(error["error"]))] = None
        if len(listed) == MAX_LISTED:
            unlisted = len(found) - index - 1
            break
    # Hundreds of thousands of dicts freed at once would hold the GIL, and so the event loop,
    # for as long: freed a slice at a time instead.
    while found:
        del found[-4096:]
    return problem_list(listed), unlisted


def problem_list(listed: dict[tuple[str, str], None]) -> list[dict[str, str]]:
    return [{"pointer": where, "message": message} for where, message in listed]


def required_property(message: str) -> str:
    """The property a `required` error names: its message starts with it as a JSON string."""
    try:
        name, _ = json.JSONDecoder().raw_decode(message)
    except ValueError:
        return ""
    return name if isinstance(name, str) else ""
