"""Is a fetched article page HTML at all? Content-Type and the first bytes decide (no I/O here).

A PDF, an image, an archive or any other binary body served where an article page was expected must
never be stored as article text: extracting "text" from it gives pages of garbage and hundreds of
false figures. :func:`not_html` names the reason, or returns None for a body that may be read as HTML.
"""

from __future__ import annotations

import codecs

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MAYBE_TYPES = {"", "text/plain", "application/octet-stream", "binary/octet-stream", "application/unknown",
                "unknown/unknown", "text/x-unknown"}
_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"), (b"RIFF", "a RIFF (WebP/WAV/AVI) file"), (b"OggS", "Ogg media"),
    (b"ID3", "an MP3 file"), (b"\x00\x00\x00", "a media or binary file"), (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!", "a RAR archive"), (b"\xd0\xcf\x11\xe0", "an Office document"), (b"\x7fELF", "a program"),
    (b"wOFF", "a web font"), (b"wOF2", "a web font"), (b"\x00asm", "WebAssembly"),
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<div", b"<p>", b"<p ",
                b"<!--", b"<h1", b"<table", b"<article", b"<script", b"<link", b"<style", b"<?xml")


def _mime(content_type: str) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _head_text(body: bytes) -> bytes:
    """The first 1 KiB as ASCII-compatible bytes (a UTF-16 page's markup read through its BOM)."""
    head = body[:1024]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, "ignore").encode("utf-8", "ignore")
    return head[3:] if head.startswith(codecs.BOM_UTF8) else head


def _binary(head: bytes) -> bool:
    """Control bytes that no text encoding of a web page produces (NUL above all)."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return controls * 20 > len(head)


def not_html(body: bytes, content_type: str = "") -> str | None:
    """Why ``body`` is not an HTML page, or None if it may be read as one."""
    mime = _mime(content_type)
    if mime and mime not in _HTML_TYPES and mime not in _MAYBE_TYPES:
        return f"not an HTML page ({mime[:60]})"
    raw = body[:16]
    for magic, what in _SIGNATURES:
        if raw.startswith(magic):
            return f"not an HTML page ({what})"
    head = _head_text(body)
    if _binary(head):
        return "not an HTML page (binary data)"
    if mime in _HTML_TYPES:
        return None
    start = head.lstrip().lower()
    if not any(start.startswith(s) for s in _HTML_STARTS) and b"<html" not in start and b"<body" not in start:
        return f"not an HTML page ({mime or 'no Content-Type'}, no markup)"
    return None
