"""Real sources: Chinese-site encodings, non-HTML bodies, junk extractions, tables, the Shenzhen layouts.

The article fixtures in data/sources/ are written by us in the layouts real sites use (our own words and
figures); each is served or decoded in every encoding a mainland or Hong Kong site may use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.decode import decode_body, feed_as_utf8
from reader.errors import ParseError
from reader.extract import extract_page
from reader.figures import figure_rows
from reader.parse import parse_feed
from reader.tasks import extract_article

DATA = Path(__file__).parent / "data" / "sources"
ENCODINGS = ("utf-8", "gbk", "gb18030", "big5", "utf-16")
#: a wrong label for each encoding, as servers and templates get them wrong
WRONG = {"utf-8": "gbk", "gbk": "utf-8", "gb18030": "big5", "big5": "gb2312", "utf-16": "utf-8"}
LAYOUTS = ("port-labelled", "port-dateline", "port-generic")


def page_bytes(layout: str, encoding: str, meta: str | None) -> bytes:
    """The fixture in ``encoding`` (UTF-16 with its BOM), with a <meta charset> naming ``meta`` if given."""
    html = (DATA / f"{layout}.html").read_text(encoding="utf-8")
    html = html.replace("<!--META-->", f'<meta charset="{meta}">' if meta else "")
    return html.encode(encoding)  # Python's "utf-16" writes the BOM


def variants(encoding: str):
    """(name, Content-Type, meta label) for each way a page may be labelled."""
    label = "utf-16" if encoding == "utf-16" else encoding
    return [
        ("labelled in HTTP", f"text/html; charset={label}", None),
        ("labelled in meta", "text/html", label),
        ("mislabelled in HTTP and meta", f"text/html; charset={WRONG[encoding]}", WRONG[encoding]),
        ("labelled Latin-1 by a server default", "text/html; charset=ISO-8859-1", None),
        ("unlabelled", "text/html", None),
    ]


def as_read(page) -> tuple:
    return (page.title, page.writer, page.editor, page.source, page.updated, page.text)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_encoding_and_label_gives_the_same_article(layout):
    expected = as_read(extract_page(page_bytes(layout, "utf-8", "utf-8"), "http://x/", "text/html; charset=utf-8"))
    assert "深圳港今年首季集裝箱吞吐量" in expected[-1] and "創新高" in expected[0]
    for encoding in ENCODINGS:
        for name, content_type, meta in variants(encoding):
            body = page_bytes(layout, encoding, meta)
            got = as_read(extract_page(body, "http://x/", content_type))
            assert got == expected, f"{layout} in {encoding}, {name}"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_figures_are_found_in_the_english_text_of_every_encoding(encoding):
    for name, content_type, meta in variants(encoding):
        page = extract_article(page_bytes("port-labelled", encoding, meta), "http://x/", content_type)
        texts = {row[2] for row in figure_rows(page.text)}
        assert {"7.8 million TEUs", "6.2 percent", "9.4 percent", "41.3 million tons"} <= texts, (encoding, name)
        assert "\ufffd" not in page.text + page.title + page.writer


def portal(html: str) -> str:
    """``html`` inside the weight of a news portal: 40 KB of ASCII navigation, with a few Chinese words."""
    nav = "".join(f"<li><a href='/node_{i}.htm'>Section {i} 欄目</a> <a href='/n{i}'>Local news and more</a></li>"
                  for i in range(400))
    return html.replace("<body>", f"<body><ul class='nav'>{nav}</ul>", 1)


@pytest.mark.parametrize("encoding", ["big5", "gbk", "gb18030"])
def test_unlabelled_chinese_page_inside_a_large_ascii_portal(encoding):
    """charset-normalizer alone read such a Big5 page as Latin-7 (the ASCII markup outweighs the Chinese)."""
    html = portal((DATA / "port-labelled.html").read_text(encoding="utf-8").replace("<!--META-->", ""))
    page = extract_page(html.encode(encoding), "http://x/", "text/html")
    assert page.title == "Port box volume climbs 6.2% 深圳港吞吐量創新高" and "深圳港今年首季集裝箱" in page.text


def test_gb2312_label_reads_gbk_characters_as_gb18030():
    body = page_bytes("port-labelled", "gbk", "gb2312")  # 創, 陳, 裝 are GBK characters, not GB2312 ones
    d = decode_body(body, "text/html")
    assert d.encoding == "gb18030" and d.evidence == "meta" and "陳佳怡" in d.text


def test_utf8_page_labelled_gbk_keeps_its_title():
    page = extract_page(page_bytes("port-labelled", "utf-8", None), "http://x/", "text/html; charset=gbk")
    assert page.title == "Port box volume climbs 6.2% 深圳港吞吐量創新高"


def test_http_charset_decides_a_page_without_meta_issue13_item12():
    """Issue 13 item 12: UTF-8 in the HTTP header, no <meta charset>: the page was read as Latin-1 ("æ·±å³")."""
    body = page_bytes("port-dateline", "utf-8", None)
    page = extract_page(body, "http://x/", "text/html; charset=utf-8")
    assert page.title.endswith("深圳港吞吐量創新高") and page.writer == "Chen Jiayi 陳佳怡"
    assert "æ" not in page.title + page.text + page.writer


def test_order_of_evidence():
    utf8 = "<html><head><meta charset='big5'></head><body><p>深圳 Shenzhen</p></body></html>"
    assert decode_body("\ufeff".encode("utf-16-le") + utf8.encode("utf-16-le"), "text/html; charset=gbk").evidence == "bom"
    big5 = utf8.encode("big5")
    assert decode_body(big5, "text/html; charset=big5").evidence == "http"
    assert decode_body(big5, "text/html").evidence == "meta"
    assert decode_body(big5, "text/html; charset=no-such-charset").evidence == "meta"


FEED = """<?xml version="1.0" encoding="{decl}"?>
<rss version="2.0"><channel><title>深圳新聞 Shenzhen News</title><link>http://x/</link>
<item><title>Port box volume climbs 6.2% 深圳港吞吐量創新高</title><link>http://x/a1</link><guid>a1</guid>
<description>深圳港今年首季集裝箱吞吐量達到七百八十萬標準箱。 Shenzhen Port handled 7.8 million TEUs.</description></item>
</channel></rss>
"""


@pytest.mark.parametrize("encoding,decl,header", [
    ("gbk", "gb2312", "application/rss+xml"),  # GBK characters under a GB2312 declaration
    ("gb18030", "gb18030", "application/rss+xml; charset=gb18030"),
    ("big5", "big5", "text/xml"),
    ("big5", "big5", "application/rss+xml; charset=big5"),
    ("utf-16", "utf-16", "application/rss+xml"),
    ("utf-8", "utf-8", "application/rss+xml; charset=gbk"),  # mislabelled by the server
    ("gbk", "utf-8", "application/rss+xml"),  # a declaration that lies
])
def test_feeds_in_chinese_encodings(encoding, decl, header):
    body = FEED.format(decl=decl).encode(encoding)
    feed = parse_feed(body, "http://x/feed", header)
    assert feed.title == "深圳新聞 Shenzhen News"
    assert [e.title for e in feed.entries] == ["Port box volume climbs 6.2% 深圳港吞吐量創新高"]
    assert "七百八十萬標準箱" in feed.entries[0].summary


def test_utf8_feeds_pass_through_untouched():
    body = FEED.format(decl="utf-8").encode("utf-8")
    assert feed_as_utf8(body, "application/rss+xml") == (body, "application/rss+xml")


# ---- only articles are stored as articles ---------------------------------------------------------------
SUMMARY = ("Qianhai widened its corporate tax rebate to 15 percent for 1,200 more firms in modern logistics, "
           "information services and cultural industries, the cooperation zone's authority said on Monday.")
SHORT_PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Qianhai</title></head><body>
<article><h1>Qianhai tax rebate widened</h1><p>Qianhai widened its rebate.</p></article></body></html>"""


