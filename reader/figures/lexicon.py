"""Words the figure extractor knows: number words, scales, currencies, units and cue words."""

from __future__ import annotations

import re

UNITS_WORDS = {
    "zero": 0, "naught": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9,
                "tn": 1e12, "trn": 1e12, "tln": 1e12}
INDIAN_SCALES = {"lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000, "millionth": 1e6, "billionth": 1e9, "trillionth": 1e12,
}

# currency written before the amount (spaces removed, lower case) -> (ISO 4217, multiplier)
CURRENCY_PREFIX = {
    "us$": ("USD", 1), "u.s$": ("USD", 1), "u.s.$": ("USD", 1), "usd$": ("USD", 1), "usd": ("USD", 1),
    "hk$": ("HKD", 1), "hkd": ("HKD", 1), "nz$": ("NZD", 1), "nzd$": ("NZD", 1), "nzd": ("NZD", 1),
    "a$": ("AUD", 1), "au$": ("AUD", 1), "aud$": ("AUD", 1), "aud": ("AUD", 1), "s$": ("SGD", 1), "sgd": ("SGD", 1),
    "c$": ("CAD", 1), "cad$": ("CAD", 1), "cad": ("CAD", 1), "nt$": ("TWD", 1), "mop$": ("MOP", 1),
    "mex$": ("MXN", 1), "mxn$": ("MXN", 1), "$": ("USD", 1), "€": ("EUR", 1), "eur": ("EUR", 1), "£": ("GBP", 1),
    "gbp": ("GBP", 1), "¥": ("CNY", 1), "rmb": ("CNY", 1), "cny": ("CNY", 1), "jpy": ("JPY", 1), "₩": ("KRW", 1),
    "₹": ("INR", 1), "inr": ("INR", 1), "chf": ("CHF", 1), "₿": ("BTC", 1), "dollar": ("USD", 1),
    "sen": ("SEN", 1), "maud": ("AUD", 1e6), "musd": ("USD", 1e6), "meur": ("EUR", 1e6),
    "$us": ("USD", 1), "rm": ("MYR", 1), "myr": ("MYR", 1), "rs": ("INR", 1), "rs.": ("INR", 1), "sgd$": ("SGD", 1),
    "s$": ("SGD", 1), "₪": ("ILS", 1), "nis": ("ILS", 1), "ils": ("ILS", 1),
}
# currency written after the amount (lower case, words joined by one space) -> (ISO 4217, multiplier)
CURRENCY_SUFFIX = {
    "yuan": ("CNY", 1), "chinese yuan": ("CNY", 1), "renminbi": ("CNY", 1), "rmb": ("CNY", 1), "cny": ("CNY", 1),
    "元": ("CNY", 1), "us dollars": ("USD", 1), "us dollar": ("USD", 1), "dollars": ("USD", 1), "dollar": ("USD", 1),
    "usd": ("USD", 1), "$": ("USD", 1), "hong kong dollars": ("HKD", 1), "hong kong dollar": ("HKD", 1),
    "hk dollars": ("HKD", 1), "hkd": ("HKD", 1), "euros": ("EUR", 1), "euro": ("EUR", 1), "eur": ("EUR", 1),
    "€": ("EUR", 1), "pounds sterling": ("GBP", 1), "pounds": ("GBP", 1), "pound": ("GBP", 1), "gbp": ("GBP", 1),
    "£": ("GBP", 1), "pence": ("GBP", 0.01), "penny": ("GBP", 0.01), "yen": ("JPY", 1), "jpy": ("JPY", 1),
    "won": ("KRW", 1), "rupees": ("INR", 1), "rupee": ("INR", 1), "cents": ("USD", 0.01), "cent": ("USD", 0.01),
    "patacas": ("MOP", 1), "pataca": ("MOP", 1), "australian dollars": ("AUD", 1), "canadian dollars": ("CAD", 1),
    "singapore dollars": ("SGD", 1), "new taiwan dollars": ("TWD", 1), "swiss francs": ("CHF", 1),
    "francs": ("CHF", 1), "turkish lira": ("TRY", 1), "lira": ("TRY", 1), "finnish markka": ("FIM", 1),
    "markka": ("FIM", 1), "pesetas": ("ESP", 1), "dutch guilders": ("NLG", 1), "guilders": ("NLG", 1),
    "pesos": ("MXN", 1), "bitcoins": ("BTC", 1), "bitcoin": ("BTC", 1), "btc": ("BTC", 1), "satoshis": ("SAT", 1),
    "₡": ("CRC", 1), "₾": ("GEL", 1), "₭": ("LAK", 1), "ரூ": ("LKR", 1), "musd": ("USD", 1e6),
    "meur": ("EUR", 1e6), "mgbp": ("GBP", 1e6), "maud": ("AUD", 1e6),
    "ringgit": ("MYR", 1), "myr": ("MYR", 1), "shekels": ("ILS", 1), "shekel": ("ILS", 1), "new shekels": ("ILS", 1),
    "baht": ("THB", 1), "rupiah": ("IDR", 1), "rand": ("ZAR", 1), "aud": ("AUD", 1), "sgd": ("SGD", 1),
    "inr": ("INR", 1), "cad": ("CAD", 1), "chf": ("CHF", 1), "p": ("GBP", 0.01), "yuan renminbi": ("CNY", 1),
    "sen": ("MYR", 0.01), "paise": ("INR", 0.01),
}
# the words after a whole amount that may take its fraction: "3 dollars 50 cents", "15 dollars and 50"
MINOR_UNITS = {"dollars", "dollar", "usd", "euros", "euro", "yuan", "pounds", "pound"}

