"""The report states the review period, what falls outside it, and each agency's periods of no contact."""

from __future__ import annotations

from reviewkit import anonymise, export_report


def test_the_report_states_the_review_period_and_the_periods_of_no_contact(tmp_path, sample_chronology):
    text = export_report(sample_chronology, None, tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="review-period"' in text
    outside = int(sample_chronology["in_review_period"].eq(False).sum())
    assert outside == 20
    assert f"child_d: the review period is 01/06/2014 to 31/08/2016. {outside} entries fall outside it" in text
    assert "a statement of fact, not a finding" in text
    # Probation first appears with Father's order on 14/07/2015
    assert ('<th scope="row">Probation</th><td>01/06/2014</td><td>13/07/2015</td><td>408</td>'
            in text)
    assert text.index('id="review-period"') < text.index('id="provenance"')


def test_an_anonymised_report_writes_the_period_coarsened(tmp_path, sample_chronology):
    anon = anonymise(sample_chronology, names={"Anytown": "the town"}, coarsen="month")
    assert anon.chronology.attrs["review_period"]
    text = export_report(anon, None, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "the review period is June 2014 to August 2016" in text
    assert "01/06/2014" not in text


def test_no_review_period_no_section(tmp_path, sample_chronology):
    chron = sample_chronology.copy()
    chron.attrs = {k: v for k, v in chron.attrs.items() if k != "review_period"}
    text = export_report(chron, None, tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="review-period"' not in text


def test_the_evidence_shows_ages_significance_and_analysis(tmp_path, sample_chronology):
    import reviewkit

    findings = reviewkit.detect(sample_chronology, procedures="wales")
    text = export_report(sample_chronology, findings, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<th scope=\"col\">Age, significance, analysis</th>" in text
    assert ("Age: Child A 7 y 5 m; Significance: High; Analysis: First injury to any of the children "
            "that a doctor found non-accidental.") in text
