"""Which character encoding a fetched page or feed is in, decided once, by evidence (no I/O here).

Order of evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE);
2. the ``charset`` of the HTTP ``Content-Type``;
3. for HTML, ``<meta charset>`` or ``<meta http-equiv="Content-Type" content="...charset=...">`` in the
   first 4 KiB; for XML (feeds), the ``encoding`` of the XML declaration;
4. detection: strict UTF-8 first, then charset-normalizer.

A label "fails", and the next piece of evidence is tried, when the label is unknown, when the bytes do
not decode under it strictly, or when the decoded text is implausible:

- private-use or control characters beyond a trace (Big5 bytes read as GB18030 give
  dozens of private-use characters; a correct page gives none);
- a legacy label (GBK, Big5, Latin-1 ...) on bytes that are valid UTF-8 with non-ASCII sequences:
  UTF-8's structure makes that coincidence vanishingly unlikely for real legacy text, so the bytes are
  UTF-8 and the label is a server default (the usual cause of mojibake titles);
- a single-byte label (Latin-1, windows-1252, ...) on a body that charset-normalizer reads as a
  multi-byte CJK encoding: every byte string "decodes" as Latin-1, so the label alone proves nothing.

Labels are mapped as browsers map them (WHATWG Encoding): GB2312 and GBK (and their aliases) are
read as GB18030, their superset, because pages labelled GB2312 routinely use GBK characters; Big5 as
Big5-HKSCS; ISO-8859-1 and ASCII as windows-1252; a ``<meta>`` claiming UTF-16 as UTF-8 (a page whose
meta tag we could read as ASCII is not UTF-16).

Why charset-normalizer: an unlabelled GBK, GB18030 or Big5 page decodes under several encodings
without an error, and telling them apart needs character-frequency evidence that a few lines of ours
would get wrong. It is maintained, pure Python with optional speedups, and already installed with
trafilatura; it runs only for pages with no usable label (measured ~1-25 ms per page).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_META = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""", re.I)
_GB = {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312", "chinese", "iso-ir-58",
       "gb_2312-80", "gb_2312", "csiso58gb231280", "x-euc-cn", "gb18030"}
_BIG5 = {"big5", "big-5", "cn-big5", "csbig5", "x-x-big5", "big5-hkscs", "big5hkscs", "cp950"}
_LATIN1 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819", "ibm819",
           "iso_8859-1", "iso-ir-100", "csisolatin1", "windows-1252", "cp1252", "x-cp1252"}
_UTF16 = {"utf-16", "utf-16le", "utf-16-le", "utf-16be", "utf-16-be", "unicode", "ucs-2"}
_SINGLE_BYTE_FAMILIES = ("cp125", "iso8859", "latin", "koi8", "mac_", "cp437", "cp850", "tis_620", "ascii")


@dataclass(frozen=True)
class Decoded:
    """A body as text, with the encoding used and the evidence that chose it."""

    text: str
    encoding: str  #: Python codec name, e.g. "gb18030"
    evidence: str  #: "bom", "http", "meta", "xml", "utf-8 bytes", "detected", or "fallback"


def charset_of(content_type: str | None) -> str:
    """The charset parameter of a Content-Type value, lower-cased ('' if none)."""
    m = _CT_CHARSET.search(content_type or "")
    return m.group(1).strip().lower() if m else ""


def codec_for(label: str, *, from_meta: bool = False) -> str | None:
    """The Python codec a charset label stands for, mapped as browsers map it; None if unknown."""
    label = label.strip().strip("\"'").lower()
    if not label:
        return None
    if label in _GB:
        return "gb18030"
    if label in _BIG5:
        return "big5hkscs"
    if label in _LATIN1:
        return "cp1252"
    if label in _UTF16:
        if from_meta:
            return "utf-8"
        return "utf-16-be" if label.endswith("be") else "utf-16-le"
    if label in ("utf8", "unicode-1-1-utf-8", "x-unicode20utf8"):
        return "utf-8"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("utf-7", "rot-13") or not _is_text_codec(name):  # never: utf-7 hides markup (XSS), rot13 is a toy
        return None
    return name


def _is_text_codec(name: str) -> bool:
    try:
        return codecs.lookup(name)._is_text_encoding  # type: ignore[attr-defined]
    except (LookupError, AttributeError):
        return False


