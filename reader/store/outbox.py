"""The outbox: read/starred marks on synced articles, waiting to be sent to the feed server.

A mark is queued in the same transaction as the local change (:class:`reader.store.marks.Marks` calls
:meth:`Outbox._queue`), so no mark can be made without its outbox row, even if the process is killed
right after. The engine (reader/sync/engine.py) sends the latest mark per article and field, and
deletes rows only once the server has accepted them, and only up to the row it sent: a mark made
while a sync is under way stays queued for the next one. Each row carries the article's server id,
so a mark survives its article being dropped by retention.
"""

from __future__ import annotations

import sqlite3

#: local column -> outbox field, for the marks that follow the server ("saved" stays local)
SYNCED_COLUMNS = ("read", "starred")


class Outbox:
    """Queued marks (mixed into :class:`reader.store.Store`)."""

    conn: sqlite3.Connection

    @staticmethod
    def _queue(c: sqlite3.Connection, ids: list[int], column: str, value: int, at: float) -> None:
        """Queue ``column = value`` for those of ``ids`` that came from the server (inside the caller's transaction)."""
        if column not in SYNCED_COLUMNS or not ids:
            return
        for i in range(0, len(ids), 900):  # SQLite's limit on bound parameters
            chunk = ids[i:i + 900]
            c.execute("INSERT INTO outbox (remote_id, field, value, at) SELECT a.key, ?, ?, ? FROM articles a "
                      "JOIN feeds f ON f.id = a.feed_id WHERE f.remote_id IS NOT NULL "
                      f"AND a.id IN ({','.join('?' * len(chunk))})", (column, value, at, *chunk))

    def outbox_pending(self) -> list[tuple[str, str, int, int, float]]:
        """The latest queued mark per article and field: (remote id, field, value, seq, time), oldest first."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT remote_id, field, value, seq, at FROM outbox o WHERE seq = "
            "(SELECT max(seq) FROM outbox WHERE remote_id = o.remote_id AND field = o.field) ORDER BY seq")]

    def outbox_accepted(self, sent: list[tuple[str, str, int]]) -> None:
        """The server accepted these (remote id, field, seq): drop them and every older row of theirs."""
        if not sent:
            return
        with self.write() as c:
            c.executemany("DELETE FROM outbox WHERE remote_id = ? AND field = ? AND seq <= ?", sent)

    def outbox_count(self) -> int:
        """Marks waiting to be sent (one per article and field)."""
        return self.conn.execute("SELECT count(*) FROM (SELECT DISTINCT remote_id, field FROM outbox)").fetchone()[0]
