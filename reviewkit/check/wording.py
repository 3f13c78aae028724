"""Plain-English pieces for finding summaries: when something happened, how long it took."""

from __future__ import annotations

import numpy as np
import pandas as pd

_EXACT = ("instant", "day")


def when(frame: pd.DataFrame) -> pd.Series:
    """Say when each entry happened: "at 12:40 on 9 February 2015", "in Summer 2016".

    Exact dates are written out in full; vague dates are quoted as the agency wrote them.
    Each distinct day (and time of day) is formatted once, however many rows share it.

    Examples
    --------
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2015-02-09 12:40", "2016-06-01 00:00", None]),
    ...     "precision": ["instant", "season", None], "date_text": ["09/02/2015", "Summer 2016", None]})
    >>> when(frame).tolist()
    ['at 12:40 on 9 February 2015', "'Summer 2016'", 'on an unknown date']
    """
    return _when(frame, times=True)


def day_of(frame: pd.DataFrame, *, on: str = "on ") -> pd.Series:
    """Like :func:`when`, without the time of day (``on=""`` leaves out the leading "on ").

    Examples
    --------
    >>> day_of(pd.DataFrame({"date": pd.to_datetime(["2015-02-09 12:40"]),
    ...     "precision": ["instant"], "date_text": ["x"]})).tolist()
    ['on 9 February 2015']
    """
    return _when(frame, times=False, on=on)


def written_day(dates: pd.Series) -> pd.Series:
    """Each date's day written out, "9 February 2015" (NA where missing), each distinct day once.

    Examples
    --------
    >>> written_day(pd.Series(pd.to_datetime(["2015-02-09 12:40", None]))).tolist()
    ['9 February 2015', <NA>]
    """
    text = np.full(len(dates), None, dtype=object)
    known = dates.notna().to_numpy()
    if known.any():
        text[known] = _distinct(dates[known].dt.normalize(), lambda d: d.day.astype(str) + d.strftime(" %B %Y"))
    return pd.Series(text, index=dates.index, dtype="string")


def _when(frame: pd.DataFrame, *, times: bool, on: str = "on ") -> pd.Series:
    """:func:`when` (``times``) or :func:`day_of`: the first true of unknown, instant, day, else vague."""
    date = frame["date"]
    unknown = date.isna().to_numpy()
    instant = _is(frame["precision"], "instant") & ~unknown
    day = (_is(frame["precision"], "day") | (instant & (not times))) & ~unknown
    instant &= times
    vague = ~(unknown | instant | day)
    text = np.full(len(frame), None, dtype=object)
    text[unknown] = on + "an unknown date"
    exact = instant | day
    if exact.any():
        days = on + _distinct(date[exact].dt.normalize(), lambda d: d.day.astype(str) + d.strftime(" %B %Y"))
        text[exact] = days
    if instant.any():  # "at 12:40 ", from the minute of the day (each distinct minute written once)
        moments = date[instant]
        minutes = ((moments - moments.dt.normalize()) // pd.Timedelta(minutes=1)).to_numpy(dtype=np.int64)
        distinct, back = np.unique(minutes, return_inverse=True)
        clock = np.array([f"at {m // 60:02d}:{m % 60:02d} " for m in distinct.tolist()], dtype=object)
        text[instant] = clock[back.reshape(-1)] + text[instant]
    if vague.any():
        quoted = "'" + frame["date_text"][vague].astype("string") + "'"
        text[vague] = quoted.astype(object).where(quoted.notna(), None).to_numpy()
    return pd.Series(text, index=frame.index, dtype="string")


def _is(values: pd.Series, value: str) -> np.ndarray:
    """``values == value`` as plain booleans (missing is False), for categoricals without converting them."""
    return np.asarray(values.eq(value).fillna(False), dtype=bool)


def _distinct(dates: pd.Series, write) -> np.ndarray:
    """``write`` (a DatetimeIndex -> strings) applied to each distinct value of ``dates`` once."""
    codes, uniques = pd.factorize(dates)
    return np.asarray(write(pd.DatetimeIndex(uniques)), dtype=object)[codes]


def span(delay_min: pd.Series, delay_max: pd.Series) -> pd.Series:
    """Say how long something took, as a range when the dates are vague.

    Examples
    --------
    >>> span(pd.Series(pd.to_timedelta(["3h30min", "28D"])), pd.Series(pd.to_timedelta(["3h30min", "38D"]))).tolist()
    ['3 hours 30 minutes', '28 to 38 days']
    """
    low, high = duration_text(delay_min), duration_text(delay_max)
    same = (low == high).fillna(False).to_numpy(dtype=bool)
    days_low = delay_min.dt.days.astype("Int64").astype("string")
    both_days = (delay_min >= pd.Timedelta(days=2)).fillna(False).to_numpy(dtype=bool)
    ranged = np.where(both_days, days_low + " to " + high, low + " to " + high)
    return pd.Series(np.where(same, low, ranged), index=delay_min.index, dtype="string")


def duration_text(delay: pd.Series) -> pd.Series:
    """Write a duration the way a reviewer would: minutes, hours or days (NA stays NA).

    Examples
    --------
    >>> duration_text(pd.Series(pd.to_timedelta(["45min", "3h30min", "2D3h", "100D", None]))).tolist()
    ['45 minutes', '3 hours 30 minutes', '2 days', '100 days', <NA>]
    """
    seconds = delay.dt.total_seconds().to_numpy(dtype=float)
    missing = np.isnan(seconds)
    # Word each distinct number of minutes once.
    distinct, back = np.unique(np.where(missing, 0, seconds // 60).astype(np.int64), return_inverse=True)
    hours, rest, days = distinct // 60, distinct % 60, distinct // 1440
    hour_text = np.char.add(_plural(hours, "hour"), np.where(rest > 0, np.char.add(" ", _plural(rest, "minute")), ""))
    words = np.select(
        [distinct < 60, days < 2],
        [_plural(distinct, "minute"), hour_text],
        default=_plural(days, "day"),
    )
    text = np.where(missing, None, words[back.reshape(-1)])
    return pd.Series(text, index=delay.index, dtype="string")


def _plural(counts: np.ndarray, unit: str) -> np.ndarray:
    words = np.char.add(np.char.add(counts.astype(str), " " + unit), np.where(counts == 1, "", "s"))
    return words.astype(object)


def people(subjects: pd.Series) -> pd.Series:
    """``;``-separated subjects as a reader writes them: "Child A, Child B and Child C".

    Examples
    --------
    >>> people(pd.Series(["Child A; Child B; Child C", "Child C; Father", "Child D", None])).tolist()
    ['Child A, Child B and Child C', 'Child C and Father', 'Child D', <NA>]
    """
    text = subjects.astype("string").str.strip().str.strip(";").str.strip()
    text = text.str.replace(r"\s*;\s*(?=[^;]*$)", " and ", regex=True)
    return text.str.replace(r"\s*;\s*", ", ", regex=True).mask(lambda t: t == "")
