"""The key-figure extractor: plain text in, figures with kind, value, unit, attributes and span out.

Each number mention (digits, or number words with a scale) is classified by the few words that
follow it and the currency sign before it: a currency (money), a percent word (percent), a unit
(quantity), "times" (ratio); the traps of FIGURES.md (model and line numbers, plan names, phone
numbers, addresses, clock times, durations, dates, numbers inside URLs) are rejected. Ranks come
from ordinal words in rank context. Cue words set approx/bound/direction/basis, a few clause
patterns find the subject, and a parenthesised amount right after another becomes its
``equivalent_of``.

Speed: the words after a number are read once by one small regex and looked up in dicts; clause
boundaries are found once per text. Every step looks at a bounded window, so time is linear.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from reader.figures import FIGURE_FIELDS, KEY_KINDS
from reader.figures import lexicon as L
from reader.figures.numbers import SCOPED_SUPERLATIVES, mentions, ordinal_value, ordinal_word_spans, word_hits


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
        return dict(zip(FIGURE_FIELDS, self.as_row()))

    def as_row(self) -> tuple:
        return (self.start, self.end, self.text, self.kind, self.value, self.unit, self.approx, self.bound,
                self.direction, self.basis, self.subject, self.equivalent_of)


assert tuple(Figure.__dataclass_fields__) == FIGURE_FIELDS


# ---- reading the words after a number ---------------------------------------------------------
_WORD = re.compile(r"([ \t\u00a0]*-?[ \t\u00a0]*)(°\s?[CF]\b|[%€$£¥₩₹₡₾₭₿元]|ரூ|[^\W\d_][\w/²³'’]*)")


class _Words:
    """Up to four words after a position: lower-case text, end offset, and the separator before each."""

    __slots__ = ("low", "raw", "ends", "seps")

    def __init__(self, text: str, pos: int):
        self.low, self.raw, self.ends, self.seps = low, raw, ends, seps = [], [], [], []
        match = _WORD.match
        for _ in range(4):
            m = match(text, pos)
            if m is None:
                break
            sep, word = m.groups()
            pos = m.end()
            seps.append(sep)
            raw.append(word)
            low.append(word.lower())
            ends.append(pos)

    def glued(self, i: int = 0) -> bool:
        return len(self.seps) > i and self.seps[i] == ""

    def lookup(self, table: dict, i: int = 0, longest: int = 4):
        """The longest key of ``table`` made of words i, i+1, ...: (value, index after it) or (None, i)."""
        if i >= len(self.low) or self.low[i] not in _first_words(table):
            return None, i  # most lookups end here, without joining any words
        for n in range(min(longest, len(self.low) - i), 0, -1):
            key = " ".join(self.low[i:i + n])
            if key in table:
                return table[key], i + n
        return None, i

    def end(self, i: int, default: int) -> int:
        """End offset of the words before index i."""
        return self.ends[i - 1] if i > 0 else default


_FIRST_WORDS: dict[int, frozenset] = {}


def _first_words(table: dict) -> frozenset:
    """The words that keys of ``table`` start with (a key is words joined by single spaces)."""
    firsts = _FIRST_WORDS.get(id(table))
    if firsts is None:
        firsts = _FIRST_WORDS[id(table)] = frozenset(k.split(" ")[0] for k in table)
    return firsts


_TIME_MODIFIERS = {"straight", "consecutive", "successive", "more", "full", "long"}
_CLOCK = re.compile(r"(?::\d\d)?[ \t\u00a0]*(a\.m\.|p\.m\.|am|pm)(?![a-z])", re.I)
_ROAD_WORDS = {w.title() for w in L.ROAD_WORDS}
_MONTH_NAMES = {m.title() for m in L.MONTHS}
_CUR_PREFIX = re.compile(
    r"(?:^|(?<=[\s(\[\"'~,;:]))((?:us|u\.s\.?|hk|c|a|au|nz|s|nt|mop|mex|mxn|usd|aud|cad|nzd)\s?\$|[$€£¥₩₹₿]"
    r"|rmb|cny|usd|eur|gbp|jpy|hkd|chf|inr|sen|dollar|maud|musd|meur)\s?$", re.I)
_CUR_SIGNS = "$€£¥₩₹₿"
_CUR_WORDS = ("rmb", "cny", "usd", "eur", "gbp", "jpy", "hkd", "chf", "inr", "sen", "dollar", "maud", "musd", "meur")
_CODES = ("usd", "rmb", "cny", "hkd", "eur", "gbp", "jpy")
_GLUED_CODE = re.compile(rf"(?=[urcheg])\b({'|'.join(_CODES)})(\d[\d,]*(?:\.\d+)?)\b", re.I)
_PERCENT_OF = re.compile(r"\b(percents?|per cent|percentage)\s+of\s+", re.I)
_SPACE = re.compile(r"\s")
_SIGN_WORD = re.compile(r"\b(minus|negative)\s+$", re.I)


def _url_like(text: str, start: int) -> bool:
    """Is the number part of a URL or query string (http://…?q=30%25)?"""
    lo = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    hi = text.find(" ", start)
    token = text[lo:hi if hi >= 0 else len(text)]
    return "://" in token or "www." in token or "=" in token or "%2" in token


def _prev_word(text: str, i: int) -> str:
    """The word just before position i ("No." keeps its dot), or '' when there is none."""
    s = text[max(0, i - 40):i].rstrip()
    j = len(s)
    while j > 0 and (s[j - 1].isalnum() or s[j - 1] in "'’.-"):
        j -= 1
    return s[j:] if s[j:j + 1].isalpha() else ""


def _starts_sentence(text: str, i: int) -> bool:
    before = text[max(0, i - 4):i].rstrip()
    return not before or before[-1] in ".!?\n\"“"


def _minor(text: str, w: _Words, i: int, end: int):
    """"3 dollars 50 cents", "15 dollars and 50": (fraction of the unit, new end) or (0, end)."""
    j = i + 1 if len(w.low) > i and w.low[i] == "and" else i
    pos = w.end(j, end)
    m = re.match(r"[ \t]+(\d{1,2})(?!\d|[.,]\d)", text[pos:pos + 5])
    if m is None:
        return 0.0, end
    stop = pos + m.end()
    after = _Words(text, stop)
    if after.low[:1] in (["cents"], ["cent"]):
        stop = after.ends[0]
    elif after.low and not after.seps[0].strip() == "" and after.low[0] not in ("and",):
        pass
    return int(m.group(1)) / 100, stop


def _candidate(text: str, start: int, end: int, value: float, spelled: bool, urlish: bool = True) -> Figure | None:
    """Classify one number mention by its surroundings; None when it is not a key figure.

    ``urlish`` says whether the text has anything like a URL in it at all (a per-text check)."""
    raw = text[start:end]
    prev = _prev_word(text, start)
    w = _Words(text, end)
    i, scale = 0, 1.0
    # a scale: "12.1 trillion", "10-billion-yuan", "1.2bn"
    if w.low and w.glued() and w.low[0] in L.SHORT_SCALES and not spelled:
        scale, i = L.SHORT_SCALES[w.low[0]], 1
    elif w.low and w.low[0] in L.SCALES and w.seps[0].strip() in ("", "-"):
        scale, i = L.SCALES[w.low[0]], 1
    elif w.low and w.low[0] in L.INDIAN_SCALES and not w.glued():
        scale, i = L.INDIAN_SCALES[w.low[0]], 1
    value *= scale
    end = w.end(i, end)
    clock = _CLOCK.match(text, end) if i == 0 else None
    if clock or (text[end:end + 1] == ":" and text[end + 1:end + 3].isdigit()):
        return Figure(start, clock.end() if clock else end, "", "time", None, None)
    if urlish and _url_like(text, start):
        return None
    if text[end:end + 1] == "-" and text[end + 1:end + 2].isdigit():
        return None  # a range or a code: 2025-2027, 020-1234
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        return None  # COVID-19, Mate-60
    # what the words after the number make of it
    j = i
    while j < len(w.low) and w.low[j] in _TIME_MODIFIERS:
        j += 1
    if j < len(w.low) and w.low[j] in L.TIME_UNITS and (j > i or not w.glued(i)):
        return None  # a duration: "seven-day holiday", "first 10 months", "20 straight years"
    if i < len(w.raw) and w.raw[i] in _MONTH_NAMES and not w.glued(i):
        return Figure(start, end, "", "time", value, None)  # 3 March
    if prev and text[start - 1:start] in (" ", "\u00a0") and prev.rstrip(".").title() in _MONTH_NAMES:
        return Figure(start, end, "", "time", value, None)  # March 3
    # money: a sign or code before, a currency after
    cur = None
    tail = text[max(0, start - 9):start].rstrip()  # the regex runs only where a sign or a code can end
    pm = _CUR_PREFIX.search(text, max(0, start - 8), start) \
        if tail and (tail[-1] in _CUR_SIGNS or tail[-1:].isalpha() and tail.lower().endswith(_CUR_WORDS)) else None
    if pm:
        cur = L.CURRENCY_PREFIX[_SPACE.sub("", pm.group(1).lower())]
        start = pm.start()
        if i == 0 and w.low and w.glued() and w.low[0] in L.SHORT_SCALES:  # $5m
            value, i = value * L.SHORT_SCALES[w.low[0]], 1
            end = w.end(1, end)
    found, k = w.lookup(L.CURRENCY_SUFFIX, i, 3)
    if found and (cur is None or found[0] == cur[0]):
        cur, end, i = found, w.end(k, end), k
        if i < len(w.low) and w.low[i] in L.SCALES and value == int(value):  # "75 USD million"
            value, end, i = value * L.SCALES[w.low[i]], w.end(i + 1, end), i + 1
        elif w.low[k - 1] in L.MINOR_UNITS:
            frac, end = _minor(text, w, k, end)
            value += frac
    if cur:
        iso, mult = cur
        return Figure(start, end, "", "money", value * mult, iso)
    unit, k = w.lookup(L.PERCENT_WORDS, i, 2)
    if unit:
        return Figure(start, w.end(k, end), "", "percent", value, unit)
    unit, k = w.lookup(L.UNITS, i, 4)
    if unit:
        return Figure(start, w.end(k, end), "", "quantity", value, unit)
    if i < len(w.low) and (w.low[i] == "times" and not w.glued(i) or w.low[i] == "fold" and w.seps[i] == "-"):
        return Figure(start, w.end(i + 1, end), "", "ratio", value, "x")
    # a bare number: a count, unless it names or labels something
    if w.glued(i) and w.low:
        return None  # 5G, 3D, 4K: a name, not an amount
    if spelled and scale == 1.0:
        return None  # "two of the", "one-stop": spelled small numbers are words, not figures
    pl = prev.lower()
    if pl in L.LABEL_WORDS or pl.rstrip(".") in L.LABEL_WORDS or pl in L.PHONE_CUES:
        return None
    if prev[:1].isupper() and not _starts_sentence(text, text.rindex(prev, 0, start)):
        return None  # Mate 60, Hung Shui Kiu 2: a name with a number
    if i < len(w.raw) and w.raw[i][:1].isupper():
        n = i
        while n < len(w.raw) and w.raw[n][:1].isupper() and w.raw[n] not in _ROAD_WORDS:
            n += 1
        if n < len(w.raw) and n > i and w.raw[n] in _ROAD_WORDS:
            return None  # 2 Shennan Road
    if scale == 1.0 and "," not in raw and "." not in raw and " " not in raw:
        if len(raw) >= 5:
            return None  # 12345, 12360: a phone number or a code
        if len(raw) == 4 and 1900 <= value <= 2099:
            nxt = w.low[i] if i < len(w.low) and not w.glued(i) else ""
            if not nxt or nxt in L.NOUN_STOP or nxt in L.MONTHS or text[end:end + 1] in ",.;:)":
                return Figure(start, end, "", "time", value, None)
    return Figure(start, end, "", "count", value, None)


def _month_before(text: str, i: int) -> bool:
    """Is the word right before position i a month name ("March 3", "Dec. 31")?"""
    return text[max(0, i - 1):i] in (" ", "\u00a0") and _prev_word(text, i).rstrip(".").title() in _MONTH_NAMES


# ---- ranks, people, times -----------------------------------------------------------------------
_HYPHEN_SUPERLATIVE = re.compile(rf"-({'|'.join(L.SUPERLATIVES)})\b", re.I)
_SCOPE = re.compile(r"\b(?:world|country|nation|china|city|province|region)['’]s\s+$", re.I)
_RANK_VERBS = set(L.RANK_VERBS[:10])
_SUFFIXES = {"st", "nd", "rd", "th"}
_NOT_RANKS = {"half", "quarter", "session", "anniversary", "century", "floor", "round"}


def _ordinals(text: str, hits: list, digit_spans: list):
    """Ranks: "ranking first", "the fourth city", "second-largest", "31st", "the world's largest"."""
    for start, end, w in hits:
        if w in SCOPED_SUPERLATIVES and _SCOPE.search(text, max(0, start - 20), start):
            yield Figure(start, end, "", "ordinal", 1.0, None)
    spans = digit_spans + list(ordinal_word_spans(text, hits))
    for start, end in spans:
        value = ordinal_value(text[start:end])
        if value is None:
            continue
        sup = _HYPHEN_SUPERLATIVE.match(text, end)
        if sup:
            yield Figure(start, sup.end(), "", "ordinal", value, None)
            continue
        w = _Words(text, end)
        j = 0
        while j < len(w.low) and w.low[j] in _TIME_MODIFIERS:
            j += 1
        if (j < len(w.low) and w.low[j] in L.TIME_UNITS) or _month_before(text, start) \
                or (w.raw[:1] and w.raw[0] in _MONTH_NAMES):
            continue  # "20th straight year", "May 4th", "first quarter"
        nxt = w.raw[0] if w.raw and not w.glued() else ""
        if nxt[:1].isupper():
            continue  # the 14th Five-Year Plan
        prev = _prev_word(text, start).lower()
        digits = text[start].isdigit()
        if digits and nxt.lower() in _NOT_RANKS:
            continue
        ranked = prev in _RANK_VERBS or (prev == "the" and nxt.lower() in L.RANK_NOUNS) \
            or (prev == "the" and nxt.lower() == "consecutive")
        if ranked or (digits and prev == "the"):
            yield Figure(start, end, "", "ordinal", value, None)


_ROLES = sorted(L.ROLE_WORDS, key=len, reverse=True)
#: a role word, found first (the engine skips in C to where its first letters stand), then the name around it
_ROLE_AT = re.compile(rf"{L.trie_at_word_start(_ROLES)}\b")
_NAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){1,2})\b")
_LEFT_OF_ROLE = re.compile(r"(?:(?:acting|former|deputy|vice|executive|then)\s+)?(?:[A-Z][a-z]+\s+){0,2}$")
_NAME_BEFORE = re.compile(r"([A-Z][a-z]+\s+[A-Z][a-z]+),\s+(?:the\s+)?$")
_BYLINE = re.compile(r"\b(Writer|Editor):\s*([^|\n]{2,60}?)\s*(?=\||$|\n)", re.M)


