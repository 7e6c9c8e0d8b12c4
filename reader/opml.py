"""OPML 2.0 import and export of subscriptions. Folders become tags on import, and tags folders on export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from reader.config import FeedSpec, check_url
from reader.errors import ConfigError, ReaderError
from reader.limits import MAX_NAME, MAX_TAG, MAX_TAGS, clip
from reader.sanitize import clean_line, clean_url

SZ_NS = "https://szreader.invalid/opml"  #: the namespace of szreader's own outline attributes
_SZ = "{" + SZ_NS + "}"
SELECTORS = ("item", "title", "link", "date")


def read_opml(path: Path) -> list[FeedSpec]:
    """The feeds listed in an OPML file, with the titles of enclosing folders as tags."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise ConfigError(f"{path}: OPML with a DOCTYPE or entities is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise ConfigError(f"{path}: not valid OPML: {e}") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ConfigError(f"{path}: not an OPML file (no <opml><body>)")
    out: list[FeedSpec] = []
    # walked with a stack, not recursion: an OPML nested 5,000 deep is read like any other (only the first
    # MAX_TAGS folder titles become tags)
    stack = [(iter(body.findall("outline")), ())]
    while stack:
        outlines, folders = stack[-1]
        o = next(outlines, None)
        if o is None:
            stack.pop()
            continue
        title = clip(clean_line(o.get("title") or o.get("text") or ""), MAX_NAME)
        url = clean_url(o.get("xmlUrl") or "")
        if url:
            cats = tuple(c.strip().strip("/") for c in (o.get("category") or "").split(",") if c.strip().strip("/"))
            try:
                check_url(url)
            except ReaderError:
                continue  # not something we can subscribe to
            tags = tuple(t for t in dict.fromkeys(clip(clean_line(t), MAX_TAG) for t in folders + cats) if t)
            out.append(_spec(o, title or clip(url, MAX_NAME), url, tags[:MAX_TAGS]))
        else:
            stack.append((iter(o.findall("outline")), folders + ((title,) if title and len(folders) < MAX_TAGS else ())))
    return out


def _spec(o: ET.Element, name: str, url: str, tags: tuple[str, ...]) -> FeedSpec:
    """A subscription from an outline, with szreader's own attributes (page sources, full text) when present."""
    kind = o.get(_SZ + "kind", "feed")
    selectors = {k: clip(clean_line(o.get(_SZ + k)), 500) for k in SELECTORS if o.get(_SZ + k)}
    if kind != "page" or not {"item", "link"} <= selectors.keys():
        kind, selectors = "feed", {}
    return FeedSpec(name=name, url=url, tags=tags, kind=kind, selectors=selectors,
                    full_text=o.get(_SZ + "fullText", "true") != "false")


def write_opml(feeds: list[FeedSpec]) -> str:
    """OPML 2.0 for ``feeds``, grouped into folders by their first tag."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<opml version="2.0" xmlns:sz="{SZ_NS}">',
             "  <head><title>szreader subscriptions</title></head>", "  <body>"]

    def outline(s: FeedSpec, indent: str) -> str:
        cat = f" category={quoteattr(','.join('/' + t for t in s.tags))}" if s.tags else ""
        # szreader's own attributes keep what OPML has no word for: a page source's selectors, full text off
        own = "".join(f" sz:{k}={quoteattr(v)}" for k, v in s.selectors.items())
        if s.kind != "feed":
            own = f" sz:kind={quoteattr(s.kind)}" + own
        if not s.full_text:
            own += ' sz:fullText="false"'
        kind = "rss" if s.kind == "feed" else "link"
        return (f'{indent}<outline type="{kind}" text={quoteattr(s.name)} title={quoteattr(s.name)} '
                f"xmlUrl={quoteattr(s.url)}{cat}{own}/>")

    folders: dict[str, list[FeedSpec]] = {}
    for s in feeds:
        if s.tags:
            folders.setdefault(s.tags[0], []).append(s)
        else:
            lines.append(outline(s, "    "))
    for tag, specs in folders.items():
        lines.append(f"    <outline text={quoteattr(tag)} title={quoteattr(tag)}>")
        lines += [outline(s, "      ") for s in specs]
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
