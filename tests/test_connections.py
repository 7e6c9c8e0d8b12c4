"""How a refresh treats a server's connections: kept alive and reused, and opened a few at a time."""

from __future__ import annotations

import time

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _feed(n: int) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {n}</title>'
            f"<item><title>Item of feed {n}</title><guid>g-{n}</guid><link>http://example.com/{n}</link>"
            f"<description>Exports rose 4.{n} percent.</description></item></channel></rss>").encode()


def _serve(site, home, count: int, handler=None) -> None:
    for n in range(count):
        site.routes[f"/f/{n}.xml"] = handler or (200, {**RSS, "ETag": f'"v{n}"'}, _feed(n))
    home.feeds([{"name": f"F{n}", "url": site.url(f"/f/{n}.xml"), "full_text": False} for n in range(count)])


def test_unchanged_feeds_reuse_kept_alive_connections(home, site):
    (home.path / "config.toml").write_text("[fetch]\ntimeout = 5\nper_host = 4\n")
    _serve(site, home, 30)
    assert home.json("refresh")["new"] == 30
    site.connections.clear()
    report = home.json("refresh")
    assert report["not_modified"] == 30 and not report["errors"]
    # 30 answers of 304 over at most 4 connections: an empty answer does not cost its connection
    assert 1 <= len(site.connections) <= 4


def test_connections_to_one_host_are_opened_a_few_at_a_time(home, site):
    def slow(h):
        time.sleep(0.2)
        n = int(h.path.split("/")[-1].split(".")[0])
        h.reply(200, RSS, _feed(n))

    _serve(site, home, 16, slow)
    report = home.json("refresh")
    assert report["new"] == 16 and not report["errors"]
    # a burst of 16 connects would overflow a small accept queue (Python's default holds 5)
    assert site.max_opening <= 4
    assert len(site.connections) > 1  # but the host does get more than one connection


def test_urls_that_hang_do_not_hold_up_the_rest_of_their_host(home, site):
    (home.path / "config.toml").write_text("[fetch]\ntimeout = 8\n")
    arrivals: dict[str, float] = {}
    slow_done: list[float] = []
    start = time.monotonic()

    def hang(h):
        arrivals[h.path] = time.monotonic() - start
        time.sleep(3)  # as a dead feed's server does, until the client gives up or it answers
        slow_done.append(time.monotonic() - start)
        h.reply(200, RSS, _feed(99))

    def fast(h):
        arrivals[h.path] = time.monotonic() - start
        n = int(h.path.split("/")[-1].split(".")[0])
        h.reply(200, RSS, _feed(n))

    for n in range(6):  # first in feeds.toml: they take every connection the host may open at first
        site.routes[f"/hang/{n}.xml"] = hang
    for n in range(10):
        site.routes[f"/f/{n}.xml"] = fast
    home.feeds([{"name": f"H{n}", "url": site.url(f"/hang/{n}.xml"), "full_text": False} for n in range(6)]
               + [{"name": f"F{n}", "url": site.url(f"/f/{n}.xml"), "full_text": False} for n in range(10)])
    report = home.json("refresh")
    assert report["new"] == 16 and not report["errors"]
    # every quick feed was asked for while the hanging ones still hung, not after the first of them answered
    assert max(arrivals[f"/f/{n}.xml"] for n in range(10)) < min(slow_done)
