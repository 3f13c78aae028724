"""Durations in rules and deadlines, including UK working days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.durations import bank_holidays, deadline, working_days_between
from reviewkit.exceptions import DurationError
from reviewkit.interpret.duration_text import Duration, parse_duration


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("4 hours", 4, "hours"),
        ("1 hour", 1, "hours"),
        ("28 days", 28, "days"),
        ("15 working days", 15, "working_days"),
        ("10 Working Days", 10, "working_days"),
        ("2 weeks", 2, "weeks"),
        ("3 months", 3, "months"),
        ("1.5 hours", 1.5, "hours"),
    ],
)
def test_durations_are_read(text, amount, unit):
    assert parse_duration(text) == Duration(amount, unit)


@pytest.mark.parametrize("text", ["soon", "15", "three days", "2 fortnights", "1.5 months"])
def test_unreadable_durations_say_how_to_write_them(text):
    with pytest.raises(DurationError, match=repr(text).replace("(", r"\(").replace(".", r"\.")):
        parse_duration(text)


def _at(*stamps):
    return pd.Series(pd.to_datetime(list(stamps)))


def test_working_days_skip_weekends_and_welsh_bank_holidays():
    # Friday 21 August 2015; Monday 31 August 2015 is a bank holiday in England and Wales.
    end = deadline(_at("2015-08-21 10:00"), parse_duration("10 working days"), calendar="wales")
    assert end.iloc[0] == pd.Timestamp("2015-09-07 23:59:59.999999999")


def test_scotland_has_its_own_bank_holidays():
    # Monday 3 August 2015 is a bank holiday in Scotland only.
    start = _at("2015-07-31")
    wales = deadline(start, parse_duration("1 working day"), calendar="wales").iloc[0]
    scotland = deadline(start, parse_duration("1 working day"), calendar="scotland").iloc[0]
    assert wales.date() == pd.Timestamp("2015-08-03").date()
    assert scotland.date() == pd.Timestamp("2015-08-04").date()


def test_a_weekend_start_counts_from_the_next_working_day():
    end = deadline(_at("2015-02-07"), parse_duration("1 working day")).iloc[0]  # a Saturday
    assert end.date() == pd.Timestamp("2015-02-09").date()


def test_months_are_calendar_months_to_the_end_of_the_day():
    end = deadline(_at("2015-01-14 10:00", "2015-08-31 00:00"), parse_duration("3 months"))
    assert end.tolist() == [
        pd.Timestamp("2015-04-14 23:59:59.999999999"),
        pd.Timestamp("2015-11-30 23:59:59.999999999"),
    ]


def test_hours_count_exactly_and_missing_dates_stay_missing():
    end = deadline(_at("2015-02-09 12:40", None), parse_duration("2 hours"))
    assert end.iloc[0] == pd.Timestamp("2015-02-09 14:40")
    assert pd.isna(end.iloc[1])
    assert pd.isna(deadline(_at(None), parse_duration("5 working days")).iloc[0])


def test_unknown_calendar_lists_the_known_ones():
    with pytest.raises(DurationError, match="Use one of: 'england', 'wales', 'scotland', 'northern_ireland'"):
        bank_holidays("france")


def test_bank_holidays_are_the_known_2015_list():
    days = bank_holidays("england")
    in_2015 = days[(days >= np.datetime64("2015-01-01")) & (days <= np.datetime64("2015-12-31"))]
    assert len(in_2015) == 9  # includes Boxing Day observed on 28 December


@given(
    start=st.dates(min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2035-12-31").date()),
    days=st.integers(min_value=1, max_value=60),
)
def test_deadline_and_count_of_working_days_agree(start, days):
    start_series = pd.Series(pd.to_datetime([start]))
    end = deadline(start_series, Duration(days, "working_days"), calendar="england")
    assert working_days_between(start_series, end, calendar="england").iloc[0] == days
    assert end.iloc[0] > start_series.iloc[0]
