"""How a TT-RSS sync reads entries and marks (offline, against tests/sync_helpers.ttrss_fake): entries by id
range with getArticle, a request per 1,000 ids (fewer where the answer would be over the size cap), and by headline pages where the ids are too sparse for that (a
server shared by many users), never losing an entry either way; on a server with many unread entries, every
mark made elsewhere at the next sync without reading the whole unread set."""

from __future__ import annotations

import json

import pytest

from sync_helpers import AppServer, sync_config, ttrss_fake

FEEDS = [{"id": 1, "title": "Port news", "feed_url": "http://x.example/port", "cat_id": 0, "unread": 0},
         {"id": 2, "title": "City news", "feed_url": "http://x.example/city", "cat_id": 0, "unread": 0}]


def entry(i: int) -> dict:
    return {"id": i, "feed_id": 1 + i % 2, "title": f"Story {i}", "link": f"http://news.example/{i}.html",
            "content": f"<p>Cargo rose {i % 50 + 1}.5 percent to 3.2 million TEUs in 2023.</p>",
            "unread": i % 3 != 0, "marked": i % 7 == 0, "updated": 1700000000 + i, "author": ""}


class Server:
    """A fake TT-RSS on loopback whose entries a test can add to; ``calls``: the API calls of the last sync."""

    def __init__(self, headlines: list[dict]):
        self.headlines = headlines
        self.calls: list[dict] = []
        fake = ttrss_fake(self.headlines, FEEDS)

        def app(method, path, headers, body):
            self.calls.append(json.loads(body or b"{}"))
            return fake(method, path, headers, body)

        self.http = AppServer(app)

    def sync(self, home) -> dict:
        self.calls.clear()
        sync_config(home, "ttrss", self.http.url("/api/"), "ana")
        report = home.json("refresh")["sync"]
        assert report["error"] is None, report
        return report


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "pw")
    s = Server([])
    yield s
    s.http.close()


def stored(home) -> dict[str, dict]:
    return {a["title"]: a for a in home.json("list", "--limit", "100000")}


def test_a_first_sync_reads_entries_by_id_a_request_per_1000(home, server):
    server.headlines += [entry(i) for i in range(1, 1201)]
    report, calls = server.sync(home), server.calls
    arts = stored(home)
    assert len(arts) == 1200 and report["new"] == 1200
    assert arts["Story 21"]["read"] and arts["Story 21"]["starred"] and not arts["Story 22"]["read"]
    assert not any(c.get("show_content") for c in calls)  # no headline page rendered with content
    assert sum(c["op"] == "getArticle" for c in calls) == 2
    assert report["requests"] <= 1200 // 100


def test_new_entries_come_by_id_and_a_warm_sync_reads_none(home, server):
    server.headlines += [entry(i) for i in range(1, 301)]
    server.sync(home)
    server.headlines += [entry(i) for i in range(301, 321)]
    report = server.sync(home)
    assert report["new"] == 20 and "Story 320" in stored(home)
    asked = [int(x) for c in server.calls if c["op"] == "getArticle" for x in c["article_id"].split(",")]
    assert min(asked) == 301  # nothing read twice
    report = server.sync(home)
    assert report["new"] == 0  # a warm sync reads no entry: one headline asks whether there is anything new
    assert not any(c["op"] == "getArticle" or c.get("show_content") for c in server.calls)
    assert sum(c["op"] == "getHeadlines" and bool(c.get("since_id")) for c in server.calls) == 1


def test_entries_past_a_gap_in_the_ids_are_not_lost(home, server):
    """Ids are shared by every user of a server: ours can sit far apart. Old ones below a gap at the first
    sync, and new ones beyond a gap at a later one, still arrive (by headline pages)."""
    server.headlines += [entry(i) for i in (1, 2, 3)] + [entry(i) for i in range(5001, 5101)]
    report = server.sync(home)
    assert report["new"] == 103 and {"Story 1", "Story 3", "Story 5100"} <= set(stored(home))
    server.headlines += [entry(i) for i in range(20001, 20011)]
    report = server.sync(home)
    assert report["new"] == 10 and "Story 20010" in stored(home)
    report = server.sync(home)
    assert report["new"] == 0


def test_long_entries_come_in_smaller_requests_under_the_size_cap(home, server):
    long = "<p>" + "The port handled 3.2 million TEUs, up 5.1 percent. " * 40 + "</p>"  # 2 KB a story
    server.headlines += [{**entry(i), "content": long} for i in range(1, 1201)]  # 1,000 of them: over 1 MiB
    report = server.sync(home)
    assert report["new"] == 1200 and len(stored(home)) == 1200
    sizes = [len(c["article_id"].split(",")) for c in server.calls if c["op"] == "getArticle"]
    assert max(sizes) == 1000 and min(sizes) < 500  # the first answer was too big; its halves were asked for


def mark_elsewhere(server: Server, i: int, read: bool) -> None:
    body = {"op": "updateArticle", "article_ids": str(i), "mode": int(not read), "field": 2}
    server.http.app("POST", "/api/", {}, json.dumps(body).encode())


def test_a_large_server_brings_every_mark_from_elsewhere_without_the_whole_unread_set(home, server, monkeypatch):
    monkeypatch.setattr("reader.sync.ttrss.SMALL", 100)  # more unread than that: the whole set is not read each time
    server.headlines += [entry(i) for i in range(1, 601)]
    server.sync(home)
    # elsewhere: in feed 1 (even ids) one read and one unread, which leave its unread count as it was; in
    # feed 2 a read
    assert server.headlines[3]["unread"] and not server.headlines[5]["unread"]  # story 4 unread, story 6 read
    mark_elsewhere(server, 4, read=True)
    mark_elsewhere(server, 6, read=False)
    mark_elsewhere(server, 5, read=True)
    report = server.sync(home)
    arts = stored(home)
    assert arts["Story 4"]["read"] and not arts["Story 6"]["read"] and arts["Story 5"]["read"]
    assert report["state_changes"] == 3
    unread_sets = [c for c in server.calls if c["op"] == "getHeadlines" and c.get("view_mode") == "unread"]
    assert {c["feed_id"] for c in unread_sets} == {1}  # feed 1's set only: never the whole unread set (-4)
    report = server.sync(home)
    assert report["state_changes"] == 0
    assert not any(c.get("view_mode") == "unread" for c in server.calls)  # counts agree: no set read at all
