"""The stub: a local stand-in for Unified.to's assessment API.

Everything it serves comes from openapi/: one route per path of the contract, one generic
resource (resource.py) for every operation whose method and path the conventions describe,
each operation's parameters and body checked against the contract's own JSON Schema
(inputs.py) before its handler runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import control, docs, faults
from ._contract import Contract, Operation
from .deliveries import Deliveries
from .delivery_queue import DEFAULT_MAX_PENDING, MemoryQueue, PendingQueue, SQLiteQueue
from .errors import ApiError, JSONBody, error_body
from .inputs import Inputs
from .resource import Call, handlers
from .routing import PathMatcher
from .store import DEFAULT_MAX_STORE_BYTES, InMemoryStore, ItemStore
from .tokens import tokens_in

DEFAULT_TOKEN = "dev-token"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_WEBHOOK_SECRET = "dev-secret"
DEFAULT_WEBHOOK_HOSTS = ("127.0.0.1", "localhost", "::1")

access_log = logging.getLogger("stub.access")


def positive_whole(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, str(default))
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a positive whole number, not {text!r}")
    return int(text)


def positive_seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, str(default))
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e9:  # also refuses nan and inf
        raise ValueError(f"{name} must be a positive number of seconds, not {text!r}")
    return value


@dataclass(frozen=True)
class Settings:
    tokens: tuple[str, ...] = (DEFAULT_TOKEN,)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_store_bytes: int = DEFAULT_MAX_STORE_BYTES
    database: str | None = None
    # Deliveries (deliveries.py): the workspaces' signing secret (never shown), the length of
    # the vendor's "minute" in the retry schedule, where deliveries may go, each one's timeout
    # and how many may wait.
    webhook_secret: str = DEFAULT_WEBHOOK_SECRET
    webhook_minute_seconds: float = 60.0
    webhook_hosts: tuple[str, ...] = DEFAULT_WEBHOOK_HOSTS
    webhook_timeout: float = 10.0
    webhook_queue: int = DEFAULT_MAX_PENDING
    # "refuse" (422) a hook_url to a host STUB_WEBHOOK_HOSTS does not allow, or "keep" the
    # webhook and never send to it (a contract run, whose hook_urls are any URL).
    webhook_elsewhere: str = "refuse"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        tokens = tokens_in(env.get("STUB_TOKENS", DEFAULT_TOKEN), "STUB_TOKENS")
        return cls(
            tokens=tokens,
            max_body_bytes=positive_whole(env, "STUB_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            max_store_bytes=positive_whole(env, "STUB_MAX_STORE_BYTES", DEFAULT_MAX_STORE_BYTES),
            database=env.get("STUB_DB") or None,
            **webhook_settings(env),
        )

    def store(self) -> ItemStore:
        """The store these settings name: SQLite at STUB_DB, else memory."""
        if self.database:
            from .sqlite_store import SQLiteStore

            return SQLiteStore(self.database)
        return InMemoryStore(self.max_store_bytes)


def webhook_settings(env: Mapping[str, str]) -> dict[str, Any]:
    secret = env.get("STUB_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET)
    if not secret:
        raise ValueError("STUB_WEBHOOK_SECRET must not be empty")
    hosts = tuple(
        h.strip() for h in env.get("STUB_WEBHOOK_HOSTS", ",".join(DEFAULT_WEBHOOK_HOSTS)).split(",")
    )
    if not all(hosts):
        raise ValueError("STUB_WEBHOOK_HOSTS must be a comma-separated list of host names")
    elsewhere = env.get("STUB_WEBHOOK_ELSEWHERE", "refuse")
    if elsewhere not in ("refuse", "keep"):
        raise ValueError(f"STUB_WEBHOOK_ELSEWHERE must be refuse or keep, not {elsewhere!r}")
    return {
        "webhook_secret": secret,
        "webhook_minute_seconds": positive_seconds(env, "STUB_WEBHOOK_MINUTE_SECONDS", 60),
        "webhook_hosts": hosts,
        "webhook_timeout": positive_seconds(env, "STUB_WEBHOOK_TIMEOUT", 10),
        "webhook_queue": positive_whole(env, "STUB_WEBHOOK_QUEUE", DEFAULT_MAX_PENDING),
        "webhook_elsewhere": elsewhere,
    }


def unauthorized(message: str, error: str | None = None) -> ApiError:
    challenge = 'Bearer realm="unified-assessment-stub"'
    if error:
        challenge += f', error="{error}"'
    return ApiError(401, message, headers={"WWW-Authenticate": challenge})


def workspace_of(token: bytes) -> str:
    return "ws_" + hashlib.sha256(token).hexdigest()[:24]


def authenticate(request: Request, workspaces: dict[bytes, str]) -> str:
    """The caller's workspace id (one per token); ApiError 401 when the token is not accepted."""
    header = request.headers.get("authorization")
    if header is None:
        raise unauthorized("Missing Authorization header: send 'Authorization: Bearer <token>'.")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise unauthorized(
            "Malformed Authorization header: expected 'Bearer <token>'.", "invalid_request"
        )
    candidate = token.encode("utf-8", "surrogateescape")
    workspace = None
    for known, known_workspace in workspaces.items():
        # No early exit: the time taken says nothing about whether or which token matched.
        if hmac.compare_digest(candidate, known):
            workspace = known_workspace
    if workspace is None:
        raise unauthorized("The bearer token is not accepted.", "invalid_token")
    return workspace


