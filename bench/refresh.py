"""Refresh benchmark against ../shared/feedfarm: szreader vs newsboat vs lemon24/reader, in one run.

    python bench/refresh.py [--feeds 200] [--items 50] [--latency-ms 50] [--skip-peers]

Prints wall-clock seconds for cold and warm refreshes with the feeds spread over 20 loopback hosts and all on one
host, full-text ingestion (article pages per second), and peak memory (RSS summed over the process tree)
while refreshing 2,000 feeds. newsboat comes from Debian (apt-get install newsboat); lemon24/reader is installed
into bench/.peer-venv on first use. Nothing here is a test: it reports numbers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FARM = ROOT.parent / "shared" / "feedfarm" / "feedfarm.py"
SZREADER = [sys.executable, "-m", "reader"]
PEER_VENV = ROOT / "bench" / ".peer-venv"


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d.name))
            except (OSError, IndexError, ValueError):
                pass
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in (Path("/proc") / str(p) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None,
          memory: bool = False) -> tuple[float, int]:
    """Run ``cmd``; return (seconds, peak RSS of its process tree in bytes, or 0 unless ``memory``).

    Sampling memory walks /proc every 50 ms, CPU taken from the 2 cores the readers share: only the
    memory measurement pays for it, not the timings."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    if memory:
        t.start()
    _, err = proc.communicate()
    done.set()
    if memory:
        t.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed: {err.decode()[-500:]}")
    return time.monotonic() - start, peak


class Farm:
    def __init__(self, port: int, feeds: int, items: int, latency: float, hosts: int):
        self.args = ["--port", str(port), "--feeds", str(feeds)]
        self.hosts = ["--hosts", str(hosts)]
        self.proc = subprocess.Popen([sys.executable, str(FARM), "serve", *self.args, "--items", str(items),
                                      "--latency-ms", str(latency), *self.hosts], stdout=subprocess.PIPE)
        self.proc.stdout.readline()  # the banner: it is listening

    def export(self, what: str, *extra: str) -> str:
        return subprocess.run([sys.executable, str(FARM), what, *self.args, *self.hosts, *extra],
                              check=True, capture_output=True, text=True).stdout

    def tick(self) -> None:
        """Every feed gains one new item (and a new ETag)."""
        urllib.request.urlopen(f"http://127.0.0.1:{self.args[1]}/admin/tick").read()

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def alternated(ours, theirs, n: int):
    """Run two (cold, warm, ...) measurements in turns, n times each. Returns the median of each part of ours,
    of theirs (None if ``theirs`` returns None) and of theirs / ours over the turns. This machine slows down
    in bursts that last minutes: taking turns puts both readers through the same bursts."""
    pairs = [(ours(), theirs()) for _ in range(n)]
    mine = tuple(median([p[0][i] for p in pairs]) for i in range(len(pairs[0][0])))
    if pairs[0][1] is None:
        return mine, None, None
    parts = range(len(pairs[0][1]))
    peer = tuple(median([p[1][i] for p in pairs]) for i in parts)
    ratio = tuple(median([p[1][i] / p[0][i] for p in pairs]) for i in parts)
    # and newsboat's cold refresh against szreader's cold refresh followed by working out every key figure
    ratio += (median([p[1][0] / (p[0][0] + p[0][3]) for p in pairs]),)
    return mine, peer, ratio


def szreader(farm: Farm, full_text: bool = False, memory: bool = False) -> tuple[float, float, float, float, int]:
    """Cold, warm (every feed 304), changed (every feed one new item of 50) seconds, the seconds of working out
    the cold refresh's key figures afterwards (``szreader analyse``, what the TUI runs after a refresh), and
    peak memory."""
    home = Path(tempfile.mkdtemp(prefix="szbench-"))
    (home / "feeds.toml").write_text(farm.export("toml", "--full-text", "true" if full_text else "false"))
    env = {**os.environ, "SZREADER_HOME": str(home)}
    cold, peak = timed(SZREADER + ["refresh"], env, ROOT, memory)
    figures, _ = timed(SZREADER + ["analyse"], env, ROOT)
    warm, _ = timed(SZREADER + ["refresh"], env, ROOT)
    farm.tick()
    changed, _ = timed(SZREADER + ["refresh"], env, ROOT)
    shutil.rmtree(home)
    return cold, warm, changed, figures, peak


