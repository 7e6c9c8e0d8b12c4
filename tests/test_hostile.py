"""Every hostile case of SECURITY.md, served by the loopback site, in one refresh beside a good feed."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from conftest import Home, city_site
from loopback import trickle

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def rss(items: str, title: str = "Hostile") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link><description>x</description>{items}</channel></rss>").encode()


ZEROS = b"\0" * (8 * 1024 * 1024)  # 8 MiB: well over the tests' 1 MiB cap
EVIL_TITLES = ["\x1b[2J\x1b[31mRED ALERT\x1b[0m", "\x1b]0;pwned-title\x07window", "\x1b]52;c;ZWNobyBwd25lZA==\x07clip",
               "[link=file:///etc/passwd]click me[/link]", "[bold red]markup[/] [/]", "c1\x9b31mcontrol",
               "\u202eright-to-left override"]

HOSTILE = {
    "/gzip-bomb": (200, {**RSS, "Content-Encoding": "gzip"}, gzip.compress(ZEROS)),
    "/double-gzip": (200, {**RSS, "Content-Encoding": "gzip, gzip"}, gzip.compress(gzip.compress(ZEROS))),
    "/deflate-bomb": (200, {**RSS, "Content-Encoding": "deflate"}, zlib.compress(ZEROS)),
    "/huge": (200, RSS, rss("<item><title>big</title><description>" + "x" * 2_000_000 + "</description></item>")),
    "/tofile": (302, {"Location": "file:///etc/passwd"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/quadratic": (200, RSS, ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "' + "a" * 100_000 + '">]>'
                              '<rss version="2.0"><channel><title>Quadratic</title><item><title>q</title><guid>q1</guid>'
                              "<description>" + "&big;" * 3000 + "</description></item></channel></rss>").encode()),
    "/redos": (200, RSS, rss("<item><title>Slow author</title><guid>ra-1</guid><author>x@" + "a1." * 16000 + "_</author></item>"
                             "<item><title>Fine item</title><guid>ra-2</guid></item>")),
    "/escape": (200, RSS, rss("".join(f"<item><title>{t.replace('&', '&amp;').replace('<', '&lt;')}</title><guid>esc-{i}</guid>"
                                      f"<description>body {i}</description></item>" for i, t in enumerate(EVIL_TITLES)))),
    "/dup-guid": (200, RSS, rss("".join(f"<item><title>Dup {i}</title><guid>same</guid></item>" for i in range(5)))),
    "/no-guid": (200, RSS, rss("".join(f"<item><title>No id {i}</title><description>body {i}</description></item>"
                                       for i in range(5)) + "<item></item>")),
    "/js-link": (200, RSS, rss("<item><title>JS</title><guid>js1</guid><link>javascript:alert(1)</link></item>"
                               "<item><title>File</title><guid>js2</guid><link>file:///etc/passwd</link></item>")),
    "/429": (429, {"Retry-After": "3600", "Content-Type": "text/plain"}, b"slow down"),
    "/500": (500, {"Content-Type": "text/plain"}, b"oops"),
    "/not-a-feed": (200, {"Content-Type": "text/html"}, b"<html><body><h1>Welcome</h1><p>No feed.</p></body></html>"),
    "/empty": (200, RSS, b""),
    "/malformed": (200, RSS, rss("<item><title>Broken & bare<title><guid>m-1</guid><description><b>unclosed</description></item>"
                                 "<item><title>Second item</title><guid>m-2</guid></item>")),
    "/latin1": (200, {"Content-Type": "application/rss+xml"},
                ('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9</title>'
                 "<item><title>Na\u00efve r\u00e9sum\u00e9 \u00a3 \u00bd</title><guid>l1</guid></item></channel></rss>").encode("latin-1")),
    "/future": (200, RSS, rss("<item><title>Future</title><guid>f1</guid><pubDate>Fri, 01 Jan 2999 00:00:00 GMT</pubDate></item>"
                              "<item><title>Garbage date</title><guid>f2</guid><pubDate>not a date</pubDate></item>")),
}


BAD_CHARS = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def raw(head: str, body: bytes = b"") -> callable:
    """A handler that writes its status line and headers as given, UTF-8 encoded, bypassing http.server's checks
    (a C1 control or a bidi override inside a header value)."""

    def handler(h):
        h.wfile.write(head.replace("\n", "\r\n").encode("utf-8") + f"Content-Length: {len(body)}\r\n\r\n".encode()
                      + body)

    return handler


# header values carrying U+009B (C1 CSI) and U+202E (right-to-left override): issue 13.2
HEADER_ATTACKS = {
    "/evil-location": raw("HTTP/1.1 302 Found\nLocation: gopher://evil.example/\u009b31m\u202eexe.txt\n"),
    "/evil-encoding": raw("HTTP/1.1 200 OK\nContent-Type: application/rss+xml\n"
                          "Content-Encoding: br\u009b2J\u202eevil\n", b"xx"),
    "/evil-moved": raw("HTTP/1.1 301 Moved\nLocation: /moved\u009b31m\u202e.xml\n"),
    "/moved%C2%9B31m%E2%80%AE.xml": (200, RSS, rss("<item><title>Moved item</title><guid>mv1</guid></item>")),
    "/bad-port": (302, {"Location": "http://127.0.0.1:99999/feed.xml"}, b""),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One loopback site, one home and one refresh shared by every test here (the trickle costs 3 s)."""
    site = city_site()
    home = Home(tmp_path_factory.mktemp("hostile"))
    yield home, site, _refresh(home, site)
    site.close()


