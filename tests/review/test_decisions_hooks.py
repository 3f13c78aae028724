"""Loading and detection apply the reviewer's decisions; orphans show in the load report and results."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from chronology_factory import MIDWIFERY_TWO_BIRTHS

import reviewkit
from reviewkit import DataQualityWarning
from reviewkit.exceptions import DecisionsError
from reviewkit.interpret.entry_ids import row_ids
from reviewkit.load.load_report import format_report, load_report
from reviewkit.load.schema import empty_chronology
from reviewkit.review.apply import apply_entry_decisions
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import Decisions
from reviewkit.review.orphans import orphans
from reviewkit.review.reading import read_decisions
from reviewkit.review.writing import write_decisions


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
        "(subject = Mother): a row-based id (before reviewkit 0.2), and row 9 of gone.csv holds no entry now")
    text = format_report(report)
    assert text.startswith("decisions.toml\n  reviewer's decisions: 0 of 1")
    assert "Total: 0 table(s)" in text


# -- loading and detection apply the case folder's decisions -------------------------------------

MIDWIFERY = MIDWIFERY_TWO_BIRTHS


@pytest.fixture
def case(tmp_path):
    folder = tmp_path / "family_x"
    folder.mkdir()
    (folder / "midwifery.csv").write_text(MIDWIFERY, encoding="utf-8")
    return folder


def _load(source, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return reviewkit.load_with_report(source, **kwargs)


def test_loading_a_folder_applies_its_decisions_and_reports_orphans(case):
    decisions = correct(Decisions(), "family_x/midwifery.csv:3", event_type="epds",
                        reviewer_tags=["key practice episode"])
    write_decisions(correct(decisions, "family_x/midwifery.csv:40", subject="Mother"), case)
    result = _load(case)  # row-based ids, as reviewkit 0.1 wrote them: moved to today's
    row = result.chronology.set_index(row_ids(result.chronology)).loc["family_x/midwifery.csv:3"]
    # the corrected type replaces the old one (home_visit) in tags; the midwife's own contact,
    # read from the midwifery file's home visit, stays (a reviewer's `tags` would replace it too)
    assert (row["event_type"], row["tags"]) == ("epds", "epds;key practice episode;midwife_contact")
    assert result.orphans["id"].tolist() == ["family_x/midwifery.csv:40"]
    assert result.report["source"].tolist() == ["midwifery.csv", "decisions.toml"]
    assert "1 of 2 correction(s) to entries applied" in result.report["notes"].iloc[1]
    assert "entry family_x/midwifery.csv:40 (subject = Mother)" in result.report["notes"].iloc[1]
    assert "decisions.toml\n  reviewer's decisions" in reviewkit.format_report(result.report)


def test_decisions_passed_explicitly_win_over_the_folders(case, tmp_path):
    write_decisions(correct(Decisions(), "family_x/midwifery.csv:3", subject="Mother"), case)
    other = write_decisions(correct(Decisions(), "family_x/midwifery.csv:3", subject="Father"),
                            tmp_path / "other.toml")
    chronology = _load(case, decisions=other).chronology
    assert chronology.set_index(row_ids(chronology)).loc["family_x/midwifery.csv:3", "subject"] == "Father"
    chronology = _load(case).chronology
    assert chronology.set_index(row_ids(chronology)).loc["family_x/midwifery.csv:3", "subject"] == "Mother"


def test_a_folder_without_decisions_loads_as_before(case):
    result = _load(case)
    assert result.orphans.empty and result.report["source"].tolist() == ["midwifery.csv"]


def test_a_bad_decisions_file_stops_loading_with_its_reason(case):
    (case / "decisions.toml").write_text('[[finding]]\nfinding_id = "F-1"\nstatus = "ok"\n')
    with pytest.raises(DecisionsError, match="finding F-1: status = 'ok' is not a status"):
        _load(case)


def test_detect_on_a_folder_carries_statuses_and_orphans(case):
    findings = reviewkit.detect(case)
    assert "status" not in findings
    (finding_id,) = findings["finding_id"]
    decisions = decide(Decisions(), finding_id, status="dismissed", note="GP screened her")
    write_decisions(decide(decisions, "F-000000000000", status="accepted"), case)
    decided_findings = reviewkit.detect(case)
    assert decided_findings[["finding_id", "status", "note"]].values.tolist() == [
        [finding_id, "dismissed", "GP screened her"]]
    assert orphans(decided_findings)[["about", "id"]].values.tolist() == [["finding", "F-000000000000"]]
    verdicts = reviewkit.check(case)
    assert verdicts["status"].fillna("-").tolist() == [
        "dismissed" if v == "breached" else "-" for v in verdicts["verdict"]]


def test_an_entry_correction_changes_the_verdict(case):
    # the home visit was in fact a depression screening: the first birth is then screened
    assert len(reviewkit.detect(case)) == 1
    write_decisions(correct(Decisions(), "family_x/midwifery.csv:3", event_type="epds"), case)
    assert reviewkit.detect(case).empty
    chronology = _load(case).chronology
    assert len(reviewkit.detect(chronology)) == 0


def test_detect_on_a_chronology_applies_decisions_only_when_passed(case):
    chronology = _load(case, decisions=Decisions()).chronology
    write_decisions(correct(Decisions(), "family_x/midwifery.csv:3", event_type="epds"), case)
    assert len(reviewkit.detect(chronology)) == 1
    decided_findings = reviewkit.detect(chronology, decisions=case)
    assert decided_findings.empty and "status" in decided_findings
    assert orphans(decided_findings).empty


def test_decisions_on_the_sample_case_survive_a_reload(tmp_path):
    folder = tmp_path / "child_d"
    shutil.copytree(Path(__file__).resolve().parents[2] / "sample_data" / "child_d", folder)
    findings = reviewkit.detect(folder)
    decisions = Decisions()
    for number, finding_id in enumerate(findings["finding_id"]):
        decisions = decide(decisions, finding_id, status=("accepted", "to discuss", "dismissed")[number % 3])
    write_decisions(decisions, folder)
    again = reviewkit.detect(folder)
    assert again["finding_id"].tolist() == findings["finding_id"].tolist()
    assert orphans(again).empty
    assert again["status"].tolist() == [d.status for _, d in sorted(
        read_decisions(folder).findings.items(), key=lambda kv: findings["finding_id"].tolist().index(kv[0]))]
