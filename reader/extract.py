"""Article pages (and HTML list pages) to text: a site rule for the Shenzhen Daily layout, trafilatura otherwise.

The Shenzhen Daily rule recognises the byline line "Writer: … | Editor: … | From: … | Updated: …",
takes the headline before it and the body paragraphs after it, and leaves the navigation, related
links and footer behind. Any other page goes to trafilatura. Runs in a worker process; lxml and
trafilatura are imported here only, never at start-up.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from reader.model import PageText
from reader.sanitize import clean, clean_line, clean_url

BYLINE = re.compile(
    r"Writer:\s*(?P<writer>[^|]*?)\s*\|\s*Editor:\s*(?P<editor>[^|]*?)\s*\|\s*"
    r"From:\s*(?P<source>[^|]*?)\s*\|\s*Updated:\s*(?P<updated>\d{4}-\d{1,2}-\d{1,2})", re.I)
_BODY = ("div.content", "#content", "div.article-content", "div.article-body", "div.TRS_Editor", "article")


def parse_byline(text: str) -> dict[str, str] | None:
    """The byline fields of a line like the one under every Shenzhen Daily headline, or None."""
    m = BYLINE.search(" ".join(text.replace("\xa0", " ").split()))
    return {k: clean_line(v) for k, v in m.groupdict().items()} if m else None


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _site_rule(doc) -> PageText | None:
    info = None
    for el in doc.iter("div", "p", "span", "td"):
        t = el.text_content()
        if len(t) < 400 and "Writer:" in t and "Editor:" in t:
            info = el
            break
    if info is None:
        return None
    byline = parse_byline(info.text_content())
    if byline is None:
        return None
    heads = doc.xpath("//h1[contains(concat(' ', normalize-space(@class), ' '), ' title ')]") or doc.xpath("//h1") \
        or doc.xpath("//h2")
    title = _norm(heads[0].text_content()) if heads else ""
    body = None
    for sel in _BODY:
        found = doc.cssselect(sel)
        if found:
            body = found[0]
            break
    if body is None:  # the paragraphs that follow the byline in its container
        body = info.getparent()
    paras = []
    for p in body.iter("p"):
        t = _norm(p.text_content())
        if t and not BYLINE.search(t):
            paras.append(t)
    if not paras:
        return None
    return PageText(title=clean_line(title), text=clean("\n\n".join(paras)), **byline)


def extract_page(html: bytes, url: str) -> PageText:
    """The article in an HTML page: title, text paragraphs and byline fields where the page has them."""
    import lxml.html

    if not html.strip():
        return PageText(title="", text="")
    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return PageText(title="", text="")
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    page = _site_rule(doc)
    if page is not None:
        return page
    import trafilatura

    text = trafilatura.extract(html.decode("utf-8", "replace") if isinstance(html, bytes) else html,
                               url=url, include_comments=False, include_tables=False, favor_precision=True) or ""
    paras = [_norm(p) for p in text.split("\n") if p.strip()]
    heads = doc.xpath("//h1") or doc.xpath("//title")
    return PageText(title=clean_line(heads[0].text_content()) if heads else "", text=clean("\n\n".join(paras)))


def parse_list_page(html: bytes, url: str, selectors: dict[str, str]) -> list[dict]:
    """Items of an HTML list page, chosen with the feed's CSS selectors (item, title, link, date)."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    items = []
    for node in doc.cssselect(selectors["item"]):
        links = node.cssselect(selectors["link"]) if selectors.get("link") else []
        href = links[0].get("href", "") if links else node.get("href", "")
        link = clean_url(urljoin(url, clean_url(href))) if href else ""
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        t = node.cssselect(selectors["title"]) if selectors.get("title") else links
        d = node.cssselect(selectors["date"]) if selectors.get("date") else []
        items.append({"url": link, "title": clean_line(_norm(t[0].text_content())) if t else "",
                      "date": clean_line(_norm(d[0].text_content())) if d else ""})
    return items