@pytest.fixture
def refreshed(hostile):
    return hostile[2]


@pytest.fixture
def home(hostile):
    return hostile[0]


@pytest.fixture
def site(hostile):
    return hostile[1]


def _refresh(home, site):
    site.routes.update(HOSTILE)
    site.routes.update(HEADER_ATTACKS)
    site.routes["/trickle"] = trickle(rss("<item><title>t</title></item>"), delay=0.5)
    feeds = [{"name": "Good", "url": site.url("/city.xml"), "full_text": False}]
    feeds += [{"name": p.strip("/"), "url": site.url(p), "full_text": False}
              for p in [*HOSTILE, *list(HEADER_ATTACKS)[:3], "/bad-port", "/trickle"]]
    home.feeds(feeds)
    start = time.monotonic()
    report = home.json("refresh")
    report["elapsed"] = time.monotonic() - start
    feeds = {f["name"]: f for f in home.json("feeds")}
    titles = {}
    for a in home.json("list", "--limit", "1000"):
        titles.setdefault(a["feed"], []).append(a["title"])
    return report, feeds, titles


def test_good_feed_is_unharmed_and_refresh_is_bounded(refreshed):
    report, feeds, titles = refreshed
    assert len(titles["Good"]) == 3
    # the trickle feed is cut by the 3 s deadline; nothing else may hold the refresh longer
    assert report["elapsed"] < 10
    assert "3 s" in feeds["trickle"]["last_error"]


@pytest.mark.parametrize("name, words", [
    ("gzip-bomb", "MiB"), ("double-gzip", "Content-Encoding"), ("deflate-bomb", "MiB"), ("huge", "MiB"),
    ("tofile", "non-http"), ("loop", "redirects"), ("429", "HTTP 429"), ("500", "HTTP 500"),
    ("not-a-feed", "not a feed"), ("empty", "empty"),
])
def test_each_hostile_endpoint_costs_its_feed_an_error(refreshed, name, words):
    _, feeds, titles = refreshed
    assert words in feeds[name]["last_error"]
    assert feeds[name]["failures"] == 1 and name not in titles


def test_entity_blowup_stays_small(refreshed, home):
    _, feeds, titles = refreshed
    store = home.store()
    biggest = store.conn.execute("SELECT max(length(summary) + length(content)) FROM articles").fetchone()[0]
    assert biggest < 1_000_000
    assert feeds["quadratic"]["failures"] <= 1


