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
from reader.figures.about import (IRREGULAR_PAST, PLACES, PRESENT_VERBS, Names, Sentences, about_subject,
                                  entity_for)
from reader.figures.periods import period_for, time_phrases
from reader.figures.numbers import (SCOPED_SUPERLATIVES, digits_value, mentions, ordinal_value, ordinal_word_spans,
                                   word_hits)


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
    entity: str | None = None  #: whose figure: "Guangdong", "Tencent"
    period: str | None = None  #: the time it refers to, ISO 8601: "2021", "2023-Q1", "2023-01/2023-09"
    change: bool | None = None  #: True for a change ("rose 36 percent"), False for a level ("to 115.2 billion")
    value_to: float | None = None  #: the upper end of a range ("15-22 mph": value 15, value_to 22)
    per: str | None = None  #: the denominator of a rate ("5 yuan per cubic meter": per "m3")

    def as_dict(self) -> dict:
        return dict(zip(FIGURE_FIELDS, self.as_row()))

    def as_row(self) -> tuple:
        return (self.start, self.end, self.text, self.kind, self.value, self.unit, self.approx, self.bound,
                self.direction, self.basis, self.subject, self.equivalent_of, self.entity, self.period, self.change,
                self.value_to, self.per)


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
#: a currency written before the amount. One-letter codes (A$, C$, S$) are glued to the sign and upper case,
#: so that "a $48.2 million contract" and "the company's $500 million" stay US dollars.
_CUR_PREFIX = re.compile(
    r"(?:^|(?<=[\s(\[\"'~,;:/]))((?:us|u\.s\.?|hk|au|nz|nt|mop|mex|mxn|usd|aud|cad|nzd|sgd)\s?\$|(?-i:[ACS])\$"
    r"|\$\s?(?-i:US)|[$€£¥₩₹₿₪]|rmb|cny|usd|eur|gbp|jpy|hkd|chf|inr|sgd|aud|cad|nzd|myr|nis|sen|dollar|maud|musd"
    r"|meur|(?-i:RM|Rs\.?))\s?$", re.I)
_CUR_SIGNS = "$€£¥₩₹₿₪"
_CUR_WORDS = ("rmb", "cny", "usd", "eur", "gbp", "jpy", "hkd", "chf", "inr", "sen", "dollar", "maud", "musd", "meur",
              "sgd", "aud", "cad", "nzd", "myr", "nis", "rm", "rs", "rs.", "$us")
#: a currency code or sign glued before the digits: "$US55,931,000", "RM120,000", "AUD1.5m", "USD10m", "Rs500"
_GLUED_CODE = re.compile(r"(?<![\w$])(\$US|US\$|(?:USD|AUD|EUR|GBP|INR|SGD|HKD|NZD|CAD|JPY|CNY|RMB|MYR|CHF|RM|Rs\.?)"
                         r"(?:\$)?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)", re.I)
#: where a code can end and its digits begin: a letter, "$" or the dot of "Rs." before a digit
_GLUED_JUNCTION = re.compile(r"[A-Za-z$.]\d")


def _glued_codes(text: str):
    """The matches of ``_GLUED_CODE``, leftmost first and not overlapping. A code is two to four characters
    before a junction, so the pattern is tried only there (a scan of the whole text for it costs five times
    as much: its first characters are letters, which are everywhere)."""
    done = 0
    match = _GLUED_CODE.match
    for j in _GLUED_JUNCTION.finditer(text):
        digit = j.end() - 1
        for q in range(max(done, digit - 4), digit - 1):
            m = match(text, q)
            if m is not None and m.end(1) == digit:
                yield m
                done = m.end()
                break
#: a fraction with a digit numerator and denominator: "1/2 pound", "3/4 inch"
_DIGIT_FRACTION = re.compile(r"(?<![\w/.,])([1-9])/([2-9]|1[0-6])(?![\w/]|[.,]\d)")
#: a spelled fraction: "a third", "two-thirds", "three quarters", "half"
_FRACTION = re.compile(
    r"(?<![a-z-])(?:(a|one|two|three|four|five|six|seven|eight|nine)[ -])?"
    r"(half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)(?![a-z])")
_FRACTION_CUES = {"almost", "nearly", "about", "around", "roughly", "some", "than", "over", "under", "just",
                  "only", "barely", "fully", "approximately", "estimated", "least", "most", "exactly", "another",
                  "precisely", "by"}
_FRACTION_FOLLOW = re.compile(r"[ \t]+(?:of|the|its|their|his|her|our|all|said|say|were|are|was|is|had|have)\b")
#: what joins the two ends of a range: "15-22", "$10 to $15 billion", "between 5 and 7", "eight or nine"
_RANGE_JOIN = re.compile(r"[ \t]*[-–~][ \t]*|[ \t]+(to|and|or)[ \t]+")
_SIGN_BETWEEN = re.compile(r"(?:US|HK|A|C|S|NZ)?\$|[€£¥₹]|(?:Rs\.?|RM)[ \t]?")
_BETWEEN = re.compile(r"\b(?:between|from)[ \t]+(?:US|HK|A|C|S|NZ|RM|Rs\.?)?[ \t]?[$€£¥₹]?[ \t]?$", re.I)
_CHANGE_BEFORE_FROM = re.compile(r"\b(?:rose|fell|grew|increased|decreased|declined|dropped|climbed|jumped|raised|cut|"
                                 r"reduced|lowered|lifted|up|down|slipped|surged|soared|plunged|edged|widened|narrowed|"
                                 r"shrank|expanded|moved|changed|went|jumped|doubled|tripled)[ \t]+(?:\w+[ \t]+)?from[ \t]+\S*$",
                                 re.I)
_SCORE_AFTER = re.compile(r"[ \t]+(?:win|victory|defeat|draw|loss|lead|home|away|scoreline|thrashing|triumph|"
                          r"aggregate|result|in (?:the|their|a) (?:final|semi|match|game|series))\b", re.I)
_WORD_BEFORE_COMMA = re.compile(r"([A-Za-z]+),[ \t]$")
#: a phone number written in groups: "+44 20 7946 0958", "0755 2345 678"
_PHONE_GROUPS = re.compile(r"(?:\+\d{1,3}|\(?\d{2,5}\)?)(?:[ \t.-]\d{2,5}){2,}")
_HYPHEN_PREFIX = re.compile(r"(?<![\w-])(minus|negative|sub|over|under|near|around)-$", re.I)
_PERCENT_OF = re.compile(r"\b(percents?|per cent|percentage)\s+of\s+", re.I)
_SPACE = re.compile(r"\s")
_SIGN_WORD = re.compile(r"\b(minus|negative)[\s-]+$", re.I)


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
    elif after.low and (after.low[0] in L.CURRENCY_SUFFIX or after.low[0] in L.UNITS or after.low[0] in L.SCALES
                        or after.low[0] in L.PERCENT_WORDS):
        return 0.0, end  # "50 dollars 40 yuan": two amounts side by side
    return int(m.group(1)) / 100, stop


_SHORT_SCALES_SPACED = {"bn", "mn", "mln", "bln", "trn", "tn", "tln"}
_RESOLUTIONS = {240.0, 360.0, 480.0, 540.0, 720.0, 1080.0, 1440.0, 2160.0, 4320.0}
_YEAR_PREPS = {"in", "since", "by", "from", "until", "till", "to", "of", "before", "after", "between", "during",
               "circa", "c.", "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter",
               "year", "fiscal", "fy", "through", "as", "than", "around"}
_PLURAL_IRREGULAR = {"people", "children", "men", "women", "staff", "police", "cattle", "personnel", "sheep",
                     "fish", "deer", "youth", "aircraft", "crew", "livestock", "mice", "feet", "teeth", "geese"}


def _plural(word: str) -> bool:
    """Does this lower-case word look like a plural noun ("workers", "people"), not "is" or "was"?"""
    return word in _PLURAL_IRREGULAR or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _currency_before(text: str, start: int):
    """A currency sign or code written before position ``start``: ((ISO, multiplier), its start) or None."""
    tail = text[max(0, start - 9):start].rstrip()
    if not tail:
        return None
    last = tail[-1]
    if not (last in _CUR_SIGNS or last == "." and tail.endswith(("Rs.", "rs."))
            or last.isalpha() and tail.lower().endswith(_CUR_WORDS)):
        return None
    pm = _CUR_PREFIX.search(text, max(0, start - 8), start)
    if pm is None:
        return None
    return L.CURRENCY_PREFIX[_SPACE.sub("", pm.group(1).lower())], pm.start()


def _metres(text: str, w: _Words, i: int) -> bool:
    """Is a glued "m" metres ("37m-long", "the 100m final", "8.8m high") rather than million?"""
    return i < len(w.low) and w.low[i] in L.DIMENSIONS


def _candidate(text: str, start: int, end: int, value: float, spelled: bool, urlish: bool = True,
               cur=None, far_end: bool = False, memo: dict | None = None) -> Figure | None:
    """:func:`_classify`, once per mention and reading: ``memo`` keeps what was worked out for a range that was
    then not one ("in 2021 to 12.1 trillion yuan" reads both numbers to decide), so the mention is not read again.
    Only figures nobody has kept are reused (a range's parts are skipped afterwards)."""
    if memo is None:
        return _classify(text, start, end, value, spelled, urlish, cur, far_end)
    # far_end only matters after "digit-": the far end of "2025-2027"
    key = (start, end, spelled, cur, far_end and start > 1 and text[start - 1] in "-–" and text[start - 2].isdigit())
    if key not in memo:
        memo[key] = _classify(text, start, end, value, spelled, urlish, cur, far_end)
    return memo[key]


