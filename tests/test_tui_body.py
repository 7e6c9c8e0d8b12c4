"""The article text is drawn a line at a time (issue 13.3): opening the longest text the reader shows wraps
and styles only the paragraphs on screen, and ] [ h restyle it whatever its size, ] scrolling to the figure."""

from __future__ import annotations

from test_tui_behaviour import _flood
from tui_helpers import make_app, settle
from reader.tui import document
from reader.tui.body import ArticleBody, line_counts
from reader.tui.reading import ArticleView


async def test_a_long_text_is_styled_only_where_it_is_seen_and_figures_restyle_it(demo):
    _flood(demo, 60_000, 3_000)
    app = make_app(demo)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        body = app.query_one("#body", ArticleBody)
        assert view.doc.cut and len(view.doc.text) == document.MAX_TEXT
        shown = len(body.paragraphs)
        assert shown > 50 and body.virtual_region.height > 500  # the whole text is laid out ...
        assert 0 < len(body._strips) <= 3  # ... but only what is on screen was wrapped and styled
        exact = line_counts(body.paragraphs, body.content_region.width)  # measured in a worker, not estimated
        assert body.virtual_region.height == sum(exact) + len(exact) - 1
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        second = view.key_figures[1]
        assert view.current == second
        k = view.doc.fig_para[second]
        marked = [s for s in body.paragraphs[k].spans if "reverse" in str(s.style)]
        assert len(marked) == 1  # the current figure is marked in the text itself, not only in the panel
        # far down the text: ] ] ... scrolls the reading pane to the figure's line
        for _ in range(len(view.key_figures) - 3):
            view.jump(1)
        await settle(app, pilot)
        last = view.current
        reading = app.query_one("#reading")
        line = body.virtual_region.y + body.line_of(view.doc.fig_para[last])
        assert reading.scroll_offset.y <= line < reading.scroll_offset.y + reading.size.height
        await pilot.press("h")
        await settle(app, pilot)
        assert not any(p.spans for p in body.paragraphs[:-1]) and len(body.paragraphs) == shown
        await pilot.press("q")
        assert app.article is None


async def test_dragging_the_mouse_over_the_text_selects_it_across_paragraphs(demo):
    app = make_app(demo)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        body = app.query_one("#body", ArticleBody)
        first, second = body.paragraphs[0].plain, body.paragraphs[1].plain
        width = body.content_region.width
        line = body.starts(width)[1]  # the second paragraph's first line, below the first and a blank line
        await pilot.mouse_down(body, offset=(0, line))
        await pilot.hover(body, offset=(9, line))
        await pilot.mouse_up(body, offset=(9, line))
        await pilot.pause()
        assert app.screen.get_selected_text() == second[:10]  # the second paragraph's, not the first's
        plain = body.render_line(line + 1 if body.starts(width)[2] > line + 1 else line - 2)  # no selection there
        background = {s.style.bgcolor for s in plain if s.text.strip()}
        selected = [s.text for s in body.render_line(line) if s.text and s.style.bgcolor not in background]
        assert len(background) == 1 and "".join(selected) == second[:10]  # drawn as selected, and only there
        # from the middle of the first paragraph to the start of the second: the text between, blank line kept
        await pilot.mouse_down(body, offset=(5, 0))
        await pilot.hover(body, offset=(3, line))
        await pilot.mouse_up(body, offset=(3, line))
        await pilot.pause()
        assert app.screen.get_selected_text() == first[5:] + "\n\n" + second[:4]
