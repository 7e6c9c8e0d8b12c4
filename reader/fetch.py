"""HTTP for feeds and article pages: one httpx.AsyncClient, bounded in every way SECURITY.md asks.

- concurrency: a global limit and a per-host limit (rule 7);
- conditional GET with the stored ETag / Last-Modified, so an unchanged feed costs one 304;
- an overall deadline per request (not only per read: a trickling server cannot stretch it);
- caps on bytes on the wire and decoded, decoding gzip/deflate ourselves with ``max_length`` (rule 6);
- at most 5 redirects, http(s) only, a permanent redirect reported to the caller (rule 8);
- 4xx/5xx become :class:`FetchError` with the status and any ``Retry-After`` (rule 9).

It never follows anything but http(s) and never touches the local file system. The built-in demo
edition is served by an in-process transport on the reserved host ``demo.szreader.invalid``, so it
goes through exactly this code.
"""

from __future__ import annotations

import asyncio
import email.utils
import sys
import time
import types
import weakref
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

if "httpx._main" not in sys.modules:
    # httpx imports its command-line tool (rich, click: ~45 ms) on import when they are installed, as they
    # are beside textual; szreader never uses it, and every command pays for start-up.
    _stub = types.ModuleType("httpx._main")
    _stub.main = lambda: None  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = _stub
import httpx  # noqa: E402

from reader.config import DEMO_HOST, Settings
from reader.errors import FetchError
from reader.limits import MAX_ERROR, MAX_URL
from reader.sanitize import clean_line, clean_url

MAX_REDIRECTS = 5
OPENING_PER_HOST = 4  #: new connections being opened to one host at a time (see _HostSlots)
OPENING_GRACE = 1.0  #: seconds after which a new connection with no answer yet stops counting as opening
USER_AGENT = "szreader/0.1 (+terminal news reader)"


@dataclass(frozen=True)
class Fetched:
    """What a successful fetch hands on: a body, or word that nothing changed."""

    url: str  #: the final URL after redirects
    status: int  #: 200, or 304 when not_modified
    body: bytes  #: decoded body (empty on 304)
    content_type: str
    etag: str | None
    last_modified: str | None
    permanent_redirect: str | None  #: the new URL if a 301/308 was followed
    not_modified: bool = False


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


class _Decoder:
    """Decode one Content-Encoding with a hard cap on the output (zlib ``max_length``)."""

    def __init__(self, encoding: str, cap: int):
        self.cap, self.total, self.parts = cap, 0, []
        self.encoding = encoding
        self.raw_deflate = False
        if encoding == "gzip":
            self.d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.d = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            self.d = None

    def _add(self, out: bytes) -> None:
        self.total += len(out)
        if self.total > self.cap:
            raise FetchError(f"body larger than {self.cap // (1024 * 1024)} MiB once decoded")
        self.parts.append(out)

    def feed(self, chunk: bytes) -> None:
        if self.d is None:
            return self._add(chunk)
        buf = chunk
        while buf:
            try:
                out = self.d.decompress(buf, self.cap - self.total + 1)
            except zlib.error:
                if self.encoding == "deflate" and not self.raw_deflate and self.total == 0:
                    # some servers send raw deflate without the zlib header
                    self.d, self.raw_deflate = zlib.decompressobj(-zlib.MAX_WBITS), True
                    continue
                raise FetchError(f"corrupt {self.encoding} body") from None
            self._add(out)
            buf = self.d.unconsumed_tail

    def finish(self) -> bytes:
        if self.d is not None:
            try:
                self._add(self.d.flush())
            except zlib.error:
                raise FetchError(f"corrupt {self.encoding} body") from None
        return b"".join(self.parts)


async def read_capped(response: httpx.Response, cap: int) -> bytes:
    """A streamed response's body, decoded, with at most ``cap`` bytes on the wire and decoded (SECURITY.md rule
    6); raises FetchError over the cap."""
    h = response.headers
    length = h.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise FetchError(f"body of {int(length) // (1024 * 1024)} MiB is over the {cap // (1024 * 1024)} MiB cap")
    decoder = _Decoder(_encoding(h.get("content-encoding")), cap)
    wire = 0
    async for chunk in response.aiter_raw():
        wire += len(chunk)
        if wire > cap:
            raise FetchError(f"body over the {cap // (1024 * 1024)} MiB cap on the wire")
        decoder.feed(chunk)
    return decoder.finish()


