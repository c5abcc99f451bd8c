"""An exception class for each 4xx and 5xx status that openapi/assessment-package.yaml documents."""

from .errors import ApiError, ClientError, ServerError


class BadRequest(ClientError):
    """400: The request is malformed (for example, the body is not well-formed JSON)."""


class Unauthorized(ClientError):
    """401: The bearer token is missing, malformed or not accepted."""


class NotFound(ClientError):
    """404: No such connection, or no package or order with that `id` under it for this caller (an empty `connection_id` or `id` names none)."""


class PayloadTooLarge(ClientError):
    """413: The body is larger than the server accepts."""


class UnsupportedMediaType(ClientError):
    """415: The body is not sent as application/json."""


class UnprocessableEntity(ClientError):
    """422: A parameter, or the body, does not match its schema (the body is JSON but not an AssessmentPackage, or not an AssessmentOrder)."""


class RateLimited(ClientError):
    """429: Rate limited; retry after the time the Retry-After header gives."""


class InternalServerError(ServerError):
    """500: The server failed or is unavailable; safe to retry for 502, 503 and 504."""


class BadGateway(ServerError):
    """502: The server failed or is unavailable; safe to retry for 502, 503 and 504."""


class ServiceUnavailable(ServerError):
    """503: The server failed or is unavailable; safe to retry for 502, 503 and 504."""


class GatewayTimeout(ServerError):
    """504: The server failed or is unavailable; safe to retry for 502, 503 and 504."""


class InsufficientStorage(ServerError):
    """507: The server has no room to store the package or order; nothing was changed."""


STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    404: NotFound,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: UnprocessableEntity,
    429: RateLimited,
    500: InternalServerError,
    502: BadGateway,
    503: ServiceUnavailable,
    504: GatewayTimeout,
    507: InsufficientStorage,
}

__all__ = [
    "BadGateway",
    "BadRequest",
    "GatewayTimeout",
    "InsufficientStorage",
    "InternalServerError",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "ServiceUnavailable",
    "Unauthorized",
    "UnprocessableEntity",
    "UnsupportedMediaType",
]
