"""The article text as a line-API widget: only the paragraphs on screen are wrapped and styled.

A Static holding 50,000 characters is laid out whole on the UI thread each time it changes (opening the
article, ] [ and h each cost ~0.1 s there). Here the text is a list of paragraphs (Content): the line
count of each at the pane's width is worked out in a worker thread (the document's, or after a resize or
a first layout this widget's own; until it answers, the counts are estimated from the paragraphs'
lengths), and :meth:`render_line` wraps and styles only the paragraph a visible line falls in, keeping
the result until that paragraph changes. Restyling one paragraph (the current figure) redraws the
screen's few lines; its height cannot change, as styles never change where a line wraps.

Text selection with the mouse works as in a Static: the text is the paragraphs joined by blank lines, each
drawn character carries its (column, line) in that text, and a paragraph is drawn with the part of the
selection that falls in it.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Offset
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import Widget

#: below this many characters a text's lines are counted at once on the UI thread (well under a millisecond)
MEASURE_AT_ONCE = 4_000
#: the wrapping rules Static uses by default (fold long words, wrap lines, no padding)
WRAP_RULES = {"text_overflow": "fold", "text_wrap": "wrap", "line_pad": 0}


def line_counts(paragraphs: list[Content], width: int) -> list[int]:
    """Lines each paragraph takes at ``width`` cells (callable in a worker thread: it touches no widget)."""
    return [max(1, p.get_height(WRAP_RULES, width)) for p in paragraphs] if width > 0 else []


def estimated_counts(paragraphs: list[Content], width: int) -> list[int]:
    """About the lines each paragraph takes at ``width``, from its length alone (a few words' room is lost at
    the end of each line): cheap enough for the UI thread while :func:`line_counts` runs in a worker."""
    room = max(1, width - 4)
    return [max(1, -(-cell_len(p.plain) // room)) for p in paragraphs]


class ArticleBody(Widget):
    """Paragraphs separated by a blank line, drawn a line at a time."""

    DEFAULT_CSS = """
    ArticleBody { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.paragraphs: list[Content] = []
        self._counts: dict[int, list[int]] = {}  #: width -> lines of each paragraph
        self._estimates: dict[int, list[int]] = {}  #: width -> about as many, until measured
        self._starts: tuple[int, list[int]] | None = None  #: (width, first line of each paragraph and the end)
        self._strips: dict[int, list[Strip]] = {}  #: paragraph -> its lines at self._strips_width
        self._strips_width = 0
        self._text_lines: list[int] | None = None  #: the first line of each paragraph in the joined text

    # ---- content ------------------------------------------------------------------------------------
    def show(self, paragraphs: list[Content], width: int = 0, counts: list[int] | None = None,
             keep_lines: bool = False) -> None:
        """Show ``paragraphs``; ``counts``: their line counts at ``width``, if a worker worked them out;
        ``keep_lines``: the same text as shown now, in other styles (its line counts hold)."""
        same = keep_lines and len(paragraphs) == len(self.paragraphs)
        self.paragraphs = list(paragraphs)
        self._text_lines = None
        if not same:
            self._counts = {width: counts} if counts is not None and len(counts) == len(self.paragraphs) else {}
            self._estimates = {}
            self._starts = None
        self._strips = {}
        self.refresh(layout=not same)

    def restyle(self, index: int, paragraph: Content) -> None:
        """Paragraph ``index`` with other styles (the same text): only its lines are drawn again."""
        if 0 <= index < len(self.paragraphs):
            self.paragraphs[index] = paragraph
            self._strips.pop(index, None)
            self.refresh()

    # ---- geometry -------------------------------------------------------------------------------------
    def starts(self, width: int) -> list[int]:
        """The first line of each paragraph at ``width``, then the line after the last."""
        if self._starts is not None and self._starts[0] == width:
            return self._starts[1]
        counts = self._counts.get(width) or self._estimates.get(width)
        if counts is None and sum(len(p) for p in self.paragraphs) <= MEASURE_AT_ONCE:
            counts = self._counts[width] = line_counts(self.paragraphs, width)
        elif counts is None:  # a width no worker measured (a resize, a first layout): estimate, and measure
            counts = self._estimates[width] = estimated_counts(self.paragraphs, width)
            self._measure(width)
        starts, y = [], 0
        for n in counts:
            starts.append(y)
            y += n + 1  # a blank line after each paragraph
        starts.append(max(0, y - 1))
        self._starts = (width, starts)
        return starts

    def line_of(self, index: int) -> int:
        """The line paragraph ``index`` starts on, at the current width."""
        starts = self.starts(self._width())
        return starts[min(index, len(starts) - 1)] if starts else 0

    def _measure(self, width: int) -> None:
        paragraphs = self.paragraphs

        def measure() -> None:
            counts = line_counts(paragraphs, width)
            self.app.call_from_thread(self._measured, paragraphs, width, counts)

        self.run_worker(measure, thread=True, group="body-lines", exclusive=True, exit_on_error=False,
                        description=f"lines at width {width}")

    def _measured(self, paragraphs: list[Content], width: int, counts: list[int]) -> None:
        if len(paragraphs) == len(self.paragraphs) and all(a.plain is b.plain or a.plain == b.plain
                                                           for a, b in zip(paragraphs, self.paragraphs)):
            self._counts[width] = counts
            self._starts = None
            self.refresh(layout=True)

    def _width(self) -> int:
        return max(1, self.content_region.width or self.size.width or 1)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self.paragraphs:
            return 0
        return self.starts(max(1, width))[-1]

    def on_resize(self) -> None:
        self._strips = {}
        self.refresh(layout=True)

    # ---- selection --------------------------------------------------------------------------------------
    def text_lines(self) -> list[int]:
        """The line each paragraph starts on in the text as selection sees it (paragraphs joined by a blank
        line; a paragraph may hold line breaks of its own)."""
        if self._text_lines is None:
            lines, y = [], 0
            for p in self.paragraphs:
                lines.append(y)
                y += p.plain.count("\n") + 2
            self._text_lines = lines
        return self._text_lines

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract("\n\n".join(p.plain for p in self.paragraphs)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips = {}
        self.refresh()

    def _local_selection(self, index: int) -> Selection | None:
        """The part of the selection inside paragraph ``index``, in the paragraph's own lines (None: none)."""
        selection = self.text_selection
        if selection is None:
            return None
        first = self.text_lines()[index]
        last = first + self.paragraphs[index].plain.count("\n")
        start, end = selection
        if (start is not None and start.y > last) or (end is not None and end.y < first):
            return None
        local_start = None if start is None or start.y < first else Offset(start.x, start.y - first)
        local_end = None if end is None or end.y > last else Offset(end.x, end.y - first)
        return Selection(local_start, local_end)

    def _paragraph_strips(self, index: int, width: int, style: Style) -> list[Strip]:
        """Paragraph ``index`` wrapped at ``width``, with its part of the selection, each character marked with
        its place in the whole text (what the screen reads to know where a drag starts and ends)."""
        selection = self._local_selection(index)
        selection_style = Style.from_styles(self.screen.get_component_styles("screen--selection")) \
            if selection is not None else None
        strips = self.paragraphs[index].render_strips(
            width, None, style, RenderOptions(self._get_style, self.styles, selection, selection_style))
        shift = self.text_lines()[index]
        if shift:
            strips = [Strip([_shifted(segment, shift) for segment in strip], strip.cell_length) for strip in strips]
        return strips

    # ---- drawing ----------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self._width()
        style = self.visual_style
        blank = Strip([Segment("", style.rich_style)], 0)  # as Static draws an empty line
        if not self.paragraphs:
            return blank
        starts = self.starts(width)
        index = bisect_right(starts, y) - 1
        if index < 0 or index >= len(self.paragraphs):
            return blank
        if self._strips_width != width:
            self._strips, self._strips_width = {}, width
        strips = self._strips.get(index)
        if strips is None:
            strips = self._strips[index] = self._paragraph_strips(index, width, style)
        line = y - starts[index]
        if line >= len(strips):
            return blank  # the blank line between paragraphs
        return strips[line]


def _shifted(segment: Segment, lines: int) -> Segment:
    """``segment`` with the line of its selection offset moved down by ``lines``."""
    style = segment.style
    if style is None or not style._meta:
        return segment
    offset = style.meta.get("offset")
    if offset is None:
        return segment
    return Segment(segment.text, style + RichStyle.from_meta({"offset": (offset[0], offset[1] + lines)}),
                   segment.control)
