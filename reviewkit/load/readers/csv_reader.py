"""Read a CSV chronology as text cells, whatever its encoding and delimiter."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.raw_table import RawTable

#: Encodings tried in order when the file has no byte order mark: UTF-8, then Windows-1252
#: (Excel's "CSV").
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252")

#: Byte order marks and the encodings they announce (UTF-32 first: it starts as UTF-16 does).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "utf-32": "UTF-32", "utf-16": "UTF-16",
          "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    r"""Decode the bytes of a text file, returning the text and the encoding used.

    A byte order mark says the encoding (Excel's "Unicode text" is UTF-16 with one); UTF-16
    without one is known by its zero bytes. Otherwise UTF-8, then Windows-1252.

    Examples
    --------
    >>> decode_text("Caf\u00e9".encode("cp1252"), "x.csv")
    ('Café', 'cp1252')
    >>> decode_text(b"\xef\xbb\xbfDate", "x.csv")
    ('Date', 'utf-8-sig')
    >>> decode_text("Date\tNotes".encode("utf-16"), "x.txt")
    ('Date\tNotes', 'utf-16')
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None) or _bare_utf16(data)
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            raise LoadError(
                f"{name}: the file says it is {_NAMES[encoding]} text, but byte {error.start:,} is "
                f"not. It may be damaged: ask the agency to send it again, or save it as 'CSV UTF-8'."
            ) from None
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


def _bare_utf16(data: bytes) -> str | None:
    r"""``utf-16-le`` or ``-be`` for text written two bytes a letter without a byte order mark
    (every other byte zero, as Latin letters are), else None.

    Examples
    --------
    >>> _bare_utf16("Date,Notes".encode("utf-16-le")), _bare_utf16(b"Date,Notes")
    ('utf-16-le', None)
    """
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


#: Control characters no spreadsheet cell holds (tab, line feed and carriage return are kept).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str, name: str) -> tuple[str, list[str]]:
    r"""The text without control characters (NUL, form feed, escape...), and a note saying how
    many were removed and from which line; a file in which more than one character in ten is
    one (and more than 16) is refused as binary data.

    Examples
    --------
    >>> without_control_characters("Date,Notes\n03/04/2015,Se\x00en\n", "gp.csv")
    ('Date,Notes\n03/04/2015,Seen\n', ['1 control character(s) removed (NUL, escape...: a spreadsheet cell cannot hold them), the first on line 2'])
    """
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return text, []
    count = len(CONTROL_CHARACTERS.findall(text))
    line = text.count("\n", 0, found.start()) + 1
    if count > max(16, len(text) // 10):
        raise LoadError(
            f"{name}: this does not look like a CSV file: it holds {count:,} control characters "
            f"(binary data), the first on line {line}. If it is a spreadsheet, save it as .xlsx or "
            f".csv and load that."
        )
    note = (f"{count} control character(s) removed (NUL, escape...: a spreadsheet cell cannot hold "
            f"them), the first on line {line}")
    return CONTROL_CHARACTERS.sub("", text), [note]


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
    text, removed = without_control_characters(text, name)
    delimiter = guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, first_lines, line = [], [], 0
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, min(len(text) + 1, 2**31 - 1)))  # a cell may be as long as the file
    try:
        for record in reader:
            records.append(record)
            first_lines.append(line + 1)
            line = reader.line_num
        _refuse_swallowed_rows(records, first_lines, delimiter, name)  # re-reads long lines too
    except csv.Error as error:
        raise LoadError(f"{name}: line {line + 1}: the CSV could not be read ({error}).") from error
    finally:
        csv.field_size_limit(limit)
    rows = [[cell if cell.strip() else None for cell in record] for record in records]
    notes = [f"read as {_NAMES[encoding]} text", *removed]
    return RawTable(name, rows, list(range(1, len(rows) + 1)), notes)
