"""A small process pool where every task has a wall-clock limit and every worker a memory limit.

CPU-heavy work (feedparser, page extraction, key figures) runs here, off the event loop and on every
core. A task that overruns its time (a ReDoS regex) or its memory (an entity blow-up) costs that
task a :class:`ParseError`; its worker is killed and replaced, and the other tasks go on
(SECURITY.md rule 5). A refresh forks its workers as it starts, before it has any thread; they
load the parsing code while the first requests are out. Answers come back through the event loop
(the worker's pipe is watched with ``add_reader``), with no thread per task.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import traceback
from typing import Any, Callable

from reader.errors import ParseError, ReaderError
from reader.limits import MAX_ERROR
from reader.sanitize import clean_line

TASK_SECONDS = 10.0
MEMORY_BYTES = 1536 * 1024 * 1024


PR_SET_PDEATHSIG = 1


def _tie_to_parent(parent: int, inherited: list[int]) -> None:
    """Make this worker die with the process that forked it, on every path (issue 13.5).

    - Linux: ``PR_SET_PDEATHSIG`` sends SIGKILL the moment the parent dies (even by SIGKILL); checked
      against a parent that died before the call.
    - Everywhere: close the inherited parent ends of the pipes (this worker's own and its elder siblings'),
      so that ``conn.recv()`` sees end-of-file once the parent is gone instead of waiting for ever.
    - Standard input and output go to /dev/null: a worker must not hold ``szreader refresh | cat`` open.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pipe still ends the worker
        pass
    if os.getppid() != parent:
        os._exit(0)
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def _worker(conn, memory: int, parent: int = 0, inherited: list[int] | tuple = ()) -> None:
    if parent:
        _tie_to_parent(parent, list(inherited))
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass
    try:  # below the parent, which fetches and writes, and below the TUI and the rest of the desktop
        os.nice(10)
    except OSError:
        pass
    # load the parsing code now, while the parent is still sending its first requests, not at the first task
    # (40 ms per worker): cold refresh of the 200-feed farm 1.88 s -> 1.80 s (medians of 7)
    import reader.tasks  # noqa: F401
    from lxml import etree  # noqa: F401
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args = task
        try:
            conn.send(("ok", fn(*args)))
        except MemoryError:
            conn.send(("error", "over the memory budget"))
        except ReaderError as e:
            conn.send(("error", str(e)))
        except Exception as e:  # a bug or a library crash on hostile input: report, keep serving
            conn.send(("error", f"{type(e).__name__}: {e}"[:300] or traceback.format_exc(limit=1)))


class _Proc:
    def __init__(self, ctx, memory: int, siblings: list["_Proc"] = ()):
        self.conn, child = ctx.Pipe()
        inherited = [self.conn.fileno(), *(p.conn.fileno() for p in siblings)]
        self.proc = ctx.Process(target=_worker, args=(child, memory, os.getpid(), inherited), daemon=True)
        self.proc.start()
        child.close()

    async def call(self, fn, args, timeout: float):
        """Send a task and wait on the event loop (no thread) until the answer is readable."""
        loop = asyncio.get_running_loop()
        self.conn.send((fn, args))  # the worker is idle and reading, so this returns as fast as it copies
        ready = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, timeout)
        finally:
            loop.remove_reader(fd)
        return self.conn.recv()  # readable: the worker has finished and is writing its whole answer

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(1)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.proc.kill()
        self.conn.close()


class BudgetPool:
    """Run picklable functions in worker processes with a per-task time limit. Use ``async with``."""

    def __init__(self, processes: int | None = None, timeout: float = TASK_SECONDS, memory: int = MEMORY_BYTES):
        self.size = processes or max(1, os.cpu_count() or 1)
        self.timeout, self.memory = timeout, memory
        # fork: a worker is ready in a millisecond (forkserver took 0.6 s to import its preload). Safe because
        # callers create the pool before starting threads, and the TUI runs refreshes in a subprocess.
        self._ctx = multiprocessing.get_context("fork")
        self._idle: asyncio.Queue[_Proc] | None = None  # created by start()
        self._all: list[_Proc] = []

    async def __aenter__(self) -> "BudgetPool":
        return self

    def start(self) -> None:
        """Fork the workers now (before the caller starts any thread), not at the first task."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.size):
                p = _Proc(self._ctx, self.memory, self._all)
                self._all.append(p)
                self._idle.put_nowait(p)

    async def __aexit__(self, *exc) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)

    def close(self) -> None:
        for p in self._all:
            p.stop()
        self._all.clear()

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        self.start()
        idle = self._idle
        proc = await idle.get()
        try:
            status, value = await proc.call(fn, args, self.timeout)
        except TimeoutError:
            proc = self._replace(proc)
            raise ParseError(f"took longer than {self.timeout:g} s to parse") from None
        except (EOFError, OSError):
            proc = self._replace(proc)
            raise ParseError("the parser process died (over its memory budget?)") from None
        except BaseException:  # cancelled mid-task: its answer would reach the next caller
            proc = self._replace(proc)
            raise
        finally:
            idle.put_nowait(proc)
        if status != "ok":  # a library's message may quote the document: sanitised like feed text
            raise ParseError(clean_line(value)[:MAX_ERROR])
        return value

    def _replace(self, proc: _Proc) -> _Proc:
        proc.kill()
        self._all.remove(proc)
        fresh = _Proc(self._ctx, self.memory, self._all)
        self._all.append(fresh)
        return fresh
