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
from pathlib import Path
from typing import Any

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.docx_cells import WordTable, docx_tables, word_tables
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
    A table nested in a cell becomes lines of that cell's text (see the module notes). The
    document is read from its XML (:mod:`reviewkit.load.readers.docx_cells`), or with
    python-docx where that leaves it: the same cells either way.

    Examples
    --------
    >>> import tempfile, pathlib, docx
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
    tables = word_tables(path)
    if tables is None:
        tables = _docx_tables(path, name)
    if not tables:
        raise LoadError(
            f"{name}: this Word document has no table. reviewkit reads chronologies laid out "
            f"as a Word table (one row per entry); paste the chronology into a table."
        )
    many = len(tables) > 1
    return [_read_table(table, f"{name}#table{number}" if many else name)
            for number, table in enumerate(tables, start=1)]


def _docx_tables(path: Path, name: str) -> list[WordTable]:
    """The tables as python-docx reads them (about 25-45 ms to import: only where needed)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise LoadError(
            f"{name}: this is not a readable Word document ({type(error).__name__}). It may be "
            f"damaged, or an old .doc file renamed: open it in Word and save it as .docx."
        ) from error
    return docx_tables(document)


def _read_table(table: WordTable, source: str) -> RawTable:
    """One Word table as a raw table, nested tables read into their cells' text."""
    # A merged cell is at every position it covers: it is read, and its nested tables
    # counted, once (by its key), at the first
    read: dict[object, tuple[str, int, int]] = {}
    places: list[tuple[int, int, int, int]] = []  # row, column, nested tables, deepest
    rows = []
    for r, row in enumerate(table, start=1):
        cells: list[str | None] = []
        for key, span, blocks in row:
            if key not in read:
                read[key] = _cell_text(blocks, "\n")
                if read[key][1]:
                    places.append((r, len(cells) + 1, *read[key][1:]))
            cells.extend([_text(read[key][0])] * span)
        rows.append(cells)
    notes = [_nested_note(places, rows[0] if rows else [])] if places else []
    return RawTable(source, rows, list(range(1, len(rows) + 1)), notes)


def _cell_text(blocks: list[Any], between_lines: str) -> tuple[str, int, int]:
    """A cell's text, its paragraphs and nested tables in order (joined with ``between_lines``),
    how many tables (at every depth) are nested in it, and how deep the deepest is (0 for none).

    Examples
    --------
    >>> nested = [[("d", 1, ["Date"]), ("e", 1, [])], [("f", 1, []), ("g", 1, ["Bruise"])]]
    >>> _cell_text(["Seen at home", nested, ""], "\\n")
    ('Seen at home\\n[Date | ;  | Bruise]\\n', 1, 1)
    """
    lines, found, deepest = [], 0, 0
    for block in blocks:
        if isinstance(block, list):
            rows, inside, depth = _nested_rows(block)
            lines.append("[" + NESTED_ROW_SEPARATOR.join(rows) + "]")
            found, deepest = found + 1 + inside, max(deepest, depth + 1)
        else:
            lines.append(block)
    return between_lines.join(lines), found, deepest


def _nested_rows(table: WordTable) -> tuple[list[str], int, int]:
    """The rows of a nested table as text, cells joined with :data:`NESTED_CELL_SEPARATOR` (a
    cell merged across columns once, its lines joined with spaces), how many tables are nested
    inside it, and how deep."""
    lines, inside, depth = [], 0, 0
    for row in table:
        texts = []
        for _, _, blocks in row:
            text, found, deeper = _cell_text(blocks, " ")
            texts.append(text.strip().replace("\n", " "))
            inside, depth = inside + found, max(depth, deeper)
        lines.append(NESTED_CELL_SEPARATOR.join(texts))
    return lines, inside, depth


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
