"""The user's state on articles: read, starred, saved, tags, and page text fetched on demand."""

from __future__ import annotations

import sqlite3
import time

from reader.limits import MAX_BODY, clip
from reader.model import PageText
from reader.sanitize import clean_line
from reader.store.connection import now_iso


class Marks:
    """Writes the user makes (mixed into :class:`reader.store.Store`)."""

    conn: sqlite3.Connection

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
                self._queue(c, ids, column, value, time.time())  # to the sync server, in this transaction
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
            self._queue(c, ids, "read", 1, time.time())
        return ids

    def set_tags(self, article_id: int, tags: list[str]) -> None:
        with self.write() as c:
            c.execute("DELETE FROM article_tags WHERE article_id=?", (article_id,))
            c.executemany("INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)",
                          [(article_id, t) for t in tags])

    def set_page(self, article_id: int, page: PageText | None, error: str | None = None) -> None:
        """Store an article page fetched on demand (from the TUI) in one transaction; its figures wait for
        reader/analysis.py."""
        with self.write() as c:
            if page is None or not page.text:
                c.execute("UPDATE articles SET text_status=? WHERE id=?",
                          ("error: " + clean_line(error or "no text")[:200], article_id))
                return
            c.execute("UPDATE articles SET content=?, text_status='page', writer=?, editor=?, source=?, updated=? "
                      "WHERE id=?", (clip(page.text, MAX_BODY), page.writer, page.editor, page.source, page.updated,
                                     article_id))
            c.execute("DELETE FROM figures WHERE article_id=?", (article_id,))
            c.execute("DELETE FROM analysis WHERE article_id=?", (article_id,))
