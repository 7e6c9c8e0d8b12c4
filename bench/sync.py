"""Sync benchmark: szreader vs newsboat on one Tiny Tiny RSS server holding the feedfarm's feeds, in one run.

    python bench/sync.py [--feeds 200] [--items 50] [--repeat 3]

Starts a TT-RSS of its own (../shared/sync/servers.sh with SYNC_STATE=/tmp/szreader-sync-bench, so the test
server is left alone), subscribes it to the feedfarm's feeds and lets it fetch them all, then times an initial
sync (fresh home / fresh cache) and a warm sync (nothing new) for szreader (`szreader sync now`) and newsboat
(`urls-source "ttrss"`, `-x reload`), taking turns, and counts the API requests each made (from the PHP
server's log). Prints medians and newsboat / szreader ratios. Stops its server at the end. Reports numbers;
nothing here is a test. newsboat comes from Debian (apt-get install newsboat).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SERVERS = SHARED / "sync" / "servers.sh"
FARM = SHARED / "feedfarm" / "feedfarm.py"
STATE = Path(os.environ.get("SYNC_BENCH_STATE", "/tmp/szreader-sync-bench"))
SZREADER = [sys.executable, "-m", "reader"]


def servers(*args: str) -> str:
    env = {**os.environ, "SYNC_STATE": str(STATE), "SYNC_TIMEOUT": "900"}
    # stderr to a file: servers.sh hands it on to the servers it starts, and a pipe would never reach its end
    with tempfile.TemporaryFile("w+") as err:
        done = subprocess.run(["bash", str(SERVERS), *args], env=env, stdout=subprocess.PIPE, stderr=err, text=True)
        err.seek(0)
        if done.returncode != 0:
            sys.exit(f"servers.sh {' '.join(args)}: {err.read().strip()[-400:]}")
    return done.stdout


def parse_env(text: str) -> dict[str, str]:
    return {k: v.strip("'") for k, v in (line.split("=", 1) for line in text.splitlines()
                                         if "=" in line and not line.startswith("#"))}


def api(env: dict, body: dict, sid: str | None = None):
    if sid:
        body = {**body, "sid": sid}
    req = urllib.request.Request(env["TTRSS_API_URL"], json.dumps(body).encode(), {"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req, timeout=300).read())["content"]


def requests_so_far() -> int:
    """API requests the TT-RSS PHP server has answered (its log has one line per request)."""
    log = STATE / "ttrss" / "php.log"
    return len(re.findall(r"\]: (?:POST|GET) /+api/", log.read_text(errors="replace"))) if log.exists() else 0


def timed(cmd: list[str], env: dict) -> tuple[float, int, str]:
    before = requests_so_far()
    start = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.strip()[-400:]}")
    return seconds, requests_so_far() - before, done.stdout


def szreader(env: dict) -> tuple[float, float, int, int, int, float]:
    """Initial and warm seconds, their request counts, the entries stored, and the seconds of working out their
    key figures after the initial sync (``szreader analyse``, what the TUI runs after a refresh)."""
    home = Path(tempfile.mkdtemp(prefix="szsyncbench-"))
    (home / "feeds.toml").write_text("")
    (home / "config.toml").write_text(f'[sync]\nservice = "ttrss"\nurl = "{env["TTRSS_API_URL"]}"\n'
                                      f'user = "{env["TTRSS_USER"]}"\n')
    e = {**os.environ, "SZREADER_HOME": str(home), "SZREADER_SYNC_PASSWORD": env["TTRSS_PASSWORD"]}
    initial, n_initial, out = timed(SZREADER + ["sync", "now", "--json"], e)
    entries = json.loads(out)["new"]
    figures, _, _ = timed(SZREADER + ["analyse"], e)
    warm, n_warm, _ = timed(SZREADER + ["sync", "now", "--json"], e)
    shutil.rmtree(home)
    return initial, warm, n_initial, n_warm, entries, figures


def newsboat(env: dict) -> tuple[float, float, int, int] | None:
    if not shutil.which("newsboat"):
        return None
    d = Path(tempfile.mkdtemp(prefix="nbsyncbench-"))
    (d / "config").write_text(f'urls-source "ttrss"\nttrss-url "{env["TTRSS_URL"]}"\n'
                              f'ttrss-login "{env["TTRSS_USER"]}"\nttrss-password "{env["TTRSS_PASSWORD"]}"\n'
                              "reload-threads 20\n")
    (d / "urls").write_text("")
    cmd = ["newsboat", "-u", str(d / "urls"), "-c", str(d / "cache.db"), "-C", str(d / "config"), "-x", "reload"]
    e = {**os.environ, "HOME": str(d)}
    initial, n_initial, _ = timed(cmd, e)
    warm, n_warm, _ = timed(cmd, e)
    shutil.rmtree(d)
    return initial, warm, n_initial, n_warm


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="leave the bench server running")
    a = ap.parse_args()
    port = free_port()
    farm = subprocess.Popen([sys.executable, str(FARM), "serve", "--port", str(port), "--feeds", str(a.feeds),
                             "--items", str(a.items)], stdout=subprocess.DEVNULL)
    try:
        t0 = time.monotonic()
        env = parse_env(servers("up", "ttrss"))
        sid = api(env, {"op": "login", "user": env["TTRSS_USER"], "password": env["TTRSS_PASSWORD"]})["session_id"]
        have = {f["feed_url"] for f in api(env, {"op": "getFeeds", "cat_id": -3}, sid)}
        for n in range(a.feeds):
            url = f"http://198.18.{port >> 8}.{port & 255}/feeds/{n}.xml"
            if url not in have:
                api(env, {"op": "subscribeToFeed", "feed_url": url}, sid)
        want = a.feeds * a.items
        for _ in range(10):
            servers("refresh", "ttrss")
            stored = len(api(env, {"op": "getFeeds", "cat_id": -3}, sid))
            count = int(api(env, {"op": "getUnread"}, sid)["unread"])
            if count >= want:
                break
        print(f"TT-RSS with {stored} feeds, {count} unread entries, ready in {time.monotonic() - t0:.0f} s")
        mine, theirs = [], []
        for _ in range(a.repeat):
            mine.append(szreader(env))
            nb = newsboat(env)
            if nb is not None:
                theirs.append(nb)
        m = [median([r[i] for r in mine]) for i in range(6)]
        print(f"szreader: initial {m[0]:6.2f} s ({m[2]:.0f} requests, {m[4]:.0f} entries; then their key figures "
              f"{m[5]:.2f} s)   warm {m[1]:6.2f} s ({m[3]:.0f} requests)   median of {a.repeat}")
        if theirs:
            t = [median([r[i] for r in theirs]) for i in range(4)]
            ri = median([n[0] / s[0] for s, n in zip(mine, theirs)])
            rw = median([n[1] / s[1] for s, n in zip(mine, theirs)])
            print(f"newsboat: initial {t[0]:6.2f} s ({t[2]:.0f} requests)   warm {t[1]:6.2f} s ({t[3]:.0f} requests)")
            rf = median([n[0] / (s[0] + s[5]) for s, n in zip(mine, theirs)])
            print(f"speed-up (newsboat / szreader, median of turns): initial {ri:.2f}x   warm {rw:.2f}x   "
                  f"initial with every key figure worked out {rf:.2f}x")
        else:
            print("newsboat: not installed (apt-get install newsboat)")
    finally:
        farm.terminate()
        farm.wait()
        if not a.keep:
            servers("down", "ttrss")


if __name__ == "__main__":
    main()
