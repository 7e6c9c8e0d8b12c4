"""The database connection: opening (WAL, busy timeout, migration), integrity check, and the write transaction.

One database file in WAL mode with a 15 s busy timeout. Every write is a ``BEGIN IMMEDIATE`` transaction
(SECURITY.md rule 11). A store belongs to the thread that opened it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Iterator

from reader import schema
from reader.errors import StoreError


def now_iso(ts: float | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if ts is None else ts))


class Database:
    """The connection every part of the store shares; :meth:`open` makes the composed store."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @classmethod
    def open(cls, path: Path | str, migrate: bool = True) -> "Database":
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=15.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 15000")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn)
            deadline = time.monotonic() + 15
            while True:
                try:
                    store._prepare(migrate)
                    return store
                except sqlite3.OperationalError as e:
                    # switching a new file to WAL takes an exclusive lock that SQLite's busy handler does not
                    # wait for: another process creating the same database at the same moment gets "locked"
                    if "locked" not in str(e) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open database {path}: {e}") from None

    def _prepare(self, migrate: bool) -> None:
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        if migrate and schema.version(self.conn) < schema.VERSION:
            # inside BEGIN IMMEDIATE, so that two processes opening a new file migrate one after the other
            with self.write():
                if schema.version(self.conn) < schema.VERSION:
                    schema.migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def check(self) -> None:
        """PRAGMA quick_check; raises StoreError with a clear message when the file is damaged."""
        try:
            result = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as e:
            result = str(e)
        if result != "ok":
            raise StoreError(f"the database is damaged ({result}); move it aside and refresh to start again")

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: committed on success, rolled back on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
