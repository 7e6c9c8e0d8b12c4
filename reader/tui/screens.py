"""Modal screens: the key help, a one-line prompt (search, tags, subject, a source), the message log, and
figures across articles."""

from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from reader.tui.document import clip


class HelpScreen(ModalScreen[None]):
    """Every binding of the app, with its current key."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content.styled("Keys", "bold"))
            width = max(len(k) for k, _ in self.rows)
            yield Static(Content("\n".join(f"{k.ljust(width)}  {d}" for k, d in self.rows)))
            yield Static(Content.styled("Remap any of them in config.toml under [keys], by the id in brackets.", "dim"))


class MessagesScreen(ModalScreen[None]):
    """The last messages (errors, refresh results, marks), newest last."""

    BINDINGS = [Binding("escape,q,m", "dismiss", "Close")]

    def __init__(self, messages: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.messages = messages

    def compose(self) -> ComposeResult:
        style = {"error": "bold $text-error", "warning": "$text-warning"}
        with VerticalScroll(id="messages"):
            yield Static(Content.styled("Messages", "bold"))
            lines = [Content.assemble((f"{when}  ", "dim"), (text, style.get(severity, "")))
                     for when, severity, text in self.messages[-100:]]
            yield Static(Content("\n").join(lines) if lines else Content.styled("No messages yet", "dim"))

    def on_mount(self) -> None:
        self.query_one("#messages").scroll_end(animate=False)


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter returns it, Escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Static(Content.styled(self.title_text, "bold"))
            yield Input(value=self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def trend_group(rows: list[dict]) -> tuple[str, list[dict]]:
    """The rows one sparkline may plot: one kind and one unit (the most common pair with values)."""
    pairs = Counter((r.get("kind"), r.get("unit")) for r in rows if r.get("value") is not None)
    if not pairs:
        return "", []
    kind, unit = pairs.most_common(1)[0][0]
    group = [r for r in rows if r.get("value") is not None and (r.get("kind"), r.get("unit")) == (kind, unit)]
    return " ".join(x for x in (kind, unit) if x), group


class FiguresScreen(ModalScreen[int | None]):
    """Figures across articles for a subject, newest first, with a sparkline of one kind and unit over time."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, subject: str, rows: list[dict]) -> None:
        super().__init__()
        self.subject, self.rows = subject, rows
        self.trend_label, self.trend = trend_group(rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="across"):
            yield Static(Content.assemble(("Figures for ", "bold"), (clip(self.subject, 80), "bold $text-accent"),
                                          (f"  {len(self.rows)} found", "dim")))
            if len(self.trend) >= 2:
                yield Static(Content.styled(f"trend of {len(self.trend)} figures in {self.trend_label}, oldest "
                                            "to newest (other kinds and units are listed, not plotted)", "dim"))
                yield Sparkline([r["value"] for r in reversed(self.trend)], id="trend")
            elif not self.rows:
                yield Static(Content.styled("No figures found for this subject.", "dim"))
            yield OptionList(*[Option(Content.assemble(((r["date"] or "")[:10] + "  ", "dim"),
                                                       (clip(r["text"], 80), "bold"),
                                                       f"  {clip(r['subject'] or '', 80)} — ",
                                                       (clip(r["title"], 200), "italic")), id=f"a-{i}")
                               for i, r in enumerate(self.rows)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.rows[int(event.option.id.split("-")[1])]["article"])

    def action_close(self) -> None:
        self.dismiss(None)
