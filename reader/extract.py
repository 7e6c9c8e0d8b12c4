"""Article pages (and HTML list pages) to text: a site rule for the Shenzhen Press Group layouts, trafilatura otherwise.

A page is decoded once (:mod:`reader.decode`) and parsed once with lxml; the site rule and trafilatura
read the same tree (trafilatura copies the tree it is given instead of parsing the page again).

The site rule recognises two byline forms:

- labelled, as on Shenzhen Daily pages: "Writer: … | Editor: … | From: … | Updated: 2022-01-21", in any
  order, with any of Writer/Author/Reporter/By, Editor, From/Source, Updated/Date/Published;
- a dateline, as on szdaily.com: "2020-08-26 08:53 Shenzhen Daily" under the headline, then the writer's
  name alone on a line (perhaps with an e-mail address), then the body.

The body is read from the first of a small table of known containers (:data:`BODY_CONTAINERS`: Founder
CMS ``founder-content``, TRS ``TRS_Editor``, ...); when none holds text, trafilatura finds the body and
the byline stays. Tables are kept and written as readable lines, one row per line, each cell named by
its column heading. Runs in a worker process; lxml and trafilatura are imported here only.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from reader.model import PageText
from reader.sanitize import clean, clean_line, clean_url

_LABELS = {"writer": "writer", "author": "writer", "reporter": "writer", "by": "writer", "editor": "editor",
           "from": "source", "source": "source", "updated": "updated", "date": "updated", "published": "updated",
           "time": "updated"}
_LABEL = re.compile(r"(?<![\w])(writer|author|reporter|by|editor|from|source|updated|date|published|time)\s*[:：]\s*",
                    re.I)
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_DATELINE = re.compile(
    r"^(?:(?P<source1>[A-Za-z][\w .&'-]{2,40}?)\s+)?(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
    r"(?:\s+(?P<source2>[A-Za-z][\w .&'-]{2,40}))?$")
_DATE_HINT = re.compile(r"\d{4}[-/.]\d")
_BYLINE_BLOCKS = {"div", "p", "span", "td", "li", "h2", "h3", "h4", "h5", "h6", "section", "header", "font", "em",
                  "small", "time"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAME_PART = r"(?:[A-Z][\w'.-]*|[\u3400-\u9fff]{2,4})"
_NAME = re.compile(rf"^{_NAME_PART}(?:\s+{_NAME_PART}){{0,4}}$")  #: "Li Hua", "Chen Jiayi 陳佳怡"
BYLINE = re.compile(
    r"Writer:\s*(?P<writer>[^|]*?)\s*\|\s*Editor:\s*(?P<editor>[^|]*?)\s*\|\s*"
    r"From:\s*(?P<source>[^|]*?)\s*\|\s*Updated:\s*(?P<updated>\d{4}-\d{1,2}-\d{1,2})", re.I)

#: where Shenzhen Press Group (Founder CMS, TRS) and similar news pages keep the article body, tried in order
BODY_CONTAINERS = ("founder-content", "div.founder-content", "div.TRS_Editor", "div.trs_editor", "#ozoom",
                   "div.article-content", "div.article-body", "div.news_content", "div.news-content",
                   "div.content", "#content", "article")
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section",
          "article", "header", "footer", "figure", "figcaption", "dd", "dt", "dl", "center", "founder-content"}
_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "button", "select",
         "form", "nav"}
_PARSER = None


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u3000", " ").split())


def parse_byline(text: str) -> dict[str, str] | None:
    """The byline fields of a labelled byline line ("Writer: … | Editor: … | From: … | Updated: …", labels in
    any order), or None when the line has fewer than two labels or neither a writer nor an editor."""
    if ":" not in text and "：" not in text:
        return None
    text = _norm(text)
    marks = list(_LABEL.finditer(text))
    if len(marks) < 2:
        return None
    fields: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end():end].strip(" |/·,;")
        key = _LABELS[m.group(1).lower()]
        if key == "updated":
            d = _DATE.search(value)
            value = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}" if d else ""
        if value and key not in fields:
            fields[key] = clean_line(value)[:200]
    if not ({"writer", "editor"} & fields.keys()) or len(fields) < 2:
        return None
    return {k: fields.get(k, "") for k in ("writer", "editor", "source", "updated")}


def parse_dateline(text: str) -> dict[str, str] | None:
    """The date and source of a szdaily.com dateline ("2020-08-26 08:53 Shenzhen Daily"), or None."""
    if len(text) > 120:  # "2020-08-26 08:53 Shenzhen Daily" and its kin are short lines
        return None
    m = _DATELINE.match(_norm(text))
    if m is None or not (m.group("source1") or m.group("source2")):
        return None
    d = _DATE.search(m.group("date"))
    stamp = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    if m.group("time"):
        stamp += " " + m.group("time")
    return {"source": clean_line(m.group("source1") or m.group("source2")), "updated": stamp}


def writer_line(text: str) -> str | None:
    """The writer's name from a line that holds only a name, perhaps with an e-mail address; else None."""
    text = _norm(_EMAIL.sub(" ", text).replace("E-mail:", " ").replace("Email:", " ")).strip(" ,;|/()")
    if text.lower().startswith("by "):
        text = text[3:]
    if not text or len(text) > 60 or not _NAME.match(text):
        return None
    return clean_line(text)


