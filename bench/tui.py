"""TUI benchmark: time to first titles on screen in a pseudo-terminal, for szreader and newsboat, in one run.

    python bench/tui.py [--articles 100000]

Builds a szreader database with --articles articles (and one with 10,000), and a newsboat cache with
10,000 articles from ../shared/feedfarm; launches each program in a 120x40 pseudo-terminal and times
until the first titles appear, with szreader's resident memory then. On the big database it then times,
in the same pseudo-terminal, opening an article and moving in the list. Prints numbers only.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FARM = ROOT.parent / "shared" / "feedfarm" / "feedfarm.py"
RUNS = 5  # launches per program; medians are printed (timings on this machine vary by a third)
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def build_db(home: Path, n: int) -> str:
    """A database of n articles over 200 feeds (summaries with figures); returns the newest title."""
    from reader.config import FeedSpec
    from reader.model import ParsedEntry
    from reader.store import FeedUpdate, Store, StoredEntry
    from reader.analysis import VERSION
    from reader.figures import figure_rows

    home.mkdir(parents=True, exist_ok=True)
    (home / "feeds.toml").write_text("".join(f'[[feeds]]\nname = "Bench {i}"\nurl = "http://127.0.0.1:9/{i}"\n'
                                             for i in range(200)))
    store = Store.open(home / "szreader.db")
    store.sync_feeds([FeedSpec(f"Bench {i}", f"http://127.0.0.1:9/{i}") for i in range(200)])
    per = n // 200
    summary = "Exports climbed 6.3 percent to 5.82 trillion yuan, and imports edged down 1.2 percent."
    body = "\n\n".join([summary] * 8)  # as if the page text had been fetched at refresh
    body_figs = figure_rows(body)
    for f in range(200):
        entries = [StoredEntry(ParsedEntry(
            key=f"k{f}-{j}", url=f"http://127.0.0.1:9/{f}/{j}", title=f"Bench story {f}-{j}: trade up 6.3 percent",
            author="", published=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1.7e9 + j * 3600 + f)),
            summary=summary, content=body)) for j in range(per)]
        store.apply(FeedUpdate(feed_id=f + 1, entries=entries))
    ids = store.unanalysed(VERSION)  # every article has the same text: its figures, worked out once
    for i in range(0, len(ids), 500):
        store.write_analysis(VERSION, [(article_id, body, body_figs) for article_id in ids[i:i + 500]])
    newest = store.articles(limit=1)[0]["title"]
    store.close()
    return newest


def first_paint(cmd: list[str], env: dict, needle: bytes, timeout: float = 120) -> tuple[float, int]:
    """Seconds from launch until ``needle`` is on screen, and the process's RSS then (bytes)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start, buf = time.monotonic(), b""
    try:
        while time.monotonic() - start < timeout:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    buf += os.read(fd, 65536)
                except OSError:
                    break
                if needle in ANSI.sub(b"", buf):
                    elapsed = time.monotonic() - start
                    rss = _rss(pid)
                    return elapsed, rss
        raise SystemExit(f"{cmd[0]}: {needle!r} never appeared")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def newsboat_10k() -> float | None:
    if not shutil.which("newsboat"):
        return None
    d = Path(tempfile.mkdtemp(prefix="nbtui-"))
    farm = subprocess.Popen([sys.executable, str(FARM), "serve", "--port", "19165", "--feeds", "200", "--items", "50"],
                            stdout=subprocess.PIPE)
    farm.stdout.readline()
    try:
        urls = subprocess.run([sys.executable, str(FARM), "urls", "--port", "19165", "--feeds", "200"],
                              capture_output=True, text=True, check=True).stdout
        (d / "urls").write_text(urls)
        (d / "config").write_text("reload-threads 20\n")
        base = ["newsboat", "-u", str(d / "urls"), "-c", str(d / "cache.db"), "-C", str(d / "config")]
        subprocess.run(base + ["-x", "reload"], check=True, capture_output=True, env={**os.environ, "HOME": str(d)})
    finally:
        farm.terminate()
        farm.wait()
    env = {**os.environ, "HOME": str(d), "TERM": "xterm-256color"}
    seconds = sorted(first_paint(base, env, b"Farm feed")[0] for _ in range(RUNS))[RUNS // 2]
    shutil.rmtree(d)
    return seconds


def interaction(cmd: list[str], env: dict, ready: bytes) -> tuple[float, float]:
    """Median milliseconds, in a real pseudo-terminal, from a key to its redraw being written:
    Enter until the article's meta line ("Bench 12 · 2023-…", drawn only in the article pane) is written,
    and j until the list's redraw has been written."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def read_until(needle: bytes | None, timeout: float = 10) -> float:
        start, buf = time.monotonic(), b""
        while time.monotonic() - start < timeout:
            r, _, _ = select.select([fd], [], [], 0.01)
            if r:
                buf += os.read(fd, 65536)
                if needle is None or needle in ANSI.sub(b"", buf):
                    return time.monotonic() - start
        return float("nan")

    def drain(quiet: float = 0.15) -> None:
        while select.select([fd], [], [], quiet)[0]:
            os.read(fd, 65536)

    try:
        read_until(ready, 60)
        drain(0.5)
        opens, moves = [], []
        for _ in range(15):
            t = time.monotonic()
            os.write(fd, b"j")
            read_until(None)
            moves.append(time.monotonic() - t)
            drain()
            t = time.monotonic()
            os.write(fd, b"\r")
            read_until(" · 20".encode())
            opens.append(time.monotonic() - t)
            drain()
            os.write(fd, b"q")
            drain(0.3)
        median = lambda xs: sorted(xs)[len(xs) // 2] * 1000  # noqa: E731
        return median(opens), median(moves)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    a = ap.parse_args()
    szreader = [sys.executable, "-m", "reader"]
    results = {}
    for n in (10_000, a.articles):
        home = Path(tempfile.mkdtemp(prefix=f"sztui-{n}-"))
        newest = build_db(home, n)
        env = {**os.environ, "SZREADER_HOME": str(home), "TERM": "xterm-256color"}
        runs = [first_paint(szreader, env, newest.encode()) for _ in range(RUNS)]
        seconds = sorted(r[0] for r in runs)[RUNS // 2]
        results[n] = (seconds, max(r[1] for r in runs), home)
        print(f"szreader first paint with {n:,} articles: {seconds:.2f} s (median of {RUNS}), "
              f"RSS {results[n][1] / 2**20:.0f} MB", flush=True)
    nb = newsboat_10k()
    if nb is not None:
        print(f"newsboat first paint with 10,000 articles: {nb:.2f} s (median of {RUNS})", flush=True)
    seconds, rss, home = results[a.articles]
    env = {**os.environ, "SZREADER_HOME": str(home), "TERM": "xterm-256color"}
    opens, moves = interaction(szreader, env, b"Bench story")
    print(f"with {a.articles:,} articles, in a pseudo-terminal (median of 15): open an article {opens:.0f} ms, "
          f"move in the list {moves:.0f} ms (key to redraw written)")
    for _, _, home in results.values():
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
