"""What a figure measures (its subject) and whose it is (its entity), from the clause around it.

- subject: the noun phrase the article uses, cleaned of articles, possessives, names and period adjectives:
  "GDP reached X" -> GDP; "revenue of X" -> revenue; "X travellers" -> travellers; "a X contract" -> contract;
  "X of storage" -> storage; "up X percent" -> the subject of the figure before it in the sentence; "rose X
  percent to Y" -> Y has X's subject ("GDP growth" -> "GDP"). Never a place or company name alone.
- entity: a name that owns the figure: a possessive ("Shenzhen's GDP"), the sentence's subject name ("Tencent
  reported ..."), "in/of NAME" in the subject ("deposits in Shenzhen"); "the city's", "the province's", "the
  company's" resolve to the last such name named earlier in the article; "its" to the sentence's last entity.

Pure functions over strings; the extractor calls them once per figure with bounded windows.
"""

from __future__ import annotations

import bisect
import re

from reader.figures import lexicon as L

#: places, so that "the city's" and "the province's" resolve, and a place alone is never a subject
PROVINCES = {"Guangdong", "Fujian", "Zhejiang", "Jiangsu", "Shandong", "Hainan", "Guangxi", "Hunan", "Hubei",
             "Sichuan", "Yunnan", "Henan", "Hebei", "Anhui", "Jiangxi", "Shaanxi", "Shanxi", "Liaoning", "Jilin",
             "Heilongjiang", "Guizhou", "Gansu", "Qinghai", "Xinjiang", "Tibet", "Ningxia", "Inner Mongolia",
             "Selangor", "Johor", "Penang", "Sabah", "Sarawak", "Maharashtra", "Karnataka", "Tamil Nadu", "Kerala",
             "Gujarat", "Wales", "Scotland", "England", "California", "Texas", "New South Wales", "Victoria",
             "Queensland", "Ontario", "Quebec"}
CITIES = {"Shenzhen", "Guangzhou", "Dongguan", "Foshan", "Zhuhai", "Huizhou", "Zhongshan", "Jiangmen", "Zhaoqing",
          "Shanghai", "Beijing", "Tianjin", "Chongqing", "Hangzhou", "Nanjing", "Suzhou", "Wuhan", "Chengdu",
          "Xi'an", "Xiamen", "Qingdao", "Ningbo", "Changsha", "Zhengzhou", "Hefei", "Hong Kong", "Macao", "Macau",
          "London", "Manchester", "Birmingham", "Kuala Lumpur", "Petaling Jaya", "Shah Alam", "Delhi", "New Delhi",
          "Mumbai", "Bengaluru", "Bangalore", "Chennai", "Kolkata", "Sydney", "Melbourne", "Singapore", "Tokyo",
          "Seoul", "New York", "Paris", "Berlin"}
#: districts and zones of a city: places, but never what "the city" refers to
DISTRICTS = {"Nanshan", "Futian", "Luohu", "Bao'an", "Longgang", "Qianhai", "Yantian", "Longhua", "Guangming",
             "Pingshan", "Shekou"}
COUNTRIES = {"China", "India", "Malaysia", "Britain", "UK", "US", "U.S.", "United States", "America", "Japan",
             "Germany", "France", "Australia", "Indonesia", "Singapore", "Vietnam", "Thailand", "Korea",
             "South Korea", "Canada", "Brazil", "Russia", "Italy", "Spain", "Israel", "Mexico", "Philippines"}
PLACES = PROVINCES | CITIES | COUNTRIES | DISTRICTS
_PLACE_WORDS = {w for p in PLACES for w in p.split()}  # (a run without one of these names no place)
_KIND_OF = {"city": CITIES, "province": PROVINCES, "country": COUNTRIES, "nation": COUNTRIES, "state": PROVINCES,
            "district": None, "region": None}  # None: a place, but which one the text rarely says
_ORG_NOUNS = {"company", "bank", "group", "carmaker", "automaker", "lender", "firm", "miner", "airline", "insurer",
              "grocer", "retailer", "developer", "chipmaker", "operator", "exchange", "club", "team", "fund",
              "giant", "conglomerate", "brand", "startup", "platform", "manufacturer", "maker", "port", "airport"}

