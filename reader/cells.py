"""Text fitted to terminal cells: one rule for every place that clips text to a width or lines it up in columns.

A CJK character takes two cells and a zero-width space none, so counting characters misaligns columns and
overflows lines ("深圳GDP增长" is 7 characters and 11 cells). Here text is made one line (runs of whitespace
become one space, characters that take no cell but that some terminals draw anyway are dropped), cut to a
width in cells with … marking the cut, and (:func:`fit`) padded to exactly that width so columns line up.
Used by the TUI (list, panels, timeline, progress line) and by the command line's progress line, so it
imports rich's cell tables only, never textual. Callers clean control characters first (reader.sanitize).
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

#: characters that take no cell but that some terminals draw anyway
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"))


def clip(text: str | None, width: int) -> str:
    """``text`` on one line in at most ``width`` cells; a cut text ends in … (it does not read as whole)."""
    text = text or ""
    width = max(0, width)
    limit = 4 * width + 8  # a 5 MB hostile title costs what a line costs; more than enough to fill ``width``
    cut = len(text) > limit
    text = " ".join(text[:limit].translate(_INVISIBLE).split())
    if not cut and cell_len(text) <= width:
        return text
    if width == 0:
        return ""
    return set_cell_size(text, width - 1).rstrip() + "…"  # a wide character cut in half becomes a space


def fit(text: str | None, width: int, align: str = "<") -> str:
    """:func:`clip` padded with spaces to exactly ``width`` cells: on the right, or on the left (``align`` ">")."""
    text = clip(text, width)
    pad = " " * (max(0, width) - cell_len(text))
    return pad + text if align == ">" else text + pad
