"""The token kept out of every text the client lets leave the process: exception messages
and log records, in every form a server may echo it (raw, JSON-escaped, percent-encoded).

`SECRETS` holds the secrets of the call under way (the client sets it around each call); every
exception message is made by `shown()` (redacted first, then cut, then made printable); an
exception raised through a call is scrubbed with its whole chain; and `RedactingFilter`, on
every logger of httpx, httpcore and this package, redacts each record before any handler sees
it. The same whatever the contract says: scripts/generate.py copies this file into the
package.
"""

import contextlib
import contextvars
import functools
import json
import logging
import re
import urllib.parse
from typing import Any

MESSAGE_LIMIT = 400
MARKER = "[redacted]"
# For a token that the marker could spell, with what surrounds it ("e", "]x"): no ASCII at all,
# and a token is printable ASCII.
SAFE_MARKER = "\u2588\u2588\u2588"

# The secrets of the call under way: set by the client around each call, read wherever text is
# made (an exception's message, a log record) so that none is made with the token in it.
SECRETS: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "unified_assessment_secrets", default=()
)


# A piece of a secret this long or longer is taken out wherever it is, alone: what a cut leaves
# of a secret (a message cut at 400 characters, a report at 4,000) must not show it either.
PIECE = 8


def _hexadecimal(match: re.Match[str]) -> str:
    return chr(min(int(match[1], 16), 0x10FFFF))


def _decimal(match: re.Match[str]) -> str:
    return chr(min(int(match[1]), 0x10FFFF))


# Every form a character of a secret can take in a text a server or a log made: each decodes
# one character. Percent-encoding, JSON's \\u escape (once, or twice when JSON text is shown
# by repr, as httpcore logs headers), HTML character references and entities, and the
# backslash escapes of JSON and of Python's repr, up to a repr of a repr.
_ENTITIES = {"quot": '"', "amp": "&", "apos": "'", "lt": "<", "gt": ">"}
_DECODERS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"%([0-9a-fA-F]{2})"), _hexadecimal),
    (re.compile(r"\\[uU]([0-9a-fA-F]{4})"), _hexadecimal),
    (re.compile(r"\\\\[uU]([0-9a-fA-F]{4})"), _hexadecimal),
    (re.compile(r"&#([0-9]{1,7});"), _decimal),
    (re.compile(r"&#[xX]0*([0-9a-fA-F]{1,6});"), _hexadecimal),
    (re.compile(r"&(quot|amp|apos|lt|gt);"), lambda match: _ENTITIES[match[1]]),
    (re.compile(r"~([01])"), lambda match: "~/"[int(match[1])]),  # a JSON pointer's
    (re.compile(r"\\([\"'/\\])"), lambda match: match[1]),
    (re.compile(r"\\{2}([\"'/\\])"), lambda match: match[1]),
    (re.compile(r"\\{3}([\"'\\])"), lambda match: match[1]),
)
# The characters those forms are written with, besides the secret's own.
_FORM_CHARACTERS = "%\\&#;~xXuU0123456789abcdefABCDEFquotampslg"
# Where one of them starts.
_STARTERS = "%\\&~"
_SPECIALS = re.compile("[" + re.escape(_STARTERS) + "]")
# What escaping writes a character as, besides repr's, JSON's and percent-encoding's forms.
_ESCAPED_AS = {
    "&": ("&amp;",),
    "<": ("&lt;",),
    ">": ("&gt;",),
    '"': ("&quot;", "&#34;", '\\"'),
    "'": ("&#x27;", "&#39;", "&apos;", "\\'"),
    "\n": ("&#10;",),
    "\r": ("&#13;",),
    "\t": ("&#09;", "&#9;"),
    "/": ("~1", "\\/"),
    "~": ("~0",),
}


@functools.lru_cache(maxsize=4096)
def _shown_as(character: str) -> tuple[str, ...]:
    """Every text that what shows a text writes `character` as: HTML escaping (`html.escape`)
    and XML's (ElementTree, in text and attributes), the backslash escapes of JSON and of
    Python's repr (printable() writes a lone surrogate so too), a JSON pointer's `~0` and
    `~1`, percent-encoding (a space's `+` is read apart: a base64 token holds `+`). A secret
    written in such forms (a token holding `&amp;`, `\\udc80` or `~1`) is spelled by the escaped
    form of a text that does not hold it: redaction, which comes before any escaping, looks
    for that too."""
    forms = {repr(character)[1:-1], json.dumps(character)[1:-1], *_ESCAPED_AS.get(character, ())}
    with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate has no UTF-8 bytes
        quoted = urllib.parse.quote(character, safe="")
        forms |= {quoted, quoted.lower()}
    forms.discard(character)
    return tuple(sorted(forms))


