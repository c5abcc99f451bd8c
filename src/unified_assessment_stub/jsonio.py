"""JSON in and out without losing meaning: every number comes back as the client wrote it.

Python's json keeps integers exact, but turns every other number into a float, which rounds
(9007199254740993.0), overflows (1e400) and, for integers of more than 4,300 digits, refuses
them (CPython's guard against quadratic conversions). So a number that a float or an int
would change is kept as a Decimal instead, and written back with its own digits.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from typing import Any

# Past this many digits int() is refused by CPython, and is quadratic before that anyway;
# Decimal reads and writes any number of digits in linear time.
MAX_INT_DIGITS = 4000
MAX_DEPTH = 256


class NotJSON(ValueError):
    """The bytes are not a JSON document the stub can keep."""


def reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def read_int(text: str) -> int | Decimal:
    if text == "-0":
        # int("-0") is 0: the sign the client wrote would be lost. Decimal keeps it.
        return Decimal(text)
    return int(text) if len(text) <= MAX_INT_DIGITS else exact_decimal(text)


def read_float(text: str) -> float | Decimal:
    number = float(text)
    # A float is kept only when its shortest form names the very number that was sent.
    if math.isfinite(number) and (
        repr(number) == text or Decimal(repr(number)) == exact_decimal(text)
    ):
        return number
    return exact_decimal(text)


def exact_decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        # Only exponents past about 10**18 get here: no arithmetic library keeps those.
        raise ValueError(f"the exponent of {text[:40]} is out of range") from None


DECODER = json.JSONDecoder(
    parse_constant=reject_constant, parse_int=read_int, parse_float=read_float
)


def loads(raw: bytes) -> Any:
    """The document in `raw`, numbers exact; NotJSON says why it is not one.

    Every step is linear in the length of `raw`: decoding, parsing (C), and the depth check,
    which runs only on text the parser has accepted, where every string is terminated.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NotJSON("The body is not UTF-8 encoded JSON.") from None
    try:
        document = DECODER.decode(text)
    except RecursionError:
        raise NotJSON(f"The body is nested deeper than {MAX_DEPTH} levels.") from None
    except ValueError as error:
        raise NotJSON(shorten(f"The body is not valid JSON: {error}")) from None
    if text.count("[") + text.count("{") > MAX_DEPTH and depth(text) > MAX_DEPTH:
        # Only then can it be too deep; counting is cheap, measuring less so.
        raise NotJSON(f"The body is nested deeper than {MAX_DEPTH} levels.")
    if SURROGATE_ESCAPE.search(text):
        # Paired escapes decode to one character; a lone one stays a surrogate, which UTF-8
        # cannot encode.
        try:
            json.dumps(document, ensure_ascii=False, default=str).encode("utf-8")
        except UnicodeEncodeError:
            raise NotJSON(
                "The body holds a string with an unpaired UTF-16 surrogate escape, "
                "which is not text."
            ) from None
    return document


# JSON can escape a lone UTF-16 surrogate ("\ud800"), but it is no Unicode character: such a
# string can be neither validated nor stored as text, so it is refused (RFC 7493, I-JSON).
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def depth(text: str) -> int:
    """How deep the brackets of `text`, a JSON document the parser accepted, nest.

    Strings go first (on accepted JSON each one ends, so the pattern never rescans), then
    everything but brackets; the running sum of +1/-1 is taken in C by accumulate.
    """
    brackets = NOT_BRACKET.sub("", STRING.sub("", text))
    deepest = level = 0
    # In slices, so that a thread running this lets the event loop's thread in between.
    for start in range(0, len(brackets), SLICE):
        levels = list(
            accumulate(map(STEP.__getitem__, brackets[start : start + SLICE]), initial=level)
        )
        deepest, level = max(deepest, *levels), levels[-1]
    return deepest


STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
NOT_BRACKET = re.compile(r"[^\[\]{}]++")
STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
SLICE = 64 * 1024

# A Decimal is written as a placeholder string, then its digits replace the placeholder. The
# nonce keeps a client's own strings from ever looking like one.
NONCE = secrets.token_hex(8)
PLACEHOLDER = re.compile(rf'"@{NONCE}:(\d+)@"')


def dumps(document: Any) -> bytes:
    """Compact JSON, ASCII only (so a lone surrogate escape stays representable)."""
    numbers: list[str] = []

    def decimal_placeholder(value: object) -> str:
        if not isinstance(value, Decimal):
            raise TypeError(f"{type(value).__name__} is not JSON")
        numbers.append(str(value))
        return f"@{NONCE}:{len(numbers) - 1}@"

    encoder = json.JSONEncoder(
        ensure_ascii=True, allow_nan=False, separators=(",", ":"), default=decimal_placeholder
    )
    text = encoder.encode(document)
    if numbers:
        text = PLACEHOLDER.sub(lambda found: numbers[int(found.group(1))], text)
    return text.encode("ascii")


def shorten(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[:limit] + "…"
