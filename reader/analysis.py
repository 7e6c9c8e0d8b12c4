"""Key figures of stored articles, worked out after a refresh (or a sync) has stored them.

A refresh is done when its articles can be read. Finding the figures of 10,000 new summaries took as much
CPU as everything else in a cold refresh of the 200-feed farm, so a refresh stores articles without figures
(and without a row in the ``analysis`` table) and this module brings them up to date:

    Store.unanalysed (newest first) ──► batches of BATCH ids ──► Store.analysis_inputs (text, date)
        ──► BudgetPool: work_out (reader.figures, under the pool's time and memory budget)
        ──► Store.write_analysis: figures and ``analysis`` rows, one transaction per batch (an article
            rewritten meanwhile keeps waiting)

Who asks: whatever shows figures brings its articles up to date first (``show``, ``figures --article`` and
``--subject``, ``facts``, ``export-saved``); ``szreader analyse`` does it alone, and the TUI runs it in the
background after each refresh and when it starts, so the figures are there before they are looked for.

``VERSION`` is the analysis's version: raising it (when reader/figures finds something different) has every
stored article analysed again, once, so an improved extractor reaches the articles stored before it.
"""

from __future__ import annotations

import asyncio
import os
from typing import Callable

from reader.errors import ParseError
from reader.limits import MAX_FIGURES

VERSION = 1
BATCH = 200  #: articles per worker task
SECONDS = 10.0  #: the time budget of one task (a batch, or one article of a batch that overran it)
FEW, SMALL = 20, 20_000  #: up to this many articles, and characters of text, are analysed in the asking process


def work_out(items: list[tuple[int, str, str | None]]) -> list[tuple]:
    """Figure rows for each (id, text, date), in order. Runs in a worker process."""
    from reader.figures import figure_rows

    return [figure_rows(text, date)[:MAX_FIGURES] if text else () for _, text, date in items]


def bring_up_to_date(store, ids: list[int] | None = None,
                     progress: Callable[[int, int], None] | None = None, workers: bool = True) -> int:
    """Work out the figures of the articles (of ``ids``, or all) that lack them or have an older analysis's.
    Returns how many were written. A little text is analysed here; more goes to worker processes on every
    core, or with ``workers=False`` (a thread of the TUI, which must not fork) is left for ``szreader analyse``."""
    todo = store.unanalysed(VERSION, ids)
    if not todo:
        return 0
    if len(todo) <= FEW:
        items = store.analysis_inputs(todo)
        if sum(len(t) for _, t, _ in items) <= SMALL:
            written = store.write_analysis(VERSION, _results(items, work_out(items)))
            if progress:
                progress(len(todo), len(todo))
            return written
    return asyncio.run(_in_workers(store, todo, progress)) if workers else 0


def _results(items, rows) -> list[tuple]:
    """(id, text analysed, figure rows) for Store.write_analysis."""
    return [(article_id, text, r) for (article_id, text, _), r in zip(items, rows)]


async def _in_workers(store, todo: list[int], progress) -> int:
    from reader.workers import BudgetPool

    batches = [todo[i:i + BATCH] for i in range(0, len(todo), BATCH)]
    pool = BudgetPool(processes=min(len(batches), os.cpu_count() or 1), timeout=SECONDS)
    pool.start()
    done = written = 0
    slots = asyncio.Semaphore(pool.size + 1)  # one batch read ahead while every worker is busy

    async def one(batch: list[int]) -> None:
        nonlocal done, written
        async with slots:
            items = store.analysis_inputs(batch)
            try:
                rows = await pool.run(work_out, items)
            except ParseError:  # one text over the budget fails its batch: the others are worked out alone
                rows = [await _alone(pool, item) for item in items]
            written += store.write_analysis(VERSION, _results(items, rows))
            done += len(batch)
            if progress:
                progress(done, len(todo))

    async with pool:
        await asyncio.gather(*(one(b) for b in batches))
    return written


async def _alone(pool, item) -> tuple:
    """One article's figures; none when it is over the budget by itself (it is not tried at every call again)."""
    try:
        return (await pool.run(work_out, [item]))[0]
    except ParseError:
        return ()
