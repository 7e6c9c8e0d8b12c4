"""Adding a source as users do (issue 10 §4, issue 12): ``add URL --preview`` says what a URL leads to, saving
nothing, and the TUI's Add source (a) shows it before subscribing: the feeds a page links (choose one), or
an EyeShenzhen-style list page's first items; a failure is one line. Pages come from the loopback site."""

from __future__ import annotations

import tomllib

from test_sources import ATOM, RSS, eyeshenzhen_site, home_page
from tui_helpers import make_app, settle
from reader.tui.adding import AddSourceScreen
from reader.tui.sources import Sources

HTML = {"Content-Type": "text/html; charset=utf-8"}
TITLES = ["Port box volume climbs 6.2% in first quarter", "Metro Line 20 extension to open in June",
          "Nanshan adds 42 pocket parks"]


def two_feed_site(site) -> str:
    site.routes["/"] = (200, HTML, home_page(
        '<link rel="alternate" type="application/rss+xml" title="[b]News[/b]" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">'))
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"},
                               RSS.replace(b"<title>Bay Business Post<", b"<title>[b]Bay[/b] [@click=app.quit]Post[/]<"))
    site.routes["/atom.xml"] = (200, {"Content-Type": "application/atom+xml"}, ATOM)
    return site.url("/")


def subscribed(home) -> list[dict]:
    return tomllib.loads((home.path / "feeds.toml").read_text()).get("feeds", [])


def test_add_preview_shows_a_known_list_layout_and_saves_nothing(home, site):
    url = eyeshenzhen_site(site)["url"]
    found = home.json("add", url, "--preview")
    assert found["feeds"] == [] and found["page"]["layout"] == "EyeShenzhen News"
    assert [i["title"] for i in found["page"]["items"]] == TITLES
    assert found["page"]["total"] == 3 and found["page"]["next"]
    assert found["page"]["selectors"]["item"] == "a.articlelist-item"
    assert subscribed(home) == []
    # without --preview the same page is subscribed as a list source with that layout
    code, out, err = home.run("add", url)
    assert code == 0, err
    assert "EyeShenzhen News layout" in out and TITLES[0] in out
    [entry] = subscribed(home)
    assert entry["kind"] == "page" and entry["item"] == "a.articlelist-item" and entry["url"] == url


def test_add_preview_lists_the_feeds_of_a_page(home, site):
    found = home.json("add", two_feed_site(site), "--preview")
    assert [f["url"] for f in found["feeds"]] == [site.url("/rss.xml"), site.url("/atom.xml")]
    assert found["page"] is None and subscribed(home) == []


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await pilot.press("enter")


async def wait_for(app, pilot, what, seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.05)):
        if what():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


async def test_add_source_previews_a_list_page_before_subscribing(home, site):
    url = eyeshenzhen_site(site)["url"]
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await type_text(pilot, f"{url} Eye News")
        await wait_for(app, pilot, lambda: isinstance(app.screen, AddSourceScreen))
        screen = app.screen
        options = screen.query_one("#found-choices")
        shown = options.get_option("page").prompt.plain
        assert shown.startswith("Subscribe to this list page\n  EyeShenzhen News layout, 3 items, more pages follow")
        assert all(t in shown for t in TITLES) and "2026-04-12" in shown
        assert subscribed(home) == []  # nothing before the user chooses
        await pilot.press("enter")
        await wait_for(app, pilot, lambda: any(f["name"] == "Eye News" for f in app.query_one(Sources).feeds))
        await wait_for(app, pilot, lambda: not app.refreshing and app.query_one(Sources).feeds[0]["unread"] == 5)
        [entry] = subscribed(home)
        assert entry["name"] == "Eye News" and entry["kind"] == "page" and entry["url"] == url
        await settle(app, pilot)


async def test_add_source_lets_the_user_choose_among_a_pages_feeds(home, site):
    url = two_feed_site(site)
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await type_text(pilot, url)
        await wait_for(app, pilot, lambda: isinstance(app.screen, AddSourceScreen))
        options = app.screen.query_one("#found-choices")
        assert options.option_count == 2  # the home page is no list page
        first = options.get_option_at_index(0).prompt
        assert first.plain.startswith("[b]Bay[/b] [@click=app.quit]Post[/]  [RSS, 1 item]")  # as text, not markup
        assert not any("@click" in str(s.style) for s in first.spans)
        await pilot.press("down", "enter")
        await wait_for(app, pilot, lambda: len(subscribed(home)) == 1 and not app.refreshing)
        assert subscribed(home)[0]["url"] == site.url("/atom.xml")
        await settle(app, pilot)


async def test_add_source_says_in_one_line_what_failed_and_escape_adds_nothing(home, site):
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await type_text(pilot, site.url("/missing"))
        await wait_for(app, pilot, lambda: any(m[1] == "error" for m in app.messages))
        error = next(m[2] for m in app.messages if m[1] == "error")
        assert error.startswith("szreader: could not fetch ") and "404" in error and "\n" not in error
        assert not isinstance(app.screen, AddSourceScreen)
        await pilot.press("a")
        await type_text(pilot, two_feed_site(site))
        await wait_for(app, pilot, lambda: isinstance(app.screen, AddSourceScreen))
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, AddSourceScreen) and subscribed(home) == []
