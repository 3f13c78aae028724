"""Ages: case.toml [subjects] dates of birth and due dates, the ages column, anonymised copies."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import reviewkit
from reviewkit.exceptions import DataQualityWarning, ManifestError
from reviewkit.load.ages import Subject, age_text, entry_ages, read_subjects
from reviewkit.load.manifest import read_manifest

T = pd.Timestamp


def test_age_forms_from_days_to_years():
    child = Subject("Child A", born=T("2012-08-03"))
    at = pd.Series(pd.to_datetime(["2012-08-03", "2012-08-30", "2012-08-31", "2012-11-01",
                                   "2012-11-02", "2013-08-02", "2013-08-03", "2014-12-10 14:30"], format="ISO8601"))
    assert age_text(child, at).tolist() == [
        "0 d", "27 d", "4 w", "12 w", "2 m", "11 m", "1 y 0 m", "2 y 4 m"]


def test_unborn_with_and_without_a_due_date():
    due = Subject("Child D", due=T("2015-10-25"))
    born_only = Subject("Child D", born=T("2015-10-20"))
    at = pd.Series(pd.to_datetime(["2014-12-01", "2015-01-18", "2015-09-01", "2015-10-26"]))
    assert age_text(due, at).tolist() == [pd.NA, "unborn, 0 weeks", "unborn, 32 weeks", pd.NA]
    assert age_text(born_only, at).tolist() == [pd.NA, "unborn", "unborn", "6 d"]


def test_entries_show_the_subjects_they_name_or_all_when_they_name_none():
    kids = (Subject("Child A", born=T("2012-08-03")), Subject("Child B", born=T("2010-01-15")))
    chron = pd.DataFrame({
        "subject": ["Child B", "child a; Child B", "Mother", None, "Child AB"],
        "date": pd.to_datetime(["2015-02-09"] * 4 + [None]),
        "date_latest": pd.to_datetime(["2015-02-09 23:59"] * 4 + [None]),
    })
    assert entry_ages(chron, kids).tolist() == [
        "Child B 5 y 0 m",
        "Child A 2 y 6 m; Child B 5 y 0 m",
        "Child A 2 y 6 m; Child B 5 y 0 m",
        "Child A 2 y 6 m; Child B 5 y 0 m",
        pd.NA,
    ]


def test_a_vague_date_gives_the_range_of_ages():
    kids = (Subject("Child A", born=T("2012-08-03")),)
    chron = pd.DataFrame({"subject": ["Child A"], "date": [T("2015-06-01")],
                          "date_latest": [T("2015-08-31 23:59")]})
    assert entry_ages(chron, kids).tolist() == ["Child A 2 y 9 m - 3 y 0 m"]


@pytest.mark.parametrize(("table", "message"), [
    ({"Child A": {"born": "tbc"}}, r'\[subjects\] "Child A": born = \'tbc\' is not a date of birth'),
    ({"Child A": {"born": "March 2012"}}, r"is not one exact day \(it is a month\)"),
    ({"Child A": "03/08/2012"}, r'give born = "03/08/2012" \(the date of birth\)'),
    ({"Child A": {"dob": "03/08/2012"}}, r"and/or due = \"25/10/2015\""),
    (["Child A"], r"\[subjects\] must be a table"),
])
def test_bad_subjects_say_what_would_be_valid(table, message):
    with pytest.raises(ManifestError, match=message):
        read_subjects(table, "case.toml")


def _case(tmp_case, manifest: str):
    folder = tmp_case({
        "gp.csv": "Date,Patient,Notes\n10/12/2014,Child A,Seen\n01/09/2015,Mother,Booking\n"
                  "05/01/2016,Child D,New birth visit\n",
    })
    (folder / "case.toml").write_text(
        'case_id = "family_x"\n' + manifest + '\n[[files]]\npath = "gp.csv"\nagency = "GP"\n',
        encoding="utf-8",
    )
    return folder


def test_a_case_folder_gives_every_entry_its_ages(tmp_case):
    folder = _case(tmp_case, '[subjects]\n"Child A" = { born = 2012-08-03 }\n'
                             '"Child D" = { born = "20/10/2015", due = "25/10/2015" }\n')
    assert [s.name for s in read_manifest(folder).subjects] == ["Child A", "Child D"]
    chron = reviewkit.read_chronology(folder)
    assert chron["ages"].tolist() == [
        "Child A 2 y 4 m",
        "Child A 3 y 0 m; Child D unborn, 32 weeks",
        "Child D 11 w",
    ]


def test_an_anonymised_copy_keeps_the_ages_and_holds_no_date_of_birth(tmp_case):
    folder = _case(tmp_case, '[subjects]\n"Child A" = { born = "03/08/2012" }\n')
    chron = reviewkit.read_chronology(folder)
    anon = reviewkit.anonymise(chron, names={"Child A": "the child"}, coarsen="month")
    assert anon.chronology["ages"].iloc[0] == "the child 2 y 4 m"
    text = anon.chronology.astype(str).to_csv() + repr(anon.chronology.attrs)
    assert "2012" not in text and "03/08" not in text


def test_the_sample_case_gives_ages(sample_chronology):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        ages = sample_chronology["ages"]
    assert ages.notna().mean() > 0.9
    assert ages.str.contains("unborn, ").any()