#: words that start a sentence capitalised but name no one: "Exports climbed", "Shares fell"
COMMON = {"exports", "imports", "shares", "prices", "sales", "retail", "revenue", "profit", "profits", "output",
          "industrial", "household", "average", "global", "youth", "new", "loans", "trade", "investment",
          "inflation", "unemployment", "subsidies", "bills", "fares", "tickets", "petrol", "water", "temperatures",
          "airlines", "analysts", "officials", "patients", "researchers", "visitors", "residents", "some", "more",
          "each", "nearly", "about", "almost", "our", "its", "their", "his", "her", "the", "a", "an", "this", "that",
          "these", "those", "in", "by", "at", "on", "for", "from", "with", "after", "before", "since", "during",
          "meanwhile", "overall", "total", "public", "single", "peak", "cross-border", "fixed-asset", "semiconductor",
          "online", "consumer", "foreign", "fiscal", "net", "gross", "annual", "quarterly", "monthly", "daily",
          "passenger", "container", "electricity", "power", "sea", "onion", "house", "home", "rents", "wages",
          "spending", "deposits", "income", "earnings", "costs", "demand", "supply", "growth", "gdp", "cpi", "ppi",
          "it", "they", "he", "she", "we", "there", "here", "also", "but", "and", "while", "however", "still",
          "only", "all", "both", "most", "many", "several", "around", "roughly", "over", "under", "up", "down",
          "last", "next", "first", "second", "third", "fourth", "prices", "applicants", "buyers", "students",
          "workers", "teachers", "passengers", "drivers", "users", "customers", "investors", "exporters",
          "importers", "tourism", "tourists", "bookings", "orders", "deliveries", "shipments", "registrations",
          "applications", "cases", "deaths", "births", "arrivals", "departures", "trips", "flights", "crowds",
          "cargo", "freight", "emissions", "reserves", "assets", "liabilities", "debt", "debts", "bonds", "yields", "rates", "rate",
          "interest", "capital", "funds", "fund", "money", "cash", "credit", "budget", "tax", "taxes", "duties",
          "tariffs", "subscribers", "members", "participants", "respondents", "voters", "adults", "children",
          "households", "families", "companies", "firms", "businesses", "enterprises", "factories", "plants",
          "stores", "shops", "restaurants", "hotels", "ports", "airports", "stations", "vehicles", "cars", "units",
          "homes", "flats", "apartments", "properties", "land", "area", "population", "people", "staff",
          "employment", "jobs", "job", "wage", "salary", "salaries", "pay", "pensions", "benefits", "a",
          "according", "data", "figures", "statistics", "official", "government", "local", "national", "regional",
          "municipal", "provincial", "central", "state-owned", "private", "listed", "major", "key", "large",
          "small", "medium", "high-tech", "tech", "digital", "green", "clean", "renewable", "solar", "wind",
          "nuclear", "coal", "oil", "gas", "crude", "brent", "gold", "silver", "copper", "iron", "steel",
          "nights", "winds", "rainfall", "ridership", "traffic", "throughput", "turnover", "volume", "value",
          "capacity", "production", "consumption", "use", "usage", "access", "coverage", "market", "markets",
          "economy", "economic", "business", "finance", "financial", "banking", "insurance", "property",
          "real", "construction", "infrastructure", "transport", "logistics", "shipping", "aviation", "rail",
          "metro", "bus", "taxi", "ferry", "road", "roads", "bridges", "tunnels", "minimum", "maximum", "mean",
          "median", "top", "bottom", "dial", "call", "visit", "kick-off", "doors", "tickets", "each", "every",
          "officials", "experts", "economists", "sources", "reports", "surveys", "studies", "study", "survey",
          "report", "index", "indices", "stocks", "equities", "futures", "commodities", "currencies", "bills",
          "when", "where", "what", "which", "who", "how", "why", "if", "as", "so", "than", "then", "now", "today",
          "yesterday", "tomorrow", "this", "minus", "prices", "life", "energy", "battery", "screen", "storage",
          "torque", "range", "speed", "weight", "height", "length", "depth", "width", "price", "cost"}
#: adjectives of a period, left out of a subject ("first-quarter net profit" -> "net profit"): the period says it
_PERIOD_ADJECTIVES = re.compile(r"^(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)-(?:quarter|half)|full-year|"
                                r"quarterly|annual|yearly|half-year|half-yearly|year-end|year-on-year|"
                                r"(?:19|20)\d\d)$", re.I)