# ---- the page as blocks of text --------------------------------------------------------------------
def _cells(row) -> list[str]:
    return [_norm(c.text_content()) for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def table_lines(rows: list[list[str]], header: list[str] | None = None) -> list[str]:
    """A table as readable lines: with a header row, "Nanshan: GDP (billion yuan) 228.4; Growth 6.1%";
    without one, the cells joined by " | "."""
    lines = []
    for cells in rows:
        if not any(cells):
            continue
        if header and len(header) == len(cells) and len(cells) > 1:
            rest = "; ".join(f"{h} {c}" if h else c for h, c in zip(header[1:], cells[1:]) if c)
            lines.append(f"{cells[0]}: {rest}" if cells[0] else rest)
        else:
            lines.append(" | ".join(c for c in cells if c))
    return lines


def _table(table) -> str:
    rows = [r for r in table.iter("tr") if r.getparent() is not None and _nearest_table(r) is table]
    cells = [_cells(r) for r in rows]
    header = None
    if rows and (all(c.tag == "th" for c in rows[0] if isinstance(c.tag, str)) or rows[0].getparent().tag == "thead"):
        header, cells = cells[0], cells[1:]
    if len(cells) == 1 and len(cells[0]) == 1 and not header:  # a layout table around one block: its text
        return ""
    return "\n".join(table_lines(cells, header))


def _nearest_table(el):
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def blocks(root) -> list[str]:
    """The text of ``root`` as paragraphs: block elements and <br> end one, tables become readable rows."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        t = _norm("".join(buf))
        if t:
            out.append(t)
        buf.clear()

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _DROP or not tag:
            return
        if tag == "table":
            flush()
            text = _table(node)
            if text:
                out.append(text)
            else:  # a layout table: read what is inside
                for child in node:
                    walk(child)
                    buf.append(child.tail or "")
                flush()
            return
        if tag in ("br", "hr"):
            flush()
            return
        block = tag in _BLOCK or tag in ("td", "th", "tr")
        if block:
            flush()
        buf.append(node.text or "")
        for child in node:
            walk(child)
            buf.append(child.tail or "")
        if block:
            flush()

    walk(root)
    flush()
    return out


# ---- the site rule ----------------------------------------------------------------------------------
def _fields(text: str) -> dict | None:
    fields = parse_byline(text)
    if fields is None:
        fields = parse_dateline(text)
        if fields is not None:
            fields = {"writer": "", "editor": "", **fields}
    return fields


def _byline_element(doc):
    """The first byline in the page (labelled or dateline) and its fields: found from the text nodes that
    could start one (a label, a date), then the smallest block around such a node that reads as a whole
    byline. Measuring every element's text instead cost 7 ms on a portal page; this costs 0.5 ms (walking
    the elements in Python to read their text nodes, 1 ms)."""
    too_long = set()  # blocks already found too long to be a byline (a list of 100 dated links has one)
    for node in _text_nodes()(doc):
        if len(node) > 300 or not ((":" in node or "：" in node) and _LABEL.search(node) or _DATE_HINT.search(node)):
            continue
        el = node.getparent()
        if node.is_tail:
            el = el.getparent()
        while el is not None and el not in too_long:
            text = el.text_content()
            if len(text) > 300:
                too_long.add(el)
                break
            fields = _fields(text) if el.tag in _BYLINE_BLOCKS else None
            if fields is not None:
                return el, fields
            el = el.getparent()
    return None


_TEXT_NODES = None


def _text_nodes():
    """Every text node of a page, as strings that know their element (an XPath that also filtered them with
    translate() cost eight times as much as this listing and a regex in Python)."""
    global _TEXT_NODES
    if _TEXT_NODES is None:
        from lxml import etree

        _TEXT_NODES = etree.XPath("//text()")
    return _TEXT_NODES


def _title(doc) -> str:
    """The headline: the first h1 of class "title", else the first h1, else the first h2, else <title>. One walk
    over the headings (three XPath searches of the whole page cost 0.9 ms on a portal page)."""
    first_h1 = first_h2 = None
    for el in doc.iter("h1", "h2"):
        if el.tag == "h1":
            if "title" in (el.get("class") or "").split():
                return _norm(el.text_content())
            first_h1 = first_h1 if first_h1 is not None else el
        elif first_h2 is None:
            first_h2 = el
    head = first_h1 if first_h1 is not None else first_h2
    if head is not None:
        return _norm(head.text_content())
    title = doc.find(".//title")
    return _norm(title.text_content()) if title is not None else ""


_CONTAINERS: list = []


def _container(doc):
    """The element that holds the article body: the first entry of :data:`BODY_CONTAINERS` with text. Each
    entry is compiled once and tried in order (0.04 ms a scan; one XPath union of them all cost 0.9 ms)."""
    if not _CONTAINERS:
        from lxml.cssselect import CSSSelector

        _CONTAINERS.extend(CSSSelector(sel) for sel in BODY_CONTAINERS)
    for select in _CONTAINERS:
        for el in select(doc):
            if blocks(el):
                return el
    return None


def _site_rule(doc) -> tuple[dict, str, list[str]] | None:
    """(byline fields, title, body paragraphs) for a page with a recognised byline; paragraphs may be []."""
    found = _byline_element(doc)
    if found is None:
        return None
    info, fields = found
    title = _title(doc)
    body = _container(doc)
    paras = blocks(body) if body is not None else []
    byline_text = _norm(info.text_content())
    paras = [p for p in paras if p != byline_text and parse_byline(p) is None and parse_dateline(p) is None
             and p != title]
    if not fields["writer"] and paras:  # the szdaily.com form: the writer alone on the first line of the body
        name = writer_line(paras[0])
        if name is not None:
            fields["writer"] = name
            paras = paras[1:]
            if paras and _EMAIL.fullmatch(paras[0].strip()):
                paras = paras[1:]
    return fields, title, paras


# ---- pages --------------------------------------------------------------------------------------------
def _parser():
    global _PARSER
    if _PARSER is None:
        import lxml.html

        # like trafilatura's own parser, so the tree we hand it is the one it would have built
        _PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True,
                                       remove_pis=True)
    return _PARSER


def parse_html(body: bytes, content_type: str = ""):
    """The page decoded by :func:`reader.decode.decode_body` and parsed by lxml, or None if it has no markup."""
    import lxml.etree
    import lxml.html

    from reader.decode import decode_body

    text = decode_body(body, content_type).text
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str that names its own encoding
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_parser())
    except (ValueError, lxml.etree.ParserError):
        return None


_XML_BLOCKS = {"p", "head", "list", "quote", "table"}
LINK_SHARE = 0.7  #: a paragraph or list item whose text is this much link text is navigation, not article


def _xml_paragraphs(root) -> list[str]:
    """Paragraphs of trafilatura's result tree (head, p, list, quote, table/row/cell, lb): one per block, a
    table as one paragraph of readable rows, a layout cell read as the blocks inside it."""
    out: list[str] = []
    for el in root:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and any(b.tag in _XML_BLOCKS for c in el.iter("cell") for b in c):
            for cell in el.iter("cell"):  # a layout table: its cells hold paragraphs, read them as such
                if any(b.tag in _XML_BLOCKS for b in cell):
                    out += _xml_paragraphs(cell)
                elif _norm("".join(cell.itertext())) and cell.getparent().getparent() is el:
                    out.append(_norm("".join(cell.itertext())))
        elif tag == "table":
            rows = [[_norm("".join(c.itertext())) for c in row if c.tag == "cell"] for row in el.iter("row")
                    if any(c.tag == "cell" for c in row)]
            head_row = next((r for r in el.iter("row")), None)
            header = None
            if rows and head_row is not None and all(c.get("role") == "head" for c in head_row if c.tag == "cell"):
                header, rows = rows[0], rows[1:]
            text = "\n".join(table_lines(rows, header))
            if text:
                out.append(text)
        elif tag in ("cell", "div", "main", "quote", "list", "section") and any(
                c.tag in ("p", "head", "table", "list", "quote", "item", "cell") for c in el):
            out += _xml_paragraphs(el)
        elif tag:
            for lb in el.iter("lb"):
                lb.tail = " " + (lb.tail or "")
            text = _norm("".join(el.itertext()))
            linked = sum(len(_norm("".join(r.itertext()))) for r in el.iter("ref"))
            if text and linked < LINK_SHARE * len(text):  # a line that is mostly links is navigation
                out.append(text)
    return out


_OPTIONS: dict[bool, object] = {}


def _options(url: str, precise: bool):
    """trafilatura's settings for one page: made once per worker (building them reads its config file's values
    each time) and copied with the page's URL as the source its messages name. Links are kept so that a line
    of links can be told from prose, but without a base URL: resolving every link of a portal page against it
    was 60 % of the extraction, and only the linked text is used."""
    import copy

    from trafilatura.settings import Extractor

    if precise not in _OPTIONS:
        _OPTIONS[precise] = Extractor(output_format="python", comments=False, tables=True, links=True,
                                      precision=precise, with_metadata=False)
    options = copy.copy(_OPTIONS[precise])
    options.url, options.source = None, url
    return options


def _trafilatura(doc, url: str, precise: bool = True) -> list[str]:
    """The body paragraphs trafilatura finds in the parsed page (it copies the tree, it does not parse again)."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(doc, options=_options(url, precise))
    except ValueError:
        return []
    body = getattr(result, "body", None)
    return _xml_paragraphs(body) if body is not None else []


