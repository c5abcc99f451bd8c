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
from typing import Any
from urllib.parse import quote

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


def _forms(character: str) -> str:
    """A regex for one character of a secret in any form a server or a log may give it:
    itself, percent-encoded, JSON's \\u escape, and the backslash escapes of JSON and of
    Python's repr (once, or twice when JSON text is shown by repr, as httpcore logs headers).

    Atomic, longest form first: a run of backslashes or of `%25` can be read many ways, and
    trying them all would take time exponential in the run. What an early choice misses, the
    literal forms of `_literals` catch."""
    code = ord(character)
    encoded = [f"\\\\u{code:04x}", f"\\u{code:04x}", f"%{code:02x}"]
    if character in "\"\\/'":
        encoded += ["\\\\" + character, "\\" + character]
    if character == "\\":
        encoded.append("\\" * 4)
    if character in "\"'":  # a repr of a repr (httpcore logs an exception's): \' then \\\'
        encoded.append("\\" * 3 + character)
    encoded.sort(key=len, reverse=True)
    # Only the encodings ignore case; the character itself must match exactly.
    return "(?>(?i:" + "|".join(map(re.escape, encoded)) + ")|" + re.escape(character) + ")"


def _literals(secret: str) -> list[str]:
    """The forms of a whole secret that servers give most, matched exactly."""
    as_json = json.dumps(secret)[1:-1]
    percent = quote(secret, safe="")
    lower = re.sub("%..", lambda hexed: hexed[0].lower(), percent)
    forms = {
        secret,
        as_json,
        as_json.replace("/", "\\/"),
        as_json.replace("\\", "\\\\"),
        percent,
        lower,
    }
    return sorted(forms, key=len, reverse=True)


@functools.lru_cache(maxsize=16)
def _pattern(secret: str) -> tuple[re.Pattern[str], list[str]]:
    return re.compile("".join(_forms(character) for character in secret)), _literals(secret)


def _replaced(text: str, secret: str, marker: str) -> str:
    pattern, literals = _pattern(secret)
    text = pattern.sub(marker, text)
    for form in literals:
        text = text.replace(form, marker)
    return text


def _holds(text: str, secret: str) -> bool:
    pattern, literals = _pattern(secret)
    return pattern.search(text) is not None or any(form in text for form in literals)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without the secrets in it, in any of their forms (a server may echo the token)."""
    for secret in secrets:
        if not secret:
            continue
        redacted = _replaced(text, secret, MARKER)
        if _holds(redacted, secret):  # the marker spells the secret, with what surrounds it
            redacted = _replaced(text, secret, SAFE_MARKER)
        text = SAFE_MARKER if _holds(redacted, secret) else redacted
    return text


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
