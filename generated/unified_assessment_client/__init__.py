"""A client library for accessing Unified.to assessment package"""

from .client import SERVERS, USER_AGENT, AuthenticatedClient, Client, RetryPolicy, __version__
from .errors import ApiError, ClientError, InvalidDocument, ServerError, UnexpectedStatus

__all__ = (
    "SERVERS",
    "USER_AGENT",
    "ApiError",
    "AuthenticatedClient",
    "Client",
    "ClientError",
    "InvalidDocument",
    "RetryPolicy",
    "ServerError",
    "UnexpectedStatus",
    "__version__",
)
