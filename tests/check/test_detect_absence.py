"""The absence detector: expected entries missing from a period, or recorded only alongside concerns."""

from __future__ import annotations

import pandas as pd
from test_detect_stasis import child_d, chronology, learning_rules, plan  # noqa: F401 (fixture)

from reviewkit.check.engine import check
from tests.sample_ids import sample_id

RULE = """
[[rules]]
id = "observe"
kind = "absence"
title = "Parenting is observed during the plan"
theme = "perceptions of parenting"
severity = "medium"
learning = "Observe parenting."
source = "Test"
period = "cp_plan"
expect = ["observation_of_parenting"]
{extra}
"""


def observation(date: str, subject: str | None = "Child A", **extra) -> dict:
    return {"date": date, "event_type": "home_visit", "tags": "home_visit;observation_of_parenting",
            "subject": subject, **extra}


def run(tmp_path, rows: list[dict], extra: str = "") -> pd.DataFrame:
    path = tmp_path / "rules.toml"
    path.write_text(RULE.format(extra=extra), encoding="utf-8")
    return check(chronology(rows), rules=path)


def test_no_observation_during_the_plan_is_breached(tmp_path):
    rows = [plan(), {"date": "2014-08-01", "event_type": "home_visit", "subject": "Child A"},
            observation("2017-01-05")]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["summary"][0] == (
        "During the child protection plan for Child A from 25 June 2014 (open until 22 November 2016), "
        "there is no record of an observation of parenting."
    )
    assert verdicts["entries"][0] == ("c1/x.csv:2",)
    assert verdicts["agency"][0] == "Children's Services" and verdicts["count"][0] == 0


def test_observations_recorded_is_met(tmp_path):
    rows = [plan(end=None), observation("2014-08-12"), observation("2015-01-10", subject=None),
            {"date": "2016-01-01", "event_type": "home_visit"}]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["met"]
    assert verdicts["summary"][0] == (
        "During the child protection plan for Child A from 25 June 2014 (still open when the chronology ends "
        "on 1 January 2016), 2 observations of parenting were recorded (12 August 2014, 10 January 2015)."
    )
    assert verdicts["entries"][0] == ("c1/x.csv:2", "c1/x.csv:3", "c1/x.csv:4")


def test_min_count_agency_and_subject(tmp_path):
    rows = [plan(), observation("2014-08-12", agency="School"), observation("2015-08-12", subject="Child B"),
            observation("2015-09-12", agency="Health Visiting")]
    assert run(tmp_path, rows)["verdict"].tolist() == ["met"]
    verdicts = run(tmp_path, rows, extra='min_count = 2\nagency = ["Health Visiting"]')
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["summary"][0].endswith(
        "only 1 observation of parenting was recorded by Health Visiting (12 September 2015) (at least 2 expected)."
    )
    assert verdicts["agency"][0] == "Health Visiting"


def test_observations_only_alongside_concerns_is_breached(tmp_path):
    rows = [plan(), observation("2014-08-12", concern="emotional"),
            observation("2015-02-01", tags="home_visit;observation_of_parenting;injury"),
            {"date": "2015-03-01", "event_type": "home_visit", "subject": "Child A"}]
    verdicts = run(tmp_path, rows, extra='only_with = ["group:concern"]')
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["summary"][0] == (
        "During the child protection plan for Child A from 25 June 2014 (open until 22 November 2016), "
        "both observations of parenting recorded were alongside concerns (12 August 2014, 1 February 2015)."
    )
    assert verdicts["entries"][0] == ("c1/x.csv:2", "c1/x.csv:3", "c1/x.csv:4")


def test_an_observation_without_concern_gives_no_finding(tmp_path):
    rows = [plan(), observation("2014-08-12", concern="emotional"), observation("2015-02-01")]
    verdicts = run(tmp_path, rows, extra='only_with = ["group:concern"]')
    assert verdicts["verdict"].tolist() == ["met"]
    assert verdicts["summary"][0].endswith("1 of the 2 observations of parenting recorded carried no concern.")
    none = run(tmp_path, [plan()], extra='only_with = ["group:concern"]')
    assert none["verdict"].tolist() == ["not applicable"]


def test_vague_dates_make_it_possible(tmp_path):
    summer = {"date": "2014-06-01", "date_latest": "2014-08-31", "precision": "season", "date_text": "Summer 2014"}
    verdicts = run(tmp_path, [plan(), observation(**summer)])
    assert verdicts["verdict"].tolist() == ["possibly breached"]
    assert "(Summer 2014)" not in verdicts["summary"][0] and "('Summer 2014')" in verdicts["summary"][0]
    biased = run(tmp_path, [plan(), observation("2014-08-12", concern="neglect"), observation(**summer)],
                 extra='only_with = ["group:concern"]')
    assert biased["verdict"].tolist() == ["possibly breached"]
    assert run(tmp_path, [plan(), observation(**{**summer, "date": "2014-07-01"})])["verdict"].tolist() == ["met"]


def test_cases_never_mix(tmp_path):
    rows = [plan(case_id="c1"), plan(case_id="c2"), observation("2015-01-01", case_id="c2")]
    verdicts = run(tmp_path, rows).set_index("case_id")
    assert verdicts.loc["c1", "verdict"] == "breached" and verdicts.loc["c2", "verdict"] == "met"
    assert verdicts.loc["c1", "entries"] == ("c1/x.csv:2",)


def test_sample_case_observations_only_alongside_concerns(tmp_path, child_d):  # noqa: F811
    verdicts = check(child_d, rules=learning_rules(tmp_path, "absence"))
    biased = verdicts[verdicts["rule"].eq("a-observations-not-only-alongside-concerns")]
    breached = biased[biased["verdict"].eq("breached")]
    assert len(breached) == 3  # Child A, B and C's plans (P10)
    assert breached["summary"].str.contains(r"observations of parenting recorded were alongside concerns").all()
    assert sample_id("childrens_services.xlsx#Chronology", 24) in breached["entries"].iloc[1]
    # the spurious 'confirmed on the CP register' probation entry is not a plan of its own
    assert not verdicts["trigger"].str.contains("probation").any()
