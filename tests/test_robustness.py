"""Issue 13 (6-11) and issue 12 (1, 15-17) from the command line: settings, files, the database, bad input,
JSON Feed items of every wrong type, and the small promises of the CLI. Every failure is one line and its
exit code (2 input, 3 nothing refreshed, 4 database, 5 locked, 6 cannot write, 7 missing module)."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import Home
from reader import cli
from reader.parse import parse_feed
from reader.store import connection

DEMO = {"name": "Demo", "url": "http://demo.szreader.invalid/feed.xml", "full_text": False}


def new_home(path: Path) -> Home:
    path.mkdir(parents=True, exist_ok=True)
    return Home(path)


def one_line(err: str) -> bool:
    return len(err.strip().splitlines()) == 1 and "Traceback" not in err


# ---- settings (13.8, 12.16) -------------------------------------------------------------------------------
@pytest.mark.parametrize("config, words", [
    ("[fetch]\nconcurrency = 0", "[fetch]: concurrency = 0 is out of range (1 to 1000)"),
    ("[fetch]\nconcurrency = -1", "concurrency = -1 is out of range"),
    ("[fetch]\nconcurrency = 1e400", "concurrency must be a whole number from 1 to 1000, not float"),
    ("[fetch]\nper_host = 0", "per_host = 0 is out of range"),
    ("[fetch]\nper_host = -5", "per_host = -5 is out of range"),
    ("[fetch]\ntimeout = nan", "timeout = nan is out of range"),
    ("[fetch]\ntimeout = inf", "timeout = inf is out of range"),
    ("[fetch]\ntimeout = -1", "timeout = -1 is out of range"),
    ("[fetch]\ntimeout = 'soon'", "timeout must be a number"),
    ("[fetch]\nmax_bytes = true", "max_bytes must be a whole number"),
    ("auto_refresh_minutes = 0.01", "auto_refresh_minutes = 0.01 is out of range (0 (off) or 5 to 10080)"),
    ("auto_refresh_minutes = -3", "auto_refresh_minutes = -3 is out of range"),
    ("full_txt = true", "unknown key 'full_txt'"),
    ("[fetch]\ntimeuot = 3", "[fetch]: unknown key 'timeuot'"),
    ("fetch = 3", "[fetch] must be a table"),
    ("[keys]\nstar = 5", "[keys] star must be a key name"),
    ("inline_tags = 1", "inline_tags must be true or false"),
])
def test_every_setting_is_checked_with_its_key_type_and_range(home, config, words):
    (home.path / "config.toml").write_text(config)
    home.feeds([DEMO])
    code, out, err = home.run("refresh")
    assert code == 2 and words in err and one_line(err), err


@pytest.mark.parametrize("feeds, words", [
    ('[[feed]]\nname = "a"\nurl = "http://a.example/"', "unknown key 'feed' (subscriptions are [[feeds]] tables)"),
    ('[[feeds]]\nname = "a"\nurl = "http://a.example/"\nfull_txt = false', "feed 'a': unknown key 'full_txt'"),
    ('[[feeds]]\nname = "a"\nurl = "http://a.example/"\nkeep_days = 1000000000000000', "keep_days = 1000000000000000 is out of range"),
    ('[[feeds]]\nname = "a"\nurl = "http://a.example/"\nkeep_days = 1e15', "keep_days must be a whole number"),
    ('[[feeds]]\nname = "a"\nurl = "http://a.example:99999/"', "Port out of range"),
    ('[[feeds]]\nname = "a"\nurl = "http://[::1"', "Invalid IPv6 URL"),
    ('[[feeds]]\nname = "a"\nurl = "http://a.example/"\nitem = 3', "item must be a CSS selector"),
])
def test_unknown_keys_and_impossible_values_in_feeds_toml_are_named(home, feeds, words):
    (home.path / "feeds.toml").write_text(feeds)
    code, out, err = home.run("feeds")
    assert code == 2 and words in err and one_line(err), err


def test_unknown_key_ids_are_refused_before_the_tui_starts(home):
    (home.path / "config.toml").write_text('[keys]\nstra = "x"\n')
    code, out, err = home.run()
    assert code == 2 and "[keys]: unknown key 'stra'" in err and "star" in err and one_line(err)


def test_a_good_config_still_loads(home):
    (home.path / "config.toml").write_text('auto_refresh_minutes = 30\ninline_tags = true\n[keys]\nstar = "x"\n'
                                           '[fetch]\ntimeout = 2.5\n'
                                           "concurrency = 8\nper_host = 2\n")
    home.feeds([DEMO])
    assert home.run("refresh")[0] == 0


# ---- files written whole (13.7) ---------------------------------------------------------------------------
def test_a_full_disk_during_add_leaves_feeds_toml_as_it_was(home, monkeypatch):
    home.feeds([DEMO])
    before = (home.path / "feeds.toml").read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, out, err = home.run("add", "http://127.0.0.1:9/feed.xml")
    last = err.strip().splitlines()[-1]  # (before it, add says it could not look for feeds at that address)
    assert code == 6 and "No space left on device" in last and "unchanged" in last and "Traceback" not in err
    assert (home.path / "feeds.toml").read_bytes() == before
    assert sorted(p.name for p in home.path.iterdir()) == ["config.toml", "feeds.toml"]  # no temporary file left
    monkeypatch.undo()
    assert home.run("feeds")[0] == 0


# ---- the database (13.6, 13.9) ----------------------------------------------------------------------------
def _damage(db: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk would."""
    data = bytearray(db.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    assert middle > 10
    data[middle * page:(middle + 3) * page] = bytes(range(256)) * (3 * page // 256)
    db.write_bytes(bytes(data))


@pytest.fixture
def filled(home, site):
    """A home with a few hundred articles (so the database spans many pages)."""
    site.routes["/many.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
        '<rss version="2.0"><channel><title>Many</title>' + "".join(
            f"<item><title>Item {i}</title><guid>m{i}</guid><description>Exports climbed {i}.5 percent to {i} "
            f"billion yuan in the year to June, the {i}th month of growth.</description></item>"
            for i in range(300)) + "</channel></rss>").encode())
    home.feeds([{"name": "Many", "url": site.url("/many.xml"), "full_text": False}])
    assert home.run("refresh")[0] == 0
    return home


def test_a_damaged_database_is_refused_before_any_write_and_can_be_recovered(filled, tmp_path):
    home = filled
    db = home.path / "szreader.db"
    assert home.run("db", "check") == (0, f"{db}: ok\n", "")
    _damage(db)
    for args in (["mark", "1", "read"], ["list"], ["refresh"]):
        code, out, err = home.run(*args)
        assert code == 4 and "is damaged" in err and "db recover" in err and one_line(err), (args, err)
    code, out, err = home.run("db", "check")
    assert code == 4 and "damaged" in out
    code, out, err = home.run("db", "recover", str(tmp_path / "new.db"))
    assert code == 0 and ("sqlite3 .recover" in out or "row-by-row copy" in out), err
    new = sqlite3.connect(tmp_path / "new.db")
    assert new.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < new.execute("SELECT count(*) FROM articles").fetchone()[0] <= 300
    assert new.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'exports'").fetchone()[0] > 0
    code, out, err = home.run("db", "recover", str(tmp_path / "new.db"))
    assert code == 2 and "already exists" in err


def test_recovery_without_the_sqlite3_program_copies_row_by_row(filled, tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    filled.run("db", "check")
    _damage(filled.path / "szreader.db")
    code, out, err = filled.run("db", "recover", str(tmp_path / "copy.db"), "--json")
    report = json.loads(out)
    assert code == 0 and report["method"].startswith("row-by-row") and 0 < report["rows"]["articles"] <= 300
    moved = new_home(tmp_path / "moved")
    os.replace(tmp_path / "copy.db", moved.path / "szreader.db")
    moved.feeds([{"name": "Many", "url": "http://127.0.0.1:9/many.xml", "full_text": False}])
    assert moved.run("list")[0] == 0 and moved.run("search", "exports")[0] == 0


@pytest.mark.parametrize("content, words", [
    (b"garbage " * 1000, "is not an szreader database"),
    (b"", None),  # an empty file is a new database
])
def test_a_file_that_is_not_a_database_is_one_line(home, content, words):
    (home.path / "szreader.db").write_bytes(content)
    code, out, err = home.run("list")
    if words is None:
        assert code == 0
    else:
        assert code == 4 and words in err and one_line(err)


def test_a_database_from_a_newer_szreader_is_refused(filled):
    c = sqlite3.connect(filled.path / "szreader.db")
    c.execute("PRAGMA user_version = 99")
    c.commit()
    c.close()
    code, out, err = filled.run("list")
    assert code == 4 and "newer szreader (schema 99" in err and one_line(err)


def test_a_full_disk_is_one_line_and_changes_nothing(filled, monkeypatch):
    """SQLITE_FULL, as a full disk gives it: the database may not grow by a page."""
    original = connection.Database._prepare

    def no_room(self, migrate):
        original(self, migrate)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(connection.Database, "_prepare", no_room)
    site_feed = filled.json("feeds")[0]
    filled.feeds([{"name": "Many", "url": site_feed["url"], "full_text": False},
                  {"name": "Big", "url": "http://demo.szreader.invalid/feed.xml"}])
    code, out, err = filled.run("refresh")
    assert code == 6 and "disk is full" in err and one_line(err), (out, err)
    ids = [str(a["id"]) for a in filled.json("list", "--limit", "300")]
    code, out, err = filled.run("mark", *ids, "save")
    assert code in (0, 6) and (code == 0 or ("disk is full" in err and one_line(err)))


def test_a_write_lock_held_elsewhere_is_waited_for_visibly_then_one_line(filled, monkeypatch):
    monkeypatch.setattr(connection, "LOCK_WAIT", 2.0)
    monkeypatch.setattr(connection, "LOCK_NOTICE_AFTER", 0.2)
    other = sqlite3.connect(filled.path / "szreader.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = filled.run("mark", "1", "read")
    finally:
        other.execute("ROLLBACK")
        other.close()
    lines = err.strip().splitlines()
    assert code == 5 and len(lines) == 2 and "Traceback" not in err
    assert "waiting for another szreader process" in lines[0] and "locked by another process" in lines[1]
    assert filled.run("mark", "1", "read")[0] == 0  # once it is free, the same command works


# ---- bad input (13.9) ------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, words", [
    (["add", "http://[::1"], "not a valid URL (Invalid IPv6 URL)"),
    (["add", "http://a.example:99999/"], "Port out of range"),
    (["show", str(2 ** 63)], "no article with id 9223372036854775808"),
    (["show", str(2 ** 70)], "ids are whole numbers from 1 to"),
    (["mark", str(2 ** 63), "read"], "no article with id"),
    (["mark", "-1", "read"], "no article with id -1"),
    (["list", "--limit", "99999999999999999999"], "--limit: must be from 1 to 1,000,000"),
    (["list", "--limit", "0"], "--limit: must be from 1 to 1,000,000"),
    (["search", "x", "--limit", "99999999999999999999"], "--limit: must be from 1 to 1,000,000"),
    (["mark", "1", "read", "2"], "usage: szreader mark"),
    (["db", "recover"], "usage: szreader db recover NEW.db"),
])
def test_bad_input_is_one_line_not_a_traceback(filled, args, words):
    code, out, err = filled.run(*args)
    assert code == 2 and words in err and one_line(err), err


def test_an_opml_nested_5000_deep_imports_without_recursion(home, tmp_path):
    opml = tmp_path / "deep.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>' + '<outline text="f">' * 5000
                    + '<outline text="Deep" xmlUrl="http://deep.example/rss"/>' + "</outline>" * 5000
                    + '<outline text="Shallow" xmlUrl="http://shallow.example/rss"/></body></opml>')
    code, out, err = home.run("import", str(opml), "--json")
    assert code == 0, err
    imported = json.loads(out)["imported"]
    assert [f["name"] for f in imported] == ["Deep", "Shallow"] and imported[0]["tags"] == ["f"]


