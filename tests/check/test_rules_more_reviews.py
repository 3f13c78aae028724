"""The national pack's rules from more reviews, read from what practitioners write: a child removed
from a GP list, and a move the family reports that no agency checks with the new area."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from reviewkit import DataQualityWarning, read_chronology
from reviewkit.check.engine import check, plan_rules

NEW_RULES = ("was-not-brought-repeatedly-followed-up", "gp-removal-followed-up", "claimed-move-confirmed",
             "child-seen-while-on-a-plan", "child-seen-while-in-need")


def verdicts(tmp_path, rule: str, rows: list[tuple[str, str, str]], agency: str = "Children's Services") -> pd.DataFrame:
    """Check a one-agency CSV of (date, subject, details) rows against the national pack."""
    path = tmp_path / "agency.csv"
    pd.DataFrame(rows, columns=["Date", "Subject", "Details"]).to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = read_chronology(path, agency=agency)
    found = check(chronology, rules="national")
    return found[found["rule"] == rule].reset_index(drop=True)


def test_every_new_rule_cites_a_source_and_marks_its_local_choices():
    rules = {rule.id: rule for rule in plan_rules("national").rules}
    assert sorted(rules) == sorted(NEW_RULES)
    for rule_id in NEW_RULES:
        rule = rules[rule_id]
        assert rule.pack == "national" and len(rule.source) > 40 and rule.local, rule_id
    assert "Was not brought" in rules["was-not-brought-repeatedly-followed-up"].source
    assert "Arthur Labinjo-Hughes and Star Hobson" in rules["child-seen-while-on-a-plan"].source
    assert "Working Together to Safeguard Children" in rules["claimed-move-confirmed"].source


END = ("01/07/2016", "Child D", "Core group meeting")  # carries the chronology past every deadline


def test_a_removal_from_a_gp_list_with_no_follow_up_is_breached(tmp_path):
    found = verdicts(tmp_path, "gp-removal-followed-up",
                     [("01/03/2016", "Child D", "Removed from the practice list after repeated DNAs"), END], agency="GP")
    assert found["verdict"].tolist() == ["breached"]
    assert found["summary"][0] == (
        "GP recorded a removal from a GP list on 1 March 2016 about Child D; there is no record that anyone followed "
        "it up (information shared with the health visitor, school nurse or social worker, a referral, or a check "
        "of where the child is registered now) (the records run to 1 July 2016).")


def test_a_removal_followed_up_in_time_is_met(tmp_path):
    rows = [("01/03/2016", "Child D", "Child deregistered from the GP practice"),
            ("03/03/2016", "Child D", "Information shared with the health visitor about the removal"), END]
    assert verdicts(tmp_path, "gp-removal-followed-up", rows, agency="GP")["verdict"].tolist() == ["met"]


def test_a_child_protection_deregistration_is_not_a_gp_removal(tmp_path):
    rows = [("01/03/2016", "Child D", "Child de-registered: child protection plan ended"), END]
    assert verdicts(tmp_path, "gp-removal-followed-up", rows).empty


def test_a_removal_in_a_vague_month_is_possibly_late(tmp_path):
    rows = [("March 2016", "Child D", "Removed from the GP list"),
            ("20/03/2016", "Child D", "Referral to children's services: child has no GP"), END]
    found = verdicts(tmp_path, "gp-removal-followed-up", rows, agency="GP")
    assert found["verdict"].tolist() == ["possibly breached"]
    assert found["delay_min"][0] == pd.Timedelta(0)


def test_a_move_only_the_family_reports_with_no_check_is_breached(tmp_path):
    found = verdicts(tmp_path, "claimed-move-confirmed",
                     [("01/03/2016", "Child A", "Mother said the family have moved to Cardiff"), END])
    assert found["verdict"].tolist() == ["breached"]
    assert found["summary"][0] == (
        "Children's Services recorded on 1 March 2016 that the family said they had moved (Child A); no agency "
        "recorded checking the move with the new area (the new local authority, GP or school, or a transfer of "
        "records) (the records run to 1 July 2016).")
    assert found["basis"][0] == "no record"


def test_a_move_checked_with_the_new_area_is_met(tmp_path):
    rows = [("01/03/2016", "Child A", "Mother reports they have moved to Cardiff"),
            ("04/03/2016", "Child A", "Checked with the new LA: family not known to Cardiff"), END]
    found = verdicts(tmp_path, "claimed-move-confirmed", rows)
    assert found["verdict"].tolist() == ["met"]
    assert "the move was checked on 4 March 2016" in found["summary"][0]


@pytest.mark.parametrize("text", [
    "Family moved to Millbrook",  # an agency's own record of a move: the records-transferred rule asks about it
    "Mother says she is moving again",  # a plan, not a move
    "Mother said she had not moved",
])
def test_no_claimed_move_no_verdict(tmp_path, text):
    assert verdicts(tmp_path, "claimed-move-confirmed", [("01/03/2016", "Child A", text), END]).empty


def test_a_claimed_move_in_a_vague_month_is_possibly_late(tmp_path):
    rows = [("March 2016", "Child A", "Family reportedly moved away"),
            ("21/03/2016", "Child A", "Address confirmed with housing"), END]
    assert verdicts(tmp_path, "claimed-move-confirmed", rows)["verdict"].tolist() == ["possibly breached"]


def test_the_sample_case_finds_children_a_and_b_unseen_around_the_move(sample_chronology):
    """Nobody recorded seeing Child A or B from the visit of 14 May 2015 to 20 August 2015: the
    family moved, health visiting was transferred by telephone and the core group met. A
    contact named (a health visitor's call, a GP's consultation with the mother) is no child
    seen; with those counted, the verdicts were a false "met"."""
    verdicts = check(sample_chronology, rules=["learning", "national"])
    new = verdicts[verdicts["rule"].isin(NEW_RULES)]
    assert new["rule"].tolist() == ["child-seen-while-on-a-plan"] * 4  # each child's plan
    by_child = dict(zip(new["summary"].str.extract(r"(Child [A-D])")[0], new["verdict"]))
    assert by_child == {"Child A": "breached", "Child B": "breached", "Child C": "met", "Child D": "met"}
    assert new["summary"].str.contains("14 May 2015 to 20 August 2015").sum() == 2
    assert "no longer than the 3 months" in plan_rules("national").rules[-2].local["limit"]


def test_the_default_packs_leave_the_national_rules_out(sample_chronology):
    assert not check(sample_chronology)["rule"].isin(NEW_RULES).any()


CIN = [("01/02/2016", "Child A", "CIN plan agreed at the CIN meeting"), ("10/02/2016", "Child A", "Home visit: Child A seen")]


def test_a_child_in_need_nobody_sees_for_over_3_months_is_breached(tmp_path):
    rows = [*CIN, ("20/06/2016", "Child A", "Child A seen in school"), ("01/08/2016", "Child A", "CIN plan ended"),
            ("15/09/2016", "Child A", "Core group")]
    found = verdicts(tmp_path, "child-seen-while-in-need", rows)
    assert found["verdict"].tolist() == ["breached"]
    assert found["summary"][0] == (
        "There is no record of any professional seeing Child A for 19 weeks (10 February 2016 to 20 June 2016) "
        "while a child in need plan was open for them.")


def test_a_child_in_need_seen_often_enough_is_met_and_no_plan_is_no_verdict(tmp_path):
    rows = [*CIN, ("20/04/2016", "Child A", "Child A seen at school"), ("01/06/2016", "Child A", "Care and support plan ended")]
    assert verdicts(tmp_path, "child-seen-while-in-need", rows)["verdict"].tolist() == ["met"]
    assert verdicts(tmp_path, "child-seen-while-in-need", [("10/02/2016", "Child A", "Home visit: Child A seen"),
                                                          ("20/09/2016", "Child A", "Child A seen")]).empty


def test_a_vague_sighting_in_a_child_in_need_plan_is_possibly_breached(tmp_path):
    rows = [*CIN, ("Summer 2016", "Child A", "Child A seen by the school nurse"), ("30/09/2016", "Child A", "CIN plan closed")]
    found = verdicts(tmp_path, "child-seen-while-in-need", rows).sort_values("start")
    # 10 February to 'Summer 2016' is over 3 months for every reading; 'Summer 2016' to 30 September only for some.
    assert found["verdict"].tolist() == ["breached", "possibly breached"]
    assert "(10 February 2016 to 'Summer 2016')" in found["summary"].iloc[0]
