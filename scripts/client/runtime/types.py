"""The types every model and endpoint shares, and the checks of values against the contract.

The same whatever the contract says: scripts/generate.py copies this file into the package.
"""

import datetime
import math
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from http import HTTPStatus
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from attrs import define

from .errors import InvalidDocument


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

T = TypeVar("T")


@define
class Response(Generic[T]):
    """A whole answer: what the *_detailed functions return, whatever the body holds.

    Attributes:
        status_code: an HTTPStatus, or an int for a status HTTPStatus does not name (520, say).
        content: the body as received.
        headers: the answer's headers.
        parsed: the success model for a 2xx answer, the Error for another; None when the
            body is not one (then `parse_error` says why).
        parse_error: why `parsed` is None, or None when there was nothing to explain.
    """

    status_code: HTTPStatus | int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None
    parse_error: InvalidDocument | None = None


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
    try:
        utc = value.astimezone(datetime.UTC).replace(tzinfo=None)
    except OverflowError:
        raise InvalidDocument(f"{where or '/'}: {value.isoformat()} has no UTC form") from None
    # isoformat, not strftime: strftime does not pad years before 1000 to four digits.
    return utc.isoformat(timespec="microseconds" if utc.microsecond else "seconds") + "Z"


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


JsonCheck = Callable[[Any], bool]


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    # Any int is finite; math.isfinite would overflow on one too large for a float.
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


_SIMPLE_CHECKS: dict[str, JsonCheck] = {
    "str": lambda value: isinstance(value, str),
    "bool": lambda value: isinstance(value, bool),
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "float": _is_number,
    "None": lambda value: value is None,
    "Any": lambda value: True,
}


def json_type_check(expected: str) -> JsonCheck:
    """A predicate for the JSON type the generator writes as a Python type string."""
    options = _split_union(expected)
    if len(options) > 1:
        checks = [json_type_check(option) for option in options]
        return lambda value: any(check(value) for check in checks)
    if expected.startswith("list[") and expected.endswith("]"):
        item = json_type_check(expected[5:-1])
        return lambda value: isinstance(value, list) and all(map(item, value))
    if expected.startswith("dict["):
        return lambda value: isinstance(value, dict) and all(isinstance(k, str) for k in value)
    return _SIMPLE_CHECKS.get(expected, _SIMPLE_CHECKS["Any"])


def json_type_checks(json_types: Mapping[str, str]) -> dict[str, tuple[str, JsonCheck]]:
    """Each property's JSON type string with its predicate, built once per model."""
    return {name: (expected, json_type_check(expected)) for name, expected in json_types.items()}


class Model(Protocol):
    """What every generated model class declares about its properties."""

    _CHECKS: ClassVar[dict[str, tuple[str, JsonCheck]]]
    _REQUIRED: ClassVar[tuple[str, ...]]
    _READ_ONLY: ClassVar[tuple[str, ...]]
    _NESTED: ClassVar[dict[str, str]]


def check_object(
    document: Any,
    checks: Mapping[str, tuple[str, JsonCheck]],
    required: Iterable[str],
    where: str,
) -> None:
    """Raise InvalidDocument unless `document` is an object whose known properties match."""
    if not isinstance(document, Mapping):
        raise InvalidDocument(
            f"{where or '/'}: expected a JSON object, got {type(document).__name__}"
        )
    for name in required:
        if name not in document:
            raise InvalidDocument(f"{where}/{name}: required property is missing")
    for name, value in document.items():
        check = checks.get(name)
        if check is not None and not check[1](value):
            raise InvalidDocument(
                f"{where}/{name}: expected {check[0]}, got {type(value).__name__}"
            )


def request_document(document: dict[str, Any], model: type[Model], where: str = "") -> None:
    """Check `document` (a model's to_dict()) against the contract and drop its read-only
    properties, at every depth; raise InvalidDocument naming the first value that is wrong."""
    check_object(document, model._CHECKS, model._REQUIRED, where)
    for name in model._READ_ONLY:
        document.pop(name, None)
    for name, class_name in model._NESTED.items():
        nested = _model_class(class_name)
        value = document.get(name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, dict):
                place = f"{where}/{name}" if index is None else f"{where}/{name}/{index}"
                request_document(item, nested, place)


def _model_class(name: str) -> type[Model]:
    from . import models  # imported late: the models import this module

    model: type[Model] = getattr(models, name)
    return model


__all__ = [
    "UNSET",
    "InvalidDocument",
    "Response",
    "Unset",
    "check_object",
    "format_datetime",
    "json_type_checks",
    "parse_datetime",
    "request_document",
]
