"""Read the sheets of an Excel workbook, keeping each cell's type and filling merged cells."""

from __future__ import annotations

import zipfile
from pathlib import Path

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.raw_table import RawTable
from reviewkit.load.readers.xlsx_cells import plain_workbook


def read_xlsx_tables(path: Path, name: str, *, sheet: str | None = None) -> list[RawTable]:
    """Read every sheet (or the one named) of a workbook into raw tables.

    Cells keep the type Excel stored: text stays ``str``, date cells become ``datetime``,
    time cells ``time``, numbers ``int``/``float``. A merged range gives its value to every
    cell it covers, so a date merged over two rows dates both. A workbook of plain values is
    read from its XML (:mod:`reviewkit.load.readers.xlsx_cells`), any other with openpyxl: the
    same cells either way.

    Examples
    --------
    >>> import tempfile, pathlib, datetime, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hv.xlsx"
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Chronology"
    >>> ws.append(["Date", "Notes"]); ws.append([datetime.datetime(2015, 4, 3), "Visit"])
    >>> wb.save(p)
    >>> [(t.source, t.rows[1][0].day) for t in read_xlsx_tables(p, "hv.xlsx")]
    [('hv.xlsx#Chronology', 3)]
    """
    plain = plain_workbook(path)
    if plain is not None:
        if sheet is not None and sheet not in plain:
            raise _no_sheet(name, sheet, list(plain))
        return [_table(*plain[title], f"{name}#{title}") for title in ([sheet] if sheet is not None else plain)]
    import openpyxl  # about 0.1 s to import: only for a workbook that is not plain values
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise LoadError(
            f"{name}: this is not a readable Excel workbook ({type(error).__name__}). It may be "
            f"damaged, password-protected, or another kind of file renamed to .xlsx."
        ) from error
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        raise _no_sheet(name, sheet, names)
    chosen = [sheet] if sheet is not None else names
    formulas = _unsaved_formulas(path, workbook, chosen)
    return [_table([list(row) for row in workbook[title].iter_rows(values_only=True)],
                   [(r.min_row, r.min_col, r.max_row, r.max_col) for r in workbook[title].merged_cells.ranges],
                   f"{name}#{title}", formulas.get(title, {})) for title in chosen]


def _no_sheet(name: str, sheet: str, names: list[str]) -> LoadError:
    return LoadError(f"{name}: there is no sheet called {sheet!r}. The sheets are: "
                     f"{', '.join(repr(n) for n in names)}.")


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
    import openpyxl

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


def _table(rows: list[list[object]], merged: list[tuple[int, int, int, int]], source: str,
           formulas: dict[tuple[int, int], str] | None = None) -> RawTable:
    """A sheet's raw table from its cells (row 1 first), its merged ranges (first row, first
    column, last row, last column) and the formulas whose value it does not hold."""
    notes = []
    for (r, c), text in (formulas or {}).items():
        rows[r - 1][c - 1] = text
    if formulas:
        from openpyxl.utils import get_column_letter

        (r, c), text = min(formulas.items())
        notes.append(
            f"{len(formulas)} cell(s) hold a formula with no saved value, e.g. {get_column_letter(c)}{r} "
            f"({text[:40]}): they are read as the formula's text. Open the workbook in Excel and "
            f"save it, so that their values are saved, then load it again"
        )
    for first_row, first_column, last_row, last_column in merged:
        value = rows[first_row - 1][first_column - 1]
        for r in range(first_row - 1, min(last_row, len(rows))):
            for c in range(first_column - 1, last_column):
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
