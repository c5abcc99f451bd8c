"""The stub's control API under the reserved prefix `/__stub/` (as WireMock reserves
`/__admin/`): faults on demand, described by its own small OpenAPI document, apart from the
contract so that the contract tests never meet it. Every call is authenticated by the caller's
bearer token and reaches only that token's workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import jsonio
from ._contract import RESERVED_PREFIX, Contract, Operation, validator
from .errors import ApiError, JSONBody
from .faults import MAX_DELAY_MS, MAX_RETRY_AFTER, MAX_TIMES, FaultBook, allowed_statuses
from .inputs import read_limited
from .offload import checked

PREFIX = RESERVED_PREFIX
MAX_CONTROL_BODY_BYTES = 16 * 1024
INTEGER_FIELDS = ("status", "times", "retry_after", "delay_ms")


def error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


DROPPING = {"drop": {"const": True}}
DELAYING = {"delay_ms": {"minimum": 1}}


def status_rule(operation: Operation) -> dict[str, Any]:
    """The statuses `operation` may be made to answer, as JSON Schema: FaultBook.add's rule."""
    listed = [status for status in allowed_statuses(operation) if status < 500]
    return {
        "if": {"properties": {"operation": {"const": operation.operation_id}}},
        "then": {
            "properties": {
                "status": {"anyOf": [{"enum": listed}, {"minimum": 500, "maximum": 599}]}
            }
        },
    }


def document(contract: Contract) -> dict[str, Any]:
    """The control API's OpenAPI document; its Error is the contract's own."""
    schemas = (contract.document.get("components") or {}).get("schemas") or {}
    # The contract's own Error where it has one (it always does; a test's made-up one may not).
    error_schema = schemas.get("Error") or {
        "type": "object",
        "required": ["message"],
        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
    }
    errors = {
        "400": error_response("The body is not JSON."),
        "401": error_response("The bearer token is missing, malformed or not accepted."),
    }
    fault_properties: dict[str, Any] = {
        "operation": {
            "type": "string",
            "enum": sorted(contract.operations),
            "description": "The operationId of the contract whose next calls fail.",
        },
        "status": {
            "type": "integer",
            # Not 400: a 2xx is refused by the contract's rule below, which names the allowed.
            "minimum": 100,
            "maximum": 599,
            "description": "The status to answer, with an Error body: one the operation's "
            "responses list in the contract, or any 5xx (else 422 naming the allowed ones).",
        },
        "times": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_TIMES,
            "default": 1,
            "description": "How many of the next calls fail; then the operation answers again.",
        },
        "retry_after": {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_RETRY_AFTER,
            "description": "Seconds, sent as the Retry-After header.",
        },
        "delay_ms": {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_DELAY_MS,
            "description": "Wait this long before answering (or before dropping).",
        },
        "drop": {
            "type": "boolean",
            "description": "Close the connection without an answer (not with status).",
        },
    }
    shape = {
        "type": "object",
        "required": ["operation"],
        "additionalProperties": False,
        "properties": fault_properties,
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Assessment stub control API",
            "version": str(contract.document.get("info", {}).get("version", "0")),
            "description": "Faults on demand for the stub's operations, per workspace (token). "
            "Not part of the vendor's API: only the stub serves it.",
        },
        "servers": [{"url": "/", "description": "this stub"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            f"{PREFIX}/faults": {
                "post": {
                    "operationId": "addStubFault",
                    "summary": "Make the next calls of an operation fail",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/FaultRequest"},
                                "example": {
                                    "operation": "listAssessmentPackages",
                                    "status": 429,
                                    "times": 2,
                                    "retry_after": 1,
                                },
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "The fault, waiting for its calls.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Fault"}
                                }
                            },
                        },
                        **errors,
                        "413": error_response("The body is larger than the control API takes."),
                        "415": error_response("The body is not sent as application/json."),
                        "422": error_response(
                            "The body breaks FaultRequest, or the operation may not answer "
                            "that status (the message names those it may)."
                        ),
                    },
                },
                "get": {
                    "operationId": "listStubFaults",
                    "summary": "The faults waiting in this workspace",
                    "responses": {
                        "200": {
                            "description": "The faults, in the order they apply.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/FaultList"}
                                }
                            },
                        },
                        "401": errors["401"],
                    },
                },
                "delete": {
                    "operationId": "clearStubFaults",
                    "summary": "Clear this workspace's faults",
                    "responses": {
                        "200": {
                            "description": "How many faults were cleared.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["cleared"],
                                        "properties": {
                                            "cleared": {"type": "integer", "minimum": 0}
                                        },
                                    }
                                }
                            },
                        },
                        "401": errors["401"],
                    },
                },
            }
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "FaultRequestShape": shape,
                "FaultRequest": {
                    "$ref": "#/components/schemas/FaultRequestShape",
                    "description": "A status, a delay_ms or drop: true; status and drop not "
                    "both; the status one the operation may answer.",
                    "allOf": [
                        {"not": {"required": ["status", "drop"], "properties": DROPPING}},
                        {
                            "anyOf": [
                                {"required": ["status"]},
                                {"required": ["drop"], "properties": DROPPING},
                                {"required": ["delay_ms"], "properties": DELAYING},
                            ]
                        },
                        *(status_rule(operation) for operation in contract.operations.values()),
                    ],
                },
                "Fault": {
                    "type": "object",
                    "required": ["id", "operation", "times", "delay_ms", "drop"],
                    "properties": {
                        "id": {"type": "string"},
                        **fault_properties,
                        "times": {**fault_properties["times"], "minimum": 1},
                    },
                },
                "FaultList": {
                    "type": "object",
                    "required": ["faults"],
                    "properties": {
                        "faults": {"type": "array", "items": {"$ref": "#/components/schemas/Fault"}}
                    },
                },
                "Error": error_schema,
                **({"ErrorDetail": schemas["ErrorDetail"]} if "ErrorDetail" in schemas else {}),
            },
        },
    }