# measured units: word form -> symbol
UNITS = {
    "square kilometers": "km2", "square kilometres": "km2", "square kilometer": "km2", "square kilometre": "km2",
    "sq km": "km2", "km2": "km2", "km²": "km2", "square meters": "m2", "square metres": "m2", "square meter": "m2",
    "square metre": "m2", "sq m": "m2", "m2": "m2", "m²": "m2", "cubic meters": "m3", "cubic metres": "m3",
    "cubic meter": "m3", "m3": "m3", "kilometers per hour": "km/h", "kilometres per hour": "km/h", "km/h": "km/h",
    "kph": "km/h", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km", "km": "km",
    "meters": "m", "metres": "m", "meter": "m", "metre": "m", "hectares": "ha", "hectare": "ha", "ha": "ha",
    "mu": "mu", "tons": "t", "tonnes": "t", "ton": "t", "tonne": "t", "kilograms": "kg", "kilogram": "kg",
    "kg": "kg", "megawatts": "MW", "megawatt": "MW", "mw": "MW", "gigawatts": "GW", "gigawatt": "GW", "gw": "GW",
    "kilowatts": "kW", "kilowatt": "kW", "kw": "kW", "kilowatt-hours": "kWh", "kilowatt hours": "kWh", "kwh": "kWh",
    "megawatt-hours": "MWh", "mwh": "MWh", "gigawatt-hours": "GWh", "gwh": "GWh", "teus": "TEU", "teu": "TEU",
    "degrees celsius": "°C", "degree celsius": "°C", "°c": "°C", "° c": "°C", "degrees": "°", "gbit/s": "Gbit/s",
    "mbit/s": "Mbit/s", "gbps": "Gbit/s", "mbps": "Mbit/s", "petaflops": "PFLOPS", "pflops": "PFLOPS",
    "micrograms per cubic meter": "µg/m3", "micrograms per cubic metre": "µg/m3", "liters": "l", "litres": "l",
    "barrels": "bbl", "miles": "mi", "mile": "mi", "feet": "ft", "centimeters": "cm", "cm": "cm", "millimeters": "mm",
    "mm": "mm", "gigabytes": "GB", "terabytes": "TB",
    # gadgets, cars, sport, science, health: "256GB", "60mph", "120Hz", "640bhp", "500mg", "250ml", "1.5mm"
    "m": "m", "gb": "GB", "tb": "TB", "mb": "MB", "megabytes": "MB", "kb": "KB", "mph": "mph", "miles per hour": "mph",
    "mpg": "mpg", "miles per gallon": "mpg", "hz": "Hz", "hertz": "Hz", "khz": "kHz", "mhz": "MHz", "ghz": "GHz",
    "bhp": "hp", "hp": "hp", "horsepower": "hp", "ps": "PS", "nm": "nm", "nanometres": "nm", "nanometers": "nm",
    "nanometre": "nm", "nanometer": "nm", "mg": "mg", "milligrams": "mg", "milligram": "mg", "g": "g", "grams": "g",
    "gram": "g", "ml": "ml", "millilitres": "ml", "milliliters": "ml", "l": "l", "litre": "l", "liter": "l",
    "gallons": "gal", "gallon": "gal", "gal": "gal", "inches": "in", "inch": "in", "yards": "yd", "yard": "yd",
    "yd": "yd", "foot": "ft", "ft": "ft", "centimetres": "cm", "centimetre": "cm", "centimeter": "cm",
    "millimetres": "mm", "millimetre": "mm", "millimeter": "mm", "points": "pt", "point": "pt", "pts": "pt",
    "pound-feet": "lb-ft", "pound feet": "lb-ft", "lb-ft": "lb-ft", "lb ft": "lb-ft", "pound": "lb", "pounds": "lb", "lbs": "lb", "lb": "lb", "pounds of": "lb", "ounces": "oz", "oz": "oz",
    "degrees fahrenheit": "°F", "degree fahrenheit": "°F", "degrees f": "°F", "°f": "°F", "° f": "°F",
    "degrees c": "°C", "knots": "kn", "mah": "mAh", "watts": "W", "watt": "W", "w": "W", "wh": "Wh",
    "megapixels": "MP", "megapixel": "MP", "mp": "MP", "fps": "fps", "nautical miles": "nmi", "acres": "acre",
    "acre": "acre", "square feet": "ft2", "sq ft": "ft2", "cubic metres": "m3", "cubic metre": "m3",
    "kilometres per hour": "km/h", "km/hr": "km/h", "metric tons": "t", "metric tonnes": "t", "kilos": "kg",
    "carats": "ct", "calories": "kcal", "kcal": "kcal", "decibels": "dB", "db": "dB", "storeys": "storeys",
    "kwh": "kWh", "watt-hours": "Wh", "watt hours": "Wh", "watt-hour": "Wh", "watt hour": "Wh", "pa": "Pa", "kpa": "kPa", "terawatt-hours": "TWh", "twh": "TWh", "light-years": "ly", "light years": "ly",
}
#: units written glued to a number that could also be a scale or a name: read as units only by these rules
GLUED_AMBIGUOUS = {"m", "mm", "g", "p", "b", "k", "w", "l", "in", "ps", "mp", "nm", "pt", "ft", "pa"}
#: "the 100m final", "the 400m hurdles": a race's name, not a measure
RACE_WORDS = {"final", "finals", "sprint", "dash", "race", "hurdles", "freestyle", "backstroke", "breaststroke",
              "butterfly", "medley", "relay", "heat", "heats", "semi-final", "semifinal", "event", "title", "record"}
