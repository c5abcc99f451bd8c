"""Where the stub keeps items: per namespace, each as the exact JSON document that every
answer about it returns.

A namespace is (resource, workspace, path parameters...): the resource is its collection path
in the contract (`/assessment/{connection_id}/package`), the workspace the caller's (one per
token), then the values of the collection path's parameters (the `connection_id`). An item is
visible only in the namespace it was created in, so ids of two resources never meet.

Two stores: InMemoryStore (the default, bounded in bytes) and SQLiteStore (sqlite_store.py,
for items that survive a restart).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from itertools import islice
from typing import Any, Protocol

Namespace = tuple[str, ...]

DEFAULT_MAX_STORE_BYTES = 256 * 1024 * 1024
# What an item costs beyond its document and id: the bytes and str headers, the dict slot.
ENTRY_OVERHEAD_BYTES = 200
# What a namespace costs beyond its strings: the key tuple, its dict, the outer dict's slot.
NAMESPACE_OVERHEAD_BYTES = 400


class StoreFull(Exception):
    """Storing this would pass the store's bound, or the disk has no room; nothing was changed.
    Its message says which, for the 507 answer."""


class StoreUnavailable(Exception):
    """The store cannot be read or written (a database fault other than a full disk); its
    message names the problem, for the 503 answer. Nothing was changed."""


class ItemStore(Protocol):
    """Documents are JSON bytes; the items of a namespace are kept in creation order, and a
    page is taken in that order. `add`, `replace` and `remove` raise StoreFull and then change
    nothing; any method may raise StoreUnavailable."""

    def add(self, namespace: Namespace, item_id: str, created_at: str, document: bytes) -> None: ...

    def read(self, namespace: Namespace, item_id: str) -> bytes | None: ...

    def replace(self, namespace: Namespace, item_id: str, document: bytes) -> bool: ...

    def remove(self, namespace: Namespace, item_id: str) -> bool: ...

    def page(self, namespace: Namespace, offset: int, limit: int | None) -> list[bytes]: ...

    def document(self, item_id: str) -> bytes | None:
        """Any namespace's item by id, exactly as stored: for tests and for looking around."""
        ...

    def get(self, item_id: str) -> dict[str, Any] | None:
        """Any namespace's item by id, parsed."""
        ...

    def clear(self) -> None: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[dict[str, Any]]: ...


# The name the stub's users know it by.
PackageStore = ItemStore


def text_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


class InMemoryStore:
    """Items in process memory, at most `max_bytes` of them, counting documents, ids and
    namespaces alike: a write that would pass the bound is refused before it changes anything.
    Safe to share between threads.

    Documents are kept as bytes: exactly what the client saw, and invisible to the garbage
    collector, which otherwise rescans an ever-growing heap of dicts under load. Ids are
    created in increasing order with created_at, so insertion order is the list order.
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_STORE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.used_bytes = 0
        self._items: dict[Namespace, dict[str, bytes]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _cost(item_id: str, document: bytes) -> int:
        return len(document) + text_bytes(item_id) + ENTRY_OVERHEAD_BYTES

    @staticmethod
    def _namespace_cost(namespace: Namespace) -> int:
        return sum(map(text_bytes, namespace)) + NAMESPACE_OVERHEAD_BYTES

    def _refuse_past_bound(self, cost: int) -> None:
        if self.used_bytes + cost > self.max_bytes:
            raise StoreFull(
                f"The stub's store is full (STUB_MAX_STORE_BYTES: {self.used_bytes} of "
                f"{self.max_bytes} bytes used); nothing was changed."
            )

    @property
    def namespaces(self) -> int:
        with self._lock:
            return len(self._items)

    def add(self, namespace: Namespace, item_id: str, created_at: str, document: bytes) -> None:
        cost = self._cost(item_id, document)
        with self._lock:
            items = self._items.get(namespace)
            if items is None:
                cost += self._namespace_cost(namespace)
            elif item_id in items:
                raise KeyError(f"duplicate id {item_id!r}")
            self._refuse_past_bound(cost)
            if items is None:
                items = self._items[namespace] = {}
            items[item_id] = document
            self.used_bytes += cost

    def read(self, namespace: Namespace, item_id: str) -> bytes | None:
        with self._lock:
            items = self._items.get(namespace)
            return None if items is None else items.get(item_id)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.used_bytes = 0

    def replace(self, namespace: Namespace, item_id: str, document: bytes) -> bool:
        with self._lock:
            items = self._items.get(namespace)
            old = None if items is None else items.get(item_id)
            if items is None or old is None:
                return False
            growth = len(document) - len(old)
            if growth > 0:
                self._refuse_past_bound(growth)
            items[item_id] = document  # same key: its place in the order stays
            self.used_bytes += growth
            return True

    def remove(self, namespace: Namespace, item_id: str) -> bool:
        with self._lock:
            items = self._items.get(namespace)
            document = None if items is None else items.pop(item_id, None)
            if items is None or document is None:
                return False
            self.used_bytes -= self._cost(item_id, document)
            if not items:
                del self._items[namespace]
                self.used_bytes -= self._namespace_cost(namespace)
            return True

    def page(self, namespace: Namespace, offset: int, limit: int | None) -> list[bytes]:
        with self._lock:
            items = self._items.get(namespace, {})
            end = None if limit is None else offset + limit
            return list(islice(items.values(), min(offset, len(items)), end))

    def document(self, item_id: str) -> bytes | None:
        with self._lock:
            for items in self._items.values():
                if item_id in items:
                    return items[item_id]
        return None

    def get(self, item_id: str) -> dict[str, Any] | None:
        document = self.document(item_id)
        return None if document is None else dict(json.loads(document))

    def __len__(self) -> int:
        with self._lock:
            return sum(len(items) for items in self._items.values())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            documents = [d for items in self._items.values() for d in items.values()]
        return (dict(json.loads(document)) for document in documents)
