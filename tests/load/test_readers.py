"""Readers: CSV encodings and delimiters, Excel cell types and merged cells, Word tables."""

from __future__ import annotations

import csv
import datetime as dt
import io

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewkit.exceptions import LoadError
from reviewkit.load.readers import read_tables
from reviewkit.load.readers.csv_reader import decode_text


def test_csv_utf8_with_bom_loses_the_bom(tmp_path):
    path = tmp_path / "gp.csv"
    path.write_bytes("\ufeffDate,Notes\n03/04/2015,Seen\n".encode("utf-8"))
    (table,) = read_tables(path)
    assert table.rows[0] == ["Date", "Notes"]
    assert "UTF-8" in table.notes[0]


def test_csv_windows_1252_is_decoded(tmp_path):
    path = tmp_path / "police.csv"
    path.write_bytes("Date,Summary\n03/04/2015,Mother’s £20\n".encode("cp1252"))
    (table,) = read_tables(path)
    assert table.rows[1] == ["03/04/2015", "Mother’s £20"]
    assert "Windows-1252" in table.notes[0]


def test_csv_semicolon_delimiter_is_sniffed(tmp_path):
    path = tmp_path / "school.csv"
    path.write_text("Date;Incident;Notes\n03/04/2015;Fall;Knee, grazed\n")
    (table,) = read_tables(path)
    assert table.rows[1] == ["03/04/2015", "Fall", "Knee, grazed"]


def test_csv_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Date,Notes\n\n03/04/2015,a\n,\n04/04/2015,b\n")
    (table,) = read_tables(path)
    assert table.row_numbers == [1, 2, 3, 4, 5]
    assert table.rows[3] == [None, None]


def test_binary_csv_is_refused_in_words(tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(LoadError, match=r"junk.csv: this does not look like a CSV file"):
        read_tables(path)


def test_empty_file_is_refused_in_words(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(LoadError, match=r"empty.csv: the file is empty \(0 bytes\)"):
        read_tables(path)


@pytest.mark.parametrize(
    ("name", "message"),
    [("old.xls", "old-style Office file"), ("notes.pdf", "cannot read .pdf files")],
)
def test_unsupported_files_say_what_to_do(tmp_path, name, message):
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(LoadError, match=message):
        read_tables(path)


def test_xlsx_keeps_cell_types_and_fills_merged_cells(tmp_path):
    path = tmp_path / "csc.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Northshire Council", None, None])
    sheet.merge_cells("A1:C1")
    sheet.append(["Date", "Time", "Event"])
    sheet.append([dt.datetime(2015, 2, 9), dt.time(12, 40), "Kick seen"])
    sheet.append([None, 42044, "2015"])
    sheet.merge_cells("A3:A4")
    workbook.create_sheet("Notes").append(["Not a chronology"])
    workbook.save(path)
    tables = read_tables(path)
    assert [t.source for t in tables] == ["csc.xlsx#Chronology", "csc.xlsx#Notes"]
    rows = tables[0].rows
    assert rows[0] == ["Northshire Council"] * 3
    assert rows[2] == [dt.datetime(2015, 2, 9), dt.time(12, 40), "Kick seen"]
    assert rows[3] == [dt.datetime(2015, 2, 9), 42044, "2015"]
    assert "merged" in tables[0].notes[0]


def test_xlsx_one_named_sheet_and_a_wrong_name(tmp_path):
    path = tmp_path / "w.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.create_sheet("Data")
    workbook.save(path)
    assert [t.source for t in read_tables(path, sheet="Data")] == ["w.xlsx#Data"]
    with pytest.raises(LoadError, match=r"no sheet called 'Chronology'. The sheets are: 'Sheet1', 'Data'"):
        read_tables(path, sheet="Chronology")


def test_xlsx_of_random_bytes_is_refused_in_words(tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(LoadError, match=r"junk.xlsx: this is not a readable Excel workbook"):
        read_tables(path)


def test_sheet_named_for_a_csv_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Date\n")
    with pytest.raises(LoadError, match="only Excel workbooks have sheets"):
        read_tables(path, sheet="Chronology")


def _document(path, tables):
    document = docx.Document()
    document.add_paragraph("School chronology")
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.save(path)


def test_docx_tables_become_numbered_tables(tmp_path):
    path = tmp_path / "school.docx"
    rows = [["Date", "Incident"], ["9 February 2015", "Kick seen"], ["", ""]]
    _document(path, [rows, rows])
    tables = read_tables(path)
    assert [t.source for t in tables] == ["school.docx#table1", "school.docx#table2"]
    assert tables[0].rows == [["Date", "Incident"], ["9 February 2015", "Kick seen"], [None, None]]


def test_docx_without_a_table_says_so(tmp_path):
    path = tmp_path / "letter.docx"
    docx.Document().save(path)
    with pytest.raises(LoadError, match="has no table"):
        read_tables(path)


def test_decode_text_refuses_undecodable_bytes():
    with pytest.raises(LoadError, match="neither UTF-8 nor Windows-1252"):
        decode_text(b"\x81\x8d\x8f", "x.csv")


text_cells = st.text(
    alphabet=st.characters(codec="cp1252", exclude_categories=("Cc", "Cs")), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(text_cells, min_size=3, max_size=3), min_size=1, max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_csv_cells_round_trip_in_every_encoding(tmp_path_factory, rows, encoding):
    header = ["Date", "Event", "Notes"]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path = tmp_path_factory.mktemp("csv") / "rows.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    (table,) = read_tables(path)
    expected = [[cell if cell.strip() else None for cell in row] for row in rows]
    assert table.rows[0] == header
    assert table.rows[1:] == expected
