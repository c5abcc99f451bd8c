"""`reports/contract.html`: whatever a server answers and a check says, the page keeps its
structure, shows each piece of text as text, and the cells count what the tally counted.
(The page seen in a real browser, from a real run: test_contract_any_server.py.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from unified_assessment_contract_runner.report import Run, render
from unified_assessment_contract_runner.tally import Cell, Failure, OperationTally, Tally, printable

LABEL = "GET /assessment/{connection_id}/package/{id}"
# Text as the tally holds it: printable() has already escaped what no page can hold.
texts = st.text(max_size=60).map(printable)


class Page(HTMLParser):
    """The tags of a page, in order, and its text and attribute values."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [value or "" for _, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tally_with(text: str, label: str = LABEL) -> Tally:
    failure = Failure(
        check="response_schema_conformance",
        code="ST108",
        title=text,
        message=text,
        curl=f"curl -X GET {text}",
        answer=f"HTTP 200\n\n{text}",
        phase="fuzzing",
        count=3,
    )
    operation = OperationTally(
        checks={"response_schema_conformance": Cell(7, 3), "not_a_server_error": Cell(10)},
        statuses={"200": 10},
        errors={text: 2},
        failures=[failure],
    )
    return Tally({label: operation})


def page_of(tally: Tally, text: str, label: str = LABEL) -> Page:
    return Page(render(tally, Run(text, text, False, text, f"untested: {text}", [label])))


@given(texts, texts)
def test_any_text_stays_text_and_the_page_keeps_its_structure(text: str, label: str) -> None:
    label = label or LABEL
    page = page_of(tally_with(text, label), text, label)
    plain = page_of(tally_with("plain", label), "plain", label)
    assert page.tags == plain.tags
    shown = "".join(page.text)
    for piece in (text, f"curl -X GET {text}", label):
        assert piece in shown
    assert label in page.attributes  # data-operation, for a reader's tools


def test_cells_count_passes_and_failures_and_link_to_the_failures() -> None:
    page = render(tally_with("boom"), Run("s", "v", False, "settings", None, [LABEL, "GET /x"]))
    assert '<td class="fail" data-check="response_schema_conformance"' in page
    assert "✗ 3 / 10" in page
    assert '<a href="#failures-0-response_schema_conformance">' in page
    assert 'id="failures-0-response_schema_conformance"' in page
    assert "✓ 10" in page  # not_a_server_error: 10 passed
    assert "200: 10" in page
    # An operation of the contract that nothing reached still has its row.
    assert '<tr data-operation="GET /x">' in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]


@given(st.integers(1, 50), st.integers(0, 5))
def test_checks_on_an_operation_never_answered_with_a_success_are_not_reached(
    passed: int, others: int
) -> None:
    # A wrong token: every answer 401, and checks such as negative_data_rejection "pass" on
    # them. Those are shown as not reached, never as a pass, and the page does not end in
    # "No failures." as if the run had tested something.
    operation = OperationTally(
        checks={"negative_data_rejection": Cell(passed), "not_a_server_error": Cell(passed)},
        statuses={"401": passed + others},
    )
    labels = [LABEL, "GET /x"]
    run = Run("s", "FAILED", False, "settings", "untested", labels, frozenset(labels))
    page = Page(render(Tally({LABEL: operation}), run))
    shown = "".join(page.text)
    assert not re.search("✓ [0-9]", shown)  # no cell passed
    assert shown.count("not reached") >= 2
    assert "No failures." not in shown
    assert "2 of 2 operations were not reached" in shown