def test_opml_titles_and_folders_are_capped(home, tmp_path):
    opml = tmp_path / "big.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>' + "".join(
        f'<outline text="folder {i} {"y" * 100}">' for i in range(30)) + f'<outline text="{"x" * 5_000_000}" '
        'xmlUrl="http://big.example/rss"/>' + "</outline>" * 30 + "</body></opml>")
    code, out, err = home.run("import", str(opml), "--json")
    assert code == 0, err
    feed = json.loads(out)["imported"][0]
    assert len(feed["name"]) <= 200 and len(feed["tags"]) == 20 and all(len(t) <= 64 for t in feed["tags"])
    assert (home.path / "feeds.toml").stat().st_size < 10_000
    assert home.run("feeds")[0] == 0


# ---- what one article may carry (13.3) --------------------------------------------------------------------
def test_no_stored_row_is_huge_whatever_the_feed_sends(home, site):
    sentence = "Exports rose 5.2 percent to 3.68 trillion yuan. "
    site.routes["/fat.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
        '<rss version="2.0"><channel><title>' + "T" * 100_000 + "</title><item><title>" + "t" * 2_000_000
        + "</title><guid>fat</guid><description>" + sentence * 20_000 + "</description></item></channel></rss>"
    ).encode())
    (home.path / "config.toml").write_text("[fetch]\ntimeout = 10\nmax_bytes = 8388608\n")
    home.feeds([{"name": "Fat", "url": site.url("/fat.xml"), "full_text": False}])
    assert home.run("refresh")[0] == 0
    assert home.run("analyse")[0] == 0
    c = home.store().conn
    title, summary, content = c.execute("SELECT length(title), length(summary), length(content) FROM articles").fetchone()
    assert title <= 500 and summary <= 20_000 and content <= 500_000
    assert c.execute("SELECT count(*) FROM figures").fetchone()[0] == 500
    assert c.execute("SELECT length(title) FROM feeds").fetchone()[0] <= 500


