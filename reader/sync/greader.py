"""The Google Reader API, as FreshRSS (``…/api/greader.php``) and Miniflux (server root) serve it.

Login: POST ``accounts/ClientLogin`` (Email, Passwd) gives ``Auth``, sent as ``Authorization: GoogleLogin
auth=…``. POSTs also carry the ``T`` token (fetched once, only when something is POSTed; Miniflux checks
it on every POST, FreshRSS on some) and a refused token is fetched again once.

Pull: the unread (``reading-list`` minus ``read``) and starred id sets from ``stream/items/ids``; the ids
new since the last sync (``ot=``, seconds, with the newest crawl time seen as the mark: FreshRSS compares
it with fetch time, Miniflux with publication time, so also every unread or starred id not stored yet);
then their contents by POST ``stream/items/contents``, 100 ids a request. A first sync takes every id
(oldest first). Continuations are opaque (an id on FreshRSS, an offset on Miniflux). Item ids arrive
decimal from ``stream/items/ids`` and in long hex form inside items: both become the decimal string.
State prefixes ``user/-/`` and ``user/1/`` are compared with the user part taken out. A warm sync with
nothing new costs 4 requests: login, unread ids, starred ids, new ids (the engine reads the subscription
list only now and then).
"""

from __future__ import annotations

import re
from typing import Any, AsyncIterator

from reader.sync.base import Batch, KnownIds, RemoteFeed, RemoteItem, State, SyncClient
from reader.sync.http import Answer, SyncError, check_status

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
IDS_PAGE = 1000  #: ids per stream/items/ids request
CONTENTS_BATCH = 100  #: ids per stream/items/contents request
_LONG = "tag:google.com,2005:reader/item/"
_USER = re.compile(r"^user/[^/]*/")


def item_id(raw: Any) -> str | None:
    """An item id in any of its forms (decimal, long form, bare hex) as the decimal string."""
    if isinstance(raw, int):
        return str(raw)
    if not isinstance(raw, str) or not raw:
        return None
    if raw.startswith(_LONG):
        raw = raw[len(_LONG):]
        base = 16
    elif raw.isdigit() and not (len(raw) == 16 and raw.startswith("0")):
        return str(int(raw))
    else:
        base = 16
    try:
        return str(int(raw, base))
    except ValueError:
        return None


def state_name(stream: str) -> str:
    """``user/1/state/com.google/read`` -> ``user/-/state/com.google/read`` (any user part)."""
    return _USER.sub("user/-/", stream) if isinstance(stream, str) else ""


