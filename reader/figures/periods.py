"""The time a figure refers to, as ISO 8601, resolved against the article's date.

"in 2021" -> 2021; "last year" (article of 2022-01-21) -> 2021; "the first quarter" -> 2023-Q1; "the first three
quarters" -> 2023-01/2023-09; "in July" -> 2023-07; "by 2025" -> 2025; "2024-25" -> 2024/2025. A quarter, half or
month later in the year than the article's date is last year's. Without an article date, only what the text
spells out in full (a year, "the first quarter of 2023") resolves.

:func:`time_phrases` finds the phrases of a text once; :func:`period_for` picks the one a figure refers to: the
first after it in its sentence (before the next figure), else the nearest before it in the sentence. "a year
earlier" after a level ("against $16.9 billion a year before") is the sentence's period a year back.
Pure functions, no state.
"""

from __future__ import annotations

import bisect
import re

from reader.figures.lexicon import trie_at_word_start

_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
           "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4,
        "last": 4}
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11}
_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
             r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)")
_YEAR = r"(?:19|20)\d\d"

_PHRASE = re.compile(
    rf"(?P<prep>\b(?:in|during|for|by|through|until|over|as of|at the end of|end of|of)\s+)?"
    rf"(?:"
    rf"(?P<rel>\b(?:last|this|next|the previous|the past|the current|the same period last|the full|the)\s+"
    rf"(?:year|month|quarter))\b(?! to| earlier| ago| before)"
    rf"|(?P<same>\bthe (?:same )?period)\b"
    rf"|(?P<ago>\b(?:a year (?:earlier|ago|before)|the previous year|the same period (?:of )?last year|"
    rf"the year before))\b"
    rf"|(?P<qs>\b(?:the )?first (?P<qsn>two|three) quarters(?: of (?P<qsy>{_YEAR}))?)\b"
    rf"|(?P<q>\b(?:the )?(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[- ]quarter"
    rf"(?: of (?P<qy>{_YEAR}))?)\b"
    rf"|(?P<mq>\b(?:the )?(?P<mqm>March|June|September|December) quarter)\b"
    rf"|(?P<mr>\b(?P<mr1>{_MONTH_RE})[-–](?P<mr2>{_MONTH_RE})(?: quarter| period)?)"
    rf"|(?P<h>\b(?:the )?(?P<hn>first|second)[- ]half(?: of (?P<hy>{_YEAR}))?)\b"
    rf"|(?P<fm>\b(?:the )?first (?P<fmn>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}}) months"
    rf"(?: of (?P<fmy>{_YEAR}))?)\b"
    rf"|(?P<yt>\bthe year to (?P<ytm>{_MONTH_RE}))"
    rf"|(?P<qx>\b(?P<qxn>Q[1-4]|H[12])(?: (?P<qxy>{_YEAR}))?)\b"
    rf"|(?P<mo>\b(?P<mon>{_MONTH_RE})(?: (?P<moy>{_YEAR}))?)(?![\w.]*\s*\d)"
    rf"|(?P<yr>(?<![\w.,$])(?P<y1>{_YEAR})(?:[-–/](?P<y2>(?:19|20)?\d\d))?(?:['’]s)?)(?![\w%]|-[a-z])"
    rf")")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")
#: what every time phrase contains; a plain alternation of literals, so that a search skips in C to the next one
_ANCHOR = re.compile(r"19\d\d|20\d\d|year|month|quarter|half|period|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov"
                     r"|Dec|Q[1-4]|H[12]")
_SPACE = re.compile(r"\s")


def _windows(text: str):
    """Disjoint (start, end) windows around the anchors of time phrases: the full pattern runs only there."""
    lo = hi = -1
    n = len(text)
    for m in _ANCHOR.finditer(text):
        a, b = max(0, m.start() - 48), m.end() + 24
        if lo >= 0 and a <= hi:
            hi = max(hi, b)
            continue
        if lo >= 0:
            yield lo, hi
        lo, hi = a, b
    if lo >= 0:
        space = _SPACE.search(text, min(hi, n))
        yield lo, space.start() if space else n


