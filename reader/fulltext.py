"""Is an extracted page text worth storing as the article, and how the reader is told when it is not.

Pure decisions, no I/O. An extraction is junk, and the feed's summary is kept instead, when it is
empty, much shorter than the summary the feed already gave, or nothing but boilerplate (a reprint
offer, a cookie notice, a sign-in wall). The reason is stored in the article's ``text_status`` as
``"error: <reason>"``; :func:`unavailable_note` turns that into the line ``show`` and the TUI print.
"""

from __future__ import annotations

import re

#: paragraphs that are never the article: reprint offers, cookie and consent notices, paywalls, share bars
BOILERPLATE = re.compile(
    r"order reprints?|reprints? (?:and|&) permissions|permission to reprint|for reprint rights"
    r"|we use cookies|(?:site|website|page) uses cookies|cookie (?:settings|policy|preferences|consent|notice)"
    r"|accept (?:all )?cookies|privacy policy|terms of (?:use|service)|all rights reserved|copyright ©|©"
    r"|subscribe (?:now|today|to)|sign (?:in|up) to (?:continue|read)|log ?in to (?:continue|read)"
    r"|enable javascript|javascript is (?:disabled|required)|share (?:this|on) (?:article|facebook|twitter|x\b)"
    r"|today'?s paper|newsletter sign-?up|page not found",
    re.I)
BOILERPLATE_WORDS = 60  #: a paragraph longer than this is text even if it mentions cookies
MIN_WORDS = 25  #: fewer words than this, once boilerplate is gone, is no article
SHORT_SHARE = 0.5  #: a page text under half the summary's length is not the full text


def _words(text: str) -> int:
    """Words, counting each CJK character as one (Chinese has no spaces)."""
    return len(text.split()) + len(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]", text))


def is_boilerplate(paragraph: str) -> bool:
    """A short paragraph that is a site notice, not article text."""
    return _words(paragraph) <= BOILERPLATE_WORDS and BOILERPLATE.search(paragraph) is not None


def strip_boilerplate(text: str) -> str:
    """``text`` without its boilerplate paragraphs (paragraphs are separated by blank lines)."""
    paras = text.split("\n\n")
    kept = [p for p in paras if not is_boilerplate(p)]
    return text if len(kept) == len(paras) else "\n\n".join(kept)


def judge(text: str, summary: str = "") -> tuple[str, str | None]:
    """The page text to store (boilerplate paragraphs removed) and, if it is junk, why the summary is kept."""
    kept = strip_boilerplate(text)
    words, summary_words = _words(kept), _words(summary)
    if not text.strip():
        return "", "no article text found on the page"
    if words < MIN_WORDS and kept != text:
        first = " ".join(text.split())[:60]
        return kept, f"the page holds only a site notice (\"{first}\")"
    if summary_words and words < SHORT_SHARE * summary_words:
        return kept, f"the page's text is much shorter than the feed's summary ({words} vs {summary_words} words)"
    return kept, None


def unavailable_note(text_status: str | None) -> str | None:
    """The line a reader sees when the full text could not be had: 'full text unavailable (reason)'."""
    if text_status and text_status.startswith("error:"):
        return f"full text unavailable ({text_status[6:].strip() or 'unknown reason'})"
    return None
