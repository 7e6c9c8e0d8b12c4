"""The refresh pipeline: every feed concurrently, each one ending in a single transaction.

    feeds.toml ──► Store.feed_states ──► is_due? ──► Fetcher.get (conditional GET, limits, caps)
                                                      │ 304 ──► Store.record_not_modified
                                                      │ error ─► Store.record_error (articles untouched)
                                                      ▼ 200
       Store.known (stored keys and hashes) ──► BudgetPool: tasks.parse_document
              (lxml or feedparser, entry hashes; time/memory budget)
                                                      ▼
                      decide.classify against Store.known ──► new / changed / unchanged
                                                      ▼ new + changed (+ never fetched), full_text feeds, 100 at most
                   Fetcher.get(article page) ──► BudgetPool: tasks.extract_article (site rule | trafilatura)
                                                      ▼
                       Store.apply(FeedUpdate)  — one BEGIN IMMEDIATE transaction per feed
                                                      ▼ after the refresh, by whoever needs them first
                  reader.analysis: key figures of the articles stored without them (BudgetPool, every core)

    [sync] in config.toml ──► reader.sync.engine.Engine, beside the feeds on the same loop, pool and store
                              thread (push the outbox, pull sources, state and new entries in batches)

Network waits overlap on one event loop; parsing and extraction run in worker processes on every
core (their answers come back through the loop); all writes go through one store thread with its
own connection. A feed that fails records its error and keeps its articles; the rest goes on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from reader import fetch
from reader.config import FeedSpec, Settings
from reader.decide import ASKED_TO_WAIT, backoff_seconds, classify, is_due, server_asked_to_wait, wait_reason
from reader.errors import FetchError, ParseError, StoreError, WriteError
from reader.fetch import Fetcher
from reader.limits import MAX_ERROR
from reader.sanitize import clean_line
from reader.store import FeedState, FeedUpdate, Store, StoredEntry
from reader.workers import BudgetPool


MAX_PAGES = 100  #: article pages fetched for one feed in one refresh


@dataclass
class Progress:
    """Where a refresh stands: sent when a feed's fetch starts (stage "fetching"), when its document is read
    ("processing": parsing, article pages, storing), and when it finishes ("done")."""

    done: int
    total: int
    new: int
    errors: int
    feed: str = ""  #: the feed this is about
    error: str | None = None  #: its error, if it failed
    stage: str = "done"


@dataclass
class Report:
    """The outcome of one refresh."""

    total: int = 0
    done: int = 0
    new: int = 0
    changed: int = 0
    not_modified: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  #: feed name -> why it waits (Retry-After, backoff)
    errors: dict[str, str] = field(default_factory=dict)  #: feed name -> error
    redirects: dict[str, str] = field(default_factory=dict)  #: feed name -> new permanent URL
    pages: int = 0  #: article pages fetched and extracted
    seconds: float = 0.0
    sync: Any = None  #: reader.sync.engine.SyncReport when a sync ran


class StoreThread:
    """All database work of a refresh on one thread with its own connection (sqlite3 is per thread)."""

    def __init__(self, path: Path | str):
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="szreader-store")
        try:
            self.store: Store = self._pool.submit(Store.open, path).result()
        except BaseException:
            self._pool.shutdown()
            raise

    async def call(self, method: str, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._pool, getattr(self.store, method), *args)

    def close(self) -> None:
        self._pool.submit(self.store.close).result()
        self._pool.shutdown()


class Refresh:
    """One refresh run over a set of feeds."""

    def __init__(self, db_path: Path | str, specs: list[FeedSpec], settings: Settings | None = None,
                 on_progress: Callable[[Progress], None] | None = None, force: bool = False, sync: bool = True,
                 only: set[str] | None = None):
        self.db_path, self.specs = db_path, specs
        self.sync = sync and self.settings_sync(settings)
        self.only = only  #: names of the feeds to fetch (None: all); the others stay subscribed as they are
        self.settings = settings or Settings()
        self.on_progress = on_progress or (lambda p: None)
        self.force = force
        self.report = Report(total=len(specs))
        self.not_modified: list[tuple] = []  #: 304 answers, written together at the end

    async def run(self) -> Report:
        start = time.monotonic()
        pool = BudgetPool()
        pool.start()  # fork the parse workers before the store thread exists
        try:  # the workers end with the refresh however it ends (a database that cannot be opened, too)
            st = StoreThread(self.db_path)
            try:
                await st.call("sync_feeds", self.specs)  # every subscription, even when only some are fetched
                wanted = self.specs if self.only is None else [s for s in self.specs if s.name in self.only]
                states = await st.call("feed_states", wanted)
                self.report.total = len(states) + bool(self.sync)
                async with Fetcher(self.settings) as fetcher, pool:
                    self.fetcher, self.pool, self.st = fetcher, pool, st
                    await asyncio.gather(*(self._one(s) for s in states), *([self._sync()] if self.sync else []))
                await st.call("record_not_modified", self.not_modified)
            finally:
                st.close()
        finally:
            pool.close()
        self.report.seconds = time.monotonic() - start
        return self.report

    @staticmethod
    def settings_sync(settings: Settings | None) -> bool:
        return settings is not None and settings.sync is not None

    async def _sync(self) -> None:
        from reader.sync.engine import Engine

        r = self.report
        name = f"sync ({self.settings.sync.service})"
        self.on_progress(Progress(r.done, r.total, r.new, len(r.errors), name, stage="syncing"))
        r.sync = await Engine(self.settings.sync, self.settings, self.st, self.pool, page=self._page).run()
        r.new += r.sync.new
        r.changed += r.sync.changed
        r.done += 1
        if r.sync.error is not None:
            r.errors[name] = r.sync.error
        self.on_progress(Progress(r.done, r.total, r.new, len(r.errors), name, r.sync.error))

    def _stage(self, state: FeedState, stage: str) -> None:
        r = self.report
        self.on_progress(Progress(r.done, r.total, r.new, len(r.errors), state.spec.name, stage=stage))

    def _finished(self, state: FeedState, error: str | None = None) -> None:
        r = self.report
        r.done += 1
        if error is not None:
            r.errors[state.spec.name] = error
        self.on_progress(Progress(r.done, r.total, r.new, len(r.errors), state.spec.name, error))

    async def _one(self, state: FeedState) -> None:
        try:
            await self._update(state)
        except (StoreError, WriteError):  # the database cannot be written (disk full, lock, damage): it stops
            raise
        except Exception as e:  # a bug must cost one feed, not the refresh
            msg = clean_line(f"internal error: {type(e).__name__}: {e}")[:MAX_ERROR]
            try:
                await self.st.call("record_error", state.id, msg, None)
            finally:
                self._finished(state, msg)

    async def _update(self, state: FeedState) -> None:
        spec, now = state.spec, time.time()
        if not self.force and not is_due(state.next_fetch, now):
            self.report.skipped[spec.name] = wait_reason(state.last_status == ASKED_TO_WAIT, state.next_fetch,
                                                         state.failures, now)
            return self._finished(state)
        self._stage(state, "fetching")
        try:
            got = await self.fetcher.get(spec.url, state.etag, state.last_modified)
        except FetchError as e:
            asked = server_asked_to_wait(e.status, e.retry_after)
            wait = backoff_seconds(state.failures + 1, e.retry_after)
            await self.st.call("record_error", state.id, str(e), None if wait is None else now + wait,
                               ASKED_TO_WAIT if asked else "error")
            return self._finished(state, str(e))
        if got.permanent_redirect:
            self.report.redirects[spec.name] = got.permanent_redirect
        if got.not_modified:
            self.report.not_modified += 1
            self.not_modified.append((state.id, got.etag, got.last_modified, got.permanent_redirect))
            return self._finished(state)
        from reader import tasks  # parsing code loads only when a feed has changed

        self._stage(state, "processing")
        known = await self.st.call("known", state.id)
        try:
            parsed = await self.pool.run(tasks.parse_document, got.body, got.url, got.content_type, spec.kind,
                                         spec.selectors)
        except ParseError as e:
            await self.st.call("record_error", state.id, str(e), None)
            return self._finished(state, str(e))
        if spec.kind == "page" and parsed.next_url and spec.pages > 1:
            parsed = await self._more_list_pages(spec, parsed)
        new, changed, same = classify(parsed.entries, known)
        stored = [StoredEntry(e) for e in new + changed]
        if spec.full_text:  # pages of new and changed entries, and of unchanged ones never fetched
            stored += [StoredEntry(e) for e in same if e.url and not known[e.key].has_text]
            # at most MAX_PAGES a refresh, in the feed's order: a feed of 20,000 items cost 100 s of page
            # fetching; the rest keep their summaries and get their pages at later refreshes (or when opened)
            await asyncio.gather(*(self._page(se) for se in [se for se in stored if se.entry.url][:MAX_PAGES]))
        update = FeedUpdate(feed_id=state.id, title=parsed.title, link=parsed.link, etag=got.etag,
                            last_modified=got.last_modified, permanent_redirect=got.permanent_redirect,
                            entries=stored, keep_days=spec.keep_days, max_articles=spec.max_articles,
                            status=f"ok, {len(parsed.entries)} entries" + (f", {parsed.skipped} skipped" if parsed.skipped else ""))
        n, c = await self.st.call("apply", update)
        self.report.new += n
        self.report.changed += c
        self._finished(state)

    async def _more_list_pages(self, spec: FeedSpec, first):
        """A list source's following pages, up to ``spec.pages`` in all. A later page that fails ends the walk;
        the items already read stay (the first page decides the feed's state)."""
        from reader import tasks

        entries, seen, url = list(first.entries), {spec.url}, first.next_url
        for _ in range(spec.pages - 1):
            if not url or url in seen:
                break
            seen.add(url)
            try:
                got = await self.fetcher.get(url)
                more = await self.pool.run(tasks.parse_document, got.body, got.url, got.content_type, "page",
                                           spec.selectors)
            except (FetchError, ParseError):
                break
            entries += more.entries
            url = more.next_url
        keys: set[str] = set()
        entries = [e for e in entries if not (e.key in keys or keys.add(e.key))]
        return dataclasses.replace(first, entries=entries, next_url="")

    async def _page(self, se: StoredEntry) -> None:
        from reader import tasks

        e = se.entry
        try:
            got = await self.fetcher.get(e.url)
            se.page = await self.pool.run(tasks.extract_article, got.body, got.url, got.content_type, e.summary)
            self.report.pages += 1
            if not se.page.text:
                se.page, se.page_error = None, "no article text found on the page"
        except (FetchError, ParseError) as err:
            se.page_error = str(err)


def run_refresh(db_path: Path | str, specs: list[FeedSpec], settings: Settings | None = None,
                on_progress: Callable[[Progress], None] | None = None, force: bool = False,
                sync: bool = True, only: set[str] | None = None) -> Report:
    """Refresh ``specs`` (those named in ``only``, if given) into the database at ``db_path`` and return the
    report (blocking); with [sync] configured and ``sync``, sync with the feed server in the same run. Every one
    of ``specs`` is kept subscribed: refreshing some never hides the others."""
    return fetch.run(Refresh(db_path, specs, settings, on_progress, force, sync, only).run())


async def fetch_article_text(db_path: Path | str, article_id: int, settings: Settings | None = None) -> str | None:
    """Fetch and store one article's page on demand (the TUI opening an article without text).

    Returns None on success, or the error."""
    st = StoreThread(db_path)
    try:
        art = await st.call("article", article_id)
        if art is None or not art["url"]:
            return "the article has no web address"
        from reader import tasks

        async with Fetcher(settings) as fetcher, BudgetPool(processes=1) as pool:
            try:
                got = await fetcher.get(art["url"])
                page = await pool.run(tasks.extract_article, got.body, got.url, got.content_type, art["summary"])
            except (FetchError, ParseError) as e:
                await st.call("set_page", article_id, None, str(e))
                return str(e)
        await st.call("set_page", article_id, page, None if page.text else "no article text found")
        return None if page.text else "no article text found on the page"
    finally:
        st.close()
