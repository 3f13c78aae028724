"""Findings named by their titles with the case's facts in what a reviewer reads as text: the
explain table, ``reviewkit findings`` and ``reviewkit review`` (rule ids were printed before)."""

from __future__ import annotations

import pandas as pd
import pytest

import reviewkit
from reviewkit.check.explain import explain, finding_titles, format_explanation
from reviewkit.check.rules import rule_title
from reviewkit.cli import main

SAMPLE = "sample_data/child_d"


@pytest.fixture(scope="module")
def findings() -> pd.DataFrame:
    return reviewkit.detect(SAMPLE)


def test_explain_carries_each_findings_own_title(findings, sample_chronology):
    table = explain(findings, sample_chronology)
    assert table.columns.tolist()[:6] == ["theme", "severity", "when", "agency", "title", "finding"]
    own = findings.set_index("finding_id")["title"]
    assert table["title"].to_dict() == own.loc[table.index].to_dict()
    assert all(title.startswith(rule_title(rule)) for title, rule in zip(table["title"], table["rule"]))
    assert (table["title"] != table["rule"].map(rule_title)).any()  # the facts are added


def test_a_finding_without_a_title_falls_back_to_its_rules(findings):
    untitled = findings.head(3).assign(title=[None, "", "Own title: Child D"])
    assert finding_titles(untitled).tolist() == [rule_title(untitled["rule"].iloc[0]),
                                                 rule_title(untitled["rule"].iloc[1]), "Own title: Child D"]
    assert finding_titles(findings.drop(columns="title").head(2)).tolist() == [
        rule_title(r) for r in findings["rule"].head(2)]


def test_format_explanation_prints_each_title_under_its_heading_line(findings, sample_chronology):
    table = explain(findings, sample_chronology)
    text = format_explanation(table, width=400)
    lines = text.split("\n")
    for finding_id, title in table["title"].items():
        heading = next(i for i, line in enumerate(lines) if finding_id in line)
        assert lines[heading + 1] == f"  Finding: {title}"


def test_cli_findings_and_review_name_findings_by_title_not_rule_id(findings, capsys):
    assert main(["findings", SAMPLE]) == 0
    out = capsys.readouterr().out
    assert out.count("  Finding: ") == len(findings)
    assert main(["review", SAMPLE]) == 0
    out = capsys.readouterr().out
    for row in findings.itertuples():
        line = next(line for line in out.split("\n") if line.startswith(f"  {row.finding_id}  "))
        assert line.endswith(f"] {row.title}") and row.rule not in line