def test_redos_author_does_not_cost_the_feed(refreshed):
    _, feeds, titles = refreshed
    assert "Fine item" in titles["redos"]


def test_escapes_are_removed_and_markup_kept_as_text(refreshed):
    _, _, titles = refreshed
    stored = titles["escape"]
    assert all("\x1b" not in t and "\x07" not in t and "\x9b" not in t and "\u202e" not in t for t in stored)
    assert "[link=file:///etc/passwd]click me[/link]" in stored and "[bold red]markup[/] [/]" in stored
    assert "[2J[31mRED ALERT[0m" in stored


def test_entry_identity(refreshed, home):
    _, _, titles = refreshed
    assert titles["dup-guid"] == ["Dup 0"]
    assert sorted(titles["no-guid"]) == [f"No id {i}" for i in range(5)]
    again = home.json("refresh")  # hash keys are stable: nothing new the second time
    assert again["new"] == 0


def test_links_other_than_http_are_dropped(refreshed, home):
    assert all(a["url"] == "" for a in home.json("list", "--feed", "js-link"))


def test_retry_after_is_honoured(refreshed, home, site):
    before = len(site.requests_to("/429"))
    report = home.json("refresh")
    assert "429" in report["skipped"]
    assert len(site.requests_to("/429")) == before


def test_malformed_encodings_and_dates(refreshed, home):
    _, _, titles = refreshed
    assert "Second item" in titles["malformed"]
    assert titles["latin1"] == ["Na\u00efve r\u00e9sum\u00e9 \u00a3 \u00bd"]
    future = {a["title"]: a for a in home.json("list", "--feed", "future")}
    assert future["Future"]["published"] < "2100" and future["Garbage date"]["published"] is None


def test_header_values_reach_no_terminal_and_no_row_with_controls(refreshed, home):
    """A redirect target and a Content-Encoding value carrying C1 CSI and an RTL override (issue 13.2): the
    error is recorded, with those code points removed, in the database, `refresh`, `feeds` and `feeds --json`."""
    _, feeds, titles = refreshed
    assert "non-http" in feeds["evil-location"]["last_error"] and "gopher://evil.example/31mexe.txt" in feeds["evil-location"]["last_error"]
    assert "Content-Encoding: br2Jevil" in feeds["evil-encoding"]["last_error"]
    assert titles["evil-moved"] == ["Moved item"] and feeds["evil-moved"]["redirected_to"].endswith("/moved31m.xml")
    outputs = [home.run("refresh"), home.run("feeds"), home.run("feeds", "--json"), home.run("refresh", "--json")]
    for code, out, err in outputs:
        assert code == 0 and "evil" in out
        assert not any(c in out + err for c in BAD_CHARS), (out + err)[:2000]
    rows = home.store().conn.execute("SELECT last_error, redirected_to, etag, title FROM feeds").fetchall()
    assert not any(c in str(v) for r in rows for v in r for c in BAD_CHARS)


@pytest.mark.parametrize("url", ["http://a.example/\x1b]0;x\x07", "http://a.example/\x07", "http://a.example/\x9b31m",
                                 "http://a.example/\u202eexe", "http://a.example/\u2066x", "http://a.example/ x",
                                 "http://a.example/\tx", "http://[::1", "http://a.example:99999/", "http://a.example:x/"])
def test_add_refuses_urls_with_controls_or_that_do_not_parse(tmp_path, url):
    home = Home(tmp_path)
    code, out, err = home.run("add", url)
    assert code == 2 and err.startswith("szreader: not a valid URL") and len(err.splitlines()) == 1
    assert not any(c in err for c in BAD_CHARS) and "Traceback" not in err
    assert "a.example" not in (tmp_path / "feeds.toml").read_text()


def test_a_redirect_to_an_impossible_port_is_the_feeds_error_not_an_internal_one(refreshed):
    _, feeds, _ = refreshed
    assert feeds["bad-port"]["last_error"] == "refused to follow a redirect to an invalid URL: http://127.0.0.1:99999/feed.xml"
