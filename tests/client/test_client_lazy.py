"""A model the client returns is built as its attributes are first read: whatever the order of
reads and of assignments, every attribute reads as the model from_dict() builds from the same
answer, an attribute set before it is read keeps the caller's value, and the document sent back
is the same."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conftest import SEED
from hypothesis import given, seed
from hypothesis import strategies as st
from schemathesis import GenerationMode

from .test_contract_client import OPERATIONS, PER_CASE, call, client_answering, schema_strategy

# The operations that answer one object: the models a caller reads attribute by attribute.
OBJECT_ANSWERS = [
    op
    for op, spec in OPERATIONS.items()
    if spec.success_schema and spec.success_schema.get("type") != "array"
]
SET = "set-by-the-caller"


@pytest.mark.parametrize("operation_id", OBJECT_ANSWERS)
@PER_CASE
@seed(SEED)
@given(data=st.data())
def test_a_model_read_in_any_order_is_the_model_of_its_answer(
    operation_id: str, data: st.DataObject
) -> None:
    schema = OPERATIONS[operation_id].success_schema
    assert schema is not None
    document = data.draw(schema_strategy(schema, GenerationMode.POSITIVE))
    parsed = call(operation_id, client_answering(httpx.Response(200, json=document)))
    eager = type(parsed).from_dict(document)
    names = [*type(parsed)._ATTRIBUTES.values(), "additional_properties"]
    # Each step reads one attribute, or sets one (to a value no answer holds) before reading it.
    steps = data.draw(st.lists(st.tuples(st.sampled_from(names), st.booleans()), max_size=12))
    assigned: dict[str, Any] = {}
    for name, assign in steps:
        if assign and name not in assigned and name != "additional_properties":
            setattr(parsed, name, SET)
            assigned[name] = SET
        assert getattr(parsed, name) == assigned.get(name, getattr(eager, name)), name
    for name in names:
        assert getattr(parsed, name) == assigned.get(name, getattr(eager, name)), name
    if not assigned:
        assert parsed.to_dict() == eager.to_dict()
        assert parsed == eager
