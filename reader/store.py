"""The SQLite store: feeds, articles, their figures and tags, with FTS5 search. sqlite-utils underneath.

One database file in WAL mode with a 15 s busy timeout. Every write is a ``BEGIN IMMEDIATE``
transaction (SECURITY.md rule 11), and one feed's update (feed row, articles, figures, error
columns, retention) is exactly one transaction (rule 12). Unchanged articles are never rewritten;
changed ones are updated in place and keep read/starred/saved. Retention never deletes a saved or
starred article. A :class:`Store` belongs to the thread that opened it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from reader import schema
from reader.config import FeedSpec
from reader.decide import Known, entry_hash
from reader.errors import StoreError
from reader.figures import FIGURE_FIELDS
from reader.model import PageText, ParsedEntry

_ARTICLE_FIELDS = ("url", "title", "author", "published", "summary", "content", "text_status", "writer", "editor",
                   "source", "updated", "hash")
_INSERT_ARTICLE = (f"INSERT INTO articles (id, feed_id, key, first_seen, sort_date, {', '.join(_ARTICLE_FIELDS)}) "
                   f"VALUES ({', '.join('?' * (5 + len(_ARTICLE_FIELDS)))})")
_INSERT_FIGURE = ('INSERT INTO figures (article_id, idx, start, "end", text, kind, value, unit, approx, bound, '
                  "direction, basis, subject, equivalent_of) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")


def _figure_rows(article_id: int, figures) -> list[tuple]:
    """Rows for the figures table from ``figure_rows`` tuples (a dict would spread its keys into the row)."""
    if figures and not (isinstance(figures[0], tuple) and len(figures[0]) == len(FIGURE_FIELDS)):
        raise TypeError("figures must be reader.figures.figure_rows() tuples")
    return [(article_id, i, *f) for i, f in enumerate(figures)]


def _write_figures(c: sqlite3.Connection, article_id: int, figures) -> None:
    """Replace one article's figures."""
    c.execute("DELETE FROM figures WHERE article_id=?", (article_id,))
    c.executemany(_INSERT_FIGURE, _figure_rows(article_id, figures))


def now_iso(ts: float | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if ts is None else ts))


@dataclass(frozen=True)
class FeedState:
    """What storage hands the refresh for one feed."""

    id: int
    spec: FeedSpec
    etag: str | None
    last_modified: str | None
    next_fetch: float | None
    failures: int


@dataclass
class StoredEntry:
    """One entry to write: parsed data plus, where fetched, its page text and figures."""

    entry: ParsedEntry
    page: PageText | None = None
    page_error: str | None = None


@dataclass
class FeedUpdate:
    """Everything one feed's refresh writes, applied in one transaction."""

    feed_id: int
    title: str = ""
    link: str = ""
    etag: str | None = None
    last_modified: str | None = None
    status: str = "ok"
    permanent_redirect: str | None = None
    entries: list[StoredEntry] = field(default_factory=list)
    keep_days: int | None = None
    max_articles: int | None = None


