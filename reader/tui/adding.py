"""Adding a source from the TUI: what szreader found at a URL, shown before anything is subscribed.

The app runs ``szreader add URL --preview --json`` in a child process (discovery fetches pages and parses
them in forked workers, which a threaded Textual process must not do) and shows its answer here: the feeds
a page links (choose one), the feed the URL is, or a list page read with a layout szreader knows (its first
items, as a refresh would store them). Everything shown came from a web page: it is Content, never markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.sanitize import clean_line
from reader.cells import clip


def line(text: object, limit: int) -> str:
    """One line of outside text: controls dropped, whitespace folded, at most ``limit`` characters."""
    return clip(clean_line(text), limit)


def count_items(n: object) -> str:
    n = int(n or 0)
    return f"{n} item{'' if n == 1 else 's'}"


class AddSourceScreen(ModalScreen[dict | None]):
    """The preview of ``szreader add URL --preview --json``; dismissed with the choice ({"feed": url} or
    {"page": url, "selectors": {...}}), or None (Escape)."""

    BINDINGS = [Binding("escape,q", "cancel", "Cancel")]
    DEFAULT_CSS = """
    AddSourceScreen { align: center middle; }
    AddSourceScreen > #adding { width: 90%; max-width: 110; height: auto; max-height: 90%; border: round $accent;
                                background: $panel; padding: 0 1; }
    AddSourceScreen OptionList { height: auto; max-height: 50vh; }
    """

    def __init__(self, found: dict) -> None:
        super().__init__()
        self.found = found
        self.choices: list[dict] = []

    def compose(self) -> ComposeResult:
        found = self.found
        feeds, page = found.get("feeds") or [], found.get("page")
        with Vertical(id="adding"):
            yield Static(Content.assemble(("Add a source: ", "bold"), (line(found.get("url"), 200), "bold $text-accent")))
            options: list[Option] = []
            if found.get("is_feed"):
                head = "This address is a feed:"
            elif feeds:
                head = f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''} found for this page"
                head += ", and it is a list page szreader can read; choose one:" if page else "; choose one:"
            else:
                head = "No feed here, but a list page szreader can read:"
            yield Static(Content.styled(head, "dim"), id="found-head")
            for f in feeds:
                self.choices.append({"feed": f["url"]})
                options.append(Option(Content.assemble(
                    (line(f.get("title") or "(untitled)", 80), "bold"),
                    (f"  [{line(f.get('format'), 12)}, {count_items(f.get('entries'))}]", "dim"),
                    "\n  ", (line(f.get("url"), 200), "italic $text-muted"))))
            if page:  # the option carries the page's first items, as a refresh would store them
                total, items = int(page.get("total") or 0), page.get("items") or []
                about = (f"  {line(page.get('layout'), 60)} layout, {count_items(total)}"
                         + (", more pages follow" if page.get("next") else "") + "; the first as they would be stored:")
                rows = [Content.assemble(("\n  " + line(it.get("date") or "----------", 10) + "  ", "dim"),
                                         line(it.get("title") or "(no title)", 160)) for it in items]
                self.choices.append({"page": found.get("url"), "selectors": page.get("selectors") or {}})
                options.append(Option(Content.assemble(("Subscribe to this list page", "bold"), "\n",
                                                       (about, "dim"), *rows), id="page"))
            yield OptionList(*options, id="found-choices")
            yield Static(Content.styled("Enter subscribes · Esc cancels", "dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