_NAME_WORD = r"(?:[A-Z][\w&'’.-]*|S&P|&)"
_NAME = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|\d{{2,4}}(?=[ \t]+[a-zA-Z])))*")
_POSSESSIVE = re.compile(
    rf"(?:\b[Tt]he[ \t]+(?P<kind>city|province|country|nation|state|region|district|{'|'.join(sorted(_ORG_NOUNS))})"
    rf"|\b(?P<its>[Ii]ts|[Tt]heir)|(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*(?:[ \t]+\d{{2,4}})?))(?:['’]s\b|(?<=s)['’](?!\w))"
    rf"|\b(?P<its2>[Ii]ts|[Tt]heir)\b")
_IN_NAME = re.compile(rf"\b(?:in|of|at|for|through)[ \t]+(?:the[ \t]+)?(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})")
_REF = re.compile(rf"\b[Tt]he[ \t]+(?P<kind>city|province|country|nation|state|{'|'.join(sorted(_ORG_NOUNS))})\b")
_SENTENCE_END = re.compile(r"[.!?;](?=[\s\"”’)]|$)|\n")
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_AGE_APPOSITION = re.compile(r"^,[ \t]*\d{1,3},")
_VERB_WORDS = {"is", "was", "are", "were", "has", "had", "have", "will", "would", "rose", "fell", "grew", "hit",
               "reached", "topped", "totaled", "totalled", "stood", "closed", "gained", "added", "climbed", "jumped",
               "dipped", "slipped", "expanded", "increased", "decreased", "declined", "dropped", "surged", "slid",
               "sold", "posted", "reported", "recorded", "handled", "carried", "received", "made", "makes", "costs",
               "cost", "fetches", "start", "starts", "expects", "expect", "plans", "aims", "said", "says", "set",
               "sets", "cut", "lost", "won", "drew", "scored", "trailed", "led", "delivered", "shipped", "bought"}
#: verbs wherever they stand, and present forms that are verbs after a noun ("uses a", "sets")
IRREGULAR_PAST = {"found", "drank", "ate", "took", "gave", "went", "came", "saw", "ran", "won", "lost", "paid",
                   "sold", "bought", "brought", "thought", "told", "kept", "left", "felt", "held", "led", "met",
                   "spent", "sent", "built", "began", "grew", "fell", "rose", "drew", "threw", "flew", "knew",
                   "wrote", "spoke", "broke", "chose", "stood", "got", "shot", "fought", "caught", "taught",
                   "sought", "struck", "fed", "fled", "sped", "slid", "shed", "beat", "rode", "drove", "became",
                   "become", "overtook", "withdrew", "swam", "sank", "shrank", "wore", "dealt", "meant", "lent",
                   "stuck", "spun", "made", "had", "did", "said", "aged", "used", "hit", "put", "set", "cut", "let",
                   "quit", "cost", "bet", "bid", "forecast", "spread"}
PRESENT_VERBS = {"uses", "records", "sets", "holds", "keeps", "makes", "takes", "gives", "puts", "runs", "costs",
                    "stores", "draws", "offers", "needs", "brings", "sees", "gets", "pays", "expects", "plans", "aims",
                    "says", "shows", "finds", "estimates", "forecasts", "predicts", "spends", "invests", "charges",
                    "earns", "weighs", "measures", "packs", "boasts", "features", "delivers", "produces",
                    "generates", "employs", "serves", "handles", "carries", "covers", "includes", "contains", "owns",
                    "controls", "commands", "accounts", "ranks", "tops", "reaches", "hits", "totals", "exceeds",
                    "stands", "remains", "stays", "lasts", "stretches", "spans", "returns", "fetches", "sells",
                    "buys", "wins", "loses", "scores", "gains", "adds", "cuts", "raises", "lifts", "lowers", "fits",
                    "requires", "provides", "manages", "claims", "averages", "rises", "falls", "grows", "drops",
                    "climbs", "jumps", "slips", "dips", "hires", "employs", "houses", "seats", "hosts", "attracts",
                    "receives", "handles", "saves", "burns", "emits", "consumes", "produces", "supports", "limits", "caps",
                    "pegs", "fixes", "puts", "expects", "sees", "surpasses", "nears", "doubles", "triples",
                    "slows", "slumps", "soars", "surges", "tumbles", "plunges", "eases", "edges", "expands", "shrinks",
                    "narrows", "widens", "declines", "increases", "decreases", "posts", "reports", "logs"}
