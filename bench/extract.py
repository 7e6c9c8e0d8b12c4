"""Extraction speed per page: szreader's path (decode once, parse once, site rule or trafilatura on the same
tree) against plain ``trafilatura.extract`` on the same bytes, taking turns in one run. Prints the ratio.

The pages are the fixtures in tests/data (every layout, in UTF-8 and in GBK/Big5), each also wrapped in the
weight of a real news page (about 60 KB of navigation, related links and footer around the article), since
real pages are ten to fifty times larger than the bare fixtures. The public 181-page extraction benchmark
is not available on this machine, so it is not run here.

    .venv/bin/python bench/extract.py [--rounds N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.decode import decode_body  # noqa: E402
from reader.extract import extract_page  # noqa: E402

DATA = ROOT / "tests" / "data"


def heavy(html: str) -> str:
    """``html`` with the navigation, related links and footer of a real news portal around its body."""
    nav = "<div class='nav'><ul>" + "".join(
        f"<li><a href='/node_{i}.htm'>Section {i} 欄目{i}</a><ul>" + "".join(
            f"<li><a href='/node_{i}_{j}.htm'>Topic {j}</a></li>" for j in range(8)) + "</ul></li>"
        for i in range(40)) + "</ul></div>"
    related = "<div class='related'><h3>Related</h3><ul>" + "".join(
        f"<li><a href='/content/2026-04/{i:02d}/content_{30000000 + i}.htm'>Headline number {i} about the city "
        f"and its districts</a><span>2026-04-{i % 28 + 1:02d}</span></li>" for i in range(120)) + "</ul></div>"
    foot = "<div class='footer'>" + "".join(
        f"<p><a href='/a{i}'>Partner site {i}</a> | <a href='/about'>About</a> | <a href='/c'>Contact 聯繫</a></p>"
        for i in range(40)) \
        + "<script>" + "var x = 1;" * 2000 + "</script></div>"
    return html.replace("<body>", "<body>" + nav, 1).replace("</body>", related + foot + "</body>", 1)


EXPECTED = DATA / "sources" / "expected"


def tokens(text: str) -> Counter:
    """Words, and each CJK character as one token (the benchmark's bag-of-words F1, made fair to Chinese)."""
    return Counter(re.findall(r"[\u3400-\u9fff]|[^\W\u3400-\u9fff]+", text.lower()))


def f1(got: str, expected: str) -> float:
    g, e = tokens(got), tokens(expected)
    if not g and not e:
        return 1.0
    common = sum((g & e).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(e.values())
    return 2 * precision * recall / (precision + recall)


def pages() -> list[tuple[str, bytes, str]]:
    out = []
    for path in sorted((DATA / "sources").glob("*.html")) + sorted((DATA / "site").glob("*.html")):
        if path.stem.startswith("eyeshenzhen-node"):
            continue  # list pages, not articles
        html = decode_body(path.read_bytes()).text.replace("<!--META-->", "")
        for name, text in ((path.stem, html), (path.stem + "+portal", heavy(html))):
            out.append((name, text.encode("utf-8"), "text/html; charset=utf-8"))
            if path.stem.startswith("port"):
                out.append((name + " gbk", text.encode("gbk"), "text/html; charset=gbk"))
                out.append((name + " big5 unlabelled", text.encode("big5"), "text/html"))
    return out


def plain(body: bytes) -> str:
    import trafilatura

    return trafilatura.extract(body) or ""


def plain_precise(body: bytes) -> str:
    """trafilatura with the options szreader's path uses (precision first, tables kept)."""
    import trafilatura

    return trafilatura.extract(body, favor_precision=True, include_tables=True) or ""


def stored(body: bytes, content_type: str) -> str:
    """What a refresh stores for the page: its text, or the reason the feed's summary is kept."""
    from reader.errors import ParseError
    from reader.tasks import extract_article

    try:
        return f"{len(extract_article(body, 'http://bench.invalid/a.html', content_type).text.split())} words"
    except ParseError as e:
        return f"nothing ({e})"


def ours(body: bytes, content_type: str) -> str:
    return extract_page(body, "http://bench.invalid/a.html", content_type).text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    work = pages()
    for _, body, ct in work:  # warm every path (imports, compiled patterns)
        plain(body)
        plain_precise(body)
        ours(body, ct)
    who = ("ours", "plain", "precise")
    quality: dict[str, list[float]] = {w: [] for w in who}
    empty_where_trafilatura_finds = 0
    junk = []
    for name, body, ct in work:
        texts = {"ours": ours(body, ct), "plain": plain(body), "precise": plain_precise(body)}
        stem = name.split("+")[0].split(" ")[0]
        if (EXPECTED / f"{stem}.txt").exists():
            expected = (EXPECTED / f"{stem}.txt").read_text(encoding="utf-8")
            for w in who:
                quality[w].append(f1(texts[w], expected))
            empty_where_trafilatura_finds += not texts["ours"].strip() and bool(texts["plain"].strip())
        else:
            junk.append((name, stored(body, ct), len(texts["plain"].split())))
    times: dict[str, dict[str, list[float]]] = {name: {w: [] for w in who} for name, _, _ in work}
    for r in range(args.rounds):
        for name, body, ct in work:
            turns = [("ours", lambda: ours(body, ct)), ("plain", lambda: plain(body)),
                     ("precise", lambda: plain_precise(body))]
            turns = turns[r % 3:] + turns[:r % 3]  # each path goes first in turn
            for w, fn in turns:
                t = time.perf_counter()
                fn()
                times[name][w].append(time.perf_counter() - t)
    print(f"{'page':40} {'szreader':>9} {'plain':>9} {'precise':>9} {'/plain':>7} {'/precise':>8}   (ms)")
    ratios: dict[str, list[float]] = {"plain": [], "precise": []}
    totals = dict.fromkeys(who, 0.0)
    for name, _, _ in work:
        m = {w: statistics.median(times[name][w]) for w in who}
        for w in who:
            totals[w] += m[w]
        for w in ratios:
            ratios[w].append(m["ours"] / m[w])
        print(f"{name:40} {m['ours'] * 1000:9.2f} {m['plain'] * 1000:9.2f} {m['precise'] * 1000:9.2f} "
              f"{m['ours'] / m['plain']:7.2f} {m['ours'] / m['precise']:8.2f}")
    print(f"\n{len(work)} pages, {args.rounds} rounds taking turns; median time per page")
    for w, label in (("plain", "trafilatura.extract(body)"),
                     ("precise", "trafilatura.extract(body, favor_precision=True, include_tables=True)")):
        print(f"szreader / {label}: geometric mean per page {statistics.geometric_mean(ratios[w]):.2f}, "
              f"worst page {max(ratios[w]):.2f}, all pages together {totals['ours'] / totals[w]:.2f}")
    n = len(quality["ours"])
    print(f"\ntoken F1 against the bodies we wrote ({n} article pages): szreader mean {statistics.mean(quality['ours']):.3f}"
          f" (lowest {min(quality['ours']):.3f}), trafilatura default {statistics.mean(quality['plain']):.3f}"
          f" (lowest {min(quality['plain']):.3f}), precise+tables {statistics.mean(quality['precise']):.3f}"
          f" (lowest {min(quality['precise']):.3f}); pages szreader leaves empty where trafilatura finds text: "
          f"{empty_where_trafilatura_finds}")
    for name, kept, words in junk:
        print(f"boilerplate-only page {name}: szreader stores {kept}; trafilatura returns {words} words")


if __name__ == "__main__":
    main()
