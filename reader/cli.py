"""The ``szreader`` command: the TUI when run alone, subcommands for scripts (human text, or JSON with --json).

Every error a user can cause ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import gc
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from reader.config import DEMO_HOST, FeedSpec, Paths, append_feeds, check_url, load_feeds, load_settings
from reader.errors import (EXIT_DATABASE, EXIT_NOTHING_REFRESHED, EXIT_USAGE, EXIT_WRITE, ConfigError, MissingModule,
                           ReaderError, WriteError, cannot_write)
from reader.limits import MAX_NAME
from reader.sanitize import clean_line, clean_url

ACTIONS = ("read", "unread", "star", "unstar", "save", "unsave")
MAX_ID = 2 ** 63 - 1  #: the largest id SQLite can hold
MAX_LIMIT = 1_000_000  #: --limit


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + message
        raise ConfigError(message)


def _n(count: int, noun: str) -> str:
    """'1 error', '2 errors'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=1))


def _store(paths: Paths):
    from reader.store import Store

    return Store.open(paths.database)


def _flags(a: dict) -> str:
    return ("N" if not a["read"] else " ") + ("!" if a["starred"] else " ") + ("S" if a["saved"] else " ")


def _article_row(a: dict) -> dict:
    return {k: (bool(a[k]) if k in ("read", "starred", "saved") else a[k])
            for k in ("id", "feed", "title", "url", "published", "read", "starred", "saved", "writer", "editor")}


#: modules a refresh imports, directly or through a library's optional part (trafilatura -> justext ->
#: lxml.html.clean, which lives in lxml_html_clean since lxml 5.2; an old pip leaves it out)
REFRESH_MODULES = ("httpx", "feedparser", "lxml", "trafilatura", "lxml_html_clean", "sqlite_utils")
TUI_MODULES = ("textual", "rich")


def require(*modules: str) -> None:
    """Fail loudly at start, with one line naming the module, if one that a command needs is not installed
    (not later, per article, as an ImportError stored in its status)."""
    from importlib.util import find_spec

    for name in modules:
        try:
            found = find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise MissingModule(f"the Python module {name!r} is not installed; reinstall szreader "
                                "(make setup, or pip install -e .)")


# ---- commands ----------------------------------------------------------------------------------
def cmd_refresh(args, paths: Paths) -> int:
    require(*REFRESH_MODULES)
    from reader.refresh import run_refresh

    specs = load_feeds(paths.feeds)
    settings = load_settings(paths.config)
    sync = not args.feed and not args.demo  # a refresh of named feeds syncs only when one of them comes from the sync server
    only = None
    if args.feed:
        names = {s.name for s in specs}
        missing = [n for n in args.feed if n not in names]
        if missing and settings.sync is not None:
            remote = _store(paths).conn.execute(
                "SELECT name FROM feeds WHERE remote_id IS NOT NULL AND name IN (%s)" % ",".join("?" * len(missing)),
                missing).fetchall()
            sync, missing = bool(remote), [n for n in missing if n not in {r[0] for r in remote}]
        if missing:
            raise ConfigError(f"no feed named {missing[0]!r} in {paths.feeds}")
        only = set(args.feed)
    if args.demo:  # `make run`: the built-in demo edition, if it is still subscribed (none is fine), offline
        only = (only or set()) | {s.name for s in specs if urlsplit(s.url).hostname == DEMO_HOST}
    tty = sys.stderr.isatty()
    line = None  # on a terminal: the TUI's refresh line, naming the feed now running

    def progress(p) -> None:
        nonlocal line
        if args.progress_jsonl:  # for the TUI, which runs refreshes in a child process
            sys.stderr.write(json.dumps({"done": p.done, "total": p.total, "new": p.new, "errors": p.errors,
                                         "feed": p.feed, "error": p.error, "stage": p.stage},
                                        ensure_ascii=False) + "\n")
            sys.stderr.flush()
        elif tty:
            if line is None:
                from reader.refresh_line import RefreshLine
                line = RefreshLine()
            line.update(p.feed, p.stage, p.error)
            sys.stderr.write(line.on_terminal(p.done, p.total, p.new))
            sys.stderr.flush()

    # A refresh is a short batch job: everything imported so far lives to the end, and the garbage collector
    # would rescan it again and again. Measured on the 200-feed farm: 43 ms of collection -> 7 ms.
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    report = run_refresh(paths.database, specs, settings, progress, force=bool(args.feed), sync=sync, only=only)
    if tty and not args.progress_jsonl:
        sys.stderr.write("\r\x1b[K")
    # every feed it tried failed: a distinct exit code, so that a script or cron job notices
    code = EXIT_NOTHING_REFRESHED if report.errors and len(report.errors) == report.done - len(report.skipped) else 0
    if args.json:
        _json({"feeds": report.total, "new": report.new, "changed": report.changed, "not_modified": report.not_modified,
               "pages": report.pages, "errors": report.errors, "skipped": list(report.skipped),
               "waiting": report.skipped, "redirects": report.redirects, "seconds": round(report.seconds, 3),
               "sync": _sync_json(report.sync)})
        return code
    print(f"Refreshed {report.done} of {report.total} feeds in {report.seconds:.2f} s: {report.new} new, "
          f"{report.changed} changed, {report.not_modified} unchanged, {_n(report.pages, 'page')}, "
          f"{_n(len(report.errors), 'error')}")
    for name, err in report.errors.items():
        print(f"  ! {clean_line(name)}: {clean_line(err)}")
    for name, why in report.skipped.items():
        print(f"  - {clean_line(name)}: {why}")
    for name, url in report.redirects.items():
        print(f"  > {clean_line(name)} moved permanently to {clean_url(url)}: update feeds.toml")
    if report.sync is not None and report.sync.error is None:
        r = report.sync
        print(f"  synced with {r.service}: {r.new} new, {r.pushed} marks sent, {r.state_changes} marks received, "
              f"{r.requests} requests")
    return code


