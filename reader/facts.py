"""Facts across articles: the stored figures grouped by whose, what and in which unit, newest period first.

``szreader facts`` answers "what was Shenzhen's GDP, year by year, according to everything I've read?". A fact
group is (entity, canonical subject, unit, level or change): one unit per group, so yuan amounts and their US$
equivalents are never mixed (conversions, ``equivalent_of``, are left out), and a growth rate never sits beside
a level. Different values for the same group and period from different articles are a conflict, shown with
their sources.

Pure functions over rows (dicts) and a small synonym table; the store query lives in reader/store/figures.py.
"""

from __future__ import annotations

import math
import re

#: synonyms of a subject -> its canonical name (lower case keys, after tidying)
SYNONYMS = {
    "gdp": "GDP", "gross domestic product": "GDP", "economic output": "GDP", "combined economic output": "GDP",
    "economic aggregate": "GDP", "economic aggregates": "GDP", "economy": "GDP", "total economic output": "GDP",
    "regional gdp": "GDP", "economic growth": "GDP", "gdp growth": "GDP",
    "foreign trade": "foreign trade", "total imports and exports": "foreign trade",
    "imports and exports": "foreign trade", "total foreign trade": "foreign trade", "trade": "foreign trade",
    "foreign trade volume": "foreign trade", "total trade": "foreign trade",
    "exports": "exports", "total exports": "exports", "imports": "imports", "total imports": "imports",
    "retail sales": "retail sales", "retail sales of consumer goods": "retail sales",
    "total retail sales of consumer goods": "retail sales", "total retail sales": "retail sales",
    "fixed-asset investment": "fixed-asset investment", "fixed asset investment": "fixed-asset investment",
    "investment in fixed assets": "fixed-asset investment",
    "industrial output": "industrial output", "industrial output above designated size": "industrial output",
    "industrial added value": "industrial output", "value-added industrial output": "industrial output",
    "revenue": "revenue", "revenues": "revenue", "operating revenue": "revenue", "sales revenue": "revenue",
    "net profit": "net profit", "net income": "net profit", "profit": "net profit", "profits": "net profit",
    "consumer price index": "consumer prices", "cpi": "consumer prices", "consumer prices": "consumer prices",
    "inflation": "consumer prices", "unemployment rate": "unemployment rate",
    "urban unemployment rate": "unemployment rate", "jobless rate": "unemployment rate",
    "surveyed urban unemployment rate": "unemployment rate",
    "spending on research and development": "R&D spending", "r&d spending": "R&D spending",
    "research and development spending": "R&D spending", "r&d investment": "R&D spending",
    "containers": "container throughput", "container throughput": "container throughput",
    "actual use of foreign capital": "foreign investment", "foreign direct investment": "foreign investment",
    "fdi": "foreign investment", "foreign investment": "foreign investment", "foreign capital": "foreign investment",
    "fiscal revenue": "fiscal revenue", "general public budget revenue": "fiscal revenue",
    "passengers": "passengers", "passenger trips": "passengers", "passenger throughput": "passengers",
    "population": "population", "permanent residents": "population", "permanent population": "population",
    "household deposits": "household deposits", "deposits": "household deposits",
}
_TIDY = re.compile(r"[^\w&%+-]+")


def canonical(subject: str | None) -> str | None:
    """The canonical name of a subject: synonyms merged ("economic output" -> GDP), else the subject tidied."""
    if not subject:
        return None
    key = _TIDY.sub(" ", subject.lower()).strip()
    for article in ("the ", "a ", "an ", "total "):
        if key.startswith(article) and key[len(article):] in SYNONYMS:
            key = key[len(article):]
    return SYNONYMS.get(key, key)


def _same_value(a: dict, b: dict) -> bool:
    return all(
        (x is None and y is None) or (x is not None and y is not None and math.isclose(x, y, rel_tol=1e-6))
        for x, y in ((a["value"], b["value"]), (a.get("value_to"), b.get("value_to"))))


def _period_key(period: str | None) -> str:
    """Sort key, newest first when reversed: the end of an interval counts ("2023-01/2023-09" -> 2023-09)."""
    if not period:
        return ""
    end = period.split("/")[-1]
    if len(end) == 4:
        return end + "-12"  # a whole year ends in December
    if end[5:6] == "Q":
        return f"{end[:4]}-{3 * int(end[6]):02d}"
    return end


