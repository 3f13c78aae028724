"""Name the row of a large CSV extract that Arrow could not read, and refuse rows a stray quote swallowed.

Arrow reads an extract fast but says only "Expected 4 columns, got 5" or "invalid value 'x'",
without the row. When it fails, the file is read once more with Python's :mod:`csv` (only then)
to find the row as a spreadsheet program numbers it: the headings are row 1, and a blank line
is a row, as it is in :func:`reviewkit.read_extract`'s own numbering.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.csv_reader import _looks_like_a_row, _shape, guess_delimiter

_COLUMNS = re.compile(r"Expected (\d+) columns, got (\d+)")
_VALUE = re.compile(r"In CSV column #(\d+): CSV conversion error to ([\w\[\]]+): invalid value '(.*)'", re.S)
_KINDS = {"timestamp[ns]": "a date and time", "int64": "a whole number", "double": "a number"}


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(row, cells)`` for every record of a CSV, rows numbered as a spreadsheet numbers them."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, min(len(text) + 1, 2**31 - 1)))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))
        yield from enumerate(reader, start=1)
    finally:
        csv.field_size_limit(limit)


def csv_problem(path: Path, error: Exception) -> str | None:
    """What Arrow could not read in a CSV, with its row, in words; None if the row is not found.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "extract.csv"
    >>> _ = p.write_text("Family ID,Date,Notes\\nF1,03/04/2015,Seen\\n\\nF1,04/04/2015,Visit,late\\n")
    >>> csv_problem(p, ValueError("CSV parse error: Expected 3 columns, got 4: F1,04/04/2015,Visit,late"))
    "extract.csv: row 4 has 4 values, but the file has 3 headings ('Family ID', 'Date', 'Notes'). Put quotes around a value that holds a comma, or remove the extra value."
    """
    text = str(error)
    if (found := _COLUMNS.search(text)) is not None:
        width = int(found.group(1))
        headings: list[str] = []
        for row, cells in _records(path):
            if row == 1:
                headings = cells
            elif cells and len(cells) != width:
                return (
                    f"{path.name}: row {row} has {len(cells)} value{'s' if len(cells) != 1 else ''}, but "
                    f"the file has {width} headings ({', '.join(map(repr, headings))}). Put quotes around "
                    f"a value that holds a comma, or remove the extra value."
                    if len(cells) > width else
                    f"{path.name}: row {row} has {len(cells)} value{'s' if len(cells) != 1 else ''}, but the "
                    f"file has {width} headings ({', '.join(map(repr, headings))}). Each row needs a value "
                    f"(or an empty one) under every heading."
                )
    elif (found := _VALUE.search(text)) is not None:
        column, kind, value = int(found.group(1)), found.group(2), found.group(3)
        heading = "?"
        for row, cells in _records(path):
            if row == 1:
                heading = cells[column] if column < len(cells) else f"column {column + 1}"
            elif column < len(cells) and cells[column] == value:
                return (f"{path.name}: row {row}, column {heading!r}: {value!r} is not "
                        f"{_KINDS.get(kind, kind)}.")
    return None


def csv_row_of(path: Path) -> Callable[[int], str]:
    r"""How a message names the row at a position of a CSV read with its empty lines skipped (as
    the chronology's columns are read): as a spreadsheet numbers it, empty lines counted. The
    file is scanned for empty lines only when a message needs a row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "extract.csv"
    >>> _ = p.write_text("case_id,entry_id\nc,c/1\n\nc,c/2\n")
    >>> csv_row_of(p)(1)
    'row 4'
    """
    rows: list[int] = []

    def row_of(index: int) -> str:
        if not rows:
            rows.extend(row for row, cells in _records(path) if row > 1 and cells)
        return f"row {rows[index]:,}" if index < len(rows) else f"row {index + 2:,}"

    return row_of


def refuse_swallowed_rows(batch: pa.RecordBatch | pa.Table, first_row: int, path: Path, delimiter: str) -> None:
    """Refuse a block of an extract in which a stray double quote made one cell swallow the rows
    after it (Arrow reads quoted line breaks, so such rows vanish into one value); ``first_row``
    is the row number of the block's first row. The test is that of agency files
    (:func:`reviewkit.load.readers.csv_reader.read_csv_table`).

    Examples
    --------
    >>> batch = pa.table({"Family ID": ["F1"], "Date": ["03/04/2015"],
    ...                   "Notes": ['Said no\\nF1,04/04/2015,Visit\\nF1,05/04/2015,Call']})
    >>> refuse_swallowed_rows(batch, 2, Path("extract.csv"), ",")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.LoadError: extract.csv: row 2, column 'Notes': a double quote (") opens this value and is not closed where it should end, so the rows below it (from 'F1,04/04/2015,Visit') were read as part of it. Remove the stray quote, or close it, and load the file again.
    """
    width = batch.num_columns
    if width < 2 or batch.num_rows == 0:
        return
    names = batch.schema.names
    starts = None
    for index, column in enumerate(batch.columns):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue
        broken = pc.fill_null(pc.match_substring(column, "\n"), False)
        if not pc.any(broken).as_py():
            continue
        if starts is None:  # the shapes of the block's first values, as rows start
            first = batch.column(0)
            starts = {_shape(str(v)) for v in first.to_pylist() if v is not None and "\n" not in str(v)}
        for position in pc.indices_nonzero(broken).to_pylist():
            lines = str(column[position].as_py()).split("\n")[1:]
            swallowed = next((line for line in lines if _looks_like_a_row(line, delimiter, width, starts)), None)
            if swallowed is not None:
                raise LoadError(
                    f"{path.name}: row {first_row + position}, column {names[index]!r}: a double quote "
                    f"(\") opens this value and is not closed where it should end, so the rows below it "
                    f"(from {swallowed.strip()[:60]!r}) were read as part of it. Remove the stray quote, "
                    f"or close it, and load the file again."
                )
