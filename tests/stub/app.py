"""The stub: a local stand-in for Unified.to's Create an assessment package endpoint.

It answers every request as openapi/ says: it validates with the contract's own JSON Schema,
builds the created package with the generated pydantic model, and keeps it in a store.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import jsonschema_rs
import pydantic
import pydantic_core
from contract import Contract
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from unified_assessment_models import AssessmentPackage

from .routing import PathMatcher
from .store import InMemoryStore, PackageStore

DEFAULT_TOKEN = "dev-token"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# Owned by the server: whatever a client sends for these is validated, then replaced.
SERVER_OWNED = frozenset({"id", "created_at", "updated_at"})
MAX_MESSAGE_CHARS = 300

access_log = logging.getLogger("stub.access")


@dataclass(frozen=True)
class Settings:
    tokens: tuple[str, ...] = (DEFAULT_TOKEN,)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        tokens = tuple(t.strip() for t in env.get("STUB_TOKENS", DEFAULT_TOKEN).split(","))
        if not all(tokens):
            raise ValueError("STUB_TOKENS must be a comma-separated list of non-empty tokens")
        limit = env.get("STUB_MAX_BODY_BYTES", str(DEFAULT_MAX_BODY_BYTES))
        if not limit.isdigit() or int(limit) < 1:
            raise ValueError(f"STUB_MAX_BODY_BYTES must be a positive whole number, not {limit!r}")
        return cls(tokens=tokens, max_body_bytes=int(limit))


@dataclass
class ApiError(Exception):
    status: int
    message: str
    errors: list[dict[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


# ASCII escapes keep any string a client sent (lone surrogates included) representable.
ENCODER = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"))


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return ENCODER.encode(content).encode("ascii")


def error_body(error: ApiError) -> JSONBody:
    body: dict[str, Any] = {"status": error.status, "message": error.message}
    if error.errors:
        body["errors"] = error.errors
    return JSONBody(body, status_code=error.status, headers=error.headers)


def shorten(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE_CHARS else message[:MAX_MESSAGE_CHARS] + "…"


def json_pointer(path: Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


# JSON can escape a lone UTF-16 surrogate ("\ud800"), but it is no Unicode character: such a
# string can be neither validated nor stored as text, so it is refused (RFC 7493, I-JSON).
UNPAIRED_SURROGATE = ApiError(
    400, "The body holds a string with an unpaired UTF-16 surrogate escape, which is not text."
)


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


def require_json(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        shown = media_type or "none"
        raise ApiError(415, f"Content-Type must be application/json, not {shown}.")


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to be over `limit` bytes."""
    declared = request.headers.get("content-length", "")
    # Compare as text first: a huge digit string would not even convert to an int.
    if (
        declared.isascii()
        and declared.isdigit()
        and (len(declared.lstrip("0")) > len(str(limit)) or int(declared) > limit)
    ):
        raise ApiError(413, f"The body is larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"The body is larger than {limit} bytes.")
            chunks.append(chunk)
    except ClientDisconnect:
        # Nobody is left to answer; this only keeps a traceback out of the log.
        raise ApiError(400, "The client went away before sending the whole body.") from None
    return b"".join(chunks)


def reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"number {shorten(text)} is out of range")
    return number


DECODER = json.JSONDecoder(parse_constant=reject_constant, parse_float=parse_float)


def parse_json(raw: bytes) -> Any:
    try:
        return DECODER.decode(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "The body is not UTF-8 encoded JSON.") from None
    except RecursionError:
        raise ApiError(400, "The body is nested too deeply.") from None
    except ValueError as error:
        raise ApiError(400, shorten(f"The body is not valid JSON: {error}")) from None


def schema_problems(
    validator: jsonschema_rs.Draft202012Validator, document: Any
) -> list[dict[str, str]]:
    """Every way `document` breaks the schema, each with a JSON pointer and a message."""
    problems: set[tuple[str, str]] = set()
    for error in validator.iter_errors(document):
        where = json_pointer(error.instance_path)
        if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required):
            where = f"{where}/{json_pointer([error.kind.property])[1:]}"
        problems.add((where, shorten(error.message)))
    return [{"pointer": pointer, "message": message} for pointer, message in sorted(problems)]


