"""Numbers in English text: digits with separators, spelled-out numbers with fractions, scale words.

``mentions(text)`` finds them for the figure extractor; ``mentions(text, full=True)`` also reads the
forms a general number recogniser needs but news text makes risky ("one over three", "2000 over 3",
"1.3e6", "-4/5"). Pure functions, no state.
"""

from __future__ import annotations

import re

from reader.figures.lexicon import ORDINAL_WORDS, SCALES, TENS_WORDS, UNITS_WORDS, trie

#: a digit number: 12, 1,234, 12,34,567.89, 1 234 567, 3.5, .25, -1 (not inside a word or a dotted address)
_DIGITS = (  # the leading look-ahead lets the engine skip non-digits fast (3.6x)
    r"(?=[-\d.])(?:(?:(?<=[\s(\[])|^)-{space}(?=\d)(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\d])"
    r"|(?<![\w.\d{comma}]){colon}(?:\d{{1,3}}(?:[ \u202f\u00a0]\d{{3}})+(?![\d,.]\d)|\d{{1,3}}(?:,\d{{2,3}})*(?:,\d{{3}})|\d+)"
    r"(?:\.\d+)?(?![\d])"
    r"|(?<![\w.\d])\.\d+(?!\d))")
#: in news text a spaced dash is punctuation ("- 50 miles"), not a minus sign; a number never starts inside
#: another's thousands group ("$US55,931,000") or after a clock's colon ("4:39")
DIGITS = re.compile(_DIGITS.format(space="", comma=",", colon=r"(?<!\d[:/])"))
#: the general recogniser reads "- 10 k" as minus ten thousand, as Recognizers-Text does
DIGITS_FULL = re.compile(_DIGITS.format(space="[ ]?", comma="", colon=""))
#: scientific notation after a number: "1.99×10−30", "6.02 x 10^23", "3×10⁻⁵"
SCIENTIFIC = re.compile(r"[ \t]?[×xX*][ \t]?10(?:\^|\*\*)?([-−]?\d{1,3}|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?![\d.])")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺−", "0123456789--" + "-")
_EXPONENT = re.compile(r"[eE][+-]?\d+\b|x10\^-?\d+\b")
ORDINAL_DIGITS = re.compile(r"(?=\d)(?<![\w.])\d+(?:st|nd|rd|th)\b", re.I)

FRACTIONS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4, "third": 3, "thirds": 3, "fourth": 4,
             "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
             "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
             "hundredth": 100, "hundredths": 100, "thousandth": 1000, "thousandths": 1000,
             "millionth": 1e6, "millionths": 1e6, "billionth": 1e9, "trillionth": 1e12, "trillionths": 1e12}
_NUMBER_WORDS = {*UNITS_WORDS, *TENS_WORDS, *SCALES, "dozen", "dozens", "point", "half", "quarter", "quarters"}
_RUN_WORDS = _NUMBER_WORDS | FRACTIONS.keys()
_PRONOUN_ONE = {"the", "which", "that", "this", "each", "every", "any", "no", "one", "another", "someone", "a"}
UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6,
                     "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}


_SEPARATORS = re.compile(r"[,\s\u202f\u00a0]")


def digits_value(text: str) -> float:
    try:
        return float(text)  # most numbers have no separator
    except ValueError:
        return float(_SEPARATORS.sub("", text))


