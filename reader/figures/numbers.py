"""Numbers in English text: digits with separators, spelled-out numbers, scale words. Pure functions."""

from __future__ import annotations

import re

from reader.figures.lexicon import ORDINAL_WORDS, SCALES, TENS_WORDS, UNITS_WORDS

#: a digit number: 12, 1,234, 12,34,567.89, 3.5, .25 (not inside a word, a version or an IP address's middle)
DIGITS = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{2,3})*(?:,\d{3})|\d+)(?:\.\d+)?(?![\d])|(?<![\w.\d])\.\d+(?!\d)")
_NUMBER_WORDS = {*UNITS_WORDS, *TENS_WORDS, *SCALES}
_TOKEN = re.compile(r"[A-Za-z]+")


def number_word_runs(text: str):
    """(start, end) of each run of number words: "one hundred and twenty-five", "two million", "thirty".

    Token by token with set look-ups: a regex alternation of every number word tried at every word
    boundary cost five times as much."""
    run_start = run_end = None
    for m in _TOKEN.finditer(text):
        w = m.group().lower()
        gap = text[run_end:m.start()] if run_start is not None else ""
        if w in _NUMBER_WORDS and (run_start is None or gap in (" ", "-", " and ")):
            if run_start is None:
                run_start = m.start()
            run_end = m.end()
        elif w == "and" and run_start is not None and gap == " ":
            continue  # may join "hundred and five"
        else:
            if run_start is not None:
                yield run_start, run_end
            run_start, run_end = (m.start(), m.end()) if w in _NUMBER_WORDS else (None, None)
    if run_start is not None:
        yield run_start, run_end




def ordinal_word_spans(text: str):
    """(start, end) of spelled ordinals, with their number-word lead: "twenty-fifth", "two hundredth"."""
    for m in _TOKEN.finditer(text):
        if m.group().lower() not in ORDINAL_WORDS:
            continue
        start = m.start()
        while True:  # take number words to the left, joined by a hyphen or a space
            j = start
            while j > 0 and text[j - 1] in " -":
                j -= 1
            k = j
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            if j < start and k < j and text[k:j].lower() in _NUMBER_WORDS and (k == 0 or not text[k - 1].isalnum()):
                start = k
            else:
                break
        yield start, m.end()
ORDINAL_DIGITS = re.compile(r"(?<![\w.])\d+(?:st|nd|rd|th)\b", re.I)


def digits_value(text: str) -> float:
    return float(text.replace(",", ""))


def words_value(text: str) -> float | None:
    """The value of spelled-out number words ("three hundred and two" -> 302), or None."""
    total, current, seen = 0.0, 0.0, False
    words = re.split(r"[\s-]+", text.lower())
    if words[0] in SCALES:
        return None  # "trillion-yuan mark", "hundreds": a scale alone is not a number
    for w in words:
        if w in ("and", ""):
            continue
        if w in UNITS_WORDS:
            current += UNITS_WORDS[w]
        elif w in TENS_WORDS:
            current += TENS_WORDS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def ordinal_value(text: str) -> float | None:
    """"31st" -> 31, "twenty-fifth" -> 25, "two hundredth" -> 200."""
    t = text.lower()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return float(m.group(1))
    parts = re.split(r"[\s-]+", t)
    last = parts[-1]
    if last not in ORDINAL_WORDS:
        return None
    head = " ".join(p for p in parts[:-1] if p != "and")
    base = ORDINAL_WORDS[last]
    if not head:
        return float(base)
    lead = words_value(head)
    if lead is None:
        return None
    if base >= 100:  # "two hundredth": a multiplier
        return lead * base
    return lead + base
