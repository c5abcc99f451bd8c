"""One generic resource: create, list, read, replace, patch and remove of an item of a
collection, and the item actions (trigger), for every resource of the contract. What an
operation does, which properties the server owns and what it puts there are read from the
contract (contract.resource_operation);
nothing here names a resource or a property. Requests reach these handlers already
authenticated and validated."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, ParamSpec, Protocol, TypeVar

from starlette.responses import Response

from . import jsonio
from ._contract import (
    Contract,
    NotAResource,
    ResourceOperation,
    item_schema,
    resource_operation,
    server_owned,
)
from .errors import ApiError
from .store import ItemStore, Namespace, StoreFull, StoreUnavailable

# An offset past any store's size is an empty page; capping keeps a 1e400 offset cheap and
# within SQLite's 64-bit integers.
MAX_OFFSET = 2**62


@dataclass(frozen=True)
class Call:
    """An authenticated request with its parameters and body read as the contract says."""

    workspace_id: str
    parameters: dict[str, Any]
    body: Any


Handler = Callable[[Call], Response]


class Events(Protocol):
    """What is told of each change (deliveries.py): `check` may refuse an item before it is
    written, `after` learns of a change (the item as stored, or as it was before a removal)
    before it is answered."""

    def check(self, spec: ResourceOperation, item: dict[str, Any]) -> None: ...

    def after(self, spec: ResourceOperation, call: Call, document: bytes) -> None: ...


Arguments = ParamSpec("Arguments")
Result = TypeVar("Result")


class Clock:
    """Strictly increasing nanosecond stamps from the wall clock, one per new item."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def stamp(self) -> int:
        with self._lock:
            self._last = max(time.time_ns(), self._last + 1)
            return self._last


