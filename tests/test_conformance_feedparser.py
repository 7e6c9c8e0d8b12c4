"""feedparser's own 2,248-file corpus through our whole ingest path: loopback → fetch → parse → store.

None may crash the refresh, and for every well-formed document we keep what feedparser extracts
(every titled entry becomes an article). Reads ../shared/peer-suites; in CI (CI=true) it must not skip.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import feedparser
import pytest

from conftest import Home
from loopback import Site
from reader.sanitize import clean_line
from reader.text import html_to_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "peer-suites" / "feedparser-v6.0.14"
ENCODINGS = {".gz": "gzip", ".z": "deflate"}

if not CORPUS.is_dir():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"conformance corpus missing at {CORPUS}")
    pytest.skip("the shared peer-suites are not beside this checkout", allow_module_level=True)


def _headers(raw: bytes) -> dict[str, str]:
    text = raw.decode("utf-8", "replace") if not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00")) else ""
    found = {}
    for m in re.finditer(r"^Header:\s*([\w-]+):\s*(.*?)\s*$", text[:4000], re.M):
        found[m.group(1)] = m.group(2)
    return found


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    site = Site()
    feeds = []
    for i, p in enumerate(files):
        body = p.read_bytes()
        headers = {"Content-Type": "application/xml"} | _headers(body)
        if p.suffix in ENCODINGS:
            headers["Content-Encoding"] = ENCODINGS[p.suffix]
        site.routes[f"/c/{i}"] = (200, headers, body)
        feeds.append({"name": f"c{i}", "url": site.url(f"/c/{i}"), "full_text": False})
    home = Home(tmp_path_factory.mktemp("corpus"))
    home.feeds(feeds)
    report = home.json("refresh")
    store = home.store()
    titles: dict[str, set[str]] = {}
    for name, title in store.conn.execute("SELECT f.name, a.title FROM articles a JOIN feeds f ON f.id=a.feed_id"):
        titles.setdefault(name, set()).add(title)
    yield files, report, titles
    site.close()


def test_no_document_crashes_the_refresh(ingested):
    files, report, _ = ingested
    assert report["feeds"] == len(files) == 2248
    internal = {k: v for k, v in report["errors"].items() if "internal error" in v}
    assert internal == {}


def test_what_feedparser_extracts_is_kept(ingested):
    files, report, titles = ingested
    lost = []
    checked = 0
    for i, p in enumerate(files):
        if p.suffix in ENCODINGS or "http" in p.parts:
            continue
        d = feedparser.parse(io.BytesIO(p.read_bytes()), sanitize_html=False, resolve_relative_uris=False)
        if d.bozo:
            continue
        want = {clean_line(html_to_text(e.get("title", ""))) for e in d.entries} - {""}
        if not want:
            continue
        checked += 1
        if not want <= titles.get(f"c{i}", set()):
            lost.append(p.relative_to(CORPUS).as_posix())
    assert checked > 150
    assert lost == [], lost
