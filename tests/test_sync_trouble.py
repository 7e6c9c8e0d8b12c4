"""Server trouble is one clear line in `refresh`, `feeds` and `sync status`, and reading goes on locally:
401, a refused session, 5xx, a timeout, a dropped connection (a server restarting), a malformed answer,
a huge answer. The server here is a loopback fake that misbehaves on purpose."""

from __future__ import annotations

import json
import time

import pytest

from sync_helpers import AppServer, sync_config, ttrss_fake

LOGIN = {"seq": 0, "status": 0, "content": {"session_id": "s1", "api_level": 15}}


def ttrss_app(answer):
    """A TT-RSS that logs in, then answers every other call with ``answer(op)``."""

    def app(method, path, headers, body):
        op = json.loads(body or b"{}").get("op")
        if op == "login":
            return 200, {"Content-Type": "application/json"}, json.dumps(LOGIN).encode()
        return answer(op)

    return app


def slow(op):
    time.sleep(3)
    return 200, {}, b"{}"


CASES = {
    "401": (lambda m, p, h, b: (401, {}, b"Unauthorized"), "refused the credentials (HTTP 401)"),
    "bad session": (ttrss_app(lambda op: (200, {}, json.dumps({"status": 1, "content": {"error": "NOT_LOGGED_IN"}}).encode())),
                    "the session ended"),
    "5xx": (ttrss_app(lambda op: (502, {}, b"<html>Bad Gateway</html>")), "server error (HTTP 502)"),
    "restarting": (ttrss_app(lambda op: (0, {}, b"")), "connection closed"),
    "malformed": (ttrss_app(lambda op: (200, {"Content-Type": "application/json"}, b"<br>Fatal error: {")),
                  "malformed answer"),
    "huge": (ttrss_app(lambda op: (200, {"Content-Type": "application/json"}, b"[" + b"1," * 1_000_000 + b"1]")),
             "over the 1 MiB cap"),
    "timeout": (ttrss_app(slow), "no complete answer within 1 s"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_server_trouble_is_one_line_and_reading_goes_on(home, site, case, monkeypatch):
    app, expected = CASES[case]
    server = AppServer(app)
    try:
        home.feeds([{"name": "City", "url": site.url("/city.xml"), "full_text": False}])
        sync_config(home, "ttrss", server.url("/api/"), "ana")
        (home.path / "config.toml").write_text((home.path / "config.toml").read_text().replace("timeout = 20", "timeout = 1"))
        monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "pw")
        code, out, err = home.run("refresh")
        assert code == 0 and "Traceback" not in out + err
        line = [x for x in out.splitlines() if "sync (ttrss)" in x]
        assert len(line) == 1 and expected in line[0], out
        status = home.json("sync", "status")
        assert expected in status["last_error"]
        code, out, err = home.run("feeds")
        assert expected in out.splitlines()[0]
        assert home.json("list")  # the direct feed was refreshed and reads as before
    finally:
        server.close()


def test_wrong_password_is_one_line(home, monkeypatch):
    server = AppServer(lambda m, p, h, b: (200, {}, json.dumps({"status": 1, "content": {"error": "LOGIN_ERROR"}}).encode()))
    try:
        sync_config(home, "ttrss", server.url("/api/"), "ana")
        monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "wrong")
        report = home.json("refresh")
        assert report["sync"]["error"] == "TT-RSS: the server refused the user name or password"
    finally:
        server.close()


def test_no_password_anywhere_says_where_to_put_one(home, monkeypatch):
    monkeypatch.delenv("SZREADER_SYNC_PASSWORD", raising=False)
    sync_config(home, "ttrss", "http://127.0.0.1:9/api/", "ana")
    report = home.json("refresh")
    assert "set password_command" in report["sync"]["error"]


def test_server_content_is_as_hostile_as_a_feed(home, monkeypatch):
    headline = {"id": 5, "feed_id": 1, "title": "Hi \x1b]0;pwned\x07 there [@click=app.quit]x[/]",
                "link": "javascript:alert(1)", "author": "\x1b[2JMallory",
                "content": "<script>steal()</script><p>GDP rose 5.2 percent\u202e in 2023 \x9b31m</p>",
                "unread": True, "marked": False, "updated": 4102444800}

    server = AppServer(ttrss_fake([headline], [{"id": 1, "title": "\x1b[31mEvil\x07 feed", "feed_url": "http://x.example/f",
                                                "cat_id": 0}]))
    try:
        sync_config(home, "ttrss", server.url("/api/"), "ana")
        monkeypatch.setenv("SZREADER_SYNC_PASSWORD", "pw")
        assert home.json("refresh")["sync"]["error"] is None
    finally:
        server.close()
    [a] = home.json("list")
    shown = home.json("show", str(a["id"]))
    for text in (shown["title"], shown["author"], shown["text"], shown["feed"]):
        assert not any(c in text for c in "\x1b\x07\x9b\u202e"), repr(text)
    assert shown["url"] == ""  # only http(s) links are kept
    assert "steal" not in shown["text"] and "GDP rose 5.2 percent" in shown["text"]
    assert shown["published"] < "2100"  # a date in the future is clamped to now
    assert shown["figures"]