def extract_page(html: bytes, url: str, content_type: str = "") -> PageText:
    """The article in an HTML page: title, text paragraphs and byline fields where the page has them."""
    if not html.strip():
        return PageText(title="", text="")
    doc = parse_html(html, content_type)
    if doc is None:
        return PageText(title="", text="")
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    rule = _site_rule(doc)
    if rule is not None:
        fields, title, paras = rule
        if not paras:  # a byline but no known body container: trafilatura finds the body, the byline stays
            paras = _trafilatura(doc, url) or _trafilatura(doc, url, precise=False)
            paras = [p for p in paras if p != title and parse_byline(p) is None and parse_dateline(p) is None]
            if paras and not fields["writer"] and writer_line(paras[0]):
                fields["writer"] = writer_line(paras[0]) or ""
                paras = paras[1:]
        return PageText(title=clean_line(title), text=clean("\n\n".join(paras)), **fields)
    title = _title(doc)
    paras = _trafilatura(doc, url) or _trafilatura(doc, url, precise=False)
    paras = [p for p in paras if p != title]  # trafilatura keeps the headline as a line
    return PageText(title=clean_line(title), text=clean("\n\n".join(paras)))


_NEXT_WORDS = {"next", "next page", "next »", "next ›", "»", "›", ">", "下一页", "下一頁", "下页", "下頁"}


