"""The figure extractor's cost in machine instructions per text, counted by valgrind: unlike a timing, the count
does not move with the machine's load, so a change of a few percent can be measured while other work runs.

    python bench/figures_cost.py [--against DIR]

Counts the instructions of a run over the corpus (the demo edition's articles, the seed article, every paragraph
of the labelled set, and 150 feed summaries in the feedfarm's style) minus those of a run that only imports and
loads, for this tree and, with ``--against``, another checkout (e.g. a clean clone of main). Needs valgrind
(``apt-get install valgrind``); a run takes about a minute per tree.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = r'''
import json, random, sys, tomllib
from pathlib import Path
tree, bench, reps = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, str(tree)); sys.path.insert(1, str(bench))
from reader.figures import extract
from labelled import load, DATA
edition = tomllib.loads((bench.parent / "reader" / "demo" / "edition.toml").read_text(encoding="utf-8"))
texts = [("\n\n".join([a["title"], *a["paragraphs"]]), "2026-02-10") for a in edition["articles"]]
texts += [(p.read_text(encoding="utf-8"), "2022-01-21") for p in sorted((bench.parent.parent / "shared" / "seed").glob("*.txt"))]
texts += [(p.text, p.date) for p in load(sorted(DATA.glob("*.txt")))]
rng = random.Random(1)
cities = ["Shenzhen", "Guangzhou", "Dongguan", "Huizhou", "Zhuhai", "Foshan"]
topics = ["GDP", "retail sales", "foreign trade", "R&D spending", "industrial output"]
for _ in range(150):
    v = rng.uniform(1, 20)
    texts.append((f"{rng.choice(cities)} recorded {rng.uniform(1, 20):.1f} percent {rng.choice(topics)} growth in "
                  f"{rng.randint(2019, 2025)} to {v:.1f} trillion yuan (US${v / 6.45:.2f} trillion), according to a "
                  f"work report delivered in Bao'an on Thursday.", "2023-11-14"))
for _ in range(reps):
    for t, d in texts:
        extract(t, d)
print(len(texts))
'''


def instructions(tree: Path, reps: int) -> tuple[int, int]:
    """(instructions, texts) of ``reps`` passes over the corpus with ``tree``'s extractor."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", RUN,
                          str(tree), str(ROOT / "bench"), str(reps)], capture_output=True, text=True, check=True)
    count = next(int(line.split()[-1].replace(",", "")) for line in out.stderr.splitlines() if "Collected" in line)
    return count, int(out.stdout.split()[-1])


def per_text(tree: Path) -> float:
    one, n = instructions(tree, 1)
    three, _ = instructions(tree, 3)
    return (three - one) / 2 / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", type=Path, help="another checkout whose extractor to count too")
    a = ap.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("figures_cost: valgrind is not installed (apt-get install valgrind)")
    mine = per_text(ROOT)
    print(f"this tree        {mine / 1000:9,.0f}k instructions per text")
    if a.against:
        theirs = per_text(a.against)
        print(f"{a.against.name[:16]:<16} {theirs / 1000:9,.0f}k instructions per text   this tree: {mine / theirs:.2f}x")


if __name__ == "__main__":
    main()
