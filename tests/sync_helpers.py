"""Helpers for the sync tests: the real servers of ../shared/sync, a loopback feed to subscribe them to,
a small HTTP app server (for faults and replays), and direct API calls to check what a server holds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

import pytest

from loopback import Site

SHARED = Path(os.environ.get("SZREADER_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SERVERS = SHARED / "sync" / "servers.sh"
FIXTURES = SHARED / "sync" / "fixtures"
_KEYS = {"ttrss": ("TTRSS_API_URL", "TTRSS_USER", "TTRSS_PASSWORD"),
         "fever": ("FEVER_URL", "FEVER_USER", "FEVER_PASSWORD", "FEVER_API_KEY")}


def servers(*args: str, timeout: float = 900) -> str:
    for attempt in range(3):
        # stderr into a file, not a pipe: servers.sh hands its stderr on to the servers it starts (PostgreSQL
        # keeps it open), and reading a pipe would wait for them to exit
        with tempfile.TemporaryFile("w+") as err:
            done = subprocess.run(["bash", str(SERVERS), *args], stdout=subprocess.PIPE, stderr=err, text=True,
                                  timeout=timeout)
            err.seek(0)
            done.stderr = err.read()
        # a server's own fetch run can trip over its API writing at the same moment (Coldsweat's SQLite
        # under a loaded machine): a refresh is tried again, nothing else is
        if done.returncode == 0 or args[0] != "refresh":
            break
        time.sleep(1)
    if done.returncode != 0:
        pytest.fail(f"servers.sh {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def server_env(name: str) -> dict[str, str]:
    """The running server's URL and credentials: from the environment (CI exports them after .ci/run starts
    the servers), else from servers.sh, which starts the server when it is not running (never a skip)."""
    keys = _KEYS[name]
    if all(os.environ.get(k) for k in keys):
        return {k: os.environ[k] for k in keys}
    if not SERVERS.exists():
        pytest.fail(f"{SERVERS} is missing: the live sync tests need ../shared/sync")
    out = servers("up", name)
    env = {}
    for line in out.splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            env[k] = v.strip("'")
    return env


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document: items are (guid, title, body text)."""
    parts = [f"<item><guid isPermaLink='false'>{escape(g)}</guid><title>{escape(t)}</title>"
             f"<link>http://news.example/{escape(g)}.html</link><description>{escape(b)}</description>"
             f"<pubDate>Tue, 14 Nov 2023 0{i % 10}:00:00 GMT</pubDate></item>" for i, (g, t, b) in enumerate(items)]
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
            f"<link>http://news.example/</link>{''.join(parts)}</channel></rss>").encode()


class FeedSite:
    """A loopback feed the sync servers subscribe to; ``set`` changes what it serves."""

    def __init__(self, title: str):
        self.site = Site()
        self.title = title
        self.url = self.site.url("/feed.xml")

    def set(self, items: list[tuple[str, str, str]]) -> None:
        body = rss(self.title, items)
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        self.site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml", "ETag": etag}, body)

    def close(self) -> None:
        self.site.close()


App = Callable[[str, str, dict, bytes], tuple[int, dict, bytes]]


class AppServer:
    """Loopback HTTP server handing every request to ``app(method, path?query, headers, body)``."""

    def __init__(self, app: App):
        self.app = app
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def handle_any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                server.requests.append((self.command, self.path))
                status, headers, out = server.app(self.command, self.path,
                                                  {k.lower(): v for k, v in self.headers.items()}, body)
                if status == 0:  # drop the connection without an answer
                    self.close_connection = True
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                try:
                    self.wfile.write(out)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client that hangs up is no news here
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def forward(target: str, allow: Callable[[str, bytes], bool] = lambda path, body: True) -> App:
    """An app that passes requests on to ``target`` (a base URL), dropping those ``allow`` refuses."""

    def app(method: str, path: str, headers: dict, body: bytes):
        if not allow(path, body):
            return 0, {}, b""
        req = urllib.request.Request(target.rstrip("/") + path, data=body if method != "GET" else None,
                                     method=method, headers={k: v for k, v in headers.items()
                                                             if k in ("content-type", "authorization")})
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, {"Content-Type": r.headers.get("Content-Type", "")}, r.read()

    return app


