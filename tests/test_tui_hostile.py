"""Hostile strings in every place the TUI shows outside text (issue 13.1): feed names from feeds.toml or
an OPML import, a feed's last error (built from a server's headers), tags, titles, search text and
notifications. Each must reach the screen as literal text: no markup parsed, no @click action, no crash."""

from __future__ import annotations

import sys

import pytest

from test_hostile import EVIL_TITLES, HOSTILE

from reader.config import Paths
from reader.tui.app import SzReader
from reader.tui.articles import ArticleList
from reader.tui.sources import Sources

QUIT = "[@click=app.quit]x[/]"
SHOT = "[@click=app.screenshot('x.svg','/tmp')]Daily[/]"
CLOSE = "Breaking: [/b] news"


def screen_strips(app):
    """The screen on top, line by line, as the terminal would get it."""
    return app.screen._compositor.render_strips()


def assert_literal(app, *wanted: str) -> str:
    """No segment carries an action or a link; the hostile strings show as typed."""
    strips = screen_strips(app)
    for seg in (seg for strip in strips for seg in strip):
        style = seg.style
        if style is not None:
            assert "@click" not in (style.meta or {}), (seg.text, style.meta)
            assert not style.link, (seg.text, style.link)
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            for title in (widget._border_title, widget._border_subtitle):
                if title is not None:
                    assert not any("@click" in str(span.style) for span in title.spans), title
    text = "\n".join("".join(seg.text for seg in strip) for strip in strips)
    for w in wanted:
        assert w in text, (w, text)
    return text


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def hostile(home, site):
    """Three sources with hostile names, one failing with a hostile error, hostile tags on an article."""
    site.routes["/escape"] = HOSTILE["/escape"]
    site.routes["/down"] = (500, {"Content-Type": "text/plain"}, b"down")
    home.feeds([{"name": SHOT, "url": site.url("/escape"), "full_text": False},
                {"name": QUIT, "url": site.url("/city.xml"), "full_text": False, "tags": [CLOSE]},
                {"name": CLOSE, "url": site.url("/down"), "full_text": False}])
    home.run("refresh")
    store = home.store()
    evil_feed = store.feed_id(SHOT)
    store.record_error(store.feed_id(CLOSE), f"redirect to {QUIT} \x9b31m\u202e {CLOSE}", None)
    first = store.articles(feed_ids=[evil_feed], limit=1)[0]["id"]
    store.set_tags(first, [QUIT, "[/b]", "[bold red]x"])
    store.close()
    return home


async def test_hostile_names_errors_tags_titles_and_search_show_literally(hostile):
    app = SzReader(Paths.resolve().ensure(), refresh_command=[sys.executable, "-m", "reader"])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        assert_literal(app, "[@click=app.screenshot(", "#[@click=app.quit]x[/]", "#[/b]")
        sources = app.query_one(Sources)
        for label in (SHOT, CLOSE):  # a hostile name as the list's title, a hostile error as its subtitle
            sources.highlighted = next(i for i, v in enumerate(sources.views) if v is not None and v.label == label)
            sources.focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert_literal(app, label[:40])
        assert "[/b]" in app.query_one(ArticleList).border_subtitle.replace("\\", "")
        assert "\x9b" not in str(app.query_one(ArticleList)._border_subtitle)
        sources.highlighted = next(i for i, v in enumerate(sources.views) if v is not None and v.label == SHOT)
        sources.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("enter")  # the article, with its hostile tags and feed name
        await settle(app, pilot)
        text = assert_literal(app, "tags: [/b],", "[@click=app.quit]x[/], [bold red]x")
        assert "\x1b" not in text
        await pilot.press("q")
        await pilot.press("slash")
        await pilot.pause()
        for ch in "[/b]":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        assert_literal(app, "Search: [/b]")
        app.say(f"{SHOT}: {CLOSE}")  # a notification built from outside text
        await pilot.pause()
        assert_literal(app, "[@click=app.screenshot(", "Breaking: [/b] news")
        await pilot.press("m")  # the message log shows the same lines
        await pilot.pause()
        assert_literal(app, "Breaking: [/b] news")
        await pilot.press("escape")
        await pilot.press("ctrl+p")  # the palette
        await pilot.pause()
        assert_literal(app)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert_literal(app)
        assert app.is_running
    assert len(EVIL_TITLES) > 3
