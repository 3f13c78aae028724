"""The stasis detector: flat indicators on a plan, worsening, vague dates, many cases."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from reviewkit.check.engine import check
from reviewkit.load.schema import coerce_chronology

RULE = """
[[rules]]
id = "stasis"
kind = "stasis"
title = "Indicators change on a plan"
theme = "neglect"
severity = "high"
learning = "Stasis harms."
source = "Test"
limit = "12 months"
while_open = "cp_plan"
{extra}
"""


def chronology(rows: list[dict]) -> pd.DataFrame:
    """A chronology from a few rows: day dates unless a row gives its own range."""
    frame = pd.DataFrame(rows)
    frame["case_id"] = frame.get("case_id", pd.Series("c1", index=frame.index)).fillna("c1")
    frame["entry_id"] = frame["case_id"] + "/x.csv:" + pd.Series(range(2, len(frame) + 2), index=frame.index).astype(str)
    day = pd.to_datetime(frame["date"])
    latest = pd.to_datetime(frame["date_latest"]) if "date_latest" in frame else day
    frame["date"], frame["date_latest"] = day, latest.fillna(day) + pd.Timedelta("1D") - pd.Timedelta(1)
    frame["precision"] = frame.get("precision", pd.Series("day", index=frame.index)).fillna("day")
    frame["date_text"] = frame.get("date_text", pd.Series(None, index=frame.index, dtype="string")).fillna(
        day.dt.strftime("%d/%m/%Y").astype("string"))
    frame["tags"] = frame.get("tags", frame["event_type"]).fillna(frame["event_type"])
    frame["agency"] = frame.get("agency", pd.Series("Children's Services", index=frame.index)).fillna("Children's Services")
    for column in ("end", "end_latest"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    return coerce_chronology(frame)


def plan(subject: str = "Child A", start: str = "2014-06-25", end: str | None = "2016-11-22", **extra) -> dict:
    return {"date": start, "event_type": "cp_plan_start", "subject": subject, "concern": "neglect",
            "end": end, "end_latest": end, **extra}


def scores(subject: str, values: list[tuple[str, float]], indicator: str = "Physical care", **extra) -> list[dict]:
    return [{"date": d, "event_type": "gcp2_assessment", "subject": subject, "indicator": indicator,
             "score": s, **extra} for d, s in values]


def run(tmp_path, rows: list[dict], extra: str = "") -> pd.DataFrame:
    path = tmp_path / "rules.toml"
    path.write_text(RULE.format(extra=extra), encoding="utf-8")
    return check(chronology(rows) if isinstance(rows, list) else rows, rules=path)


def test_flat_series_on_plan_is_breached(tmp_path):
    rows = [plan(), *scores("Child A", [("2014-09-01", 4), ("2015-09-01", 4), ("2016-09-01", 4)])]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["breached"]
    found = verdicts.iloc[0]
    assert found["summary"] == (
        "Child A's Graded Care Profile 2 score for Physical care stayed at 4 for 24 months "
        "(1 September 2014 to 1 September 2016) while on a child protection plan."
    )
    assert found["entries"] == ("c1/x.csv:3", "c1/x.csv:4", "c1/x.csv:5")
    assert found["count"] == 3 and found["limit"] == "12 months"
    assert found["delay_min"] == found["delay_max"] == pd.Timedelta(days=731)
    assert found["agency"] == "Children's Services" and found["certainty"] == "certain"


def test_improving_series_is_met_and_no_finding(tmp_path):
    rows = [plan(), *scores("Child A", [("2014-09-01", 4), ("2015-03-01", 3), ("2015-09-01", 2), ("2016-06-01", 1)])]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["met"]
    assert "changed within 12 months" in verdicts["summary"][0]


def test_worsening_is_its_own_finding_not_stasis(tmp_path):
    rows = [plan(), *scores("Child A", [("2014-09-01", 3), ("2015-03-01", 4), ("2015-09-01", 5), ("2016-06-01", 5)])]
    verdicts = run(tmp_path, rows).set_index("verdict")
    assert sorted(verdicts.index) == ["breached", "met"]
    worse = verdicts.loc["breached"]
    assert worse["summary"] == (
        "Child A's Graded Care Profile 2 score for Physical care got worse while on a child protection plan: "
        "it rose from 3 (1 September 2014) to 4 (1 March 2015) (and rose again later)."
    )
    assert worse["entries"] == ("c1/x.csv:3", "c1/x.csv:4") and worse["count"] == 2
    quiet = run(tmp_path, rows, extra="worsening = false")
    assert quiet["verdict"].tolist() == ["met"]


def test_tolerance_keeps_small_changes_flat(tmp_path):
    rows = [plan(), *scores("Child A", [("2014-09-01", 4), ("2015-03-01", 3.5), ("2016-09-01", 4)])]
    assert sorted(run(tmp_path, rows)["verdict"]) == ["breached", "met"]  # 3.5 -> 4 is worse
    assert run(tmp_path, rows, extra="worsening = false")["verdict"].tolist() == ["met"]
    verdicts = run(tmp_path, rows, extra="tolerance = 0.5")
    assert verdicts["verdict"].tolist() == ["breached"]
    assert "stayed within 0.5 of 4 for 24 months" in verdicts["summary"][0]


def test_starting_score_before_the_plan_counts_from_the_plan_start(tmp_path):
    rows = [plan(), *scores("Child A", [("2014-06-12", 4), ("2015-06-12", 4), ("2015-09-01", 4)])]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["summary"][0] == (
        "Child A's Graded Care Profile 2 score for Physical care stayed at 4 for 14 months of the child "
        "protection plan begun on 25 June 2014 (from 12 June 2014, before the plan began, to 1 September 2015)."
    )
    assert verdicts["count"][0] == 3


def test_one_assessment_cannot_tell_and_off_plan_not_applicable(tmp_path):
    rows = [plan(end="2015-01-01"), *scores("Child A", [("2014-09-01", 4)]),
            *scores("Child A", [("2015-06-01", 4), ("2016-09-01", 4)], indicator="Safety")]
    verdicts = run(tmp_path, rows).set_index("verdict")
    assert sorted(verdicts.index) == ["cannot tell", "not applicable"]
    assert verdicts.loc["not applicable", "summary"] == (
        "Child A's Graded Care Profile 2 score for Safety was never assessed while a child protection plan was open."
    )
    assert "assessed only once" in verdicts.loc["cannot tell", "summary"]


def test_plan_for_another_child_does_not_apply(tmp_path):
    rows = [plan("Child A"), *scores("Child B", [("2014-09-01", 4), ("2016-09-01", 4)])]
    assert run(tmp_path, rows)["verdict"].tolist() == ["not applicable"]
    rows[0]["subject"] = None
    assert run(tmp_path, rows)["verdict"].tolist() == ["breached"]


def test_plan_concern_and_indicator_filters(tmp_path):
    rows = [plan(concern="physical"), *scores("Child A", [("2014-09-01", 4), ("2016-09-01", 4)])]
    assert run(tmp_path, rows, extra='plan_concern = "neglect"')["verdict"].tolist() == ["not applicable"]
    assert run(tmp_path, rows, extra='indicators = ["Safety"]').empty
    assert run(tmp_path, rows, extra='indicators = ["physical care"]')["verdict"].tolist() == ["breached"]


def test_vague_last_assessment_is_possibly_breached(tmp_path):
    rows = [plan(), *scores("Child A", [("2014-09-01", 4)]),
            *scores("Child A", [("2015-08-01", 4)], date_latest="2015-09-30", precision="part_of_year",
                    date_text="late Summer 2015")]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["possibly breached"]
    assert verdicts["certainty"][0] == "possible"
    assert "'late Summer 2015'" in verdicts["summary"][0]
    assert verdicts["delay_min"][0] < pd.Timedelta(days=365) < verdicts["delay_max"][0]


def test_cases_never_mix(tmp_path):
    rows = [plan(case_id="c1"), *scores("Child A", [("2014-09-01", 4), ("2016-09-01", 4)], case_id="c1"),
            *scores("Child A", [("2014-09-01", 4), ("2016-09-01", 4)], case_id="c2")]
    verdicts = run(tmp_path, rows).set_index("case_id")
    assert verdicts.loc["c1", "verdict"] == "breached"
    assert verdicts.loc["c2", "verdict"] == "not applicable"
    assert all(e.startswith("c2/") for e in verdicts.loc["c2", "entries"])


@pytest.fixture(scope="module")
def child_d() -> pd.DataFrame:
    from reviewkit.load.chronology import read_chronology

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chronology = read_chronology("sample_data/child_d")
    chronology.attrs = {}  # these tests check one rule file alone, without the case's Wales pack
    return chronology


def learning_rules(tmp_path, kind: str):
    from importlib import resources

    text = resources.files("reviewkit").joinpath("data/rules/learning.toml").read_text("utf-8")
    blocks = [b for b in text.split("[[rules]]")[1:] if re.search(rf'^kind = "{kind}"', b, re.M)]
    path = tmp_path / f"{kind}.toml"
    path.write_text("".join("[[rules]]" + b for b in blocks), encoding="utf-8")
    return path


def test_sample_case_stasis_of_the_older_siblings(tmp_path, child_d):
    verdicts = check(child_d, rules=learning_rules(tmp_path, "stasis"), procedures=None)
    assert verdicts["verdict"].tolist() == ["breached"] * 3  # one per child and plan, not per indicator
    by_child = verdicts.set_index(verdicts["summary"].str.split("'s").str[0])
    assert sorted(by_child.index) == ["Child A", "Child B", "Child C"]
    assert by_child.loc["Child A", "summary"] == (
        "Child A's Graded Care Profile 2 scores stayed the same for longer than 12 months while on a child "
        "protection plan: Esteem at 3, Love at 3, Physical care at 4 and Safety at 4 for 23 months (from "
        "12 June 2014, before the plan began, to 9 June 2016)."
    )
    assert by_child.loc["Child B", "summary"].endswith(
        "Love at 3, Physical care at 4 and Safety at 3 for 23 months (from 12 June 2014, before the plan began, "
        "to 9 June 2016); Esteem at 3 for 21 months (11 September 2014 to 9 June 2016)."
    )
    assert by_child.loc["Child C", "delay_max"] < by_child.loc["Child A", "delay_max"]
    assert by_child.loc["Child A", "count"] == 36  # 9 assessments of 4 areas
    assert all(e.startswith("child_d/gcp2_neglect.csv:") for entries in verdicts["entries"] for e in entries)


def test_several_indicators_of_one_child_give_one_verdict_worst_first(tmp_path):
    rows = [plan(), *scores("Child A", [("2014-09-01", 4), ("2016-09-01", 4)]),
            *scores("Child A", [("2014-09-01", 4), ("2015-03-01", 3), ("2016-09-01", 2)], indicator="Safety")]
    verdicts = run(tmp_path, rows)
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["summary"][0] == (  # only the flat indicator is named
        "Child A's Graded Care Profile 2 score for Physical care stayed at 4 for 24 months "
        "(1 September 2014 to 1 September 2016) while on a child protection plan.")
    assert verdicts["entries"][0] == ("c1/x.csv:3", "c1/x.csv:4")  # the flat series only
    improving = [plan(), *scores("Child A", [("2014-09-01", 4), ("2015-03-01", 3)]),
                 *scores("Child A", [("2014-09-01", 4), ("2015-06-01", 3)], indicator="Safety")]
    met = run(tmp_path, improving)
    assert met["verdict"].tolist() == ["met"]
    assert met["summary"][0].startswith("Child A's Graded Care Profile 2 scores all changed within 12 months")
    assert "the longest unchanged spell was" in met["summary"][0]
