"""make check-breaking's output: where a change is, as a person writes it (issue 17: no escaped
pointers in the text), and the escaping the markdown and github formats need."""

from __future__ import annotations

import pytest
from breaking.model import Change
from breaking.output import github_annotation, line_of, markdown_table, where

PACKAGES = "/paths/~1assessment~1{connection_id}~1package"
DOCUMENT = {
    "paths": {
        "/assessment/{connection_id}/package": {
            "post": {"parameters": [{"$ref": "#/components/parameters/limit"}]}
        }
    },
    "components": {"parameters": {"limit": {"name": "limit", "in": "query"}}},
}


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        (
            f"{PACKAGES}/post/requestBody/content/application~1json/schema/properties/name",
            "POST /assessment/{connection_id}/package request body /name",
        ),
        (
            f"{PACKAGES}/post/requestBody/content/text~1plain/schema",
            "POST /assessment/{connection_id}/package request body (text/plain) schema",
        ),
        (
            f"{PACKAGES}/get/responses/200/content/application~1json/schema/items/properties/id/type",
            "GET /assessment/{connection_id}/package response 200 body []/id/type",
        ),
        (
            f"{PACKAGES}/post/responses/200/headers/Retry-After",
            "POST /assessment/{connection_id}/package response 200 headers Retry-After",
        ),
        (
            f"{PACKAGES}/post/parameters/0/schema/maximum",
            "POST /assessment/{connection_id}/package parameter limit (query) schema/maximum",
        ),
        (f"{PACKAGES}/delete", "DELETE /assessment/{connection_id}/package"),
        (
            "/components/schemas/AssessmentPackage/properties/raw",
            "/components/schemas/AssessmentPackage/properties/raw",
        ),
        (
            "/components/responses/Error/content/application~1json",
            "/components/responses/Error/content/application/json",
        ),
    ],
)
def test_where_is_written_as_a_person_writes_it(pointer: str, expected: str) -> None:
    assert where(pointer, DOCUMENT) == expected


def test_markdown_cells_keep_their_pipes() -> None:
    change = Change(
        "/paths/~1a/get", "pattern changed from a|b to c", True, "schema-pattern-changed"
    )
    row = markdown_table([change])[-1]
    assert "a\\|b" in row
    assert row.count(" | ") == 3


def test_github_annotations_escape_what_would_end_them() -> None:
    change = Change("/servers/0/url", "50% of callers\nrefused", True, "server-removed")
    annotation = github_annotation(change, "openapi/a,b.yaml", {"/servers/0": 7}, DOCUMENT)
    assert annotation.startswith(
        "::error file=openapi/a%2Cb.yaml,line=7,title=check-breaking server-removed::"
    )
    assert "50%25 of callers%0Arefused" in annotation
    assert "\n" not in annotation


def test_a_removed_pointer_is_annotated_at_its_nearest_line() -> None:
    assert line_of("/paths/~1gone/get/responses/200", {"/paths": 12, "": 1}) == 12