# ---- direct API calls, to check what the server holds ---------------------------------------------------
def ttrss_fake(headlines: list[dict], feeds: list[dict]) -> App:
    """A small TT-RSS answering what a sync asks as the real one does (classes/api.php): login, getCategories,
    getFeeds (with each feed's unread count), getHeadlines (feed -4 all, -1 starred, -6 read in the last day
    by last read, or one feed; view_mode unread; since_id; newest first, or oldest first with
    order_by=date_reverse; limit and skip), getArticle (comma-separated ids) and updateArticle (read and
    starred, stamping ``last_read``)."""

    def app(method, path, headers, body):
        req = json.loads(body or b"{}")
        op = req.get("op")
        content: object = []
        if op == "login":
            content = {"session_id": "s1", "api_level": 15}
        elif op == "getFeeds":
            content = [{**f, "unread": sum(h["unread"] for h in headlines if h["feed_id"] == f["id"])} for f in feeds]
        elif op == "getHeadlines":
            fid = int(req.get("feed_id") or 0)
            recent = time.time() - 86400
            rows = [h for h in headlines if h["id"] > int(req.get("since_id") or 0)
                    and (fid == -4 or (fid == -1 and h["marked"]) or h["feed_id"] == fid
                         or (fid == -6 and not h["unread"] and h.get("last_read", 0) > recent))
                    and (req.get("view_mode") != "unread" or h["unread"])]
            if fid == -6:
                rows.sort(key=lambda h: h["last_read"], reverse=True)
            else:
                rows.sort(key=lambda h: h["updated"], reverse=req.get("order_by") != "date_reverse")
            skip = int(req.get("skip") or 0)
            rows = rows[skip:skip + min(int(req.get("limit") or 200), 200)]
            content = [h if req.get("show_content") else {k: v for k, v in h.items() if k != "content"} for h in rows]
        elif op == "getArticle":
            ids = {int(x) for x in str(req.get("article_id", "")).split(",") if x.strip().isdigit()}
            content = [h for h in headlines if h["id"] in ids]
        elif op == "updateArticle":
            ids = {int(x) for x in str(req.get("article_ids", "")).split(",") if x.strip().isdigit()}
            field, value = int(req["field"]), bool(int(req["mode"]))
            for h in headlines:
                if h["id"] in ids and field == 2:
                    h["unread"], h["last_read"] = value, time.time()
                elif h["id"] in ids and field == 0:
                    h["marked"] = value
            content = {"status": "OK", "updated": len(ids)}
        answer = {"seq": 0, "status": 0, "content": content}
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    return app


def ttrss_call(env: dict, op: str, **params):
    def call(body: dict):
        req = urllib.request.Request(env["TTRSS_API_URL"], json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(req, timeout=60).read())["content"]

    sid = call({"op": "login", "user": env["TTRSS_USER"], "password": env["TTRSS_PASSWORD"]})["session_id"]
    return call({"op": op, "sid": sid, **params})


def ttrss_headlines(env: dict, feed_url: str) -> dict[str, dict]:
    """The server's items of one feed (by its loopback URL), by guid-derived title."""
    url = servers("feed-url", "ttrss", feed_url).strip()
    fid = next(f["id"] for f in ttrss_call(env, "getFeeds", cat_id=-3) if f["feed_url"] == url)
    return {h["title"]: h for h in ttrss_call(env, "getHeadlines", feed_id=fid, limit=200)}


def fever_call(env: dict, query: str, form: dict | None = None) -> dict:
    data = urllib.parse.urlencode({"api_key": env["FEVER_API_KEY"], **(form or {})}).encode()
    req = urllib.request.Request(env["FEVER_URL"] + "?api" + (f"&{query}" if query else ""), data)
    return json.loads(urllib.request.urlopen(req, timeout=60).read())


def sync_config(home, service: str, url: str, user: str, extra: str = "") -> None:
    (home.path / "config.toml").write_text(
        f"[fetch]\ntimeout = 20\nmax_bytes = 1048576\n{extra}\n[sync]\nservice = {json.dumps(service)}\n"
        f"url = {json.dumps(url)}\nuser = {json.dumps(user)}\n")

