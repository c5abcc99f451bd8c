"""The token out of `make contract`'s reports, whatever the token and whatever the report.

A server can echo the token in any encoding its framework applies: raw, JSON-escaped
(`\\"`, `\\/`, `\\u0041`), percent-encoded (`%2F`, `%2f`), or HTML-escaped (`&quot;`), and a
mix of them within one string; and schemathesis cuts the messages it writes (at about 75 and
512 characters), so a report can hold any piece of it. So every piece of 8 characters or more
is taken out, by the client's own redaction (`unified_assessment_client._secrets`), inside the
text of a report, never across its markup: the JUnit file is parsed and rewritten text node by
text node, so that no token, however short, can break its structure.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

from unified_assessment_client import _secrets as secrets


def redact(text: str, token: str | None) -> str:
    """`text` without the token, nor any piece of it of 8 characters or more, in any of its
    forms: the client's own redaction, so that both take out the same."""
    return secrets.redact(text, (token,)) if token else text


def redact_data(data: Any, token: str | None) -> Any:
    """A JSON-like document with the token redacted from every string, keys included."""
    return secrets.redact_data(data, (token,)) if token else data


def redact_xml(path: Path, token: str | None) -> None:
    """Rewrite an XML file with the token redacted from its text and attribute values."""
    if not token:
        return
    try:
        tree = ElementTree.parse(path)
    except ElementTree.ParseError:  # cut short (a run stopped mid-write): redacted as text
        path.write_text(redact(path.read_text(errors="backslashreplace"), token))
        return
    for element in tree.iter():
        element.text = redact(element.text, token) if element.text else element.text
        element.tail = redact(element.tail, token) if element.tail else element.tail
        for name, value in element.attrib.items():
            element.attrib[name] = redact(value, token)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def redact_json_file(path: Path, token: str | None) -> None:
    path.write_text(json.dumps(redact_data(json.loads(path.read_text()), token)))
