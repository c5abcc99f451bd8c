"""The exceptions the client raises. Catch `UnifiedAssessmentError` for all of them:

    UnifiedAssessmentError
    ├── InvalidDocument       a value does not match the contract (nothing was sent, or the
    │                         answer of a success is not what the contract promises)
    ├── InvalidSignature      a webhook delivery whose signature is missing, malformed or
    │                         wrong (webhooks.parse_delivery): nothing of it was parsed
    ├── ResponseTooLarge      an answer longer than `max_response_bytes` once decoded
    └── ApiError              the API answered with a status other than 2xx
        ├── ClientError       4xx: the request must change (or, for 429, wait)
        │   └── NotFound, Unauthorized, RateLimited, ...: one per 4xx the contract documents
        └── ServerError       5xx: the server failed; 502, 503 and 504 were retried
            └── ServiceUnavailable, BadGateway, ...: one per 5xx the contract documents

The classes per status are written from the contract into status_errors.py (by
scripts/generate.py); each is a ClientError or ServerError as before, so code that catches
those, or reads `status_code`, keeps working.

Timeouts and failures to connect are httpx's own (`httpx.TimeoutException`,
`httpx.TransportError`, `httpx.TooManyRedirects`). Every message is made by `_secrets.shown()`:
the token taken out (in every form a server may echo it), then cut to 400 characters, then
lone surrogates escaped, so that `print(error)` always works. The same whatever the contract
says: scripts/generate.py copies this file into the package.
"""

import email.utils
import time
from typing import TYPE_CHECKING

import httpx

from ._secrets import SECRETS, redact, scrub, shown

if TYPE_CHECKING:
    from .models.error import Error


class UnifiedAssessmentError(Exception):
    """The root of every exception this client raises. Its message is made by `shown()`."""

    def __init__(self, message: str = "", *, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(shown(str(message), secrets))


class InvalidDocument(UnifiedAssessmentError, ValueError):
    """A document, or a request being built, does not match the API contract."""


class InvalidSignature(UnifiedAssessmentError):
    """A webhook delivery that cannot be shown to come from the vendor: its `sig` is missing,
    malformed or does not match, or the body cannot be verified at all. Answer it with a 4xx
    and process nothing of it."""


class ResponseTooLarge(UnifiedAssessmentError):
    """An answer longer than the client's `max_response_bytes` once decoded (the call stops
    reading there, so memory stays bounded). Never retried.

    Attributes:
        limit: the client's max_response_bytes.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the answer is longer than max_response_bytes ({limit:,} bytes)")


def retry_after(response: httpx.Response) -> float | None:
    """The wait a Retry-After header asks for, in seconds (delay-seconds or an HTTP-date)."""
    value = response.headers.get("retry-after", "").strip()
    if value.isascii() and value.isdigit():
        return float(value) if len(value) < 12 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


class ApiError(UnifiedAssessmentError):
    """The API answered with a status other than 2xx.

    Attributes:
        status_code: the HTTP status code.
        error: the parsed Error body, or None when the body is not one (a proxy's HTML page, say).
        response: the httpx.Response, for headers such as Retry-After.
        retry_after: the seconds its Retry-After header asks to wait, or None (no or an
            unreadable header): set on a 429 (RateLimited) or 503 a server wants retried later.
    """

    def __init__(
        self, response: httpx.Response, error: "Error | None", secrets: tuple[str, ...] = ()
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.error = error
        self.retry_after = retry_after(response)
        detail = error.message if error is not None else "no Error body"
        super().__init__(
            f"{response.status_code} {response.reason_phrase}: {detail}", secrets=secrets
        )


class ClientError(ApiError):
    """A 4xx answer: the request must change before it can succeed (or, for 429, wait)."""


class ServerError(ApiError):
    """A 5xx answer: the server failed; 502, 503 and 504 were already retried."""


def error_for(
    response: httpx.Response, error: "Error | None", secrets: tuple[str, ...] = ()
) -> ApiError:
    """The exception for a non-2xx response: the class of its status when the contract
    documents it, else by status family."""
    from .status_errors import STATUS_ERRORS  # written from the contract; it imports this

    documented = STATUS_ERRORS.get(response.status_code)
    if documented is not None:
        return documented(response, error, secrets)
    if 400 <= response.status_code < 500:
        return ClientError(response, error, secrets)
    if response.status_code >= 500:
        return ServerError(response, error, secrets)
    return ApiError(response, error, secrets)


def cleaned(failure: BaseException, secrets: tuple[str, ...]) -> BaseException:
    """What to raise for `failure` raised through a call: itself, its chain without the
    secrets, or, when its own str() would still show one, an exception that says only its type
    (raise it outside the `except` block, so that it carries no context)."""
    if scrub(failure, secrets):
        return UnifiedAssessmentError(
            f"{type(failure).__name__}, whose message held the token", secrets=secrets
        )
    return failure


__all__ = [
    "SECRETS",
    "ApiError",
    "ClientError",
    "InvalidDocument",
    "InvalidSignature",
    "ResponseTooLarge",
    "ServerError",
    "UnifiedAssessmentError",
    "cleaned",
    "error_for",
    "redact",
    "retry_after",
]
