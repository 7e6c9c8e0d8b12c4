"""Key-figures benchmark: quality on the team's labelled set, conformance on Recognizers-Text, and speed.

    python bench/figures.py [--misses]

Prints detection and fully-correct (kind + value + unit) precision/recall/F1 on tests/data/figures/set.txt,
the share of ../shared/peer-suites/recognizers-text-en cases fully right per suite, and the extractor's
throughput (articles/s and sentences/s on one core) over a fixed corpus: the demo edition's articles and the
seed article. With ``--against DIR`` (another checkout, e.g. /work/main) the same corpus is timed with that
tree's extractor in the same run, turn about, so that the ratio does not depend on the machine's drift.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from labelled import SET, load, score  # noqa: E402
from reader.figures import KEY_KINDS, extract  # noqa: E402
from reader.figures.numbers import recognise_numbers, recognise_ordinals  # noqa: E402

RT = Path(__file__).resolve().parent.parent.parent / "shared" / "peer-suites" / "recognizers-text-en" / "english.jsonl"
SUITE_KINDS = {"PercentModel": {"percent"}, "CurrencyModel": {"money"}, "OrdinalModel": {"ordinal"},
               "NumberModel": set(KEY_KINDS)}
CURRENCY_NAMES = {"dollar": "USD", "united states dollar": "USD", "euro": "EUR", "british pound": "GBP",
                  "pound": "GBP", "chinese yuan": "CNY", "yuan": "CNY", "japanese yen": "JPY", "hong kong dollar": "HKD"}


def _value(expected: dict) -> float | None:
    v = str(expected.get("resolution", {}).get("value", expected.get("value")))
    try:
        return float(v.rstrip("%"))
    except ValueError:
        return None


def _same(predicted, expected: dict) -> bool:
    """Numbers within 1e-6; references to a position ("end-1", "current+1") as written."""
    if isinstance(predicted, str):
        return predicted == str(expected.get("resolution", {}).get("value"))
    value = _value(expected)
    return value is not None and math.isclose(predicted, value, rel_tol=1e-6)


def _unit_ok(expected: dict, unit: str | None) -> bool:
    res = expected.get("resolution", {})
    iso = res.get("isoCurrency") or CURRENCY_NAMES.get(str(res.get("unit", "")).lower())
    return iso is None or iso == unit


def numbers_only(text: str):
    """The general number recogniser (reader.figures.numbers.recognise_numbers)."""
    return [(start, end, value, None) for start, end, value in recognise_numbers(text)]


def ordinals_only(text: str):
    """The general ordinal recogniser (reader.figures.numbers.recognise_ordinals)."""
    return [(start, end, value, None) for start, end, value in recognise_ordinals(text)]


def general(kinds: set[str]):
    return lambda text: [(f.start, f.end, f.value, f.unit) for f in extract(text) if f.kind in kinds]


def suite_scores(models: dict) -> dict[str, float]:
    rows = [json.loads(line) for line in RT.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = {}
    for suite, predict in models.items():
        cases = [r for r in rows if r["suite"] == suite]
        right = 0
        for r in cases:
            preds = sorted(predict(r["input"]))
            exp = sorted(r["expected"], key=lambda e: e["start"])
            ok = len(preds) == len(exp) and all(
                p[0] == e["start"] and p[1] == e["end"] and _same(p[2], e) and _unit_ok(e, p[3])
                for p, e in zip(preds, exp))
            right += ok
        result[suite] = right / len(cases)
    return result


SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed"


def articles_per_second(article: str) -> float:
    n, start = 0, time.process_time()
    while time.process_time() - start < 2.0:
        extract(article)
        n += 1
    return n / (time.process_time() - start)


ROOT = Path(__file__).resolve().parent.parent
_SENTENCE = re.compile(r"[.!?](?:\s|$)")


def corpus() -> list[str]:
    """The throughput corpus: the demo edition's articles (title and paragraphs) and the seed article."""
    edition = tomllib.loads((ROOT / "reader" / "demo" / "edition.toml").read_text(encoding="utf-8"))
    texts = ["\n\n".join([a["title"], *a["paragraphs"]]) for a in edition["articles"]]
    return texts + [p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt"))]


def throughput(texts: list[str], seconds: float = 1.5) -> float:
    """Corpus passes per CPU second of ``reader.figures.extract`` (in this process)."""
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for t in texts:
            extract(t)
        n += 1
    return n / (time.process_time() - start)


_OTHER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from reader.figures import extract
texts = json.loads(sys.stdin.read())
n, start = 0, time.process_time()
while time.process_time() - start < float(sys.argv[2]):
    for t in texts:
        extract(t)
    n += 1
print(n / (time.process_time() - start))
"""


def throughput_of(tree: Path, texts: list[str], seconds: float = 1.5) -> float:
    """The same measure with the extractor of another checkout, in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _OTHER, str(tree), str(seconds)], input=json.dumps(texts),
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def speed_report(against: Path | None, turns: int = 3) -> None:
    texts = corpus()
    sentences = sum(len(_SENTENCE.findall(t)) + 1 for t in texts)
    ours, theirs = [], []
    for _ in range(turns):
        ours.append(throughput(texts))
        if against is not None:
            theirs.append(throughput_of(against, texts))
    mine = sorted(ours)[len(ours) // 2]
    print(f"throughput ({len(texts)} articles, {sentences} sentences, {sum(map(len, texts)) / 1000:.0f} KB; "
          f"median of {turns} turns):")
    print(f"  this tree      {mine * len(texts):8,.0f} articles/s  {mine * sentences:9,.0f} sentences/s")
    if theirs:
        other = sorted(theirs)[len(theirs) // 2]
        print(f"  {str(against)[:14]:<14} {other * len(texts):8,.0f} articles/s  {other * sentences:9,.0f} sentences/s"
              f"   (this tree: {mine / other:.2f}x)")


def dense_article() -> str:
    """About 3 KB of the labelled set's paragraphs: several figures in every sentence."""
    paragraphs, article, i = [p.text for p in load([SET])], "", 0
    while len(article) < 3000:
        article += paragraphs[i % len(paragraphs)] + "\n\n"
        i += 1
    return article


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true", help="list every miss on the labelled set")
    ap.add_argument("--fact-misses", action="store_true", help="list every wrong subject, period, attribute...")
    ap.add_argument("--against", type=Path, help="another checkout whose extractor to time in the same run")
    ap.add_argument("--speed-only", action="store_true", help="only the throughput lines")
    a = ap.parse_args()
    if a.speed_only:
        speed_report(a.against)
        return
    r = score(load(), extract)
    d, f = r["detection"], r["fully_correct"]
    print(f"labelled set: {r['paragraphs']} paragraphs, {r['gold']} figures, {r['traps']} traps")
    print(f"  detection      P {d[0]:.3f}  R {d[1]:.3f}  F1 {d[2]:.3f}")
    print(f"  fully correct  P {f[0]:.3f}  R {f[1]:.3f}  F1 {f[2]:.3f}   traps flagged: {r['traps_flagged']}")
    if a.misses:
        print("\n".join("    " + m for m in r["misses"]))
    facts = r["facts"]
    print(f"  facts, on {r['facts_seen']} matched figures labelled with them ({r['labelled']} labelled of {r['gold']}):")
    print("    " + "  ".join(f"{k} {facts[k]:.3f}" for k in ("subject", "entity", "period")))
    print("    " + "  ".join(f"{k} {facts[k]:.3f}" for k in ("approx", "bound", "direction", "basis", "equivalent",
                                                             "change", "value_to", "per")))
    if a.fact_misses:
        print("\n".join("    " + m for m in r["fact_misses"]))
    if RT.exists():
        gen = suite_scores({s: general(k) for s, k in SUITE_KINDS.items()})
        spec = suite_scores({"NumberModel": numbers_only, "OrdinalModel": ordinals_only})
        print("Recognizers-Text English, share of cases fully right (key-figure extractor | general recogniser):")
        for s in SUITE_KINDS:
            extra = f" | {spec[s]:.2f}" if s in spec else ""
            print(f"  {s:<14} {gen[s]:.2f}{extra}")
    seeds = sorted(SEED.glob("*.txt"))
    if seeds:
        seed = seeds[0].read_text(encoding="utf-8")
        print(f"speed: {articles_per_second(seed):,.0f} articles/s on one core for the seed article "
              f"({len(seed.encode()) / 1000:.1f} KB, {sum(f.kind in KEY_KINDS for f in extract(seed))} figures)")
    speed_report(a.against)
    dense = dense_article()
    print(f"speed: {articles_per_second(dense):,.0f} articles/s on one core for a figure-dense article "
          f"({len(dense.encode()) / 1000:.1f} KB, {sum(f.kind in KEY_KINDS for f in extract(dense))} figures)")


if __name__ == "__main__":
    main()
