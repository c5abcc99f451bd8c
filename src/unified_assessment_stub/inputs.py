"""A request's inputs, read as its operation in the contract says: path and query parameters
checked against their own schemas, the body against its media type and schema."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from starlette.requests import ClientDisconnect, Request

from . import jsonio, offload
from ._contract import Contract, Operation, deref
from .errors import ApiError, schema_problems
from .jsonio import shorten

# Bodies up to this size are checked on the event loop (a few milliseconds at most); larger ones
# in a worker process (offload.py), so that /healthz and small requests are answered meanwhile.
ON_LOOP_BYTES = 16 * 1024

# The whole body must arrive within this many seconds of the request's head: a client that
# trickles it (or stops) held its connection, its task and up to the body limit in memory
# for ever (the head has its own limit in server.py).
BODY_TIMEOUT = 30.0

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
        # What a worker process needs to build the same validator.
        self.sources = (contract.json_text, json.dumps(schema))

    def read_parameters(self, path: Mapping[str, str], query: Mapping[str, str]) -> dict[str, Any]:
        """The parameters by name, as JSON values; ApiError 422 naming each one that breaks
        its schema, at the pointer /path/<name> or /query/<name>."""
        values: dict[str, Any] = {}
        problems: list[dict[str, str]] = []
        unlisted, exact = 0, True
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
            found, more, counted = schema_problems(validator, value, at)
            problems += [
                {**p, "message": f"{where} parameter {name}: {p['message']}"} for p in found
            ]
            unlisted, exact = unlisted + more, exact and counted
            values[name] = value
        if problems:
            raise ApiError(
                422,
                "A parameter does not match its schema.",
                problems,
                unlisted=unlisted,
                exact=exact,
            )
        return values

    async def read_body(self, request: Request) -> Any:
        """The body as a JSON value, exact; None when the operation takes no body."""
        if self.body_validator is None:
            return None
        self.check_media_type(request.headers.get("content-type", ""))
        raw = await read_limited(request, self.max_body_bytes)
        if len(raw) <= ON_LOOP_BYTES:
            return offload.checked(self.body_validator, self.body_message, raw)
        workers = offload.pool()
        try:
            body, refusal = await asyncio.get_running_loop().run_in_executor(
                workers, offload.check, *self.sources, self.body_message, raw
            )
        except BrokenProcessPool:  # a worker was killed: the next body gets a new pool
            offload.discard(workers)
            raise ApiError(
                503, "The stub's body checker stopped; send the request again."
            ) from None
        if refusal is not None:
            status, message, problems, unlisted, exact = refusal
            raise ApiError(status, message, problems, unlisted=unlisted, exact=exact)
        return body

    def check_media_type(self, content_type: str) -> None:
        """ApiError 415 unless the Content-Type is the operation's, with no parameter but a
        UTF-8 charset (RFC 8259 §8.1: JSON between systems is UTF-8)."""
        expected = self.operation.body_media_type
        media_type, *parameters = content_type.split(";")
        media_type = media_type.strip().lower()
        if media_type != expected:
            raise ApiError(
                415, shorten(f"Content-Type must be {expected}, not {media_type or 'none'}.")
            )
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "charset" and value == "utf-8":
                continue
            said = "charset " + value if name == "charset" else f"parameter {name!r}"
            raise ApiError(
                415,
                shorten(f"Content-Type {expected} takes only charset=utf-8, not {said}."),
            )


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
        async with asyncio.timeout(BODY_TIMEOUT):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, f"The body is larger than {limit} bytes.")
                chunks.append(chunk)
    except TimeoutError:
        # 400, not 408: the contract lists 400 for every operation that takes a body.
        raise ApiError(
            400,
            f"The body did not arrive within {BODY_TIMEOUT:g} s of the request's head.",
            headers={"Connection": "close"},
        ) from None
    except ClientDisconnect:
        # Nobody is left to answer; this only keeps a traceback out of the log.
        raise ApiError(400, "The client went away before sending the whole body.") from None
    return b"".join(chunks)
