"""The data as it moves through a refresh, named by stage (parsed -> extracted -> stored).

Plain frozen dataclasses, picklable, so worker processes can hand them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParsedEntry:
    """One entry as the parser returns it: every string already sanitised."""

    key: str  #: stable identity within the feed: guid/id, else link, else a hash
    url: str  #: http(s) link to the article page, or ''
    title: str
    author: str
    published: str | None  #: ISO 8601 UTC, or None when the feed gave no usable date
    summary: str  #: plain text
    content: str  #: plain text of the feed's own full content, or ''
    hash: str = ""  #: ``decide.entry_hash``, worked out once by the parse worker


@dataclass(frozen=True)
class ParsedFeed:
    """One feed document as the parser returns it."""

    title: str
    link: str
    entries: list[ParsedEntry] = field(default_factory=list)
    skipped: int = 0  #: entries that could not be used
    next_url: str = ""  #: a list page (kind = "page"): its next page, where the source follows pagination


@dataclass(frozen=True)
class PageText:
    """An article page after extraction."""

    title: str
    text: str  #: paragraphs separated by blank lines
    writer: str = ""
    editor: str = ""
    source: str = ""
    updated: str = ""  #: the byline's date as printed, e.g. 2022-01-21
