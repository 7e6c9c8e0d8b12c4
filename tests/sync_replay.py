"""Replay servers for the recorded exchanges of ../shared/sync/fixtures (FreshRSS and Miniflux cannot be
installed here).

Honest by construction: a replay answers only endpoints, and parameters of them, that the recording
shows; it knows only the items and entries the recorded answers contain (nothing is made up: an item
whose content was never recorded does not exist for it); its answers reuse the recorded envelopes and
status lines (errors, unsupported calls, the login and token bodies); and its state changes only the
way recorded writes change it (edit-tag / PUT entries / mark), plus the recorded feed update, which
the test triggers with :meth:`Replay.feed_update`. Anything else gets HTTP 599 and is listed in
``unrecorded``, which every test checks is empty.
"""

from __future__ import annotations

import copy
import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from sync_helpers import FIXTURES, AppServer

LONG = "tag:google.com,2005:reader/item/"


class Replay:
    """Common part: the recording, its exchanges by name, and the bookkeeping of what was asked."""

    def __init__(self, name: str):
        self.rec = json.loads((FIXTURES / name).read_text())
        self.base = urlsplit(self.rec["base_url"]).path.rstrip("/")
        self.by_name = {e["name"]: e for e in self.rec["exchanges"]}
        self.unrecorded: list[str] = []
        self.asked: list[tuple[str, str]] = []
        self.shapes = self._shapes()
        self.server = AppServer(self.handle)
        self.url = self.server.url(urlsplit(self.rec["base_url"]).path or "/")
        self.updated = False

    def _shapes(self) -> set[tuple[str, str, str]]:
        """(method, path pattern, parameter name) of every recorded request: what a replay may answer."""
        out = set()
        for e in self.rec["exchanges"]:
            path = self.pattern(e["path"])
            names = [q[0] for q in e.get("query") or []] + [f[0] for f in e.get("form") or []]
            if isinstance(e.get("body"), dict):
                names += list(e["body"])
            out.add((e["method"], path, ""))
            out.update((e["method"], path, n) for n in names)
        return out

    @staticmethod
    def pattern(path: str) -> str:
        return re.sub(r"/\d+(?=/|$)", "/{id}", path)

    def recorded(self, name: str) -> tuple[int, dict, bytes]:
        e = self.by_name[name]
        headers = {k: v for k, v in e["response_headers"].items() if k in ("content-type", "x-reader-google-bad-token")}
        return e["status"], headers, e["response_body"].encode()

    def refuse(self, why: str) -> tuple[int, dict, bytes]:
        self.unrecorded.append(why)
        return 599, {"Content-Type": "text/plain"}, f"not in the recording: {why}".encode()

    def handle(self, method: str, target: str, headers: dict, body: bytes):
        parts = urlsplit(target)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if "json" in headers.get("content-type", ""):
            form, data = [], json.loads(body or b"null")
        else:
            form, data = parse_qsl(body.decode(), keep_blank_values=True), None
        self.asked.append((method, target))
        path = self.pattern(parts.path)
        names = [q[0] for q in query] + [f[0] for f in form] + (list(data) if isinstance(data, dict) else [])
        for n in [""] + names:
            if (method, path, n) not in self.shapes:
                return self.refuse(f"{method} {path} {n}".strip())
        return self.answer(method, parts.path, query, form, data, headers)

    def feed_update(self) -> None:
        """The recorded feed update: the items first seen after it become visible."""
        self.updated = True

    def close(self) -> None:
        self.server.close()


# ---- Google Reader ---------------------------------------------------------------------------------------
def _decimal(raw: str) -> str:
    if raw.startswith(LONG):
        return str(int(raw[len(LONG):], 16))
    if raw.isdigit() and not (len(raw) == 16 and raw.startswith("0")):
        return str(int(raw))
    return str(int(raw, 16))


