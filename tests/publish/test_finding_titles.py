"""Findings are named in words (the rule's title), not by their rule ids, in the report and charts."""

from __future__ import annotations

import re
import warnings

import pytest

import reviewkit
from reviewkit.check.rules import rule_title, rule_titles
from reviewkit.publish.report_sections import findings_section


@pytest.fixture(scope="module")
def case():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        chronology = reviewkit.read_chronology("sample_data/child_d")
    return chronology, reviewkit.detect(chronology)


def test_report_headings_are_rule_titles(case):
    chronology, findings = case
    html = findings_section(findings, chronology)
    headings = re.findall(r"<h4 id=\"[^\"]+\">([^<]+)</h4>", html)
    assert len(headings) == len(findings)
    numbers = sorted(int(h.split(". ", 1)[0]) for h in headings)  # the timeline's numbers
    assert numbers == list(range(1, len(findings) + 1))
    assert not any(rule in heading for heading in headings for rule in findings["rule"])
    # the finding's title: the rule's, filled with the case's facts, whole
    assert "A strategy meeting is held when separate child protection concerns come close together: " \
           "18 April 2014, after 23 to 24 days, 2 times (Children&#x27;s Services)" in html


def test_response_delay_rows_are_labelled_by_title(case):
    _, findings = case
    labels = list(reviewkit.response_delays(findings).layout.yaxis.ticktext)
    assert labels and not any(rule in label for label in labels for rule in findings["rule"])
    # each row names its finding by its whole title, wrapped, never cut
    assert not any("\u2026" in label for label in labels)
    titles = findings.loc[findings["kind"].eq("response"), "title"]
    assert all(any(title in label.replace("<br>", " ") for label in labels) for title in titles)
    assert all(max(map(len, label.split("<br>"))) <= 48 for label in labels)


def test_every_packaged_rule_has_a_title_and_a_local_rule_reads_as_words():
    assert len(rule_titles()) >= 20 and all(rule_titles().values())
    assert rule_title("visits-every-15-working-days") == "visits every 15 working days"
