"""The contract checks as functions of a contract, so that a test can run them against a
mutated copy of openapi/ and show that they fail (test_contract_mutations.py).

Every disagreement they find is raised as ContractMismatch, naming the operation, schema or
property concerned; anything else they raise is a fault of the harness, not a finding.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import contract
import httpx
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

# The generator's own rule for a parameter named like a builtin (`object` is `object_`).
from openapi_python_client.strings import fix_reserved_words
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from unified_assessment_client import AuthenticatedClient, InvalidDocument, RetryPolicy
from unified_assessment_client import models as client_models

from unified_assessment_stub import DEFAULT_TOKEN, Settings, create_app

Document = dict[str, Any]
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}


class ContractMismatch(AssertionError):
    """The client or the stub disagrees with the contract; the message says where."""


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.cache
def tags() -> dict[str, str]:
    """The first tag of each operation of the contract: where the client puts its module."""
    return {o.operation_id: o.spec["tags"][0] for o in contract.operations(contract.load())}


def client_module(operation_id: str, tag: str | None = None) -> ModuleType:
    """The generated module of an operation: api.<its first tag>.<snake_case operationId>,
    where openapi-python-client puts it (`tag` for an operation of a changed contract)."""
    folder = snake_case(tag or tags().get(operation_id, "?"))
    name = f"unified_assessment_client.api.{folder}.{snake_case(operation_id)}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        raise ContractMismatch(f"{operation_id}: the client has no module {name}") from None


def object_schemas(document: Document) -> Iterator[tuple[str, Document]]:
    """The component schemas that the client turns into model classes."""
    for name, schema in document["components"]["schemas"].items():
        if schema.get("type") == "object":
            yield name, schema


def enum_schemas(document: Document) -> Iterator[tuple[str, list[str]]]:
    for name, schema in document["components"]["schemas"].items():
        if "enum" in schema:
            yield name, schema["enum"]


def checked(examples: int) -> settings:
    """Hypothesis settings of a contract check: reproducible, one finding reported, no
    example database (a mutated contract must not replay another's examples)."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )


def mismatch_unless(condition: bool, message: str) -> None:
    if not condition:
        raise ContractMismatch(message)


def describe(schema: Any) -> str:
    return "no such property" if schema is None else json.dumps(schema)


def client_class(name: str, kind: str) -> Any:
    found = getattr(client_models, name, None)
    if found is None:
        raise ContractMismatch(f"{name}: the client has no {kind} class")
    return found


def check_client_models(document: Document) -> None:
    """Each client model was generated from the contract's schema of its properties, required
    and read-only ones; each client enum lists the contract's values."""
    for name, schema in object_schemas(document):
        model = client_class(name, "model")
        properties = schema.get("properties", {})
        generated = model._SCHEMA.get("properties", {})
        for prop in properties.keys() | generated.keys():
            expected, actual = properties.get(prop), generated.get(prop)
            mismatch_unless(
                expected == actual,
                f"{name}.{prop}: the contract says {describe(expected)}, the client was "
                f"generated from {describe(actual)}",
            )
        mismatch_unless(
            set(model._ATTRIBUTES) == set(properties),
            f"{name}: properties {sorted(properties)}, attributes {sorted(model._ATTRIBUTES)}",
        )
        required, generated_required = (
            set(schema.get("required", [])),
            model._SCHEMA.get("required", []),
        )
        mismatch_unless(
            required == set(generated_required),
            f"{name}: required {sorted(required)} in the contract, {sorted(generated_required)} in "
            "the client",
        )
        read_only = contract.read_only(document, schema)
        mismatch_unless(
            set(model._READ_ONLY) == read_only,
            f"{name}: read-only {sorted(read_only)} in the contract, {sorted(model._READ_ONLY)}",
        )
    for name, values in enum_schemas(document):
        enum = client_class(name, "enum")
        known = {member.value for member in enum}
        for value in set(values) ^ known:
            side = "the contract" if value in values else "the client"
            raise ContractMismatch(f"{name}: {value!r} is listed only by {side}")


def minimal(document: Document, schema: Any) -> Any:
    """The smallest document `schema` allows: an object with only its required properties,
    each the first enum value, "x", 0, false or an empty array."""
    schema = contract.deref(document, schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {name: minimal(document, properties[name]) for name in schema.get("required", [])}
    if kind == "array":
        return []
    return {"string": "x", "number": 0, "integer": 0, "boolean": False}.get(kind, "x")


def body_model(operation: contract.Operation) -> Any:
    """The client model class of the operation's request body (a component schema)."""
    schema = operation.body_schema or {}
    if "$ref" not in schema:
        raise ContractMismatch(f"{operation.operation_id}: the body is not a component schema")
    return client_class(schema["$ref"].rsplit("/", 1)[1], "model")


def smallest_body(document: Document, operation: contract.Operation) -> dict[str, Any]:
    """The `body` argument with the smallest valid body, for an operation that takes one."""
    if operation.body_schema is None:
        return {}
    return {"body": body_model(operation).from_dict(minimal(document, operation.body_schema))}


def query_value(kind: Any, value: Any) -> Any:
    """A query parameter's value as the client takes it: schemathesis sends a boolean as its
    JSON text."""
    if kind == "boolean" and isinstance(value, str):
        return {"true": True, "false": False}.get(value, value)
    return value


def same_query_value(kind: Any, sent: str, value: Any) -> bool:
    """Whether the query parameter sent as `sent` is the value the case holds."""
    if kind in ("number", "integer"):
        return float(sent) == float(value)
    if kind == "boolean":
        return sent == str(query_value(kind, value)).lower()
    return sent == str(value)


def arguments(operation: contract.Operation, case: Any) -> dict[str, Any]:
    """The keyword arguments of the client function for a schemathesis case."""
    kwargs: dict[str, Any] = {
        snake_case(name): unquote(value) for name, value in (case.path_parameters or {}).items()
    }
    kinds = {p["name"]: p.get("schema", {}).get("type") for p in operation.query_parameters}
    kwargs.update(
        {
            fix_reserved_words(snake_case(name)): query_value(kinds.get(name), value)
            for name, value in (case.query or {}).items()
        }
    )
    if operation.body_schema is not None:
        kwargs["body"] = body_model(operation).from_dict(case.body)
    return kwargs


def check_client_routes(document: Document) -> None:
    """Each operation's module sends its method to its path, whatever the path parameters."""
    for operation in contract.operations(document):
        module = client_module(operation.operation_id, operation.spec["tags"][0])
        values = {p["name"]: f"v-{p['name']}" for p in operation.path_parameters}
        names = {snake_case(name): value for name, value in values.items()}
        try:
            sent = module._get_kwargs(**names, **smallest_body(document, operation))
        except TypeError as error:
            raise ContractMismatch(f"{operation.operation_id}: arguments differ: {error}") from None
        expected = operation.path.format(**values)
        mismatch_unless(
            sent["url"] == expected and sent["method"] == operation.method,
            f"{operation.operation_id}: the contract says {operation.method} {operation.path}, "
            f"the client sends {sent['method']} {sent['url']}",
        )


def read_only_in(document: Document, schema: Any, value: Any, at: str = "") -> Iterator[str]:
    """The pointers of read-only properties present in `value`, at any depth."""
    schema = contract.deref(document, schema)
    if isinstance(value, dict):
        for name, prop in schema.get("properties", {}).items():
            if name in value:
                if contract.deref(document, prop).get("readOnly"):
                    yield f"{at}/{name}"
                yield from read_only_in(document, prop, value[name], f"{at}/{name}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            yield from read_only_in(document, schema["items"], item, f"{at}/{index}")


def success_answer(document: Document, operation: contract.Operation) -> httpx.Response:
    """An answer the contract allows for the operation, for the request checks."""
    schema = operation.success_schema
    if schema is None:
        return httpx.Response(200)
    item = schema.get("items", schema) if schema.get("type") == "array" else schema
    answer = minimal(document, item)
    return httpx.Response(200, json=[answer] if item is not schema else answer)


def check_client_requests(document: Document, examples: int, at_seed: int) -> None:
    """What the client sends for every case schemathesis draws from each operation."""
    schema = schemathesis.openapi.from_dict(document)
    for operation in contract.operations(document):
        strategy = schema[operation.path][operation.method].as_strategy(
            generation_mode=GenerationMode.POSITIVE
        )
        check_operation_requests(document, operation, strategy, examples, at_seed)


def check_operation_requests(
    document: Document,
    operation: contract.Operation,
    strategy: st.SearchStrategy[Any],
    examples: int,
    at_seed: int,
) -> None:
    where = operation.operation_id
    module = client_module(where, operation.spec["tags"][0])
    body_schema = operation.body_schema
    body_validator = contract.validator(document, body_schema) if body_schema else None
    sent: list[httpx.Request] = []
    answer = success_answer(document, operation)

    def capture(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer

    client = AuthenticatedClient(
        base_url="https://api.test",
        token="t",
        retry=RetryPolicy.disabled(),
        httpx_args={"transport": httpx.MockTransport(capture)},
    )

    @checked(examples)
    @seed(at_seed)
    @given(case=strategy)
    def run(case: Any) -> None:
        sent.clear()
        try:
            module.sync(client=client, **arguments(operation, case))
        except InvalidDocument as error:
            message = f"{where}: the client refuses what the contract allows: {error}"
            raise ContractMismatch(message) from None
        (request,) = sent
        mismatch_unless(request.method == operation.method, f"{where}: method {request.method}")
        segments = request.url.raw_path.decode("ascii").split("?")[0].split("/")
        template = operation.path.split("/")
        mismatch_unless(len(segments) == len(template), f"{where}: path {request.url.path}")
        for segment, part in zip(segments, template, strict=True):
            name = part.strip("{}")
            expected = unquote(case.path_parameters[name]) if part != name else part
            mismatch_unless(unquote(segment) == expected, f"{where}: /{name} sent as {segment}")
        kinds = {p["name"]: p.get("schema", {}).get("type") for p in operation.query_parameters}
        for name, value in (case.query or {}).items():
            got = request.url.params.get(name)
            mismatch_unless(
                got is not None and same_query_value(kinds.get(name), got, value),
                f"{where}: ?{name}={got}",
            )
        mismatch_unless(request.headers["authorization"] == "Bearer t", f"{where}: no bearer token")
        if body_validator is None:
            mismatch_unless(not request.content, f"{where}: sends a body")
            return
        content_type = request.headers["content-type"]
        mismatch_unless(
            content_type == operation.body_media_type, f"{where}: content type {content_type}"
        )
        body = json.loads(request.content)
        problems = [f"{e.instance_path}: {e.message}" for e in body_validator.iter_errors(body)]
        mismatch_unless(not problems, f"{where}: the body breaks the contract: {problems[:3]}")
        leaked = list(read_only_in(document, body_schema, body))
        mismatch_unless(not leaked, f"{where}: read-only properties sent: {leaked}")

    run()


def check_client(contract_document: Document, examples: int, at_seed: int) -> None:
    """The generated client, judged by `contract_document`: its models, its routes and what it
    sends for each operation."""
    check_client_models(contract_document)
    check_client_routes(contract_document)
    check_client_requests(contract_document, examples, at_seed)


def check_stub(contract_document: Document, examples: int, at_seed: int) -> None:
    """Schemathesis, judging by `contract_document`, against the stub (which reads openapi/)."""
    config = schemathesis.Config()
    # The token as configuration, not as a header added to each call: negative cases then
    # leave it as it is rather than report its absence.
    config.projects.default.update(headers=AUTH)
    schema = schemathesis.openapi.from_dict(contract_document, config=config)
    # A hook_url of any host is kept, never sent to: schemathesis draws URLs of any host.
    schema.app = create_app(Settings(webhook_elsewhere="keep"))
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    for spec in contract.operations(contract_document):
        operation = schema[spec.path][spec.method]
        cases = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in modes))

        @checked(examples)
        @seed(at_seed)
        @given(case=cases)
        def run(case: Any) -> None:
            case.call_and_validate()

        try:
            run()
        except (Failure, FailureGroup) as failure:
            found = failure.exceptions if isinstance(failure, FailureGroup) else [failure]
            titles = "; ".join(f"{f.title}: {f.message}"[:300] for f in found)
            raise ContractMismatch(f"stub, {operation.label}: {titles}") from None


ContractCheck = Callable[[Document, int, int], None]
