"""OPML 2.0 import and export of subscriptions. Folders become tags on import, and tags folders on export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from reader.config import FeedSpec, check_url
from reader.errors import ConfigError, ReaderError
from reader.sanitize import clean_line, clean_url


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

    def walk(node: ET.Element, folders: tuple[str, ...]) -> None:
        for o in node.findall("outline"):
            title = clean_line(o.get("title") or o.get("text") or "")
            url = clean_url(o.get("xmlUrl") or "")
            if url:
                cats = tuple(c.strip().strip("/") for c in (o.get("category") or "").split(",") if c.strip().strip("/"))
                try:
                    check_url(url)
                except ReaderError:
                    continue  # not something we can subscribe to
                tags = tuple(dict.fromkeys(folders + cats))
                out.append(FeedSpec(name=title or url, url=url, tags=tags))
            else:
                walk(o, folders + ((title,) if title else ()))

    walk(body, ())
    return out


def write_opml(feeds: list[FeedSpec]) -> str:
    """OPML 2.0 for ``feeds``, grouped into folders by their first tag."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">',
             "  <head><title>szreader subscriptions</title></head>", "  <body>"]

    def outline(s: FeedSpec, indent: str) -> str:
        cat = f" category={quoteattr(','.join('/' + t for t in s.tags))}" if s.tags else ""
        return (f'{indent}<outline type="rss" text={quoteattr(s.name)} title={quoteattr(s.name)} '
                f"xmlUrl={quoteattr(s.url)}{cat}/>")

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
