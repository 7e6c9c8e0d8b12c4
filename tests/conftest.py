"""Shared fixtures: a loopback site serving the team's fixtures, and a throwaway SZREADER_HOME."""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import pytest

from loopback import Site
from reader.cli import main
from reader.store import Store

DATA = Path(__file__).parent / "data"
SITE = DATA / "site"


def city_site() -> Site:
    s = Site()
    rss = {"Content-Type": "application/rss+xml; charset=utf-8"}
    s.routes["/city.xml"] = (200, {**rss, "ETag": '"city-v1"'}, (SITE / "city.xml").read_bytes())
    html = {"Content-Type": "text/html; charset=utf-8"}
    s.routes["/articles/fintech.html"] = (200, html, (SITE / "fintech.html").read_bytes())
    s.routes["/articles/nanshan.html"] = (200, html, (SITE / "generic.html").read_bytes())
    # /articles/metro.html is missing on purpose: a 404 page must not cost the feed
    return s


@pytest.fixture
def site():
    s = city_site()
    yield s
    s.close()


class Home:
    """A SZREADER_HOME directory with helpers to write feeds.toml and run the CLI in-process."""

    def __init__(self, path: Path):
        self.path = path
        (path / "config.toml").write_text("[fetch]\ntimeout = 3\nmax_bytes = 1048576\n")
        self.feeds([])

    def feeds(self, feeds: list[dict]) -> None:
        out = []
        for f in feeds:
            out.append("[[feeds]]")
            out += [f"{k} = {json.dumps(v)}" for k, v in f.items()]
            out.append("")
        (self.path / "feeds.toml").write_text("\n".join(out))

    def run(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        old = os.environ.get("SZREADER_HOME")
        os.environ["SZREADER_HOME"] = str(self.path)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(args))
        finally:
            if old is None:
                del os.environ["SZREADER_HOME"]
            else:
                os.environ["SZREADER_HOME"] = old
        return code, out.getvalue(), err.getvalue()

    def json(self, *args: str):
        code, out, err = self.run(*args, "--json")
        assert code == 0 or (args[0] == "refresh" and code == 3), err  # 3: nothing could be refreshed, report follows
        return json.loads(out)

    def store(self) -> Store:
        return Store.open(self.path / "szreader.db")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SZREADER_HOME", str(tmp_path))
    return Home(tmp_path)


@pytest.fixture
def demo(home):
    """A home subscribed to the built-in demo edition, refreshed once, with its key figures worked out."""
    from tui_helpers import DEMO

    home.feeds([DEMO])
    assert home.run("refresh")[0] == 0
    assert home.run("analyse")[0] == 0
    return home
