"""Modal screens: the key help, a one-line prompt (search, tags, subject), and figures across articles."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Sparkline, Static
from textual.widgets.option_list import Option


class HelpScreen(ModalScreen[None]):
    """Every binding of the app, with its current key."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Content.styled("Keys", "bold"))
            width = max(len(k) for k, _ in self.rows)
            yield Static(Content("\n".join(f"{k.ljust(width)}  {d}" for k, d in self.rows)))
            yield Static(Content.styled("Remap any of them in config.toml under [keys], by the id in brackets.", "dim"))


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter returns it, Escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

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


class FiguresScreen(ModalScreen[int | None]):
    """Figures across articles for a subject, newest first, with a sparkline of their values over time."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, subject: str, rows: list[dict]) -> None:
        super().__init__()
        self.subject, self.rows = subject, rows

    def compose(self) -> ComposeResult:
        with Vertical(id="across"):
            yield Static(Content.assemble(("Figures for ", "bold"), (self.subject, "bold $accent"),
                                          (f"  {len(self.rows)} found", "dim")))
            values = [r["value"] for r in reversed(self.rows) if r["value"] is not None]
            yield Sparkline(values or [0], id="trend")
            yield OptionList(*[Option(Content.assemble(((r["date"] or "")[:10] + "  ", "dim"),
                                                       (r["text"], "bold"), f"  {r['subject'] or ''} — ",
                                                       (r["title"], "italic")), id=f"a-{i}")
                               for i, r in enumerate(self.rows)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.rows[int(event.option.id.split("-")[1])]["article"])

    def action_close(self) -> None:
        self.dismiss(None)