def _classify(text: str, start: int, end: int, value: float, spelled: bool, urlish: bool = True,
              cur=None, far_end: bool = False) -> Figure | None:
    """Classify one number mention by its surroundings; None when it is not a key figure.

    ``urlish`` says whether the text has anything like a URL in it at all (a per-text check); ``cur`` is a
    currency glued before the digits ("RM120,000"): ((ISO, multiplier), start of the code)."""
    raw = text[start:end]
    prev = _prev_word(text, start)
    w = _Words(text, end)
    if cur is None:
        cur = _currency_before(text, start) if not spelled else None
    # a scale: "12.1 trillion", "10-billion-yuan", "1.2bn", "37m" (but "37m-long", "1.5mm nozzle": lengths)
    i, scale = 0, 1.0
    if w.low and w.glued() and w.low[0] in L.SHORT_SCALES and not spelled:
        word = w.low[0]
        if cur is not None or w.lookup(L.CURRENCY_SUFFIX, 1, 3)[0] is not None:
            scale, i = L.SHORT_SCALES[word], 1
        elif word == "m" and len(w.low) > 1 and w.low[1] in L.RACE_WORDS and w.seps[1] == " ":
            return None  # the 100m final: a race's name
        elif word == "mm" or (word == "m" and _metres(text, w, 1)):
            pass  # millimetres, metres: the unit lexicon reads them below
        elif w.raw[0] == "K" and value in (2, 4, 5, 6, 8, 10, 12, 16) or w.low[0] == "k" and len(w.low) > 1 \
                and w.low[1] in ("run", "race", "km"):
            pass  # 4K, 8K: screen resolutions; a 10k run
        else:
            scale, i = L.SHORT_SCALES[word], 1
    elif w.low and w.low[0] in L.SCALES and w.seps[0].strip() in ("", "-"):
        scale, i = L.SCALES[w.low[0]], 1
        while i < len(w.low) and w.low[i] in L.SCALES and w.seps[i].strip() in ("", "-") \
                and L.SCALES[w.low[i]] > L.SCALES[w.low[i - 1]]:
            scale, i = scale * L.SCALES[w.low[i]], i + 1  # "4 hundred million"
    elif w.low and w.low[0] in L.INDIAN_SCALES and not w.glued():
        scale, i = L.INDIAN_SCALES[w.low[0]], 1
        if len(w.low) > 1 and w.low[1] in L.INDIAN_SCALES and L.INDIAN_SCALES[w.low[1]] > scale:
            scale, i = scale * L.INDIAN_SCALES[w.low[1]], 2  # "11.11 lakh crore"
    elif w.low and not spelled and w.seps[0] == " " and (w.low[0] in _SHORT_SCALES_SPACED or w.raw[0] in ("B", "M")
                                                         and len(w.raw) > 1 and w.raw[1][:1].islower()):
        scale, i = L.SHORT_SCALES[w.low[0]], 1  # "8 bn yuan", "8 B people"
    value *= scale
    end = w.end(i, end)
    clock = _CLOCK.match(text, end) if i == 0 else None
    if clock or (text[end:end + 1] == ":" and text[end + 1:end + 3].isdigit()):
        return Figure(start, clock.end() if clock else end, "", "time", None, None)
    if urlish and _url_like(text, start):
        return None
    if text[end:end + 1] == "/" and text[end + 1:end + 2].isdigit():
        return None  # 24/7, 3/4: a code or a fraction read elsewhere
    if start > 1 and text[start - 1] in "-–" and text[start - 2].isdigit() and not far_end:
        return None  # the far end of "2025-2027", "2-2", "020-1234" (ranges are joined before this)
    bound = None
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        hyphen = _HYPHEN_PREFIX.search(text, max(0, start - 10), start)
        if hyphen is None:
            return None  # COVID-19, Mate-60
        word = hyphen.group(1).lower()
        if word in ("minus", "negative"):
            value, start = -value, hyphen.start()  # "minus-130 degrees F"
        else:
            bound = "lt" if word == "sub" or word == "under" else ("gt" if word == "over" else None)
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
    if cur is not None:
        cur, start = cur
        if i == 0 and w.low and w.glued() and w.low[0] in L.SHORT_SCALES:  # $5m
            value, i = value * L.SHORT_SCALES[w.low[0]], 1
            end = w.end(1, end)
    found, k = w.lookup(L.CURRENCY_SUFFIX, i, 3)
    if found is not None:
        word = w.low[k - 1]
        if word in ("$", "€", "£") and _DIGIT_AFTER.match(text, w.ends[k - 1]):
            found = None  # "$20,000.00 $37,305.97": the sign belongs to the next amount
        elif word == "p" and (not w.glued(i) or value in _RESOLUTIONS or k - 1 != i):
            found = None  # "1080p" is a resolution; "p 12" a page
        elif word in ("pound", "pounds") and (
                (k < len(w.low) and w.low[k] in ("of", "feet", "foot") and w.seps[k] in (" ", "-"))
                or w.seps[i] == "-" or value != int(value) and value < 1):
            found = None  # "5 pounds of beef", "a 5-pound bag", "pound-feet", "1/2 pound": a weight
        elif word == "won" and (prev.lower() in L.SCORE_WORDS or not w.glued(i) and value < 100 and cur is None
                                and k < len(w.low) and w.low[k] in ("the", "a", "an", "in", "at", "by")):
            found = None
    if found and (cur is None or found[0] == cur[0]):
        cur, end, i = found, w.end(k, end), k
        if i < len(w.low) and w.low[i] in L.SCALES and value == int(value):  # "75 USD million"
            value, end, i = value * L.SCALES[w.low[i]], w.end(i + 1, end), i + 1
        elif w.low[k - 1] in L.MINOR_UNITS:
            frac, end = _minor(text, w, k, end)
            value += frac
    if cur:
        iso, mult = cur
        f = Figure(start, end, "", "money", value * mult if mult >= 1 else value / round(1 / mult), iso)
        f._after = i
        return _with_bound(f, bound)
    unit, k = w.lookup(L.PERCENT_WORDS, i, 2)
    if unit and not (w.low[i] == "pc" and not (w.glued(i) or w.seps[i] == " ")):
        return _with_bound(Figure(start, w.end(k, end), "", "percent", value, unit), bound)
    unit, k = w.lookup(L.UNITS, i, 4)
    if unit and w.low[k - 1] == "of":  # "pounds of"
        k -= 1
    if unit and (w.low[i] not in L.GLUED_AMBIGUOUS or _unit_reading(text, w, i, k, value, unit)):
        f = Figure(start, w.end(k, end), "", "quantity", value, unit)
        return _with_bound(f, bound)
    if i < len(w.low) and (w.low[i] == "times" and not w.glued(i) or w.low[i] == "fold" and w.seps[i] == "-"):
        return Figure(start, w.end(i + 1, end), "", "ratio", value, "x")
    # a bare number: a count, unless it names, labels or dates something
    if w.glued(i) and w.low:
        if len(raw) == 4 and raw.isdigit() and w.low[i] == "s":
            return Figure(start, w.ends[i], "", "time", value, None)  # the 1990s
        return None  # 5G, 3D, 4K: a name, not an amount
    if spelled and scale == 1.0 and not _SCALED.search(raw):
        return None  # "two of the", "one-stop": spelled small numbers are words, not figures
    pl = prev.lower()
    if pl in L.LABEL_WORDS or pl.rstrip(".") in L.LABEL_WORDS or pl in L.AGE_WORDS or pl in L.PHONE_CUES:
        return None
    if _PHONE_GROUPS.search(text, max(0, start - 24), min(len(text), end + 24)) and _in_phone(text, start, end):
        return None  # +44 20 7946 0958
    if prev[:1].isupper() and not _starts_sentence(text, text.rindex(prev, 0, start)) and pl not in L.NATIONALITIES:
        return None  # Mate 60, Hung Shui Kiu 2: a name with a number
    if text[start - 2:start] == ", " and text[end:end + 1] == "," and value < 120 and scale == 1.0:
        who = _WORD_BEFORE_COMMA.search(text, max(0, start - 30), start)
        if who and (who.group(1)[0].isupper() or who.group(1).lower() in L.PERSON_NOUNS):
            return None  # "Wang, 65, said", "her son, 19, and": an age
    plain = scale == 1.0 and "," not in raw and "." not in raw and " " not in raw and not spelled
    if i < len(w.raw) and w.raw[i][:1].isupper() and not w.glued(i):
        n = i
        while n < len(w.raw) and w.raw[n][:1].isupper() and w.raw[n] not in _ROAD_WORDS:
            n += 1
        if n < len(w.raw) and n > i and w.raw[n] in _ROAD_WORDS:
            return None  # 2 Shennan Road
        if plain and w.low[i] not in L.NATIONALITIES and not _plural(w.low[i]) \
                and not (n < len(w.low) and _plural(w.low[n])):
            return None  # the 787 Dreamliner, Windows 11 Pro: a model, not an amount
    if plain:
        if raw[0] == "0" and len(raw) > 1 or len(raw) >= 11:
            return None  # 020, 13800138000: a code or a phone number
        if len(raw) >= 5 and _phone_context(text, start):
            return None  # call 12345
        if len(raw) == 4 and 1000 <= value <= 2100:
            nxt = w.low[i] if i < len(w.low) and not w.glued(i) else ""
            if pl in _YEAR_PREPS or not _plural(nxt) or nxt in L.NOUN_STOP:
                return Figure(start, end, "", "time", value, None)  # in 2021, the 1988 film, a 2020-model SUV
    return _with_bound(Figure(start, end, "", "count", value, None), bound)


_DIGIT_AFTER = re.compile(r"[ \t]?\d")
_SCALED = re.compile(r"hundred|thousand|million|billion|trillion|dozen|lakh|crore", re.I)


def _with_bound(f: Figure, bound: str | None) -> Figure:
    if bound:
        f._bound = bound
    return f


def _in_phone(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end() and ("+" in m.group() or m.group().count(" ") >= 2)
               for m in _PHONE_GROUPS.finditer(text, max(0, start - 24), min(len(text), end + 24)))


def _phone_context(text: str, start: int) -> bool:
    """Is there a phone cue ("call", "hotline", "tel") among the five words before position ``start``?"""
    words = text[max(0, start - 40):start].lower().replace(":", " ").split()[-5:]
    return any(x in L.PHONE_CUES or x.rstrip(".") in L.PHONE_CUES for x in words) or "+" in text[max(0, start - 2):start]


