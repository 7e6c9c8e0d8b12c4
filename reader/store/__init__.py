"""The SQLite store: feeds, articles, their figures and tags, with FTS5 search. sqlite-utils underneath.

:class:`Store` is one database connection (``connection.py``) with one part per concern mixed in:

- ``feeds.py``: the feeds table, following feeds.toml, fetch state and errors;
- ``updates.py``: a feed's refresh written in one transaction, and retention;
- ``articles.py``: article lists, one article, search, tags;
- ``figures.py``: the figures table, and the articles waiting for theirs (reader/analysis.py);
- ``marks.py``: read / starred / saved / tags, the user's own writes;
- ``outbox.py``: marks on synced articles waiting to be sent to the feed server;
- ``synced.py``: what a sync with the feed server writes (its sources, entries, state, cursor).
"""

from __future__ import annotations

from reader.store.articles import Articles
from reader.store.connection import Database, now_iso
from reader.store.feeds import Feeds, FeedState
from reader.store.figures import Figures
from reader.store.marks import Marks
from reader.store.outbox import Outbox
from reader.store.synced import Synced
from reader.store.updates import FeedUpdate, StoredEntry, Updates

__all__ = ["Store", "FeedState", "FeedUpdate", "StoredEntry", "now_iso"]


class Store(Database, Feeds, Updates, Articles, Figures, Marks, Outbox, Synced):
    """The database. Open it with :meth:`open`; one instance per thread."""
