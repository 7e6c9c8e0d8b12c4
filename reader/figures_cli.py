"""``szreader figures``: the command-line contract of FIGURES.md, plus figures of stored articles.

- text from a file argument or standard input: a table, or a JSON array with ``--json``;
- ``--jsonl``: JSON lines ``{"id", "text"}`` in, one ``{"id", "figures"}`` line out per input line, in order;
- ``--article ID``: the stored figures of one article; ``--subject S [--kind K]``: figures across articles.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.errors import ConfigError
from reader.figures import KEY_KINDS, figure_dicts


def _table(figures: list[dict]) -> str:
    from reader.cli import describe_figure

    return "\n".join(f"{f['start']:>6}-{f['end']:<6} {describe_figure(f)}" for f in figures)


NEEDS_INPUT = ("give a text file (szreader figures FILE), pipe text in (… | szreader figures), "
               "or name stored articles (--article ID, --subject S)")


def _stdin() -> None:
    """Standard input is a terminal: say what is wanted instead of waiting silently for text."""
    if sys.stdin is None or sys.stdin.isatty():
        raise ConfigError(NEEDS_INPUT)


def _read_text(path: str | None) -> str:
    if path in (None, "-"):
        _stdin()
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from None


def run(args, paths) -> int:
    if args.kind and args.kind not in (*KEY_KINDS, "time", "person"):
        raise ConfigError(f"unknown kind {args.kind!r} (one of {', '.join(KEY_KINDS)}, time, person)")
    if args.jsonl:
        _stdin()
        for n, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                date = item.get("date")
                if not isinstance(text, str) or not (date is None or isinstance(date, str)):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise ConfigError(f"line {n}: expected a JSON object with a string 'text' (and a string 'date')") \
                    from None
            print(json.dumps({"id": item.get("id"), "figures": figure_dicts(text, date)}, ensure_ascii=False),
                  flush=False)
        return 0
    if args.article is not None or args.subject is not None:
        from reader.store import Store

        store = Store.open(paths.database)
        if args.article is not None:
            from reader.cli import _get_article

            figures = _get_article(store, args.article)["figures"]
        else:
            from reader.cli import _analysed

            _analysed(store)
            figures = store.figures_by_subject(args.subject, args.kind)
        if args.kind:
            figures = [f for f in figures if f["kind"] == args.kind]
        if args.json:
            print(json.dumps(figures, ensure_ascii=False, indent=1))
        elif args.subject is not None:
            from reader.cli import describe_figure

            for f in figures:
                print(f"{(f['date'] or '')[:10]} #{f['article']:<6} {f['feed'][:18]:<18} {describe_figure(f)}")
        else:
            print(_table(figures))
        return 0
    figures = figure_dicts(_read_text(args.file))
    if args.kind:
        figures = [f for f in figures if f["kind"] == args.kind]
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        print(_table(figures))
    return 0
