"""What the TUI tests share: the app on a test home, and waiting until its workers and writes are done."""

from __future__ import annotations

import sys

from reader.config import Paths
from reader.tui.app import SzReader

DEMO = {"name": "Shenzhen Daily (demo)", "url": "http://demo.szreader.invalid/feed.xml"}


def make_app(home) -> SzReader:
    """The reader on the test home, refreshing through a child ``python -m reader`` as the installed app does."""
    return SzReader(Paths.resolve().ensure(), refresh_command=[sys.executable, "-m", "reader"])


async def settle(app, pilot) -> None:
    """Workers done, writes written (the writer thread), and the screen updated."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
        while app.writer is not None and app.writer.pending:
            await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()