def _sync_json(r) -> dict | None:
    if r is None:
        return None
    return {"service": r.service, "new": r.new, "changed": r.changed, "pushed": r.pushed, "received": r.received,
            "state_changes": r.state_changes, "sources": r.sources, "requests": r.requests, "error": r.error,
            "seconds": round(r.seconds, 3)}


def cmd_sync(args, paths: Paths) -> int:
    from reader.sync.commands import status, status_lines

    settings = load_settings(paths.config)
    if args.what == "now":
        if settings.sync is None:
            raise ConfigError(f"sync is not configured: add a [sync] section to {paths.config}")
        from reader.refresh import run_refresh

        report = run_refresh(paths.database, [], settings, sync=True)
        if report.sync.error is not None:
            raise ReaderError(f"sync: {report.sync.error}")
        if args.json:
            _json(_sync_json(report.sync))
        else:
            r = report.sync
            print(f"synced with {r.service}: {r.new} new, {r.pushed} marks sent, {r.state_changes} marks received")
        return 0
    s = status(_store(paths), settings.sync)
    if args.json:
        _json(s)
    else:
        print("\n".join(status_lines(s)))
    return 0


def cmd_feeds(args, paths: Paths) -> int:
    specs = load_feeds(paths.feeds)
    store = _store(paths)
    store.sync_feeds(specs)
    sync_cfg = load_settings(paths.config).sync
    rows = [{"name": f["name"], "url": f["url"], "articles": f["articles"], "unread": f["unread"],
             "last_fetched": f["last_fetched"], "last_status": f["last_status"], "last_error": f["last_error"],
             "failures": f["failures"], "redirected_to": f["redirected_to"]} for f in store.feeds()]
    if args.json:
        _json(rows)
        return 0
    if sync_cfg is not None:
        from reader.sync.commands import feeds_line, status

        print(feeds_line(status(store, sync_cfg)))
    for r in rows:
        state = f"error: {r['last_error']}" if r["last_error"] else (r["last_status"] or "never fetched")
        print(f"{r['name']}  [{r['unread']}/{r['articles']} unread]  {state}")
        print(f"    {r['url']}")
    return 0


