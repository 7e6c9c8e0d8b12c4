"""An article made ready to draw: its text as styled paragraphs and its Key figures panel rows.

Built in a worker thread (never on the UI thread) and in time linear in paragraphs plus figures: figures
are walked once, in order, beside the paragraphs. Moving the current figure restyles only the two
paragraphs it leaves and enters. What one article may put on screen is capped, so a hostile item (60,000
figures, a 5 MB title, tens of megabytes of text) costs what a long article costs. Feed text becomes
Content, never markup.
"""

from __future__ import annotations

import re

from textual.content import Content

from reader.figures import KEY_KINDS
from reader.analysis import VERSION as ANALYSIS
from reader.tui.key_figures import panel_rows

MAX_TEXT = 50_000  #: characters of text shown (``szreader show ID`` prints the rest)
MAX_TITLE = 300  #: cells of a title shown
MAX_PANEL = 300  #: Key figures panel rows; the rest are counted in a last row
MAX_FIGURES = 5_000  #: figures highlighted in the text (and reachable with ] and [)

#: how each kind looks in the text: a colour (theme variable with WCAG AA contrast, see app.py) and an
#: attribute of its own, so kinds differ without colour too
KIND_STYLE = {
    "money": "bold $fig-money", "percent": "bold italic $fig-percent", "count": "underline $fig-count",
    "quantity": "italic $fig-quantity", "ordinal": "bold underline $fig-ordinal",
    "ratio": "italic underline $fig-ratio", "time": "italic $text-muted", "person": "italic $text-muted",
}
KIND_TAG = {"money": "money", "percent": "pct", "count": "count", "quantity": "qty", "ordinal": "rank", "ratio": "ratio"}
CURRENT_STYLE = " reverse"
TERM_STYLE = "bold reverse"


def figure_value(f: dict) -> str:
    """'≈>+16.7 percent yoy': the figure's text with its attributes as signs. A direction is a change's:
    a level (``change`` false, or a money level, which rises *to* an amount) shows no sign."""
    is_change = f.get("change")
    if is_change is None:  # figures stored before the extractor said so: percents and multiples change
        is_change = f.get("kind") in ("percent", "ratio")
    direction = {"up": "+", "down": "−"}.get(f.get("direction"), "") if is_change else ""
    prefix = ("≈" if f.get("approx") else "") + {"gt": ">", "ge": "≥", "lt": "<", "le": "≤"}.get(f.get("bound"), "")
    text = (f.get("text") or "").strip()
    return prefix + direction + text + (f" {f['basis']}" if f.get("basis") else "")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph of stored text (paragraphs are separated by a blank line)."""
    spans, pos = [], 0
    for part in text.split("\n\n"):
        if part.strip():
            spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def term_pattern(query: str | None) -> re.Pattern | None:
    words = [re.escape(w.strip('"')) for w in (query or "").split() if w.strip('"')][:32]
    return re.compile("|".join(sorted(words, key=len, reverse=True)), re.IGNORECASE) if words else None


class Document:
    """One article's paragraphs (with and without figure highlights) and panel rows."""

    def __init__(self, article: dict, terms: str | None = None, inline_tags: bool = False) -> None:
        self.article_id = article.get("id")
        full = article.get("content") or article.get("summary") or ""
        self.cut = len(full) > MAX_TEXT
        self.text = full[:MAX_TEXT] if full else "(no text yet)"
        self.inline_tags = inline_tags
        self.terms = term_pattern(terms)
        self.spans = paragraph_spans(self.text) or [(0, len(self.text))]
        figures = article.get("figures") or []
        self.figures = figures
        # figures in the shown text, in order, none overlapping the one before: one pass over sorted starts
        order = sorted((i for i, f in enumerate(figures[:MAX_FIGURES * 4])
                        if isinstance(f.get("start"), int) and isinstance(f.get("end"), int)
                        and 0 <= f["start"] < f["end"] <= len(self.text)), key=lambda i: figures[i]["start"])
        self.para_figs: list[list[int]] = [[] for _ in self.spans]
        self.fig_para: dict[int, int] = {}
        k, last_end = 0, -1
        for i in order:
            f = figures[i]
            if f["start"] < last_end:
                continue
            while k < len(self.spans) and self.spans[k][1] < f["end"]:
                k += 1
            if k == len(self.spans):
                break
            if f["start"] >= self.spans[k][0]:
                self.para_figs[k].append(i)
                self.fig_para[i] = k
                last_end = f["end"]
                if len(self.fig_para) >= MAX_FIGURES:
                    break
        #: key figures reachable with ] and [, in reading order
        self.key_figures = [i for i in self.fig_para if figures[i].get("kind") in KEY_KINDS]
        self.styled = [self.paragraph(k, True, None) for k in range(len(self.spans))]
        self._plain: list[Content] | None = None
        #: Key figures panel rows (grouped by subject, see reader/tui/key_figures.py), and the row of each figure
        self.panel, self.panel_row = panel_rows(figures, MAX_PANEL, figure_value, lambda k: KIND_STYLE.get(k, ""))
        if not figures and article.get("analysed", ANALYSIS) < ANALYSIS:  # a refresh left them for later
            self.panel = [(Content.styled("Working out key figures…", "dim italic"), None)]

    # ---- text -----------------------------------------------------------------------------------
    def paragraph(self, k: int, highlight: bool, current: int | None) -> Content:
        start, end = self.spans[k]
        text = self.text
        parts: list = []
        cursor = start
        if highlight:
            for i in self.para_figs[k]:
                f = self.figures[i]
                parts.append(text[cursor:f["start"]])
                style = KIND_STYLE.get(f.get("kind"), "") + (CURRENT_STYLE if i == current else "")
                parts.append((text[f["start"]:f["end"]], style))
                if self.inline_tags and f.get("kind") in KIND_TAG:
                    parts.append((f" {KIND_TAG[f['kind']]}", "dim italic"))
                cursor = f["end"]
        parts.append(text[cursor:end])
        content = Content.assemble(*parts)
        if self.terms is not None and not self.inline_tags:  # offsets hold only without inserted tags
            for m in self.terms.finditer(text, start, end):
                content = content.stylize(TERM_STYLE, m.start() - start, m.end() - start)
        return content

    def paragraphs(self, highlight: bool) -> list[Content]:
        if highlight:
            return self.styled
        if self._plain is None:
            self._plain = [self.paragraph(k, False, None) for k in range(len(self.spans))]
        return self._plain

    def cut_note(self) -> Content | None:
        """The last paragraph of a text cut at MAX_TEXT: where to read the rest."""
        if not self.cut:
            return None
        return Content.styled(f"(text cut at {MAX_TEXT:,} characters here; `szreader show {self.article_id}` "
                              "prints all of it)", "dim italic")
