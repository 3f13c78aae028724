"""Plain-English pieces for finding summaries: when something happened, how long it took."""

from __future__ import annotations

import numpy as np
import pandas as pd

_EXACT = ("instant", "day")


def when(frame: pd.DataFrame) -> pd.Series:
    """Say when each entry happened: "at 12:40 on 9 February 2015", "in Summer 2016".

    Exact dates are written out in full; vague dates are quoted as the agency wrote them.

    Examples
    --------
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2015-02-09 12:40", "2016-06-01 00:00", None]),
    ...     "precision": ["instant", "season", None], "date_text": ["09/02/2015", "Summer 2016", None]})
    >>> when(frame).tolist()
    ['at 12:40 on 9 February 2015', "'Summer 2016'", 'on an unknown date']
    """
    date = frame["date"]
    precision = frame["precision"].astype("string")
    day = "on " + date.dt.day.astype("Int64").astype("string") + date.dt.strftime(" %B %Y")
    instant = "at " + date.dt.strftime("%H:%M") + " " + day
    vague = "'" + frame["date_text"].astype("string") + "'"
    text = np.select(
        [date.isna(), precision.eq("instant").fillna(False), precision.eq("day").fillna(False)],
        ["on an unknown date", instant, day],
        default=vague,
    )
    return pd.Series(text, index=frame.index, dtype="string")


def day_of(frame: pd.DataFrame) -> pd.Series:
    """Like :func:`when`, without the time of day.

    Examples
    --------
    >>> day_of(pd.DataFrame({"date": pd.to_datetime(["2015-02-09 12:40"]),
    ...     "precision": ["instant"], "date_text": ["x"]})).tolist()
    ['on 9 February 2015']
    """
    return when(frame.assign(precision=frame["precision"].astype("string").replace("instant", "day")))


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
    minutes = np.where(missing, 0, seconds // 60).astype(np.int64)
    hours, rest, days = minutes // 60, minutes % 60, minutes // 1440
    hour_text = np.char.add(_plural(hours, "hour"), np.where(rest > 0, np.char.add(" ", _plural(rest, "minute")), ""))
    text = np.select(
        [missing, minutes < 60, days < 2],
        [None, _plural(minutes, "minute"), hour_text],
        default=_plural(days, "day"),
    )
    return pd.Series(text, index=delay.index, dtype="string")


def _plural(counts: np.ndarray, unit: str) -> np.ndarray:
    words = np.char.add(np.char.add(counts.astype(str), " " + unit), np.where(counts == 1, "", "s"))
    return words.astype(object)
