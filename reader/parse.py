"""Feed documents to :class:`ParsedFeed`: feedparser for RSS/Atom, a few lines for JSON Feed.

Runs inside a :mod:`reader.workers` process (time and memory budget). feedparser only ever gets
an ``io.BytesIO`` and the response headers, never a str that it could take for a path or URL
(SECURITY.md rule 4). Before parsing, internal entity declarations whose expansion would be large
are removed and absurdly long author fields are clipped (rule 5). Entries get stable keys, are
de-duplicated within the document, and an unusable entry is skipped, never the feed (rule 10).
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import re
import time
from urllib.parse import urljoin, urlsplit

from reader.decode import feed_as_utf8
from reader.errors import ParseError
from reader.fastfeed import _utf8, parse_simple
from reader.limits import MAX_AUTHOR, MAX_BODY, MAX_SUMMARY, MAX_TITLE, MAX_URL, clip
from reader.model import ParsedEntry, ParsedFeed
from reader.sanitize import clean_line, clean_url
from reader.text import html_to_text

ENTITY_BUDGET = 1_000_000  # bytes an internal entity may expand to before we drop the declarations
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s\"'>]+)\s+(?:\"([^\"]*)\"|'([^']*)'|[^>]*)\s*>", re.S)
_LONG_AUTHOR = re.compile(
    rb"(<(author|dc:creator|managingEditor|webMaster|name|email)\b[^>]*>)([^<]{1024,})(</\2>)", re.I)
MAX_KEY = 512


def _defuse(body: bytes) -> bytes:
    """Drop entity declarations that would blow up, and clip author fields that hang feedparser."""
    if b"<!ENTITY" in body[:200_000] or b"<!entity" in body[:200_000]:
        expansion = 0
        for m in _ENTITY_DECL.finditer(body):
            value = m.group(3) or m.group(4) or b""
            refs = body.count(b"&" + m.group(2) + b";")
            expansion += len(value) * max(refs, 1)
        if expansion > ENTITY_BUDGET:
            body = _ENTITY_DECL.sub(b"", body)
    if len(body) > 1024:
        body = _LONG_AUTHOR.sub(lambda m: m.group(1) + m.group(3)[:200] + m.group(4), body)
    return body


def _iso(struct: time.struct_time | None, now: float) -> str | None:
    if not struct:
        return None
    try:
        ts = calendar.timegm(struct)
    except (OverflowError, ValueError, TypeError):
        return None
    ts = min(ts, now)  # a date in the future would sit at the top of every list forever
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _http_url(url: str, base: str) -> str:
    url = clean_url(url)
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        if not (parts.scheme and parts.netloc):
            url = urljoin(base, url)
            parts = urlsplit(url)
        return url if parts.scheme in ("http", "https") and parts.hostname else ""
    except ValueError:
        return ""


def _key(*parts: str) -> str:
    return "sha1:" + hashlib.sha1("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def _entry(title: str, link: str, guid: str, author: str, published: str | None,
           summary: str, content: str) -> ParsedEntry | None:
    if not (title or link or summary or content):
        return None  # nothing a reader could show
    if not title:
        title = (summary or content or link)[:80]
    key = clean_line(guid) or link or _key(title, link, published or "")
    if len(key) > MAX_KEY:
        key = _key(key)
    # what one article may carry (reader/limits.py): no stored row is huge, whatever the feed sends
    return ParsedEntry(key=key, url=link if len(link) <= MAX_URL else "", title=clip(title, MAX_TITLE),
                       author=clip(author, MAX_AUTHOR), published=published, summary=clip(summary, MAX_SUMMARY),
                       content=clip(content, MAX_BODY))


def _finish(title: str, link: str, entries: list[ParsedEntry | None], skipped: int) -> ParsedFeed:
    seen: set[str] = set()
    kept: list[ParsedEntry] = []
    for e in entries:
        if e is None:
            skipped += 1
        elif e.key not in seen:  # first wins: feeds list the newest version first
            seen.add(e.key)
            kept.append(e)
    return ParsedFeed(title=clip(title, MAX_TITLE), link=link if len(link) <= MAX_URL else "", entries=kept,
                      skipped=skipped)


def _str(value: object) -> str:
    """A JSON Feed field that should be a string: itself, or '' for any other type."""
    return value if isinstance(value, str) else ""


def _json_author(item: dict) -> str:
    """The first author's name: ``author`` (version 1) or ``authors`` (1.1), whatever shapes they come in."""
    for candidate in (item.get("author"), item.get("authors")):
        if isinstance(candidate, list):
            candidate = next((a for a in candidate if isinstance(a, dict)), None)
        if isinstance(candidate, dict) and isinstance(candidate.get("name"), str):
            return candidate["name"]
    return ""


