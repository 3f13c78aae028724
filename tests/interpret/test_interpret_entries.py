"""interpret_entries: dates, times, end and reported dates, agencies, event types, scores."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.entries import interpret_entries, join_issues
from reviewkit.interpret.vocabulary_file import load_vocabulary


@pytest.fixture(scope="module")
def settings():
    return {"vocabulary": load_vocabulary(), "agency_aliases": load_agency_aliases()}


def raw(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
    frame["source"] = "x.csv"
    frame["source_row"] = range(2, n + 2)
    frame["file_order"] = range(1, n + 1)
    frame["entry_key"] = [str(i) for i in range(2, n + 2)]
    return frame


def test_time_column_makes_a_day_an_instant_and_blank_time_keeps_the_day(settings):
    out = interpret_entries(
        raw(date=["09/02/2015", "10/02/2015", dt.datetime(2015, 2, 11)],
            time=["12:40", None, dt.time(9, 5)]),
        case_id="c", agency="School", **settings,
    )
    assert out["date"].tolist() == [pd.Timestamp("2015-02-09 12:40"), pd.Timestamp("2015-02-10"),
                                    pd.Timestamp("2015-02-11 09:05")]
    assert out["precision"].tolist() == ["instant", "day", "instant"]
    assert (out["date"] == out["date_latest"]).tolist() == [True, False, True]
    assert out["issues"].isna().all()


def test_time_with_a_vague_date_is_not_used_and_says_so(settings):
    out = interpret_entries(raw(date=["March 2015"], time=["10:00"]), case_id="c", agency="GP", **settings)
    assert out.loc[0, "precision"] == "month"
    assert "the time was not used" in out.loc[0, "issues"]


def test_unreadable_time_is_an_issue_not_an_error(settings):
    out = interpret_entries(raw(date=["09/02/2015"], time=["lunchtime"]), case_id="c", agency="GP", **settings)
    assert out.loc[0, "precision"] == "day"
    assert "the time 'lunchtime' could not be read" in out.loc[0, "issues"]


def test_excel_time_fraction_is_a_time(settings):
    out = interpret_entries(raw(date=["09/02/2015"], time=[0.5]), case_id="c", agency="GP", **settings)
    assert out.loc[0, "date"] == pd.Timestamp("2015-02-09 12:00")


def test_datetime_cells_keep_a_readable_date_text(settings):
    out = interpret_entries(
        raw(date=[dt.datetime(2016, 8, 10, 14, 45), dt.datetime(2016, 8, 11)]),
        case_id="c", agency="Probation", **settings,
    )
    assert out["date_text"].tolist() == ["10/08/2016 14:45", "11/08/2016"]


def test_end_and_reported_dates(settings):
    out = interpret_entries(
        raw(date=["25/06/2014", "05/06/2014", "01/01/2015"], end=["22/11/2016", "ongoing", "soon"],
            reported=[None, "05/06/2014 10:00", "never"]),
        case_id="c", agency="Police", **settings,
    )
    assert out.loc[0, "end"] == pd.Timestamp("2016-11-22")
    assert pd.isna(out.loc[1, "end"]) and pd.isna(out.loc[1, "issues"])  # ongoing: still open
    assert out.loc[1, "reported"] == pd.Timestamp("2014-06-05 10:00")
    assert "the end date 'soon'" in out.loc[2, "issues"]
    assert "the reported date 'never'" in out.loc[2, "issues"]


def test_unknown_agency_is_kept_and_flagged(settings):
    out = interpret_entries(
        raw(date=["01/01/2015", "02/01/2015"], agency=["Police", "Northshire Dog Wardens"]),
        case_id="c", agency=None, **settings,
    )
    assert out["agency_raw"].tolist() == ["Police", "Northshire Dog Wardens"]
    assert out.loc[0, "agency"] == "Police" and pd.isna(out.loc[0, "issues"])
    assert "agency 'Northshire Dog Wardens' is not in the agency alias table" in out.loc[1, "issues"]


def test_file_agency_wins_over_the_column_but_keeps_what_was_written(settings):
    out = interpret_entries(
        raw(date=["01/01/2015"], agency=["Community Midwife"]), case_id="c", agency="Midwifery",
        **settings,
    )
    assert out.loc[0, "agency"] == "Midwifery" and out.loc[0, "agency_raw"] == "Community Midwife"


def test_no_agency_at_all_is_an_issue(settings):
    out = interpret_entries(raw(date=["01/01/2015"]), case_id="c", agency=None, **settings)
    assert out.loc[0, "issues"] == "no agency given"


def test_entry_ids_summary_and_event_types(settings):
    out = interpret_entries(
        raw(date=["24/02/2015"], event=["RCPC"], details=["Police did not attend"]),
        case_id="child_d", agency="Children's Services", **settings,
    )
    assert out.loc[0, "entry_id"] == "child_d/x.csv:2"
    assert out.loc[0, "summary"] == "RCPC: Police did not attend"
    assert out.loc[0, "event_type"] == "rcpc"
    assert "rcpc" in out.loc[0, "tags"].split(";")


def test_file_wide_event_type_fills_only_entries_without_one(settings):
    out = interpret_entries(
        raw(date=["01/01/2015", "02/01/2015"], details=["Graded", "Core group"]),
        case_id="c", agency="Children's Services", event_type="gcp2_assessment", **settings,
    )
    assert out["event_type"].tolist() == ["gcp2_assessment", "core_group"]


def test_scores_that_are_not_numbers_are_issues(settings):
    out = interpret_entries(
        raw(date=["01/01/2015", "01/01/2015"], indicator=["Safety", "Love"], score=[3, "n/a"]),
        case_id="c", agency="Children's Services", **settings,
    )
    assert out.loc[0, "score"] == 3 and pd.isna(out.loc[1, "score"])
    assert "the score 'n/a' is not a number" in out.loc[1, "issues"]
    assert out.loc[0, "summary"] == "Safety: 3"


def test_no_rows_give_no_entries(settings):
    out = interpret_entries(raw(date=[]), case_id="c", agency="GP", **settings)
    assert out.empty and "entry_id" in out


def test_join_issues_skips_blanks():
    a = pd.Series(["x", None, None])
    b = pd.Series(["y", "z", None])
    assert join_issues([a, b], a.index).tolist() == ["x; y", "z", pd.NA]
