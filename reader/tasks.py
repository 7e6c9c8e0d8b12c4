"""The CPU-heavy steps of a refresh, as plain functions that run inside :mod:`reader.workers` processes.

Each takes bytes and returns picklable data, so that neither the event loop nor the UI thread ever parses or
extracts. Key figures are not worked out here: reader/analysis.py finds them once the articles are stored.
"""

from __future__ import annotations

import dataclasses
import time

from reader.decide import entry_hash
from reader.errors import ParseError
from reader.extract import extract_page, parse_list_page
from reader.limits import MAX_BODY, MAX_TITLE, clip
from reader.model import PageText, ParsedEntry, ParsedFeed
from reader.parse import _entry, _finish, parse_feed


def _hashed(e: ParsedEntry) -> ParsedEntry:
    """The entry with its hash (what tells a changed entry from an unchanged one)."""
    return dataclasses.replace(e, hash=entry_hash(e))


def _list_page(body: bytes, url: str, content_type: str, selectors: dict) -> ParsedFeed:
    """An HTML list page to entries. A page whose item selector matches nothing is an error, never "ok, 0 entries":
    the site changed its markup (or the selectors are wrong) and the user must hear of it."""
    from feedparser.datetimes import _parse_date

    from reader.sniff import not_html

    why = not_html(body, content_type)
    if why is not None:
        raise ParseError(why)
    page = parse_list_page(body, url, selectors, content_type)
    if not page["matched"]:
        raise ParseError(f"selectors matched no items (item = {selectors.get('item', '')[:80]!r})")
    if not page["items"]:
        raise ParseError(f"the item selector matched {page['matched']} elements, none with an http(s) link")
    now = time.time()
    entries = []
    for it in page["items"]:
        parsed = _parse_date(it["date"]) if it["date"] else None
        published = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(min(time.mktime(parsed) - time.timezone, now))) \
            if parsed else None
        entries.append(_entry(title=it["title"], link=it["url"], guid=it["url"], author="", published=published,
                              summary=it["summary"], content=""))
    return dataclasses.replace(_finish("", url, entries, 0), next_url=page["next"])


def parse_document(body: bytes, url: str, content_type: str, kind: str = "feed",
                   selectors: dict | None = None) -> ParsedFeed:
    """A fetched feed (or list page) to entries with their hashes."""
    if kind == "page":
        feed = _list_page(body, url, content_type, selectors or {})
    else:
        feed = parse_feed(body, url, content_type)
    return dataclasses.replace(feed, entries=[_hashed(e) for e in feed.entries])


def extract_article(html: bytes, url: str, content_type: str = "", summary: str = "") -> PageText:
    """A fetched article page to its text and byline.

    Raises ParseError, and the feed's summary stays the article's text, when the body is not HTML (a PDF,
    an image, any binary) or the extraction is junk (nothing, much less than ``summary``, only a notice)."""
    from reader.fulltext import judge
    from reader.sniff import not_html

    why = not_html(html, content_type)
    if why is not None:
        raise ParseError(why)
    page = extract_page(html, url, content_type)
    text, why = judge(page.text, summary)
    if why is not None:
        raise ParseError(why)
    text = clip(text, MAX_BODY)  # what one article may carry (reader/limits.py)
    return dataclasses.replace(page, title=clip(page.title, MAX_TITLE), text=text)
