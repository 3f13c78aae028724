"""A concern is an incident, counted once; follow-ups and responses are the events, not their mentions."""

from __future__ import annotations

import pytest
from chronology_factory import make_chronology

from reviewkit.check.engine import check, detect

CLUSTER = "c-strategy-meeting-after-separate-concerns"

SCRATCH = {"date": "26/01/2015 09:05", "agency": "School", "event_type": "injury", "subject": "Child A",
           "tags": "injury"}
SCHOOL_REFERRAL = {"date": "27/01/2015 10:00", "agency": "School", "event_type": "referral", "subject": "Child A",
                   "tags": "injury;referral"}
MEDICAL = {"date": "28/01/2015 14:00", "agency": "Hospital", "event_type": "child_protection_medical",
           "subject": "Child A", "tags": "child_protection_medical;injury;non_accidental_injury"}
KICK = {"date": "16/02/2015 12:40", "agency": "School", "event_type": "assault_witnessed", "subject": "Child B"}
KICK_REFERRAL = {"date": "16/02/2015 16:10", "agency": "School", "event_type": "referral", "subject": "Child B"}
LATER = {"date": "01/06/2015", "agency": "Health Visiting", "event_type": "home_visit"}


def _cluster(rows):
    found = detect(make_chronology(rows), rules="learning")
    return found[found["rule"] == CLUSTER]


def test_a_scratch_its_referral_its_medical_and_a_kick_with_its_referral_are_two_concerns():
    (row,) = _cluster([SCRATCH, SCHOOL_REFERRAL, MEDICAL, KICK, KICK_REFERRAL, LATER]).itertuples()
    assert row.count == 2
    assert row.summary.startswith("There were 2 separate concerns within 28 days (an injury recorded by School "
                                  "at 09:05 on 26 January 2015, with a referral")
    # each incident with all its records (the medical is no concern, but the referrals are records of them)
    assert {"c1/test.csv:2", "c1/test.csv:3", "c1/test.csv:5", "c1/test.csv:6"} <= set(row.entries)


def test_a_referral_across_agencies_belongs_to_the_incident_it_reports():
    csc = {"date": "27/01/2015", "agency": "Children's Services", "event_type": "referral", "subject": "Child A"}
    assert _cluster([SCRATCH, csc, LATER]).empty  # one incident, no cluster


def test_a_referral_names_the_incident_it_answers_with_responds_to():
    far = {"date": "20/02/2015", "agency": "Children's Services", "event_type": "referral",
           "subject": "Child A", "responds_to": "c1/test.csv:2"}
    assert _cluster([SCRATCH, far, LATER]).empty


def test_a_referral_about_another_child_is_its_own_concern():
    other = {"date": "27/01/2015", "agency": "School", "event_type": "referral", "subject": "Child C"}
    (row,) = _cluster([SCRATCH, other, LATER]).itertuples()
    assert row.count == 2


def test_a_second_injury_to_the_same_child_is_a_second_concern():
    burn = {"date": "27/01/2015", "agency": "Health Visiting", "event_type": "injury", "subject": "Child A"}
    (row,) = _cluster([SCRATCH, burn, LATER]).itertuples()
    assert row.count == 2


def test_a_strategy_discussion_about_another_child_is_not_the_follow_up():
    unborn = {"date": "18/02/2015", "agency": "Children's Services", "event_type": "strategy_discussion",
              "subject": "Child D"}
    (row,) = _cluster([SCRATCH, KICK, unborn, LATER]).itertuples()
    assert row.basis == "no record"
    assert "no record of a strategy discussion" in row.summary and "18 February" not in row.summary
    siblings = dict(unborn, subject="Child A; Child B")
    assert _cluster([SCRATCH, KICK, siblings, LATER]).empty


ICPC_RULE = "wales-icpc-within-15-working-days"
STRATEGY = {"date": "05/06/2014 10:00", "agency": "Children's Services", "event_type": "strategy_discussion",
            "subject": "Child A; Child B"}