def _unit_reading(text: str, w: _Words, i: int, k: int, value: float, unit: str) -> bool:
    """A short unit that could be a name or a word ("5G", "a 2 in 3 chance", "Xi 5 m"): read it as a unit?"""
    word, rawword = w.low[i], w.raw[i]
    if not w.glued(i) and word in ("in", "m", "g", "w", "l", "p", "ps", "mp", "pt", "ft", "nm"):
        return word in ("m", "ft", "nm", "pt") and (i + 1 >= len(w.low) or w.low[i + 1] in L.DIMENSIONS)
    if word == "g":
        return rawword == "g" and not (i + 1 < len(w.low) and w.low[i + 1] in ("network", "networks", "mobile",
                                                                                 "phone", "phones", "services"))
    if word in ("w", "l"):
        return True
    if word == "mp":
        return rawword == "MP"
    if word == "pa":
        return rawword == "Pa"
    return True


_NOTHING = Figure(0, 0, "", "none", None, None)  # a range that is no figure at all (a score, an age range)


_JOIN_WORD = re.compile(r"[-–~]| to | and | or ")
_SCALE_OR_UNIT_AFTER = re.compile(r"[ \t]*[a-zA-Z%]")


def _joined(text: str, start: int, end: int, value: float, spelled: bool, extra, nxt: tuple, urlish: bool,
            memo: dict | None = None):
    """The "-", "to", "and", "or" between a number and the next one, when the next one follows it directly or
    after the first one's own scale or unit ("A$2.43 billion and A$2.48 billion")."""

    def at(pos: int):
        j = _RANGE_JOIN.match(text, pos)
        if j is not None and (j.end() == nxt[0] or _SIGN_BETWEEN.fullmatch(text, j.end(), nxt[0])
                              or len(nxt) > 4 and nxt[4] not in (None, "fraction") and nxt[4][1] == j.end()):
            return j
        return None

    j = at(end)
    if j is None and _SCALE_OR_UNIT_AFTER.match(text, end) and _JOIN_WORD.search(text, end, nxt[0]):
        f = _candidate(text, start, end, value, spelled, urlish, cur=extra if extra not in (None, "fraction") else None,
                       memo=memo)
        if f is not None and f.end > end:
            j = at(f.end)
    return j


def _range(text: str, x: tuple, y: tuple, joined, urlish: bool, memo: dict | None = None) -> list[Figure] | None:
    """Two number mentions joined by "-", "to", "and" (after "between"), "or": one figure with ``value_to``
    ("15-22 mph", "$10 to $15 billion", "between 5 and 7 percent", "eight or nine euros", "3-5 billion yuan"),
    or nothing (a score "drew 2-2", an age range "aged 18 to 34", a date range "Sept. 20-24"). None when the
    two are no range: each is then read on its own."""
    xs, xe, xv, xspelled = x[:4]
    ys, ye, yv, yspelled = y[:4]
    word = (joined.group(1) or "-").lower()
    x_raw, y_raw = text[xs:xe], text[ys:ye]
    years = [len(r) == 4 and r.isdigit() and 1000 <= v <= 2100 for r, v in ((x_raw, xv), (y_raw, yv))]
    if years[0] and (years[1] or word == "-" and len(y_raw) == 2):
        return None  # 2025-2027, 2024-25, between 2020 and 2025: years, read by the time tagger
    prev = _prev_word(text, xs).lower()
    if prev in L.AGE_WORDS:
        return [_NOTHING]  # aged 18 to 34
    if prev.rstrip(".").title() in _MONTH_NAMES:
        return [Figure(xs, ye, "", "time", xv, None)]  # Sept. 20-24
    before = _BETWEEN.search(text, max(0, xs - 16), xs)
    if word == "and" and (before is None or before.group().lower().startswith("from")):
        return None
    if word == "-" and not xspelled and not yspelled and xv == int(xv) and yv == int(yv) and xv < 200 and yv < 200 \
            and ("." not in x_raw and "." not in y_raw):
        words = text[max(0, xs - 40):xs].lower().split()[-3:]
        if any(w.strip(",.") in L.SCORE_WORDS for w in words) or _SCORE_AFTER.match(text, ye):
            return [_NOTHING]  # drew 2-2, a 3-1 win
    fy = _candidate(text, ys, ye, yv, yspelled, urlish, cur=y[4] if len(y) > 4 and y[4] != "fraction" else None,
                    far_end=True, memo=memo)
    if fy is None or fy.kind not in KEY_KINDS or fy.kind == "ordinal":
        return None
    if xspelled and (xv < 1 or xv != int(xv) or prev in _NOT_HALF_BEFORE):
        return None  # "the first quarter to ...": a period, not the low end of a range
    fx = _candidate(text, xs, xe, xv, xspelled, urlish, cur=x[4] if len(x) > 4 and x[4] != "fraction" else None,
                    memo=memo)
    if fx is None and not xspelled or fx is not None and fx.kind not in (*KEY_KINDS, "none"):
        return None
    if word == "or" and (fy.kind == "count" or fx is not None and fx.end > xe):
        return None  # "one or two", "5 percent or 10 percent": two figures, or none
    own = fx is not None and fx.end > xe  # X has its own scale or unit: "2 million to 3 million"
    if own and (fx.kind != fy.kind or fx.unit != fy.unit):
        return None
    factor = fy.value / yv if yv else 1.0
    low = fx.value if own else xv * factor
    start = fx.start if fx is not None else xs
    if word == "to" and before is not None and before.group().lower().startswith("from") \
            and _CHANGE_BEFORE_FROM.search(text, max(0, xs - 40), xs):
        # "from 5 to 7 percent": two levels, the first in the second's unit
        return [Figure(start, xe if not own else fx.end, "", fy.kind, low, fy.unit), fy]
    if word == "to" and not own and fx is not None and fx.kind == "count" and fy.kind == "count":
        return None  # "raised the total to 310": a level, not a range
    f = Figure(start, fy.end, "", fy.kind, low, fy.unit, value_to=fy.value)
    for attr in ("_bound", "_after"):
        if hasattr(fy, attr):
            setattr(f, attr, getattr(fy, attr))
    return [f]


_MULTIPLE = re.compile(r"(?<![a-z-])(?:(twice|thrice)|(one|two|three|four|five|\d{1,2}) in "
                       r"(two|three|four|five|six|seven|eight|nine|ten|\d{1,3}))(?![a-z\d])")
#: what every "one in three" contains (a plain " in " search would run the full pattern on most English texts)
_IN_SMALL = re.compile(r" in (?:two|three|four|five|six|seven|eight|nine|ten|\d{1,3})(?![a-z\d])")
_MULTIPLE_FOLLOW = re.compile(r"[ \t]+(?:the|as|that|its|their|his|her|our|this|what|of|[a-z]+['’]s?)\b")
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10}


def _multiples(text: str, lower: str) -> list[Figure]:
    """"twice the price", "roughly twice today's cells" (ratio 2); "one in three of all cars" (ratio 1/3)."""
    out = []
    for m in _MULTIPLE.finditer(lower):
        if m.group(1):
            if _MULTIPLE_FOLLOW.match(lower, m.end()) and not lower[m.end():m.end() + 5].startswith(" as m"):
                out.append(Figure(m.start(), m.end(), "", "ratio", 2.0 if m.group(1) == "twice" else 3.0, "x"))
            continue
        a, b = (int(x) if x.isdigit() else _SMALL[x] for x in m.groups()[1:])
        if 0 < a < b and (_FRACTION_FOLLOW.match(lower, m.end()) or
                          lower[max(0, m.start() - 12):m.start()].split()[-1:] in
                          (["roughly"], ["about"], ["nearly"], ["almost"], ["some"], ["around"], ["or"], ["just"])):
            out.append(Figure(m.start(), m.end(), "", "ratio", a / b, "x"))
    return out


_NOT_HALF_BEFORE = {"first", "second", "third", "fourth", "final", "last", "latter", "other", "the", "this", "next",
                    "previous", "each", "every", "per", "same", "that", "opening", "closing", "early", "late"}
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9}


def _fractions(text: str, lower: str) -> list[Figure]:
    """Spelled fractions of a whole: "a third of those screened", "almost half", "nearly two-thirds of"."""
    from reader.figures.numbers import FRACTIONS

    out = []
    for m in _FRACTION.finditer(lower):
        num, den = m.group(1), m.group(2)
        if num is None and den != "half":
            continue  # "the third quarter", "fifth": ordinals and periods
        if text[m.end():m.end() + 1] == "-" or lower[m.end():m.end() + 3] == " a " and den == "half":
            continue  # "half-year", "quarter-final", "half a million" (a count, read elsewhere)
        before = lower[max(0, m.start() - 30):m.start()].split()
        prev = before[-1] if before else ""
        if prev in _NOT_HALF_BEFORE:
            continue
        after = lower[m.end():m.end() + 30].split()[:4]
        if any(w.strip(",.") in L.TIME_UNITS for w in after[:4]) and (after[:1] in (["of"], ["an"], ["a"])):
            continue  # "half an hour", "a quarter of the year"
        if not (_FRACTION_FOLLOW.match(lower, m.end()) or prev in _FRACTION_CUES):
            continue
        value = (_NUMERATORS[num] if num else 1) / FRACTIONS[den]
        if den.endswith("s") and num in (None, "a", "one"):
            continue
        out.append(Figure(m.start(), m.end(), "", "ratio", value, "x"))
    return out


def _month_before(text: str, i: int) -> bool:
    """Is the word right before position i a month name ("March 3", "Dec. 31")?"""
    return text[max(0, i - 1):i] in (" ", "\u00a0") and _prev_word(text, i).rstrip(".").title() in _MONTH_NAMES


