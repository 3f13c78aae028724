"""The attendance detector: required agencies at meetings while a condition holds, and quorum."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from chronology_factory import make_chronology

from reviewkit.check.engine import check, detect
from reviewkit.check.rules import RuleError
from tests.sample_ids import sample_id

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_d"

RULE = """
[[rules]]
id = "{id}"
kind = "attendance"
title = "Police attend review conferences during their investigation"
theme = "child protection processes"
severity = "high"
meeting = ["rcpc"]
{fields}
learning = "Police should attend review child protection conference when there is an active investigation."
source = "Test"
"""
POLICE = 'required = ["Police"]\nwhile_open = "police_investigation"'
QUORUM = 'quorum = 3\nagency = "Children\'s Services"'


chronology = make_chronology


@pytest.fixture
def rules(tmp_path):
    def write(fields: str = POLICE, rule_id: str = "police-at-rcpc") -> str:
        path = tmp_path / f"{rule_id}.toml"
        path.write_text(RULE.format(id=rule_id, fields=fields))
        return str(path)

    return write


def investigation(date: str = "25/01/2015", end: str = "14/04/2015", **extra) -> dict:
    return {"date": date, "end": end, "agency": "Police", "event_type": "police_investigation_opened", **extra}


def rcpc(date: str = "24/02/2015 10:00", attendees: str | None = "Children's Services; School; HV; GP",
         **extra) -> dict:
    return {"date": date, "agency": "Children's Services", "event_type": "rcpc", "attendees": attendees, **extra}


def test_police_absent_during_their_investigation_is_breached(rules):
    (finding,) = detect(chronology([investigation(), rcpc()]), rules=rules()).itertuples()
    assert finding.kind == "attendance" and finding.certainty == "certain"
    assert finding.agency == "Police"
    assert finding.entries == ("c1/test.csv:3", "c1/test.csv:2")
    assert finding.summary == (
        "Police did not attend the review child protection conference on 24 February 2015 "
        "(attendees: Children's Services; School; HV; GP), although their investigation opened on "
        "25 January 2015 was still open."
    )


def test_police_present_is_met(rules):
    frame = chronology([investigation(), rcpc(attendees="Children's Services; Northshire Police; School")])
    verdicts = check(frame, rules=rules())
    assert verdicts["verdict"].tolist() == ["met"]
    assert verdicts["summary"].iloc[0].startswith("Police attended the review child protection conference on 24")
    assert detect(frame, rules=rules()).empty


def test_no_open_investigation_is_not_applicable(rules):
    frame = chronology([investigation(end="20/02/2015"), rcpc()])
    (verdict,) = check(frame, rules=rules()).itertuples()
    assert verdict.verdict == "not applicable"
    assert verdict.summary == ("Police did not need to attend the review child protection conference on "
                               "24 February 2015: no police investigation was open then.")
    assert detect(frame, rules=rules()).empty


def test_attendees_not_recorded_cannot_tell(rules):
    (verdict,) = check(chronology([investigation(), rcpc(attendees=None)]), rules=rules()).itertuples()
    assert verdict.verdict == "cannot tell" and "are not recorded" in verdict.summary


def test_an_investigation_that_may_have_closed_before_the_meeting_is_possibly_breached(rules):
    frame = chronology([investigation(end="March 2015"), rcpc(date="10/03/2015 10:00")])
    (finding,) = detect(frame, rules=rules()).itertuples()
    assert finding.verdict == "possibly breached" and finding.certainty == "possible"
    assert "may still have been open (the dates are vague)" in finding.summary


def test_an_investigation_opened_on_a_vague_date_may_not_have_been_open_yet(rules):
    frame = chronology([investigation(date="February 2015", end="30/06/2015"), rcpc()])
    (finding,) = detect(frame, rules=rules()).itertuples()
    assert finding.verdict == "possibly breached" and "opened 'February 2015'" in finding.summary


def test_records_of_one_meeting_by_several_agencies_give_one_verdict(rules):
    school = rcpc(attendees=None, agency="School")
    verdicts = check(chronology([investigation(), school, rcpc()]), rules=rules())
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["entries"].iloc[0] == ("c1/test.csv:4", "c1/test.csv:2")


def test_a_quorate_meeting_is_met_and_family_members_are_not_agencies(rules):
    frame = chronology([rcpc(attendees="Social Worker; School; Health Visitor; Mother")])
    (verdict,) = check(frame, rules=rules(QUORUM, "quorate")).itertuples()
    assert verdict.verdict == "met" and verdict.count == 3 and verdict.agency == "Children's Services"
    assert "was quorate: 3 agencies attended (Children's Services; School; Health Visiting)" in verdict.summary


def test_an_inquorate_meeting_is_breached(rules):
    frame = chronology([rcpc(attendees="Children's Services; School; Mother; Father")])
    (finding,) = detect(frame, rules=rules(QUORUM, "quorate")).itertuples()
    assert finding.count == 2
    assert finding.summary == ("The review child protection conference on 24 February 2015 was not quorate: "
                               "2 agencies attended (Children's Services; School), fewer than 3.")


def test_cases_never_mix(rules):
    frame = pd.concat([
        chronology([investigation(), rcpc()], case_id="c1"),
        chronology([rcpc()], case_id="c2"),
        chronology([investigation(), rcpc(attendees="CSC; Police")], case_id="c3"),
    ], ignore_index=True)
    verdicts = check(frame, rules=rules()).set_index("case_id")["verdict"].to_dict()
    assert verdicts == {"c1": "breached", "c2": "not applicable", "c3": "met"}


def test_a_rule_with_neither_required_nor_quorum_is_refused(rules):
    with pytest.raises(RuleError, match="needs 'required'"):
        check(chronology([rcpc()]), rules=rules(""))


def test_sample_case_review_conferences(rules):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        verdicts = check(str(SAMPLE), rules=rules())  # the case is Welsh: the wales pack comes too
    verdicts = verdicts[verdicts["rule"] == "police-at-rcpc"].set_index("start")
    february = verdicts.loc[pd.Timestamp("2015-02-24 10:00")]
    assert february["verdict"] == "breached"
    assert february["entries"] == (sample_id("childrens_services.xlsx#Chronology", 36), sample_id("police.csv", 7))
    assert verdicts.loc[pd.Timestamp("2016-11-22 10:00"), "verdict"] == "met"
    assert verdicts["verdict"].value_counts().to_dict() == {"not applicable": 4, "breached": 1, "met": 1}
    quorum = check(str(SAMPLE), rules=[]).query("rule == 'wales-conference-quorate'")
    dated = quorum[quorum["entries"].map(lambda e: e[0].startswith("child_d/childrens_services"))]
    assert set(dated["verdict"]) == {"met"} and len(dated) == 8  # every ICPC and RCPC listed attendees


def test_a_meeting_on_a_vague_date_around_the_investigations_close_stays_possibly_breached(rules):
    """A review 'March 2015', the investigation closed on 14 March: the police were needed only if
    the review came first, so the verdict stays possibly breached, never breached or not applicable."""
    frame = chronology([investigation(end="14/03/2015"), rcpc(date="March 2015")])
    (verdict,) = check(frame, rules=rules()).itertuples()
    assert verdict.verdict == "possibly breached" and verdict.certainty == "possible"
    assert "may still have been open (the dates are vague)" in verdict.summary
