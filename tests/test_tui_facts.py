"""Facts across articles in the TUI: F on a figure opens its fact's timeline (table by period and a chart of
value over period), Enter opens a source article; F with no figure offers the known facts; the Key figures
panel groups an article's figures by subject with entity and period; hostile strings stay literal."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from test_tui_hostile import assert_literal
from tui_helpers import make_app, settle

from reader.tui.articles import ArticleList
from reader.tui.fact_series import period_x, points, timeline
from reader.tui.key_figures import panel_rows
from reader.tui.reading import ArticleView, FiguresPanel
from reader.tui.timeline import FactPicker, PeriodAxis, TimelineScreen

QUIT = "[@click=app.quit]x[/]"


async def open_row(app, pilot, title_start: str) -> None:
    articles = app.query_one(ArticleList)
    articles.move_to(next(i for i, r in enumerate(articles.rows) if r["title"].startswith(title_start)))
    await pilot.press("enter")
    await settle(app, pilot)


def prompts(widget) -> list[str]:
    return [widget.get_option_at_index(i).prompt.plain for i in range(widget.option_count)]


async def test_f_on_a_figure_opens_its_timeline_and_enter_opens_a_source(demo):
    app = make_app(demo)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await open_row(app, pilot, "AI industry output")
        view = app.query_one(ArticleView)
        await pilot.press("left_square_bracket")  # the last key figure: "3.68 trillion yuan in 2025"
        figure = view.doc.figures[view.current]
        assert (figure["entity"], figure["subject"], figure["period"]) == ("Shenzhen", "GDP", "2025")
        await pilot.press("F")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        g = screen.group
        assert (g["entity"], g["subject"], g["unit"], g["change"]) == ("Shenzhen", "GDP", "CNY", False)
        sources = {f["article"] for f in g["facts"]}
        assert len(sources) >= 3 and view.article["id"] in sources
        assert [f["period"] for f in g["facts"]] == sorted((f["period"] for f in g["facts"]), reverse=True)
        # two articles disagree about 2024: both rows shown and marked
        table = screen.query_one("#timeline-rows")
        rows = prompts(table)
        assert len(rows) == len(g["facts"])
        marked = [r for r in rows if r.startswith("!")]
        assert len(marked) == 2 and all("2024" in r for r in marked)
        assert {"3.46 trillion CNY", "3.49 trillion CNY"} <= {v for r in marked for v in [r.split("  ")[2].strip()]}
        # the chart: one point per dated figure, in trillions of yuan, oldest to newest
        assert screen.plotted == len([f for f in g["facts"] if f["period"]]) == 5
        assert [round(p.y, 2) for p in screen.trend] == [3.24, 3.46, 3.68]
        assert screen.scale_word == "trillion"
        assert_literal(app, "trillion CNY", "2022", "2025", "R&D spending hits 6 percent of GDP")
        # Enter on a row opens its article
        index = next(i for i, f in enumerate(g["facts"]) if f["title"].startswith("R&D spending"))
        table.highlighted = index
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, TimelineScreen)
        assert app.query_one(ArticleView).article["id"] == g["facts"][index]["article"]


async def test_f_on_the_key_figures_panel_row_and_escape(demo):
    app = make_app(demo)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await open_row(app, pilot, "R&D spending")
        panel = app.query_one(FiguresPanel)
        panel.focus()
        panel.highlighted = next(i for i, p in enumerate(prompts(panel)) if "3.46 trillion" in p)
        await pilot.press("F")
        await settle(app, pilot)
        assert isinstance(app.screen, TimelineScreen) and app.screen.group["subject"] == "GDP"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TimelineScreen) and app.article is not None


async def test_f_without_a_figure_offers_the_known_facts_filtered_as_typed(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("F")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, FactPicker) and len(picker.groups) > 10
        for ch in "shenzhen gdp":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause()
        shown = [picker.groups[i] for i in picker.shown]
        assert shown and all(g["entity"] == "Shenzhen" and g["subject"] == "GDP" for g in shown)
        assert shown[0]["unit"] == "CNY"  # the fact with the most periods first
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TimelineScreen) and app.screen.plotted == 5
        assert_literal(app, "Shenzhen · GDP · CNY (level)")


async def test_key_figures_panel_groups_by_subject_with_entity_and_period(demo):
    app = make_app(demo)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await open_row(app, pilot, "Shenzhen GDP tops")
        rows = prompts(app.query_one(FiguresPanel))
        # "economy grew 5.2 percent ... to 3.68 trillion yuan": one row under GDP, the change beside its level
        at = rows.index("GDP")
        assert rows[at + 1].strip() == "Shenzhen · 2025: 3.68 trillion yuan (US$512 billion), +5.2 percent yoy"
        assert rows[at + 2].strip() == "Shenzhen · 2026: ≈+5.5 percent"  # the same subject, another period
        assert "retail sales" in rows and "industrial output" in rows  # synonyms merged, as szreader facts does
        assert rows[-2] == "Other figures"
        # ] lands on the row of the figure, also when it shares the row with its change
        view = app.query_one(ArticleView)
        await pilot.press("right_square_bracket")
        panel = app.query_one(FiguresPanel)
        assert panel.highlighted == view.doc.panel_row[view.current]


def figure(start, text, subject, entity=None, period=None, change=False, kind="money", **more):
    return {"start": start, "end": start + len(text), "text": text, "kind": kind, "subject": subject,
            "entity": entity, "period": period, "change": change, **more}


def test_a_change_pairs_with_the_level_it_belongs_to_only():
    figures = [figure(0, "8 percent", "GDP", "Guangdong", "2021", True, "percent", direction="up"),
               figure(30, "12.1 trillion yuan", "gdp", "Guangdong", "2021"),
               figure(60, "11.0 trillion yuan", "economic output", "Guangdong", "2020"),  # another period
               figure(400, "3 percent", "GDP", "Guangdong", "2021", True, "percent", direction="up"),  # far away
               figure(420, "7 percent", "exports", None, None, True, "percent", direction="down"),
               figure(450, "500", None, "Shenzhen", "2022", kind="count")]
    rows, where = panel_rows(figures, 300, lambda f: ("+" if f["change"] else "") + f["text"], lambda k: "")
    text = [c.plain.strip() for c, _ in rows]
    assert text == ["GDP", "Guangdong · 2021: 12.1 trillion yuan, +8 percent", "Guangdong · 2020: 11.0 trillion yuan",
                    "Guangdong · 2021: +3 percent", "exports", "+7 percent", "Other figures", "Shenzhen · 2022: 500"]
    assert where[0] == where[1] == 1 and rows[1][1] == 1  # both figures highlight the row; choosing it goes to the level


def test_the_panel_is_capped_and_counts_the_rest():
    figures = [figure(i * 50, f"{i} yuan", f"subject {i % 7}", "Shenzhen", "2024") for i in range(5000)]
    rows, where = panel_rows(figures, 300, lambda f: f["text"], lambda k: "")
    assert len([r for r in rows if r[1] is not None]) == 300 and len(where) == 300
    assert rows[-1][0].plain == "… 4,700 more figures not listed"


async def test_hostile_subject_entity_and_unit_show_literally(demo):
    group = {"entity": QUIT, "subject": "[bold red]GDP[/]", "unit": "[b]u", "per": None, "kind": "money",
             "change": False, "conflicts": [],
             "facts": [{"period": "2023", "value": 5.0, "value_to": None, "unit": "[b]u", "text": "5",
                        "article": 1, "title": "[@click=app.quit]title[/]\x1b[2J", "date": "2024-01-01"},
                       {"period": "2024", "value": 6.0, "value_to": None, "unit": "[b]u", "text": "6",
                        "article": 2, "title": "t", "date": "2025-01-01"}]}
    app = make_app(demo)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        app.push_screen(TimelineScreen(timeline(group)))
        await settle(app, pilot)
        text = assert_literal(app, f"{QUIT} · [bold red]GDP[/] · [b]u (level)", "[@click=app.quit]title[/]", "6 [b]u")
        assert "\x1b" not in text and app.screen.plotted == 2
        margin = app.screen.query_one("#timeline-chart #margin-top")  # the y axis's unit, drawn from Rich markup
        assert "[b]u" in "".join(seg.text for seg in margin.render_line(0))
        await pilot.press("escape")
        figures = [figure(0, "5 yuan", "[bold red]GDP[/]", QUIT, "2023")]
        rows, _ = panel_rows(figures, 300, lambda f: f["text"], lambda k: "bold")
        assert [c.plain.strip() for c, _ in rows] == ["[bold red]GDP[/]", f"{QUIT} · 2023: 5 yuan"]
        assert all("@click" not in str(span.style) for c, _ in rows for span in c.spans)


def test_periods_sit_in_the_middle_of_their_span_and_ticks_fit():
    assert period_x("2024") == 2024.5 and period_x("2024-Q1") == 2024.125 and abs(period_x("2024-07") - (2024 + 6.5 / 12)) < 1e-9
    assert period_x("2025-01/2025-09") == 2025.375 and period_x("2025/2027") == 2026.5
    assert period_x(None) is None and period_x("soon") is None and period_x("2024-13") is None
    axis = PeriodAxis(finest=1.0)
    axis.width = 60
    ticks = axis.get_ticks(2010.0, 2026.0)
    labels = axis.get_labels_for_ticks(ticks)
    assert labels[0] == "2010" and len(labels) * 7 <= 60 and all(len(x) == 4 for x in labels)
    quarters = PeriodAxis(finest=0.25)
    assert quarters.get_labels_for_ticks(quarters.get_ticks(2024.0, 2025.0)) == ["2024-Q1", "2024-Q2", "2024-Q3",
                                                                                  "2024-Q4"]
    g = {"unit": "CNY", "kind": "money", "per": None, "conflicts": [],
         "facts": [{"period": "2023", "value": 3.2e12, "value_to": None}, {"period": None, "value": 1.0},
                   {"period": "2022", "value": 3.0e12, "value_to": 3.4e12}]}
    pts, divisor, word = points(g)
    assert word == "trillion" and [(p.x, p.y) for p in pts] == [(2022.5, 3.2), (2023.5, 3.2)]


async def test_the_palette_offers_the_fact_timeline(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "fact timeline":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FactPicker)


def test_snapshot_timeline(demo, snap_compare):
    async def timeline(pilot):
        await settle(pilot.app, pilot)
        await open_row(pilot.app, pilot, "AI industry output")
        await pilot.press("left_square_bracket", "F")
        await settle(pilot.app, pilot)
    assert snap_compare(make_app(demo), terminal_size=(100, 32), run_before=timeline)


async def test_a_fact_with_tens_of_thousands_of_figures_shows_the_newest(demo):
    facts = [{"period": f"{2000 + i % 25}", "value": float(i), "value_to": None, "unit": "CNY", "text": str(i),
              "article": 1, "title": "hostile", "date": "2024-01-01"} for i in range(40_000)]
    group = {"entity": "Shenzhen", "subject": "GDP", "unit": "CNY", "per": None, "kind": "money", "change": False,
             "conflicts": [], "facts": facts}
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(TimelineScreen(timeline(group)))
        await settle(app, pilot)
        assert app.screen.query_one("#timeline-rows").option_count == 1_000 == app.screen.plotted
        assert_literal(app, "the newest 1,000 of 40,000 shown")


@pytest.mark.parametrize("size", [(140, 45), (80, 24)])
async def test_escape_from_an_article_opened_from_the_timeline_goes_back_like_a_browser(demo, size):
    """F, Enter on a row, then Esc: back on the timeline on the same row; Esc again: the article where F was
    pressed, on the same figure; Esc once more closes that article as usual. Real key names throughout."""
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await open_row(app, pilot, "AI industry output")
        view = app.query_one(ArticleView)
        start_id = app.article["id"]
        await pilot.press("left_square_bracket")
        figure = view.current
        await pilot.press("F")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        facts = screen.group["facts"]
        row = next(i for i, f in enumerate(facts) if f["title"].startswith("R&D spending"))
        assert row > 0
        for _ in range(row):
            await pilot.press("down")
        assert screen.query_one("#timeline-rows").highlighted == row
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, TimelineScreen) and app.article["id"] == facts[row]["article"] != start_id
        await pilot.press("escape")
        await settle(app, pilot)
        back = app.screen
        assert isinstance(back, TimelineScreen) and back.group["facts"] == facts
        assert back.query_one("#timeline-rows").highlighted == row
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, TimelineScreen)
        assert app.article["id"] == start_id and view.article["id"] == start_id and view.current == figure
        assert app.query_one(ArticleList).current["id"] == start_id  # the list follows the open article back
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.article is None and not isinstance(app.screen, TimelineScreen)


@pytest.mark.parametrize("width", [140, 80, 60])
async def test_timeline_columns_line_up_in_cells_with_cjk_titles_and_entities(demo, width):
    """A CJK character takes two cells: every row of the table, clipped or not, is as wide in cells as the
    header, and each column starts in the same cell on every row."""
    titles = ["深圳GDP增长", "深圳GDP增长" * 20, "Shenzhen GDP grows", "深圳\u200b经济" + "特区" * 30]
    facts = [{"period": f"{2025 - i}", "value": 3.0e12 + i, "value_to": None, "unit": "CNY", "text": "3 trillion",
              "article": 1, "title": t, "date": "2025-01-01"} for i, t in enumerate(titles)]
    group = {"entity": "香港特区", "subject": "GDP", "unit": "CNY", "per": None, "kind": "money", "change": False,
             "conflicts": [], "facts": facts}
    app = make_app(demo)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(TimelineScreen(timeline(group)))
        await settle(app, pilot)
        head = app.screen.query_one("#timeline-head").visual.plain
        rows = prompts(app.screen.query_one("#timeline-rows"))
        assert len(rows) == 4
        assert {cell_len(r) for r in rows} == {cell_len(head)}
        column = cell_len(head[:head.index("article")])
        assert all(cell_len(r[:r.index(t[:2])]) == column for r, t in zip(rows, titles))
        assert ("2025-01-01" in rows[0]) == (width >= 80)  # the date gives way to the title on a narrow screen
        assert rows[0].rstrip().endswith("深圳GDP增长") and rows[1].rstrip().endswith("…")
        assert cell_len(head) <= width
