"""Significance and analysis per entry: agencies' columns, the reviewer's decisions, the outputs."""

from __future__ import annotations

import docx
import pandas as pd
import pytest

import reviewkit
from reviewkit.exceptions import DecisionsError
from reviewkit.load.headings import match_columns
from reviewkit.publish.export import export_chronology, export_table
from reviewkit.render.layout import compute_layout
from reviewkit.review.reading import decisions_from

AGENCY_FILE = (
    "Date,Event,Details,Outcome,Significance,Analysis\n"
    "09/02/2015,Incident,Staff saw Mother kick Child B,Referral to CSC,High,"
    "First assault staff witnessed; not reported to police\n"
    "10/02/2015,Phone call,Mother rang,None,,\n"
)


@pytest.mark.parametrize(("headings", "roles"), [
    (["Date", "Details", "Impact (positive or negative)"], {"significance": 2}),
    (["Date", "Details", "Significant event?"], {"significance": 2}),
    (["Date", "Notes", "Comments"], {"details": 1, "analysis": 2}),
    (["Date", "Comments"], {"details": 1}),  # the only text column: what happened
    (["Date", "Summary", "Analysis of significance", "Reviewer's note", "Age of child"],
     {"analysis": 2, "reviewer_note": 3, "ages": 4}),
])
def test_agency_headings_map_to_the_new_columns(headings, roles):
    found = match_columns(headings).roles
    assert {role: found[role] for role in roles} == roles
    assert "analysis" not in found or "details" in found


def test_a_comments_column_mapped_by_the_user_stays_where_it_was_put():
    found = match_columns(["Date", "Comments"], mapping={"analysis": "Comments"}).roles
    assert found == {"date": 0, "analysis": 1}


def _folder(tmp_case, decisions: str = ""):
    folder = tmp_case({"school.csv": AGENCY_FILE})
    if decisions:
        (folder / "decisions.toml").write_text(decisions, encoding="utf-8")
    return folder


def test_agency_significance_and_analysis_are_read(tmp_case):
    chron = reviewkit.read_chronology(_folder(tmp_case) / "school.csv", agency="School")
    first = chron.iloc[0]
    assert (first["significance"], first["analysis"]) == (
        "High", "First assault staff witnessed; not reported to police")
    assert chron["summary"].iloc[0] == "Incident: Staff saw Mother kick Child B"
    assert pd.isna(chron["significance"].iloc[-1])


def test_the_reviewer_adds_significance_analysis_and_a_note(tmp_case):
    first = reviewkit.read_chronology(_folder(tmp_case) / "school.csv", agency="School")
    ids = first["entry_id"].tolist()
    decisions = (
        f'[[entry]]\nentry_id = "{ids[0]}"\nanalysis = "Police never told."\n'
        f'note = "Check the school log."\n'
        f'[[entry]]\nentry_id = "{ids[1]}"\nsignificance = true\nanalysis = "Mother sought help."\n'
    )
    chron = reviewkit.read_chronology(_folder(tmp_case, decisions))
    chron = chron.set_index("entry_id").loc[ids]
    assert chron["significance"].tolist() == ["High", "significant"]
    assert chron["analysis"].tolist() == [
        "First assault staff witnessed; not reported to police — Reviewer: Police never told.",
        "Mother sought help.",
    ]
    assert chron["reviewer_note"].tolist() == ["Check the school log.", pd.NA]


def test_significance_must_be_true_false_or_text():
    decisions_from({"entry": [{"entry_id": "c/a.csv:2", "significance": False}]})
    with pytest.raises(DecisionsError, match=r"significance = 3 must be true, false or a text"):
        decisions_from({"entry": [{"entry_id": "c/a.csv:2", "significance": 3}]})


def test_exports_and_the_hover_show_them(tmp_case, tmp_path):
    chron = reviewkit.read_chronology(_folder(tmp_case) / "school.csv", agency="School")
    chron.loc[0, "reviewer_note"] = "Check the school log."
    chron.loc[0, "ages"] = "Child B 5 y 0 m"
    table = export_table(chron)
    assert table.loc[0, ["Significance", "Analysis", "Reviewer note", "Ages"]].tolist() == [
        "High", "First assault staff witnessed; not reported to police", "Check the school log.",
        "Child B 5 y 0 m"]
    back = reviewkit.read_chronology(export_chronology(chron, tmp_path / "c.xlsx"))
    assert back.loc[0, ["significance", "analysis", "reviewer_note", "ages"]].tolist() == [
        "High", "First assault staff witnessed; not reported to police", "Check the school log.",
        "Child B 5 y 0 m"]
    word = docx.Document(str(export_chronology(chron, tmp_path / "c.docx"))).tables[0]
    assert [c.text for c in word.rows[0].cells] == [
        "Date", "Ages", "Agency", "Event", "Details", "Outcome", "Significance", "Analysis",
        "Reviewer note", "Source"]
    points = compute_layout(chron).points
    hover = points.loc[points["date_text"] == "09/02/2015", "hover_summary"].iloc[0]
    assert "Significance: High" in hover and "Reviewer's note: Check the school log." in hover
    assert "Age: Child B 5 y 0 m" in hover and "Analysis: First assault" in hover
    figure = reviewkit.timeline(chron)
    shown = [str(c) for trace in figure.data if trace.customdata is not None for c in trace.customdata]
    assert any("Significance: High<br>" in c for c in shown)


def test_significance_and_analysis_survive_writing_the_decisions_file(tmp_path):
    from reviewkit.review.changes import correct
    from reviewkit.review.decisions import Decisions
    from reviewkit.review.reading import read_decisions
    from reviewkit.review.writing import write_decisions

    decisions = correct(Decisions(), "c/a.csv:2", significance=True, analysis='Police "never" told.',
                        note="Ask the DSL.")
    path = write_decisions(decisions, tmp_path / "decisions.toml")
    back = read_decisions(path).entries["c/a.csv:2"]
    assert (back.significance, back.analysis, back.note) == (
        "significant", 'Police "never" told.', "Ask the DSL.")
