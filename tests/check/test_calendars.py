"""Bank-holiday calendars: chosen apart from the procedures, in case.toml or calendar=; and two
behaviours that rest on dates: a cluster window in working days leaves out bank holidays, and
a meeting on a vague date against an investigation's closing date stays *possibly* breached."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from chronology_factory import make_chronology

from reviewkit.check.durations import CALENDARS
from reviewkit.check.engine import check, detect, plan_rules
from reviewkit.exceptions import DurationError, ManifestError
from reviewkit.load.chronology import read_chronology
from reviewkit.load.manifest import CALENDARS as MANIFEST_CALENDARS

ICPC_RULE = """
[[rules]]
id = "icpc-in-time"
kind = "response"
title = "ICPC within 15 working days of the strategy discussion"
theme = "child protection processes"
severity = "medium"
trigger = ["strategy_discussion"]
response = ["icpc"]
within = "15 working days"
learning = "ICPC within 15 working days."
source = "Test"
"""

# Strategy discussion on Monday 20 July 2015, ICPC on Tuesday 11 August: the 16th working day
# in England (no bank holiday between), the 15th in Scotland (Summer Bank Holiday, 3 August).
SUMMER = [
    {"date": "20/07/2015 10:00", "agency": "Children's Services", "event_type": "strategy_discussion"},
    {"date": "11/08/2015 10:00", "agency": "Children's Services", "event_type": "icpc"},
]


@pytest.fixture
def icpc_rule(tmp_path):
    path = tmp_path / "icpc.toml"
    path.write_text(ICPC_RULE)
    return str(path)


def _verdict(frame, rules, **options) -> str:
    verdicts = check(frame, rules=rules, **options)
    return verdicts.loc[verdicts["rule"].eq("icpc-in-time"), "verdict"].item()


def test_the_calendar_decides_which_days_are_working_days(icpc_rule):
    frame = make_chronology(SUMMER)
    assert _verdict(frame, icpc_rule) == "breached"  # England's, by default
    assert _verdict(frame, icpc_rule, calendar="england") == "breached"
    assert _verdict(frame, icpc_rule, calendar="scotland") == "met"
    assert _verdict(frame, icpc_rule, calendar="northern_ireland") == "breached"  # NI: 31 August


def test_the_calendar_is_chosen_apart_from_the_procedures():
    plan = plan_rules("learning", procedures="wales", calendar="Northern Ireland")
    assert plan.calendar == "northern_ireland"
    assert any(rule.pack == "wales" for rule in plan.rules)
    assert plan_rules("learning", procedures="wales").calendar == "wales"
    assert plan_rules().calendar == "england"
    with pytest.raises(DurationError, match="No bank-holiday calendar called 'eire'. Use one of: 'england'"):
        plan_rules(calendar="eire")


def test_case_toml_names_the_calendar(tmp_path, icpc_rule):
    folder = tmp_path / "case_s"
    folder.mkdir()
    (folder / "csc.csv").write_text(
        "Date,Event\n20/07/2015 10:00,Strategy discussion held\n11/08/2015 10:00,ICPC held\n")
    (folder / "case.toml").write_text(
        'case_id = "s1"\nprocedures = "england"\ncalendar = "scotland"\n'
        '[[files]]\npath = "csc.csv"\nagency = "Children\'s Services"\n')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chronology = read_chronology(folder)
        assert chronology.attrs["calendar"] == "scotland"
        assert _verdict(chronology, icpc_rule) == "met"
        assert _verdict(folder, icpc_rule) == "met"
        assert _verdict(chronology, icpc_rule, calendar="england") == "breached"  # calendar= wins


def test_an_unknown_calendar_in_case_toml_names_the_valid_ones(tmp_path):
    (tmp_path / "case.toml").write_text('calendar = "ireland"\n')
    with pytest.raises(ManifestError, match=r"calendar = 'ireland' is not a bank-holiday calendar .*"
                                            r"'england', 'wales', 'scotland', 'northern_ireland'"):
        read_chronology(tmp_path)


def test_case_toml_and_the_durations_know_the_same_calendars():
    assert set(MANIFEST_CALENDARS) == set(CALENDARS)


# -- a cluster window in working days leaves out bank holidays ---------------------------------

CLUSTER_RULE = """
[[rules]]
id = "strategy-after-concerns"
kind = "cluster"
title = "A strategy meeting follows separate concerns close together"
theme = "child protection processes"
severity = "high"
concerns = ["group:concern"]
count = 2
window = "3 working days"
follow_up = ["strategy_discussion"]
within = "5 working days"
learning = "Strategy meetings should be considered when there are multiple separate issues."
source = "Test"
"""


def test_a_working_day_cluster_window_leaves_out_bank_holidays(tmp_path):
    # Wednesday 23 and Wednesday 30 December 2015: five weekdays apart, but Christmas Day and
    # Boxing Day (observed on Monday 28th) are bank holidays, so the second is 3 working days on.
    frame = make_chronology([
        {"date": "23/12/2015 09:00", "agency": "School", "event_type": "injury", "subject": "Child A",
         "summary": "Bruise to Child A's cheek"},
        {"date": "30/12/2015 15:00", "agency": "Health Visiting", "event_type": "injury",
         "subject": "Child B", "summary": "Burn to Child B's hand from an iron"},
        {"date": "01/03/2016", "agency": "Health Visiting", "event_type": "home_visit"},
    ])

    def clusters(window: str):
        rules = tmp_path / "cluster.toml"
        rules.write_text(CLUSTER_RULE.replace("3 working days", window))
        return detect(frame, rules=str(rules))

    (finding,) = clusters("3 working days").itertuples()
    assert finding.kind == "cluster" and finding.count == 2 and finding.verdict == "breached"
    assert finding.entries == ("c1/test.csv:2", "c1/test.csv:3")
    assert "within 3 working days" in finding.summary
    assert clusters("2 working days").empty  # the holidays are left out, not counted twice
    assert clusters("6 days").empty  # seven calendar days apart


# -- a meeting on a vague date against an investigation's closing date ---------------------------

ATTENDANCE_RULE = """
[[rules]]
id = "police-at-rcpc"
kind = "attendance"
title = "Police attend review conferences during their investigation"
theme = "child protection processes"
severity = "high"
meeting = ["rcpc"]
required = ["Police"]
while_open = "police_investigation"
learning = "Police should attend review child protection conference when there is an active investigation."
source = "Test"
"""


def test_a_meeting_on_a_vague_date_near_the_investigations_close_is_possibly_breached(tmp_path):
    rules = tmp_path / "attendance.toml"
    rules.write_text(ATTENDANCE_RULE)
    frame = make_chronology([
        {"date": "25/01/2015", "end": "14/02/2015", "agency": "Police",
         "event_type": "police_investigation_opened"},
        {"date": "February 2015", "agency": "Children's Services", "event_type": "rcpc",
         "attendees": "Children's Services; School; HV; GP"},
    ])
    (finding,) = detect(frame, rules=str(rules)).itertuples()
    assert finding.verdict == "possibly breached" and finding.certainty == "possible"
    # a meeting known to be after the close needed no police; one known to be before did
    after = frame.copy()
    after.loc[after["event_type"].eq("rcpc"), ["date", "date_latest"]] = [
        pd.Timestamp("2015-02-20 10:00")] * 2
    assert check(after, rules=str(rules))["verdict"].tolist() == ["not applicable"]
    before = frame.copy()
    before.loc[before["event_type"].eq("rcpc"), ["date", "date_latest"]] = [
        pd.Timestamp("2015-02-10 10:00")] * 2
    assert detect(before, rules=str(rules))["verdict"].tolist() == ["breached"]


def test_case_toml_reads_a_calendar_written_in_words(tmp_path):
    (tmp_path / "csc.csv").write_text("Date,Event\n20/07/2015,Strategy discussion held\n")
    (tmp_path / "case.toml").write_text('calendar = "Northern Ireland"\n[[files]]\npath = "csc.csv"\n')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert read_chronology(tmp_path).attrs["calendar"] == "northern_ireland"