# ---- JSON Feed (13.11) -----------------------------------------------------------------------------------
GOOD_ITEMS = [{"id": f"g{i}", "title": f"Good {i}", "url": f"http://a.example/{i}", "content_text": "text"}
              for i in range(3)]


def _json_feed(items) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}).encode()


def test_one_bad_json_feed_item_is_skipped_not_the_feed():
    bad = {"id": "b", "title": "Bad", "authors": {"name": "An object, not a list"}}
    feed = parse_feed(_json_feed([*GOOD_ITEMS[:1], bad, *GOOD_ITEMS[1:]]), "http://a.example/feed.json")
    assert [e.title for e in feed.entries] == ["Good 0", "Bad", "Good 1", "Good 2"]
    assert feed.entries[1].author == "An object, not a list"


ANY_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
                        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                        max_leaves=8)
FIELDS = ["id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "date_published",
          "date_modified", "author", "authors", "tags", "language", "attachments"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), ANY_JSON, max_size=8), st.sampled_from(["title", "items", "home_page_url"]),
       ANY_JSON)
def test_json_feed_fields_of_any_type_cost_at_most_their_item(item, top_field, top_value):
    doc = json.loads(_json_feed([GOOD_ITEMS[0], item, GOOD_ITEMS[1]]))
    if top_field != "items":
        doc[top_field] = top_value
    feed = parse_feed(json.dumps(doc).encode(), "http://a.example/feed.json")
    titles = [e.title for e in feed.entries]
    assert "Good 0" in titles and "Good 1" in titles
    assert all(isinstance(e.title, str) and isinstance(e.author, str) and isinstance(e.url, str) for e in feed.entries)


