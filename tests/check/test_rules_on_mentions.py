"""Rules that ask for a mention with a status ("planned:strategy_discussion") and not a tag."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import reviewkit
from reviewkit.check.rules import RuleError, resolve_types
from reviewkit.interpret.vocabulary_file import load_vocabulary

RULE = """
[pack]
name = "local"
title = "Planned strategy discussions are held"
source = "a local procedure"

[[rules]]
id = "planned-strategy-discussion-held"
kind = "response"
title = "A strategy discussion that was planned is held"
theme = "child protection processes"
severity = "high"
trigger = ["planned:strategy_discussion"]
response = ["strategy_discussion"]
within = "5 working days"
learning = "A strategy discussion that is planned must be held."
source = "a local procedure"
"""


def _chronology(details: list[str]) -> pd.DataFrame:
    """One entry a day from 2 March 2015, then a home visit a month later (the case goes on)."""
    rows = pd.DataFrame({
        "Date": [f"{day:02d}/03/2015" for day in range(2, 2 + len(details))] + ["02/04/2015"],
        "Agency": "Children's Services", "Contact type": "Note", "Details": [*details, "Home visit."],
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        return reviewkit.read_chronology(rows, case_id="t")


@pytest.fixture
def rule_file(tmp_path):
    path = tmp_path / "local.toml"
    path.write_text(RULE, encoding="utf-8")
    return path


def test_a_planned_discussion_never_held_is_breached(rule_file):
    chronology = _chronology(["Referral: bruise to Child A's arm.", "Strategy discussion to be held tomorrow."])
    assert "strategy_discussion" not in chronology["tags"].str.cat(sep=";")
    verdicts = reviewkit.check(chronology, rules=[rule_file])
    assert verdicts["verdict"].tolist() == ["breached"]
    assert verdicts["summary"].iloc[0].startswith(
        "Children's Services recorded a planned strategy discussion or meeting on 3 March 2015; "
        "there is no record of a strategy discussion or meeting within 5 working days")


def test_a_planned_discussion_held_next_day_is_met(rule_file):
    chronology = _chronology(["Strategy discussion to be held tomorrow.",
                              "Strategy discussion held with police and health."])
    verdicts = reviewkit.check(chronology, rules=[rule_file])
    assert verdicts["verdict"].tolist() == ["met"]


def test_an_affirmed_or_negated_mention_is_not_a_planned_one(rule_file):
    chronology = _chronology(["Strategy discussion held.", "No strategy discussion was held."])
    assert reviewkit.check(chronology, rules=[rule_file]).empty


def test_statuses_resolve_like_types_and_groups():
    vocabulary = load_vocabulary()
    assert resolve_types(["negated:EPDS", "planned:group:conference"], vocabulary, "x") == (
        "negated:epds", "planned:icpc", "planned:rcpc", "planned:child_protection_conference",
        "planned:transfer_in_conference")
    assert resolve_types(["reported:child_home_alone"], vocabulary, "x") == ("reported:child_home_alone",)
    with pytest.raises(RuleError, match="'strategy meetin' is not an event type"):
        resolve_types(["planned:strategy meetin"], vocabulary, "local.toml")
