"""szreader's TUI: sources, the article list and the article view with its key figures.

Every database query runs in a thread worker on its own connection; refreshes and on-demand page
fetches run as child ``szreader`` processes (their parse workers fork, which a threaded Textual
process must not do), reporting progress as JSON lines. Feed text reaches the screen only as
Content, never as markup.
"""

from __future__ import annotations

import asyncio
import json
import sys
import webbrowser

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, ProgressBar

from reader.config import Paths, load_settings
from reader.tui.articles import ArticleList
from reader.tui.data import Library, Page, View
from reader.tui.links import safe_url
from reader.tui.reading import ArticleView, FiguresPanel
from reader.tui.screens import FiguresScreen, HelpScreen, Prompt
from reader.tui.sources import Sources

KEY_NAMES = {"bracketright": "]", "bracketleft": "[", "slash": "/", "question_mark": "?", "enter": "Enter",
             "down": "↓", "up": "↑", "tab": "Tab"}
NARROW = 100  # columns below which the sources hide and the article replaces the list


class SzReader(App):
    """The reader. ``paths`` says where the database and settings are."""

    CSS_PATH = "app.tcss"
    TITLE = "szreader"
    BINDINGS = [
        Binding("j,down", "move(1)", "Down", show=False, id="down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="up"),
        Binding("enter", "open", "Open", id="open"),
        Binding("q", "back", "Back/Quit", id="back"),
        Binding("r", "refresh_source", "Refresh", id="refresh"),
        Binding("R", "refresh_all", "Refresh all", id="refresh_all"),
        Binding("n", "unread(1)", "Next unread", show=False, id="next_unread"),
        Binding("p", "unread(-1)", "Prev unread", show=False, id="prev_unread"),
        Binding("N", "toggle_read", "Read/unread", show=False, id="toggle_read"),
        Binding("A", "mark_source_read", "Mark all read", show=False, id="mark_source_read"),
        Binding("u", "undo", "Undo", show=False, id="undo"),
        Binding("f", "star", "Star", id="star"),
        Binding("s", "save", "Save", id="save"),
        Binding("t", "tags", "Tags", show=False, id="tags"),
        Binding("o", "open_link", "Browser", show=False, id="open_link"),
        Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
        Binding("slash", "search", "Search", id="search"),
        Binding("bracketright", "figure(1)", "Next figure", show=False, id="next_figure"),
        Binding("bracketleft", "figure(-1)", "Prev figure", show=False, id="prev_figure"),
        Binding("h", "highlights", "Highlights", show=False, id="highlights"),
        Binding("F", "figures_across", "Figures", id="figures_across"),
        Binding("tab", "focus_next", "Next pane", show=False, id="next_pane"),
        Binding("question_mark", "help", "Keys", id="help"),
    ]

    def __init__(self, paths: Paths, refresh_command: list[str] | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.settings = load_settings(paths.config)
        self.library = Library(paths.database)
        self.view = View()
        self.article: dict | None = None
        self.undo: tuple[str, list[int]] | None = None
        self.refresh_command = refresh_command or [sys.executable, "-m", "reader"]
        self.refreshing = False
        self._sources_timer = None
        self._sources_loaded = False
        self.page_extra: dict = {}

    def get_system_commands(self, screen):
        """The command palette lists every action that has a key, with that key."""
        yield from super().get_system_commands(screen)
        for b in self.BINDINGS:
            if b.id and b.id not in ("down", "up", "next_pane"):
                yield SystemCommand(b.description, f"{b.description} ({KEY_NAMES.get(b.key, b.key)})",
                                    lambda action=b.action: self.run_action(action))

    # ---- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            sources = Sources(id="sources")
            sources.border_title = "Sources"
            yield sources
            with Vertical(id="right"):
                articles = ArticleList(id="articles")
                articles.border_title = "All"
                yield articles
                yield ArticleView(id="article")
        yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.query_one("#progress").display = False
        self.query_one("#article").display = False
        self.query_one(ArticleList).focus()
        self.load_view(self.view)  # the sidebar follows once the first titles are shown
        if self.settings.auto_refresh_minutes > 0:
            self.set_interval(self.settings.auto_refresh_minutes * 60, self.action_refresh_all)

    def on_resize(self, event) -> None:
        self.screen.set_class(event.size.width < NARROW, "narrow")

    # ---- loading (workers) ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def load_view(self, view: View, after: tuple[str, int] | None = None) -> None:
        page = self.library.page(view, after)
        self.call_from_thread(self.show_page, page)

    def show_page(self, page: Page) -> None:
        if page.view != self.view:
            return
        articles = self.query_one(ArticleList)
        articles.show(page.rows, page.total, page.more, page.append)
        if page.append:
            return
        articles.border_title = page.view.label
        self.page_extra = page.extra
        self.show_count(len(articles.rows) if not page.more else -1)
        if page.more:
            self.load_count(page.view)
        if not self._sources_loaded:
            self._sources_loaded = True
            self.load_sources()

    def show_count(self, total: int) -> None:
        """The list's subtitle: how many articles, and a failing source's last error (its detail)."""
        articles = self.query_one(ArticleList)
        subtitle = f"{total} articles" if total >= 0 else "…"
        feed = self.page_extra.get("feed")
        if feed and feed.get("last_error"):
            subtitle = f"last refresh failed ({feed['failures']}×): {feed['last_error']} · " + subtitle
        articles.border_subtitle = subtitle
        if total >= 0:
            articles.set_total(total)

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def load_count(self, view: View) -> None:
        total = self.library.count(view)
        if view == self.view:
            self.call_from_thread(self.show_count, total)

    @work(thread=True, exclusive=True, group="sources", exit_on_error=False)
    def load_sources(self) -> None:
        feeds, counts, tags = self.library.sources()
        self.call_from_thread(self.query_one(Sources).show, feeds, counts, tags, self.view)

    @work(thread=True, group="article", exit_on_error=False)
    def load_article(self, article_id: int, mark_read: bool = True) -> None:
        store = self.library.store()
        article = store.article(article_id)
        if article is not None:
            self.call_from_thread(self.show_article, article)
        if mark_read:  # after showing it: the write must not delay the article
            store.mark([article_id], "read")

    @work(thread=True, group="write", exit_on_error=False)
    def write(self, ids: list[int], action: str, reload: bool = False) -> None:
        self.library.store().mark(ids, action)
        self.call_from_thread(self.after_write, reload)

    def after_write(self, reload: bool) -> None:
        if reload:
            self.load_view(self.view)
        self.load_sources()

    # ---- events -------------------------------------------------------------------------------------
    @on(ArticleList.NeedMore)
    def more(self, event: ArticleList.NeedMore) -> None:
        self.load_more(self.view, event.after)

    @work(thread=True, group="more", exit_on_error=False)
    def load_more(self, view: View, after: tuple[str, int]) -> None:
        page = self.library.page(view, after)
        self.call_from_thread(self.show_page, page)

    @on(ArticleList.Chosen)
    def chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.article)

    @on(Sources.Chosen)
    def source_chosen(self, event: Sources.Chosen) -> None:
        self.switch_view(event.view)

    @on(FiguresPanel.Picked)
    def figure_picked(self, event: FiguresPanel.Picked) -> None:
        self.query_one(ArticleView).go_to(event.index)

    def switch_view(self, view: View) -> None:
        self.view = view
        self.close_article()
        self.load_view(view)

    def open_article(self, row: dict) -> None:
        self.load_article(row["id"])
        self.query_one(ArticleList).update_row(row["id"], read=1)

    def show_article(self, article: dict) -> None:
        self.article = article
        pane = self.query_one(ArticleView)
        pane.show(article)
        if not pane.display:
            self._reading(True)
        self.sources_soon()
        if not article.get("content") and article.get("url") and not (article.get("text_status") or "").startswith("error"):
            self.fetch_text(article["id"])

    def _reading(self, on: bool) -> None:
        """Show or hide the article pane with inline styles: toggling a screen class restyles every widget
        (measured: 30 ms of the 90 ms it took to open an article)."""
        self.query_one(ArticleView).display = on
        articles = self.query_one(ArticleList)
        narrow = self.screen.has_class("narrow")
        articles.display = not (on and narrow)
        articles.styles.height = 10 if on and not narrow else "1fr"

    def sources_soon(self) -> None:
        """Reload the sidebar's counts once reading settles (rebuilding it on every open cost ~60 ms)."""
        if self._sources_timer is not None:
            self._sources_timer.stop()
        self._sources_timer = self.set_timer(0.5, self.load_sources)

    def close_article(self) -> None:
        self.article = None
        self._reading(False)
        self.query_one(ArticleList).focus()

    # ---- actions ----------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, ArticleList):
            focused.move_to(focused.cursor + step)
        elif self.article is not None and not isinstance(focused, (Sources, FiguresPanel)):
            self.query_one("#reading").scroll_relative(y=step * 3, animate=False)
        elif focused is not None and hasattr(focused, "action_cursor_down"):
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, (Sources, FiguresPanel)):
            focused.action_select()
            return
        row = self.query_one(ArticleList).current
        if row is not None:
            self.open_article(row)

    def action_back(self) -> None:
        if self.article is not None:
            self.close_article()
        else:
            self.exit()

    def action_unread(self, step: int) -> None:
        articles = self.query_one(ArticleList)
        i = articles.cursor + step
        while 0 <= i < len(articles.rows):
            if not articles.rows[i]["read"]:
                articles.move_to(i)
                if self.article is not None:
                    self.open_article(articles.rows[i])
                return
            i += step
        self.notify("No more unread articles here", timeout=2)

    def _target(self) -> dict | None:
        return self.article or self.query_one(ArticleList).current

    def action_toggle_read(self) -> None:
        row = self.query_one(ArticleList).current
        if row is not None:
            row_read = 0 if row["read"] else 1
            self.query_one(ArticleList).update_row(row["id"], read=row_read)
            self.write([row["id"]], "read" if row_read else "unread")

    def _flag(self, column: str, on_action: str, off_action: str, word: str) -> None:
        a = self._target()
        if a is None:
            return
        row = next((r for r in self.query_one(ArticleList).rows if r["id"] == a["id"]), a)
        value = 0 if row.get(column) else 1
        self.query_one(ArticleList).update_row(a["id"], **{column: value})
        if self.article is not None and self.article["id"] == a["id"]:
            self.article[column] = value
        self.write([a["id"]], on_action if value else off_action)
        self.notify(word if value else f"Un{word.lower()}", timeout=1.5, markup=False)

    def action_star(self) -> None:
        self._flag("starred", "star", "unstar", "Starred")

    def action_save(self) -> None:
        self._flag("saved", "save", "unsave", "Saved")

    @work(thread=True, group="write", exit_on_error=False)
    def action_mark_source_read(self) -> None:
        store = self.library.store()
        feed_ids = [self.view.feed_id] if self.view.kind == "feed" else None
        ids = store.mark_feed_read(feed_ids)
        self.undo = ("unread", ids)
        self.call_from_thread(self.after_write, True)
        self.call_from_thread(self.notify, f"Marked {len(ids)} read. Press u to undo.", timeout=5, markup=False)

    def action_undo(self) -> None:
        if self.undo and self.undo[1]:
            action, ids = self.undo
            self.undo = None
            self.write(ids, action, reload=True)
            self.notify(f"Undone: {len(ids)} unread again", timeout=2, markup=False)

    def action_tags(self) -> None:
        a = self._target()
        if a is None:
            return

        def done(value: str | None) -> None:
            if value is not None:
                tags = sorted({t.strip().lstrip("#") for t in value.replace(",", " ").split() if t.strip("# ")})
                self.set_tags(a["id"], tags)

        self.push_screen(Prompt("Tags (space or comma separated)", " ".join(a.get("tags") or [])), done)

    @work(thread=True, group="write", exit_on_error=False)
    def set_tags(self, article_id: int, tags: list[str]) -> None:
        self.library.store().set_tags(article_id, tags)
        self.call_from_thread(self.after_write, False)
        if self.article is not None and self.article["id"] == article_id:
            self.call_from_thread(self.load_article, article_id, False)

    def _link(self) -> str | None:
        """The current article's link if it is an http(s) URL (SECURITY.md rule 3); else say why not."""
        a = self._target()
        url = safe_url(a.get("url") if a else None)
        if url is None:
            self.notify("This article has no http(s) link", severity="warning")
        return url

    def action_open_link(self) -> None:
        if url := self._link():
            webbrowser.open(url)

    def action_copy_link(self) -> None:
        if url := self._link():
            self.copy_to_clipboard(url)
            self.notify("Link copied", timeout=1.5)

    def action_search(self) -> None:
        def done(query: str | None) -> None:
            if query and query.strip():
                view = View("search", query=query.strip(), label=f"Search: {query.strip()}")
                self.query_one(Sources).search = view
                self.switch_view(view)
                self.load_sources()

        self.push_screen(Prompt("Search", placeholder="words to find in titles and text"), done)

    def action_figure(self, step: int) -> None:
        if self.article is not None:
            self.query_one(ArticleView).jump(step)

    def action_highlights(self) -> None:
        if self.article is not None:
            self.query_one(ArticleView).toggle_highlights()

    def action_figures_across(self) -> None:
        def done(subject: str | None) -> None:
            if subject and subject.strip():
                self.figures_for(subject.strip())

        self.push_screen(Prompt("Figures for which subject?", placeholder="GDP, foreign trade, retail sales …"), done)

    @work(thread=True, group="figures", exit_on_error=False)
    def figures_for(self, subject: str) -> None:
        rows = self.library.store().figures_by_subject(subject)

        def show() -> None:
            self.push_screen(FiguresScreen(subject, rows),
                             lambda article_id: article_id and self.load_article(article_id))

        self.call_from_thread(show)

    def action_help(self) -> None:
        keys: dict[str, list[str]] = {}
        for key, bindings in self._bindings.key_to_bindings.items():
            for b in bindings:
                if b.id:
                    keys.setdefault(b.id, []).append(KEY_NAMES.get(key, key))
        rows = [(", ".join(keys.get(b.id, [])), f"{b.description} [{b.id}]") for b in self.BINDINGS if b.id in keys]
        self.push_screen(HelpScreen(rows))

    # ---- refresh and on-demand text (child processes) ------------------------------------------------
    def action_refresh_source(self) -> None:
        self.run_refresh([self.view.label] if self.view.kind == "feed" else [])

    def action_refresh_all(self) -> None:
        self.run_refresh([])

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def run_refresh(self, feeds: list[str]) -> None:
        if self.refreshing:
            return
        self.refreshing = True
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        args = [*self.refresh_command, "refresh", "--progress-jsonl", "--json"]
        for name in feeds:
            args += ["--feed", name]
        try:
            proc = await asyncio.create_subprocess_exec(*args, stdout=asyncio.subprocess.PIPE,
                                                        stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL)
            last_new = 0
            while line := await proc.stderr.readline():
                try:
                    p = json.loads(line)
                except ValueError:
                    continue
                bar.update(total=p["total"], progress=p["done"])
                if p.get("error"):
                    message = f"{p['feed']}: {p['error']}"  # feed text: never markup
                    self.notify(message, title="Feed error", severity="warning", timeout=4, markup=False)
                if p["new"] != last_new:
                    last_new = p["new"]
                    self.load_view(self.view)
                    self.load_sources()
            out = await proc.stdout.read()
            await proc.wait()
            report = json.loads(out) if proc.returncode == 0 and out else None
            if report is None:
                self.notify("Refresh failed", severity="error")
            else:
                self.notify(f"{report['new']} new articles, {len(report['errors'])} errors", timeout=3, markup=False)
        finally:
            self.refreshing = False
            bar.display = False
            self.load_view(self.view)
            self.load_sources()

    @work(group="text", exit_on_error=False)
    async def fetch_text(self, article_id: int) -> None:
        proc = await asyncio.create_subprocess_exec(*self.refresh_command, "fetch-text", str(article_id),
                                                    stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.DEVNULL, stdin=asyncio.subprocess.DEVNULL)
        await proc.wait()
        if self.article is not None and self.article["id"] == article_id:
            self.load_article(article_id, mark_read=False)


def run(paths: Paths) -> int:
    SzReader(paths).run()
    return 0

