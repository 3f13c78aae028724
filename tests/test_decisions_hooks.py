"""Loading and detection apply the reviewer's decisions; orphans show in the load report and results."""

from __future__ import annotations

import pandas as pd

from reviewkit.decisions import Decisions, apply_entry_decisions, correct, decide
from reviewkit.report import format_report, load_report
from reviewkit.schema import empty_chronology


def test_load_report_has_a_row_for_the_decisions_file_listing_orphans(tmp_path):
    decisions = correct(decide(Decisions(path=tmp_path / "decisions.toml"), "F-1", status="accepted"),
                        "c/gone.csv:9", subject="Mother")
    _, orphans = apply_entry_decisions(pd.DataFrame({"entry_id": ["c/a.csv:2"]}), decisions)
    report = load_report(empty_chronology(), [], decisions=decisions, orphans=orphans)
    assert report["source"].tolist() == ["decisions.toml"]
    assert report["entries"].isna().all()
    assert report.loc[0, "notes"] == (
        "reviewer's decisions: 0 of 1 correction(s) to entries applied; 1 decision(s) on findings "
        "(check and detect apply them); ORPHANS, not in the chronology: entry c/gone.csv:9 "
        "(subject = Mother)")
    text = format_report(report)
    assert text.startswith("decisions.toml\n  reviewer's decisions: 0 of 1")
    assert "Total: 0 table(s)" in text