_VERBISH = re.compile(r"[a-z]+(?:ed|es|s)$")


class Sentences:
    """Sentence boundaries of a text, found once: where does the sentence around a position start and end?"""

    def __init__(self, text: str):
        self.n = len(text)
        self.stops = [m.start() for m in _SENTENCE_END.finditer(text)]

    def start(self, pos: int) -> int:
        k = bisect.bisect_left(self.stops, pos) - 1  # the last stop before pos
        return max(self.stops[k] + 1 if k >= 0 else 0, pos - 400)

    def end(self, pos: int) -> int:
        k = bisect.bisect_left(self.stops, pos)
        return self.stops[k] if k < len(self.stops) else self.n


def _strip_the(name: str) -> str:
    return name[4:] if name.startswith(("The ", "the ")) else name


#: the last word of an institution's name, so that a name that starts with a common word is still one
_INSTITUTIONS = {"Authority", "Bureau", "Commission", "Ministry", "Council", "Administration", "Agency", "Office",
                 "Department", "Association", "Service", "Board", "Fund", "Reserve", "Court", "Tribunal", "Institute"}


def _is_name(name: str, text: str) -> bool:
    """A capitalised run that names someone, not a sentence's first common word."""
    words = name.split()
    if not words:
        return False
    if name in PLACES or len(words) > 1 and (words[0].lower() not in COMMON or words[-1] in _INSTITUTIONS):
        return True  # (a common first word, but "Financial Conduct Authority", "National Health Service")
    w = words[0]
    return not (w.lower() in COMMON or w.title() in _MONTH_AND_DAY_NAMES)


_MONTH_AND_DAY_NAMES = {m.title() for m in L.MONTHS} | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                       "Saturday", "Sunday", "Meanwhile", "However", "Overall"}


#: words before a place that name it as a term of comparison, a partner or a destination, not as the one whose
#: figures the text gives: "behind Shanghai", "trade with Hong Kong", "visitors from Macao", "than Beijing"
_ASIDE_BEFORE = {"than", "behind", "after", "with", "to", "from", "between", "like", "unlike", "including", "versus",
                 "vs", "vs.", "against", "beyond", "toward", "towards", "via", "outside", "among", "besides"}
_OPENERS = {"In", "For", "At", "And", "But", "While", "Meanwhile", "Overall", "Also"}


