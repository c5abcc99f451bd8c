"""The exceptions the client raises. Catch `UnifiedAssessmentError` for all of them:

    UnifiedAssessmentError
    ├── InvalidDocument       a value does not match the contract (nothing was sent, or the
    │                         answer of a success is not what the contract promises)
    └── ApiError              the API answered with a status other than 2xx
        ├── ClientError       4xx: the request must change (or, for 429, wait)
        └── ServerError       5xx: the server failed; 502, 503 and 504 were retried

Timeouts and failures to connect are httpx's own (`httpx.TimeoutException`,
`httpx.TransportError`). The same whatever the contract says: scripts/generate.py copies this
file into the package.
"""

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from .models.error import Error


class UnifiedAssessmentError(Exception):
    """The root of every exception this client raises."""


class InvalidDocument(UnifiedAssessmentError, ValueError):
    """A document, or a request being built, does not match the API contract."""


class ApiError(UnifiedAssessmentError):
    """The API answered with a status other than 2xx.

    Attributes:
        status_code: the HTTP status code.
        error: the parsed Error body, or None when the body is not one (a proxy's HTML page, say).
        response: the httpx.Response, for headers such as Retry-After.
    """

    def __init__(
        self, response: httpx.Response, error: "Error | None", secrets: tuple[str, ...] = ()
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.error = error
        detail = error.message if error is not None else "no Error body"
        super().__init__(
            redact(f"{response.status_code} {response.reason_phrase}: {detail}", secrets)
        )


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """`text` without the secrets in it (a server may echo the token back)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text


class ClientError(ApiError):
    """A 4xx answer: the request must change before it can succeed (or, for 429, wait)."""


class ServerError(ApiError):
    """A 5xx answer: the server failed; 502, 503 and 504 were already retried."""


def error_for(
    response: httpx.Response, error: "Error | None", secrets: tuple[str, ...] = ()
) -> ApiError:
    """The exception for a non-2xx response, by status family."""
    if 400 <= response.status_code < 500:
        return ClientError(response, error, secrets)
    if response.status_code >= 500:
        return ServerError(response, error, secrets)
    return ApiError(response, error, secrets)


__all__ = [
    "ApiError",
    "ClientError",
    "InvalidDocument",
    "ServerError",
    "UnifiedAssessmentError",
    "error_for",
]
