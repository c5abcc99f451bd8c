"""The one rule for bearer tokens, wherever they are read: STUB_TOKENS and --tokens-file (the
stub's), UNIFIED_TOKEN and TOKEN_FILE (the contract run's).

A list of tokens is split at commas and line breaks; each item loses the whitespace around it,
and an empty item (a blank line, the file's last newline) is no token. What is left must be
visible ASCII with no space (RFC 6750 §2.1: what an Authorization header carries): any other
token would be accepted where it is read and then match no request, so it is refused, in one
line that says where and which one by its place, never by its text (a token is a secret, even
a wrong one).
"""

from __future__ import annotations

import re
from pathlib import Path

SEPARATORS = re.compile(r"[,\r\n]")
# Tokens are short; a file past this is a mistake (/dev/zero would be read until memory ran out).
MAX_FILE_CHARS = 1024 * 1024


class TokenError(ValueError):
    """One line saying why the tokens read from a source cannot be used."""


def tokens_in(text: str, source: str) -> tuple[str, ...]:
    """The tokens in `text`, read from `source` (named in the error): at least one."""
    items = [item.strip() for item in SEPARATORS.split(text)]
    tokens = tuple(item for item in items if item)
    if not tokens:
        raise TokenError(f"{source} holds no token")
    for place, token in enumerate(tokens, 1):
        if not all("!" <= character <= "~" for character in token):
            raise TokenError(
                f"{source}: token {place} holds a space, a control or a non-ASCII character, "
                "which no Authorization header can carry"
            )
    return tokens


def token_in(text: str, source: str) -> str:
    """The one token in `text`, by the same rule."""
    tokens = tokens_in(text, source)
    if len(tokens) > 1:
        raise TokenError(f"{source} holds {len(tokens)} tokens (commas or lines): give one")
    return tokens[0]


def file_text(path: Path | str, source: str) -> str:
    """The text of a file of tokens (--tokens-file, TOKEN_FILE), read no further than
    MAX_FILE_CHARS: a TokenError naming `source` when it cannot be read or is larger."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read(MAX_FILE_CHARS + 1)
    except (OSError, UnicodeDecodeError) as error:
        raise TokenError(f"{source}: cannot be read ({error})") from None
    if len(text) > MAX_FILE_CHARS:
        raise TokenError(
            f"{source}: larger than {MAX_FILE_CHARS} characters; is it a file of tokens?"
        )
    return text