def cmd_list(args, paths: Paths) -> int:
    store = _store(paths)
    feed_ids = None
    if args.feed:
        feed_ids = []
        for name in args.feed:
            fid = store.feed_id(name)
            if fid is None:
                raise ConfigError(f"no feed named {name!r}")
            feed_ids.append(fid)
    rows = store.articles(feed_ids=feed_ids, unread=args.unread, starred=args.starred, saved=args.saved,
                          tag=args.tag, limit=args.limit + 1)
    more = len(rows) > args.limit
    rows = rows[:args.limit]
    if args.json:
        _json([_article_row(a) for a in rows])
    else:
        for a in rows:
            print(f"{a['id']:>6} {(a['published'] or a['sort_date'] or '')[:10]} {_flags(a)} {a['feed'][:20]:<20} "
                  f"{a['title']}")
    if more:  # on stderr, so that the JSON on stdout stays a plain list
        print(f"szreader: stopped at {args.limit} articles; there are more (--limit N shows up to N)", file=sys.stderr)
    return 0


def _article_id(raw: str) -> int:
    """An article id as typed: a whole number SQLite can hold (ids >= 2^63 are refused, not a traceback)."""
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"not an article id: {raw[:40]!r}") from None
    if not 1 <= value <= MAX_ID:
        raise ConfigError(f"no article with id {raw[:40]} (ids are whole numbers from 1 to {MAX_ID})")
    return value


def _limit(raw: str) -> int:
    """--limit: a whole number from 1 to 1,000,000."""
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {raw[:40]!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_LIMIT:,}, not {raw[:40]}")
    return value


def _figures_progress(show: bool, at_least: int = 0):
    """A progress callback for working out key figures (reader/analysis.py) that draws one line on stderr when
    ``show`` and more than ``at_least`` articles wait; and the function that clears that line, if drawn."""
    drawn = False

    def progress(done: int, total: int) -> None:
        nonlocal drawn
        if show and total > at_least:
            sys.stderr.write(f"\r\x1b[Kworking out key figures: {done}/{total} articles")
            sys.stderr.flush()
            drawn = True

    def clear() -> None:
        if drawn:
            sys.stderr.write("\r\x1b[K")

    return progress, clear


def _analysed(store, ids: list[int] | None = None, quiet: bool = False) -> None:
    """Work out the key figures of these articles (or all) if a refresh left them waiting (reader/analysis.py).
    On a terminal, a long wait says what it is; on a database we may not write, what is stored is shown."""
    from reader.analysis import bring_up_to_date

    progress, clear = _figures_progress(not quiet and sys.stderr.isatty(), at_least=200)
    try:
        bring_up_to_date(store, ids, progress)
    except WriteError:
        pass
    finally:
        clear()


def _get_article(store, raw: str, analysed: bool = True) -> dict:
    article_id = _article_id(raw)
    if analysed:
        _analysed(store, [article_id])
    a = store.article(article_id)
    if a is None:
        raise ConfigError(f"no article with id {article_id}")
    return a


def describe_figure(f: dict) -> str:
    """One line for a figure: '[money] GDP — 12.1 trillion yuan ≈ 1.21e+13 CNY (+, yoy)'."""
    bits = []
    if f.get("approx"):
        bits.append("approx")
    if f.get("bound") and f["bound"] != "eq":
        bits.append(f["bound"])
    if f.get("direction"):
        bits.append(f["direction"])
    if f.get("basis"):
        bits.append(f["basis"])
    value = "" if f.get("value") is None else f" = {f['value']:g}{(' ' + f['unit']) if f.get('unit') else ''}"
    if f.get("value_to") is not None:
        value += f" to {f['value_to']:g}"
    if f.get("per"):
        value += f" per {clean_line(f['per'])}"
    about = " · ".join(clean_line(x) for x in (f.get("entity"), f.get("subject"), f.get("period")) if x)
    subject = f"{about}: " if about else ""
    # one line: a figure's text may span a line break in the article (a person's name after a newline)
    return f"[{f['kind']}] {subject}{clean_line(f['text'])}{value}" + (f" ({', '.join(bits)})" if bits else "")


def cmd_show(args, paths: Paths) -> int:
    from reader.fulltext import unavailable_note

    a = _get_article(_store(paths), args.id)
    if args.json:
        a = dict(a)
        for k in ("read", "starred", "saved"):
            a[k] = bool(a[k])
        a.pop("hash", None)
        a.pop("analysed", None)
        a["text"] = a.get("content") or a.get("summary")
        a["text_note"] = unavailable_note(a.get("text_status"))
        _json(a)
        return 0
    print(a["title"])
    byline = " | ".join(f"{k.title()}: {a[k]}" for k in ("writer", "editor", "source", "updated") if a.get(k))
    if byline:
        print(byline)
    print(f"{a['feed']} · {a['published'] or a['sort_date']} · {a['url']}")
    if a["tags"]:
        print("Tags: " + ", ".join(a["tags"]))
    note = unavailable_note(a.get("text_status"))
    if note:
        print(note)
    print()
    print(a["content"] or a["summary"])
    if a["figures"]:
        print("\nKey figures:")
        for f in a["figures"]:
            print("  " + describe_figure(f))
    return 0