class Names:
    """The names of an article in text order, so that "the city's" can be resolved to the city the text means.

    "the city" is a city (a district is not), named before it as the owner of what the text reports: at the start
    of a sentence or clause ("Shenzhen recorded ...", "In Shenzhen, ...") or as a possessive ("Shenzhen's GDP").
    A place named only in passing ("a report delivered in Futian") is the antecedent only when no owner of that
    kind was named before; a place named as a term of comparison or a partner ("behind Shanghai and Beijing",
    "cooperation with Hong Kong"), or inside a longer name ("the Shenzhen Stock Exchange", "Hong Kong-funded"),
    is never one. When the last owner's sentence names two owners of that kind ("Shenzhen and Hong Kong signed
    ..."), the reference is ambiguous and resolves to nothing rather than a guess. Companies and the like ("the
    company's") resolve to the last entity already given to a figure.
    """

    def __init__(self, text: str, sentences: "Sentences | None" = None):
        self.text = text
        self.sentences = sentences
        self.seen: list[tuple[int, str]] = []  # (position, entity) of figures' entities, in order
        self._places: list[tuple[int, str, bool, int]] | None = None  # (position, place, owner?, sentence start)

    def _find_places(self) -> list[tuple[int, str, bool, int]]:
        text, out = self.text, []
        sentences = self.sentences or Sentences(text)
        last = (-9, False, False)  # (end, aside?, owner?) of the last place: a list shares them
        for m in _NAME.finditer(text):
            words = m.group().split()
            if not any(w in _PLACE_WORDS or w[:-2] in _PLACE_WORDS for w in words):
                continue  # most names: no place in them
            starts, pos = [], m.start()
            for w in words:  # each word's position in the run
                pos = text.index(w, pos)
                starts.append(pos)
                pos += len(w)
            i = 0
            while i < len(words):
                found = None
                for j in (i + 3, i + 2, i + 1):
                    if j <= len(words):
                        name = " ".join(words[i:j])
                        bare = name[:-2] if name.endswith(("'s", "’s")) else name
                        if bare in PLACES:
                            found = (j, name, bare)
                            break
                if found is None:
                    i += 1
                    continue
                j, name, bare = found
                at = starts[i]
                end = at + len(name)
                possessive = name != bare
                # inside a longer name: a capitalised word goes on ("Shenzhen Stock Exchange"; not "Shenzhen GDP"),
                # or a name word comes before ("Qianhai Shenzhen"; not "In Shenzhen")
                inside = (not possessive and j < len(words) and not words[j].isupper()) \
                    or (i > 0 and words[i - 1] not in _OPENERS and words[i - 1] not in PLACES)
                if inside or text[at - 1:at] == "-" or text[end:end + 1] == "-":
                    i = j
                    continue
                s_start = sentences.start(at)
                before = text[max(s_start, at - 40):starts[0] if i else at].split()
                prev = before[-1].lower() if before else ""
                if last[0] >= 0 and (prev in ("and", "or") and last[0] >= at - 5 or text[last[0]:at].strip() == ","):
                    aside, owner = last[1], last[2] or possessive  # "behind Shanghai and Beijing"; "Shenzhen and HK"
                else:
                    aside = prev in _ASIDE_BEFORE or (prev == "of" and len(before) > 1
                                                      and before[-2].lower() in ("ahead", "outside", "that", "those"))
                    lead = text[s_start:starts[0] if i else at].strip(" \t\"“‘'(")
                    owner = possessive or not lead or lead in _OPENERS or (
                        lead.endswith(",") and len(lead.split()) <= 3)
                last = (end, aside, owner)
                if not aside:
                    out.append((at, bare, owner, s_start))
                i = j
        return out

    def resolve(self, kind: str, pos: int) -> str | None:
        """"the city" at ``pos``: the city the text means (see the class), or None; companies and the like from
        the entities already given to figures."""
        if kind in _KIND_OF:
            places = _KIND_OF[kind]
            if places is None:
                return None  # "the district's": a place, never a company; which district the text rarely says
            if self._places is None:
                self._places = self._find_places()
            before = [p for p in self._places if p[0] < pos and p[1] in places]
            owners = [p for p in before if p[2]]
            if not owners:
                return before[-1][1] if before else None
            last = owners[-1]
            if any(p[3] == last[3] and p[1] != last[1] for p in owners):
                return None  # "Shenzhen and Hong Kong signed ...; the city's ...": ambiguous
            return last[1]
        for p, e in reversed(self.seen):
            if p < pos and e not in PLACES:
                return e
        return None


def _subject_phrase_end(text: str, lo: int, hi: int) -> int:
    """Where the clause's subject phrase ends: at its first verb-like word (or ``hi``)."""
    for m in _WORD_RE.finditer(text, lo, hi):
        w = m.group().lower()
        if w in _VERB_WORDS or (w.endswith("ed") and len(w) > 4 and not text[m.start()].isupper()
                                and text[max(lo, m.start() - 4):m.start()] not in (" of ", "the ", " in ")):
            return m.start()  # (not "the number of registered drone pilots")
    return hi


_COMPANY_WORDS = {"Motors", "Group", "Bank", "Holdings", "Inc", "Inc.", "Ltd", "Ltd.", "Corp", "Corp.", "Corporation",
                  "Technologies", "Technology", "Airlines", "Airways", "Industries", "Energy", "Telecom", "Pharma",
                  "Pharmaceuticals", "Electric", "Electronics", "Semiconductor", "Capital", "Insurance", "Securities",
                  "Properties", "Resources", "Mining", "Petroleum", "Steel", "Automotive", "Systems", "Software",
                  "Networks", "Communications", "Media", "Foods", "Logistics", "Shipping", "Nasional", "Berhad", "Bhd",
                  "plc", "PLC", "AG", "SA", "Co", "Co."}


