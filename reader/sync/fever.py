"""The Fever API (FreshRSS, Miniflux, Coldsweat and others).

``POST <url>?api&<command>`` with ``api_key`` = md5("user:password") in the form body, and no login call
(the key goes with every call). One command per request (Miniflux answers only the first). Pull:
``items&since_id=`` (at most 50 per answer, ascending ids on every server, so the cursor moves with each
batch). State: ``unread_item_ids`` and ``saved_item_ids`` (comma-separated strings). Push: ``mark=item``
one id per request (the API has no batch form). Ids are integers on Miniflux and Coldsweat and 16-digit
strings on FreshRSS: both become decimal strings here. Fever cannot subscribe.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any, AsyncIterator

from reader.sync.base import Batch, KnownIds, RemoteFeed, RemoteItem, State, SyncClient
from reader.sync.http import SyncError

PUSH_AT_ONCE = 4  #: mark requests in flight together


class Fever(SyncClient):
    service = "fever"
    can_subscribe = False
    push_batch = 50

    def _key(self) -> str:
        return hashlib.md5(f"{self.account.user}:{self.account.secret}".encode()).hexdigest()

    async def _call(self, query: str = "", form: dict[str, str] | None = None, what: str = "") -> dict:
        url = self.account.url.split("?", 1)[0] + "?api" + (f"&{query}" if query else "")
        a = await self.http.request("POST", url, data={"api_key": self._key(), **(form or {})})
        what = f"Fever {what or query or 'api'}"
        if a.status in (401, 403):
            raise SyncError(f"{what}: the server refused the credentials (HTTP {a.status})", auth=True)
        if a.status >= 500:
            raise SyncError(f"{what}: server error (HTTP {a.status})")
        if a.status == 404 and form and "mark" in form:
            return {}  # Coldsweat: an item it no longer has
        if a.status != 200:
            raise SyncError(f"{what}: HTTP {a.status}")
        if not a.body.strip() and form and "mark" in form:
            return {}  # Miniflux answers a mark it ignores with an empty body
        data = a.json()
        if not isinstance(data, dict):
            raise SyncError(f"{what}: malformed answer")
        if data.get("auth") != 1:
            raise SyncError("Fever: the server refused the API key (check user and password)", auth=True)
        return data

    async def login(self) -> None:
        return None  # the key goes with every call: the first one tells whether it is good

    async def feeds(self) -> list[RemoteFeed]:
        groups = await self._call("groups")
        names = {str(g.get("id")): str(g.get("title") or "") for g in _dicts(groups.get("groups"))}
        tags: dict[str, list[str]] = {}
        for fg in _dicts(groups.get("feeds_groups")):
            name = names.get(str(fg.get("group_id")), "")
            for fid in _ids(fg.get("feed_ids")):
                if name:
                    tags.setdefault(fid, []).append(name)
        feeds = await self._call("feeds")
        return [RemoteFeed(id=str(f.get("id")), title=str(f.get("title") or ""), url=str(f.get("url") or ""),
                           site=str(f.get("site_url") or ""), tags=tuple(tags.get(str(f.get("id")), ())))
                for f in _dicts(feeds.get("feeds"))]

    async def state(self, cursor: dict[str, Any], local_unread: dict[str, set[str]]) -> State:
        unread = _ids((await self._call("unread_item_ids")).get("unread_item_ids"))
        starred = _ids((await self._call("saved_item_ids")).get("saved_item_ids"))
        return State(unread=unread, starred=starred)

    async def new_items(self, cursor: dict[str, Any], known: KnownIds) -> AsyncIterator[Batch]:
        since = int(cursor.get("since_id") or 0)
        while True:
            data = await self._call(f"items&since_id={since}", what="items")
            items = [_item(i) for i in _dicts(data.get("items"))]
            ids = [int(i.id) for i in items if i.id.isdigit()]
            if not ids:
                return
            since = max(since, max(ids))
            yield Batch(items, {"since_id": since})
            if len(items) < 50:  # every server sends 50 while more are waiting
                return

    async def push(self, action: str, ids: list[str]) -> None:
        verb = {"read": "read", "unread": "unread", "star": "saved", "unstar": "unsaved"}[action]
        gate = asyncio.Semaphore(PUSH_AT_ONCE)

        async def one(item_id: str) -> None:
            async with gate:
                await self._call(form={"mark": "item", "as": verb, "id": item_id}, what=f"mark {verb}")

        await asyncio.gather(*(one(i) for i in ids))

    async def subscribe(self, url: str) -> str:
        raise SyncError("Fever has no call to subscribe: add the feed on the server itself")


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _ids(value: Any) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {p.strip() for p in value.split(",") if p.strip().isdigit()}


def _item(i: dict) -> RemoteItem:
    created = i.get("created_on_time")
    return RemoteItem(id=str(i.get("id")), feed_id=str(i.get("feed_id")), title=_s(i.get("title")),
                      url=_s(i.get("url")), author=_s(i.get("author")),
                      published=float(created) if isinstance(created, (int, float)) and created > 0 else None,
                      html=_s(i.get("html")), read=bool(i.get("is_read")), starred=bool(i.get("is_saved")))


def _s(v: Any) -> str:
    return v if isinstance(v, str) else ""