def cmd_search(args, paths: Paths) -> int:
    rows = _store(paths).search(args.query, limit=args.limit)
    if args.json:
        _json([{**_article_row(a), "snippet": a["snippet"]} for a in rows])
        return 0
    for a in rows:
        print(f"{a['id']:>6} {a['feed'][:20]:<20} {a['title']}")
        print(f"       {a['snippet']}")
    if len(rows) == args.limit:
        print(f"szreader: stopped at {args.limit} results (--limit N shows up to N)", file=sys.stderr)
    return 0


def mark_groups(words: list[str]) -> list[tuple[list[int], str]]:
    """``617 618 read 628 unread`` -> [([617, 618], "read"), ([628], "unread")]: ids, then what to do with them."""
    usage = f"usage: szreader mark ID... {{{'|'.join(ACTIONS)}}} [ID... ACTION]..."
    groups: list[tuple[list[int], str]] = []
    ids: list[int] = []
    for w in words:
        if w in ACTIONS:
            if not ids:
                raise ConfigError(usage)
            groups.append((ids, w))
            ids = []
        else:
            try:
                int(w)
            except ValueError:
                raise ConfigError(f"{usage} ({w[:40]!r} is neither an article id nor an action)") from None
            ids.append(_article_id(w))
    if ids or not groups:
        raise ConfigError(usage)
    return groups


def cmd_mark(args, paths: Paths) -> int:
    groups = mark_groups(args.args)
    store = _store(paths)
    every = [i for ids, _ in groups for i in ids]
    missing = sorted(set(every) - store.existing_ids(every))
    if missing:
        raise ConfigError(f"no article with id {missing[0]}")
    done = [{"marked": ids, "action": action, "changed": store.mark(ids, action)} for ids, action in groups]
    if args.json:
        _json(done[0] if len(done) == 1 else done)
    else:
        for d in done:
            print(f"{d['action']}: {_n(len(d['marked']), 'article')}")
    return 0


def _subscribe_on_server(paths: Paths, urls: list[str]) -> bool:
    """With [sync] configured, subscribe on the server instead of feeds.toml; False when the service cannot
    (Fever: the feeds then go to feeds.toml, fetched directly, and the user is told)."""
    settings = load_settings(paths.config)
    if settings.sync is None:
        return False
    from reader.sync.engine import client_for

    if not client_for(settings.sync.service).can_subscribe:
        print(f"{settings.sync.service} cannot subscribe through its API: adding to {paths.feeds} instead "
              "(add it on the server to have it synced)", file=sys.stderr)
        return False
    from reader.sync.commands import subscribe

    failed = [(u, e) for u, e in subscribe(settings, urls) if e]
    for url in urls:
        if url not in dict(failed):
            print(f"subscribed on the server ({settings.sync.service}): {url}; it appears at the next refresh")
    if failed:
        raise ReaderError(f"{failed[0][0]}: {failed[0][1]}" + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""))
    return True


def _unique_name(base: str, taken: set[str]) -> str:
    """``base``, or ``base (2)``, ``base (3)``... whichever is free."""
    name, n = base, 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    return name


def _follow_feeds(paths: Paths) -> None:
    """Enter feeds.toml's subscriptions in the database now, so that `feeds`, `list` and the TUI's sidebar show
    a new one before its first fetch."""
    store = _store(paths)
    try:
        store.sync_feeds(load_feeds(paths.feeds))
    finally:
        store.close()


