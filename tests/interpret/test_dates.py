"""Tests of reviewkit.interpret.dates: every written form, every error message, and the column reader."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from reviewkit.exceptions import DateParseError
from reviewkit.interpret.dates import (
    ParsedDate,
    parse_date,
    parse_date_value,
    parse_dates,
    parse_time,
    with_time,
)

T = pd.Timestamp
END = pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)  # 00:00 + END = 23:59:59.999999


def day_end(text: str) -> pd.Timestamp:
    return T(text) + END


# text, earliest, latest, precision
FORMS = [
    # exact days
    ("3 April 2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("3rd Apr 2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("Friday 3 April 2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("Fri 3rd April, 2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("03/04/2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("3/4/15", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("3/4/75", T("1975-04-03"), day_end("1975-04-03"), "day"),
    ("3/4/69", T("2069-04-03"), day_end("2069-04-03"), "day"),
    ("03-04-2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("03.04.2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("2015-04-03", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("April 3, 2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("3 Apr 15", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("3 Apr. 2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("03-Apr-2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("3rd of April 2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("  3   APRIL  2015. ", T("2015-04-03"), day_end("2015-04-03"), "day"),
    ("29/02/2016", T("2016-02-29"), day_end("2016-02-29"), "day"),
    # with a time
    ("03/04/2015 14:30", T("2015-04-03 14:30"), T("2015-04-03 14:30"), "instant"),
    ("3 April 2015 at 2.30pm", T("2015-04-03 14:30"), T("2015-04-03 14:30"), "instant"),
    ("2015-04-03T14:30:00", T("2015-04-03 14:30"), T("2015-04-03 14:30"), "instant"),
    ("03/04/2015 1430", T("2015-04-03 14:30"), T("2015-04-03 14:30"), "instant"),
    ("3/4/2015 16:10:30", T("2015-04-03 16:10:30"), T("2015-04-03 16:10:30"), "instant"),
    ("3/4/2015 at noon", T("2015-04-03 12:00"), T("2015-04-03 12:00"), "instant"),
    ("3/4/2015 12 noon", T("2015-04-03 12:00"), T("2015-04-03 12:00"), "instant"),
    ("?22/05/2016 14:30", T("2016-05-22 14:30"), T("2016-05-22 14:30"), "uncertain_instant"),
    # weeks
    ("w/c 12/01/2015", T("2015-01-12"), day_end("2015-01-18"), "week"),
    ("w/c 12 January 2015", T("2015-01-12"), day_end("2015-01-18"), "week"),
    ("week commencing 12/01/2015", T("2015-01-12"), day_end("2015-01-18"), "week"),
    ("WC 12.01.15", T("2015-01-12"), day_end("2015-01-18"), "week"),
    ("w/c 11/01/2015", T("2015-01-11"), day_end("2015-01-17"), "week"),  # a Sunday: kept
    ("w/e 18/01/2015", T("2015-01-12"), day_end("2015-01-18"), "week"),
    ("week ending 18 Jan 2015", T("2015-01-12"), day_end("2015-01-18"), "week"),
    # months
    ("March 2015", T("2015-03-01"), day_end("2015-03-31"), "month"),
    ("Mar 2015", T("2015-03-01"), day_end("2015-03-31"), "month"),
    ("03/2015", T("2015-03-01"), day_end("2015-03-31"), "month"),
    ("8/99", T("1999-08-01"), day_end("1999-08-31"), "month"),
    ("Sept 2015", T("2015-09-01"), day_end("2015-09-30"), "month"),
    ("February 2016", T("2016-02-01"), day_end("2016-02-29"), "month"),
    # seasons
    ("Spring 2016", T("2016-03-01"), day_end("2016-05-31"), "season"),
    ("Summer 2016", T("2016-06-01"), day_end("2016-08-31"), "season"),
    ("Autumn 2016", T("2016-09-01"), day_end("2016-11-30"), "season"),
    ("Fall 2016", T("2016-09-01"), day_end("2016-11-30"), "season"),
    ("Winter 2016", T("2016-12-01"), day_end("2017-02-28"), "season"),
    ("Winter 2015/16", T("2015-12-01"), day_end("2016-02-29"), "season"),
    ("Winter 2015-16", T("2015-12-01"), day_end("2016-02-29"), "season"),
    ("winter 2015/2016", T("2015-12-01"), day_end("2016-02-29"), "season"),
    # parts of a year
    ("early 2015", T("2015-01-01"), day_end("2015-04-30"), "part_of_year"),
    ("mid 2015", T("2015-05-01"), day_end("2015-08-31"), "part_of_year"),
    ("mid-2015", T("2015-05-01"), day_end("2015-08-31"), "part_of_year"),
    ("late 2014", T("2014-09-01"), day_end("2014-12-31"), "part_of_year"),
    ("end of 2014", T("2014-09-01"), day_end("2014-12-31"), "part_of_year"),
    # parts of a month
    ("early March 2015", T("2015-03-01"), day_end("2015-03-10"), "part_of_month"),
    ("beginning of March 2015", T("2015-03-01"), day_end("2015-03-10"), "part_of_month"),
    ("start of March 2015", T("2015-03-01"), day_end("2015-03-10"), "part_of_month"),
    ("mid March 2015", T("2015-03-11"), day_end("2015-03-20"), "part_of_month"),
    ("mid-March 2015", T("2015-03-11"), day_end("2015-03-20"), "part_of_month"),
    ("middle of March 2015", T("2015-03-11"), day_end("2015-03-20"), "part_of_month"),
    ("late March 2015", T("2015-03-21"), day_end("2015-03-31"), "part_of_month"),
    ("end of March 2015", T("2015-03-21"), day_end("2015-03-31"), "part_of_month"),
    ("end of February 2015", T("2015-02-21"), day_end("2015-02-28"), "part_of_month"),
    ("the end of April 2015", T("2015-04-21"), day_end("2015-04-30"), "part_of_month"),
    # quarters and years
    ("Q1 2015", T("2015-01-01"), day_end("2015-03-31"), "quarter"),
    ("Q2 2015", T("2015-04-01"), day_end("2015-06-30"), "quarter"),
    ("2015 Q2", T("2015-04-01"), day_end("2015-06-30"), "quarter"),
    ("q4 2015", T("2015-10-01"), day_end("2015-12-31"), "quarter"),
    ("2015", T("2015-01-01"), day_end("2015-12-31"), "year"),
    # school terms (Easter Sunday: 5 April 2015, 27 March 2016)
    ("Autumn term 2015", T("2015-09-01"), day_end("2015-12-31"), "term"),
    ("Spring term 2015", T("2015-01-01"), day_end("2015-04-06"), "term"),
    ("Spring Term 2015", T("2015-01-01"), day_end("2015-04-06"), "term"),
    ("spring term, 2015", T("2015-01-01"), day_end("2015-04-06"), "term"),
    ("Summer term 2015", T("2015-04-01"), day_end("2015-07-31"), "term"),
    ("summer term 2016", T("2016-04-01"), day_end("2016-07-31"), "term"),
    ("Spring term 2015/16", T("2016-01-01"), day_end("2016-03-28"), "term"),
    ("Autumn term 2015/16", T("2015-09-01"), day_end("2015-12-31"), "term"),
    # approximate: widened by the period's own length on each side (calendar units)
    ("c. June 2015", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("c June 2015", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("circa June 2015", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("approx. June 2015", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("approximately June 2015", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("around June 2015", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("~June 2015", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("June 2015 (approx)", T("2015-05-01"), day_end("2015-07-31"), "approx_month"),
    ("c. 03/04/2015", T("2015-04-02"), day_end("2015-04-04"), "approx_day"),
    ("c. 2015", T("2014-01-01"), day_end("2016-12-31"), "approx_year"),  # a calendar year each side
    # uncertain: same interval, flagged
    ("?22/05/2016", T("2016-05-22"), day_end("2016-05-22"), "uncertain_day"),
    ("22/05/2016?", T("2016-05-22"), day_end("2016-05-22"), "uncertain_day"),
    ("?22 May 2016", T("2016-05-22"), day_end("2016-05-22"), "uncertain_day"),
    ("?March 2015", T("2015-03-01"), day_end("2015-03-31"), "uncertain_month"),
    # ranges
    ("03/04/2015 - 10/04/2015", T("2015-04-03"), day_end("2015-04-10"), "range"),
    ("between 3/4/2015 and 10/4/2015", T("2015-04-03"), day_end("2015-04-10"), "range"),
    ("Between 3 and 10 March 2015", T("2015-03-03"), day_end("2015-03-10"), "range"),
    ("3-10 March 2015", T("2015-03-03"), day_end("2015-03-10"), "range"),
    ("March 2015 to June 2015", T("2015-03-01"), day_end("2015-06-30"), "range"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), FORMS)
def test_parse_date_forms(text, earliest, latest, precision):
    parsed = parse_date(text)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)
    assert parsed.text == text.strip()


def test_parsed_date_is_frozen_and_ns():
    parsed = parse_date("03/04/2015")
    assert isinstance(parsed, ParsedDate)
    assert parsed.earliest.unit == "ns" and parsed.latest.unit == "ns"
    with pytest.raises(AttributeError):
        parsed.precision = "month"  # type: ignore[misc]


UNREADABLE = r"is not a date reviewkit can read\. Write it as, for example, 03/04/2015"

ERRORS = [
    ("29/02/2015", r"^'29/02/2015' is not a real date: 2015 has no 29 February\.$"),
    (
        "12/13/2015",
        r"^'12/13/2015' is not a real date: there is no month 13 \(dates are read day first, "
        r"as in the UK: DD/MM/YYYY\)\.$",
    ),
    ("31/04/2015", r"^'31/04/2015' is not a real date: April has only 30 days\.$"),
    ("30/02/2016", r"February has only 29 days in 2016\."),
    ("31 June 2015", r"June has only 30 days"),
    ("0/4/2015", r"there is no day 0"),
    ("2015-13-01", r"there is no month 13\.$"),
    ("13/2015", r"there is no month 13 \(dates are read day first"),
    ("sometime", r"^'sometime' " + UNREADABLE),
    ("tbc", r"^'tbc' is not a date reviewkit can read\. Write it as, for example, 03/04/2015, "
            r"April 2015, Summer 2016, early 2015 or w/c 12/01/2015\.$"),
    ("N/K", r"^'N/K' " + UNREADABLE),
    ("Mar 15", UNREADABLE),  # 15 March, or March 2015? not guessed
    ("April 3", UNREADABLE),
    ("Q2 2015/16", UNREADABLE),  # financial years are not guessed
    ("?c. June 2015", UNREADABLE),  # uncertain and approximate together
    ("", r"^no date given$"),
    ("   ", r"^no date given$"),
    ("Monday 3 April 2015", r"does not add up: 3 April 2015 was a Friday, not a Monday\."),
    ("March 2015 14:30", r"a time needs an exact day"),
    ("03/04/2015 25:00", r"is not a real time: there is no hour 25\."),
    ("3/4/1066", r"has the year 1066; reviewkit reads years 1800 to 2200\."),
    ("Winter 2015/17", r"the winter that starts in 2015 is written 2015/16"),
    ("w/c April 2015", r"a week needs an exact day"),
    ("10/04/2015 - 03/04/2015", r"ends before it starts"),
    ("w/c 31/04/2015", r"^'w/c 31/04/2015' is not a real date: April has only 30 days\.$"),
    ("x" * 200, r"^'x{57}\.\.\.' " + UNREADABLE),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_parse_date_errors(text, message):
    with pytest.raises(DateParseError, match=message):
        parse_date(text)


def test_date_parse_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_date("tbc")


def test_parse_date_rejects_non_text():
    with pytest.raises(TypeError, match="use parse_date_value"):
        parse_date(42000)  # type: ignore[arg-type]


# --- parse_date_value ----------------------------------------------------------------------------

VALUES = [
    (dt.datetime(2015, 4, 3), T("2015-04-03"), day_end("2015-04-03"), "day"),
    (dt.datetime(2015, 4, 3, 14, 30), T("2015-04-03 14:30"), T("2015-04-03 14:30"), "instant"),
    (T("2015-04-03"), T("2015-04-03"), day_end("2015-04-03"), "day"),
    (T("2015-04-03 09:05"), T("2015-04-03 09:05"), T("2015-04-03 09:05"), "instant"),
    (T("2015-04-03 09:05", tz="Europe/London"), T("2015-04-03 09:05"), T("2015-04-03 09:05"),
     "instant"),
    (np.datetime64("2015-04-03"), T("2015-04-03"), day_end("2015-04-03"), "day"),
    (dt.date(2015, 4, 3), T("2015-04-03"), day_end("2015-04-03"), "day"),
    (42097, T("2015-04-03"), day_end("2015-04-03"), "day"),
    (42097.0, T("2015-04-03"), day_end("2015-04-03"), "day"),
    (np.int64(42097), T("2015-04-03"), day_end("2015-04-03"), "day"),
    (42097.6041666667, T("2015-04-03 14:30"), T("2015-04-03 14:30"), "instant"),
    (61, T("1900-03-01"), day_end("1900-03-01"), "day"),
    (1, T("1900-01-01"), day_end("1900-01-01"), "day"),
    (2015, T("2015-01-01"), day_end("2015-12-31"), "year"),
    (2015.0, T("2015-01-01"), day_end("2015-12-31"), "year"),
    ("2015", T("2015-01-01"), day_end("2015-12-31"), "year"),
    ("03/04/2015", T("2015-04-03"), day_end("2015-04-03"), "day"),
]


@pytest.mark.parametrize(("value", "earliest", "latest", "precision"), VALUES)
def test_parse_date_value(value, earliest, latest, precision):
    parsed = parse_date_value(value)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, r"^no date given$"),
        (float("nan"), r"^no date given$"),
        (np.nan, r"^no date given$"),
        (pd.NaT, r"^no date given$"),
        (pd.NA, r"^no date given$"),
        ("", r"^no date given$"),
        (True, r"yes/no value"),
        (np.bool_(False), r"yes/no value"),
        ("42000", UNREADABLE),  # text is never an Excel serial number
        (0, r"is a number that is not a date"),
        (-5, r"is a number that is not a date"),
        (0.5, r"is a number that is not a date"),
        (10_000_000, r"is a number that is not a date"),
        (float("inf"), r"is a number that is not a date"),
        (60, r"29 February 1900"),
        ([2015], r"it is a list"),
        (dt.time(14, 30), r"it is a time"),
    ],
)
def test_parse_date_value_errors(value, message):
    with pytest.raises(DateParseError, match=message):
        parse_date_value(value)


# --- times ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12:40", dt.time(12, 40)),
        ("1240", dt.time(12, 40)),
        ("940", dt.time(9, 40)),
        ("12.40", dt.time(12, 40)),
        ("4:10pm", dt.time(16, 10)),
        ("4.10 p.m.", dt.time(16, 10)),
        ("16:10:30", dt.time(16, 10, 30)),
        ("4pm", dt.time(16)),
        ("4 PM", dt.time(16)),
        ("12am", dt.time(0)),
        ("12pm", dt.time(12)),
        ("9am", dt.time(9)),
        ("1430hrs", dt.time(14, 30)),
        ("00:00", dt.time(0)),
        ("23:59:59.5", dt.time(23, 59, 59, 500000)),
        ("noon", dt.time(12)),
        ("Midnight", dt.time(0)),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", r"^'25:00' is not a real time: there is no hour 25\.$"),
        ("2400", r"there is no hour 24"),
        ("12:60", r"there is no minute 60"),
        ("12:30:75", r"there is no second 75"),
        ("13pm", r"there is no hour 13 on a 12-hour clock"),
        ("0am", r"there is no hour 0 on a 12-hour clock"),
        ("16", r"is not a time reviewkit can read\. Write it as, for example, 14:30"),
        ("morning", r"is not a time reviewkit can read"),
        ("", r"^no time given$"),
    ],
)
def test_parse_time_errors(text, message):
    with pytest.raises(DateParseError, match=message):
        parse_time(text)


def test_with_time_makes_an_instant():
    parsed = with_time(parse_date("03/04/2015"), dt.time(14, 30))
    assert parsed == ParsedDate(T("2015-04-03 14:30"), T("2015-04-03 14:30"), "instant",
                                "03/04/2015 14:30")  # fmt: skip
    with_seconds = with_time(parse_date("3 April 2015"), dt.time(9, 5, 7))
    assert with_seconds.earliest == T("2015-04-03 09:05:07")
    assert with_seconds.text == "3 April 2015 09:05:07"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("April 2015", "a month"),
        ("w/c 12/01/2015", "a week"),
        ("early 2015", "a part of year"),
        ("?03/04/2015", "an uncertain day"),
        ("03/04/2015 10:00", "an instant"),
    ],
)
def test_with_time_needs_an_exact_day(text, kind):
    with pytest.raises(DateParseError, match=rf"is not an exact day \(it is {kind}\).*"
                                             r"a time needs an exact day"):  # fmt: skip
        with_time(parse_date(text), dt.time(14, 30))


# --- parse_dates ---------------------------------------------------------------------------------


def test_parse_dates_columns_dtypes_and_index():
    cells = pd.Series(
        ["03/04/2015", None, "", "tbc", dt.datetime(2015, 4, 3, 14, 30), 42097, np.nan,
         "Summer 2016", "29/02/2015"],
        index=[10, 11, 12, 13, 14, 15, 16, 17, 18],
    )  # fmt: skip
    out = parse_dates(cells)
    assert list(out.columns) == ["date", "date_latest", "precision", "issue"]
    assert out.index.equals(cells.index)
    assert out["date"].dtype == "datetime64[ns]"
    assert out["date_latest"].dtype == "datetime64[ns]"
    assert out["precision"].dtype == pd.StringDtype()
    assert out["issue"].dtype == pd.StringDtype()
    assert out.loc[10, "date"] == T("2015-04-03")
    assert out.loc[10, "date_latest"] == day_end("2015-04-03")
    assert out.loc[14, "precision"] == "instant"
    assert out.loc[15, "precision"] == "day"
    assert out.loc[17, "precision"] == "season"
    for blank in (11, 12, 16):
        assert out.loc[blank, "issue"] == "no date given"
        assert pd.isna(out.loc[blank, "date"]) and pd.isna(out.loc[blank, "precision"])
    assert out.loc[13, "issue"].startswith("'tbc' is not a date reviewkit can read.")
    assert out.loc[18, "issue"] == "'29/02/2015' is not a real date: 2015 has no 29 February."
    assert out.loc[[10, 14, 15, 17], "issue"].isna().all()


def test_parse_dates_reads_each_distinct_value_once(monkeypatch):
    import reviewkit.interpret.dates as dates

    calls: list[object] = []
    real = dates.parse_date_value

    def counting(value: object) -> ParsedDate:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(dates, "parse_date_value", counting)
    cells = pd.Series(["03/04/2015", "tbc", "03/04/2015", "March 2015", "tbc", "03/04/2015"] * 50)
    out = dates.parse_dates(cells)
    assert sorted(map(str, calls)) == ["03/04/2015", "March 2015", "tbc"]
    assert (out["date"][cells == "03/04/2015"] == T("2015-04-03")).all()
    assert (out["precision"][cells == "March 2015"] == "month").all()
    assert out["issue"][cells == "tbc"].str.startswith("'tbc'").all()
    assert out["issue"][cells != "tbc"].isna().all()


def test_parse_dates_datetime_column_and_empty():
    stamps = pd.Series([T("2015-04-03"), pd.NaT, T("2015-04-03 10:00")])
    assert stamps.dtype.kind == "M"
    out = parse_dates(stamps)
    assert out["precision"].tolist() == ["day", pd.NA, "instant"]
    assert out["issue"].tolist() == [pd.NA, "no date given", pd.NA]
    empty = parse_dates(pd.Series([], dtype=object))
    assert empty.empty and list(empty.columns) == ["date", "date_latest", "precision", "issue"]
    assert empty["date"].dtype == "datetime64[ns]"


def test_parse_dates_accepts_string_dtype_and_lists():
    out = parse_dates(pd.Series(["8/99", pd.NA], dtype="string"))
    assert out["date"].iloc[0] == T("1999-08-01")
    assert out["issue"].iloc[1] == "no date given"
    assert parse_dates(["2015"])["precision"].iloc[0] == "year"  # type: ignore[arg-type]
