"""Faults on demand: the vendor's bad days (a status, a delay, a dropped connection) for the
next calls of one operation in one workspace, or for one request that asks (`Prefer: code=`).

A fault is answered before the request's body is read or its handler runs, so it never changes
stored data: a faulted create stores nothing. A delay alone only delays, once the request is
read: the call then runs, even if its client gave up. The statuses a fault may answer are those the
operation's responses list in the contract, or any 5xx (a server may always fail).
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from http import HTTPStatus
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from ._contract import Operation
from .errors import ApiError
from .inputs import BODY_TIMEOUT

# Long enough to outlast the client's default 30 s read timeout, short enough that a fault
# cannot hold a connection past a test session's patience.
MAX_DELAY_MS = 60_000
MAX_TIMES = 10_000
MAX_RETRY_AFTER = 86_400
# Faults waiting in one workspace, at most: a loop posting them costs bounded memory.
MAX_FAULTS = 1_000
CHALLENGE = 'Bearer realm="unified-assessment-stub", error="invalid_token"'
# The ASGI scope extension through which the served stub (server.py) closes a connection.
DROP_EXTENSION = "unified_assessment_stub.drop"


@dataclass
class Fault:
    """What the next `times` calls of `operation` answer instead of their own answer."""

    id: str
    operation: str
    times: int
    status: int | None = None
    retry_after: int | None = None
    delay_ms: int = 0
    drop: bool = False

    def shown(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}


class DropConnection(Exception):
    """Raised by an endpoint: close the connection without an answer (Drops does it)."""


def allowed_statuses(operation: Operation) -> list[int]:
    """The error statuses the operation's responses list (4XX, 5XX and default widen it)."""
    listed: set[int] = set()
    for key in operation.spec.get("responses", {}):
        text = str(key).upper()
        if text.isdigit() and 400 <= int(text) <= 599:
            listed.add(int(text))
        elif text in ("4XX", "DEFAULT"):
            listed.update(range(400, 500))
    return sorted(listed)


def check_status(operation: Operation, status: int, at: str = "/status") -> None:
    """ApiError 422 naming the allowed statuses unless `operation` may answer `status` (the
    problem's pointer is `at`)."""
    allowed = allowed_statuses(operation)
    if status in allowed or 500 <= status <= 599:
        return
    named = ", ".join(str(s) for s in allowed if s < 500)
    raise ApiError(
        422,
        f"{operation.operation_id} cannot answer {status}: the contract lists "
        f"{named or 'no 4xx'} for it, and any 5xx is allowed.",
        [{"pointer": at, "message": f"one of {named}, or 500 to 599"}],
    )


class FaultBook:
    """The faults waiting in each workspace, in the order they were added. Shared between the
    server's thread and the test's (the pytest fixture adds faults directly)."""

    def __init__(self, operations: dict[str, Operation]) -> None:
        self.operations = operations
        self._faults: dict[str, list[Fault]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, workspace_id: str, request: dict[str, Any]) -> Fault:
        """A fault from a request already valid against the control API's FaultRequest;
        ApiError 422 when the operation is unknown or may not answer the status."""
        operation = self.operations.get(request["operation"])
        if operation is None:
            known = ", ".join(sorted(self.operations))
            raise ApiError(
                422,
                f"No operation {request['operation']!r:.80} in the contract: one of {known}.",
                [{"pointer": "/operation", "message": "not an operationId of the contract"}],
            )
        status = request.get("status")
        drop = bool(request.get("drop", False))
        if status is not None:
            check_status(operation, status)
        if drop and status is not None:
            raise ApiError(
                422,
                "A dropped connection answers nothing: give status or drop, not both.",
                [{"pointer": "/drop", "message": "true together with status"}],
            )
        if status is None and not drop and not request.get("delay_ms"):
            raise ApiError(
                422,
                "A fault needs a status, a delay_ms or drop: true.",
                [{"pointer": "", "message": "none of status, delay_ms, drop"}],
            )
        with self._lock:
            waiting = self._faults.setdefault(workspace_id, [])
            if len(waiting) >= MAX_FAULTS:
                raise ApiError(
                    422, f"At most {MAX_FAULTS} faults may wait in a workspace; clear some."
                )
            fault = Fault(
                id=f"flt_{next(self._ids)}",
                operation=operation.operation_id,
                times=request.get("times", 1),
                status=status,
                retry_after=request.get("retry_after"),
                delay_ms=request.get("delay_ms", 0),
                drop=drop,
            )
            waiting.append(fault)
            return fault

    def listed(self, workspace_id: str) -> list[Fault]:
        with self._lock:
            return [Fault(**asdict(f)) for f in self._faults.get(workspace_id, [])]

    def clear(self, workspace_id: str | None = None) -> int:
        """Clear one workspace's faults (None: every workspace's); how many were cleared."""
        with self._lock:
            if workspace_id is None:
                cleared = sum(map(len, self._faults.values()))
                self._faults.clear()
                return cleared
            return len(self._faults.pop(workspace_id, []))

    def take(self, workspace_id: str, operation_id: str) -> Fault | None:
        """The first fault waiting for this call, one of its times spent; None if none."""
        with self._lock:
            waiting = self._faults.get(workspace_id, [])
            for index, fault in enumerate(waiting):
                if fault.operation == operation_id:
                    fault.times -= 1
                    if fault.times <= 0:
                        del waiting[index]
                    return Fault(**asdict(fault))
            return None