def cmd_add(args, paths: Paths) -> int:
    if args.page:
        return _add_page(args, paths)
    if not args.url:
        raise ConfigError("usage: szreader add URL, or szreader add --page URL --item SELECTOR [--title SELECTOR ...]")
    url = check_url(args.url)
    if args.preview:
        return _add_preview(url, paths)
    if _subscribe_on_server(paths, [url]):
        return 0
    specs = load_feeds(paths.feeds)
    _check_new(specs, args.name, url)
    from reader.discover import discover_feeds

    found = discover_feeds(url, load_settings(paths.config))
    if found.error is not None and not found.reachable:
        print(f"szreader: could not check {url} ({found.error}); added it as a feed anyway, and refresh will "
              "report what it finds", file=sys.stderr)
        feed_url, title = url, ""
    elif not found.feeds and found.page is not None:  # no feed, but a list page in a layout szreader knows
        if not args.json:
            print(f"no feed at {url}, but a list page in the {found.layout} layout:")
            _print_preview(found.page)
        return _save(paths, specs, FeedSpec(name=args.name or _free_name(specs, urlsplit(url).hostname), url=url,
                                            tags=tuple(args.tag or ()), kind="page", selectors=found.page.selectors,
                                            pages=3), args.json)
    elif not found.feeds:
        raise ReaderError(f"no feed found at {url}" + (f" ({found.error})" if found.error else "") +
                          f"; if it lists articles, add it as a page source (kind = \"page\"): "
                          f"szreader add --page {url} --item SELECTOR --title SELECTOR")
    elif len(found.feeds) > 1 and not found.is_feed:
        if args.json:
            _json({"found": [{"url": f.url, "title": f.title, "format": f.format, "entries": f.entries}
                             for f in found.feeds]})
            return 0
        print(f"{len(found.feeds)} feeds found at {url}; add the one you want with: szreader add FEED_URL")
        for f in found.feeds:
            print(f"  {f.url}  {f.title or '(untitled)'}  [{f.format}, {f.entries} items]")
        return 0
    else:
        feed_url, title = check_url(found.feeds[0].url), found.feeds[0].title
        if feed_url != url and not args.json:
            print(f"found a feed at {feed_url}: {title or '(untitled)'} [{found.feeds[0].format}]")
    return _save(paths, specs, FeedSpec(name=args.name or _free_name(specs, title or urlsplit(url).hostname),
                                        url=feed_url, tags=tuple(args.tag or ())), args.json)


def _add_preview(url: str, paths: Paths) -> int:
    """``add URL --preview --json``: what adding ``url`` would find (the TUI's Add source shows it), saving
    nothing: the feeds found, or a list page in a layout szreader knows with its first items, or the error."""
    from reader.discover import discover_feeds

    found = discover_feeds(url, load_settings(paths.config))
    if not found.reachable:
        raise ReaderError(f"could not fetch {url}: {found.error}")
    if not found.feeds and found.page is None:
        raise ReaderError(f"no feed found at {url}" + (f" ({found.error})" if found.error else "") +
                          "; if it lists articles, add it as a page source: szreader add --page URL --item SELECTOR")
    page = found.page
    _json({"url": url, "is_feed": found.is_feed,
           "feeds": [{"url": f.url, "title": clean_line(f.title), "format": f.format, "entries": f.entries}
                     for f in found.feeds],
           "page": None if page is None else {
               "layout": found.layout, "selectors": page.selectors, "total": page.total, "next": bool(page.next_url),
               "items": [{"title": clean_line(i["title"]), "url": clean_url(i["url"]), "date": i["date"]}
                         for i in page.items]}})
    return 0


def _print_preview(preview) -> None:
    print(f"{preview.total} items on the page" + (", more pages follow" if preview.next_url else "") +
          f"; the first {len(preview.items)} as they would be stored:")
    for it in preview.items:
        print(f"  {it['date'] or '----------':10}  {it['title'] or '(no title)'}")
        print(f"              {it['url']}")
        if it["summary"]:
            print(f"              {it['summary'][:110]}")


def _check_new(specs, name: str | None, url: str) -> None:
    if name is not None and (not name.strip() or clean_line(name) != name or len(name) > MAX_NAME):
        raise ConfigError(f"a feed name must be one line of at most {MAX_NAME} characters without control characters")
    if name is not None and any(s.name == name for s in specs):
        raise ConfigError(f"a feed named {name!r} already exists")
    if any(s.url == url for s in specs):
        raise ConfigError(f"already subscribed to {url}")


def _free_name(specs, name: str) -> str:
    return _unique_name(clean_line(name)[:80], {s.name for s in specs})


