"""No request costs the stub more than its size (issue 14, items 1 and 2): every hostile body
is answered with a client error, whatever it holds (what it costs: `make bench`), and every
error answer is bounded: at most 100 problems listed, the rest counted, never past 64 KiB."""

from __future__ import annotations

import json

import httpx
import pytest
from bench.hostile_bodies import HOSTILE
from contract import Contract
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore
from unified_assessment_stub.app import DEFAULT_MAX_BODY_BYTES
from unified_assessment_stub.errors import (
    COUNTED,
    MAX_ERROR_BYTES,
    MAX_LISTED,
    ApiError,
    error_body,
)
from unified_assessment_stub.offload import checked

CONTRACT = Contract()
OPERATION = CONTRACT.operations["createAssessmentPackage"]
assert OPERATION.body_schema is not None
VALIDATOR = CONTRACT.validator(OPERATION.body_schema)
PATH = "/assessment/conn-bounds/package"
HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
SIZES = [16 * 1024, 128 * 1024, 512 * 1024, DEFAULT_MAX_BODY_BYTES]


def check(raw: bytes) -> ApiError | None:
    try:
        checked(VALIDATOR, "does not match", raw)
    except ApiError as refused:
        return refused
    return None


@settings(max_examples=12, deadline=None)
@given(
    family=st.sampled_from(sorted(HOSTILE)), size=st.sampled_from(SIZES), n=st.integers(0, 10**6)
)
def test_every_hostile_body_is_answered_with_a_bounded_client_error(
    family: str, size: int, n: int
) -> None:
    # What each costs against a valid body of its size is `make bench`'s (tests/bench/).
    body = HOSTILE[family](size, n)
    assert len(body) <= DEFAULT_MAX_BODY_BYTES
    refused = check(body)
    if refused is not None:
        assert 400 <= refused.status < 500
        assert len(error_body(refused).body) <= MAX_ERROR_BYTES
        assert len(json.loads(bytes(error_body(refused).body)).get("errors", [])) <= MAX_LISTED


def test_the_41_kb_body_of_issue_14_is_refused() -> None:
    body = ('{"a":[' + "[]," * 300 + '"' + '\\"' * 20000).encode()
    refused = check(body)
    assert refused is not None and refused.status == 400


def test_half_a_million_wrong_items_are_one_bounded_422(
    stub_url: str, stub_store: InMemoryStore
) -> None:
    body = HOSTILE["many wrong items"](DEFAULT_MAX_BODY_BYTES, 0)
    response = httpx.post(f"{stub_url}{PATH}", content=body, headers=HEADERS, timeout=60)
    assert response.status_code == 422
    assert len(response.content) <= MAX_ERROR_BYTES
    answer = response.json()
    assert len(answer["errors"]) == MAX_LISTED
    assert answer["errors"][0]["pointer"] == "/tags/0"
    # Counted up to COUNTED, then said to be more: the promise, not the half million.
    assert f"{MAX_LISTED} problems listed, more than {COUNTED:,} in all" in answer["message"]
    assert len(stub_store) == 0


def wrong_tags(valid_first: int, wrong: int) -> bytes:
    return json.dumps({"type": "OTHER", "tags": ["a"] * valid_first + [1] * wrong}).encode()


@settings(max_examples=25, deadline=None)
@given(
    valid_first=st.sampled_from([0, 10, COUNTED, 3 * COUNTED, 20_000]),
    wrong=st.integers(0, 3 * COUNTED),
)
def test_the_problems_are_counted_exactly_up_to_the_bound_then_said_to_be_more(
    valid_first: int, wrong: int
) -> None:
    # Wherever the wrong items are (after many valid ones too), the count is exact up to
    # COUNTED and "more than COUNTED" past it: never a wrong number.
    refused = check(wrong_tags(valid_first, wrong))
    if wrong == 0:
        assert refused is None
        return
    assert refused is not None and refused.status == 422
    message = json.loads(bytes(error_body(refused).body))["message"]
    listed = min(wrong, MAX_LISTED)
    if wrong <= COUNTED:
        assert refused.exact
        if wrong > MAX_LISTED:
            assert f"{listed} problems listed, {wrong - listed:,} more not listed" in message
    else:
        assert not refused.exact
        assert f"{listed} problems listed, more than {COUNTED:,} in all" in message
    pointers = [e["pointer"] for e in json.loads(bytes(error_body(refused).body))["errors"]]
    # Every problem listed is a wrong item; counted exactly, they are the first ones. Past the
    # bound they are those of the windows drawn for this request, which may lie further on.
    assert all(int(p.rsplit("/", 1)[1]) >= valid_first for p in pointers)
    if refused.exact:
        assert pointers[0] == f"/tags/{valid_first}"


def test_the_contract_has_no_keyword_that_judges_a_whole_array() -> None:
    # The count past COUNTED judges windows of an array's items (errors.py): a keyword such as
    # maxItems would judge a cut array wrongly, so adding one means revisiting that.
    text = json.dumps(CONTRACT.document)
    for keyword in ("maxItems", "minItems", "uniqueItems", "contains", "unevaluatedItems"):
        assert f'"{keyword}"' not in text, keyword


problem = st.fixed_dictionaries(
    {"pointer": st.text(max_size=5000), "message": st.text(max_size=5000)}
)


@given(
    message=st.text(max_size=100_000),
    problems=st.lists(problem, max_size=300),
    unlisted=st.integers(0, 10**9),
)
def test_every_error_answer_lists_at_most_100_problems_and_fits_64_kib(
    message: str, problems: list[dict[str, str]], unlisted: int
) -> None:
    answer = error_body(ApiError(422, message, problems, unlisted=unlisted))
    assert len(answer.body) <= MAX_ERROR_BYTES
    document = json.loads(bytes(answer.body))
    listed = document.get("errors", [])
    assert len(listed) <= MAX_LISTED
    more = unlisted + len(problems) - len(listed)
    if more:
        assert f"{more:,} more" in document["message"]
    for sent, shown in zip(problems, listed, strict=False):
        # Each pointer as sent, or its start and an ellipsis.
        cut = shown["pointer"].endswith("…") and sent["pointer"].startswith(shown["pointer"][:-1])
        assert shown["pointer"] == sent["pointer"] or cut


@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_a_parameter_error_is_bounded_too(stub_url: str, parameter: str) -> None:
    response = httpx.get(
        f"{stub_url}{PATH}", params={parameter: "x" * 20000}, headers=HEADERS, timeout=10
    )
    assert response.status_code == 422
    assert len(response.content) <= MAX_ERROR_BYTES
