"""The article view: title, byline, the text with every figure highlighted and tagged, and the Key figures panel."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.figures import KEY_KINDS
from reader.text import paragraphs

KIND_STYLE = {
    "money": "bold $success", "percent": "bold $warning", "count": "bold $accent", "quantity": "bold $secondary",
    "ordinal": "bold $primary", "ratio": "bold $error", "time": "italic $text-muted", "person": "italic $text-muted",
}
KIND_TAG = {"money": "money", "percent": "pct", "count": "count", "quantity": "qty", "ordinal": "rank", "ratio": "ratio"}
KIND_TITLE = {"money": "Money", "percent": "Percent", "count": "Counts", "quantity": "Quantities",
              "ordinal": "Ranks", "ratio": "Multiples"}


def _value(f: dict) -> str:
    """'≈>+16.7 percent yoy': the figure's text with its attributes as signs."""
    prefix = ("≈" if f.get("approx") else "") + {"gt": ">", "ge": "≥", "lt": "<", "le": "≤"}.get(f.get("bound"), "") \
        + {"up": "+", "down": "−"}.get(f.get("direction"), "")
    return prefix + f["text"] + (f" {f['basis']}" if f.get("basis") else "")


def figure_line(f: dict, figures: list[dict]) -> Content:
    """'GDP — 12.1 trillion yuan (US$1.95 trillion)' for the Key figures panel; plain text, never markup."""
    subject = f.get("subject") or ""
    conv = [g["text"] for g in figures if g.get("equivalent_of") is not None and figures[g["equivalent_of"]] is f]
    text = _value(f) + (f" ({conv[0]})" if conv else "")
    return Content.assemble((subject + " — " if subject else ""), (text, KIND_STYLE.get(f["kind"], "")))


def body_paragraphs(text: str, figures: list[dict], highlight: bool, current: int | None) -> list[Content]:
    """Each paragraph as Content, with figures styled and tagged by kind (offsets are into ``text``)."""
    out, pos = [], 0
    for para in paragraphs(text):
        start = text.find(para, pos)
        end = start + len(para)
        pos = end
        parts: list = []
        cursor = start
        for i, f in enumerate(figures):
            if not (start <= f["start"] and f["end"] <= end) or f["start"] < cursor:
                continue
            parts.append(text[cursor:f["start"]])
            if highlight:
                style = KIND_STYLE.get(f["kind"], "")
                if i == current:
                    style += " reverse"
                parts.append((text[f["start"]:f["end"]], style))
                if f["kind"] in KIND_TAG:
                    parts.append((f" {KIND_TAG[f['kind']]}", "dim italic"))
            else:
                parts.append(text[f["start"]:f["end"]])
            cursor = f["end"]
        parts.append(text[cursor:end])
        out.append(Content.assemble(*parts))
    return out


class FiguresPanel(OptionList):
    """Key figures grouped by kind; choosing one scrolls the text to it."""

    @dataclass
    class Picked(Message):
        index: int  #: index of the figure in the article's figures

    def show(self, figures: list[dict]) -> None:
        options = []
        for kind in KEY_KINDS:
            group = [(i, f) for i, f in enumerate(figures) if f["kind"] == kind and f.get("equivalent_of") is None]
            if group:
                options.append(Option(Content.styled(KIND_TITLE[kind], "bold underline"), disabled=True))
                options += [Option(figure_line(f, figures), id=f"fig-{i}") for i, f in group]
        self.clear_options()
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Picked(int(event.option.id.split("-")[1])))


class ArticleView(Horizontal):
    """The reading pane: the article text beside its Key figures."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: dict | None = None
        self.highlight = True
        self.current: int | None = None
        self.paragraphs: list[Content] = []

    def compose(self):
        with VerticalScroll(id="reading"):
            yield Static(id="title")
            yield Static(id="byline")
            yield Static(id="meta")
            yield Static(id="body")
        panel = FiguresPanel(id="figures")
        panel.border_title = "Key figures"
        yield panel

    @property
    def text(self) -> str:
        a = self.article or {}
        return a.get("content") or a.get("summary") or ""

    @property
    def key_figures(self) -> list[int]:
        figs = (self.article or {}).get("figures", [])
        return [i for i, f in enumerate(figs) if f["kind"] in KEY_KINDS]

    def show(self, article: dict) -> None:
        with self.app.batch_update():
            self._show(article)

    def _show(self, article: dict) -> None:
        self.article, self.current = article, None
        self.query_one("#title", Static).update(Content.styled(article["title"] or "(untitled)", "bold"))
        byline: list = []
        for label, key in (("Writer: ", "writer"), ("Editor: ", "editor"), ("From: ", "source"), ("Updated: ", "updated")):
            if article.get(key):
                byline += [(" · " if byline else "", "dim"), (label, "dim"), (article[key], "italic $text-muted")]
        self.query_one("#byline", Static).update(Content.assemble(*byline))
        meta = [article["feed"], (article.get("published") or article.get("sort_date") or "")[:10]]
        if article.get("tags"):
            meta.append("tags: " + ", ".join(article["tags"]))
        self.query_one("#meta", Static).update(Content.styled(" · ".join(meta), "dim"))
        panel = self.query_one("#figures", FiguresPanel)
        panel.clear_options()
        # the text first, the panel on the next frame: the reader sees the article sooner
        self.call_after_refresh(panel.show, article.get("figures", []))
        self._render_body()
        self.query_one("#reading", VerticalScroll).scroll_home(animate=False)

    def _render_body(self) -> None:
        """One Static for the whole text: re-mounting a widget per paragraph cost most of opening an article."""
        figures = (self.article or {}).get("figures", [])
        text = self.text or "(no text yet)"
        self.paragraphs = body_paragraphs(text, figures, self.highlight, self.current)
        self.query_one("#body", Static).update(Content("\n\n").join(self.paragraphs))

    def toggle_highlights(self) -> None:
        self.highlight = not self.highlight
        self._render_body()

    def jump(self, step: int) -> None:
        """Go to the next (step 1) or previous (-1) key figure in the text."""
        order = self.key_figures
        if not order:
            return
        if self.current not in order:
            self.current = order[0] if step > 0 else order[-1]
        else:
            self.current = order[(order.index(self.current) + step) % len(order)]
        self.go_to(self.current)

    def go_to(self, index: int) -> None:
        self.current = index
        self._render_body()
        f = self.article["figures"][index]
        text = self.text
        starts = [text.find(p) for p in paragraphs(text)]
        para = max((k for k, s in enumerate(starts) if s <= f["start"]), default=0)
        body = self.query_one("#body", Static)
        width = max(1, body.content_region.width or body.size.width or 60)
        lines = sum(len(p.wrap(width)) + 1 for p in self.paragraphs[:para])
        reading = self.query_one("#reading", VerticalScroll)
        self.call_after_refresh(reading.scroll_to, y=body.virtual_region.y + lines - 2, animate=False)