def _save(paths: Paths, specs, spec: FeedSpec, as_json: bool = False) -> int:
    _check_new(specs, spec.name, spec.url)
    append_feeds(paths.feeds, [spec])
    _follow_feeds(paths)  # listed (feeds, list, the TUI's sidebar) before its first fetch
    if as_json:
        _json({"added": {"name": spec.name, "url": spec.url, "tags": list(spec.tags), "kind": spec.kind}})
    else:
        print(f"added {spec.name!r}: {spec.url}" + (' (kind = "page")' if spec.kind == "page" else ""))
    return 0


def _add_page(args, paths: Paths) -> int:
    """``add --page URL --item SEL ...``: read the page with the selectors now, show its first items, then save."""
    from reader.config import MAX_LIST_PAGES, SELECTOR_KEYS
    from reader.discover import preview_list_page

    url = check_url(args.page)
    if not args.item:
        raise ConfigError("--page needs --item SELECTOR (the element of one item; see feeds.toml)")
    if args.pages is not None and not 1 <= args.pages <= MAX_LIST_PAGES:
        raise ConfigError(f"--pages must be between 1 and {MAX_LIST_PAGES}")
    specs = load_feeds(paths.feeds)
    _check_new(specs, args.name, url)
    selectors = {k: getattr(args, k) for k in SELECTOR_KEYS if getattr(args, k)}
    preview = preview_list_page(url, selectors, load_settings(paths.config))
    if preview.error is not None:
        raise ReaderError(f"{url}: {preview.error}; nothing saved")
    if not args.json:  # --json prints only the JSON answer
        _print_preview(preview)
    spec = FeedSpec(name=args.name or _free_name(specs, urlsplit(url).hostname), url=url,
                    tags=tuple(args.tag or ()), kind="page", selectors=selectors, pages=args.pages or 3)
    return _save(paths, specs, spec, args.json)


def cmd_remove(args, paths: Paths) -> int:
    from reader.config import remove_feed

    remove_feed(paths.feeds, args.name)
    _store(paths).sync_feeds(load_feeds(paths.feeds))  # the feed turns inactive; its articles stay
    print(f"removed {args.name!r}")
    return 0


def cmd_import(args, paths: Paths) -> int:
    from reader.opml import read_opml

    incoming = read_opml(Path(args.file))
    if _subscribe_on_server(paths, [s.url for s in incoming]):
        return 0
    specs = load_feeds(paths.feeds)
    names, urls = {s.name for s in specs}, {s.url for s in specs}
    added, skipped = [], 0
    for s in incoming:
        if s.url in urls:
            skipped += 1
            continue
        name = _unique_name(s.name, names)
        added.append(dataclasses.replace(s, name=name))
        names.add(name)
        urls.add(s.url)
    if added:
        append_feeds(paths.feeds, added)
        _follow_feeds(paths)
    if args.json:
        _json({"imported": [{"name": s.name, "url": s.url, "tags": list(s.tags)} for s in added], "skipped": skipped})
    else:
        print(f"imported {_n(len(added), 'feed')}, skipped {skipped} already subscribed")
    return 0


def cmd_export(args, paths: Paths) -> int:
    from reader.opml import write_opml

    specs = load_feeds(paths.feeds)
    if args.json:
        _json([{"name": s.name, "url": s.url, "tags": list(s.tags), "kind": s.kind, "full_text": s.full_text,
                **({"selectors": s.selectors} if s.selectors else {}),
                **{k: v for k, v in (("keep_days", s.keep_days), ("max_articles", s.max_articles)) if v}}
               for s in specs])
        return 0
    sys.stdout.write(write_opml(specs))
    return 0


def cmd_figures(args, paths: Paths) -> int:
    from reader.figures_cli import run

    return run(args, paths)


def cmd_facts(args, paths: Paths) -> int:
    from reader.facts import group, render
    from reader.figures import KEY_KINDS

    if args.kind and args.kind not in KEY_KINDS:
        raise ConfigError(f"unknown kind {args.kind!r} (one of {', '.join(KEY_KINDS)})")
    store = _store(paths)
    _analysed(store)
    groups = group(store.fact_rows(), args.entity, args.subject, args.kind)
    if args.json:
        _json(groups)
    else:
        sys.stdout.write(render(groups) or "no facts yet: refresh some feeds first\n")
    return 0


