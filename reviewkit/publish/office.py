"""The Excel and Word writers behind :func:`reviewkit.publish.export.export_chronology`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

#: Heading of the real Excel date written beside the date as the agency wrote it.
SORTABLE_DATE = "Date (sortable)"

#: Column widths (cm) of the Word table, by heading: Date, Agency, Event, Details, Outcome, Source,
#: and the reviewer's columns when some entry has them.
_DOCX_WIDTHS = {"Date": 3.2, "Agency": 3.2, "Event": 3.8, "Details": 9.5, "Outcome": 3.9, "Source": 3.1,
                "Ages": 2.8, "Significance": 2.6, "Analysis": 5.0, "Reviewer note": 4.0}

_COARSE_FORMAT = {"month": "mmmm yyyy", "season": "mmm yyyy", "year": "yyyy"}
_WIDTHS = {"Details": 70, "Outcome": 45, "Attendees": 35, "Tags": 30, "Entry id": 40, "Issues": 40}


def write_xlsx(table: pd.DataFrame, dates: pd.Series, path: Path, *, coarsen: str | None = None) -> None:
    """Write the export ``table`` as one sheet, with a real Excel date before ``Date``.

    Control characters (NUL, escape, form feed...), which a workbook cannot hold, are left
    out of the text, as Word tables leave them out (:func:`write_docx`).
    With ``coarsen`` the real dates show only the month or year (they are the period's start).

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.xlsx"
    >>> write_xlsx(pd.DataFrame({"Date": ["March 2015"], "Details": ["Visit"]}),
    ...            pd.Series(pd.to_datetime(["2015-03-01"])), p)
    >>> [c.value for c in openpyxl.load_workbook(p).active[1]]
    ['Date (sortable)', 'Date', 'Details']
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    headings = list(table.columns)
    with_date = "Date" in headings
    if with_date:
        headings.insert(headings.index("Date"), SORTABLE_DATE)
    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    values = table.astype(object).where(table.notna(), None).to_numpy().tolist()
    date_at = headings.index(SORTABLE_DATE) if with_date else None
    for row, when in zip(values, dates.tolist()):
        # control characters (NUL, escape...) cannot be stored in a workbook: they are left out
        row = [None if v == "" else ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        if date_at is not None:
            row.insert(date_at, None if pd.isna(when) else when.to_pydatetime())
        sheet.append(row)
    for cell in sheet[1]:
        column = cell.column_letter
        if cell.value == SORTABLE_DATE:
            for (dated,) in sheet.iter_rows(min_row=2, min_col=cell.column, max_col=cell.column):
                dated.number_format = _COARSE_FORMAT.get(coarsen) or (
                    "dd/mm/yyyy hh:mm" if _has_time(dated.value) else "dd/mm/yyyy")
        width = _WIDTHS.get(cell.value, max(12, min(30, len(str(cell.value)) + 4)))
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{sheet.max_row}"
    book.save(path)


def _has_time(value: object) -> bool:
    return value is not None and (value.hour or value.minute)


def docx_rows(chronology: pd.DataFrame) -> pd.DataFrame:
    """The Word table's rows (text), in date order.

    Examples
    --------
    >>> import reviewkit, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d")
    >>> docx_rows(chron).iloc[0][["Date", "Agency", "Source"]].tolist()
    ['14/03/2009', 'GP', 'gp.csv, row 2']
    """
    from reviewkit.interpret.vocabulary_file import load_vocabulary
    from reviewkit.publish.as_written import date_as_written, in_date_order, time_if_not_written

    ordered = in_date_order(chronology)
    labels = {key: value.label for key, value in load_vocabulary().event_types.items()}
    time = time_if_not_written(ordered)
    date = date_as_written(ordered) + time.mask(time.ne(""), " " + time)
    row = ordered["source_row"].astype("string")
    table = pd.DataFrame({
        "Date": date,
        "Agency": ordered["agency"].astype("string").fillna(ordered["agency_raw"]).fillna(""),
        "Event": ordered["event_type"].astype("string").map(labels, na_action="ignore").fillna(""),
        "Details": ordered["summary"].astype("string").fillna(""),
        "Outcome": ordered["outcome"].astype("string").fillna(""),
        "Source": (ordered["source"].astype("string") + row.mask(row.notna(), ", row " + row).fillna(""))
        .fillna(""),
    })  # fmt: skip
    # The reviewer's columns, only when some entry has them (a Word table has little width).
    for position, (heading, name) in ((1, ("Ages", "ages")), (6, ("Significance", "significance")),
                                      (7, ("Analysis", "analysis")), (8, ("Reviewer note", "reviewer_note"))):
        if name in ordered and ordered[name].notna().any():
            table.insert(min(position, len(table.columns) - 1), heading,
                         ordered[name].astype("string").fillna(""))
    return table.reset_index(drop=True)


def write_docx(rows: pd.DataFrame, path: Path, *, title: str = "Multi-agency chronology",
               widths: Mapping[str, float] | None = None) -> None:
    """Write :func:`docx_rows` (or another table of text) as a landscape Word table with a repeated
    header row; ``widths`` gives columns their width in cm (scaled to the page), by heading."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(title, level=1)
    table = document.add_table(rows=1, cols=len(rows.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, heading in zip(header.cells, rows.columns):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for values in rows.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = _printable(value)
    sizes = {**_DOCX_WIDTHS, **(widths or {})}
    wanted = [sizes.get(heading, 4.0) for heading in rows.columns]
    scale = min(1.0, 26.7 / sum(wanted))  # the page's width between the margins
    for column, width in zip(table.columns, [Cm(w * scale) for w in wanted]):
        for cell in column.cells:
            cell.width = width
    document.save(str(path))


def _printable(text: str) -> str:
    """Drop the control characters Word cannot store (keep tabs and line breaks)."""
    return "".join(ch for ch in str(text) if ch in "\t\n" or ch >= " " or ch == "\r").replace("\r", "")
