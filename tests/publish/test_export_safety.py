"""Exports are safe to open: control characters never stop an XLSX, formulas never run (issue 15)."""

from __future__ import annotations

import openpyxl
import pandas as pd

import reviewkit
from reviewkit.publish.export import export_chronology


def _chronology(texts):
    frame = pd.DataFrame({"Date": ["03/04/2015"] * len(texts), "Agency": "GP", "Notes": texts})
    return reviewkit.read_chronology(frame, case_id="c1")


def test_control_characters_are_left_out_of_an_xlsx_export(tmp_path):
    chronology = _chronology(["Seen\x00 at\x1b home\x0c", "Visit\tand\ncall"])
    path = export_chronology(chronology, tmp_path / "c.xlsx")  # was openpyxl IllegalCharacterError
    details = [row[0].value for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2, min_col=8, max_col=8)]
    header = [c.value for c in openpyxl.load_workbook(path).active[1]]
    assert header[7] == "Details"
    assert details[0] == "Seen at home"
    assert not any(ch in text for text in details for ch in "\x00\x1b\x0c")
    export_chronology(chronology, tmp_path / "c.docx")


def test_formula_cells_are_neutralised_in_csv_and_xlsx(tmp_path):
    chronology = _chronology(['=HYPERLINK("http://x","click")', "+44 7700 900123", "@SUM(A1)", "Visit"])
    csv = pd.read_csv(export_chronology(chronology, tmp_path / "c.csv"), encoding="utf-8-sig", dtype=str)
    assert sorted(csv["Details"]) == sorted(["'=HYPERLINK(\"http://x\",\"click\")", "'+44 7700 900123",
                                             "'@SUM(A1)", "Visit"])
    sheet = openpyxl.load_workbook(export_chronology(chronology, tmp_path / "c.xlsx")).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
