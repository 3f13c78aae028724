"""Dates made of other dates: ranges in one cell, open-ended dates, an unknown day, ``?`` and ``c.``.

Part of the date engine behind :mod:`reviewkit.interpret.dates` (read it for the conventions).
Texts are normalised first (:func:`~reviewkit.interpret.date_patterns.normalise`); every
function returns a :data:`~reviewkit.interpret.date_patterns.Span` or raises
:class:`~reviewkit.interpret.date_patterns.Invalid`.
"""

from __future__ import annotations

import re

import pandas as pd

from reviewkit.interpret.date_patterns import (
    MAX_LENGTH,
    MONTH_WORD,
    UNREADABLE,
    US,
    YEAR,
    Invalid,
    Span,
    parse_single,
)
from reviewkit.interpret.date_patterns import _month as month_number
from reviewkit.interpret.date_patterns import _months as months
from reviewkit.interpret.date_patterns import _year as year
from reviewkit.interpret.school_calendar import school_span

#: How far an open-ended date ("before 03/04/2015", "after March 2015") reaches on its open
#: side: a year. A reviewer who knows better writes a range.
OPEN_WINDOW = pd.DateOffset(years=1)

_UNKNOWN = r"(?:\?\??|xx?|--|__)"
_UNKNOWN_DAY = re.compile(
    _UNKNOWN + r"(?P<sep>[/.-])(?:(?P<no_month>" + _UNKNOWN + r")|(?P<month>\d{1,2}))(?P=sep)" + YEAR
)
_OPEN = re.compile(
    r"(?P<word>before|prior to|pre|by|no later than|not after|on or before|up to|until|till"
    r"|after|following|later than|post|since|from|no earlier than|not before|on or after)"
    r"[ -](?P<rest>.+)"
)
_STRICTLY_BEFORE = frozenset({"before", "prior to", "pre"})
_ON_OR_BEFORE = frozenset({"by", "no later than", "not after", "on or before", "up to", "until",
                           "till"})  # fmt: skip
_STRICTLY_AFTER = frozenset({"after", "following", "later than", "post"})
_SPACED = re.compile(r" (?:-|to|until|till) ")
_NUMERIC_TAIL = re.compile(r"\d{1,2}(?P<tail>(?P<sep>[/.-])\d{1,2}(?P=sep)\d{2,4})")
_YEAR_TAIL = re.compile(r".* (?P<year>\d{4})")
_DAY_ONLY = re.compile(r"\d{1,2}")
_DAY_MONTH = re.compile(r"\d{1,2}[/.-]\d{1,2}")
_NAMED = re.compile(
    rf"(?:\d{{1,2}} )?{MONTH_WORD}|{MONTH_WORD} \d{{1,2}}|spring|summer|autumn|fall|winter"
)
_UNCERTAIN = re.compile(r"\? ?(?P<rest>.+)|(?P<rest2>.+?) ?(?:\?|\(\?\))")
_APPROX = re.compile(
    r"(?:c\.|ca\.|c |ca |circa |approx\.|approx |approximately |around |about |roughly |~) ?"
    r"(?P<rest>.+)"
    r"|(?P<rest2>.+?) ?(?:\( ?(?:approx\.?|approximately|circa|c\.|est\.?|estimated) ?\)"
    r"|approx|approximately)"
)
#: Periods widened by calendar units (c. June 2015 is May to July, whatever the month lengths).
_CALENDAR_LENGTH = {
    "month": pd.DateOffset(months=1),
    "season": pd.DateOffset(months=3),
    "quarter": pd.DateOffset(months=3),
    "year": pd.DateOffset(years=1),
}


def _one(s: str) -> Span:
    """One date: a school holiday, or any form of the table (with a time, a weekday)."""
    return school_span(s) or parse_single(s)


def _unknown_day(s: str) -> Span | None:
    """``??/03/2015``: the day is not known, so the month (``??/??/2015``: the year)."""
    if not (m := _UNKNOWN_DAY.fullmatch(s)):
        return None
    in_year = year(m["year"])
    if m["no_month"]:
        return months(in_year, 1, 12, "year")
    return months(in_year, month_number(int(m["month"]), day_first=True), 1, "month")


