"""The article view: title, byline, the text with every figure highlighted, and the Key figures panel.

The text and the panel are built by :class:`~reader.tui.document.Document` in a worker thread (with the
text's line count at the pane's width); this widget only puts the result on screen, and restyles two
paragraphs when the current figure moves. The text is an :class:`~reader.tui.body.ArticleBody`, which
wraps and styles only the paragraphs on screen, so no article holds the UI thread for long.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.fulltext import unavailable_note
from reader.tui.body import ArticleBody, line_counts
from reader.cells import clip
from reader.tui.document import MAX_TITLE, Document
from reader.tui.fact_series import fact_of


class FiguresPanel(OptionList):
    """Key figures grouped by subject, with entity and period; choosing one scrolls the text to it."""

    @dataclass
    class Picked(Message):
        index: int  #: index of the figure in the article's figures

    def show(self, rows: list[tuple[Content, int | None]]) -> None:
        self.clear_options()
        self.add_options([Option(prompt, id=None if i is None else f"fig-{i}", disabled=i is None)
                          for prompt, i in rows])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Picked(int(event.option.id.split("-")[1])))


class ArticleView(Horizontal):
    """The reading pane: the article text beside its Key figures."""

    @dataclass
    class Ready(Message):
        """The article's text and panel are on screen."""

        article_id: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: dict | None = None
        self.doc: Document | None = None
        self.highlight = True
        self.current: int | None = None
        self.paragraphs: list[Content] = []
        self.inline_tags = False
        self.returning = None  #: a Place (reader/tui/history.py) to put back once its article is shown again

    def compose(self):
        with VerticalScroll(id="reading"):
            yield Static(id="title")
            yield Static(id="byline")
            yield Static(id="meta")
            yield ArticleBody(id="body")
        panel = FiguresPanel(id="figures")
        panel.border_title = "Key figures"
        yield panel

    @property
    def text(self) -> str:
        return self.doc.text if self.doc else ""

    @property
    def key_figures(self) -> list[int]:
        return self.doc.key_figures if self.doc else []

    def show(self, article: dict, terms: str | None = None) -> None:
        """Title, byline and meta at once; the text and the panel once a worker has built them."""
        same = self.article is not None and self.article.get("id") == article.get("id")
        self.article = article
        if not same:
            self.current, self.doc, self.paragraphs = None, None, []
        title = clip(article.get("title") or "(untitled)", MAX_TITLE)
        self.query_one("#title", Static).update(Content.styled(title, "bold"))
        byline: list = []
        for label, key in (("Writer: ", "writer"), ("Editor: ", "editor"), ("From: ", "source"), ("Updated: ", "updated")):
            if article.get(key):
                byline += [(" · " if byline else "", "dim"), (label, "dim"), (clip(article[key], 200), "italic $text-muted")]
        self.query_one("#byline", Static).update(Content.assemble(*byline))
        meta = [clip(article.get("feed"), 200), (article.get("published") or article.get("sort_date") or "")[:10]]
        if article.get("tags"):
            meta.append("tags: " + ", ".join(clip(t, 80) for t in article["tags"]))
        note = unavailable_note(article.get("text_status"))
        if note:  # the feed's summary is shown instead: say why
            meta.append(clip(note, 300))
        self.query_one("#meta", Static).update(Content.styled(" · ".join(meta), "dim"))
        body = self.query_one("#body", ArticleBody)
        if not same:
            body.show([Content.styled("…", "dim")])
            self.query_one("#figures", FiguresPanel).clear_options()
            self.query_one("#reading", VerticalScroll).scroll_home(animate=False)
        # run_worker with a description of our own: @work would describe the call with repr() of its
        # arguments, and the repr of a hostile article (5 MB title, 60,000 figures) cost 0.6 s on this thread
        width = self._text_width()
        self.run_worker(lambda: self.build(article, terms, width), thread=True, group="document",
                        exit_on_error=False, description=f"article {article.get('id')}")

    def _text_width(self) -> int:
        """The text's width in cells as laid out now (0 before the pane was first shown)."""
        body = self.query_one("#body", ArticleBody)
        return body.content_region.width or body.size.width

    def build(self, article: dict, terms: str | None, width: int) -> None:
        """In a worker thread: the text, its line counts at ``width`` and the panel; then to the UI thread."""
        doc = Document(article, terms, self.inline_tags)
        paragraphs = self._with_note(doc, doc.paragraphs(self.highlight))
        self.app.call_from_thread(self._show_doc, doc, width, line_counts(paragraphs, width))

    @staticmethod
    def _with_note(doc: Document, paragraphs: list[Content]) -> list[Content]:
        note = doc.cut_note()
        return list(paragraphs) + ([note] if note is not None else [])

    def _show_doc(self, doc: Document, width: int, counts: list[int]) -> None:
        if self.article is None or self.article.get("id") != doc.article_id:
            return
        current = self.current if self.doc is not None else None
        place, self.returning = self.returning, None
        if place is not None and place.article_id != doc.article_id:
            self.returning, place = place, None  # an article shown before the one to return to
        if place is not None:
            current = place.figure
        self.doc = doc
        self.paragraphs = list(doc.paragraphs(self.highlight))
        self.current = None
        with self.app.batch_update():
            self.query_one("#body", ArticleBody).show(self._with_note(doc, self.paragraphs), width, counts)
            self.query_one("#figures", FiguresPanel).show(doc.panel)
        if current is not None and current in doc.fig_para:
            self.go_to(current)
        if place is not None:  # where the reader was: the same panel row and the same scroll
            panel = self.query_one("#figures", FiguresPanel)
            if place.panel_row is not None and place.panel_row < panel.option_count:
                panel.highlighted = place.panel_row
            reading = self.query_one("#reading", VerticalScroll)
            self.call_after_refresh(lambda: reading.scroll_to(y=place.scroll_y, animate=False))
        self.post_message(self.Ready(doc.article_id))

    def toggle_highlights(self) -> None:
        self.highlight = not self.highlight
        if self.doc is not None:
            self.paragraphs = list(self.doc.paragraphs(self.highlight))
            self._set_current(self.current, restyle=False)
            # the same text in other styles keeps its lines; inline tags are text, and change them
            self.query_one("#body", ArticleBody).show(self._with_note(self.doc, self.paragraphs),
                                                      keep_lines=not self.doc.inline_tags)

    def _set_current(self, index: int | None, restyle: bool = True) -> None:
        """Restyle only the paragraphs the current figure leaves and enters."""
        doc = self.doc
        before = self.current
        self.current = index
        body = self.query_one("#body", ArticleBody)
        for i in (before, index):
            if i is not None and i in doc.fig_para:
                k = doc.fig_para[i]
                self.paragraphs[k] = doc.paragraph(k, True, index) if self.highlight else doc.paragraphs(False)[k]
                if restyle:
                    body.restyle(k, self.paragraphs[k])

    def jump(self, step: int) -> None:
        """Go to the next (step 1) or previous (-1) key figure in the text."""
        order = self.key_figures
        if not order:
            return
        if self.current not in order:
            target = order[0] if step > 0 else order[-1]
        else:
            target = order[(order.index(self.current) + step) % len(order)]
        self.go_to(target)

    def chosen_figure(self) -> dict | None:
        """The figure F acts on: the Key figures panel's highlighted row while it has focus, else the current
        figure of ] and [; a conversion stands for its original."""
        doc = self.doc
        if doc is None:
            return None
        index = self.current
        panel = self.query_one("#figures", FiguresPanel)
        if panel.has_focus and panel.highlighted is not None:
            option = panel.get_option_at_index(panel.highlighted)
            index = int(option.id.split("-")[1]) if option.id else None
        if index is None or not 0 <= index < len(doc.figures):
            return None
        return fact_of(doc.figures[index], doc.figures)

    def go_to(self, index: int) -> None:
        doc = self.doc
        if doc is None or index not in doc.fig_para:
            return
        self._set_current(index)
        panel = self.query_one("#figures", FiguresPanel)
        if index in doc.panel_row:  # else past the panel's cap
            panel.highlighted = doc.panel_row[index]
        body = self.query_one("#body", ArticleBody)
        reading = self.query_one("#reading", VerticalScroll)
        line = body.line_of(doc.fig_para[index])
        self.call_after_refresh(reading.scroll_to, y=body.virtual_region.y + line - 2, animate=False)
