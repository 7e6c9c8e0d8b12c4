"""One sync with the feed server: push the outbox, then pull sources, state and new entries.

    outbox (latest mark per article and field) ──► client.push, in batches ──► Store.outbox_accepted
    client.feeds ──► Store.sync_sources (server subscriptions become sources, categories their tags; at the
                     first sync, hourly, and whenever an entry comes from a feed not seen yet)
    client.state ──► Store.apply_server_state (unread / starred sets; pending local marks untouched; after the
                     new entries for a client that compares unread counts with ours, TT-RSS)
    client.new_items(cursor) ──► BudgetPool: entries.to_entries (sanitiser, text), a batch per worker
                             ──► Store.apply_synced: a transaction per batch, in order, with its flags and cursor
    (their key figures are worked out afterwards, like a refresh's: reader/analysis.py)

Conflicts: the newer change wins. A mark made in szreader is newer than the server state szreader last
saw, so it is sent before anything is pulled, and while it is still in the outbox (the server down, or
refusing) no pull may undo it locally. Once the server has accepted it, the server's state is the
truth again, and a change made elsewhere after that comes down at the next sync. The APIs do not date
their read/starred changes (Fever, Google Reader, TT-RSS), so a change made elsewhere between two syncs
to the same article as a pending local mark counts as older than that mark: the local mark is sent and
wins.

Every failure ends the sync with one line (recorded for ``sync status`` and ``feeds``); what was stored
so far stays, marks not yet accepted stay queued, and reading goes on locally.
"""

from __future__ import annotations

import asyncio
import collections
import time
from dataclasses import dataclass
from typing import Any

from reader.config import Settings, SyncConfig
from reader.errors import ReaderError
from reader.sanitize import clean_line, clean_url
from reader.store import FeedUpdate, StoredEntry
from reader.sync.base import ACTIONS, KnownIds, SyncClient
from reader.sync.http import SyncError, SyncHTTP

MAX_PAGES = 100  #: article pages fetched in one sync (as for one feed in a refresh)
CHUNK = 200  #: entries per worker task (each task has the pool's time budget)
SOURCES_EVERY = 3600.0  #: seconds between reads of the subscription list, unless an entry needs one
_ACTION = {("read", 1): "read", ("read", 0): "unread", ("starred", 1): "star", ("starred", 0): "unstar"}


@dataclass
class SyncReport:
    """What one sync did."""

    service: str
    url: str
    pushed: int = 0  #: marks the server accepted
    received: int = 0  #: entries the server sent
    new: int = 0
    changed: int = 0
    state_changes: int = 0  #: local articles whose read/starred state followed the server
    sources: int = 0
    requests: int = 0
    seconds: float = 0.0
    error: str | None = None


def client_for(service: str):
    """The client class for a [sync] service name."""
    if service == "ttrss":
        from reader.sync.ttrss import TinyTinyRSS
        return TinyTinyRSS
    if service == "fever":
        from reader.sync.fever import Fever
        return Fever
    if service == "greader":
        from reader.sync.greader import GoogleReader
        return GoogleReader
    if service == "miniflux":
        from reader.sync.miniflux import Miniflux
        return Miniflux
    raise SyncError(f"unknown sync service {service!r}")


async def _ahead(batches):
    """The batches of an async iterator, the next one requested while the caller stores this one (the
    server's time and ours overlap; batches are still stored in order, so cursors keep their meaning)."""
    it = batches.__aiter__()
    nxt = asyncio.ensure_future(it.__anext__())
    try:
        while True:
            try:
                batch = await nxt
            except StopAsyncIteration:
                return
            nxt = asyncio.ensure_future(it.__anext__())
            yield batch
    finally:
        if not nxt.done():
            nxt.cancel()
            try:
                await nxt
            except (asyncio.CancelledError, StopAsyncIteration, Exception):
                pass