def cmd_analyse(args, paths: Paths) -> int:
    """Work out the key figures that refreshes left for later (the TUI runs this after each refresh)."""
    from reader.analysis import VERSION, bring_up_to_date

    store = _store(paths)
    total = store.unanalysed_count(VERSION)
    draw, clear = _figures_progress(sys.stderr.isatty() and not args.progress_jsonl)

    def progress(done: int, total: int) -> None:
        if args.progress_jsonl:  # for the TUI, which runs this in a child process
            sys.stderr.write(json.dumps({"analysed": done, "total": total}) + "\n")
            sys.stderr.flush()
        draw(done, total)

    started = time.monotonic()
    written = bring_up_to_date(store, None, progress)
    seconds = time.monotonic() - started
    clear()
    if args.json:
        _json({"articles": total, "analysed": written, "seconds": round(seconds, 3)})
    else:
        print(f"Worked out the key figures of {_n(written, 'article')} in {seconds:.2f} s" if total else
              "Every article's key figures are worked out already")
    return 0


def cmd_fetch_text(args, paths: Paths) -> int:
    require(*REFRESH_MODULES)
    from reader import fetch
    from reader.refresh import fetch_article_text

    store = _store(paths)
    article = _get_article(store, args.id, analysed=False)
    store.close()
    error = fetch.run(fetch_article_text(paths.database, article["id"], load_settings(paths.config)))
    if error:
        raise ReaderError(f"article {article['id']}: {error}")
    _analysed(_store(paths), [article["id"]], quiet=True)
    print(f"fetched the text of article {article['id']}")
    return 0


def cmd_export_saved(args, paths: Paths) -> int:
    from reader.saved import export_saved

    store = _store(paths)
    _analysed(store, [a["id"] for a in store.articles(saved=True, limit=None)])
    text = export_saved(store, "json" if args.json else args.format)
    if args.output:
        from reader.config import write_atomic

        try:
            write_atomic(Path(args.output), text)
        except OSError as e:
            raise cannot_write(args.output, e) from None
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="szreader", description="A terminal news reader that understands figures.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, fn, help: str, json_flag: bool = True) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.set_defaults(fn=fn)
        if json_flag:
            sp.add_argument("--json", action="store_true", help="print JSON")
        return sp

    sp = add("refresh", cmd_refresh, "fetch every feed (or those named) and store new articles")
    sp.add_argument("--feed", action="append", metavar="NAME")
    sp.add_argument("--demo", action="store_true", help="only the built-in demo edition's feeds (if subscribed)")
    sp.add_argument("--progress-jsonl", action="store_true", help="progress as JSON lines on stderr")
    add("feeds", cmd_feeds, "list subscriptions with their state")
    sp = add("list", cmd_list, "list articles, newest first")
    sp.add_argument("--feed", action="append", metavar="NAME")
    for flag in ("unread", "starred", "saved"):
        sp.add_argument(f"--{flag}", action="store_true")
    sp.add_argument("--tag")
    sp.add_argument("--limit", type=_limit, default=100)
    sp = add("show", cmd_show, "show one article with its full text and key figures")
    sp.add_argument("id")
    sp = add("search", cmd_search, "full-text search")
    sp.add_argument("query")
    sp.add_argument("--limit", type=_limit, default=50)
    sp = add("mark", cmd_mark, "mark articles: ID... read|unread|star|unstar|save|unsave [ID... ACTION]...")
    sp.add_argument("args", nargs="+", metavar="ID... ACTION")
    sp = add("add", cmd_add, "subscribe to a feed, or find the feeds of a site's page; --page adds an HTML list "
             "page read with CSS selectors, showing its first items first")
    sp.add_argument("url", nargs="?")
    sp.add_argument("--name")
    sp.add_argument("--tag", action="append")
    sp.add_argument("--page", metavar="URL", help="a list page with no feed (kind = \"page\")")
    for key in ("item", "title", "link", "summary", "date", "next"):
        sp.add_argument(f"--{key}", metavar="SELECTOR")
    sp.add_argument("--pages", type=int, metavar="N", help="list pages to read per refresh (default 3)")
    sp.add_argument("--preview", action="store_true", help="only show what URL leads to (feeds, or a list page in "
                    "a known layout); save nothing")
    sp = add("remove", cmd_remove, "unsubscribe from a feed by name (its saved articles stay)", json_flag=False)
    sp.add_argument("name")
    sp = add("import", cmd_import, "import subscriptions from an OPML file")
    sp.add_argument("file")
    add("export", cmd_export, "print subscriptions as OPML 2.0 (or JSON)")
    sp = add("figures", cmd_figures, "find key figures in text (file or stdin), an article, or across articles")
    sp.add_argument("file", nargs="?", help="a text file (default: standard input)")
    sp.add_argument("--jsonl", action="store_true", help='read {"id", "text"} lines, write {"id", "figures"} lines')
    sp.add_argument("--article", metavar="ID")
    sp.add_argument("--subject")
    sp.add_argument("--kind")
    sp = add("facts", cmd_facts, "figures across articles by entity, subject and unit, newest period first")
    sp.add_argument("--entity")
    sp.add_argument("--subject")
    sp.add_argument("--kind")
    sp = add("analyse", cmd_analyse, "work out the key figures a refresh left for later (other commands do it "
             "when they need them)")
    sp.add_argument("--progress-jsonl", action="store_true", help="progress as JSON lines on stderr")
    sp = add("fetch-text", cmd_fetch_text, "fetch and store one article's full text now", json_flag=False)
    sp.add_argument("id")
    sp = add("sync", cmd_sync, "the feed server: status (server, last sync, pending changes, last error) or now")
    sp.add_argument("what", choices=("status", "now"))
    sp = add("export-saved", cmd_export_saved, "write saved articles with their key figures (--json: as JSON)")
    sp.add_argument("--format", choices=("md", "json"), default="md")
    sp.add_argument("-o", "--output", metavar="FILE")
    sp = add("db", cmd_db, "check the database, or recover what can be read of a damaged one into a new file")
    sp.add_argument("action", choices=("check", "recover"))
    sp.add_argument("output", nargs="?", metavar="NEW.db", help="recover: the new file to write")
    return p


