"""The sidebar: smart views, each source with its unread count, user tags, and the active search."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.cells import clip
from reader.tui.data import View


class Sources(OptionList):
    """Choosing an entry shows its articles in the list."""

    @dataclass
    class Chosen(Message):
        view: View

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.views: list[View | None] = []
        self.search: View | None = None
        self.feeds: list[dict] = []  #: the sources in sidebar order, with their unread counts

    def show(self, feeds: list[dict], counts: dict[str, int], tags: list[str], current: View) -> None:
        self.feeds = feeds
        entries: list[tuple[View | None, Content]] = []
        for kind, label in (("all", "All"), ("unread", "Unread"), ("starred", "Starred"), ("saved", "Saved")):
            entries.append((View(kind, label=label), Content.assemble((label, "bold"), (f"  {counts[kind]}", "dim"))))
        if tags:
            entries.append((None, Content.styled("Tags", "dim underline")))
            entries += [(View("tag", tag=t, label=f"#{t}"), Content(clip(f"#{t}", 60))) for t in tags]
        entries.append((None, Content.styled("Sources", "dim underline")))
        for f in feeds:
            unread = f"  {f['unread']}" if f["unread"] else ""
            mark = " !" if f["last_error"] else ""
            entries.append((View("feed", feed_id=f["id"], label=f["name"]),
                            Content.assemble(clip(f["name"], 60), (unread, "bold $text-accent"),
                                             (mark, "bold $text-error"))))
        if self.search is not None:
            entries.append((None, Content.styled("Search", "dim underline")))
            entries.append((self.search, Content(clip(self.search.label, 60))))
        highlighted = self.highlighted
        self.clear_options()
        self.views = [v for v, _ in entries]
        self.add_options([Option(c, disabled=v is None) for v, c in entries])
        keep = next((i for i, v in enumerate(self.views) if v == current), highlighted or 0)
        self.highlighted = keep

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self.views[event.option_index]
        if view is not None:
            self.post_message(self.Chosen(view))

    def feed_of(self, view: View) -> int | None:
        return view.feed_id if view.kind == "feed" else None
