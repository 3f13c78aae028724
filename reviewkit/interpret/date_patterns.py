"""The written date forms reviewkit reads: one regular expression per form, each with a builder.

This is the private engine behind :mod:`reviewkit.interpret.dates` (read that module for the
conventions): one date each (:func:`parse_single`). School holidays are in
:mod:`reviewkit.interpret.school_calendar`; dates made of dates (ranges, open-ended dates, the
``?`` and ``c.`` markers) in :mod:`reviewkit.interpret.date_spans`. Every builder takes a regex match on *normalised* text (see
:func:`normalise`) and returns a :data:`Span` ``(earliest, latest, precision)``. A form that
is recognised but names something impossible raises :class:`Invalid`, whose message holds
``{text}`` where the public function puts the text as the user wrote it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import time

import pandas as pd
from dateutil.easter import easter

#: Years reviewkit reads (pandas stores nanosecond timestamps only for 1677-2262).
YEAR_MIN, YEAR_MAX = 1800, 2200
#: Longer text is not a date (and is not worth trying every form on).
MAX_LENGTH = 120
US = pd.Timedelta(microseconds=1)
DAY = pd.Timedelta(days=1)

Span = tuple[pd.Timestamp, pd.Timestamp, str]

EXAMPLES = "03/04/2015, April 2015, Summer 2016, early 2015 or w/c 12/01/2015"
UNREADABLE = "{text} is not a date reviewkit can read. Write it as, for example, " + EXAMPLES + "."
CLOCK_UNREADABLE = (
    "{text} is not a time reviewkit can read. Write it as, for example, 14:30, 1430, 2.30pm or 4pm."
)
_DAY_FIRST = " (dates are read day first, as in the UK: DD/MM/YYYY)"


class Invalid(ValueError):
    """A date (or time) that cannot be read; the message has ``{text}`` where the text goes."""

    def for_text(self, text: str) -> str:
        """The message with the text (shortened if long) put in, quoted."""
        shown = text if len(text) <= 60 else text[:57] + "..."
        return str(self.args[0]).replace("{text}", f"'{shown}'")

    @property
    def unreadable(self) -> bool:
        """True when no form matched at all (rather than a form naming an impossible date)."""
        return self.args[0] in (UNREADABLE, CLOCK_UNREADABLE)


def _not_real(reason: str) -> Invalid:
    return Invalid("{text} is not a real date: " + reason)


# --- words -------------------------------------------------------------------------------------

# English names whatever the locale (calendar.month_name follows the locale).
_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]  # fmt: skip
_MONTH_NUMBER = {name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_WORDS = {name for full in _MONTH_NAMES for name in (full, full[:3])} | {"sept"}
#: A month's name or abbreviation, without a group (``MONTH`` names it ``month``).
MONTH_WORD = r"(?:" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?"
MONTH = r"(?P<month>" + MONTH_WORD[3:]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_NUMBER = {full[:3]: i for i, full in enumerate(_WEEKDAYS)}
_WEEKDAY_WORDS = {w for full in _WEEKDAYS for w in (full, full[:3], full[:4])}
_WEEKDAY = re.compile(
    r"(?P<wd>" + "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True)) + r")\.? (?=\S)"
)
YEAR4 = r"(?P<year>\d{4})"
YEAR = r"(?P<year>\d{4}|\d{2})"


def normalise(text: str) -> str:
    """Lower case, single spaces, no commas, ordinals or trailing full stop; dashes as ``-``."""
    s = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", s.replace(",", " "))
    return re.sub(r"\s+", " ", s).strip().removesuffix(".").strip()


# --- checked pieces ------------------------------------------------------------------------------


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < 70 else 1900 + year
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Invalid(
            f"{{text}} has the year {year}; reviewkit reads years {YEAR_MIN} to {YEAR_MAX}."
        )
    return year


def _month(number: int, *, day_first: bool) -> int:
    if not 1 <= number <= 12:
        raise _not_real(f"there is no month {number}{_DAY_FIRST if day_first else ''}.")
    return number


def _day(year: int, month: int, day: int, *, day_first: bool = False) -> pd.Timestamp:
    _month(month, day_first=day_first)
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        raise _not_real(f"there is no day {day}.")
    if day > last:
        if month == 2 and day == 29:
            raise _not_real(f"{year} has no 29 February.")
        in_year = f" in {year}" if month == 2 else ""
        raise _not_real(f"{_MONTH_NAMES[month - 1].title()} has only {last} days{in_year}.")
    return pd.Timestamp(year, month, day)


def _days(start: pd.Timestamp, n: int, precision: str) -> Span:
    return start, start + n * DAY - US, precision


def _months(year: int, month: int, n: int, precision: str) -> Span:
    carry, end_month = divmod(month - 1 + n, 12)
    end = pd.Timestamp(year + carry, end_month + 1, 1) - US
    return pd.Timestamp(year, month, 1), end, precision


def _named(m: re.Match[str]) -> int:
    return _MONTH_NUMBER[m["month"][:3]]


def _next_year_ok(year: int, second: str) -> bool:
    return int(second) == (year + 1 if len(second) == 4 else (year + 1) % 100)


# --- builders ------------------------------------------------------------------------------------


def _dmy(m: re.Match[str]) -> Span:
    day = _day(_year(m["year"]), int(m["month"]), int(m["day"]), day_first=True)
    return _days(day, 1, "day")


def _ymd(m: re.Match[str]) -> Span:
    return _days(_day(_year(m["year"]), int(m["month"]), int(m["day"])), 1, "day")


def _named_day(m: re.Match[str]) -> Span:
    return _days(_day(_year(m["year"]), _named(m), int(m["day"])), 1, "day")


def _numeric_month(m: re.Match[str]) -> Span:
    year = _year(m["year"] or m["y4"])
    return _months(year, _month(int(m["month"]), day_first=True), 1, "month")


def _iso_month(m: re.Match[str]) -> Span:
    return _months(_year(m["year"]), _month(int(m["month"]), day_first=False), 1, "month")


def _named_month(m: re.Match[str]) -> Span:
    return _months(_year(m["year"]), _named(m), 1, "month")


def _year_only(m: re.Match[str]) -> Span:
    return _months(_year(m["year"]), 1, 12, "year")


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season(m: re.Match[str]) -> Span:
    return _months(_year(m["year"]), _SEASON_START[m["season"]], 3, "season")


def _winter_span(m: re.Match[str]) -> Span:
    year = _year(m["year"])
    if not _next_year_ok(year, m["year2"]):
        raise Invalid(
            f"{{text}} does not add up: a winter runs from December to February, "
            f"so the winter that starts in {year} is written {year}/{(year + 1) % 100:02d}."
        )
    return _months(year, 12, 3, "season")


def _term(m: re.Match[str]) -> Span:
    year, term = _year(m["year"]), m["term"]
    if m["year2"]:  # a school year, e.g. 2015/16: autumn in its first year, the rest in its second
        if not _next_year_ok(year, m["year2"]):
            raise Invalid(f"{{text}} does not add up: the school year after {year} is {year + 1}.")
        year += term != "autumn"
    if term == "autumn":
        return _months(year, 9, 4, "term")
    if term == "summer":
        return _months(year, 4, 4, "term")
    end = min(pd.Timestamp(easter(year)) + DAY, pd.Timestamp(year, 4, 30))
    return pd.Timestamp(year, 1, 1), end + DAY - US, "term"


_PART = r"(?:the )?(?P<part>early|beginning of|start of|mid|middle of|late|end of)"
_PART_NAME = {"beginning of": "early", "start of": "early", "middle of": "mid", "end of": "late"}


def _part_of_year(m: re.Match[str]) -> Span:
    part = _PART_NAME.get(m["part"], m["part"])
    return _months(_year(m["year"]), {"early": 1, "mid": 5, "late": 9}[part], 4, "part_of_year")


def _part_of_month(m: re.Match[str]) -> Span:
    year, month = _year(m["year"]), _named(m)
    part = _PART_NAME.get(m["part"], m["part"])
    last = calendar.monthrange(year, month)[1]
    first, n = {"early": (1, 10), "mid": (11, 10), "late": (21, last - 20)}[part]
    return _days(pd.Timestamp(year, month, first), n, "part_of_month")


def _quarter(m: re.Match[str]) -> Span:
    return _months(_year(m["year"] or m["y4"]), 3 * int(m["q"] or m["q2"]) - 2, 3, "quarter")


def _week(m: re.Match[str]) -> Span:
    start, _, precision = parse_single(m["rest"])
    if precision != "day":
        raise Invalid(
            "{text} is not a week reviewkit can read: a week needs an exact day, "
            "such as w/c 12/01/2015."
        )
    ending = m["kind"] in ("w/e", "we", "w.e", "week ending")
    return _days(start - 6 * DAY if ending else start, 7, "week")


def _day_range(m: re.Match[str]) -> Span:
    year, month = _year(m["year"]), _named(m)
    first, last = _day(year, month, int(m["d1"])), _day(year, month, int(m["d2"]))
    if last < first:
        raise Invalid("{text} ends before it starts.")
    return first, last + DAY - US, "range"


_WEEK_WORDS = "w/c|w/b|w/e|w\\.c|w\\.b|w\\.e|wc|wb|we|week commencing|week beginning|week ending"

_PATTERNS: list[tuple[str, Callable[[re.Match[str]], Span]]] = [
    (r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})", _ymd),
    (r"(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)" + YEAR, _dmy),
    (r"(?P<day>\d{1,2})(?: of |[ /-])" + MONTH + r"[ /-]" + YEAR, _named_day),
    (MONTH + r" (?P<day>\d{1,2}) " + YEAR4, _named_day),
    (r"(?P<month>\d{1,2})(?:/" + YEAR + r"|[-.](?P<y4>\d{4}))", _numeric_month),
    (YEAR4 + r"-(?P<month>\d{1,2})", _iso_month),
    (MONTH + r"[ /-](?:of )?" + YEAR4, _named_month),
    (YEAR4, _year_only),
    (r"(?P<season>spring|summer|autumn|fall|winter) (?:of )?" + YEAR4, _season),
    (r"winter (?:of )?" + YEAR4 + r" ?[-/] ?(?P<year2>\d{4}|\d{2})", _winter_span),
    (
        r"(?P<term>autumn|spring|summer) term (?:of )?"
        + YEAR4
        + r"(?:[-/](?P<year2>\d{4}|\d{2}))?",
        _term,
    ),
    (_PART + r"[ -]?(?:of )?" + YEAR4, _part_of_year),
    (_PART + r"[ -]?(?:of )?" + MONTH + " (?:of )?" + YEAR4, _part_of_month),
    (r"q(?P<q>[1-4])[ -]?" + YEAR4 + r"|(?P<y4>\d{4})[ -]?q(?P<q2>[1-4])", _quarter),
    (r"(?P<kind>" + _WEEK_WORDS + r")\.? ?(?P<rest>\d.*|[a-z]+ \d.*)", _week),
    (
        r"(?:between |from )?(?P<d1>\d{1,2}) ?(?:-|and|to) ?(?P<d2>\d{1,2})(?: of)? "
        + MONTH
        + " "
        + YEAR4,
        _day_range,
    ),
]
TABLE = [(re.compile(pattern, re.ASCII), build) for pattern, build in _PATTERNS]


# --- times ---------------------------------------------------------------------------------------

_CLOCK_12 = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?)? ?(?P<ampm>[ap])\.?m\.?", re.ASCII
)
_CLOCK_24 = re.compile(
    r"(?:(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:\.(?P<f>\d{1,6}))?)?"
    r"|(?P<hm>\d{3,4}))(?: ?(?:hrs|hours|h))?\.?",
    re.ASCII,
)
_CLOCK_WORDS = {"noon": time(12), "12 noon": time(12), "midday": time(12), "midnight": time(0)}


def parse_clock(s: str) -> time:
    """Read a normalised time of day (``14:30``, ``1430``, ``2.30pm``, ``4pm``, ``noon``)."""
    s = re.sub(r"\s+", " ", s.strip().lower())
    if s in _CLOCK_WORDS:
        return _CLOCK_WORDS[s]
    if m := _CLOCK_12.fullmatch(s):
        hour = int(m["h"])
        if not 1 <= hour <= 12:
            raise Invalid(
                f"{{text}} is not a real time: there is no hour {hour} on a 12-hour clock."
            )
        hour = hour % 12 + (12 if m["ampm"] == "p" else 0)
    elif m := _CLOCK_24.fullmatch(s):
        hour = int(m["hm"][:-2] if m["hm"] else m["h"])
        if hour > 23:
            raise Invalid(f"{{text}} is not a real time: there is no hour {hour}.")
    else:
        raise Invalid(CLOCK_UNREADABLE)
    minute = int(m["hm"][-2:]) if m.groupdict().get("hm") else int(m["mi"] or 0)
    second = int(m["s"] or 0)
    for unit, value in (("minute", minute), ("second", second)):
        if value > 59:
            raise Invalid(f"{{text}} is not a real time: there is no {unit} {value}.")
    fraction = m.groupdict().get("f") or ""
    return time(hour, minute, second, int(fraction.ljust(6, "0")) if fraction else 0)


# --- putting it together -------------------------------------------------------------------------

_WITH_CLOCK = re.compile(
    r"(?P<date>.*?\d)(?: at | ?@ ?| |t)"
    r"(?P<time>\d[\d:.]*(?: ?[ap]\.?m\.?)?(?: ?(?:hrs|hours|h))?|12 noon|noon|midday|midnight)"
)

def _table(s: str) -> Span | None:
    for pattern, build in TABLE:
        if m := pattern.fullmatch(s):
            return build(m)
    return None


def _with_clock(s: str) -> Span | None:
    if not (m := _WITH_CLOCK.fullmatch(s)):
        return None
    try:
        start, _, precision = parse_single(m["date"])
        clock = parse_clock(m["time"])
    except Invalid as err:
        if err.unreadable:
            return None
        raise
    if precision != "day":
        raise Invalid(
            "{text} gives a time, but a time needs an exact day, such as 03/04/2015 14:30."
        )
    stamp = start + pd.Timedelta(
        hours=clock.hour, minutes=clock.minute, seconds=clock.second, microseconds=clock.microsecond
    )
    return stamp, stamp, "instant"


def parse_single(s: str) -> Span:
    """One normalised date (no range, no ``?`` or ``c.``); an optional leading weekday is checked."""
    weekday = None
    if m := _WEEKDAY.match(s):
        weekday, s = _WEEKDAY_NUMBER[m["wd"][:3]], s[m.end() :]
    span = _table(s) or _with_clock(s)
    if span is None:
        raise Invalid(UNREADABLE)
    if weekday is not None and span[2] in ("day", "instant") and span[0].weekday() != weekday:
        actual = span[0]
        raise Invalid(
            f"{{text}} does not add up: {actual.day} {_MONTH_NAMES[actual.month - 1].title()} "
            f"{actual.year} was a "
            f"{_WEEKDAYS[actual.weekday()].title()}, not a {_WEEKDAYS[weekday].title()}."
        )
    return span