def cmd_db(args, paths: Paths) -> int:
    from reader.recover import integrity, recover

    if args.action == "check":
        problems = integrity(paths.database)
        if args.json:
            _json({"database": str(paths.database), "ok": not problems, "problems": problems})
        elif problems:
            print(f"{paths.database}: damaged: {'; '.join(problems)}")
            print("  `szreader db recover NEW.db` copies what can be read into a new file")
        else:
            print(f"{paths.database}: ok")
        return EXIT_DATABASE if problems else 0
    if not args.output:
        raise ConfigError("usage: szreader db recover NEW.db")
    method, counts = recover(paths.database, Path(args.output))
    if args.json:
        _json({"recovered_to": args.output, "method": method, "rows": counts})
    else:
        print(f"recovered into {args.output} with {method}: {counts.get('articles', 0)} articles, "
              f"{counts.get('feeds', 0)} feeds; move it to {paths.database} to use it")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(argv)
        paths = Paths.resolve().ensure()
        if args.command is None:
            return run_tui(paths)
        return args.fn(args, paths)
    except ReaderError as e:
        return _fail(str(e), e.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        return _fail("input nested too deeply", EXIT_USAGE)
    except OSError as e:  # a file we were told to read or write, the terminal, the disk
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        return _fail(f"{where}{e.strerror or e}", EXIT_WRITE if e.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT)
                     else EXIT_USAGE)
    except Exception as e:  # sqlite3 errors outside a transaction (a damaged page met while reading)
        import sqlite3

        if isinstance(e, sqlite3.Error):
            from reader.store.connection import translate

            err = translate(e, Paths.resolve().database)
            return _fail(str(err), err.exit_code if isinstance(err, ReaderError) else EXIT_DATABASE)
        raise


def _fail(message: str, code: int) -> int:
    """One line on stderr, sanitised (a message may quote a URL, a header or a file), and the exit code."""
    print(f"szreader: {clean_line(message)}", file=sys.stderr)
    return code



def entry() -> None:
    """The ``szreader`` script and ``python -m reader``: :func:`main`, then, after a subcommand, an exit
    that skips the interpreter's teardown (its final garbage collection and module clean-up cost about
    30 ms, a tenth of a warm refresh). Every command has closed its database and written its output by
    then; the TUI exits the ordinary way."""
    argv = sys.argv[1:]
    code = main(argv)
    if not argv:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (szreader list | head -1)
        pass
    os._exit(code)


def run_tui(paths: Paths) -> int:
    require(*TUI_MODULES)
    from reader.tui.app import run

    return run(paths)