def _select(node, selector: str) -> list:
    from cssselect import SelectorError

    try:
        return node.cssselect(selector)
    except SelectorError:
        from reader.errors import ParseError

        raise ParseError(f"invalid CSS selector: {selector[:80]!r}") from None


def _http(url: str, href: str | None) -> str:
    if not href:
        return ""
    try:
        link = clean_url(urljoin(url, clean_url(href)))
        return link if urlsplit(link).scheme in ("http", "https") and urlsplit(link).hostname else ""
    except ValueError:
        return ""


def _next_page(doc, url: str, selector: str | None) -> str:
    """The next list page: the ``next`` selector's link, else rel=next, else a link reading "Next" / 下一页."""
    if selector:
        found = _select(doc, selector)
        links = [found[0]] if found and found[0].get("href") else (found[0].cssselect("a[href]") if found else [])
    else:
        links = doc.xpath("//link[@rel='next'][@href]|//a[@rel='next'][@href]") or [
            a for a in doc.iter("a") if a.get("href") and _norm(a.text_content()).lower() in _NEXT_WORDS]
    for a in links:
        link = _http(url, a.get("href"))
        if link and link.split("#")[0] != url.split("#")[0]:
            return link
    return ""


def parse_list_page(html: bytes, url: str, selectors: dict[str, str], content_type: str = "") -> dict:
    """Items of an HTML list page, chosen with the feed's CSS selectors (see config.SELECTOR_KEYS).

    Returns {"items": [{"url", "title", "summary", "date"}], "matched": elements the item selector matched,
    "next": the next list page or ""}. The link is the ``link`` selector's href, else the item's own
    (``a.articlelist-item``), else the item's first link; relative links resolve against the page."""
    doc = parse_html(html, content_type)
    if doc is None:
        return {"items": [], "matched": 0, "next": ""}
    nodes = _select(doc, selectors["item"])
    items = []

    def first_text(node, key: str) -> str:
        found = _select(node, selectors[key]) if selectors.get(key) else []
        return clean_line(_norm(found[0].text_content())) if found else ""

    for node in nodes:
        if selectors.get("link"):
            links = _select(node, selectors["link"])
            a = links[0] if links else None
            href = a.get("href") if a is not None else None
        else:
            a = node if node.get("href") else next(iter(node.cssselect("a[href]")), None)
            href = a.get("href") if a is not None else None
        link = _http(url, href)
        if not link:
            continue
        title = first_text(node, "title") or (clean_line(_norm(a.text_content())) if a is not None else "")
        items.append({"url": link, "title": title, "summary": first_text(node, "summary"),
                      "date": first_text(node, "date")})
    return {"items": items, "matched": len(nodes), "next": _next_page(doc, url, selectors.get("next"))}
