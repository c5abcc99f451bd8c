"""The types every model and endpoint shares, and the checks of values against the contract.

The same whatever the contract says: scripts/generate.py copies this file into the package.
"""

import datetime
import functools
import json
import math
import re
from collections.abc import Mapping, MutableMapping
from enum import StrEnum
from http import HTTPStatus
from importlib import resources
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

import attrs
import jsonschema_rs
from attrs import define

from ._secrets import printable
from .errors import InvalidDocument


class OpenStrEnum(StrEnum):
    """Open enum: a value the contract does not list yet (the vendor adds kinds) becomes a
    pseudo-member holding the raw value, which is sent back unchanged."""

    @classmethod
    def _missing_(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = printable(value)  # shown by repr(), so print(model) always works
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """Whether the contract lists this value."""
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)


class Unset:
    """The value of a property that is absent (not null: absent, so it is not sent)."""

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


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
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2}-\d{2})[Tt](\d{2}:\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
)


class Rfc3339DateTime(datetime.datetime):
    """A date-time read from a document: an aware datetime that remembers its text.

    Sent back, it is the same text, whatever its offset or precision. RFC 3339 allows two values
    that a datetime cannot hold: a leap second (`23:59:60`) is held as `23:59:59.999999` and a
    year 0000 as year 1, each with its exact text in `text`.
    """

    __slots__ = ("text",)
    text: str


def parse_datetime(text: Any, where: str = "") -> datetime.datetime:
    """An aware datetime from any RFC 3339 date-time string."""
    match = _RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidDocument(f"{where or '/'}: expected an RFC 3339 date-time, got {text!r:.60}")
    year, day, minutes, seconds, fraction, offset = match.groups()
    fraction = (fraction or "")[:7]  # Python keeps microseconds
    offset = "+00:00" if offset in "Zz" else offset
    if year == "0000":
        year = "0001"
    if seconds == "60":
        seconds, fraction = "59", ".999999"
    try:
        value = datetime.datetime.fromisoformat(
            f"{year}-{day}T{minutes}:{seconds}{fraction}{offset}"
        )
    except ValueError as error:
        raise InvalidDocument(f"{where or '/'}: {error}: {text!r:.60}") from None
    kept = Rfc3339DateTime(
        value.year, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond, value.tzinfo,
    )  # fmt: skip
    kept.text = text
    return kept


def format_datetime(value: Any, where: str = "") -> str:
    """The text a date-time was read from; else the contract's form, YYYY-MM-DDTHH:MM:SSZ in
    UTC (with a fraction only when there is one)."""
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
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
    """The JSON value of an enum member; anything else is left for the contract check to judge."""
    return getattr(value, "value", value)


