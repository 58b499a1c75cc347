"""The timeline stage: find date/time expressions and normalise them to TIMEX3 values.

Approach
--------
Pure regular expressions (no parser, no model), written for this project. Each *rule*
pairs one compiled pattern with a small normaliser that turns a match into
``(type, value, anchored)``:

* absolute dates ("May 10, 2018", "2023-11-03", "June 2023", "1998", "the 1990s") get
  their value from the text alone (``anchored=False``);
* relative ones ("Tuesday", "last week", "two weeks ago", "the third quarter") are
  resolved against the publication date, the document creation time (DCT), and carry
  ``anchored=True`` (value ``None`` when there is no DCT). Weekday and month names look
  at the words just before them in their sentence: a bare "Tuesday" is the latest
  Tuesday on or before the DCT unless a future cue ("will", "is scheduled to", not "was
  scheduled to") precedes it; a bare month is the latest such month, unless it is at most
  two months ahead, or the sentence speaks of the future ("will resume in June", "by
  February"); a bare "October 7" takes the year that puts it nearest the DCT, within
  the same tense limits;
* durations become ``P3D``, ``PT24H``, ``P10Y`` (a decade), ``PXY`` (vague); sets
  ("every week", "each Thursday", adverbial "daily") ``P1W``, ``XXXX-WXX-4``...;
* vague references become ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``.

Every rule runs over the whole text; where candidates overlap the longest wins (then the
earlier rule in ``_RULES``). A last pass re-anchors "a year earlier" / "the year-ago
quarter" on the last quarter mentioned, which is how financial news uses them ("profit
rose in the third quarter from $5 million a year earlier" -> the third quarter of the
year before).

Span conventions follow TimeBank's TIMEX3 annotation: determiners and modifiers that are
part of the expression are kept ("the past two months", "last week", "nearly forty
years"), prepositions are not ("on Friday" -> "Friday"). Choices between equally
plausible readings (e.g. which noisy words such as "previously" or "recent" to mark) were
made on TimeBank; AQUAINT is kept as held-out data (see ``newstrace.evaluation.tempeval``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from newstrace.model import TimeExpression

__all__ = ["extract_times"]

# --------------------------------------------------------------------------- vocabulary

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
_SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}
_SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month
_DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
}
_SMALL_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "couple": 2, "a couple of": 2, "couple of": 2,
    "dozen": 12, "a dozen": 12,
}
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
_VAGUE_QUANTITIES = ("several", "a few", "few", "many", "some", "the coming",
                     "the next few", "the past few", "the last few", "a number of")

#: unit word -> (ISO-8601 designator, is a time unit (goes after "T"))
_UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "night": ("D", False), "week": ("W", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False),
    "decade": ("DE", False), "century": ("CE", False), "weekend": ("WE", False),
}

# ------------------------------------------------------------------- pattern fragments

_MONTH_RE = (
    r"(?:Jan(?:uary|\.)|January|Feb(?:ruary|\.)|Mar(?:ch|\.)|Apr(?:il|\.)|May|June|July|"
    r"Aug(?:ust|\.)|Sept?(?:ember|\.)|Oct(?:ober|\.)|Nov(?:ember|\.)|Dec(?:ember|\.)|"
    r"Jun\.|Jul\.|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|"
    r"OCTOBER|NOVEMBER|DECEMBER)"
)
_WEEKDAY_RE = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_NUM_WORD_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"a couple of|a dozen|couple of|dozen|an?)"
)
_NUMBER_RE = rf"(?:\d+(?:\.\d+)?(?: 1/2)?|{_NUM_WORD_RE}(?: hundred| thousand)?(?: and a half)?)"
_UNIT_RE = r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|centur(?:y|ie))"
_YEAR_RE = r"(?:1[6-9]\d\d|20\d\d)"
_DAYNUM_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_SPELLED_YEAR_RE = (
    r"(?:nineteen[- ](?:hundred(?: and)?[- ])?" + _NUM_WORD_RE
    + r"|two thousand(?:(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
# modifiers TimeBank keeps inside a duration's span
_APPROX_RE = (
    r"(?:(?:nearly|almost|about|around|roughly|some|over(?!\s+the)|more than|less than|at least|"
    r"at most|up to|no more than|fewer than|just over|just under|approximately|"
    r"barely|another|an additional|the past|the last|the next|the first|the final|"
    r"the previous|the following|the coming|the same|the)\s+)"
)

_FUTURE_CUE = re.compile(
    r"(?:\b(?:will|won't|would|shall|going to|plans? to|planned|planning|scheduled|expected to|"
    r"is to|are to|due to|set to|intends? to|until|effective|payable|expected in)\b|'ll\b)",
    re.IGNORECASE,
)
# "was scheduled to", "had been due to": a past plan, not the future
_PAST_BEFORE_CUE = re.compile(r"\b(?:was|were|been|had)\s+$", re.IGNORECASE)
_UPCOMING_PREP = re.compile(r"\b(?:by|through|until|till)\s+$", re.IGNORECASE)
_FUTURE_WINDOW = 60  # characters of the sentence before the expression searched for cues
_PAST_TENSE_REACH = 75  # days a past-tense "Dec. 15" may still lie after the DCT
_FUTURE_TENSE_REACH = 60  # days a future-tense "Oct. 20" may still lie before the DCT
_MONTHS_AHEAD = 2  # a bare month at most this far ahead is taken as upcoming
# a sentence ends at . ! ? before a capital, but not after an initial or a title ("P. Davison")
_NOT_AFTER = ("[A-Z]", "Mr", "Mrs", "Ms", "Dr", "St", "Co", "Jr", "Sr", "Inc", "Corp", "Gen",
              "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Prof", "No")
_SENTENCE_END = re.compile(
    "".join(rf"(?<!\b{word})" for word in _NOT_AFTER) + r"[.!?]\s+(?=[A-Z\"'`])|\n")


# ---------------------------------------------------------------------------- data types


@dataclass(frozen=True, slots=True)
class _Norm:
    """What a rule makes of a match."""

    type: str
    value: str | None
    anchored: bool = False
    quarter_back: bool = False  # "a year earlier": re-anchor on the last quarter mentioned


class _Context:
    """The text, its DCT and its sentence boundaries (for the tense of an expression)."""

    def __init__(self, text: str, dct: date | None) -> None:
        self.text = text
        self.dct = dct
        self._sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]

    def is_future(self, start: int) -> bool:
        """Whether the words just before the expression, in its sentence, speak of the
        future ("will meet on Tuesday", "is scheduled to end Friday")."""
        left = self._sentence_starts[bisect_right(self._sentence_starts, start) - 1]
        window = self.text[max(left, start - _FUTURE_WINDOW):start]
        return any(not _PAST_BEFORE_CUE.search(window, 0, cue.start())
                   for cue in _FUTURE_CUE.finditer(window))

    def upcoming_preposition(self, start: int) -> bool:
        """'by February', 'through January': a deadline, usually ahead of the DCT."""
        return bool(_UPCOMING_PREP.search(self.text, max(0, start - 12), start))


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    norm: _Norm
    priority: int


_Normaliser = Callable[[re.Match[str], _Context], _Norm | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    normalise: _Normaliser


# ------------------------------------------------------------------------ value helpers


def _parse_number(words: str) -> int | None:
    """'twenty four' -> 24, '24' -> 24, 'a couple of' -> 2, 'several' -> None (vague)."""
    w = words.lower().strip().replace("-", " ")
    w = re.sub(r"\s+", " ", w)
    if w.endswith(" and a half"):
        w = w[: -len(" and a half")]
    if re.fullmatch(r"\d+(?:\.\d+)?(?: 1/2)?", w):
        return int(float(w.split()[0]))
    multiplier = 1
    for word, mult in ((" hundred", 100), (" thousand", 1000)):
        if w.endswith(word):
            w, multiplier = w[: -len(word)], mult
    if w in _SMALL_NUMBERS:
        return _SMALL_NUMBERS[w] * multiplier
    parts = w.split()
    if parts and parts[0] in _TENS:
        rest = _SMALL_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0
        return (_TENS[parts[0]] + rest) * multiplier
    return None


def _ordinal_value(text: str) -> int:
    """'7', '7th', 'seventh', 'twenty-second' -> 7, 7, 7, 22; 0 when not an ordinal."""
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    word = text.lower()
    if word == "thirtieth":
        return 30
    tens, _, unit = word.rpartition("-")
    if unit not in _ORDINALS or tens not in ("", "twenty", "thirty"):
        return 0
    return _TENS.get(tens, 0) + _ORDINALS[unit]


def _spelled_year(words: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001."""
    w = words.lower().replace("-", " ")
    m = re.fullmatch(r"nineteen (?:hundred (?:and )?)?(.+)", w)
    if m:
        n = _parse_number(m.group(1))
        return 1900 + n if n is not None and n < 100 else None
    m = re.fullmatch(r"two thousand(?: (?:and )?(.+))?", w)
    if m:
        n = _parse_number(m.group(1)) if m.group(1) else 0
        return 2000 + n if n is not None else None
    return None


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _nearest_year(dct: date, month: int, day: int | None = None) -> int:
    """The year that puts ``month`` (and ``day``) nearest to the DCT."""
    best, best_dist = dct.year, None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            d = date(year, month, day or 15)
        except ValueError:
            continue
        dist = abs((d - dct).days)
        if best_dist is None or dist < best_dist:
            best, best_dist = year, dist
    return best


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _month_day_year(dct: date, month: int, day: int, future: bool) -> int:
    """The year of a bare 'October 7': the nearest one, except that a past-tense sentence
    does not reach far ahead and a future one not far back."""
    year = _nearest_year(dct, month, min(day, 28))
    target = date(year, month, min(day, 28))
    if future and target < dct - timedelta(days=_FUTURE_TENSE_REACH):
        return year + 1
    if not future and target > dct + timedelta(days=_PAST_TENSE_REACH):
        return year - 1
    return year



