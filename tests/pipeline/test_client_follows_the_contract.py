"""The client's exception classes and list iterators are written from the contract: a copy of
the project whose list takes a filter and a smaller page, and whose remove documents a 409,
generates iterators that pass the filter on every page in pages of that size, and a Conflict
class, with no edit anywhere but openapi/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import run_script

from pipeline.test_pipeline import edit_document

FILTER = """        - $ref: "#/components/parameters/offset"
        - name: type
          in: query
          required: false
          description: Only the packages of this type.
          schema:
            type: string
"""
CONFLICT = """          description: The package is removed; the answer has no body.
        "409":
          description: The package is in use by an open order.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
"""

USE = """
import inspect, json
import httpx
from unified_assessment_client import AuthenticatedClient, ClientError, Conflict
from unified_assessment_client.api.assessment import list_assessment_packages as listing

asked = []

def answer(request):
    asked.append(dict(request.url.params))
    offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
    return httpx.Response(200, json=[
        {"type": "SKILLS_TEST", "id": str(n)} for n in range(offset, min(offset + limit, 17))
    ])

client = AuthenticatedClient(
    base_url="http://vendor.test", token="t",
    httpx_args={"transport": httpx.MockTransport(answer)},
)
ids = [p.id for p in listing.iterate_sync("c", client=client, type_="SKILLS_TEST")]
print(json.dumps({
    "ids": ids, "asked": asked, "conflict": issubclass(Conflict, ClientError),
    "filters": sorted(inspect.signature(listing.iterate_asyncio).parameters),
}))
"""


def test_a_filter_a_page_size_and_a_status_added_to_the_contract_reach_the_client(
    project_copy: Path,
) -> None:
    edit_document(project_copy, '        - $ref: "#/components/parameters/offset"\n', FILTER)
    edit_document(project_copy, "      x-page-maximum: 100\n", "      x-page-maximum: 7\n")
    edit_document(
        project_copy, "          description: The package is removed; the answer has no body.\n",
        CONFLICT,
    )  # fmt: skip
    generated = run_script(project_copy, "generate.py")
    assert generated.returncode == 0, generated.stderr

    env = {**os.environ, "PYTHONPATH": str(project_copy / "generated")}
    used = subprocess.run(
        [sys.executable, "-c", USE], capture_output=True, text=True, env=env, timeout=60
    )
    assert used.returncode == 0, used.stderr
    seen = json.loads(used.stdout)

    assert seen["ids"] == [str(n) for n in range(17)]
    assert seen["asked"] == [
        {"type": "SKILLS_TEST", "limit": "7", "offset": str(offset)} for offset in (0, 7, 14)
    ]
    assert seen["conflict"] is True
    assert {"client", "connection_id", "page_size", "type_"} <= set(seen["filters"])
    assert not {"limit", "offset"} & set(seen["filters"])
