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
    prepend: bool = False  #: rows go above the list already shown
    more_above: bool = False  #: rows above these are not loaded (a page from the end of the list)
    at_end: bool = False  #: the last page of the view, for End: the cursor goes to its last row
    at_top: bool = False  #: the first page, for Home: the cursor goes to its first row
    anchor: tuple | None = None  #: the key of the row shown that appended or prepended rows continue from


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
        page = self._page(view, rows, more, after is not None)
        page.anchor = after
        return page

    def page_before(self, view: View, before: tuple[str, int], limit: int = PAGE) -> Page:
        """The ``limit`` rows just above the row keyed ``before`` (scrolling up from a page taken at the end)."""
        rows = self.store().articles(limit=limit + 1, before=before, **view.filters())
        return Page(view, rows[-limit:], -1, False, prepend=True, more_above=len(rows) > limit, anchor=before)

    def last_page(self, view: View, limit: int = PAGE) -> Page:
        """The last ``limit`` rows of ``view`` (End), read from the end of the index: no row above them is read."""
        if view.kind == "search":
            page = self.page(view)
            page.at_end = True
            return page
        rows = self.store().articles(limit=limit + 1, last=True, **view.filters())
        page = self._page(view, rows[-limit:], False, False)
        page.more_above, page.at_end = len(rows) > limit, True
        return page

    def _page(self, view: View, rows: list[dict], more: bool, append: bool) -> Page:
        st = self.store()
        total = -1  # counted afterwards (count), so the first titles are not kept waiting
        extra = {}
        if view.kind == "feed" and not append:
            extra["feed"] = next((f for f in st.feeds(active_only=False) if f["id"] == view.feed_id), None)
        return Page(view, rows, total, more, append=append, extra=extra)

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
