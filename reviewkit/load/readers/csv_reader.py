"""Read a CSV chronology as text cells, whatever its encoding and delimiter."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.raw_table import RawTable

#: Encodings tried in order: UTF-8 (with or without BOM), then Windows-1252 (Excel's "CSV").
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode the bytes of a text file, returning the text and the encoding used.

    Examples
    --------
    >>> decode_text("Caf\\u00e9".encode("cp1252"), "x.csv")
    ('Café', 'cp1252')
    >>> decode_text(b"\\xef\\xbb\\xbfDate", "x.csv")
    ('Date', 'utf-8-sig')
    """
    if b"\x00" in data[:4096]:
        raise LoadError(
            f"{name}: this does not look like a CSV file (it holds binary data). "
            f"If it is a spreadsheet, save it as .xlsx or .csv and load that."
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise LoadError(
        f"{name}: the text is neither UTF-8 nor Windows-1252. Open it in a spreadsheet "
        f"program and save it as 'CSV UTF-8'."
    )


#: Delimiters tried, in order of preference when they fit equally well.
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")


def guess_delimiter(text: str, *, sample_rows: int = 30) -> str:
    """Return the delimiter that splits the first rows into the most consistent columns.

    Quotes are always ``"`` (as every spreadsheet program writes them), so apostrophes in
    the text cannot confuse the guess, as they do :class:`csv.Sniffer`.

    Examples
    --------
    >>> guess_delimiter('Date;Notes\\n03/04/2015;"Mother’s call, late"\\n')
    ';'
    >>> guess_delimiter("Date\\n03/04/2015\\n")
    ','
    """
    sample = text[:65536]
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
            rows = [row for _, row in zip(range(sample_rows), reader) if row]
        except csv.Error:
            continue
        widths = [len(r) for r in rows]
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


#: A line that starts as a chronology row does: a date such as 03/04/2015, 2015-04-03 or 3.4.15.
_ROW_START = re.compile(r"^\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")


def _refuse_swallowed_rows(records: list[list[str]], first_lines: list[int], delimiter: str,
                           name: str) -> None:
    r"""Refuse a file in which a stray double quote made one cell swallow the rows after it.

    A cell that starts with ``"`` runs to the next ``"``, across line ends: a quote typed at the
    start of a note ("Mother said "no", ...) and never closed turns the following rows into
    that cell's text. A line inside a cell that starts with a date and holds a whole row's
    delimiters is such a row: loading it silently would lose it.

    Examples
    --------
    >>> rows = [["Date", "Notes", "Outcome"], ["01/02/2015", 'Said no\n02/02/2015,Visit,None\n', ""]]
    >>> _refuse_swallowed_rows(rows, [1, 2], ",", "school.csv")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.LoadError: school.csv: line 2, column 'Notes': a double quote (") opens this cell and is not closed where the cell should end, so 1 line below it, from line 3 ('02/02/2015,Visit,None'), was read as part of this cell instead of as its own row. Remove the stray quote, or close it, and load the file again.
    """
    if not records:
        return
    header, width = records[0], len(records[0])
    starts = {_shape(record[0]) for record in records[1:] if record and "\n" not in record[0]}
    for record, first in zip(records[1:], first_lines[1:]):
        for column, cell in enumerate(record):
            lines = cell.split("\n")[1:]
            swallowed = [k for k, text in enumerate(lines, start=1)
                         if _looks_like_a_row(text, delimiter, width, starts)]
            if swallowed:
                heading = header[column] if column < len(header) else f"column {column + 1}"
                count = sum(1 for text in lines if text.strip())
                raise LoadError(
                    f"{name}: line {first}, column {heading!r}: a double quote (\") opens this "
                    f"cell and is not closed where the cell should end, so {count} "
                    f"line{'s' if count != 1 else ''} below it, from line {first + swallowed[0]} "
                    f"({lines[swallowed[0] - 1].strip()[:60]!r}), {'was' if count == 1 else 'were'} "
                    "read as part of this cell instead of as its own row. Remove the stray quote, "
                    "or close it, and load the file again."
                )


def _shape(text: str) -> str:
    """A cell's shape: digits as 9, letters as a (``"NS/14/018842"`` is ``"aa/99/999999"``)."""
    return re.sub(r"[^\W\d_]", "a", re.sub(r"\d", "9", text.strip()))


def _looks_like_a_row(line: str, delimiter: str, width: int, starts: set[str]) -> bool:
    """Whether a line inside a cell is a whole row of the file: as many cells as the header,
    and a first cell shaped like the file's other rows' first cells, or a date."""
    if width < 2 or line.count(delimiter) < width - 1:
        return False
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return len(cells) >= width and (_shape(cells[0]) in starts or bool(_ROW_START.match(line)))


def read_csv_table(path: Path, name: str) -> RawTable:
    """Read a CSV file into a :class:`RawTable` of text cells (empty cells are ``None``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "school.csv"
    >>> _ = p.write_bytes("Date;Notes\\n03/04/2015;Caf\\u00e9\\n".encode("cp1252"))
    >>> read_csv_table(p, "school.csv").rows
    [['Date', 'Notes'], ['03/04/2015', 'Café']]
    """
    text, encoding = decode_text(path.read_bytes(), name)
    delimiter = guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, first_lines, line = [], [], 0
    try:
        for record in reader:
            records.append(record)
            first_lines.append(line + 1)
            line = reader.line_num
    except csv.Error as error:
        raise LoadError(f"{name}: the CSV could not be read ({error}).") from error
    _refuse_swallowed_rows(records, first_lines, delimiter, name)
    rows = [[cell if cell.strip() else None for cell in record] for record in records]
    notes = [f"read as {'UTF-8' if encoding == 'utf-8-sig' else 'Windows-1252'} text"]
    return RawTable(name, rows, list(range(1, len(rows) + 1)), notes)
