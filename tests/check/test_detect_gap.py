"""The gap detector: the lead agency's contact stops for too long while a plan is open."""

from __future__ import annotations

import pandas as pd
from test_detect_stasis import child_d, chronology, learning_rules, plan  # noqa: F401 (fixture)

from reviewkit.check.engine import check, detect

RULE = """
[[rules]]
id = "drift"
kind = "gap"
title = "Contact continues during the plan"
theme = "child protection processes"
severity = "medium"
learning = "Drift."
source = "Test"
contacts = ["group:visit", "group:meeting"]
limit = "6 weeks"
while_open = "cp_plan"
{extra}
"""


def visit(date: str, **extra) -> dict:
    return {"date": date, "event_type": "home_visit", **extra}


def run(tmp_path, rows: list[dict], extra: str = "") -> pd.DataFrame:
    path = tmp_path / "rules.toml"
    path.write_text(RULE.format(extra=extra), encoding="utf-8")
    return check(chronology(rows), rules=path)


def test_a_long_gap_is_breached(tmp_path):
    rows = [plan(start="2015-02-20", end="2015-06-30"), visit("2015-03-03"), visit("2015-05-05"),
            visit("2015-06-10"), visit("2015-04-01", agency="Police")]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["breached"]
    found = verdicts.iloc[0]
    assert found["summary"] == (
        "There is no record of a visit or meeting by Children's Services for 9 weeks (3 March 2015 to 5 May 2015) "
        "while a child protection plan was open."
    )
    assert found["entries"] == ("c1/x.csv:2", "c1/x.csv:3", "c1/x.csv:4")
    assert found["delay_min"] == found["delay_max"] == pd.Timedelta(days=63)
    assert found["limit"] == "6 weeks" and found["count"] == 3


def test_regular_contacts_give_one_met_verdict(tmp_path):
    days = pd.date_range("2015-01-01", "2015-12-31", freq="28D").strftime("%Y-%m-%d")
    rows = [plan(start="2015-01-01", end="2015-12-31"), *[visit(d) for d in days]]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["met"]
    assert verdicts["summary"][0] == (
        "Children's Services recorded a visit or meeting at least every 6 weeks while a child protection plan "
        "was open (1 January 2015 to 31 December 2015; 14 contacts, the longest gap 28 days)."
    )
    assert detect(chronology(rows), rules=tmp_path / "rules.toml").empty


def test_gaps_at_the_start_and_end_of_the_plan(tmp_path):
    rows = [plan(start="2015-01-01", end=None), visit("2015-03-01"), {"date": "2015-06-01", "event_type": "referral"}]
    verdicts = run(tmp_path, rows).sort_values("start")
    assert verdicts["verdict"].tolist() == ["breached", "breached"]
    assert "(the start of the plan on 1 January 2015 to 1 March 2015)" in verdicts["summary"].iloc[0]
    assert "(1 March 2015 to the end of the chronology on 1 June 2015)" in verdicts["summary"].iloc[1]
    assert verdicts["entries"].iloc[0] == ("c1/x.csv:2", "c1/x.csv:3")


def test_siblings_plans_are_merged(tmp_path):
    rows = [plan("Child A", start="2015-01-01", end="2015-06-30"), plan("Child B", start="2015-01-01", end="2015-06-30"),
            plan("Child C", start="2015-05-01", end="2015-09-20"), visit("2015-02-01"), visit("2015-08-15")]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["breached"]
    assert "(1 February 2015 to 15 August 2015)" in verdicts["summary"][0]
    assert run(tmp_path, rows, extra='agency = "Police"')["verdict"].value_counts()["breached"] == 1


def test_vague_contact_is_possibly_breached(tmp_path):
    rows = [plan(start="2015-02-01", end="2015-04-30"), visit("2015-02-01"),
            visit("2015-03-01", date_latest="2015-03-31", precision="month", date_text="March 2015"),
            visit("2015-04-30")]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["possibly breached", "possibly breached"]
    assert "for 4 to 8 weeks (1 February 2015 to 'March 2015')" in verdicts["summary"][0]
    assert verdicts["delay_min"][0] == pd.Timedelta(days=28) and verdicts["delay_max"][0] == pd.Timedelta(days=58)


def test_cases_never_mix(tmp_path):
    rows = [plan(start="2015-01-01", end="2015-03-31", case_id="c1"), visit("2015-02-01", case_id="c1"),
            visit("2015-03-01", case_id="c1"), visit("2015-02-15", case_id="c2"),
            plan(start="2015-01-01", end="2015-03-31", case_id="c2")]
    verdicts = run(tmp_path, rows).set_index("case_id")
    assert verdicts.loc["c1", "verdict"] == "met"
    assert verdicts.loc["c2", "verdict"].tolist() == ["breached", "breached"]  # 45 and 44 days
    assert all(e.startswith("c2/") for entries in verdicts.loc["c2", "entries"] for e in entries)


def test_sample_case_has_no_drift(tmp_path, child_d):  # noqa: F811
    verdicts = check(child_d, rules=learning_rules(tmp_path, "gap"))
    assert verdicts["verdict"].tolist() == ["met"]
    assert "the longest gap 42 days" in verdicts["summary"][0]
    assert verdicts["start"][0] == pd.Timestamp("2014-06-25")
