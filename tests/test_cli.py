"""The command line: subscriptions, OPML, marking, and one clear line for every kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.extract import extract_page, parse_byline

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("feeds_toml, expected", [
    ("[[feeds]\nname = 'x'", "invalid TOML"),
    ("[[feeds]]\nname = 'a'\nurl = 'http://a.example/'\n[[feeds]]\nname = 'a'\nurl = 'http://b.example/'", "duplicate feed name 'a'"),
    ("[[feeds]]\nname = 'a'\nurl = 'ftp://a.example/'", "not an http(s) URL"),
    ("[[feeds]]\nurl = 'http://a.example/'", "has no name"),
    ("[[feeds]]\nname = 'p'\nurl = 'http://a.example/'\nkind = 'page'", "needs an 'item' selector"),
])
def test_bad_feeds_toml_is_one_clear_line(home, feeds_toml, expected):
    (home.path / "feeds.toml").write_text(feeds_toml)
    code, out, err = home.run("refresh")
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("args, expected", [
    (["show", "999"], "no article with id 999"),
    (["show", "abc"], "not an article id"),
    (["mark", "1", "explode"], "usage: szreader mark"),
    (["mark", "x", "read"], "neither an article id nor an action"),
    (["mark", "12345", "read"], "no article with id 12345"),
    (["add", "not a url"], "not a valid URL"),
    (["add", "javascript:alert(1)"], "not an http(s) URL"),
    (["import", "/nonexistent.opml"], "cannot read"),
    (["list", "--feed", "Nope"], "no feed named 'Nope'"),
    (["refresh", "--feed", "Nope"], "no feed named 'Nope'"),
    (["list", "--limit", "many"], "invalid int value"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_arguments_are_one_clear_line(home, args, expected):
    code, out, err = home.run(*args)
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1


def test_add_refuses_duplicates(home):
    assert home.run("add", "http://a.example/feed.xml", "--name", "A", "--tag", "gba")[0] == 0
    code, _, err = home.run("add", "http://b.example/feed.xml", "--name", "A")
    assert code == 2 and "already exists" in err
    code, _, err = home.run("add", "http://a.example/feed.xml", "--name", "B")
    assert code == 2 and "already subscribed" in err
    assert [f["name"] for f in home.json("feeds")] == ["A"]


def test_opml_round_trip(home, tmp_path):
    opml = tmp_path / "in.opml"
    opml.write_text("""<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="Greater Bay"><outline type="rss" text="Alpha &amp; Co" xmlUrl="http://a.example/rss"/>
        <outline text="Tech"><outline type="rss" text="Beta" xmlUrl="http://b.example/atom"/></outline></outline>
      <outline type="rss" text="Gamma" xmlUrl="http://c.example/feed"/>
      <outline type="rss" text="Bad" xmlUrl="file:///etc/passwd"/>
    </body></opml>""")
    code, out, _ = home.run("import", str(opml))
    assert code == 0 and "imported 3" in out
    assert "skipped 3" in home.run("import", str(opml))[1]  # a second import adds nothing
    exported = tmp_path / "out.opml"
    exported.write_text(home.run("export")[1])
    other = tmp_path / "other"
    other.mkdir()
    (other / "feeds.toml").write_text("")
    env = {**os.environ, "SZREADER_HOME": str(other)}
    subprocess.run([sys.executable, "-m", "reader", "import", str(exported)], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "reader", "feeds", "--json"], env=env, check=True,
                         capture_output=True, text=True).stdout
    import json

    feeds = {f["name"]: f["url"] for f in json.loads(out)}
    assert feeds == {"Alpha & Co": "http://a.example/rss", "Beta": "http://b.example/atom", "Gamma": "http://c.example/feed"}
    text = (other / "feeds.toml").read_text()
    assert 'tags = ["Greater Bay", "Tech"]' in text and 'tags = ["Greater Bay"]' in text


def test_mark_changes_state(home, site):
    home.feeds([{"name": "Bay", "url": site.url("/city.xml"), "full_text": False}])
    home.run("refresh")
    ids = [str(a["id"]) for a in home.json("list")]
    assert home.run("mark", *ids[:2], "read")[0] == 0
    assert len(home.json("list", "--unread")) == 1
    home.run("mark", ids[0], "star")
    home.run("mark", ids[1], "save")
    assert [a["id"] for a in home.json("list", "--starred")] == [int(ids[0])]
    assert [a["id"] for a in home.json("list", "--saved")] == [int(ids[1])]
    home.run("mark", ids[1], "unsave")
    assert home.json("list", "--saved") == []


def test_byline_is_parsed_from_a_shenzhen_daily_page():
    page = extract_page((Path(__file__).parent / "data/site/fintech.html").read_bytes(), "http://x/")
    assert (page.title, page.writer, page.editor, page.source, page.updated) == (
        "Futian unveils fintech hub plan", "Liu Yang", "Holly Wang", "Shenzhen Daily", "2025-06-03")
    assert parse_byline("Writer: Wang Jingli  |  Editor: Holly Wang  |  From: Shenzhen Daily  |  Updated: 2022-01-21") == {
        "writer": "Wang Jingli", "editor": "Holly Wang", "source": "Shenzhen Daily", "updated": "2022-01-21"}


def test_a_new_feed_added_by_another_process_meanwhile_is_not_added_twice(tmp_path):
    """Two processes start at once (two refreshes, or the TUI and a refresh): both find a new feed of feeds.toml
    missing; the one that writes second must see the other's row, not fail on the feed's name."""
    from reader.config import FeedSpec
    from reader.store import Store

    specs = [FeedSpec("New", "http://127.0.0.1:9/new.xml")]
    first, second = Store.open(tmp_path / "db"), Store.open(tmp_path / "db")
    write = first.write

    def other_process_first():
        second.sync_feeds(specs)  # gets in between first's look at the table and its write
        return write()

    first.write = other_process_first
    first.sync_feeds(specs)
    assert [r[0] for r in first.conn.execute("SELECT name FROM feeds")] == ["New"]


def test_two_processes_refresh_one_database_at_once(tmp_path, site):
    site.routes["/two.xml"] = (200, {"Content-Type": "application/rss+xml"},
                               b'<rss version="2.0"><channel><title>t</title>' + b"".join(
                                   b"<item><title>Item %d</title><guid>g%d</guid></item>" % (i, i) for i in range(300))
                               + b"</channel></rss>")
    (tmp_path / "feeds.toml").write_text(
        "".join(f'[[feeds]]\nname = "F{i}"\nurl = "{site.url("/two.xml")}"\nfull_text = false\n' for i in range(6)))
    env = {**os.environ, "SZREADER_HOME": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-m", "reader", "refresh", "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    import json

    reports = [json.loads(out) for out, _ in results]
    assert all(not r["errors"] for r in reports), reports
    assert sum(r["new"] for r in reports) == 6 * 300  # each article stored once, by one of them
    out = subprocess.run([sys.executable, "-m", "reader", "feeds", "--json"], env=env, capture_output=True, text=True)
    assert all(f["articles"] == 300 for f in json.loads(out.stdout))


def test_core_never_imports_textual():
    code = ("import sys, reader.cli, reader.refresh, reader.store, reader.fetch, reader.parse, reader.extract, "
            "reader.figures, reader.tasks, reader.opml; sys.exit('textual' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_export_saved_writes_articles_with_their_key_figures(home, tmp_path):
    home.feeds([{"name": "Demo", "url": "http://demo.szreader.invalid/feed.xml"}])
    home.run("refresh")
    first = home.json("list")[0]
    home.run("mark", str(first["id"]), "save")
    code, md, _ = home.run("export-saved")
    assert code == 0 and f"## {first['title']}" in md and "Key figures:" in md and "- money:" in md
    out = tmp_path / "saved.json"
    assert home.run("export-saved", "--format", "json", "-o", str(out))[0] == 0
    saved = json.loads(out.read_text())
    assert [a["id"] for a in saved] == [first["id"]] and saved[0]["figures"]
    code, _, err = home.run("export-saved", "-o", str(tmp_path / "no" / "such" / "dir" / "x.md"))
    assert code == 2 and "cannot write" in err


def test_the_script_keeps_exit_codes_and_output_through_its_quick_exit(tmp_path):
    env = {**os.environ, "SZREADER_HOME": str(tmp_path)}
    (tmp_path / "feeds.toml").write_text('[[feeds]]\nname = "Demo"\nurl = "http://demo.szreader.invalid/feed.xml"\n')
    run = lambda *a: subprocess.run([sys.executable, "-m", "reader", *a], env=env, capture_output=True, text=True)  # noqa: E731
    refreshed = run("refresh", "--json")
    assert refreshed.returncode == 0 and json.loads(refreshed.stdout)["new"] == 12
    listed = run("list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 12  # all of a large output arrives
    missing = run("show", "999999")
    assert missing.returncode == 2 and missing.stdout == "" and len(missing.stderr.strip().splitlines()) == 1
