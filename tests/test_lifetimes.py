"""No process outlives `szreader refresh` (issues 13.5 and 12.3): killed, failing early, or piped into another."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Home
from loopback import trickle

ROOT = Path(__file__).parent.parent


def _group(pgid: int) -> list[int]:
    """Processes still alive (not zombies) in a process group."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                out.append(int(entry))
    return out


def _wait_until(predicate, seconds: float = 15.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _start(home: Path, *args: str, max_file_bytes: int | None = None) -> subprocess.Popen:
    """``szreader refresh`` in its own process group; ``max_file_bytes`` caps the size of any file it writes
    (RLIMIT_FSIZE), as a full disk does: writing past it fails with EFBIG (Python ignores SIGXFSZ)."""
    env = {**os.environ, "SZREADER_HOME": str(home)}

    def cap() -> None:
        if max_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.Popen([sys.executable, "-m", "reader", "refresh", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=cap)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_a_killed_refresh(tmp_path, site, sig):
    site.routes["/slow.xml"] = trickle(b"<rss version='2.0'><channel><title>slow</title></channel></rss>" * 4, 1.0)
    home = Home(tmp_path)
    (tmp_path / "config.toml").write_text("[fetch]\ntimeout = 120\n")
    home.feeds([{"name": "Slow", "url": site.url("/slow.xml"), "full_text": False}])
    proc = _start(tmp_path)
    try:
        assert _wait_until(lambda: len(_children(proc.pid)) >= 2), "the refresh never started its parse workers"
        workers = _children(proc.pid)
        os.kill(proc.pid, sig)
        proc.wait(30)
        assert _wait_until(lambda: not any(Path(f"/proc/{w}").exists() and w in _group(proc.pid) for w in workers)), \
            f"workers {workers} outlived their parent"
        assert _group(proc.pid) == []
    finally:
        for pid in _group(proc.pid):
            os.kill(pid, signal.SIGKILL)


def _garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database, just text " * 200)


def _newer(db: Path) -> None:
    c = sqlite3.connect(db)
    c.execute("PRAGMA user_version = 999")
    c.close()


def _damaged(db: Path) -> None:
    """A real database whose article pages are overwritten in the middle (a disk fault)."""
    c = sqlite3.connect(db)
    c.execute("CREATE TABLE t (x)")
    c.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(2000)])
    c.commit()
    c.close()
    data = bytearray(db.read_bytes())
    data[8192:8192 + 40960] = b"\xff" * 40960
    db.write_bytes(bytes(data))


def _bad_toml(home: Path) -> None:
    (home / "feeds.toml").write_text("[[feeds]\nname = 'x'")


@pytest.mark.parametrize("stage, damage, code, words", [
    ("feeds.toml", "toml", 2, "invalid TOML"),
    ("not a database", _garbage, 4, "not an szreader database"),
    ("newer schema", _newer, 4, "newer szreader"),
    ("damaged pages", _damaged, 4, "is damaged"),
    ("every feed fails", None, 3, "HTTP 404"),
    ("success", "ok", 0, "Refreshed 1 of 1"),
])
def test_a_refresh_failing_at_any_stage_leaves_no_process_and_closes_its_pipes(tmp_path, site, stage, damage, code,
                                                                                words):
    """`szreader refresh | cat` returns: the pipes close as the refresh ends, however it ends."""
    home = Home(tmp_path)
    home.feeds([{"name": "Bay", "url": site.url("/city.xml" if damage == "ok" else "/missing.xml"),
                 "full_text": False}])
    if damage == "toml":
        _bad_toml(tmp_path)
    elif callable(damage):
        damage(tmp_path / "szreader.db")
    proc = _start(tmp_path)
    try:
        out, err = proc.communicate(timeout=60)  # returns only once no process holds stdout and stderr
        text = (out + err).decode()
        assert proc.returncode == code and words in text, text
        assert "Traceback" not in text and len(err.decode().strip().splitlines()) <= 1
        assert _wait_until(lambda: _group(proc.pid) == [])
    finally:
        for pid in _group(proc.pid):
            os.kill(pid, signal.SIGKILL)


def _big_feed(items: int = 300) -> bytes:
    body = "".join(f"<item><title>Exports {i}</title><link>http://example.org/{i}</link><guid>g{i}</guid>"
                   f"<description>{f'Shenzhen exports rose {i % 30}.5 percent to {i} billion yuan in 2023. ' * 30}"
                   "</description></item>" for i in range(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{body}</channel></rss>'.encode()


def test_a_disk_that_fills_while_a_feed_is_written_leaves_no_process_and_no_half_feed(tmp_path, site):
    """The failure comes after the workers have parsed the feed, in the middle of its transaction: one line,
    exit 6, every process gone, the pipes closed, and none of the feed's articles half written."""
    site.routes["/big.xml"] = (200, {"Content-Type": "application/rss+xml"}, _big_feed())
    home = Home(tmp_path)
    home.feeds([{"name": "Big", "url": site.url("/big.xml"), "full_text": False}])
    assert home.run("feeds")[0] == 0  # the database exists, with its schema
    proc = _start(tmp_path, max_file_bytes=400_000)  # room to open the database, not for 300 articles
    try:
        out, err = proc.communicate(timeout=60)
        text = (out + err).decode()
        assert proc.returncode == 6 and "cannot write to the database" in text, text
        assert "Traceback" not in text and len(err.decode().strip().splitlines()) == 1
        assert _wait_until(lambda: _group(proc.pid) == [])
    finally:
        for pid in _group(proc.pid):
            os.kill(pid, signal.SIGKILL)
    assert site.requests_to("/big.xml")  # it got as far as fetching the feed
    code, out, _ = home.run("list", "--json")
    assert code == 0 and json.loads(out) == []  # one transaction per feed: nothing of it was kept
    assert home.json("feeds")[0]["articles"] == 0
