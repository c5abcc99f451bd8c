"""A local stand-in for Unified.to's assessment-package resource (see app.py)."""

from contract import Contract

from .app import DEFAULT_TOKEN, Settings, create_app
from .errors import ApiError
from .sqlite_store import SQLiteStore
from .store import InMemoryStore, PackageStore, StoreFull

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Contract",
    "InMemoryStore",
    "PackageStore",
    "SQLiteStore",
    "Settings",
    "StoreFull",
    "create_app",
]
