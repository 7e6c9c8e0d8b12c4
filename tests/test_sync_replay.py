"""The Google Reader clients (FreshRSS, Miniflux) and the Miniflux REST client against replays of real
recorded exchanges (tests/sync_replay.py: a replay answers nothing its recording does not show)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from sync_helpers import sync_config
from sync_replay import GReaderReplay, MinifluxReplay

GREADER = {"freshrss-greader.json": ("<API_PASSWORD>", "Uncategorized"),
           "miniflux-greader.json": ("<GREADER_PASSWORD>", "Farm")}


@pytest.fixture(params=list(GREADER))
def greader(request, home, monkeypatch):
    replay = GReaderReplay(request.param)
    password, folder = GREADER[request.param]
    sync_config(home, "greader", replay.url, "alice")
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", password)
    replay.folder = folder
    yield replay
    replay.close()
    assert replay.unrecorded == [], replay.unrecorded


def sync(home) -> dict:
    r = home.json("refresh")["sync"]
    assert r["error"] is None, r
    return r


def by_key(home) -> dict[str, dict]:
    st = home.store()
    keys = {r[0]: r[1] for r in st.conn.execute("SELECT id, key FROM articles")}
    return {keys[a["id"]]: a for a in home.json("list", "--limit", "1000")}


def other_client_edit(replay: GReaderReplay, item: str, tag: str, add: bool = True) -> None:
    """Another app marks an item through the same API (edit-tag, as recorded)."""
    form = [("T", replay.token), ("i", item), ("a" if add else "r", f"user/-/state/com.google/{tag}")]
    req = urllib.request.Request(replay.url + "/reader/api/0/edit-tag", urllib.parse.urlencode(form).encode(),
                                 {"Authorization": "GoogleLogin auth=<AUTH>"})
    assert urllib.request.urlopen(req).read() == b"OK"


def test_greader_pulls_sources_with_folders_entries_and_figures(home, greader):
    r = sync(home)
    visible = greader.visible()
    assert r["new"] == len(visible) > 0
    feeds = {f["name"] for f in home.json("feeds")}
    assert {"Farm feed 0", "Farm feed 1", "Farm feed 2"} <= feeds
    st = home.store()
    assert {json.loads(t[0])[0] for t in st.conn.execute("SELECT tags FROM feeds WHERE remote_id IS NOT NULL")} \
        == {greader.folder}
    a = by_key(home)[visible[0]]
    shown = home.json("show", str(a["id"]))
    assert "percent" in shown["text"] and shown["figures"]
    # a first sync of n entries costs one contents request per 100 ids, plus login, token, lists and ids
    assert r["requests"] <= 6 + (len(visible) + 99) // 100


def test_greader_marks_travel_both_ways(home, greader):
    sync(home)
    ids = greader.visible()
    arts = by_key(home)
    home.run("mark", str(arts[ids[0]]["id"]), "read")
    home.run("mark", str(arts[ids[1]]["id"]), "star")
    home.run("mark", str(arts[ids[2]]["id"]), "read")
    r = sync(home)
    assert r["pushed"] == 3
    assert greader.read == {ids[0], ids[2]} and greader.starred == {ids[1]}
    other_client_edit(greader, ids[2], "read", add=False)
    other_client_edit(greader, ids[3], "starred")
    r = sync(home)
    arts = by_key(home)
    assert not arts[ids[2]]["read"] and arts[ids[3]]["starred"] and arts[ids[0]]["read"] and arts[ids[1]]["starred"]


def test_greader_warm_sync_costs_at_most_4_requests(home, greader):
    sync(home)
    warm = sync(home)
    assert warm["new"] == 0 and warm["received"] == 0
    assert warm["requests"] <= 4


def test_greader_brings_the_recorded_feed_update(home, greader):
    sync(home)
    before = set(greader.visible())
    greader.feed_update()
    late = set(greader.visible()) - before
    assert late
    r = sync(home)
    assert r["new"] == len(late) and late <= set(by_key(home))


def test_greader_offline_marks_survive_a_server_that_refuses_them(home, greader, monkeypatch):
    sync(home)
    ids = greader.visible()
    home.run("mark", str(by_key(home)[ids[0]]["id"]), "read")
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "wrong-password")
    r = home.json("refresh")["sync"]
    assert r["error"] == "Google Reader: the server refused the user name or password"
    assert by_key(home)[ids[0]]["read"] and home.json("sync", "status")["pending"] == 1
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", GREADER[greader.rec and
                                                         ("freshrss-greader.json" if greader.freshrss
                                                          else "miniflux-greader.json")][0])
    sync(home)
    assert ids[0] in greader.read and home.json("sync", "status")["pending"] == 0


def test_greader_add_subscribes_on_the_server(home, greader):
    code, out, err = home.run("add", "http://feeds.example/feeds/3.xml")
    assert code == 0 and "subscribed on the server" in out, err
    code, out, err = home.run("add", "http://feeds.example/feeds/999.xml")
    assert code == 2 and err.count("\n") == 1
    sync(home)  # the recorded list after the quickadd: the new feed is there (renamed by the recording's next step)
    assert len(home.json("feeds")) == 4


# ---- Miniflux REST -----------------------------------------------------------------------------------------
@pytest.fixture
def miniflux(home):
    replay = MinifluxReplay()
    (home.path / "config.toml").write_text(
        f'[fetch]\ntimeout = 5\n[sync]\nservice = "miniflux"\nurl = "{replay.url}"\n'
        'token_command = "printf <API_KEY>"\n')
    yield replay
    replay.close()
    assert replay.unrecorded == [], replay.unrecorded


def test_miniflux_pull_marks_and_updates(home, miniflux, monkeypatch):
    monkeypatch.delenv("SZREADER_SYNC_PASSWORD", raising=False)
    r = sync(home)
    visible = [str(e["id"]) for e in miniflux.visible()]
    assert r["new"] == len(visible) > 0
    assert r["requests"] <= 2 + (len(visible) + 99) // 100 + 1
    arts = by_key(home)
    home.run("mark", str(arts[visible[0]]["id"]), "read")
    home.run("mark", str(arts[visible[1]]["id"]), "star")
    assert sync(home)["pushed"] == 2
    assert miniflux.entries[int(visible[0])]["status"] == "read" and miniflux.entries[int(visible[1])]["starred"]
    miniflux.set_elsewhere(int(visible[2]), status="read")
    miniflux.set_elsewhere(int(visible[1]), starred=False)
    warm = sync(home)
    assert warm["requests"] <= 4 and warm["new"] == 0
    arts = by_key(home)
    assert arts[visible[2]]["read"] and not arts[visible[1]]["starred"] and arts[visible[0]]["read"]
    miniflux.feed_update()
    late = [str(e["id"]) for e in miniflux.visible()][len(visible):]
    assert late and sync(home)["new"] == len(late)


def test_miniflux_wrong_token_is_one_line(home, miniflux):
    (home.path / "config.toml").write_text((home.path / "config.toml").read_text().replace("<API_KEY>", "nope"))
    r = home.json("refresh")["sync"]
    assert r["error"] == "Miniflux feeds: the server refused the credentials (HTTP 401)"


# ---- Fever (FreshRSS: ids as 16-digit strings; Miniflux: integers) -----------------------------------------------
@pytest.fixture(params=["freshrss-fever.json", "miniflux-fever.json"])
def fever(request, home, monkeypatch):
    from sync_replay import FeverReplay

    replay = FeverReplay(request.param)
    sync_config(home, "fever", replay.url, "alice")
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "pw")
    # the recording's key is md5(user:password) = <API_KEY>: make the client send exactly that
    monkeypatch.setattr("reader.sync.fever.Fever._key", lambda self: "<API_KEY>")
    yield replay
    replay.close()
    assert replay.unrecorded == [], replay.unrecorded


def test_fever_recordings_pull_mark_and_update(home, fever):
    r = sync(home)
    visible = [str(k) for k in fever.visible()]
    assert r["new"] == len(visible) > 0
    assert r["requests"] <= 5 + (len(visible) + 49) // 50  # login, groups, feeds, 2 id sets; items 50 a call
    arts = by_key(home)
    home.run("mark", str(arts[visible[0]]["id"]), "read")
    home.run("mark", str(arts[visible[1]]["id"]), "star")
    assert sync(home)["pushed"] == 2
    assert fever.read == {int(visible[0])} and fever.saved == {int(visible[1])}
    fever.read.add(int(visible[2]))  # marked elsewhere (the recorded mark=item as=read)
    fever.feed_update()
    late = [str(k) for k in fever.visible()][len(visible):]
    r = sync(home)
    assert r["new"] == len(late) > 0
    assert by_key(home)[visible[2]]["read"]
