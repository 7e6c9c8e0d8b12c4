"""A fact's timeline (F): its values by period in a table, and a chart of value over period with axes and units.

The chart is textual-plot's PlotWidget: a native Textual widget (no ANSI round trip), with a numeric y axis
in the group's one unit and scale, and a time x axis labelled by year, quarter or month. Its labels are Rich
markup inside the widget, so every label we hand it is cleaned and escaped; the rest of the screen is
Content. The table is an OptionList: Enter opens the source article. Conflicting periods (sources that
disagree) are marked "!" in the table and drawn as "!" points on the chart.

:class:`FactPicker` lists the known fact groups (type to filter) when no figure is chosen. Both screens get
their data from a worker; they only draw.
"""

from __future__ import annotations

from math import ceil, floor
from typing import Sequence

from rich.cells import cell_len
from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual_plot import HiResMode, PlotWidget
from textual_plot.axis_formatter import AxisFormatter

from reader.facts import amount
from reader.sanitize import clean_line
from reader.cells import clip, fit
from reader.tui.fact_series import Timeline, group_title, unit_label

CONFLICT_STYLE = "bold $text-warning"


def plot_label(text: str, limit: int = 40) -> str:
    """Text for the plot widget, which parses Rich markup: one clean line, escaped."""
    return escape(clip(clean_line(text), limit))


