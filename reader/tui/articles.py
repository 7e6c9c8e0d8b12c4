"""The article list: a line-API widget drawn from SQL a page at a time, so 100,000 articles cost what 50 do."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


def _fit(text: str, width: int) -> str:
    return text[:width].ljust(width)


class ArticleList(ScrollView, can_focus=True):
    """Rows of (flags, date, source, title); the cursor row is highlighted. More rows are asked for as needed."""

    DEFAULT_CSS = """
    ArticleList { background: $surface; }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved to this article."""

        article: dict

    @dataclass
    class Chosen(Message):
        """Enter or a click on this article."""

        article: dict

    @dataclass
    class NeedMore(Message):
        """The list is near the end of the rows loaded: load the page after this key."""

        after: tuple[str, int]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[dict] = []
        self.total = 0
        self.more = False
        self.cursor = 0
        self._asked: tuple | None = None

    # ---- data ---------------------------------------------------------------------------------
    def show(self, rows: list[dict], total: int, more: bool, append: bool = False) -> None:
        if append:
            self.rows.extend(rows)
        else:
            self.rows, self.cursor = list(rows), 0
            self.scroll_to(y=0, animate=False)
        if total >= 0:
            self.total = max(total, len(self.rows))
        else:  # not counted yet: what is loaded, or what was known before this page
            self.total = max(self.total if append else 0, len(self.rows))
        self.more = more
        self._asked = None
        self.virtual_size = Size(self.size.width, self.total if more else len(self.rows))
        self.refresh()
        if self.rows and not append:
            self.post_message(self.Highlighted(self.rows[0]))

    def set_total(self, total: int) -> None:
        """The number of rows the list will have once every page is loaded (sizes the scrollbar)."""
        self.total = max(total, len(self.rows))
        self.virtual_size = Size(self.size.width, self.total if self.more else len(self.rows))
        self.refresh()

    def update_row(self, article_id: int, **changes) -> None:
        for row in self.rows:
            if row["id"] == article_id:
                row.update(changes)
                self.refresh()
                return

    @property
    def current(self) -> dict | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # ---- drawing --------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.rows):
            if self.more and self.rows and self._asked != (self.rows[-1]["sort_date"], self.rows[-1]["id"]):
                self._asked = (self.rows[-1]["sort_date"], self.rows[-1]["id"])
                self.post_message(self.NeedMore(self._asked))
            text = "  …" if index < self.total and self.more else ""
            return Strip([Segment(_fit(text, width), self.rich_style)], width)
        row = self.rows[index]
        flags = ("●" if not row["read"] else " ") + ("★" if row["starred"] else " ") + ("S" if row["saved"] else " ")
        date = (row.get("published") or row.get("sort_date") or "")[:10]
        source = _fit(row.get("feed") or "", 18)
        head = f" {flags} {date:<10} {source} "
        title = _fit(row.get("title") or "", max(0, width - len(head)))
        base = self.rich_style
        if index == self.cursor:
            style = base + Style(reverse=True, bold=not row["read"]) if self.has_focus else base + Style(underline=True)
        else:
            style = base + Style(bold=not row["read"], dim=bool(row["read"]))
        return Strip([Segment(head, style), Segment(title, style)], width)

    # ---- moving -----------------------------------------------------------------------------------
    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        self.cursor = index
        top, height = self.scroll_offset.y, self.scrollable_content_region.height or 1
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self.rows[index]))
        if self.more and index > len(self.rows) - 50:
            after = (self.rows[-1]["sort_date"], self.rows[-1]["id"])
            if self._asked != after:
                self._asked = after
                self.post_message(self.NeedMore(after))

    def on_click(self, event) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.rows):
            self.move_to(index)
            if event.chain >= 2:
                self.post_message(self.Chosen(self.rows[index]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total if self.more else len(self.rows))
