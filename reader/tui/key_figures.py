"""The Key figures panel of an article: its figures grouped by what they measure, with whose and when.

    GDP
      Shenzhen · 2025: 3.68 trillion yuan (US$512 billion), +5.2 percent
      Shanghai · 2026: ≈+5.5 percent
    Other figures
      2,800

A heading per subject (synonyms merged as ``szreader facts`` merges them: "economy" and "GDP" are one),
in the order the article first names them; under it one row per entity and period. A change ("up 5.2
percent") is shown with its sign beside the level it belongs to ("to 3.68 trillion yuan"): same subject,
entity and period, and near each other in the text; otherwise it has a row of its own. Figures that measure
nothing named come last. A conversion ("US$512 billion" beside yuan) follows its original in brackets.

One pass over the figures, dictionaries only: linear in the number of figures, so a hostile article with
60,000 figures costs what it costs to walk them (it runs in a worker, see reader/tui/document.py).
Text from the article becomes Content, never markup.
"""

from __future__ import annotations

from textual.content import Content

from reader.cells import clip
from reader.facts import SYNONYMS, canonical
from reader.figures import KEY_KINDS

#: a change and a level this close (characters between their starts) are one statement
PAIR_DISTANCE = 160
OTHER = "Other figures"
CANONICAL = frozenset(SYNONYMS.values())


class _Row:
    __slots__ = ("level", "changes", "start")

    def __init__(self, start: int | None) -> None:
        self.level: int | None = None
        self.changes: list[int] = []
        self.start = start  #: where the row's last figure starts in the text

    @property
    def first(self) -> int:
        return self.level if self.level is not None else self.changes[0]


def _put(row: _Row, i: int, change: bool) -> None:
    if change:
        row.changes.append(i)
    else:
        row.level = i


def panel_rows(figures: list[dict], limit: int, value_of, style_of) -> tuple[list[tuple[Content, int | None]],
                                                                            dict[int, int]]:
    """(prompt, figure index or None for a heading) rows, and which row shows each figure.

    ``value_of(figure)`` is a figure's text with its signs, ``style_of(kind)`` the style of its kind."""
    conversions: dict[int, str] = {}
    subjects: dict[str, tuple[str, list[_Row]]] = {}  #: canonical subject -> (heading, rows), first seen first
    others: list[_Row] = []
    near: dict[tuple, _Row] = {}  #: (subject, entity, period) -> its last row, for pairing
    names: dict[str, str] = {}
    hidden = 0
    for i, f in enumerate(figures):
        get = f.get
        eq = get("equivalent_of")
        if eq is not None:
            if isinstance(eq, int):
                conversions.setdefault(eq, clip(get("text"), 60))
            continue
        kind = get("kind")
        if kind not in KEY_KINDS:
            continue
        start = get("start")
        if not isinstance(start, int):
            start = None
        change = get("change")
        change = kind in ("percent", "ratio") if change is None else bool(change)  # None: stored before we knew
        subject = get("subject")
        name = names.get(subject) if isinstance(subject, str) else None
        if name is None:
            if not isinstance(subject, str) or not subject.strip():
                if len(others) >= limit:  # never shown: counted only
                    hidden += 1
                    continue
                others.append(_Row(start))
                _put(others[-1], i, change)
                continue
            name = names[subject] = (canonical(subject) or subject).lower()
            if name not in subjects:  # headed by the canonical name when the synonym table knows it ("GDP")
                known = canonical(subject)
                subjects[name] = (clip(known if known in CANONICAL else subject, 60), [])
        rows = subjects[name][1]
        key = (name, get("entity"), get("period"))
        last = near.get(key)
        if (last is not None and start is not None and last.start is not None and start - last.start <= PAIR_DISTANCE
                and (last.level is None if not change else (last.level is not None and not last.changes))):
            row = last
        elif len(rows) >= limit:  # never shown: counted only
            hidden += 1
            continue
        else:
            row = _Row(start)
            rows.append(row)
        _put(row, i, change)
        row.start = start
        near[key] = row

    out: list[tuple[Content, int | None]] = []
    where: dict[int, int] = {}
    shown, total = 0, hidden
    groups = list(subjects.values()) + ([(OTHER, others)] if others else [])
    for heading, rows in groups:
        total += len(rows)
        room = limit - shown
        if room <= 0:
            continue
        out.append((Content.styled(heading, "bold underline"), None))
        for row in rows[:room]:
            out.append((_prompt(figures, row, conversions, value_of, style_of), row.first))
            for i in ([row.level] if row.level is not None else []) + row.changes:
                where[i] = len(out) - 1
            shown += 1
    if total > shown:
        out.append((Content.styled(f"… {total - shown:,} more figures not listed", "dim italic"), None))
    return out, where


def _prompt(figures: list[dict], row: _Row, conversions: dict[int, str], value_of, style_of) -> Content:
    """'Shenzhen · 2025: 3.68 trillion yuan (US$512 billion), +5.2 percent'."""
    first = figures[row.first]
    where = [x for x in (clip(first.get("entity"), 40), clip(first.get("period"), 20)) if x]
    parts: list = ["  "]
    if where:
        parts += [(where[0], "bold")] + ([(" · ", "dim"), where[1]] if len(where) > 1 else []) + [(": ", "dim")]
    values = ([row.level] if row.level is not None else []) + row.changes
    for n, i in enumerate(values):
        f = figures[i]
        text = clip(value_of(f), 120) + (f" ({conversions[i]})" if i in conversions else "")
        if n:
            parts.append((", ", "dim"))
        parts.append((text, style_of(f.get("kind"))))
    return Content.assemble(*parts)
