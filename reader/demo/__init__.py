"""The built-in demo edition: the team's Shenzhen Daily-style articles, served as a real feed and pages.

:class:`DemoTransport` is an httpx transport mounted on ``http://demo.szreader.invalid`` (a reserved
name that never resolves), so the demo goes through the same fetch → parse → extract path as any
other source, with ETags and 304s, and works with no network at all.
"""

from __future__ import annotations

import hashlib
import html
import time
import tomllib
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

import httpx

from reader.config import DEMO_HOST

BASE = f"http://{DEMO_HOST}"
FEED_URL = f"{BASE}/feed.xml"


@lru_cache(maxsize=1)
def articles() -> list[dict]:
    data = tomllib.loads(resources.files("reader.demo").joinpath("edition.toml").read_text(encoding="utf-8"))
    return data["articles"]


def page_html(a: dict) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in a["paragraphs"])
    sep = "&nbsp;&nbsp;|&nbsp;&nbsp;"
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(a["title"])} - Shenzhen Daily'
            f'</title></head><body><div class="header"><a href="/">Home</a> | <a href="/news">News</a></div>'
            f'<div class="article"><h1 class="title">{html.escape(a["title"])}</h1>'
            f'<div class="info">Writer: {html.escape(a["writer"])}{sep}Editor: {html.escape(a["editor"])}{sep}'
            f'From: Shenzhen Daily{sep}Updated: {a["updated"]}</div>'
            f'<div class="content">{body}</div></div>'
            f'<div class="footer">szreader demo edition. Written by the szreader team.</div></body></html>')


def feed_xml() -> str:
    items = []
    for a in sorted(articles(), key=lambda a: a["updated"], reverse=True):
        ts = time.mktime(time.strptime(a["updated"] + " 08:00", "%Y-%m-%d %H:%M")) - time.timezone
        date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(ts))
        items.append(f"<item><title>{escape(a['title'])}</title><link>{BASE}/articles/{a['slug']}.html</link>"
                     f'<guid isPermaLink="false">demo-{a["slug"]}</guid><pubDate>{date}</pubDate>'
                     f"<author>{escape(a['writer'])}</author><description>{escape(a['paragraphs'][0])}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Shenzhen Daily (demo edition)'
            f"</title><link>{BASE}/</link><description>szreader's built-in demo edition</description>"
            + "".join(items) + "</channel></rss>")


def respond(path: str, if_none_match: str | None = None) -> tuple[int, dict[str, str], bytes]:
    if path == "/feed.xml":
        body, ctype = feed_xml().encode(), "application/rss+xml; charset=utf-8"
    elif path.startswith("/articles/") and path.endswith(".html"):
        slug = path[len("/articles/"):-len(".html")]
        found = [a for a in articles() if a["slug"] == slug]
        if not found:
            return 404, {"content-type": "text/plain"}, b"not found"
        body, ctype = page_html(found[0]).encode(), "text/html; charset=utf-8"
    else:
        return 404, {"content-type": "text/plain"}, b"not found"
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    if if_none_match and etag in if_none_match:
        return 304, {"etag": etag}, b""
    return 200, {"content-type": ctype, "etag": etag}, body


class DemoTransport(httpx.AsyncBaseTransport):
    """Answers requests for the demo host from the package's own data; never touches the network."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        status, headers, body = respond(request.url.path, request.headers.get("if-none-match"))
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body), request=request)
