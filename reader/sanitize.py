"""The one sanitiser every string from outside passes before it is stored (SECURITY.md rule 2).

It drops C0 controls except newline and tab, DEL, C1 controls and bidi overrides/isolates, so
that nothing a feed says can move the cursor, retitle the window, write the clipboard or flip
text direction once it reaches a terminal. It never raises and never grows its input.
"""

from __future__ import annotations

import re

_BAD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def clean(text: object) -> str:
    """Return ``text`` as a str with every dangerous code point removed ('' for None)."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if text.isascii() and text.isprintable():  # most strings: nothing to remove, and both checks are fast
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BAD.sub("", text)


def clean_line(text: object) -> str:
    """Like :func:`clean`, then fold all whitespace to single spaces (titles, names, URLs)."""
    return " ".join(clean(text).split())


def clean_url(url: object) -> str:
    """A URL as stored: cleaned, with no whitespace inside at all."""
    return "".join(clean(url).split())