def _random_bytes(n: int) -> bytes:
    import random

    rnd = random.Random(7)
    return bytes(rnd.getrandbits(8) for _ in range(n))


def junk_site(site):
    """A feed whose six items link to pages that are not article text."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    pages = {
        "binary": (200, html, _random_bytes(1024 * 1024)),  # 1 MB of binary served as a page
        "pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" + _random_bytes(4000)),
        "png": (200, html, b"\x89PNG\r\n\x1a\n" + _random_bytes(4000)),
        "reprint": (200, html, (DATA / "reprint-only.html").read_bytes()),
        "cookie": (200, html, (DATA / "cookie-only.html").read_bytes()),
        "short": (200, html, SHORT_PAGE),
    }
    items = ""
    for name, route in pages.items():
        site.routes[f"/p/{name}.html"] = route
        items += (f"<item><title>{name}</title><link>{site.url(f'/p/{name}.html')}</link><guid>{name}</guid>"
                  f"<description>{SUMMARY}</description></item>")
    site.routes["/junk.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                f'<rss version="2.0"><channel><title>j</title>{items}</channel></rss>'.encode())
    return list(pages)


def test_non_html_and_junk_pages_keep_the_summary_with_a_reason(home, site):
    names = junk_site(site)
    home.feeds([{"name": "Junk", "url": site.url("/junk.xml")}])
    assert home.run("refresh")[0] == 0
    rows = {r["title"]: r["id"] for r in home.json("list")}
    assert sorted(rows) == sorted(names)
    expected = {"binary": "not an HTML page (binary data)", "pdf": "not an HTML page (application/pdf)",
                "png": "not an HTML page (a PNG image)", "reprint": "only a site notice",
                "cookie": "only a site notice", "short": "much shorter than the feed's summary"}
    for name, reason in expected.items():
        a = home.json("show", str(rows[name]))
        assert a["text"] == SUMMARY, name  # the feed's summary stays the article's text
        assert a["text_note"].startswith("full text unavailable (") and reason in a["text_note"], (name, a["text_note"])
        assert {f["text"] for f in a["figures"]} <= {"15 percent", "1,200 more firms", "1,200"}, name
        code, out, _ = home.run("show", str(rows[name]))
        assert code == 0 and "full text unavailable (" in out and reason in out


def test_binary_bodies_are_refused_before_extraction():
    for body, content_type in [(_random_bytes(50_000), "text/html"), (b"%PDF-1.4 ...", "text/html"),
                               (b"GIF89a" + _random_bytes(100), ""), (_random_bytes(500), "application/octet-stream"),
                               (b"PK\x03\x04" + _random_bytes(100), "text/html; charset=utf-8")]:
        with pytest.raises(ParseError, match="not an HTML page"):
            extract_article(body, "http://x/", content_type)
    page = extract_article(page_bytes("port-labelled", "utf-16", None), "http://x/", "application/octet-stream")
    assert "7.8 million TEUs" in page.text  # a UTF-16 page is text, its NUL bytes notwithstanding


def test_an_article_that_lives_in_tables_keeps_them_as_readable_rows():
    body = (DATA / "results-table.html").read_text(encoding="utf-8").encode("gbk")  # labelled gb2312 in meta
    page = extract_article(body, "http://x/", "text/html")
    assert page.title == "District output in the first quarter 一季度各區生產總值"
    assert "Nanshan: GDP (billion yuan) 228.4; Growth 6.1%\nFutian: GDP (billion yuan) 167.2; Growth 5.4%" in page.text
    assert page.text.startswith("The municipal statistics bureau")
    assert page.text.endswith("about 85 percent of the city's output in the quarter.")
    figures = {row[2] for row in figure_rows(page.text)}
    assert {"6.1%", "7.3%", "4.2%", "730.8 billion yuan"} <= figures


# ---- the real Shenzhen sources ----------------------------------------------------------------------------
def default_entry(name: str) -> dict:
    import tomllib

    from reader.config import default_feeds_text

    return next(t for t in tomllib.loads(default_feeds_text())["feeds"] if t["name"] == name)


def eyeshenzhen_site(site) -> dict:
    """The shipped EyeShenzhen entry pointed at the loopback site, which serves list and article pages in the
    real layouts at the real paths."""
    from urllib.parse import urlsplit

    entry = default_entry("EyeShenzhen News")
    path = urlsplit(entry["url"]).path
    utf8, html = {"Content-Type": "text/html; charset=utf-8"}, {"Content-Type": "text/html"}
    site.routes[path] = (200, utf8, (DATA / "eyeshenzhen-node.html").read_bytes())
    site.routes[path.replace(".htm", "_2.htm")] = (200, utf8, (DATA / "eyeshenzhen-node-2.html").read_bytes())
    site.routes[path.replace(".htm", "_3.htm")] = (200, utf8, b"<html><body>page 3 must not be read</body></html>")
    site.routes["/content/2026-04/11/content_31233001.htm"] = (200, utf8, (DATA / "eyeshenzhen-article.html").read_bytes())
    site.routes["/content/2026-04/10/content_31231288.htm"] = (200, html, (DATA / "szdaily-email.html").read_bytes())
    site.routes["/content/2026-04/12/content_31234567.htm"] = (200, utf8, page_bytes("port-dateline", "utf-8", None))
    return {**entry, "url": site.url(path)}


def test_default_eyeshenzhen_entry_reads_the_real_list_markup(home, site):
    home.feeds([eyeshenzhen_site(site)])
    code, out, err = home.run("refresh")
    assert code == 0 and "0 errors" in out, out + err
    rows = home.json("list")
    assert [r["title"] for r in rows] == [
        "Port box volume climbs 6.2% in first quarter", "Metro Line 20 extension to open in June",
        "Nanshan adds 42 pocket parks", "Chip design output up 23.5%", "Bay half marathon draws 25,000 runners"]
    assert [r["published"][:10] for r in rows] == ["2026-04-12", "2026-04-11", "2026-04-10", "2026-04-09", "2026-04-08"]
    assert rows[0]["url"] == site.url("/content/2026-04/12/content_31234567.htm")  # relative links resolved
    assert not site.requests_to("/node_331167_3.htm")  # pages = 2: pagination stops at the limit
    shown = {r["title"]: home.json("show", str(r["id"])) for r in rows}
    metro = shown["Metro Line 20 extension to open in June"]  # labelled byline, TRS_Editor body
    assert (metro["writer"], metro["editor"], metro["updated"]) == ("Zhang Wei", "Lin Qiao", "2026-04-11")
    assert metro["text"].startswith("The northern extension of Metro Line 20") and "Share" not in metro["text"]
    assert metro["summary"].startswith("The 18.2-kilometer extension adds seven stations")
    parks = shown["Nanshan adds 42 pocket parks"]  # szdaily.com dateline form, writer with e-mail, GBK page
    assert (parks["writer"], parks["source"], parks["updated"]) == ("Li Xiaoyu", "Shenzhen Daily", "2026-04-10 09:12")
    assert parks["text"].startswith("NANSHAN District has built 42 pocket parks") and "@" not in parks["text"]
    assert "居民們說" in parks["text"] and "\ufffd" not in parks["text"]
    port = shown["Port box volume climbs 6.2% in first quarter"]  # dateline form, writer alone on a line
    assert port["writer"] == "Chen Jiayi 陳佳怡" and "深圳港今年首季" in port["text"]
    chip = shown["Chip design output up 23.5%"]  # its page is missing: the list's summary stays, with the reason
    assert chip["text"] == "Integrated-circuit design revenue reached 71.6 billion yuan last year."
    assert chip["text_note"] == "full text unavailable (HTTP 404)"


def test_a_list_page_whose_selectors_match_nothing_is_an_error_in_feeds(home, site):
    entry = eyeshenzhen_site(site)
    old = {**entry, "item": "ul.list li", "title": "a", "link": "a", "date": "span"}  # the entry as shipped before
    for k in ("summary", "pages"):
        old.pop(k)
    home.feeds([old])
    code, out, _ = home.run("refresh")
    assert code == 3 and "selectors matched no items" in out  # its only feed failed: exit 3
    feeds = home.json("feeds")
    assert feeds[0]["last_error"] == "selectors matched no items (item = 'ul.list li')"
    assert "error: selectors matched no items" in home.run("feeds")[1]


def test_szdaily_bylines_in_both_forms():
    from reader.extract import parse_byline, parse_dateline, writer_line

    assert parse_dateline("2020-08-26 08:53 Shenzhen Daily") == {"source": "Shenzhen Daily", "updated": "2020-08-26 08:53"}
    assert parse_dateline("Shenzhen Daily  2020-08-26") == {"source": "Shenzhen Daily", "updated": "2020-08-26"}
    assert parse_dateline("2020-08-26 08:53") is None  # a date alone is no byline
    assert writer_line("Zhang Qian zhangqian@szdaily.cn") == "Zhang Qian"
    assert writer_line("By Wang Jingli") == "Wang Jingli"
    assert writer_line("The city added 42 parks last year.") is None
    # the labelled form with its labels in another order or style
    assert parse_byline("Source: Shenzhen Daily | Author: Liu Yang | Date: 2025/6/3") == {
        "writer": "Liu Yang", "editor": "", "source": "Shenzhen Daily", "updated": "2025-06-03"}


def test_body_containers_of_founder_and_trs_pages_and_the_fallback():
    page = extract_page((DATA / "eyeshenzhen-article.html").read_bytes(), "http://x/", "text/html; charset=utf-8")
    assert page.text.count("\n\n") == 2 and page.writer == "Zhang Wei"
    # a byline in an unknown container layout: trafilatura finds the body, the byline stays
    html = (DATA / "eyeshenzhen-article.html").read_text(encoding="utf-8").replace('class="TRS_Editor"', 'class="x-body"')
    page = extract_page(html.encode(), "http://x/", "text/html; charset=utf-8")
    assert page.writer == "Zhang Wei" and page.text.startswith("The northern extension of Metro Line 20")
    assert "160,000 passengers" in page.text


# ---- adding a source as users do ----------------------------------------------------------------------------
RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bay Business Post</title>
<link>http://x/</link><item><title>Qianhai tax rebate widened</title><link>http://x/a</link><guid>a</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bay Business Post (Atom)</title>
<id>urn:x</id><entry><title>Qianhai tax rebate widened</title><id>urn:a</id><link href="http://x/a"/></entry></feed>"""


