"""Where the stub keeps what it created: one small piece, replaceable by anything with `add`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any, Protocol


class PackageStore(Protocol):
    def add(self, package_id: str, document: bytes) -> None: ...

    def get(self, package_id: str) -> dict[str, Any] | None: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[dict[str, Any]]: ...


class InMemoryStore:
    """Packages by id, in process memory. Safe to share between threads and tasks.

    Each package is kept as the JSON document that was returned for it: exactly what the
    client saw, and bytes are invisible to the garbage collector, which otherwise rescans an
    ever-growing heap of dicts under load.
    """

    def __init__(self) -> None:
        self._documents: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def add(self, package_id: str, document: bytes) -> None:
        with self._lock:
            if package_id in self._documents:
                raise KeyError(f"duplicate id {package_id!r}")
            self._documents[package_id] = document

    def get(self, package_id: str) -> dict[str, Any] | None:
        with self._lock:
            document = self._documents.get(package_id)
        return None if document is None else dict(json.loads(document))

    def __len__(self) -> int:
        with self._lock:
            return len(self._documents)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            documents = list(self._documents.values())
        return (dict(json.loads(document)) for document in documents)