def _persons(text: str):
    """People with the role the text gives them ("acting Guangdong Governor Wang Weizhong", "Huang Lei,
    director of ..."), and a byline's writer and editor."""
    for m in _ROLE_AT.finditer(text):
        name = _NAME_AFTER.match(text, m.end())
        if name:
            left = _LEFT_OF_ROLE.search(text, max(0, m.start() - 50), m.start())
            start = left.start() if left else m.start()
            yield Figure(start, name.end(), "", "person", None, None, subject=text[start:m.end()])
            continue
        before = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before:
            role = re.match(r"[^,.;]{0,60}", text[m.start():]).group().strip()
            yield Figure(before.start(1), before.end(1), "", "person", None, None, subject=role)
    if "Writer:" in text or "Editor:" in text:
        for m in _BYLINE.finditer(text):
            yield Figure(m.start(2), m.end(2), "", "person", None, None, subject=m.group(1).lower())


#: a date (2022-01-21) or a span of years (2025-2027, 2024/25); each year's first digit checks the character
#: before it, so that a search skips in C to the next 1 or 2
_DATE_OR_YEARS = re.compile(r"((?:1(?<![\w.,].)9|2(?<![\w.,].)0)\d\d)(?:-\d{1,2}-\d{1,2}\b|[-–/](?:19|20)?\d\d(?![\w%]))")


