"""Deadlines from the durations rules state (read by :mod:`reviewkit.interpret.duration_text`).

Working days leave out weekends and the bank holidays of the nation concerned, taken from the
maintained ``holidays`` library (England and Wales share a list; Scotland and Northern
Ireland have their own). The calendar is chosen apart from the procedures: a Welsh review
follows the Wales procedures and Wales's bank holidays by default, and a board in Scotland or
Northern Ireland can use a pack of its own with its nation's calendar (``calendar =`` in
``case.toml``, ``calendar=`` in :func:`reviewkit.check` and :func:`reviewkit.detect`). Every function works on whole arrays of dates at once.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from reviewkit.check.holiday_cache import kept_holidays
from reviewkit.exceptions import DurationError
from reviewkit.interpret.duration_text import Duration

#: Bank-holiday calendars, by the name used in ``case.toml`` and ``calendar=``, and the
#: subdivision of the United Kingdom (``GB``) the ``holidays`` library knows them by.
CALENDARS: dict[str, str] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}

#: Other ways of writing a calendar's name.
CALENDAR_ALIASES: dict[str, str] = {
    "england_and_wales": "england", "northern-ireland": "northern_ireland", "ni": "northern_ireland",
}


def calendar_name(name: str) -> str:
    """The calendar ``name`` means (case, spaces and hyphens aside); an error naming the valid ones.

    Examples
    --------
    >>> calendar_name("Northern Ireland"), calendar_name("england-and-wales")
    ('northern_ireland', 'england')
    >>> calendar_name("ireland")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DurationError: No bank-holiday calendar called 'ireland'. Use one of: 'england', 'wales', 'scotland', 'northern_ireland'.
    """
    key = "_".join(str(name).strip().lower().replace("-", " ").split())
    key = CALENDAR_ALIASES.get(key, key)
    if key not in CALENDARS:
        raise DurationError(
            f"No bank-holiday calendar called {name!r}. Use one of: {', '.join(map(repr, CALENDARS))}."
        )
    return key


@cache
def bank_holidays(calendar: str, first_year: int = 1990, last_year: int = 2040) -> np.ndarray:
    """Return the bank holidays of a UK nation as ``datetime64[D]`` values (kept on disk between
    processes: :mod:`reviewkit.check.holiday_cache`).

    Examples
    --------
    >>> days = bank_holidays("wales")
    >>> np.datetime64("2015-08-31") in days, np.datetime64("2015-08-03") in days
    (True, False)
    >>> np.datetime64("2015-08-03") in bank_holidays("scotland")
    True
    >>> np.datetime64("2015-07-13") in bank_holidays("northern_ireland")  # the Twelfth, observed
    True
    """
    subdivision = CALENDARS[calendar_name(calendar)]

    def worked_out() -> np.ndarray:
        import holidays

        table = holidays.country_holidays("GB", subdiv=subdivision, years=range(first_year, last_year + 1))
        return np.array(sorted(table), dtype="datetime64[D]")

    return kept_holidays(f"{subdivision}-{first_year}-{last_year}", worked_out)


def deadline(
    start: pd.Series | pd.DatetimeIndex, duration: Duration, *, calendar: str = "england"
) -> pd.Series:
    """Return the last instant that is still within ``duration`` of each ``start``.

    Hours, days and weeks are counted exactly from the instant. Months are calendar months
    to the end of that day (3 months from 14 January is the end of 14 April). Working days
    end at the end of the n-th working day after the start's day (day 1 is the next working
    day), skipping weekends and the calendar's bank holidays.

    Examples
    --------
    >>> from reviewkit.interpret.duration_text import parse_duration
    >>> start = pd.Series(pd.to_datetime(["2015-08-21 10:00", "2015-02-09 12:40"]))
    >>> deadline(start, parse_duration("10 working days"), calendar="wales").tolist()[0]
    Timestamp('2015-09-07 23:59:59.999999999')
    >>> deadline(start, parse_duration("2 hours")).tolist()[1]
    Timestamp('2015-02-09 14:40:00')
    """
    start = pd.Series(start)
    return pd.Series(deadline_values(start.to_numpy(dtype="datetime64[ns]"), duration, calendar=calendar),
                     index=start.index)


def deadline_values(start: np.ndarray, duration: Duration, *, calendar: str = "england") -> np.ndarray:
    """:func:`deadline` of ``datetime64[ns]`` values (NaT stays NaT), as ``datetime64[ns]`` values.

    Examples
    --------
    >>> from reviewkit.interpret.duration_text import parse_duration
    >>> start = np.array(["2015-01-14T10:00", "NaT"], dtype="datetime64[ns]")
    >>> deadline_values(start, parse_duration("3 months")).astype(str).tolist()
    ['2015-04-14T23:59:59.999999999', 'NaT']
    """
    end_of_day = np.timedelta64(86_400 * 10**9 - 1, "ns")
    if duration.unit in ("hours", "days", "weeks"):
        step = {"hours": "h", "days": "D", "weeks": "W"}[duration.unit]
        return start + pd.Timedelta(duration.amount, step).to_timedelta64()
    days = start.astype("datetime64[D]")
    if duration.unit == "months":
        shifted = pd.DatetimeIndex(days.astype("datetime64[ns]")) + pd.DateOffset(months=int(duration.amount))
        return shifted.to_numpy(dtype="datetime64[ns]") + end_of_day
    valid = ~np.isnat(days)
    result = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    result[valid] = np.busday_offset(
        days[valid], int(duration.amount), roll="backward", holidays=bank_holidays(calendar)
    )
    return result.astype("datetime64[ns]") + end_of_day


def working_days_between(
    start: pd.Series, end: pd.Series, *, calendar: str = "england"
) -> pd.Series:
    """Count the working days after ``start``'s day up to and including ``end``'s day.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2015-08-21"])); e = pd.Series(pd.to_datetime(["2015-09-07"]))
    >>> working_days_between(s, e, calendar="wales").tolist()
    [10]
    """
    first = start.dt.normalize().to_numpy(dtype="datetime64[D]")
    last = end.dt.normalize().to_numpy(dtype="datetime64[D]")
    valid = ~(np.isnat(first) | np.isnat(last))
    counts = np.full(first.shape, np.nan)
    counts[valid] = np.busday_count(
        first[valid] + 1, last[valid] + 1, holidays=bank_holidays(calendar)
    )
    return pd.Series(counts, index=start.index).astype("Int64")
