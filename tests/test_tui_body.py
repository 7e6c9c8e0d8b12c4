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