def group(rows: list[dict], entity: str | None = None, subject: str | None = None,
          kind: str | None = None) -> list[dict]:
    """Fact groups from figure rows (as ``Store.fact_rows`` returns them), filtered and ordered.

    Each group: entity, subject (canonical), unit, kind, change, and ``facts`` (period, value, value_to, text,
    article, title, date; newest period first) and ``conflicts`` (period and the differing facts)."""
    want_entity = entity.lower().strip() if entity else None
    want_subject = canonical(subject) if subject else None
    groups: dict[tuple, dict] = {}
    for r in rows:
        if r.get("equivalent_of") is not None or not r.get("entity") or not r.get("subject"):
            continue  # a conversion of another figure, or a figure of no one or nothing
        if kind and r["kind"] != kind:
            continue
        name = canonical(r["subject"])
        if want_entity and r["entity"].lower() != want_entity:
            continue
        if want_subject and name != want_subject and want_subject.lower() not in name.lower():
            continue
        key = (r["entity"].lower(), name.lower(), r.get("unit") or "", r.get("per") or "", bool(r.get("change")))
        g = groups.setdefault(key, {"entity": r["entity"], "subject": name, "unit": r.get("unit"),
                                    "per": r.get("per"), "kind": r["kind"], "change": bool(r.get("change")),
                                    "facts": [], "conflicts": []})
        g["facts"].append({"period": r.get("period"), "value": r["value"], "value_to": r.get("value_to"),
                           "unit": r.get("unit"), "text": r["text"], "article": r["article"], "title": r["title"],
                           "date": r["date"]})
    out = []
    for g in groups.values():
        g["facts"].sort(key=lambda f: (_period_key(f["period"]), f["date"] or "", f["article"]), reverse=True)
        by_period: dict[str, list[dict]] = {}
        for f in g["facts"]:
            if f["period"]:
                by_period.setdefault(f["period"], []).append(f)
        for period, facts in by_period.items():
            distinct: list[dict] = []
            for f in facts:
                if not any(_same_value(f, d) for d in distinct):
                    distinct.append(f)
            if len(distinct) > 1 and len({f["article"] for f in distinct}) > 1:
                # sources disagree (two values in one article are two measures: "23 new routes", "310 in all")
                g["conflicts"].append({"period": period, "facts": distinct})
        out.append(g)
    out.sort(key=lambda g: (g["entity"].lower(), g["subject"].lower(), g["unit"] or "", g["change"]))
    return out


def amount(value: float | None, value_to: float | None, unit: str | None, per: str | None) -> str:
    """'3.46 trillion CNY', '5–7 %', '3 CNY/m3': a value (or range) in words of scale, with its unit."""
    if value is None:
        return "?"

    def one(v: float) -> str:
        for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
            if abs(v) >= scale:
                return f"{v / scale:,.4g}{word}"
        return f"{v:,.6g}"

    text = one(value) + (f"–{one(value_to)}" if value_to is not None else "")
    return text + (f" {unit}" if unit else "") + (f"/{per}" if per else "")


def render(groups: list[dict]) -> str:
    """The groups as text: a heading per group, then one line per fact, conflicts flagged."""
    lines = []
    for g in groups:
        what = "change" if g["change"] else "level"
        lines.append(f"{g['entity']} · {g['subject']} · {g['unit'] or g['kind']} ({what})")
        conflicted = {c["period"] for c in g["conflicts"]}
        for f in g["facts"]:
            mark = "!" if f["period"] in conflicted else " "
            lines.append(f" {mark}{(f['period'] or '—'):<16} {amount(f['value'], f['value_to'], None, g['per']):>22}"
                         f"  #{f['article']:<5} {(f['date'] or '')[:10]}  {(f['title'] or '')[:60]}")
        for c in g["conflicts"]:
            sources = "; ".join(f"{amount(f['value'], f['value_to'], g['unit'], None)} (#{f['article']})"
                                for f in c["facts"])
            lines.append(f"  ! conflict for {c['period']}: {sources}")
        lines.append("")
    return "\n".join(lines).rstrip() + ("\n" if lines else "")