class GReaderReplay(Replay):
    """FreshRSS or Miniflux behind the Google Reader API, from their recordings."""

    def __init__(self, name: str):
        super().__init__(name)
        self.freshrss = self.rec["server"] == "FreshRSS"
        self.password = "<API_PASSWORD>" if self.freshrss else "<GREADER_PASSWORD>"
        self.token = "<TOKEN>" if self.freshrss else "<AUTH>"
        self.prefix = "user/-/" if self.freshrss else "user/1/"
        self.items: dict[str, dict] = {}
        first_seen: dict[str, int] = {}
        cut = next(i for i, e in enumerate(self.rec["exchanges"]) if "all ids, oldest first" in e["name"])
        for i, e in enumerate(self.rec["exchanges"]):
            try:
                doc = json.loads(e["response_body"])
            except ValueError:
                continue
            if not isinstance(doc, dict):
                continue
            for it in doc.get("items") or []:
                self.items.setdefault(_decimal(it["id"]), it)
            for ref in doc.get("itemRefs") or []:
                first_seen.setdefault(ref["id"], i)
            for it in doc.get("items") or []:
                first_seen.setdefault(_decimal(it["id"]), i)
        self.late = {k for k, i in first_seen.items() if i > cut}
        self.read: set[str] = set()
        self.starred: set[str] = set()
        self.subscriptions = self.recorded("subscription/list")

    def feed_update(self) -> None:
        """The recorded feed update came after the recorded re-subscription: the last list holds."""
        super().feed_update()
        last = [e["name"] for e in self.rec["exchanges"] if e["name"].startswith("subscription/list")][-1]
        self.subscriptions = self.recorded(last)

    def visible(self) -> list[str]:
        """Item ids in the server's order: newest first (FreshRSS by fetch time, Miniflux by publication)."""
        ids = [k for k in self.items if self.updated or k not in self.late]
        return sorted(ids, key=lambda k: int(self.items[k]["timestampUsec"]), reverse=True)

    def answer(self, method, path, query, form, data, headers):
        rel = path[len(self.base):]
        if rel == "/accounts/ClientLogin":
            if dict(form).get("Passwd") == self.password and dict(form).get("Email") == "alice":
                return self.recorded("ClientLogin")
            return self.recorded("ClientLogin, wrong password")
        if headers.get("authorization") != "GoogleLogin auth=<AUTH>":
            return self.recorded("user-info with a wrong auth token")
        call = rel.removeprefix("/reader/api/0/")
        q, f = dict(query), dict(form)
        if method == "POST":
            t = f.get("T")
            if (t is None and not self.freshrss) or (t is not None and t != self.token):
                return self.recorded("edit-tag a=read with a wrong T")
        if call == "token":
            return self.recorded("token (edit token T for POSTs)" if self.freshrss
                                 else "token (edit token T for POSTs; same value as Auth)")
        if call == "subscription/list":
            return self.subscriptions
        if call == "stream/items/ids":
            return self.ids(q)
        if call == "stream/items/contents" and method == "POST":
            return self.contents([v for k, v in form if k == "i"])
        if call == "edit-tag":
            return self.edit(form)
        if call == "subscription/quickadd" and f.get("quickadd") == "http://feeds.example/feeds/3.xml":
            self.subscriptions = self.recorded("subscription/list after quickadd + edit")
            return self.recorded("subscription/quickadd (feed URL)")
        if call == "subscription/quickadd":
            return self.recorded("subscription/quickadd, URL that answers 404")
        return self.recorded("unknown endpoint" if self.freshrss else "unknown endpoint (catch-all: [])")

    def ids(self, q: dict):
        s = q.get("s", "").replace("user/1/", "user/-/")
        ids = self.visible()
        if s == "user/-/state/com.google/starred":
            ids = [i for i in ids if i in self.starred]
        elif s != "user/-/state/com.google/reading-list":
            return self.refuse(f"stream/items/ids s={s}")
        if q.get("xt", "").replace("user/1/", "user/-/") == "user/-/state/com.google/read":
            ids = [i for i in ids if i not in self.read]
        if "ot" in q:  # FreshRSS: fetch time (crawlTimeMsec); Miniflux: publication time
            field = (lambda it: int(it["crawlTimeMsec"]) // 1000) if self.freshrss else (lambda it: it["published"])
            ids = [i for i in ids if field(self.items[i]) >= int(q["ot"])]
        if q.get("r") == "o":
            ids.reverse()
        n = int(q.get("n", "20"))
        if self.freshrss:
            start = ids.index(q["c"]) + 1 if q.get("c") in ids else 0
        else:
            start = int(q.get("c") or 0)
        page = ids[start:start + n]
        doc: dict = {"itemRefs": [{"id": i} for i in page]}
        if start + n < len(ids):
            doc["continuation"] = page[-1] if self.freshrss else str(start + n)
        return 200, {"content-type": "application/json"}, json.dumps(doc).encode()

    def contents(self, wanted: list[str]):
        status, headers, body = self.recorded("stream/items/contents i=<decimal> i=<decimal>")
        doc = json.loads(body)
        known = {_decimal(i) for i in wanted} & set(self.visible())
        items = []
        for k in self.visible():  # server order, not request order
            if k in known:
                it = copy.deepcopy(self.items[k])
                cats = [c for c in it["categories"] if "/state/com.google/read" not in c and "/starred" not in c]
                cats += [self.prefix + "state/com.google/read"] * (k in self.read)
                cats += [self.prefix + "state/com.google/starred"] * (k in self.starred)
                it["categories"] = cats
                items.append(it)
        doc["items"] = items
        return status, headers, json.dumps(doc).encode()

    def edit(self, form: list[tuple[str, str]]):
        ids = {_decimal(v) for k, v in form if k == "i"}
        adds = [v for k, v in form if k == "a"]
        removes = [v for k, v in form if k == "r"]
        if self.freshrss:  # FreshRSS applies only the last a= and the last r=
            adds, removes = adds[-1:], removes[-1:]
        for tag, on in [(t, True) for t in adds] + [(t, False) for t in removes]:
            target = self.read if tag.endswith("/state/com.google/read") else (
                self.starred if tag.endswith("/state/com.google/starred") else None)
            if target is None:
                return self.refuse(f"edit-tag {tag}")
            for i in ids & set(self.items):
                (target.add if on else target.discard)(i)
        return self.recorded("edit-tag a=read (2 decimal ids)")


# ---- Miniflux REST -------------------------------------------------------------------------------------------
def _seconds(rfc3339: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()


class MinifluxReplay(Replay):
    """Miniflux's REST API v1, from its recording."""

    def __init__(self):
        super().__init__("miniflux-rest.json")
        self.entries: dict[int, dict] = {}
        cut = next(i for i, e in enumerate(self.rec["exchanges"]) if e["name"].startswith("PUT feeds/refresh"))
        self.late: set[int] = set()
        for i, e in enumerate(self.rec["exchanges"]):
            if e["method"] != "GET" or not e["path"].endswith("/entries") or e["status"] != 200:
                continue
            for en in json.loads(e["response_body"])["entries"]:
                if en["id"] not in self.entries:
                    self.entries[en["id"]] = en
                    if i > cut:
                        self.late.add(en["id"])
        for en in self.entries.values():  # a fresh server: every entry unread and not starred
            en["status"], en["starred"] = "unread", False
        self.clock = max(_seconds(en["changed_at"]) for en in self.entries.values())

    def visible(self) -> list[dict]:
        return [e for k, e in sorted(self.entries.items()) if self.updated or k not in self.late]

    def answer(self, method, path, query, form, data, headers):
        if headers.get("x-auth-token") != "<API_KEY>":
            return self.recorded("me, wrong API key")
        rel = path[len(self.base):]
        q = dict(query)
        if method == "GET" and rel == "/feeds":
            return self.recorded("feeds")
        if method == "GET" and rel == "/entries":
            return self.list_entries(q)
        if method == "PUT" and rel == "/entries":
            return self.put_entries(data)
        if method == "POST" and rel == "/feeds":
            if data.get("feed_url") == "http://feeds.example/feeds/3.xml":
                return self.recorded("POST feeds (subscribe; the server fetches it at once)")
            return self.recorded("POST feeds, URL answers 404")
        return self.refuse(f"{method} {rel}")

    def list_entries(self, q: dict):
        if q.get("order", "id") != "id" or q.get("direction", "asc") != "asc":
            return self.refuse("entries in another order")
        es = self.visible()
        if "after_entry_id" in q:
            es = [e for e in es if e["id"] > int(q["after_entry_id"])]
        if "changed_after" in q:
            es = [e for e in es if _seconds(e["changed_at"]) > int(q["changed_after"])]
        if "status" in q:
            es = [e for e in es if e["status"] == q["status"]]
        if q.get("starred") == "true":
            es = [e for e in es if e["starred"]]
        total = len(es)
        offset, limit = int(q.get("offset", 0)), int(q.get("limit", 100))
        doc = {"total": total, "entries": es[offset:offset + limit]}
        return 200, {"content-type": "application/json"}, json.dumps(doc).encode()

    def put_entries(self, data: dict):
        ids = data.get("entry_ids") or []
        if not ids:
            return self.recorded("PUT entries with an empty id list")
        self.clock += 2
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(self.clock))
        for i in ids:
            e = self.entries.get(i)
            if e is None:
                continue
            if "status" in data:
                if data["status"] not in ("read", "unread"):
                    return self.recorded("PUT entries status=bogus (invalid)")
                e["status"] = data["status"]
            if "starred" in data:
                e["starred"] = bool(data["starred"])
            e["changed_at"] = stamp
        return self.recorded("PUT entries status=read")

    def set_elsewhere(self, entry_id: int, **change) -> None:
        """Another client's PUT /v1/entries (as recorded), e.g. status="read" or starred=True."""
        key = "status" if "status" in change else "starred"
        self.put_entries({"entry_ids": [entry_id], key: change[key]})


# ---- Fever ----------------------------------------------------------------------------------------------------
class FeverReplay(Replay):
    """FreshRSS's or Miniflux's Fever API, from their recordings (ids: 16-digit strings on FreshRSS)."""

    def __init__(self, name: str):
        super().__init__(name)
        self.items: dict[int, dict] = {}
        cut = next(i for i, e in enumerate(self.rec["exchanges"]) if "before a feed update" in e["name"])
        self.late: set[int] = set()
        for i, e in enumerate(self.rec["exchanges"]):
            if ["items", None] not in (e.get("query") or []) or e["status"] != 200:
                continue
            for it in json.loads(e["response_body"]).get("items") or []:
                k = int(it["id"])
                if k not in self.items:
                    self.items[k] = it
                    if i > cut:
                        self.late.add(k)
        self.read: set[int] = set()
        self.saved: set[int] = set()

    def visible(self) -> list[int]:
        return sorted(k for k in self.items if self.updated or k not in self.late)

    def envelope(self, **extra) -> tuple[int, dict, bytes]:
        status, headers, body = self.recorded("auth check (?api, api_key in the POST body)")
        return status, headers, json.dumps({**json.loads(body), **extra}).encode()

    def answer(self, method, path, query, form, data, headers):
        f = dict(form)
        if f.get("api_key") != "<API_KEY>":
            return self.recorded("wrong api_key")
        q = [k for k, v in query if k != "api"]
        if "mark" in f:
            k = int(f["id"]) if f["id"].isdigit() else None
            target = {"read": self.read, "unread": self.read, "saved": self.saved, "unsaved": self.saved}[f["as"]]
            if f["mark"] != "item" or k is None:
                return self.refuse(f"mark {f['mark']} {f['id']}")
            if k in self.items:
                (target.add if f["as"] in ("read", "saved") else target.discard)(k)
            return self.envelope()
        if not q:
            return self.envelope()
        if q == ["groups"]:
            return self.recorded("groups")
        if q == ["feeds"]:
            return self.recorded("feeds")
        if q == ["unread_item_ids"]:
            return self.envelope(unread_item_ids=",".join(str(k) for k in self.visible() if k not in self.read))
        if q == ["saved_item_ids"]:
            return self.envelope(saved_item_ids=",".join(str(k) for k in self.visible() if k in self.saved))
        if q[:1] == ["items"] and set(q) <= {"items", "since_id"}:
            since = int(dict(query).get("since_id") or 0)
            ks = [k for k in self.visible() if k > since][:50]
            items = []
            for k in ks:
                it = dict(self.items[k], is_read=int(k in self.read), is_saved=int(k in self.saved))
                items.append(it)
            return self.envelope(items=items, total_items=len(self.visible()))
        return self.refuse(f"fever {q}")
