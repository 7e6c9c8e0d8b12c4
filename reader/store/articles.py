"""Reading articles: lists with filters and keyset paging, one article whole, full-text search, tags."""

from __future__ import annotations

import sqlite3


MAX_TERMS = 32  #: distinct words of a search query that are used
MAX_TERM = 64  #: characters of one search word
MAX_QUERY = 4096  #: characters of a query read at all


class Articles:
    """Article queries (mixed into :class:`reader.store.Store`)."""

    conn: sqlite3.Connection

    LIST_COLUMNS = ("a.id, f.name AS feed, a.title, a.url, a.published, a.sort_date, a.read, a.starred, a.saved, "
                    "a.writer, a.editor")

    def articles(self, *, feed_ids: list[int] | None = None, unread: bool = False, starred: bool = False,
                 saved: bool = False, tag: str | None = None, limit: int | None = 100,
                 after: tuple[str, int] | None = None, ids: list[int] | None = None,
                 before: tuple[str, int] | None = None, last: bool = False) -> list[dict]:
        """Articles newest first; ``after`` = (sort_date, id) of the last row seen, for keyset paging.

        Paging from the other end: ``before`` = the first row seen gives the ``limit`` rows just above it,
        ``last`` the ``limit`` oldest rows (both still newest first), each read through the same index."""
        where, args = self._filters(feed_ids, unread, starred, saved, tag, ids)
        if after is not None:
            where.append("(a.sort_date, a.id) < (?, ?)")
            args += list(after)
        upward = before is not None or last
        if before is not None:
            where.append("(a.sort_date, a.id) > (?, ?)")
            args += list(before)
        order = "ASC" if upward else "DESC"
        sql = (f"SELECT {self.LIST_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id"
               + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY a.sort_date {order}, a.id {order}")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = [dict(r) for r in self.conn.execute(sql, args)]
        return rows[::-1] if upward else rows

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
        r = self.conn.execute("SELECT a.*, f.name AS feed, coalesce(n.version, 0) AS analysed FROM articles a "
                              "JOIN feeds f ON f.id=a.feed_id LEFT JOIN analysis n ON n.article_id = a.id "
                              "WHERE a.id=?", (article_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["tags"] = self.tags(article_id)
        d["figures"] = self.figures(article_id)
        return d

    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Full-text search; any user input is safe (each word is quoted for FTS5).

        A query is simplified before it runs: distinct words only, at most MAX_TERMS of them, each at most
        MAX_TERM characters. FTS5's time grows faster than the number of terms (1,000 words took 67 s on
        10,000 articles); capped, any query stays well under a second (bench/search.py)."""
        words = list(dict.fromkeys(w[:MAX_TERM].casefold() for w in query[:MAX_QUERY].split() if w.strip('"')))
        words = words[:MAX_TERMS]
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = (f"SELECT {self.LIST_COLUMNS}, snippet(articles_fts, -1, '[', ']', '…', 12) AS snippet "
               "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid JOIN feeds f ON f.id = a.feed_id "
               "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?")
        rows = [dict(r) for r in self.conn.execute(sql, (match, limit))]
        for r in rows:  # one line each: a snippet can span the article's paragraphs
            r["snippet"] = " ".join((r["snippet"] or "").split())
        return rows

    def tags(self, article_id: int) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT tag FROM article_tags WHERE article_id=? ORDER BY tag",
                                                (article_id,))]

    def all_tags(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT tag FROM article_tags ORDER BY tag")]
