"""Items in a SQLite file (STUB_DB), so that they survive a restart of the stub.

A fault of the database is an answer, not a bug: a full disk raises StoreFull (507), any
other fault StoreUnavailable (503) naming it, and the store stays usable for the next request.
A database that cannot be read or written is found when the store opens.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .store import Namespace, StoreFull, StoreUnavailable

# One table for every resource: the resource is the first column of each key.
SCHEMA = """
CREATE TABLE IF NOT EXISTS item (
    resource TEXT NOT NULL,
    owner TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    document BLOB NOT NULL,
    PRIMARY KEY (resource, owner, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_order ON item (resource, owner, created_at, id);
"""
# A file written before the stub served more than one resource held packages only.
OLD_PACKAGES = "/assessment/{connection_id}/package"

# SQLite's primary result codes (sqlite3.h) that name a problem a user can fix.
SQLITE_FULL = 13
PROBLEMS = {
    3: "access to the file is denied",
    5: "another process holds a lock on it",
    6: "it is locked",
    8: "it is read-only",
    10: "a disk I/O error (a file size limit, a failing disk or a vanished file)",
    11: "its pages are corrupted",
    14: "the file cannot be opened",
    26: "the file is not a SQLite database",
}

Result = TypeVar("Result")


def problem(error: sqlite3.Error) -> str:
    code = getattr(error, "sqlite_errorcode", -1) & 0xFF
    return PROBLEMS.get(code, "it failed") + f" (SQLite: {error})"


def stored_document(value: object) -> bytes:
    """A stored document; StoreUnavailable for a row another program wrote meanwhile (bytes()
    of the number 10**12 alone would allocate a terabyte)."""
    if not isinstance(value, bytes):
        raise StoreUnavailable(
            "The stub's database (STUB_DB) cannot be read: an item holds no JSON document; "
            "was the file written by another program?"
        )
    return value


class SQLiteStore:
    """One connection shared under a lock: the stub's handlers run on one event loop thread,
    and each statement takes microseconds, so a pool would buy nothing.

    `path` may be a `file:` URI (`file:items.sqlite3?mode=ro`), as SQLite reads them."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                self.path,
                check_same_thread=False,
                isolation_level=None,
                uri=self.path.startswith("file:"),
            )
        except sqlite3.Error as error:
            message = f"STUB_DB {self.path!r} cannot be opened: {problem(error)}"
            raise StoreUnavailable(message) from None
        try:
            self._open()
        except sqlite3.Error as error:
            self._db.close()
            raise StoreUnavailable(
                f"STUB_DB {self.path!r} cannot be read and written: {problem(error)}"
            ) from None

    def _open(self) -> None:
        # No fsync: a commit is in the operating system's hands as soon as it returns, so it
        # survives the stub being stopped or killed (what a restart needs); only a crash of the
        # machine may lose the last ones. With fsync, creates/s halved (checkpoints stall).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.executescript(SCHEMA)
        tables = self._db.execute("SELECT name FROM sqlite_schema WHERE type='table'")
        if ("package",) in tables.fetchall():
            self._move_old_packages()
        # Found now rather than at the first request: corrupted pages (every page is read)
        # and a file that cannot be written (a write, rolled back).
        check = self._db.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            found = "; ".join(str(row[0]) for row in check[:3])
            raise sqlite3.DatabaseError(f"its pages are corrupted: {found}")
        # A row another program wrote (a text, a number, a blob that is no JSON object) would
        # fail every request that reads it, or be answered as it is: found now, like the pages.
        foreign = self._db.execute(
            "SELECT resource, id FROM item WHERE typeof(document) != 'blob' OR CASE "
            "WHEN json_valid(CAST(document AS TEXT)) THEN json_type(CAST(document AS TEXT)) "
            "!= 'object' ELSE 1 END LIMIT 1"
        ).fetchone()
        if foreign is not None:
            raise sqlite3.DatabaseError(
                f"the item {foreign[1]!r} of {foreign[0]!r} holds no JSON object; "
                "was the file written by another program?"
            )
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(f"PRAGMA user_version={int(version)}")
        finally:
            self._db.execute("ROLLBACK")

    def _move_old_packages(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            old = "SELECT workspace_id, connection_id, id, created_at, document FROM package"
            for workspace, connection, item_id, created_at, document in self._db.execute(old):
                key = self._key((OLD_PACKAGES, workspace, connection))
                new = "INSERT INTO item VALUES (?, ?, ?, ?, ?)"
                self._db.execute(new, (*key, item_id, created_at, document))
            self._db.execute("DROP TABLE package")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, work: Callable[[sqlite3.Connection], Result], write: bool) -> Result:
        with self._lock:
            try:
                return work(self._db)
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as error:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):  # SQLite rolled it back itself
                        self._db.execute("ROLLBACK")
                if getattr(error, "sqlite_errorcode", -1) & 0xFF == SQLITE_FULL:
                    raise StoreFull(
                        "The stub's database (STUB_DB) has no room: the disk is full; "
                        "nothing was changed."
                    ) from None
                if write:
                    raise StoreUnavailable(
                        f"The stub's database (STUB_DB) cannot be written: {problem(error)}; "
                        "nothing was changed."
                    ) from None
                raise StoreUnavailable(
                    f"The stub's database (STUB_DB) cannot be read: {problem(error)}."
                ) from None

    def _write(self, sql: str, parameters: tuple[Any, ...]) -> int:
        return self._run(lambda db: db.execute(sql, parameters).rowcount, write=True)

    def _rows(self, sql: str, parameters: tuple[Any, ...]) -> list[Any]:
        return self._run(lambda db: db.execute(sql, parameters).fetchall(), write=False)

    @staticmethod
    def _key(namespace: Namespace) -> tuple[str, str]:
        resource, *owner = namespace
        return resource, json.dumps(owner)

    def add(self, namespace: Namespace, item_id: str, created_at: str, document: bytes) -> None:
        try:
            self._write(
                "INSERT INTO item VALUES (?, ?, ?, ?, ?)",
                (*self._key(namespace), item_id, created_at, document),
            )
        except sqlite3.IntegrityError:
            raise KeyError(f"duplicate id {item_id!r}") from None

    def read(self, namespace: Namespace, item_id: str) -> bytes | None:
        rows = self._rows(
            "SELECT document FROM item WHERE resource=? AND owner=? AND id=?",
            (*self._key(namespace), item_id),
        )
        return stored_document(rows[0][0]) if rows else None

    def replace(self, namespace: Namespace, item_id: str, document: bytes) -> bool:
        changed = self._write(
            "UPDATE item SET document=? WHERE resource=? AND owner=? AND id=?",
            (document, *self._key(namespace), item_id),
        )
        return changed == 1

    def remove(self, namespace: Namespace, item_id: str) -> bool:
        removed = self._write(
            "DELETE FROM item WHERE resource=? AND owner=? AND id=?",
            (*self._key(namespace), item_id),
        )
        return removed == 1

    def page(self, namespace: Namespace, offset: int, limit: int | None) -> list[bytes]:
        rows = self._rows(
            "SELECT document FROM item WHERE resource=? AND owner=? "
            "ORDER BY created_at, id LIMIT ? OFFSET ?",
            (*self._key(namespace), -1 if limit is None else limit, offset),
        )
        return [stored_document(row[0]) for row in rows]

    def clear(self) -> None:
        self._write("DELETE FROM item", ())

    def document(self, item_id: str) -> bytes | None:
        rows = self._rows("SELECT document FROM item WHERE id=?", (item_id,))
        return bytes(rows[0][0]) if rows else None

    def get(self, item_id: str) -> dict[str, Any] | None:
        document = self.document(item_id)
        return None if document is None else dict(json.loads(document))

    def __len__(self) -> int:
        count: int = self._rows("SELECT count(*) FROM item", ())[0][0]
        return count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        rows = self._rows("SELECT document FROM item", ())
        return (dict(json.loads(row[0])) for row in rows)
