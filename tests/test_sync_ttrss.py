"""Sync against a real Tiny Tiny RSS (../shared/sync/servers.sh up ttrss): pull, marks both ways, several
installations, subscribing, and a server that goes away mid-sync. Each test subscribes the server to a
loopback feed of its own, with titles no other test uses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from conftest import Home
from sync_helpers import AppServer, FeedSite, forward, server_env, servers, sync_config, ttrss_call, ttrss_headlines


@pytest.fixture(scope="module")
def tt():
    return server_env("ttrss")


@pytest.fixture
def feed(tt):
    tag = uuid.uuid4().hex[:8]
    f = FeedSite(f"City {tag}")
    f.tag = tag
    f.set([(f"{tag}-{i}", f"{tag} story {i}", f"Shenzhen's GDP grew {i + 5}.1 percent to 3.2 trillion yuan in 2023.")
           for i in range(3)])
    servers("subscribe", "ttrss", f.url)
    yield f
    f.close()
    unsubscribe(tt, f.url)


def unsubscribe(tt, url: str) -> None:
    """Take a test's feed off the shared server again, so that later syncs do not grow with every run."""
    mapped = servers("feed-url", "ttrss", url).strip()
    for f in ttrss_call(tt, "getFeeds", cat_id=-3):
        if f["feed_url"] in (url, mapped):
            ttrss_call(tt, "unsubscribeFeed", feed_id=f["id"])


def make_home(path, tt, monkeypatch) -> Home:
    path.mkdir(exist_ok=True)
    h = Home(path)
    sync_config(h, "ttrss", tt["TTRSS_API_URL"], tt["TTRSS_USER"])
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", tt["TTRSS_PASSWORD"])
    return h


def root(tt: dict) -> str:
    return tt["TTRSS_API_URL"].rsplit("/api/", 1)[0]


def refresh(h: Home) -> dict:
    report = h.json("refresh")
    assert report["sync"]["error"] is None, report["sync"]
    return report


def mine(h: Home, tag: str) -> dict[str, dict]:
    return {a["title"]: a for a in h.json("list", "--limit", "100000") if a["title"].startswith(tag)}


def test_pull_brings_sources_entries_figures_and_search(tmp_path, tt, feed, monkeypatch):
    h = make_home(tmp_path / "a", tt, monkeypatch)
    refresh(h)
    arts = mine(h, feed.tag)
    assert sorted(arts) == [f"{feed.tag} story {i}" for i in range(3)]
    assert all(not a["read"] for a in arts.values())
    feeds = {f["name"]: f for f in h.json("feeds")}
    assert f"City {feed.tag}" in feeds
    shown = h.json("show", str(arts[f"{feed.tag} story 0"]["id"]))
    assert "GDP grew 5.1 percent" in shown["text"]
    assert any(f["kind"] == "percent" for f in shown["figures"])
    assert {r["id"] for r in h.json("search", f"{feed.tag} story")} >= {a["id"] for a in arts.values()}


def test_marks_travel_both_ways(tmp_path, tt, feed, monkeypatch):
    h = make_home(tmp_path / "a", tt, monkeypatch)
    refresh(h)
    arts = mine(h, feed.tag)
    a0, a1, a2 = (arts[f"{feed.tag} story {i}"]["id"] for i in range(3))
    assert h.run("mark", str(a0), "read")[0] == 0
    assert h.run("mark", str(a1), "star")[0] == 0
    assert h.json("sync", "status")["pending"] == 2
    report = refresh(h)
    assert report["sync"]["pushed"] == 2
    assert h.json("sync", "status")["pending"] == 0
    server = ttrss_headlines(tt, feed.url)
    assert server[f"{feed.tag} story 0"]["unread"] is False
    assert server[f"{feed.tag} story 1"]["marked"] is True
    assert server[f"{feed.tag} story 2"]["unread"] is True
    # marks made on the server arrive at the next sync
    ids = [str(server[f"{feed.tag} story {i}"]["id"]) for i in (1, 2)]
    ttrss_call(tt, "updateArticle", article_ids=ids[1], mode=0, field=2)  # story 2 read
    ttrss_call(tt, "updateArticle", article_ids=ids[0], mode=0, field=0)  # story 1 unstarred
    ttrss_call(tt, "updateArticle", article_ids=str(server[f"{feed.tag} story 0"]["id"]), mode=1, field=2)
    refresh(h)
    arts = mine(h, feed.tag)
    assert arts[f"{feed.tag} story 2"]["read"] is True
    assert arts[f"{feed.tag} story 1"]["starred"] is False
    assert arts[f"{feed.tag} story 0"]["read"] is False
    assert arts[f"{feed.tag} story 1"]["saved"] is False  # save stays local and untouched
    assert a2 == arts[f"{feed.tag} story 2"]["id"]


