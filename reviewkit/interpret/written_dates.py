"""Dates written as agencies write them, for generated chronologies: the reverse of reading.

:func:`written_dates` gives minutes counted from an origin (with a precision for each: to the
minute, the day, the month or the season) as the texts an agency would write ("09/02/2015",
"March 2015", "Winter 2015") and the interval :func:`reviewkit.interpret.dates.parse_date` reads
from each text, so a generated entry's dates are exactly those its text says.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.interpret.dates import parse_date

#: Minutes in a day, nanoseconds in a minute.
DAY, MINUTE_NS = 1440, 60_000_000_000
_SEASONS = ["Winter", "Spring", "Summer", "Autumn"]


def written_dates(minute: np.ndarray, precision: np.ndarray, origin: int) -> tuple:
    """``date`` and ``date_latest`` (ns), a code into the date texts, and the texts, for each entry.

    ``precision`` is 0 (to the minute), 1 (the day), 2 (the month) or 3 (the season); the codes
    number the days from the earliest (``dd/mm/yyyy``), then the months and seasons written.

    Examples
    --------
    >>> minute = np.array([[0, 1440 * 40 + 600]])
    >>> date, latest, code, texts = written_dates(minute, np.array([[1, 2]]), pd.Timestamp("2015-01-01").value)
    >>> [texts[c] for c in code.ravel()]
    ['01/01/2015', 'February 2015']
    >>> pd.to_datetime(latest.ravel()).strftime("%d/%m/%Y").tolist()
    ['01/01/2015', '28/02/2015']
    """
    day = minute // DAY
    base = origin + day * DAY * MINUTE_NS
    date = np.where(precision == 0, origin + minute * MINUTE_NS, base)
    latest = np.where(precision == 0, date, base + DAY * MINUTE_NS - 1000)
    first, last = int(day.min()), int(day.max())
    days = pd.date_range(pd.Timestamp(origin) + pd.Timedelta(days=first), periods=last - first + 1)
    code = day - first
    vague = precision >= 2
    month = (days.year * 12 + days.month - 1).to_numpy()[code[vague]]
    season_month = month + 1  # Dec belongs to the next winter year's Dec-Feb: shift so Mar opens a season
    season = (season_month // 12) * 4 + (season_month % 12) // 3  # year*4 + (0 winter, 1 spring, ...)
    key = np.where(precision[vague] == 2, month, 10**6 + season)
    unique, where = np.unique(key, return_inverse=True)
    texts = [f"{pd.Timestamp(year=int(k) // 12, month=int(k) % 12 + 1, day=1):%B %Y}" if k < 10**6
             else f"{_SEASONS[(k - 10**6) % 4]} {(k - 10**6) // 4 - ((k - 10**6) % 4 == 0)}" for k in unique]
    parsed = [parse_date(t) for t in texts]
    date[vague] = np.array([p.earliest.value for p in parsed], dtype=np.int64)[where]
    latest[vague] = np.array([p.latest.value for p in parsed], dtype=np.int64)[where]
    code[vague] = len(days) + where
    return date, latest, code, list(days.strftime("%d/%m/%Y")) + texts
