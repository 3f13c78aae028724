"""Build ``tests/data/awkward/``: small agency files that each have one problem.

Run it with ``python tests/data/build_awkward_files.py``. It is deterministic (fixed
seeds, fixed dates, fixed timestamps inside the Office files), so the files it writes
are byte-identical on every run. ``awkward/EXPECTED.md`` (also written here) says, for
each file, how many non-blank data rows it has and what a loader should do with it.

All content is fictional (role labels only).

Importing this module has no side effects (pytest imports it for doctests).
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
OUT = HERE / "awkward"

FIXED_STAMP = datetime(2024, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def normalise_ooxml(path: Path) -> None:
    """Rewrite an .xlsx/.docx so its bytes do not depend on when it was written."""
    with zipfile.ZipFile(path) as zin:
        members = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    text,
                )
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def new_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.properties.creator = "reviewkit tests"
    wb.properties.lastModifiedBy = "reviewkit tests"
    wb.properties.created = FIXED_STAMP
    wb.properties.modified = FIXED_STAMP
    return wb


def save_workbook(wb: openpyxl.Workbook, name: str) -> None:
    path = OUT / name
    wb.save(path)
    normalise_ooxml(path)


def new_document() -> docx.Document:
    document = docx.Document()
    props = document.core_properties
    props.author = "reviewkit tests"
    props.last_modified_by = "reviewkit tests"
    props.created = FIXED_STAMP
    props.modified = FIXED_STAMP
    props.revision = 1
    return document


def save_document(document, name: str) -> None:
    path = OUT / name
    document.save(path)
    normalise_ooxml(path)


def csv_text(rows: list[list[str]], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(name: str, rows: list[list[str]], encoding: str = "utf-8", newline: str = "\n") -> None:
    (OUT / name).write_bytes(csv_text(rows, newline).encode(encoding))


# ---------------------------------------------------------------------------
# CSV files
# ---------------------------------------------------------------------------


def build_csvs() -> None:
    write_csv("missing_date_column.csv", [
        ["Agency", "Event", "Details", "Practitioner"],
        ["School", "Welfare check", "Child A arrived hungry.", "DSL"],
        ["School", "Referral", "Referral to Children's Services about Child B.", "DSL"],
        ["Health Visiting", "Home visit", "Child C seen at home.", "Health Visitor"],
    ])

    write_csv("no_rows.csv", [["Date", "Time", "Event", "Details"]])

    (OUT / "empty.csv").write_bytes(b"")

    write_csv("all_dates_unreadable.csv", [
        ["Date", "Event", "Details"],
        ["unknown", "Home visit", "Child A seen."],
        ["tbc", "Core group", "Core group meeting."],
        ["see notes", "Telephone call", "Mother rang the duty line."],
        ["32/13/2015", "Referral", "Referral from school."],
    ])

    write_csv("duplicate_headers.csv", [
        ["Date", "Time", "Date", "Event", "Details"],
        ["09/02/2015", "12:40", "10/02/2015", "Incident", "Mother seen to kick Child B (recorded next day)."],
        ["09/02/2015", "16:10", "09/02/2015", "Referral", "Referral to Children's Services."],
        ["24/02/2015", "10:00", "02/03/2015", "RCPC", "Review conference (minutes typed 02/03/2015)."],
    ])

    write_csv("cp1252.csv", [
        ["Date", "Event", "Details"],
        ["26/01/2015", "Referral", "Scratch to Child A’s neck; Mother’s account: Paternal Grandmother."],
        ["15/12/2014", "Home visit", "£20 food bank voucher given."],
        ["16/05/2015", "Police incident", "Fight outside the Anytown Café – Father arrested."],
    ], encoding="cp1252", newline="\r\n")

    write_csv("utf8_bom.csv", [
        ["Date", "Event", "Details"],
        ["02/06/2014", "Referral", "Joint referral (neglect)."],
        ["05/06/2014", "Strategy discussion", "Section 47 enquiries agreed."],
        ["25/06/2014", "ICPC", "Children registered under neglect."],
    ], encoding="utf-8-sig", newline="\r\n")

    write_csv("date_and_time_columns.csv", [
        ["Date", "Time", "Event", "Details"],
        ["09/02/2015", "12:40", "Incident", "Mother seen to kick Child B in the playground."],
        ["09/02/2015", "16:10", "Referral", "DSL telephoned Children's Services."],
        ["10/02/2015", "", "Home visit", "Child B seen at home (no time recorded)."],
        ["11/02/2015", "09:05", "Welfare check", "Child B checked on arrival."],
    ])

    # Blank lines and a row of only commas, written by hand so the layout is exact.
    blank_rows = (
        "Date,Time,Event,Details\n"            # row 1 (header)
        "26/01/2015,09:05,Injury,Scratch to Child A's neck.\n"  # row 2
        "\n"                                     # row 3 (blank)
        "26/01/2015,10:30,Referral,DSL telephoned Children's Services.\n"  # row 4
        "\n"                                     # row 5 (blank)
        "\n"                                     # row 6 (blank)
        ",,,\n"                                  # row 7 (only commas)
        "27/01/2015,14:00,Medical,Child protection medical.\n"  # row 8
        "\n"                                     # row 9 (trailing blank)
    )
    (OUT / "blank_rows.csv").write_bytes(blank_rows.encode("utf-8"))

    write_csv("impossible_dates.csv", [
        ["Date", "Event", "Details"],
        ["08/02/2015", "Home visit", "Children seen."],
        ["29/02/2015", "Core group", "2015 is not a leap year."],
        ["12/13/2015", "Telephone call", "Month 13 (a US-style or mistyped date)."],
        ["10/02/2015", "Home visit", "Child B seen."],
    ])

    write_csv("formula_like.csv", [
        ["Date", "Event", "Details"],
        ["09/02/2015", "Note", '=HYPERLINK("http://example.invalid","click here")'],
        ["10/02/2015", "Telephone call", "+44 1632 960000 rang the duty line"],
        ["11/02/2015", "Result", "-ve drug screen (Mother)"],
        ["12/02/2015", "Note", "@Social Worker please review"],
    ])

    rng = random.Random(20150209)
    junk = bytearray(rng.randbytes(1024))
    for i in range(0, len(junk), 37):
        junk[i] = 0  # make sure there are NUL bytes throughout
    (OUT / "binary_junk.csv").write_bytes(bytes(junk))


# ---------------------------------------------------------------------------
# XLSX files
# ---------------------------------------------------------------------------


def build_xlsx() -> None:
    # header_not_row1.xlsx: title rows, then the header on row 4
    wb = new_workbook()
    ws = wb.active
    ws.title = "Chronology"
    ws["A1"] = "Anytown Primary School"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Chronology for the Child Practice Review"
    header = ["Date", "Time", "Event", "Details", "Practitioner"]
    for col, heading in enumerate(header, start=1):
        ws.cell(row=4, column=col, value=heading).font = Font(bold=True)
    rows = [
        (datetime(2015, 1, 26), "09:05", "Injury", "Scratch to Child A's neck.", "Class Teacher"),
        (datetime(2015, 1, 26), "10:30", "Referral", "DSL telephoned Children's Services.", "DSL"),
        (datetime(2015, 2, 9), "12:40", "Incident", "Mother seen to kick Child B.", "Lunchtime Supervisor"),
        (datetime(2015, 2, 9), "16:10", "Referral", "DSL telephoned Children's Services.", "DSL"),
        (datetime(2015, 2, 24), "10:00", "RCPC", "DSL attended the review conference.", "DSL"),
    ]
    for r, row in enumerate(rows, start=5):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
    save_workbook(wb, "header_not_row1.xlsx")

    # merged_header.xlsx: "Event" merged over C1:D1; date merged over A2:A3
    wb = new_workbook()
    ws = wb.active
    ws.title = "Chronology"
    ws["A1"], ws["B1"], ws["C1"], ws["E1"] = "Date", "Time", "Event", "Practitioner"
    ws.merge_cells("C1:D1")
    data = [
        (datetime(2015, 2, 9), "12:40", "Incident", "Mother seen to kick Child B in the playground.",
         "Lunchtime Supervisor"),
        (None, "16:10", "Referral", "DSL telephoned Children's Services.", "DSL"),
        (datetime(2015, 2, 10), "11:00", "Home visit", "Child B seen at home.", "Social Worker"),
        (datetime(2015, 2, 24), "10:00", "RCPC", "Review conference.", "Independent Reviewing Officer"),
    ]
    for r, row in enumerate(data, start=2):
        for col, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
    ws.merge_cells("A2:A3")
    save_workbook(wb, "merged_header.xlsx")

    # wrong_sheet.xlsx: sheets "Sheet1" and "Data", no "Chronology"
    wb = new_workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "See the sheet 'Data'."
    data_ws = wb.create_sheet("Data")
    for col, heading in enumerate(["Date", "Event", "Details"], start=1):
        data_ws.cell(row=1, column=col, value=heading)
    for r, row in enumerate([
        (datetime(2014, 6, 2), "Referral", "Joint referral (neglect)."),
        (datetime(2014, 6, 5), "Strategy discussion", "Section 47 enquiries agreed."),
        (datetime(2014, 6, 25), "ICPC", "Children registered under neglect."),
    ], start=2):
        for col, value in enumerate(row, start=1):
            cell = data_ws.cell(row=r, column=col, value=value)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
    save_workbook(wb, "wrong_sheet.xlsx")

    # excel_serials.xlsx: numeric serials, a real date, and text that must NOT become serials
    wb = new_workbook()
    ws = wb.active
    ws.title = "Chronology"
    ws["A1"], ws["B1"], ws["C1"] = "Date", "Event", "Details"
    cells = [
        (42044, "General", "Incident", "Numeric serial 42044 = 09/02/2015."),
        (datetime(2015, 2, 10), "dd/mm/yyyy", "Home visit", "A real date cell: 10/02/2015."),
        ("2015", "@", "Attendance", "Text '2015': the year 2015, not a serial."),
        ("42044", "@", "Note", "Text '42044': not a date (text is never a serial)."),
        (42044.5, "General", "Referral", "Numeric serial 42044.5 = 09/02/2015 12:00."),
    ]
    for r, (value, fmt, event, details) in enumerate(cells, start=2):
        cell = ws.cell(row=r, column=1, value=value)
        cell.number_format = fmt
        ws.cell(row=r, column=2, value=event)
        ws.cell(row=r, column=3, value=details)
    save_workbook(wb, "excel_serials.xlsx")

    rng = random.Random(42044)
    junk = rng.randbytes(2048)
    if junk[:2] == b"PK":  # never look like a ZIP by accident
        junk = b"\x00\x00" + junk[2:]
    (OUT / "binary_junk.xlsx").write_bytes(junk)


# ---------------------------------------------------------------------------
# DOCX files
# ---------------------------------------------------------------------------

DOCX_HEADER = ["Date", "Time", "Incident", "Action taken", "Staff member"]


def add_table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(DOCX_HEADER))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, DOCX_HEADER):
        cell.text = heading
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value


def build_docx() -> None:
    document = new_document()
    document.add_heading("Anytown Primary School - chronology", level=1)
    document.add_paragraph("Spring term 2015.")
    add_table(document, [
        ["26 January 2015", "09:05", "Scratch to Child A's neck seen at registration.",
         "DSL telephoned Children's Services at 10:30.", "Class Teacher"],
        ["9 February 2015", "12:40", "Mother seen to kick Child B in the playground.",
         "Headteacher told at 14:30.", "Lunchtime Supervisor"],
        ["9 February 2015", "16:10", "DSL telephoned Children's Services.",
         "Referral made. Police not contacted.", "DSL"],
    ])
    document.add_paragraph("Summer term 2015 (continued in a second table).")
    add_table(document, [
        ["25 March 2015", "10:50", "Child A said 'uncle smacks us'.",
         "DSL telephoned the Social Worker at 11:30.", "Class Teacher"],
        ["16 July 2015", "10:00", "DSL attended the core group.", "", "DSL"],
    ])
    save_document(document, "docx_two_tables.docx")

    document = new_document()
    document.add_heading("Anytown Primary School - letter to the review", level=1)
    document.add_paragraph(
        "On 26 January 2015 staff saw a scratch to Child A's neck and the DSL telephoned "
        "Children's Services."
    )
    document.add_paragraph(
        "On 9 February 2015 at 12:40 staff saw Mother kick Child B; the DSL telephoned "
        "Children's Services at 16:10."
    )
    save_document(document, "docx_no_table.docx")


# ---------------------------------------------------------------------------
# EXPECTED.md
# ---------------------------------------------------------------------------

EXPECTED = """\
# Awkward input files: what a loader should do

