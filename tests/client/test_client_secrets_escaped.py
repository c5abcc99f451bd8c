"""A token written in escapes (`&amp;`, `\\udc80`, `\\u200b`, `~1`) is spelled by what shows a
text that does not hold it: the HTML report's escaping, the JUnit file's, repr(), printable(),
a JSON pointer. Redaction comes before any of them, so it looks for what each would write:
whatever the token and the text, no shown form of a redacted text holds a piece of it."""

from __future__ import annotations

import contextlib
import html
import json
import urllib.parse
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from hypothesis import given
from hypothesis import strategies as st
from unified_assessment_client._secrets import PIECE, printable, redact

# What shows a text, each as this project's code or its libraries show one.
SHOWN: dict[str, Callable[[str], str]] = {
    "html.escape (the HTML report)": html.escape,
    "XML text (ElementTree)": escape,
    "XML attribute": quoteattr,
    "repr()": repr,
    "printable()": printable,
    "json.dumps": json.dumps,
    "JSON pointer": lambda text: text.replace("~", "~0").replace("/", "~1"),
    "percent-encoding": lambda text: urllib.parse.quote(text, safe="", errors="surrogatepass"),
}


def unescaped(token: str) -> list[str]:
    """Texts that hold none of `token` as written, but spell it once shown."""
    found = [
        html.unescape(token),
        token.replace("~1", "/").replace("~0", "~"),
        urllib.parse.unquote(token),
    ]
    with contextlib.suppress(ValueError):  # not a JSON string's inside
        found.append(json.loads(f'"{token}"'))
    return found


# Tokens made of escapes and plain characters: printable ASCII, no space (the tokens rule).
ESCAPES = st.sampled_from(
    ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "\\udc80", "\\u200b", "\\u2028", "\\u00e9",
     "\\n", "\\\\", '\\"', "~0", "~1", "%2F", "%20", "%C3%A9"]
)  # fmt: skip
PLAIN = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=4)
# At least one escape in each: a token of plain characters is spelled by an escape only where
# the text holds the very character escaped (`0001f600` by repr's `\U0001f600`), which the
# redaction does not look for (it would read every text of every token every way: 25 s a MiB).
TOKENS = st.tuples(ESCAPES, st.lists(st.one_of(ESCAPES, PLAIN), min_size=2, max_size=12)).map(
    lambda parts: "".join([*parts[1][:1], parts[0], *parts[1][1:]])
)


def pieces(token: str) -> list[str]:
    size = min(PIECE, len(token))
    return [token[at : at + size] for at in range(len(token) - size + 1)]


@given(token=TOKENS, before=st.text(max_size=20), after=st.text(max_size=20), data=st.data())
def test_no_shown_form_of_a_redacted_text_holds_a_piece_of_the_token(
    token: str, before: str, after: str, data: st.DataObject
) -> None:
    text = before + data.draw(st.sampled_from(unescaped(token))) + after
    redacted = redact(text, (token,))
    for name, show in SHOWN.items():
        shown = show(redacted)
        assert not any(piece in shown for piece in pieces(token)), (name, shown)


def test_the_reviewers_four_tokens_are_redacted_before_they_are_shown() -> None:
    cases = {
        "Ab3&amp;Cd4&lt;Ef5&gt;Gh6&quot;Ij7": html.unescape("Ab3&amp;Cd4&lt;Ef5&gt;Gh6&quot;Ij7"),
        r"ab\udc80cd\udc81ef\udc82gh\udc83ij": json.loads(r'"ab\udc80cd\udc81ef\udc82gh\udc83ij"'),
        r"ab\u200bcd\u2028ef\u00adgh\u200bij": json.loads(r'"ab\u200bcd\u2028ef\u00adgh\u200bij"'),
        "abc/def~ghi/jkl~mno/pqr": "/filters/abc~1def~0ghi~1jkl~0mno~1pqr",
    }
    for token, echoed in cases.items():
        redacted = redact(f"invalid token {echoed}!", (token,))
        assert redacted.startswith("invalid token ") and "[redacted]" in redacted, redacted
        for show in SHOWN.values():
            assert not any(piece in show(redacted) for piece in pieces(token)), redacted
