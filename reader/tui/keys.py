"""The app's key bindings (with the stable ids a user remaps in config.toml) and how keys are shown.

Key names are the ones Textual delivers for a real terminal's bytes (``right_square_bracket`` for ``]``),
and help and the palette show the keys in effect after a remap.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.keys import key_to_character

BINDINGS = [
    Binding("j,down", "move(1)", "Down", show=False, id="down"),
    Binding("k,up", "move(-1)", "Up", show=False, id="up"),
    Binding("space,pagedown,ctrl+f", "page(1)", "Page down", show=False, id="page_down"),
    Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="page_up"),
    Binding("home,g", "edge(-1)", "First", show=False, id="first"),
    Binding("end,G", "edge(1)", "Last", show=False, id="last"),
    Binding("enter", "open", "Open", id="open"),
    Binding("q", "back", "Back/Quit", id="back"),
    Binding("escape", "close", "Close", show=False, id="close"),
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
    Binding("right_square_bracket", "figure(1)", "Next figure", show=False, id="next_figure"),
    Binding("left_square_bracket", "figure(-1)", "Prev figure", show=False, id="prev_figure"),
    Binding("h", "highlights", "Highlights", show=False, id="highlights"),
    Binding("z", "zoom", "Full screen", show=False, id="zoom"),
    Binding("b", "toggle_sources", "Sources", id="sources"),
    Binding("F", "figures_across", "Fact timeline", show=False, id="figures_across"),
    Binding("a", "add_source", "Add source", show=False, id="add_source"),
    Binding("D", "remove_source", "Remove source", show=False, id="remove_source"),
    Binding("m", "messages", "Messages", show=False, id="messages"),
    Binding("tab", "focus_next", "Next pane", show=False, id="next_pane"),
    Binding("question_mark", "help", "Keys", id="help"),
]

NAMED = {"slash": "/", "enter": "Enter", "escape": "Esc", "down": "↓", "up": "↑", "tab": "Tab", "space": "Space",
         "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End"}


def display_key(key: str) -> str:
    """'right_square_bracket' -> ']', 'ctrl+f' -> 'ctrl+f', 'pagedown' -> 'PgDn'."""
    if key in NAMED:
        return NAMED[key]
    char = key_to_character(key)
    return char if char and char.isprintable() and not char.isspace() else key


def keys_in_effect(keymap: dict[str, str]) -> dict[str, list[str]]:
    """Binding id -> the keys that run it now (config.toml's [keys] replaces a binding's default keys)."""
    return {b.id: [k.strip() for k in keymap.get(b.id, b.key).split(",") if k.strip()] for b in BINDINGS}


def markup_safe(text: str) -> str:
    """``text`` for the few Textual places that only take markup (the palette's help line)."""
    return text.replace("\\", "").replace("[", "\\[")
