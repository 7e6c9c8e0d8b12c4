"""How much one thing from outside may carry once stored: the caps of ingest, in one place.

A feed, a page or an OPML file decides how long its strings are; these caps decide how much of it
we keep, so that no stored row is huge and nothing downstream (figures, search, the TUI) pays for a
hostile size. Each cap is far above what real news carries (a Shenzhen Daily article is 3-6 KB of
text with 10-60 figures).
"""

from __future__ import annotations

MAX_TITLE = 500  #: characters of an article's or a feed's title
MAX_AUTHOR = 200  #: characters of an author or byline field
MAX_SUMMARY = 20_000  #: characters of a feed summary
MAX_BODY = 500_000  #: characters of an article's text (feed content or extracted page)
MAX_FIGURES = 500  #: figures kept per article (the first ones in the text)
MAX_NAME = 200  #: characters of a subscription's name (feeds.toml, OPML titles)
MAX_TAG = 64  #: characters of one tag
MAX_TAGS = 20  #: tags per subscription (OPML folders become tags)
MAX_URL = 2048  #: characters of a URL
MAX_ERROR = 300  #: characters of an error message stored or printed


def clip(text: str, cap: int) -> str:
    """``text`` cut to at most ``cap`` characters, at the last paragraph or word break when there is one near."""
    if len(text) <= cap:
        return text
    cut = text[:cap]
    for sep in ("\n\n", " "):
        at = cut.rfind(sep)
        if at > cap * 0.9:
            return cut[:at].rstrip() + " …"
    return cut[: cap - 2] + " …"