#: who an age after a comma belongs to: "her son, 19, and"
PERSON_NOUNS = {"son", "daughter", "wife", "husband", "mother", "father", "man", "woman", "boy", "girl", "brother",
                "sister", "student", "teenager", "driver", "victim", "suspect", "patient", "grandmother",
                "grandfather", "friend", "partner", "colleague", "resident", "worker", "owner", "pensioner"}
#: the words after "37m-" that make it metres, not millions
DIMENSIONS = {"long", "high", "tall", "wide", "deep", "thick", "length", "height", "tower", "wall", "span",
              "diameter", "sprint", "dash", "race", "hurdles", "freestyle", "backstroke", "breaststroke", "butterfly",
              "metres", "meters", "radius", "drop", "fall", "jump", "putt", "above",
              "below", "away", "underground", "deep", "wide"}
#: a rate's denominator after "a"/"an" ("$3 a gallon", "2,520 yuan a month"): only these words
RATE_WORDS = {"gallon": "gal", "litre": "l", "liter": "l", "month": "month", "year": "year", "day": "day",
              "week": "week", "hour": "h", "night": "night", "head": "person", "person": "person", "kilo": "kg",
              "kilogram": "kg", "tonne": "t", "ton": "t", "barrel": "bbl", "share": "share", "game": "game",
              "match": "match", "pound": "lb", "square metre": "m2", "square meter": "m2", "square foot": "ft2",
              "unit": "unit", "piece": "piece", "trip": "trip", "ticket": "ticket", "dose": "dose", "pack": "pack",
              "minute": "min", "second": "s", "kilowatt-hour": "kWh", "kwh": "kWh", "mile": "mi", "capita": "person",
              "ounce": "oz", "oz": "oz", "troy ounce": "oz", "bushel": "bu", "megawatt-hour": "MWh"}
NATIONALITIES = {"chinese", "american", "british", "indian", "malaysian", "japanese", "korean", "european",
                 "african", "asian", "australian", "canadian", "french", "german", "russian", "us", "u.s.",
                 "hong", "english", "israeli", "singaporean", "thai", "mainland", "fortune", "global", "new", "big"}
AGE_WORDS = {"aged", "age", "ages", "agedd"}
SCORE_WORDS = {"drew", "draw", "won", "win", "beat", "lost", "lose", "led", "trailed", "victory", "defeat", "score",
               "scoreline", "thrashed", "edged", "beating", "winning", "losing", "routed", "series", "tied", "level"}
