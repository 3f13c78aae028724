"""A plain workbook read from its XML gives the cells openpyxl gives, and anything else goes to
openpyxl (issue 18: loading a case without importing openpyxl)."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.load.readers.xlsx_cells import plain_workbook
from reviewkit.load.readers.xlsx_reader import read_xlsx_tables

ROOT = Path(__file__).resolve().parents[2]


def openpyxl_cells(path: Path) -> dict:
    """What openpyxl reads: every sheet's rows from A1, and its merged ranges, sorted."""
    workbook = openpyxl.load_workbook(path, data_only=True)
    return {title: ([list(row) for row in workbook[title].iter_rows(values_only=True)],
                    sorted((r.min_row, r.min_col, r.max_row, r.max_col) for r in workbook[title].merged_cells.ranges))
            for title in workbook.sheetnames}


def assert_same_cells(path: Path) -> None:
    plain = plain_workbook(path)
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        expected = openpyxl_cells(path)
    if plain is None:  # only a number out of the dates' range in a date cell, which openpyxl warns of
        assert any("outside the limits for dates" in str(w.message) for w in warned), path
        return
    assert list(plain) == list(expected)
    for title, (rows, merged) in plain.items():
        assert (rows, sorted(merged)) == expected[title], title
        types = [[type(cell) for cell in row] for row in rows]
        assert types == [[type(cell) for cell in row] for row in expected[title][0]], title


def test_every_workbook_of_the_repository_reads_as_openpyxl_reads_it():
    workbooks = [p for p in sorted(ROOT.glob("**/*.xlsx")) if ".venv" not in p.parts and "junk" not in p.name]
    # the repository's own (the sample case's three, the awkward test files), and any the notebooks
    # have written beside them in a working copy
    assert len(workbooks) >= 7 and {"childrens_services.xlsx", "merged_header.xlsx"} <= {p.name for p in workbooks}
    for path in workbooks:
        assert_same_cells(path)


_FORMATS = ["General", "0", "0.00", "dd/mm/yyyy", "d-mmm-yy", "h:mm", "[h]:mm:ss", "mm:ss.0",
            "yyyy-mm-dd h:mm", '"Day "0', "[$-809]dd mmmm yyyy", "0%", "@"]
_CELLS = st.one_of(
    st.none(), st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r _x"), max_size=12), st.integers(-10**6, 10**6), st.booleans(),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)).map(lambda d: d.replace(microsecond=0)),
    st.times().map(lambda t: t.replace(microsecond=0)),
)


@given(rows=st.lists(st.lists(st.tuples(_CELLS, st.sampled_from(_FORMATS)), max_size=5), max_size=6),
       merges=st.lists(st.tuples(st.integers(1, 7), st.integers(1, 6), st.integers(0, 2), st.integers(0, 2)),
                       max_size=3),
       mac=st.booleans())
def test_random_workbooks_read_as_openpyxl_reads_them(tmp_path_factory, rows, merges, mac):
    path = tmp_path_factory.mktemp("xlsx") / "random.xlsx"
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.MAC_EPOCH if mac else openpyxl.utils.datetime.WINDOWS_EPOCH
    sheet = workbook.active
    for r, row in enumerate(rows, start=1):
        for c, (value, number_format) in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("="):
                value = "'" + value
            cell = sheet.cell(r, c, value=value)
            cell.number_format = number_format
    taken: set[tuple[int, int]] = set()
    written = any(value is not None or form != "General" for row in rows for value, form in row)
    for row, column, down, across in merges if written else ():  # merged cells alone: left to openpyxl
        covered = {(r, c) for r in range(row, row + down + 1) for c in range(column, column + across + 1)}
        if not covered & taken and len(covered) > 1:
            taken |= covered
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + down, end_column=column + across)
    workbook.create_sheet("Empty")
    workbook.save(path)
    assert_same_cells(path)


_EXCEL_LIKE = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/>'
    '<sheets><sheet name="HV notes" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>',
    "xl/styles.xml": '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>'
    '<numFmt numFmtId="164" formatCode="[$-809]dd\\ mmmm\\ yyyy;@"/><numFmt numFmtId="14" formatCode="0.0"/>'
    '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="46"/>'
    '</cellXfs></styleSheet>',
    "xl/sharedStrings.xml": '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Date'
    '</t></si><si><r><t xml:space="preserve">Seen </t></r><r><rPr><b/></rPr><t>at home</t></r><rPh sb="0" eb="1"><t>x</t>'
    '</rPh></si><si><t/></si><si><t>a_x005F_x000D_b</t></si></sst>',
    "xl/worksheets/sheet1.xml": '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c t="s"><v>1</v></c></row>'
    '<row><c s="1"><v>42044.5</v></c><c s="2"><v>42044</v></c><c s="3"><v>1.25</v></c><c t="b"><v>1</v></c>'
    '</row><row r="4.0"><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="str"><v>text</v></c><c r="D4" t="s">'
    '<v>2</v></c><c r="E4" t="inlineStr"><is><t>inline</t></is></c><c r="F4" t="s"><v>3</v></c>'
    '<c r="G4" s="1"/></row></sheetData><mergeCells count="1"><mergeCell ref="A4:A5"/></mergeCells>'
    '</worksheet>',
}


def test_an_excel_written_workbook_reads_as_openpyxl_reads_it(tmp_path):
    """Shared strings with formatted and phonetic runs, a 1904 workbook, a custom date format
    and a redefined built-in one, a duration, cells and rows without a reference, a row number
    written as 3.0, errors, formula text, inline strings."""
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, xml in _EXCEL_LIKE.items():
            archive.writestr(name, xml)
    assert_same_cells(path)
    rows = plain_workbook(path)["HV notes"][0]
    assert rows[0] == ["Date", "Seen at home", None, None, None, None, None]
    assert rows[1][:4] == [dt.datetime(2019, 2, 10, 12, 0), 42044, dt.timedelta(days=1.25), True]


@pytest.mark.parametrize("change", ["formula", "comment", "hyperlink"])
def test_what_makes_openpyxl_add_or_compute_cells_is_left_to_it(tmp_path, change):
    path = tmp_path / f"{change}.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Notes"])
    sheet.append([dt.datetime(2015, 4, 3), "Visit"])
    if change == "formula":
        sheet["C2"] = "=A2+1"
    elif change == "comment":
        sheet["F9"].comment = openpyxl.comments.Comment("checked", "HV")
    else:
        sheet["H12"].hyperlink = "https://example.org"
    workbook.save(path)
    assert plain_workbook(path) is None
    expected = [[cell for cell in row] for row in openpyxl.load_workbook(path, data_only=True).active.values]
    while expected and all(cell is None for cell in expected[-1]):
        expected.pop()
    rows = read_xlsx_tables(path, path.name)[0].rows
    assert len(rows) == len(expected) and len(rows[0]) == len(expected[0])

