"""A finding that begins with a vague entry is headed by the agency's words, never a made-up day."""

from __future__ import annotations

import warnings

import reviewkit


def test_vague_entries_head_their_findings_as_written():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        chronology = reviewkit.read_chronology("sample_data/child_d")
    findings = reviewkit.detect(chronology)
    when = reviewkit.explain(findings, chronology)["when"]
    assert {"end of March 2015", "c. June 2015"} <= set(when)  # were "21 Mar 2015", "01 May 2015"
    assert not {"21 Mar 2015", "01 May 2015"} & set(when)
    assert "09 Feb 2015" in set(when)  # an exact day stays a day
