"""A DataFrame that is not (quite) a chronology gets a message naming what is missing (issue 15).

``check(DataFrame)`` raised a bare ``KeyError: 'case_id'``, and ``read_chronology(DataFrame)``
pandera's raw JSON.
"""

from __future__ import annotations

import pandas as pd
import pytest

import reviewkit
from reviewkit.exceptions import LoadError

DAY = pd.to_datetime(["2015-01-02"])


@pytest.mark.parametrize("run", [reviewkit.check, reviewkit.detect])
def test_check_of_a_frame_without_the_chronology_columns_names_them(run):
    frame = pd.DataFrame({"Date": ["03/04/2015"], "Notes": ["Seen"]})
    with pytest.raises(LoadError, match=r"The DataFrame is not a chronology: it has no column 'case_id', "
                                        r"'entry_id', 'date' or 'date_latest' \(its columns are 'Date', "
                                        r"'Notes'\)\. Load an agency's table first"):
        run(frame)


def test_check_of_a_frame_without_some_other_columns_adds_them_empty(chron):
    fewer = chron.drop(columns=["extra", "issues", "practitioner"])
    assert reviewkit.check(fewer)["verdict"].tolist() == reviewkit.check(chron)["verdict"].tolist()


@pytest.mark.parametrize(("frame", "expected"), [
    (pd.DataFrame({"case_id": ["c"], "entry_id": ["a"], "date": DAY + pd.Timedelta(days=1), "date_latest": DAY}),
     r"The chronology: 1 problem with the chronology's columns: row 1: date_latest is before date"),
    (pd.DataFrame({"case_id": ["c"], "entry_id": ["a"], "date": DAY, "date_latest": DAY, "concern": ["bad"]}),
     r"row 1, column 'concern': 'bad' is not one of: neglect, physical"),
    (pd.DataFrame({"entry_id": ["a", "b"], "date": ["2015-01-02", "soon"], "date_latest": [None, None]}),
     r"The chronology's column 'date' holds 'soon' \(row 2\), which is not a date and time"),
    (pd.DataFrame({"entry_id": ["a"], "date": DAY, "date_latest": DAY, "sequence": ["first"]}),
     r"The chronology's column 'sequence' holds 'first' \(row 1\), which is not a whole number"),
])
def test_read_chronology_of_a_bad_chronology_frame_is_a_sentence(frame, expected):
    with pytest.raises(LoadError, match=expected) as caught:
        reviewkit.read_chronology(frame)
    assert "{" not in str(caught.value)  # no raw JSON


def test_a_chronology_frame_without_a_case_id_takes_the_one_given():
    frame = pd.DataFrame({"entry_id": ["a"], "date": DAY, "date_latest": DAY})
    assert reviewkit.read_chronology(frame, case_id="family_x")["case_id"].tolist() == ["family_x"]