def _bom(body: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, len(bom)
    return None


def meta_charset(body: bytes) -> str:
    """The charset an HTML page declares in a <meta> tag within its first 4 KiB ('' if none)."""
    m = _META.search(body[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else ""


def xml_charset(body: bytes) -> str:
    """The encoding named by an XML declaration ('' if none)."""
    m = _XML_DECL.match(body[:512])
    return m.group(1).decode("ascii", "replace").lower() if m else ""


_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff\ufffe\uffff]")


def _plausible(text: str) -> bool:
    """False when private-use or control characters are more than a trace: what a wrong multi-byte
    label makes of a page (Big5 read as GB18030 gives dozens of private-use characters), never a real one."""
    odd = len(_ODD.findall(text))
    if odd <= 2:
        return True
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return odd * 200 <= non_ascii


def _is_single_byte(codec: str) -> bool:
    return codec.replace("-", "_").startswith(_SINGLE_BYTE_FAMILIES)


def _detect(body: bytes, among: list[str] | None = None) -> str | None:
    """charset-normalizer's best guess as a codec name (None when it has none)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared in pyproject
        return None
    best = from_bytes(_non_ascii_text(body[:500_000]) or body[:1], cp_isolation=among).best()
    return codec_for(best.encoding) if best is not None else None


#: the multi-byte encodings of Chinese, Japanese and Korean pages, tried strictly before any statistics
CJK_CODECS = ("gb18030", "big5hkscs", "shift_jis", "euc_jp", "euc_kr")
_IDEOGRAPH = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_MARKUP = re.compile(rb"[<>]")
_HIGH = re.compile(rb"[\x80-\xff]")


def _non_ascii_text(body: bytes) -> bytes:
    """The stretches between tags that hold non-ASCII bytes, one per line. On a page of 60 KB of ASCII markup
    around a few Chinese paragraphs the detector otherwise reads Big5 as a Latin code page; '<' and '>' never
    occur inside a multi-byte character of Big5, GBK, GB18030, Shift_JIS or EUC (their bytes are >= 0x40)."""
    return b"\n".join(part.strip() for part in _MARKUP.split(body) if _HIGH.search(part))[:100_000]


class _Bytes:
    """The body with the checks every label shares, each worked out at most once."""

    def __init__(self, body: bytes):
        self.body = body
        self._utf8: str | None | bool = False
        self._detected: str | None | bool = False

    def utf8(self) -> str | None:
        """The body as UTF-8 if it is valid UTF-8, else None."""
        if self._utf8 is False:
            try:
                self._utf8 = self.body.decode("utf-8")
            except UnicodeDecodeError:
                self._utf8 = None
        return self._utf8  # type: ignore[return-value]

    def cjk(self) -> str | None:
        """The one CJK multi-byte encoding the body reads plausibly in, with some ideographs; None if none or
        several. Strict decoding separates them well (Big5 read as GB18030 gives private-use characters,
        GBK read as Big5 fails), where statistics over a page of ASCII markup mistook Big5 for Latin-7."""
        fits = []
        for codec in CJK_CODECS:
            try:
                text = self.body.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible(text) and len(_IDEOGRAPH.findall(text, 0, 200_000)) >= 8:
                fits.append(codec)
        return fits[0] if len(fits) == 1 else None

    def detected(self) -> str | None:
        """The encoding by detection: one plausible CJK encoding, else charset-normalizer."""
        if self._detected is False:
            self._detected = self.cjk() or _detect(self.body)
        return self._detected  # type: ignore[return-value]

    def decode(self, codec: str) -> str | None:
        """The body under ``codec`` if that is a plausible reading of it, else None (the label fails)."""
        if codec == "utf-8":  # valid UTF-8 is UTF-8: no legacy text passes its checks by chance
            return self.utf8()
        utf8 = self.utf8()
        if utf8 is not None and not utf8.isascii() and not codec.startswith("utf-16"):
            return None  # valid multi-byte UTF-8 under a legacy label: the label is wrong
        try:
            text = self.body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            return None
        if not _plausible(text):
            return None
        if _is_single_byte(codec) and not self.body.isascii():
            if self.cjk() is not None:
                return None  # every byte string decodes as Latin-1: a CJK body under a Latin-1 label
        return text


def decode_body(body: bytes, content_type: str = "", *, kind: str = "html") -> Decoded:
    """``body`` as text, by the order of evidence above. ``kind`` is "html" (meta tags) or "xml" (declaration)."""
    bom = _bom(body)
    if bom is not None:
        codec, skip = bom
        return Decoded(body[skip:].decode(codec, "replace"), codec.replace("-le", "").replace("-be", "")
                       if codec.startswith("utf-16") else codec, "bom")
    b = _Bytes(body)
    labels = [("http", codec_for(charset_of(content_type)))]
    if kind == "html":
        labels.append(("meta", codec_for(meta_charset(body), from_meta=True)))
    else:
        labels.append(("xml", codec_for(xml_charset(body), from_meta=True)))
    for evidence, codec in labels:
        if codec is None:
            continue
        text = b.decode(codec)
        if text is not None:
            return Decoded(text, codec, evidence)
    utf8 = b.utf8()
    if utf8 is not None:
        return Decoded(utf8, "utf-8", "utf-8 bytes")
    guess = b.detected()
    if guess is not None:
        try:
            return Decoded(body.decode(guess), guess, "detected")
        except (UnicodeDecodeError, LookupError):
            pass
    return Decoded(body.decode("utf-8", "replace"), "utf-8", "fallback")


_XML_DECL_TEXT = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][\w.:-]+["']""", re.I)


def feed_as_utf8(body: bytes, content_type: str = "") -> tuple[bytes, str]:
    """A feed document as UTF-8 bytes with a Content-Type and XML declaration that say so.

    Both feed parsers then read the text as decided here, once: lxml's fast path (which only reads
    UTF-8) and feedparser (which, given GB2312 for a page that uses GBK characters, would fall back to
    windows-1252 and store mojibake). A UTF-8 body with no contrary label passes through untouched."""
    header, declared = codec_for(charset_of(content_type)), codec_for(xml_charset(body), from_meta=True)
    if _bom(body) is None and header in (None, "utf-8") and declared in (None, "utf-8"):
        try:
            body.decode("utf-8")
            return body, content_type
        except UnicodeDecodeError:
            pass
    text = decode_body(body, content_type, kind="xml").text
    mime = (content_type or "").split(";", 1)[0].strip() or "application/xml"
    return _XML_DECL_TEXT.sub(r'\1"utf-8"', text, count=1).encode("utf-8"), f"{mime}; charset=utf-8"
