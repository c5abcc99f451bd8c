"""A request's inputs, read as its operation in the contract says: path and query parameters
checked against their own schemas, the body against its media type and schema."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from contract import Contract, Operation, deref
from starlette.requests import ClientDisconnect, Request

from . import jsonio
from .errors import ApiError, schema_problems

JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def parameter_value(schema: dict[str, Any], text: str) -> Any:
    """The JSON value a parameter's text stands for under its schema's type; the text itself
    when it stands for none (then the schema says what is wrong with it)."""
    kinds = schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if {"number", "integer"} & set(kinds) and JSON_NUMBER.fullmatch(text):
        try:
            return jsonio.DECODER.decode(text)
        except ValueError:
            return text
    if "boolean" in kinds and text in ("true", "false"):
        return text == "true"
    return text


class Inputs:
    """What one operation reads from a request."""

    def __init__(self, contract: Contract, operation: Operation, max_body_bytes: int) -> None:
        self.operation = operation
        self.max_body_bytes = max_body_bytes
        self.parameters = [
            (
                p,
                deref(contract.document, p.get("schema", {})),
                contract.validator(p.get("schema", {})),
            )
            for p in operation.parameters
            if p["in"] in ("path", "query")
        ]
        schema = operation.body_schema
        self.body_validator = contract.validator(schema) if schema is not None else None
        name = str((schema or {}).get("$ref", "the body")).rsplit("/", 1)[-1]
        self.body_message = f"The request body does not match the {name} schema."

    def read_parameters(self, path: Mapping[str, str], query: Mapping[str, str]) -> dict[str, Any]:
        """The parameters by name, as JSON values; ApiError 422 naming each one that breaks
        its schema, at the pointer /path/<name> or /query/<name>."""
        values: dict[str, Any] = {}
        problems: list[dict[str, str]] = []
        for parameter, schema, validator in self.parameters:
            name, where = parameter["name"], parameter["in"]
            sent = (path if where == "path" else query).get(name)
            at = f"/{where}/{name}"
            if sent is None:
                if parameter.get("required"):
                    problems.append(
                        {"pointer": at, "message": f"{where} parameter {name} is required"}
                    )
                continue
            value = parameter_value(schema, sent)
            found = schema_problems(validator, value, at)
            problems += [
                {**p, "message": f"{where} parameter {name}: {p['message']}"} for p in found
            ]
            values[name] = value
        if problems:
            raise ApiError(422, "A parameter does not match its schema.", problems)
        return values

    async def read_body(self, request: Request) -> Any:
        """The body as a JSON value, exact; None when the operation takes no body."""
        if self.body_validator is None:
            return None
        expected = self.operation.body_media_type
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != expected:
            raise ApiError(415, f"Content-Type must be {expected}, not {media_type or 'none'}.")
        raw = await read_limited(request, self.max_body_bytes)
        try:
            body = jsonio.loads(raw)
        except jsonio.NotJSON as error:
            raise ApiError(400, str(error)) from None
        problems = schema_problems(self.body_validator, body)
        if problems:
            raise ApiError(422, self.body_message, problems)
        return body


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to be over `limit` bytes."""
    declared = request.headers.get("content-length", "")
    # Compare as text first: a huge digit string would not even convert to an int.
    if (
        declared.isascii()
        and declared.isdigit()
        and (len(declared.lstrip("0")) > len(str(limit)) or int(declared) > limit)
    ):
        raise ApiError(413, f"The body is larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"The body is larger than {limit} bytes.")
            chunks.append(chunk)
    except ClientDisconnect:
        # Nobody is left to answer; this only keeps a traceback out of the log.
        raise ApiError(400, "The client went away before sending the whole body.") from None
    return b"".join(chunks)