# ---- issue 12: refreshing some feeds, first run, export (12.1, 12.17) --------------------------------------
def test_refreshing_one_feed_never_changes_which_feeds_exist(home, site):
    home.feeds([DEMO, {"name": "Bay", "url": site.url("/city.xml"), "full_text": False}])
    assert home.run("refresh", "--feed", "Bay")[0] == 0
    assert home.run("refresh", "--demo")[0] == 0  # what `make run` does
    store = home.store()
    assert [f["name"] for f in store.feeds()] == ["Demo", "Bay"]  # the store's own view: both still active
    assert {a["feed"] for a in home.json("list", "--limit", "100")} == {"Demo", "Bay"}


def test_make_run_works_when_the_demo_feed_is_removed(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml"), "full_text": False}])
    code, out, err = home.run("refresh", "--demo")
    assert code == 0 and "Refreshed 0 of 0" in out and not site.requests


def test_a_new_subscription_is_listed_before_its_first_fetch(home, site):
    assert home.run("add", site.url("/city.xml"), "--name", "Bay")[0] == 0
    store = home.store()
    assert [f["name"] for f in store.feeds()] == ["Bay"]  # what the TUI's sidebar reads
    assert home.json("list", "--feed", "Bay") == []


def test_export_keeps_page_sources_and_import_reads_them_back(home, tmp_path):
    (home.path / "feeds.toml").write_text(
        '[[feeds]]\nname = "List page"\nurl = "http://p.example/news"\nkind = "page"\nitem = "ul.list li"\n'
        'title = "a"\nlink = "a"\ndate = "span.date"\nfull_text = false\ntags = ["sz"]\n'
        '[[feeds]]\nname = "Plain"\nurl = "http://f.example/rss"\n')
    code, opml, _ = home.run("export")
    assert code == 0 and 'sz:kind="page"' in opml and 'sz:item="ul.list li"' in opml
    (tmp_path / "out.opml").write_text(opml)
    other = new_home(tmp_path / "other")
    assert other.run("import", str(tmp_path / "out.opml"))[0] == 0
    by_name = lambda feeds: sorted(feeds, key=lambda f: f["name"])  # noqa: E731 (OPML groups feeds by folder)
    assert by_name(other.json("export")) == by_name(home.json("export")) == [
        {"name": "List page", "url": "http://p.example/news", "tags": ["sz"], "kind": "page", "full_text": False,
         "selectors": {"item": "ul.list li", "title": "a", "link": "a", "date": "span.date"}},
        {"name": "Plain", "url": "http://f.example/rss", "tags": [], "kind": "feed", "full_text": True}]


# ---- issue 12.16: the CLI's small promises -----------------------------------------------------------------
def test_mark_takes_several_id_action_groups(filled):
    ids = [a["id"] for a in filled.json("list", "--limit", "3")]
    code, out, err = filled.run("mark", str(ids[0]), str(ids[1]), "read", str(ids[2]), "star")
    assert code == 0 and out == "read: 2 articles\nstar: 1 article\n", err
    rows = {a["id"]: a for a in filled.json("list", "--limit", "3")}
    assert rows[ids[0]]["read"] and rows[ids[1]]["read"] and not rows[ids[2]]["read"] and rows[ids[2]]["starred"]


def test_add_without_a_name_never_collides_for_a_second_feed_of_one_host(home):
    assert home.json("add", "http://127.0.0.1:9/a.xml")["added"]["name"] == "127.0.0.1"
    assert home.json("add", "http://127.0.0.1:9/b.xml")["added"]["name"] == "127.0.0.1 (2)"
    assert [f["name"] for f in home.json("feeds")] == ["127.0.0.1", "127.0.0.1 (2)"]


def test_the_json_flag_works_on_every_command(filled, tmp_path):
    assert filled.json("export")[0]["name"] == "Many"
    (tmp_path / "in.opml").write_text('<opml version="2.0"><body><outline text="X" xmlUrl="http://x.example/"/>'
                                      "</body></opml>")
    assert filled.json("import", str(tmp_path / "in.opml")) == {
        "imported": [{"name": "X", "url": "http://x.example/", "tags": []}], "skipped": 0}
    filled.run("mark", "1", "save")
    assert [a["id"] for a in filled.json("export-saved")] == [1]


def test_list_and_search_say_when_they_stop_at_the_limit(filled):
    code, out, err = filled.run("list", "--limit", "5")
    assert code == 0 and len(out.splitlines()) == 5 and "stopped at 5 articles" in err
    code, out, err = filled.run("list", "--limit", "500")
    assert code == 0 and len(out.splitlines()) == 300 and err == ""
    code, out, err = filled.run("list", "--limit", "5", "--json")
    assert len(json.loads(out)) == 5 and "stopped at 5" in err


def test_search_snippets_are_one_line_and_long_queries_are_capped(home, site):
    site.routes["/lines.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
        '<rss version="2.0"><channel><title>L</title><item><title>Lines</title><guid>l1</guid><description>'
        "&lt;p&gt;Exports rose.&lt;/p&gt;&lt;p&gt;Imports fell.&lt;/p&gt;&lt;p&gt;Trade grew.&lt;/p&gt;"
        "</description></item></channel></rss>").encode())
    home.feeds([{"name": "L", "url": site.url("/lines.xml"), "full_text": False}])
    home.run("refresh")
    hits = home.json("search", "imports")
    assert len(hits) == 1 and "\n" not in hits[0]["snippet"] and "[Imports]" in hits[0]["snippet"]
    # 5,000 words, the first of which match: capped to the first 32 distinct words, it still finds the article
    assert len(home.json("search", "imports exports " + " ".join(["imports"] * 5000))) == 1
    words = " ".join(f"w{i}" for i in range(40))
    store = home.store()
    assert store.search("imports " + words) == []  # 33 distinct words: w31 is the last one used
    assert store.search(" ".join(["imports"] * 40) + " trade")[0]["title"] == "Lines"


