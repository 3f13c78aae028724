"""Property tests of reviewkit.interpret.dates: exact dates round-trip, vague dates contain their days.

Run deeper with ``HYPOTHESIS_PROFILE=dev pytest tests/interpret/test_dates_properties.py``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.exceptions import DateParseError
from reviewkit.interpret.dates import parse_date, parse_dates

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2049, 12, 31))
times = st.times().map(lambda t: t.replace(microsecond=0))


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


EXACT_FORMATS = {
    "DD/MM/YYYY": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "D/M/YYYY": lambda d: f"{d.day}/{d.month}/{d.year}",
    "DD-MM-YYYY": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "DD.MM.YYYY": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "D Month YYYY": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "ISO": lambda d: d.isoformat(),
    "3rd Apr 2015": lambda d: f"{ordinal(d.day)} {MONTHS[d.month - 1][:3]} {d.year}",
    "Weekday D Month YYYY": lambda d: f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} "
                                      f"{d.year}",
    "Month D, YYYY": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "lower case": lambda d: f"{d.day} {MONTHS[d.month - 1].lower()} {d.year}",
}  # fmt: skip
TWO_DIGIT_YEARS = {  # 00-69 are 20xx, 70-99 are 19xx
    "D/M/YY": lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    "D Mon YY": lambda d: f"{d.day} {MONTHS[d.month - 1][:3]} {d.year % 100:02d}",
}

TIME_FORMATS = {
    "HH:MM": lambda t: (f"{t.hour:02d}:{t.minute:02d}", t.replace(second=0)),
    "HH:MM:SS": lambda t: (f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}", t),
    "HHMM": lambda t: (f"{t.hour:02d}{t.minute:02d}", t.replace(second=0)),
    "H.MMam/pm": lambda t: (
        f"{(t.hour % 12) or 12}.{t.minute:02d}{'pm' if t.hour >= 12 else 'am'}",
        t.replace(second=0),
    ),
}


@given(day=days, form=st.sampled_from(sorted(EXACT_FORMATS)))
def test_exact_days_round_trip(day, form):
    text = EXACT_FORMATS[form](day)
    parsed = parse_date(text)
    assert parsed.precision == "day"
    assert parsed.earliest == pd.Timestamp(day)
    assert parsed.latest == pd.Timestamp(day) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)


@given(
    day=st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2069, 12, 31)),
    form=st.sampled_from(sorted(TWO_DIGIT_YEARS)),
)
def test_two_digit_years_round_trip(day, form):
    parsed = parse_date(TWO_DIGIT_YEARS[form](day))
    assert (parsed.earliest, parsed.precision) == (pd.Timestamp(day), "day")


@given(
    day=days,
    form=st.sampled_from(sorted(EXACT_FORMATS)),
    clock=times,
    time_form=st.sampled_from(sorted(TIME_FORMATS)),
    joiner=st.sampled_from([" ", " at ", ", "]),
)
def test_dates_with_times_round_trip(day, form, clock, time_form, joiner):
    time_text, expected = TIME_FORMATS[time_form](clock)
    parsed = parse_date(EXACT_FORMATS[form](day) + joiner + time_text)
    instant = pd.Timestamp(dt.datetime.combine(day, expected))
    assert (parsed.earliest, parsed.latest, parsed.precision) == (instant, instant, "instant")


@given(day=days, clock=times)
def test_iso_datetimes_round_trip(day, clock):
    instant = dt.datetime.combine(day, clock)
    parsed = parse_date(instant.isoformat())
    assert parsed.earliest == parsed.latest == pd.Timestamp(instant)


def _season(d: dt.date) -> str:
    name = ["Winter", "Spring", "Summer", "Autumn"][d.month % 12 // 3]
    return f"{name} {d.year - 1 if d.month < 3 else d.year}"


def _part_of_month(d: dt.date) -> str:
    part = "early" if d.day <= 10 else "mid" if d.day <= 20 else "late"
    return f"{part} {MONTHS[d.month - 1]} {d.year}"


def _term(d: dt.date) -> str | None:
    if d.month >= 9:
        return f"Autumn term {d.year}"
    if d.month in (4, 5, 6, 7):
        return f"Summer term {d.year}"
    if d <= easter(d.year) + dt.timedelta(days=1):
        return f"Spring term {d.year}"
    return None  # August: no term


def _week(d: dt.date) -> str:
    monday = d - dt.timedelta(days=d.weekday())
    return f"w/c {monday:%d/%m/%Y}"


VAGUE_FORMATS = {
    "Month YYYY": lambda d: f"{MONTHS[d.month - 1]} {d.year}",
    "Mon YYYY": lambda d: f"{MONTHS[d.month - 1][:3]} {d.year}",
    "MM/YYYY": lambda d: f"{d.month:02d}/{d.year}",
    "M/YY": lambda d: f"{d.month}/{d.year % 100:02d}" if 1970 <= d.year <= 2069 else None,
    "season": _season,
    "part of year": lambda d: f"{['early', 'mid', 'late'][(d.month - 1) // 4]} {d.year}",
    "part of month": _part_of_month,
    "quarter": lambda d: f"Q{(d.month - 1) // 3 + 1} {d.year}",
    "term": _term,
    "week": _week,
    "year": lambda d: str(d.year),
}
MARKERS = {
    "": lambda s: s,
    "c.": lambda s: f"c. {s}",
    "approx": lambda s: f"{s} (approx)",
    "?": lambda s: f"?{s}",
    "trailing ?": lambda s: f"{s}?",
}


@given(
    day=days,
    form=st.sampled_from(sorted(VAGUE_FORMATS)),
    marker=st.sampled_from(sorted(MARKERS)),
)
def test_vague_dates_contain_their_days(day, form, marker):
    base = VAGUE_FORMATS[form](day)
    if base is None:
        return
    parsed = parse_date(MARKERS[marker](base))
    assert parsed.earliest <= parsed.latest
    assert parsed.earliest <= pd.Timestamp(day) <= parsed.latest
    end_of_day = pd.Timestamp(day) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    assert end_of_day <= parsed.latest
    plain = parse_date(base)
    if marker in ("?", "trailing ?"):
        assert parsed.precision == "uncertain_" + plain.precision
        assert (parsed.earliest, parsed.latest) == (plain.earliest, plain.latest)
    elif marker:
        assert parsed.precision == "approx_" + plain.precision
        length = plain.latest - plain.earliest
        assert parsed.earliest < plain.earliest and plain.latest < parsed.latest
        assert parsed.latest - parsed.earliest > 2 * length


@given(text=st.text())
def test_parse_date_raises_only_date_parse_errors(text):
    try:
        parsed = parse_date(text)
    except DateParseError as err:
        assert str(err)
    else:
        assert parsed.earliest <= parsed.latest
        assert parsed.text == text.strip()


date_like = st.text(alphabet="0123456789/-. :?capprox()wQqearlymidtJunSpingAuMh", max_size=30)


@given(text=date_like)
def test_date_like_text_raises_only_date_parse_errors(text):
    try:
        parsed = parse_date(text)
    except DateParseError:
        return
    assert parsed.earliest <= parsed.latest


cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    date_like,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
)


@given(values=st.lists(cells, max_size=30))
def test_parse_dates_never_raises(values):
    series = pd.Series(values, dtype=object, index=range(100, 100 + len(values)))
    out = parse_dates(series)
    assert out.index.equals(series.index)
    read = out["precision"].notna()
    assert (read == out["issue"].isna()).all()
    assert (out["date"][read] <= out["date_latest"][read]).all()
    assert out["date"][~read].isna().all()
