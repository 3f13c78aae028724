"""Read dates as agencies write them: UK day first, and vague dates as intervals.

A date in a chronology is an interval ``[earliest, latest]``, both ends included. An exact day
is the whole day (00:00 to 23:59:59.999999); a date with a time is an instant
(``earliest == latest``); a vague date ("Summer 2016") is the whole period it can mean. Nothing
is ever guessed: text that cannot be read raises :class:`~reviewkit.exceptions.DateParseError`
saying why, and impossible dates (``29/02/2015``, ``12/13/2015``) are errors, never re-read
month first.

Conventions. Case, extra spaces, commas, ordinals (``3rd``), a leading weekday (checked against
the date) and a trailing full stop do not matter. Each form: the interval -> ``precision``.

Exact day: ``03/04/2015``, ``3/4/15``, ``03-04-2015``, ``03.04.2015``, ``2015-04-03``,
    ``3 April 2015``, ``3rd Apr 2015``, ``Friday 3 April 2015``, ``April 3, 2015``, ``3 Apr 15``
    -> the whole of 3 April 2015 -> ``day``
With a time: ``03/04/2015 14:30``, ``3 April 2015 at 2.30pm``, ``2015-04-03T14:30:00``
    -> that instant (``earliest == latest``) -> ``instant``
Week: ``w/c 12/01/2015``, ``WC 12.01.15``, ``week commencing 12 January 2015``
    -> that day and the six after it (Monday to Sunday; a week given from another day, such as a
    Sunday, is kept as given). ``w/e 18/01/2015`` / ``week ending``: the seven days ending that
    day -> ``week``
Month: ``March 2015``, ``Mar 2015``, ``03/2015``, ``8/99`` (some day in August 1999)
    -> the whole month -> ``month``
Part of a month: ``early`` / ``beginning of`` / ``start of`` ``March 2015`` -> days 1-10;
    ``mid`` / ``mid-`` / ``middle of`` -> days 11-20; ``late`` / ``end of`` -> day 21 to the
    month's end -> ``part_of_month``
Season (meteorological): ``Spring 2016`` Mar-May, ``Summer 2016`` Jun-Aug, ``Autumn 2016``
    (or ``Fall``) Sep-Nov; ``Winter 2016`` is the winter that starts in December 2016, to the end
    of February 2017; ``Winter 2015/16`` and ``Winter 2015-16`` are Dec 2015 to Feb 2016
    -> ``season``
School term (England and Wales): ``Autumn term 2015`` 1 Sep-31 Dec 2015; ``Spring term 2016``
    1 Jan to Easter Monday 2016 (30 April at the latest); ``Summer term 2016`` 1 Apr-31 Jul 2016
    (Easter moves, so the spring and summer terms overlap in April). A school year may be given:
    ``Spring term 2015/16`` is in 2016, ``Autumn term 2015/16`` in 2015 -> ``term``
Quarter (calendar): ``Q2 2015``, ``2015 Q2`` -> 1 April to 30 June 2015 -> ``quarter``
Part of a year: ``early 2015`` Jan-Apr, ``mid 2015`` / ``mid-2015`` May-Aug, ``late 2015``
    Sep-Dec -> ``part_of_year``
Year: ``2015`` -> the whole year -> ``year``
Range: ``03/04/2015 - 10/04/2015``, ``between 3/4/2015 and 10/4/2015``, ``3-10 March 2015``,
    ``12-14/03/2015``, ``28/02-03/03/2016``, ``March-May 2015``, ``12 March - 14 April 2015``
    (the first end takes what it lacks from the second) -> start of the first to end of the
    second -> ``range``
Open-ended: ``before 03/04/2015`` (``prior to``, ``pre-``) -> the year up to the instant the
    date begins; ``by`` / ``no later than`` / ``up to`` / ``until`` include the date. ``after
    03/04/2015`` (``following``, ``post``) -> the year from the instant after the date ends;
    ``since`` / ``from`` include it -> ``before`` / ``after`` (bounded by a year,
    :data:`~reviewkit.interpret.date_spans.OPEN_WINDOW`: a reviewer who knows more writes a range)
Day unknown: ``??/03/2015``, ``xx/03/2015``, ``--/03/2015`` -> the month -> ``month``;
    ``??/??/2015`` -> the year -> ``year``
Holidays (England and Wales, see :mod:`~reviewkit.interpret.school_calendar`): ``Easter 2015``
    Good Friday to Easter Monday -> ``holiday``; ``Easter holidays 2015`` the 16 days around
    Easter Sunday; ``October`` / ``February`` / ``May half term 2015`` the weeks local
    authorities usually choose -> ``school_holiday``. Without a year (or which half term) they
    are refused with a message saying what to add.
Approximate: ``c. June 2015``, ``c June``, ``circa``, ``approx.``, ``approximately``, ``around``,
    ``~June 2015``, ``June 2015 (approx)`` -> the period widened on each side by its own length
    (months, seasons, quarters and years in calendar units: c. June 2015 is 1 May to 31 July;
    other periods by their exact length) -> ``approx_`` + the base, e.g. ``approx_month``
Uncertain: ``?22/05/2016``, ``22/05/2016?``, ``?22 May 2016``, ``?March 2015``
    -> the same interval, flagged -> ``uncertain_`` + the base, e.g. ``uncertain_day``

Errors say what is wrong with the text as written: ``'29/02/2015' is not a real date: 2015 has
no 29 February.``; ``'12/13/2015' is not a real date: there is no month 13 (dates are read day
first, as in the UK: DD/MM/YYYY).``; ``'31/04/2015' is not a real date: April has only 30
days.``; ``'tbc' is not a date reviewkit can read. Write it as, for example, ...``; a blank is
``no date given``. ``Mar 15`` (15 March, or March 2015?) and financial-year quarters are
refused rather than guessed.

Two-digit years: 00-69 are 20xx, 70-99 are 19xx. Years 1800 to 2200 are read. Spreadsheet
cells that hold real dates or numbers go through :func:`parse_date_value`: a number is an
Excel serial day (1900 date system), except a whole number 1900-2100, which is a year typed
in a number cell. Text is never read as a serial number.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reviewkit.exceptions import DateParseError
from reviewkit.interpret.date_patterns import US, Invalid, normalise, parse_clock
from reviewkit.interpret.date_spans import parse_span

__all__ = ["ParsedDate", "parse_date", "parse_date_value", "parse_dates", "parse_time", "with_time"]

NO_DATE = "no date given"
_EXCEL_EPOCH = pd.Timestamp(1899, 12, 30)  # serial 0, so that serial 61 is 1 March 1900
_SERIAL_MAX = (pd.Timestamp(2201, 1, 1) - _EXCEL_EPOCH).days  # first serial after 2200


@dataclass(frozen=True)
class ParsedDate:
    """A date as written, read as the interval of time it can mean.

    Attributes
    ----------
    earliest : pandas.Timestamp
        The first instant the text can mean.
    latest : pandas.Timestamp
        The last instant it can mean (``23:59:59.999999`` on the last day of a period).
    precision : str
        What kind of date it was: ``instant``, ``day``, ``week``, ``month``, ``part_of_month``,
        ``season``, ``term``, ``quarter``, ``part_of_year``, ``year``, ``range``, ``before``,
        ``after``, ``holiday`` or ``school_holiday``, or one of these prefixed with ``approx_``
        or ``uncertain_``.
    text : str
        The text as given (stripped of surrounding spaces).
    """

    earliest: pd.Timestamp
    latest: pd.Timestamp
    precision: str
    text: str


def _make(earliest: pd.Timestamp, latest: pd.Timestamp, precision: str, text: str) -> ParsedDate:
    return ParsedDate(earliest.as_unit("ns"), latest.as_unit("ns"), precision, text)


def parse_date(text: str) -> ParsedDate:
    """Read a date written as text (UK day first) as the interval it can mean.

    Parameters
    ----------
    text : str
        The date as the agency wrote it, e.g. ``"03/04/2015"``, ``"Summer 2016"``,
        ``"w/c 12/01/2015"``, ``"c. June 2015"``. See the module docs for every form.

    Returns
    -------
    ParsedDate

    Raises
    ------
    DateParseError
        If the text is blank ("no date given"), is not a form reviewkit reads, or names a date
        that does not exist. The message repeats the text and says what is wrong.

    Examples
    --------
    >>> parse_date("03/04/2015")
    ParsedDate(earliest=Timestamp('2015-04-03 00:00:00'), latest=Timestamp('2015-04-03 23:59:59.999999'), precision='day', text='03/04/2015')
    >>> parse_date("Summer 2016").latest
    Timestamp('2016-08-31 23:59:59.999999')
    >>> parse_date("?22 May 2016").precision
    'uncertain_day'
    >>> parse_date("12/13/2015")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DateParseError: '12/13/2015' is not a real date: there is no month 13 (dates are read day first, as in the UK: DD/MM/YYYY).
    """  # noqa: E501
    if not isinstance(text, str):
        raise TypeError(
            f"parse_date reads text, not {type(text).__name__}; use parse_date_value for "
            "spreadsheet cells that hold dates or numbers."
        )
    shown = text.strip()
    if not shown:
        raise DateParseError(NO_DATE)
    try:
        earliest, latest, precision = parse_span(normalise(shown))
    except Invalid as err:
        raise DateParseError(err.for_text(shown)) from None
    return _make(earliest, latest, precision, shown)


def _from_timestamp(stamp: pd.Timestamp) -> ParsedDate:
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)  # keep the wall-clock time the agency recorded
    if stamp == stamp.normalize():
        return _make(stamp, stamp + pd.Timedelta(days=1) - US, "day", stamp.strftime("%Y-%m-%d"))
    return _make(stamp, stamp, "instant", str(stamp))


def _from_number(value: float) -> ParsedDate:
    text = str(int(value)) if value.is_integer() else str(value)
    if value.is_integer() and 1900 <= value <= 2100:
        year = int(value)
        return _make(pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 1, 1) - US, "year", text)
    if not 1 <= value < _SERIAL_MAX:
        raise DateParseError(
            f"{text} is a number that is not a date: numbers are read as years (1900 to 2100) "
            f"or as Excel date serial numbers (1 to {_SERIAL_MAX - 1}, up to the end of 2200)."
        )
    if 60 <= value < 61:
        raise DateParseError(f"{text} is Excel's 29 February 1900, a day that did not exist.")
    epoch = _EXCEL_EPOCH if value >= 61 else _EXCEL_EPOCH + pd.Timedelta(days=1)  # Excel's 1900 bug
    day = epoch + pd.Timedelta(days=int(value))
    clock = pd.Timedelta(days=value - int(value)).round("ms")
    if clock == pd.Timedelta(0):
        return _make(day, day + pd.Timedelta(days=1) - US, "day", text)
    return _make(day + clock, day + clock, "instant", text)


def parse_date_value(value: object) -> ParsedDate:
    """Read one spreadsheet cell: text, a date or datetime, or a number from a numeric cell.

    Parameters
    ----------
    value : object
        ``str`` goes to :func:`parse_date` (so the text ``"42000"`` is an error, and
        ``"2015"`` is the year 2015). ``datetime``/``pandas.Timestamp``: a ``day`` when the time
        is 00:00:00, otherwise an ``instant``. ``datetime.date``: a ``day``. ``int``/``float``
        (numeric cells only): a whole number 1900-2100 is that ``year``; otherwise an Excel
        serial day in the 1900 date system (day 0 is 30 December 1899), whose fraction is the
        time of day (``instant``; a ``day`` when there is no fraction).

    Returns
    -------
    ParsedDate

    Raises
    ------
    DateParseError
        For blanks (``None``, ``NaN``, ``NaT``, ``""``: "no date given"), yes/no values, numbers
        out of range, and anything :func:`parse_date` cannot read.

    Examples
    --------
    >>> import datetime
    >>> parse_date_value(datetime.datetime(2015, 4, 3, 14, 30)).precision
    'instant'
    >>> parse_date_value(datetime.date(2015, 4, 3)).precision
    'day'
    >>> parse_date_value(42097).earliest
    Timestamp('2015-04-03 00:00:00')
    >>> parse_date_value(2015).precision
    'year'
    >>> parse_date_value(float("nan"))
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DateParseError: no date given
    """
    if isinstance(value, str):
        return parse_date(value)
    if pd.api.types.is_scalar(value) and pd.isna(value):
        raise DateParseError(NO_DATE)
    if isinstance(value, (bool, np.bool_)):
        raise DateParseError(f"{value} is a yes/no value, not a date.")
    if isinstance(value, (dt.datetime, np.datetime64)):
        return _from_timestamp(pd.Timestamp(value))
    if isinstance(value, dt.date):
        return _from_timestamp(pd.Timestamp(value.year, value.month, value.day))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isinf(number):
            raise DateParseError(f"{value} is a number that is not a date.")
        return _from_number(number)
    raise DateParseError(
        f"{value!r} is not a date reviewkit can read (it is a {type(value).__name__})."
    )


def parse_time(text: str) -> dt.time:
    """Read a time of day as agencies write it.

    Parameters
    ----------
    text : str
        ``"12:40"``, ``"1240"``, ``"12.40"``, ``"4:10pm"``, ``"4 p.m."``, ``"16:10:30"``,
        ``"4pm"``, ``"1430hrs"``, ``"noon"``, ``"midnight"``.

    Returns
    -------
    datetime.time

    Raises
    ------
    DateParseError
        If the text is blank, not a time, or an impossible one (``25:00``, ``13pm``).

    Examples
    --------
    >>> parse_time("4:10pm")
    datetime.time(16, 10)
    >>> parse_time("1240")
    datetime.time(12, 40)
    >>> parse_time("25:00")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DateParseError: '25:00' is not a real time: there is no hour 25.
    """
    shown = text.strip()
    if not shown:
        raise DateParseError("no time given")
    try:
        return parse_clock(shown)
    except Invalid as err:
        raise DateParseError(err.for_text(shown)) from None


def with_time(parsed: ParsedDate, time: dt.time) -> ParsedDate:
    """Put a time (e.g. from a separate *Time* column) on an exact day.

    Parameters
    ----------
    parsed : ParsedDate
        A date of precision ``day``.
    time : datetime.time
        The time of day.

    Returns
    -------
    ParsedDate
        An ``instant``; its text is the day's text and the time, e.g. ``"03/04/2015 14:30"``.

    Raises
    ------
    DateParseError
        If ``parsed`` is not an exact day: a time cannot be placed in a month or a season.

    Examples
    --------
    >>> import datetime
    >>> with_time(parse_date("03/04/2015"), datetime.time(14, 30)).earliest
    Timestamp('2015-04-03 14:30:00')
    >>> with_time(parse_date("April 2015"), datetime.time(14, 30))
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DateParseError: 'April 2015' is not an exact day (it is a month), so the time 14:30 cannot be put on it; a time needs an exact day, such as 03/04/2015.
    """  # noqa: E501
    shown = time.strftime("%H:%M:%S" if time.second or time.microsecond else "%H:%M")
    if parsed.precision != "day":
        kind = parsed.precision.replace("_", " ")
        raise DateParseError(
            f"'{parsed.text}' is not an exact day (it is a{'n' if kind[0] in 'aeiu' else ''} "
            f"{kind}), so the time {shown} cannot be put on it; a time needs an exact day, "
            "such as 03/04/2015."
        )
    stamp = parsed.earliest + pd.Timedelta(
        hours=time.hour, minutes=time.minute, seconds=time.second, microseconds=time.microsecond
    )
    return _make(stamp, stamp, "instant", f"{parsed.text} {shown}")


def parse_dates(values: pd.Series) -> pd.DataFrame:
    """Read a column of date cells at once; each distinct value is read only once.

    Parameters
    ----------
    values : pandas.Series
        Raw cells: text, datetimes, numbers from numeric cells, blanks (``None``, ``NaN``,
        ``""``).

    Returns
    -------
    pandas.DataFrame
        Same index as ``values``, with columns ``date`` and ``date_latest``
        (``datetime64[ns]``, NaT where unreadable), ``precision`` (``string``, NA where
        unreadable) and ``issue`` (``string``: NA when read cleanly, ``"no date given"`` for
        blanks, otherwise why the value could not be read). Never raises for a bad value.

    Examples
    --------
    >>> cells = pd.Series(["03/04/2015", None, "tbc", "Summer 2016", "03/04/2015"])
    >>> parse_dates(cells)[["date", "precision"]]
            date precision
    0 2015-04-03       day
    1        NaT      <NA>
    2        NaT      <NA>
    3 2016-06-01    season
    4 2015-04-03       day
    >>> parse_dates(cells)["issue"][1]
    'no date given'
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    n = len(uniques)  # one extra slot at the end: code -1 (a blank cell) indexes it
    earliest = np.full(n + 1, np.datetime64("NaT"), dtype="datetime64[ns]")
    latest = earliest.copy()
    precision = np.full(n + 1, None, dtype=object)
    issue = np.full(n + 1, None, dtype=object)
    issue[n] = NO_DATE
    for i, value in enumerate(uniques):
        try:
            parsed = parse_date_value(value)
        except DateParseError as err:
            issue[i] = str(err)
        else:
            earliest[i], latest[i] = parsed.earliest.asm8, parsed.latest.asm8
            precision[i] = parsed.precision
    return pd.DataFrame(
        {
            "date": earliest[codes],
            "date_latest": latest[codes],
            "precision": pd.array(precision[codes], dtype="string"),
            "issue": pd.array(issue[codes], dtype="string"),
        },
        index=values.index,
    )
