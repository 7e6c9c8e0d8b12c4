"""The article list of a long view: End and Home reach the true last and first article (one page read from
either end, in a worker), and scrolling up from the end loads the rows above."""

from __future__ import annotations

import pytest

from tui_helpers import make_app, settle
from reader.tui.articles import ArticleList
from reader.tui.data import PAGE


def _many(home, n: int) -> list[int]:
    """``n`` more articles in the demo source, one a minute apart; returns every id, newest first."""
    store = home.store()
    feed_id = store.conn.execute("SELECT feed_id FROM articles LIMIT 1").fetchone()[0]
    with store.write() as c:
        c.executemany("INSERT INTO articles (feed_id, key, title, first_seen, sort_date, hash) VALUES (?,?,?,?,?,?)",
                      [(feed_id, f"many-{i}", f"Old story {i}", "2020-01-01", f"2020-01-01T{i // 60:02d}:{i % 60:02d}",
                        f"h{i}") for i in range(n)])
    ids = [r["id"] for r in store.articles(limit=None)]
    store.close()
    return ids


@pytest.mark.parametrize("last_key, first_key", [("end", "home"), ("G", "g")])
async def test_end_and_home_reach_the_true_last_and_first_article(demo, last_key, first_key):
    ids = _many(demo, 3 * PAGE + 17)
    app = make_app(demo)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        articles = app.query_one(ArticleList)
        assert len(articles.rows) == PAGE and articles.more  # only the first page is loaded
        await pilot.press(last_key)
        await settle(app, pilot)
        assert articles.current["id"] == ids[-1]
        assert len(articles.rows) <= PAGE  # one page, read from the end, not every row
        top = articles.scroll_offset.y
        assert top <= articles.cursor < top + articles.page_height  # and the cursor is on screen
        last_line = "".join(s.text for s in articles.render_line(articles.cursor - top))
        assert "Old story 0" in last_line
        assert f"{len(ids)} articles" in str(articles.border_subtitle)

        # up from the end: the rows above arrive, in order, without the cursor leaving its article
        for _ in range(3):
            await pilot.press("pageup")
            await settle(app, pilot)
        at = articles.current["id"]
        assert [r["id"] for r in articles.rows] == ids[len(ids) - len(articles.rows):]
        assert articles.cursor == ids.index(at) - (len(ids) - len(articles.rows))

        await pilot.press(first_key)
        await settle(app, pilot)
        assert articles.current["id"] == ids[0] and articles.cursor == 0 and articles.scroll_offset.y == 0
        await pilot.press("down")
        await settle(app, pilot)
        assert articles.current["id"] == ids[1]


async def test_end_then_enter_opens_the_last_article_and_a_reload_keeps_it(demo):
    ids = _many(demo, PAGE + 5)
    app = make_app(demo)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("end")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.article["id"] == ids[-1]
        app.quiet_reload()  # what a refresh elsewhere does
        await settle(app, pilot)
        articles = app.query_one(ArticleList)
        assert articles.current["id"] == ids[-1] and articles.open_id == ids[-1]