def _times(text: str):
    for m in _DATE_OR_YEARS.finditer(text):
        yield Figure(m.start(), m.end(), "", "time", float(m.group(1)), None)


def _percent_of(text: str, numbers: dict[int, tuple]) -> list[Figure]:
    """"percent of 10", "per cent of twenty-two": the percent word before the number."""
    out = []
    for m in _PERCENT_OF.finditer(text):
        hit = numbers.get(m.end())
        if hit is not None:
            out.append(Figure(m.start(), hit[0], "", "percent", hit[1], "%"))
    return out


# ---- attributes and subject ---------------------------------------------------------------------
#: a clause boundary: punctuation, or a joining word. Every branch starts with its own character, so a
#: search skips in C to the next one (a leading look-ahead or ``\b`` would run the matcher at every position).
_CLAUSE = re.compile(r",|;|:|\(|\)|\[|\]|\n|\.(?=\s)|!(?=\s)|\?(?=\s)|"
                     rf"{L.trie_at_word_start(('and', 'while', 'but', 'whereas', 'which', 'with'))}\b")
_APPROX_ENDS = tuple(" " + a for a in L.APPROX)
_BOUND_ENDS = [(" " + b + q, k) for b, k in sorted(L.BOUNDS, key=lambda x: -len(x[0]))
               for q in ("", " about", " around", " nearly", " some")]