def test_figures_with_a_terminal_on_stdin_says_what_it_wants(home, monkeypatch):
    class Tty:
        def isatty(self):
            return True

        def read(self):
            raise AssertionError("it waited for input")

    monkeypatch.setattr("sys.stdin", Tty())
    for args in (["figures"], ["figures", "--jsonl"]):
        code, out, err = home.run(*args)
        assert code == 2 and "give a text file" in err and one_line(err)


def test_refresh_says_why_a_feed_waits_and_grammar(home, site):
    site.routes["/busy.xml"] = (503, {"Retry-After": "600", "Content-Type": "text/plain"}, b"busy")
    home.feeds([{"name": "Busy", "url": site.url("/busy.xml"), "full_text": False},
                {"name": "Gone", "url": site.url("/gone.xml"), "full_text": False},
                {"name": "Bay", "url": site.url("/city.xml"), "full_text": False}])
    code, out, err = home.run("refresh")
    assert code == 0 and ", 2 errors" in out
    for _ in range(2):  # three 404s in a row: Gone backs off, and nobody asked it to
        home.run("refresh")
    code, out, err = home.run("refresh")
    assert "Busy: waiting (the server asked us to retry later" in out
    gone = next(line for line in out.splitlines() if "Gone" in line)
    assert "backing off after 3 failures" in gone and "server asked" not in gone
    home.feeds([{"name": "Gone", "url": site.url("/gone2.xml"), "full_text": False}])
    code, out, err = home.run("refresh")
    assert code == 3 and ", 1 error\n" in out  # every feed it tried failed: exit 3


