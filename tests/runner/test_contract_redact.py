"""The token out of `make contract`'s reports, for any token: drawn from every printable ASCII
character (1 to 4,096 of them, `x` and the XML, JSON and percent specials included), echoed in
any mix of the encodings a server applies, inside any text; the reports stay well-formed and
keep what is not the token."""

from __future__ import annotations

import html
import json
import re
import string
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import quote, quote_plus

from hypothesis import example, given
from hypothesis import strategies as st

from unified_assessment_contract_runner.redact import redact, redact_data, redact_xml
from unified_assessment_contract_runner.tally import ANSWER_CHARACTERS, answer_text

ASCII = string.printable[:94]  # "0-9a-zA-Z" and the punctuation: no space, no control
tokens = st.text(ASCII, min_size=1, max_size=40)
# A JWT or longer, up to 4,096 characters: one token in ten (its regex takes 0.4 s to build).
any_tokens = st.integers(0, 9).flatmap(
    lambda draw: st.text(ASCII, min_size=1000, max_size=4096) if draw == 0 else tokens
)
# Any text an XML file can hold: no control character (XML 1.0 forbids most), no surrogate.
texts = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co")), max_size=40)


def oracle(token: str) -> list[str]:
    """The forms a server echoes a token in, written out independently of contract_redact."""
    return [
        token,
        json.dumps(token)[1:-1],
        json.dumps(token, ensure_ascii=True).replace("/", "\\/")[1:-1],
        quote(token, safe=""),
        re.sub("%[0-9A-F]{2}", lambda escape: escape[0].lower(), quote(token, safe="")),
        quote(token),
        quote_plus(token),
        html.escape(token),
        repr(token)[1:-1],
    ]


@st.composite
def encoded(draw: st.DrawFn, token: str) -> str:
    """The token, each character in a form drawn apart: the mixes a server can produce."""
    out = []
    for character in token:
        code = ord(character)
        choices = [
            character,
            f"%{code:02X}",
            f"%{code:02x}",
            f"\\u{code:04x}",
            f"\\u{code:04X}",
            f"&#{code};",
            f"&#x{code:x};",
        ]
        if character in "\"\\/'":
            choices.append("\\" + character)
        if character in "&<>\"'":
            choices.append(html.escape(character))
        out.append(draw(st.sampled_from(choices)))
    return "".join(out)


@st.composite
def echoed(draw: st.DrawFn, tokens: st.SearchStrategy[str] = tokens) -> tuple[str, str]:
    """A token, and a text that holds it a few times, in any forms, among other text."""
    token = draw(tokens)
    parts = [draw(texts)]
    for _ in range(draw(st.integers(1, 3))):
        form = draw(st.sampled_from(oracle(token)) | encoded(token))
        parts += [form, draw(texts)]
    return token, "".join(parts)


def assert_absent(token: str, text: str) -> None:
    for form in oracle(token):
        assert form not in text, (form, text)


@given(echoed(any_tokens))
@example(("x", "expected '5 for x' to be an integer"))
@example(("e", "e"))
@example(("s3cr3t/t0k+en==", "at s3cr3t%2Ft0k%2Ben%3D%3D and s3cr3t\\/t0k+en=="))
def test_every_form_of_the_token_is_redacted_from_text(case: tuple[str, str]) -> None:
    token, text = case
    assert_absent(token, redact(text, token))


@given(tokens, texts)
def test_text_without_the_token_is_kept_as_it_is(token: str, text: str) -> None:
    # Nothing of the token and nothing that starts an encoding: nothing to redact.
    kept = "".join(character for character in text if character not in token + "%\\&")
    assert redact(kept, token) == kept