@functools.cache
def _contract() -> dict[str, Any]:
    # The contract this package was generated from, as scripts/generate.py copied it here.
    text = resources.files(__package__).joinpath("contract.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


# Compiled validators by the identity of their schema: schemas are module constants of the
# generated code, and hashing a large schema on every call would cost more than validating.
_VALIDATORS: dict[int, tuple[Mapping[str, Any], jsonschema_rs.Draft202012Validator]] = {}


def _validator(schema: Mapping[str, Any]) -> jsonschema_rs.Draft202012Validator:
    found = _VALIDATORS.get(id(schema))
    if found is None or found[0] is not schema:
        compiled = jsonschema_rs.Draft202012Validator(
            {**_contract(), **schema}, validate_formats=True
        )
        found = _VALIDATORS[id(schema)] = (schema, compiled)
    return found[1]


def _pointer(path: Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def validate(document: Any, schema: Mapping[str, Any], where: str = "") -> None:
    """Raise InvalidDocument unless `document` is valid against `schema` (JSON Schema 2020-12,
    formats checked, `$ref`s into the contract); the message names the first wrong value."""
    validator = _validator(schema)
    try:
        if validator.is_valid(document):
            return
        error = next(iter(validator.iter_errors(document)))
    except (ValueError, TypeError, UnicodeError, RecursionError, OverflowError):
        raise InvalidDocument(not_json(document, where) or f"{where or '/'}: not JSON") from None
    found = not_json(document, where)  # NaN, say: the validator would call it null
    if found:
        raise InvalidDocument(found)
    # Whole: InvalidDocument takes out any secret first, then cuts the message to length.
    raise InvalidDocument(f"{where}{_pointer(error.instance_path) or '/'}: {error.message}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def keys_are_text(document: Any) -> bool:
    """Whether every object key in `document` is a string with a UTF-8 form: json.dumps would
    silently write an int key as a string, and the validator does not look inside values that
    the contract leaves open."""
    stack = [document]
    push, pop = stack.append, stack.pop
    while stack:
        value = pop()
        if type(value) is dict:
            for key in value:
                if type(key) is not str or (not key.isascii() and _SURROGATE.search(key)):
                    return False
            value = value.values()
        for item in value:
            if type(item) is dict or type(item) is list:
                push(item)
    return True


def not_json(value: Any, where: str = "", depth: int = 0) -> str | None:
    """Where `value` holds something with no JSON form, and what; None when it has none."""
    if depth > 500:
        return f"{where or '/'}: nested too deeply"
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where or '/'}: {value} is not a JSON number"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where or '/'}: holds an unpaired surrogate, which is not text"
        return None
    if isinstance(value, list | tuple):
        items = enumerate(value)
        return next((p for i, v in items if (p := not_json(v, f"{where}/{i}", depth + 1))), None)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where or '/'}: key {key!r:.40} is not a string"
            found = not_json(key, f"{where}/{key}", depth + 1) or not_json(
                item, f"{where}/{key}", depth + 1
            )
            if found:
                return found
        return None
    return f"{where or '/'}: a {type(value).__name__} has no JSON form"


class Model(Protocol):
    """What every generated model class declares about itself."""

    _SCHEMA: ClassVar[dict[str, Any]]
    _READ_ONLY: ClassVar[tuple[str, ...]]
    _NESTED: ClassVar[dict[str, str]]


def request_document(document: dict[str, Any], model: type[Model], where: str = "") -> None:
    """Drop the read-only properties of `document` (a model's to_dict()) at every depth, then
    check it against the contract; raise InvalidDocument naming the first value that is wrong."""
    _drop(document, _read_only_plan(model))
    validate(document, model._SCHEMA, where)


# What to drop from a model's document: its read-only names, and the same for each property
# holding nested models, where any are read-only at some depth.
_Plan = tuple[tuple[str, ...], tuple[tuple[str, "_Plan"], ...]]


@functools.cache
def _read_only_plan(model: type[Model]) -> _Plan:
    from . import models  # imported late: the models import this module

    nested = ((name, _read_only_plan(getattr(models, cls))) for name, cls in model._NESTED.items())
    return model._READ_ONLY, tuple((name, plan) for name, plan in nested if plan != ((), ()))


def _drop(document: dict[str, Any], plan: _Plan) -> None:
    names, nested = plan
    for name in names:
        document.pop(name, None)
    for name, inner in nested:
        value = document.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                _drop(item, inner)


class LazyModel:
    """A model that can be made from a document already checked against the contract, and
    builds its attributes only when one is first read: a page of 100 packages costs one check
    of the whole answer, not 100 constructions nobody may look at, and reading a string (the
    id of what was just created, say) builds nothing else."""

    __slots__ = ("_lazy_document",)
    _PLAIN: ClassVar[dict[str, str]] = {}

    @classmethod
    def _lazy(cls: type[T], document: Mapping[str, Any]) -> T:
        instance = object.__new__(cls)
        object.__setattr__(instance, "_lazy_document", document)
        return instance

    def __repr__(self) -> str:
        # The properties that are set: a package shows what it holds, not twenty UNSETs.
        shown = []
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if value is not UNSET and not (field.name == "additional_properties" and not value):
                shown.append(f"{field.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def __getattr__(self, name: str) -> Any:
        # Only reached for an empty slot, that is for an attribute of a model made by _lazy()
        # that is read for the first time. `_lazy_document` holds the document until one
        # attribute needs building, then the model built from it, whose attributes are taken
        # one by one as they are first read (an attribute set since keeps the caller's value).
        try:
            state = object.__getattribute__(self, "_lazy_document")
        except AttributeError:
            raise AttributeError(name) from None
        if name.startswith("__"):
            raise AttributeError(name)
        if not isinstance(state, LazyModel):
            key = self._PLAIN.get(name)
            if key is not None:  # the document's own value: nothing to build
                value = state.get(key, UNSET)
                object.__setattr__(self, name, value)
                return value
            state = type(self)._build(state)  # type: ignore[attr-defined]
            object.__setattr__(self, "_lazy_document", state)
        value = getattr(state, name)
        object.__setattr__(self, name, value)
        return value


__all__ = [
    "UNSET",
    "InvalidDocument",
    "LazyModel",
    "OpenStrEnum",
    "Response",
    "Rfc3339DateTime",
    "Unset",
    "enum_value",
    "format_datetime",
    "keys_are_text",
    "not_json",
    "parse_datetime",
    "request_document",
    "validate",
]