class RawPathRoute(Route):
    """A Route matched on the raw path, so that a parameter holding "/" (sent as %2F) or "."
    (sent as %2E) is received exactly as the client meant it."""

    def __init__(self, matcher: PathMatcher, endpoint: Any) -> None:
        operation = matcher.operation
        super().__init__(
            operation.path, endpoint, methods=[operation.method], name=operation.operation_id
        )
        self.matcher = matcher

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        raw = scope.get("raw_path")
        path = raw.decode("latin-1") if raw else scope["path"]
        params = self.matcher.match(path)
        if params is None:
            return Match.NONE, {}
        child_scope = {"endpoint": self.endpoint, "path_params": params}
        allowed = scope["method"] in (self.methods or ())
        return (Match.FULL if allowed else Match.PARTIAL), child_scope


class AccessLog:
    """One line per request: method, path, status, duration. Never headers, never the query."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            auth = "Bearer [redacted]" if _has_auth(scope) else "-"
            access_log.info(
                "%s %s %d %.1fms auth=%s",
                scope["method"],
                (scope.get("raw_path") or scope["path"].encode()).decode("latin-1"),
                status,
                (time.perf_counter() - started) * 1000,
                auth,
            )


def _has_auth(scope: Scope) -> bool:
    return any(name == b"authorization" for name, _ in scope["headers"])


def create_app(
    settings: Settings | None = None,
    store: PackageStore | None = None,
    contract: Contract | None = None,
) -> Starlette:
    settings = settings or Settings()
    store = store if store is not None else InMemoryStore()
    contract = contract or Contract()
    operation = contract.operations["createAssessmentPackage"]
    assert operation.body_schema is not None
    validator = contract.validator(operation.body_schema)
    server_owned = SERVER_OWNED | contract.read_only(operation.body_schema)
    tokens = [token.encode("utf-8", "surrogateescape") for token in settings.tokens]
    workspaces = {token: workspace_of(token) for token in tokens}

    async def create_assessment_package(request: Request) -> Response:
        workspace_id = authenticate(request, workspaces)
        require_json(request)
        body = parse_json(await read_body(request, settings.max_body_bytes))
        try:
            if not validator.is_valid(body):
                problems = schema_problems(validator, body)
                raise ApiError(
                    422, "The request body does not match the AssessmentPackage schema.", problems
                )
        except UnicodeEncodeError:
            raise UNPAIRED_SURROGATE from None
        now = datetime.now(UTC).replace(microsecond=0)
        package_id = secrets.token_hex(16)
        owned = {
            "id": package_id,
            "created_at": now,
            "updated_at": now,
            "connection_id": request.path_params["connection_id"],
            "workspace_id": workspace_id,
        }
        for key in server_owned:
            body.pop(key, None)
        body.update(owned)
        try:
            package = AssessmentPackage.model_validate(body)
        except pydantic.ValidationError as error:
            # The JSON Schema is the judge; this only guards a disagreement from becoming a 500.
            details = [
                {"pointer": json_pointer(e["loc"]), "message": shorten(e["msg"])}
                for e in error.errors()
            ]
            raise ApiError(
                422, "The request body could not be read as a package.", details
            ) from None
        try:
            document = package.model_dump_json(by_alias=True).encode("utf-8")
        except pydantic_core.PydanticSerializationError as error:
            if "surrogates not allowed" in str(error):
                raise UNPAIRED_SURROGATE from None
            raise ApiError(400, "The body is nested too deeply to store.") from None
        store.add(package_id, document)
        return Response(document, media_type="application/json")

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
        messages = {
            404: "No such resource.",
            405: f"Method {request.method} is not allowed here.",
        }
        message = messages.get(error.status_code, str(error.detail))
        return error_body(ApiError(error.status_code, message, headers=dict(error.headers or {})))

    async def on_unexpected(request: Request, error: Exception) -> Response:
        return error_body(ApiError(500, "The stub failed unexpectedly; this is a bug in it."))

    app = Starlette(
        routes=[
            RawPathRoute(PathMatcher.of(operation), create_assessment_package),
            Route("/openapi.json", openapi_json),
            Route("/openapi.yaml", openapi_yaml),
            Route("/healthz", healthz),
        ],
        exception_handlers={
            ApiError: on_api_error,
            HTTPException: on_http_error,
            Exception: on_unexpected,
        },
    )
    app.state.store = store
    app.state.settings = settings
    app.add_middleware(AccessLog)
    return app
