"""The command line's side of sync: ``sync status``, the line ``feeds`` prints about the server, and
subscribing on the server for ``add`` and ``import``. Imports nothing heavy until a command needs it."""

from __future__ import annotations

from reader.config import Settings, SyncConfig
from reader.sync.http import SyncError


def status(store, cfg: SyncConfig | None) -> dict:
    """What ``sync status`` shows: the server, the last sync, pending marks and the last error."""
    st = store.sync_state()
    sources = store.conn.execute("SELECT count(*) FROM feeds WHERE remote_id IS NOT NULL AND active=1").fetchone()[0]
    return {"configured": cfg is not None, "service": cfg.service if cfg else st.get("service"),
            "url": cfg.url if cfg else st.get("url"), "user": cfg.user if cfg else None,
            "last_sync": st.get("last_sync"), "last_ok": st.get("last_ok"), "last_error": st.get("last_error"),
            "pending": store.outbox_count(), "sources": sources, "requests": st.get("requests")}


def status_lines(s: dict) -> list[str]:
    if not s["configured"]:
        lines = ["sync: not configured (add a [sync] section to config.toml)"]
        if s["pending"]:
            lines.append(f"pending changes: {s['pending']} (kept until a server is configured again)")
        return lines
    return [f"server: {s['service']} {s['url']}" + (f" (user {s['user']})" if s["user"] else ""),
            f"last sync: {s['last_sync'] or 'never'}" + (f", last successful: {s['last_ok']}"
                                                         if s["last_ok"] != s["last_sync"] else ""),
            f"pending changes: {s['pending']}",
            f"last error: {s['last_error'] or 'none'}",
            f"sources from the server: {s['sources']}"]


def feeds_line(s: dict) -> str | None:
    """The one line ``feeds`` prints about the server, or None without one."""
    if not s["configured"]:
        return None
    head = f"sync: {s['service']} {s['url']}"
    if s["last_error"]:
        return f"{head}: error: {s['last_error']} ({s['pending']} changes waiting; reading goes on locally)"
    if not s["last_sync"]:
        return f"{head}: not synced yet (refresh to sync)"
    return f"{head}: ok at {s['last_sync']}, {s['pending']} changes waiting"


def subscribe(settings: Settings, urls: list[str]) -> list[tuple[str, str | None]]:
    """Subscribe on the server: (url, None) when done, (url, error) when not. Raises SyncError when the
    service cannot subscribe at all (Fever) or the server cannot be reached."""
    from reader import fetch
    from reader.sync import credentials
    from reader.sync.engine import client_for
    from reader.sync.http import SyncHTTP

    cfg = settings.sync
    cls = client_for(cfg.service)
    if not cls.can_subscribe:
        raise SyncError(f"{cfg.service}: the API has no call to subscribe; add the feed on the server itself")

    async def go() -> list[tuple[str, str | None]]:
        async with SyncHTTP(settings) as http:
            client = cls(http, credentials.account(cfg))
            await client.login()
            out: list[tuple[str, str | None]] = []
            for url in urls:
                try:
                    await client.subscribe(url)
                    out.append((url, None))
                except SyncError as e:
                    if e.auth:
                        raise
                    out.append((url, str(e)))
            return out

    return fetch.run(go())
