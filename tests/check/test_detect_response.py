"""The response detector: late, missing, timely and vague-dated responses."""

from __future__ import annotations

import pandas as pd
import pytest
from chronology_factory import make_chronology

from reviewkit.check.engine import check, detect

RULE = """
[[rules]]
id = "assault-to-police"
kind = "response"
title = "Witnessed assaults are reported to the police immediately"
theme = "information sharing"
severity = "high"
trigger = ["assault_witnessed"]
response = ["police_report"]
within = "2 hours"
look_ahead = "28 days"
learning = "Staff who witness children being assaulted must immediately report it."
source = "Test"
{extra}
"""


@pytest.fixture
def rule_file(tmp_path):
    def write(extra: str = "") -> str:
        path = tmp_path / "rules.toml"
        path.write_text(RULE.format(extra=extra))
        return str(path)

    return write


ASSAULT = {"date": "09/02/2015 12:40", "agency": "School", "event_type": "assault_witnessed",
           "subject": "Child B", "summary": "Staff saw Mother kick Child B"}


def _report(date, **extra):
    return {"date": date, "agency": "School", "event_type": "police_report",
            "summary": "Reported to police", **extra}


def test_a_late_report_is_breached_with_its_delay_and_evidence(rule_file):
    chronology = make_chronology([ASSAULT, _report("09/02/2015 16:10")])
    (finding,) = detect(chronology, rules=rule_file()).itertuples()
    assert finding.rule == "assault-to-police" and finding.certainty == "certain"
    assert finding.delay_min == finding.delay_max == pd.Timedelta(hours=3, minutes=30)
    assert finding.entries == ("c1/test.csv:2", "c1/test.csv:3")
    assert finding.agency == "School" and finding.severity == "high"
    assert "at 12:40 on 9 February 2015" in finding.summary
    assert "3 hours 30 minutes later" in finding.summary
    assert finding.learning.endswith("(Source: Test)")


def test_a_timely_report_is_met_and_gives_no_finding(rule_file):
    chronology = make_chronology([ASSAULT, _report("09/02/2015 13:00")])
    verdicts = check(chronology, rules=rule_file())
    assert verdicts["verdict"].tolist() == ["met"]
    assert verdicts["link"].tolist() == ["inferred"]
    assert detect(chronology, rules=rule_file()).empty


def test_no_report_at_all_is_a_missing_response(rule_file):
    chronology = make_chronology([ASSAULT, {"date": "01/06/2015", "event_type": "home_visit"}])
    (finding,) = detect(chronology, rules=rule_file()).itertuples()
    assert pd.isna(finding.delay_min)
    assert finding.entries == ("c1/test.csv:2",)
    assert finding.summary == (
        "School recorded an assault on a child witnessed by a professional at 12:40 on "
        "9 February 2015 about Child B; there is no record of a report to police within 2 hours "
        "(the records run to 1 June 2015)."
    )
    assert finding.basis == "no record"


def test_a_missing_response_when_the_chronology_stops_too_soon_cannot_be_told(rule_file):
    verdicts = check(make_chronology([ASSAULT]), rules=rule_file())
    assert verdicts["verdict"].tolist() == ["cannot tell"]


def test_a_vague_report_date_gives_possibly_breached(rule_file):
    chronology = make_chronology([ASSAULT, _report("09/02/2015")])  # any time that day
    (finding,) = detect(chronology, rules=rule_file()).itertuples()
    assert finding.verdict == "possibly breached" and finding.certainty == "possible"
    assert finding.delay_min == pd.Timedelta(0)
    assert finding.delay_max == pd.Timedelta(hours=11, minutes=19, seconds=59, microseconds=999999)


def test_a_trigger_without_a_date_cannot_be_told(rule_file):
    chronology = make_chronology([ASSAULT, _report("10/02/2015")])
    chronology.loc[chronology["event_type"] == "assault_witnessed", ["date", "date_latest"]] = pd.NaT
    verdicts = check(chronology, rules=rule_file())
    assert verdicts["verdict"].tolist() == ["cannot tell"]


def test_an_explicit_link_wins_over_an_earlier_inferred_response(rule_file):
    chronology = make_chronology([
        ASSAULT,
        _report("09/02/2015 13:00", summary="Another matter reported"),
        _report("09/02/2015 18:00", responds_to="c1/test.csv:2"),
    ])
    verdicts = check(chronology, rules=rule_file())
    assert verdicts["link"].tolist() == ["explicit"]
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["entries"].iloc[0] == ("c1/test.csv:2", "c1/test.csv:4")


def test_records_of_one_incident_trigger_once(rule_file):
    chronology = make_chronology([
        {**ASSAULT, "duplicate_group": "g1"},
        {**ASSAULT, "date": "09/02/2015 16:10", "agency": "Children's Services", "duplicate_group": "g1"},
        _report("09/02/2015 13:00"),
    ])
    verdicts = check(chronology, rules=rule_file())
    assert len(verdicts) == 1 and verdicts["trigger"].iloc[0] == "c1/test.csv:2"


def test_cases_never_answer_each_other(rule_file):
    chronology = pd.concat([
        make_chronology([ASSAULT], case_id="a"),
        make_chronology([_report("09/02/2015 13:00"), {"date": "01/06/2015", "event_type": "home_visit"}], case_id="b"),
        make_chronology([ASSAULT, _report("09/02/2015 13:00")], case_id="c"),
    ], ignore_index=True)
    verdicts = check(chronology, rules=rule_file()).set_index("case_id")["verdict"]
    assert verdicts.to_dict() == {"a": "cannot tell", "c": "met"}


def test_same_agency_requires_the_trigger_agency_to_respond(rule_file):
    chronology = make_chronology([ASSAULT, _report("09/02/2015 13:00", agency="GP"),
                                  {"date": "01/06/2015", "event_type": "home_visit"}])
    assert check(chronology, rules=rule_file())["verdict"].tolist() == ["met"]
    assert check(chronology, rules=rule_file("same_agency = true"))["verdict"].tolist() == ["breached"]


def test_while_open_makes_triggers_outside_the_interval_not_applicable(rule_file):
    chronology = make_chronology([
        {"date": "01/01/2015", "event_type": "cp_plan_start", "end": "31/01/2015"},
        ASSAULT,
        {"date": "01/06/2015", "event_type": "home_visit"},
    ])
    verdicts = check(chronology, rules=rule_file('while_open = "cp_plan"'))
    assert verdicts["verdict"].tolist() == ["not applicable"]


def test_if_none_not_applicable_for_triggers_that_need_no_response(rule_file):
    chronology = make_chronology([ASSAULT, {"date": "01/06/2015", "event_type": "home_visit"}])
    verdicts = check(chronology, rules=rule_file('if_none = "not applicable"'))
    assert verdicts["verdict"].tolist() == ["not applicable"]


def test_distinct_within_counts_repeated_records_once(rule_file):
    later = {**ASSAULT, "date": "11/02/2015 09:00", "summary": "Discussed the kick of 9/2"}
    chronology = make_chronology([ASSAULT, later, {"date": "01/06/2015", "event_type": "home_visit"}])
    assert len(check(chronology, rules=rule_file())) == 2
    assert len(check(chronology, rules=rule_file('distinct_within = "7 days"'))) == 1


def test_finding_ids_are_stable_across_runs(rule_file):
    chronology = make_chronology([ASSAULT, _report("09/02/2015 16:10")])
    first = detect(chronology, rules=rule_file())["finding_id"].tolist()
    again = detect(chronology.sample(frac=1, random_state=1), rules=rule_file())["finding_id"].tolist()
    assert first == again and first[0].startswith("F-")
