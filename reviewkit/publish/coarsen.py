"""Coarsen dates for publication: to the month, the season or the year, in columns and in text.

Seasons are meteorological, as everywhere in reviewkit: Spring is March–May, Summer June–August,
Autumn September–November and Winter December–February (written ``Winter 2014/15``).
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

#: The coarsening levels, finest first.
LEVELS: tuple[str, ...] = ("month", "season", "year")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_RE = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
             r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_DATE_FORMS: tuple[tuple[str, str], ...] = (
    ("day", _WEEKDAY + r"(?P<day>[0-3]?\d)[/.\-](?P<mnum>[01]?\d)[/.\-](?P<year>(?:19|20)?\d\d)"),
    ("day", r"(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:[T ][\d:.]+)?"),
    ("day", _WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH_RE + r",?\s+" + _YEAR),
    ("day", _WEEKDAY + _MONTH_RE + r"\s+" + _DAY + r",?\s+" + _YEAR),
    ("day", _DAY + r"[/.\-]" + _MONTH_RE + r"[/.\-]" + r"(?P<year>(?:19|20)?\d\d)"),  # 12-May-2014
    ("day", r"(?P<year>(?:19|20)\d\d)[/.](?P<mnum>[01]?\d)[/.](?P<day>[0-3]?\d)"),  # 2014/05/09
    ("day", r"(?P<year>(?:19|20)\d\d)(?P<mnum>[01]\d)(?P<day>[0-3]\d)"),  # 20140509
    ("day", r"(?P<day>[0-3]?\d)\s+[-\u2013]\s+(?P<mnum>[01]?\d)\s+[-\u2013]\s+"
            r"(?P<year>(?:19|20)?\d\d)"),  # 12 - 05 - 2014
    ("month", _MONTH_RE + r",?\s+" + _YEAR),
    ("day_no_year", _WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH_RE),
    ("day_no_year", _WEEKDAY + _MONTH_RE + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)"),  # May 12th
    ("day_no_year", r"(?:(?<=\bon\s)|(?<=dated\s)|(?<=until\s)|(?<=\bfrom\s))"
                    r"(?P<day>[0-3]?\d)/(?P<mnum>[01]?\d)"),  # "on 12/05", not "2/52" or "3/4"
)
_BEFORE, _AFTER = r"(?<![\w/.\-])", r"(?![\w/\-]|\.\d)"
_CLOCK = r"[0-2]?\d[:.][0-5]\d"


@cache
def text_date_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Dates written inside free text, with the finest level each one shows (compiled on first
    use: about 25 ms, which a report that coarsens nothing need not pay).

    Examples
    --------
    >>> [level for level, pattern in text_date_patterns() if pattern.search("seen 09/02/2015")]
    ['day']
    """
    return tuple((level, re.compile(_BEFORE + pattern + _AFTER, re.IGNORECASE)) for level, pattern in _DATE_FORMS)