_ANY_BOUND = tuple(cue for cue, _ in _BOUND_ENDS)
_BOUND_LAST_WORDS = {cue.rsplit(" ", 1)[-1] for cue in _ANY_BOUND}
_UP_WORDS = {w for w in L.UP if " " not in w} - {"added"}
_DOWN_WORDS = {w for w in L.DOWN if " " not in w}
_BASIS = re.compile(rf"[\s,]*(?:(?:or|and)\s+)?({L.alternation(b for b, _ in L.BASIS)})\b", re.I)
_BASES = {b: k for b, k in L.BASIS}
_VERBS = {v for v in L.METRIC_VERBS if " " not in v}
_CONVERSION = re.compile(r"\s*\(\s*(?:about|around|or|roughly|some)?\s*")
_SENTENCE_END = re.compile(r"[.!?]\s")
_PUNCT = re.compile(r"[,.;:()\[\]!?\n]")
_GROWTH = re.compile(r"(growth|increase|rise|share|rate|gdp|decline|drop)$", re.I)


class _Clauses:
    """Clause boundaries of a text, found once: where does the clause around position i start?"""

    def __init__(self, text: str):
        self.ends = [m.end() for m in _CLAUSE.finditer(text)]

    def start(self, i: int) -> int:
        k = bisect.bisect_right(self.ends, i) - 1
        return max(self.ends[k] if k >= 0 else 0, i - 120)


