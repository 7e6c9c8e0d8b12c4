"""Tiny Tiny RSS JSON API (``/api/``, API level 15 and later).

Every call is a POST of one JSON object ``{"op": ..., "sid": ...}``; the answer is
``{"seq", "status": 0|1, "content"}``. Pull: entries by id with ``getArticle`` (unsanitised; ours is the
sanitiser that counts), 1,000 ids a request (halved while an answer is over the size cap), four requests
always out: upwards from ``since_id`` (the highest id seen) past the newest entry ``getHeadlines`` names above
it, until it names none; at a first sync downwards from the newest entry too. Entry ids are shared by every
user of a server, so where ours are too sparse for that (four ranges in a row hold none of ours while the
server names one above, or at a first sync its oldest entry lies below the ids read), the rest comes as
``getHeadlines`` pages with content since the last id instead. Reading by id is what makes a first sync fast:
the server renders a headline 3-4 times as slowly as it returns an entry by id (0.5 s against 0.13 s for 200
on the bench). State, once the new entries are stored: the starred set (-1) at every sync; the
whole unread set (-4, ``view_mode=unread``; as many pages at once as the unread counts of ``getFeeds``
call for) when the server holds up to 1,000 unread entries or the last sync is over 20 hours old;
otherwise the entries read in the last day (-6, "recently read", the server's own 24-hour window), and
the unread set of each feed whose unread count still differs from ours once those reads are counted.
A mark made elsewhere as read shows in the first, as unread in the second (the count is one higher than
ours), so every mark arrives at the next sync, even a read and an unread in one feed. Push:
``updateArticle`` with many ids at once (field 2 = unread, field 0 = marked, i.e. starred). Subscribe:
``subscribeToFeed``.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import time
from typing import Any, AsyncIterator

from reader.sync.base import Batch, KnownIds, RemoteFeed, RemoteItem, State, SyncClient
from reader.sync.http import SyncError, check_status

PAGE = 200  #: the most headlines TT-RSS returns per call
SPAN = 1000  #: entry ids asked for in one getArticle request (halved while an answer is over the size cap)
AT_ONCE = 4  #: id-set pages asked for together
RECENT = 20 * 3600.0  #: seconds since the last sync within which TT-RSS's "recently read" (one day) covers it
SMALL = 1000  #: unread entries up to which the whole unread set is read at every sync (5 pages)
_SUBSCRIBE = {0: "already subscribed", 1: "subscribed", 2: "the server says the URL is invalid",
              3: "the server found no feed at that URL", 4: "the page lists several feeds: give one of them",
              5: "the server could not download the feed"}


class TinyTinyRSS(SyncClient):
    service = "ttrss"
    push_batch = 500
    state_after_pull = True  #: its unread counts are compared with ours once the new entries are stored

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

    async def _ids(self, expected: int = 0, **params: Any) -> set[str]:
        """Ids of a virtual feed, 200 a page: the pages ``expected`` calls for are asked for together
        (TT-RSS serves several requests at once), then any further ones one by one."""
        async def page(skip: int) -> list[dict]:
            async with self._gate:
                return _dicts(await self._call("getHeadlines", limit=PAGE, skip=skip, show_excerpt=False,
                                               show_content=False, **params))

        ids: set[str] = set()
        first = max(1, -(-expected // PAGE))
        pages = await asyncio.gather(*(page(i * PAGE) for i in range(first)))
        skip = first * PAGE
        while True:
            for p in pages:
                ids.update(str(h.get("id")) for h in p)
            if len(pages[-1]) < PAGE:
                return ids
            pages = [await page(skip)]
            skip += PAGE

    async def state(self, cursor: dict[str, Any], local_unread: dict[str, set[str]]) -> State:
        self._gate = asyncio.Semaphore(AT_ONCE)
        counts: dict[str, int] = {}
        for f in _dicts(await self._call("getFeeds", cat_id=-3)):
            try:
                counts[str(f.get("id"))] = int(f.get("unread") or 0)
            except (TypeError, ValueError):
                pass
        total, now = sum(counts.values()), time.time()
        starred = self._ids(0, feed_id=-1, view_mode="all_articles")
        if total <= SMALL or now - float(cursor.get("full_at") or 0) > RECENT:  # the whole unread set
            unread, starred_ids = await asyncio.gather(self._ids(total, feed_id=-4, view_mode="unread"), starred)
            return State(unread=unread, starred=starred_ids, cursor={"full_at": now})
        # a large server: what was read in the last day (-6, "recently read"), then the unread set of every feed
        # whose unread count still differs from ours once those reads are counted (a mark as unread)
        starred_ids, read = await asyncio.gather(starred, self._ids(0, feed_id=-6, view_mode="all_articles"))
        changed = [fid for fid, n in counts.items()
                   if fid.lstrip("-").isdigit() and n != len(local_unread.get(fid, set()) - read)]
        sets = await asyncio.gather(*(self._ids(counts[fid], feed_id=int(fid), view_mode="unread") for fid in changed))
        return State(unread=set().union(*sets), starred=starred_ids, read=read, read_feeds=changed,
                     cursor={"full_at": now})

    async def new_items(self, cursor: dict[str, Any], known: KnownIds) -> AsyncIterator[Batch]:
        since = int(cursor.get("since_id") or 0)
        full_at = time.time() if not cursor else float(cursor.get("full_at") or 0)  # a first sync's entries bring
        # their whole state
        self._gate_new = asyncio.Semaphore(AT_ONCE)

        def mark(top: int) -> dict[str, Any]:
            return {"since_id": top, "full_at": full_at}

        newest = await self._newest_above(since)
        if newest is None:  # nothing new: one request
            yield Batch([], mark(since))
            return
        top, sparse = since, False
        if since == 0:  # a first sync: from the newest entry down, then make sure nothing lies below
            low = newest + 1
            async for items in self._by_id(newest, down=True):
                low = min([low] + [int(i.id) for i in items])
                top = max([top] + [int(i.id) for i in items])
                yield Batch(items)
            oldest = _dicts(await self._call("getHeadlines", feed_id=-4, view_mode="all_articles", limit=1,
                                             order_by="date_reverse", show_content=False, show_excerpt=False))
            sparse = any(int(h.get("id") or 0) < low for h in oldest)
            scan, newest = newest + 1, await self._newest_above(newest)
        else:
            scan = since + 1
        while not sparse and newest is not None:  # upwards, past the newest entry the server names, until none
            async for items in self._by_id(scan, up_to=newest):
                if items is None:
                    sparse = True
                    break
                top = max([top] + [int(i.id) for i in items])
                yield Batch(items, mark(top))
            scan = self._scanned + 1
            if not sparse:
                newest = await self._newest_above(scan - 1)
        if not sparse:
            yield Batch([], mark(top))
            return
        # ids too sparse for reading by id (a server shared by many users): headline pages since the last id
        async for batch in self._headlines(0 if since == 0 else top, mark):
            yield batch

    async def _newest_above(self, since: int) -> int | None:
        """The id of the newest entry above ``since`` (by date entered: almost always the highest), or None."""
        got = _dicts(await self._call("getHeadlines", feed_id=-4, view_mode="all_articles", since_id=since, limit=1,
                                      show_content=False, show_excerpt=False))
        ids = [int(h["id"]) for h in got if isinstance(h.get("id"), int)]
        return max(ids) if ids else None

    async def _articles(self, first: int, last: int) -> list[RemoteItem]:
        """The entries with ids first..last (getArticle, unsanitised: our sanitiser runs on every entry)."""
        first = max(first, 1)
        if last < first:
            return []
        try:
            async with self._gate_new:
                got = _dicts(await self._call("getArticle", article_id=",".join(map(str, range(first, last + 1))),
                                              sanitize=False))
        except SyncError as e:  # long entries: the same ids in two requests of half the size
            if not e.too_big or last - first < 16:
                raise
            mid = (first + last) // 2
            return await self._articles(first, mid) + await self._articles(mid + 1, last)
        items = [_item(a) for a in got if str(a.get("feed_id") or "0") not in ("0", "None")]
        return sorted((i for i in items if i.id.isdigit()), key=lambda i: int(i.id))

    async def _by_id(self, start: int, up_to: int = 0, down: bool = False) -> AsyncIterator[list[RemoteItem] | None]:
        """Entries read by id range, SPAN ids a request, in id order, AT_ONCE requests always out (the server's
        time and ours overlap): upwards from ``start`` past ``up_to`` (None once AT_ONCE ranges in a row hold
        nothing of ours: the ids are too sparse; the last id asked for in ``_scanned``), or downwards from
        ``start`` until AT_ONCE ranges in a row hold nothing (or id 1 is reached)."""
        step = -SPAN if down else SPAN
        self._scanned = start if down else start - 1
        ranges = iter(range(start, 0 if down else up_to + 1, step))

        def ask(first: int) -> asyncio.Future:
            lo, hi = (first - SPAN + 1, first) if down else (first, first + SPAN - 1)
            self._scanned = hi
            return asyncio.ensure_future(self._articles(lo, hi))

        out = collections.deque(ask(r) for r in itertools.islice(ranges, AT_ONCE))
        empty = 0
        try:
            while out:
                items = await out.popleft()
                empty = 0 if items else empty + 1
                if empty >= AT_ONCE:
                    if not down:
                        yield None
                    return
                nxt = next(ranges, None)
                if nxt is not None:
                    out.append(ask(nxt))
                if items:
                    yield items
        finally:
            for f in out:
                f.cancel()
            await asyncio.gather(*out, return_exceptions=True)

    async def _headlines(self, since: int, mark) -> AsyncIterator[Batch]:
        """Headline pages with content since ``since``, four at a time (the slower way: the server renders
        every headline, 3-4 times the work of reading entries by id)."""
        top = since
        gate = asyncio.Semaphore(AT_ONCE)

        async def page(skip: int) -> list[dict]:
            async with gate:
                return _dicts(await self._call("getHeadlines", feed_id=-4, view_mode="all_articles", since_id=since,
                                               limit=PAGE, skip=skip, show_content=True, show_excerpt=False,
                                               include_attachments=False))

        # the order is by date, not id, so the cursor moves only once every page is stored. An entry arriving
        # meanwhile shifts the pages by one: it may come twice (stored once), never be skipped.
        wave = 0
        while True:
            pages = await asyncio.gather(*(page((wave + i) * PAGE) for i in range(AT_ONCE)))
            wave += len(pages)
            for p in pages:
                items = [_item(h) for h in p]
                top = max([top] + [int(x.id) for x in items if x.id.isdigit()])
                last = len(p) < PAGE
                yield Batch(items, mark(top) if last else None)
                if last:
                    return

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
