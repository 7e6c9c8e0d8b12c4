"""Modal screens: the key help, a one-line prompt (search, tags, a source) and the message log. A fact's
timeline has its own module, reader/tui/timeline.py."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.cells import fit



class HelpScreen(ModalScreen[None]):
    """Every binding of the app, with its current key."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content.styled("Keys", "bold"))
            width = max(cell_len(k) for k, _ in self.rows)  # in cells: a remapped key may be wide
            yield Static(Content("\n".join(f"{fit(k, width)}  {d}" for k, d in self.rows)))
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
