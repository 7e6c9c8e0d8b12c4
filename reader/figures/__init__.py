"""Key figures: find, tag and describe the numbers that matter in an article (see ../shared/notes/FIGURES.md).

Headless and dependency-free: regular expressions and word lists, no model, so it installs from PyPI
alone and runs in well under a millisecond per article.
"""

from __future__ import annotations

from reader.figures.finder import KEY_KINDS, Figure, extract

__all__ = ["Figure", "KEY_KINDS", "extract", "figure_dicts"]


def figure_dicts(text: str) -> list[dict]:
    """Figures of ``text`` as plain dicts, the form they are stored and printed in."""
    return [f.as_dict() for f in extract(text)]