def _integer(words: list[str]) -> float | None:
    """"three hundred and two" -> 302; "two dozen" -> 24; None if the words are not an integer."""
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w == "and":
            continue
        if w in UNITS_WORDS:
            current += UNITS_WORDS[w]
        elif w in TENS_WORDS:
            current += TENS_WORDS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("dozen", "dozens"):
            current = (current or 1) * 12
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def words_value(text: str) -> float | None:
    """The value of spelled-out number words, fractions and decimals included, or None.

    "three hundred and two" -> 302, "two thirds" -> 0.667, "five and a quarter" -> 5.25,
    "two hundred point seventy-one" -> 200.71, "half million" -> 500000, "three dozens" -> 36.
    """
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w]
    if not words or words[0] in SCALES or words[-1] == "and":
        return None  # "trillion-yuan mark": a scale alone is not a number
    if "point" in words:  # decimals are read digit by digit unless they form a number: "point seventy-one"
        i = words.index("point")
        whole, frac = _integer(words[:i]), words[i + 1:]
        if whole is None or not frac:
            return None
        if all(w in UNITS_WORDS and UNITS_WORDS[w] < 10 for w in frac):
            digits = "".join(str(UNITS_WORDS[w]) for w in frac)
        else:
            v = _integer(frac)
            if v is None:
                return None
            digits = str(int(v))
        return whole + float("0." + digits)
    # "half million", "a quarter million", "three quarters billion": a fraction of a scale
    if words[-1] in SCALES and len(words) >= 3 and words[-2] == "a" and words[-3] in FRACTIONS:
        words = words[:-2] + words[-1:]  # "half a million"
    if words[-1] in SCALES and len(words) >= 2 and words[-2] in FRACTIONS:
        part = words_value(" ".join(words[:-1]))
        return None if part is None else part * SCALES[words[-1]]
    if words[-1] in FRACTIONS:
        denominator = FRACTIONS[words[-1]]
        head = words[:-1]
        if head and head[-1] == "a":
            head = head[:-1]
            numerator = 1.0
            if head and head[-1] == "and":  # "one and a half"
                whole = _integer(head[:-1])
                return None if whole is None else whole + numerator / denominator
            return None if head else numerator / denominator
        if not head:
            return 1 / denominator if words[-1] in ("half", "quarter") else None
        if "and" in head:  # "twenty and three fifths": the part after the last 'and' is the numerator
            k = len(head) - 1 - head[::-1].index("and")
            whole, numerator = _integer(head[:k]), _integer(head[k + 1:])
            if whole is not None and numerator is not None:
                return whole + numerator / denominator
        numerator = _integer(head)
        return None if numerator is None else numerator / denominator
    if "and" in words and words[-1] in ("half", "quarter"):
        return None
    return _integer(words)


SCOPED_SUPERLATIVES = {"largest", "biggest", "busiest", "highest", "lowest", "richest", "fastest", "most", "least", "best"}
_VOCAB_WORDS = sorted(_RUN_WORDS | ORDINAL_WORDS.keys() | SCOPED_SUPERLATIVES, key=len, reverse=True)
#: every number or ordinal word, on lower-cased text; the look-ahead on first letters skips other words fast
_VOCAB = re.compile(r"(?<![a-z])(?=[" + "".join(sorted({w[0] for w in _VOCAB_WORDS})) + "])"
                    + trie(_VOCAB_WORDS) + r"(?![a-z])")
_JOIN = re.compile(r"(?:[ \t]+|[ \t]*-[ \t]*|[ \t]+and[ \t]+|[ \t]+(?:and[ \t]+)?a[ \t]+)")
_LEADS_A = {"half", "quarter", "dozen", "hundred", "thousand", "million", "third", "fifth", "hundredth",
            "trillionth", "twenty"}