def _noun_after(text: str, end: int) -> str | None:
    """The counted noun after a number: "170,000 5G base stations, ranking" -> "5G base stations"."""
    words = []
    for w in _PUNCT.split(text[end:end + 80], maxsplit=1)[0].split():
        lw = w.lower()
        if lw in L.NOUN_STOP or lw in L.METRIC_VERBS or not (w[0].isalnum() or w[0] in "$€£"):
            break
        words.append(w)
        if len(words) == 4:
            break
    return " ".join(words) or None


def _tidy(phrase: str) -> str | None:
    words = phrase.split()
    # keep what follows the last possessive: "The province's foreign trade" -> "foreign trade"
    for i in range(len(words) - 2, -1, -1):
        if words[i].endswith(("'s", "’s", "s'")):
            words = words[i + 1:]
            break
    while words and (words[0].lower() in L.STOP_BEFORE or words[0].lower() in _VERBS or words[0].endswith("ing")):
        words = words[1:]
    while words and words[-1].lower() in L.STOP_BEFORE:
        words = words[:-1]
    return " ".join(words) if 0 < len(words) <= 6 else None


def _subject(text: str, f: Figure, clause: str, previous: Figure | None) -> str | None:
    if f.kind == "count":
        return _noun_after(text, f.end)
    if f.kind == "percent" and text[f.end:f.end + 1] == " ":  # "8 percent GDP growth"
        nxt = _noun_after(text, f.end)
        if nxt and _GROWTH.search(nxt):
            return nxt
    words = clause.split()
    if "of" in words[-5:]:  # "economic growth of about 5.5 percent", "an area of 2,300 hectares"
        i = len(words) - 1 - words[::-1].index("of")
        head = words[max(0, i - 4):i]
        if head and not any(w.lower() in _VERBS for w in head):
            return _tidy(" ".join(head))
    for i, w in enumerate(words):  # "foreign trade surpassed 8 trillion yuan"
        if w.lower() in _VERBS:
            if i:
                return _tidy(" ".join(words[:i]))
            break
    # "..., up by 16.7 percent": the subject of the figure before it in the sentence
    if previous is not None and previous.subject and f.start - previous.end < 120 \
            and not _SENTENCE_END.search(text, previous.end, f.start):
        return previous.subject
    return None