def _weekday_date(dct: date, weekday: int, direction: str) -> date:
    """Resolve a weekday name: 'past' = on/before the DCT, 'future' = on/after,
    'last' = strictly before, 'next' = strictly after."""
    back = (dct.weekday() - weekday) % 7
    ahead = (weekday - dct.weekday()) % 7
    if direction == "last":
        return dct - timedelta(days=back or 7)
    if direction == "next":
        return dct + timedelta(days=ahead or 7)
    if direction == "future":
        return dct + timedelta(days=ahead)
    return dct - timedelta(days=back)


def _shift_unit(dct: date, unit: str, delta: int) -> str:
    """The DCT moved by ``delta`` units, at that unit's granularity."""
    if unit == "day":
        return (dct + timedelta(days=delta)).isoformat()
    if unit == "week":
        return _week(dct + timedelta(weeks=delta))
    if unit == "month":
        y, m = _shift_month(dct.year, dct.month, delta)
        return f"{y}-{m:02d}"
    if unit == "quarter":
        y, m = _shift_month(dct.year, dct.month, 3 * delta)
        return f"{y}-Q{(m - 1) // 3 + 1}"
    if unit == "decade":
        return str(dct.year // 10 + delta)
    if unit == "century":
        return str(dct.year // 100 + delta)
    if unit == "weekend":
        return _week(dct + timedelta(weeks=delta)) + "-WE"
    return str(dct.year + delta)  # year


def _unit_of(word: str) -> str:
    """'centuries' -> 'century', 'Weeks' -> 'week'."""
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") else w


def _duration(amount: int | None, unit: str, fraction_half: bool = False) -> str:
    """P3D, PT24H, P10Y (decades and centuries are written in years), PXY when vague."""
    designator, is_time = _UNITS[unit]
    if amount is not None and unit in ("decade", "century"):
        amount, designator = amount * (10 if unit == "decade" else 100), "Y"
    if unit == "quarter" and amount is not None:
        amount, designator = amount * 3, "M"
    count = "X" if amount is None else str(amount)
    extra = ""  # "2 1/2 years" -> P2Y6M
    if fraction_half and amount is not None:
        halves = {"H": "30M", "M": "30S"} if is_time else {"Y": "6M", "M": "15D", "W": "3D"}
        extra = halves.get(designator, "")
    if is_time:
        return f"PT{count}{designator}{extra}"
    return f"P{count}{designator}{extra}"


def _anchored(type_: str, dct: date | None, value: Callable[[date], str | None]) -> _Norm:
    """A DCT-relative value, or ``None`` when the article has no date."""
    return _Norm(type_, value(dct) if dct is not None else None, anchored=True)


# ------------------------------------------------------------------------- normalisers


def _norm_iso(m: re.Match[str], ctx: _Context) -> _Norm | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    return _Norm("DATE", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None


def _norm_us_numeric(m: re.Match[str], ctx: _Context) -> _Norm | None:
    mo, d, y = int(m["mo"]), int(m["d"]), int(m["y"])
    if y < 100:  # "5/10/98"
        y += 1900 if y >= 30 else 2000
    return _Norm("DATE", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None


def _year_from(m: re.Match[str]) -> int | None:
    if m["year"]:
        return int(m["year"])
    if m["syear"]:
        return _spelled_year(m["syear"])
    return None


def _norm_month_day(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'May 10, 2018', 'Saturday, April 25', '7 October 2023', 'March eighth'."""
    month = _month_number(m["month"])
    day_text = m["day"] or m["dayw"]
    day = _ordinal_value(day_text)
    if not _valid(2000, month, day):  # a leap year: February 29 may exist
        return None
    year = _year_from(m)
    if year is not None:
        return _Norm("DATE", f"{year:04d}-{month:02d}-{day:02d}")
    future = ctx.is_future(m.start())

    def value(dct: date) -> str:
        return f"{_month_day_year(dct, month, day, future):04d}-{month:02d}-{day:02d}"

    return _anchored("DATE", ctx.dct, value)


def _norm_month_year(m: re.Match[str], ctx: _Context) -> _Norm | None:
    year = _year_from(m)
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-{_month_number(m['month']):02d}")


def _norm_month(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """A month name with no year: 'in June', 'last April', 'June last year'."""
    month = _month_number(m["month"])
    rel = (m["rel"] or "").lower()
    post = (m["post"] or "").lower()
    future = ctx.is_future(m.start())
    deadline = ctx.upcoming_preposition(m.start())

    def value(dct: date) -> str:
        if "last year" in post:
            year = dct.year - 1
        elif "next year" in post:
            year = dct.year + 1
        elif "this year" in post or rel == "this":
            year = dct.year
        elif rel == "last" or rel == "past":
            year = dct.year if month < dct.month else dct.year - 1
        elif rel in ("next", "coming"):
            year = dct.year if month > dct.month else dct.year + 1
        else:
            ahead = (month - dct.month) % 12  # months from the DCT to the next such month
            upcoming = future or 0 < ahead <= _MONTHS_AHEAD or (deadline and ahead <= 6)
            # "will resume in June", a month just ahead, "by February" when that is nearer
            # ahead than back; otherwise the latest such month (news mostly reports the past)
            if upcoming:
                year = dct.year if month >= dct.month else dct.year + 1
            else:
                year = dct.year if month <= dct.month else dct.year - 1
        return f"{year:04d}-{month:02d}"

    return _anchored("DATE", ctx.dct, value)


def _norm_year(m: re.Match[str], ctx: _Context) -> _Norm | None:
    year = _year_from(m)
    if year is None:
        return None
    part = (m["part"] or "").lower()
    season = _SEASONS.get(part)
    return _Norm("DATE", f"{year:04d}-{season}" if season else f"{year:04d}")


def _norm_decade(m: re.Match[str], ctx: _Context) -> _Norm | None:
    digits = m["decade"]
    if digits:
        if len(digits) == 2:  # "the '90s": assume the 20th century (news of 1900-2029)
            century = "19" if int(digits) >= 30 else "20"
            return _Norm("DATE", century + digits[0])
        return _Norm("DATE", digits[:3])
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}
    return _Norm("DATE", f"19{words[m['dword'].lower()]}")


def _norm_century(m: re.Match[str], ctx: _Context) -> _Norm | None:
    raw = m["num"]
    n = _ordinal_value(raw)
    if not n:
        return None
    return _Norm("DATE", f"{n - 1:02d}")


def _norm_weekday(m: re.Match[str], ctx: _Context) -> _Norm | None:
    weekday = _WEEKDAYS[m["weekday"].lower()]
    rel = (m["rel"] or "").lower()
    part = (m["part"] or "").lower()

    def value(dct: date) -> str:
        if rel == "last":
            direction = "last"
        elif rel in ("next", "this coming", "coming"):
            direction = "next"
        else:  # bare, "this", "early", "late": the sentence's tense decides
            direction = "future" if ctx.is_future(m.start()) else "past"
        d = _weekday_date(dct, weekday, direction).isoformat()
        return d + "T" + _DAY_PARTS[part] if part else d

    return _anchored("TIME" if part else "DATE", ctx.dct, value)


_DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


def _norm_deictic_day(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """today, yesterday, tonight, this morning, last night, yesterday afternoon..."""
    groups = m.groupdict()
    day_word = (groups["day"] or "").lower()
    part = (groups["part"] or groups.get("part2") or "").lower()
    rel = (groups["rel"] or "").lower()
    offset = _DEICTIC_DAYS.get(day_word, 0)
    if day_word == "tonight":
        part = "night"
    if rel == "last" and not day_word:  # "last night" is the evening before the DCT
        offset = -1
    if rel == "tomorrow":
        offset = 1
    if rel == "yesterday":
        offset = -1

    def value(dct: date) -> str:
        d = (dct + timedelta(days=offset)).isoformat()
        return d + "T" + _DAY_PARTS[part] if part else d

    return _anchored("TIME" if part else "DATE", ctx.dct, value)


def _norm_clock(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'3 p.m.', '10:30 a.m. Wednesday', 'noon Thursday'."""
    if m["noon"]:
        hour, minute = (12, 0) if m["noon"].lower() == "noon" else (24, 0)
    else:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if hour > 12 or minute > 59:
            return None
        if ampm == "pm" and hour != 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
    clock = f"T{hour:02d}:{minute:02d}"
    day_word = (m["dayref"] or "").lower()

    def value(dct: date) -> str:
        if m["month"]:
            month, day = _month_number(m["month"]), _ordinal_value(m["day"])
            year = _month_day_year(dct, month, day, ctx.is_future(m.start()))
            d = date(year, month, day if _valid(year, month, day) else 28)
        elif day_word in _WEEKDAYS:
            direction = "future" if ctx.is_future(m.start()) else "past"
            d = _weekday_date(dct, _WEEKDAYS[day_word], direction)
        else:
            d = dct + timedelta(days=_DEICTIC_DAYS.get(day_word, 0))
        return d.isoformat() + clock

    return _anchored("TIME", ctx.dct, value)


def _norm_this_unit(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """this/last/next/the past + week|month|year|quarter|decade|weekend|season."""
    rel = m["rel"].lower().replace("the ", "").replace("this past", "last").replace(
        "this coming", "next")
    unit_word = m["unit"].lower()
    delta = {"this": 0, "the current": 0, "current": 0, "last": -1, "past": -1,
             "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit_word in _SEASONS:
        season = _SEASONS[unit_word]

        def season_value(dct: date) -> str:
            # "last summer" is the latest summer over by the DCT, "next" the first to come
            start = _SEASON_START[season]
            if delta < 0:
                year = dct.year if start + 3 <= dct.month else dct.year - 1
            elif delta > 0:
                year = dct.year if start > dct.month else dct.year + 1
            else:
                year = dct.year
            return f"{year:04d}-{season}"

        return _anchored("DATE", ctx.dct, season_value)
    unit = _unit_of(unit_word)
    return _anchored("DATE", ctx.dct, lambda dct: _shift_unit(dct, unit, delta))


def _norm_ago(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'two weeks ago', 'a year earlier', 'five months ago': the DCT minus the amount."""
    unit = _unit_of(m["unit"])
    if unit not in ("day", "week", "month", "year", "decade", "century", "hour", "minute"):
        return None
    amount = _parse_number(m["num"])
    word = m["dir"].lower()
    direction = -1 if word in ("ago", "earlier", "back") else 1
    if word in ("later", "before", "after") or unit in ("hour", "minute"):
        # "three days later", "30 days before": TimeBank marks the stretch, not a date
        return _Norm("DURATION", _duration(amount, unit))
    if amount is None:  # "several years ago", "a few days ago"
        return _Norm("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF")
    quarter_back = unit == "year" and amount == 1
    norm = _anchored("DATE", ctx.dct, lambda dct: _shift_unit(dct, unit, direction * amount))
    return replace(norm, quarter_back=quarter_back)


def _norm_duration(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'three days', 'the past two months', 'a decade', '24-hour', 'several years'."""
    unit = _unit_of(m["unit"])
    num = m["num"] or ""
    vague = m["vague"]
    amount = None if vague else _parse_number(num)
    if not vague and amount is None:
        return None
    half = bool(re.search(r"1/2|and a half", num)) or bool(m["andhalf"])
    if amount == 0:  # "half a year"
        return None
    if unit in ("quarter", "second") and (num.lower() in ("a", "an") or "-" in m.group(0)):
        return None  # "a quarter", "three-quarters" (fractions), "a second" (ordinal)
    if amount is not None and amount >= 1000 and not m.group(0).lower().endswith("s"):
        return None  # "the 1988 quarter" is a date
    if _is_rate_or_age(m, ctx, num):
        return None
    return _Norm("DURATION", _duration(amount, unit, half))


_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:times|once|twice|percent|million|billion|dollars|cents|seats|flights|"
    r"units|barrels|shares|jobs))[^.;:]{0,3}$", re.IGNORECASE)


_OLD_AFTER = re.compile(r"\s*-?\s*old\b", re.IGNORECASE)


def _is_rate_or_age(m: re.Match[str], ctx: _Context, num: str) -> bool:
    """'$2 million a year' is a rate and 'Mr. Smith, 52 years old' an age: no durations."""
    before = ctx.text[max(0, m.start() - 30):m.start()]
    if num.lower() in ("a", "an") and _RATE_BEFORE.search(before):
        return True
    is_years = m["unit"].lower().startswith("year")
    followed_by_old = bool(_OLD_AFTER.match(ctx.text, m.end()))
    return is_years and (followed_by_old or m.group(0).lower().endswith("-old"))


def _norm_vague_plural(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'for weeks', 'within months', 'for centuries' -> PXW, PXM, PXC (TimeBank's style)."""
    unit = _unit_of(m["unit"])
    if unit == "century":
        return _Norm("DURATION", "PXC")
    return _Norm("DURATION", _duration(None, unit))


def _norm_quarter(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'the third quarter', 'fourth-quarter', 'the fiscal first quarter', 'the latest quarter'."""
    ordinal = (m["ord"] or "").lower()
    n = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
         "4th": 4}.get(ordinal)
    year_text = m["year"]
    delta = -1 if m["yearago"] else 0
    year_text = year_text or m["ofyear"]
    if m["lastyear"]:
        delta = -1
    if m["nextyear"]:
        delta = 1
    if n is not None and year_text:
        return _Norm("DATE", f"{int(year_text)}-Q{n}")

    def value(dct: date) -> str:
        if n is None:  # "the quarter", "the latest quarter": the last quarter reported
            y, mo = _shift_month(dct.year, dct.month, -3)
            q = (mo - 1) // 3 + 1
            return f"{year_text}-Q{q}" if year_text else f"{y + delta}-Q{q}"
        # the latest quarter n that has begun by the DCT ("the fourth quarter" in January
        # is last year's)
        year = dct.year if 3 * n - 2 <= dct.month else dct.year - 1
        return f"{year + delta}-Q{n}"

    # "the year-ago quarter" is re-anchored on the last quarter named, like "a year earlier"
    norm = _anchored("DATE", ctx.dct, value)
    return replace(norm, quarter_back=bool(m["yearago"]) and n is None)


def _norm_weekend(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'the weekend': the latest one by the DCT, or the next one in a future sentence."""
    future = ctx.is_future(m.start())

    def value(dct: date) -> str:
        saturday = _weekday_date(dct, 5, "future" if future else "past")
        return _week(saturday) + "-WE"

    return _anchored("DATE", ctx.dct, value)


def _norm_season(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'the summer', 'the early summer': the latest such season by the DCT (or the next
    one in a future sentence)."""
    season = _SEASONS[m["season"].lower()]
    future = ctx.is_future(m.start())

    def value(dct: date) -> str:
        started = _SEASON_START[season] <= dct.month
        if future:
            year = dct.year if not started or season == "WI" else dct.year + 1
        else:
            year = dct.year if started else dct.year - 1
        return f"{year}-{season}"

    return _anchored("DATE", ctx.dct, value)


def _norm_year_end(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'year-end', 'by the end of the year': the DCT's year (TimeBank's usual value)."""
    return _anchored("DATE", ctx.dct, lambda dct: str(dct.year))


def _norm_half(m: re.Match[str], ctx: _Context) -> _Norm | None:
    n = 1 if m["ord"].lower() == "first" else 2
    if m["year"]:
        return _Norm("DATE", f"{m['year']}-H{n}")
    return _anchored("DATE", ctx.dct, lambda dct: f"{dct.year}-H{n}")


def _norm_year_ago_adj(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'year-ago', 'year-earlier': the previous year, re-anchored on the last quarter."""
    norm = _anchored("DATE", ctx.dct, lambda dct: str(dct.year - 1))
    return replace(norm, quarter_back=True)


def _constant(type_: str, value: str) -> _Normaliser:
    def normalise(m: re.Match[str], ctx: _Context) -> _Norm:
        return _Norm(type_, value)

    return normalise


def _norm_set(m: re.Match[str], ctx: _Context) -> _Norm | None:
    """'every week', 'each Thursday', 'every other month', 'per year', 'each July'."""
    word = m["what"].lower()
    if m["num"] and m["num"].lower() == "other":
        return _Norm("SET", _duration(2, _unit_of(word)))
    if word in _WEEKDAYS:
        return _Norm("SET", f"XXXX-WXX-{_WEEKDAYS[word] + 1}")
    if word.rstrip(".") in _MONTHS:
        return _Norm("SET", f"XXXX-{_month_number(word):02d}")
    amount = _parse_number(m["num"]) if m["num"] else 1
    return _Norm("SET", _duration(amount, _unit_of(word)))


def _norm_set_adverb(m: re.Match[str], ctx: _Context) -> _Norm | None:
    word = m["what"].lower()
    values = {"daily": "XXXX-XX-XX", "nightly": "XXXX-XX-XXTNI", "weekly": "P1W",
              "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}
    return _Norm("SET", values[word])


# ----------------------------------------------------------------------------- rules


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    # Every expression starts at a word boundary: saying so up front lets the engine skip
    # mid-word positions at once, which makes the whole stage several times faster.
    return re.compile(r"(?<!\w)" + pattern, flags)


_YEARISH = rf"(?:(?P<year>{_YEAR_RE})(?![\d,]?\d)|(?P<syear>{_SPELLED_YEAR_RE}))"
_PERIOD_PREFIX = (
    r"(?:(?i:early|late|mid|the end of|the beginning of|the start of|the middle of|"
    r"the first half of|the second half of)[\s-])?"
)

_RULES: list[_Rule] = [
    _Rule("iso", _rx(r"\b(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)\b"), _norm_iso),
    _Rule("us-numeric", _rx(r"\b(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)\b"),
          _norm_us_numeric),
    _Rule("month-day", _rx(
        rf"(?:{_WEEKDAY_RE},?\s+)?(?:(?i:this coming)\s+{_WEEKDAY_RE},?\s+)?"
        rf"(?P<month>{_MONTH_RE})\s+(?:(?P<day>{_DAYNUM_RE})\b|(?P<dayw>(?i:first|second|"
        rf"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
        rf"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
        rf"twentieth|twenty-\w+|thirtieth|thirty-first))\b)(?:,?\s+{_YEARISH})?"),
        _norm_month_day),
    _Rule("day-month", _rx(
        rf"(?:{_WEEKDAY_RE},?\s+)?\b(?:the\s+)?(?P<day>{_DAYNUM_RE})\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH_RE})(?P<dayw>)(?:,?\s+{_YEARISH})?"),
        _norm_month_day),
    _Rule("month-year", _rx(
        rf"{_PERIOD_PREFIX}(?P<month>{_MONTH_RE}),?\s+(?:of\s+)?{_YEARISH}"),
        _norm_month_year),
    _Rule("month", _rx(
        rf"(?:(?P<rel>(?i:last|next|this|this past|this coming|past|coming|early|late|mid))"
        rf"[\s-]|(?i:the end of|the beginning of|the middle of|the start of)\s+)?"
        rf"(?P<month>{_MONTH_RE})(?!\s+\d)(?!\s*-)"
        rf"(?P<post>\s+(?i:last|this|next) year)?\b"),
        _norm_month),
    _Rule("weekday", _rx(
        rf"(?:(?P<rel>(?i:last|next|this coming|this|coming|early|late|earlier|later))\s+)?"
        rf"\b(?P<weekday>{_WEEKDAY_RE})(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
        rf"(?!\s*,?\s*{_MONTH_RE})(?!s)"),
        _norm_weekday),
    _Rule("deictic-day", _rx(
        r"(?i:(?:(?:early|late|earlier|later)\s+)?\b(?P<day>today|yesterday|tomorrow|tonight)"
        r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
        r"|\b(?P<rel>this|last|tomorrow|yesterday|(?:later|earlier) this|early this|late this)"
        r"\s+(?P<part2>morning|afternoon|evening|night)\b)"),
        _norm_deictic_day),
    _Rule("clock", _rx(
        r"(?<![\d.:])(?:(?P<h>[01]?\d)(?:[:.](?P<min>[0-5]\d))?\s*"
        r"(?P<ampm>(?i:a\.m\.|p\.m\.|am\b|pm\b))"
        r"|(?P<noon>(?i:noon|midnight)))"
        r"(?:\s+(?i:EST|EDT|GMT|PST|PDT|CST|CDT|local time))?"
        r"(?:\s*,?\s*(?:on\s+)?(?P<dayref>(?i:today|yesterday|tomorrow)|"
        rf"{_WEEKDAY_RE}|(?P<month>{_MONTH_RE})\s+(?P<day>{_DAYNUM_RE})\b))?"),
        _norm_clock),
    _Rule("part-of-day", _rx(
        r"(?i:(?:early\s+|late\s+|mid-?)?(?P<part>morning|afternoon|evening|night)\s+"
        r"(?:of\s+)?(?P<day>today|yesterday|tomorrow))\b(?P<rel>)"),
        _norm_deictic_day),
    _Rule("this-unit", _rx(
        r"(?i:(?:(?:earlier|later|early|late|mid)[\s-]|(?:the\s+)?(?:end|beginning|start|"
        r"middle|rest|remainder|first half|second half) of\s+)?"
        r"\b(?P<rel>this past|this coming|this|last|next|the past|the last|past|previous|"
        r"the previous|the current|current|the coming|coming)\s+(?:fiscal\s+)?"
        r"(?P<unit>week|month|year|quarter|decade|century|weekend|spring|summer|fall|"
        r"autumn|winter)\b)(?!-)"),
        _norm_this_unit),
    _Rule("ago", _rx(
        rf"(?i:(?:{_APPROX_RE})?\b(?P<num>{_NUMBER_RE}|several|a few|few|many|some)\s+"
        rf"(?:more\s+)?(?P<unit>{_UNIT_RE})s?\s+(?:or so\s+)?"
        rf"(?P<dir>ago|earlier|before|later|back|hence|from now)\b)"),
        _norm_ago),
    _Rule("duration", _rx(
        rf"(?i:{_APPROX_RE}{{0,2}}\b(?:(?P<vague>{'|'.join(_VAGUE_QUANTITIES)})|"
        # "two to three weeks" takes the first figure
        rf"(?P<num>{_NUMBER_RE})(?:\s+(?:to|or)\s+{_NUMBER_RE})?)[\s-]+"
        rf"(?:(?:more|additional|long|straight|consecutive|full|trading|business|working)\s+)?"
        rf"(?P<unit>{_UNIT_RE})s?\b(?P<andhalf> and a half)?(?:-old|-long)?)(?!-\w)"),
        _norm_duration),
    _Rule("vague-plural", _rx(
        r"\b(?i:for|within|over|in|lasting|taking|took|take|last)\s+"
        r"(?P<span>(?P<unit>(?i:years|months|weeks|days|decades|centuries|hours|minutes)))\b"),
        _norm_vague_plural),
    _Rule("quarter", _rx(
        r"(?<!-)(?i:(?:the\s+)?(?:(?P<year>(?:19|20)\d\d)(?:'s)?\s+)?"
        r"(?:(?:this|(?P<lastyear>last)|(?P<nextyear>next)) year's\s+)?"
        r"(?:fiscal[\s-]|calendar\s+)?(?:(?P<yearago>year-(?:ago|earlier))\s+)?"
        r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+|"
        r"(?:latest|current|past|most recent|recent|same|comparable)\s+)?"
        r"(?:fiscal\s+)?quarter\b"
        r"(?:\s+of\s+(?:fiscal\s+)?(?P<ofyear>(?:19|20)\d\d)\b)?)(?![s-])"),
        _norm_quarter),
    _Rule("weekend", _rx(r"(?i:the\s+weekend)\b"), _norm_weekend),
    _Rule("season", _rx(
        r"(?i:the\s+(?:(?:early|late|mid)[\s-]+)?(?P<season>spring|summer|autumn|winter))\b"
        r"(?!\s+of\b)"),
        _norm_season),
    _Rule("year-end", _rx(
        r"(?i:(?:the\s+)?(?:year[- ]end|year's end|end of the year|end of this year|full year)"
        r"|(?:earlier|later) in the year)\b"),
        _norm_year_end),
    _Rule("half", _rx(
        r"(?i:(?:the\s+)?(?P<ord>first|second|last)[\s-]half\b"
        r"(?:\s+of\s+(?P<year>(?:19|20)\d\d))?)"),
        _norm_half),
    _Rule("year-ago-adj", _rx(
        r"(?i:the\s+year-(?:ago|earlier)\s+period|year-(?:ago|earlier))\b"),
        _norm_year_ago_adj),
    _Rule("year", _rx(
        rf"(?<![\d$.,#-])(?:{_PERIOD_PREFIX}"
        rf"(?:(?i:the\s+)?(?P<part>(?i:spring|summer|fall|autumn|winter))\s+(?:of\s+)?)?"
        rf"(?i:(?:fiscal|calendar|the year|model year)\s+)?"
        rf"(?:(?P<year>{_YEAR_RE})(?![\d%]|,\d|\.\d|-\d| ?(?i:percent|people|troops|"
        rf"workers|shares|feet|miles|tons|km|points|members|employees|cars|units|men|"
        rf"women|votes|jobs|acres)\b))|(?i:the year\s+)?(?P<syear>{_SPELLED_YEAR_RE})"
        rf"(?=[\s.,;:!?)]|$)(?!\s+(?i:percent|people|dollars|troops)))"),
        _norm_year),
    _Rule("decade", _rx(
        r"(?i:(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<decade>(?:1[6-9]|20)\d0|"
        r"(?<=')\d0)'?s\b|(?P<dword>twenties|thirties|forties|fifties|sixties|seventies|"
        r"eighties|nineties)\b))"),
        _norm_decade),
    _Rule("decade-apos", _rx(r"(?i:(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?'(?P<decade>\d0)s\b)"
                             r"(?P<dword>)"),
        _norm_decade),
    _Rule("century", _rx(
        r"(?i:(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<num>\d{1,2}(?:st|nd|rd|th)|first|"
        r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
        r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
        r"twentieth|twenty-first)[\s-]century\b)"),
        _norm_century),
    _Rule("present", _rx(
        r"(?i:\b(?:now|currently|presently|nowadays|these days|at present|at the moment|"
        r"the present|the current period)\b)(?!\s+that\b)"),
        _constant("DATE", "PRESENT_REF")),
    _Rule("current-adj", _rx(r"\b(?i:current)\b(?!\s+(?:account|affairs|events))"),
          _constant("DATE", "PRESENT_REF")),
    _Rule("past", _rx(
        # "previously" and "formerly" are rarely annotated in TimeBank: left out
        r"(?i:\b(?:recently|lately|the past|"
        r"recent (?:days|weeks|years|times)|(?:the\s+)?(?:last|past) few (?:days|weeks|months|"
        r"years))\b)(?!\s+(?:\d|two|three|four|five|six|seven|eight|nine|ten|several|few|"
        r"decade|year|month|week|day|century))"),
        _constant("DATE", "PAST_REF")),
    _Rule("recent-span", _rx(r"(?i:recent (?P<unit>months|quarters))\b"),
          lambda m, ctx: _Norm("DURATION", "PXM")),
    _Rule("future", _rx(
        r"(?i:\b(?:(?<!as )soon(?! as)|the future|the near future|(?:the\s+)?coming (?:days|weeks|"
        r"months|years)|in the years ahead|the years ahead|the months ahead|shortly|"
        r"the (?:near|short) term)\b)"),
        _constant("DATE", "FUTURE_REF")),
    _Rule("set", _rx(
        # "$5 million a year" is a rate, not annotated as a SET in TimeBank: "a" is left out
        rf"(?i:\b(?:every|each|per)\s+(?:(?P<num>other|{_NUM_WORD_RE}|\d+)\s+)?"
        rf"(?P<what>(?:minute|hour|day|week|month|year|quarter|decade)s?|"
        rf"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|"
        rf"july|august|september|october|november|december)\b)(?!\s+(?:ago|earlier|later|"
        rf"before|after|or))"),
        _norm_set),
    _Rule("set-adverb", _rx(
        # only as adverbs: "a daily newspaper", "its quarterly dividend" are no timexes
        r"\b(?P<what>(?i:daily|nightly|weekly|monthly|annually|yearly|hourly))\b"
        r"(?!\s+[a-z])"),
        _norm_set_adverb),
]


# --------------------------------------------------------------------------- pipeline


def _candidates(ctx: _Context) -> list[_Candidate]:
    out: list[_Candidate] = []
    for priority, rule in enumerate(_RULES):
        for m in rule.pattern.finditer(ctx.text):
            # a group named "span" narrows the timex to part of the match (context outside)
            start, end = m.span("span") if "span" in m.re.groupindex else m.span()
            if end <= start:
                continue
            norm = rule.normalise(m, ctx)
            if norm is not None:
                out.append(_Candidate(start, end, norm, priority))
    return out


def _resolve_overlaps(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest candidate wherever several overlap (earlier rule on ties)."""
    starts: list[int] = []  # the kept spans, sorted and disjoint: a neighbour check suffices
    kept: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        i = bisect_right(starts, c.start)
        if i > 0 and kept[i - 1].end > c.start:
            continue  # overlaps the kept span starting at or before it
        if i < len(kept) and kept[i].start < c.end:
            continue  # overlaps the kept span starting after it
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept


_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")


def _reanchor_on_quarters(cands: list[_Candidate]) -> None:
    """'a year earlier' after 'the third quarter' of 1989 means 1988-Q3 (financial style)."""
    last_quarter: tuple[int, int] | None = None
    for c in cands:
        m = _QUARTER_VALUE.match(c.norm.value or "")
        if m and not c.norm.quarter_back:
            last_quarter = (int(m.group(1)), int(m.group(2)))
        elif c.norm.quarter_back and last_quarter and c.norm.value is not None:
            year, q = last_quarter
            c.norm = replace(c.norm, value=f"{year - 1}-Q{q}")


# "the third-quarter results", "the two-week strike": the article belongs to the noun
_ARTICLE_BEFORE_ADJECTIVE = re.compile(
    r"(?i)the\s+(?=[\w-]+-(?:second|minute|hour|day|week|month|quarter|year|decade)s?$)")


def _strip_edges(text: str, c: _Candidate) -> _Candidate:
    """Trim whitespace the patterns may have swallowed at either end, and the article
    before an adjectival expression, which TimeBank leaves out."""
    while c.end > c.start and text[c.end - 1].isspace():
        c.end -= 1
    while c.start < c.end and text[c.start].isspace():
        c.start += 1
    article = _ARTICLE_BEFORE_ADJECTIVE.match(text, c.start, c.end)
    if article:
        c.start = article.end()
    return c


def extract_times(article_id: str, text: str, published: date | None) -> list[TimeExpression]:
    """Every date/time expression in ``text``, normalised against ``published`` (the DCT).

    Relative expressions get ``anchored=True``; when ``published`` is None their value is
    None (absolute dates still get theirs). ``text[e.start:e.end] == e.text`` always holds.
    """
    ctx = _Context(text, published)
    cands = _resolve_overlaps([_strip_edges(text, c) for c in _candidates(ctx)])
    _reanchor_on_quarters(cands)
    return [
        TimeExpression(
            article_id=article_id,
            start=c.start,
            end=c.end,
            text=text[c.start:c.end],
            type=c.norm.type,
            value=c.norm.value,
            anchored=c.norm.anchored,
        )
        for c in cands
        if c.end > c.start
    ]
