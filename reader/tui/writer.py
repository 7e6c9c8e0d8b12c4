"""The TUI's one writer: every change a key makes (marks, tags, mark-all-read, undo) runs here, one at a
time and in the order the keys were pressed, on a thread with its own database connection.

A job's outcome (its result, or the error that stopped it) goes back to the UI thread through a callback,
so a write that failed (the lock held elsewhere, a full disk) is shown as failed.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

Job = Callable[[], Any]
Done = Callable[[Any, BaseException | None], None]


class Writer:
    """A queue of write jobs run in order on one daemon thread."""

    def __init__(self, deliver: Callable[[Callable[[], None]], None]) -> None:
        #: runs a callable on the UI thread (the app's ``call_from_thread``)
        self._deliver = deliver
        self._jobs: queue.Queue[tuple[Job, Done | None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="szreader-writer", daemon=True)
        self._thread.start()
        self.pending = 0  #: jobs queued or running (read on the UI thread)

    def submit(self, job: Job, done: Done | None = None) -> None:
        self.pending += 1
        self._jobs.put((job, done))

    def stop(self) -> None:
        self._jobs.put(None)

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, done = item
            try:
                result, error = job(), None
            except Exception as e:  # shown to the user by ``done``; the writer keeps going
                result, error = None, e
            try:
                self._deliver(lambda: self._finish(done, result, error))
            except Exception:  # the app has gone: nothing left to tell
                return

    def _finish(self, done: Done | None, result: Any, error: BaseException | None) -> None:
        self.pending -= 1
        if done is not None:
            done(result, error)
