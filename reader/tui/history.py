"""The back stack of the fact timeline: Esc from an article opened from a timeline returns to that timeline.

Like a browser's back button: ``F`` opens a fact's timeline over the place it was pressed (an open article,
its current figure, or the list), Enter on a row opens the row's article, and Esc from that article goes back
to the timeline on the same row; Esc on the timeline then returns to the place ``F`` was pressed. Each Enter
from a timeline pushes one :class:`Back`; moving on by other means (the list, a source, n / p) clears the
stack, as a new page does a browser's forward history. Plain data: the app (reader/tui/app.py) acts on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.tui.fact_series import Timeline


@dataclass(frozen=True)
class Place:
    """Where the user was when a timeline opened: enough to put the screen back as it was."""

    article_id: int | None  #: the open article, or None for the list
    figure: int | None = None  #: the article's current figure (] [), by index in its figures
    panel_row: int | None = None  #: the Key figures panel's highlighted row
    scroll_y: float = 0  #: how far the article text was scrolled
    zoomed: bool = False  #: z: full screen
    row_id: int | None = None  #: the article under the list's cursor
    focus: str | None = None  #: the id of the focused widget


@dataclass(frozen=True)
class Back:
    """One step back: the timeline to show again, its row that was opened, and the place under it."""

    timeline: Timeline
    row: int
    place: Place
