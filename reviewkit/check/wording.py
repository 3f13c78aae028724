"""Plain-English pieces for finding summaries: when something happened, how long it took."""

from __future__ import annotations

import re

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
    return pd.Series(_days(dates.to_numpy(dtype="datetime64[ns]")), index=dates.index, dtype="string")


#: Days already written out, by their number since 1970 (a day is always written the same way).
_WRITTEN: dict[int, str] = {}

#: At most this many days are kept (about 270 years of days).
_WRITTEN_DAYS = 100_000


def _days(moments: np.ndarray) -> np.ndarray:
    """Each moment's day written out ("9 February 2015"; None where NaT), each distinct day once
    (and once per process: the words of a day are kept)."""
    text = np.full(len(moments), None, dtype=object)
    known = ~np.isnat(moments)
    if known.any():
        days, back = np.unique(moments[known].astype("datetime64[D]"), return_inverse=True)
        numbers = days.astype(np.int64).tolist()
        words = [_WRITTEN.get(n) for n in numbers]
        new = [k for k, word in enumerate(words) if word is None]
        for k, d in zip(new, days[new].astype(object)):
            words[k] = f"{d.day} {d:%B %Y}"
        if len(_WRITTEN) + len(new) > _WRITTEN_DAYS:
            _WRITTEN.clear()
        _WRITTEN.update((numbers[k], words[k]) for k in new)
        text[known] = np.array(words, dtype=object)[back.reshape(-1)]
    return text


def _when(frame: pd.DataFrame, *, times: bool, on: str = "on ") -> pd.Series:
    """:func:`when` (``times``) or :func:`day_of` of a frame's ``date``, ``precision`` and ``date_text``."""
    text = when_values(frame["date"].to_numpy(dtype="datetime64[ns]"),
                       frame["precision"].to_numpy(dtype=object, na_value=None),
                       frame["date_text"].to_numpy(dtype=object, na_value=None), times=times, on=on)
    return pd.Series(text, index=frame.index, dtype="string")


