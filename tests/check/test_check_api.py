"""check/detect as a user calls them: packs, procedures, case folders, explain and the CLI."""

from __future__ import annotations

import pandas as pd
import pytest
from chronology_factory import make_chronology

import reviewkit
from reviewkit.check.engine import check, detect
from reviewkit.check.explain import explain, format_explanation
from reviewkit.check.verdicts import FINDING_COLUMNS, VERDICT_COLUMNS, VERDICTS
from reviewkit.cli import main
from reviewkit.exceptions import ReviewkitError
from reviewkit.load.schema import empty_chronology

BIRTH = {"date": "14/10/2015", "agency": "Midwifery", "event_type": "birth", "subject": "Child D"}


def test_public_api_is_exported():
    assert reviewkit.check.__wrapped__ is check and reviewkit.detect.__wrapped__ is detect
    assert reviewkit.explain is explain


def test_empty_chronology_gives_empty_frames_with_the_columns():
    assert check(empty_chronology()).columns.tolist() == VERDICT_COLUMNS
    assert detect(empty_chronology()).columns.tolist() == FINDING_COLUMNS


def test_default_is_the_learning_pack_and_verdicts_are_known_words():
    chronology = make_chronology([BIRTH, {"date": "01/06/2016", "event_type": "home_visit"}])
    verdicts = check(chronology)
    assert set(verdicts["verdict"]) <= set(VERDICTS)
    assert "postnatal-depression-screening-after-birth" in set(verdicts["rule"])


def test_a_met_rule_shows_in_check_but_not_in_detect():
    chronology = make_chronology([BIRTH, {"date": "20/11/2015", "agency": "Health Visiting",
                                          "event_type": "epds", "summary": "EPDS score 7"}])
    verdicts = check(chronology)
    row = verdicts[verdicts["rule"] == "postnatal-depression-screening-after-birth"]
    assert row["verdict"].tolist() == ["met"]
    assert "postnatal-depression-screening-after-birth" not in set(detect(chronology)["rule"])


def test_procedures_add_the_nations_pack():
    chronology = make_chronology([
        {"date": "05/06/2014 10:00", "agency": "Children's Services", "event_type": "strategy_discussion"},
        {"date": "25/06/2014 10:00", "agency": "Children's Services", "event_type": "icpc"},
    ])
    assert not any(check(chronology)["rule"].str.startswith("wales-"))
    wales = check(chronology, procedures="wales")
    icpc = wales[wales["rule"] == "wales-icpc-within-15-working-days"]
    assert icpc["verdict"].tolist() == ["met"]


def test_unknown_procedures_are_refused():
    with pytest.raises(ReviewkitError, match="procedures='scotland' is not known"):
        check(empty_chronology(), procedures="scotland")


def test_a_case_folder_brings_its_procedures(tmp_path):
    (tmp_path / "csc.csv").write_text(
        "Date,Event\n05/06/2014 10:00,Strategy discussion\n25/06/2014 10:00,Initial child protection conference\n"
    )
    (tmp_path / "case.toml").write_text(
        'case_id = "x"\nprocedures = "wales"\n[[files]]\npath = "csc.csv"\nagency = "Children\'s Services"\n'
    )
    assert any(check(tmp_path)["rule"].str.startswith("wales-"))


def test_sample_case_findings_and_met_rules():
    verdicts = check("sample_data/child_d")
    findings = reviewkit.detect("sample_data/child_d")
    assert set(findings["verdict"]) <= {"breached", "possibly breached"}
    assert findings["finding_id"].is_unique
    assert (verdicts["verdict"] == "met").any()
    for rule in (
        "b-witnessed-assault-reported-to-childrens-services",
        "b-witnessed-assault-reported-to-police",
        "c-strategy-meeting-after-separate-concerns",
        "d-police-at-review-conference-during-investigation",
        "home-alone-reported-immediately",
        "concern-about-carers-addressed",
        "postnatal-depression-screening-after-birth",
        "records-transferred-after-move",
        "plan-circulated-to-core-group",
        "stasis-in-neglect",
        "a-observations-not-only-alongside-concerns",
    ):
        assert rule in set(findings["rule"]), rule
    assert "drift-no-contact-during-plan" not in set(findings["rule"])


#: Every breach on the sample case (Wales procedures), per rule: the README's planted patterns
#: P1-P12, one per child for stasis and for observations, and nothing for its good practice.
#: ``detect`` reports them as fewer findings (one per fact, see test_findings_grouping.py).
SAMPLE_FINDINGS = {
    "c-strategy-meeting-after-separate-concerns": ["2014-04-18", "2015-01-26"],
    "injury-seen-is-referred": ["2014-05-12", "2014-10-03", "2014-11-17"],  # P12; not the bruise of G11
    "stasis-in-neglect": ["2014-06-12"] * 3,  # one per child (P11)
    "a-observations-not-only-alongside-concerns": ["2014-06-25"] * 3,
    "plan-circulated-to-core-group": ["2014-06-25", "2014-09-23", "2015-02-24", "2015-08-18", "2015-09-02",
                                      "2015-12-01", "2016-05-24", "2016-11-22"],
    "b-witnessed-assault-reported-to-childrens-services": ["2015-02-09"],
    "b-witnessed-assault-reported-to-police": ["2015-02-09"],
    "d-police-at-review-conference-during-investigation": ["2015-02-24"],
    "concern-about-carers-addressed": ["2015-03-21"],
    "records-transferred-after-move": ["2015-05-01", "2015-09-28", "2016-03-01"],
    "home-alone-reported-immediately": ["2015-07-14"],
    "formal-meeting-on-disputed-birth-plan": ["2015-09-23"],
    "postnatal-depression-screening-after-birth": ["2015-10-14"],
    "wales-plan-circulated-within-5-working-days": ["2014-06-25", "2015-09-02"],  # after each ICPC
}


