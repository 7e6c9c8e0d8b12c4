"""Finding one's way as a newsboat user does (issue 12): End and Home reach the true last and first article of a
long view (one page read from either end, in a worker), scrolling up from the end loads the rows above, and
the refresh line names the feed being fetched."""

from __future__ import annotations

import threading

import pytest
from rich.cells import cell_len

from conftest import SITE
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


# ---- the refresh line names the feed it waits on --------------------------------------------------------------
HOSTILE_NAME = "Shenzhen Daily — Economy [b]bold[/b] [@click=app.quit]quit[/] 深圳" + " and a long tail" * 7


async def test_the_refresh_line_names_the_feed_being_fetched_as_plain_clipped_text(home, site):
    release = threading.Event()
    body = (SITE / "city.xml").read_bytes()

    def held(h) -> None:  # the feed answers only when the test has looked at the refresh line
        release.wait(20)
        h.reply(200, {"Content-Type": "application/rss+xml"}, body)

    site.routes["/held.xml"] = held
    home.feeds([{"name": "Bay", "url": site.url("/city.xml"), "full_text": False},
                {"name": HOSTILE_NAME, "url": site.url("/held.xml"), "full_text": False}])
    app = make_app(home)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            status = app.query_one("#status")
            for _ in range(300):
                await pilot.pause(0.05)
                if "Shenzhen Daily" in status.visual.plain and "1/2" in status.visual.plain:
                    break
            line = status.visual
            assert line.plain.startswith("Refreshing 1/2 · Shenzhen Daily — Economy [b]")
            assert "(fetching) · " in line.plain and line.plain.endswith("new · 0 errors")
            assert "…" in line.plain and cell_len(line.plain) <= 80 - 2  # clipped to the screen, padding aside
            assert not line.spans  # shown as the text it is: no markup was applied
            release.set()
            await settle(app, pilot)
            for _ in range(200):
                if not app.refreshing:
                    break
                await pilot.pause(0.05)
            assert not status.display and "new articles" in app.messages[-1][2]
    finally:
        release.set()


@pytest.mark.parametrize("width", [140, 80, 60])
def test_the_refresh_line_drops_controls_and_fits_wide_names(width):
    from reader.refresh_line import RefreshLine

    name = "深圳特区报\x1b\u202e\x9b — 经济 " * 12
    line = RefreshLine()
    for feed, stage, error in ((name, "fetching", None), (name, "processing", None), ("Other", "fetching", None),
                               ("Bad", "fetching", None), ("Bad", "done", "404"), ("Worse", "done", "timed out")):
        line.update(feed, stage, error)
    text = line.text(3, 20, 5, width)
    assert text.startswith("Refreshing 3/20 · 深圳特区报 — 经济")
    assert not any(c in text for c in "\x1b\u202e\x9b")
    assert text.endswith("(processing, +1) · 5 new · 2 errors" if width >= 80 else "(processing, +1)")
    assert cell_len(text) <= width - 2
