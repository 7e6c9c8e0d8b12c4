"""Reads the team's labelled key-figures set (tests/data/figures/*.txt) and scores an extractor on it.

A figure is marked ``[[text|kind|value|unit]]``, optionally with its facts after a fifth bar:
``[[text|kind|value|unit|s=subject;e=entity;p=period;d=up;b=le;a=1;basis=yoy;to=22;per=gal;eq=1]]``
(see tests/data/figures/README.md). ``{{text}}`` marks a trap. ``# date: YYYY-MM-DD`` sets the article date of
the paragraphs after it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "figures"
SET = DATA / "set.txt"
_MARK = re.compile(r"\[\[(.+?)\|(\w+)\|([^|\]]+)\|([^|\]]+)(?:\|([^\]]*))?\]\]|\{\{(.+?)\}\}")
_DATE = re.compile(r"#\s*date:\s*(\d{4}-\d\d-\d\d)")
#: the facts of a figure, their label keys, and the value a figure has when its label does not give one
FACTS = {"subject": ("s", None), "entity": ("e", None), "period": ("p", None), "direction": ("d", None),
         "bound": ("b", "eq"), "approx": ("a", False), "basis": ("basis", None), "value_to": ("to", None),
         "per": ("per", None), "equivalent": ("eq", False), "change": ("c", False)}
ATTRIBUTES = ("approx", "bound", "direction", "basis", "equivalent", "change", "value_to", "per")


@dataclass
class Gold:
    start: int
    end: int
    kind: str
    value: float
    unit: str | None
    facts: dict | None = None  #: None when the figure carries no facts label


@dataclass
class Paragraph:
    text: str
    gold: list[Gold] = field(default_factory=list)
    traps: list[tuple[int, int]] = field(default_factory=list)
    date: str | None = None


def _facts(raw: str | None) -> dict | None:
    if raw is None:
        return None
    given = dict(part.split("=", 1) for part in raw.split(";") if part.strip())
    out = {}
    for name, (key, default) in FACTS.items():
        v = given.pop(key, None)
        if v is None:
            out[name] = default
        elif name in ("approx", "equivalent", "change"):
            out[name] = v == "1"
        elif name == "value_to":
            out[name] = float(v)
        else:
            out[name] = v
    if given:
        raise ValueError(f"unknown label keys {sorted(given)}")
    if out["direction"]:
        out["change"] = True  # a direction belongs to a change
    return out


def load(paths=None) -> list[Paragraph]:
    out = []
    for path in paths or sorted(DATA.glob("*.txt")):
        date = None
        for line in path.read_text(encoding="utf-8").splitlines():
            d = _DATE.match(line)
            if d:
                date = d.group(1)
                continue
            if not line.strip() or line.startswith("#"):
                continue
            p = Paragraph("", date=date)
            pos, text = 0, []
            for m in _MARK.finditer(line):
                text.append(line[pos:m.start()])
                start = sum(map(len, text))
                if m.group(6) is not None:
                    text.append(m.group(6))
                    p.traps.append((start, start + len(m.group(6))))
                else:
                    span, kind, value, unit = m.group(1), m.group(2), float(m.group(3)), m.group(4)
                    text.append(span)
                    p.gold.append(Gold(start, start + len(span), kind, value, None if unit == "-" else unit,
                                       _facts(m.group(5))))
                pos = m.end()
            text.append(line[pos:])
            p.text = "".join(text)
            out.append(p)
    return out


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _norm(s: str | None) -> str | None:
    """A subject or entity as compared: lower case, without a leading article or trailing punctuation."""
    if not s:
        return None
    s = " ".join(s.lower().strip(" .,;:").split())
    for article in ("the ", "a ", "an "):
        if s.startswith(article):
            s = s[len(article):]
    return s or None


def _predicted(f, name: str):
    if name == "equivalent":
        return f.equivalent_of is not None
    v = getattr(f, name)
    if name == "approx":
        return bool(v)
    if name == "change":
        return bool(v)
    return v


def _fact_right(name: str, got, want) -> bool:
    if name in ("subject", "entity"):
        return _norm(got) == _norm(want)
    if name == "value_to":
        return _same_value(got, want)
    return got == want


def score(paragraphs: list[Paragraph], extract) -> dict:
    """Detection and fully-correct (kind + value + unit) precision/recall/F1, traps flagged, and the share of
    matched, labelled figures whose subject, entity, period and each attribute are right."""
    from reader.figures import KEY_KINDS

    n_pred = n_gold = det = full = trapped = 0
    misses: list[str] = []
    facts_right = {name: 0 for name in FACTS}
    facts_seen = 0
    fact_misses: list[str] = []
    for p in paragraphs:
        figures = extract(p.text, p.date) if p.date else extract(p.text)
        preds = [f for f in figures if f.kind in KEY_KINDS]
        n_pred += len(preds)
        n_gold += len(p.gold)
        used: set[int] = set()
        for f in preds:
            if any(f.start < te and ts < f.end for ts, te in p.traps):
                trapped += 1
                misses.append(f"TRAP  {f.text!r} flagged as {f.kind} in: {p.text[:70]}")
            for i, g in enumerate(p.gold):
                if i not in used and f.start < g.end and g.start < f.end:
                    used.add(i)
                    det += 1
                    if f.kind == g.kind and _same_value(f.value, g.value) and (f.unit or None) == g.unit:
                        full += 1
                    else:
                        misses.append(f"WRONG {f.text!r}: {f.kind} {f.value} {f.unit} != {g.kind} {g.value} {g.unit}")
                    if g.facts is not None:
                        facts_seen += 1
                        for name in FACTS:
                            got, want = _predicted(f, name), g.facts[name]
                            if _fact_right(name, got, want):
                                facts_right[name] += 1
                            else:
                                fact_misses.append(f"{name:<10} {f.text!r}: {got!r} != {want!r}   in: {p.text[:60]}")
                    break
            else:
                if not any(f.start < te and ts < f.end for ts, te in p.traps):
                    misses.append(f"EXTRA {f.text!r} ({f.kind}) in: {p.text[:70]}")
        for i, g in enumerate(p.gold):
            if i not in used:
                misses.append(f"MISS  {p.text[g.start:g.end]!r} ({g.kind}) in: {p.text[:70]}")

    def prf(tp: int) -> tuple[float, float, float]:
        pr = tp / n_pred if n_pred else 0.0
        rc = tp / n_gold if n_gold else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    return {"paragraphs": len(paragraphs), "gold": n_gold, "predicted": n_pred,
            "traps": sum(len(p.traps) for p in paragraphs), "traps_flagged": trapped,
            "detection": prf(det), "fully_correct": prf(full), "misses": misses,
            "labelled": sum(g.facts is not None for p in paragraphs for g in p.gold),
            "facts_seen": facts_seen,
            "facts": {name: (n / facts_seen if facts_seen else 0.0) for name, n in facts_right.items()},
            "fact_misses": fact_misses}