def timestamp(stamp_ns: int) -> str:
    """The contract's date-time form, whole seconds in UTC: YYYY-MM-DDTHH:MM:SSZ."""
    return second(stamp_ns // 1_000_000_000)


@lru_cache(maxsize=4)
def second(seconds: int) -> str:
    # Under load, thousands of items share each second: formatted once.
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_answer(document: bytes, status: int) -> Response:
    return Response(document, status_code=status, media_type="application/json")


def not_served(reason: str) -> Handler:
    message = f"The stub cannot serve this operation of the contract: {reason}."

    def answer(call: Call) -> Response:
        raise ApiError(501, message)

    return answer


class Action:
    """The handler of one operation: its action applied to the store."""

    def __init__(
        self,
        spec: ResourceOperation,
        owned: frozenset[str],
        store: ItemStore,
        events: Events | None = None,
    ) -> None:
        self.spec = spec
        self.store = store
        self.events = events
        self.status = int(spec.operation.success_status)
        self.server_owned = owned | frozenset(spec.server_values)
        self.created = tuple(k for k, v in spec.server_values.items() if v == "creation-time")
        self.updated = tuple(k for k, v in spec.server_values.items() if v == "update-time")
        owners = " and this ".join(spec.owner_parameters)
        under = f" under this {owners}" if owners else ""
        self.not_found = ApiError(404, f"No {spec.noun} with that id{under} for this caller.")

    def __call__(self, call: Call) -> Response:
        raise NotImplementedError  # each action says what it does

    def namespace(self, call: Call) -> Namespace:
        owners = (str(call.parameters[name]) for name in self.spec.owner_parameters)
        return (self.spec.collection, call.workspace_id, *owners)

    def client_owned(self, body: Any) -> dict[str, Any]:
        # Whatever a client sends for a server-owned field was validated, and is now ignored.
        return {k: v for k, v in (body or {}).items() if k not in self.server_owned}

    def stored(self, call: Call) -> bytes:
        document = guarded(self.store.read, self.namespace(call), self.item_id(call))
        if document is None:
            raise self.not_found
        return document

    def item_id(self, call: Call) -> str:
        return str(call.parameters[self.spec.id_parameter or ""])

    def write(self, call: Call, stored: dict[str, Any], item: dict[str, Any]) -> Response:
        # Forward only: never before the last update, nor before creation (whole seconds, so
        # two changes within a second share it).
        earliest = [str(stored[k]) for k in (*self.updated, *self.created) if k in stored]
        for name in self.updated:
            item[name] = max([timestamp(time.time_ns()), *earliest])
        if self.events:
            self.events.check(self.spec, item)
        document = jsonio.dumps(item)
        if not guarded(self.store.replace, self.namespace(call), self.item_id(call), document):
            raise self.not_found  # removed meanwhile
        self.told(call, document)
        return json_answer(document, self.status)

    def told(self, call: Call, document: bytes) -> None:
        if self.events:
            self.events.after(self.spec, call, document)


class Create(Action):
    # One clock for every resource: no two items get the same stamp.
    clock = Clock()

    def __call__(self, call: Call) -> Response:
        stamp = self.clock.stamp()
        # Ids sort as they were created (and with created_at): the list order is creation order.
        item_id = f"{stamp:016x}{secrets.token_hex(8)}"
        now = timestamp(stamp)
        values = {
            "new-id": item_id,
            "creation-time": now,
            "update-time": now,
            "caller-workspace": call.workspace_id,
        }
        item = {
            name: call.parameters[name] if how == "path-parameter" else values[how]
            for name, how in self.spec.server_values.items()
            if how != "server-state"  # absent until the server records one
        }
        created = {**item, **self.client_owned(call.body)}
        if self.events:
            self.events.check(self.spec, created)
        document = jsonio.dumps(created)
        guarded(self.store.add, self.namespace(call), item_id, now, document)
        self.told(call, document)
        return json_answer(document, self.status)


class List(Action):
    def __call__(self, call: Call) -> Response:
        limit = call.parameters.get("limit", self.spec.page_maximum)
        if limit is not None:  # capped like the offset when the contract sets no maximum
            limit = math.floor(min(limit, self.spec.page_maximum or MAX_OFFSET))
        offset = math.floor(min(call.parameters.get("offset", 0), MAX_OFFSET))
        wanted = {
            prop: call.parameters[name]
            for name, prop in self.spec.filters
            if name in call.parameters
        }
        if wanted:
            # Filtered in order, then paged: a page is the filtered list's, as the caller asked.
            every = guarded(self.store.page, self.namespace(call), 0, None)
            kept = [doc for doc in every if matches(jsonio.loads(doc), wanted)]
            page = kept[offset:] if limit is None else kept[offset : offset + limit]
        else:
            page = guarded(self.store.page, self.namespace(call), offset, limit)
        return json_answer(b"[" + b",".join(page) + b"]", self.status)


def matches(item: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Whether each property named holds the value asked for (a query parameter's value, read
    as its schema says: a string compares with a string only)."""
    return all(prop in item and item[prop] == value for prop, value in wanted.items())


class Read(Action):
    def __call__(self, call: Call) -> Response:
        return json_answer(self.stored(call), self.status)


class Replace(Action):
    def __call__(self, call: Call) -> Response:
        stored = jsonio.loads(self.stored(call))
        kept = {k: v for k, v in stored.items() if k in self.server_owned}
        return self.write(call, stored, {**kept, **self.client_owned(call.body)})


class Patch(Action):
    def __call__(self, call: Call) -> Response:
        stored = jsonio.loads(self.stored(call))
        return self.write(call, stored, {**stored, **self.client_owned(call.body)})


class Remove(Action):
    def __call__(self, call: Call) -> Response:
        # What a removal's deliveries carry: the item as it was.
        document = self.stored(call) if self.events else b""
        if not guarded(self.store.remove, self.namespace(call), self.item_id(call)):
            raise self.not_found
        self.told(call, document)
        return Response(status_code=self.status)


class Trigger(Action):
    """Runs an item's deliveries now: for an item that exists, the contract's success answer."""

    def __call__(self, call: Call) -> Response:
        self.told(call, self.stored(call))
        return Response(status_code=self.status)


ACTIONS: dict[str, type[Action]] = {
    "create": Create,
    "list": List,
    "read": Read,
    "replace": Replace,
    "patch": Patch,
    "remove": Remove,
    "trigger": Trigger,
}


def guarded(
    method: Callable[Arguments, Result], *args: Arguments.args, **kwargs: Arguments.kwargs
) -> Result:
    """A store call whose faults are answers: 507 when it has no room, 503 when it fails."""
    try:
        return method(*args, **kwargs)
    except StoreFull as full:
        raise ApiError(507, str(full)) from None
    except StoreUnavailable as unavailable:
        raise ApiError(503, str(unavailable)) from None


def handlers(
    contract: Contract, store: ItemStore, events: Events | None = None
) -> tuple[dict[str, Handler], dict[str, str]]:
    """A handler for each operation the stub serves, and why it serves none of the others."""
    served: dict[str, Handler] = {}
    reasons: dict[str, str] = {}
    for operation_id, operation in contract.operations.items():
        try:
            spec = resource_operation(contract.document, operation)
        except NotAResource as reason:
            reasons[operation_id] = str(reason)
            served[operation_id] = not_served(str(reason))
            continue
        schema = item_schema(contract.document, operation, spec.action)
        owned = server_owned(contract.document, schema)
        served[operation_id] = ACTIONS[spec.action](spec, owned, store, events)
    return served, reasons