class GoogleReader(SyncClient):
    service = "greader"
    push_batch = 100

    auth: str | None = None
    token: str | None = None

    def __init__(self, http, account):
        super().__init__(http, account)
        base = account.url.rstrip("/")
        self.api = base + "/reader/api/0/"
        self.login_url = base + "/accounts/ClientLogin"
        self._unread: set[str] = set()
        self._starred: set[str] = set()

    # ---- requests ------------------------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"GoogleLogin auth={self.auth}"}

    def _check(self, a: Answer, what: str) -> Answer:
        if a.status == 401 and a.headers.get("x-reader-google-bad-token", "").lower() == "true":
            raise SyncError(f"Google Reader {what}: the server refused the session token", auth=True)
        return check_status(a, f"Google Reader {what}")

    async def _get(self, path: str, params: list[tuple[str, str]]) -> Answer:
        a = await self.http.request("GET", self.api + path, params=params, headers=self._headers())
        return self._check(a, path)

    async def _post(self, path: str, form: list[tuple[str, str]], params: list | None = None) -> Answer:
        for attempt in (0, 1):
            if self.token is None or attempt:
                a = self._check(await self.http.request("GET", self.api + "token", headers=self._headers()), "token")
                self.token = a.text.strip()
            a = await self.http.request("POST", self.api + path, params=params or [],
                                        data=[("T", self.token), *form], headers=self._headers())
            if a.status == 401 and not attempt:
                continue  # the token may have expired: fetch a fresh one once
            return self._check(a, path)
        raise AssertionError("unreachable")

    @staticmethod
    def _json(a: Answer, what: str) -> dict:
        data = a.json()
        if not isinstance(data, dict):  # Miniflux answers calls it does not support with []
            raise SyncError(f"Google Reader {what}: the server does not support this call")
        return data

    # ---- the interface ---------------------------------------------------------------------------------
    async def login(self) -> None:
        a = await self.http.request("POST", self.login_url,
                                    data={"Email": self.account.user, "Passwd": self.account.secret})
        if a.status in (401, 403):
            raise SyncError("Google Reader: the server refused the user name or password", auth=True)
        check_status(a, "Google Reader login")
        for line in a.text.splitlines():
            if line.startswith("Auth="):
                self.auth = line[5:].strip()
        if not self.auth:
            raise SyncError("Google Reader login: malformed answer (no Auth)")

    async def feeds(self) -> list[RemoteFeed]:
        data = self._json(await self._get("subscription/list", [("output", "json")]), "subscription/list")
        out = []
        for s in data.get("subscriptions") or []:
            if not isinstance(s, dict) or not isinstance(s.get("id"), str):
                continue
            tags = tuple(str(c.get("label") or "") for c in s.get("categories") or [] if isinstance(c, dict))
            out.append(RemoteFeed(id=s["id"], title=str(s.get("title") or ""), url=str(s.get("url") or ""),
                                  site=str(s.get("htmlUrl") or ""), tags=tuple(t for t in tags if t)))
        return out

    async def _ids(self, params: list[tuple[str, str]]) -> list[str]:
        out: list[str] = []
        cont = None
        for _ in range(1000):
            page = params + [("n", str(IDS_PAGE))] + ([("c", cont)] if cont else []) + [("output", "json")]
            data = self._json(await self._get("stream/items/ids", page), "stream/items/ids")
            out += [i for i in (item_id(r.get("id")) for r in data.get("itemRefs") or [] if isinstance(r, dict)) if i]
            cont = data.get("continuation")
            if not cont or not data.get("itemRefs"):
                return out
            cont = str(cont)
        raise SyncError("Google Reader stream/items/ids: the continuation never ends")

    async def state(self, cursor: dict[str, Any], local_unread: dict[str, set[str]]) -> State:
        self._unread = set(await self._ids([("s", READING_LIST), ("xt", READ)]))
        self._starred = set(await self._ids([("s", STARRED)]))
        return State(unread=set(self._unread), starred=set(self._starred))

    async def new_items(self, cursor: dict[str, Any], known: KnownIds) -> AsyncIterator[Batch]:
        if cursor.get("ot"):
            wanted = await self._ids([("s", READING_LIST), ("ot", str(int(cursor["ot"])))])
        else:
            wanted = await self._ids([("s", READING_LIST), ("r", "o")])
        seen = set(wanted)
        wanted += sorted((self._unread | self._starred) - seen, key=int)  # arrived unread, or starred elsewhere
        wanted = [i for i in dict.fromkeys(wanted) if i not in known]
        ot = float(cursor.get("ot") or 0)
        if not wanted:
            yield Batch([], {"ot": ot})
            return
        for i in range(0, len(wanted), CONTENTS_BATCH):
            chunk = wanted[i:i + CONTENTS_BATCH]
            data = self._json(await self._post("stream/items/contents", [("i", x) for x in chunk],
                                               [("output", "json")]), "stream/items/contents")
            items = [it for it in (_item(x) for x in data.get("items") or [] if isinstance(x, dict)) if it]
            for raw in data.get("items") or []:
                crawl = raw.get("crawlTimeMsec") if isinstance(raw, dict) else None
                if isinstance(crawl, str) and crawl.isdigit():
                    ot = max(ot, int(crawl) / 1000)
            last = i + CONTENTS_BATCH >= len(wanted)
            yield Batch(items, {"ot": ot} if last else None)

    async def push(self, action: str, ids: list[str]) -> None:
        tag = {"read": ("a", READ), "unread": ("r", READ), "star": ("a", STARRED), "unstar": ("r", STARRED)}[action]
        a = await self._post("edit-tag", [("i", i) for i in ids] + [tag])
        if a.text.strip() != "OK":
            raise SyncError(f"Google Reader edit-tag: unexpected answer {a.text.strip()[:40]!r}")

    async def subscribe(self, url: str) -> str:
        a = await self.http.request("POST", self.api + "subscription/quickadd",
                                    data=[("T", await self._token()), ("quickadd", url)], headers=self._headers())
        if a.status >= 500:
            msg = a.json().get("error_message") if a.body.strip().startswith(b"{") else None
            raise SyncError(f"Google Reader subscribe: {str(msg or f'server error (HTTP {a.status})')[:120]}")
        data = self._json(self._check(a, "subscription/quickadd"), "subscription/quickadd")
        if not data.get("numResults"):
            raise SyncError(f"Google Reader subscribe: {str(data.get('error') or 'the server found no feed')[:120]}")
        return str(data.get("streamName") or data.get("streamId") or url)

    async def _token(self) -> str:
        if self.token is None:
            a = self._check(await self.http.request("GET", self.api + "token", headers=self._headers()), "token")
            self.token = a.text.strip()
        return self.token


def _href(links: Any) -> str:
    if isinstance(links, list):
        for link in links:
            if isinstance(link, dict) and isinstance(link.get("href"), str):
                return link["href"]
    return ""


def _item(raw: dict) -> RemoteItem | None:
    iid = item_id(raw.get("id"))
    origin = raw.get("origin") if isinstance(raw.get("origin"), dict) else {}
    if iid is None or not isinstance(origin.get("streamId"), str):
        return None
    cats = {state_name(c) for c in raw.get("categories") or [] if isinstance(c, str)}
    body = raw.get("content") if isinstance(raw.get("content"), dict) else raw.get("summary")
    html = body.get("content") if isinstance(body, dict) else ""
    published = raw.get("published")
    return RemoteItem(id=iid, feed_id=origin["streamId"], title=_s(raw.get("title")),
                      url=_href(raw.get("canonical")) or _href(raw.get("alternate")), author=_s(raw.get("author")),
                      published=float(published) if isinstance(published, (int, float)) else None,
                      html=_s(html), read=READ in cats, starred=STARRED in cats)


def _s(v: Any) -> str:
    return v if isinstance(v, str) else ""
