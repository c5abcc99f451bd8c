"""Every error the stub answers: an `Error` body (status, message, errors) as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs
from contract import pointer
from starlette.responses import Response

from .jsonio import dumps, shorten


@dataclass
class ApiError(Exception):
    status: int
    message: str
    errors: list[dict[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def error_body(error: ApiError) -> Response:
    body: dict[str, Any] = {"status": error.status, "message": error.message}
    if error.errors:
        body["errors"] = error.errors
    return JSONBody(body, status_code=error.status, headers=error.headers)


# JSON can escape a lone UTF-16 surrogate ("\ud800"), but it is no Unicode character: such a
# string can be neither validated nor stored as text, so it is refused (RFC 7493, I-JSON).
UNPAIRED_SURROGATE = ApiError(
    400, "The body holds a string with an unpaired UTF-16 surrogate escape, which is not text."
)


def schema_problems(
    validator: jsonschema_rs.Draft202012Validator, document: Any, at: str = ""
) -> list[dict[str, str]]:
    """Every way `document` breaks the schema, each with a JSON pointer (under `at`) and a
    message; empty when it is valid."""
    try:
        if validator.is_valid(document):
            return []
        found: set[tuple[str, str]] = set()
        for error in validator.iter_errors(document):
            where = at + pointer(error.instance_path)
            if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required):
                where += pointer([error.kind.property])
            found.add((where, shorten(error.message)))
    except UnicodeEncodeError:
        raise UNPAIRED_SURROGATE from None
    return [{"pointer": where, "message": message} for where, message in sorted(found)]
