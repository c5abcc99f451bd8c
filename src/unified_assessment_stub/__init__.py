"""A local stand-in for Unified.to's assessment API (see app.py)."""

from ._contract import Contract
from .app import DEFAULT_TOKEN, Settings, create_app
from .errors import ApiError
from .sqlite_store import SQLiteStore
from .store import InMemoryStore, ItemStore, PackageStore, StoreFull, StoreUnavailable

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Contract",
    "InMemoryStore",
    "ItemStore",
    "PackageStore",
    "SQLiteStore",
    "Settings",
    "StoreFull",
    "StoreUnavailable",
    "create_app",
]