#: what starts an amount after "added": "added 8.05 million", "added another $2bn" (not "added that ...")
_AMOUNT_AFTER = re.compile(r"[ \t]*(?:\d|[$£€¥]|US\$|HK\$|RM|Rs\b|(?:another|more|some|about|around|nearly|almost|over|an?)\b)")
_PEOPLE_ENDINGS = ("ers", "ists", "ians", "ants", "ents", "ysts")
_OF_NAME = re.compile(rf"[ \t]+of[ \t]+({_NAME_WORD}(?:[ \t]+{_NAME_WORD})*)")


_CLAUSE_LEADS = (",", ", and", ", but", "while", "whereas")


def _name_at(text: str, pos: int, start: int) -> str | None:
    """A name that begins the clause at ``pos`` and is followed by a lower-case word: "Tencent reported"."""
    while pos < start and text[pos] in " \t,":
        pos += 1
    for lead in ("and the ", "while the ", "but the ", "whereas the ", "the ") if text[pos:pos + 1] in "abtw" else ():
        if text.startswith(lead, pos):
            if lead == "the " and not text[max(0, pos - 9):pos].rstrip().endswith(_CLAUSE_LEADS):
                break  # "The Pengcheng Lab and the Guangming Science City": names joined, not a new clause
            pos += len(lead)  # "..., and the Celtics drew": the clause's own name
            break
    first = _NAME.match(text, pos)
    if first is None or first.end() > start:
        return None
    if text[max(0, pos - 6):pos] == " with " and text[pos - 7:pos - 6].isalpha():
        return None  # "Trade with Russia rose": a partner (but ", with Shenzhen accounting for")
    name = _strip_the(first.group())
    if name.endswith(("'s", "’s")):
        return None  # a possessive is read as one ("The Prime Minister's plan": an office, no owner)
    of = _OF_NAME.match(text, first.end()) if text.startswith(" of ", first.end()) else None
    if of is not None and of.end() <= start:
        name, first = name + " of " + of.group(1), of  # "the Reserve Bank of Australia", "Bank of England"
    rest = text[first.end():first.end() + 30]
    rest = _AGE_APPOSITION.sub("", rest).lstrip()
    if not (_is_name(name, text) and rest[:1].islower() and not rest.startswith(("of ", "and ", "in "))) \
            or name.split()[0].lower() in L.LABEL_WORDS and any(c.isdigit() for c in name) \
            or name in _ACRONYM_SUBJECTS:
        return None  # (a label with its number is a product, "Boeing 787"; "Boeing delivered" is a company)
    nxt = rest.split(None, 1)[0].lower().strip(",.") if rest else ""
    if nxt in ("said", "says", "told", "added", "noted", "stressed", "announced", "urged", "warned") \
            and name.split()[-1] not in _COMPANY_WORDS and not (nxt == "added" and _AMOUNT_AFTER.match(rest, 5)):
        return None  # a speaker, not an owner (but "Northwind Motors said first-quarter net profit rose",
        # "Netflix added 8.05 million subscribers")
    if " " not in name and not name.isupper() and name not in PLACES and text[pos - 2:pos].strip() in ("", ".") \
            and nxt not in _VERB_WORDS and not nxt.endswith("ed") and nxt not in PRESENT_VERBS \
            and nxt not in IRREGULAR_PAST:
        return None  # "Courier companies ...": a capitalised first word, not a name
    if " " not in name and text[pos - 2:pos].strip() in ("", ".") and name.endswith(_PEOPLE_ENDINGS) \
            and not first.group().startswith(("The ", "the ")):
        return None  # "Astronomers found ...": people, not a name (but "The Lakers drew")
    return name


