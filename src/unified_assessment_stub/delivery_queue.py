"""The deliveries waiting to be sent: in memory, or in STUB_DB beside the items, so that an
event answered 2xx is still delivered after the stub is killed and started again.

A pending delivery is its exact body (nonce and signature inside), where it goes, how many
attempts it has had and when the next is due (seconds since the epoch, so that a restart keeps
the schedule). Both queues are bounded: `add` raises QueueFull at the bound.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, replace
from typing import Protocol

from .sqlite_store import problem
from .store import StoreFull, StoreUnavailable

DEFAULT_MAX_PENDING = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS delivery (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    webhook_id TEXT NOT NULL,
    hook_url TEXT NOT NULL,
    body BLOB NOT NULL,
    attempts INTEGER NOT NULL,
    due REAL NOT NULL
);
"""


class QueueFull(Exception):
    """The queue holds its bound of pending deliveries; nothing was added."""


@dataclass
class Pending:
    id: str  # the nonce: one per event, the same in each of its attempts
    workspace: str
    webhook_id: str
    hook_url: str
    body: bytes
    attempts: int
    due: float


class PendingQueue(Protocol):
    def add(self, pending: Pending) -> None: ...

    def get(self, pending_id: str) -> Pending | None: ...

    def update(self, pending: Pending) -> None: ...

    def done(self, pending_id: str) -> None: ...

    def all(self) -> list[Pending]: ...

    def clear(self) -> None: ...

    def __len__(self) -> int: ...


class MemoryQueue:
    def __init__(self, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        self.max_pending = max_pending
        self._pending: dict[str, Pending] = {}
        self._lock = threading.Lock()

    def add(self, pending: Pending) -> None:
        with self._lock:
            if len(self._pending) >= self.max_pending:
                raise QueueFull
            self._pending[pending.id] = replace(pending)

    def get(self, pending_id: str) -> Pending | None:
        with self._lock:
            found = self._pending.get(pending_id)
            return None if found is None else replace(found)

    def update(self, pending: Pending) -> None:
        with self._lock:
            if pending.id in self._pending:
                self._pending[pending.id] = replace(pending)

    def done(self, pending_id: str) -> None:
        with self._lock:
            self._pending.pop(pending_id, None)

    def all(self) -> list[Pending]:
        with self._lock:
            return [replace(pending) for pending in self._pending.values()]

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)


def from_row(row: tuple[object, ...]) -> Pending:
    pending_id, workspace, webhook_id, hook_url, body, attempts, due = row
    return Pending(
        str(pending_id),
        str(workspace),
        str(webhook_id),
        str(hook_url),
        bytes(body),  # type: ignore[call-overload]
        int(attempts),  # type: ignore[call-overload]
        float(due),  # type: ignore[arg-type]
    )


class SQLiteQueue:
    """The `delivery` table of STUB_DB, through a connection of its own (WAL lets it write
    beside the store's). Committed before `add` returns, so before the API answers."""

    def __init__(self, path: str, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        self.max_pending = max_pending
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, uri=path.startswith("file:")
            )
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.executescript(SCHEMA)
            self._count: int = self._db.execute("SELECT count(*) FROM delivery").fetchone()[0]
        except sqlite3.Error as error:
            raise StoreUnavailable(
                f"STUB_DB {path!r}: its deliveries cannot be read: {problem(error)}"
            ) from None

    def _write(self, sql: str, parameters: tuple[object, ...]) -> int:
        try:
            return self._db.execute(sql, parameters).rowcount
        except sqlite3.Error as error:
            if getattr(error, "sqlite_errorcode", -1) & 0xFF == 13:  # SQLITE_FULL
                raise StoreFull(
                    "The stub's database (STUB_DB) has no room: the disk is full."
                ) from None
            raise StoreUnavailable(
                f"The stub's database (STUB_DB) cannot keep a delivery: {problem(error)}"
            ) from None

    def add(self, pending: Pending) -> None:
        with self._lock:
            if self._count >= self.max_pending:
                raise QueueFull
            self._write(
                "INSERT INTO delivery VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    pending.id,
                    pending.workspace,
                    pending.webhook_id,
                    pending.hook_url,
                    pending.body,
                    pending.attempts,
                    pending.due,
                ),
            )
            self._count += 1

    def get(self, pending_id: str) -> Pending | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM delivery WHERE id=?", (pending_id,)).fetchone()
        return None if row is None else from_row(row)

    def update(self, pending: Pending) -> None:
        with self._lock:
            self._write(
                "UPDATE delivery SET attempts=?, due=? WHERE id=?",
                (pending.attempts, pending.due, pending.id),
            )

    def done(self, pending_id: str) -> None:
        with self._lock:
            self._count -= self._write("DELETE FROM delivery WHERE id=?", (pending_id,))

    def all(self) -> list[Pending]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM delivery ORDER BY due").fetchall()
        return [from_row(row) for row in rows]

    def clear(self) -> None:
        with self._lock:
            self._write("DELETE FROM delivery", ())
            self._count = 0

    def __len__(self) -> int:
        with self._lock:
            return self._count
