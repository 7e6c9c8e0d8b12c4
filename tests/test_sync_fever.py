"""Sync against a real Fever API server (Coldsweat, ../shared/sync/servers.sh up fever)."""

from __future__ import annotations

import uuid

import pytest

from conftest import Home
from sync_helpers import FeedSite, fever_call, server_env, servers, sync_config


@pytest.fixture(scope="module")
def fv():
    return server_env("fever")


@pytest.fixture
def feed(fv):
    tag = uuid.uuid4().hex[:8]
    f = FeedSite(f"Bay {tag}")
    f.tag = tag
    f.set([(f"{tag}-{i}", f"{tag} story {i}", f"Guangzhou's exports rose {i + 2}.5 percent to 1.1 trillion yuan.")
           for i in range(3)])
    servers("subscribe", "fever", f.url)
    yield f
    f.close()


def make_home(path, fv, monkeypatch) -> Home:
    path.mkdir(exist_ok=True)
    h = Home(path)
    sync_config(h, "fever", fv["FEVER_URL"], fv["FEVER_USER"])
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", fv["FEVER_PASSWORD"])
    return h


def refresh(h: Home) -> dict:
    report = h.json("refresh")
    assert report["sync"]["error"] is None, report["sync"]
    return report


def mine(h: Home, tag: str) -> dict[str, dict]:
    return {a["title"]: a for a in h.json("list", "--limit", "100000") if a["title"].startswith(tag)}


def server_items(fv, tag: str) -> dict[str, dict]:
    out, since = {}, 0
    while True:
        items = fever_call(fv, f"items&since_id={since}")["items"]
        if not items:
            return out
        out.update({i["title"]: i for i in items if i["title"].startswith(tag)})
        since = max(int(i["id"]) for i in items)


def test_pull_and_marks_both_ways(tmp_path, fv, feed, monkeypatch):
    h = make_home(tmp_path / "a", fv, monkeypatch)
    refresh(h)
    arts = mine(h, feed.tag)
    assert len(arts) == 3 and not any(a["read"] for a in arts.values())
    feeds = {f["name"]: f for f in h.json("feeds")}
    assert f"Bay {feed.tag}" in feeds
    s0, s1, s2 = (f"{feed.tag} story {i}" for i in range(3))
    h.run("mark", str(arts[s0]["id"]), "read")
    h.run("mark", str(arts[s1]["id"]), "star")
    assert refresh(h)["sync"]["pushed"] == 2
    server = server_items(fv, feed.tag)
    assert server[s0]["is_read"] == 1 and server[s1]["is_saved"] == 1 and server[s2]["is_read"] == 0
    fever_call(fv, "", {"mark": "item", "as": "read", "id": str(server[s2]["id"])})
    fever_call(fv, "", {"mark": "item", "as": "unsaved", "id": str(server[s1]["id"])})
    warm = refresh(h)["sync"]
    first = len(server_items(fv, ""))
    assert warm["received"] < first  # since_id: the history is not sent again (other runs may add entries)
    arts = mine(h, feed.tag)
    assert arts[s2]["read"] and not arts[s1]["starred"] and arts[s0]["read"]


def test_new_items_arrive_by_since_id(tmp_path, fv, feed, monkeypatch):
    h = make_home(tmp_path / "a", fv, monkeypatch)
    refresh(h)
    feed.set([(f"{feed.tag}-{i}", f"{feed.tag} story {i}", "Imports fell 1.5 percent.") for i in range(4)])
    servers("refresh", "fever")
    r = refresh(h)["sync"]
    assert r["new"] >= 1 and f"{feed.tag} story 3" in mine(h, feed.tag)


def test_add_says_fever_cannot_subscribe(tmp_path, fv, monkeypatch):
    h = make_home(tmp_path / "a", fv, monkeypatch)
    code, out, err = h.run("add", "http://127.0.0.1:9/feed.xml", "--name", "direct")
    assert code == 0
    assert "cannot subscribe" in err
    assert "direct" in (h.path / "feeds.toml").read_text()  # fetched directly instead