def _json_item(item: object, url: str, now: float) -> ParsedEntry | None:
    """One JSON Feed item, any field of any type: unusable fields count as absent."""
    from feedparser.datetimes import _parse_date

    if not isinstance(item, dict):
        return None
    guid = item.get("id")
    guid = guid if isinstance(guid, str) else (str(guid) if isinstance(guid, int) and not isinstance(guid, bool) else "")
    date = _str(item.get("date_published")) or _str(item.get("date_modified"))
    html, text = _str(item.get("content_html")), _str(item.get("content_text"))
    return _entry(
        title=clean_line(_str(item.get("title"))), link=_http_url(_str(item.get("url")) or _str(item.get("external_url")), url),
        guid=guid, author=clean_line(_json_author(item)), published=_iso(_parse_date(date) if date else None, now),
        summary=html_to_text(_str(item.get("summary"))) or html_to_text(html) or html_to_text(text),
        content=html_to_text(html or text),
    )


def _parse_json_feed(doc: dict, url: str, now: float) -> ParsedFeed:
    """A JSON Feed: one bad item is skipped, never the feed (issue 13.11)."""
    items = doc.get("items")
    entries: list[ParsedEntry | None] = []
    for item in items if isinstance(items, list) else []:
        try:
            entries.append(_json_item(item, url, now))
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError, RecursionError):
            entries.append(None)
    return _finish(clean_line(_str(doc.get("title"))), _http_url(_str(doc.get("home_page_url")), url), entries, 0)


def _make_entry(url: str, now: float, title: str, link: str, guid: str, author: str, date,
                summary_html: str, content_html: str) -> ParsedEntry | None:
    """One entry from what either parser read: HTML to text, links resolved, everything sanitised."""
    summary, content = html_to_text(summary_html), html_to_text(content_html)
    return _entry(title=clean_line(html_to_text(title)), link=_http_url(link, url), guid=guid,
                  author=clean_line(author), published=_iso(date, now), summary=summary or content[:500],
                  content=content if len(content) > len(summary) else "")


def parse_feed(body: bytes, url: str, content_type: str = "", now: float | None = None) -> ParsedFeed:
    """Parse one feed document fetched from ``url``. Raises ParseError if it is not a feed at all."""
    now = time.time() if now is None else now
    if not body.strip():
        raise ParseError("empty document")
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        try:
            doc = json.loads(body)
        except (ValueError, RecursionError):
            raise ParseError("not a feed (invalid JSON)") from None
        if isinstance(doc, dict) and str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
            return _parse_json_feed(doc, url, now)
        raise ParseError("not a feed (JSON, but not a JSON Feed)")

    body, content_type = feed_as_utf8(body, content_type)
    fast = parse_simple(body, lambda *a: _make_entry(url, now, *a),
                        lambda title, link, entries: _finish(clean_line(html_to_text(title)), _http_url(link, url),
                                                             entries, 0)) \
        if _utf8(body, content_type) else None
    if fast is not None:
        return fast

    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # Our own html_to_text drops all markup and we resolve links ourselves: feedparser's HTML sanitiser and
    # relative-URI pass would only cost time (about 7 % of a parse).
    d = feedparser.parse(io.BytesIO(_defuse(body)), response_headers=headers, sanitize_html=False,
                         resolve_relative_uris=False)
    if not d.entries and not d.feed.get("title") and (d.bozo or not d.version):
        why = d.get("bozo_exception")
        raise ParseError(f"not a feed ({type(why).__name__ if why else 'unknown format'})")
    entries: list[ParsedEntry | None] = []
    for e in d.entries:
        try:
            content = max((c.get("value", "") for c in e.content), key=len) if e.get("content") else ""
            entries.append(_make_entry(url, now, e.get("title", ""), e.get("link", ""), e.get("id", "") or "",
                                       e.get("author", ""), e.get("published_parsed") or e.get("updated_parsed"),
                                       e.get("summary", ""), content))
        except (AttributeError, TypeError, ValueError):
            entries.append(None)
    return _finish(clean_line(html_to_text(d.feed.get("title", ""))), _http_url(d.feed.get("link", ""), url),
                   entries, 0)
