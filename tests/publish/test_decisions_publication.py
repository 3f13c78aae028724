"""Entries the reviewer excluded from publication never reach an anonymised output."""

from __future__ import annotations

import pandas as pd
import pytest

import reviewkit
from reviewkit.publish.anonymise import excluded_entries, without_excluded
from reviewkit.review.apply import apply_entry_decisions
from reviewkit.review.changes import correct
from reviewkit.review.decisions import Decisions
from tests.sample_ids import sample_id

EXCLUDED = sample_id("school.docx", 3)
TEXT = "fell off a trampoline"


@pytest.fixture(scope="module")
def excluded_case(sample_result):
    decisions = correct(Decisions(), EXCLUDED, exclude_from_publication=True)
    chronology, orphans = apply_entry_decisions(sample_result.chronology, decisions)
    assert orphans.empty
    findings = reviewkit.detect(sample_result.chronology)
    verdicts = reviewkit.check(sample_result.chronology)
    anonymised = reviewkit.anonymise(chronology, names={"Anytown": "the town"}, findings=findings)
    return chronology, findings, verdicts, anonymised


def test_the_flag_is_found_in_tags(excluded_case):
    chronology, *_ = excluded_case
    assert excluded_entries(chronology) == frozenset({EXCLUDED})


def test_excluded_entries_and_findings_resting_on_them_are_left_out(excluded_case):
    chronology, findings, _, anonymised = excluded_case
    assert EXCLUDED not in set(anonymised.chronology["entry_id"])
    assert len(anonymised.chronology) == len(chronology) - 1
    citing = findings["entries"].map(lambda ids: EXCLUDED in ids)
    assert citing.sum() == 2
    assert anonymised.findings["finding_id"].tolist() == findings.loc[~citing, "finding_id"].tolist()
    assert anonymised.excluded == frozenset({EXCLUDED})


def test_tables_anonymised_later_leave_them_out_too(excluded_case):
    _, _, verdicts, anonymised = excluded_case
    kept = anonymised.apply(verdicts)
    assert not kept["entries"].map(lambda ids: EXCLUDED in (ids or ())).any()
    assert len(kept) == len(verdicts) - int(verdicts["entries"].map(lambda ids: EXCLUDED in (ids or ())).sum())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".docx"])
def test_no_export_holds_the_excluded_entry(excluded_case, tmp_path, suffix):
    *_, anonymised = excluded_case
    path = reviewkit.export_chronology(anonymised, tmp_path / f"chronology{suffix}")
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8")
    elif suffix == ".xlsx":
        text = pd.read_excel(path).to_csv()
    else:
        import docx

        text = "\n".join(c.text for t in docx.Document(path).tables for r in t.rows for c in r.cells)
    chronology, *_ = excluded_case
    assert TEXT in chronology.set_index("entry_id").loc[EXCLUDED, "summary"]
    assert "Verbal argument between Mother and Father" in text  # the other entries are there
    assert TEXT not in text


def test_the_report_holds_neither_the_entry_nor_its_findings(excluded_case, tmp_path):
    _, findings, verdicts, anonymised = excluded_case
    path = reviewkit.export_report(anonymised, None, tmp_path / "report.html", verdicts=verdicts)
    text = path.read_text(encoding="utf-8")
    assert TEXT not in text
    citing = findings[findings["entries"].map(lambda ids: EXCLUDED in ids)]
    assert not any(finding_id in text for finding_id in citing["finding_id"])


def test_without_excluded_checks_every_way_a_row_cites_an_entry():
    frame = pd.DataFrame({"entry_id": ["a", "b", "c", "d"], "trigger": [None, "x", None, None],
                          "responds_to": [None, None, "x", None], "entries": [(), ("y",), None, ("x", "z")]})
    assert without_excluded(frame, frozenset({"x", "a"}))["entry_id"].tolist() == []
    assert without_excluded(frame, frozenset())["entry_id"].tolist() == ["a", "b", "c", "d"]
