"""The assessment-package resource: one handler per operationId, each saying only what the
operation does to the store. Requests reach them already authenticated and validated."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from starlette.responses import Response

from . import jsonio
from .errors import ApiError
from .store import Owner, PackageStore, StoreFull

# The list page size: 100 when `limit` is absent, and never more (the contract's `limit`).
DEFAULT_PAGE = 100
MAX_PAGE = 100
# An offset past any store's size is an empty page; capping keeps a 1e400 offset cheap.
MAX_OFFSET = 2**62


@dataclass(frozen=True)
class Call:
    """An authenticated request with its parameters and body read as the contract says."""

    workspace_id: str
    parameters: dict[str, Any]
    body: Any

    @property
    def owner(self) -> Owner:
        return (self.workspace_id, self.parameters["connection_id"])


Handler = Callable[[Call], Response]


class Clock:
    """Strictly increasing nanosecond stamps from the wall clock, one per new package."""

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
    # Under load, thousands of packages share each second: formatted once.
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_answer(document: bytes) -> Response:
    return Response(document, media_type="application/json")


NOT_FOUND = ApiError(404, "No package with that id under this connection for this caller.")
STORE_FULL = ApiError(507, "The stub's store is full (STUB_MAX_STORE_BYTES); nothing was changed.")


class Packages:
    def __init__(self, store: PackageStore, server_owned: frozenset[str]) -> None:
        self.store = store
        self.server_owned = server_owned
        self.clock = Clock()

    def handlers(self) -> dict[str, Handler]:
        return {
            "createAssessmentPackage": self.create,
            "listAssessmentPackages": self.list,
            "getAssessmentPackage": self.get,
            "updateAssessmentPackage": self.update,
            "patchAssessmentPackage": self.patch,
            "removeAssessmentPackage": self.remove,
        }

    def client_owned(self, body: dict[str, Any]) -> dict[str, Any]:
        # Whatever a client sends for a server-owned field was validated, and is now ignored.
        return {key: value for key, value in body.items() if key not in self.server_owned}

    def create(self, call: Call) -> Response:
        stamp = self.clock.stamp()
        # Ids sort as they were created (and with created_at): the list order is creation order.
        package_id = f"{stamp:016x}{secrets.token_hex(8)}"
        now = timestamp(stamp)
        package = {
            "id": package_id,
            "created_at": now,
            "updated_at": now,
            "workspace_id": call.workspace_id,
            "connection_id": call.parameters["connection_id"],
            **self.client_owned(call.body),
        }
        document = jsonio.dumps(package)
        try:
            self.store.add(call.owner, package_id, now, document)
        except StoreFull:
            raise STORE_FULL from None
        return json_answer(document)

    def list(self, call: Call) -> Response:
        limit = math.floor(min(call.parameters.get("limit", DEFAULT_PAGE), MAX_PAGE))
        offset = math.floor(min(call.parameters.get("offset", 0), MAX_OFFSET))
        page = self.store.page(call.owner, offset, limit)
        return json_answer(b"[" + b",".join(page) + b"]")

    def get(self, call: Call) -> Response:
        return json_answer(self.stored(call))

    def update(self, call: Call) -> Response:
        stored = jsonio.loads(self.stored(call))
        kept = {key: value for key, value in stored.items() if key in self.server_owned}
        return self.replace(call, stored, {**kept, **self.client_owned(call.body)})

    def patch(self, call: Call) -> Response:
        stored = jsonio.loads(self.stored(call))
        return self.replace(call, stored, {**stored, **self.client_owned(call.body)})

    def remove(self, call: Call) -> Response:
        if not self.store.remove(call.owner, call.parameters["id"]):
            raise NOT_FOUND
        return Response(status_code=200)

    def stored(self, call: Call) -> bytes:
        document = self.store.read(call.owner, call.parameters["id"])
        if document is None:
            raise NOT_FOUND
        return document

    def replace(self, call: Call, stored: dict[str, Any], package: dict[str, Any]) -> Response:
        # Forward only: never before the last update, nor before creation (whole seconds, so
        # two changes within a second share it).
        package["updated_at"] = max(
            timestamp(time.time_ns()), str(stored["updated_at"]), str(stored["created_at"])
        )
        document = jsonio.dumps(package)
        try:
            if not self.store.replace(call.owner, call.parameters["id"], document):
                raise NOT_FOUND  # removed meanwhile
        except StoreFull:
            raise STORE_FULL from None
        return json_answer(document)
