"""Key figures: the labelled set's floor, the FIGURES.md examples, the CLI contract, storage, and fuzzing."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from labelled import load, score  # noqa: E402
from reader.figures import extract  # noqa: E402

SEED = ("Guangdong recorded 8 percent GDP growth in 2021 to 12.1 trillion yuan (US$1.95 trillion), according to the "
        "work report. The province's foreign trade surpassed 8 trillion yuan last year, up by 16.7 percent year on "
        "year. Meanwhile, the province has built a total of 170,000 5G base stations, ranking first in China.")


def test_labelled_set_floor():
    result = score(load(), extract)
    assert result["gold"] >= 400 and result["paragraphs"] >= 60 and result["traps"] >= 60
    assert result["fully_correct"][2] >= 0.97, result["misses"]
    assert result["traps_flagged"] == 0, result["misses"]
    assert result["labelled"] == result["gold"]  # every figure carries its facts


def test_facts_accuracy_floor():
    """Subject, entity, period and every attribute on the labelled set (bench/figures.py prints them)."""
    facts = score(load(), extract)["facts"]
    assert facts["subject"] >= 0.78 and facts["entity"] >= 0.9 and facts["period"] >= 0.95, facts
    assert all(facts[k] >= 0.95 for k in ("approx", "bound", "direction", "basis", "equivalent", "change",
                                           "value_to", "per")), facts


def test_the_figures_an_analyst_looks_for():
    figs = {f.text: f for f in extract(SEED)}
    gdp, usd = figs["12.1 trillion yuan"], figs["US$1.95 trillion"]
    assert (gdp.kind, gdp.value, gdp.unit) == ("money", 12.1e12, "CNY")
    assert (usd.kind, usd.value, usd.unit) == ("money", 1.95e12, "USD")
    assert extract(SEED)[usd.equivalent_of] == gdp
    trade = figs["8 trillion yuan"]
    assert trade.bound == "gt" and trade.subject == "foreign trade"
    growth = figs["16.7 percent"]
    assert (growth.direction, growth.basis, growth.subject) == ("up", "yoy", "foreign trade")
    assert figs["8 percent"].subject == "GDP growth"
    stations = figs["170,000"]
    assert (stations.kind, stations.value, stations.subject) == ("count", 170000, "5G base stations")
    assert (figs["first"].kind, figs["first"].value) == ("ordinal", 1)
    assert "5G" not in figs and "2021" in figs and figs["2021"].kind == "time"


def test_people_and_byline_are_tagged():
    text = "Writer: Wang Jingli | Editor: Holly Wang | From: Shenzhen Daily\n\nThe report was delivered by acting Guangdong Governor Wang Weizhong."
    people = [f.text for f in extract(text) if f.kind == "person"]
    assert people == ["Wang Jingli", "Holly Wang", "acting Guangdong Governor Wang Weizhong"]


def test_cli_contract(home, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(SEED))
    figures = home.json("figures")
    assert {"start", "end", "text", "kind", "value", "unit", "approx", "bound", "direction", "basis", "subject",
            "equivalent_of"} <= figures[0].keys()
    assert all(SEED[f["start"]:f["end"]] == f["text"] for f in figures)
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate([SEED, "nothing here", "up 3 percent"])]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, _ = home.run("figures", "--jsonl")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == [0, 1, 2]
    assert rows[1]["figures"] == [] and rows[2]["figures"][0]["value"] == 3
    monkeypatch.setattr("sys.stdin", io.StringIO("not json\n"))
    code, _, err = home.run("figures", "--jsonl")
    assert code == 2 and "line 1" in err


def test_figures_are_stored_with_articles_and_queried_by_subject(home):
    home.feeds([{"name": "Demo", "url": "http://demo.szreader.invalid/feed.xml"}])
    home.run("refresh")
    gdp = home.json("figures", "--subject", "retail sales")
    assert gdp and all("retail sales" in f["subject"].lower() for f in gdp)
    article = home.json("show", str(gdp[0]["article"]))
    assert any(f["kind"] == "money" for f in article["figures"])
    text = article["text"]
    assert all(text[f["start"]:f["end"]] == f["text"] for f in article["figures"])
    code, out, _ = home.run("show", str(gdp[0]["article"]))
    assert "Key figures:" in out
    assert home.json("figures", "--article", str(gdp[0]["article"])) == article["figures"]
    money = home.json("figures", "--subject", "retail sales", "--kind", "money")
    assert money and all(f["kind"] == "money" and f["feed"] == "Demo" and f["date"] for f in money)
    code, _, err = home.run("figures", "--subject", "x", "--kind", "bogus")
    assert code == 2 and "unknown kind" in err


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_unicode_never_raises_and_spans_stay_inside(text):
    for f in extract(text):
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789,. %$yuanpercentbillion-first", max_size=300))
def test_number_soup_never_raises(text):
    for f in extract(text):
        assert 0 <= f.start < f.end <= len(text)


_WORD_PIECES = ["and", "while", "but", "whereas", "which", "with", "Governor", "Vice Governor", "director", "head",
                "CEO", "Mayor", "Chair", "Chairman", "founder", "over", "x", "_", "é", "1", "19", "20", "2019", "2024",
                "-", "–", "/", ".", ",", ";", ":", "(", ")", "[", "]", "\n", " ", "!", "?", "%", " Wang Wei"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=16))
def test_fast_word_patterns_find_what_their_plain_forms_find(pieces):
    """Role words, clause words and years are matched by patterns written for speed; a role word inside another
    word ("Overhead") or a year inside a number must stay unmatched, exactly as the plain patterns say."""
    import re

    from reader.figures import finder, lexicon

    text = "".join(pieces)
    plain = {
        finder._ROLE_AT: re.compile(rf"(?<!\w)(?:{lexicon.alternation(finder._ROLES)})\b"),
        finder._CLAUSE: re.compile(r",(?!\d)|[;:()\[\]\n]|\b(?:and|while|but|whereas|which|with)\b|[.!?](?=\s)"),
        finder._DATE_OR_YEARS: re.compile(r"(?<![\w.,])(19\d\d|20\d\d)(?:-\d{1,2}-\d{1,2}\b|[-–/](?:19|20)?\d\d(?![\w%]))"),
    }
    for fast, reference in plain.items():
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in reference.finditer(text)]


def test_recognizers_text_floors():
    """Conformance with ../shared/peer-suites/recognizers-text-en (must not skip in CI)."""
    import os

    import figures as bench

    if not bench.RT.exists():
        assert os.environ.get("CI") != "true", f"missing {bench.RT}"
        return
    extractor = bench.suite_scores({s: bench.general(k) for s, k in bench.SUITE_KINDS.items()})
    recogniser = bench.suite_scores({"NumberModel": bench.numbers_only, "OrdinalModel": bench.ordinals_only})
    assert extractor["PercentModel"] >= 0.85 and extractor["CurrencyModel"] >= 0.79
    assert recogniser["NumberModel"] >= 0.62 and recogniser["OrdinalModel"] >= 0.83


@settings(max_examples=25, deadline=2000)  # a quadratic pass over 20,000 characters would blow this by far
@given(st.lists(st.sampled_from(["12.1 trillion yuan ", "up 3 percent ", "ranking first ", "No. 8 ", "( US$1 ) ",
                                 "one hundred and two ", "Mayor Qin Weizhong ", "2021-2025 ", "-", ",", "5G ", "a ",
                                 "per cent of ", "the ", "Writer: X | Editor: Y "]),
                min_size=1000, max_size=1500))
def test_long_adversarial_text_is_handled_in_linear_time(parts):
    text = "".join(parts)
    for f in extract(text):
        assert text[f.start:f.end] == f.text
