"""A fact's timeline as the TUI draws it: which fact group a figure belongs to, and its points on a time axis.

Pure functions over :func:`reader.facts.group`'s groups (no Textual, no I/O): the timeline screen
(reader/tui/timeline.py) draws what these decide. A period ("2024", "2025-Q1", "2025-07",
"2025-01/2025-09", "2025/2027") becomes the middle of its span in decimal years, so a quarter sits inside its
year and uneven gaps between periods stay uneven on the chart. Values are shown in one scale per group
(trillion, billion, million), chosen from the largest value, so the axis reads "3.5" under "trillion CNY".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.facts import canonical, group
from reader.sanitize import clean_line

_PART = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|H([12])|(\d{2})))?$")
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def period_span(period: str | None) -> tuple[float, float] | None:
    """(start, end) of a period in decimal years (2024 -> (2024.0, 2025.0)); None for a form we do not know."""
    if not period:
        return None
    parts = period.split("/")
    if len(parts) > 2:
        return None
    spans = []
    for part in parts:
        m = _PART.match(part.strip())
        if m is None:
            return None
        year, quarter, half, month = m.groups()
        y = float(year)
        if quarter:
            spans.append((y + (int(quarter) - 1) / 4, y + int(quarter) / 4))
        elif half:
            spans.append((y + (int(half) - 1) / 2, y + int(half) / 2))
        elif month:
            if not 1 <= int(month) <= 12:
                return None
            spans.append((y + (int(month) - 1) / 12, y + int(month) / 12))
        else:
            spans.append((y, y + 1))
    start, end = spans[0][0], spans[-1][1]
    return (start, end) if end > start else None


def period_x(period: str | None) -> float | None:
    """Where a period sits on the time axis: the middle of its span."""
    span = period_span(period)
    return None if span is None else (span[0] + span[1]) / 2


def scale_for(values: list[float]) -> tuple[float, str]:
    """(divisor, word) for showing ``values`` in one scale: the largest one's."""
    top = max((abs(v) for v in values), default=0.0)
    for divisor, word in SCALES:
        if top >= divisor:
            return divisor, word
    return 1.0, ""


def unit_label(g: dict, word: str) -> str:
    """'trillion CNY', '% change', 'CNY/m3': what a group's values are, for the y axis."""
    unit = g.get("unit") or {"count": "", "ratio": "times"}.get(g.get("kind"), g.get("kind") or "")
    label = " ".join(x for x in (word, unit) if x)
    if g.get("per"):
        label += f"/{g['per']}"
    return (label or "number") + (" change" if g.get("change") else "")


def midpoint(fact: dict) -> float | None:
    """The value a fact plots at: its value, or the middle of a range."""
    v, to = fact.get("value"), fact.get("value_to")
    if v is None:
        return None
    return (v + to) / 2 if to is not None else v


@dataclass
class Point:
    x: float
    y: float  #: in the group's scale
    fact: dict
    conflict: bool


def points(g: dict) -> tuple[list[Point], float, str]:
    """The group's facts that have a period we can place and a value, oldest first, with the scale used."""
    conflicted = {c["period"] for c in g.get("conflicts", ())}
    placed = [(period_x(f["period"]), midpoint(f), f) for f in g["facts"]]
    placed = [(x, v, f) for x, v, f in placed if x is not None and v is not None]
    divisor, word = scale_for([v for _, v, _ in placed])
    out = [Point(x, v / divisor, f, f["period"] in conflicted) for x, v, f in placed]
    out.sort(key=lambda p: p.x)
    return out, divisor, word


@dataclass
class Timeline:
    """What the timeline screen draws, worked out in the worker that loaded the group."""

    group: dict  #: the fact group, its facts cut to the newest ``limit``
    total: int  #: its facts before the cut
    points: list[Point]  #: placed facts, oldest first, in the scale's units
    trend: list[Point]  #: one point per period, for the line
    word: str  #: the scale ("trillion") of the values
    conflicts: set[str]  #: periods where sources disagree
    finest: float  #: the shortest period plotted, in years


MAX_FACTS = 1_000  #: figures one timeline shows (table and chart), newest periods first


def timeline(g: dict, limit: int = MAX_FACTS) -> Timeline:
    """The timeline of a fact group; a hostile feed's thousands of copies of one figure are cut to the newest."""
    total = len(g["facts"])
    if total > limit:
        g = dict(g, facts=g["facts"][:limit])
    pts, _, word = points(g)
    spans = [period_span(p.fact["period"]) for p in pts]
    finest = min((b - a for a, b in spans if a is not None), default=1.0)
    return Timeline(g, total, pts, trend(pts), word, {c["period"] for c in g["conflicts"]}, finest)


def trend(pts: list[Point]) -> list[Point]:
    """One point per period for the line: the first fact listed for it (the newest article's)."""
    seen: dict[float, Point] = {}
    for p in pts:
        seen.setdefault(p.x, p)
    return sorted(seen.values(), key=lambda p: p.x)


def fact_of(figure: dict, figures: list[dict]) -> dict:
    """The figure a fact is about: a conversion ("US$512 billion" beside yuan) stands for its original."""
    eq = figure.get("equivalent_of")
    if isinstance(eq, int) and 0 <= eq < len(figures):
        return figures[eq]
    return figure


def group_for(figure: dict, rows: list[dict]) -> dict | None:
    """The fact group (entity, canonical subject, unit, per, level or change) ``figure`` belongs to."""
    entity, subject = figure.get("entity"), figure.get("subject")
    if not entity or not subject:
        return None
    name = canonical(subject)
    for g in group(rows, entity=entity, subject=subject):
        if (g["subject"] == name and (g["unit"] or None) == (figure.get("unit") or None)
                and (g["per"] or None) == (figure.get("per") or None) and g["change"] == bool(figure.get("change"))):
            return g
    return None


def group_title(g: dict) -> str:
    """'Shenzhen · GDP · CNY (level)'."""
    what = "change" if g["change"] else "level"
    unit = g["unit"] or g["kind"]
    return f"{g['entity']} · {g['subject']} · {unit}{'/' + g['per'] if g.get('per') else ''} ({what})"


def picker_groups(groups: list[dict], article_id: int | None = None) -> list[dict]:
    """Groups for the picker, each with its ``title`` (one clean line) and ``label`` (lower case, for the filter):
    the open article's first, then those with the most periods."""
    def key(g: dict):
        here = article_id is not None and any(f["article"] == article_id for f in g["facts"])
        periods = len({f["period"] for f in g["facts"] if f["period"]})
        return (not here, -periods, -len(g["facts"]), g["entity"].lower(), g["subject"].lower())
    out = sorted(groups, key=key)
    for g in out:
        g["title"] = clean_line(group_title(g))
        g["label"] = g["title"].lower()
    return out
