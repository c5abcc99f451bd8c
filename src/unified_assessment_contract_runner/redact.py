"""The token out of `make contract`'s reports, whatever the token and whatever the report.

A server can echo the token in any encoding its framework applies: raw, JSON-escaped
(`\\"`, `\\/`, `\\u0041`), percent-encoded (`%2F`, `%2f`, `+` for nothing: a bearer token has
no space), or HTML-escaped (`&quot;`), and a mix of them within one string. So the token is
matched character by character, each character in any of its forms, and replaced inside the
text of a report, never across its markup: the JUnit file is parsed and rewritten text node by
text node, so that no token, however short, can break its structure.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from pathlib import Path
from typing import Any

MARKER = "[redacted]"
# For a token that shares a character with MARKER ("e", "]", ...), so that the marker itself
# never spells the token: no ASCII at all, and a token is printable ASCII.
SAFE_MARKER = "▇▇▇"
# A bearer token is visible ASCII (RFC 6750 allows fewer characters; servers accept more).
TOKEN_CHARACTERS = re.compile(r"[\x21-\x7e]+")
HTML_ENTITIES = {
    '"': ("&quot;",),
    "&": ("&amp;",),
    "'": ("&apos;",),
    "<": ("&lt;",),
    ">": ("&gt;",),
}


def hexadecimal(code: int, width: int) -> str:
    """A regex for `code` in hexadecimal, either case."""
    digits = f"{code:0{width}x}"
    return "".join(f"[{digit}{digit.upper()}]" if digit.isalpha() else digit for digit in digits)


def forms(character: str) -> str:
    """A regex for one character of the token in any form it can take in a report."""
    code = ord(character)
    alternatives = [
        re.escape(character),
        "%" + hexadecimal(code, 2),  # percent-encoded
        r"\\[uU]" + hexadecimal(code, 4),  # JSON's \u escape
        f"&#{code};",
        "&#[xX]0*" + hexadecimal(code, 1) + ";",
        *HTML_ENTITIES.get(character, ()),
    ]
    if character in "\"\\/'":  # JSON's escapes, and Python's repr of a quote
        alternatives.append(re.escape("\\" + character))
    return "(?:" + "|".join(alternatives) + ")"


@lru_cache(maxsize=8)
def pattern(token: str) -> re.Pattern[str]:
    return re.compile("".join(forms(character) for character in token))


def redact(text: str, token: str | None) -> str:
    """`text` with every occurrence of the token, in any of its forms, replaced."""
    if not token:
        return text
    found = pattern(token)
    redacted = found.sub(MARKER, text)
    if found.search(redacted):  # the marker spells the token, next to what surrounds it
        redacted = found.sub(SAFE_MARKER, text)
    return redacted


def redact_data(data: Any, token: str | None) -> Any:
    """A JSON-like document with the token redacted from every string, keys included."""
    if isinstance(data, str):
        return redact(data, token)
    if isinstance(data, list):
        return [redact_data(item, token) for item in data]
    if isinstance(data, dict):
        return {redact(key, token): redact_data(value, token) for key, value in data.items()}
    return data


def redact_xml(path: Path, token: str | None) -> None:
    """Rewrite an XML file with the token redacted from its text and attribute values."""
    if not token:
        return
    tree = ElementTree.parse(path)
    for element in tree.iter():
        element.text = redact(element.text, token) if element.text else element.text
        element.tail = redact(element.tail, token) if element.tail else element.tail
        for name, value in element.attrib.items():
            element.attrib[name] = redact(value, token)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def redact_json_file(path: Path, token: str | None) -> None:
    path.write_text(json.dumps(redact_data(json.loads(path.read_text()), token)))
