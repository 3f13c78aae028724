"""Read the sheets of an Excel workbook, keeping each cell's type and filling merged cells."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.raw_table import RawTable


def read_xlsx_tables(path: Path, name: str, *, sheet: str | None = None) -> list[RawTable]:
    """Read every sheet (or the one named) of a workbook into raw tables.

    Cells keep the type Excel stored: text stays ``str``, date cells become ``datetime``,
    time cells ``time``, numbers ``int``/``float``. A merged range gives its value to every
    cell it covers, so a date merged over two rows dates both.

    Examples
    --------
    >>> import tempfile, pathlib, datetime
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hv.xlsx"
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Chronology"
    >>> ws.append(["Date", "Notes"]); ws.append([datetime.datetime(2015, 4, 3), "Visit"])
    >>> wb.save(p)
    >>> [(t.source, t.rows[1][0].day) for t in read_xlsx_tables(p, "hv.xlsx")]
    [('hv.xlsx#Chronology', 3)]
    """
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise LoadError(
            f"{name}: this is not a readable Excel workbook ({type(error).__name__}). It may be "
            f"damaged, password-protected, or another kind of file renamed to .xlsx."
        ) from error
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        raise LoadError(
            f"{name}: there is no sheet called {sheet!r}. The sheets are: "
            f"{', '.join(repr(n) for n in names)}."
        )
    chosen = [sheet] if sheet is not None else names
    formulas = _unsaved_formulas(path, workbook, chosen)
    return [_read_sheet(workbook[title], f"{name}#{title}", formulas.get(title, {})) for title in chosen]


def _unsaved_formulas(path: Path, workbook, titles: list[str]) -> dict[str, dict[tuple[int, int], str]]:
    """The formulas whose value the workbook does not hold, by sheet and ``(row, column)`` from 1.

    A workbook written by a program other than Excel (or saved without calculating) may keep a
    formula without its result; read for its values, such a cell looks empty. Only a workbook
    that holds formulas is read a second time, for them.
    """
    with zipfile.ZipFile(path) as archive:
        if not any(b"<f" in archive.read(item) for item in archive.namelist()
                   if item.startswith("xl/worksheets/") and item.endswith(".xml")):
            return {}
    written = openpyxl.load_workbook(path, data_only=False, read_only=True)
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for title in titles:
            values = workbook[title]
            for r, row in enumerate(written[title].iter_rows(values_only=True), start=1):
                for c, cell in enumerate(row, start=1):
                    text = getattr(cell, "text", cell)  # an array formula keeps its text apart
                    if isinstance(text, str) and text.startswith("=") and values.cell(r, c).value is None:
                        found.setdefault(title, {})[(r, c)] = text
    finally:
        written.close()
    return found


def _read_sheet(worksheet, source: str, formulas: dict[tuple[int, int], str] | None = None) -> RawTable:
    rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
    notes = []
    for (r, c), text in (formulas or {}).items():
        rows[r - 1][c - 1] = text
    if formulas:
        (r, c), text = min(formulas.items())
        notes.append(
            f"{len(formulas)} cell(s) hold a formula with no saved value, e.g. {get_column_letter(c)}{r} "
            f"({text[:40]}): they are read as the formula's text. Open the workbook in Excel and "
            f"save it, so that their values are saved, then load it again"
        )
    merged = list(worksheet.merged_cells.ranges)
    for cell_range in merged:
        value = rows[cell_range.min_row - 1][cell_range.min_col - 1]
        for r in range(cell_range.min_row - 1, min(cell_range.max_row, len(rows))):
            for c in range(cell_range.min_col - 1, cell_range.max_col):
                rows[r][c] = value
    if merged:
        notes.append(f"{len(merged)} merged cell range(s) filled with their value")
    rows = [[_tidy(cell) for cell in row] for row in rows]
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    return RawTable(source, rows, list(range(1, len(rows) + 1)), notes)


def _tidy(cell: object) -> object:
    if isinstance(cell, str):
        return cell if cell.strip() else None
    return cell
