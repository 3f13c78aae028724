"""Read a CSV chronology as text cells, whatever its encoding and delimiter."""

from __future__ import annotations

import csv
import io
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
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise LoadError(f"{name}: the CSV could not be read ({error}).") from error
    rows = [[cell if cell.strip() else None for cell in record] for record in records]
    notes = [f"read as {'UTF-8' if encoding == 'utf-8-sig' else 'Windows-1252'} text"]
    return RawTable(name, rows, list(range(1, len(rows) + 1)), notes)
