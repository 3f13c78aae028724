"""Easter and the school holidays of England and Wales, as reviewers name them.

Part of the date engine (see :mod:`reviewkit.interpret.dates` for the conventions). School
holidays differ between local authorities, so each is the period in which they usually fall,
with the weekends either side:

- ``Easter 2015`` (also ``Easter weekend``, ``Easter bank holiday``): Good Friday to Easter
  Monday -> ``holiday``;
- ``Easter holidays 2015`` (``hols``, ``school holidays``, ``break``): the two weeks around
  Easter Sunday, from the Saturday eight days before it to the Sunday a week after it
  -> ``school_holiday``;
- ``October half term 2015`` (``autumn half term``): from the Saturday before the last full
  week of October to the Sunday two weeks later (16 days, so that both the last week of October
  and the first week of November, which some authorities choose, are inside);
- ``February half term 2016`` (``spring half term``): from the Saturday before the Monday on or
  after 9 February, 16 days (the two weeks in which February half terms fall);
- ``May half term 2016`` (``summer``, ``Whitsun``): the week of the late May bank holiday (the
  last Monday in May), Saturday to Sunday, 9 days.

A school year may be given (``Easter holidays 2015/16`` is in 2016, ``October half term
2015/16`` in 2015). Without a year, or a half term without saying which, the text is refused
with a message that says what to add.
"""

from __future__ import annotations

import re

import pandas as pd
from dateutil.easter import easter

from reviewkit.interpret.date_patterns import DAY, US, YEAR4, Invalid, Span
from reviewkit.interpret.date_patterns import _next_year_ok as next_year_ok
from reviewkit.interpret.date_patterns import _year as year

_SCHOOL_YEAR = r"(?:[-/](?P<year2>\d{4}|\d{2}))?"
_WHICH = {"october": "october", "oct": "october", "autumn": "october", "february": "february",
          "feb": "february", "spring": "february", "may": "may", "summer": "may",
          "whitsun": "may", "whit": "may"}  # fmt: skip
_WHICH_WORDS = "|".join(sorted(_WHICH, key=len, reverse=True))
_HALF_TERM = r"half[ -]?term(?: holidays?| break)?"

_EASTER = re.compile(r"(?:the )?easter(?: weekend| bank holidays?)? (?:of |in )?" + YEAR4)
_EASTER_HOLIDAYS = re.compile(
    r"(?:the )?easter (?:school )?(?:holidays?|hols|break|vacation) (?:of |in )?"
    + YEAR4 + _SCHOOL_YEAR
)
_NAMED_HALF_TERM = re.compile(
    rf"(?:the )?(?P<which>{_WHICH_WORDS}) {_HALF_TERM} (?:of |in )?" + YEAR4 + _SCHOOL_YEAR
)
_HALF_TERM_NAMED = re.compile(
    rf"(?:the )?{_HALF_TERM} (?:in )?(?P<which>october|oct|february|feb|may) " + YEAR4
)
_EASTER_NO_YEAR = re.compile(
    r"(?:the )?easter(?: weekend| bank holidays?| (?:school )?(?:holidays?|hols|break))?"
)
_HALF_TERM_UNNAMED = re.compile(rf"(?:the )?{_HALF_TERM}(?: (?P<year>\d{{4}})(?:[-/]\d{{2,4}})?)?")


def _school_year(m: re.Match[str], *, autumn: bool) -> int:
    """The calendar year of a holiday: a school year's first year holds only the autumn."""
    first = year(m["year"])
    if not m.groupdict().get("year2"):
        return first
    if not next_year_ok(first, m["year2"]):
        raise Invalid(f"{{text}} does not add up: the school year after {first} is {first + 1}.")
    return first if autumn else first + 1


def _whole_days(first: pd.Timestamp, last: pd.Timestamp, precision: str) -> Span:
    return first, last + DAY - US, precision


def _half_term(which: str, in_year: int) -> Span:
    if which == "october":
        last_monday = pd.Timestamp(in_year, 10, 27)
        monday = last_monday - last_monday.weekday() * DAY
        return _whole_days(monday - 2 * DAY, monday + 13 * DAY, "school_holiday")
    if which == "february":
        ninth = pd.Timestamp(in_year, 2, 9)
        monday = ninth + ((7 - ninth.weekday()) % 7) * DAY
        return _whole_days(monday - 2 * DAY, monday + 13 * DAY, "school_holiday")
    may_end = pd.Timestamp(in_year, 5, 31)
    monday = may_end - may_end.weekday() * DAY
    return _whole_days(monday - 2 * DAY, monday + 6 * DAY, "school_holiday")


def school_span(s: str) -> Span | None:
    """The period of a normalised holiday text, or ``None`` when the text names no holiday.

    Examples
    --------
    >>> school_span("easter 2015")[:2]
    (Timestamp('2015-04-03 00:00:00'), Timestamp('2015-04-06 23:59:59.999999'))
    >>> school_span("october half term 2015")[0]
    Timestamp('2015-10-24 00:00:00')
    >>> school_span("summer 2016") is None
    True
    """
    if m := _EASTER.fullmatch(s):
        sunday = pd.Timestamp(easter(year(m["year"])))
        return _whole_days(sunday - 2 * DAY, sunday + DAY, "holiday")
    if m := _EASTER_HOLIDAYS.fullmatch(s):
        sunday = pd.Timestamp(easter(_school_year(m, autumn=False)))
        return _whole_days(sunday - 8 * DAY, sunday + 7 * DAY, "school_holiday")
    if (m := _NAMED_HALF_TERM.fullmatch(s)) or (m := _HALF_TERM_NAMED.fullmatch(s)):
        which = _WHICH[m["which"]]
        return _half_term(which, _school_year(m, autumn=which == "october"))
    if _EASTER_NO_YEAR.fullmatch(s):
        raise Invalid(
            "{text} does not say which year: write, for example, Easter 2015 (Good Friday to "
            "Easter Monday) or Easter holidays 2015."
        )
    if m := _HALF_TERM_UNNAMED.fullmatch(s):
        y = m["year"] or "2015"
        raise Invalid(
            f"{{text}} does not say which half term{'' if m['year'] else ' or which year'}: "
            f"write, for example, October half term {y}, February half term {y} or May half "
            f"term {y}."
        )
    return None
