"""The one line a running refresh shows: 'Refreshing 7/20 · Shenzhen Daily — Economy (fetching, +2) · 3 new · 1 error'.

The TUI's status line and ``szreader refresh`` on a terminal draw the same line from the same progress
events (reader.refresh.Progress, or its JSON form from a child process): :class:`RefreshLine` remembers
which feeds are running (in the order they started, with their stage), which finished last and how many
failed, and :meth:`RefreshLine.text` names the feed the refresh has waited on longest, clipped so that the
line fits a width in terminal cells. A feed's name is hostile: control and bidi characters are dropped, and
the TUI shows the line as plain Content, never markup. No textual; only :func:`terminal_width` asks the
terminal anything.
"""

from __future__ import annotations

import os
import shutil

from rich.cells import cell_len

from reader.cells import clip
from reader.sanitize import clean


class RefreshLine:
    """The state of one refresh's progress line."""

    def __init__(self) -> None:
        self.running: dict[str, str] = {}  #: feed -> stage, in the order they started
        self.last = ""  #: the feed of the latest event
        self.errors = 0

    def update(self, feed: str | None, stage: str | None = "done", error: str | None = None) -> str:
        """One progress event; the feed's name as it may be shown."""
        name = clean(feed or "")
        if (stage or "done") == "done":
            self.running.pop(name, None)
        else:
            self.running[name] = str(stage)
        if error:
            self.errors += 1
        self.last = name
        return name

    def text(self, done: int, total: int, new: int, width: int) -> str:
        """The line in at most ``width`` - 2 cells: the feed waited on longest (else the one just finished),
        its stage, and the counts; on a narrow screen the feed's name goes before the counts."""
        head = f"Refreshing {done}/{total} · "
        if self.running:
            name, stage = next(iter(self.running.items()))
            more = f", +{len(self.running) - 1}" if len(self.running) > 1 else ""
            tail = f" ({stage}{more})"
        else:
            name, tail = self.last, " (done)"
        errors = self.errors
        counts = f" · {new} new · {errors} error{'s' if errors != 1 else ''}"
        if width - cell_len(head) - cell_len(tail) - cell_len(counts) - 2 >= 12:
            tail += counts
        room = max(6, width - cell_len(head) - cell_len(tail) - 2)
        return head + clip(clean(name), room) + tail


    def on_terminal(self, done: int, total: int, new: int) -> str:
        """The line drawn over the last one on the terminal at stderr, at its width now."""
        return "\r\x1b[K" + self.text(done, total, new, terminal_width())


def terminal_width(fd: int = 2) -> int:
    """The width the line may take on the terminal at ``fd`` (stderr): COLUMNS or the terminal's own size, as
    shutil.get_terminal_size has it, asking ``fd`` itself when standard output is not the terminal."""
    try:
        own = os.get_terminal_size(fd).columns
    except (OSError, ValueError):
        own = 80
    return shutil.get_terminal_size((own, 24)).columns
