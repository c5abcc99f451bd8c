"""`format` is an assertion, as the contract's `x-format-assertion: true` says: the stub refuses
a value that breaks the format of any property it is sent, at any depth, where JSON Schema
2020-12 on its own would only annotate it."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import serve
from contract import Contract, Operation, deref, split_item_path

from unified_assessment_stub import DEFAULT_TOKEN, Settings, create_app

CONTRACT = Contract()
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
# Not a URI, a date-time, a date or an e-mail address: what a peer tool drew for a `uri`.
NONSENSE = "QKYNR"


def formatted(schema: Any, value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The place of every string in `value` whose schema has a `format`."""
    schema = deref(CONTRACT.document, schema)
    if isinstance(value, str) and "format" in schema:
        yield at
    elif isinstance(value, dict):
        properties = schema.get("properties") or {}
        for name, item in value.items():
            if name in properties:
                yield from formatted(properties[name], item, (*at, name))
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from formatted(schema["items"], item, (*at, index))


def with_nonsense(body: Any, at: tuple[Any, ...]) -> Any:
    changed = copy.deepcopy(body)
    parent = changed
    for key in at[:-1]:
        parent = parent[key]
    parent[at[-1]] = NONSENSE
    return changed


CREATES = {
    operation.path: operation
    for operation in CONTRACT.operations.values()
    if operation.method == "POST" and split_item_path(operation.path)[1] is None
}


def create_of(operation: Operation) -> Operation:
    """The create of the resource `operation` writes to: its example is the body sent."""
    return CREATES[split_item_path(operation.path)[0]]


CASES = [
    pytest.param(operation, place, id=f"{operation.operation_id}:{'/'.join(map(str, place))}")
    for operation in CONTRACT.operations.values()
    if operation.method in {"POST", "PUT", "PATCH"} and operation.body_schema is not None
    for place in formatted(
        operation.body_schema, CONTRACT.example(create_of(operation).operation_id)
    )
]


def test_the_contract_has_formatted_values_to_send() -> None:
    assert CASES, "no request example holds a value with a format: this test checks nothing"


@pytest.fixture(scope="module")
def stub() -> Iterator[httpx.Client]:
    with serve(create_app(Settings())) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def sendable(example: Any) -> Any:
    # The stub delivers webhooks to loopback only (STUB_WEBHOOK_HOSTS): the vendor's example
    # hook would be refused for its host, not for its format.
    if isinstance(example, dict) and "hook_url" in example:
        return {**example, "hook_url": "http://127.0.0.1:9/hook"}
    return example


def concrete(path: str) -> str:
    return path.replace("{connection_id}", "conn_1")


@pytest.mark.parametrize(("operation", "place"), CASES)
def test_a_value_breaking_its_format_is_refused_with_422(
    stub: httpx.Client, operation: Operation, place: tuple[Any, ...]
) -> None:
    create = create_of(operation)
    example = sendable(CONTRACT.example(create.operation_id))
    body = with_nonsense(example, place)
    assert not CONTRACT.validator(operation.body_schema or {}).is_valid(body)
    path = concrete(operation.path)
    if operation is not create:  # the item must exist, so that the body is what is refused
        made = stub.post(concrete(create.path), content=json.dumps(example), headers=AUTH)
        assert made.status_code == 200, made.text
        path = path.replace("{id}", made.json()["id"])
    answer = stub.request(operation.method, path, content=json.dumps(body), headers=AUTH)
    assert answer.status_code == 422, answer.text
    assert str(place[-1]) in answer.text, answer.text