def entity_for(text: str, names: Names, start: int, s_start: int, previous: tuple | None,
               c_start: int | None = None) -> str | None:
    """Whose the figure at ``start`` is; ``previous`` is (position, entity) of the figure before it in the sentence;
    ``c_start`` is where the figure's clause starts."""
    lo = c_start if c_start is not None and c_start > s_start else s_start
    for bounds in ((lo, start), (s_start, start)) if lo > s_start else ((s_start, start),):
        best = None
        seg = text[bounds[0]:bounds[1]]
        if "'" in seg or "’" in seg or "ts" in seg or "heir" in seg:  # what every possessive contains
            for m in _POSSESSIVE.finditer(text, *bounds):
                best = m
        if best is not None:
            if best.group("kind"):
                e = names.resolve(best.group("kind").lower(), best.start())
                if e:
                    return e
            elif best.group("its") or best.group("its2"):
                name = _name_at(text, bounds[0], start)  # "Westpac raised its savings rate": the clause's name
                if name:
                    return name
                if previous and previous[1]:
                    return previous[1]
            else:
                name = _strip_the(best.group("name"))
                if _is_name(name, text) and name.lower() not in _ORG_ALONE \
                        and name.rsplit(None, 1)[-1].lower() not in _OFFICES:
                    return name  # (not "The Chancellor's", "the Prime Minister's": an office names no owner)
        name = _name_at(text, bounds[0], start)  # the clause's or the sentence's subject: "Tencent reported"
        if name:
            return name
    ref = None
    for m in _REF.finditer(text, s_start, start):
        ref = m
    if ref is not None:
        e = names.resolve(ref.group("kind").lower(), ref.start())
        if e:
            return e
    for m in _IN_NAME.finditer(text, lo, _subject_phrase_end(text, lo, start)):
        name = _strip_the(m.group("name"))
        if any(c.isdigit() for c in name) or m.group().startswith("through") and name not in PLACES:
            continue  # (exports through Qianhai are Qianhai's; trips through a bridge are not the bridge's)
        if name in PLACES or _is_name(name, text) and name.split()[0] not in L.MONTHS:
            if name.split()[0].lower() not in COMMON and name.split()[0] not in (
                    "January", "February", "March", "April", "May", "June", "July", "August", "September",
                    "October", "November", "December"):
                return name
    if previous is not None:
        return previous[1]
    return None


_CUT_AT = {"per", "for", "in", "during", "at", "on", "over", "across", "from", "since", "by", "to", "with", "as", "than",
           "through", "under", "within", "between"}
_ORG_ALONE = (_ORG_NOUNS - {"fund", "port", "airport", "platform"}) | {
    "government", "council", "bureau", "ministry", "authority", "regulator", "commission", "department", "agency",
    "administration", "city", "province", "country", "nation", "state", "region", "district", "association",
    "chancellor", "statement", "report", "survey", "study", "it", "they", "we", "he", "she"} | {
    # people who act, not things measured: "The striker earns ...", "The quarterback threw for 312 yards"
    "striker", "quarterback", "player", "winner", "champion", "coach", "manager", "captain", "goalkeeper",
    "batsman", "batter", "bowler", "pitcher", "midfielder", "defender", "runner", "athlete", "rider", "boxer",
    "golfer", "analyst", "minister", "governor", "mayor", "president", "chairman", "spokesman", "spokeswoman",
    "spokesperson", "official", "researcher", "scientist", "economist", "i", "you", "one"}
#: offices: "the Prime Minister's" names a person's post, not whose figures they are
_OFFICES = {"chancellor", "minister", "secretary", "governor", "mayor", "president", "premier", "chairman",
            "chairwoman", "treasurer", "senator", "commissioner"}
#: a subject that ends in one of these names an actor ("the central bank", "the water regulator")
_ACTOR_HEADS = {"bank", "regulator", "council", "government", "ministry", "bureau", "authority", "commission",
                "department", "agency", "company", "firm", "carmaker", "automaker", "lender", "insurer", "retailer",
                "developer", "chipmaker", "airline", "grocer", "miner", "operator", "manufacturer", "watchdog"}


