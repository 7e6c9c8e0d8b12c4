"""Pure decisions of a refresh, apart from any I/O: is a feed due, which entries are new or changed.

Nothing here touches the network, the database or the clock (the caller passes ``now``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reader.model import ParsedEntry

BACKOFF_CAP = 6 * 3600.0
ASKED_TO_WAIT = "retry later"  #: a feed's last status when its server asked us to wait (429, 503, Retry-After)


def entry_hash(e: ParsedEntry) -> str:
    """What decides whether a stored article changed: everything the feed says about it."""
    if e.hash:
        return e.hash
    h = hashlib.sha1()
    for part in (e.title, e.url, e.author, e.published or "", e.summary, e.content):
        h.update(part.encode("utf-8", "replace"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(frozen=True)
class Known:
    """What the store holds for one key of a feed."""

    id: int
    hash: str
    has_text: bool  #: its page text was fetched (or the feed carries full content)


def classify(entries: list[ParsedEntry], known: dict[str, Known]) -> tuple[list, list, list]:
    """Split parsed entries into (new, changed, unchanged) against what is stored."""
    new, changed, same = [], [], []
    for e in entries:
        k = known.get(e.key)
        if k is None:
            new.append(e)
        elif k.hash != entry_hash(e):
            changed.append(e)
        else:
            same.append(e)
    return new, changed, same


def is_due(next_fetch: float | None, now: float) -> bool:
    """A feed may be fetched unless a server asked us to wait (Retry-After) or it is backing off."""
    return next_fetch is None or next_fetch <= now


def backoff_seconds(failures: int, retry_after: float | None) -> float | None:
    """How long to leave a failing feed alone: the server's Retry-After, else none for the first failures."""
    if retry_after is not None:
        return min(retry_after, 7 * 24 * 3600.0)
    if failures < 3:
        return None
    return min(60.0 * 2 ** (failures - 3), BACKOFF_CAP)


def server_asked_to_wait(status: int | None, retry_after: float | None) -> bool:
    """Did the server itself ask us to come back later (a Retry-After header, 429 or 503)?"""
    return retry_after is not None or status in (429, 503)


def wait_reason(server_asked: bool, next_fetch: float, failures: int, now: float) -> str:
    """Why a feed is not fetched now, in words: the server's request, or our own backoff after failures."""
    minutes = max(1, round((next_fetch - now) / 60))
    later = f"{minutes} min" if minutes < 120 else f"{round(minutes / 60)} h"
    if server_asked:
        return f"waiting (the server asked us to retry later; next try in {later})"
    return f"backing off after {failures} failures in a row (next try in {later})"