# words that make a number a duration or a clock time: never a key figure
TIME_UNITS = {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
              "months", "year", "years", "decade", "decades", "night", "nights", "o'clock", "quarter", "quarters"}
CLOCK = {"am", "a.m.", "pm", "p.m."}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

PERCENT_WORDS = {"percentage points": "pp", "percentage point": "pp", "percent": "%", "per cent": "%",
                 "percents": "%", "percentage": "%", "pct": "%", "%": "%", "pc": "%", "pct points": "pp",
                 "pc points": "pp", "basis points": "bp", "bps": "bp", "ppts": "pp", "ppt": "pp"}

APPROX = ("about", "around", "approximately", "nearly", "almost", "some", "roughly", "close to", "an estimated",
          "estimated", "approx.", "circa", "just under", "just over")
BOUNDS = (("more than", "gt"), ("over", "gt"), ("exceeding", "gt"), ("exceeded", "gt"), ("exceeds", "gt"),
          ("surpassed", "gt"), ("surpassing", "gt"), ("above", "gt"), ("topped", "gt"), ("tops", "gt"),
          ("in excess of", "gt"), ("at least", "ge"), ("within", "le"), ("no less than", "ge"), ("up to", "le"), ("at most", "le"),
          ("no more than", "le"), ("less than", "lt"), ("fewer than", "lt"), ("under", "lt"), ("below", "lt"),
          ("nearly", "lt"), ("almost", "lt"), ("just under", "lt"), ("just over", "gt"))
UP = ("up by", "up", "rose by", "rose", "grew by", "grew", "increased by", "increased", "climbed", "jumped", "gained",
      "expanded", "surged", "soared", "rising", "growing", "increase of", "growth of", "higher", "an increase of",
      "rise of", "added", "rise", "rises", "risen")
DOWN = ("down by", "down", "fell by", "fell", "fall", "falls", "fallen", "lost", "shed", "cut", "slashed", "reduced", "dipped", "declined", "dropped", "decreased", "edged down", "slipped",
        "shrank", "contracted", "plunged", "lower", "falling", "a decline of", "decline of", "drop of", "a drop of",
        "weakened", "slid", "cut by")
BASIS = (("year on year", "yoy"), ("year-on-year", "yoy"), ("yoy", "yoy"), ("y-o-y", "yoy"),
         ("from a year earlier", "yoy"), ("from a year ago", "yoy"), ("than a year earlier", "yoy"),
         ("from the previous year", "yoy"), ("over the previous year", "yoy"), ("month on month", "mom"),
         ("month-on-month", "mom"), ("from the previous month", "mom"), ("quarter on quarter", "qoq"),
         ("quarter-on-quarter", "qoq"))

# words that name what a number identifies, not how much of something there is
LABEL_WORDS = {"line", "no.", "no", "number", "room", "phase", "gate", "terminal", "exit", "platform", "route",
               "mate", "model", "version", "level", "grade", "class", "article", "chapter", "section", "item",
               "bus", "flight", "hall", "block", "building", "floor", "unit", "page", "iphone", "galaxy", "p",
               "pixel", "covid", "sars", "mark", "series", "type", "zone", "district", "area", "channel", "g",
               "boeing", "airbus", "s&p", "nasdaq", "ftse", "dax", "nikkei", "windows", "ios", "android", "ps",
               "playstation", "xbox", "gen", "mk", "apollo", "amendment", "paragraph", "clause", "nos.", "volume",
               "vol.", "episode", "verse", "interstate", "junction", "j", "pier", "berth", "bay", "stand", "ryzen", "snapdragon", "dimensity", "kirin"}
PHONE_CUES = {"call", "dial", "hotline", "tel", "tel.", "phone", "telephone", "fax", "number", "text", "sms",
              "helpline", "whatsapp", "calling", "dialling", "dialing", "line", "ext", "ext.", "mobile"}
ROAD_WORDS = {"road", "street", "avenue", "boulevard", "lane", "rd", "st", "ave", "highway", "alley", "square"}
RANK_VERBS = ("ranking", "ranked", "ranks", "rank", "placed", "placing", "came", "coming", "finished", "stood",
              "stay", "stays", "stayed", "sit", "sits", "sat", "lie", "lies",
              "stands", "remained", "remains", "become", "became", "becoming", "is", "was", "be")
RANK_NOUNS = {"city", "cities", "place", "port", "airport", "province", "largest", "biggest", "busiest",
              "highest", "lowest", "economy", "country", "company", "bank", "market", "region", "district",
              "spot", "position", "among", "in", "nationwide", "globally", "worldwide", "consecutive", "straight"}