def _borrowed(first: str, second: str) -> str | None:
    """The first end of a range completed from the second: ``12`` of ``12-14/03/2015``."""
    if m := _NUMERIC_TAIL.fullmatch(second):
        if _DAY_ONLY.fullmatch(first):
            return first + m["tail"]
        if _DAY_MONTH.fullmatch(first):
            return first + m["tail"][m["tail"].rindex(m["sep"]) :]
    if (m := _YEAR_TAIL.fullmatch(second)) and _NAMED.fullmatch(first):
        return f"{first} {m['year']}"
    return None


def _first_end(first: str, second: str) -> Span:
    """The first end of a range; completed from the second when it lacks what the second has
    (``28/02`` in ``28/02-03/03/2016`` is a day and month, not February 2028)."""
    return _one(_borrowed(first, second) or first)


def _range(s: str) -> Span | None:
    """``12/03/2015 - 14/03/2015``, ``12-14/03/2015``, ``March-May 2015``, ``between A and B``.

    Each split of the text at a separator is tried (spaced ones first), so that dashes inside
    a date (``03-04-2015``) are not taken for the range's.
    """
    between = s.startswith("between ")
    body = s.removeprefix("between ") if between else s.removeprefix("from ")
    spaced = [(m.start(), m.end()) for m in (re.finditer(" and ", body) if between
                                             else _SPACED.finditer(body))]
    bare = [] if between else [(i, i + 1) for i, c in enumerate(body) if c == "-"]
    problem = None
    for start, end in spaced + bare:
        first, second = body[:start].strip(), body[end:].strip()
        if not first or not second:
            continue
        try:
            earliest, _, _ = _first_end(first, second)
            _, latest, _ = _one(second)
        except Invalid as err:
            problem = problem or (None if err.unreadable else err)
            continue
        if latest < earliest:
            problem = problem or Invalid("{text} ends before it starts.")
            continue
        return earliest, latest, "range"
    if problem is not None:
        raise problem
    return None


def _closed(s: str) -> Span:
    """A date with both ends known: one date or a range."""
    try:
        return _one(s)
    except Invalid as err:
        if not err.unreadable:
            raise
    span = _range(s)
    if span is None:
        raise Invalid(UNREADABLE)
    return span


def _open_ended(s: str) -> Span | None:
    """``before X`` ends where X begins; ``after X`` begins where X ends; :data:`OPEN_WINDOW`
    bounds the open side. ``by X`` includes X, as does ``since``/``from X``."""
    if not (m := _OPEN.fullmatch(s)):
        return None
    earliest, latest, _ = _closed(m["rest"])
    word = m["word"]
    if word in _STRICTLY_BEFORE:
        return earliest - OPEN_WINDOW, earliest - US, "before"
    if word in _ON_OR_BEFORE:
        return earliest - OPEN_WINDOW, latest, "before"
    if word in _STRICTLY_AFTER:
        return latest + US, (latest + US) + OPEN_WINDOW - US, "after"
    return earliest, latest + US + OPEN_WINDOW - US, "after"


def parse_plain(s: str) -> Span:
    """A normalised date without ``c.`` or ``?`` markers.

    Examples
    --------
    >>> parse_plain("12-14/03/2015")[1]
    Timestamp('2015-03-14 23:59:59.999999')
    >>> parse_plain("before 2015")[2]
    'before'
    """
    try:
        return _one(s)
    except Invalid as err:
        if not err.unreadable:
            raise
    span = _unknown_day(s) or _range(s) or _open_ended(s)
    if span is None:
        raise Invalid(UNREADABLE)
    return span


def parse_span(s: str) -> Span:
    """A normalised date, with ``?`` (uncertain) and ``c.`` (approximate) markers read.

    Examples
    --------
    >>> parse_span("??/03/2015")[2], parse_span("?22/05/2016")[2], parse_span("c. june 2015")[0]
    ('month', 'uncertain_day', Timestamp('2015-05-01 00:00:00'))
    """
    if len(s) > MAX_LENGTH:
        raise Invalid(UNREADABLE)
    if span := _unknown_day(s):
        return span
    if m := _UNCERTAIN.fullmatch(s):
        earliest, latest, precision = parse_plain(m["rest"] or m["rest2"])
        return earliest, latest, "uncertain_" + precision
    if m := _APPROX.fullmatch(s):
        earliest, latest, precision = parse_plain(m["rest"] or m["rest2"])
        if precision in _CALENDAR_LENGTH:
            step = _CALENDAR_LENGTH[precision]
            return earliest - step, (latest + US) + step - US, "approx_" + precision
        length = latest - earliest + US
        return earliest - length, latest + length, "approx_" + precision
    return parse_plain(s)
