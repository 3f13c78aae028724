"""Reports written in an entry's action-taken text become entries linked to their row."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewkit
from reviewkit.interpret.actions import actions_in, is_action_entry
from reviewkit.publish.export import export_chronology


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DSL telephoned Children's Services at 10:30 (referral).", [("referral", "10:30", None)]),
        ("Reported to the Social Worker and police.", [("referral", None, None), ("police_report", None, None)]),
        ("Strategy discussion arranged for 09:30 tomorrow. Police informed.", [("police_report", None, None)]),
        ("Referred to MASH at 9.05", [("referral", "09:05", None)]),
        ("Called 999 at 21:10", [("police_report", "21:10", None)]),
        ("Emailed the duty team on 3rd March 2015", [("referral", None, "3rd march 2015")]),
    ],
)
def test_reports_are_read_with_their_time_and_day(text, expected):
    assert actions_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mother's explanation accepted; not reported.",
        "Police not contacted.",
        "Did not refer to Children's Services as Mother's account was accepted.",
        "No referral to children's services; advice given.",
        "Headteacher told at 14:30.",  # told, but not children's services or the police
        "Attendance meeting; referral to the Education Welfare Officer.",
        "Social worker visited.",  # no report verb
    ],
)
def test_no_report_is_read_where_none_was_made(text):
    assert actions_in(text) == []


@given(st.text(max_size=200))
def test_any_text_reads_without_error_and_only_known_types(text):
    for event_type, time, day in actions_in(text):
        assert event_type in {"referral", "police_report"}
        assert time is None or (len(time) == 5 and time[2] == ":")
        assert day is None or day in text.lower()


@given(st.sampled_from(["not", "never", "no"]), st.sampled_from(["police", "children's services"]))
def test_a_negated_clause_never_gives_a_report(negation, recipient):
    assert actions_in(f"{negation} report made to {recipient} at 10:00") == []


def _school_log(tmp_path):
    path = tmp_path / "school.csv"
    path.write_text(
        "Date,Time,Incident,Action taken\n"
        "04/03/2016,09:00,Bruise to Child B's forehead,DSL referred to the Social Worker at 10:15 the same morning.\n"
        "03/10/2014,08:55,Bruise to the left cheek,Mother's explanation accepted; not reported.\n"
        "09/02/2015,16:10,DSL reported the incident,Referral made to Children's Services. Police not contacted.\n",
        encoding="utf-8",
    )
    return reviewkit.read_chronology(path, agency="School")


def test_loading_adds_the_report_as_its_own_entry(tmp_path):
    chronology = _school_log(tmp_path)
    added = chronology[is_action_entry(chronology["entry_id"])]
    assert len(chronology) == 5 and added["source_row"].tolist() == [4, 2]
    assert added["date"].tolist() == [pd.Timestamp("2015-02-09 16:10"), pd.Timestamp("2016-03-04 10:15")]
    report = next(added[added["source_row"] == 2].itertuples())
    assert report.date == pd.Timestamp("2016-03-04 10:15") and report.precision == "instant"
    assert report.event_type == "referral" and report.agency == "School"
    row = chronology.set_index("entry_id").loc[report.responds_to]
    assert report.source_row == 2 and row["source_row"] == 2 and report.entry_id.startswith(report.responds_to)
    assert report.duplicate_group == row["duplicate_group"] and pd.notna(report.duplicate_group)


def test_a_timely_in_row_referral_meets_the_injury_rule(tmp_path):
    verdicts = reviewkit.check(_school_log(tmp_path), rules="learning")
    injury = verdicts[verdicts["rule"] == "injury-seen-is-referred"].set_index("start")
    assert injury.loc[pd.Timestamp("2016-03-04 09:00"), "verdict"] == "met"
    assert injury.loc[pd.Timestamp("2014-10-03 08:55"), "verdict"] == "breached"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_reads_back_to_the_same_entries(tmp_path, suffix):
    chronology = _school_log(tmp_path)
    back = reviewkit.read_chronology(export_chronology(chronology, tmp_path / f"out.{suffix}"))
    assert sorted(back["event_type"].astype(str)) == sorted(chronology["event_type"].astype(str))
    assert int(is_action_entry(back["entry_id"]).sum()) == 2
