"""The database connection: opening (WAL, busy timeout, migration), integrity check, and the write transaction.

One database file in WAL mode with a 15 s busy timeout. Every write is a ``BEGIN IMMEDIATE`` transaction
(SECURITY.md rule 11). A store belongs to the thread that opened it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

from reader import schema
from reader.errors import ReaderError, StoreError, StoreLocked, WriteError
from reader.sanitize import clean_line


def now_iso(ts: float | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if ts is None else ts))


LOCK_NOTICE_AFTER = 1.0  #: seconds of waiting for another process's write lock before saying so
LOCK_WAIT = 30.0  #: seconds of waiting in all before giving up with a clear line

def _say(message: str) -> None:
    print(f"szreader: {message}", file=sys.stderr, flush=True)


#: called with a one-line message when a write waits for another process's lock (stderr; the TUI captures it)
on_lock_wait: Callable[[str], None] | None = _say


def _damaged(path, why: str) -> StoreError:
    return StoreError(f"the database {path} is damaged ({why}): nothing was written to it; "
                      f"`szreader db recover NEW.db` copies what can be read into a new file")


def translate(e: sqlite3.Error, path) -> sqlite3.Error | ReaderError:
    """An sqlite3 error as the one line a user can act on, with its exit code (errors.py), judged by SQLite's
    own error code; any other error (a constraint, a bug) is returned as it is."""
    code = getattr(e, "sqlite_errorname", "") or ""
    msg = str(e)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or (not code and "database is locked" in msg):
        return StoreLocked(f"the database {path} is locked by another process (waited {LOCK_WAIT:g} s); "
                           "try again when it has finished")
    if code == "SQLITE_FULL":
        return WriteError(f"the disk is full: cannot write to the database {path} (nothing was changed)")
    if code.startswith("SQLITE_READONLY"):
        return WriteError(f"the database {path} is read-only (nothing was changed)")
    if code.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")):
        return WriteError(f"cannot write to the database {path}: {msg}")
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return _damaged(path, msg)
    return e


class Database:
    """The connection every part of the store shares; :meth:`open` makes the composed store."""

    def __init__(self, conn: sqlite3.Connection, path: Path | str = ":memory:"):
        self.conn = conn
        self.path = path
        self._checked: tuple | None = None  #: the file's stat when its integrity was last known good

    @classmethod
    def open(cls, path: Path | str, migrate: bool = True, check: bool = True) -> "Database":
        """Open (and create or migrate) the database. Refuses, with one line, a file that is not a database,
        one written by a newer szreader, and (``check``) one that fails ``PRAGMA quick_check``."""
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=15.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 15000")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            found = schema.version(conn)  # reads the header: a file that is not a database fails here
            if found > schema.VERSION:
                conn.close()
                raise StoreError(f"the database {path} was written by a newer szreader (schema {found}, this one "
                                 f"knows {schema.VERSION}); upgrade szreader, or point SZREADER_HOME elsewhere")
            if check:
                store._check_if_changed()
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
            if "not a database" in str(e):
                raise StoreError(f"{path} is not an szreader database (file is not a database); move it "
                                 "aside and refresh to start a new one") from None
            err = translate(e, path)
            raise (err if isinstance(err, ReaderError) else StoreError(f"cannot open database {path}: {e}")) from None

    # ---- integrity: PRAGMA quick_check, once per change made outside szreader ------------------------------
    # quick_check reads the whole file (about 1 s for 100,000 articles, 330 MB), too slow for every `mark` or
    # TUI start. So a file that passed is stamped (size, mtime, inode) in DB-checked beside it, and the stamp
    # is renewed when a szreader process that found it good closes it; a file changed by anything else (a
    # disk fault, another program, a copy) no longer matches its stamp and is checked again before any write.
    def _stamp_path(self) -> Path:
        return Path(str(self.path) + "-checked")

    def _stat(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ino)

    def _check_if_changed(self) -> None:
        if str(self.path) == ":memory:":
            return
        now = self._stat()
        if now is None or now[0] == 0:  # a new file: nothing to check
            self._checked = now
            return
        try:
            stamp = tuple(int(x) for x in self._stamp_path().read_text().split())
        except (OSError, ValueError):
            stamp = None
        if stamp != now:
            try:
                self.check()
            except StoreError:
                self.conn.close()
                raise
            self._write_stamp(now)
        self._checked = now

    def _write_stamp(self, stat: tuple | None) -> None:
        if stat is None:
            return
        with contextlib.suppress(OSError):
            tmp = self._stamp_path().with_suffix(".tmp")
            tmp.write_text(" ".join(map(str, stat)))
            os.replace(tmp, self._stamp_path())

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
        if self._checked is not None:  # it was good when opened, and only szreader wrote to it since
            now = self._stat()
            if now != self._checked:
                self._write_stamp(now)

    def check(self) -> None:
        """PRAGMA quick_check; raises StoreError with a clear message when the file is damaged."""
        try:
            rows = [r[0] for r in self.conn.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as e:
            rows = [str(e)]
        if rows != ["ok"]:
            raise _damaged(self.path, clean_line("; ".join(rows))[:200])

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: committed on success, rolled back on any error.

        Another process's write lock is waited for (saying so after a second, through ``on_lock_wait``), up
        to LOCK_WAIT seconds; SQLite's errors come out as :func:`translate` makes them (one line each)."""
        try:
            self._begin()
        except sqlite3.Error as e:
            raise translate(e, self.path) from None
        try:
            yield self.conn
        except BaseException as e:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise translate(e, self.path) from None
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as e:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise translate(e, self.path) from None

    def _begin(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(LOCK_NOTICE_AFTER * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
        finally:
            self.conn.execute("PRAGMA busy_timeout = 15000")
        if on_lock_wait is not None:
            on_lock_wait(f"waiting for another szreader process to finish writing {self.path} "
                         f"(up to {LOCK_WAIT:g} s)…")
        self.conn.execute(f"PRAGMA busy_timeout = {int((LOCK_WAIT - LOCK_NOTICE_AFTER) * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self.conn.execute("PRAGMA busy_timeout = 15000")