# ---- ranks, people, times -----------------------------------------------------------------------
_HYPHEN_SUPERLATIVE = re.compile(rf"-({'|'.join(L.SUPERLATIVES)})\b", re.I)
_SCOPE = re.compile(r"\b(?:world|country|nation|china|city|province|region)['’]s\s+$", re.I)
_RANK_VERBS = set(L.RANK_VERBS[:18])
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
        if ranked or (digits and prev == "the" and nxt.lower() not in L.NOT_RANK_NOUNS):
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
_CLAUSE = re.compile(r",(?!\d)|;|:|\(|\)|\[|\]|\n|\.(?=\s)|!(?=\s)|\?(?=\s)|"
                     rf"{L.trie_at_word_start(('and', 'while', 'but', 'whereas', 'which', 'with'))}\b")
_PHRASAL_OVER = tuple(f" {v} over" for v in ("handed", "hand", "hands", "handing", "took", "take", "takes", "taking",
                                                "taken", "turned", "turn", "turns", "signed", "passed", "pass", "won"))
_APPROX_ENDS = tuple(" " + a for a in L.APPROX)
_BOUND_ENDS = [(" " + b + q, k) for b, k in sorted(L.BOUNDS, key=lambda x: -len(x[0]))
               for q in ("", " about", " around", " nearly", " some")]
_ANY_BOUND = tuple(cue for cue, _ in _BOUND_ENDS)
_BOUND_LAST_WORDS = {cue.rsplit(" ", 1)[-1] for cue in _ANY_BOUND}
_UP_WORDS = {w for w in L.UP if " " not in w}
_DOWN_WORDS = {w for w in L.DOWN if " " not in w}
_BASIS = re.compile(rf"[\s,]*(?:(?:in|for|during)\s+[\w-]+(?:\s+[\w-]+){{0,2}}?[\s,]+|(?:higher|lower|more|less)\s+)?"
                    rf"(?:(?:or|and)\s+)?({L.alternation(b for b, _ in L.BASIS)})\b", re.I)
_BASES = {b: k for b, k in L.BASIS}
_VERBS = {v for v in L.METRIC_VERBS if " " not in v}
_CONVERSION = re.compile(r"\s*\(\s*(?:about|around|or|roughly|some)?\s*")
_SENTENCE_END = re.compile(r"[.!?]\s")
_PUNCT = re.compile(r"[,.;:()\[\]!?\n]")
_GROWTH = re.compile(r"(growth|increase|rise|share|rate|gdp|decline|drop)$", re.I)


class _Clauses:
    """Clause boundaries of a text, found once: where does the clause around position i start, and where does it
    start when only punctuation ends a clause (``segment``: "Trade with ASEAN members rose" is one)?"""

    def __init__(self, text: str):
        self.text = text
        self.ends = [m.end() for m in _CLAUSE.finditer(text)]

    def segment(self, i: int, s_start: int) -> int:
        k = bisect.bisect_right(self.ends, i) - 1
        ends, text, lo = self.ends, self.text, max(s_start, i - 240)
        while k >= 0 and ends[k] > lo and text[ends[k] - 1].isalpha():
            k -= 1  # a joining word ("and", "with"): only punctuation ends a segment
        return max(ends[k] if k >= 0 else 0, lo)

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


_NOUN_AFTER_STOP = L.NOUN_STOP | set(L.TIME_UNITS) | {"higher", "lower", "faster", "slower", "thick", "long",
                                                       "high", "wide", "deep", "tall", "heavy", "ahead", "behind",
                                                       "off", "out", "against", "aged", "away", "apart", "old",
                                                       "through", "along", "via", "toward", "towards", "near",
                                                       "around", "between", "beyond", "past", "inside", "outside"}
_DETERMINER_NEXT = {"the", "a", "an", "its", "their", "his", "her", "our", "in", "at", "on", "by", "for", "to"}


_PRESENT_VERBS = {"work", "live", "study", "use", "take", "make", "visit", "come", "go", "say", "remain", "stay",
                  "need", "want", "own", "hold", "get", "pay", "earn", "face", "join", "leave", "attend", "receive"}
_GENERIC_COUNTERS = {"units", "unit", "pieces", "items", "sets", "times", "cases"}


def _words_after(text: str, end: int, limit: int = 4) -> list[str]:
    """The noun phrase after a figure: "170,000 5G base stations, ..." -> 5G base stations; "37m-long footbridge"
    -> footbridge; "2,011 adults aged 18" -> adults; "1.5 lakh pilgrims visited" -> pilgrims."""
    chunk = _PUNCT.split(text[end:end + 80], maxsplit=1)[0]
    if chunk.startswith("-"):
        parts = chunk.split(None, 1)
        chunk = parts[1] if len(parts) > 1 else ""  # "-long footbridge"
    words = []
    parts = chunk.split()
    for i, w in enumerate(parts):
        lw = w.lower()
        if not words and lw in ("more", "additional", "extra", "further", "other"):
            continue
        if lw in _NOUN_AFTER_STOP or lw in L.METRIC_VERBS or not (w[0].isalnum() or w[0] in "$€£"):
            break
        if words and (lw.endswith(("ed", "ing")) and len(lw) > 4 or lw in _SUBJECT_VERBS or lw in _PRESENT_VERBS
                      or lw in IRREGULAR_PAST or lw in PRESENT_VERBS):
            break  # "people watched", "adults earning below", "people found", "camera records"
        if not words and (lw in IRREGULAR_PAST or lw.endswith("ed")) and i + 1 < len(parts) \
                and parts[i + 1].lower() in _DETERMINER_NEXT:
            break  # "74,310 watched the final": a verb, no counted noun
        words.append(w)
        if len(words) == limit:
            break
    return words


_OF_AFTER = re.compile(r"[ \t]+of[ \t]+((?:[\w'’-]+[ \t]+){0,4}[\w'’-]+)")
_SUBJECT_VERBS = _VERBS | {"reaches", "totals", "tops", "topped", "expects", "expected", "fetches", "start",
                           "starts", "costs", "weighs", "makes", "returned", "delivers", "measured", "took", "had",
                           "has", "have", "lost", "hit", "settled", "closed", "fell", "rose", "grew", "stood",
                           "averaged", "averaging", "scored", "threw", "ran", "swapped", "paid", "bought", "set",
                           "cut", "shipped", "collected", "visited", "watched", "finished", "carried", "handled",
                           "drew", "won", "fits", "holds", "draw", "lasted", "range", "ranged", "will", "would",
                           "could", "can", "may", "might", "should", "must", "aims", "plans", "calls", "needs",
                           "covers", "cover", "covered", "spans", "stretches", "measures", "averaged", "peaked",
                           "peaking", "weakened", "strengthened", "narrowed", "widened", "eased",
                           "saw", "spent", "spend", "spends", "give", "gives", "gave", "offers", "offered",
                           "climbed", "jumped", "dipped", "slipped", "gained", "added", "surged", "plunged",
                           "declined", "dropped", "increased", "decreased", "expanded", "contracted", "shrank",
                           "jumped", "doubled", "widened", "narrowed", "raised", "lowered", "reported", "posted",
                           "recorded", "registered", "generated", "produced", "built", "sold", "earned", "made",
                           "received", "attracted", "moved", "delivered", "opened", "listed", "planted", "issued",
                           "approved", "invested", "exceeded", "surpassed", "accounted", "amounted", "came",
                           "totaled", "totalled", "reached", "hit", "is", "was", "were", "are", "be", "been"}


_LEVEL_WORDS = {"to", "from", "at", "of"}
_CHANGE_NOUNS = {"increase", "rise", "growth", "gain", "jump", "surge", "decline", "drop", "fall", "decrease",
                 "contraction", "expansion", "cut", "reduction", "slump", "plunge", "dip", "climb", "boost",
                 "hike", "slide", "upturn", "downturn", "shrinkage", "increment", "uptick"}
_PHRASAL = {"touched", "touch", "touches", "set", "sets", "shut", "shuts", "broke", "break", "picked", "pick",
            "signed", "sign", "ended", "end", "made", "make", "sat", "sit", "stepped", "step", "turned", "turn",
            "wound", "wind", "cracked", "crack", "came", "come", "scaled", "scale", "backed", "back", "played"}
_UP_NOUNS = {"increase", "rise", "growth", "gain", "jump", "surge", "expansion", "boost", "hike", "climb", "upturn",
             "increment", "uptick"}
