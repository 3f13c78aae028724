"""Property tests of the reviewer forms: open-ended dates, an unknown day, school holidays, ranges.

Run deeper with ``HYPOTHESIS_PROFILE=dev pytest tests/interpret/test_dates_reviewer_properties.py``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.exceptions import DateParseError
from reviewkit.interpret.dates import parse_date, parse_dates

US = pd.Timedelta(microseconds=1)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2049, 12, 31))
years = st.integers(min_value=1800, max_value=2200)
BASES = {
    "day": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "month": lambda d: f"{MONTHS[d.month - 1]} {d.year}",
    "year": lambda d: str(d.year),
    "season": lambda d: f"Summer {d.year}",
    "Easter": lambda d: f"Easter {d.year}",
    "half term": lambda d: f"October half term {d.year}",
}

# Pieces a reviewer's date cell is made of, in any order: the parser may refuse the result,
# but only with a DateParseError, and what it reads is an interval that keeps the text.
PIECES = ["before", "after", "since", "by", "from", "between", "and", "to", "-", "\u2013", "/",
          "??", "?", "xx", "c.", "approx", "(approx)", "Easter", "holidays", "hols", "half term",
          "half-term", "October", "Feb", "May", "Whitsun", "spring", "summer", "term", "early",
          "mid", "end of", "w/c", "03", "12", "14", "28", "2015", "2016", "15/16", "12:40", " ",
          "March", "Mar", "31", "02", "1800", "2200", "the", "of", "week"]  # fmt: skip
reviewer_text = st.lists(st.sampled_from(PIECES), max_size=8).map(" ".join) | st.lists(
    st.sampled_from(PIECES), max_size=8
).map("".join)


@given(text=reviewer_text)
def test_reviewer_text_reads_as_an_interval_or_a_date_parse_error(text):
    try:
        parsed = parse_date(text)
    except DateParseError as err:
        assert str(err)
        return
    assert parsed.earliest <= parsed.latest
    assert parsed.text == text.strip()


@given(values=st.lists(reviewer_text, max_size=20))
def test_a_column_of_reviewer_text_never_raises(values):
    out = parse_dates(pd.Series(values, dtype=object))
    read = out["precision"].notna()
    assert (read == out["issue"].isna()).all()
    assert (out["date"][read] <= out["date_latest"][read]).all()


@given(day=days, base=st.sampled_from(sorted(BASES)))
def test_before_and_after_touch_the_date_and_reach_a_year(day, base):
    text = BASES[base](day)
    plain = parse_date(text)
    before, after = parse_date(f"before {text}"), parse_date(f"after {text}")
    assert before.latest + US == plain.earliest
    assert after.earliest == plain.latest + US
    assert pd.Timedelta(days=364) < plain.earliest - before.earliest < pd.Timedelta(days=367)
    assert pd.Timedelta(days=364) < after.latest - plain.latest < pd.Timedelta(days=367)
    by, since = parse_date(f"by {text}"), parse_date(f"since {text}")
    assert (by.earliest, by.latest) == (before.earliest, plain.latest)
    assert (since.earliest, since.latest) == (plain.earliest, after.latest)


@given(day=days, marker=st.sampled_from(["??", "?", "xx", "XX", "--"]),
       sep=st.sampled_from(["/", ".", "-"]))
def test_an_unknown_day_is_the_month(day, marker, sep):
    parsed = parse_date(f"{marker}{sep}{day.month:02d}{sep}{day.year}")
    month = parse_date(f"{MONTHS[day.month - 1]} {day.year}")
    assert (parsed.earliest, parsed.latest, parsed.precision) == (
        month.earliest, month.latest, "month"
    )


@given(first=days, length=st.integers(min_value=0, max_value=27))
def test_day_ranges_in_one_cell_cover_both_ends(first, length):
    last = first + dt.timedelta(days=length)
    if last.month != first.month:
        text = f"{first.day:02d}/{first.month:02d}-{last.day:02d}/{last.month:02d}/{last.year}"
        if last.year != first.year:
            return
    else:
        text = f"{first.day}-{last.day}/{last.month:02d}/{last.year}"
    parsed = parse_date(text)
    assert parsed.precision == "range"
    assert parsed.earliest == pd.Timestamp(first)
    assert parsed.latest == pd.Timestamp(last) + pd.Timedelta(days=1) - US


@given(y=years)
def test_easter_holidays_hold_easter_and_run_saturday_to_sunday(y):
    sunday = pd.Timestamp(easter(y))
    weekend = parse_date(f"Easter {y}")
    holidays = parse_date(f"Easter holidays {y}")
    assert holidays.earliest <= weekend.earliest <= sunday <= weekend.latest <= holidays.latest
    assert (holidays.earliest.weekday(), holidays.latest.weekday()) == (5, 6)
    assert holidays.latest - holidays.earliest == pd.Timedelta(days=16) - US


@given(y=years)
def test_half_terms_fall_in_their_months(y):
    october = parse_date(f"October half term {y}")
    february = parse_date(f"February half term {y}")
    may = parse_date(f"May half term {y}")
    for parsed in (october, february, may):
        assert parsed.precision == "school_holiday"
        assert (parsed.earliest.weekday(), parsed.latest.weekday()) == (5, 6)
    assert october.earliest.month == 10 and october.latest.month == 11
    assert february.earliest.month == 2 and february.latest.month in (2, 3)
    assert may.earliest.month == 5 and (may.earliest + pd.Timedelta(days=2)).month == 5
    if 1800 < y < 2200:  # a school year: the autumn in its first year, the rest in its second
        assert parse_date(f"autumn half term {y}/{(y + 1) % 100:02d}").earliest == october.earliest
        assert parse_date(f"Feb half term {y - 1}/{y % 100:02d}").earliest == february.earliest
