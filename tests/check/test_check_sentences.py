"""check(sentences="findings"): every verdict as check() gives it, with only the findings in words."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.check.engine import check
from reviewkit.check.verdicts import FINDING_VERDICTS
from reviewkit.exceptions import ReviewkitError
from reviewkit.synth import synth_cases


@pytest.mark.parametrize("rules", [["learning", "wales"], ["learning", "national"]])
def test_only_the_findings_are_worded_and_nothing_else_changes(sample_chronology, rules):
    every = check(sample_chronology, rules=rules)
    found = check(sample_chronology, rules=rules, sentences="findings")
    finding = every["verdict"].isin(FINDING_VERDICTS).to_numpy()
    assert finding.any() and not finding.all()
    words = ["summary", "title"]
    pd.testing.assert_frame_equal(found.drop(columns=words), every.drop(columns=words))
    pd.testing.assert_frame_equal(found.loc[finding, words], every.loc[finding, words])
    assert found.loc[~finding, words].isna().all().all()
    assert every.loc[~finding, "summary"].notna().all()


def test_on_many_cases_the_facts_are_those_of_every_verdict_worded():
    chronology = synth_cases(30, seed=5).chronology
    every = check(chronology, rules=["learning", "wales"])
    found = check(chronology, rules=["learning", "wales"], sentences="findings")
    finding = every["verdict"].isin(FINDING_VERDICTS).to_numpy()
    pd.testing.assert_frame_equal(found.drop(columns=["summary", "title"]), every.drop(columns=["summary", "title"]))
    assert found["summary"].notna().to_numpy().tolist() == finding.tolist()
    assert found.loc[finding, "summary"].tolist() == every.loc[finding, "summary"].tolist()


def test_an_unknown_choice_is_named_with_the_choices(sample_chronology):
    with pytest.raises(ReviewkitError, match=r"sentences='some' is not known\. Use 'all' .* or 'findings'"):
        check(sample_chronology, sentences="some")
