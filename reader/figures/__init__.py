"""Key figures: find, tag and describe the numbers that matter in an article (see ../shared/notes/FIGURES.md).

Headless and dependency-free: regular expressions and word lists, no model, so it installs from PyPI
alone and runs in about a millisecond per article. The extractor (and its compiled patterns) loads on
first use, so code that only needs ``KEY_KINDS`` (the TUI at start-up) does not pay for it.

Stored articles keep the figures of the extractor that analysed them: a release that changes what it finds
raises ``reader.analysis.VERSION``, and every stored article is analysed again, once.
"""

from __future__ import annotations

KEY_KINDS = ("money", "percent", "count", "quantity", "ordinal", "ratio")
#: a figure's fields, in the order of :class:`Figure` and of the rows :func:`figure_rows` returns
FIGURE_FIELDS = ("start", "end", "text", "kind", "value", "unit", "approx", "bound", "direction", "basis",
                 "subject", "equivalent_of", "entity", "period", "change", "value_to", "per")

__all__ = ["FIGURE_FIELDS", "Figure", "KEY_KINDS", "extract", "figure_dicts", "figure_rows"]


def __getattr__(name: str):
    if name in ("Figure", "extract"):
        from reader.figures import finder

        return getattr(finder, name)
    raise AttributeError(name)


def figure_dicts(text: str, date: str | None = None) -> list[dict]:
    """Figures of ``text`` as plain dicts, the form they are stored and printed in; ``date`` is the article's
    (ISO 8601), for periods like "last year"."""
    from reader.figures.finder import extract

    return [f.as_dict() for f in extract(text, date)]


def figure_rows(text: str, date: str | None = None) -> tuple[tuple, ...]:
    """Figures of ``text`` as tuples in ``FIGURE_FIELDS`` order: the form a refresh worker hands back and
    the store inserts as it is (no per-field lookups, and quicker to pickle than dicts)."""
    from reader.figures.finder import extract

    return tuple(f.as_row() for f in extract(text, date))
