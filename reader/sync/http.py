"""HTTP for the sync clients: one httpx.AsyncClient with the same limits as feed fetching (SECURITY.md).

Every request has an overall deadline (``asyncio.timeout``, not only per read), a cap on the bytes of
the answer on the wire and decoded (gzip/deflate decoded by :func:`reader.fetch.read_capped` with
``max_length``), no redirects followed (a sync API that redirects is misconfigured, and a redirect
could carry credentials elsewhere), and every failure becomes one :class:`SyncError` line. Requests
are counted, for ``sync status`` and the bench.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from reader.config import Settings
from reader.errors import ReaderError
from reader.fetch import USER_AGENT, _describe, httpx, read_capped


class SyncError(ReaderError):
    """A sync failed; the message is one line a user can act on. ``auth``: the credentials were refused."""

    def __init__(self, message: str, auth: bool = False, too_big: bool = False):
        super().__init__(message)
        self.auth = auth
        self.too_big = too_big  #: the answer was over the size cap (a smaller request may do)


@dataclass(frozen=True)
class Answer:
    """One response, read in full within the caps."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body as JSON (whatever the Content-Type says: FreshRSS labels JSON text/html)."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            raise SyncError("malformed answer from the server (not JSON)") from None


class SyncHTTP:
    """Bounded requests to one sync server. Use ``async with``."""

    def __init__(self, settings: Settings | None = None):
        s = self.settings = settings or Settings()
        self.requests = 0  #: requests sent so far
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(min(s.timeout, 15.0), connect=min(s.timeout, 10.0)),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False, trust_env=False,
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=4),
        )

    async def __aenter__(self) -> "SyncHTTP":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()

    async def request(self, method: str, url: str, **kw: Any) -> Answer:
        """Send one request (``params``, ``data``, ``json``, ``headers`` as httpx takes them)."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise SyncError(f"not an http(s) URL: {url[:80]}")
        self.requests += 1
        try:
            async with asyncio.timeout(self.settings.timeout):
                return await self._send(method, url, **kw)
        except SyncError:
            raise
        except TimeoutError:
            raise SyncError(f"the server gave no complete answer within {self.settings.timeout:g} s") from None
        except (httpx.HTTPError, OSError, ValueError) as e:
            host = urlsplit(url).netloc
            raise SyncError(f"{_describe(e)} ({host})") from None

    async def _send(self, method: str, url: str, **kw: Any) -> Answer:
        if isinstance(kw.get("data"), list):  # repeated form fields (GReader's i=, i=, ...), in order
            kw["content"] = urlencode(kw.pop("data")).encode()
            kw["headers"] = {**(kw.get("headers") or {}), "Content-Type": "application/x-www-form-urlencoded"}
        request = self.client.build_request(method, url, **kw)
        response = await self.client.send(request, stream=True)
        try:
            h = response.headers
            try:
                body = await read_capped(response, self.settings.max_bytes)
            except ReaderError as e:  # over the cap, or an encoding we do not decode
                raise SyncError(f"the server's answer: {e}", too_big="cap" in str(e)) from None
            return Answer(response.status_code, {k.lower(): v for k, v in h.items()}, body)
        except ReaderError as e:
            if isinstance(e, SyncError):
                raise
            raise SyncError(f"the server's answer: {e}") from None
        finally:
            await response.aclose()


def check_status(a: Answer, what: str) -> Answer:
    """Raise the one-line error for a failed answer; return it when it is a 2xx."""
    if 200 <= a.status < 300:
        return a
    if a.status in (401, 403):
        raise SyncError(f"{what}: the server refused the credentials (HTTP {a.status})", auth=True)
    if a.status >= 500:
        raise SyncError(f"{what}: server error (HTTP {a.status})")
    if 300 <= a.status < 400:
        raise SyncError(f"{what}: the server redirects (HTTP {a.status}); check the sync url")
    raise SyncError(f"{what}: HTTP {a.status}")