def _attributes(text: str, f: Figure, clause: str) -> None:
    before = " " + " ".join(text[max(0, f.start - 40):f.start].lower().split()[-5:])
    f.approx = before.endswith(_APPROX_ENDS)
    if before[before.rfind(" ") + 1:] in _BOUND_LAST_WORDS and before.endswith(_ANY_BOUND):
        f.bound = next(kind for cue, kind in _BOUND_ENDS if before.endswith(cue))
    if f.kind == "ordinal":
        return
    words = clause.lower().split()
    for i in range(len(words) - 1, -1, -1):  # the nearest cue word before the figure decides
        w = words[i]
        if w in _UP_WORDS or (w == "by" and i and words[i - 1] in _UP_WORDS):
            f.direction = "up"
            break
        if w in _DOWN_WORDS or (i and words[i - 1] == "edged" and w == "down"):
            f.direction = "down"
            break
    b = _BASIS.match(text, f.end, min(len(text), f.end + 40))
    if b:
        f.basis = _BASES[b.group(1).lower()]


# ---- the extractor ------------------------------------------------------------------------------
def extract(text: str) -> list[Figure]:
    """Every figure (and time/person tag) in ``text``, in text order, spans not overlapping."""
    if not text:
        return []
    found: list[Figure] = []
    numbers: dict[int, tuple] = {}
    hits = word_hits(text)
    ordinal_digits = []
    urlish = "://" in text or "www." in text or "=" in text or "%2" in text
    lower = text.lower()
    signed = "minus" in lower or "negative" in lower  # cheap guards like these skip a regex in most texts
    for start, end, value, spelled in mentions(text, hits=hits):
        numbers[start] = (end, value)
        if text[end:end + 2].lower() in _SUFFIXES and not text[end + 2:end + 3].isalnum():
            ordinal_digits.append((start, end + 2))  # 31st: a rank, read below
            continue
        f = _candidate(text, start, end, value, spelled, urlish)
        if f is not None:
            sign = _SIGN_WORD.search(text, max(0, f.start - 12), f.start) if signed else None
            if sign and f.kind in KEY_KINDS:
                f.start, f.value = sign.start(), -f.value
            found.append(f)
    if "usd" in lower or "rmb" in lower or "cny" in lower or "hkd" in lower or "eur" in lower or "gbp" in lower \
            or "jpy" in lower:  # _CODES, spelt out: most texts have none
        for m in _GLUED_CODE.finditer(text):
            found.append(Figure(m.start(), m.end(), "", "money", float(m.group(2).replace(",", "")),
                                L.CURRENCY_PREFIX[m.group(1).lower()][0]))
    if "cent of" in lower or "cents of" in lower or "percentage of" in lower:
        found += _percent_of(text, numbers)
    found += _ordinals(text, hits, ordinal_digits)
    found += _persons(text)
    if "-" in text or "–" in text or "/" in text:
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
    clauses: _Clauses | None = None
    previous: Figure | None = None
    previous_n = 0
    for n, f in enumerate(kept):
        f.text = text[f.start:f.end]
        if f.kind not in KEY_KINDS:
            continue
        if clauses is None:
            clauses = _Clauses(text)
        clause = text[clauses.start(f.start):f.start]
        _attributes(text, f, clause)
        if f.kind == "money" and previous is not None and previous.kind == "money" \
                and _CONVERSION.fullmatch(text, previous.end, f.start):
            f.equivalent_of = previous_n  # "(US$1.95 trillion)": the same amount, so the same subject
            f.subject = previous.subject
        elif f.kind != "ordinal":
            f.subject = _subject(text, f, clause, previous)
        previous, previous_n = f, n
    return kept
