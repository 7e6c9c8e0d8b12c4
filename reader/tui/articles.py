"""The article list: a line-API widget drawn from SQL a page at a time, so 100,000 articles cost what 50 do.

The list only has the rows it has loaded (no placeholder rows): a window of the view that starts at its top
(moving near the window's end asks for the next page) or, after End, ends at its bottom (moving near the
window's top asks for the page above). So End and Home cost one page, however long the view.
A reload keeps the cursor on its article and that article where it was on screen, new articles arriving
above it. Widths are counted in terminal cells, so wide (CJK) and zero-width characters keep rows aligned.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.cells import fit


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
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

    @dataclass
    class NeedEarlier(Message):
        """The list is near the top of the rows loaded from the end: load the page above this key."""

        before: tuple[str, int]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[dict] = []
        self.total = 0
        self.more = False
        self.more_above = False  #: the rows start below the view's first article (End loaded the last page)
        self.cursor = 0
        self.open_id: int | None = None  #: the article open in the reading pane, marked ▶
        self.empty_text = ""  #: shown when there are no rows
        self._asked: tuple | None = None

    # ---- data ---------------------------------------------------------------------------------
    def show(self, rows: list[dict], total: int, more: bool, append: bool = False, keep: int | None = None,
             prepend: bool = False, more_above: bool = False, at_end: bool = False) -> None:
        """Show ``rows``; with ``keep`` (an article id) the cursor stays on that article if it is still listed;
        ``at_end``: the cursor goes to the last row (End)."""
        if append:
            self.rows.extend(rows)
        elif prepend:  # the rows above: the cursor and the screen stay on the same rows
            self.rows[:0] = rows
            self.cursor += len(rows)
            self.more_above = more_above
            self._size_virtual(total, more)
            self.scroll_to(y=self.scroll_offset.y + len(rows), animate=False)
            self._asked = None
            self.refresh()
            return
        elif at_end:
            self.rows = list(rows)
            self.more_above = more_above
            self.cursor = max(0, len(self.rows) - 1)
            self._size_virtual(total, more)
            self.call_after_refresh(self.reveal)
        else:
            self.more_above = more_above
            old_index, old_top = self.cursor, self.scroll_offset.y
            self.rows = list(rows)
            index = next((i for i, r in enumerate(self.rows) if r["id"] == keep), None) if keep is not None else None
            if index is None:
                self.cursor = 0
                self.scroll_to(y=0, animate=False)
            else:
                self.cursor = index
                self._size_virtual(total, more)
                self.scroll_to(y=max(0, old_top + index - old_index), animate=False)
        if total >= 0:
            self.total = max(total, len(self.rows))
        else:
            self.total = max(self.total if append else 0, len(self.rows))
        self.more = more
        self._asked = None
        self._size_virtual(total, more)
        self.refresh()
        if self.rows and not append:
            self.post_message(self.Highlighted(self.rows[self.cursor]))

    def _size_virtual(self, total: int, more: bool) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def set_total(self, total: int) -> None:
        """The number of rows the list will have once every page is loaded."""
        self.total = max(total, len(self.rows))

    def update_row(self, article_id: int, **changes) -> None:
        for row in self.rows:
            if row["id"] == article_id:
                row.update(changes)
                self.refresh()
                return

    def row(self, article_id: int) -> dict | None:
        return next((r for r in self.rows if r["id"] == article_id), None)

    def index_of(self, article_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r["id"] == article_id), None)

    @property
    def current(self) -> dict | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # ---- drawing --------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.rows):
            text = self.empty_text if index == 0 and not self.rows else ""
            return Strip([Segment(fit(text, width), self.rich_style + Style(dim=True))], width)
        row = self.rows[index]
        flags = ("▶" if row["id"] == self.open_id else "●" if not row["read"] else " ") \
            + ("★" if row["starred"] else " ") + ("S" if row["saved"] else " ")
        date = (row.get("published") or row.get("sort_date") or "")[:10]
        if width >= 90:  # narrower rows give the title the room: a shorter source, then no source
            head = f" {flags} {fit(date, 10)} {fit(row.get('feed'), 18)} "
        elif width >= 64:
            head = f" {flags} {fit(date[5:], 5)} {fit(row.get('feed'), 10)} "
        else:
            head = f" {flags} {fit(date[5:], 5)} "
        title = fit(row.get("title"), max(0, width - cell_len(head)))
        base = self.rich_style
        if index == self.cursor:
            style = base + Style(reverse=True, bold=not row["read"]) if self.has_focus else base + Style(underline=True)
        else:
            style = base + Style(bold=not row["read"], dim=bool(row["read"]))
        return Strip([Segment(head, style), Segment(title, style)], width)

    # ---- moving -----------------------------------------------------------------------------------
    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height or self.size.height or 1)

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        self.cursor = index
        self.reveal()
        self.refresh()
        self.post_message(self.Highlighted(self.rows[index]))
        if self.more and index > len(self.rows) - 50:
            after = (self.rows[-1]["sort_date"], self.rows[-1]["id"])
            if self._asked != after:
                self._asked = after
                self.post_message(self.NeedMore(after))
        if self.more_above and index < 50:
            before = (self.rows[0]["sort_date"], self.rows[0]["id"])
            if self._asked != before:
                self._asked = before
                self.post_message(self.NeedEarlier(before))

    def reveal(self) -> None:
        """Scroll so that the cursor row is on screen."""
        top, height = self.scroll_offset.y, self.page_height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def on_click(self, event) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.rows):
            self.move_to(index)
            if event.chain >= 2 or self.open_id is not None:
                self.post_message(self.Chosen(self.rows[index]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.call_after_refresh(self.reveal)