class Phrase:
    """A time phrase: its span, and what it resolves to (a period, or "a year before the sentence's")."""

    __slots__ = ("start", "end", "period", "year_before")

    def __init__(self, start: int, end: int, period: str | None, year_before: bool = False):
        self.start, self.end, self.period, self.year_before = start, end, period, year_before


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year_of(month: int, explicit: str | None, date: tuple[int, int] | None) -> int | None:
    """The year of a month, quarter or half: as written, else the article's (last year's when it is later)."""
    if explicit:
        return int(explicit)
    if date is None:
        return None
    return date[0] - 1 if month > date[1] else date[0]


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _resolve(m: re.Match, date: tuple[int, int] | None) -> str | None:
    g = m.group
    if g("yr"):
        y1, y2 = g("y1"), g("y2")
        if y2:
            y2 = y2 if len(y2) == 4 else y1[:2] + y2
            return f"{y1}/{y2}" if int(y2) > int(y1) else None
        return y1
    if g("rel"):
        if date is None:
            return None
        words = g("rel").lower().split()
        if words == ["the", "month"] or words == ["the", "quarter"]:
            return None
        shift = -1 if words[0] in ("last", "previous", "past") or words[:2] == ["the", "previous"] \
            or words[:2] == ["the", "past"] or "last" in words else (1 if words[0] == "next" else 0)
        unit = words[-1]
        if unit == "year":
            return str(date[0] + shift)
        if unit == "month":
            y, mo = date[0], date[1] + shift
            if mo < 1:
                y, mo = y - 1, 12
            elif mo > 12:
                y, mo = y + 1, 1
            return _ym(y, mo)
        q = (date[1] - 1) // 3 + 1 + shift
        y = date[0]
        if q < 1:
            y, q = y - 1, 4
        elif q > 4:
            y, q = y + 1, 1
        return f"{y}-Q{q}"
    if g("qs"):
        n = _COUNT[g("qsn")]
        y = _year_of(3 * n, g("qsy"), date)
        return None if y is None else f"{_ym(y, 1)}/{_ym(y, 3 * n)}"
    if g("q"):
        q = _ORD[g("qn").lower()]
        y = _year_of(3 * q - 2, g("qy"), date)
        return None if y is None else f"{y}-Q{q}"
    if g("mq"):
        q = _month(g("mqm")) // 3
        y = _year_of(3 * q - 2, None, date)
        return None if y is None else f"{y}-Q{q}"
    if g("mr"):
        a, b = _month(g("mr1")), _month(g("mr2"))
        y = _year_of(a, None, date)
        if y is None or b <= a:
            return None
        if a % 3 == 1 and b == a + 2:
            return f"{y}-Q{(a + 2) // 3}"
        return f"{_ym(y, a)}/{_ym(y, b)}"
    if g("h"):
        h = 1 if g("hn").lower() == "first" else 2
        y = _year_of(6 * h - 5, g("hy"), date)
        return None if y is None else f"{_ym(y, 6 * h - 5)}/{_ym(y, 6 * h)}"
    if g("fm"):
        n = g("fmn")
        n = int(n) if n.isdigit() else _COUNT[n]
        if not 1 < n < 12:
            return None
        y = _year_of(n, g("fmy"), date)
        return None if y is None else f"{_ym(y, 1)}/{_ym(y, n)}"
    if g("yt"):
        mo = _month(g("ytm"))
        y = _year_of(mo, None, date)
        if y is None:
            return None
        return f"{_ym(y - 1, mo + 1)}/{_ym(y, mo)}" if mo < 12 else str(y)
    if g("qx"):
        code = g("qxn")
        n = int(code[1])
        first = 3 * n - 2 if code[0] == "Q" else 6 * n - 5
        y = _year_of(first, g("qxy"), date)
        if y is None:
            return None
        return f"{y}-Q{n}" if code[0] == "Q" else f"{_ym(y, first)}/{_ym(y, first + 5)}"
    if g("mo"):
        word = g("mon")
        if word in ("May", "Mar", "Dec") and not g("prep") and not g("moy"):
            return None  # "may" the verb; a bare abbreviation is too weak a cue
        mo = _month(word)
        y = _year_of(mo, g("moy"), date)
        return None if y is None else _ym(y, mo)
    return None


def parse_date(date: str | None) -> tuple[int, int] | None:
    """(year, month) of an ISO 8601 date or timestamp, or None."""
    if not date or len(date) < 7 or not (date[:4].isdigit() and date[4] == "-" and date[5:7].isdigit()):
        return None
    month = int(date[5:7])
    return (int(date[:4]), month) if 1 <= month <= 12 else None