def _encoding(header: str | None) -> str:
    codings = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return "identity"
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported Content-Encoding: {header[:40]}")
    return "gzip" if codings[0] == "x-gzip" else codings[0]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connection timed out"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx.TimeoutException):
        return "server too slow (read timed out)"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection closed before the whole response arrived"
    if isinstance(exc, httpx.HTTPError):
        return type(exc).__name__
    return str(exc) or type(exc).__name__


class _PerHostTransport(httpx.AsyncBaseTransport):
    """One small connection pool per host behind the one client.

    httpcore's pool scans every connection on each request, so a single pool of hundreds of
    connections costs O(n^2) CPU (measured: 2 ms of CPU per request at 200 feeds); a pool per
    host keeps each scan to ``per_host`` connections and enforces the per-host limit too.
    """

    def __init__(self, per_host: int):
        self.per_host = per_host
        self.pools: dict[tuple[str, str, int | None], httpx.AsyncHTTPTransport] = {}
        self._ssl = None  # one verified TLS context for all https pools, made on first use
        self._no_tls = None  # and one unverified, never used, for the http pools (httpx makes one per pool)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.scheme, request.url.host, request.url.port)
        pool = self.pools.get(key)
        if pool is None:
            limits = httpx.Limits(max_connections=self.per_host, max_keepalive_connections=self.per_host)
            if key[0] == "https" and self._ssl is None:
                self._ssl = httpx.create_ssl_context()
            # a pool is keyed by scheme, so an http pool never speaks TLS: it needs no certificate store
            # (loading one costs 20 ms, a tenth of a warm refresh)
            if key[0] != "https" and self._no_tls is None:
                self._no_tls = httpx.create_ssl_context(verify=False)
            verify = self._ssl if key[0] == "https" else self._no_tls
            pool = self.pools[key] = httpx.AsyncHTTPTransport(verify=verify, limits=limits, retries=0)
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self.pools.values():
            await pool.aclose()


async def _drain(response: httpx.Response, limit: int = 64 * 1024) -> bool:
    """Read what is left of a small response (a 304, a redirect, an error page), so that its
    connection goes back to the pool instead of being closed. A larger rest is not worth reading.
    True when the whole body has been read (by the caller or here)."""
    if response.is_stream_consumed:
        return response.is_closed
    seen = 0
    try:
        async with asyncio.timeout(1.0):
            async for chunk in response.aiter_raw():
                seen += len(chunk)
                if seen > limit:
                    return False
    except (TimeoutError, httpx.HTTPError, OSError):
        return False  # the connection is closed instead; the answer already read stands
    return True


