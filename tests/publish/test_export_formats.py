"""export_chronology: XLSX, CSV and DOCX files that read back as the same entries."""

from __future__ import annotations

import docx
import openpyxl
import pandas as pd
import pytest

import reviewkit
from reviewkit.interpret.actions import is_action_entry
from reviewkit.publish.as_written import in_date_order
from reviewkit.publish.export import export_chronology, export_table, neutralise_formulas

COMPARED = ["date", "date_latest", "precision", "agency", "event_type", "summary", "outcome"]
TEXTS = ["precision", "agency", "event_type", "summary", "outcome", "subject", "practitioner",
         "attendees", "indicator"]


def _ordered(chronology: pd.DataFrame) -> pd.DataFrame:
    frame = in_date_order(chronology).reset_index(drop=True)
    return frame.astype({c: "string" for c in TEXTS})


@pytest.fixture
def planted(sample_chronology):
    """The sample case with formula-like text planted in it."""
    chron = sample_chronology.copy()
    chron["summary"] = chron["summary"].astype("string")
    chron.loc[chron.index[3], "summary"] = "=HYPERLINK(\"http://x\")"
    chron.loc[chron.index[5], "outcome"] = "-ve screen; +1 follow-up"
    return chron


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "docx"])
def test_round_trip_gives_the_same_entries(tmp_path, planted, suffix):
    path = export_chronology(planted, tmp_path / f"case.{suffix}")
    mapping = {"event_type": "Event"} if suffix == "docx" else None
    back = _ordered(reviewkit.read_chronology(path, mapping=mapping))
    expected = _ordered(planted)
    if suffix != "docx":  # the documented neutralisation: a ' before formula-like text
        expected = neutralise_formulas(expected)
        assert back.loc[expected["summary"].str.startswith("'=").fillna(False), "summary"].tolist() == [
            "'=HYPERLINK(\"http://x\")"]
    columns = COMPARED + (["subject", "practitioner", "attendees", "indicator", "score", "sequence",
                           "case_id"] if suffix != "docx" else [])
    assert len(back) == len(expected)
    pd.testing.assert_frame_equal(back[columns], expected[columns], check_dtype=False,
                                  check_categorical=False)


def test_csv_has_a_byte_order_mark_and_date_order(tmp_path, sample_chronology):
    path = export_chronology(sample_chronology, tmp_path / "c.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert {"Source", "Source row", "Date", "Agency", "Details"} <= set(table.columns)
    dates = in_date_order(sample_chronology)["date"].dropna()
    assert dates.is_monotonic_increasing


def test_xlsx_layout(tmp_path, sample_chronology):
    path = export_chronology(sample_chronology, tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[1:3] == ["Date (sortable)", "Date"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    first = sheet.cell(row=2, column=2)
    assert first.is_date and first.value == in_date_order(sample_chronology)["date"].iloc[0]
    assert sheet.column_dimensions["H"].width > 12  # Details is wide


def test_xlsx_formulas_are_text(tmp_path, planted):
    path = export_chronology(planted, tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(path).active
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_docx_is_a_landscape_table_with_a_repeated_header(tmp_path, sample_chronology):
    path = export_chronology(sample_chronology, tmp_path / "c.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.page_width > section.page_height
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Date", "Ages", "Agency", "Event", "Details",
                                                      "Outcome", "Significance", "Analysis", "Source"]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    written_by_agencies = ~is_action_entry(sample_chronology["entry_id"])
    assert len(table.rows) == int(written_by_agencies.sum()) + 1  # one row per row they wrote
    assert table.rows[1].cells[-1].text.endswith(", row " + str(
        in_date_order(sample_chronology)["source_row"].iloc[0]))


def test_columns_choose_what_is_written(tmp_path, sample_chronology):
    table = export_table(sample_chronology, columns=["date_text", "agency", "summary"])
    assert table.columns.tolist() == ["Date", "Time", "Agency", "Details"]
    with pytest.raises(ValueError, match="Choose from"):
        export_table(sample_chronology, columns=["nickname"])


def test_unknown_suffix_is_refused(tmp_path, sample_chronology):
    with pytest.raises(ValueError, match=r"\.csv, \.xlsx or \.docx"):
        export_chronology(sample_chronology, tmp_path / "c.pdf")