#: what "the 22nd ..." names when it is no rank: a law, an event, a date, a place in a sequence
NOT_RANK_NOUNS = {"amendment", "anniversary", "birthday", "edition", "congress", "session", "century", "floor",
                  "round", "minute", "street", "avenue", "pick", "inning", "hole", "lap", "day", "week", "time",
                  "attempt", "term", "generation", "party", "plenum", "meeting", "conference", "games", "olympics",
                  "summit", "plan", "fleet", "division", "army", "district", "ward", "article", "chapter", "over",
                  "overs", "minutes", "stage", "leg", "episode", "season", "series", "annual", "parliament",
                  "assembly", "festival", "expo", "forum", "fair", "congressional", "amendments", "dynasty", "grade",
                  "quarter", "half", "month", "year"}
SUPERLATIVES = ("largest", "biggest", "busiest", "highest", "lowest", "richest", "fastest", "most", "least",
                "best", "strongest", "smallest", "oldest", "longest", "tallest", "greatest", "heaviest")
METRIC_VERBS = ("reached", "reach", "reaching", "totaled", "totalled", "totaling", "hit", "hits", "stood at", "stands at",
                "amounted to", "came to", "was", "were", "is", "are", "rose", "rose to", "grew", "fell", "fell to",
                "dipped", "climbed", "jumped", "increased", "decreased", "declined", "dropped", "expanded",
                "surpassed", "exceeded", "topped", "recorded", "registered", "generated", "handled", "received",
                "sold", "posted", "reported", "edged", "slipped", "hit a record", "accounted for", "made up",
                "carried", "moved", "attracted", "drew", "delivered", "produced", "built", "added", "saw", "earned",
                "raised", "cost", "costs", "spent", "invested", "will invest", "plans", "weakened", "closed",
                "gained", "expanded by", "grew by", "rose by", "fell by", "up", "down")
STOP_BEFORE = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "and", "or",
               "but", "while", "with", "as", "which", "who", "of", "in", "on", "at", "to", "for", "by", "from",
               "after", "before", "since", "when", "where", "said", "says", "also", "alone", "than", "total",
               "meanwhile", "overall", "it", "they", "there", "has", "have", "had", "been"}
NOUN_STOP = {"in", "on", "at", "to", "for", "by", "from", "of", "with", "and", "or", "but", "last", "this", "that",
             "which", "who", "were", "was", "is", "are", "will", "would", "have", "has", "had", "set", "a", "an",
             "the", "according", "said", "says", "up", "down", "compared", "than", "per", "each", "so", "as",
             "while", "since", "after", "before", "during", "over", "under", "across", "into", "onto", "within",
             "every", "more", "less", "year", "years", "month", "months", "alone", "more", "it", "its"}

ROLE_WORDS = ("Party Secretary", "Governor", "Vice Governor", "Deputy Governor", "Mayor", "Vice Mayor",
              "Deputy Mayor", "Premier", "President", "Vice President", "Chairman", "Chairwoman", "Chair",
              "Minister", "Vice Minister", "Secretary", "Director", "director", "spokesperson", "spokesman",
              "spokeswoman", "CEO", "chief executive", "Chief Executive", "founder", "professor", "Professor",
              "economist", "analyst", "general manager", "deputy director", "head", "chairman", "president")


def trie(words, after_first: str = "") -> str:
    """A regex matching exactly ``words``, as a trie: "seven|seventeen|six" -> "s(?:even(?:teen)?|ix)".

    Python's engine tries an alternation's branches one by one; a trie tries one letter at a time, so
    a scan over text with a hundred words costs little more than one with ten. Greedy, so the longest
    word wins where one word is the start of another (as in a longest-first alternation).
    ``after_first`` goes after the first letter of each word (see :func:`trie_at_word_start`)."""
    words = set(words)
    rest: dict[str, set[str]] = {}
    for w in words:
        if w:
            rest.setdefault(w[0], set()).add(w[1:])
    if not rest:
        return ""
    branches = [re.escape(c) + after_first + trie(tails) for c, tails in sorted(rest.items())]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in words:
        return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
    return body


def trie_at_word_start(words) -> str:
    """Like :func:`trie`, for words that must not follow a word character, and written so that a search
    skips in C to the positions where one of their first letters stands: each branch checks the character
    before it after its first letter. (A look-behind first runs the matcher at every position of the text.)"""
    return trie(words, after_first=r"(?<!\w.)")


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
