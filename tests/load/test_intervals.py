"""pair_intervals: opened/closed entries become one interval; given ends are kept."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.load.intervals import pair_intervals


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (agency, event_type, subject, date[, end])."""
    records = []
    for number, row in enumerate(rows, start=2):
        agency, event, subject, date, *end = row
        records.append({
            "case_id": "c", "entry_id": f"c/x.csv:{number}", "agency": agency,
            "event_type": event, "subject": subject, "date": pd.Timestamp(date),
            "date_latest": pd.Timestamp(date) + pd.Timedelta(hours=23, minutes=59),
            "end": pd.Timestamp(end[0]) if end else pd.NaT, "end_latest": pd.NaT,
        })  # fmt: skip
    return pd.DataFrame(records)


def test_opened_and_closed_investigation_pair(vocabulary):
    out = pair_intervals(frame([
        ("Police", "police_investigation_opened", None, "2015-01-26"),
        ("Police", "police_investigation_closed", None, "2015-04-14"),
    ]), vocabulary)  # fmt: skip
    assert out.loc[0, "end"] == pd.Timestamp("2015-04-14")
    assert out.loc[0, "end_latest"] == pd.Timestamp("2015-04-14 23:59")
    assert pd.isna(out.loc[1, "end"])


def test_each_opening_takes_the_next_closing(vocabulary):
    out = pair_intervals(frame([
        ("Police", "police_investigation_opened", None, "2015-01-26"),
        ("Police", "police_investigation_closed", None, "2015-04-14"),
        ("Police", "police_investigation_opened", None, "2016-08-10"),
        ("Police", "police_investigation_closed", None, "2016-12-19"),
    ]), vocabulary)  # fmt: skip
    assert out["end"].tolist()[::2] == [pd.Timestamp("2015-04-14"), pd.Timestamp("2016-12-19")]


def test_subjects_keep_plans_apart(vocabulary):
    out = pair_intervals(frame([
        ("Children's Services", "cp_plan_start", "Child A", "2014-06-25"),
        ("Children's Services", "cp_plan_start", "Child C", "2014-06-25"),
        ("Children's Services", "cp_plan_end", "Child C", "2015-12-01"),
        ("Children's Services", "cp_plan_end", "Child A", "2016-11-22"),
    ]), vocabulary)  # fmt: skip
    assert out.loc[0, "end"] == pd.Timestamp("2016-11-22")
    assert out.loc[1, "end"] == pd.Timestamp("2015-12-01")


def test_other_agencies_closings_do_not_end_a_plan(vocabulary):
    out = pair_intervals(frame([
        ("Police", "police_investigation_opened", None, "2015-01-26"),
        ("Children's Services", "police_investigation_closed", None, "2015-02-01"),
    ]), vocabulary)  # fmt: skip
    assert pd.isna(out.loc[0, "end"])


def test_a_given_end_is_kept_and_an_unclosed_opening_stays_open(vocabulary):
    out = pair_intervals(frame([
        ("Children's Services", "cp_plan_start", "Child A", "2014-06-25", "2016-11-22"),
        ("Children's Services", "plo_start", None, "2015-01-15"),
        ("Children's Services", "cp_plan_end", "Child A", "2015-01-01"),
    ]), vocabulary)  # fmt: skip
    assert out.loc[0, "end"] == pd.Timestamp("2016-11-22")
    assert pd.isna(out.loc[1, "end"])


def test_a_closing_before_the_opening_is_not_used(vocabulary):
    out = pair_intervals(frame([
        ("Police", "police_investigation_closed", None, "2015-01-01"),
        ("Police", "police_investigation_opened", None, "2015-01-26"),
    ]), vocabulary)  # fmt: skip
    assert out["end"].isna().all()


def test_empty_chronology_passes_through(vocabulary):
    empty = frame([]).reindex(columns=["case_id", "entry_id", "agency", "event_type", "subject",
                                       "date", "date_latest", "end", "end_latest"])
    assert pair_intervals(empty, vocabulary).empty
