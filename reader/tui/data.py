"""What the TUI asks of the store, each call on the calling (worker) thread's own connection."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from reader.store import Store

PAGE = 200


@dataclass(frozen=True)
class View:
    """What the article list shows: a smart view, a source, a tag, or search results."""

    kind: str = "all"  #: all, unread, starred, saved, feed, tag, search
    feed_id: int | None = None
    tag: str | None = None
    query: str | None = None
    label: str = "All"

    def filters(self) -> dict:
        return {"feed_ids": [self.feed_id] if self.kind == "feed" else None, "unread": self.kind == "unread",
                "starred": self.kind == "starred", "saved": self.kind == "saved",
                "tag": self.tag if self.kind == "tag" else None}


@dataclass
class Page:
    """One page of the article list."""

    view: View
    rows: list[dict]
    total: int
    more: bool
    append: bool = False  #: rows continue the list already shown
    extra: dict = field(default_factory=dict)


class Library:
    """Per-thread store connections over one database file."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    def store(self) -> Store:
        s = getattr(self._local, "store", None)
        if s is None:
            s = self._local.store = Store.open(self.path)
        return s

    def page(self, view: View, after: tuple[str, int] | None = None, limit: int = PAGE) -> Page:
        """The first ``limit`` rows of ``view`` (a reload asks for as many as are shown), or the page after."""
        st = self.store()
        if view.kind == "search":
            rows = st.search(view.query or "", limit=500)
            return Page(view, rows, len(rows), False)
        rows = st.articles(limit=limit + 1, after=after, **view.filters())
        more = len(rows) > limit
        rows = rows[:limit]
        total = -1  # counted afterwards (count), so the first titles are not kept waiting
        extra = {}
        if view.kind == "feed" and after is None:
            extra["feed"] = next((f for f in st.feeds(active_only=False) if f["id"] == view.feed_id), None)
        return Page(view, rows, total, more, append=after is not None, extra=extra)

    def count(self, view: View) -> int:
        if view.kind == "search":
            return -1
        return self.store().count(**view.filters())

    def data_version(self) -> int:
        """SQLite's counter of commits made by other connections (a CLI refresh, another reader)."""
        return self.store().conn.execute("PRAGMA data_version").fetchone()[0]

    def sources(self) -> tuple[list[dict], dict[str, int], list[str]]:
        st = self.store()
        counts = {"all": st.count(), "unread": st.count(unread=True), "starred": st.count(starred=True),
                  "saved": st.count(saved=True)}
        return st.feeds(), counts, st.all_tags()
