"""Ages: case.toml [subjects] dates of birth and due dates, the ages column, anonymised copies."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def columnwise_age_text(subject: Subject, at: pd.Series) -> pd.Series:
    """The ages as the loader worked them out column by column before 0.2 (the reference)."""
    def number(values):
        return values.astype("Int64").astype("string")

    text = pd.Series(pd.NA, index=at.index, dtype="string")
    day = at.dt.normalize()
    if subject.born is not None:
        born = subject.born
        days = (day - born).dt.days.astype("Int64")
        months = ((day.dt.year - born.year) * 12 + (day.dt.month - born.month)
                  - (day.dt.day < born.day)).astype("Int64")
        forms = [(days < 28, number(days) + " d"), (days < 91, number(days // 7) + " w"),
                 (months < 12, number(months) + " m"),
                 (days >= 0, number(months // 12) + " y " + number(months % 12) + " m")]
        for applies, said in reversed(forms):
            text = text.mask((days >= 0).fillna(False) & applies.fillna(False), said)
    unborn = day < subject.born if subject.born is not None else pd.Series(True, index=at.index)
    if subject.due is not None:
        weeks = ((day - (subject.due - pd.Timedelta(days=280))).dt.days // 7).astype("Int64")
        pregnant = unborn & weeks.ge(0).fillna(False) & (day <= subject.due)
        text = text.mask(pregnant, "unborn, " + number(weeks) + " weeks")
    elif subject.born is not None:
        text = text.mask(unborn & (subject.born - day).dt.days.lt(280), "unborn")
    return text.where(at.notna())


BORN = pd.Timestamp("2015-03-31")
#: Days from a date of birth (or a due date) where the form of an age changes.
EDGES = [-281, -280, -279, -1, 0, 1, 27, 28, 90, 91, 364, 365, 366]
OFFSETS = st.integers(min_value=-700, max_value=1500)


@given(born=st.booleans(), due=st.one_of(st.none(), OFFSETS), at=st.lists(OFFSETS, max_size=20))
def test_ages_day_by_day_are_the_ages_column_by_column(born, due, at):
    subject = Subject("Child A", born=BORN if born else None,
                      due=None if due is None else BORN + pd.Timedelta(days=due))
    days = at + EDGES + ([due + edge for edge in EDGES] if due is not None else [])
    instants = pd.Series([BORN + pd.Timedelta(days=k, hours=13) for k in days] + [pd.NaT],
                         dtype="datetime64[ns]")
    pd.testing.assert_series_equal(age_text(subject, instants), columnwise_age_text(subject, instants))