@given(echoed(), texts)
@example(("x", "<x>expected x</x>"), "exit")
def test_the_junit_report_stays_well_formed_and_keeps_its_structure(
    case: tuple[str, str], other: str
) -> None:
    token, text = case
    root = ElementTree.Element("testsuites", {"name": text, "tests": "2"})
    suite = ElementTree.SubElement(root, "testsuite", {"name": other})
    for number in range(2):
        case_element = ElementTree.SubElement(suite, "testcase", {"name": f"{other} {number}"})
        ElementTree.SubElement(case_element, "failure", {"message": text}).text = f"{text}\n{other}"
        case_element.tail = text
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "contract-junit.xml"
        ElementTree.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
        redact_xml(path, token)
        redacted = ElementTree.parse(path).getroot()  # well-formed
        assert path.read_bytes().startswith(b"<?xml")
    before, after = list(root.iter()), list(redacted.iter())
    assert [(e.tag, sorted(e.attrib)) for e in before] == [(e.tag, sorted(e.attrib)) for e in after]
    for element in after:
        for value in [element.text or "", element.tail or "", *element.attrib.values()]:
            assert_absent(token, value)


def leaves(document: object) -> list[object]:
    """Every key and every value of a JSON-like document, depth first."""
    if isinstance(document, dict):
        return [leaf for key, value in document.items() for leaf in [key, *leaves(value)]]
    if isinstance(document, list):
        return [leaf for item in document for leaf in leaves(item)]
    return [document]


@given(echoed())
def test_every_string_of_a_document_is_redacted_keys_included(case: tuple[str, str]) -> None:
    token, text = case
    document = [text, {text: [text, {"answer": text, "count": 3, "none": None}]}, 1.5, True]
    redacted = leaves(redact_data(document, token))
    for leaf in redacted:
        if isinstance(leaf, str):
            assert_absent(token, leaf)
    kept = [leaf for leaf in leaves(document) if not isinstance(leaf, str)]
    assert [leaf for leaf in redacted if not isinstance(leaf, str)] == kept


# Every length a token may have, up to a long JWT: the pieces looked for are 8 characters
# long, the whole token when shorter.
sized_tokens = st.integers(1, 2000).flatmap(
    lambda size: st.text(ASCII, min_size=size, max_size=size)
)


def assert_no_piece(token: str, text: str) -> None:
    """No piece of the token of 8 characters (all of it when shorter), in any of its forms."""
    size = min(8, len(token))
    for start in range(len(token) - size + 1):
        assert_absent(token[start : start + size], text)


@given(data=st.data(), token=sized_tokens, before=texts, after=texts)
@example(data=None, token="eyJhbGciOi" * 25, before="x" * 3990, after="")
def test_no_piece_of_the_token_is_left_where_a_text_was_cut_before_redaction(
    data: st.DataObject | None, token: str, before: str, after: str
) -> None:
    # schemathesis cuts the messages it writes (at about 75 characters, its log at 512)
    # before the runner sees them: what is left of the token there is a piece of it.
    form = data.draw(st.sampled_from(oracle(token)) | encoded(token)) if data else token
    text = before + form + after
    cut = data.draw(st.integers(0, len(text))) if data else 4000
    assert_no_piece(token, redact(text[:cut], token))


class Answer:
    """What answer_text reads of a schemathesis response."""

    def __init__(self, body: str, headers: dict[str, list[str]]) -> None:
        self.status_code = 200
        self.headers = headers
        self.content = body.encode()


@given(data=st.data(), token=sized_tokens, offset=st.integers(0, 6000))
@example(data=None, token="eyJhbGciOi" * 25, offset=3990)
def test_an_answer_cut_for_a_report_keeps_no_piece_of_the_token(
    data: st.DataObject | None, token: str, offset: int
) -> None:
    form = data.draw(st.sampled_from(oracle(token)) | encoded(token)) if data else token
    body = '{"max_score": "' + "." * offset + form + '"}'
    shown = answer_text(Answer(body, {"x-echo": [quote(token, safe="")]}), token)
    assert len(shown) < ANSWER_CHARACTERS + 200 + len(quote(token, safe=""))  # cut, still
    # What run.py does with it afterwards: the whole token in any form, as before.
    assert_no_piece(token, redact(shown, token))
