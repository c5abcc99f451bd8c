"""What every operation module does with its arguments and its answer.

The same whatever the contract says: scripts/generate.py copies this file into the package, and
each generated module under api/ passes in only what its operation declares.
"""

import json
import math
import re
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from urllib.parse import quote

import httpx
import pydantic_core

from . import errors
from ._secrets import redact_data
from .types import UNSET, InvalidDocument, Response, keys_are_text, not_json

if TYPE_CHECKING:
    from .models.error import Error

S = TypeVar("S")


class RequestModel(Protocol):
    def to_request_dict(self) -> dict[str, Any]: ...


_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_~-]+")


def path_segment(value: Any, name: str) -> str:
    """`value` as one path segment, exactly as given."""
    # An empty segment names nothing, and "." or ".." would be collapsed by URL normalisation:
    # percent-encode everything, dots included, so any string arrives exactly as given.
    if not isinstance(value, str) or not value:
        raise InvalidDocument(f"{name} must be a non-empty string, not {value!r:.40}")
    if _PLAIN_SEGMENT.fullmatch(value):
        return value
    try:
        return quote(value, safe="").replace(".", "%2E")
    except UnicodeEncodeError:
        raise InvalidDocument(f"{name} holds an unpaired surrogate, which is not text") from None


def _is_number(value: Any) -> bool:
    # Any int is finite; math.isfinite would overflow on one too large for a float.
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


# The Python types the generator gives query parameters, and what each accepts.
_QUERY_TYPES: dict[str, Callable[[Any], bool]] = {
    "str": lambda value: isinstance(value, str),
    "bool": lambda value: isinstance(value, bool),
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "float": lambda value: not isinstance(value, bool) and _is_number(value),
}


def query(parameters: Mapping[str, tuple[Any, str]]) -> dict[str, Any]:
    """The query parameters that were given, each checked against its JSON type."""
    params: dict[str, Any] = {}
    for name, (value, expected) in parameters.items():
        if value is UNSET or value is None:
            continue
        if not _QUERY_TYPES.get(expected, lambda value: True)(value):
            raise InvalidDocument(f"{name}: expected {expected}, got {type(value).__name__}")
        params[name] = value
    return params


def request_body(body: Any, model: type[RequestModel]) -> dict[str, Any]:
    """The JSON document of a request body, checked against the contract."""
    if not isinstance(body, model):
        raise InvalidDocument(f"body must be of type {model.__name__}, not {type(body).__name__}")
    document = body.to_request_dict()
    if not keys_are_text(document):
        raise InvalidDocument(not_json(document) or "/: not JSON")
    return document


def build(client: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Request:
    """The request, before anything is sent: httpx encodes a JSON body here (allow_nan=False,
    UTF-8), so a value with no JSON form (NaN, a set, a lone surrogate) fails here."""
    try:
        return client.build_request(**kwargs)
    except (ValueError, TypeError, UnicodeEncodeError, RecursionError):
        if "json" not in kwargs:
            raise
        raise InvalidDocument(not_json(kwargs["json"]) or "/: not JSON") from None


def send(client: httpx.Client, kwargs: dict[str, Any]) -> httpx.Response:
    return client.send(build(client, kwargs))


async def send_async(client: httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Response:
    return await client.send(build(client, kwargs))


def json_document(response: httpx.Response) -> Any:
    """The answer's JSON body (json_text)."""
    return json_text(response.content, "the response body")


def json_text(content: bytes, what: str = "the text") -> Any:
    """The JSON value of `content`. Decoded by pydantic-core's parser (jiter) first, which reads
    a page of packages in about two thirds of the stdlib's time with the same values (integers
    of any size included); what it refuses (deeper nesting than it allows, NaN) gets the
    stdlib's judgement. InvalidDocument when it is no JSON value."""
    try:
        return pydantic_core.from_json(content, allow_inf_nan=False, cache_strings="keys")
    except ValueError:
        pass
    try:
        return json.loads(content)
    except RecursionError:
        raise InvalidDocument(f"/: {what} is nested too deeply") from None
    except ValueError:  # not JSON, not UTF-8, or an integer too long to convert
        raise InvalidDocument(f"/: {what} is not JSON") from None


def status(code: int) -> HTTPStatus | int:
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


class Call(Generic[S]):
    """How one operation reads its answers: the success body it promises, and the Error."""

    def __init__(
        self,
        has_body: bool,
        parse_success: Callable[[Any], S],
        parse_error: Callable[[Any], "Error"],
    ) -> None:
        self.has_body = has_body
        self.parse_success = parse_success
        self.parse_error = parse_error

    def success(self, response: httpx.Response, secrets: tuple[str, ...] = ()) -> S:
        """The parsed body of a 2xx answer; InvalidDocument when it is not what was promised
        (its message quotes the answer, so it is made without the secrets a server may echo,
        before it is cut to length; nothing in its chain holds them either)."""
        shown = errors.SECRETS.set(secrets)
        try:
            return self.parse_success(json_document(response) if self.has_body else None)
        except Exception as failure:  # every failure leaves without the token
            problem = errors.cleaned(failure, secrets)
        finally:
            errors.SECRETS.reset(shown)
        raise problem  # out of the except block: a replacement carries no context

    def error(self, response: httpx.Response, secrets: tuple[str, ...] = ()) -> "Error | None":
        """The Error body of an answer, or None when the body is not one; every string of it
        without the secrets, since a caller prints `error.message` (a server may echo the
        token)."""
        try:
            return self.parse_error(redact_data(json_document(response), secrets))
        except InvalidDocument:
            return None

    def detailed(
        self, response: httpx.Response, secrets: tuple[str, ...] = ()
    ) -> "Response[S | Error]":
        parsed: S | Error | None = None
        problem = None
        try:
            if response.is_success:
                parsed = self.success(response, secrets)
            else:
                parsed = self.error(response, secrets)
        except InvalidDocument as error:
            problem = error
        return Response(
            status_code=status(response.status_code),
            content=response.content,
            headers=response.headers,
            parsed=parsed,
            parse_error=problem,
        )

    def success_or_raise(self, response: httpx.Response, secrets: tuple[str, ...] = ()) -> S:
        if response.is_success:
            return self.success(response, secrets)
        raise errors.error_for(response, self.error(response, secrets), secrets)
