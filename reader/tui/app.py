"""szreader's TUI: sources, the article list and the article view with its key figures.

Every database read runs in a thread worker on its own connection, every write on the one writer thread
(reader/tui/writer.py) in the order of the keys; refreshes and on-demand page fetches run as child
``szreader`` processes (their parse workers fork, which a threaded Textual process must not do),
reporting progress as JSON lines. Feed text reaches the screen only as Content, never as markup.

One rule for which article a key acts on: the open article while reading, else the highlighted row
(:meth:`SzReader.target`); the list marks the open article with ▶.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import sys
import threading
import time
import webbrowser
from collections import deque

from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported, SystemCommand
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import WorkerState

from reader.cells import clip
from reader.analysis import VERSION, bring_up_to_date
from reader.config import Paths, check_key_ids, load_feeds, load_settings
from reader.errors import ReaderError
from reader.refresh_line import RefreshLine
from reader.sanitize import clean
from reader.tui.adding import AddSourceScreen
from reader.tui.articles import ArticleList
from reader.tui.data import PAGE, Library, Page, View
from reader.tui.history import Back, Place
from reader.tui.keys import BINDINGS, display_key, keys_in_effect, markup_safe
from reader.tui.links import safe_url
from reader.tui.reading import ArticleView, FiguresPanel
from reader.tui.screens import HelpScreen, MessagesScreen, Prompt
from reader.tui.sources import Sources
from reader.tui.writer import Writer

NARROW = 100  # columns below which the sources hide (b shows them) and the article replaces the list
SHORT = 30  # rows below which the Key figures panel of a narrow screen is kept small
WATCH_SECONDS = 2.0  # how often the database is checked for commits made elsewhere (a CLI refresh)

#: figure colours with at least 4.5:1 contrast (WCAG AA) on the dark and the light theme's backgrounds
FIGURE_COLOURS = {
    True: {"fig-money": "#5fd38a", "fig-percent": "#ffb454", "fig-count": "#79c0ff", "fig-quantity": "#d2a8ff",
           "fig-ordinal": "#ff8c82", "fig-ratio": "#56d4dd"},
    False: {"fig-money": "#116329", "fig-percent": "#7a4f00", "fig-count": "#0550ae", "fig-quantity": "#6639ba",
            "fig-ordinal": "#a40e26", "fig-ratio": "#0b5a60"},
}


def one_line(error: BaseException | str) -> str:
    """The line the command line would print for ``error`` (``szreader: …``), safe to show."""
    if isinstance(error, BaseException):
        text = str(error) if isinstance(error, ReaderError) else f"{type(error).__name__}: {error}"
        text = "szreader: " + text
    else:
        text = error
    return " ".join(clean(text).split())[:500]


class SzReader(App):
    """The reader. ``paths`` says where the database and settings are."""

    CSS_PATH = "app.tcss"
    TITLE = "szreader"
    BINDINGS = BINDINGS

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
        self.analysing = False  #: `szreader analyse` is running (reader/analysis.py)
        self._sources_timer = None
        self._sources_loaded = False
        self.page_extra: dict = {}
        self.messages: deque[tuple[str, str, str]] = deque(maxlen=200)  #: (time, severity, text)
        self.writer: Writer | None = None
        self.sources_shown = False  #: b: the sidebar on a narrow screen (wide screens always show it)
        self.zoomed = False  #: z: the article full screen, no list, sidebar or panel
        self.error: str | None = None  #: why the database cannot be read, shown in place of the list
        self._after_load: str | None = None  #: n/p crossed into another source: "first"/"last" unread there
        self.history: list[Back] = []  #: Esc from an article opened from a fact timeline goes back to it
        self._stop = threading.Event()
        self._tickets = itertools.count()
        self._latest: dict[str, int] = {}

    # ---- theme: figure colours with AA contrast -------------------------------------------------------
    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(FIGURE_COLOURS[bool(self.current_theme.dark)])

    # ---- keys shown in help and the palette ------------------------------------------------------------
    def keys_shown(self) -> dict[str, str]:
        """Binding id -> its keys as a user types them, after any remap."""
        return {i: ", ".join(display_key(k) for k in keys) for i, keys in keys_in_effect(self._keymap).items()}

    def get_system_commands(self, screen):
        """The command palette lists every action that has a key, with that key."""
        yield from super().get_system_commands(screen)
        shown = self.keys_shown()
        for b in BINDINGS:
            if b.id not in ("down", "up", "next_pane", "close"):
                yield SystemCommand(b.description, markup_safe(f"{b.description} ({shown[b.id]})"),
                                    lambda action=b.action: self.run_action(action))

    # ---- messages -------------------------------------------------------------------------------
    def say(self, text: str, severity: str = "information", timeout: float = 3) -> None:
        """Show one line (as plain text, never markup) and keep it in the message log (m)."""
        text = one_line(text)
        self.messages.append((time.strftime("%H:%M:%S"), severity, text))
        self.notify(text, severity=severity, timeout=timeout, markup=False)

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
        yield Static(id="status")
        yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.writer = Writer(self.call_from_thread)
        self.query_one(ArticleView).inline_tags = self.settings.inline_tags
        self.query_one("#progress").display = False
        self.query_one("#status").display = False
        self.query_one(ArticleList).focus()
        self.layout_panes()
        self.load_view(self.view)  # the sidebar follows once the first titles are shown
        # feeds.toml as the command line reads it: a new subscription shows before its first fetch, and an
        # invalid file is reported in the command line's words
        self.write(lambda: self.library.store().sync_feeds(load_feeds(self.paths.feeds)),
                   lambda result, error: error is None and self.load_sources(), failed=None)
        if self.settings.auto_refresh_minutes > 0:
            self.set_interval(self.settings.auto_refresh_minutes * 60, self.auto_refresh)
        threading.Thread(target=self._watch, name="szreader-watch", daemon=True).start()
        self.analyse_if_waiting()

    def on_unmount(self) -> None:
        self._stop.set()
        if self.writer is not None:
            self.writer.stop()

    def on_resize(self, event) -> None:
        self.layout_panes(event.size)

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    def layout_panes(self, size=None) -> None:
        """Show and size every pane from the state (width, reading, zoom, sidebar): one place, so a resize
        with an article open gives the same layout as opening it at that size."""
        size = size or self.size
        narrow, short = size.width < NARROW, size.height < SHORT
        reading = self.article is not None
        sources = self.query_one(Sources)
        articles = self.query_one(ArticleList)
        view = self.query_one(ArticleView)
        panel = self.query_one(FiguresPanel)
        self.screen.set_class(narrow, "narrow")
        sources.display = not self.zoomed and (self.sources_shown or not narrow)
        sources.styles.width = "1fr" if narrow else 30
        covered = narrow and self.sources_shown  # the sidebar takes the article's place, the list beside it
        view.display = reading and not covered
        articles.display = covered or not (reading and (narrow or self.zoomed))
        articles.styles.height = 10 if view.display and articles.display else "1fr"
        panel.display = reading and not self.zoomed
        if narrow:
            view.styles.layout = "vertical"
            panel.styles.width = "100%"
            panel.styles.height = 5 if short else 8
        else:
            view.styles.layout = "horizontal"
            panel.styles.width = 44
            panel.styles.height = "100%"
        focused = self.focused
        if focused is not None and not focused.display or (focused is not None and not self._shown(focused)):
            self._focus_default()

    def _shown(self, widget) -> bool:
        node = widget
        while node is not None and node is not self.screen:
            if not node.display:
                return False
            node = node.parent
        return True

    def _focus_default(self) -> None:
        if self.article is not None and self.query_one(ArticleView).display:
            self.query_one("#reading").focus()
        elif self.query_one(ArticleList).display:
            self.query_one(ArticleList).focus()
        elif self.query_one(Sources).display:
            self.query_one(Sources).focus()

    # ---- errors from workers ------------------------------------------------------------------------
    def on_worker_state_changed(self, event) -> None:
        if event.state == WorkerState.ERROR:
            self.show_error(event.worker.error)

    def show_error(self, error: BaseException | str) -> None:
        line = one_line(error)
        self.error = line
        try:
            articles = self.query_one(ArticleList)
        except NoMatches:  # the app is closing: a worker that was still loading found no list
            return
        if not articles.rows:
            articles.empty_text = line
            articles.refresh()
        self.say(line, "error", timeout=8)

    # ---- loading (workers) ------------------------------------------------------------------------
    def _ticket(self, group: str) -> int:
        """A number for a load; only the newest load of a group is shown (older ones finish unseen, which
        cancelling a thread worker would not make them do any sooner)."""
        n = next(self._tickets)
        self._latest[group] = n
        return n

    def _newest(self, group: str, ticket: int) -> bool:
        return self._latest.get(group) == ticket

    @work(thread=True, group="list", exit_on_error=False)
    def load_view(self, view: View, keep: bool = False, end: bool = False, top: bool = False) -> None:
        """The view's first page, or (``end``) its last; a reload (``keep``) reads the rows shown again;
        ``top`` / ``end``: the cursor goes to the first / last row (Home, End)."""
        ticket = self._ticket("list")
        try:
            articles = self.query_one(ArticleList)
        except NoMatches:  # the app is closing
            return
        limit = max(PAGE, len(articles.rows)) if keep else PAGE
        if end or (keep and articles.more_above):  # a window taken at the end stays at the end
            page = self.library.last_page(view, limit)
            page.at_end = end
        else:
            page = self.library.page(view, None, limit)
            page.at_top = top
        self.call_from_thread(lambda: self._newest("list", ticket) and self.show_page(page, keep))

    def show_page(self, page: Page, keep: bool = False) -> None:
        if page.view != self.view:
            return
        self.error = None
        articles = self.query_one(ArticleList)
        keep_id = None
        if keep or self.article is not None:
            keep_id = self.article["id"] if self.article is not None else (articles.current or {}).get("id")
        if page.append or page.prepend:  # a page continues the rows it was asked for, if they are still shown
            key = lambda r: (r["sort_date"], r["id"])  # noqa: E731
            edge = (articles.rows[-1] if page.append else articles.rows[0]) if articles.rows else None
            if edge is None or key(edge) != tuple(page.anchor or ()):
                return
        if page.at_end or page.at_top:
            keep_id = None
        articles.show(page.rows, page.total, page.more, page.append, keep=keep_id, prepend=page.prepend,
                      more_above=page.more_above, at_end=page.at_end)
        if page.append or page.prepend:
            return
        articles.empty_text = ("no articles yet: press R to refresh" if page.view.kind == "all"
                               else "no articles here")
        articles.border_title = Content(clip(page.view.label, 60))
        self.page_extra = page.extra
        self.show_count(len(articles.rows) if not (page.more or page.more_above) else -1)
        if page.more or page.more_above:
            self.load_count(page.view)
        if not self._sources_loaded:
            self._sources_loaded = True
            self.load_sources()
        if self._after_load is not None:
            which, self._after_load = self._after_load, None
            unread = [i for i, r in enumerate(articles.rows) if not r["read"]]
            if unread:
                articles.move_to(unread[0] if which == "first" else unread[-1])
                if self.article is not None:
                    self.open_article(articles.rows[articles.cursor])

    def show_count(self, total: int) -> None:
        """The list's subtitle: how many articles, and a failing source's last error (its detail)."""
        articles = self.query_one(ArticleList)
        subtitle = f"{total} articles" if total >= 0 else "…"
        feed = self.page_extra.get("feed")
        if feed and feed.get("last_error"):
            subtitle = f"last refresh failed ({feed['failures']}×): {feed['last_error']} · " + subtitle
        articles.border_subtitle = Content(clip(clean(subtitle), 300))
        if total >= 0:
            articles.set_total(total)

    @work(thread=True, group="count", exit_on_error=False)
    def load_count(self, view: View) -> None:
        total = self.library.count(view)
        if view == self.view:
            self.call_from_thread(self.show_count, total)

    @work(thread=True, group="sources", exit_on_error=False)
    def load_sources(self) -> None:
        ticket = self._ticket("sources")
        feeds, counts, tags = self.library.sources()
        self.call_from_thread(lambda: self._newest("sources", ticket)
                              and self.query_one(Sources).show(feeds, counts, tags, self.view))

    @work(thread=True, group="article", exit_on_error=False)
    def load_article(self, article_id: int, mark_read: bool = True) -> None:
        # figures a refresh left for later: a short text's at once (milliseconds), a long one's by `analyse`
        with contextlib.suppress(ReaderError):
            bring_up_to_date(self.library.store(), [article_id], workers=False)
        article = self.library.store().article(article_id)
        if article is not None:
            self.call_from_thread(self.show_article, article, mark_read)

    def _watch(self) -> None:
        """Reload quietly when another process commits (a CLI refresh or mark): SQLite's data_version."""
        from reader.tui.data import Library

        library = Library(self.paths.database)  # its own connection: data_version counts the others' commits
        last = None
        while not self._stop.wait(WATCH_SECONDS):
            try:
                version = library.data_version()
            except Exception:
                continue
            if last is not None and version != last and not self.refreshing and not self.analysing:
                with contextlib.suppress(Exception):
                    self.call_from_thread(self.quiet_reload)
            last = version

    def quiet_reload(self) -> None:
        if self.writer is not None and self.writer.pending:
            return  # our own write: its callback reloads what it changed
        self.load_view(self.view, keep=True)
        self.load_sources()

    # ---- writes (the writer thread, in key order) ----------------------------------------------------
    def write(self, job, done=None, failed: str | None = "Could not save the change") -> None:
        """Run ``job`` on the writer thread after every write asked for before it; a failure is said
        (``failed``: what did not happen; None: the error's own line, as the command line prints it)."""
        def finish(result, error) -> None:
            if error is not None:
                line = one_line(error)
                self.say(f"{failed}: {line.removeprefix('szreader: ')}" if failed else line, "error", timeout=8)
            if done is not None:
                done(result, error)

        self.writer.submit(job, finish)

    def mark(self, ids: list[int], action: str, done=None, failed: str = "Could not save the change") -> None:
        self.write(lambda: self.library.store().mark(ids, action), done, failed)

    def after_write(self, reload: bool) -> None:
        if reload:
            self.load_view(self.view, keep=True)
        self.sources_soon()

    # ---- events -------------------------------------------------------------------------------------
    @on(ArticleList.NeedMore)
    def more(self, event: ArticleList.NeedMore) -> None:
        self.load_more(self.view, event.after)

    @work(thread=True, group="more", exit_on_error=False)
    def load_more(self, view: View, after: tuple[str, int]) -> None:
        page = self.library.page(view, after)
        self.call_from_thread(self.show_page, page)

    @on(ArticleList.NeedEarlier)
    def earlier(self, event: ArticleList.NeedEarlier) -> None:
        self.load_earlier(self.view, event.before)

    @work(thread=True, group="more", exit_on_error=False)
    def load_earlier(self, view: View, before: tuple[str, int]) -> None:
        page = self.library.page_before(view, before)
        self.call_from_thread(self.show_page, page)

    @on(ArticleList.Chosen)
    def chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.article)

    @on(Sources.Chosen)
    def source_chosen(self, event: Sources.Chosen) -> None:
        if self.narrow:
            self.sources_shown = False
        self.switch_view(event.view)

    @on(FiguresPanel.Picked)
    def figure_picked(self, event: FiguresPanel.Picked) -> None:
        self.query_one(ArticleView).go_to(event.index)

    def switch_view(self, view: View) -> None:
        self.history.clear()
        self.view = view
        self.close_article()
        self.load_view(view)

    def open_article(self, row: dict) -> None:
        """Open a row of the list (Enter, a click, n / p): a new place, so Esc no longer leads to a timeline."""
        self.history.clear()
        if self.narrow and self.sources_shown:  # chosen from the list beside the sidebar: the article replaces it
            self.sources_shown = False
            self.layout_panes()
        self._cursor_to(row["id"])
        self.load_article(row["id"])

    def _cursor_to(self, article_id: int | None) -> None:
        """The list's cursor on this article, if it is listed."""
        articles = self.query_one(ArticleList)
        index = articles.index_of(article_id) if article_id is not None else None
        if index is not None and index != articles.cursor:
            articles.move_to(index)

    def show_article(self, article: dict, mark_read: bool = True) -> None:
        was_reading = self.article is not None
        self.article = article
        articles = self.query_one(ArticleList)
        articles.open_id = article["id"]
        if mark_read and not article.get("read"):
            article["read"] = 1
            articles.update_row(article["id"], read=1)
            self.mark([article["id"]], "read", lambda r, e: self.sources_soon())
        articles.refresh()
        pane = self.query_one(ArticleView)
        pane.show(article, self.view.query if self.view.kind == "search" else None)
        pane.query_one("#reading").border_subtitle = "f s N t o y act on this article"
        if not was_reading:
            self.layout_panes()
            self.query_one("#reading").focus()
        if not article.get("content") and article.get("url") and not (article.get("text_status") or "").startswith("error"):
            self.fetch_text(article["id"])

    def sources_soon(self) -> None:
        """Reload the sidebar's counts once reading settles (rebuilding it on every open cost ~60 ms)."""
        if self._sources_timer is not None:
            self._sources_timer.stop()
        self._sources_timer = self.set_timer(0.5, self.load_sources)

    def close_article(self) -> None:
        self.article = None
        self.zoomed = False
        articles = self.query_one(ArticleList)
        articles.open_id = None
        articles.refresh()
        self.layout_panes()
        articles.focus()
        articles.reveal()

    # ---- actions: moving ------------------------------------------------------------------------------
    def _reading_focused(self) -> bool:
        return self.article is not None and not isinstance(self.focused, (ArticleList, Sources, FiguresPanel))

    def action_move(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, ArticleList):
            focused.move_to(focused.cursor + step)
        elif self._reading_focused():
            self.query_one("#reading").scroll_relative(y=step * 3, animate=False)
        elif focused is not None and hasattr(focused, "action_cursor_down"):
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()

    def action_page(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, ArticleList):
            focused.move_to(focused.cursor + step * focused.page_height)
        elif self._reading_focused():
            reading = self.query_one("#reading", VerticalScroll)
            (reading.scroll_page_down if step > 0 else reading.scroll_page_up)(animate=False)
        elif focused is not None and hasattr(focused, "action_page_down"):
            (focused.action_page_down if step > 0 else focused.action_page_up)()

    def action_edge(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, ArticleList):
            if step > 0 and focused.more:  # the true last article: its page is read from the end, in a worker
                self.load_view(self.view, end=True)
            elif step < 0 and focused.more_above:
                self.load_view(self.view, top=True)
            else:
                focused.move_to(len(focused.rows) - 1 if step > 0 else 0)
        elif self._reading_focused():
            reading = self.query_one("#reading", VerticalScroll)
            (reading.scroll_end if step > 0 else reading.scroll_home)(animate=False)
        elif focused is not None and hasattr(focused, "action_last"):
            (focused.action_last if step > 0 else focused.action_first)()

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, (Sources, FiguresPanel)):
            focused.action_select()
            return
        row = self.query_one(ArticleList).current
        if row is not None:
            self.open_article(row)

    def _sidebar_over_article(self) -> bool:
        return self.narrow and self.sources_shown and self.article is not None

    def action_back(self) -> None:
        if self._sidebar_over_article():  # q and Esc take away what is on top first: the sidebar
            self.action_toggle_sources()
            return
        if self.go_back():
            return
        if self.article is not None:
            self.close_article()
        elif self.narrow and self.sources_shown:
            self.action_toggle_sources()
        else:
            self.exit()

    def action_close(self) -> None:
        """Escape: the narrow sidebar over an article, then back to the timeline the article was opened from,
        else leave full screen, then the article, then the narrow sidebar; never quits."""
        if self._sidebar_over_article():
            self.action_toggle_sources()
            return
        if self.go_back():
            return
        if self.zoomed:
            self.action_zoom()
        elif self.article is not None:
            self.close_article()
        elif self.sources_shown and self.narrow:
            self.action_toggle_sources()

    def action_zoom(self) -> None:
        if self.article is None:
            self.say("Open an article first (Enter), then z reads it full screen", timeout=2)
            return
        self.zoomed = not self.zoomed
        self.layout_panes()
        self.query_one("#reading").focus()

    def action_toggle_sources(self) -> None:
        sources = self.query_one(Sources)
        if not self.narrow:
            (self.query_one(ArticleList) if sources.has_focus else sources).focus()
            return
        self.sources_shown = not self.sources_shown
        if self.sources_shown:
            self.zoomed = False  # the sidebar is never hidden behind a full-screen article
        self.layout_panes()
        if self.sources_shown:
            sources.focus()
        else:
            self._focus_default()

    def action_unread(self, step: int) -> None:
        articles = self.query_one(ArticleList)
        i = articles.cursor + step
        while 0 <= i < len(articles.rows):
            if not articles.rows[i]["read"] and articles.rows[i]["id"] != articles.open_id:
                articles.move_to(i)
                if self.article is not None:
                    self.open_article(articles.rows[i])
                return
            i += step
        if self.view.kind == "feed":  # on to the next (or previous) source with unread articles, as newsboat does
            feeds = self.query_one(Sources).feeds
            ids = [f["id"] for f in feeds]
            if self.view.feed_id in ids:
                at = ids.index(self.view.feed_id)
                others = feeds[at + 1:] if step > 0 else list(reversed(feeds[:at]))
                nxt = next((f for f in others if f["unread"]), None)
                if nxt is not None:
                    reading = self.article is not None
                    self.view = View("feed", feed_id=nxt["id"], label=nxt["name"])
                    self._after_load = "first" if step > 0 else "last"
                    if not reading:
                        self.close_article()
                    self.load_view(self.view)
                    self.say(f"On to {nxt['name']}", timeout=1.5)
                    return
        self.say("No more unread articles here", timeout=2)

    # ---- actions: marks, all on the target article ---------------------------------------------------
    def target(self) -> dict | None:
        """The article a key acts on: the open article while reading, else the highlighted row."""
        return self.article or self.query_one(ArticleList).current

    def _flag(self, column: str, on_action: str, off_action: str, word: str, off_word: str) -> None:
        a = self.target()
        if a is None:
            return
        articles = self.query_one(ArticleList)
        row = articles.row(a["id"]) or a
        value = 0 if row.get(column) else 1

        def apply(v: int) -> None:
            articles.update_row(a["id"], **{column: v})
            if self.article is not None and self.article["id"] == a["id"]:
                self.article[column] = v

        def done(result, error) -> None:
            if error is not None:
                apply(1 - value)  # the screen shows what the database holds
            else:
                self.say(word if value else off_word, timeout=1.5)
                self.sources_soon()

        apply(value)
        self.mark([a["id"]], on_action if value else off_action, done,
                  failed=f"Not {(word if value else off_word).lower()}")

    def action_star(self) -> None:
        self._flag("starred", "star", "unstar", "Starred", "Unstarred")

    def action_save(self) -> None:
        self._flag("saved", "save", "unsave", "Saved", "Unsaved")

    def action_toggle_read(self) -> None:
        self._flag("read", "read", "unread", "Marked read", "Marked unread")

    def action_mark_source_read(self) -> None:
        feed_ids = [self.view.feed_id] if self.view.kind == "feed" else None

        def done(ids, error) -> None:
            if error is None:
                self.undo = ("unread", ids)
                self.after_write(True)
                self.say(f"Marked {len(ids)} read. Press u to undo.", timeout=5)

        self.write(lambda: self.library.store().mark_feed_read(feed_ids), done, "Not marked read")

    def action_undo(self) -> None:
        if self.undo and self.undo[1]:
            action, ids = self.undo
            self.undo = None

            def done(result, error) -> None:
                if error is None:
                    self.after_write(True)
                    self.say(f"Undone: {len(ids)} unread again", timeout=2)

            self.mark(ids, action, done, "Not undone")

    def action_tags(self) -> None:
        a = self.target()
        if a is None:
            return
        self.prefill_tags(a["id"])

    @work(thread=True, group="tags", exit_on_error=False)
    def prefill_tags(self, article_id: int) -> None:
        tags = self.library.store().tags(article_id)  # the stored tags, whether or not the article is open
        self.call_from_thread(self._ask_tags, article_id, tags)

    def _ask_tags(self, article_id: int, tags: list[str]) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                new = sorted({t.strip().lstrip("#") for t in value.replace(",", " ").split() if t.strip("# ")})
                self.set_tags(article_id, new)

        self.push_screen(Prompt("Tags (space or comma separated)", " ".join(tags)), done)

    def set_tags(self, article_id: int, tags: list[str]) -> None:
        def done(result, error) -> None:
            if error is None:
                self.say("Tags: " + (", ".join(tags) or "none"), timeout=1.5)
                self.after_write(False)
                if self.article is not None and self.article["id"] == article_id:
                    self.load_article(article_id, False)

        self.write(lambda: self.library.store().set_tags(article_id, tags), done, "Tags not saved")

    # ---- actions: links ---------------------------------------------------------------------------
    def _link(self) -> str | None:
        """The target article's link if it is an http(s) URL (SECURITY.md rule 3); else say why not."""
        a = self.target()
        url = safe_url(a.get("url") if a else None)
        if url is None:
            self.say("This article has no http(s) link", "warning")
        return url

    def action_open_link(self) -> None:
        if url := self._link():
            self.open_in_browser(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str) -> None:
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            self.call_from_thread(self.say, "No browser found: set $BROWSER (for example BROWSER=w3m)", "warning")
            return
        if type(browser) is webbrowser.GenericBrowser:  # a console browser (lynx, w3m): it needs the terminal
            self.call_from_thread(self._open_in_console, browser, url)
            return
        ok = browser.open(url)  # a graphical one is started in the background
        self.call_from_thread(self.say, "Opened in the browser" if ok else "The browser did not open the link",
                              "information" if ok else "warning")

    def _open_in_console(self, browser, url: str) -> None:
        try:
            with self.suspend():
                ok = browser.open(url)
        except SuspendNotSupported:
            self.say("Cannot hand the terminal to a console browser here", "warning")
            return
        if not ok:
            self.say("The browser did not open the link", "warning")

    def action_copy_link(self) -> None:
        if url := self._link():
            self.copy_to_clipboard(url)
            self.say("Link copied", timeout=1.5)

    # ---- actions: views, search, figures ----------------------------------------------------------------
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
        """F: the timeline of the chosen figure's fact (] [ or the Key figures panel), else the known facts."""
        figure = self.query_one(ArticleView).chosen_figure() if self.article is not None else None
        self.load_facts(figure, self.article["id"] if self.article is not None else None)

    @work(thread=True, group="facts", exit_on_error=False)
    def load_facts(self, figure: dict | None, article_id: int | None) -> None:
        """In a worker: the figure's fact group and its timeline, else the known facts for the picker."""
        from reader.facts import canonical, group
        from reader.tui.fact_series import group_for, picker_groups
        from reader.tui.timeline import FactPicker  # the chart library loads here, not on the UI thread

        store = self.library.store()
        rows = store.fact_rows()
        waiting = store.unanalysed_count(VERSION)
        if waiting:  # a refresh just ended and `analyse` is still at work (or is about to be)
            self.call_from_thread(self.say, f"The key figures of {waiting:,} articles are still being worked out: "
                                  "these facts may be incomplete", "warning", 4)
            self.call_from_thread(self.run_analysis)
        fact = group_for(figure, rows) if figure is not None else None
        if fact is not None:
            self._timeline(fact)
            return
        note, query = "", ""
        if figure is not None:
            note = ("The chosen figure names no entity or subject, so it has no timeline of its own."
                    if not (figure.get("entity") and figure.get("subject")) else "The chosen figure has no timeline.")
            query = canonical(figure.get("subject")) or ""
        groups = picker_groups(group(rows), article_id)
        picked = lambda g: g is not None and self.load_timeline(g)  # noqa: E731
        self.call_from_thread(lambda: self.push_screen(FactPicker(groups, query, note), picked))

    @work(thread=True, group="facts", exit_on_error=False)
    def load_timeline(self, fact: dict) -> None:
        self._timeline(fact)

    def _timeline(self, fact: dict) -> None:
        """On a worker thread: the timeline worked out, then shown; Enter on a row opens its article."""
        from reader.tui.fact_series import timeline
        from reader.tui.timeline import TimelineScreen

        line = timeline(fact)
        self.call_from_thread(self.show_timeline, line)

    def show_timeline(self, line, row: int = 0, place: Place | None = None) -> None:
        """The timeline over ``place`` (by default where the user is now); Enter on a row opens its article
        and remembers the way back (:meth:`go_back`)."""
        from reader.tui.timeline import TimelineScreen

        place = place or self._place()

        def closed(chosen: int | None) -> None:
            if chosen is not None:
                self.history.append(Back(line, chosen, place))
                article_id = line.group["facts"][chosen]["article"]
                self._cursor_to(article_id)
                self.load_article(article_id)

        self.push_screen(TimelineScreen(line, row), closed)

    def _place(self) -> Place:
        """Where the user is: the open article, its figure and scroll, zoom and focus (for coming back)."""
        focus = self.focused.id if self.focused is not None else None
        row = self.query_one(ArticleList).current
        if self.article is None:
            return Place(None, row_id=row["id"] if row else None, focus=focus)
        view = self.query_one(ArticleView)
        return Place(self.article["id"], view.current, self.query_one(FiguresPanel).highlighted,
                     self.query_one("#reading").scroll_y, self.zoomed, self.article["id"], focus)

    def go_back(self) -> bool:
        """Esc from an article opened from a timeline: the place under the timeline put back, and the timeline
        shown again on the row that was opened. False when there is no way back."""
        if not self.history:
            return False
        back = self.history.pop()
        place = back.place
        self.zoomed = place.zoomed
        self._cursor_to(place.row_id)
        if place.article_id is None:
            self.close_article()
        else:
            self.query_one(ArticleView).returning = place
            self.load_article(place.article_id, mark_read=False)
            self.layout_panes()
        if place.focus:
            with contextlib.suppress(NoMatches):
                widget = self.screen.query_one(f"#{place.focus}")
                if self._shown(widget):
                    widget.focus()
        self.show_timeline(back.timeline, back.row, place)
        return True

    def action_help(self) -> None:
        shown = self.keys_shown()
        self.push_screen(HelpScreen([(shown[b.id], f"{b.description} [{b.id}]") for b in BINDINGS if shown[b.id]]))

    def action_messages(self) -> None:
        self.push_screen(MessagesScreen(list(self.messages)))

    # ---- sources: add and remove ------------------------------------------------------------------------
    def action_add_source(self) -> None:
        def done(value: str | None) -> None:
            if value and value.split():
                url, *name = value.split(maxsplit=1)
                self.preview_source(url, name[0].strip() if name else None)

        self.push_screen(Prompt("Add a source: URL (a feed, a site, or a list page), then a name if you like",
                                placeholder="https://example.com/  Example News"), done)

    @work(group="sources-edit", exit_on_error=False)
    async def preview_source(self, url: str, name: str | None) -> None:
        """What the URL leads to (``add --preview``, a child process: discovery forks parse workers), shown
        before anything is subscribed; the user's choice is then added."""
        self.say(f"Looking at {url} …", timeout=2)
        code, out, err = await self._run_cli("add", url, "--preview", "--json", whole=True)
        found = None
        if code == 0:
            with contextlib.suppress(ValueError):
                found = json.loads(out)
        if not isinstance(found, dict):
            self.say(err or "szreader: could not look at that address", "error", timeout=8)
            return

        def chosen(choice: dict | None) -> None:
            if choice is not None:
                self.add_source(choice, name)

        self.push_screen(AddSourceScreen(found), chosen)

    @work(group="sources-edit", exit_on_error=False)
    async def add_source(self, choice: dict, name: str | None) -> None:
        if "page" in choice:
            args = ["add", "--page", choice["page"]]
            for key, selector in choice.get("selectors", {}).items():
                args += [f"--{key}", selector]
        else:
            args = ["add", choice["feed"]]
        code, out, err = await self._run_cli(*args, *(["--name", name] if name else []), "--json", whole=True)
        added = None
        if code == 0:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                added = json.loads(out)["added"]["name"]
        if added is None:
            self.say(err or "szreader: could not add the source", "error", timeout=8)
            return
        self.say(f"Added {added}; fetching it now")
        self.load_sources()
        self.run_refresh([added])

    def action_remove_source(self) -> None:
        feed = None
        sources = self.query_one(Sources)
        if sources.has_focus and sources.highlighted is not None and sources.views[sources.highlighted] is not None:
            v = sources.views[sources.highlighted]
            feed = v.label if v.kind == "feed" else None
        elif self.view.kind == "feed":
            feed = self.view.label
        if feed is None:
            self.say("Choose a source first (b, then a source), then D removes it", "warning")
            return

        def done(value: str | None) -> None:
            if value is not None and value.strip().lower() in ("y", "yes"):
                self.remove_source(feed)

        self.push_screen(Prompt(f"Remove the source {feed!r}? Saved and starred articles stay. Type yes"), done)

    @work(group="sources-edit", exit_on_error=False)
    async def remove_source(self, name: str) -> None:
        code, out, err = await self._run_cli("remove", name)
        if code != 0:
            self.say(err or f"szreader: could not remove {name!r}", "error", timeout=8)
            return
        self.say(out or f"removed {name!r}")
        if self.view.kind == "feed" and self.view.label == name:
            self.switch_view(View())
        self.load_sources()

    async def _run_cli(self, *args: str, whole: bool = False) -> tuple[int, str, str]:
        """Run ``szreader ARGS``: its exit status, its output's last line (``whole``: all of it, for --json) and
        its error's last line, each safe to show."""
        proc = await asyncio.create_subprocess_exec(*self.refresh_command, *args, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL)
        out, err = await proc.communicate()
        last = lambda b: one_line((b.decode("utf-8", "replace").strip().splitlines() or [""])[-1])  # noqa: E731
        return proc.returncode, out.decode("utf-8", "replace") if whole else last(out), last(err)

    # ---- refresh and on-demand text (child processes) ------------------------------------------------
    def action_refresh_source(self) -> None:
        self.run_refresh([self.view.label] if self.view.kind == "feed" else [])

    def action_refresh_all(self) -> None:
        self.run_refresh([])

    def auto_refresh(self) -> None:
        if not self.refreshing:  # a timer shorter than a refresh must not start a second one
            self.run_refresh([])

    def _status(self, text: str | Content | None) -> None:
        status = self.query_one("#status", Static)
        status.display = text is not None
        if text is not None:
            status.update(text if isinstance(text, Content) else Content(text))

    @work(group="refresh", exit_on_error=False)
    async def run_refresh(self, feeds: list[str]) -> None:
        if self.refreshing:
            self.say("A refresh is already running", timeout=2)
            return
        self.refreshing = True
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status("Refreshing: starting…")
        args = [*self.refresh_command, "refresh", "--progress-jsonl", "--json"]
        for name in feeds:
            args += ["--feed", name]
        status = RefreshLine()  #: the feeds running and the errors so far, for the status line
        other: list[str] = []
        try:
            proc = await asyncio.create_subprocess_exec(*args, stdout=asyncio.subprocess.PIPE,
                                                        stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL)
            last_new = 0

            async def progress() -> None:
                nonlocal last_new
                while line := await proc.stderr.readline():
                    try:
                        p = json.loads(line)
                        p["done"], p["total"]
                    except (ValueError, TypeError, KeyError):
                        if line.strip():
                            other.append(line.decode("utf-8", "replace"))
                        continue
                    feed = status.update(p.get("feed"), p.get("stage", "done"), p.get("error"))
                    if p.get("stage", "done") == "done":
                        bar.update(total=p["total"], progress=p["done"])
                    if p.get("error"):
                        self.say(f"{feed}: {p['error']}", "warning", timeout=4)
                    self._status(Content(status.text(p["done"], p["total"], p.get("new", 0), self.size.width)))
                    if p.get("new", 0) != last_new:
                        last_new = p["new"]
                        self.load_view(self.view, keep=True)
                        self.load_sources()

            reader = asyncio.create_task(progress())
            out_task = asyncio.create_task(proc.stdout.read())
            await proc.wait()
            # a child's own children may hold the pipes open after it has gone: do not wait on them for ever
            done, pending = await asyncio.wait({reader, out_task}, timeout=2)
            for task in pending:
                task.cancel()
            out = out_task.result() if out_task in done else b""
            report = None
            if proc.returncode in (0, 3) and out:  # 3: every feed failed, the report still says which
                with contextlib.suppress(ValueError):
                    report = json.loads(out)
            if report is None:
                self.say(one_line(other[-1]) if other else f"szreader: refresh failed (exit status {proc.returncode})",
                         "error", timeout=10)
            else:
                n = len(report.get("errors") or {})
                self.say(f"{report['new']} new articles, {n} error{'s' if n != 1 else ''}", timeout=3)
        except OSError as e:
            self.say(f"szreader: cannot start the refresh: {e.strerror or e}", "error", timeout=10)
        finally:
            self.refreshing = False
            bar.display = False
            self._status(None)
            self.load_view(self.view, keep=True)
            self.load_sources()
            self.run_analysis()

    @work(thread=True, group="analyse-check", exit_on_error=False)
    def analyse_if_waiting(self) -> None:
        """At start: key figures that a refresh outside the TUI left for later are worked out now."""
        if self.library.store().unanalysed(VERSION, limit=1):
            self.call_from_thread(self.run_analysis)

    @work(group="analyse", exit_on_error=False)
    async def run_analysis(self) -> None:
        """``szreader analyse`` in a child process (it forks its workers, which a threaded TUI must not), its
        progress on the status line while no refresh is using it; then the open article's figures are shown."""
        if self.analysing:
            return
        self.analysing = True
        try:
            proc = await asyncio.create_subprocess_exec(*self.refresh_command, "analyse", "--progress-jsonl",
                                                        stdout=asyncio.subprocess.DEVNULL,
                                                        stderr=asyncio.subprocess.PIPE,
                                                        stdin=asyncio.subprocess.DEVNULL)
            while line := await proc.stderr.readline():
                with contextlib.suppress(ValueError, TypeError, KeyError):
                    p = json.loads(line)
                    if not self.refreshing and p["total"] > 200:
                        self._status(f"Working out key figures: {int(p['analysed']):,}/{int(p['total']):,} articles")
            await proc.wait()
        except OSError as e:
            self.say(f"szreader: cannot work out key figures: {e.strerror or e}", "error", timeout=10)
        finally:
            self.analysing = False
            if not self.refreshing:
                self._status(None)
        if self.article is not None and self.article.get("analysed", VERSION) < VERSION:
            self.load_article(self.article["id"], mark_read=False)

    @work(group="text", exit_on_error=False)
    async def fetch_text(self, article_id: int) -> None:
        proc = await asyncio.create_subprocess_exec(*self.refresh_command, "fetch-text", str(article_id),
                                                    stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.DEVNULL, stdin=asyncio.subprocess.DEVNULL)
        await proc.wait()
        if self.article is not None and self.article["id"] == article_id:
            self.load_article(article_id, mark_read=False)


def run(paths: Paths) -> int:
    check_key_ids(load_settings(paths.config), {b.id for b in SzReader.BINDINGS if b.id}, str(paths.config))
    SzReader(paths).run()
    return 0
