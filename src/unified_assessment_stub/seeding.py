"""Seeding: items put into a workspace before a test, through the create operation's own
checks and handler (so the server sets ids and timestamps as for any create), without HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from starlette.applications import Starlette

from . import jsonio
from ._contract import NotAResource, Operation, resource_operation
from .errors import ApiError
from .inputs import Inputs
from .offload import checked
from .resource import Call


class SeedRefused(ValueError):
    """A seed the contract refuses; the message names the item and each problem's pointer."""


class _Loader(yaml.SafeLoader):
    """YAML whose dates stay the strings written: the contract's dates and date-times are
    strings, and a datetime object has no JSON form."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def documents_of(source: str | Path | Iterable[Any]) -> tuple[str, list[Any]]:
    """(where the documents come from, the documents): a .json or .yaml file holding a list,
    or the documents themselves."""
    if isinstance(source, dict):
        raise SeedRefused("seed takes a list of documents (or a file holding one), not one")
    if not isinstance(source, str | Path):
        return "seed", list(source)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SeedRefused(f"{path}: cannot be read: {error}") from None
    try:
        loaded = (
            yaml.load(text, Loader=_Loader)
            if path.suffix.lower() in (".yaml", ".yml")
            else json.loads(text)
        )
    except (ValueError, yaml.YAMLError) as error:
        raise SeedRefused(f"{path}: not readable: {str(error).splitlines()[0]}") from None
    if not isinstance(loaded, list):
        raise SeedRefused(f"{path}: must hold a list of documents, not {type(loaded).__name__}")
    return str(path), loaded


def creates_items(app: Starlette, operation: Operation) -> bool:
    try:
        return resource_operation(app.state.contract.document, operation).action == "create"
    except NotAResource:  # an operation the stub does not serve as a resource's
        return False


def seed(
    app: Starlette,
    operation_id: str,
    source: str | Path | Iterable[Any],
    workspace_id: str,
    path_parameters: dict[str, str],
) -> list[dict[str, Any]]:
    """Create each document with `operation_id` (a create of the contract) in the workspace;
    the items as stored. SeedRefused, with nothing stored, when any document breaks the
    contract."""
    contract = app.state.contract
    creates = sorted(name for name, op in contract.operations.items() if creates_items(app, op))
    if operation_id not in creates:
        raise SeedRefused(f"{operation_id!r:.80} is no create of the contract: one of {creates}")
    operation = contract.operations[operation_id]
    for name, value in path_parameters.items():
        if not isinstance(value, str):
            raise SeedRefused(f"path parameter {name} must be a string, not {value!r:.40}")
    where, documents = documents_of(source)
    inputs = Inputs(contract, operation, app.state.settings.max_body_bytes)
    assert inputs.body_validator is not None
    calls = []
    for index, document in enumerate(documents):
        try:
            parameters = inputs.read_parameters(path_parameters, {})
            raw = jsonio.dumps(document)
            if len(raw) > inputs.max_body_bytes:
                raise ApiError(413, f"The document is larger than {inputs.max_body_bytes} bytes.")
            body = checked(inputs.body_validator, inputs.body_message, raw)
        except (TypeError, ValueError):
            raise SeedRefused(f"{where}[{index}]: has no JSON form") from None
        except ApiError as refusal:
            problems = "; ".join(f"{p['pointer'] or '/'}: {p['message']}" for p in refusal.errors)
            raise SeedRefused(f"{where}[{index}]: {refusal.message} {problems}".strip()) from None
        calls.append(Call(workspace_id, parameters, body))
    handler = app.state.handlers[operation_id]
    stored = []
    for index, call in enumerate(calls):
        try:
            stored.append(json.loads(handler(call).body))
        except ApiError as refusal:  # the store is full (507) or failing (503)
            raise SeedRefused(
                f"{where}[{index}]: {refusal.message} ({len(stored)} stored before it)"
            ) from None
    return stored
