"""The stub's /docs as a person uses it: Swagger UI in headless Chromium, offline, listing every
operation of the contract, and sending requests from its own forms to the stub itself."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from browser import Browsed, browse
from conftest import serve
from contract import Contract, Operation, load
from contract import deliveries as deliveries_of
from playwright.sync_api import Locator

from unified_assessment_stub import DEFAULT_TOKEN, InMemoryStore, Settings, create_app

CONTRACT = Contract()
ON_DISK = load()  # a copy of its own: what serving the docs could change in CONTRACT
CONNECTION_ID = "conn_from_docs"


def creating_operation() -> Operation:
    """The contract's POST with a JSON body: the operation a person tries first."""
    return next(op for op in CONTRACT.operations.values() if op.method == "POST" and op.body_schema)


def opened(browsed: Browsed, url: str) -> None:
    browsed.page.goto(f"{url}/docs")
    # Every operation is listed once: wait until they all are (a locator, not a script: the
    # page's Content-Security-Policy forbids eval).
    browsed.page.locator(".opblock").nth(len(CONTRACT.operations) - 1).wait_for(timeout=30_000)


def operation_block(browsed: Browsed, operation_id: str) -> Locator:
    name = browsed.page.locator(
        ".opblock-summary-operation-id", has_text=re.compile(f"^{re.escape(operation_id)}$")
    )
    return browsed.page.locator(".opblock", has=name).first


def send_from_form(
    browsed: Browsed, operation: Operation, values: dict[str, str], clear: bool = True
) -> str:
    """Open the operation, press "Try it out", fill its path parameters, keep the body the
    page offers (the contract's example) and press "Execute": the status the page shows."""
    block = operation_block(browsed, operation.operation_id)
    block.locator(".opblock-summary").first.click()
    block.locator("button.try-out__btn").click()
    for parameter in operation.path_parameters:
        block.locator(f"input[placeholder='{parameter['name']}']").fill(values[parameter["name"]])
    return executed(block, clear)


def executed(block: Locator, clear: bool = True) -> str:
    """Press "Execute": the status of the answer the page shows (cleared afterwards, so that
    a next answer is not mistaken for it, unless `clear` is false)."""
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15_000)
    text = status.inner_text().strip()
    if clear:
        block.locator("button.btn-clear").click()
        status.wait_for(state="detached", timeout=15_000)
    return text


def listed(url: str, token: str) -> Any:
    answer = httpx.get(
        f"{url}/assessment/{CONNECTION_ID}/package", headers={"authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_docs_list_every_operation_and_a_create_from_the_page_reaches_the_stub() -> None:
    with serve(create_app(Settings(), InMemoryStore())) as url, browse(url) as browsed:
        opened(browsed, url)

        listed_ids = browsed.page.locator(".opblock-summary-operation-id").all_inner_texts()
        assert sorted(listed_ids) == sorted(set(listed_ids))  # each operation once
        assert set(CONTRACT.operations) <= set(listed_ids)
        # The deliveries of the `webhooks` section too: what a provider's endpoint receives.
        deliveries = {kind.spec["operationId"] for kind in deliveries_of(CONTRACT.document)}
        assert deliveries and deliveries <= set(listed_ids)
        for operation in CONTRACT.operations.values():
            block = operation_block(browsed, operation.operation_id)
            method = block.locator(".opblock-summary-method").inner_text()
            path = block.locator(".opblock-summary-path").get_attribute("data-path")
            assert (method.upper(), path) == (operation.method, operation.path)

        browsed.screenshot("stub-docs.png", full_page=False)
        create = creating_operation()
        status = send_from_form(browsed, create, {"connection_id": CONNECTION_ID}, clear=False)
        browsed.screenshot("stub-docs-create.png", of=operation_block(browsed, create.operation_id))

        assert status == "200"
        (created,) = listed(url, DEFAULT_TOKEN)
        example = CONTRACT.example(creating_operation().operation_id)
        assert created["connection_id"] == CONNECTION_ID
        assert created["name"] == example["name"]
        # Everything came from the stub: no CDN, no validator badge, nothing blocked by CSP.
        assert browsed.refused == []
        assert browsed.errors == []


def test_the_docs_document_files_each_operation_under_one_tag_the_contract_keeps_its_own() -> None:
    with serve(create_app(Settings(), InMemoryStore())) as url:
        shown = httpx.get(f"{url}/docs/openapi.json").json()
    declared = {tag["name"] for tag in shown["tags"]}
    for path, item in CONTRACT.document["paths"].items():
        for method, spec in item.items():
            if not isinstance(spec, dict) or "tags" not in spec:
                continue
            [tag] = shown["paths"][path][method]["tags"]  # one section of the page each
            assert tag == spec["tags"][-1] and tag in declared
            # The contract keeps its own tags: the first names the client's module (api/<tag>).
            assert spec["tags"] == ON_DISK["paths"][path][method]["tags"]


def test_a_configured_token_is_entered_by_the_user_never_written_into_the_page() -> None:
    secret = "s3cret-token-from-STUB_TOKENS"
    with serve(create_app(Settings(tokens=(secret,)), InMemoryStore())) as url:
        for path in ("/docs", "/docs/swagger-initializer.js", "/docs/openapi.json"):
            assert secret not in httpx.get(url + path).text
        with browse(url) as browsed:
            opened(browsed, url)
            operation = creating_operation()
            status = send_from_form(browsed, operation, {"connection_id": CONNECTION_ID})
            assert status == "401"

            browsed.page.locator("button.authorize").first.click()
            browsed.page.locator(".auth-container input[type=text]").first.fill(secret)
            browsed.page.locator(".auth-btn-wrapper button.authorize").first.click()
            browsed.page.locator(".auth-btn-wrapper button.btn-done").first.click()
            assert executed(operation_block(browsed, operation.operation_id)) == "200"
            assert browsed.refused == []

        assert len(listed(url, secret)) == 1


@pytest.mark.parametrize(
    "name", ["index.html", "swagger-ui.js", "..%2F..%2F__init__.py", "..%2Fswagger-ui-bundle.js"]
)
def test_only_the_assets_the_page_loads_are_served(name: str) -> None:
    with serve(create_app(Settings(), InMemoryStore())) as url:
        answer = httpx.get(f"{url}/docs/assets/{name}")
        assert answer.status_code == 404
        assert answer.json()["status"] == 404


def test_the_page_may_reach_the_stub_only() -> None:
    with serve(create_app(Settings(), InMemoryStore())) as url:
        page = httpx.get(f"{url}/docs")
        document = httpx.get(f"{url}/docs/openapi.json").json()

    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert [server["url"] for server in document["servers"]] == ["/"]

    def untagged(paths: Any) -> Any:
        def without_tags(spec: Any) -> Any:
            if not isinstance(spec, dict):
                return spec
            return {key: value for key, value in spec.items() if key != "tags"}

        return {
            path: {key: without_tags(spec) for key, spec in item.items()}
            for path, item in paths.items()
        }

    # The contract's operations, each filed under one tag (see the test above).
    assert untagged(document["paths"]) == untagged(CONTRACT.document["paths"])


def test_every_operation_has_a_summary_of_its_own() -> None:
    # The page lists operations by summary: PUT and PATCH of one resource must not read alike.
    summaries = [operation.spec["summary"] for operation in CONTRACT.operations.values()]
    assert len(summaries) == len(set(summaries)), summaries
