"""The outbox and the sync's writes in the store, the [sync] settings and the secret (no server needed)."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from reader.config import SyncConfig, load_settings
from reader.errors import ConfigError
from reader.model import ParsedEntry
from reader.store import FeedUpdate, Store, StoredEntry
from reader.sync import credentials
from reader.sync.base import RemoteFeed
from reader.sync.http import SyncError
from sync_helpers import AppServer, sync_config, ttrss_fake


def synced_store(tmp_path, keys=("101", "102", "103")) -> tuple[Store, dict[str, int]]:
    st = Store.open(tmp_path / "db.sqlite")
    fid = st.sync_sources("ttrss:", [RemoteFeed("7", "Server feed", "http://x.example/f.xml", tags=("Economy",))])["7"]
    entries = [StoredEntry(ParsedEntry(key=k, url="", title=f"t{k}", author="", published=None, summary="s",
                                       content="")) for k in keys]
    st.apply_synced([FeedUpdate(feed_id=fid, entries=entries)], [(fid, k, 0, 0) for k in keys], {"since_id": 103})
    ids = {r["key"]: r["id"] for r in st.conn.execute("SELECT key, id FROM articles")}
    return st, ids


def flags(st: Store) -> dict[str, tuple[int, int]]:
    return {r[0]: (r[1], r[2]) for r in st.conn.execute("SELECT key, read, starred FROM articles")}


def test_server_sources_carry_categories_as_tags_and_the_cursor_is_kept(tmp_path):
    st, _ = synced_store(tmp_path)
    f = st.feeds()[0]
    assert (f["name"], json.loads(f["tags"]), f["remote_id"]) == ("Server feed", ["Economy"], "ttrss:7")
    assert st.sync_state()["cursor"] == {"since_id": 103}


def test_a_mark_on_a_synced_article_is_queued_with_it(tmp_path):
    st, ids = synced_store(tmp_path)
    st.mark([ids["101"]], "read")
    st.mark([ids["102"]], "star")
    st.mark([ids["103"]], "save")  # saved stays local
    assert [(r[0], r[1], r[2]) for r in st.outbox_pending()] == [("101", "read", 1), ("102", "starred", 1)]
    st.mark_feed_read(None)
    assert {(r[0], r[1]) for r in st.outbox_pending()} == {("101", "read"), ("102", "read"), ("103", "read"),
                                                           ("102", "starred")}


def test_a_mark_and_its_outbox_row_commit_together(tmp_path):
    st, ids = synced_store(tmp_path)
    st.conn.execute("CREATE TRIGGER fail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.DatabaseError):
        st.mark([ids["101"]], "read")
    assert flags(st)["101"] == (0, 0)  # no local change without its outbox row


def test_marks_on_feeds_toml_articles_are_not_queued(home, site):
    home.feeds([{"name": "City", "url": site.url("/city.xml"), "full_text": False}])
    home.run("refresh")
    a = home.json("list")[0]
    home.run("mark", str(a["id"]), "read")
    assert home.json("sync", "status")["pending"] == 0


def test_the_latest_mark_is_sent_and_a_mark_made_during_the_send_stays(tmp_path):
    st, ids = synced_store(tmp_path)
    st.mark([ids["101"]], "read")
    st.mark([ids["101"]], "unread")
    pending = st.outbox_pending()
    assert [(r[0], r[1], r[2]) for r in pending] == [("101", "read", 0)]
    st.mark([ids["101"]], "read")  # made while the first was on its way
    st.outbox_accepted([(r[0], r[1], r[3]) for r in pending])
    assert [(r[0], r[1], r[2]) for r in st.outbox_pending()] == [("101", "read", 1)]
    assert st.outbox_count() == 1


def test_server_state_follows_except_where_a_local_mark_is_pending(tmp_path):
    st, ids = synced_store(tmp_path)
    st.mark([ids["101"]], "read")  # offline
    st.apply_server_state(unread={"101", "102"}, starred={"103"}, scope=None)
    assert flags(st) == {"101": (1, 0), "102": (0, 0), "103": (1, 1)}
    st.outbox_accepted([(r[0], r[1], r[3]) for r in st.outbox_pending()])
    st.apply_server_state(unread={"101"}, starred=set(), scope={"101"})
    assert flags(st)["101"] == (0, 0) and flags(st)["103"] == (1, 1)  # outside the scope: untouched


def test_feeds_toml_does_not_retire_server_sources_and_a_name_clash_is_resolved(tmp_path):
    from reader.config import FeedSpec

    st, _ = synced_store(tmp_path)
    st.sync_feeds([FeedSpec(name="Server feed", url="http://direct.example/feed.xml")])
    rows = {r["name"]: r for r in st.feeds()}
    assert rows["Server feed"]["remote_id"] is None
    assert rows["Server feed (server)"]["remote_id"] == "ttrss:7" and rows["Server feed (server)"]["active"]


def test_a_source_the_server_dropped_goes_inactive_and_keeps_its_articles(tmp_path):
    st, ids = synced_store(tmp_path)
    st.sync_sources("ttrss:", [])
    assert st.feeds() == [] and st.count() == 3


# ---- settings and the secret --------------------------------------------------------------------------------
def write_config(home, text: str, mode: int) -> None:
    p = home.path / "config.toml"
    p.write_text(text)
    os.chmod(p, mode)


def test_a_password_in_a_readable_config_is_refused_with_the_reason(home):
    write_config(home, '[sync]\nservice = "fever"\nurl = "http://x.example/fever/"\nuser = "ana"\npassword = "pw"\n', 0o644)
    code, out, err = home.run("sync", "status")
    assert code == 2 and err.count("\n") == 1
    assert "other users can read" in err and "chmod 600" in err
    os.chmod(home.path / "config.toml", 0o600)
    assert load_settings(home.path / "config.toml").sync.password == "pw"


@pytest.mark.parametrize("table, expected", [
    ('service = "rss"\nurl = "http://x.example/"', "service must be one of"),
    ('service = "ttrss"\nurl = "file:///etc/passwd"\nuser = "a"', "not an http(s) URL"),
    ('service = "ttrss"\nurl = "http://x.example/"', "user is required"),
])
def test_bad_sync_settings_are_one_line(home, table, expected):
    write_config(home, f"[sync]\n{table}\n", 0o600)
    code, out, err = home.run("refresh")
    assert code == 2 and expected in err and err.count("\n") == 1


def test_password_command_runs_without_a_shell_and_fails_in_one_line(monkeypatch):
    monkeypatch.delenv("SZREADER_SYNC_PASSWORD", raising=False)
    cfg = SyncConfig("ttrss", "http://x.example/", "ana", password_command="printf 'se cret\\nsecond line'")
    assert credentials.account(cfg).secret == "se cret"
    with pytest.raises(SyncError, match="failed \\(exit status 1\\)"):
        credentials.account(SyncConfig("ttrss", "http://x.example/", "ana", password_command="false"))
    with pytest.raises(SyncError, match="command not found"):
        credentials.account(SyncConfig("ttrss", "http://x.example/", "ana", password_command="no-such-cmd-xyz"))
    token = SyncConfig("miniflux", "http://x.example/", token_command="echo tok")
    assert credentials.account(token).token and credentials.account(token).secret == "tok"
    assert "tok" not in repr(credentials.account(token))
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "from-env")
    assert credentials.account(cfg).secret == "from-env"


def test_the_secret_is_never_written(home, monkeypatch):
    secret = "Zq9-not-to-be-written-7"
    logins = []

    def app(method, path, headers, body):
        logins.append(body)
        return 200, {}, json.dumps({"status": 1, "content": {"error": "LOGIN_ERROR"}}).encode()

    server = AppServer(app)
    try:
        sync_config(home, "ttrss", server.url("/api/"), "ana")
        with open(home.path / "config.toml", "a") as f:
            f.write(f'password_command = "echo {secret}"\n')
        home.run("refresh")
        home.run("sync", "status")
    finally:
        server.close()
    assert any(secret.encode() in b for b in logins)  # it was used ...
    for p in home.path.rglob("*"):  # ... and is in no file szreader wrote
        if p.is_file() and p.name != "config.toml":
            assert secret.encode() not in p.read_bytes(), p


def test_full_text_fetches_the_pages_of_synced_entries(home, site, monkeypatch):
    headline = {"id": 9, "feed_id": 1, "title": "Fintech", "link": site.url("/articles/fintech.html"),
                "content": "<p>Short summary.</p>", "unread": True, "marked": False, "updated": 1700000000}
    server = AppServer(ttrss_fake([headline], [{"id": 1, "title": "Server", "feed_url": "http://x.example/f", "cat_id": 0}]))
    try:
        sync_config(home, "ttrss", server.url("/api/"), "ana", )
        with open(home.path / "config.toml", "a") as f:
            f.write("full_text = true\n")
        monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "pw")
        assert home.json("refresh")["sync"]["error"] is None
    finally:
        server.close()
    [a] = home.json("list")
    shown = home.json("show", str(a["id"]))
    assert shown["text_status"] == "page" and shown["writer"]
