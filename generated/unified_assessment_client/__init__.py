"""A client library for accessing Unified.to assessment API"""

from . import status_errors as _status_errors
from ._version import __version__
from .client import USER_AGENT, AuthenticatedClient, Client, RetryPolicy
from .errors import (
    ApiError,
    ClientError,
    InvalidDocument,
    InvalidSignature,
    ResponseTooLarge,
    ServerError,
    UnifiedAssessmentError,
)
from .servers import SERVERS

# One exception class per status the contract documents (NotFound, RateLimited, ...).
from .status_errors import *  # noqa: F403
from .types import Response

__all__ = (
    "SERVERS",
    "USER_AGENT",
    "ApiError",
    "AuthenticatedClient",
    "Client",
    "ClientError",
    "InvalidDocument",
    "InvalidSignature",
    "Response",
    "ResponseTooLarge",
    "RetryPolicy",
    "ServerError",
    "UnifiedAssessmentError",
    "__version__",
    *_status_errors.__all__,
)