class Engine:
    """Sync ``cfg``'s server into the store behind ``st`` (a refresh's StoreThread), using ``pool``."""

    def __init__(self, cfg: SyncConfig, settings: Settings, st, pool, account=None, page=None):
        self.cfg, self.settings, self.st, self.pool = cfg, settings, st, pool
        self.page = page  #: the refresh's page fetch (async, takes a StoredEntry), for [sync] full_text
        self.pages_left = MAX_PAGES
        self.account = account  # tests may pass one; else resolved from cfg when the sync starts
        self.report = SyncReport(cfg.service, cfg.url)

    async def run(self) -> SyncReport:
        start = time.monotonic()
        http = SyncHTTP(self.settings)
        try:
            async with http:
                await self._run(http)
            await self.st.call("record_sync", True, None, self._record(http))
        except ReaderError as e:
            self.report.error = str(e)[:300]
        except Exception as e:  # a bug must cost the sync, not the refresh
            self.report.error = f"internal error: {type(e).__name__}: {e}"[:300]
        finally:
            self.report.requests = http.requests
            self.report.seconds = time.monotonic() - start
        if self.report.error is not None:
            try:
                await self.st.call("record_sync", False, self.report.error, self._record(http))
            except ReaderError:
                pass
        return self.report

    def _record(self, http: SyncHTTP) -> dict[str, Any]:
        r = self.report
        return {"service": self.cfg.service, "url": self.cfg.url, "requests": http.requests, "pushed": r.pushed,
                "new": r.new}

    async def _run(self, http: SyncHTTP) -> None:
        from reader.sync import credentials

        account = self.account or credentials.account(self.cfg)
        client: SyncClient = client_for(self.cfg.service)(http, account)
        state = await self.st.call("sync_state")
        scope = f"{self.cfg.service} {self.cfg.url} {self.cfg.user}"
        cursor: dict[str, Any] = state.get("cursor") or {} if state.get("account") == scope else {}
        if state.get("account") != scope:
            await self.st.call("set_sync_state", {"account": scope, "cursor": {}})
        await client.login()
        await self._push(client)
        self.client, self.prefix = client, self.cfg.service + ":"
        self.ids: dict[str, int] = {}
        self.bases: dict[str, str] = {}
        self.titles: dict[str, tuple[str, str]] = {}
        self.fresh = False  # the subscription list was read in this sync
        if not cursor or time.time() - float(state.get("sources_at") or 0) > SOURCES_EVERY:
            await self._sources()
        else:
            for rid, fid, url, title, site in await self.st.call("remote_sources", self.prefix):
                self.ids[rid], self.bases[rid], self.titles[rid] = fid, url, (title, site)
        self.report.sources = len(self.ids)
        # a first sync takes the state from the entries themselves: the id sets cost a request per 200-1000
        # ids (TT-RSS: 50 requests for 10,000 unread) and would tell nothing more
        if cursor and not client.state_after_pull:
            await self._state(cursor)
        known = KnownIds(await self.st.call("synced_keys"))
        # batches are worked over (sanitiser) as many at a time as the pool has workers, and written in
        # the order they came, so a batch's cursor is stored only after every batch before it
        working: collections.deque[asyncio.Future] = collections.deque()
        try:
            async for batch in _ahead(client.new_items(cursor, known)):
                if not self.fresh and any(it.feed_id not in self.ids for it in batch.items):
                    await self._sources()  # an entry from a feed not seen before: read the list now
                working.append(asyncio.ensure_future(self._prepare(batch, self.ids, self.bases)))
                while len(working) > self.pool.size:
                    await self._write(*await working.popleft(), self.ids, self.titles)
            while working:
                await self._write(*await working.popleft(), self.ids, self.titles)
        finally:
            for f in working:
                f.cancel()
            if working:
                await asyncio.gather(*working, return_exceptions=True)
        if cursor and client.state_after_pull:
            await self._state(cursor)

    async def _state(self, cursor: dict[str, Any]) -> None:
        server = await self.client.state(cursor, await self.st.call("synced_unread_ids", self.prefix))
        self.report.state_changes = await self.st.call("apply_server_state", server.unread, server.starred,
                                                       server.scope, server.read_feeds, self.prefix, server.read,
                                                       server.cursor)

    async def _sources(self) -> None:
        feeds = await self.client.feeds()
        self.ids = await self.st.call("sync_sources", self.prefix, feeds)
        self.bases = {f.id: f.url for f in feeds}
        self.titles = {f.id: (f.title, f.site) for f in feeds}
        self.fresh = True
        self.report.sources = len(self.ids)
        await self.st.call("set_sync_state", {"sources_at": time.time()})

    async def _push(self, client: SyncClient) -> None:
        pending = await self.st.call("outbox_pending")
        groups: dict[str, list[tuple[str, str, int]]] = {}
        for remote_id, field, value, seq, _at in pending:
            action = _ACTION.get((field, value))
            if action in ACTIONS:
                groups.setdefault(action, []).append((remote_id, field, seq))
        for action, rows in groups.items():
            for i in range(0, len(rows), client.push_batch):
                chunk = rows[i:i + client.push_batch]
                await client.push(action, [r[0] for r in chunk])
                await self.st.call("outbox_accepted", chunk)
                self.report.pushed += len(chunk)

    async def _prepare(self, batch, ids: dict[str, int], bases: dict[str, str]):
        """A batch's entries through the sanitiser (in a worker), and the pages of the new ones
        where [sync] full_text asks for them: what :meth:`_write` stores."""
        from reader.sync.entries import to_entries

        self.report.received += len(batch.items)
        items = [it for it in batch.items if it.feed_id in ids]
        stored = await self.st.call("synced_hashes", [it.id for it in items]) if items else {}
        entries = [e for part in await asyncio.gather(*(self.pool.run(to_entries, items[i:i + CHUNK], bases)
                                                        for i in range(0, len(items), CHUNK))) for e in part]
        by_feed: dict[int, list[StoredEntry]] = {}
        flags = []
        for it, e in zip(items, entries):
            if e is None:
                continue
            fid = ids[it.feed_id]
            by_feed.setdefault(fid, []).append(StoredEntry(e))
            flags.append((fid, e.key, int(it.read), int(it.starred)))
        if self.cfg.full_text and self.page is not None:  # pages of new entries, at most MAX_PAGES a sync
            todo = [se for ses in by_feed.values() for se in ses if se.entry.url and se.entry.key not in stored]
            todo = todo[:self.pages_left]
            self.pages_left -= len(todo)
            await asyncio.gather(*(self.page(se) for se in todo))
        return by_feed, flags, batch.cursor

    async def _write(self, by_feed: dict[int, list[StoredEntry]], flags: list, cursor, ids: dict[str, int],
                     titles: dict) -> None:
        """One prepared batch in one transaction, with its flags and its cursor."""
        rid = {v: k for k, v in ids.items()}
        updates = [FeedUpdate(feed_id=fid, title=clean_line(titles[rid[fid]][0]), link=clean_url(titles[rid[fid]][1]),
                              status=f"synced, {len(entries)} entries", entries=entries)
                   for fid, entries in by_feed.items()]
        new, changed = await self.st.call("apply_synced", updates, flags, cursor)
        self.report.new += new
        self.report.changed += changed
