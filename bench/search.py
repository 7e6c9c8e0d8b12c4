"""Search time on 10,000 articles for hostile queries (issue 13.10): long, repetitive, punctuation-heavy.

    python bench/search.py [--articles 10000]

Prints the median of 3 runs per query, in seconds. Built on a fresh database in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def uncapped(store, query: str) -> None:
    """The search as it was before the cap: every word of the query, quoted, AND-ed."""
    words = [w for w in query.split() if w.strip('"')]
    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    store.conn.execute("SELECT a.id, snippet(articles_fts, -1, '[', ']', '…', 12) FROM articles_fts JOIN articles a "
                       "ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT 50",
                       (match,)).fetchall()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--uncapped", action="store_true", help="time every query uncapped too (slow)")
    args = ap.parse_args()
    n = args.articles
    from tui import build_db

    from reader.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        build_db(Path(tmp), n)
        store = Store.open(Path(tmp) / "szreader.db")
        rnd = random.Random(7)
        vocab = "exports climbed percent trillion yuan imports edged down bench story trade up".split()
        queries = {
            "1 word": "exports",
            "32 words": " ".join(rnd.choice(vocab) for _ in range(32)),
            "300 words": " ".join(rnd.choice(vocab) + str(i % 7) for i in range(300)),
            "1,000 words": " ".join(rnd.choice(vocab) for _ in range(1000)),
            "50,000 words": " ".join(rnd.choice(vocab) + str(i) for i in range(50_000)),
            "32 dotted words": " ".join(".".join("e" * 3 for _ in range(16)) + str(i) for i in range(32)),
            "one 1 MB word": "x" * 1_000_000,
            "300 matching": " ".join(rnd.choice(vocab) for _ in range(300)),
        }
        print(f"search on {n:,} articles, median of 3 runs:")
        for name, q in queries.items():
            times = []
            for _ in range(3):
                t = time.perf_counter()
                store.search(q, limit=50)
                times.append(time.perf_counter() - t)
            line = f"  {name:<16} {statistics.median(times):.3f} s"
            if name in ("32 words", "300 matching") or args.uncapped:  # the query as it ran before the cap
                t = time.perf_counter()
                uncapped(store, q)
                line += f"   (uncapped, as before: {time.perf_counter() - t:.3f} s)"
            print(line)
        store.close()


if __name__ == "__main__":
    main()
