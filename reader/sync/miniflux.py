"""Miniflux's REST API v1 (``<server>/v1``).

Auth: ``X-Auth-Token`` (token_command) or HTTP Basic (user and password); no login request. Pull: entries
with ``after_entry_id`` (the highest id seen: ids grow as Miniflux fetches, publication dates do not),
``order=id``, 100 a request; state: entries with ``changed_after`` (``changed_at`` moves when status or
starred changes), newest change seen as the mark; the first sync takes the state from the entries
themselves. Push: ``PUT /v1/entries`` with many ids (status read/unread, or starred true/false: never the
bookmark toggle). Subscribe: ``POST /v1/feeds``. A warm sync with nothing new costs 3 requests: feeds,
changed entries, new entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, AsyncIterator

from reader.sync.base import Batch, KnownIds, RemoteFeed, RemoteItem, State, SyncClient
from reader.sync.http import Answer, SyncError, check_status

PAGE = 100  #: entries per request


def _seconds(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class Miniflux(SyncClient):
    service = "miniflux"
    push_batch = 500

    def __init__(self, http, account):
        super().__init__(http, account)
        url = account.url.rstrip("/")
        self.api = url if url.endswith("/v1") else url + "/v1"
        self._changed = 0.0

    def _auth(self) -> dict[str, Any]:
        if self.account.token:
            return {"headers": {"X-Auth-Token": self.account.secret}}
        return {"auth": (self.account.user, self.account.secret)}

    async def _call(self, method: str, path: str, what: str, **kw: Any) -> Answer:
        a = await self.http.request(method, self.api + path, **self._auth(), **kw)
        if a.status in (400, 404, 500) and a.body.strip().startswith(b"{"):
            data = a.json()
            msg = data.get("error_message") if isinstance(data, dict) else None
            if msg:
                raise SyncError(f"Miniflux {what}: {str(msg)[:120]}")
        return check_status(a, f"Miniflux {what}")

    async def login(self) -> None:
        return None  # every request carries the credentials; the first one tells whether they are good

    async def feeds(self) -> list[RemoteFeed]:
        data = (await self._call("GET", "/feeds", "feeds")).json()
        if not isinstance(data, list):
            raise SyncError("Miniflux feeds: malformed answer")
        out = []
        for f in data:
            if not isinstance(f, dict):
                continue
            cat = f.get("category") if isinstance(f.get("category"), dict) else {}
            title = str(cat.get("title") or "")
            out.append(RemoteFeed(id=str(f.get("id")), title=str(f.get("title") or ""), url=str(f.get("feed_url") or ""),
                                  site=str(f.get("site_url") or ""), tags=(title,) if title else ()))
        return out

    async def _entries(self, params: list[tuple[str, str]]) -> AsyncIterator[list[dict]]:
        offset = 0
        while True:
            page = params + [("order", "id"), ("direction", "asc"), ("limit", str(PAGE))] + \
                ([("offset", str(offset))] if offset else [])
            data = (await self._call("GET", "/entries", "entries", params=page)).json()
            entries = data.get("entries") if isinstance(data, dict) else None
            if not isinstance(entries, list):
                raise SyncError("Miniflux entries: malformed answer")
            entries = [e for e in entries if isinstance(e, dict)]
            for e in entries:
                changed = _seconds(e.get("changed_at"))
                if changed:
                    self._changed = max(self._changed, changed)
            yield entries
            if len(entries) < PAGE:
                return
            offset += len(entries)

    async def state(self, cursor: dict[str, Any], local_unread: dict[str, set[str]]) -> State:
        self._changed = float(cursor.get("changed_after") or 0)
        if not cursor.get("changed_after"):
            return State(scope=set())  # first sync: the entries bring their own state
        unread, starred, scope = set(), set(), set()
        async for page in self._entries([("changed_after", str(int(cursor["changed_after"])))]):
            for e in page:
                i = str(e.get("id"))
                scope.add(i)
                if e.get("status") == "unread":
                    unread.add(i)
                if e.get("starred"):
                    starred.add(i)
        return State(unread=unread, starred=starred, scope=scope)

    async def new_items(self, cursor: dict[str, Any], known: KnownIds) -> AsyncIterator[Batch]:
        after = int(cursor.get("after_entry_id") or 0)
        async for page in self._entries([("after_entry_id", str(after))]):
            items = [_item(e) for e in page]
            after = max([after] + [int(i.id) for i in items if i.id.isdigit()])
            yield Batch(items, {"after_entry_id": after, "changed_after": int(self._changed)})

    async def push(self, action: str, ids: list[str]) -> None:
        body: dict[str, Any] = {"entry_ids": [int(i) for i in ids if i.isdigit()]}
        if not body["entry_ids"]:
            return
        if action in ("read", "unread"):
            body["status"] = action
        else:
            body["starred"] = action == "star"
        await self._call("PUT", "/entries", f"mark {action}", json=body)

    async def subscribe(self, url: str) -> str:
        data = (await self._call("POST", "/feeds", "subscribe", json={"feed_url": url})).json()
        return f"feed {data.get('feed_id')}" if isinstance(data, dict) else "subscribed"


def _item(e: dict) -> RemoteItem:
    return RemoteItem(id=str(e.get("id")), feed_id=str(e.get("feed_id")), title=_s(e.get("title")),
                      url=_s(e.get("url")), author=_s(e.get("author")), published=_seconds(e.get("published_at")),
                      html=_s(e.get("content")), read=e.get("status") == "read", starred=bool(e.get("starred")))


def _s(v: Any) -> str:
    return v if isinstance(v, str) else ""