class Store:
    """The database. Open it with :meth:`open`; one instance per thread."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @classmethod
    def open(cls, path: Path | str, migrate: bool = True) -> "Store":
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

    # ---- feeds --------------------------------------------------------------------------------
    def sync_feeds(self, specs: list[FeedSpec]) -> None:
        """Make the feeds table follow feeds.toml (by name); feeds no longer listed become inactive."""
        rows = {r["name"]: r for r in self.conn.execute("SELECT id, name, url, kind, tags, active FROM feeds")}
        wanted = {s.name for s in specs}
        changes = []
        for s in specs:
            r = rows.get(s.name)
            tags = json.dumps(list(s.tags))
            if r is None or (r["url"], r["kind"], r["tags"], r["active"]) != (s.url, s.kind, tags, 1):
                changes.append(s)
        gone = [n for n, r in rows.items() if n not in wanted and r["active"]]
        if not changes and not gone:
            return
        with self.write() as c:
            for s in changes:
                r = rows.get(s.name)
                tags = json.dumps(list(s.tags))
                if r is None:
                    c.execute("INSERT INTO feeds (name, url, kind, tags) VALUES (?, ?, ?, ?)", (s.name, s.url, s.kind, tags))
                elif r["url"] != s.url:  # a new address: forget validators and errors of the old one
                    c.execute("UPDATE feeds SET url=?, kind=?, tags=?, active=1, etag=NULL, last_modified=NULL, "
                              "failures=0, next_fetch=NULL, last_error=NULL, redirected_to=NULL WHERE id=?",
                              (s.url, s.kind, tags, r["id"]))
                else:
                    c.execute("UPDATE feeds SET kind=?, tags=?, active=1 WHERE id=?", (s.kind, tags, r["id"]))
            for n in gone:
                c.execute("UPDATE feeds SET active=0 WHERE name=?", (n,))

    def feed_states(self, specs: list[FeedSpec]) -> list[FeedState]:
        rows = {r["name"]: r for r in self.conn.execute(
            "SELECT id, name, etag, last_modified, next_fetch, failures FROM feeds")}
        return [FeedState(rows[s.name]["id"], s, rows[s.name]["etag"], rows[s.name]["last_modified"],
                          rows[s.name]["next_fetch"], rows[s.name]["failures"]) for s in specs if s.name in rows]

    def known(self, feed_id: int) -> dict[str, Known]:
        return {r[0]: Known(r[1], r[2], r[3] is not None) for r in self.conn.execute(
            "SELECT key, id, hash, text_status FROM articles WHERE feed_id = ?", (feed_id,))}

    def record_not_modified(self, rows: list[tuple[int, str | None, str | None, str | None]]) -> None:
        """Note feeds that answered 304: (feed id, etag, last_modified, permanent redirect) each.

        Only feed rows change, never articles, so many can share one transaction."""
        if not rows:
            return
        now = now_iso()
        with self.write() as c:
            c.executemany("UPDATE feeds SET last_fetched=?, last_status='not modified', last_error=NULL, failures=0, "
                          "next_fetch=NULL, etag=COALESCE(?, etag), last_modified=COALESCE(?, last_modified), "
                          "redirected_to=COALESCE(?, redirected_to) WHERE id=?",
                          [(now, etag, lm, redirect, fid) for fid, etag, lm, redirect in rows])

    def record_error(self, feed_id: int, error: str, next_fetch: float | None, status: str = "error") -> None:
        """Note a failed update; the feed's articles stay exactly as they were."""
        with self.write() as c:
            c.execute("UPDATE feeds SET last_fetched=?, last_status=?, last_error=?, failures=failures+1, "
                      "next_fetch=? WHERE id=?", (now_iso(), status, error[:500], next_fetch, feed_id))

    def apply(self, u: FeedUpdate) -> tuple[int, int]:
        """Write one feed's update in one transaction. Returns (new, changed) article counts."""
        now = now_iso()
        new = changed = 0
        new_rows: list[tuple] = []  # new articles, their figures and their FTS rows: one statement each
        new_figures: list[tuple] = []
        new_text: list[tuple] = []
        with self.write() as c:
            existing = {r[0]: (r[1], r[2], r[3]) for r in c.execute(
                "SELECT key, id, hash, text_status FROM articles WHERE feed_id = ?", (u.feed_id,))}
            # ids for new rows given here, as SQLite would (max + 1): this transaction is the only writer
            next_id = c.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            for se in u.entries:
                e, page = se.entry, se.page
                h = entry_hash(e)
                old = existing.get(e.key)
                if old is not None and old[1] == h and page is None:
                    continue
                content = (page.text if page and page.text else e.content)
                status = "page" if page and page.text else ("feed" if e.content else
                                                            ("error: " + se.page_error[:200] if se.page_error else None))
                fields = dict(url=e.url, title=e.title or (page.title if page else ""), author=e.author,
                              published=e.published, summary=e.summary, content=content, text_status=status,
                              writer=page.writer if page else "", editor=page.editor if page else "",
                              source=page.source if page else "", updated=page.updated if page else "", hash=h)
                if old is None:
                    article_id, next_id = next_id, next_id + 1
                    new_rows.append((article_id, u.feed_id, e.key, now, e.published or now,
                                     *(fields[k] for k in _ARTICLE_FIELDS)))
                    existing[e.key] = (article_id, h, status)
                    new_text.append((article_id, fields["title"], fields["summary"], fields["content"]))
                    new += 1
                else:
                    article_id = old[0]
                    if page is None and old[2] == "page":
                        # the feed changed the entry but no new page came: keep the page text we have
                        for k in ("content", "text_status", "writer", "editor", "source", "updated"):
                            fields.pop(k)
                    c.execute("UPDATE articles SET " + ", ".join(f"{k}=?" for k in fields) +
                              ", sort_date=COALESCE(?, sort_date) WHERE id=?",
                              (*fields.values(), e.published, article_id))
                    changed += 1
                figs = page.figures if page and page.text else e.figures
                if old is None:  # a new article has no figures yet: insert them with the feed's others
                    new_figures += _figure_rows(article_id, figs)
                elif page is not None or "content" in fields:
                    _write_figures(c, article_id, figs)
            c.executemany(_INSERT_ARTICLE, new_rows)
            c.executemany(_INSERT_FIGURE, new_figures)
            c.executemany("INSERT INTO articles_fts (rowid, title, summary, content) VALUES (?, ?, ?, ?)", new_text)
            c.execute("UPDATE feeds SET title=?, link=?, etag=?, last_modified=?, last_fetched=?, last_status=?, "
                      "last_error=NULL, failures=0, next_fetch=NULL, redirected_to=COALESCE(?, redirected_to) "
                      "WHERE id=?", (u.title, u.link, u.etag, u.last_modified, now, u.status,
                                     u.permanent_redirect, u.feed_id))
            self._retain(c, u.feed_id, u.keep_days, u.max_articles)
        return new, changed

    @staticmethod
    def _retain(c: sqlite3.Connection, feed_id: int, keep_days: int | None, max_articles: int | None) -> None:
        if keep_days:
            c.execute("DELETE FROM articles WHERE feed_id=? AND saved=0 AND starred=0 AND sort_date < ?",
                      (feed_id, now_iso(time.time() - keep_days * 86400)))
        if max_articles:
            c.execute("DELETE FROM articles WHERE feed_id=? AND saved=0 AND starred=0 AND id NOT IN "
                      "(SELECT id FROM articles WHERE feed_id=? ORDER BY sort_date DESC, id DESC LIMIT ?)",
                      (feed_id, feed_id, max_articles))

    # ---- reading --------------------------------------------------------------------------------
    def feeds(self, active_only: bool = True) -> list[dict]:
        sql = """SELECT f.*, coalesce(c.articles, 0) AS articles, coalesce(c.unread, 0) AS unread FROM feeds f
                 LEFT JOIN (SELECT feed_id, count(*) AS articles, sum(read = 0) AS unread FROM articles
                            GROUP BY feed_id) c ON c.feed_id = f.id""" \
            + (" WHERE f.active=1" if active_only else "") + " ORDER BY f.id"
        return [dict(r) for r in self.conn.execute(sql)]

    def feed_id(self, name: str) -> int | None:
        r = self.conn.execute("SELECT id FROM feeds WHERE name=?", (name,)).fetchone()
        return r[0] if r else None

    LIST_COLUMNS = ("a.id, f.name AS feed, a.title, a.url, a.published, a.sort_date, a.read, a.starred, a.saved, "
                    "a.writer, a.editor")

    def articles(self, *, feed_ids: list[int] | None = None, unread: bool = False, starred: bool = False,
                 saved: bool = False, tag: str | None = None, limit: int | None = 100,
                 after: tuple[str, int] | None = None, ids: list[int] | None = None) -> list[dict]:
        """Articles newest first; ``after`` = (sort_date, id) of the last row seen, for keyset paging."""
        where, args = self._filters(feed_ids, unread, starred, saved, tag, ids)
        if after is not None:
            where.append("(a.sort_date, a.id) < (?, ?)")
            args += list(after)
        sql = (f"SELECT {self.LIST_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.sort_date DESC, a.id DESC")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql, args)]

    @staticmethod
    def _filters(feed_ids, unread, starred, saved, tag, ids) -> tuple[list[str], list]:
        where, args = [], []
        if feed_ids is not None:
            where.append(f"a.feed_id IN ({','.join('?' * len(feed_ids))})")
            args += feed_ids
        if ids is not None:
            where.append(f"a.id IN ({','.join('?' * len(ids))})")
            args += ids
        if unread:
            where.append("a.read = 0")
        if starred:
            where.append("a.starred = 1")
        if saved:
            where.append("a.saved = 1")
        if tag is not None:
            where.append("a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)")
            args.append(tag)
        return where, args

    def count(self, *, feed_ids=None, unread=False, starred=False, saved=False, tag=None) -> int:
        where, args = self._filters(feed_ids, unread, starred, saved, tag, None)
        return self.conn.execute("SELECT count(*) FROM articles a" + (" WHERE " + " AND ".join(where) if where else ""),
                                 args).fetchone()[0]

    def article(self, article_id: int) -> dict | None:
        r = self.conn.execute("SELECT a.*, f.name AS feed FROM articles a JOIN feeds f ON f.id=a.feed_id WHERE a.id=?",
                              (article_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["tags"] = self.tags(article_id)
        d["figures"] = self.figures(article_id)
        return d

    def figures(self, article_id: int) -> list[dict]:
        rows = self.conn.execute(f'SELECT {", ".join(chr(34) + k + chr(34) for k in FIGURE_FIELDS)} FROM figures '
                                 "WHERE article_id=? ORDER BY idx", (article_id,))
        out = []
        for r in rows:
            d = dict(r)
            d["approx"] = bool(d["approx"])
            out.append(d)
        return out

    def figures_by_subject(self, subject: str, kind: str | None = None, limit: int = 500) -> list[dict]:
        sql = ('SELECT a.id AS article, f.name AS feed, a.title, a.sort_date AS date, g.* FROM figures g '
               "JOIN articles a ON a.id=g.article_id JOIN feeds f ON f.id=a.feed_id "
               "WHERE g.subject LIKE ? ESCAPE '\\' COLLATE NOCASE")
        esc = subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args: list = [f"%{esc}%"]
        if kind:
            sql += " AND g.kind = ?"
            args.append(kind)
        sql += " ORDER BY a.sort_date DESC, a.id DESC, g.idx LIMIT ?"
        args.append(limit)
        rows = [dict(r) for r in self.conn.execute(sql, args)]
        for r in rows:
            r.pop("article_id", None)
            r["approx"] = bool(r["approx"])
        return rows

    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Full-text search; any user input is safe (each word is quoted for FTS5)."""
        words = [w for w in query.split() if w.strip('"')]
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = (f"SELECT {self.LIST_COLUMNS}, snippet(articles_fts, -1, '[', ']', '…', 12) AS snippet "
               "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid JOIN feeds f ON f.id = a.feed_id "
               "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?")
        return [dict(r) for r in self.conn.execute(sql, (match, limit))]

    def tags(self, article_id: int) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT tag FROM article_tags WHERE article_id=? ORDER BY tag",
                                                (article_id,))]

    def all_tags(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT tag FROM article_tags ORDER BY tag")]

    # ---- user state -----------------------------------------------------------------------------
    MARKS = {"read": ("read", 1), "unread": ("read", 0), "star": ("starred", 1), "unstar": ("starred", 0),
             "save": ("saved", 1), "unsave": ("saved", 0)}

    def mark(self, ids: list[int], action: str) -> int:
        column, value = self.MARKS[action]
        qs = ",".join("?" * len(ids))
        with self.write() as c:
            if column == "saved":
                cur = c.execute(f"UPDATE articles SET saved=?, saved_at=? WHERE id IN ({qs}) AND saved != ?",
                                (value, now_iso() if value else None, *ids, value))
            else:
                cur = c.execute(f"UPDATE articles SET {column}=? WHERE id IN ({qs})", (value, *ids))
            return cur.rowcount

    def existing_ids(self, ids: list[int]) -> set[int]:
        qs = ",".join("?" * len(ids))
        return {r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({qs})", ids)}

    def mark_feed_read(self, feed_ids: list[int] | None) -> list[int]:
        """Mark every unread article of these feeds (all when None) read; returns their ids for undo."""
        with self.write() as c:
            where = "read=0" + (f" AND feed_id IN ({','.join('?' * len(feed_ids))})" if feed_ids is not None else "")
            ids = [r[0] for r in c.execute(f"SELECT id FROM articles WHERE {where}", feed_ids or [])]
            c.execute(f"UPDATE articles SET read=1 WHERE {where}", feed_ids or [])
        return ids

    def set_tags(self, article_id: int, tags: list[str]) -> None:
        with self.write() as c:
            c.execute("DELETE FROM article_tags WHERE article_id=?", (article_id,))
            c.executemany("INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)",
                          [(article_id, t) for t in tags])

    def set_page(self, article_id: int, page: PageText | None, error: str | None = None) -> None:
        """Store an article page fetched on demand (from the TUI) in one transaction."""
        with self.write() as c:
            if page is None or not page.text:
                c.execute("UPDATE articles SET text_status=? WHERE id=?", ("error: " + (error or "no text")[:200], article_id))
                return
            c.execute("UPDATE articles SET content=?, text_status='page', writer=?, editor=?, source=?, updated=? "
                      "WHERE id=?", (page.text, page.writer, page.editor, page.source, page.updated, article_id))
            _write_figures(c, article_id, page.figures)