def clean_subject(phrase: str | None, entity: str | None) -> str | None:
    """A subject as the article names it, without articles, possessives, names, places or period adjectives:
    "The province's foreign trade" -> foreign trade; "House prices in London" -> house prices."""
    if not phrase:
        return None
    words = phrase.replace("’", "'").split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].endswith(("'s", "s'")):
            words = words[i + 1:]  # "The province's foreign trade" -> "foreign trade"
            break
    if entity:
        ent = entity.split()
        if words[:len(ent)] == ent:
            words = words[len(ent):]
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if i and w.lower() in _CUT_AT and (nxt[:1].isupper() or nxt[:1].isdigit() or nxt.lower() in ("the", "a", "an")
                                           or nxt.lower() in L.MONTHS):
            words = words[:i]  # "net interest income for the first three quarters", "deposits in Shenzhen"
            break
        if i and w.lower() == "of" and i + 1 < len(words) and (
                words[i + 1].lower() == "the" and i + 2 < len(words) and words[i + 2].lower() in _ORG_NOUNS
                or entity and " ".join(words[i + 1:]).startswith(entity)):
            words = words[:i]  # "Shares of the company"
            break
    while words and (words[0].lower() in L.STOP_BEFORE or words[0].lower() in _LEADING or
                     _PERIOD_ADJECTIVES.match(words[0]) or _MODEL_YEAR.match(words[0])
                     or _AMOUNT_TOKEN.match(words[0]) and len(words) > 1
                     or (words[0].lower() in L.SCALES or words[0].lower() in L.CURRENCY_SUFFIX) and len(words) > 1
                     or words[0].lower() in ("totaling", "reaching", "including", "making", "bringing")
                     or words[0].endswith("ing") and len(words) > 1 and words[1].lower() in ("a", "an", "the")):
        if words[0].lower() == "per" and len(words) > 1 and words[1].lower() == "capita":
            break
        words = words[1:]
        if len(words) > 2 and words[0].lower() in ("number", "numbers") and words[1].lower() == "of":
            words = words[2:]  # "the number of registered drone pilots": the counted thing
    while words and (words[-1].lower() in L.STOP_BEFORE or words[-1].lower() in _TRAILING):
        words = words[:-1]
    if not words or len(words) > 6:
        return None
    out = " ".join(words).strip(",.;:")
    if out in PLACES or (entity and out == entity) or out.lower() in _ORG_ALONE \
            or len(words) <= 3 and words[-1].lower() in _ACTOR_HEADS:
        return None  # a place, a company or a person alone is not what a figure measures
    return out or None


_AMOUNT_TOKEN = re.compile(r"^(?:[A-Z]{0,3}[$€£¥]|RM|Rs\.?)?[\d.,]+(?:[a-z]{1,3}|K|MP)?$")  # (not "5G")
_MODEL_YEAR = re.compile(r"^(?:19|20)\d\d-[a-z]+$")


def about_subject(phrase: str | None, entity: str | None, text: str) -> tuple[str | None, str | None]:
    """(subject, entity): a subject that is itself a name ("the Sensex", "the S&P 500 index") gives its name to
    the entity and keeps only the common noun after it."""
    subject = clean_subject(phrase, entity)
    if subject is None:
        return None, entity
    words = subject.split()
    caps = 0
    while caps < len(words) and (words[caps][:1].isupper() or words[caps][:1].isdigit() and caps) \
            and (words[caps].lower() not in COMMON or caps and words[caps][:1].isupper()) \
            and words[caps] not in _ACRONYM_SUBJECTS:
        caps += 1  # "Hang Seng Index": a capitalised common word inside a name is the name's
    if 0 < caps < len(words) - 1 and words[caps] in ("and", "&") and all(w[:1].isupper() for w in words[caps + 1:]):
        return None, entity  # "Shekou and Chiwan handled ...": places or companies, no measured thing
    if caps and (entity is None or entity in PLACES) and (caps >= 2 or caps == len(words)):
        name = " ".join(words[:caps])
        if name not in PLACES:
            rest = " ".join(words[caps:]) or None
            return rest, name
    return subject, entity


_ACRONYM_SUBJECTS = {"GDP", "CPI", "PPI", "PMI", "FDI", "GNP", "GVA", "EPS", "R&D", "AI", "EV", "EVs", "NEV", "NEVs",
                     "PCT", "TEU", "TEUs", "IPO", "IPOs"}


_LEADING = {"more", "another", "each", "every", "some", "about", "around", "nearly", "almost", "over", "only", "just", "up",
            "down", "record", "whole", "entire", "estimated", "reported", "further", "additional",
            "other", "such", "per", "same"}
_TRAILING = {"more", "than", "up", "down", "alone", "each", "every", "in", "at", "of", "for", "from", "to", "was",
             "were", "is", "are", "had", "has", "have", "will", "would", "could", "can", "may", "might", "should",
             "said", "says", "expected", "estimated", "now", "also", "still", "already", "currently"}
