"""Facts across articles: canonical subjects, one unit per group, newest period first, conflicts with both sources."""

from __future__ import annotations

from reader.facts import canonical, group


def row(article, entity, subject, value, unit="CNY", period=None, kind="money", change=False, date="2024-01-01",
        equivalent_of=None, value_to=None):
    return {"article": article, "title": f"article {article}", "date": date, "kind": kind, "value": value,
            "value_to": value_to, "unit": unit, "per": None, "subject": subject, "entity": entity, "period": period,
            "change": change, "text": str(value), "equivalent_of": equivalent_of}


def test_synonyms_share_one_canonical_subject():
    assert {canonical(s) for s in ("GDP", "economic output", "gross domestic product", "economic aggregates",
                                   "the economy")} == {"GDP"}
    assert canonical("total imports and exports") == canonical("Foreign trade") == "foreign trade"
    assert canonical("Retail sales of consumer goods") == "retail sales"
    assert canonical("5G base stations") == "5g base stations"  # not in the table: tidied, kept apart


def test_groups_keep_one_unit_and_put_the_newest_period_first():
    rows = [row(1, "Shenzhen", "GDP", 3.07e12, period="2021"),
            row(2, "Shenzhen", "economic output", 3.24e12, period="2022"),
            row(2, "Shenzhen", "GDP", 0.45e12, unit="USD", period="2022", equivalent_of=0),  # a conversion
            row(3, "Shenzhen", "GDP", 6.7, unit="%", kind="percent", change=True, period="2021"),
            row(4, "Guangdong", "GDP", 12.4e12, period="2021"),
            row(5, "Shenzhen", "GDP", 3.46e12, period="2023")]
    groups = group(rows, entity="shenzhen", subject="gross domestic product")
    assert [(g["subject"], g["unit"], g["change"]) for g in groups] == [("GDP", "%", True), ("GDP", "CNY", False)]
    level = groups[1]
    assert [f["period"] for f in level["facts"]] == ["2023", "2022", "2021"]
    assert all(f["unit"] == "CNY" for f in level["facts"]) and not level["conflicts"]


def test_two_values_for_one_period_are_a_conflict_with_both_sources():
    rows = [row(1, "Shenzhen", "GDP", 3.07e12, period="2021"), row(2, "Shenzhen", "GDP", 3.03e12, period="2021"),
            row(3, "Shenzhen", "GDP", 3.07e12, period="2021")]
    (g,) = group(rows)
    (c,) = g["conflicts"]
    assert c["period"] == "2021" and sorted(f["article"] for f in c["facts"]) in ([1, 2], [2, 3])
    same_article = [row(7, "Shenzhen", "routes", 23, kind="count", unit=None, period="2025"),
                    row(7, "Shenzhen", "routes", 310, kind="count", unit=None, period="2025")]
    assert group(same_article)[0]["conflicts"] == []  # "23 new routes, bringing the total to 310": two measures


def test_quarters_and_intervals_sort_by_their_end():
    rows = [row(1, "BYD", "revenue", 1, period="2023-Q1"), row(2, "BYD", "revenue", 2, period="2023-01/2023-09"),
            row(3, "BYD", "revenue", 3, period="2022"), row(4, "BYD", "revenue", 4, period=None)]
    (g,) = group(rows, kind="money")
    assert [f["period"] for f in g["facts"]] == ["2023-01/2023-09", "2023-Q1", "2022", None]


def test_facts_command_on_the_demo_edition(home):
    home.feeds([{"name": "Demo", "url": "http://demo.szreader.invalid/feed.xml"}])
    home.run("refresh")
    groups = home.json("facts", "--entity", "Shenzhen")
    assert groups and all(g["entity"] == "Shenzhen" for g in groups)
    assert all(len({f["unit"] for f in g["facts"]}) == 1 for g in groups)
    gdp = home.json("facts", "--entity", "Shenzhen", "--subject", "economic output", "--kind", "money")
    assert gdp and gdp[0]["subject"] == "GDP" and gdp[0]["facts"][0]["title"]
    code, out, _ = home.run("facts", "--entity", "Shenzhen")
    assert code == 0 and "Shenzhen · GDP" in out
    code, _, err = home.run("facts", "--kind", "bogus")
    assert code == 2 and "unknown kind" in err