Written by `tests/data/build_awkward_files.py` (deterministic). Each file has one
problem. "Rows" is the number of **non-blank data rows** (below the header). Row numbers
are as a spreadsheet program shows them, header included. All content is fictional.

Errors are reviewkit errors (`reviewkit.LoadError`, a `ValueError`) whose message names the
file (and row/column/sheet where there is one) and says how to fix it: never a raw
pandas/openpyxl/zipfile/UnicodeDecodeError traceback. "Issues" means the row is kept and its
`issues` column says what could not be read (with a `reviewkit.DataQualityWarning`).

| file | rows | problem | a loader should |
|---|---|---|---|
| `missing_date_column.csv` | 3 | headings `Agency, Event, Details, Practitioner`: nothing date-like | raise `LoadError` naming the file, listing the headings found and saying to add a date column or map one (`date = "..."`) |
| `no_rows.csv` | 0 | header `Date,Time,Event,Details` only | return an empty chronology (0 entries, all chronology columns at their types); the load report says the file has no data rows; no exception |
| `empty.csv` | 0 | 0 bytes | raise `LoadError` saying the file is empty (names the file); not pandas' `EmptyDataError` |
| `all_dates_unreadable.csv` | 4 | dates `unknown`, `tbc`, `see notes`, `32/13/2015` | keep all 4 entries with `date`/`date_latest` NaT, `date_text` as written and a reason in `issues`; warn (`DataQualityWarning`) that no date in the file could be read (is the date column right?) |
| `duplicate_headers.csv` | 3 | two columns headed `Date` (columns 1 and 3: incident date and date recorded) | not pick one silently: raise `LoadError` naming the heading `Date` and its columns (1 and 3, A and C) and saying to rename one heading |
| `header_not_row1.xlsx` | 5 | sheet `Chronology`: title in A1, subtitle in A2, row 3 blank, **header on row 4**, data rows 5-9 | find the header on row 4; 5 entries with `source_row` 5..9; dates 26/01/2015 (x2), 09/02/2015 (x2), 24/02/2015 with times 09:05, 10:30, 12:40, 16:10, 10:00 |
| `merged_header.xlsx` | 4 | header `Event` merged over C1:D1 (C = event type, D = description, D1 empty); the date cell A2:A3 merged vertically (09/02/2015) | read both C and D as part of `Event` (neither dropped: e.g. C as the event, D as details, or the two joined); give the merged date to **both** rows 2 and 3 (09/02/2015 12:40 and 09/02/2015 16:10); rows 4-5: 10/02/2015 11:00, 24/02/2015 10:00 |
| `wrong_sheet.xlsx` | 3 (sheet `Data`) | sheets `Sheet1` and `Data`; tests ask for sheet `Chronology` | raise `LoadError` (or `ManifestError` from a manifest) naming the file, the sheet asked for and the sheets there are (`Sheet1`, `Data`); with `sheet="Data"` load 3 entries (02/06/2014, 05/06/2014, 25/06/2014) |
| `binary_junk.xlsx` | - | 2,048 random bytes (seed 42044), not a ZIP | raise `LoadError`: not a readable Excel file (names the file); no `BadZipFile` traceback |
| `binary_junk.csv` | - | 1,024 random bytes (seed 20150209) with NUL bytes | raise `LoadError`: the file is not text / looks binary (names the file) |
| `cp1252.csv` | 3 | Windows-1252 (CRLF) with `’`, `£`, `–`, `é`; invalid as UTF-8 | detect the encoding (or fall back to cp1252) and read the text exactly: `Child A’s`, `£20`, `Café – Father`; optionally note the encoding in the load report |
| `utf8_bom.csv` | 3 | UTF-8 with a byte-order mark (CRLF) | the first heading reads `Date` (not `\\ufeffDate`); 3 entries 02/06/2014, 05/06/2014, 25/06/2014 |
| `excel_serials.xlsx` | 5 | `Date` column: numeric 42044, a real date cell, text `2015`, text `42044`, numeric 42044.5 | row 2: 09/02/2015 (day); row 3: 10/02/2015 (day); row 4: the year 2015 (01/01/2015-31/12/2015, precision `year`); row 5: **not** a serial: NaT with an issue (text is never read as a serial); row 6: 09/02/2015 12:00 (instant) |
| `date_and_time_columns.csv` | 4 | separate `Date` and `Time` columns; one time blank | combine: 09/02/2015 12:40 and 16:10, 11/02/2015 09:05 as instants (`date == date_latest`); 10/02/2015 with no time is the whole day (precision `day`) |
| `blank_rows.csv` | 3 | blank lines at rows 3, 5, 6, 9 and a row of only commas at row 7 | skip the blank rows and the commas-only row (not entries, not issues); 3 entries with `source_row` 2, 4, 8 |
| `impossible_dates.csv` | 4 | `29/02/2015` (not a leap year), `12/13/2015` (month 13) among good dates | keep all 4; rows 2 and 5 read as 08/02/2015 and 10/02/2015; rows 3 and 4 NaT with the reason in `issues` (2015 has no 29 February; there is no month 13); never swap day and month |
| `formula_like.csv` | 4 | `Details` start with `=`, `+`, `-`, `@` | keep the text exactly as written, as strings (no evaluation; `+44 1632 960000 ...` is not a number); exports to XLSX/CSV neutralise these cells |
| `docx_two_tables.docx` | 5 (3 + 2) | a Word document with two chronology tables with the same headings, separated by a paragraph | read both tables: 5 entries in document order; the entries say which table they came from (e.g. `#table1`, `#table2` where a sheet name would go) and their row in it (header = row 1) |
| `docx_no_table.docx` | 0 | a Word document with paragraphs (including dates) but no table | raise `LoadError`: no table found in the document (names the file; suggests saving the chronology as a table or spreadsheet) |
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    build_csvs()
    build_xlsx()
    build_docx()
    (OUT / "EXPECTED.md").write_text(EXPECTED, encoding="utf-8")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name:30s} {path.stat().st_size:7d} bytes")


if __name__ == "__main__":
    main()