class _Demo(httpx.AsyncBaseTransport):
    """The demo edition's transport, loaded at its first request (most refreshes never make one)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        from reader.demo import DemoTransport

        return await DemoTransport().handle_async_request(request)


class _HostSlots:
    """Requests in flight to one host, and how many new connections to it are being opened.

    A request that finds no idle connection opens one; at most ``max_opening`` of those are under way
    at a time, so a host sees its connections grow a few at a time, as under a browser, instead of a
    burst of ``limit`` connects at once. A small server's accept queue (Python's default holds 5)
    drops the rest of such a burst, and every dropped connect costs a full second before the kernel
    retries it (measured on the one-host feedfarm: 11 to 16 retried connects per refresh).

    A connection is up once a response arrives on a network stream not seen before: the pool decides
    which request rides which connection, so this counts connections, not requests. A request that
    opened one and has no answer after ``OPENING_GRACE`` seconds stops counting as well, so URLs that
    hang do not hold up the rest of their host.
    """

    __slots__ = ("limit", "max_opening", "in_flight", "idle", "opening", "swapped", "seen", "_waiters")

    def __init__(self, limit: int, max_opening: int):
        self.limit, self.max_opening = limit, max_opening
        self.in_flight = 0
        self.idle = 0  #: connections back in the pool with no request, as far as we can tell
        self.opening = 0  #: connections being opened
        self.swapped = 0  #: new connections that answered a request other than the one that opened them
        self.seen: weakref.WeakSet = weakref.WeakSet()  #: network streams that have carried a response
        self._waiters: list[asyncio.Future] = []

    def _free(self) -> bool:
        return self.in_flight < self.limit and (self.idle > 0 or self.opening < self.max_opening)

    async def acquire(self) -> "_Ticket":
        """Wait for a turn: on an idle connection if there is one, else on a new one."""
        while not self._free():
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
                else:
                    self._wake()  # woken, then cancelled: pass the turn on
                raise
        self.in_flight += 1
        if self.idle:
            self.idle -= 1
            ticket = _Ticket(self, opens=False)
        else:
            self.opening += 1
            ticket = _Ticket(self, opens=True)
        self._wake()
        return ticket

    def _opened(self) -> None:
        """One connection being opened is up (or has had its grace, or failed)."""
        self.opening = max(0, self.opening - 1)
        self._wake()

    def _wake(self) -> None:
        """Let the first waiter try again when there is room (it wakes the next one in turn)."""
        while self._waiters and self._free():
            waiter = self._waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                return


class _Ticket:
    """One request's turn at a host: :meth:`answered` when its response head arrives, :meth:`done` at the end."""

    __slots__ = ("host", "pending", "timer")

    def __init__(self, host: _HostSlots, opens: bool):
        self.host = host
        self.pending = opens  #: this request added a connection to ``host.opening`` that it has not taken off
        self.timer = asyncio.get_running_loop().call_later(OPENING_GRACE, self._grace) if opens else None

    def _let_go(self) -> None:
        """Stop holding an opening: take it off, unless a swapped answer already did."""
        self.pending = False
        if self.host.swapped:
            self.host.swapped -= 1
        else:
            self.host._opened()

    def _grace(self) -> None:
        if self.pending:
            self._let_go()

    def answered(self, response: httpx.Response) -> None:
        host, stream = self.host, response.extensions.get("network_stream")
        if stream is not None:
            if stream in host.seen:  # an older connection
                if self.pending and host.swapped:  # this request's own opening was answered by another one's
                    host.swapped -= 1
                    self.pending = False
                return
            host.seen.add(stream)
            if not self.pending:  # a new connection that another request opened (the pool chose)
                host.swapped += 1
                host._opened()
                return
        if self.pending:  # its own new connection has answered (or no connection at all: the demo edition)
            self.pending = False
            host._opened()

    def done(self, reusable: bool) -> None:
        """``reusable``: the answer ended cleanly on a connection the server keeps open."""
        if self.timer is not None:
            self.timer.cancel()
        host = self.host
        if self.pending:  # no answer and no grace yet: the connection it opened failed
            self._let_go()
        host.in_flight -= 1
        if reusable:
            host.idle = min(host.idle + 1, host.limit)
        host._wake()


def run(coro):
    """``asyncio.run(coro)``, telling sniffio up front that this thread runs asyncio.

    httpcore and anyio ask sniffio which event loop is running dozens of times per request, and on
    Python 3.11 each answer costs a pure-Python ``asyncio.current_task()`` call: a warm refresh of 200
    feeds spent 12 % of its CPU there. sniffio's documented ``thread_local.name`` answers at once."""
    import sniffio

    before = sniffio.thread_local.name
    sniffio.thread_local.name = "asyncio"
    try:
        return asyncio.run(coro)
    finally:
        sniffio.thread_local.name = before


