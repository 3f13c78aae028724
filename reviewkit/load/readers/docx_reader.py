"""Read the tables of a Word chronology, one raw table per Word table.

A table nested inside a cell (a "sub-table" pasted into a cell, often with dates of its own) is
read into that cell's text where Word shows it, among the cell's own paragraphs, in square
brackets: its rows in order, joined with ``"; "``, each row's cells joined with ``" | "``, so
``[Date | Follow-up; 10/02/2015 | Mother told]``. The outer row stays one entry and no text is
lost; the brackets keep the nested rows apart even when the cell's lines are later joined into
one (as an entry's ``summary`` is). A table nested deeper is read the same way, in brackets
inside its cell. The table's notes (shown in the load report) say how many nested tables were
read and in which rows and columns.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.raw_table import RawTable

#: Between the cells of one row of a nested table, in the text of the cell that holds it.
NESTED_CELL_SEPARATOR = " | "

#: Between the rows of a nested table.
NESTED_ROW_SEPARATOR = "; "

#: How many places holding nested tables the note names before saying "and N more".
_PLACES_NAMED = 5


def read_docx_tables(path: Path, name: str) -> list[RawTable]:
    """Read every table of a Word document as text cells.

    A cell merged across columns or rows gives its text to every position it covers (as
    python-docx reports it). Row numbers count the table's rows, its header row being 1.
    A table nested in a cell becomes lines of that cell's text (see the module notes).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "school.docx"
    >>> d = docx.Document(); t = d.add_table(rows=2, cols=2)
    >>> t.cell(0, 0).text, t.cell(0, 1).text = "Date", "Incident"
    >>> t.cell(1, 0).text, t.cell(1, 1).text = "9 February 2015", "Kick seen"
    >>> inner = t.cell(1, 1).add_table(rows=1, cols=2)
    >>> inner.cell(0, 0).text, inner.cell(0, 1).text = "10/02/2015", "Mother told"
    >>> d.save(p)
    >>> table = read_docx_tables(p, "school.docx")[0]
    >>> table.rows
    [['Date', 'Incident'], ['9 February 2015', 'Kick seen\\n[10/02/2015 | Mother told]']]
    >>> table.notes
    ["1 table nested in a cell was read into that cell's text, in [ ], rows joined with '; ' and cells with ' | ': 1 at row 2, column 'Incident'"]
    """
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise LoadError(
            f"{name}: this is not a readable Word document ({type(error).__name__}). It may be "
            f"damaged, or an old .doc file renamed: open it in Word and save it as .docx."
        ) from error
    if not document.tables:
        raise LoadError(
            f"{name}: this Word document has no table. reviewkit reads chronologies laid out "
            f"as a Word table (one row per entry); paste the chronology into a table."
        )
    many = len(document.tables) > 1
    return [_read_table(table, f"{name}#table{number}" if many else name)
            for number, table in enumerate(document.tables, start=1)]


def _read_table(table: Table, source: str) -> RawTable:
    """One Word table as a raw table, nested tables read into their cells' text."""
    # A merged cell comes back once per position it covers; its element (``_tc``, python-docx
    # has no public handle) identifies it, so it is read, and its nested tables counted, once.
    read: dict[object, tuple[str, int, int]] = {}
    places: list[tuple[int, int, int, int]] = []  # row, column, nested tables, deepest
    rows = []
    for r, row in enumerate(table.rows, start=1):
        cells = []
        for c, cell in enumerate(row.cells, start=1):
            if cell._tc not in read:
                read[cell._tc] = _cell_text(cell, "\n")
                if read[cell._tc][1]:
                    places.append((r, c, *read[cell._tc][1:]))
            cells.append(_text(read[cell._tc][0]))
        rows.append(cells)
    notes = [_nested_note(places, rows[0] if rows else [])] if places else []
    return RawTable(source, rows, list(range(1, len(rows) + 1)), notes)


def _cell_text(cell: _Cell, between_lines: str) -> tuple[str, int, int]:
    """A cell's text, its paragraphs and nested tables in order (joined with ``between_lines``),
    how many tables (at every depth) are nested in it, and how deep the deepest is (0 for none).

    Examples
    --------
    >>> t = docx.Document().add_table(rows=1, cols=1)
    >>> t.cell(0, 0).text = "Seen at home"
    >>> inner = t.cell(0, 0).add_table(rows=2, cols=2)
    >>> inner.cell(0, 0).text, inner.cell(1, 1).text = "Date", "Bruise"
    >>> _cell_text(t.cell(0, 0), "\\n")
    ('Seen at home\\n[Date | ;  | Bruise]\\n', 1, 1)
    """
    lines, found, deepest = [], 0, 0
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            rows, inside, depth = _nested_rows(block)
            lines.append("[" + NESTED_ROW_SEPARATOR.join(rows) + "]")
            found, deepest = found + 1 + inside, max(deepest, depth + 1)
        else:
            lines.append(block.text)
    return between_lines.join(lines), found, deepest


def _nested_rows(table: Table) -> tuple[list[str], int, int]:
    """The rows of a nested table as text, cells joined with :data:`NESTED_CELL_SEPARATOR` (a
    cell merged across columns once, its lines joined with spaces), how many tables are nested
    inside it, and how deep."""
    lines, inside, depth = [], 0, 0
    for row in table.rows:
        texts = []
        for cell in _distinct(row.cells):
            text, found, deeper = _cell_text(cell, " ")
            texts.append(text.strip().replace("\n", " "))
            inside, depth = inside + found, max(depth, deeper)
        lines.append(NESTED_CELL_SEPARATOR.join(texts))
    return lines, inside, depth


def _distinct(cells: Iterable[_Cell]) -> list[_Cell]:
    """The cells of a row, a cell spanning several columns once (python-docx repeats it)."""
    kept: list[_Cell] = []
    for cell in cells:
        if not kept or cell is not kept[-1]:
            kept.append(cell)
    return kept


def _nested_note(places: list[tuple[int, int, int, int]], header: list[str | None]) -> str:
    """The note naming how many nested tables were read and where.

    Examples
    --------
    >>> _nested_note([(2, 2, 1, 1), (4, 3, 2, 2)], ["Date", "Notes"])
    "3 tables nested in a cell were read into that cell's text, in [ ], rows joined with '; ' and cells with ' | ': 1 at row 2, column 'Notes'; 2 at row 4, column 3 (nested 2 deep)"
    """
    total = sum(place[2] for place in places)
    named = [
        f"{count} at row {r}, {_column(c, header)}" + (f" (nested {depth} deep)" if depth > 1 else "")
        for r, c, count, depth in places[:_PLACES_NAMED]
    ]
    if len(places) > _PLACES_NAMED:
        named.append(f"and {len(places) - _PLACES_NAMED} more cell(s)")
    tables = "1 table nested in a cell was" if total == 1 else f"{total} tables nested in a cell were"
    return (f"{tables} read into that cell's text, in [ ], rows joined with "
            f"{NESTED_ROW_SEPARATOR!r} and cells with {NESTED_CELL_SEPARATOR!r}: " + "; ".join(named))


def _column(c: int, header: list[str | None]) -> str:
    """``column 'Notes'`` by its heading, or ``column 3`` when it has none."""
    heading = header[c - 1] if c <= len(header) else None
    return f"column {heading.splitlines()[0]!r}" if heading else f"column {c}"


def _text(text: str) -> str | None:
    text = text.strip()
    return text or None
