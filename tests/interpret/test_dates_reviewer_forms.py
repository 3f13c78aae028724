"""Dates as reviewers write them that 0.1 refused: open-ended dates, an unknown day, school
holidays and half terms, and ranges in one cell. Each is read as an interval (docs/dates.md)."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.exceptions import DateParseError
from reviewkit.interpret.dates import parse_date, parse_dates

T = pd.Timestamp
US = pd.Timedelta(microseconds=1)


def end(day: str) -> pd.Timestamp:
    """The last instant of ``day``."""
    return T(day) + pd.Timedelta(days=1) - US


# text as a reviewer wrote it, earliest, latest, precision
FORMS = [
    # open-ended: bounded by a year (OPEN_WINDOW) on the open side
    ("before 03/04/2015", T("2014-04-03"), end("2015-04-02"), "before"),
    ("Before 3rd April 2015", T("2014-04-03"), end("2015-04-02"), "before"),
    ("prior to 03/04/2015", T("2014-04-03"), end("2015-04-02"), "before"),
    ("before April 2015", T("2014-04-01"), end("2015-03-31"), "before"),
    ("pre-2015", T("2014-01-01"), end("2014-12-31"), "before"),
    ("by 03/04/2015", T("2014-04-03"), end("2015-04-03"), "before"),
    ("no later than 03/04/2015", T("2014-04-03"), end("2015-04-03"), "before"),
    ("before 03/04/2015 14:30", T("2014-04-03 14:30"), T("2015-04-03 14:30") - US, "before"),
    ("after 03/04/2015", T("2015-04-04"), end("2016-04-03"), "after"),
    ("After Summer 2016", T("2016-09-01"), end("2017-08-31"), "after"),
    ("following 03/04/2015", T("2015-04-04"), end("2016-04-03"), "after"),
    ("since March 2015", T("2015-03-01"), end("2016-03-31"), "after"),
    ("from 03/04/2015", T("2015-04-03"), end("2016-04-03"), "after"),
    ("post 2015", T("2016-01-01"), end("2016-12-31"), "after"),
    ("after Easter 2015", T("2015-04-07"), end("2016-04-06"), "after"),
    # day unknown: the month; day and month unknown: the year
    ("??/03/2015", T("2015-03-01"), end("2015-03-31"), "month"),
    ("?/03/2015", T("2015-03-01"), end("2015-03-31"), "month"),
    ("xx/03/2015", T("2015-03-01"), end("2015-03-31"), "month"),
    ("XX/3/15", T("2015-03-01"), end("2015-03-31"), "month"),
    ("--/03/2015", T("2015-03-01"), end("2015-03-31"), "month"),
    ("??.02.2016", T("2016-02-01"), end("2016-02-29"), "month"),
    ("??/??/2015", T("2015-01-01"), end("2015-12-31"), "year"),
    # Easter (Good Friday to Easter Monday) and the school Easter holidays (Easter Sunday 5 April 2015)
    ("Easter 2015", T("2015-04-03"), end("2015-04-06"), "holiday"),
    ("Easter weekend 2015", T("2015-04-03"), end("2015-04-06"), "holiday"),
    ("Easter holidays 2015", T("2015-03-28"), end("2015-04-12"), "school_holiday"),
    ("the Easter hols 2016", T("2016-03-19"), end("2016-04-03"), "school_holiday"),
    ("Easter school holiday 2015", T("2015-03-28"), end("2015-04-12"), "school_holiday"),
    ("Easter holidays 2015/16", T("2016-03-19"), end("2016-04-03"), "school_holiday"),
    # half terms (England and Wales, approximate: the weeks local authorities usually choose)
    ("October half term 2015", T("2015-10-24"), end("2015-11-08"), "school_holiday"),
    ("Oct half-term 2016", T("2016-10-22"), end("2016-11-06"), "school_holiday"),
    ("autumn half term 2015", T("2015-10-24"), end("2015-11-08"), "school_holiday"),
    ("half term October 2015", T("2015-10-24"), end("2015-11-08"), "school_holiday"),
    ("October half term 2015/16", T("2015-10-24"), end("2015-11-08"), "school_holiday"),
    ("February half term 2016", T("2016-02-13"), end("2016-02-28"), "school_holiday"),
    ("Feb half term 2015/16", T("2016-02-13"), end("2016-02-28"), "school_holiday"),
    ("spring half term 2015", T("2015-02-07"), end("2015-02-22"), "school_holiday"),
    ("May half term 2016", T("2016-05-28"), end("2016-06-05"), "school_holiday"),
    ("Whitsun half term 2015", T("2015-05-23"), end("2015-05-31"), "school_holiday"),
    # ranges in one cell
    ("12-14/03/2015", T("2015-03-12"), end("2015-03-14"), "range"),
    ("12 - 14/03/2015", T("2015-03-12"), end("2015-03-14"), "range"),
    ("28/02-03/03/2016", T("2016-02-28"), end("2016-03-03"), "range"),
    ("12/03/2015 - 14/03/2015", T("2015-03-12"), end("2015-03-14"), "range"),
    ("12/03/2015-14/03/2015", T("2015-03-12"), end("2015-03-14"), "range"),
    ("12/03/15 to 14/03/15", T("2015-03-12"), end("2015-03-14"), "range"),
    ("March\u2013May 2015", T("2015-03-01"), end("2015-05-31"), "range"),
    ("March - May 2015", T("2015-03-01"), end("2015-05-31"), "range"),
    ("Mar-May 2015", T("2015-03-01"), end("2015-05-31"), "range"),
    ("March to May 2015", T("2015-03-01"), end("2015-05-31"), "range"),
    ("between March and May 2015", T("2015-03-01"), end("2015-05-31"), "range"),
    ("from March to May 2015", T("2015-03-01"), end("2015-05-31"), "range"),
    ("12 March - 14 April 2015", T("2015-03-12"), end("2015-04-14"), "range"),
    ("November 2015 \u2013 February 2016", T("2015-11-01"), end("2016-02-29"), "range"),
    ("2014-2015", T("2014-01-01"), end("2015-12-31"), "range"),
    ("Spring-Summer 2016", T("2016-03-01"), end("2016-08-31"), "range"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), FORMS)
def test_reviewer_forms(text, earliest, latest, precision):
    parsed = parse_date(text)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)
    assert parsed.text == text.strip()


ERRORS = [
    ("Easter holidays", "'Easter holidays' does not say which year"),
    ("Easter", "'Easter' does not say which year"),
    ("half term", "'half term' does not say which half term"),
    ("half term 2015", "'half term 2015' does not say which half term"),
    ("Christmas half term 2015", "is not a date reviewkit can read"),
    ("Nov-Feb 2016", "'Nov-Feb 2016' ends before it starts"),
    ("14-12/03/2015", "'14-12/03/2015' ends before it starts"),
    ("12-32/03/2015", "'12-32/03/2015' is not a real date: March has only 31 days"),
    ("??/13/2015", "'??/13/2015' is not a real date: there is no month 13"),
    ("before before 2015", "is not a date reviewkit can read"),
    ("before", "is not a date reviewkit can read"),
    ("after tbc", "is not a date reviewkit can read"),
    ("October half term 2015 - Christmas 2015", "is not a date reviewkit can read"),
    ("Easter holidays 2015/17", "does not add up: the school year after 2015 is 2016"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_reviewer_form_errors(text, message):
    with pytest.raises(DateParseError, match=message.replace("?", r"\?").replace("(", r"\(")):
        parse_date(text)


def test_open_ended_dates_end_where_the_date_begins():
    before, day = parse_date("before 03/04/2015"), parse_date("03/04/2015")
    after = parse_date("after 03/04/2015")
    assert before.latest + US == day.earliest
    assert day.latest + US == after.earliest


def test_a_column_of_reviewer_dates_reads_each_text_once():
    cells = pd.Series(["??/03/2015", "Easter 2015", "half term", "??/03/2015", None])
    out = parse_dates(cells)
    assert out["precision"].tolist()[:2] == ["month", "holiday"]
    assert out["precision"].isna().tolist() == [False, False, True, False, True]
    assert out["issue"][2].startswith("'half term' does not say which half term")
    assert out.loc[0, "date"] == out.loc[3, "date"] == T("2015-03-01")