class PeriodAxis(AxisFormatter):
    """Ticks in the middle of each year (or quarter, or month, for short spans), labelled '2024', '2024-Q3',
    '2024-07'; as many as fit in ``width`` columns."""

    def __init__(self, finest: float = 1.0) -> None:
        self.width = 60
        self.finest = finest  #: the shortest period plotted, in years: whole years get year ticks whatever the zoom
        self.step = 1.0  #: years between two possible ticks: 1, a quarter or a month

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        span = max_ - min_
        if self.finest >= 1 or span >= 2:
            self.step, label_len = 1.0, 4
        else:
            self.step, label_len = (0.25, 7) if span >= 0.75 or self.finest >= 0.25 else (1 / 12, 7)
        fit = max(2, min(max_ticks, self.width // (label_len + 3)))
        first, last = ceil(min_ / self.step - 0.5), floor(max_ / self.step - 0.5)
        count = last - first + 1
        every = next((n for n in (1, 2, 4, 5, 10, 20, 25, 50, 100) if ceil(count / n) <= fit), 1000)
        return [(k + 0.5) * self.step for k in range(first, last + 1) if k % every == 0]

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        labels = []
        for t in ticks:
            year = floor(t)
            if self.step == 1.0:
                labels.append(f"{year}")
            elif self.step == 0.25:
                labels.append(f"{year}-Q{int((t - year) * 4) + 1}")
            else:
                labels.append(f"{year}-{int((t - year) * 12) + 1:02d}")
        return labels


def _value_text(fact: dict, g: dict) -> str:
    return amount(fact["value"], fact.get("value_to"), g.get("unit"), g.get("per"))


class TimelineScreen(ModalScreen[int | None]):
    """One fact group: summary line, chart, and the table by period. Enter dismisses the screen with the
    chosen row (the app opens its source article), Esc with None; ``row`` is highlighted first (coming back)."""

    DEFAULT_CSS = """
    TimelineScreen { align: center middle; }
    #timeline { width: 96%; max-width: 140; height: 96%; background: $panel; border: thick $primary;
                padding: 0 1; }
    #timeline-title { height: auto; }
    #timeline-note { height: auto; color: $text-muted; }
    #timeline-chart { height: 1fr; min-height: 8; }
    #timeline-empty { height: auto; margin: 1 0; }
    #timeline-head { height: 1; color: $text-muted; text-style: bold; }
    #timeline-rows { height: auto; max-height: 40%; min-height: 2; border: none; padding: 0; }
    TimelineScreen.tiny #timeline-chart { display: none; }
    TimelineScreen.tiny #timeline-rows { max-height: 100%; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close"), Binding("c", "toggle_chart", "Chart", show=False)]

    def __init__(self, t: Timeline, row: int = 0) -> None:
        super().__init__()
        self.timeline = t
        self.start_row = row
        self.group, self.total, self.points, self.trend = t.group, t.total, t.points, t.trend
        self.scale_word, self.conflicts = t.word, t.conflicts
        self.axis = PeriodAxis(t.finest)

    # ---- layout -------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        g = self.group
        with Vertical(id="timeline"):
            yield Static(Content.assemble(("Timeline ", "bold"), (clip(clean_line(group_title(g)), 200),
                                                                   "bold $text-accent")), id="timeline-title")
            yield Static(id="timeline-note")
            yield PlotWidget(id="timeline-chart", allow_pan_and_zoom=False)
            if not self.points:
                yield Static(Content.styled("Nothing to plot: no figure of this fact says which period it is for.",
                                            "dim italic"), id="timeline-empty")
            yield Static(id="timeline-head")
            yield OptionList(id="timeline-rows")

    def on_mount(self) -> None:
        self._fit(self.size)
        self._draw()
        self.query_one("#timeline-rows", OptionList).focus()

    def on_resize(self, event) -> None:
        self._fit(event.size)

    def _fit(self, size) -> None:
        self.set_class(size.height < 15, "tiny")
        self.axis.width = max(20, size.width - 14)
        self.query_one("#timeline-note", Static).update(Content(self._note(size.width >= 100)))
        self._fill_table(size.width)

    def _note(self, hint: bool) -> str:
        g = self.group
        figures, articles = len(g["facts"]), len({f["article"] for f in g["facts"]})
        note = [f"{figures} figure{'s' * (figures != 1)}, {articles} article{'s' * (articles != 1)}"]
        if self.conflicts:
            n = len(self.conflicts)
            note.append(f"! {n} period{'s' * (n != 1)} in conflict")
        unplaced = figures - len(self.points)
        if unplaced:
            note.append(f"{unplaced} without a period (listed, not plotted)")
        if self.total > figures:
            note.append(f"the newest {figures:,} of {self.total:,} shown")
        if hint:
            note.append("Enter opens the article · Esc closes")
        return " · ".join(note)

    # ---- the table ------------------------------------------------------------------------------------
    def _fill_table(self, width: int) -> None:
        """The rows, one line each: the title gets what the other columns leave of ``width``."""
        g = self.group
        table = self.query_one("#timeline-rows", OptionList)
        keep = table.highlighted if table.highlighted is not None else self.start_row
        facts = g["facts"]
        values = [_value_text(f, g) for f in facts]
        periods = [f["period"] or "—" for f in facts]
        entity = clip(clean_line(g["entity"]), 24)  # the title names it too: a column only where there is room
        pw = min(17, max([len("period"), *(cell_len(p) for p in periods)]))  # widths in cells: CJK takes two
        vw = min(28, max([len("value"), *(cell_len(v) for v in values)]))
        ew = max(len("entity"), cell_len(entity)) if width >= 100 else 0
        dw = 10 if width >= 80 else 0  # the article's date: below 80 columns its title needs the room more
        room = max(4, min(width, 140) - 8 - (2 + pw + 2 + vw + 2 + (ew + 2 if ew else 0) + (dw + 2 if dw else 0)))
        head = f"  {'period':<{pw}}  {'value':>{vw}}  " + (f"{'entity':<{ew}}  " if ew else "") + \
            (f"{'date':<10}  " if dw else "") + f"{'article':<{room}}"
        self.query_one("#timeline-head", Static).update(Content(head))
        entity_column = fit(entity, ew) + "  " if ew else ""
        options = []
        for i, f in enumerate(facts):
            conflict = f["period"] in self.conflicts
            mark = ("! ", CONFLICT_STYLE) if conflict else "  "
            options.append(Option(Content.assemble(
                mark, (fit(periods[i], pw), "bold"), "  ",
                (fit(values[i], vw, ">"), CONFLICT_STYLE if conflict else "bold $text-accent"), "  ",
                entity_column, (fit(f["date"] and f["date"][:10], dw), "dim"), "  " if dw else "",
                (fit(clean_line(f["title"]), room), "italic")), id=f"row-{i}"))
        table.clear_options()
        table.add_options(options)
        if options:
            table.highlighted = keep if keep is not None and keep < len(options) else 0

    # ---- the chart ------------------------------------------------------------------------------------
    def _draw(self) -> None:
        plot = self.query_one("#timeline-chart", PlotWidget)
        plot.margin_top, plot.margin_bottom = 1, 1
        plot.set_x_formatter(self.axis)
        plot.set_ylabel(plot_label(unit_label(self.group, self.scale_word), 30))
        plot.clear()
        if not self.points:
            plot.display = False
            return
        theme = self.app.current_theme
        accent = theme.accent or theme.primary or "cyan"
        warning = theme.warning or "yellow"
        line = self.trend
        if len(line) >= 2:
            plot.plot([p.x for p in line], [p.y for p in line], line_style=accent, hires_mode=HiResMode.BRAILLE)
        calm = [p for p in self.points if not p.conflict]
        odd = [p for p in self.points if p.conflict]
        if calm:
            plot.scatter([p.x for p in calm], [p.y for p in calm], marker="●", marker_style=f"bold {accent}")
        if odd:
            plot.scatter([p.x for p in odd], [p.y for p in odd], marker="!", marker_style=f"bold {warning}")
        xs = [p.x for p in self.points]
        ys = [p.y for p in self.points]
        span = max(xs) - min(xs)
        xpad = max(span * 0.08, (1.0 if span == 0 else 0.5) if self.axis.finest >= 1 else 0.2)
        plot.set_xlimits(min(xs) - xpad, max(xs) + xpad)
        ypad = (max(ys) - min(ys)) * 0.15 or abs(ys[0]) * 0.1 or 1.0
        plot.set_ylimits(min(ys) - ypad, max(ys) + ypad)

    @property
    def plotted(self) -> int:
        """How many points the chart shows (every placed fact, conflicting ones included)."""
        plot = self.query_one("#timeline-chart", PlotWidget)
        from textual_plot.plot_widget import ScatterPlot

        return sum(len(d.x) for d in plot._datasets if isinstance(d, ScatterPlot))

    # ---- keys ---------------------------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id.split("-")[1]))

    def action_toggle_chart(self) -> None:
        chart = self.query_one("#timeline-chart")
        chart.display = not chart.display and bool(self.points)

    def action_close(self) -> None:
        self.dismiss(None)


class FactPicker(ModalScreen[dict | None]):
    """The known fact groups (the open article's first), filtered as you type; Enter picks one."""

    DEFAULT_CSS = """
    FactPicker { align: center middle; }
    #picker { width: 90%; max-width: 110; height: 90%; background: $panel; border: thick $primary; padding: 0 1; }
    #picker Input { margin: 0 0 1 0; }
    #picker OptionList { height: 1fr; border: none; padding: 0; }
    """
    BINDINGS = [Binding("escape", "close", "Close", priority=True),
                Binding("down", "into_list", "List", show=False)]

    def __init__(self, groups: list[dict], query: str = "", note: str = "") -> None:
        """``groups`` as :func:`picker_groups` gives them (with their labels), from a worker."""
        super().__init__()
        self.groups = groups
        self.query_text = query
        self.note = note
        self.shown: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            title = "Facts across articles: type to filter, Enter opens a timeline"
            yield Static(Content.styled(title, "bold"))
            if self.note:
                yield Static(Content.styled(clip(self.note, 300), "dim"))
            yield Input(value=self.query_text, placeholder="entity or subject: Shenzhen, GDP, foreign trade …")
            yield OptionList()

    def on_mount(self) -> None:
        self._filter(self.query_text)
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        words = query.lower().split()
        self.shown = [i for i, g in enumerate(self.groups) if all(w in g["label"] for w in words)][:500]
        options = []
        for i in self.shown:
            g = self.groups[i]
            periods = len({f["period"] for f in g["facts"] if f["period"]})
            articles = len({f["article"] for f in g["facts"]})
            extra = (f"  {periods} period{'s' * (periods != 1)}" if periods else "  no period") + \
                f", {articles} article{'s' * (articles != 1)}"
            if g["conflicts"]:
                extra += f", {len(g['conflicts'])} conflict{'s' * (len(g['conflicts']) != 1)}"
            options.append(Option(Content.assemble((clip(g["title"], 120), "bold"),
                                                   (extra, "dim")), id=f"g-{i}"))
        listing = self.query_one(OptionList)
        listing.clear_options()
        if options:
            listing.add_options(options)
            listing.highlighted = 0
        else:
            listing.add_option(Option(Content.styled("No facts match: facts need a figure with an entity and "
                                                     "a subject", "dim"), disabled=True))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        listing = self.query_one(OptionList)
        if self.shown:
            self.dismiss(self.groups[self.shown[listing.highlighted or 0]])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(self.groups[int(event.option.id.split("-")[1])])

    def action_into_list(self) -> None:
        listing = self.query_one(OptionList)
        if self.query_one(Input).has_focus:
            listing.focus()
        else:
            listing.action_cursor_down()

    def action_close(self) -> None:
        self.dismiss(None)