def test_only_new_entries_come_at_the_next_sync(tmp_path, tt, feed, monkeypatch):
    # (other test runs may share this server and add entries of their own at any moment: the counts
    # below allow for those, but never for the history being sent again)
    h = make_home(tmp_path / "a", tt, monkeypatch)
    first = refresh(h)["sync"]
    warm = refresh(h)["sync"]
    assert warm["received"] < first["received"] and f"{feed.tag} story 2" in mine(h, feed.tag)
    feed.set([(f"{feed.tag}-{i}", f"{feed.tag} story {i}", "Exports rose 4.2 percent.") for i in range(4)])
    servers("refresh", "ttrss")
    r = refresh(h)["sync"]
    assert 1 <= r["received"] < first["received"]  # since_id: what is new, not the history
    assert f"{feed.tag} story 3" in mine(h, feed.tag)


def test_two_installations_agree(tmp_path, tt, feed, monkeypatch):
    a = make_home(tmp_path / "a", tt, monkeypatch)
    b = make_home(tmp_path / "b", tt, monkeypatch)
    refresh(a), refresh(b)
    ida = {t: x["id"] for t, x in mine(a, feed.tag).items()}
    idb = {t: x["id"] for t, x in mine(b, feed.tag).items()}
    s0, s1 = f"{feed.tag} story 0", f"{feed.tag} story 1"
    a.run("mark", str(ida[s0]), "read")
    a.run("mark", str(ida[s1]), "star")
    refresh(a), refresh(b)
    got = mine(b, feed.tag)
    assert got[s0]["read"] and got[s1]["starred"] and not got[s1]["read"]
    b.run("mark", str(idb[s0]), "unread")
    b.run("mark", str(idb[s1]), "unstar")
    b.run("mark", str(idb[s1]), "read")
    refresh(b), refresh(a)
    got_a, got_b = mine(a, feed.tag), mine(b, feed.tag)
    for t in got_a:
        assert (got_a[t]["read"], got_a[t]["starred"]) == (got_b[t]["read"], got_b[t]["starred"]), t
    assert not got_a[s0]["read"] and got_a[s1]["read"] and not got_a[s1]["starred"]


def test_add_subscribes_on_the_server(tmp_path, tt, monkeypatch):
    h = make_home(tmp_path / "a", tt, monkeypatch)
    tag = uuid.uuid4().hex[:8]
    f = FeedSite(f"Added {tag}")
    try:
        f.set([(f"{tag}-0", f"{tag} added story", "Retail sales rose 3 percent.")])
        url = servers("feed-url", "ttrss", f.url).strip()
        code, out, err = h.run("add", url)
        assert code == 0, err
        assert "subscribed on the server" in out
        assert "Added" not in (h.path / "feeds.toml").read_text()  # the server fetches it, not szreader
        servers("refresh", "ttrss")
        refresh(h)
        assert f"{tag} added story" in mine(h, tag)
        code, out, err = h.run("add", "http://198.18.0.1/nothing-here.xml")
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    finally:
        f.close()
        unsubscribe(tt, f.url)


def test_server_gone_mid_sync_loses_no_mark(tmp_path, tt, feed, monkeypatch):
    h = make_home(tmp_path / "a", tt, monkeypatch)
    refresh(h)
    ids = {t: x["id"] for t, x in mine(h, feed.tag).items()}
    s0, s1, s2 = (f"{feed.tag} story {i}" for i in range(3))
    h.run("mark", str(ids[s0]), "read")
    h.run("mark", str(ids[s1]), "star")
    h.run("mark", str(ids[s2]), "read")
    # a proxy to the server that lets the login and the first mark through, then drops every request
    seen = []

    def allow(path, body):
        seen.append(body)
        return len(seen) <= 2

    proxy = AppServer(forward(root(tt), allow))
    try:
        sync_config(h, "ttrss", proxy.url("/api/"), tt["TTRSS_USER"])
        report = h.json("refresh")
        assert report["sync"]["error"]
        status = h.json("sync", "status")
        assert status["pending"] == 1 and status["last_error"]
        arts = mine(h, feed.tag)  # the local marks stand
        assert arts[s0]["read"] and arts[s1]["starred"] and arts[s2]["read"]
        code, out, _ = h.run("feeds")
        assert out.splitlines()[0].startswith("sync: ttrss") and "error" in out.splitlines()[0]
    finally:
        proxy.close()
    sync_config(h, "ttrss", tt["TTRSS_API_URL"], tt["TTRSS_USER"])
    refresh(h)
    assert h.json("sync", "status")["pending"] == 0
    server = ttrss_headlines(tt, feed.url)
    assert not server[s0]["unread"] and server[s1]["marked"] and not server[s2]["unread"]


