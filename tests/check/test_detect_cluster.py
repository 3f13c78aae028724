"""The cluster detector: separate concerns close together, and the follow-up they call for."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from chronology_factory import make_chronology

from reviewkit.check.engine import check, detect
from tests.sample_ids import sample_id

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_d"

RULE = """
[[rules]]
id = "strategy-after-concerns"
kind = "cluster"
title = "A strategy meeting follows separate concerns close together"
theme = "child protection processes"
severity = "high"
concerns = ["group:concern"]
count = {count}
window = "{window}"
follow_up = ["strategy_discussion"]
within = "5 working days"
learning = "Strategy meetings should be considered when there are multiple separate issues."
source = "Test"
{extra}
"""


chronology = make_chronology


@pytest.fixture
def rules(tmp_path):
    def write(count: int = 2, window: str = "28 days", extra: str = "") -> str:
        path = tmp_path / "rules.toml"
        path.write_text(RULE.format(count=count, window=window, extra=extra))
        return str(path)

    return write


SCRATCH = {"date": "26/01/2015 09:05", "agency": "School", "event_type": "injury", "subject": "Child A"}
KICK = {"date": "09/02/2015 12:40", "agency": "School", "event_type": "assault_witnessed", "subject": "Child B"}
LATER = {"date": "01/04/2015", "agency": "Health Visiting", "event_type": "home_visit"}


def _strategy(date: str, **extra) -> dict:
    return {"date": date, "agency": "Children's Services", "event_type": "strategy_discussion", **extra}


def test_two_separate_concerns_without_a_strategy_discussion_are_breached(rules):
    (finding,) = detect(chronology([SCRATCH, KICK, LATER]), rules=rules()).itertuples()
    assert finding.kind == "cluster" and finding.certainty == "certain"
    assert finding.entries == ("c1/test.csv:2", "c1/test.csv:3")
    assert finding.agency == "Children's Services" and finding.count == 2
    assert finding.start == pd.Timestamp("2015-01-26 09:05")
    assert finding.summary == (
        "There were 2 separate concerns within 28 days (an injury recorded by School at 09:05 on "
        "26 January 2015; an assault on a child witnessed by a professional recorded by School at "
        "12:40 on 9 February 2015); there is no record of a strategy discussion or meeting within 5 working days."
    )


def test_a_strategy_discussion_in_time_meets_the_rule(rules):
    frame = chronology([SCRATCH, KICK, _strategy("11/02/2015 10:00"), LATER])
    verdicts = check(frame, rules=rules())
    assert verdicts["verdict"].tolist() == ["met"]
    assert verdicts["entries"].iloc[0] == ("c1/test.csv:2", "c1/test.csv:3", "c1/test.csv:4")
    assert "followed at 10:00 on 11 February 2015 (Children's Services), within 5 working days" in verdicts["summary"].iloc[0]
    assert detect(frame, rules=rules()).empty


def test_a_late_strategy_discussion_is_breached_with_its_delay(rules):
    frame = chronology([SCRATCH, KICK, _strategy("23/02/2015 10:00")])
    (finding,) = detect(frame, rules=rules()).itertuples()
    assert finding.delay_min == finding.delay_max == pd.Timedelta(days=13, hours=21, minutes=20)
    assert finding.entries[-1] == "c1/test.csv:4"
    assert "the next came at 10:00 on 23 February 2015 (Children's Services), 13 days after" in finding.summary


def test_records_of_one_incident_in_one_duplicate_group_are_one_concern(rules):
    referral = {"date": "26/01/2015 10:30", "agency": "Children's Services", "event_type": "referral",
                "duplicate_group": "d1"}
    frame = chronology([{**SCRATCH, "duplicate_group": "d1"}, referral, LATER])
    assert check(frame, rules=rules()).empty


def test_a_record_of_a_concern_is_not_its_own_follow_up(rules):
    referral = {"date": "09/02/2015 16:10", "agency": "Children's Services", "event_type": "referral",
                "tags": "referral;strategy_discussion", "duplicate_group": "d2"}
    frame = chronology([SCRATCH, {**KICK, "duplicate_group": "d2"}, referral, LATER])
    (finding,) = detect(frame, rules=rules()).itertuples()
    assert finding.entries == ("c1/test.csv:2", "c1/test.csv:3", "c1/test.csv:4")  # the kick, with its referral
    assert finding.count == 2 and finding.basis == "no record"


def test_concerns_further_apart_than_the_window_are_no_cluster(rules):
    far = {**KICK, "date": "24/02/2015 12:40"}
    assert check(chronology([SCRATCH, far, LATER]), rules=rules()).empty


def test_overlapping_windows_merge_into_one_cluster(rules):
    third = {"date": "01/03/2015", "agency": "Police", "event_type": "assault"}
    (verdict,) = check(chronology([SCRATCH, KICK, third, LATER]), rules=rules()).itertuples()
    assert verdict.count == 3 and verdict.trigger == "c1/test.csv:2"
    assert "3 separate concerns, 2 or more within 28 days of each other" in verdict.summary


def test_a_larger_count_needs_more_concerns(rules):
    assert check(chronology([SCRATCH, KICK, LATER]), rules=rules(count=3)).empty


def test_a_follow_up_in_time_for_some_readings_only_is_possibly_breached(rules):
    frame = chronology([SCRATCH, KICK, _strategy("w/c 16/02/2015"), LATER])
    (finding,) = detect(frame, rules=rules()).itertuples()
    assert finding.verdict == "possibly breached" and finding.certainty == "possible"
    assert "'w/c 16/02/2015'" in finding.summary and "may not have been kept" in finding.summary


def test_a_cluster_that_exists_only_for_some_readings_is_possibly_breached(rules):
    vague = {**SCRATCH, "date": "mid January 2015"}
    (finding,) = detect(chronology([vague, KICK, LATER]), rules=rules()).itertuples()
    assert finding.verdict == "possibly breached"
    assert finding.summary.startswith("There may have been 2 separate concerns within 28 days")
    assert "'mid January 2015'" in finding.summary


def test_a_chronology_ending_before_the_deadline_cannot_tell(rules):
    (verdict,) = check(chronology([SCRATCH, KICK]), rules=rules()).itertuples()
    assert verdict.verdict == "cannot tell" and "chronology ends on 9 February 2015" in verdict.summary


def test_only_concerns_while_the_interval_is_open_count(rules):
    plan = {"date": "01/02/2015", "end": "01/06/2015", "agency": "Children's Services",
            "event_type": "cp_plan_start"}
    extra = 'while_open = "cp_plan"'
    assert check(chronology([SCRATCH, KICK, plan, LATER]), rules=rules(extra=extra)).empty
    early_plan = {**plan, "date": "01/01/2015"}
    (verdict,) = check(chronology([SCRATCH, KICK, early_plan, LATER]), rules=rules(extra=extra)).itertuples()
    assert verdict.verdict == "breached"


def test_cases_never_mix(rules):
    frame = pd.concat([
        chronology([SCRATCH, LATER], case_id="c1"),
        chronology([KICK, _strategy("10/02/2015"), LATER], case_id="c2"),
    ], ignore_index=True)
    assert check(frame, rules=rules()).empty
    both = pd.concat([
        chronology([SCRATCH, KICK, LATER], case_id="c1"),
        chronology([SCRATCH, KICK, _strategy("10/02/2015"), LATER], case_id="c2"),
    ], ignore_index=True)
    verdicts = check(both, rules=rules()).set_index("case_id")
    assert verdicts.loc["c1", "verdict"] == "breached" and verdicts.loc["c2", "verdict"] == "met"
    assert all(e.startswith("c2/") for e in verdicts.loc["c2", "entries"])


def _sample(rules_path: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return check(str(SAMPLE), rules=rules_path)


def test_sample_case_early_2015_cluster_is_breached(rules):
    verdicts = _sample(rules())
    first, second = sample_id("school.docx", 11), sample_id("school.docx", 13)
    has = verdicts["entries"].map(lambda e: first in e and second in e)
    (verdict,) = verdicts[has].itertuples()
    assert verdict.verdict == "breached"
    assert "26 January 2015" in verdict.summary and "12:40 on 9 February 2015" in verdict.summary


def test_sample_case_summer_2016_fractures(rules):
    # 28/06/2016 (wrist, first recorded by Children's Services on 30/06) and the referral of
    # 10/08/2016 are 41 days apart: no cluster within 28 days, so no verdict about them.
    wrist = sample_id("childrens_services.xlsx#Chronology", 78)
    referral = sample_id("childrens_services.xlsx#Chronology", 82)
    verdicts = _sample(rules())
    assert not verdicts["entries"].map(lambda e: wrist in e or referral in e).any()
    # The wrist fracture reached the agencies as an ED attendance and letters (no record of it
    # is typed as a concern), so even over 8 weeks no cluster holds both fractures; the strategy
    # discussion the day after the femur referral is checked by the response rules.
    wide = _sample(rules(window="8 weeks"))
    assert not wide["entries"].map(lambda e: wrist in e and referral in e).any()


def test_a_working_day_window_leaves_out_bank_holidays(rules):
    """19 December 2014 to 5 January 2015 is 8 working days in England and Wales (Christmas Day,
    Boxing Day and New Year's Day are not working days): within a 10-working-day window."""
    first = {**SCRATCH, "date": "19/12/2014 09:05"}
    second = {**KICK, "date": "05/01/2015 12:40"}
    (finding,) = detect(chronology([first, second, LATER]), rules=rules(window="10 working days")).itertuples()
    assert finding.count == 2
    assert detect(chronology([first, {**second, "date": "08/01/2015 12:40"}, LATER]),
                  rules=rules(window="10 working days")).empty  # 11 working days on: outside it


def test_a_summary_names_five_concerns_and_two_other_records_of_each_then_counts(rules):
    days = ["02", "03", "04", "05", "06", "09", "10"]
    concerns = [{"date": f"{day}/02/2015", "agency": "School", "event_type": "injury", "duplicate_group": f"d{day}"}
                for day in days]
    reports = [{"date": "02/02/2015 16:00", "agency": agency, "event_type": "referral", "duplicate_group": "d02"}
               for agency in ("Police", "Children's Services", "Police")]
    reports += [{"date": f"03/02/2015 {hour}:00", "agency": "Police", "event_type": "referral",
                 "duplicate_group": "d03"} for hour in (16, 17)]
    (verdict,) = check(chronology(concerns + reports + [LATER]), rules=rules()).itertuples()
    assert verdict.count == 7
    listed = verdict.summary.split(" (", 1)[1].split("); there is", 1)[0]
    first, second, *rest = listed.split("; ")
    assert first.endswith("with 3 more records of it (by Police and Children's Services)")
    assert second.endswith(", with a referral to children's services by Police on 3 February 2015 and "
                           "a referral to children's services by Police on 3 February 2015")
    assert len(rest) == 4 and rest[-1] == "and 2 more" and "with" not in "".join(rest)
