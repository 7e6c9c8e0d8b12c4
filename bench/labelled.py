"""Reads the team's labelled key-figures set (tests/data/figures/set.txt) and scores an extractor on it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "figures" / "set.txt"
_MARK = re.compile(r"\[\[(.+?)\|(\w+)\|([^|\]]+)\|([^\]]+)\]\]|\{\{(.+?)\}\}")


@dataclass
class Paragraph:
    text: str
    gold: list[tuple[int, int, str, float, str | None]] = field(default_factory=list)
    traps: list[tuple[int, int]] = field(default_factory=list)


def load(path: Path = SET) -> list[Paragraph]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        p = Paragraph("")
        pos, text = 0, []
        for m in _MARK.finditer(line):
            text.append(line[pos:m.start()])
            start = sum(map(len, text))
            if m.group(5) is not None:
                text.append(m.group(5))
                p.traps.append((start, start + len(m.group(5))))
            else:
                span, kind, value, unit = m.group(1), m.group(2), float(m.group(3)), m.group(4)
                text.append(span)
                p.gold.append((start, start + len(span), kind, value, None if unit == "-" else unit))
            pos = m.end()
        text.append(line[pos:])
        p.text = "".join(text)
        out.append(p)
    return out


def _same_value(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def score(paragraphs: list[Paragraph], extract) -> dict:
    """Detection and fully-correct (kind + value + unit) precision/recall/F1, and traps flagged."""
    from reader.figures import KEY_KINDS

    n_pred = n_gold = det = full = trapped = 0
    misses: list[str] = []
    for p in paragraphs:
        preds = [f for f in extract(p.text) if f.kind in KEY_KINDS]
        n_pred += len(preds)
        n_gold += len(p.gold)
        used: set[int] = set()
        for f in preds:
            if any(f.start < te and ts < f.end for ts, te in p.traps):
                trapped += 1
                misses.append(f"TRAP  {f.text!r} flagged as {f.kind} in: {p.text[:70]}")
            for i, (gs, ge, kind, value, unit) in enumerate(p.gold):
                if i not in used and f.start < ge and gs < f.end:
                    used.add(i)
                    det += 1
                    if f.kind == kind and _same_value(f.value, value) and (f.unit or None) == unit:
                        full += 1
                    else:
                        misses.append(f"WRONG {f.text!r}: {f.kind} {f.value} {f.unit} != {kind} {value} {unit}")
                    break
            else:
                if not any(f.start < te and ts < f.end for ts, te in p.traps):
                    misses.append(f"EXTRA {f.text!r} ({f.kind}) in: {p.text[:70]}")
        for i, (gs, ge, kind, value, unit) in enumerate(p.gold):
            if i not in used:
                misses.append(f"MISS  {p.text[gs:ge]!r} ({kind}) in: {p.text[:70]}")

    def prf(tp: int) -> tuple[float, float, float]:
        pr = tp / n_pred if n_pred else 0.0
        rc = tp / n_gold if n_gold else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    return {"paragraphs": len(paragraphs), "gold": n_gold, "predicted": n_pred,
            "traps": sum(len(p.traps) for p in paragraphs), "traps_flagged": trapped,
            "detection": prf(det), "fully_correct": prf(full), "misses": misses}
