"""What a sync with the feed server writes: its sources, its entries in batches, its read/starred state,
and the sync's own record (cursor, last sync, last error). Never a secret.

Entries take the same path as a refreshed feed's (:meth:`reader.store.updates.Updates.apply`: sanitised
text, figures, FTS), with every feed of one batch in one transaction together with the batch's flags
and cursor, so a sync killed half-way resumes where its last stored batch ended. Server state never
overrides an article with a mark still in the outbox (see reader/sync/engine.py for the rule).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable

from reader.store.connection import now_iso

_PENDING = "EXISTS (SELECT 1 FROM outbox o WHERE o.remote_id = articles.key AND o.field = ?)"


class Synced:
    """Writes of a sync (mixed into :class:`reader.store.Store`)."""

    conn: sqlite3.Connection

    # ---- the sync's own record ----------------------------------------------------------------------
    def sync_state(self) -> dict[str, Any]:
        return {r[0]: json.loads(r[1]) for r in self.conn.execute("SELECT key, value FROM sync_state")}

    def set_sync_state(self, values: dict[str, Any], within: sqlite3.Connection | None = None) -> None:
        rows = [(k, json.dumps(v)) for k, v in values.items()]
        if within is not None:
            within.executemany("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", rows)
            return
        with self.write() as c:
            c.executemany("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", rows)

    # ---- sources ------------------------------------------------------------------------------------
    def sync_sources(self, prefix: str, feeds: Iterable[Any]) -> dict[str, int]:
        """Make the server's subscriptions sources (``remote_id`` = prefix + its id, categories as tags);
        sources the server no longer lists become inactive. Returns server feed id -> feed row id."""
        from reader.sanitize import clean_line, clean_url

        rows = {r["remote_id"]: r for r in self.conn.execute(
            "SELECT id, name, url, tags, active, remote_id FROM feeds WHERE remote_id IS NOT NULL")}
        taken = {r[0] for r in self.conn.execute("SELECT name FROM feeds")}
        out: dict[str, int] = {}
        with self.write() as c:
            for f in feeds:
                rid = prefix + f.id
                url = clean_url(f.url)
                tags = json.dumps([t for t in (clean_line(t) for t in f.tags) if t])
                r = rows.get(rid)
                if r is None:
                    base = clean_line(f.title)[:200] or url or rid
                    name, n = base, 2
                    while name in taken:
                        name, n = f"{base} ({n})", n + 1
                    taken.add(name)
                    cur = c.execute("INSERT INTO feeds (name, url, kind, tags, remote_id, title, link) "
                                    "VALUES (?, ?, 'sync', ?, ?, ?, ?)",
                                    (name, url, tags, rid, clean_line(f.title), clean_url(f.site)))
                    out[f.id] = cur.lastrowid
                else:
                    out[f.id] = r["id"]
                    if (r["url"], r["tags"], r["active"]) != (url, tags, 1):
                        c.execute("UPDATE feeds SET url=?, tags=?, active=1 WHERE id=?", (url, tags, r["id"]))
            listed = {prefix + f for f in out}
            c.executemany("UPDATE feeds SET active=0 WHERE id=?",
                          [(r["id"],) for rid, r in rows.items() if rid not in listed and r["active"]])
        return out

    def remote_sources(self, prefix: str) -> list[tuple[str, int, str, str, str]]:
        """The server's sources as stored: (server id, feed row id, url, title, site link)."""
        return [(r[0][len(prefix):], r[1], r[2], r[3] or "", r[4] or "") for r in self.conn.execute(
            "SELECT remote_id, id, url, title, link FROM feeds WHERE remote_id LIKE ? AND active=1",
            (prefix.replace("%", "") + "%",))]

    def synced_keys(self) -> set[str]:
        """Server ids of every stored synced article."""
        return {r[0] for r in self.conn.execute(
            "SELECT a.key FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.remote_id IS NOT NULL")}

    def synced_hashes(self, keys: list[str]) -> dict[str, str]:
        """Stored hashes of these synced articles (an unchanged entry is not worked over again)."""
        out: dict[str, str] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            out.update((r[0], r[1]) for r in self.conn.execute(
                "SELECT a.key, a.hash FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.remote_id IS NOT NULL "
                f"AND a.key IN ({','.join('?' * len(chunk))})", chunk))
        return out

    # ---- entries and state --------------------------------------------------------------------------
    def apply_synced(self, updates: list, flags: list[tuple[int, str, int, int]],
                     cursor: dict[str, Any] | None) -> tuple[int, int]:
        """One batch in one transaction: each feed's entries (the refresh's path), the server's read and
        starred flags of these entries (feed id, key, read, starred) unless a local mark is pending, and
        the cursor once the batch is stored. Returns (new, changed)."""
        new = changed = 0
        with self.write() as c:
            for u in updates:
                n, ch = self.apply(u, within=c)
                new, changed = new + n, changed + ch
            c.executemany(f"UPDATE articles SET read=? WHERE feed_id=? AND key=? AND read != ? AND NOT {_PENDING}",
                          [(r, fid, key, r, "read") for fid, key, r, s in flags])
            c.executemany(f"UPDATE articles SET starred=? WHERE feed_id=? AND key=? AND starred != ? "
                          f"AND NOT {_PENDING}", [(s, fid, key, s, "starred") for fid, key, r, s in flags])
            if cursor is not None:
                self.set_sync_state({"cursor": cursor}, within=c)
        return new, changed

    def synced_unread_ids(self, prefix: str) -> dict[str, set[str]]:
        """Server ids of the unread articles per server feed id (what TT-RSS's per-feed counts are compared
        with)."""
        out: dict[str, set[str]] = {}
        for rid, key in self.conn.execute(
                "SELECT f.remote_id, a.key FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id AND a.read = 0 "
                "WHERE f.remote_id LIKE ?", (prefix.replace("%", "") + "%",)):
            ids = out.setdefault(rid[len(prefix):], set())
            if key is not None:
                ids.add(key)
        return out

    def apply_server_state(self, unread: set[str], starred: set[str], scope: set[str] | None,
                           read_feeds: list[str] | None = None, prefix: str = "", read: set[str] = frozenset(),
                           cursor: dict[str, Any] | None = None) -> int:
        """Follow the server's read/starred state on synced articles (all of them when ``scope`` is None,
        else those whose id is in it), except where a local mark is still pending. ``read_feeds``: the
        unread set covers only these server feeds (the read state of the others is left alone); ``read``:
        ids the server has read besides (applied before the sets); ``cursor``: merged into the stored
        cursor in the same transaction. Returns rows changed."""
        with self.write() as c:
            c.execute("CREATE TEMP TABLE IF NOT EXISTS sync_ids (kind TEXT, id TEXT, PRIMARY KEY (kind, id)) "
                      "WITHOUT ROWID")
            c.execute("DELETE FROM temp.sync_ids")
            c.executemany("INSERT OR IGNORE INTO temp.sync_ids VALUES ('unread', ?)", [(i,) for i in unread])
            c.executemany("INSERT OR IGNORE INTO temp.sync_ids VALUES ('starred', ?)", [(i,) for i in starred])
            if scope is not None:
                c.executemany("INSERT OR IGNORE INTO temp.sync_ids VALUES ('scope', ?)", [(i,) for i in scope])
            where = ("feed_id IN (SELECT id FROM feeds WHERE remote_id IS NOT NULL)"
                     + ("" if scope is None else " AND key IN (SELECT id FROM temp.sync_ids WHERE kind='scope')"))
            changed = 0
            if read:
                c.executemany("INSERT OR IGNORE INTO temp.sync_ids VALUES ('read', ?)", [(i,) for i in read])
                changed += c.execute("UPDATE articles SET read = 1 WHERE feed_id IN (SELECT id FROM feeds WHERE "
                                     "remote_id IS NOT NULL) AND key IN (SELECT id FROM temp.sync_ids WHERE "
                                     f"kind='read') AND read != 1 AND NOT {_PENDING}", ("read",)).rowcount
            only: list[str] = []
            if read_feeds is not None:
                c.executemany("INSERT OR IGNORE INTO temp.sync_ids VALUES ('feed', ?)", [(prefix + f,) for f in read_feeds])
                only = [" AND feed_id IN (SELECT f.id FROM feeds f JOIN temp.sync_ids s ON s.kind = 'feed' "
                        "AND s.id = f.remote_id)"]
            for column, kind, field in (("read", "unread", "read"), ("starred", "starred", "starred")):
                is_in = f"key IN (SELECT id FROM temp.sync_ids WHERE kind='{kind}')"
                value = f"(NOT {is_in})" if column == "read" else f"({is_in})"
                narrower = only[0] if only and column == "read" else ""
                changed += c.execute(f"UPDATE articles SET {column} = {value} WHERE {where}{narrower} "
                                     f"AND {column} != {value} AND NOT {_PENDING}", (field,)).rowcount
            c.execute("DELETE FROM temp.sync_ids")
            if cursor:
                row = c.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()
                self.set_sync_state({"cursor": {**(json.loads(row[0]) if row else {}), **cursor}}, within=c)
        return changed

    def record_sync(self, ok: bool, error: str | None, extra: dict[str, Any]) -> None:
        """Note how a sync ended (time, error), with whatever the engine counted."""
        values: dict[str, Any] = {"last_sync": now_iso(), "last_error": error, **extra}
        if ok:
            values["last_ok"] = values["last_sync"]
        self.set_sync_state(values)
