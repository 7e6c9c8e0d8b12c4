"""HTML fragments to plain text with paragraphs: what we store and show, never markup.

Uses the standard library's tolerant HTMLParser: script, style and similar elements are dropped,
block elements end a paragraph, whitespace inside a paragraph is folded. Paragraphs are joined
by a blank line.
"""

from __future__ import annotations

from html.parser import HTMLParser

from reader.sanitize import clean

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
          "blockquote", "pre", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "template", "head", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[str] = []
        self.cur: list[str] = []
        self.skip = 0

    def _end_para(self) -> None:
        text = " ".join("".join(self.cur).split())
        if text:
            self.paras.append(text)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self._end_para()

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self._end_para()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._end_para()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines, already sanitised."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return "\n\n".join(" ".join(p.split()) for p in clean(fragment).split("\n\n") if p.strip())
    parser = _Text()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):  # HTMLParser on pathological input
        pass
    parser._end_para()
    return clean("\n\n".join(parser.paras))


def paragraphs(text: str) -> list[str]:
    """The paragraphs of stored text."""
    return [p for p in text.split("\n\n") if p.strip()]