def home_page(links: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bay Business Post</title>{links}</head>'
            f'<body><h1>Bay Business Post</h1><p>Markets and companies of the Greater Bay Area.</p></body></html>').encode()


def test_add_discovers_the_feed_a_home_page_declares(home, site):
    html, rss = {"Content-Type": "text/html; charset=utf-8"}, {"Content-Type": "application/rss+xml"}
    site.routes["/"] = (200, html, home_page('<link rel="alternate" type="application/rss+xml" title="News" href="/news/rss.xml">'))
    site.routes["/news/rss.xml"] = (200, rss, RSS)
    code, out, err = home.run("add", site.url("/"))
    assert code == 0, err
    assert f"found a feed at {site.url('/news/rss.xml')}" in out
    feeds = home.json("feeds")
    assert [(f["name"], f["url"]) for f in feeds] == [("Bay Business Post", site.url("/news/rss.xml"))]


def test_add_lists_several_feeds_and_saves_none(home, site):
    html = {"Content-Type": "text/html; charset=utf-8"}
    site.routes["/"] = (200, html, home_page(
        '<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed">'
        '<link rel="alternate" type="application/rss+xml" title="All stories" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/broken.xml">'))
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, RSS)
    site.routes["/atom.xml"] = (200, {"Content-Type": "application/atom+xml"}, ATOM)
    site.routes["/comments/feed"] = (200, {"Content-Type": "application/rss+xml"}, RSS.replace(b"Bay Business Post<", b"Comments<"))
    site.routes["/broken.xml"] = (200, html, b"<html><body>not a feed</body></html>")
    code, out, err = home.run("add", site.url("/"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("3 feeds found")
    assert [line.split()[0] for line in lines[1:]] == [site.url("/rss.xml"), site.url("/atom.xml"),
                                                       site.url("/comments/feed")]  # comment feeds last
    assert home.json("feeds") == []


def test_add_tries_common_paths_and_says_when_there_is_no_feed(home, site):
    html = {"Content-Type": "text/html; charset=utf-8"}
    site.routes["/"] = (200, html, home_page(""))
    code, _, err = home.run("add", site.url("/"))
    assert code == 2 and "no feed found" in err and 'kind = "page"' in err and "szreader add --page" in err
    assert len(err.strip().splitlines()) == 1
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, RSS)
    code, out, err = home.run("add", site.url("/"))
    assert code == 0 and home.json("feeds")[0]["url"] == site.url("/feed")


def test_add_page_previews_the_first_items_before_saving(home, site):
    entry = eyeshenzhen_site(site)
    args = ["add", "--page", entry["url"], "--item", "a.articlelist-item", "--title", "div.articlelist-item-right-title",
            "--summary", "div.articlelist-item-right-content", "--date", "div.articlelist-item-right-time",
            "--name", "EyeShenzhen"]
    code, out, err = home.run(*args)
    assert code == 0, err
    assert "3 items on the page, more pages follow" in out
    assert "2026-04-12  Port box volume climbs 6.2% in first quarter" in out
    assert site.url("/content/2026-04/11/content_31233001.htm") in out
    assert "The 18.2-kilometer extension adds seven stations" in out
    feeds = home.json("feeds")
    assert [f["name"] for f in feeds] == ["EyeShenzhen"]
    assert home.run("refresh")[0] == 0
    assert len(home.json("list")) == 5  # saved as previewed: both list pages
    # selectors that match nothing: the error, and nothing saved
    page2 = entry["url"].replace(".htm", "_2.htm")
    code, out, err = home.run("add", "--page", page2, "--item", "ul.list li", "--name", "Broken")
    assert code == 2 and "selectors matched no items" in err and "nothing saved" in err
    assert [f["name"] for f in home.json("feeds")] == ["EyeShenzhen"]


def test_a_notice_among_link_lists_is_still_only_a_notice():
    """trafilatura's recall pass, run when the precise one finds nothing, returned 400 words of related-story links
    and footer links around a cookie notice; lines that are mostly links are navigation."""
    html = (DATA / "cookie-only.html").read_text(encoding="utf-8")
    related = "<ul class='more'>" + "".join(
        f"<li><a href='/content/2026-04/{i:02d}/content_{30000000 + i}.htm'>Headline {i} about the district's "
        f"economy and its firms</a> 2026-04-{i % 28 + 1:02d}</li>" for i in range(60)) + "</ul>"
    footer = "".join(f"<p><a href='/p{i}'>Partner site {i}</a> | <a href='/about'>About</a></p>" for i in range(30))
    html = html.replace("</body>", related + footer + "</body>")
    with pytest.raises(ParseError, match="only a site notice|no article text"):
        extract_article(html.encode(), "http://x/", "text/html; charset=utf-8", SUMMARY)


def test_refresh_stores_every_correctly_labelled_encoding_without_replacement_characters(home, site):
    items = ""
    for enc in ENCODINGS:
        label = "utf-16" if enc == "utf-16" else enc
        for how, ct, meta in [("http", f"text/html; charset={label}", None), ("meta", "text/html", label)]:
            path = f"/p/{enc}-{how}.html"
            site.routes[path] = (200, {"Content-Type": ct}, page_bytes("port-labelled", enc, meta))
            items += f"<item><title>{enc} {how}</title><link>{site.url(path)}</link><guid>{path}</guid></item>"
    site.routes["/enc.xml"] = (200, {"Content-Type": "application/rss+xml"},
                               f'<rss version="2.0"><channel><title>e</title>{items}</channel></rss>'.encode())
    home.feeds([{"name": "Encodings", "url": site.url("/enc.xml")}])
    assert home.run("refresh")[0] == 0
    expected = extract_page(page_bytes("port-labelled", "utf-8", None), "http://x/", "text/html; charset=utf-8")
    rows = home.json("list")
    assert len(rows) == 2 * len(ENCODINGS)
    for r in rows:
        a = home.json("show", str(r["id"]))
        assert a["text_status"] == "page", r["title"]
        assert (a["text"], a["writer"], a["editor"]) == (expected.text, expected.writer, expected.editor), r["title"]
        assert not any("\ufffd" in str(v) for v in a.values()), r["title"]
        assert {"7.8 million TEUs", "6.2 percent"} <= {f["text"] for f in a["figures"]}


def test_a_gbk_list_page_is_read_in_its_encoding(home, site):
    html = (DATA / "eyeshenzhen-node.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    html = html.replace("Metro Line 20 extension to open in June", "Metro Line 20 extension to open in June 地鐵二十號線")
    site.routes["/node_1.htm"] = (200, {"Content-Type": "text/html"}, html.replace("©", "(c)").encode("gbk"))
    entry = {**default_entry("EyeShenzhen News"), "url": site.url("/node_1.htm"), "full_text": False}
    home.feeds([entry])
    assert home.run("refresh")[0] == 0
    assert "Metro Line 20 extension to open in June 地鐵二十號線" in [r["title"] for r in home.json("list")]


def test_add_prints_nothing_a_site_could_use_to_drive_the_terminal(home, site):
    html = {"Content-Type": "text/html; charset=utf-8"}
    site.routes["/"] = (200, html, home_page(
        '<link rel="alternate" type="application/rss+xml" title="A\x1b]0;pwned\x07\u202e" href="/a\x1b[2J.xml">'
        '<link rel="alternate" type="application/atom+xml" href="/b.xml">'))
    site.routes["/a[2J.xml"] = (200, {"Content-Type": "application/rss+xml"}, RSS)
    site.routes["/b.xml"] = (200, {"Content-Type": "application/atom+xml"},
                             ATOM.replace(b"Bay Business Post (Atom)", "B\x1b[31m\u009b\u2066".encode()))
    code, out, err = home.run("add", site.url("/"))
    assert code == 0 and out.startswith("2 feeds found"), out + err
    assert not any(c in out + err for c in "\x1b\x07\x9b\u202e\u2066")