def when_values(date: np.ndarray, precision: np.ndarray, date_text: np.ndarray, *, times: bool = True,
                on: str = "on ") -> np.ndarray:
    """:func:`when` (``times``) or :func:`day_of` of arrays: the first true of unknown, instant, day,
    else vague (quoted as written; None when nothing was written).

    Examples
    --------
    >>> when_values(np.array(["2015-02-09T12:40"], dtype="datetime64[ns]"), np.array(["instant"], dtype=object),
    ...             np.array([None], dtype=object)).tolist()
    ['at 12:40 on 9 February 2015']
    """
    unknown = np.isnat(date)
    instant = (precision == "instant") & ~unknown
    day = ((precision == "day") | (instant & (not times))) & ~unknown
    instant &= times
    vague = ~(unknown | instant | day)
    text = np.full(len(date), None, dtype=object)
    text[unknown] = on + "an unknown date"
    exact = instant | day
    if exact.any():
        text[exact] = on + _days(date[exact])
    if instant.any():  # "at 12:40 ", from the minute of the day (each distinct minute written once)
        moments = date[instant]
        minutes = ((moments - moments.astype("datetime64[D]")) // np.timedelta64(1, "m")).astype(np.int64)
        distinct, back = np.unique(minutes, return_inverse=True)
        clock = np.array([f"at {m // 60:02d}:{m % 60:02d} " for m in distinct.tolist()], dtype=object)
        text[instant] = clock[back.reshape(-1)] + text[instant]
    quoted = vague & ~pd.isna(date_text)
    if quoted.any():
        text[quoted] = "'" + date_text[quoted].astype(str).astype(object) + "'"
    return text


def span(delay_min: pd.Series, delay_max: pd.Series) -> pd.Series:
    """Say how long something took, as a range when the dates are vague.

    Examples
    --------
    >>> span(pd.Series(pd.to_timedelta(["3h30min", "28D"])), pd.Series(pd.to_timedelta(["3h30min", "38D"]))).tolist()
    ['3 hours 30 minutes', '28 to 38 days']
    """
    text = span_values(delay_min.to_numpy(dtype="timedelta64[ns]"), delay_max.to_numpy(dtype="timedelta64[ns]"))
    return pd.Series(text, index=delay_min.index, dtype="string")


def span_values(shortest: np.ndarray, longest: np.ndarray) -> np.ndarray:
    """:func:`span` of ``timedelta64[ns]`` arrays (None where either is NaT). A range from less
    than a minute is "up to" its longest.

    Examples
    --------
    >>> span_values(np.array([2, 3, 0], dtype="timedelta64[D]").astype("timedelta64[ns]"),
    ...             np.array([2, 5, 20], dtype="timedelta64[D]").astype("timedelta64[ns]")).tolist()
    ['2 days', '3 to 5 days', 'up to 20 days']
    """
    low, high = _durations(shortest), _durations(longest)
    text = np.full(len(low), None, dtype=object)
    known = ~(pd.isna(low) | pd.isna(high))
    same = known & (low == high)
    text[same] = low[same]
    ranged = known & ~same
    if ranged.any():
        both_days = shortest[ranged] >= np.timedelta64(2, "D")
        days = (shortest[ranged] // np.timedelta64(1, "D")).astype(str).astype(object)
        text[ranged] = np.where(both_days, days, low[ranged]) + " to " + high[ranged]
        from_zero = ranged & (shortest < np.timedelta64(1, "m"))  # "0 minutes to ..."
        text[from_zero] = "up to " + high[from_zero]
    return text


def duration_text(delay: pd.Series) -> pd.Series:
    """Write a duration the way a reviewer would: minutes, hours or days (NA stays NA).

    Examples
    --------
    >>> duration_text(pd.Series(pd.to_timedelta(["45min", "3h30min", "2D3h", "100D", None]))).tolist()
    ['45 minutes', '3 hours 30 minutes', '2 days', '100 days', <NA>]
    """
    return pd.Series(_durations(delay.to_numpy(dtype="timedelta64[ns]")), index=delay.index, dtype="string")


def _durations(delay: np.ndarray) -> np.ndarray:
    """:func:`duration_text` of ``timedelta64[ns]`` values, as text (None where NaT)."""
    missing = np.isnat(delay)
    # Word each distinct number of minutes once.
    minutes = np.where(missing, np.timedelta64(0, "ns"), delay) // np.timedelta64(1, "m")
    distinct, back = np.unique(minutes.astype(np.int64), return_inverse=True)
    hours, rest, days = distinct // 60, distinct % 60, distinct // 1440
    hour_text = np.char.add(_plural(hours, "hour"), np.where(rest > 0, np.char.add(" ", _plural(rest, "minute")), ""))
    words = np.select(
        [distinct < 60, days < 2],
        [_plural(distinct, "minute"), hour_text],
        default=_plural(days, "day"),
    )
    return np.where(missing, None, words[back.reshape(-1)].astype(object))


def _plural(counts: np.ndarray, unit: str) -> np.ndarray:
    words = np.char.add(np.char.add(counts.astype(str), " " + unit), np.where(counts == 1, "", "s"))
    return words.astype(object)


def people(subjects: pd.Series) -> pd.Series:
    """``;``-separated subjects as a reader writes them: "Child A, Child B and Child C".

    Each distinct list is written once.

    Examples
    --------
    >>> people(pd.Series(["Child A; Child B; Child C", "Child C; Father", "Child D", None])).tolist()
    ['Child A, Child B and Child C', 'Child C and Father', 'Child D', <NA>]
    """
    return pd.Series(people_values(subjects.to_numpy(dtype=object, na_value=None)), index=subjects.index,
                     dtype="string")


def people_values(subjects: np.ndarray) -> np.ndarray:
    """:func:`people` of an array of texts (None where missing or naming no one).

    Examples
    --------
    >>> people_values(np.array(["Mother; Child A", None], dtype=object)).tolist()
    ['Mother and Child A', None]
    """
    codes, lists = pd.factorize(subjects)
    written = [_LAST_SEMICOLON.sub(" and ", str(names).strip().strip(";").strip()) for names in lists]
    words = np.array([_SEMICOLON.sub(", ", text) or None for text in written] + [None], dtype=object)
    return words[codes]


_LAST_SEMICOLON = re.compile(r"\s*;\s*(?=[^;]*$)")
_SEMICOLON = re.compile(r"\s*;\s*")
