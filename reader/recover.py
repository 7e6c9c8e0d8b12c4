"""`szreader db check` and `szreader db recover NEW.db`: what to do with a damaged database.

``check`` runs SQLite's full ``PRAGMA integrity_check`` (and the FTS index's own check). ``recover`` copies
whatever can still be read into a new file, never touching the damaged one: with the ``sqlite3`` command's
``.recover`` (SQLite's own recovery, which reads around damaged pages) when that program is installed, else
by copying the schema and then every table row by row with Python's sqlite3 (the idea of ``iterdump``, but
a row or page that cannot be read ends only its own table, where ``iterdump`` would stop the whole copy). The search index is rebuilt
from the recovered articles, and the new file must pass ``quick_check`` before it is reported as good.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from reader.errors import ConfigError, StoreError
from reader.sanitize import clean_line


def integrity(path: Path) -> list[str]:
    """Problems found in the database at ``path`` (an empty list when it is sound)."""
    if not path.exists():
        raise ConfigError(f"no database at {path}")
    try:
        conn = sqlite3.connect(path)  # not read-only: FTS5's own check is written as an INSERT (it changes nothing)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
            problems = [] if rows == ["ok"] else rows
            if not problems and conn.execute("SELECT 1 FROM sqlite_master WHERE name='articles_fts'").fetchone():
                try:
                    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
                except sqlite3.DatabaseError as e:
                    problems.append(f"search index: {e}")
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        problems = [str(e)]
    return [clean_line(p)[:200] for p in problems]


def recover(src: Path, dst: Path) -> tuple[str, dict[str, int]]:
    """Copy what can be read of ``src`` into the new file ``dst``. Returns (method, rows per table)."""
    if not src.exists():
        raise ConfigError(f"no database at {src}")
    if dst.exists():
        raise ConfigError(f"{dst} already exists: recover writes a new file")
    if dst.resolve() == src.resolve():
        raise ConfigError("recover into a new file, not the damaged one")
    program = shutil.which("sqlite3")
    method = "sqlite3 .recover" if program and _cli_recover(src, dst) else None
    if method is None:  # (Debian 12's sqlite3 3.40.1 fails .recover on this schema: "SQL logic error")
        dst.unlink(missing_ok=True)
        _dump_recover(src, dst)
        method = "row-by-row copy" + (" (the sqlite3 program's .recover failed)" if program else
                                      " (no sqlite3 program here)")
    conn = sqlite3.connect(dst)
    try:
        counts = {}
        for table in ("feeds", "articles", "figures", "article_tags"):
            try:
                counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except sqlite3.DatabaseError:
                counts[table] = 0
        try:  # the search index is derived data: build it again from the articles that came through
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
            conn.commit()
        except sqlite3.DatabaseError:
            pass
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()
    if ok != "ok":
        raise StoreError(f"the recovered copy {dst} did not pass its check ({clean_line(ok)[:120]})")
    return method, counts


def _cli_recover(src: Path, dst: Path) -> bool:
    """``sqlite3 SRC .recover | sqlite3 DST``; False when the program cannot do it (too old: no .recover)."""
    try:
        dump = subprocess.run(["sqlite3", f"file:{src}?mode=ro", ".recover"], capture_output=True, timeout=600,
                              stdin=subprocess.DEVNULL)
        if dump.returncode != 0 or not dump.stdout.strip():
            return False
        load = subprocess.run(["sqlite3", str(dst)], input=dump.stdout, capture_output=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return load.returncode == 0 and dst.exists()


def _dump_recover(src: Path, dst: Path) -> None:
    """The schema, then each table's rows; a row that cannot be written is skipped, a read that fails ends that
    table only, so the others still come through."""
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    try:
        tables = [r[0] for r in source.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'articles_fts%'")]
        for (sql,) in source.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                                     "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'articles_fts_%' "
                                     "ORDER BY type='table' DESC, type='index'"):
            try:
                target.execute(sql)
            except sqlite3.DatabaseError:
                pass
        target.execute(f"PRAGMA user_version = {source.execute('PRAGMA user_version').fetchone()[0]}")
        for table in tables:
            for row in _rows(source, table):
                try:
                    target.execute(f'INSERT OR IGNORE INTO "{table}" VALUES ({",".join("?" * len(row))})', row)
                except sqlite3.DatabaseError:
                    pass
        target.commit()
    finally:
        source.close()
        target.close()


def _rows(source: sqlite3.Connection, table: str):
    """The rows of ``table`` that can be read. A rowid table is read in rowid order a batch at a time, and a
    damaged stretch is stepped over (ever larger steps, from the last rowid read), so rows after it still
    come through; a table without rowids is read until the first damaged page."""
    try:
        has_rowid = source.execute(f'SELECT rowid FROM "{table}" LIMIT 0') is not None
    except sqlite3.DatabaseError:
        has_rowid = False
    if not has_rowid:
        try:
            cur = source.execute(f'SELECT * FROM "{table}"')
            while rows := cur.fetchmany(500):
                yield from rows
        except sqlite3.DatabaseError:
            pass
        return
    last, step, misses = -(2 ** 63), 1, 0
    while misses < 40:
        try:
            rows = source.execute(f'SELECT rowid, * FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 200',
                                  (last,)).fetchall()
        except sqlite3.DatabaseError:
            last, step, misses = last + step if last > -(2 ** 62) else 0, step * 2, misses + 1
            continue
        if not rows:
            return
        step, misses = 1, 0
        last = rows[-1][0]
        for r in rows:
            yield tuple(r[1:])