def preferred_code(values: Iterable[str], operation: Operation) -> Fault | None:
    """The fault a request asks for with `Prefer: code=NNN` (Prism's convention; other
    preferences are ignored, RFC 7240); ApiError 422 for a code the operation may not answer."""
    for value in values:
        for preference in value.split(","):
            name, _, code = preference.split(";")[0].partition("=")
            if name.strip().lower() != "code":
                continue
            code = code.strip().strip('"')
            if not (code.isascii() and code.isdigit() and len(code) == 3):
                raise ApiError(
                    422,
                    f"Prefer: code={code[:20]!r} is not an HTTP status of three digits.",
                    [{"pointer": "/header/Prefer", "message": "code is not a status"}],
                )
            status = int(code)
            if status < 400:
                allowed = ", ".join(str(s) for s in allowed_statuses(operation) if s < 500)
                raise ApiError(
                    422,
                    f"Prefer: code={status} is no fault: {operation.operation_id} may be asked "
                    f"for {allowed} or any 5xx.",
                    [{"pointer": "/header/Prefer", "message": "a status below 400"}],
                )
            check_status(operation, status, "/header/Prefer")
            return Fault(id="prefer", operation=operation.operation_id, times=1, status=status)
    return None


def fault_error(fault: Fault) -> ApiError:
    """The answer of a fault with a status: a contract-valid Error body."""
    assert fault.status is not None
    try:
        phrase = HTTPStatus(fault.status).phrase
    except ValueError:
        phrase = "Error"
    headers = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = str(fault.retry_after)
    if fault.status == 401:
        headers["WWW-Authenticate"] = CHALLENGE
    return ApiError(
        fault.status,
        f"{fault.status} {phrase}: a fault injected into {fault.operation} "
        f"({'Prefer: code' if fault.id == 'prefer' else 'POST /__stub/faults ' + fault.id}).",
        headers=headers,
    )


async def apply(fault: Fault, request: Request) -> None:
    """Before the request is read: for a fault that fails the call, wait, then drop the
    connection or raise its answer; a delay alone waits in `delay()`, once it is read."""
    if fault.status is None and not fault.drop:
        return
    await delay(fault)
    if fault.drop:
        await drain(request)
        raise DropConnection
    if fault.status is not None:
        raise fault_error(fault)


async def delay(fault: Fault) -> None:
    """A delay alone is slowness, not failure: the request was read (as a slow vendor reads
    it), and after the wait it is applied even if its client has given up waiting."""
    if fault.delay_ms:
        await asyncio.sleep(fault.delay_ms / 1000)


async def drain(request: Request) -> None:
    """Read the body and let it go: a connection closed with bytes unread is reset (RST),
    which the client may see as a reset or as a close, by a race; read, it is always a close."""
    try:
        async with asyncio.timeout(BODY_TIMEOUT):
            async for _ in request.stream():
                pass
    except (TimeoutError, ClientDisconnect):
        pass


class Drops:
    """Closes the connection of a request whose endpoint raised DropConnection, without an
    answer. Served by uvicorn (server.py) the connection itself is closed; in process, through
    httpx's ASGI transport, the client gets the error httpx raises for a closed connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except DropConnection:
            scope["unified_assessment_stub.dropped"] = True
            drop = scope.get("extensions", {}).get(DROP_EXTENSION)
            if drop is not None:
                drop()
                return
            import httpx

            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response (a dropped-connection fault)."
            ) from None