@cache
def _with_clock() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The same dates with the words that only fit an exact day: "at 09:10 on" before, "at 12:40"
    after. Coarsening replaces them too, so that no time of day is left beside a month."""
    return tuple(
        (level, re.compile(r"(?P<lead>\bat\s+" + _CLOCK + r"\s+on\s+|\bon\s+)?" + _BEFORE + pattern + _AFTER
                           + r"(?P<trail>,?\s+(?:at\s+)?" + _CLOCK + r"(?!\d))?", re.IGNORECASE))
        for level, pattern in _DATE_FORMS
    )


def period_bounds(when: pd.Series, level: str) -> tuple[pd.Series, pd.Series]:
    """First and last instant of the month, season or year that contains each date.

    Examples
    --------
    >>> lo, hi = period_bounds(pd.Series(pd.to_datetime(["2015-02-09"])), "season")
    >>> str(lo[0]), str(hi[0])
    ('2014-12-01 00:00:00', '2015-02-28 23:59:59.999999')
    """
    _check_level(level)
    freq = {"month": "M", "season": "Q-NOV", "year": "Y"}[level]
    period = when.dt.to_period(freq)
    return period.dt.start_time, period.dt.end_time.dt.floor("us")


def period_label(when: pd.Timestamp, level: str) -> str:
    """How a coarsened date is written: ``February 2015``, ``Winter 2014/15`` or ``2015``.

    Examples
    --------
    >>> [period_label(pd.Timestamp("2015-02-09"), lv) for lv in LEVELS]
    ['February 2015', 'Winter 2014/15', '2015']
    >>> period_label(pd.Timestamp("2015-12-24"), "season")
    'Winter 2015/16'
    """
    _check_level(level)
    if level == "month":
        return f"{when:%B %Y}"
    if level == "year":
        return f"{when:%Y}"
    if when.month in (12, 1, 2):
        first = when.year if when.month == 12 else when.year - 1
        return f"Winter {first}/{str(first + 1)[-2:]}"
    return f"{('Spring', 'Summer', 'Autumn')[(when.month - 3) // 3]} {when.year}"


def coarsen_columns(chronology: pd.DataFrame, level: str) -> pd.DataFrame:
    """Widen every date of the chronology to its period; rewrite ``date_text`` and ``precision``.

    ``date``/``date_latest`` become the first and last instant of the periods holding them,
    ``end``/``end_latest`` likewise, ``reported`` the start of its period (and ``reported_text``
    its name). ``sequence`` is
    renumbered so that sorting by date and sequence keeps the entries in their original order.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2015-02-09 12:40", "2015-02-01 00:00"]),
    ...     "date_latest": pd.to_datetime(["2015-02-09 12:40", "2015-02-01 23:59"]),
    ...     "date_text": ["09/02/2015", "1 Feb 2015"], "precision": ["instant", "day"],
    ...     "sequence": [1, 1]})
    >>> out = coarsen_columns(df, "month")
    >>> out["date_text"].tolist(), out["sequence"].tolist()
    (['February 2015', 'February 2015'], [1, 2])
    """
    out = chronology.copy()
    lo, _ = period_bounds(out["date"], level)
    _, hi = period_bounds(out["date_latest"].fillna(out["date"]), level)
    first = out["date"].map(lambda t: period_label(t, level), na_action="ignore")
    last = out["date_latest"].map(lambda t: period_label(t, level), na_action="ignore")
    text = first.where(first.eq(last) | last.isna(), first + " to " + last)
    dated = out["date"].notna()
    order = pd.Series(range(len(out)), index=out.index)
    out["sequence"] = (order.groupby(lo.where(dated)).rank(method="first").astype("Int64")
                       .reindex(out.index))
    out["date"], out["date_latest"] = lo, hi
    out["date_text"] = pd.Series(text, index=out.index, dtype="string").where(dated, out["date_text"])
    ranged = pd.Series(text, index=out.index).str.contains(" to ", regex=False).fillna(False)
    precision = pd.Series(level, index=out.index).mask(ranged, "range")
    out["precision"] = precision.where(dated).astype("category")
    if "reported_text" in out:  # the reported date as written becomes its period too
        period = out["reported"].map(lambda t: period_label(t, level), na_action="ignore").astype("string")
        unread = out["reported_text"].astype("string").map(lambda t: coarsen_text(t, level), na_action="ignore")
        out["reported_text"] = period.where(out["reported"].notna(), unread.astype("string"))
    for start, latest in (("end", "end_latest"), ("reported", None)):
        if start in out:
            bounds = period_bounds(out[start], level)
            out[start] = bounds[0]
            if latest in out:
                later = out[latest].fillna(out[start])
                out[latest] = period_bounds(later, level)[1].where(out[start].notna())
    return out


def coarsen_text(text: str, level: str) -> str:
    """Replace every date written in ``text`` by its month, season or year.

    Examples
    --------
    >>> coarsen_text("Seen 09/02/2015, again 9th Feb 2015 and on 2015-02-10.", "season")
    'Seen Winter 2014/15, again Winter 2014/15 and in Winter 2014/15.'
    >>> coarsen_text("Review on 3 March; plan from June 2015.", "year")
    'Review in (date removed); plan from 2015.'
    >>> coarsen_text("An injury at 09:10 on 12 May 2014; referred 12/05/2014 at 11:00.", "month")
    'An injury in May 2014; referred May 2014.'
    """
    _check_level(level)
    for kind, pattern in _with_clock():
        if kind == "month" and level == "month":
            continue
        text = pattern.sub(lambda m: _coarse_match(m, level), text)
    return text


def finer_dates_in(text: str, level: str) -> list[str]:
    """Dates written in ``text`` that are more exact than ``level`` (what a leak check flags).

    Examples
    --------
    >>> finer_dates_in("Winter 2014/15; seen 09/02/2015; plan June 2015", "season")
    ['09/02/2015', 'June 2015']
    """
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for kind, pattern in text_date_patterns():
        if kind == "month" and level == "month":
            continue
        for match in pattern.finditer(text):
            if _valid(match) and not any(match.start() in span for span in taken):
                taken.append(range(match.start(), match.end()))
                found.append((match.start(), match.group(0)))
    return [hit for _, hit in sorted(found)]


def _coarse_match(match: re.Match[str], level: str) -> str:
    if not _valid(match):
        return match.group(0)
    return ("in " if match.groupdict().get("lead") else "") + _period(match, level)


def _period(match: re.Match[str], level: str) -> str:
    month = _month_of(match)
    if "year" not in match.groupdict() or match.group("year") is None:
        name = _MONTHS[month - 1].capitalize()
        if level == "month":
            return name
        if level == "season":
            return period_label(pd.Timestamp(2001, month, 1), "season").split()[0]
        return "(date removed)"
    year = int(match.group("year"))
    year += 2000 if year < 100 else 0
    return period_label(pd.Timestamp(year, month, 1), level)


def _month_of(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("mnum"):
        return int(groups["mnum"])
    key = groups["month"].lower().rstrip(".")
    return next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(key[:3]))


def _valid(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    month = _month_of(match)
    day = int(groups["day"]) if groups.get("day") else 1
    return 1 <= month <= 12 and 1 <= day <= 31


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(
            f"coarsen={level!r} is not a level reviewkit knows. Use one of: {', '.join(LEVELS)} "
            f"(or None to keep dates as they are)."
        )
