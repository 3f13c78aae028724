"""One finding per fact: one breach found by two packs, and repeats of one rule, are one finding each;
findings resting on the absence of a record are told apart from recorded late or missed actions."""

from __future__ import annotations

import pandas as pd
from chronology_factory import make_chronology

from reviewkit.check.engine import check, detect
from reviewkit.check.explain import explain, format_explanation
from reviewkit.review.changes import decide
from reviewkit.review.decisions import Decisions
from reviewkit.review.orphans import orphans

CS = "Children's Services"


def _conference(date: str, kind: str = "rcpc") -> dict:
    return {"date": date, "agency": CS, "event_type": kind, "subject": "Child A",
            "attendees": "Children's Services; School; Health Visiting"}


#: An ICPC and four reviews, never a plan circulated; a home visit a year on ends the chronology.
FIVE = [
    _conference("25/06/2014", "icpc"),
    {"date": "25/06/2014", "agency": CS, "event_type": "cp_plan_start", "subject": "Child A"},
    _conference("23/09/2014"), _conference("24/02/2015"), _conference("18/08/2015"), _conference("01/12/2015"),
    {"date": "01/06/2016", "agency": CS, "event_type": "home_visit", "subject": "Child A"},
]
LEARNING = "plan-circulated-to-core-group"
WALES = "wales-plan-circulated-within-5-working-days"


def _findings(rows=FIVE, **kwargs):
    return detect(make_chronology(rows), rules=["learning", "wales"], **kwargs)


def test_no_record_after_each_of_five_conferences_is_one_finding_with_five_occurrences():
    findings = _findings()
    (row,) = findings[findings["rule"] == LEARNING].itertuples()
    assert len(row.occurrences) == 5 and row.basis == "no record"
    assert row.summary.startswith("After the ICPC on 25 June 2014, there is no record that the child protection "
                                  "plan was circulated to the core group")
    assert row.summary.endswith("The same was found 4 more times: on 23 September 2014, 24 February 2015, "
                                "18 August 2015 and 1 December 2015.")
    assert [o.split(",")[0] for o in row.occurrences] == [
        "After the ICPC on 25 June 2014", "After the RCPC on 23 September 2014", "After the RCPC on 24 February 2015",
        "After the RCPC on 18 August 2015", "After the RCPC on 1 December 2015"]


def test_the_same_breach_in_two_packs_is_one_finding_citing_both():
    findings = _findings()
    assert WALES not in set(findings["rule"])
    (row,) = findings[findings["rule"] == LEARNING].itertuples()
    assert row.rules == (LEARNING, WALES)
    assert row.learning.count("(Source: ") == 2
    verdicts = check(make_chronology(FIVE), rules=["learning", "wales"])
    first = verdicts[(verdicts["rule"] == LEARNING) & (verdicts["start"] == pd.Timestamp("2014-06-25"))]
    assert row.finding_id == first["verdict_id"].iloc[0].replace("V-", "F-")  # the id of its first occurrence
    wales = verdicts.loc[verdicts["rule"] == WALES, "verdict_id"].str.replace("V-", "F-").tolist()
    assert set(wales) <= set(row.members) and len(row.members) == 6


def test_a_late_action_and_a_missing_record_are_told_apart():
    rows = FIVE[:3] + [{"date": "20/10/2014", "agency": CS, "event_type": "cp_plan_circulated",
                        "subject": "Child A"}] + FIVE[3:]
    findings = _findings(rows)
    mine = findings[findings["rule"] == LEARNING].set_index("basis")
    assert sorted(mine.index) == ["no record", "recorded"]
    # the one circulation answers the ICPC (late) and the first review (late); the others have none
    assert len(mine.loc["recorded", "occurrences"]) == 2 and len(mine.loc["no record", "occurrences"]) == 3
    assert "circulated on 20 October 2014" in mine.loc["recorded", "summary"]
    assert mine.loc["no record", "summary"].startswith("After the RCPC on 24 February 2015, there is no record")


def test_a_single_finding_keeps_its_own_id_and_summary():
    rows = [{"date": "14/10/2015", "agency": "Midwifery", "event_type": "birth", "subject": "Child D"},
            {"date": "01/06/2016", "event_type": "home_visit"}]
    verdicts = check(make_chronology(rows))
    (row,) = detect(make_chronology(rows)).itertuples()
    breached = verdicts[verdicts["verdict"] == "breached"].iloc[0]
    assert row.finding_id == breached["verdict_id"].replace("V-", "F-")
    assert row.summary == breached["summary"] and row.occurrences == (breached["summary"],)
    assert row.basis == "no record" and "no record of" in row.summary


def test_a_decision_on_any_occurrence_stays_with_the_group():
    findings = _findings()
    group = findings[findings["rule"] == LEARNING].iloc[0]
    later = [m for m in group["members"] if m != group["finding_id"]][2]
    decisions = decide(Decisions(), later, status="accepted", by="RK", note="seen at the panel")
    decided = _findings(decisions=decisions)
    row = decided[decided["finding_id"] == group["finding_id"]].iloc[0]
    assert row["status"] == "accepted" and row["note"] == "seen at the panel"
    assert orphans(decided).empty
    others = decided[decided["finding_id"] != group["finding_id"]]
    assert set(others["status"]) == {"open"}


def test_explain_and_its_text_show_the_basis_and_the_occurrences():
    chronology = make_chronology(FIVE)
    findings = _findings()
    table = explain(findings, chronology)
    assert "basis" in table.columns
    assert set(table["basis"]) == {"no record"}
    text = format_explanation(table)
    assert "[no record]" in text
    assert "    - After the RCPC on 1 December 2015" in text
