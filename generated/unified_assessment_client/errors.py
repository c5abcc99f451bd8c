"""Errors the API functions raise"""

from typing import TYPE_CHECKING

import httpx

from .types import InvalidDocument

if TYPE_CHECKING:
    from .models.error import Error


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class ApiError(Exception):
    """The API answered with a status other than 2xx.

    Attributes:
        status_code: the HTTP status code.
        error: the parsed Error body, or None when the body is not one (a proxy's HTML page, say).
        response: the httpx.Response, for headers such as Retry-After.
    """

    def __init__(self, response: httpx.Response, error: "Error | None") -> None:
        self.response = response
        self.status_code = response.status_code
        self.error = error
        detail = error.message if error is not None else "no Error body"
        super().__init__(f"{response.status_code} {response.reason_phrase}: {detail}")


class ClientError(ApiError):
    """A 4xx answer: the request must change before it can succeed (or, for 429, wait)."""


class ServerError(ApiError):
    """A 5xx answer: the server failed; 502, 503 and 504 were already retried."""


def error_for(response: httpx.Response, error: "Error | None") -> ApiError:
    """The exception for a non-2xx response, by status family."""
    if 400 <= response.status_code < 500:
        return ClientError(response, error)
    if response.status_code >= 500:
        return ServerError(response, error)
    return ApiError(response, error)


__all__ = [
    "ApiError",
    "ClientError",
    "InvalidDocument",
    "ServerError",
    "UnexpectedStatus",
    "error_for",
]
