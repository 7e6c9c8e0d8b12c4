"""Saved articles exported with their key figures: Markdown (default) or JSON."""

from __future__ import annotations

import json

from reader.figures import KEY_KINDS
from reader.sanitize import clean_line


_BOUNDS = {"le": "at most", "lt": "under", "ge": "at least", "gt": "over"}
_DIRECTIONS = {"up": "up", "down": "down", "+": "up", "-": "down"}


def figure_phrase(f: dict) -> str:
    """A figure as a reader should take it: '7 percent (down, yoy)', 'about 3.68 trillion yuan', 'at most 100
    million yuan'. Direction, approximation and bound are part of its meaning: without them a 7 % fall reads
    as a level of 7 %."""
    text = clean_line(f["text"])
    bound = _BOUNDS.get(f.get("bound") or "")
    if bound:
        text = f"{bound} {text}"
    if f.get("approx"):
        text = f"about {text}"
    notes = [n for n in (_DIRECTIONS.get(f.get("direction") or "", f.get("direction")), f.get("basis")) if n]
    return text + (f" ({', '.join(notes)})" if notes else "")


def export_saved(store, fmt: str = "md") -> str:
    rows = store.articles(saved=True, limit=None)
    articles = [store.article(r["id"]) for r in rows]
    if fmt == "json":
        out = []
        for a in articles:
            a = {k: v for k, v in a.items() if k not in ("hash",)}
            for k in ("read", "starred", "saved"):
                a[k] = bool(a[k])
            out.append(a)
        return json.dumps(out, ensure_ascii=False, indent=1) + "\n"
    parts = ["# Saved articles\n"]
    for a in articles:
        parts.append(f"## {a['title']}\n")
        meta = [a["feed"], a["published"] or a["sort_date"], a["url"]]
        byline = ", ".join(f"{k}: {a[k]}" for k in ("writer", "editor", "source", "updated") if a.get(k))
        parts.append(" · ".join(m for m in meta if m) + ("\n\n" + byline if byline else "") + "\n")
        figures = [f for f in a["figures"] if f["kind"] in KEY_KINDS]
        if figures:
            parts.append("Key figures:\n")
            parts += [f"- {f['kind']}: {(clean_line(f['subject']) + ' — ') if f['subject'] else ''}"
                      f"{figure_phrase(f)}" for f in figures]
            parts.append("")
        parts.append((a["content"] or a["summary"]) + "\n")
    return "\n".join(parts)