# The characters that nothing above writes otherwise.
_AS_THEMSELVES = re.compile(r"[A-Za-z0-9_.\-]*")


@functools.lru_cache(maxsize=16)
def _shape(secret: str) -> tuple[int, frozenset[str], re.Pattern[str], bool]:
    """The length of the pieces looked for, every piece of the secret up to that length, a
    regex for the stretches of text that can hold one (outside them, nothing can), and whether
    the secret holds what an escaped form starts with (then any character can spell a part of
    it once escaped, and every stretch is read every way)."""
    piece = min(PIECE, len(secret))
    pieces = frozenset(
        secret[start : start + size]
        for size in range(1, piece + 1)
        for start in range(len(secret) - size + 1)
    )
    escapes = any(character in secret for character in _STARTERS)
    alphabet = set(secret) | set(_FORM_CHARACTERS) | ({" "} if "+" in secret else set())
    # Decoding only shortens a text: a piece needs as many characters of it. Escaping lengthens
    # one: a single character can spell a piece (`&` as `&amp;`), and the whole text is read.
    characters = "[" + re.escape("".join(sorted(alphabet))) + "]{" + str(piece) + ",}"
    stretch = re.compile(r"[\s\S]+" if escapes else characters)
    return piece, pieces, stretch, escapes


def _edges(text: str, position: int, escapes: bool) -> list[tuple[str, int]]:
    """Every text that the character at `position` can be read as (itself, what an escape
    starting there decodes to, and with `escapes` what escaping would write it as), with where
    that reading ends."""
    edges = [(text[position], position + 1)]
    if text[position] in _STARTERS:
        for decoder, decoded in _DECODERS:
            match = decoder.match(text, position)
            if match is not None:
                edges.append((decoded(match), match.end()))
    if escapes:
        edges += [(form, position + 1) for form in _shown_as(text[position])]
    if text[position] == " ":  # a form of one character, as cheap to read as a decoded one
        edges.append(("+", position + 1))
    return edges


def spans(text: str, secret: str) -> list[tuple[int, int]]:
    """Where `text` shows a piece of `secret` (all of it when shorter than PIECE), in any mix of
    its forms, as merged (start, end) ranges.

    Every way of reading the text is followed at once, character by character: each reading
    keeps only the longest end of what it read that is a piece of the secret, with where each
    of its characters starts. Linear in the text, whatever runs of backslashes or `%25` it holds.
    """
    if not secret:
        return []
    piece, pieces, stretch, escapes = _shape(secret)
    found: list[tuple[int, int]] = []
    for match in stretch.finditer(text):
        start, end = match.span()
        plain = _AS_THEMSELVES.fullmatch(text, start, end) if escapes else " " not in match[0]
        if plain and not _SPECIALS.search(text, start, end):  # one reading: each window
            found += [
                (at, at + piece)
                for at in range(start, end - piece + 1)
                if text[at : at + piece] in pieces
            ]
            continue
        # position -> {what the readings that reach it read: where each character starts}
        readings: dict[int, dict[str, tuple[int, ...]]] = {}
        for position in range(start, end):
            here = readings.pop(position, {})
            here.setdefault("", ())
            for shown, after in _edges(text, position, escapes):
                if after > end:
                    continue
                for read, starts in here.items():
                    # A form of several characters is read one by one: a piece may end inside.
                    for character in shown:
                        read, starts = read + character, (*starts, position)
                        while read not in pieces and read:
                            read, starts = read[1:], starts[1:]
                        if len(read) == piece:
                            found.append((starts[0], after))
                            read, starts = read[1:], starts[1:]
                    if not read:
                        continue
                    there = readings.setdefault(after, {})
                    known = there.get(read)
                    there[read] = starts if known is None else tuple(map(min, known, starts))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _replaced(text: str, secret: str, marker: str) -> str:
    parts, last = [], 0
    for start, end in spans(text, secret):
        parts += [text[last:start], marker]
        last = end
    return "".join([*parts, text[last:]])