class Fetcher:
    """Fetch many URLs concurrently within the limits of :class:`Settings`. Use ``async with``."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        s = self.settings
        self._global = asyncio.Semaphore(s.concurrency)
        self._hosts: dict[str, _HostSlots] = {}
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(min(s.timeout, 15.0), connect=min(s.timeout, 10.0)),
            transport=_PerHostTransport(s.per_host),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            trust_env=False,
            mounts={f"http://{DEMO_HOST}": _Demo()},
        )

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()

    def _host_slots(self, url: str) -> _HostSlots:
        host = urlsplit(url).hostname or ""
        slots = self._hosts.get(host)
        if slots is None:
            slots = self._hosts[host] = _HostSlots(self.settings.per_host, OPENING_PER_HOST)
        return slots

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally if validators are given). Raises FetchError, never anything else."""
        try:
            got = await self._get(url, etag, last_modified)
        except FetchError as e:  # its message may quote a header or a URL: sanitised like feed text
            raise FetchError(clean_line(str(e))[:MAX_ERROR], e.status, e.retry_after) from None
        except TimeoutError:
            raise FetchError(f"no complete answer within {self.settings.timeout:g} s") from None
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as e:
            raise FetchError(clean_line(_describe(e))[:MAX_ERROR]) from None
        # every header value handed on is hostile text too (SECURITY.md rule 2)
        redirect = clean_url(got.permanent_redirect)[:MAX_URL] if got.permanent_redirect else None
        return Fetched(url=clean_url(got.url), status=got.status, body=got.body,
                       content_type=clean_line(got.content_type)[:200],
                       etag=clean_line(got.etag)[:500] if got.etag else None,
                       last_modified=clean_line(got.last_modified)[:100] if got.last_modified else None,
                       permanent_redirect=redirect, not_modified=got.not_modified)

    async def _get(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        permanent: str | None = None
        deadline: float | None = None  # the overall deadline starts once we hold a connection slot, not in the queue
        loop = asyncio.get_running_loop()
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                parts = urlsplit(url)
                parts.port  # noqa: B018 (raises on a port out of range)
            except ValueError:
                raise FetchError(f"refused to follow a redirect to an invalid URL: {url[:80]}") from None
            if parts.scheme not in ("http", "https"):
                raise FetchError(f"refused to follow a redirect to a non-http(s) URL: {url[:80]}")
            ticket = await self._host_slots(url).acquire()  # the host's turn first: a busy host holds no global slot
            reusable = False
            try:
                async with self._global:
                    if deadline is None:
                        deadline = loop.time() + self.settings.timeout
                    async with asyncio.timeout_at(deadline):
                        result, reusable = await self._hop(url, headers, permanent, _hop, ticket)
            finally:
                ticket.done(reusable)
            if isinstance(result, Fetched):
                return result
            url, permanent = result
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    async def _hop(self, url: str, headers: dict, permanent: str | None, hop: int,
                   ticket: _Ticket) -> tuple[Fetched | tuple[str, str | None], bool]:
        """One request: the response, or (next URL, permanent redirect so far) for a redirect; and whether
        its connection can carry another request."""
        request = self.client.build_request("GET", url, headers=headers)
        response = await self.client.send(request, stream=True)
        ticket.answered(response)
        try:
            if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
                target = urljoin(url, response.headers["location"].strip())
                if response.status_code in (301, 308) and (permanent is not None or hop == 0):
                    permanent = target
                elif response.status_code not in (301, 308):
                    permanent = None  # a temporary hop makes the chain temporary
                result: Fetched | tuple[str, str | None] = (target, permanent)
            else:
                result = await self._finish(url, response, permanent)
        finally:
            drained = await _drain(response)
            await response.aclose()
        keeps = response.http_version != "HTTP/1.0" and "close" not in response.headers.get("connection", "").lower()
        return result, drained and keeps

    async def _finish(self, url: str, response: httpx.Response, permanent: str | None) -> Fetched:
        h = response.headers
        common = dict(url=url, content_type=h.get("content-type", ""), etag=h.get("etag"),
                      last_modified=h.get("last-modified"), permanent_redirect=permanent)
        if response.status_code == 304:
            return Fetched(status=304, body=b"", not_modified=True, **common)
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code}", status=response.status_code,
                             retry_after=retry_after_seconds(h.get("retry-after")))
        return Fetched(status=200, body=await read_capped(response, self.settings.max_bytes), **common)
