"""A reviewer's own summary chronology of the seed's story (35 rows, one file, every agency):
each learning point is found once, with its occurrences, and no fact is reported twice.

The file, ``tests/data/reviewer/chronology.csv``, was written as a reviewer writes one (an
"Incident" where staff witnessed an assault, a police "joint child protection investigation",
a pre-birth strategy discussion about the unborn baby, a letter asking the GP for information
for the ICPC report) before the detectors were changed to read it right.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import reviewkit
from reviewkit.check.engine import check, detect
from reviewkit.check.explain import explain, format_explanation
from reviewkit.exceptions import DataQualityWarning

CHRONOLOGY = Path(__file__).resolve().parent.parent / "data" / "reviewer" / "chronology.csv"

#: rule -> (basis, how many times it happened): the learning the seed names, once each.
EXPECTED = {
    "a-observations-not-only-alongside-concerns": ("recorded", 1),
    "b-witnessed-assault-reported-to-childrens-services": ("recorded", 1),
    "b-witnessed-assault-reported-to-police": ("no record", 1),
    "c-strategy-meeting-after-separate-concerns": ("no record", 1),
    "d-police-at-review-conference-during-investigation": ("recorded", 1),
    "injury-seen-is-referred": ("no record", 1),
    "concern-about-carers-addressed": ("recorded", 1),
    "home-alone-reported-immediately": ("recorded", 1),
    "records-transferred-after-move": ("no record", 2),
    "plan-circulated-to-core-group": ("no record", 7),
    "formal-meeting-on-disputed-birth-plan": ("no record", 1),
    "postnatal-depression-screening-after-birth": ("no record", 1),
    "drift-no-contact-during-plan": ("no record", 7),
}


@pytest.fixture(scope="module")
def chronology():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return reviewkit.read_chronology(CHRONOLOGY, case_id="seed")


def rows(chronology, *numbers: int) -> list[str]:
    """The entry ids of the file's rows (numbered as a spreadsheet shows them, header = 1)."""
    by_row = chronology.set_index("source_row")["entry_id"]
    return [by_row[n] for n in numbers]


@pytest.fixture(scope="module")
def findings(chronology):
    return detect(chronology, procedures="wales")


def test_each_learning_point_is_found_once_with_its_occurrences(findings):
    assert findings["rule"].is_unique, findings["rule"].tolist()
    found = {row.rule: (row.basis, len(row.occurrences)) for row in findings.itertuples()}
    assert found == EXPECTED


def test_no_fact_is_reported_twice(findings):
    members = [m for group in findings["members"] for m in group]
    assert len(members) == len(set(members))
    assert findings["finding_id"].is_unique


def test_the_late_circulation_found_by_two_packs_is_one_finding_citing_both(findings):
    (row,) = findings[findings["rule"] == "plan-circulated-to-core-group"].itertuples()
    assert row.rules == ("plan-circulated-to-core-group", "wales-plan-circulated-within-5-working-days")
    assert "Learning brief" in row.learning and "Wales Safeguarding Procedures" in row.learning
    assert "wales-plan-circulated-within-5-working-days" not in set(findings["rule"])
    assert row.summary.startswith("After the ICPC on 25 June 2014, there is no record")
    assert "6 more times" in row.summary and "24 May 2016" in row.summary


def test_every_breach_check_finds_is_in_one_finding(chronology, findings):
    verdicts = check(chronology, procedures="wales")
    breached = verdicts[verdicts["verdict"].isin(["breached", "possibly breached"])]
    expected = set(breached["verdict_id"].str.replace("V-", "F-", n=1))
    assert {m for group in findings["members"] for m in group} == expected


def test_two_incidents_not_five_concerns(chronology, findings):
    (row,) = findings[findings["rule"] == "c-strategy-meeting-after-separate-concerns"].itertuples()
    assert row.count == 2
    assert row.summary.startswith("There were 2 separate concerns within 28 days")
    assert "12 August 2015" not in row.summary  # the pre-birth discussion about Child D is not its follow-up
    assert "no record of a strategy discussion" in row.summary
    # the scratch, its referral and its medical; the kick and its referral
    assert set(rows(chronology, 8, 9, 10, 11, 12)) <= set(row.entries)


def test_police_missed_the_review_during_their_joint_investigation(chronology, findings):
    (row,) = findings[findings["rule"] == "d-police-at-review-conference-during-investigation"].itertuples()
    assert row.start.strftime("%Y-%m-%d") == "2015-02-24"
    assert rows(chronology, 13)[0] in row.entries  # the police's joint child protection investigation


def test_mentions_of_a_conference_in_letters_meet_nothing(chronology):
    verdicts = check(chronology, procedures="wales").set_index("rule")
    icpc = verdicts.loc[["wales-icpc-within-15-working-days"]]
    assert icpc["verdict"].tolist() == ["met"]
    assert icpc["entries"].iloc[0] == tuple(rows(chronology, 24, 28))  # the conference itself, not the letter (row 26)


def test_the_findings_read_in_minutes(chronology, findings):
    text = format_explanation(explain(findings, chronology))
    assert text.count("no record") >= 8
    assert len(findings) == len(EXPECTED)


def test_the_report_shows_what_rests_on_no_record(chronology, findings, tmp_path):
    from reviewkit.publish.report import export_report

    html = export_report(chronology, findings, tmp_path / "report.html").read_text(encoding="utf-8")
    recorded = int((findings["basis"] == "recorded").sum())
    assert f"{recorded} findings rest on a late or missed action that is recorded; {len(findings) - recorded} " \
           "on no record of an expected action." in html
    assert html.count("no record of the expected action") == len(findings) - recorded
    assert "Each time:" in html and "Found by the rules:" in html