_CUE_WORDS = ({w for cue in (*L.APPROX, *(b for b, _ in L.BOUNDS)) for w in cue.split()}
              | {"record", "a", "an", "the", "new", "some"}) - {"up"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"}
_ADVERBS = {"now", "also", "still", "already", "then", "which", "that", "currently", "meanwhile", "alone", "only"}
_ANTECEDENT = re.compile(r"((?:[\w'’-]+[ \t]+)?[\w'’-]+)[ \t]*,[ \t]*$")
_BARE_CHANGES = {"increase", "rise", "growth", "gain", "jump", "decline", "drop", "fall", "decrease", "average",
                 "total", "record", "sum", "amount", "figure", "value", "level", "cut", "hike", "reduction"}
_ATTRIBUTIVE_HEADS = {"a", "an", "the", "its", "their", "his", "her", "our", "your", "new", ""}
_OBJECT_VERBS = {"raising", "raised", "raise", "raises", "lifting", "lifted", "lift", "pushing", "pushed", "push",
                 "bringing", "brought", "bring", "cutting", "cut", "cuts", "lowering", "lowered", "lower", "taking",
                 "took", "increasing", "increased", "reducing", "reduced", "boosting", "boosted", "driving", "drove",
                 "expanding", "expanded", "extending", "extended"}
_ON_NOT = {"average", "top", "board", "sale", "time", "record", "paper", "track", "hold", "offer", "display", "the",
           "a", "an", "its", "their", "his", "her", "our", "this", "that", "each", "both", "behalf", "balance"}
_ON_AFTER = re.compile(r"[ \t]+on[ \t]+((?:[\w'’-]+[ \t]+){0,2}[\w'’-]+)")
#: "5 billion yuan in new funding", "RM100 in e-wallet credit": what an amount is given or spent as
_IN_AFTER = re.compile(r"[ \t]+in[ \t]+((?:[a-z][\w'’-]*[ \t]+){0,2}[a-z][\w'’-]*)")
_IN_NOT = {"all", "total", "cash", "full", "part", "turn", "return", "addition", "recent", "time", "line", "case",
           "order", "place", "fact", "principle", "person", "response", "theory", "practice", "particular", "one"}
#: "added 50.3 kilometres to the network": the thing that grew by the figure
_ADD_VERBS = {"added", "adds", "add", "adding", "contributed", "contributes", "contribute"}
_TO_AFTER = re.compile(r"[ \t]+to[ \t]+((?:[\w'’-]+[ \t]+){0,3}[\w'’-]+)")
#: "a galaxy 13.4 billion light-years away", "a bridge 55 km long": the noun the figure follows
_AUXILIARY_AFTER = re.compile(r"[ \t]+(?:had|have|were)[ \t]+[a-z]+ed\b")
_DIMENSION_AFTER = re.compile(r"[ \t]+(?:away|long|high|tall|deep|wide|thick|across|old|apart)\b")
_OF_WORD = re.compile(r" of ([a-z]+)\b")  # "a 50 percent lower risk of death"
_COMPARATIVE_AFTER = re.compile(r"[ \t]+(?:lower|higher|bigger|smaller|greater|larger|faster|slower|cheaper|"
                                r"dearer|less|more|fewer|longer|shorter|wider|narrower)\b")
_COMPARATIVES = {"lower", "higher", "bigger", "smaller", "greater", "larger", "faster", "slower", "cheaper",
                 "dearer", "less", "more", "fewer", "longer", "shorter", "wider", "narrower"}

#: participles that act as a clause's verb ("aggregates exceeding 1 trillion yuan"); past tenses and present forms
#: are in about.py
_PARTICIPLES = {"exceeding", "reaching", "totaling", "totalling", "hitting", "topping", "surpassing", "amounting",
                "accounting", "averaging", "earning", "numbering", "standing", "making", "costing", "rising",
                "falling", "growing", "climbing", "valued", "worth", "peaking", "hovering", "ranging", "totting",
                "representing", "contributing", "generating", "handling", "carrying", "serving", "employing"}
_MODALS = {"will", "would", "can", "could", "may", "might", "should", "must", "to", "shall", "did", "does", "do"}
_PREPOSITIONS = {"at", "to", "by", "of", "for", "within", "from", "in", "on", "with", "about", "around", "into",
                 "under", "over", "above", "below", "between", "than", "after", "before", "during", "across",
                 "through", "per", "off", "against", "among", "until", "via", "like", "as"}
_NOT_VERB_BEFORE = _DETERMINERS | _PREPOSITIONS | {"newly", "recently", "most", "least", "more", "less"}
_JOINS = {"and", "while", "but", "whereas", "or"}
_NOUNISH_VERBS = {"number", "numbered"}  # "turbines now number about 3,900"
_NOT_AFTER_MODAL = _DETERMINERS | _PREPOSITIONS | _CUE_WORDS | _ADVERBS | {"last", "next", "this", "date", "be",
                                                                          "have", "not", "also", "further"}
_TO_NOT_INFINITIVE = {"according", "due", "close", "compared", "similar", "equal", "up", "rose", "fell", "grew",
                      "climbed", "jumped", "dropped", "increased", "decreased", "declined", "raised", "cut", "lifted"}
_AUXILIARIES = {"have", "has", "had", "is", "are", "was", "were", "be", "been", "being"}
#: a verb after "and" with the subject of the verb before it: "plans to add ... and keep the unemployment rate"
_BASE_VERBS = {"keep", "add", "raise", "hold", "reach", "build", "invest", "spend", "make", "take", "give", "grow",
               "expect", "plan", "need", "want", "pay", "earn", "sell", "buy", "cover", "lift", "lower", "double",
               "triple", "boost", "attract", "create", "hire", "open", "launch", "deliver", "produce", "generate",
               "provide", "offer", "allocate", "set", "cut", "hit", "put", "bring", "draw", "account", "fall", "rise",
               "climb", "exceed", "surpass", "receive", "handle", "carry", "serve", "print", "run", "store", "cost",
               "use", "win", "lose", "score", "employ", "target", "aim", "see", "stay", "remain"}
_PLURAL_SUBJECT_VERBS = {"expect", "plan", "need", "want", "see", "say", "estimate", "forecast", "predict", "spend",
                         "pay", "earn", "hold", "keep", "make", "take", "give", "receive", "buy", "sell", "grow",
                         "reach", "account", "remain", "stay", "hope", "believe", "think", "fear", "own", "control",
                         # headlines: "Exports jump 10 percent", "Home prices slip 0.3 percent"
                         "rise", "fall", "jump", "slump", "surge", "climb", "drop", "dip", "soar", "slip", "top", "hit",
                         "near", "double", "triple", "exceed", "surpass", "ease", "edge", "slide", "tumble", "plunge"}
_ED_NOUNS = {"hundred", "kindred", "sacred", "naked", "wicked", "rugged", "ragged", "shred", "sled", "unled",
             "method", "period", "hatred", "bed", "red"}


#: past tenses of a change that are never a noun or an adjective, so a verb even after a possessive
_CHANGED = {"rose", "fell", "grew", "jumped", "climbed", "dropped", "slipped", "dipped", "surged", "soared", "slumped",
            "shrank", "tumbled", "plunged", "gained", "eased", "edged", "slid", "declined", "contracted"}


def _is_verb(low: list[str], i: int) -> bool:
    """Is word ``i`` of a clause (lower case) a verb here? "rose", "found", "uses a", "sets", "managed", "would
    grow", "to account"; not "the record", "a range", "of registered drone pilots", "beating forecasts"."""
    w = low[i]
    prev = low[i - 1] if i else ""
    if w not in _VERBISH and prev not in _BEFORE_VERBS and not w.endswith("ed"):
        return False  # most words: one look-up
    if prev.endswith(("'s", "’s")) and w in _CHANGED:
        return True  # "while Melbourne's fell 0.2 per cent": the noun is the one before, left out
    if prev in _DETERMINERS and prev != "that" or prev.endswith(("'s", "’s")) or w in ("up", "down") \
            or w.endswith("ed") and prev in _PREPOSITIONS and prev != "than":
        return False  # "the record", "of registered drone pilots"
    if prev in _MODALS and w.isalpha() and w not in _NOT_AFTER_MODAL and (prev != "to" or (
            w in _BASE_VERBS or i + 1 == len(low) or low[i + 1] in _NOT_AFTER_MODAL or low[i + 1][:1].isdigit())
            and not (w.endswith("s") or i > 1 and low[i - 2] in _TO_NOT_INFINITIVE)):
        return True  # "would grow", "can print", "to account for" (not "loans to small businesses")
    if w in _PLURAL_SUBJECT_VERBS and (prev in ("they", "we", "i", "you") or _plural(prev)):
        return True  # "Analysts expect"
    if prev in _AUXILIARIES and w.endswith(("ed", "en", "wn")):
        return True  # "have fallen", "was made"
    if w in PRESENT_VERBS:
        return not (prev in _SUBJECT_VERBS or prev in IRREGULAR_PAST or prev.endswith("ing"))  # "beating forecasts"
    if w in _SUBJECT_VERBS or w in IRREGULAR_PAST or w in _PARTICIPLES or w in _BASE_VERBS and prev in _JOINS \
            or w in _NOUNISH_VERBS and prev not in _PREPOSITIONS:
        return not (w in ("range", "cover") and prev in _PREPOSITIONS)
    return i > 0 and len(w) > 4 and w.endswith("ed") and not w.endswith("eed") and w not in _ED_NOUNS \
        and prev not in _NOT_VERB_BEFORE


_VERBISH = (_SUBJECT_VERBS | IRREGULAR_PAST | PRESENT_VERBS | _PARTICIPLES | _MODALS | _BASE_VERBS
            | _PLURAL_SUBJECT_VERBS | _NOUNISH_VERBS)
_BEFORE_VERBS = _MODALS | _AUXILIARIES
_VERB_OR_UP = _VERBISH | {"up", "down"}


def _last_verb(low: list[str], n: int) -> int:
    """The index of the last verb among the first ``n`` words of a clause, or -1 ("with infrastructure spending
    up 11.2 percent": "up" after a noun is the verb)."""
    for i in range(n - 1, max(-1, n - 21), -1):  # a clause's verb is near its figure
        w = low[i]
        if w not in _VERB_OR_UP and not w.endswith("ed") and not (i and low[i - 1] in _BEFORE_VERBS):
            continue  # most words, without a call
        if _is_verb(low, i) or w in ("up", "down") and i and low[i - 1].isalpha() \
                and low[i - 1] not in _PREPOSITIONS and low[i - 1] not in _DETERMINERS and not _is_verb(low, i - 1):
            return i
    return -1


def _np_before(words: list[str], low: list[str], v: int) -> tuple[str | None, bool]:
    """The subject of the verb at ``v``: the words before it back to the verb, "that" or clause before it
    ("said first-quarter net profit rose" -> first-quarter net profit; "fans and LeBron James scored" -> LeBron
    James). Returns (phrase, shared): ``shared`` when the verb has no subject of its own ("... and can print at")."""
    j = v - 1
    while True:
        while j >= 0 and (low[j] in _MODALS or low[j] in _ADVERBS and low[j] not in ("which", "that")):
            j -= 1  # "will rise", "now costs", "has made"
        if j >= 0 and low[j + 1] == "to" and _is_verb(low, j):
            j -= 1  # "it plans to raise": the subject of "plans"
            continue
        break
    if j >= 0 and low[j] in ("that", "which", "who"):
        if j == 0:
            return low[j], False  # ", which now stretches": the noun before the comma
        j -= 1  # "76 companies that raised": the noun the relative clause is about
    end = j + 1
    join = None
    participle = low[v].endswith("ing")
    stop = max(-1, end - 15)  # a subject is a few words long: no need to read a long clause to its start
    while j > stop:
        w = low[j]
        if (w in _VERBISH or w.endswith("ed") or j and low[j - 1] in _BEFORE_VERBS) and _is_verb(low, j) \
                or w in ("that", "who", "which"):
            break
        if words[j].endswith((",", ";", ":")) and j + 1 < end:
            break
        if participle and w in _PREPOSITIONS:
            break  # "a city with economic aggregates exceeding": the participle's own subject
        if w in _JOINS and join is None:
            join = j
        j -= 1
    if j > stop and join is not None:
        j = join  # a verb before the "and": the clause after it is the subject's own
    phrase = words[j + 1:end]
    if phrase and phrase[0].lower().strip(",") in _JOINS:
        phrase = phrase[1:]
    if not phrase:
        return None, True
    return " ".join(phrase).strip(","), False


#: verbs whose amount is the act itself, and the noun that act goes by: "fined the firm £104m" -> fine, "bought
#: back shares worth $2bn" -> buy-back, "valuing it at £4.1bn" -> valuation, "spending HK$24 billion" -> spending
_ACT_NOUNS = {**dict.fromkeys(("fined", "fines", "fine", "fining"), "fine"),
              **dict.fromkeys(("penalised", "penalized", "penalises", "penalizes", "penalising", "penalizing"),
                              "penalty"),
              **dict.fromkeys(("donated", "donates", "donate", "donating"), "donation"),
              **dict.fromkeys(("repurchased", "repurchases", "repurchase", "repurchasing"), "buy-back"),
              **dict.fromkeys(("valued", "values", "value", "valuing"), "valuation"),
              **dict.fromkeys(("spent", "spends", "spend", "spending"), "spending"),
              **dict.fromkeys(("invested", "invests", "invest", "investing"), "investment"),
              **dict.fromkeys(("borrowed", "borrows", "borrow", "borrowing"), "borrowing"),
              **dict.fromkeys(("pledged", "pledges", "pledge", "pledging"), "pledge")}
_BUY = {"buy", "buys", "bought", "buying"}
_ACT_WORDS = set(_ACT_NOUNS) | {"back"}
#: acts whose amount goes on something: "spend £37m on roads" measures the roads when the text names them
_DIRECTED_ACTS = {"spending", "investment"}
#: words between such a verb and its amount: the object ("the firm", "Barclays", "shares worth") and cue words
_OBJECT_FILLER = _DETERMINERS | {"it", "them", "him", "us", "worth", "back", "estimated", "further", "another",
                                 "additional", "extra", "record", "total", "combined"}


def _act_noun(words: list[str], low: list[str], k: int) -> str | None:
    """The noun of the act whose amount a money figure is, when a verb of :data:`_ACT_NOUNS` governs it across
    at most a short object: "fined the firm", "bought back shares worth", "valuing it at", "spending an
    estimated"; "is valued at" too. Not when a preposition, a verb or a comma comes between."""
    if _ACT_WORDS.isdisjoint(low[max(0, k - 6):k]):
        return None  # most amounts: no such verb near
    at = low[k - 1] == "at"  # "valuing the company at": the only preposition an act's amount takes
    j = k - 2 if at else k - 1
    for i in range(j, max(-1, j - 4), -1):
        w = low[i]
        if w == "back" and i and low[i - 1] in _BUY and not at:
            return "buy-back"
        act = _ACT_NOUNS.get(w)
        if act is not None:
            return act if at == (act == "valuation") else None  # not "the value of", "fined ... at"
        if words[i].endswith((",", ";", ":")) or w in _PREPOSITIONS or (w not in _OBJECT_FILLER and (
                not w.isalpha() or w in _VERBISH or _is_verb(low, i))):
            return None
    return None


def _np_before_of(words: list[str], low: list[str], i: int) -> list[str]:
    """The noun phrase before the "of" at ``i``: "it declared a dividend of" -> a dividend; "rise by an average
    of" -> an average; "Analysts expect earnings per share of" -> earnings per share."""
    j = i - 1
    while j >= 0 and not _is_verb(low, j) and not words[j].endswith(",") \
            and not (low[j] in _PREPOSITIONS and low[j] != "per") and low[j] not in _JOINS and i - j <= 5:
        j -= 1
    return words[j + 1:i]


def _of_noun(text: str, pos: int) -> str | None:
    """The noun phrase after "of" at ``pos``, without a leading determiner, cut before a verb or a stop word:
    " of its capital spending" -> capital spending; " of participants drank" -> participants."""
    of = _OF_AFTER.match(text, pos) if text.startswith(" of ", pos) else None
    if of is None:
        return None
    noun = of.group(1).split()
    if noun and noun[0].lower() in _DETERMINERS and len(noun) > 1:
        noun = noun[1:]
    low = [w.lower() for w in noun]
    cut = next((i for i, w in enumerate(low) if w in _NOUN_AFTER_STOP or w in L.NOUN_STOP
                or i and _is_verb(low, i)), len(noun))
    return " ".join(noun[:cut]) if cut else None


def _antecedent(text: str, clause_start: int, s_start: int) -> str | None:
    """The noun a "which" clause is about: "to the network, which now stretches" -> "the network"."""
    m = _ANTECEDENT.search(text, max(s_start, clause_start - 60), clause_start)
    if m is None:
        return None
    words = m.group(1).split()
    return " ".join(words) if words else None


def _names_a_thing(phrase: str) -> bool:
    """Does a subject phrase name a measured thing, not only a place, a company, a person or a pronoun?"""
    subject, _ = about_subject(phrase, None, "")
    return subject is not None


def _sentence_subject(text: str, s_start: int, f_start: int) -> str | None:
    """The words before the sentence's first verb: "The dam is 185 metres high, ... and cost $31 billion" -> dam."""
    words = text[s_start:f_start].split()
    low = [w.lower().strip(",") for w in words]
    for i, w in enumerate(words):
        if _is_verb(low, i):
            j = i
            while j and low[j - 1] in _MODALS | _ADVERBS:
                j -= 1
            return " ".join(words[:j]) if j else None
        if w.endswith(","):
            return None
    return None


_TOKEN = re.compile(r"\S+")
_BOUND_VERBS = {"exceeding", "exceeded", "exceeds", "surpassed", "surpassing", "topped", "tops"}
_PARTICLES = {"aside", "back", "off", "out", "away", "up", "down", "over"}
_OBJECT_PREPS = {"at", "by", "to", "within", "around", "about", "near", "below", "above", "under", "over"}
_BOUND_WORDS = {w for b, _ in L.BOUNDS for w in b.split()} - {"than", "to", "of"}
def _clause_verb(text: str, seg_start: int, f_start: int, clause: str, words: list[str], low: list[str]):
    """The words of a figure's clause back to punctuation (and in lower case), how many come before the cue words
    and prepositions that lead to the figure, and the index of the last verb among those (or -1)."""
    if seg_start == f_start - len(clause):
        seg, seg_low = words, low  # the clause starts at punctuation: it is the segment
    else:
        seg = text[seg_start:f_start].split()
        seg_low = [w.lower().strip(",") for w in seg]
    n = len(seg_low)
    while n > 0 and (seg_low[n - 1] in _CUE_WORDS and seg_low[n - 1] not in _LEVEL_WORDS
                     and seg_low[n - 1] not in _BOUND_VERBS or seg_low[n - 1] in _PREPOSITIONS
                     or seg_low[n - 1].endswith("-")):
        n -= 1  # (but "aggregates exceeding 1 trillion yuan": a bound that is the verb)
    return seg, seg_low, n, _last_verb(seg_low, n)


class _Cleaned(str):
    """A subject phrase that ``about_subject`` has already cleaned (with the figure's entity), so that it is not
    cleaned twice."""

    __slots__ = ("about",)


def _cleaned(phrase: str, about: tuple) -> _Cleaned:
    cleaned = _Cleaned(phrase)
    cleaned.about = about
    return cleaned


def _subject(text: str, f: Figure, clause: str, previous: Figure | None, s_start: int, seg_start: int) -> str | None:
    """The phrase that names what ``f`` measures (cleaned by ``about.clean_subject``); "" when the clause says it
    is an actor's figure ("it plans to raise another £800 million"), so that it borrows no other figure's subject.
    ``clause`` is the text before the figure back to the clause's start; ``seg_start`` where the figure's clause
    starts when only punctuation ends one."""
    same_sentence = previous is not None and previous.end >= s_start
    words = clause.split()
    low = [w.lower().strip(",") for w in words]
    k = len(low)
    while k > 0 and (low[k - 1] in _CUE_WORDS and low[k - 1] not in _LEVEL_WORDS or low[k - 1] == "between"
                     or low[k - 1].endswith("-") or low[k - 1] == "to" and k > 1 and low[k - 2] == "up"):
        k -= 2 if low[k - 1] == "to" else 1  # "a 1.5mm", "of between", "of up to": the word that governs it
    head = low[k - 1] if k else ""
    if head == "per":
        return None  # "water use per 10,000 yuan of GDP": the denominator of a rate measures nothing
    act = _act_noun(words, low, k) if f.kind == "money" and k else None
    if act is not None and act not in _DIRECTED_ACTS:
        return act  # "fined the firm £104m": the fine; "will buy back AUD500m of shares": the buy-back
    if f.kind == "count":
        after = _words_after(text, f.end)
        if after and after[0].lower() not in _GENERIC_COUNTERS:
            return " ".join(after)
        if after:
            of = _OF_AFTER.match(text, text.index(after[0], f.end) + len(after[0]))
            if of is not None:  # "200,000 units of affordable housing"
                noun = of.group(1).split()
                cut = next((i for i, w in enumerate(noun) if w.lower() in _NOUN_AFTER_STOP), len(noun))
                if cut:
                    return " ".join(noun[:cut])
    elif head == "or" and same_sentence and previous.subject:
        return previous.subject  # "450 billion yuan, or 13.6 percent"; "or roughly one in three of all cars"
    determined = head in _ATTRIBUTIVE_HEADS or head.endswith(("'s", "’s")) \
        or k < len(low) and ("a" in low[k:] or "an" in low[k:] or "the" in low[k:])  # "a $48.2 million contract"
    seg = None  # the words of the clause back to punctuation, and its verb: found when a rule needs them
    if f.kind == "percent":  # "8 percent GDP growth", "a 50 percent lower risk of death"
        after = _words_after(text, f.end, 3)
        if after and _GROWTH.search(" ".join(after)):
            return " ".join(after)
        if determined:
            comparative = _COMPARATIVE_AFTER.match(text, f.end)  # "a 50 percent lower risk"
            if comparative:
                after = _words_after(text, comparative.end(), 3)
            if after:
                at = text.find(after[-1], f.end) + len(after[-1])
                of = _OF_WORD.match(text, at) if text.startswith(" of ", at) else None
                return " ".join(after) + (f" of {of.group(1)}" if of and of.group(1) not in _DETERMINERS else "")
        of = _of_noun(text, f.end)
        if of is not None:
            seg, seg_low, n, v = _clause_verb(text, seg_start, f.start, clause, words, low)
        if of is not None and v >= 0:  # "DJI holds 70 percent of the market", "James has made 41 percent of his"
            phrase, shared = _np_before(seg, seg_low, v)
            if shared and v == 0 and seg_low[0].endswith("ing") and same_sentence and previous.subject:
                return previous.subject  # "..., accounting for 60 percent of new supply": what came before
            if shared:
                phrase = _sentence_subject(text, s_start, f.start)
            about = about_subject(phrase, f.entity, text) if phrase else (None, None)
            if about[0] is None:
                return of
            if not seg[v + 1:n]:
                return _cleaned(phrase, about)  # "New energy vehicles took 68 percent of sales": theirs
    if f.kind in ("money", "quantity", "ratio"):
        of = _of_noun(text, f.end)
        if of is not None and (f.kind != "ratio" or head != "of"):
            return of
        if f.kind == "ratio" and f.text.lower() == "half":
            the = re.match(r"[ \t]+the[ \t]+([a-z][\w-]*)", text[f.end:f.end + 40])
            if the:
                return the.group(1)  # "half the shops"
        if f.kind == "money":
            in_ = _IN_AFTER.match(text, f.end) if text.startswith(" in ", f.end) else None
            if in_ is not None:  # "generated 312 billion yuan in revenue", "invest Rs 75,000 crore in new energy"
                noun = in_.group(1).split()
                cut = next((i for i, w in enumerate(noun) if w in L.NOUN_STOP or w in L.TIME_UNITS
                            or w in L.MONTHS or w in _IN_NOT or i and _is_verb(noun, i)), len(noun))
                if cut:
                    return " ".join(noun[:cut])
            on = _ON_AFTER.match(text, f.end) if text.startswith(" on ", f.end) else None
            if on is not None and on.group(1).split()[0].lower() not in _ON_NOT:  # "spend £37m on roads"
                noun = on.group(1).split()
                cut = next((i for i, w in enumerate(noun) if w.lower() in _NOUN_AFTER_STOP), len(noun))
                if cut:
                    return " ".join(noun[:cut])
            if act is not None:
                return act  # "spending an estimated HK$24 billion" (what it went on, when the text says, wins)
        if text.startswith(" to ", f.end):
            seg, seg_low, n, v = _clause_verb(text, seg_start, f.start, clause, words, low)
            if v >= 0 and seg_low[v] in _ADD_VERBS and v == n - 1:
                to = _TO_AFTER.match(text, f.end)  # "added 50.3 kilometres to the network"
                if to is not None:
                    return to.group(1)
        if f.kind == "quantity" and head and not determined and head not in _PREPOSITIONS \
                and not _is_verb(low, k - 1) and _DIMENSION_AFTER.match(text, f.end):
            i = k - 1  # "a galaxy 13.4 billion light-years away"
            while i > 0 and low[i - 1] not in _DETERMINERS and not _is_verb(low, i - 1) \
                    and low[i - 1] not in _PREPOSITIONS:
                i -= 1
            return " ".join(words[i:k])
        if determined and (f.kind != "ratio" or head in ("a", "an", "the")):
            after = _words_after(text, f.end, 3)  # "a $48.2 million contract", "its 3nm chip"
            if after and not (f.kind == "ratio" and after[0].lower() in _COMPARATIVES) \
                    and not _AUXILIARY_AFTER.match(text, text.find(after[-1], f.end) + len(after[-1])):
                return " ".join(after)  # (not "the 800 billion yuan analysts had expected")
    if head == "of" and k >= 2:  # "economic growth of about 5.5 percent", "a fine of 50,000 yuan"
        phrase = _np_before_of(words, low, k - 1)
        bare = [w for w in phrase if w.lower() not in L.STOP_BEFORE]
        if bare and not (len(bare) == 1 and bare[0].lower() in _BARE_CHANGES):
            return " ".join(phrase)
        if bare and same_sentence and previous.subject and previous.change is not None \
                and bare[0].lower() in _CHANGE_NOUNS:
            return previous.subject  # "an increase of 11.1 per cent": of what came before
    if head == "by" and k >= 3:  # "cut its one-year policy rate by 15 basis points": the object
        for j in range(k - 2, -1, -1):
            if low[j] in _SUBJECT_VERBS or low[j] in _UP_WORDS or low[j] in _DOWN_WORDS:
                if j < k - 2:
                    return " ".join(words[j + 1:k - 1])
                break
    if head == "to" and k >= 3:  # "raising installed clean-energy capacity to about 4.8 gigawatts"
        for j in range(k - 2, max(-1, k - 8), -1):
            if low[j] in _OBJECT_VERBS:
                obj = [w for w in words[j + 1:k - 1]]
                if obj and not any(c.isdigit() for w in obj for c in w) \
                        and not (len(obj) == 2 and obj[0].lower() == "the" and obj[1].lower() in _BARE_CHANGES):
                    return " ".join(obj)
                break
    agent = False
    if seg is None:
        seg, seg_low, n, v = _clause_verb(text, seg_start, f.start, clause, words, low)
    if v < 0 and n == len(seg) > 1 and seg_low[0] in _JOINS and _names_a_thing(" ".join(seg[1:])):
        return " ".join(seg[1:])  # "..., and a pint of milk 95p": the verb is the clause's before
    if v >= 0:  # the clause's verb: its object ("kept its deposit rate at"), else its subject ("Trade ... rose")
        obj = seg[v + 1:n]
        while obj and obj[0].lower() in _PARTICLES:
            obj = obj[1:]  # "set aside"
        if obj and n < len(seg_low) and (seg_low[n] in _OBJECT_PREPS or seg_low[n] in _BOUND_WORDS) \
                and obj[0].lower() not in _PREPOSITIONS and seg_low[v] not in _AUXILIARIES \
                and not (previous is not None and previous.start >= seg_start and previous.text.split()[0] in obj) \
                and not (len(obj) <= 2 and obj[-1].lower() in _BARE_CHANGES) and _names_a_thing(" ".join(obj)):
            return " ".join(obj)  # "kept its deposit rate at 3.75 percent", "records 4K video at 60fps"
        phrase, shared = _np_before(seg, seg_low, v)
        if shared and v == 0 and seg_low[0].endswith("ing") and same_sentence and previous.subject:
            return previous.subject  # "..., accounting for more than 60 percent": what the clause before measured
        if phrase and phrase.lower() in ("which", "that"):
            phrase = _antecedent(text, seg_start, s_start)  # "the network, which now stretches ..."
        elif shared and f.kind == "count" and same_sentence and previous.kind == "count" and previous.subject:
            return previous.subject  # "carried 4.35 billion passengers ... and expect 4.7 billion"
        elif shared:
            phrase = _sentence_subject(text, s_start, f.start)  # "... and cost $31 billion"
        if phrase:
            thing, name = about_subject(phrase, f.entity, text)
            if thing is not None:
                return _cleaned(phrase, (thing, name))
            if f.kind == "count" and same_sentence and previous.kind == "count" and previous.subject \
                    and not _words_after(text, f.end, 1):
                return previous.subject  # "signed up 87 companies ..., and it aims for 300": the same things
            # "the Shanghai Composite rose": the index is its entity; "it plans to raise": an actor's figure,
            # "" so that it does not borrow the subject of the figure before it; a place alone may borrow
            agent = phrase if name is not None else (None if phrase.strip(",") in PLACES else "")
    if head == "to" and same_sentence and previous.change and not f.change and previous.subject:
        subj = previous.subject  # "grew 8 percent ... to 12.1 trillion yuan": the level of what grew
        return subj[:-len(" growth")] if subj.endswith(" growth") else subj
    if agent is not False:
        return agent  # "... and LeBron James scored 28 points": a person's figure, not the one before it
    if same_sentence and previous.subject and f.start - previous.end < 160:
        return previous.subject  # "..., up by 16.7 percent": the subject of the figure before it
    if v < 0:
        return _sentence_subject(text, s_start, f.start)  # "Average new home prices ... fell ..., by 0.7 percent"
    return None


_AFTER_DIRECTION = re.compile(r"[ \t]+(higher|lower|more|less|fewer|up|down)\b|(?:[ \t]+[A-Za-z][\w-]*){0,2}?[ \t]+"
                              r"(rise|increase|growth|gain|decline|drop|fall|decrease|jump|slump|surge|contraction)\b")
_RAISED = {"raised", "raises", "lifted", "lifts", "hiked", "hikes", "boosted", "increased"}
_LOWERED = {"lowered", "lowers", "reduced", "reduces", "trimmed", "slashed", "cut", "cuts"}
_AFTER_UP = {"higher", "more", "up", "rise", "increase", "growth", "gain", "jump", "surge"}


def _attributes(text: str, f: Figure, clause: str) -> None:
    """approx, bound, direction, basis and change: from the cue words around the figure."""
    before = " " + " ".join(text[max(0, f.start - 40):f.start].lower().split()[-5:])
    f.approx = before.endswith(_APPROX_ENDS)
    if before[before.rfind(" ") + 1:] in _BOUND_LAST_WORDS and before.endswith(_ANY_BOUND) \
            and not before.endswith(_PHRASAL_OVER):
        f.bound = next(kind for cue, kind in _BOUND_ENDS if before.endswith(cue))
    if f.kind == "ordinal":
        return
    words = clause.lower().split()
    k = len(words)
    while k > 0 and words[k - 1] in _CUE_WORDS and words[k - 1] not in _LEVEL_WORDS:
        k -= 1  # "rose to about", "up to", "to a record": the word that governs the figure
    head = words[k - 1] if k else ""
    after = _AFTER_DIRECTION.match(text, f.end) if f.kind in ("percent", "count", "money", "quantity") else None
    if head in _LEVEL_WORDS and not (head == "of" and k > 1 and words[k - 2].strip(",") in _CHANGE_NOUNS) \
            and not (head == "of" and k > 3 and words[k - 2] == "average" and words[k - 4] == "by"):
        f.change = False  # "to 115.2 billion yuan", "up to 500 yuan", "stood at", "up from 23,000", "a total of"
    elif after is not None:
        word = (after.group(1) or after.group(2)).lower()
        f.direction = "up" if word in _AFTER_UP else "down"  # "1.8 percent higher", "8 percent GDP growth"
    else:
        for i in range(k - 1, -1, -1):  # the nearest cue word before the figure decides
            w = words[i]
            if w in ("up", "down") and i and words[i - 1] in _PHRASAL \
                    or i and words[i - 1] in _DETERMINERS and w not in _CHANGE_NOUNS:
                continue  # "touched down", "set up", "the added value": no change
            if w in _UP_NOUNS:
                f.direction = "up"  # "an increase of 125,100"
                break
            if w in _CHANGE_NOUNS:
                f.direction = "down"
                break
            if w in _LEVEL_WORDS and i == k - 1 and w != "of" or w in ("to", "from", "at") and i < k - 1:
                break
            if w in _UP_WORDS or (w == "by" and i and words[i - 1] in _UP_WORDS) or w == "added" and f.kind == "percent" \
                    or w in _RAISED and head == "by":
                f.direction = "up"  # (and "raised its savings rate by 0.25 percentage points")
                break
            if w in _DOWN_WORDS or (i and words[i - 1] == "edged" and w == "down") or w in _LOWERED and head == "by":
                f.direction = "down"
                break
    if f.change is None:
        f.change = f.direction is not None
    b = _BASIS.match(text, f.end, min(len(text), f.end + 64))
    if b:
        f.basis = _BASES[b.group(1).lower()]


_OR_BEFORE = re.compile(r"^\s*or\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$")
_PER = re.compile(r"[ \t]*(?:(per|a|an|each|every)[ \t]+|/)([a-zA-Z][\w-]*)(?:[ \t]+([a-zA-Z][\w-]*))?")


def _per(text: str, f: Figure) -> str | None:
    """The denominator of a rate: "5 yuan per cubic meter" -> "m3", "$3 a gallon" -> "gal", "per game"."""
    m = _PER.match(text, f.end)
    if m is None:
        return None
    cue, w1, w2 = (m.group(1) or "/").lower(), m.group(2).lower(), (m.group(3) or "").lower()
    for key in ((w1 + " " + w2) if w2 else None, w1):
        if key is None:
            continue
        if key in L.RATE_WORDS:
            return L.RATE_WORDS[key]
        if key in L.UNITS and (cue in ("per", "/") or key in L.RATE_WORDS):
            return L.UNITS[key]
        if key in L.CURRENCY_SUFFIX and cue in ("per", "/"):
            return L.CURRENCY_SUFFIX[key][0]
    if cue == "per" and w1 not in ("cent", "centum", "annum") and w1.isalpha() and w1 not in L.NOUN_STOP:
        return w1
    if cue == "per" and w1 == "annum":
        return "year"
    return None


# ---- the extractor ------------------------------------------------------------------------------
def extract(text: str, date: str | None = None) -> list[Figure]:
    """Every figure (and time/person tag) in ``text``, in text order, spans not overlapping.

    ``date`` is the article's date (ISO 8601), against which relative periods ("last year") are resolved."""
    if not text:
        return []
    found: list[Figure] = []
    numbers: dict[int, tuple] = {}
    lower = text.lower()
    hits = word_hits(text, lower)
    ordinal_digits = []
    urlish = "://" in text or "www." in text or "=" in text or "%2" in text
    signed = "minus" in lower or "negative" in lower  # cheap guards like these skip a regex in most texts
    found_mentions = list(mentions(text, hits=hits))
    for m in _glued_codes(text):  # "RM120,000", "$US55,931,000": a code glued before the digits
        code = m.group(1).lower().rstrip("$") if m.group(1).lower() not in ("$us", "us$") else m.group(1).lower()
        cur = L.CURRENCY_PREFIX.get(code) or L.CURRENCY_PREFIX.get(code + "$")
        if cur is not None:
            found_mentions.append((m.start(2), m.end(2), digits_value(m.group(2)), False, (cur, m.start())))
    if "/" in text:
        for m in _DIGIT_FRACTION.finditer(text):
            a_, b_ = int(m.group(1)), int(m.group(2))
            if a_ < b_:
                found_mentions.append((m.start(), m.end(), a_ / b_, False, "fraction"))
    found_mentions.sort(key=lambda x: x[0])
    memo: dict = {}
    skip_to = -1
    for n, mention in enumerate(found_mentions):
        start, end, value, spelled = mention[:4]
        extra = mention[4] if len(mention) > 4 else None
        if start < skip_to:
            continue
        numbers[start] = (end, value)
        if text[end:end + 2].lower() in _SUFFIXES and not text[end + 2:end + 3].isalnum():
            ordinal_digits.append((start, end + 2))  # 31st: a rank, read below
            continue
        nxt = found_mentions[n + 1] if n + 1 < len(found_mentions) else None
        joined = _joined(text, start, end, value, spelled, extra, nxt, urlish, memo) if nxt is not None \
            and nxt[0] - end < 48 else None
        if joined is not None:
            r = _range(text, mention, nxt, joined, urlish, memo)
            if r is not None:
                found += [f for f in r if f is not _NOTHING]
                skip_to = nxt[1]
                continue
        if extra == "fraction":
            f = _candidate(text, start, end, value, True, urlish)
            if f is None or f.kind not in ("quantity", "money"):
                f = Figure(start, end, "", "ratio", value, "x") if _FRACTION_FOLLOW.match(text, end) else None
        else:
            f = _candidate(text, start, end, value, spelled, urlish, cur=extra, memo=memo)
        if f is not None:
            sign = _SIGN_WORD.search(text, max(0, f.start - 12), f.start) if signed else None
            if sign and f.kind in KEY_KINDS and f.value is not None and f.value > 0:
                f.start, f.value = sign.start(), -f.value
            found.append(f)
    if "half" in lower or "third" in lower or "quarter" in lower or "fifth" in lower or "tenth" in lower:
        found += _fractions(text, lower)
    if "twice" in lower or "thrice" in lower or _IN_SMALL.search(lower):
        found += _multiples(text, lower)
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
    phrases = None
    names = None
    key_spans = [(f.start, f.end) for f in kept if f.kind in KEY_KINDS]
    sentence_figures: list[Figure] = []
    k_index = 0
    for n, f in enumerate(kept):
        f.text = text[f.start:f.end]
        if f.kind not in KEY_KINDS:
            continue
        if clauses is None:
            clauses = _Clauses(text)
            sentences = Sentences(text)
            names = Names(text, sentences)
            phrases = time_phrases(text, date)
        k_index += 1
        clause = text[clauses.start(f.start):f.start]
        _attributes(text, f, clause)
        if f.direction is None and previous is not None and previous.change and _OR_BEFORE.search(clause):
            f.direction, f.change = previous.direction, previous.change  # "rose by 450 billion yuan, or 13.6 percent"
        if hasattr(f, "_bound"):
            f.bound = f._bound  # "sub-7 nanometre"
        if f.kind in ("money", "quantity", "count"):
            f.per = _per(text, f)
        s_start = sentences.start(f.start)
        same = previous if previous is not None and previous.end >= s_start else None
        if same is None:
            sentence_figures = []
        next_start, next_end = key_spans[k_index] if k_index < len(key_spans) else (len(text), None)
        if f.kind == "money" and previous is not None and previous.kind == "money" \
                and _CONVERSION.fullmatch(text, previous.end, f.start):
            f.equivalent_of = previous_n  # "(US$1.95 trillion)": the same amount, so the same subject
            f.subject, f.entity, f.period = previous.subject, previous.entity, previous.period
        else:
            f.entity = entity_for(text, names, f.start, s_start, (same.start, same.entity) if same else None,
                                  clauses.start(f.start))
            if f.entity:
                names.seen.append((f.start, f.entity))
            if f.kind == "ordinal":
                f.subject = same.subject if same else None
            else:
                raw = _subject(text, f, clause, previous, s_start, clauses.segment(f.start, s_start))
                if isinstance(raw, _Cleaned):
                    f.subject, f.entity = raw.about
                else:
                    f.subject, f.entity = about_subject(raw, f.entity, text)
                if f.subject is None and same is not None and raw != "":
                    like = next((g for g in reversed(sentence_figures) if g.kind == f.kind and g.subject), None)
                    if like is not None:
                        f.subject = like.subject  # "Zhuhai's GDP rose ..., while Huizhou grew 5.3 percent"
            f.period = period_for(text, phrases, f.start, f.end, next_start, not f.change, next_end, s_start,
                                  sentences.end(f.end)) if phrases else None
        previous, previous_n = f, n
        sentence_figures.append(f)
    return kept
