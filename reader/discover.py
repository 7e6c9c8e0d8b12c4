"""Adding a source as users do: find a site's feeds from its home page, or try a list page's selectors.

- :func:`discover_feeds` fetches a URL. If it is a feed, that is the answer. If it is an HTML page, its
  ``<link rel="alternate">`` feeds (RSS, Atom, JSON Feed) are tried, then links that look like feeds,
  then common paths (/feed, /rss.xml, ...); each candidate is fetched and parsed, and only real feeds are
  returned, best first (the page's own declarations in their order; comment feeds last).
  An HTML page is also tried with the list layouts szreader knows (the page sources of the shipped
  feeds.toml, such as EyeShenzhen's node pages): the first layout whose item selector matches gives a
  :class:`Preview` of the page as a list source (``szreader add`` subscribes to it when no feed is found).
- :func:`preview_list_page` fetches a list page and reads it with CSS selectors exactly as a refresh
  would, returning the first items it would store, or the error a refresh would record.

Both are blocking calls for the CLI (``szreader add``) and for a TUI worker thread ("Add source"). Every
fetch goes through :class:`reader.fetch.Fetcher` (limits, caps, http(s) only) and every parse through a
:class:`reader.workers.BudgetPool` worker: the pages are as hostile as any feed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from reader.config import Settings
from reader.errors import FetchError, ParseError

#: paths where sites commonly publish a feed, tried when a page declares none
COMMON_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json",
                "/feeds/posts/default", "/?feed=rss2", "/rss/index.xml")
MAX_CANDIDATES = 12
PREVIEW_ITEMS = 5


@dataclass(frozen=True)
class FoundFeed:
    """A URL that answered with a feed."""

    url: str
    title: str
    format: str  #: "RSS", "Atom" or "JSON Feed"
    entries: int


@dataclass(frozen=True)
class Discovery:
    """What a URL led to: the feeds found (best first), whether the URL itself is one, or why nothing was."""

    url: str
    feeds: list[FoundFeed] = field(default_factory=list)
    is_feed: bool = False  #: the URL itself is a feed
    reachable: bool = True  #: False when the URL itself could not be fetched
    error: str | None = None  #: the URL could not be fetched, or is neither a feed nor a page
    page: Preview | None = None  #: no feed, but a list page in a known layout (:func:`list_layouts`)
    layout: str = ""  #: that layout's name


@dataclass(frozen=True)
class Preview:
    """A list page read with selectors: the first items a refresh would store, or the error it would record."""

    url: str
    items: list[dict] = field(default_factory=list)  #: {"title", "url", "date", "summary"}
    total: int = 0  #: items on the page
    next_url: str = ""  #: the next list page found, if any
    error: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)  #: the selectors read with


def list_layouts() -> dict[str, dict[str, str]]:
    """Layout name -> selectors: the page sources of the shipped feeds.toml, each a list layout szreader knows."""
    import tomllib

    from reader.config import SELECTOR_KEYS, default_feeds_text

    layouts = {}
    for entry in tomllib.loads(default_feeds_text()).get("feeds", []):
        if entry.get("kind") == "page":
            layouts[entry["name"]] = {k: entry[k] for k in SELECTOR_KEYS if entry.get(k)}
    return layouts


async def _try_layouts(pool, got) -> tuple[str, Preview] | None:
    """The first known list layout whose selectors find items on the page ``got``, with its preview."""
    from reader import tasks

    for name, selectors in list_layouts().items():
        try:
            feed = await pool.run(tasks.parse_document, got.body, got.url, got.content_type, "page", selectors)
        except ParseError:
            continue
        if feed.entries:
            return name, Preview(got.url, _items(feed), len(feed.entries), feed.next_url, selectors=selectors)
    return None


def _items(feed) -> list[dict]:
    return [{"title": e.title, "url": e.url, "date": (e.published or "")[:10], "summary": e.summary}
            for e in feed.entries[:PREVIEW_ITEMS]]


def _format(body: bytes) -> str:
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        return "JSON Feed"
    return "Atom" if b"<feed" in body[:2048] else "RSS"


def _looks_like_feed(body: bytes) -> bool:
    """XML or JSON rather than an HTML page (feedparser would read a page's <title> as a feed's)."""
    from reader.decode import decode_body

    head = decode_body(body[:1024]).text.lstrip("\ufeff \t\r\n")[:300].lower()
    if head.startswith(("{", "[")):
        return True
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:].lstrip()
    while head.startswith("<!--") and "-->" in head:
        head = head[head.find("-->") + 3:].lstrip()
    return head.startswith(("<rss", "<feed", "<rdf", "<?xml-stylesheet")) or (
        not head.startswith(("<!doctype html", "<html")) and ("<rss" in head or "<feed" in head))


def feed_links(html: bytes, url: str, content_type: str = "") -> list[tuple[str, str]]:
    """(url, title) of the feeds a page points to: <link rel="alternate"> first, then <a> links that look like
    feeds; comment feeds last. Runs in a worker (it parses hostile HTML)."""
    from reader.extract import parse_html
    from reader.sanitize import clean_line, clean_url

    doc = parse_html(html, content_type)
    if doc is None:
        return []
    feed_types = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
                  "application/rdf+xml", "application/xml", "text/xml")
    found: list[tuple[str, str]] = []
    for link in doc.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "alternate" in rels and (link.get("type") or "").split(";")[0].strip().lower() in feed_types:
            found.append((link.get("href") or "", clean_line(link.get("title") or "")))
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        path = urlsplit(href).path.lower().rstrip("/")
        if path.endswith((".rss", ".atom", "/rss", "/feed", "/atom", "rss.xml", "atom.xml", "feed.xml", "feed.json")):
            found.append((href, clean_line(a.text_content())[:100]))
    out, seen = [], set()
    for href, title in found:
        try:
            full = clean_url(urljoin(url, clean_url(href)))
            ok = urlsplit(full).scheme in ("http", "https") and urlsplit(full).hostname
        except ValueError:
            continue
        if ok and full not in seen:
            seen.add(full)
            out.append((full, title))
    return sorted(out, key=lambda f: "comment" in (f[0] + " " + f[1]).lower())  # stable: page order otherwise


async def _try_feed(fetcher, pool, url: str) -> FoundFeed | None:
    from reader import tasks

    try:
        got = await fetcher.get(url)
        feed = await pool.run(tasks.parse_document, got.body, got.url, got.content_type)
    except (FetchError, ParseError):
        return None
    return FoundFeed(url, feed.title, _format(got.body), len(feed.entries))  # as linked: a redirect may be temporary


async def _discover(url: str, settings: Settings) -> Discovery:
    from reader import tasks
    from reader.fetch import Fetcher
    from reader.sniff import not_html
    from reader.workers import BudgetPool

    async with Fetcher(settings) as fetcher, BudgetPool(processes=1) as pool:
        try:
            got = await fetcher.get(url)
        except FetchError as e:
            return Discovery(url, error=str(e), reachable=False)
        if _looks_like_feed(got.body):
            try:
                feed = await pool.run(tasks.parse_document, got.body, got.url, got.content_type)
                return Discovery(url, [FoundFeed(url, feed.title, _format(got.body), len(feed.entries))], True)
            except ParseError:
                pass
        why = not_html(got.body, got.content_type)
        if why is not None:
            return Discovery(url, error=f"neither a feed nor a web page ({why})")
        try:
            links = await pool.run(feed_links, got.body, got.url, got.content_type)
        except ParseError as e:
            return Discovery(url, error=str(e))
        candidates = [u for u, _ in links][:MAX_CANDIDATES]
        titles = dict(links)
        if not candidates:
            root = f"{urlsplit(got.url).scheme}://{urlsplit(got.url).netloc}"
            candidates = [urljoin(root, p) for p in COMMON_PATHS]
        results = await asyncio.gather(*(_try_feed(fetcher, pool, c) for c in candidates))
        # a list page in a known layout is offered too: feeds found only at common paths are the site's,
        # and may not be the list the user pointed at
        layout = await _try_layouts(pool, got)
    feeds, seen = [], set()
    for cand, found in zip(candidates, results):
        if found is not None and found.url not in seen:
            seen.add(found.url)
            feeds.append(found if found.title else FoundFeed(found.url, titles.get(cand, ""), found.format,
                                                              found.entries))
    if layout is not None:
        return Discovery(url, feeds, page=layout[1], layout=layout[0])
    return Discovery(url, feeds)


def discover_feeds(url: str, settings: Settings | None = None) -> Discovery:
    """The feeds at or behind ``url`` (blocking; call from a worker thread in the TUI)."""
    from reader import fetch

    return fetch.run(_discover(url, settings or Settings()))


async def _preview(url: str, selectors: dict[str, str], settings: Settings) -> Preview:
    from reader import tasks
    from reader.fetch import Fetcher
    from reader.workers import BudgetPool

    async with Fetcher(settings) as fetcher, BudgetPool(processes=1) as pool:
        try:
            got = await fetcher.get(url)
            feed = await pool.run(tasks.parse_document, got.body, got.url, got.content_type, "page", selectors)
        except (FetchError, ParseError) as e:
            return Preview(url, error=str(e))
    return Preview(url, _items(feed), len(feed.entries), feed.next_url, selectors=selectors)


def preview_list_page(url: str, selectors: dict[str, str], settings: Settings | None = None) -> Preview:
    """The first items a list page gives with ``selectors`` (item, title, link, summary, date, next), or the
    error a refresh would record ("selectors matched no items ..."). Blocking; the TUI calls it in a worker."""
    from reader import fetch

    return fetch.run(_preview(url, selectors, settings or Settings()))
