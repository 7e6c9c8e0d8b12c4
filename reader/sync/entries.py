"""Server entries to the refresh's ParsedEntry, in a worker process: the same sanitiser and HTML-to-text as a
fetched feed's entries (reader/parse.py, reader/tasks.py); their figures are worked out once they are stored.

Server content is HTML from strangers, exactly as hostile as a feed: every string goes through
:func:`reader.parse._make_entry` (which cleans titles, authors and text, and keeps only http(s) links).
The key of a synced article is the server's id for it, the id a mark is sent back with.
"""

from __future__ import annotations

import time

from reader.model import ParsedEntry
from reader.parse import _make_entry
from reader.sync.base import RemoteItem
from reader.tasks import _hashed


def to_entries(items: list[RemoteItem], bases: dict[str, str]) -> list[ParsedEntry | None]:
    """One entry per item (None where the item is unusable); ``bases``: feed id -> its URL, to resolve
    relative links."""
    now = time.time()
    out: list[ParsedEntry | None] = []
    for it in items:
        try:
            date = time.gmtime(it.published) if it.published is not None and it.published > 0 else None
        except (OverflowError, OSError, ValueError):
            date = None
        e = _make_entry(bases.get(it.feed_id, ""), now, it.title, it.url, it.id, it.author, date, "", it.html)
        out.append(None if e is None or e.key != it.id else _hashed(e))
    return out