def newsboat(farm: Farm) -> tuple[float, float, float] | None:
    if not shutil.which("newsboat"):
        return None
    d = Path(tempfile.mkdtemp(prefix="nbbench-"))
    (d / "urls").write_text(farm.export("urls"))
    (d / "config").write_text("reload-threads 20\n")
    cmd = ["newsboat", "-u", str(d / "urls"), "-c", str(d / "cache.db"), "-C", str(d / "config"), "-x", "reload"]
    env = {**os.environ, "HOME": str(d)}
    cold, _ = timed(cmd, env)
    warm, _ = timed(cmd, env)
    farm.tick()
    changed, _ = timed(cmd, env)
    shutil.rmtree(d)
    return cold, warm, changed


LEMON = """
import sys
from reader import make_reader
r = make_reader(sys.argv[1])
for url in open(sys.argv[2]).read().split():
    r.add_feed(url, exist_ok=True)
r.update_feeds(workers=20)
"""


def lemon(farm: Farm) -> tuple[float, float] | None:
    py = PEER_VENV / "bin" / "python"
    cfg = PEER_VENV / "pyvenv.cfg"
    if py.exists() and f"executable = {sys._base_executable}" not in cfg.read_text():
        shutil.rmtree(PEER_VENV)  # made by another interpreter: the peers run on the same one as szreader
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        if subprocess.run([str(py), "-m", "pip", "install", "-q", "reader", "sgmllib3k"]).returncode != 0:
            return None
    d = Path(tempfile.mkdtemp(prefix="lemonbench-"))
    (d / "urls").write_text(farm.export("urls"))
    (d / "run.py").write_text(LEMON)
    cmd = [str(py), str(d / "run.py"), str(d / "db.sqlite"), str(d / "urls")]
    cold, _ = timed(cmd)
    warm, _ = timed(cmd)
    shutil.rmtree(d)
    return cold, warm


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--latency-ms", type=float, default=50)
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="runs per reader and set-up; medians are printed")
    a = ap.parse_args()
    print(f"farm: {a.feeds} feeds x {a.items} items, {a.latency_ms:g} ms latency; {os.cpu_count()} cores; "
          f"median of {a.repeat} runs each, szreader and newsboat taking turns")
    for hosts, port in ((20, 18765), (1, 18865)):
        farm = Farm(port, a.feeds, a.items, a.latency_ms, hosts)
        try:
            peer = (lambda: newsboat(farm)) if not a.skip_peers and shutil.which("newsboat") else (lambda: None)
            (cold, warm, changed, figures, _), nb, ratio = alternated(lambda: szreader(farm), peer, a.repeat)
            line = (f"{hosts:>2} host(s)  szreader cold {cold:5.2f} s (then key figures {figures:4.2f} s)  "
                    f"warm {warm:5.2f} s  changed {changed:5.2f} s")
            if nb:
                line += (f" | newsboat cold {nb[0]:5.2f} s  warm {nb[1]:5.2f} s  changed {nb[2]:5.2f} s"
                         f"  (szreader faster, median over turns: {ratio[0]:.2f}x cold, {ratio[2]:.2f}x changed, "
                         f"{ratio[3]:.2f}x cold with every key figure worked out)")
            if not a.skip_peers:
                lr = lemon(farm)
                if lr:
                    line += f" | lemon24/reader cold {lr[0]:5.2f} s  warm {lr[1]:5.2f} s"
            print(line, flush=True)
        finally:
            farm.close()
    farm = Farm(18965, 20, a.items, a.latency_ms, 20)
    try:
        cold, _, _, figures, _ = szreader(farm, full_text=True)
        pages = 20 * a.items
        print(f"full text: {pages} articles (feed + page fetch + extraction) in {cold:.2f} s "
              f"= {pages / cold:.0f} articles/s; their key figures {figures:.2f} s more", flush=True)
    finally:
        farm.close()
    farm = Farm(19065, 2000, a.items, a.latency_ms, 20)
    try:
        cold, warm, _, _, peak = szreader(farm, memory=True)
        print(f"2,000 feeds x {a.items} items: cold {cold:.2f} s, warm {warm:.2f} s, "
              f"peak memory {peak / 2**20:.0f} MB (process tree)", flush=True)
    finally:
        farm.close()


if __name__ == "__main__":
    main()
