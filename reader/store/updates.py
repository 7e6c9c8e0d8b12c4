"""Applying one feed's refresh: its articles and FTS rows, and retention, in one transaction.

One feed's update (feed row, articles, figures, error columns, retention) is exactly one transaction (SECURITY.md
rule 12). Unchanged articles are never rewritten; changed ones are updated in place and keep read/starred/saved.
New articles, and changed ones whose text changed, wait for their figures (no ``analysis`` row):
reader/analysis.py works them out after the refresh.
Retention never deletes a saved or starred article.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from dataclasses import dataclass, field

from reader.decide import entry_hash
from reader.limits import MAX_AUTHOR, MAX_BODY, MAX_SUMMARY, MAX_TITLE, clip
from reader.model import PageText, ParsedEntry
from reader.sanitize import clean_line
from reader.store.connection import now_iso

_ARTICLE_FIELDS = ("url", "title", "author", "published", "summary", "content", "text_status", "writer", "editor",
                   "source", "updated", "hash")
_INSERT_ARTICLE = (f"INSERT INTO articles (id, feed_id, key, first_seen, sort_date, {', '.join(_ARTICLE_FIELDS)}) "
                   f"VALUES ({', '.join('?' * (5 + len(_ARTICLE_FIELDS)))})")


@dataclass
class StoredEntry:
    """One entry to write: parsed data plus, where fetched, its page text."""

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


class Updates:
    """Writing refreshed feeds (mixed into :class:`reader.store.Store`)."""

    def apply(self, u: FeedUpdate, within: sqlite3.Connection | None = None) -> tuple[int, int]:
        """Write one feed's update in one transaction (or ``within`` the caller's: a sync writes a batch of
        many feeds in one). Returns (new, changed) article counts."""
        now = now_iso()
        new = changed = 0
        new_rows: list[tuple] = []  # new articles and their FTS rows: one statement each
        new_text: list[tuple] = []
        with self.write() if within is None else contextlib.nullcontext(within) as c:
            existing = {r[0]: (r[1], r[2], r[3]) for r in c.execute(
                "SELECT key, id, hash, text_status FROM articles WHERE feed_id = ?", (u.feed_id,))}
            # ids for new rows given here, as SQLite would (max + 1): this transaction is the only writer
            next_id = c.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            for se in u.entries:
                e, page = se.entry, se.page
                h = e.hash or entry_hash(e)  # the parse worker has worked it out already
                old = existing.get(e.key)
                if old is not None and old[1] == h and page is None:
                    continue
                content = clip(page.text if page and page.text else e.content, MAX_BODY)
                status = "page" if page and page.text else ("feed" if e.content else
                                                            ("error: " + clean_line(se.page_error)[:200]
                                                             if se.page_error else None))
                title = clip(e.title or (page.title if page else ""), MAX_TITLE)
                fields = dict(url=e.url, title=title, author=clip(e.author, MAX_AUTHOR),
                              published=e.published, summary=clip(e.summary, MAX_SUMMARY), content=content,
                              text_status=status,
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
                    text_changed = page is not None or "content" in fields
                    c.execute("UPDATE articles SET " + ", ".join(f"{k}=?" for k in fields) +
                              ", sort_date=COALESCE(?, sort_date) WHERE id=?",
                              (*fields.values(), e.published, article_id))
                    if text_changed:  # its figures point into the old text: gone until worked out again
                        c.execute("DELETE FROM figures WHERE article_id=?", (article_id,))
                        c.execute("DELETE FROM analysis WHERE article_id=?", (article_id,))
                    changed += 1
            c.executemany(_INSERT_ARTICLE, new_rows)
            c.executemany("INSERT INTO articles_fts (rowid, title, summary, content) VALUES (?, ?, ?, ?)", new_text)
            c.execute("UPDATE feeds SET title=?, link=?, etag=?, last_modified=?, last_fetched=?, last_status=?, "
                      "last_error=NULL, failures=0, next_fetch=NULL, redirected_to=COALESCE(?, redirected_to) "
                      "WHERE id=?", (clip(u.title, MAX_TITLE), u.link, u.etag, u.last_modified, now, u.status,
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