def test_export_saved_keeps_direction_approx_and_bound_and_show_keeps_names_on_one_line(home, site):
    site.routes["/gdp.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
        '<rss version="2.0"><channel><title>G</title><item><title>GDP</title><guid>g1</guid><description>'
        "GDP fell 7 percent year on year to about 3.68 trillion yuan. Imports rose at most 100 million yuan. "
        "Writer: Wang Jingli\nEditor: Holly Wang</description></item></channel></rss>").encode())
    home.feeds([{"name": "G", "url": site.url("/gdp.xml"), "full_text": False}])
    home.run("refresh")
    home.run("mark", "1", "save")
    md = home.run("export-saved")[1]
    assert "GDP — 7 percent (down, yoy)" in md and "about 3.68 trillion yuan" in md
    assert "Imports — at most 100 million yuan" in md
    show = home.run("show", "1")[1]
    figure_lines = show.split("Key figures:\n")[1].splitlines()
    assert all(line.startswith("  [") for line in figure_lines), figure_lines


def test_a_missing_module_is_a_loud_error_at_start(home, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "lxml_html_clean" else real(name, *a))
    home.feeds([DEMO])
    code, out, err = home.run("refresh")
    assert code == 7 and "'lxml_html_clean' is not installed" in err and one_line(err)
    assert home.store().conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert "lxml_html_clean" in (Path(cli.__file__).parent.parent / "pyproject.toml").read_text()
