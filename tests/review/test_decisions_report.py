"""The HTML report follows the reviewer's decisions: marks, counts, an appendix of dismissed ones."""

from __future__ import annotations

import re

import pytest

import reviewkit
from reviewkit.review.apply import apply_finding_decisions
from reviewkit.review.changes import decide
from reviewkit.review.decisions import Decisions


@pytest.fixture(scope="module")
def decided_report(sample_result, tmp_path_factory):
    chronology = sample_result.chronology
    findings = reviewkit.detect(chronology)
    ids = findings["finding_id"].tolist()
    decisions = decide(Decisions(), ids[0], status="accepted", note="Agreed at panel")
    decisions = decide(decisions, ids[1], status="to discuss", note="Ask the police author")
    decisions = decide(decisions, ids[2], status="dismissed", note="A <b>duplicate</b> of another finding")
    decided, _ = apply_finding_decisions(findings, decisions)
    path = reviewkit.export_report(chronology, decided, tmp_path_factory.mktemp("r") / "r.html")
    return path.read_text(encoding="utf-8"), decided


def _section(text: str, name: str) -> str:
    return text.split(f'<section id="{name}"')[1].split("</section>")[0]


def test_counts_say_how_many_of_each(decided_report):
    text, decided = decided_report
    n = len(decided)
    assert (f'<p class="counts">{n} findings: 1 accepted, 1 to discuss, {n - 3} not yet reviewed, '
            f"1 dismissed (listed in the appendix).</p>") in _section(text, "findings")


def test_findings_are_marked_with_status_and_note(decided_report):
    text, decided = decided_report
    findings = _section(text, "findings")
    ids = decided["finding_id"].tolist()

    def article(finding_id):
        return findings.split(f'aria-labelledby="{finding_id}"')[1].split("</article>")[0]

    assert '<p class="status accepted"><strong>Reviewer: Accepted.</strong> Agreed at panel</p>' in article(ids[0])
    assert ('<p class="status to-discuss"><strong>Reviewer: To discuss.</strong> Ask the police author</p>'
            in article(ids[1]))
    assert '<strong>Reviewer: Not yet reviewed.</strong>' in article(ids[3])
    assert ids[2] not in findings
    assert findings.count('<article class="finding') == len(decided) - 1


def test_dismissed_findings_are_in_the_appendix_with_their_note(decided_report):
    text, decided = decided_report
    appendix = _section(text, "dismissed")
    assert "Appendix: findings the reviewer dismissed" in appendix
    assert "A &lt;b&gt;duplicate&lt;/b&gt; of another finding" in appendix
    assert decided["summary"].iloc[2].split(";")[0].replace("'", "&#x27;") in appendix
    assert re.search(r"<caption>1 findings the reviewer dismissed</caption>", appendix)


def test_charts_and_summary_leave_dismissed_findings_out(decided_report):
    text, decided = decided_report
    assert f"<dt>Findings</dt><dd>{len(decided) - 1}</dd>" in _section(text, "summary")


def test_without_decisions_the_report_has_no_marks_or_appendix(sample_result, tmp_path):
    findings = reviewkit.detect(sample_result.chronology)
    text = reviewkit.export_report(sample_result.chronology, findings, tmp_path / "r.html").read_text()
    assert 'id="dismissed"' not in text and 'class="counts"' not in text and "Reviewer:" not in text
