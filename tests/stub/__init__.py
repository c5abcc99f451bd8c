"""A local stand-in for Unified.to's Create an assessment package endpoint (see app.py)."""

from contract import Contract

from .app import DEFAULT_TOKEN, ApiError, Settings, create_app
from .store import InMemoryStore, PackageStore

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Contract",
    "InMemoryStore",
    "PackageStore",
    "Settings",
    "create_app",
]