class PathRoute(Route):
    """The operations of one path of the contract. Matched on the raw path, so that a
    parameter holding "/" (sent as %2F) or "." (sent as %2E) is received exactly as sent."""

    def __init__(self, matcher: PathMatcher, endpoint: Any) -> None:
        super().__init__(matcher.template, endpoint)
        self.matcher = matcher
        # The endpoint answers every method itself: 405 with the contract's methods in Allow.
        self.methods = None

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        raw = scope.get("raw_path")
        params = self.matcher.match(raw.decode("latin-1") if raw else scope["path"])
        if params is None:
            return Match.NONE, {}
        return Match.FULL, {"endpoint": self.endpoint, "path_params": params}


class AccessLog:
    """One line per request: method, path, status, duration. Never headers, never the query."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: int | str = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except asyncio.CancelledError:
            # Only shutdown cancels a request; this line says so, and server.py keeps
            # uvicorn's traceback of it out of the log.
            status = "cancelled"
            raise
        finally:
            if scope.get("unified_assessment_stub.dropped"):
                status = "dropped"
            has_auth = any(name == b"authorization" for name, _ in scope["headers"])
            access_log.info(
                "%s %s %s %.1fms auth=%s",
                scope["method"],
                (scope.get("raw_path") or scope["path"].encode()).decode("latin-1"),
                status,
                (time.perf_counter() - started) * 1000,
                "Bearer [redacted]" if has_auth else "-",
            )


# Fields a request may carry once only (RFC 9110 §5.3): two values are two claims, and which
# one a proxy or a library reads is not defined. Content-Length is llhttp's to refuse.
SINGLETONS = (b"host", b"authorization", b"content-type")


class RequestChecks:
    """What every request must satisfy before any route sees it (RFC 9110, 9112): a Host
    header in HTTP/1.1 (httptools does not check it), at most one of each SINGLETONS field,
    no content coding but identity, no transfer coding but chunked."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = request_refusal(scope) if scope["type"] == "http" else None
        if refusal is not None:
            await error_body(refusal)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def request_refusal(scope: Scope) -> ApiError | None:
    names = [name for name, _ in scope["headers"]]
    if scope.get("http_version") == "1.1" and b"host" not in names:
        return ApiError(400, "An HTTP/1.1 request must carry a Host header.")
    for name in SINGLETONS:
        if names.count(name) > 1:
            return ApiError(400, f"The request carries more than one {name.decode()} header.")
    headers = scope["headers"]
    codings = list_values(headers, b"content-encoding")
    if any(coding != "identity" for coding in codings):
        return ApiError(
            415,
            "The stub accepts no content coding (Content-Encoding) but identity.",
            headers={"Accept-Encoding": "identity"},
        )
    transfer = list_values(headers, b"transfer-encoding")
    if any(coding != "chunked" for coding in transfer):
        return ApiError(501, "The stub accepts no transfer coding but chunked.")
    return None


def list_values(headers: Any, wanted: bytes) -> list[str]:
    """The comma-separated values of every `wanted` field, lower-cased, empty ones dropped."""
    return [
        item.strip().lower()
        for name, value in headers
        if name == wanted
        for item in value.decode("latin-1").split(",")
        if item.strip()
    ]


def delivery_queue(settings: Settings, store: ItemStore) -> PendingQueue:
    """Deliveries wait beside the items: in STUB_DB when the store is SQLite."""
    from .sqlite_store import SQLiteStore

    if isinstance(store, SQLiteStore):
        return SQLiteQueue(store.path, settings.webhook_queue)
    return MemoryQueue(settings.webhook_queue)


