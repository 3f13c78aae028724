"""Finding titles: the rule's title filled with the case's facts (who, when as written, what
happened, how often), or a title with placeholders filled per finding."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.check.engine import check, detect
from reviewkit.load.chronology import read_chronology

RULE = """
[[rules]]
id = "assault-told"
kind = "response"
title = "{title}"
theme = "information sharing"
severity = "high"
trigger = ["assault_witnessed"]
response = ["referral"]
within = "2 hours"
learning = "Tell children's services at once."
source = "Test"
"""

SCHOOL = ("Date,Time,Subject,Incident\n"
          "09/02/2015,12:40,Child B,Staff witnessed Mother kick Child B\n"
          "09/02/2015,16:10,Child B,Referral to Children's Services\n"
          "end of March 2015,,Child A,Staff witnessed Mother push Child A\n"
          "05/05/2015,10:00,Child A,Staff witnessed Mother slap Child A\n"
          "10/06/2015,,Child A,Home visit\n")


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "school.csv"
    path.write_text(SCHOOL)
    return read_chronology(path, agency="School")


def _rules(tmp_path, title: str) -> str:
    path = tmp_path / "rule.toml"
    path.write_text(RULE.format(title=title))
    return str(path)


def test_a_plain_title_is_followed_by_the_facts_of_each_finding(tmp_path, school):
    verdicts = check(school, rules=_rules(tmp_path, "An assault is reported at once"))
    titles = verdicts["title"].tolist()
    assert titles[0] == "An assault is reported at once: Child B, 9 February 2015, after 3 hours 30 minutes"
    # a vague date is quoted as written, never a made-up day; no response: none recorded
    assert titles[1] == "An assault is reported at once: Child A, 'end of March 2015', none recorded"
    assert verdicts["verdict"].tolist() == ["breached", "breached", "breached"]


def test_a_grouped_finding_says_how_many_times_it_was_found(tmp_path, school):
    found = detect(school, rules=_rules(tmp_path, "An assault is reported at once"))
    assert found["title"].tolist() == [
        "An assault is reported at once: Child B, 9 February 2015, after 3 hours 30 minutes",
        "An assault is reported at once: Child A, 'end of March 2015', none recorded, 2 times"]


def test_placeholders_in_a_title_are_filled_and_an_unknown_one_is_left_as_written(tmp_path, school):
    verdicts = check(school, rules=_rules(tmp_path, "{subject} told {delay} after {when} ({agency}, limit {limit}) {nope}"))
    late = verdicts["title"].iloc[0]
    assert late == "Child B told 3 hours 30 minutes after 9 February 2015 (School, limit 2 hours) {nope}"


def test_the_sample_case_findings_have_titles_with_their_facts(sample_chronology):
    found = detect(sample_chronology)
    assert found["title"].notna().all() and found["title"].is_unique
    carers = found.loc[found["rule"].eq("concern-about-carers-addressed"), "title"].item()
    assert carers == ("Concerns about carers are addressed promptly: Child A and Child B, 'end of March 2015', "
                      "after 27 to 38 days")
    circulated = found[found["rule"].eq("plan-circulated-to-core-group") & found["basis"].eq("no record")]
    assert circulated["title"].item().endswith("23 September 2014, none recorded, 7 times")
    assert pd.Series(found["title"]).str.len().max() < 200
