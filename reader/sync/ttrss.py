"""Tiny Tiny RSS JSON API (``/api/``, API level 15 and later).

Every call is a POST of one JSON object ``{"op": ..., "sid": ...}``; the answer is
``{"seq", "status": 0|1, "content"}``. Pull: ``getHeadlines`` on the all-articles feed (-4) with
``since_id`` (the highest id seen), 200 headlines with content per page. State: the unread (-4,
``view_mode=unread``) and starred (-1) id sets, 200 ids per page. Push: ``updateArticle`` with many ids
at once (field 2 = unread, field 0 = marked, i.e. starred). Subscribe: ``subscribeToFeed``.
"""

from __future__ import annotations

from typing import Any, AsyncIterator

from reader.sync.base import Batch, KnownIds, RemoteFeed, RemoteItem, State, SyncClient
from reader.sync.http import SyncError, check_status

PAGE = 200  #: the most headlines TT-RSS returns per call
_SUBSCRIBE = {0: "already subscribed", 1: "subscribed", 2: "the server says the URL is invalid",
              3: "the server found no feed at that URL", 4: "the page lists several feeds: give one of them",
              5: "the server could not download the feed"}


class TinyTinyRSS(SyncClient):
    service = "ttrss"
    push_batch = 500

    sid: str | None = None

    def _api(self) -> str:
        url = self.account.url
        if not url.rstrip("/").endswith("/api"):
            url = url.rstrip("/") + "/api/"
        return url if url.endswith("/") else url + "/"

    async def _call(self, op: str, **params: Any) -> Any:
        body = {"op": op, **params}
        if self.sid is not None:
            body["sid"] = self.sid
        a = check_status(await self.http.request("POST", self._api(), json=body), f"TT-RSS {op}")
        data = a.json()
        if not isinstance(data, dict):
            raise SyncError(f"TT-RSS {op}: malformed answer")
        content = data.get("content")
        if data.get("status") != 0:
            err = content.get("error") if isinstance(content, dict) else None
            if err == "NOT_LOGGED_IN":
                raise SyncError("TT-RSS: the session ended (NOT_LOGGED_IN)", auth=True)
            if err == "LOGIN_ERROR":
                raise SyncError("TT-RSS: the server refused the user name or password", auth=True)
            if err == "API_DISABLED":
                raise SyncError("TT-RSS: API access is off for this user (Preferences > Enable API)", auth=True)
            raise SyncError(f"TT-RSS {op}: {str(err or 'error')[:80]}")
        return content

    async def login(self) -> None:
        content = await self._call("login", user=self.account.user, password=self.account.secret)
        sid = content.get("session_id") if isinstance(content, dict) else None
        if not isinstance(sid, str) or not sid:
            raise SyncError("TT-RSS login: malformed answer (no session)")
        self.sid = sid

    async def feeds(self) -> list[RemoteFeed]:
        cats = await self._call("getCategories", include_empty=True)
        names = {str(c.get("id")): str(c.get("title") or "") for c in _dicts(cats)}
        out = []
        for f in _dicts(await self._call("getFeeds", cat_id=-3)):
            cat = names.get(str(f.get("cat_id")), "")
            tags = (cat,) if cat and str(f.get("cat_id")) not in ("0", "-1", "-2") else ()
            out.append(RemoteFeed(id=str(f.get("id")), title=str(f.get("title") or ""),
                                  url=str(f.get("feed_url") or ""), tags=tags))
        return out

    async def _ids(self, **params: Any) -> set[str]:
        ids: set[str] = set()
        skip = 0
        while True:
            page = _dicts(await self._call("getHeadlines", limit=PAGE, skip=skip, show_excerpt=False,
                                           show_content=False, **params))
            ids.update(str(h.get("id")) for h in page)
            if len(page) < PAGE:
                return ids
            skip += len(page)

    async def state(self, cursor: dict[str, Any]) -> State:
        unread = await self._ids(feed_id=-4, view_mode="unread")
        starred = await self._ids(feed_id=-1, view_mode="all_articles")
        return State(unread=unread, starred=starred)

    async def new_items(self, cursor: dict[str, Any], known: KnownIds) -> AsyncIterator[Batch]:
        since = int(cursor.get("since_id") or 0)
        top, skip = since, 0
        while True:
            page = _dicts(await self._call("getHeadlines", feed_id=-4, view_mode="all_articles", since_id=since,
                                           limit=PAGE, skip=skip, show_content=True, show_excerpt=False,
                                           include_attachments=False))
            items = [_item(h) for h in page]
            top = max([top] + [int(i.id) for i in items if i.id.isdigit()])
            last = len(page) < PAGE
            # the order is by date, not id: the cursor moves only once every page is stored
            yield Batch(items, {"since_id": top} if last else None)
            if last:
                return
            skip += len(page)

    async def push(self, action: str, ids: list[str]) -> None:
        field, mode = {"read": (2, 0), "unread": (2, 1), "star": (0, 1), "unstar": (0, 0)}[action]
        await self._call("updateArticle", article_ids=",".join(ids), mode=mode, field=field)

    async def subscribe(self, url: str) -> str:
        status = await self._call("subscribeToFeed", feed_url=url)
        code = status.get("status", {}).get("code") if isinstance(status, dict) else None
        if code in (0, 1):
            return _SUBSCRIBE[code]
        raise SyncError(f"TT-RSS subscribe: {_SUBSCRIBE.get(code, f'failed (code {code})')}")


def _dicts(value: Any) -> list[dict]:
    if not isinstance(value, list):
        raise SyncError("TT-RSS: malformed answer (a list was expected)")
    return [v for v in value if isinstance(v, dict)]


def _item(h: dict) -> RemoteItem:
    updated = h.get("updated")
    return RemoteItem(id=str(h.get("id")), feed_id=str(h.get("feed_id")), title=_s(h.get("title")),
                      url=_s(h.get("link")), author=_s(h.get("author")),
                      published=float(updated) if isinstance(updated, (int, float)) else None,
                      html=_s(h.get("content")), read=not h.get("unread", True), starred=bool(h.get("marked")))


def _s(v: Any) -> str:
    return v if isinstance(v, str) else ""