def test_kill_9_mid_sync_loses_no_mark(tmp_path, tt, feed, monkeypatch):
    h = make_home(tmp_path / "a", tt, monkeypatch)
    refresh(h)
    ids = {t: x["id"] for t, x in mine(h, feed.tag).items()}
    s0, s1 = f"{feed.tag} story 0", f"{feed.tag} story 1"
    h.run("mark", str(ids[s0]), "read")
    h.run("mark", str(ids[s1]), "star")
    # a proxy that holds every request after the login, so the sync is mid-way when it is killed
    hold = []

    def allow(path, body):
        hold.append(body)
        if len(hold) > 1:
            time.sleep(30)
        return True

    proxy = AppServer(forward(root(tt), allow))
    try:
        sync_config(h, "ttrss", proxy.url("/api/"), tt["TTRSS_USER"])
        env = {**os.environ, "SZREADER_HOME": str(h.path)}
        # its own process group: kill -9 takes the parse workers along (orphans would linger)
        p = subprocess.Popen([sys.executable, "-m", "reader", "sync", "now"], env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while len(hold) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(hold) >= 2, "the sync never reached the server"
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    finally:
        proxy.close()
    assert h.json("sync", "status")["pending"] == 2
    sync_config(h, "ttrss", tt["TTRSS_API_URL"], tt["TTRSS_USER"])
    refresh(h)
    server = ttrss_headlines(tt, feed.url)
    assert not server[s0]["unread"] and server[s1]["marked"]
    assert h.json("sync", "status")["pending"] == 0


def test_a_large_server_reads_only_the_feeds_whose_unread_count_moved(tmp_path, tt, feed, monkeypatch):
    monkeypatch.setattr("reader.sync.ttrss.SMALL", 0)  # this server counts as large: the per-feed path
    h = make_home(tmp_path / "a", tt, monkeypatch)
    refresh(h)
    server = ttrss_headlines(tt, feed.url)
    ttrss_call(tt, "updateArticle", article_ids=str(server[f"{feed.tag} story 1"]["id"]), mode=0, field=2)
    ttrss_call(tt, "updateArticle", article_ids=str(server[f"{feed.tag} story 2"]["id"]), mode=1, field=0)
    r = refresh(h)["sync"]
    arts = mine(h, feed.tag)
    assert arts[f"{feed.tag} story 1"]["read"] and not arts[f"{feed.tag} story 0"]["read"]
    assert arts[f"{feed.tag} story 2"]["starred"]
    # login, feeds, starred, new headlines, and the unread ids of the feeds that moved: this one (and any other
    # test run's that moved meanwhile), not one request per feed
    feeds_on_server = len(ttrss_call(tt, "getFeeds", cat_id=-3))
    assert r["requests"] < 4 + feeds_on_server or r["requests"] <= 6


def test_a_large_server_brings_marks_from_elsewhere_at_every_sync(tmp_path, tt, feed, monkeypatch):
    """More unread than the whole set is worth reading at each sync: the reads of the last day and the unread
    sets of the feeds whose count still differs bring every mark, even a read and an unread in one feed that
    leave its unread count as it was."""
    monkeypatch.setattr("reader.sync.ttrss.SMALL", 0)  # this server counts as large
    h = make_home(tmp_path / "a", tt, monkeypatch)
    refresh(h)
    s0, s1 = f"{feed.tag} story 0", f"{feed.tag} story 1"
    h.run("mark", str(mine(h, feed.tag)[s0]["id"]), "read")
    refresh(h)  # sent: story 0 is read on the server
    server = ttrss_headlines(tt, feed.url)
    assert not server[s0]["unread"]
    ttrss_call(tt, "updateArticle", article_ids=str(server[s0]["id"]), mode=1, field=2)  # elsewhere: unread
    ttrss_call(tt, "updateArticle", article_ids=str(server[s1]["id"]), mode=0, field=2)  # and read
    r = refresh(h)["sync"]
    arts = mine(h, feed.tag)
    assert not arts[s0]["read"] and arts[s1]["read"] and r["state_changes"] >= 2
