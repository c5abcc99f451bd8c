"""Contains some shared types for properties, and the checks every model applies"""

import datetime
import math
import re
from collections.abc import Iterable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


class InvalidDocument(ValueError):
    """A document, or a request being built, does not match the API contract."""


# RFC 3339 date-time: upper- or lower-case T and Z, any offset, optional fraction.
_RFC3339 = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def parse_datetime(text: Any, where: str = "") -> datetime.datetime:
    """An aware datetime from any RFC 3339 date-time string."""
    match = _RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidDocument(f"{where or '/'}: expected an RFC 3339 date-time, got {text!r:.60}")
    day, time, fraction, offset = match.groups()
    fraction = (fraction or "")[:7]  # Python keeps microseconds
    offset = "+00:00" if offset in "Zz" else offset
    try:
        return datetime.datetime.fromisoformat(f"{day}T{time}{fraction}{offset}")
    except ValueError as error:
        raise InvalidDocument(f"{where or '/'}: {error}: {text!r:.60}") from None


def format_datetime(value: Any, where: str = "") -> str:
    """The contract's form, YYYY-MM-DDTHH:MM:SSZ in UTC (with a fraction only when there is one)."""
    if not isinstance(value, datetime.datetime):
        raise InvalidDocument(f"{where or '/'}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidDocument(
            f"{where or '/'}: naive datetime {value.isoformat()}; give it a timezone "
            "(for example datetime.UTC) rather than have one guessed"
        )
    utc = value.astimezone(datetime.UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{utc.microsecond:06d}Z" if utc.microsecond else f"{text}Z"


def enum_value(value: Any) -> Any:
    """The JSON value of an enum member; anything else is left for the type check to judge."""
    return getattr(value, "value", value)


def _split_union(expected: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(expected):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(expected[start:index].strip())
            start = index + 1
    parts.append(expected[start:].strip())
    return parts


def matches_json_type(value: Any, expected: str) -> bool:
    """Whether a JSON value has the type written as the generator's JSON type string."""
    options = _split_union(expected)
    if len(options) > 1:
        return any(matches_json_type(value, option) for option in options)
    if expected.startswith("list[") and expected.endswith("]"):
        inner = expected[5:-1]
        return isinstance(value, list) and all(matches_json_type(item, inner) for item in value)
    if expected.startswith("dict["):
        return isinstance(value, dict) and all(isinstance(key, str) for key in value)
    if expected == "str":
        return isinstance(value, str)
    if expected == "bool":
        return isinstance(value, bool)
    if expected == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "float":
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return number and math.isfinite(value)
    if expected == "None":
        return value is None
    return expected == "Any"


def check_object(
    document: Any, json_types: Mapping[str, str], required: Iterable[str], where: str
) -> None:
    """Raise InvalidDocument unless `document` is an object whose known properties match."""
    if not isinstance(document, Mapping):
        raise InvalidDocument(
            f"{where or '/'}: expected a JSON object, got {type(document).__name__}"
        )
    for name in required:
        if name not in document:
            raise InvalidDocument(f"{where}/{name}: required property is missing")
    for name, expected in json_types.items():
        if name in document and not matches_json_type(document[name], expected):
            got = type(document[name]).__name__
            raise InvalidDocument(f"{where}/{name}: expected {expected}, got {got}")


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "InvalidDocument",
    "RequestFiles",
    "Response",
    "Unset",
    "check_object",
    "format_datetime",
    "parse_datetime",
]
