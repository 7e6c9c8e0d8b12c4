"""Key figures worked out after the refresh (reader/analysis.py): a refresh stores articles at once, and the
figures are there whenever something shows them: `show`, `facts`, `analyse`, the TUI's article view."""

from __future__ import annotations

import time

import pytest

from tui_helpers import DEMO, make_app, settle
from reader import analysis
from reader.analysis import bring_up_to_date, work_out
from reader.tui.reading import FiguresPanel


def _waiting(home) -> int:
    return home.store().unanalysed_count(analysis.VERSION)


def _refreshed(home):
    home.feeds([DEMO])
    assert home.run("refresh")[0] == 0
    return home


@pytest.fixture
def refreshed(home):
    """The demo edition refreshed, its figures not worked out yet (an async test cannot run the CLI itself)."""
    return _refreshed(home)


def test_a_refresh_stores_articles_and_show_and_facts_work_their_figures_out(home):
    _refreshed(home)
    articles = home.json("list")
    assert len(articles) == 12 and _waiting(home) == 12
    assert home.store().conn.execute("SELECT count(*) FROM figures").fetchone()[0] == 0
    shown = home.json("show", str(articles[0]["id"]))
    assert any(f["kind"] == "money" for f in shown["figures"])
    assert _waiting(home) == 11  # that article only
    facts = home.json("facts", "--entity", "Shenzhen", "--subject", "GDP")
    assert facts and _waiting(home) == 0
    periods = {f["period"] for g in facts for f in g["facts"]}
    assert "2025" in periods and len({f["article"] for g in facts for f in g["facts"]}) >= 3


def test_analyse_works_out_what_is_waiting_once(home):
    _refreshed(home)
    first = home.json("analyse")
    assert first["articles"] == 12 and first["analysed"] == 12
    again = home.json("analyse")
    assert again["articles"] == 0 and again["analysed"] == 0
    code, out, _ = home.run("analyse")
    assert code == 0 and "already" in out


def test_figures_of_an_article_rewritten_during_the_analysis_are_not_kept(home):
    _refreshed(home)
    store = home.store()
    article = home.json("list")[0]["id"]
    items = store.analysis_inputs([article])
    rows = work_out(items)
    assert rows[0]
    with store.write() as c:  # a refresh rewrites the article while its old text is being analysed
        c.execute("UPDATE articles SET content = 'Exports rose 12 percent to 4 billion yuan.' WHERE id = ?",
                  (article,))
        c.execute("DELETE FROM analysis WHERE article_id = ?", (article,))
    assert store.write_analysis(analysis.VERSION, [(article, items[0][1], rows[0])]) == 0
    assert store.figures(article) == []  # the old text's figures would point into text that is gone
    shown = home.json("show", str(article))
    assert [f["text"] for f in shown["figures"] if f["kind"] != "time"] == ["12 percent", "4 billion yuan"]


def test_a_newer_analysis_reaches_articles_stored_before_it(home, monkeypatch):
    _refreshed(home)
    assert home.json("analyse")["analysed"] == 12
    monkeypatch.setattr(analysis, "VERSION", analysis.VERSION + 1)
    assert _waiting(home) == 12
    assert home.json("analyse")["analysed"] == 12 and _waiting(home) == 0


def slow_work_out(items):
    """work_out, except that a text saying SLOW takes far longer than the budget (a pathological article)."""
    if any("SLOW" in text for _, text, _ in items):
        time.sleep(60)
    return work_out(items)


def test_one_article_over_the_budget_costs_only_its_own_figures(home, monkeypatch):
    _refreshed(home)
    ids = [a["id"] for a in home.json("list")]
    with home.store().write() as c:
        c.execute("UPDATE articles SET content = content || ' SLOW' WHERE id = ?", (ids[3],))
    monkeypatch.setattr(analysis, "work_out", slow_work_out)
    monkeypatch.setattr(analysis, "SECONDS", 1.5)
    monkeypatch.setattr(analysis, "SMALL", 0)  # through the workers, as a large backlog goes
    started = time.monotonic()
    assert bring_up_to_date(home.store()) == 12
    assert time.monotonic() - started < 20
    store = home.store()
    assert store.figures(ids[3]) == [] and all(store.figures(i) for i in ids if i != ids[3])
    assert _waiting(home) == 0  # not tried again at every command


async def test_the_tui_works_out_the_figures_a_refresh_left(refreshed):
    home = refreshed
    app = make_app(home)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)  # at start: `szreader analyse` in a child process
        assert _waiting(home) == 0
        await pilot.press("enter")
        await settle(app, pilot)
        panel = app.query_one(FiguresPanel)
        assert panel.option_count > 3
        opened = app.article["id"]
        with home.store().write() as c:  # as a refresh that rewrote the article leaves it
            c.execute("DELETE FROM analysis WHERE article_id = ?", (opened,))
            c.execute("DELETE FROM figures WHERE article_id = ?", (opened,))
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("enter")  # opened again: a short article's figures are worked out as it opens
        await settle(app, pilot)
        assert app.article["id"] == opened and panel.option_count > 3
        assert _waiting(home) == 0


def test_the_panel_says_figures_are_coming_while_they_are_worked_out():
    from reader.tui.document import Document

    waiting = Document({"id": 1, "content": "GDP rose 5 percent.", "figures": [], "analysed": 0})
    assert [p.plain for p, _ in waiting.panel] == ["Working out key figures…"]
    done = Document({"id": 1, "content": "No figures here.", "figures": [], "analysed": analysis.VERSION})
    assert [p.plain for p, _ in done.panel] != ["Working out key figures…"]


async def test_facts_asked_for_while_figures_are_waiting_say_so_and_get_them_worked_out(demo):
    app = make_app(demo)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        with demo.store().write() as c:  # as a refresh outside the TUI leaves them
            c.execute("DELETE FROM analysis")
        await pilot.press("F")
        await settle(app, pilot)
        assert any("still being worked out" in text for _, _, text in app.messages)
        assert _waiting(demo) == 0
