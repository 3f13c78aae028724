"""The review table's logic, without a browser: rows, evidence, changes written to the file."""

from __future__ import annotations

import datetime as dt
import warnings

import ipywidgets as widgets
import pandas as pd
import pytest

import reviewkit
from reviewkit import DataQualityWarning
from reviewkit.exceptions import DecisionsError
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import DECISIONS_NAME, Decisions
from reviewkit.review.reading import read_decisions
from reviewkit.review.table import (
    KEY_EPISODE,
    change_entry,
    change_finding,
    evidence_rows,
    review_rows,
    review_table,
)
from reviewkit.review.writing import write_decisions

MIDWIFERY = (
    "Date,Event\n"
    "14/10/2015,Child D born at 38 weeks\n"
    "12/01/2016,Child E born\n"
    "20/01/2016,Postnatal visit: EPDS 8\n"
)


@pytest.fixture
def case(tmp_path):
    folder = tmp_path / "family_x"
    folder.mkdir()
    (folder / "midwifery.csv").write_text(MIDWIFERY, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = reviewkit.read_chronology(folder)
    return folder, chronology, reviewkit.detect(chronology)


def test_rows_put_high_severity_first_then_date_and_show_decisions():
    findings = pd.DataFrame({
        "finding_id": ["F-a", "F-b", "F-c"], "rule": ["r1", "r2", "r3"], "theme": "t",
        "severity": ["medium", "high", "medium"], "certainty": "certain",
        "start": pd.to_datetime(["2015-05-01", "2016-01-01", "2015-02-09"]),
        "summary": ["a", "b", "c"], "entries": [("e1",), ("e2", "e3"), ()],
    })
    rows = review_rows(findings, decide(Decisions(), "F-c", status="accepted", note="Agreed"))
    assert rows["finding_id"].tolist() == ["F-b", "F-c", "F-a"]
    assert rows["status"].tolist() == ["open", "accepted", "open"]
    assert rows["note"].tolist() == ["", "Agreed", ""]
    assert rows["when"].tolist() == ["1 Jan 2016", "9 Feb 2015", "1 May 2015"]
    assert rows["entries"].tolist()[0] == ("e2", "e3")


def test_evidence_rows_quote_entries_with_their_corrections(case):
    _, chronology, findings = case
    entry_id = findings["entries"].iloc[0][0]
    decisions = correct(Decisions(), entry_id, event_type="home_visit", exclude_from_publication=True)
    rows = evidence_rows(findings["entries"].iloc[0], chronology, decisions)
    assert rows.to_dict("records")[0] == {
        "entry_id": entry_id, "date_text": "14/10/2015", "agency": "Midwifery",
        "event_type": "birth", "summary": "Child D born at 38 weeks",
        "mentions": 'birth: affirmed ("born", event)',
        "corrected_event_type": "home_visit", "key_episode": False, "excluded": True,
        "significance": "", "analysis": "",
    }


def test_change_finding_keeps_what_is_not_changed(tmp_path):
    change_finding(tmp_path, "F-1", status="dismissed", by="A", on=dt.date(2026, 11, 20), rule="r")
    decisions = change_finding(tmp_path, "F-1", note="Police were phoned", on=dt.date(2026, 11, 21))
    decision = decisions.findings["F-1"]
    assert (decision.status, decision.note, decision.by, decision.on, decision.rule) == (
        "dismissed", "Police were phoned", "A", dt.date(2026, 11, 21), "r")
    assert read_decisions(tmp_path / DECISIONS_NAME).findings == decisions.findings


def test_changes_keep_edits_made_to_the_file_by_hand(tmp_path):
    change_finding(tmp_path, "F-1", status="accepted")
    by_hand = decide(read_decisions(tmp_path), "F-2", status="to discuss", note="typed in an editor")
    write_decisions(by_hand, tmp_path)
    decisions = change_entry(tmp_path, "c/a.csv:2", key_episode=True)
    assert decisions.findings["F-2"].note == "typed in an editor"
    assert read_decisions(tmp_path).findings["F-2"].note == "typed in an editor"


def test_change_entry_adds_and_removes_corrections(tmp_path):
    change_entry(tmp_path, "c/a.csv:2", subject="Mother", key_episode=True)
    decisions = change_entry(tmp_path, "c/a.csv:2", event_type="S47")
    entry = decisions.entries["c/a.csv:2"]
    assert (entry.subject, entry.event_type, entry.reviewer_tags) == (
        "Mother", "s47_enquiry", (KEY_EPISODE,))
    decisions = change_entry(tmp_path, "c/a.csv:2", key_episode=False, subject=None, event_type="")
    assert decisions.entries == {}
    with pytest.raises(DecisionsError, match="event_type: 'kick' is not an event type"):
        change_entry(tmp_path, "c/a.csv:2", event_type="kick")


def _controls(widget, kind):
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found.extend(_controls(child, kind))
    return found


def test_table_shows_a_card_per_finding_and_writes_each_change(case):
    folder, chronology, findings = case
    write_decisions(decide(Decisions(), findings["finding_id"].iloc[0], status="to discuss",
                           note="Ask the midwife"), folder)
    table = review_table(findings, chronology, folder, by="Lead reviewer")
    cards = [c for c in table.children if "reviewkit-finding" in c._dom_classes]
    assert len(cards) == len(findings) == 1
    status = _controls(table, widgets.ToggleButtons)[0]
    note = _controls(table, widgets.Textarea)[0]
    assert (status.value, note.value) == ("to discuss", "Ask the midwife")
    assert list(status.options) == ["open", "accepted", "to discuss", "dismissed"]

    status.value = "accepted"
    decision = read_decisions(folder).findings[findings["finding_id"].iloc[0]]
    assert (decision.status, decision.note, decision.by, decision.on) == (
        "accepted", "Ask the midwife", "Lead reviewer", dt.date.today())

    event_type = _controls(table, widgets.Dropdown)[0]
    key, excluded = _controls(table, widgets.Checkbox)[:2]
    event_type.value = "home_visit"
    key.value = True
    excluded.value = True
    entry = read_decisions(folder).entries[findings["entries"].iloc[0][0]]
    assert (entry.event_type, entry.reviewer_tags, entry.exclude_from_publication, entry.by) == (
        "home_visit", (KEY_EPISODE,), True, "Lead reviewer")


def test_the_table_opens_with_the_decisions_already_made(case):
    folder, _, findings = case
    entry_id = findings["entries"].iloc[0][0]
    change_entry(folder, entry_id, key_episode=True)
    change_finding(folder, findings["finding_id"].iloc[0], status="dismissed", note="Screened by GP")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = reviewkit.read_chronology(folder)
    table = review_table(findings, chronology, folder)
    assert _controls(table, widgets.ToggleButtons)[0].value == "dismissed"
    assert _controls(table, widgets.Checkbox)[0].value is True


def test_the_table_sets_an_entrys_significance_and_analysis(case):
    folder, chronology, findings = case
    entry_id = findings["entries"].iloc[0][0]
    change_entry(folder, entry_id, significance="key event")  # a word written by hand
    table = review_table(findings, chronology, folder, by="Lead reviewer")
    significance = _controls(table, widgets.Dropdown)[1]
    analysis = next(t for t in _controls(table, widgets.Text) if "reviewkit-analysis" in t._dom_classes)
    assert "reviewkit-significance" in significance._dom_classes
    assert significance.value == "key event"
    assert [v for _, v in significance.options] == ["", "significant", "not significant", "key event"]
    significance.value = "significant"
    analysis.value = "The first birth with no screening."
    entry = read_decisions(folder).entries[entry_id]
    assert (entry.significance, entry.analysis, entry.by) == (
        "significant", "The first birth with no screening.", "Lead reviewer")
    rows = evidence_rows(findings["entries"].iloc[0], chronology, read_decisions(folder))
    assert rows.loc[0, ["significance", "analysis"]].tolist() == ["significant", "The first birth with no screening."]
    significance.value = ""
    analysis.value = ""
    assert entry_id not in read_decisions(folder).entries
