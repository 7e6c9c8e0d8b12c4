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
    return ParsedEntry(key=key, url=link, title=title, author=author, published=published,
                       summary=summary, content=content)


def _finish(title: str, link: str, entries: list[ParsedEntry | None], skipped: int) -> ParsedFeed:
    seen: set[str] = set()
    kept: list[ParsedEntry] = []
    for e in entries:
        if e is None:
            skipped += 1
        elif e.key not in seen:  # first wins: feeds list the newest version first
            seen.add(e.key)
            kept.append(e)
    return ParsedFeed(title=title, link=link, entries=kept, skipped=skipped)


def _parse_json_feed(doc: dict, url: str, now: float) -> ParsedFeed:
    from feedparser.datetimes import _parse_date

    entries = []
    for item in doc.get("items") or []:
        if not isinstance(item, dict):
            entries.append(None)
            continue
        s = lambda k: item.get(k) if isinstance(item.get(k), str) else ""  # noqa: E731
        author = item.get("author") or (item.get("authors") or [{}])[0]
        entries.append(_entry(
            title=clean_line(s("title")), link=_http_url(s("url") or s("external_url"), url), guid=str(item.get("id") or ""),
            author=clean_line(author.get("name", "") if isinstance(author, dict) else ""),
            published=_iso(_parse_date(s("date_published") or s("date_modified")), now),
            summary=html_to_text(s("summary")) or html_to_text(s("content_html")) or html_to_text(s("content_text")),
            content=html_to_text(s("content_html") or s("content_text")),
        ))
    return _finish(clean_line(doc.get("title", "")), _http_url(str(doc.get("home_page_url") or ""), url), entries, 0)


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
