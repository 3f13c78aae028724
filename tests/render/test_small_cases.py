"""Charts of small or unusual cases draw instead of crashing (issue 15, "Crashes")."""

from __future__ import annotations

import warnings

import pandas as pd

import reviewkit
from reviewkit import DataQualityWarning
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.render import plot_timeline
from reviewkit.render.chart_tables import who_knew_table
from reviewkit.render.layout import compute_layout


def _two_entries_a_day_apart() -> pd.DataFrame:
    frame = pd.DataFrame({
        "Date": ["03/04/2015", "04/04/2015"], "Agency": ["Police", "GP"],
        "Notes": ["Police attended a domestic incident reported by a neighbour", "Seen for a cough"],
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return reviewkit.read_chronology(frame, case_id="c1")


def test_who_knew_table_of_a_case_with_no_concern_is_empty(chron):
    concern_types = set(load_vocabulary().group("concern"))
    calm = chron[~chron["event_type"].astype("object").isin(concern_types)]
    table = who_knew_table(calm)
    assert table.empty
    assert table.columns.tolist() == ["concern", "concern_label", "agency", "knew_from", "days_after_first"]
    assert str(table["knew_from"].dtype) == "datetime64[ns]"


def test_report_of_a_case_with_no_concern_is_written(chron, tmp_path):
    from reviewkit.publish.report import export_report

    concern_types = set(load_vocabulary().group("concern"))
    calm = chron[~chron["event_type"].astype("object").isin(concern_types)].reset_index(drop=True)
    path = export_report(calm, reviewkit.detect(calm), tmp_path / "report.html")
    assert "<html" in path.read_text("utf-8").lower()


def test_print_timeline_of_two_entries_a_day_apart_draws_both():
    chronology = _two_entries_a_day_apart()
    assert chronology["event_type"].astype("object").tolist()[0] == "domestic_abuse_incident"
    layout = compute_layout(chronology, reviewkit.detect(chronology))
    assert len(layout.points) == 2
    assert layout.x_range is None  # nothing is left out, so no 'earlier entries' period
    assert not any("earlier" in note for note in layout.notes)
    ax = plot_timeline(chronology, reviewkit.detect(chronology))
    assert ax.collections or ax.lines or ax.patches
