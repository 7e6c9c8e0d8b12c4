"""Every binding fires for the bytes a real terminal sends (issue 12.2): each key is fed through Textual's
own terminal parser, and the key name it delivers must run the binding's action. ``bracketright`` (a
name no terminal produces) is how ] and [ were lost before."""

from __future__ import annotations

import sys

import pytest
from textual._xterm_parser import XTermParser
from textual.keys import key_to_character

from reader.config import Paths
from reader.tui.app import SzReader
from reader.tui.keys import BINDINGS, keys_in_effect

#: what a terminal (xterm, tmux) sends for the keys that are not characters
SEQUENCES = {"down": "\x1b[B", "up": "\x1b[A", "enter": "\r", "tab": "\t", "space": " ", "pagedown": "\x1b[6~",
             "pageup": "\x1b[5~", "home": "\x1b[H", "end": "\x1b[F", "ctrl+f": "\x06", "ctrl+b": "\x02",
             "ctrl+p": "\x10", "slash": "/"}


def terminal_bytes(key: str) -> str:
    if key in SEQUENCES:
        return SEQUENCES[key]
    char = key_to_character(key)
    assert char is not None, f"no terminal sends a key named {key!r}"
    return char


def delivered(data: str) -> list[str]:
    """The key names Textual delivers for ``data`` read from a terminal."""
    return [event.key for event in XTermParser().feed(data) if hasattr(event, "key")]


def test_every_binding_key_is_a_name_textual_delivers():
    for binding_id, keys in keys_in_effect({}).items():
        for key in keys:
            if key == "escape":  # a lone ESC is delivered after a timeout; its name is checked below
                continue
            assert delivered(terminal_bytes(key)) == [key], (binding_id, key)
    assert delivered("]") == ["right_square_bracket"] and delivered("[") == ["left_square_bracket"]


@pytest.mark.parametrize("remap", [{}, {"star": "x", "next_figure": ".", "search": "ctrl+f"}])
async def test_each_binding_fires_for_the_key_a_terminal_sends(demo, remap):
    if remap:
        (demo.path / "config.toml").write_text("[keys]\n" + "".join(f'{k} = "{v}"\n' for k, v in remap.items()))
        del remap["search"]  # ctrl+f is also page down: the remap wins, page down keeps its other keys
    app = SzReader(Paths.resolve().ensure(), refresh_command=[sys.executable, "-m", "reader"])
    ran: list[str] = []

    async def record(action, default_namespace=None):
        ran.append(action if isinstance(action, str) else str(action))
        return True

    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.run_action = record
        for b in BINDINGS:
            for key in keys_in_effect(app._keymap)[b.id]:
                if b.id == "page_down" and key == "ctrl+f" and "ctrl+f" in app._keymap.get("search", ""):
                    continue
                names = ["escape"] if key == "escape" else delivered(terminal_bytes(key))
                ran.clear()
                await pilot.press(*names)
                assert [a.removeprefix("app.") for a in ran] == [b.action], (b.id, key, names, ran, app.focused)
        if remap:
            ran.clear()
            await pilot.press("f")  # the old key of a remapped binding no longer stars
            assert ran == []