def test_sample_case_gives_exactly_the_expected_findings():
    verdicts = check("sample_data/child_d")
    breached = verdicts[verdicts["verdict"].isin(["breached", "possibly breached"])]
    found = breached.groupby("rule")["start"].agg(lambda s: sorted(s.dt.strftime("%Y-%m-%d")))
    assert found.to_dict() == SAMPLE_FINDINGS
    findings = detect("sample_data/child_d")
    members = [m for group in findings["members"] for m in group]
    assert sorted(members) == sorted(breached["verdict_id"].str.replace("V-", "F-", n=1))  # each once
    assert not findings.duplicated(["rule", "basis"]).any()  # one finding per rule and basis
    assert sum(len(o) for o in findings["occurrences"]) == len(breached) - 2  # the Wales pack's two are the same facts
    circulated = findings[findings["rule"] == "plan-circulated-to-core-group"]
    assert sorted(circulated["basis"]) == ["no record", "recorded"]
    assert all("wales-plan-circulated-within-5-working-days" in rules for rules in circulated["rules"])
    verdicts = verdicts.set_index("start")
    bruise = verdicts[verdicts["rule"] == "injury-seen-is-referred"].loc[pd.Timestamp("2016-03-04 09:00")]
    assert bruise["verdict"] == "met"  # G11: referred at 10:15, written in the school's action taken


def test_the_witnessed_assault_finding_reads_as_a_sentence_for_a_report():
    findings = detect("sample_data/child_d")
    (summary,) = findings.loc[
        findings["rule"] == "b-witnessed-assault-reported-to-childrens-services", "summary"
    ]
    assert summary.startswith("School staff witnessed an assault on Child B at 12:40 on 9 February 2015")
    assert "16:10" in summary and "3 hours 30 minutes later" in summary


def test_explain_quotes_the_evidence_by_theme():
    chronology = reviewkit.read_chronology("sample_data/child_d")
    findings = detect(chronology, procedures="wales")
    table = explain(findings, chronology)
    assert len(table) == len(findings)
    assert table["theme"].is_monotonic_increasing
    kick = table[table["rule"] == "b-witnessed-assault-reported-to-police"].iloc[0]
    assert "School, 9 February 2015 (school.docx row 13)" in kick["evidence"]
    text = format_explanation(table)
    assert "== INFORMATION SHARING" in text and "> School, 9 February 2015" in text


def test_cli_findings_and_check_print_for_the_sample_case(capsys):
    assert main(["findings", "sample_data/child_d"]) == 0
    out = capsys.readouterr().out
    assert "== CHILD PROTECTION PROCESSES" in out and "12:40 on 9 February 2015" in out
    assert main(["check", "sample_data/child_d"]) == 0
    out = capsys.readouterr().out
    assert ": met (" in out and ": breached (" in out


def test_cli_reports_a_bad_rule_file_in_words(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rules]]\nid = "x"\nkind = "nope"\n')
    assert main(["check", "sample_data/child_d", "--rules", str(bad)]) == 2
    assert "kind 'nope' is not known" in capsys.readouterr().err


def test_many_cases_in_one_frame_give_per_case_verdicts():
    chronology = pd.concat(
        [make_chronology([BIRTH, {"date": "01/06/2016", "event_type": "home_visit"}], case_id=c)
         for c in ("a", "b")],
        ignore_index=True,
    )
    findings = detect(chronology)
    pnd = findings[findings["rule"] == "postnatal-depression-screening-after-birth"]
    assert sorted(pnd["case_id"]) == ["a", "b"]


@pytest.mark.parametrize("source", ["sample", "synth"])
def test_detect_gives_exactly_the_findings_of_check(source, sample_chronology):
    """detect words only its findings: the result must be the same as filtering check's verdicts."""
    from reviewkit.check.verdicts import findings_from
    from reviewkit.synth import synth_cases

    chronology = sample_chronology if source == "sample" else synth_cases(30, seed=3).chronology
    rules = ["learning", "wales"]
    expected = findings_from(check(chronology, rules=rules))
    found = detect(chronology, rules=rules)
    assert len(found) > 5
    pd.testing.assert_frame_equal(found, expected)


def test_a_chronology_loaded_from_its_folder_keeps_the_case_procedures(sample_chronology):
    assert sample_chronology.attrs["procedures"] == "wales"
    def cited(findings):
        return {rule for rules in findings["rules"] for rule in rules}

    assert "wales-plan-circulated-within-5-working-days" in cited(detect(sample_chronology))  # as from the folder
    assert "wales-plan-circulated-within-5-working-days" not in cited(
        detect(sample_chronology.assign(x=1).drop(columns="x").pipe(_without_attrs)))


def _without_attrs(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.attrs = {}
    return frame