#: the first characters of every phrase (the pattern is case-sensitive), at the start of a word: a preposition,
#: "the", "last", "first", "a year", "Q1", a month, a year. Only there can a phrase begin.
_STARTS = ("in", "during", "for", "by", "through", "until", "over", "as", "at", "end", "of", "last", "this", "next",
           "the", "a year", "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "final", "Q", "H", "19",
           "20", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WORD_START = re.compile(trie_at_word_start(_STARTS))


def _phrase_matches(text: str):
    """The matches of the phrase pattern, leftmost first and not overlapping, as ``finditer`` over each window
    gives them. Every phrase starts a word with one of ``_STARTS``, so the pattern is tried only there (a few
    places per window) instead of at every character."""
    n = len(text)
    match, starts = _PHRASE.match, _WORD_START.finditer
    for lo, hi in _windows(text):
        if hi < n:
            space = _SPACE.search(text, hi)
            hi = space.start() if space else n  # never end a window inside a word ("May|or")
        pos = lo
        for w in starts(text, lo, hi):
            at = w.start()
            if at < pos:
                continue
            m = match(text, at, hi)
            if m is not None:
                yield m
                pos = m.end()


def time_phrases(text: str, date: str | None) -> list[Phrase]:
    """Every time phrase of ``text`` with the period it names."""
    d = parse_date(date)
    out = []
    for m in _phrase_matches(text):
        if m.group("ago"):
            out.append(Phrase(m.start(), m.end(), None, year_before=True))
            continue
        if m.group("same"):
            last = next((p.period for p in reversed(out) if p.period), None)  # "in the period": the one named before
            if last:
                out.append(Phrase(m.start() + len(m.group("prep") or ""), m.end(), last))
            continue
        prep = (m.group("prep") or "").strip().lower()
        if prep == "of" and not m.group("yr"):
            prep = ""
        start = m.start() + len(m.group("prep") or "")
        if m.group("yr") and prep == "" and text[max(0, start - 6):start].lower().endswith("since "):
            continue  # "the lowest since 2009"
        period = _resolve(m, d)
        if period is not None:
            out.append(Phrase(start, m.end(), period))
    return out


def _shift_year(period: str) -> str | None:
    """The same period a year earlier: 2023-Q2 -> 2022-Q2, 2023-01/2023-09 -> 2022-01/2022-09."""
    try:
        return "/".join(str(int(p[:4]) - 1) + p[4:] for p in period.split("/"))
    except ValueError:
        return None


_FRONTED = re.compile(r"\s*,")
_LEAD = re.compile(r"\s*(?:in|by|during|at|as of|since|for)(?:\s+the\s+(?:end|start|beginning|middle)\s+of)?\s*$", re.I)
_TO_LEVEL = re.compile(r"\s+to\s+(?:about\s+|around\s+|nearly\s+|a record\s+)?$")
_CLAUSE_STOP = re.compile(r"[,;(]")


def period_for(text: str, phrases: list[Phrase], start: int, end: int, next_start: int, is_level: bool,
               next_end: int | None = None, s_lo: int | None = None, s_end: int | None = None) -> str | None:
    """The period of the figure at ``start:end``; ``next_start`` is where the next figure begins; ``s_lo`` and
    ``s_end`` bound its sentence (found here when not given)."""
    if not phrases:
        return None
    if s_lo is None:
        s_lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=0)
    if s_end is None:
        stop = _SENTENCE_END.search(text, end)
        s_end = stop.start() if stop else len(text)
    lo_i = bisect.bisect_left(phrases, s_lo, key=lambda p: p.start)
    sentence = [p for p in phrases[lo_i:lo_i + 12] if p.end <= s_end]
    if not sentence:
        return None
    lead = text[s_lo:sentence[0].start]
    if sentence[0].end <= start and (not lead.strip(" \t\n\"“") or _LEAD.match(lead)):
        if _FRONTED.match(text, sentence[0].end) and sentence[0].period:
            return sentence[0].period  # "In July, the bank bought ...", "By 2025, Shenzhen aims ..."
    comma = _CLAUSE_STOP.search(text, end, s_end)
    s_hi = min(comma.start() if comma else s_end, next_start)
    after = [p for p in sentence if end <= p.start < s_hi]
    if not after and next_end is not None and _TO_LEVEL.match(text[end:next_start]):
        # "fell 0.7 percent to 6.07 trillion yuan in the first three quarters": the change shares its level's
        comma = _CLAUSE_STOP.search(text, next_end, s_end)
        after = [p for p in sentence if next_end <= p.start < (comma.start() if comma else s_end)]
    before = [p for p in sentence if p.end <= start]
    for p in after:
        if p.year_before:
            if not is_level or p.start - end > 40:
                continue
            anchor = next((q.period for q in reversed(before) if not q.year_before), None) \
                or next((q.period for q in sentence if not q.year_before and q.start > p.end), None)
            return _shift_year(anchor) if anchor else None
        return p.period
    for p in reversed(before):
        if not p.year_before:
            return p.period
    return None
