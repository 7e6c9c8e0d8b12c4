"""Where szreader keeps its files, and the subscription list (``feeds.toml``) and settings (``config.toml``).

``SZREADER_HOME=DIR`` puts feeds.toml, config.toml and the database in DIR; otherwise the
platformdirs locations are used. A missing feeds.toml is created from the default list shipped in
the package. Every error here is a :class:`ConfigError` with one line a user can act on.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from reader.errors import ConfigError, cannot_write
from reader.limits import MAX_NAME, MAX_TAG, MAX_TAGS, MAX_URL
from reader.sanitize import clean

DEMO_HOST = "demo.szreader.invalid"
MIN_AUTO_REFRESH = 5  #: minutes: a shorter interval would start a refresh before the last one ended

#: every key feeds.toml may hold in a [[feeds]] table (a key not listed is a typo, and is refused)
FEED_KEYS = {"name", "url", "tags", "full_text", "kind", "item", "title", "link", "summary", "date", "next", "pages",
             "keep_days", "max_articles"}
#: config.toml: top-level settings and tables, each table's keys (None: a table checked by its own module)
SETTING_TABLES: dict[str, set[str] | None] = {
    "fetch": {"timeout", "concurrency", "per_host", "max_bytes"},
    "keys": None,  # binding ids: checked by the TUI against its bindings (check_key_ids)
    "sync": {"service", "url", "user", "password_command", "token_command", "password", "full_text"},
}
SETTING_KEYS = {"auto_refresh_minutes", "inline_tags"}


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
            write_atomic(self.feeds, default_feeds_text())
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
    inline_tags: bool = False  #: the TUI writes each figure's kind after it ("5.2 percent pct")


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
    """Return ``url`` if it is an absolute http(s) URL with a host (and a valid port), else raise ConfigError.

    A URL with whitespace, control characters (C0, DEL, C1) or bidi overrides is refused outright: it
    would be stored and later printed, and nothing a user means to subscribe to contains them."""
    if not isinstance(url, str) or not url:
        raise ConfigError("not a valid URL: empty")
    if len(url) > MAX_URL:
        raise ConfigError(f"not a valid URL: longer than {MAX_URL} characters")
    if any(c.isspace() for c in url) or not url.isprintable() or clean(url) != url:
        raise ConfigError(f"not a valid URL (it contains spaces or control characters): {url!r}")
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port  # .port raises on 99999 or "x"
    except ValueError as e:
        raise ConfigError(f"not a valid URL ({e}): {url!r}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    if port == 0:
        raise ConfigError(f"not a valid URL (port 0): {url!r}")
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


def _whole(table: dict, key: str, where: str, low: int, high: int) -> int | None:
    """An optional whole-number setting within [low, high], or ConfigError naming the key, type and range."""
    v = table.get(key)
    if v is None:
        return None
    if not isinstance(v, int) or isinstance(v, bool):
        raise ConfigError(f"{where}: {key} must be a whole number from {low} to {high}, not {_shown(v)}")
    if not low <= v <= high:
        raise ConfigError(f"{where}: {key} = {v} is out of range ({low} to {high})")
    return v


def _number(table: dict, key: str, where: str, low: float, high: float, zero: bool = False) -> float | None:
    """An optional number (int or float) within [low, high] (or exactly 0 when ``zero``), finite."""
    v = table.get(key)
    if v is None:
        return None
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        raise ConfigError(f"{where}: {key} must be a number from {low:g} to {high:g}, not {_shown(v)}")
    if not math.isfinite(v) or not (low <= v <= high or (zero and v == 0)):
        range_ = f"0 (off) or {low:g} to {high:g}" if zero else f"{low:g} to {high:g}"
        raise ConfigError(f"{where}: {key} = {v} is out of range ({range_})")
    return float(v)


def _shown(v: object) -> str:
    return f"{type(v).__name__} {str(v)[:40]!r}" if not isinstance(v, (dict, list)) else type(v).__name__


def _unknown(keys, known, where: str, hint: str = "") -> None:
    for k in keys:
        if k not in known:
            raise ConfigError(f"{where}: unknown key {clean(k)[:60]!r}{hint} (known: {', '.join(sorted(known))})")


def parse_feeds(data: dict, where: str = "feeds.toml") -> list[FeedSpec]:
    """Validate the [[feeds]] tables of a parsed feeds.toml: every key known, every value of its type and range."""
    _unknown(data, {"feeds"}, where, " (subscriptions are [[feeds]] tables)")
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
        if len(name) > MAX_NAME or clean(name) != name or "\n" in name:
            raise ConfigError(f"{where}: feed #{i}: name must be one line of at most {MAX_NAME} characters "
                              "without control characters")
        if name in names:
            raise ConfigError(f"{where}: duplicate feed name {name!r}")
        names.add(name)
        _unknown(t, FEED_KEYS, f"{where}: feed {name!r}")
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
        if len(tags) > MAX_TAGS or any(len(x) > MAX_TAG or clean(x) != x for x in tags):
            raise ConfigError(f"{where}: feed {name!r}: tags: at most {MAX_TAGS}, each at most {MAX_TAG} "
                              "characters without control characters")
        full_text = t.get("full_text", True)
        if not isinstance(full_text, bool):
            raise ConfigError(f"{where}: feed {name!r}: full_text must be true or false")
        for k in SELECTOR_KEYS:
            if k in t and not isinstance(t[k], str):
                raise ConfigError(f"{where}: feed {name!r}: {k} must be a CSS selector (a string)")
        selectors = {k: t[k] for k in SELECTOR_KEYS if isinstance(t.get(k), str) and t[k].strip()}
        if kind == "page" and "item" not in selectors:
            raise ConfigError(f"{where}: feed {name!r}: a page source needs an 'item' selector")
        specs.append(FeedSpec(
            name=name, url=url, tags=tuple(tags), full_text=full_text, kind=kind, selectors=selectors,
            keep_days=_whole(t, "keep_days", f"{where}: feed {name!r}", 1, 36_500),
            max_articles=_whole(t, "max_articles", f"{where}: feed {name!r}", 1, 10_000_000),
            pages=_whole(t, "pages", f"{where}: feed {name!r}", 1, MAX_LIST_PAGES) or 3,
        ))
    return specs


def load_feeds(path: Path) -> list[FeedSpec]:
    return parse_feeds(_load_toml(path), str(path))


def parse_settings(data: dict, where: str = "config.toml") -> Settings:
    """Validate a parsed config.toml: unknown keys and tables are refused, every value has its type and range."""
    _unknown(data, SETTING_KEYS | SETTING_TABLES.keys(), where)
    for table, known in SETTING_TABLES.items():
        if table in data and not isinstance(data[table], dict):
            raise ConfigError(f"{where}: [{table}] must be a table")
        if known is not None:
            _unknown(data.get(table, {}), known, f"{where}: [{table}]")
    keys = data.get("keys", {})
    for k, v in keys.items():
        if not isinstance(v, str) or not v.strip() or clean(v) != v:
            raise ConfigError(f"{where}: [keys] {clean(k)[:60]} must be a key name or a comma-separated list of them")
    fetch = data.get("fetch", {})
    s = Settings()
    pick = lambda v, default: default if v is None else v  # noqa: E731
    return Settings(
        keys=dict(keys),
        auto_refresh_minutes=pick(_number(data, "auto_refresh_minutes", where, MIN_AUTO_REFRESH, 7 * 24 * 60,
                                          zero=True), s.auto_refresh_minutes),
        timeout=pick(_number(fetch, "timeout", f"{where}: [fetch]", 0.5, 3600), s.timeout),
        concurrency=pick(_whole(fetch, "concurrency", f"{where}: [fetch]", 1, 1000), s.concurrency),
        per_host=pick(_whole(fetch, "per_host", f"{where}: [fetch]", 1, 256), s.per_host),
        max_bytes=pick(_whole(fetch, "max_bytes", f"{where}: [fetch]", 4096, 1024 ** 3), s.max_bytes),
        sync=parse_sync(data.get("sync"), Path(where)),
        inline_tags=_bool(data, "inline_tags", Path(where)),
    )


def _bool(table: dict, key: str, path: Path) -> bool:
    v = table.get(key, False)
    if not isinstance(v, bool):
        raise ConfigError(f"{path}: {key} must be true or false")
    return v


def load_settings(path: Path) -> Settings:
    return parse_settings(_load_toml(path), str(path))


def check_key_ids(settings: Settings, known: set[str], where: str = "config.toml") -> None:
    """Refuse a [keys] entry that names no binding (the TUI passes the ids of its bindings)."""
    _unknown(settings.keys, known, f"{where}: [keys]")


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
    lines += [f"{k} = {v}" for k, v in (("keep_days", spec.keep_days), ("max_articles", spec.max_articles)) if v]
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once: a temporary file in the same folder, fsync, rename.

    A full disk or a crash leaves the old file as it was (never a file cut off mid-string)."""
    import tempfile

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # the rename itself reaches the disk
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def append_feeds(path: Path, specs: list[FeedSpec]) -> None:
    """Append subscriptions to feeds.toml, keeping the user's file (and comments) as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join("\n" + feed_table(s) for s in specs)
    parse_feeds(tomllib.loads(text), str(path))  # never write a file we could not read back
    try:
        write_atomic(path, text)
    except OSError as e:
        raise cannot_write(path, e, " (the file is unchanged)") from None


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
            try:
                write_atomic(path, rest)
            except OSError as e:
                raise cannot_write(path, e, " (the file is unchanged)") from None
            return
    raise ConfigError(f"no feed named {name!r} in {path}")
