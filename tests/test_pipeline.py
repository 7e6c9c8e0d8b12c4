"""The refresh pipeline end to end against the loopback site: fetch, parse, full text, store, state."""

from __future__ import annotations

from conftest import SITE


def test_refresh_stores_articles_with_full_text_and_byline(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml")}])
    code, out, _ = home.run("refresh")
    assert code == 0
    assert "3 new" in out
    rows = home.json("list")
    assert [r["title"] for r in rows] == ["Futian unveils fintech hub plan", "Nanshan science park adds 1,200 firms",
                                          "Metro ridership hits record"]
    fintech = home.json("show", str(rows[0]["id"]))
    assert fintech["writer"] == "Liu Yang" and fintech["editor"] == "Holly Wang"
    assert fintech["source"] == "Shenzhen Daily" and fintech["updated"] == "2025-06-03"
    # the body paragraphs, without navigation, script, related links or footer
    paras = fintech["text"].split("\n\n")
    assert paras[0].startswith("Futian District will invest 3.2 billion yuan")
    assert len(paras) == 3
    assert "tracking" not in fintech["text"] and "Copyright" not in fintech["text"] and "Related" not in fintech["text"]
    # a page without the site layout goes through trafilatura
    generic = home.json("show", str(rows[1]["id"]))
    assert "48 billion yuan" in generic["text"] and "Privacy" not in generic["text"]
    # a page that 404s leaves the summary as the text, and the article is still there
    metro = home.json("show", str(rows[2]["id"]))
    assert metro["text"] == "Ridership rose 12 percent." and metro["text_status"].startswith("error")
    # HTML in a summary is stored as text
    assert generic["summary"] == "The park now hosts more than 1,200 firms."


def test_second_refresh_is_conditional_and_stores_nothing(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml")}])
    home.run("refresh")
    pages_before = len(site.requests_to("/articles/fintech.html"))
    report = home.json("refresh")
    assert report["new"] == 0 and report["not_modified"] == 1 and report["pages"] == 0
    assert site.requests_to("/city.xml")[-1]["if-none-match"] == '"city-v1"'
    assert len(site.requests_to("/articles/fintech.html")) == pages_before
    feeds = home.json("feeds")
    assert feeds[0]["last_status"] == "not modified" and feeds[0]["articles"] == 3


def test_changed_article_is_updated_in_place_and_keeps_its_state(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml"), "full_text": False}])
    home.run("refresh")
    metro = [r for r in home.json("list") if r["title"].startswith("Metro")][0]
    home.run("mark", str(metro["id"]), "star")
    home.run("mark", str(metro["id"]), "save")
    body = (SITE / "city.xml").read_bytes().replace(b"Metro ridership hits record", b"Metro ridership hits new record")
    site.routes["/city.xml"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"city-v2"'}, body)
    report = home.json("refresh")
    assert report["new"] == 0 and report["changed"] == 1
    again = home.json("show", str(metro["id"]))
    assert again["title"] == "Metro ridership hits new record"
    assert again["starred"] and again["saved"]


def test_figures_follow_new_and_changed_entries_and_stay_with_unchanged_ones(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml"), "full_text": False}])
    home.run("refresh")
    by_title = {r["title"]: r["id"] for r in home.json("list")}
    fintech = by_title["Futian unveils fintech hub plan"]
    before = home.json("show", str(fintech))["figures"]
    assert [f["text"] for f in before] == ["3.2 billion yuan"]
    body = (SITE / "city.xml").read_bytes().replace(b"Ridership rose 12 percent.", b"Ridership rose 15 percent.")
    body = body.replace(b"<item>", b"<item><title>Port volume up</title><guid>bay-port</guid>"
                                   b"<description>Throughput reached 30 million TEUs.</description></item><item>", 1)
    site.routes["/city.xml"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"city-v3"'}, body)
    report = home.json("refresh")
    assert report["new"] == 1 and report["changed"] == 1
    figures = {r["title"]: [f["text"] for f in home.json("show", str(r["id"]))["figures"]] for r in home.json("list")}
    assert figures["Metro ridership hits record"] == ["15 percent"]  # changed: worked out again
    assert figures["Port volume up"] == ["30 million TEUs"]  # new
    assert home.json("show", str(fintech))["figures"] == before  # unchanged: left as stored


def test_failing_feed_keeps_its_articles_and_records_the_error(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml"), "full_text": False}])
    home.run("refresh")
    site.routes["/city.xml"] = (404, {"Content-Type": "text/plain"}, b"gone")
    code, out, _ = home.run("refresh")
    assert code == 3 and "Bay: HTTP 404" in out  # nothing could be refreshed: exit 3
    feeds = home.json("feeds")
    assert feeds[0]["last_error"] == "HTTP 404" and feeds[0]["failures"] == 1 and feeds[0]["articles"] == 3
    assert len(home.json("list")) == 3


def test_retention_never_drops_saved_or_starred(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml"), "full_text": False, "max_articles": 1}])
    home.run("refresh")
    assert [r["title"] for r in home.json("list")] == ["Futian unveils fintech hub plan"]
    # the saved article survives a later retention pass although it is over the limit
    body = (SITE / "city.xml").read_bytes()
    site.routes["/city.xml"] = (200, {"Content-Type": "application/rss+xml"}, body.replace(b"Futian", b"Luohu").replace(b"bay-fintech", b"bay-luohu"))
    first = home.json("list")[0]
    home.run("mark", str(first["id"]), "save")
    home.run("refresh")
    titles = [r["title"] for r in home.json("list")]
    assert "Futian unveils fintech hub plan" in titles and "Luohu unveils fintech hub plan" in titles


def test_search_is_ranked_and_safe_for_any_input(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml")}])
    home.run("refresh")
    hits = home.json("search", "fintech")
    assert hits[0]["title"] == "Futian unveils fintech hub plan" and "[fintech]" in hits[0]["snippet"].lower()
    for nasty in ['c++ "unbalanced', "AND OR NOT", "*", "NEAR(", "'; DROP TABLE articles; --"]:
        code, _, err = home.run("search", nasty)
        assert code == 0, err


def test_permanent_redirect_is_followed_and_reported(home, site):
    site.routes["/old.xml"] = (301, {"Location": "/city.xml"}, b"")
    home.feeds([{"name": "Bay", "url": site.url("/old.xml"), "full_text": False}])
    report = home.json("refresh")
    assert report["new"] == 3
    assert report["redirects"] == {"Bay": site.url("/city.xml")}


def test_demo_edition_works_offline(home):
    home.feeds([{"name": "Demo", "url": "http://demo.szreader.invalid/feed.xml"}])
    report = home.json("refresh")
    assert report["new"] >= 12 and report["pages"] >= 12 and not report["errors"]
    first = home.json("show", str(home.json("list")[0]["id"]))
    assert first["source"] == "Shenzhen Daily" and first["writer"] and first["editor"]


def test_a_long_feed_gets_its_pages_a_batch_per_refresh(home, site, monkeypatch):
    import reader.refresh

    monkeypatch.setattr(reader.refresh, "MAX_PAGES", 2)
    page = (SITE / "fintech.html").read_bytes()
    items = "".join(f"<item><title>Story {n}</title><link>/long/{n}.html</link><guid>long-{n}</guid>"
                    f"<description>Output rose {n} percent.</description></item>" for n in range(5))
    site.routes["/long.xml"] = (200, {"Content-Type": "application/rss+xml"},  # no ETag: every refresh parses it
                                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Long</title>{items}'
                                f"</channel></rss>".encode())
    for n in range(5):
        site.routes[f"/long/{n}.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page)
    home.feeds([{"name": "Long", "url": site.url("/long.xml")}])
    first = home.json("refresh")
    assert first["new"] == 5 and first["pages"] == 2
    with_text = lambda: sum(home.json("show", str(r["id"]))["text_status"] == "page" for r in home.json("list"))  # noqa: E731
    assert with_text() == 2  # the other three keep their summaries for now
    assert home.json("refresh")["pages"] == 2 and with_text() == 4
    assert home.json("refresh")["pages"] == 1 and with_text() == 5
    assert home.json("refresh")["pages"] == 0