def _holds(text: str, secret: str) -> bool:
    return bool(spans(text, secret))


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without the secrets in it, nor any piece of one of PIECE characters or more, in
    any of their forms (a server may echo the token, and a cut keep part of it)."""
    for secret in secrets:
        if not secret:
            continue
        redacted = _replaced(text, secret, MARKER)
        if _holds(redacted, secret):  # the marker spells a piece, with what surrounds it
            redacted = _replaced(text, secret, SAFE_MARKER)
        text = SAFE_MARKER if _holds(redacted, secret) else redacted
    return text


def redact_data(data: Any, secrets: tuple[str, ...]) -> Any:
    """A JSON-like document with the secrets taken out of every string, keys included; without
    recursion, since an answer may nest as deep as its parser allows."""
    if not any(secrets):
        return data

    def copied(value: Any) -> Any:
        if isinstance(value, str):
            return redact(value, secrets)
        if isinstance(value, list):
            holder: Any = list(value)
            pending.append((holder, list(range(len(holder)))))
            return holder
        if isinstance(value, dict):
            holder = {redact(key, secrets): item for key, item in value.items()}
            pending.append((holder, list(holder)))
            return holder
        return value

    pending: list[tuple[Any, list[Any]]] = []
    top = copied(data)
    while pending:
        holder, keys = pending.pop()
        for key in keys:
            holder[key] = copied(holder[key])
    return top


def printable(text: str) -> str:
    """`text` with lone surrogates escaped (`\\udc80`): encodable, so `print()` never fails."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def shown(text: str, secrets: tuple[str, ...] = ()) -> str:
    """The message to show for `text`: redacted first, then cut, then made printable."""
    text = redact(text, secrets + SECRETS.get())
    if len(text) > MESSAGE_LIMIT:
        text = text[:MESSAGE_LIMIT] + "…"
    return printable(text)


# Attributes that some exceptions show in str() besides their args (OSError's strerror, a
# UnicodeDecodeError's object, a JSONDecodeError's document).
_SHOWN_ATTRIBUTES = ("strerror", "filename", "filename2", "reason", "object", "msg", "doc")


def _scrubbed(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return printable(redact(value, secrets))
    if isinstance(value, bytes):
        return redact(value.decode("latin-1"), secrets).encode("latin-1", "replace")
    if isinstance(value, tuple):
        return tuple(_scrubbed(item, secrets) for item in value)
    return value


def _leaks(failure: BaseException, secrets: tuple[str, ...]) -> bool:
    try:
        # What it shows of its own, not repr()'s class name and punctuation, which a secret of
        # a few characters can spell ("t" in ReadTimeout, ")") without showing anything of it.
        text = "\n".join([str(failure), *map(str, failure.args)])
    except Exception:  # a str() that fails shows nothing, which is safe
        return False
    return any(_holds(text, secret) for secret in secrets)


def _scrub_one(exception: BaseException, secrets: tuple[str, ...]) -> None:
    exception.args = _scrubbed(exception.args, secrets)
    for name in _SHOWN_ATTRIBUTES:
        value = getattr(exception, name, None)
        if isinstance(value, str | bytes):
            with contextlib.suppress(AttributeError, TypeError):  # read-only, or typed
                setattr(exception, name, _scrubbed(value, secrets))
    notes = getattr(exception, "__notes__", None)
    if isinstance(notes, list):
        notes[:] = [_scrubbed(note, secrets) for note in notes]


def scrub(failure: BaseException, secrets: tuple[str, ...]) -> bool:
    """Take the secrets out of `failure` and of every exception in its chain, in place: args,
    the attributes str() shows, notes. An exception that would still show one (a str() of its
    own) is cut from the chain; True when `failure` itself would still show one."""
    secrets = tuple(secret for secret in secrets if secret)
    if not secrets:
        return False
    chain: list[BaseException] = []
    pending: list[BaseException] = [failure]
    while pending:
        exception = pending.pop()
        if any(exception is seen for seen in chain):
            continue
        chain.append(exception)
        _scrub_one(exception, secrets)
        pending += [e for e in (exception.__cause__, exception.__context__) if e is not None]
    for exception in chain:
        for name in ("__cause__", "__context__"):
            linked = getattr(exception, name)
            if linked is not None and _leaks(linked, secrets):
                setattr(exception, name, None)
    return _leaks(failure, secrets)


class RedactingFilter(logging.Filter):
    """Takes the secrets of the call under way out of every record of httpx, httpcore and this
    client, message and attached exception, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = SECRETS.get()
        if not secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the format: shown as neither
            message = "a log record whose message could not be formatted"
        record.msg, record.args = redact(message, secrets), None
        if record.exc_info and record.exc_info[1] is not None:
            scrub(record.exc_info[1], secrets)
            record.exc_text = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets)
        return True


# Every logger that httpx and httpcore write to (a filter applies only to the records of the
# logger it is on, not to those of its children), and this package's own.
LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    __name__.rpartition(".")[0],
)


def install_log_filter() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactingFilter) for existing in logger.filters):
            logger.addFilter(RedactingFilter())


install_log_filter()
