"""Packages in a SQLite file (STUB_DB), so that they survive a restart of the stub."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .store import Owner, StoreFull

SCHEMA = """
CREATE TABLE IF NOT EXISTS package (
    workspace_id TEXT NOT NULL,
    connection_id TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    document BLOB NOT NULL,
    PRIMARY KEY (workspace_id, connection_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS package_order ON package (workspace_id, connection_id, created_at, id);
"""


class SQLiteStore:
    """One connection shared under a lock: the stub's handlers run on one event loop thread,
    and each statement takes microseconds, so a pool would buy nothing."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        # No fsync: a commit is in the operating system's hands as soon as it returns, so it
        # survives the stub being stopped or killed (what a restart needs); only a crash of the
        # machine may lose the last ones. With fsync, creates/s halved (checkpoints stall).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, sql: str, parameters: tuple[Any, ...]) -> int:
        with self._lock:
            try:
                return self._db.execute(sql, parameters).rowcount
            except sqlite3.OperationalError as error:
                if "full" in str(error):
                    raise StoreFull(str(error)) from None
                raise

    def add(self, owner: Owner, package_id: str, created_at: str, document: bytes) -> None:
        try:
            self._write(
                "INSERT INTO package VALUES (?, ?, ?, ?, ?)",
                (*owner, package_id, created_at, document),
            )
        except sqlite3.IntegrityError:
            raise KeyError(f"duplicate id {package_id!r}") from None

    def read(self, owner: Owner, package_id: str) -> bytes | None:
        with self._lock:
            row = self._db.execute(
                "SELECT document FROM package WHERE workspace_id=? AND connection_id=? AND id=?",
                (*owner, package_id),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def replace(self, owner: Owner, package_id: str, document: bytes) -> bool:
        changed = self._write(
            "UPDATE package SET document=? WHERE workspace_id=? AND connection_id=? AND id=?",
            (document, *owner, package_id),
        )
        return changed == 1

    def remove(self, owner: Owner, package_id: str) -> bool:
        removed = self._write(
            "DELETE FROM package WHERE workspace_id=? AND connection_id=? AND id=?",
            (*owner, package_id),
        )
        return removed == 1

    def page(self, owner: Owner, offset: int, limit: int) -> list[bytes]:
        with self._lock:
            rows = self._db.execute(
                "SELECT document FROM package WHERE workspace_id=? AND connection_id=? "
                "ORDER BY created_at, id LIMIT ? OFFSET ?",
                (*owner, limit, offset),
            ).fetchall()
        return [bytes(row[0]) for row in rows]

    def get(self, package_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT document FROM package WHERE id=?", (package_id,)
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def __len__(self) -> int:
        with self._lock:
            count: int = self._db.execute("SELECT count(*) FROM package").fetchone()[0]
        return count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT document FROM package").fetchall()
        return (dict(json.loads(row[0])) for row in rows)
