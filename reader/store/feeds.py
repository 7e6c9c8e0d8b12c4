"""The feeds table: following feeds.toml, each feed's fetch state, and its errors."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from reader.config import FeedSpec
from reader.decide import Known
from reader.limits import MAX_ERROR
from reader.sanitize import clean_line
from reader.store.connection import now_iso


@dataclass(frozen=True)
class FeedState:
    """What storage hands the refresh for one feed."""

    id: int
    spec: FeedSpec
    etag: str | None
    last_modified: str | None
    next_fetch: float | None
    failures: int
    last_status: str | None = None  #: decide.ASKED_TO_WAIT when its server asked us to come back later


class Feeds:
    """Feed rows (mixed into :class:`reader.store.Store`)."""

    conn: sqlite3.Connection

    def sync_feeds(self, specs: list[FeedSpec]) -> None:
        """Make the feeds table follow feeds.toml (by name); feeds no longer listed become inactive.

        What to change is read again inside the write transaction: two processes starting at once (two
        refreshes, the TUI and a refresh) both see a new feed missing, and the second must not add it again."""
        if self._feed_changes(self.conn, specs) == ([], []):
            return
        with self.write() as c:
            changes, gone = self._feed_changes(c, specs)
            rows = {r["name"]: r for r in c.execute("SELECT id, name, url FROM feeds WHERE remote_id IS NULL")}
            for s in changes:
                r = rows.get(s.name)
                tags = json.dumps(list(s.tags))
                if r is None:
                    # a source from the sync server under the same name gives the name up
                    c.execute("UPDATE feeds SET name = name || ' (server)' WHERE name = ? AND remote_id IS NOT NULL",
                              (s.name,))
                    c.execute("INSERT INTO feeds (name, url, kind, tags) VALUES (?, ?, ?, ?)", (s.name, s.url, s.kind, tags))
                elif r["url"] != s.url:  # a new address: forget validators and errors of the old one
                    c.execute("UPDATE feeds SET url=?, kind=?, tags=?, active=1, etag=NULL, last_modified=NULL, "
                              "failures=0, next_fetch=NULL, last_error=NULL, redirected_to=NULL WHERE id=?",
                              (s.url, s.kind, tags, r["id"]))
                else:
                    c.execute("UPDATE feeds SET kind=?, tags=?, active=1 WHERE id=?", (s.kind, tags, r["id"]))
            for n in gone:
                c.execute("UPDATE feeds SET active=0 WHERE name=?", (n,))

    @staticmethod
    def _feed_changes(c: sqlite3.Connection, specs: list[FeedSpec]) -> tuple[list[FeedSpec], list[str]]:
        """The specs whose row is missing or differs, and the names of active feeds no longer listed."""
        rows = {r["name"]: r for r in c.execute(
            "SELECT id, name, url, kind, tags, active FROM feeds WHERE remote_id IS NULL")}  # not the server's
        wanted = {s.name for s in specs}
        changes = [s for s in specs if (r := rows.get(s.name)) is None
                   or (r["url"], r["kind"], r["tags"], r["active"]) != (s.url, s.kind, json.dumps(list(s.tags)), 1)]
        return changes, [n for n, r in rows.items() if n not in wanted and r["active"]]

    def feed_states(self, specs: list[FeedSpec]) -> list[FeedState]:
        rows = {r["name"]: r for r in self.conn.execute(
            "SELECT id, name, etag, last_modified, next_fetch, failures, last_status FROM feeds")}
        return [FeedState(rows[s.name]["id"], s, rows[s.name]["etag"], rows[s.name]["last_modified"],
                          rows[s.name]["next_fetch"], rows[s.name]["failures"], rows[s.name]["last_status"])
                for s in specs if s.name in rows]

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
                      "next_fetch=? WHERE id=?", (now_iso(), status, clean_line(error)[:MAX_ERROR], next_fetch, feed_id))

    def feeds(self, active_only: bool = True) -> list[dict]:
        sql = """SELECT f.*, coalesce(c.articles, 0) AS articles, coalesce(c.unread, 0) AS unread FROM feeds f
                 LEFT JOIN (SELECT feed_id, count(*) AS articles, sum(read = 0) AS unread FROM articles
                            GROUP BY feed_id) c ON c.feed_id = f.id""" \
            + (" WHERE f.active=1" if active_only else "") + " ORDER BY f.id"
        return [dict(r) for r in self.conn.execute(sql)]

    def feed_id(self, name: str) -> int | None:
        r = self.conn.execute("SELECT id FROM feeds WHERE name=?", (name,)).fetchone()
        return r[0] if r else None
