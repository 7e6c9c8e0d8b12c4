"""The key-figure extractor: plain text in, figures with kind, value, unit, attributes and span out.

One pass over the number mentions of the text (regular expressions, no model), each classified by
what stands around it: a currency before or after (money), a percent word (percent), a unit
(quantity), "times" (ratio), rank context for ordinals, and the traps of FIGURES.md (model and line
numbers, plan names, phone numbers, addresses, clock times, durations, dates) rejected. Cue words
set approx/bound/direction/basis, a few clause patterns find the subject, and a parenthesised amount
right after another becomes its ``equivalent_of``. Time is linear in the text: every pattern is
anchored on a match and looks at a bounded window around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.figures import lexicon as L
from reader.figures.numbers import (DIGITS, ORDINAL_DIGITS, digits_value, number_word_runs, ordinal_value,
                                    ordinal_word_spans, words_value)

KEY_KINDS = ("money", "percent", "count", "quantity", "ordinal", "ratio")
WINDOW = 60  # characters looked at on each side of a mention


@dataclass
class Figure:
    """One figure found in a text. ``start``/``end`` index the text (end exclusive)."""

    start: int
    end: int
    text: str
    kind: str  #: money, percent, count, quantity, ordinal, ratio; or time, person (tags, not key figures)
    value: float | None
    unit: str | None
    approx: bool = False
    bound: str = "eq"  #: eq, gt, ge, lt, le
    direction: str | None = None  #: up, down
    basis: str | None = None  #: yoy, mom, qoq
    subject: str | None = None
    equivalent_of: int | None = None  #: index of the figure this one converts

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


_SP = r"[ \t\u00a0]"
_SCALE = re.compile(rf"^(?:{_SP}+|-)?({L.alternation(L.SCALES)})\b", re.I)
_SHORT_SCALE = re.compile(rf"^({L.alternation(L.SHORT_SCALES)})\b", re.I)
_PERCENT = re.compile(rf"^{_SP}*(?:-)?({L.alternation(L.PERCENT_WORDS)})(?![a-z])", re.I)
_CUR_SUFFIX = re.compile(rf"^(?:{_SP}*|-)({L.alternation(L.CURRENCY_SUFFIX)})\b", re.I)
_CUR_PREFIX = re.compile(rf"(?:^|(?<=[\s(\[\"'~,;:]))({L.alternation(L.CURRENCY_PREFIX)}){_SP}?$", re.I)
_UNIT = re.compile(rf"^(?:{_SP}*|-)({L.alternation(L.UNITS)})(?![\w²])", re.I)
_TIMES = re.compile(rf"^{_SP}+(times)\b|^(-fold)\b", re.I)
_TIME_UNIT = re.compile(rf"^(?:{_SP}+|-)(?:(?:straight|consecutive|successive|more|full|long){_SP}+)?"
                        rf"({'|'.join(sorted(L.TIME_UNITS, key=len, reverse=True))})\b", re.I)
_CLOCK = re.compile(rf"^(?::\d\d)?{_SP}*(a\.m\.|p\.m\.|am|pm)(?![a-z])", re.I)
_NEXT_WORD = re.compile(r"[ \t\u00a0]*([A-Za-z][\w'’-]*\.?)")
_ROAD = re.compile(rf"^{_SP}+(?:[A-Z][a-z]+{_SP}+){{1,3}}(?:{'|'.join(w.title() for w in L.ROAD_WORDS)})\b")
_MONTH_AFTER = re.compile(rf"^{_SP}+({'|'.join(L.MONTHS)})\b", re.I)
_APPROX_ENDS = tuple(" " + a for a in L.APPROX)
_BOUND_ENDS = [(" " + b + q, k) for b, k in sorted(L.BOUNDS, key=lambda x: -len(x[0]))
               for q in ("", " about", " around", " nearly", " some")]
_ANY_BOUND = tuple(cue for cue, _ in _BOUND_ENDS)
_UP_WORDS = {w for w in L.UP if " " not in w} - {"added"}
_DOWN_WORDS = {w for w in L.DOWN if " " not in w}
_BASIS = re.compile(rf"[\s,]*(?:(?:or|and){_SP}+)?({L.alternation(b for b, _ in L.BASIS)})\b", re.I)
_BASES = {b: k for b, k in L.BASIS}
_CLAUSE = re.compile(r"[,;:()\[\]]|\b(?:and|while|but|whereas|which|with)\b|[.!?](?=\s)")
_ROLE = re.compile(
    rf"\b((?:(?:acting|former|deputy|vice|executive|then)\s+)?(?:[A-Z][a-z]+\s+){{0,2}}"
    rf"(?:{L.alternation(L.ROLE_WORDS)}))\s+((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){{1,2}})\b")
_NAME_ROLE = re.compile(rf"\b([A-Z][a-z]+\s+[A-Z][a-z]+),\s+((?:the\s+)?(?:{L.alternation(L.ROLE_WORDS)})\b[^,.;]{{0,60}})")
_BYLINE = re.compile(r"\b(Writer|Editor):\s*([^|\n]{2,60}?)\s*(?=\||$|\n)", re.M)
_YEAR_RANGE = re.compile(r"(?<![\w.,])(19\d\d|20\d\d)(?:[-–/](?:19|20)?\d\d)?(?![\w%])")
_VERBS = {v for v in L.METRIC_VERBS if " " not in v}
_SCOPED_SUPERLATIVE = re.compile(
    rf"\b(?:world|country|nation|china|city|province|region)['’]s\s+({L.alternation(L.SUPERLATIVES[:10])})\b", re.I)
_HYPHEN_SUPERLATIVE = re.compile(rf"^-({L.alternation(L.SUPERLATIVES)})\b", re.I)
_DATE_ISO = re.compile(r"\b(19|20)\d\d-\d{1,2}-\d{1,2}\b")


def _after(text: str, i: int) -> str:
    return text[i:i + WINDOW]


def _before(text: str, i: int) -> str:
    return text[max(0, i - WINDOW):i]


def _next_word(text: str, i: int) -> str:
    m = _NEXT_WORD.match(text, i, min(len(text), i + 40))
    return m.group(1) if m else ""


def _prev_word(text: str, i: int) -> str:
    """The word just before position i ("No." keeps its dot), or '' when there is none."""
    s = text[max(0, i - 40):i].rstrip()
    j = len(s)
    while j > 0 and (s[j - 1].isalnum() or s[j - 1] in "'’.-"):
        j -= 1
    return s[j:] if s[j:j + 1].isalpha() else ""


def _month_before(text: str, i: int) -> bool:
    """Is the word right before position i a month name ("March 3", "Dec. 31")?"""
    return _prev_word(text, i).lower().rstrip(".") in L.MONTHS and text[max(0, i - 1):i] in (" ", "\u00a0")


def _starts_sentence(text: str, i: int) -> bool:
    """Does the word at position i begin a sentence (or the text)?"""
    before = text[max(0, i - 4):i].rstrip()
    return not before or before[-1] in ".!?\n\"“"


def _numbers(text: str):
    """(start, end, value, is_words) for each number mention."""
    for m in DIGITS.finditer(text):
        yield m.start(), m.end(), digits_value(m.group()), False
    for start, end in number_word_runs(text):
        v = words_value(text[start:end])
        if v is not None:
            yield start, end, v, True


def _candidate(text: str, start: int, end: int, value: float, spelled: bool) -> Figure | None:
    """Classify one number mention by its surroundings; None when it is not a key figure."""
    raw = text[start:end]
    # a letter or digit glued to the number (5G, 4K, PM2.5 handled by DIGITS) unless it is a short scale or unit
    after = _after(text, end)
    scale = 1.0
    m = _SHORT_SCALE.match(after) if not spelled else None
    glued = bool(after[:1].isalpha())
    if m and glued:
        scale, end = L.SHORT_SCALES[m.group(1).lower()], end + m.end()
        after = _after(text, end)
    else:
        m = _SCALE.match(after)
        if m:
            scale, end = L.SCALES[m.group(1).lower()], end + m.end()
            after = _after(text, end)
    value *= scale
    if glued and scale == 1.0 and not _UNIT.match(after) and not _CUR_SUFFIX.match(after) \
            and not _PERCENT.match(after) and not _CLOCK.match(after):
        return None  # 5G, 3D, 4K: a name, not an amount
    if end < len(text) and text[end:end + 1] == "-" and text[end + 1:end + 2].isdigit():
        return None  # a range or code like 2025-2027, 020-1234
    if start > 0 and text[start - 1] == "-" and start > 1 and text[start - 2].isalpha():
        return None  # COVID-19, Mate-60
    # time: clock times, durations, dates
    clock = _CLOCK.match(after)
    if clock or (text[end:end + 1] == ":" and text[end + 1:end + 3].isdigit()):
        return Figure(start, end + (clock.end() if clock else 0), "", "time", None, None)
    if _TIME_UNIT.match(after):
        return None  # a duration: "seven-day holiday", "first 10 months", "30 minutes"
    if _month_before(text, start) or _MONTH_AFTER.match(after):
        return Figure(start, end, "", "time", value, None)
    # money
    cur = None
    pm = _CUR_PREFIX.search(text[max(0, start - 6):start])
    if pm:
        cur = L.CURRENCY_PREFIX[pm.group(1).lower()]
        start -= len(text[max(0, start - 6):start]) - pm.start()
        m = _SHORT_SCALE.match(after) if scale == 1.0 else None
        if m and scale == 1.0 and not _UNIT.match(after):
            value *= L.SHORT_SCALES[m.group(1).lower()]
            end += m.end()
            after = _after(text, end)
    sm = _CUR_SUFFIX.match(after)
    if sm and cur in (None, L.CURRENCY_SUFFIX[sm.group(1).lower()]):
        cur = L.CURRENCY_SUFFIX[sm.group(1).lower()]
        end += sm.end()
    if cur:
        if cur == "USD-cent":
            return Figure(start, end, "", "money", value / 100, "USD")
        return Figure(start, end, "", "money", value, cur)
    pm = _PERCENT.match(after)
    if pm:
        word = pm.group(1).lower()
        unit = "pp" if word.startswith("percentage point") else "%"
        return Figure(start, end + pm.end(), "", "percent", value, unit)
    um = _UNIT.match(after)
    if um:
        symbol = L.UNITS[um.group(1).lower()]
        return Figure(start, end + um.end(), "", "quantity", value, symbol)
    tm = _TIMES.match(after)
    if tm:
        return Figure(start, end + tm.end(), "", "ratio", value, "x")
    # a bare number: a count, unless it labels or identifies something
    if spelled and scale == 1.0:
        return None  # "two of the", "one-stop": spelled small numbers are words, not figures
    prev = _prev_word(text, start)
    pl = prev.lower()
    if pl in L.LABEL_WORDS or pl.rstrip(".") in L.LABEL_WORDS or pl in L.PHONE_CUES:
        return None
    if prev[:1].isupper() and not _starts_sentence(text, text.rindex(prev, 0, start)):
        return None  # Mate 60, Hung Shui Kiu 2: a name with a number
    if _ROAD.match(after):
        return None  # 2 Shennan Road
    if scale == 1.0 and "," not in raw and "." not in raw:
        if len(raw) >= 5:
            return None  # 12345, 12360: a phone number or a code
        if len(raw) == 4 and 1900 <= value <= 2099:
            nxt = _next_word(text, end).lower()
            if not nxt or nxt in L.NOUN_STOP or not nxt.isalpha() or nxt in L.MONTHS:
                return Figure(start, end, "", "time", value, None)
    return Figure(start, end, "", "count", value, None)


def _ordinals(text: str):
    """Ranks: "ranking first", "the fourth city", "second-largest", "31st"."""
    spans = [m.span() for m in ORDINAL_DIGITS.finditer(text)] + list(ordinal_word_spans(text))
    for start, end in spans:
        value = ordinal_value(text[start:end])
        if value is None:
            continue
        after = _after(text, end)
        nxt = _next_word(text, end)
        prev = _prev_word(text, start).lower()
        if _TIME_UNIT.match(after) or _month_before(text, start) or _MONTH_AFTER.match(after):
            continue  # "20th straight year", "May 4th", "first quarter"
        if _HYPHEN_SUPERLATIVE.match(after):
            end += re.match(r"^-\w+", after).end()
            yield Figure(start, end, "", "ordinal", value, None)
            continue
        if nxt[:1].isupper() and nxt.lower() not in L.MONTHS:
            continue  # the 14th Five-Year Plan
        digits = text[start].isdigit()
        ranked = prev in L.RANK_VERBS[:10] or (prev == "the" and nxt.lower().rstrip(".,") in L.RANK_NOUNS) \
            or (prev == "the" and re.match(r"^\s+consecutive\s+(?!year|month|day|week|quarter)", after))
        if digits and nxt.lower() in ("half", "quarter", "session", "anniversary", "century", "floor", "round"):
            continue
        if ranked or (digits and prev == "the"):
            yield Figure(start, end, "", "ordinal", value, None)
    for m in _SCOPED_SUPERLATIVE.finditer(text):
        yield Figure(m.start(1), m.end(1), "", "ordinal", 1.0, None)


def _persons(text: str):
    for m in _ROLE.finditer(text):
        yield Figure(m.start(), m.end(), "", "person", None, None, subject=m.group(1))
    for m in _NAME_ROLE.finditer(text):
        yield Figure(m.start(1), m.end(1), "", "person", None, None, subject=m.group(2).strip())
    for m in _BYLINE.finditer(text):
        yield Figure(m.start(2), m.end(2), "", "person", None, None, subject=m.group(1).lower())


def _times(text: str):
    for m in _DATE_ISO.finditer(text):
        yield Figure(m.start(), m.end(), "", "time", None, None)
    for m in _YEAR_RANGE.finditer(text):
        if "-" in m.group() or "–" in m.group() or "/" in m.group():
            yield Figure(m.start(), m.end(), "", "time", float(m.group(1)), None)


def _clause_start(text: str, i: int) -> int:
    lo = max(0, i - 120)
    last = lo
    for m in _CLAUSE.finditer(text, lo, i):
        last = m.end()
    return last


def _noun_after(text: str, end: int) -> str | None:
    """The counted noun after a number: "170,000 5G base stations, ranking" -> "5G base stations"."""
    words = []
    for w in re.split(r"\s+", re.split(r"[,.;:()\[\]!?\n]", text[end:end + 80], maxsplit=1)[0].strip()):
        if not w or w.lower() in L.NOUN_STOP or w.lower() in L.METRIC_VERBS or not re.match(r"[\w$€£]", w):
            break
        words.append(w)
        if len(words) == 4:
            break
    return " ".join(words) or None


def _subject(text: str, f: Figure, previous: Figure | None) -> str | None:
    if f.kind == "count":
        return _noun_after(text, f.end)
    if f.kind == "ordinal":
        return None
    # "8 percent GDP growth": a noun phrase right after a percent
    if f.kind == "percent":
        nxt = _noun_after(text, f.end)
        if nxt and re.search(r"(growth|increase|rise|share|rate|gdp|decline|drop)$", nxt, re.I) and text[f.end:f.end + 1] == " ":
            return nxt
    start = _clause_start(text, f.start)
    clause = text[start:f.start]
    # "economic growth of about 5.5 percent", "an area of 2,300 hectares"
    words = clause.split()
    # "economic growth of about 5.5 percent", "an area of 2,300 hectares"
    if "of" in words[-5:]:
        i = len(words) - 1 - words[::-1].index("of")
        head = words[max(0, i - 4):i]
        if head and not any(w.lower() in _VERBS for w in head):
            return _tidy(" ".join(head))
    # "foreign trade surpassed 8 trillion yuan", "Exports climbed 6.3 percent to ..."
    for i, w in enumerate(words):
        if w.lower() in _VERBS:
            if i:
                return _tidy(" ".join(words[:i]))
            break
    # "..., up by 16.7 percent": the subject of the figure before it in the sentence
    if previous is not None and previous.subject and f.start - previous.end < 120 \
            and not re.search(r"[.!?]\s", text[previous.end:f.start]):
        return previous.subject
    return None


def _tidy(phrase: str) -> str | None:
    words = phrase.split()
    # keep what follows the last possessive: "The province's foreign trade" -> "foreign trade"
    for i in range(len(words) - 1, -1, -1):
        if words[i].endswith(("'s", "’s", "s'")) and i < len(words) - 1:
            words = words[i + 1:]
            break
    while words and (words[0].lower() in L.STOP_BEFORE or words[0].lower() in _VERBS or words[0].endswith("ing")):
        words = words[1:]
    while words and words[-1].lower() in L.STOP_BEFORE:
        words = words[:-1]
    if not words or len(words) > 6:
        return None
    return " ".join(words)


def _attributes(text: str, f: Figure) -> None:
    before = " " + " ".join(_before(text, f.start).lower().split()[-5:])
    f.approx = before.endswith(_APPROX_ENDS)
    if before.endswith(_ANY_BOUND):
        f.bound = next(kind for cue, kind in _BOUND_ENDS if before.endswith(cue))
    if f.kind in ("money", "percent", "count", "quantity", "ratio"):
        words = text[_clause_start(text, f.start):f.start].lower().split()
        for i in range(len(words) - 1, -1, -1):  # the nearest cue word before the figure decides
            w = words[i]
            if w in _UP_WORDS or (w == "by" and i and words[i - 1] in _UP_WORDS):
                f.direction = "up"
                break
            if w in _DOWN_WORDS or (i and f"{words[i - 1]} {w}" == "edged down"):
                f.direction = "down"
                break
        b = _BASIS.match(text, f.end, min(len(text), f.end + 40))
        if b:
            f.basis = _BASES[b.group(1).lower()]


def extract(text: str) -> list[Figure]:
    """Every figure (and time/person tag) in ``text``, in text order, spans not overlapping."""
    if not text:
        return []
    found: list[Figure] = []
    for start, end, value, spelled in _numbers(text):
        f = _candidate(text, start, end, value, spelled)
        if f is not None:
            found.append(f)
    found += _ordinals(text)
    found += _persons(text)
    found += _times(text)
    # longest first wins an overlap; then text order
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Figure] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            if (f.end - f.start) > (kept[-1].end - kept[-1].start) and f.kind != "time":
                kept[-1] = f
            continue
        kept.append(f)
    previous: Figure | None = None
    for i, f in enumerate(kept):
        f.text = text[f.start:f.end]
        if f.kind in KEY_KINDS:
            _attributes(text, f)
            f.subject = _subject(text, f, previous)
            if f.kind == "money" and previous is not None and previous.kind == "money" \
                    and re.fullmatch(r"\s*\(\s*(?:about|around|or|roughly|some)?\s*", text[previous.end:f.start]):
                f.equivalent_of = kept.index(previous)
                f.subject = previous.subject
            previous = f
    return kept
