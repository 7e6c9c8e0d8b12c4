"""The one small interface every sync API sits behind, and the data that crosses it.

A client (greader.py, miniflux.py, ttrss.py, fever.py) only talks to its server; it never touches the
store. :mod:`reader.sync.engine` drives it in this order at each sync:

    login ─► push(marks from the outbox) ─► feeds() ─► state() ─► new_items(cursor), batch by batch
    (state() after new_items for a client with ``state_after_pull``)

Ids cross the interface as strings in one canonical form per service (GReader: the decimal item id,
whatever form the server wrote), so that a stored article's key is the id to send back.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, AsyncIterator

from reader.sync.http import SyncHTTP

#: marks that travel to the server; ``save``/``unsave`` stay local
ACTIONS = ("read", "unread", "star", "unstar")


@dataclass(frozen=True)
class Account:
    """Where and who: the [sync] section with its secret resolved (never written anywhere)."""

    service: str
    url: str
    user: str = ""
    secret: str = ""  #: password, or the Miniflux API token
    token: bool = False  #: ``secret`` is an API token (Miniflux token_command), not a password

    def __repr__(self) -> str:  # never print the secret, even in a traceback
        return f"Account({self.service!r}, {self.url!r}, user={self.user!r})"


@dataclass(frozen=True)
class RemoteFeed:
    """One subscription on the server."""

    id: str
    title: str
    url: str
    site: str = ""
    tags: tuple[str, ...] = ()  #: its categories, folders or labels


@dataclass(frozen=True)
class RemoteItem:
    """One entry as the server hands it over: strings still untrusted, HTML still HTML."""

    id: str
    feed_id: str
    title: str = ""
    url: str = ""
    author: str = ""
    published: float | None = None  #: Unix seconds
    html: str = ""
    read: bool = False
    starred: bool = False


@dataclass
class State:
    """Read and starred state from the server.

    ``scope`` None: the sets are complete (an item not in ``unread`` is read). Otherwise they describe only
    the items whose ids are in ``scope`` (a server that reports changes, not sets)."""

    unread: set[str] = field(default_factory=set)
    starred: set[str] = field(default_factory=set)
    scope: set[str] | None = None
    read_feeds: list[str] | None = None  #: ``unread`` covers only these server feeds (None: every feed)
    read: set[str] = field(default_factory=set)  #: besides the sets: ids the server says are read now
    cursor: dict[str, Any] | None = None  #: merged into the stored cursor once this state is applied


@dataclass
class Batch:
    """Entries from one page of the server's answer; ``cursor`` is where the next sync starts once this
    batch is stored (None: not yet, a later batch carries it)."""

    items: list[RemoteItem]
    cursor: dict[str, Any] | None = None


class SyncClient(ABC):
    """One sync API. Every method raises :class:`reader.sync.http.SyncError` on trouble, nothing else."""

    service: str = ""
    can_subscribe: bool = True
    push_batch: int = 100  #: ids per push request, where the API takes many
    state_after_pull: bool = False  #: state() is asked once the new entries are stored (it compares counts)

    def __init__(self, http: SyncHTTP, account: Account):
        self.http, self.account = http, account

    @abstractmethod
    async def login(self) -> None:
        """Authenticate (some APIs need no request for it)."""

    @abstractmethod
    async def feeds(self) -> list[RemoteFeed]:
        """The subscriptions with their categories as tags."""

    @abstractmethod
    async def state(self, cursor: dict[str, Any], local_unread: dict[str, set[str]]) -> State:
        """The server's unread and starred sets (or the changes since ``cursor``); ``local_unread``: the ids
        of the stored unread entries per server feed id, for servers that can tell which feeds changed."""

    @abstractmethod
    def new_items(self, cursor: dict[str, Any], known: "KnownIds") -> AsyncIterator[Batch]:
        """Entries added since ``cursor``, in batches, never the whole history again."""

    @abstractmethod
    async def push(self, action: str, ids: list[str]) -> None:
        """Send one mark (one of :data:`ACTIONS`) for these ids; returns once the server accepted it."""

    @abstractmethod
    async def subscribe(self, url: str) -> str:
        """Subscribe on the server; returns what the server says it subscribed to. A service that cannot
        (Fever) raises SyncError saying so."""


class KnownIds:
    """What the store already holds, for clients that decide what to fetch from id sets (GReader)."""

    def __init__(self, ids: set[str]):
        self.ids = ids

    def __contains__(self, item: str) -> bool:
        return item in self.ids