def word_hits(text: str, lower: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, word) of every number, ordinal or superlative word in the text, lower case (``lower`` is
    ``text.lower()`` when the caller has it)."""
    return [(m.start(), m.end(), m.group()) for m in _VOCAB.finditer(text.lower() if lower is None else lower)]


def number_word_runs(text: str, hits: list | None = None):
    """(start, end) of each run of number words: "one hundred and twenty-five", "two thirds", "a half"."""
    lower = text.lower()
    hits = word_hits(text) if hits is None else hits
    run_start = run_end = None
    for start, end, w in hits:
        in_run = w in _RUN_WORDS
        if in_run and run_start is not None and _JOIN.fullmatch(lower, run_end, start):
            run_end = end
            continue
        if run_start is not None:
            yield run_start, run_end
            run_start = None
        if in_run and (w not in FRACTIONS or w in ("half", "quarter")):
            run_start, run_end = start, end
            if w in _LEADS_A and lower[max(0, start - 2):start] == "a " and (start == 2 or not lower[start - 3].isalpha()):
                run_start = start - 2
    if run_start is not None:
        yield run_start, run_end


def ordinal_word_spans(text: str, hits: list | None = None):
    """(start, end) of spelled ordinals, with their number-word lead: "twenty-fifth", "two hundredth"."""
    lower = text.lower()
    hits = word_hits(text) if hits is None else hits
    for n, (start, end, w) in enumerate(hits):
        if w not in ORDINAL_WORDS:
            continue
        k = n
        while k > 0 and hits[k - 1][2] in _NUMBER_WORDS and hits[k - 1][2] not in ("point", "half", "quarter", "quarters") \
                and re.fullmatch(r"[ \t]*-?[ \t]*|[ \t]+and[ \t]+", lower[hits[k - 1][1]:hits[k][0]]):
            k -= 1
        yield hits[k][0], end


def ordinal_value(text: str) -> float | None:
    """"31st" -> 31, "twenty-fifth" -> 25, "two hundredth" -> 200."""
    t = text.lower()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return float(m.group(1))
    parts = [p for p in re.split(r"[\s-]+", t) if p and p != "and"]
    last = parts[-1]
    if last not in ORDINAL_WORDS:
        return None
    base = ORDINAL_WORDS[last]
    if len(parts) == 1:
        return float(base)
    lead = _integer(parts[:-1])
    if lead is None:
        return None
    return lead * base if base >= 100 and lead < base else lead + base  # "two hundredth", "twenty-fifth"


def _spelled(text: str, start: int, end: int) -> bool:
    """Is "one" here a pronoun ("which one", "the one you")? Then it is no number."""
    if text[start:end].lower() != "one":
        return True
    before = text[max(0, start - 12):start].split()
    return not (before and before[-1].lower() in _PRONOUN_ONE)


_UNICODE_FRACTION = re.compile("[" + "".join(UNICODE_FRACTIONS) + "]")
_RATIO = re.compile(r"[ \t]+(over|out of)[ \t]+")


def mentions(text: str, full: bool = False, hits: list | None = None):
    """(start, end, value, spelled) for each number mention in text order of kind (digits, then words).

    ``hits`` are the number and ordinal words of the text (``word_hits``), when the caller has them."""
    hits = word_hits(text) if hits is None else hits
    scientific = "10" in text and ("×" in text or "x" in text or "X" in text or "*" in text)
    for m in (DIGITS_FULL if full else DIGITS).finditer(text):
        start, end, raw = m.start(), m.end(), m.group()
        value = digits_value(raw.replace("- ", "-") if "- " in raw else raw)
        if full:
            e = _EXPONENT.match(text, end)
            if e:
                exp = e.group().lower().replace("x10^", "e")
                value, end = float(f"{value}{exp}"), e.end()
        if scientific:
            e = SCIENTIFIC.match(text, end)
            if e:
                value, end = float(f"{value!r}e{int(e.group(1).translate(_SUPERSCRIPTS))}"), e.end()
        yield start, end, value, False
    # "3.8 trillion yuan": scales alone make no number of their own (words_value says so too, slower)
    if hits and not (len(hits) <= 2 and all(w in SCALES for _, _, w in hits)):
        for start, end in number_word_runs(text, hits):
            v = words_value(text[start:end])
            if v is not None and _spelled(text, start, end):
                yield start, end, v, True
    if not text.isascii():  # the vulgar fractions are not ASCII; isascii() is a flag, not a scan
        for m in _UNICODE_FRACTION.finditer(text):
            yield m.start(), m.end(), UNICODE_FRACTIONS[m.group()], True


def full_mentions(text: str):
    """A general number recogniser: :func:`mentions` plus ratios ("one over three", "2000 over 3")."""
    found = sorted(mentions(text, full=True))
    out, skip = [], set()
    for i, (start, end, value, spelled) in enumerate(found):
        if i in skip:
            continue
        m = _RATIO.match(text, end)
        nxt = next((j for j in range(i + 1, len(found)) if m and found[j][0] == m.end()), None)
        if nxt is not None and found[nxt][2] and not re.match(r"[ \t]+[A-Za-z]", text[found[nxt][1]:]):
            out.append((start, found[nxt][1], value / found[nxt][2], spelled))
            skip.add(nxt)
            continue
        out.append((start, end, value, spelled))
    return out


_SCALE_AFTER = re.compile(r"([ \t]*)(hundred|thousand|million|billion|trillion|lakh|crore|k|bln|tln|mil|mm|bn|b|dozens?)\b",
                          re.I)
_SCALE_VALUES = {**SCALES, "lakh": 1e5, "crore": 1e7, "k": 1e3, "bln": 1e9, "tln": 1e12, "mil": 1e6, "mm": 1e6,
                 "bn": 1e9, "b": 1e9, "dozen": 12, "dozens": 12}


def recognise_numbers(text: str) -> list[tuple[int, int, float]]:
    """A general number recogniser over any text: every number with its scale, none glued to a unit."""
    out = []
    for start, end, value, spelled in full_mentions(text):
        if not spelled:
            while True:
                m = _SCALE_AFTER.match(text, end)
                if m is None or (m.group(2).lower() in ("b", "bn", "mil", "mm") and m.group(1)):
                    break
                value, end = value * _SCALE_VALUES[m.group(2).lower()], m.end()
            if text[end:end + 1].isalpha() or (text[end:end + 1] in "%$€£" and text[end:end + 1] != ""):
                continue  # 180ml, 29km, 4th, 5G: a measure or a name
            if start > 0 and text[start - 1].isalpha():
                continue
        out.append((start, end, value))
    return out


# ---- a general ordinal recogniser: ranks, and positions relative to the current item or the end -----------------
_RELATIVE = re.compile(
    r"\b(?:(?P<end1>the one before the last(?: one)?|the last but one|the second to last|next to last|penultimate)"
    r"|(?P<end2>antepenultimate)"
    r"|(?P<next>next(?: one\b)?)|(?P<prev>previous(?: one\b)?)|(?P<cur>current(?: one\b)?)|(?P<last>last))\b", re.I)
_REFERENCE = {"end1": "end-1", "end2": "end-2", "next": "current+1", "prev": "current-1", "cur": "current+0",
              "last": "end+0"}
_MISSPELT = {"nineth": 9.0}
_SCALE_ORDINALS = {"hundredth", "thousandth", "millionth", "billionth", "trillionth"}


def recognise_ordinals(text: str) -> list[tuple[int, int, float | str]]:
    """Every ordinal in any text: ranks as numbers ("31st" -> 31, "two hundredth" -> 200) and positions as
    references ("next" -> "current+1", "penultimate" -> "end-1"). News figures use only the ranks; this is the
    general recogniser the conformance benchmark measures."""
    relative = [(m.start(), m.end(), _REFERENCE[m.lastgroup]) for m in _RELATIVE.finditer(text)]
    out: list[tuple[int, int, float | str]] = [(m.start(), m.end(), float(m.group()[:-2]))
                                               for m in ORDINAL_DIGITS.finditer(text)]
    for start, end in ordinal_word_spans(text, word_hits(text)):
        span = text[start:end]
        after_a = text[max(0, start - 2):start].lower() == "a " and (start == 2 or not text[start - 3].isalpha())
        if after_a and span.lower() in _SCALE_ORDINALS:
            continue  # "a trillionth" is a fraction, not a rank
        value = ordinal_value(span)
        if value is None:
            continue
        if after_a and span.split()[0].lower() in SCALES:
            start -= 2  # "a hundred trillionth"
        out.append((start, end, value))
    for word, value in _MISSPELT.items():
        out += [(m.start(), m.end(), value) for m in re.finditer(rf"\b{word}\b", text, re.I)]
    # a position wins over a rank inside it ("the second to last" is end-1, not 2)
    out = [o for o in out if not any(s <= o[0] and o[1] <= e for s, e, _ in relative)]
    out += [r for r in relative if not any(s < r[1] and r[0] < e for s, e, _ in out)]
    return sorted(out)
