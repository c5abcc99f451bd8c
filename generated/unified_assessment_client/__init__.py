"""A client library for accessing Unified.to assessment package"""

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
)