class FaultRequests:
    """Reads a FaultRequest as the control document says: its shape by JSON Schema (problems
    with pointers), the rules across its fields by FaultBook.add (which names the statuses an
    operation may answer, where the schema's message would only say none matched)."""

    def __init__(self, control: dict[str, Any]) -> None:
        self.validator = validator(control, {"$ref": "#/components/schemas/FaultRequestShape"})

    def read(self, raw: bytes) -> dict[str, Any]:
        body = checked(self.validator, "The body does not match the FaultRequest schema.", raw)
        if not isinstance(body, dict):  # the schema says object; this keeps mypy sure
            raise ApiError(422, "The body must be a FaultRequest object.")
        # JSON Schema counts 2.0 as an integer: kept as the int it stands for.
        return {k: int(v) if k in INTEGER_FIELDS else v for k, v in body.items()}

    def of(self, document: dict[str, Any]) -> dict[str, Any]:
        """A FaultRequest given as Python values (the pytest fixture's)."""
        try:
            raw = jsonio.dumps(document)
        except (TypeError, ValueError):
            raise ApiError(422, "The fault holds a value with no JSON form.") from None
        return self.read(raw)


def routes(
    control: dict[str, Any],
    requests: FaultRequests,
    book: FaultBook,
    authenticate: Callable[[Request], str],
) -> list[Route]:
    control_json = jsonio.dumps(control)
    allow = "DELETE, GET, POST"

    async def faults(request: Request) -> Response:
        if request.method not in allow.split(", "):
            raise ApiError(
                405, f"Method {request.method} is not allowed here.", headers={"Allow": allow}
            )
        workspace_id = authenticate(request)
        if request.method == "GET":
            return JSONBody({"faults": [f.shown() for f in book.listed(workspace_id)]})
        if request.method == "DELETE":
            return JSONBody({"cleared": book.clear(workspace_id)})
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise ApiError(415, "Content-Type must be application/json.")
        raw = await read_limited(request, MAX_CONTROL_BODY_BYTES)
        fault = book.add(workspace_id, requests.read(raw))
        return JSONBody(fault.shown(), status_code=201)

    async def openapi_json(request: Request) -> Response:
        return Response(control_json, media_type="application/json")

    async def unknown(request: Request) -> Response:
        raise ApiError(404, f"No such resource: {PREFIX}/ serves faults and openapi.json only.")

    faults_route = Route(f"{PREFIX}/faults", faults)
    unknown_route = Route(f"{PREFIX}/{{rest:path}}", unknown)
    # Every method reaches these endpoints, which answer 405 (with Allow) or 404 themselves.
    faults_route.methods = unknown_route.methods = None
    return [faults_route, Route(f"{PREFIX}/openapi.json", openapi_json), unknown_route]