def create_app(
    settings: Settings | None = None,
    store: ItemStore | None = None,
    contract: Contract | None = None,
) -> Starlette:
    settings = settings or Settings()
    store = store if store is not None else settings.store()
    contract = contract or Contract()
    tokens = [token.encode("utf-8", "surrogateescape") for token in settings.tokens]
    workspaces = {token: workspace_of(token) for token in tokens}
    deliveries = Deliveries(contract, store, settings, delivery_queue(settings, store))
    served, not_served = handlers(contract, store, deliveries)
    book = faults.FaultBook(contract.operations)
    control_document = control.document(contract)
    fault_requests = control.FaultRequests(control_document)

    def endpoint(operation: Operation) -> Any:
        inputs = Inputs(contract, operation, settings.max_body_bytes)
        handler = served[operation.operation_id]

        async def serve(request: Request) -> Response:
            workspace_id = authenticate(request, workspaces)
            # Before the body is read or the handler runs: a fault that fails the call changes
            # no stored data (a delay alone waits after the read, then the call runs).
            fault = faults.preferred_code(
                request.headers.getlist("prefer"), operation
            ) or book.take(workspace_id, operation.operation_id)
            if fault is not None:
                await faults.apply(fault, request)
            try:
                parameters = inputs.read_parameters(request.path_params, request.query_params)
                body = await inputs.read_body(request)
            except ApiError:  # a refusal of the request is as slow as its answer would be
                if fault is not None:
                    await faults.delay(fault)
                raise
            if fault is not None:
                await faults.delay(fault)
            return handler(Call(workspace_id, parameters, body))

        return serve

    def path_endpoint(by_method: dict[str, Any]) -> Any:
        allow = ", ".join(sorted(by_method))

        async def dispatch(request: Request) -> Response:
            serve = by_method.get(request.method)
            if serve is None:
                message = f"Method {request.method} is not allowed here."
                raise ApiError(405, message, headers={"Allow": allow})
            response: Response = await serve(request)
            return response

        return dispatch

    by_path: dict[str, dict[str, Any]] = {}
    for operation in contract.operations.values():
        by_path.setdefault(operation.path, {})[operation.method] = endpoint(operation)

    async def openapi_json(request: Request) -> Response:
        return Response(contract.json_text, media_type="application/json")

    async def openapi_yaml(request: Request) -> Response:
        return Response(contract.yaml_text, media_type="application/yaml")

    async def healthz(request: Request) -> Response:
        return JSONBody({"status": "ok"})

    async def on_api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_body(error)

    async def on_http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        messages = {404: "No such resource.", 405: f"Method {request.method} is not allowed here."}
        message = messages.get(error.status_code, str(error.detail))
        return error_body(ApiError(error.status_code, message, headers=dict(error.headers or {})))

    async def on_unexpected(request: Request, error: Exception) -> Response:
        return error_body(ApiError(500, "The stub failed unexpectedly; this is a bug in it."))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # What a stopped or killed stub left in STUB_DB is sent from the start.
        if len(deliveries.queue):
            deliveries.sender()
        yield

    app = Starlette(
        lifespan=lifespan,
        routes=[
            *(PathRoute(PathMatcher.of(path), path_endpoint(ops)) for path, ops in by_path.items()),
            Route("/openapi.json", openapi_json),
            Route("/openapi.yaml", openapi_yaml),
            Route("/healthz", healthz),
            *control.routes(
                control_document,
                fault_requests,
                book,
                lambda request: authenticate(request, workspaces),
            ),
            *docs.routes(
                contract,
                DEFAULT_TOKEN if DEFAULT_TOKEN in settings.tokens else None,
                control_document,
            ),
        ],
        exception_handlers={
            ApiError: on_api_error,
            HTTPException: on_http_error,
            Exception: on_unexpected,
        },
    )
    # RFC 9110 gives /healthz/ no relation to /healthz: an unknown path is 404, not a redirect.
    app.router.redirect_slashes = False
    app.state.store = store
    app.state.faults = book
    app.state.fault_requests = fault_requests
    app.state.contract = contract
    app.state.handlers = served
    app.state.settings = settings
    app.state.deliveries = deliveries
    # Each operation the stub cannot serve answers 501 saying why (app.state.not_served).
    app.state.served_operations = frozenset(contract.operations) - set(not_served)
    app.state.not_served = not_served
    app.add_middleware(faults.Drops)
    app.add_middleware(RequestChecks)
    app.add_middleware(AccessLog)
    return app
