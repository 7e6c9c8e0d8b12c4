"""Where szreader keeps its files, and the subscription list (``feeds.toml``) and settings (``config.toml``).

``SZREADER_HOME=DIR`` puts feeds.toml, config.toml and the database in DIR; otherwise the
platformdirs locations are used. A missing feeds.toml is created from the default list shipped in
the package. Every error here is a :class:`ConfigError` with one line a user can act on.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from reader.errors import ConfigError

DEMO_HOST = "demo.szreader.invalid"


@dataclass(frozen=True)
class Paths:
    """The three files szreader reads and writes."""

    feeds: Path  #: the subscription list
    config: Path  #: user settings (keys, refresh interval, fetch limits)
    database: Path  #: the SQLite database

    @classmethod
    def resolve(cls) -> "Paths":
        home = os.environ.get("SZREADER_HOME")
        if home:
            base = Path(home).expanduser()
            return cls(base / "feeds.toml", base / "config.toml", base / "szreader.db")
        import platformdirs

        conf = Path(platformdirs.user_config_dir("szreader"))
        data = Path(platformdirs.user_data_dir("szreader"))
        return cls(conf / "feeds.toml", conf / "config.toml", data / "szreader.db")

    def ensure(self) -> "Paths":
        """Create the folders, and feeds.toml from the packaged default if it does not exist."""
        for p in (self.feeds, self.database):
            p.parent.mkdir(parents=True, exist_ok=True)
        if not self.feeds.exists():
            self.feeds.write_text(default_feeds_text(), encoding="utf-8")
        return self


@dataclass(frozen=True)
class FeedSpec:
    """One subscription, as written in feeds.toml."""

    name: str  #: unique display name
    url: str  #: http(s) URL of the feed (or of the list page for kind = "page")
    tags: tuple[str, ...] = ()
    full_text: bool = True  #: fetch each article's page and extract its text
    kind: str = "feed"  #: "feed" (RSS/Atom/JSON Feed) or "page" (an HTML list page)
    #: kind = "page": CSS selectors item (required), title, link, summary, date, next (see SELECTOR_KEYS)
    selectors: dict[str, str] = field(default_factory=dict)
    keep_days: int | None = None  #: retention: drop unsaved, unstarred articles older than this
    max_articles: int | None = None  #: retention: keep at most this many unsaved, unstarred articles
    pages: int = 3  #: kind = "page": list pages read per refresh, following the "next" link


#: a list page's selectors: the item, and inside it the title, link (default: the item's own href or its first
#: link), summary and date; ``next`` picks the link to the next list page (default: rel=next or a "Next" link)
SELECTOR_KEYS = ("item", "title", "link", "summary", "date", "next")
MAX_LIST_PAGES = 20


@dataclass(frozen=True)
class Settings:
    """config.toml: everything optional."""

    keys: dict[str, str] = field(default_factory=dict)  #: action id -> key(s), e.g. {"refresh_all": "R"}
    auto_refresh_minutes: float = 0  #: 0 = off
    timeout: float = 30.0  #: overall deadline for one HTTP request, seconds
    concurrency: int = 64  #: requests in flight at once
    per_host: int = 20  #: requests in flight per host (newsboat uses 20 threads in all)
    max_bytes: int = 16 * 1024 * 1024  #: cap on a body, on the wire and decoded
    sync: "SyncConfig | None" = None  #: [sync]: the feed server, when there is one


SYNC_SERVICES = ("greader", "miniflux", "ttrss", "fever")


@dataclass(frozen=True)
class SyncConfig:
    """config.toml [sync]: the feed server to sync with. The secret itself is read only when a sync runs
    (reader/sync/credentials.py) and is never written by szreader."""

    service: str  #: greader | miniflux | ttrss | fever
    url: str
    user: str = ""
    password_command: str | None = None  #: prints the password (e.g. "pass show rss")
    token_command: str | None = None  #: miniflux: prints the API token
    password: str | None = None  #: only accepted when config.toml is readable by its owner alone
    full_text: bool = False  #: fetch each new synced article's page, as full_text does for a feed


def parse_sync(table: object, path: Path) -> SyncConfig | None:
    """Validate [sync]; a password in a file others can read is refused, with the reason."""
    if table is None:
        return None
    where = f"{path}: [sync]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    service = table.get("service")
    if service not in SYNC_SERVICES:
        raise ConfigError(f"{where}: service must be one of {', '.join(SYNC_SERVICES)}")
    try:
        url = check_url(table.get("url"))
    except ConfigError as e:
        raise ConfigError(f"{where}: url: {e}") from None
    values = {}
    for key in ("user", "password_command", "token_command", "password"):
        v = table.get(key)
        if v is not None and (not isinstance(v, str) or not v.strip()):
            raise ConfigError(f"{where}: {key} must be a non-empty string")
        values[key] = v
    if values["password"] is not None:
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = 0
        if mode & 0o044:
            raise ConfigError(f"{where}: refusing the password in {path.name}, which other users can read "
                              f"(mode {mode & 0o777:o}): run chmod 600 on it, or use password_command or the "
                              "SZREADER_SYNC_PASSWORD variable")
    full_text = table.get("full_text", False)
    if not isinstance(full_text, bool):
        raise ConfigError(f"{where}: full_text must be true or false")
    if service != "miniflux" and not values["user"]:
        raise ConfigError(f"{where}: user is required for {service}")
    return SyncConfig(service=service, url=url, user=values["user"] or "",
                      password_command=values["password_command"], token_command=values["token_command"],
                      password=values["password"], full_text=full_text)


def default_feeds_text() -> str:
    from importlib import resources  # 5 ms of imports that only a first run needs

    return resources.files("reader").joinpath("feeds.toml").read_text(encoding="utf-8")


def check_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL with a host, else raise ConfigError."""
    if not isinstance(url, str) or not url or url != url.strip() or any(c.isspace() for c in url):
        raise ConfigError(f"not a valid URL: {url!r}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    return url


def _load_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None


def _positive_int(table: dict, key: str, where: str) -> int | None:
    v = table.get(key)
    if v is None:
        return None
    if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
        raise ConfigError(f"{where}: {key} must be a positive whole number")
    return v


def parse_feeds(data: dict, where: str = "feeds.toml") -> list[FeedSpec]:
    """Validate the [[feeds]] tables of a parsed feeds.toml."""
    tables = data.get("feeds", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{where}: 'feeds' must be an array of tables ([[feeds]])")
    specs: list[FeedSpec] = []
    names: set[str] = set()
    for i, t in enumerate(tables, 1):
        if not isinstance(t, dict):
            raise ConfigError(f"{where}: feed #{i} is not a table")
        name, url = t.get("name"), t.get("url")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: feed #{i} has no name")
        if name in names:
            raise ConfigError(f"{where}: duplicate feed name {name!r}")
        names.add(name)
        try:
            check_url(url)
        except ConfigError as e:
            raise ConfigError(f"{where}: feed {name!r}: {e}") from None
        kind = t.get("kind", "feed")
        if kind not in ("feed", "page"):
            raise ConfigError(f"{where}: feed {name!r}: kind must be \"feed\" or \"page\"")
        tags = t.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(x, str) for x in tags):
            raise ConfigError(f"{where}: feed {name!r}: tags must be a list of strings")
        full_text = t.get("full_text", True)
        if not isinstance(full_text, bool):
            raise ConfigError(f"{where}: feed {name!r}: full_text must be true or false")
        selectors = {k: t[k] for k in SELECTOR_KEYS if isinstance(t.get(k), str) and t[k].strip()}
        if kind == "page" and "item" not in selectors:
            raise ConfigError(f"{where}: feed {name!r}: a page source needs an 'item' selector")
        specs.append(FeedSpec(
            name=name, url=url, tags=tuple(tags), full_text=full_text, kind=kind, selectors=selectors,
            keep_days=_positive_int(t, "keep_days", f"{where}: feed {name!r}"),
            max_articles=_positive_int(t, "max_articles", f"{where}: feed {name!r}"),
            pages=min(_positive_int(t, "pages", f"{where}: feed {name!r}") or 3, MAX_LIST_PAGES),
        ))
    return specs


def load_feeds(path: Path) -> list[FeedSpec]:
    return parse_feeds(_load_toml(path), str(path))


def load_settings(path: Path) -> Settings:
    data = _load_toml(path)
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise ConfigError(f"{path}: [keys] must map action names to key strings")
    fetch = data.get("fetch", {})
    if not isinstance(fetch, dict):
        raise ConfigError(f"{path}: [fetch] must be a table")
    s = Settings(keys=dict(keys))
    try:
        return Settings(
            keys=dict(keys),
            auto_refresh_minutes=float(data.get("auto_refresh_minutes", s.auto_refresh_minutes)),
            timeout=float(fetch.get("timeout", s.timeout)),
            concurrency=int(fetch.get("concurrency", s.concurrency)),
            per_host=int(fetch.get("per_host", s.per_host)),
            max_bytes=int(fetch.get("max_bytes", s.max_bytes)),
            sync=parse_sync(data.get("sync"), path),
        )
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: numeric settings must be numbers") from None


def feed_table(spec: FeedSpec) -> str:
    """A [[feeds]] table in TOML for ``spec`` (json.dumps writes valid TOML basic strings)."""
    lines = ["[[feeds]]", f"name = {json.dumps(spec.name)}", f"url = {json.dumps(spec.url)}"]
    if spec.tags:
        lines.append("tags = [" + ", ".join(json.dumps(t) for t in spec.tags) + "]")
    if not spec.full_text:
        lines.append("full_text = false")
    if spec.kind != "feed":
        lines.append(f"kind = {json.dumps(spec.kind)}")
        lines += [f"{k} = {json.dumps(v)}" for k, v in spec.selectors.items()]
        if spec.pages != 3:
            lines.append(f"pages = {spec.pages}")
    return "\n".join(lines) + "\n"


def append_feeds(path: Path, specs: list[FeedSpec]) -> None:
    """Append subscriptions to feeds.toml, keeping the user's file (and comments) as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join("\n" + feed_table(s) for s in specs)
    parse_feeds(tomllib.loads(text), str(path))  # never write a file we could not read back
    path.write_text(text, encoding="utf-8")


def remove_feed(path: Path, name: str) -> None:
    """Drop the [[feeds]] table named ``name`` from feeds.toml, keeping the rest of the file as it is."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == "[[feeds]]"] + [len(lines)]
    for a, b in zip(starts, starts[1:]):
        block = "".join(lines[a:b])
        try:
            table = tomllib.loads(block).get("feeds", [{}])[0]
        except tomllib.TOMLDecodeError:
            continue
        if table.get("name") == name:
            rest = "".join(lines[:a] + lines[b:])
            parse_feeds(tomllib.loads(rest), str(path))  # never write a file we could not read back
            path.write_text(rest, encoding="utf-8")
            return
    raise ConfigError(f"no feed named {name!r} in {path}")
