"""A hostile article in the TUI (issue 13.3): what building it costs, and whether the UI thread stays free.

    python bench/tui_article.py [--figures 60000] [--paragraphs 3000]

Builds an article whose text repeats one sentence (a figure in each), with a 5 MB title, then:
- times Document (text and Key figures panel, built in a worker) for growing figure counts: the ratio of
  time to figures stays flat when the cost is linear;
- runs the app headless, opens the article, and samples the UI thread's event loop every 5 ms while the
  article opens, ] [ h are pressed and q closes it: the longest gap is the worst the UI was blocked. On a
  shared machine a gap also counts the time the process waited for a core, so the CPU time of the longest
  single UI-thread callback (time.thread_time, which a busy machine does not inflate) is printed too.
Prints numbers only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SENTENCE = "GDP rose 5.2 percent to 3.68 trillion yuan."


def article(figures: int, paragraphs: int) -> dict:
    per = max(1, figures // paragraphs)
    paras = [" ".join([SENTENCE] * per) for _ in range(paragraphs)]
    text = "\n\n".join(paras)
    figs, pos = [], 0
    for para in paras:
        for j in range(per):
            s = pos + j * (len(SENTENCE) + 1) + SENTENCE.index("5.2")
            figs.append({"start": s, "end": s + 11, "text": "5.2 percent", "kind": "percent", "subject": "GDP",
                         "direction": "up", "change": True})
        pos += len(para) + 2
    return {"id": 1, "title": "T" * 5_000_000, "content": text, "figures": figs, "feed": "x"}


def document_times() -> None:
    from reader.tui.document import Document

    print("Document build (worker thread), paragraphs x figures:")
    for paragraphs, figures in ((300, 1_000), (3_000, 9_000), (3_000, 30_000), (3_000, 60_000)):
        a = article(figures, paragraphs)
        t = time.perf_counter()
        doc = Document(a)
        ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        doc.paragraph(doc.fig_para[doc.key_figures[1]], True, doc.key_figures[1])
        step = (time.perf_counter() - t) * 1000
        print(f"  {paragraphs:>5} x {figures:>6}: {ms:7.1f} ms  ({ms / figures * 1000:.1f} us per figure; "
              f"{len(doc.fig_para)} highlighted, {len(doc.panel)} panel rows); restyle for ]: {step:.2f} ms")


async def ui_gaps(figures: int, paragraphs: int) -> None:
    from conftest import Home
    from test_tui_behaviour import _flood

    from reader.config import Paths
    from reader.tui.app import SzReader

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SZREADER_HOME"] = tmp
        home = Home(Path(tmp))
        home.feeds([{"name": "Shenzhen Daily (demo)", "url": "http://demo.szreader.invalid/feed.xml"}])
        await asyncio.to_thread(home.run, "refresh")
        await asyncio.to_thread(home.run, "analyse")  # as the tests' demo: the flood's figures are kept as given
        _flood(home, figures, paragraphs)
        app = SzReader(Paths.resolve().ensure())
        gaps: list[float] = []
        async with app.run_test(size=(140, 45)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            running = True

            async def sample() -> None:
                last = time.perf_counter()
                while running:
                    await asyncio.sleep(0.005)
                    now = time.perf_counter()
                    gaps.append(now - last - 0.005)
                    last = now

            sampler = asyncio.create_task(sample())
            cpu: list[float] = []
            handle_run = asyncio.events.Handle._run

            def timed_run(handle) -> None:  # every callback the UI thread's loop runs, in CPU time
                start = time.thread_time()
                handle_run(handle)
                cpu.append(time.thread_time() - start)

            asyncio.events.Handle._run = timed_run
            t = time.perf_counter()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            opened = time.perf_counter() - t
            t = time.perf_counter()
            await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket", "h", "h")
            await pilot.pause()
            keys = time.perf_counter() - t
            t = time.perf_counter()
            await pilot.press("enter")  # open again and quit at once, while the worker builds
            await pilot.press("q")
            q = time.perf_counter() - t
            running = False
            await sampler
            asyncio.events.Handle._run = handle_run
        print(f"App, {figures} figures in {paragraphs} paragraphs, 5 MB title: open {opened * 1000:.0f} ms, "
              f"] ] [ h h {keys * 1000:.0f} ms, enter+q {q * 1000:.0f} ms; UI loop longest gap "
              f"{max(gaps) * 1000:.0f} ms, 99th percentile {sorted(gaps)[int(len(gaps) * 0.99)] * 1000:.0f} ms; "
          f"longest UI-thread callback {max(cpu) * 1000:.0f} ms CPU")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--figures", type=int, default=60_000)
    ap.add_argument("--paragraphs", type=int, default=3_000)
    args = ap.parse_args()
    document_times()
    asyncio.run(ui_gaps(args.figures, args.paragraphs))


if __name__ == "__main__":
    main()