@pytest.mark.parametrize("text", [
    "Letter to GP requesting information for the ICPC report",
    "GP report for the ICPC sent",
    "Information shared between agencies",
])
def test_a_mention_of_a_conference_is_no_conference(tmp_case, text):
    folder = tmp_case({"cs.csv": (
        "Date,Agency,Subject,Event\n"
        "05/06/2014,Children's Services,Child A,Strategy discussion\n"
        f"10/06/2014,Children's Services,Child A,{text}\n"
        "01/12/2014,Children's Services,Child A,Home visit\n")})
    verdicts = check(folder, procedures="wales")
    assert verdicts.loc[verdicts["rule"] == ICPC_RULE, "verdict"].tolist() == ["not applicable"]


def test_information_shared_is_no_review_conference(tmp_case):
    folder = tmp_case({"cs.csv": (
        "Date,Agency,Subject,Event\n"
        "25/06/2014,Children's Services,Child A,Child protection plan started\n"
        "23/09/2014,Children's Services,Child A,Review child protection conference\n"
        "20/01/2015,Children's Services,Child A,Information shared between agencies\n"
        "01/06/2015,Children's Services,Child A,Home visit\n")})
    verdicts = check(folder, procedures="wales")
    assert verdicts.loc[verdicts["rule"] == "wales-reviews-within-6-months", "verdict"].tolist() == ["breached"]


def test_a_follow_up_about_other_children_does_not_answer_a_conference():
    icpc = {"date": "02/09/2015", "agency": "Children's Services", "event_type": "icpc", "subject": "Child D"}
    plan = {"date": "02/09/2015", "agency": "Children's Services", "event_type": "cp_plan_start", "subject": "Child D"}
    siblings = {"date": "04/09/2015", "agency": "Children's Services", "event_type": "core_group",
                "subject": "Child A; Child B"}
    end = {"date": "01/03/2016", "agency": "Health Visiting", "event_type": "home_visit"}
    verdicts = check(make_chronology([icpc, plan, siblings, end]), rules="wales")
    core = verdicts[verdicts["rule"] == "wales-first-core-group-within-10-working-days"]
    assert core["verdict"].tolist() == ["breached"]


@pytest.mark.parametrize("event", ["s47_enquiry", "police_investigation_opened"])
def test_a_police_child_protection_investigation_opens_the_police_interval(event):
    rows = [
        {"date": "11/02/2015", "agency": "Police", "event_type": event, "subject": "Child A; Child B"},
        {"date": "24/02/2015", "agency": "Children's Services", "event_type": "rcpc",
         "attendees": "Children's Services; School; Health Visiting"},
        {"date": "30/06/2015", "agency": "Police", "event_type": "police_investigation_closed"},
        {"date": "18/08/2015", "agency": "Children's Services", "event_type": "rcpc",
         "attendees": "Children's Services; School; Health Visiting"},
    ]
    verdicts = check(make_chronology(rows), rules="learning")
    police = verdicts[verdicts["rule"] == "d-police-at-review-conference-during-investigation"]
    assert police["verdict"].tolist() == ["breached", "not applicable"]
    assert police["entries"].iloc[0] == ("c1/test.csv:3", "c1/test.csv:2")


def test_a_childrens_services_section_47_enquiry_is_no_police_investigation():
    rows = [
        {"date": "11/02/2015", "agency": "Children's Services", "event_type": "s47_enquiry"},
        {"date": "24/02/2015", "agency": "Children's Services", "event_type": "rcpc",
         "attendees": "Children's Services; School; Health Visiting"},
    ]
    verdicts = check(make_chronology(rows), rules="learning")
    police = verdicts[verdicts["rule"] == "d-police-at-review-conference-during-investigation"]
    assert police["verdict"].tolist() == ["not applicable"]
