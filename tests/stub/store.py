"""Where the stub keeps packages: per owner (a workspace and a connection), each as the exact
JSON document that every answer about it returns.

Two stores: InMemoryStore (the default, bounded in bytes) and SQLiteStore (stub/sqlite.py,
for packages that survive a restart).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from itertools import islice
from typing import Any, Protocol

# (workspace_id, connection_id): a package is visible only to the owner it was created under.
Owner = tuple[str, str]

DEFAULT_MAX_STORE_BYTES = 256 * 1024 * 1024
# What an entry costs beyond its document: the bytes object, the id string, the dict slots.
ENTRY_OVERHEAD_BYTES = 200


class StoreFull(Exception):
    """Storing this would pass the store's bound; nothing was changed."""


class PackageStore(Protocol):
    """Documents are JSON bytes; packages of an owner are kept in creation order, and a page
    is taken in that order. `add` and `replace` raise StoreFull and then change nothing."""

    def add(self, owner: Owner, package_id: str, created_at: str, document: bytes) -> None: ...

    def read(self, owner: Owner, package_id: str) -> bytes | None: ...

    def replace(self, owner: Owner, package_id: str, document: bytes) -> bool: ...

    def remove(self, owner: Owner, package_id: str) -> bool: ...

    def page(self, owner: Owner, offset: int, limit: int) -> list[bytes]: ...

    def get(self, package_id: str) -> dict[str, Any] | None:
        """Any owner's package by id, parsed: for tests and for looking around."""
        ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[dict[str, Any]]: ...


class InMemoryStore:
    """Packages in process memory, at most `max_bytes` of them. Safe to share between threads.

    Documents are kept as bytes: exactly what the client saw, and invisible to the garbage
    collector, which otherwise rescans an ever-growing heap of dicts under load. Ids are
    created in increasing order with created_at, so insertion order is the list order.
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_STORE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.used_bytes = 0
        self._owners: dict[Owner, dict[str, bytes]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _cost(package_id: str, document: bytes) -> int:
        return len(document) + len(package_id) + ENTRY_OVERHEAD_BYTES

    def add(self, owner: Owner, package_id: str, created_at: str, document: bytes) -> None:
        cost = self._cost(package_id, document)
        with self._lock:
            packages = self._owners.setdefault(owner, {})
            if package_id in packages:
                raise KeyError(f"duplicate id {package_id!r}")
            if self.used_bytes + cost > self.max_bytes:
                raise StoreFull(f"the store holds {self.used_bytes} of {self.max_bytes} bytes")
            packages[package_id] = document
            self.used_bytes += cost

    def read(self, owner: Owner, package_id: str) -> bytes | None:
        with self._lock:
            return self._owners.get(owner, {}).get(package_id)

    def clear(self) -> None:
        with self._lock:
            self._owners.clear()
            self.used_bytes = 0

    def replace(self, owner: Owner, package_id: str, document: bytes) -> bool:
        with self._lock:
            packages = self._owners.get(owner, {})
            old = packages.get(package_id)
            if old is None:
                return False
            growth = len(document) - len(old)
            if growth > 0 and self.used_bytes + growth > self.max_bytes:
                raise StoreFull(f"the store holds {self.used_bytes} of {self.max_bytes} bytes")
            packages[package_id] = document  # same key: its place in the order stays
            self.used_bytes += growth
            return True

    def remove(self, owner: Owner, package_id: str) -> bool:
        with self._lock:
            packages = self._owners.get(owner, {})
            document = packages.pop(package_id, None)
            if document is None:
                return False
            self.used_bytes -= self._cost(package_id, document)
            if not packages:
                del self._owners[owner]
            return True

    def page(self, owner: Owner, offset: int, limit: int) -> list[bytes]:
        with self._lock:
            packages = self._owners.get(owner, {})
            return list(islice(packages.values(), offset, offset + limit))

    def get(self, package_id: str) -> dict[str, Any] | None:
        with self._lock:
            for packages in self._owners.values():
                if package_id in packages:
                    return dict(json.loads(packages[package_id]))
        return None

    def __len__(self) -> int:
        with self._lock:
            return sum(len(packages) for packages in self._owners.values())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            documents = [d for packages in self._owners.values() for d in packages.values()]
        return (dict(json.loads(document)) for document in documents)
