"""`szreader refresh` on a terminal names the feed now running, as the TUI's refresh line does, clipped to the
terminal's width in cells and with the feed's name sanitised; piped, its output stays as it was."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest
from rich.cells import cell_len

NAME = "深圳特区报 — 经济 [b]bold[/b] and a long tail of words"  # feeds.toml refuses control characters; test_tui_navigation drops them


def refresh(home, site, stderr_tty: bool, width: int = 80) -> tuple[int, str, str]:
    """A real ``szreader refresh`` process, its stderr a pseudo-terminal ``width`` columns wide (or a pipe)."""
    home.feeds([{"name": NAME, "url": site.url("/city.xml"), "full_text": False}])
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["SZREADER_HOME"] = str(home.path)
    if not stderr_tty:
        done = subprocess.run([sys.executable, "-m", "reader", "refresh"], env=env, capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=60)
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, width, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "reader", "refresh"], env=env, stdout=subprocess.PIPE,
                            stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    out = proc.stdout.read().decode()
    proc.stdout.close()
    return proc.wait(timeout=60), out, err.decode()


@pytest.mark.parametrize("width", [140, 60])
def test_refresh_on_a_terminal_names_the_running_feed_within_the_width(home, site, width):
    code, out, err = refresh(home, site, True, width)
    assert code == 0 and out.startswith("Refreshed 1 of 1 feeds")
    lines = [x for x in err.split("\r\x1b[K") if x]
    assert lines and all(x.startswith("Refreshing ") for x in lines)
    assert all(cell_len(x) <= width - 2 for x in lines)  # never wraps onto a second terminal line
    assert "\x1b" not in "".join(lines)  # no escape but the line's own
    running = [x for x in lines if x.startswith("Refreshing 0/1 · 深圳特区报 — 经济 [b]")]
    assert running and all(x.endswith("(fetching)" if width < 100 else "(fetching) · 0 new · 0 errors")
                           or "(processing)" in x for x in running)
    if width >= 100:
        assert running[0] == f"Refreshing 0/1 · {NAME} (fetching) · 0 new · 0 errors"
    else:  # the name clipped to fit, before the counts
        assert running[0].endswith("… (fetching)") and cell_len(running[0]) >= width - 3
    assert lines[-1].startswith("Refreshing 1/1 · ") and "(done)" in lines[-1]
    assert err.endswith("\r\x1b[K")  # the line is cleared before the summary


def test_refresh_piped_prints_no_progress_line(home, site):
    code, out, err = refresh(home, site, False)
    assert code == 0 and out.startswith("Refreshed 1 of 1 feeds") and err == ""
