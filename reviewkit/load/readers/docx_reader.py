"""Read the tables of a Word chronology, one raw table per Word table."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.raw_table import RawTable


def read_docx_tables(path: Path, name: str) -> list[RawTable]:
    """Read every table of a Word document as text cells.

    A cell merged across columns or rows gives its text to every position it covers (as
    python-docx reports it). Row numbers count the table's rows, its header row being 1.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "school.docx"
    >>> d = docx.Document(); t = d.add_table(rows=2, cols=2)
    >>> t.cell(0, 0).text, t.cell(0, 1).text = "Date", "Incident"
    >>> t.cell(1, 0).text, t.cell(1, 1).text = "9 February 2015", "Kick seen"
    >>> d.save(p)
    >>> read_docx_tables(p, "school.docx")[0].rows
    [['Date', 'Incident'], ['9 February 2015', 'Kick seen']]
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
    tables = []
    for number, table in enumerate(document.tables, start=1):
        rows = [[_text(cell.text) for cell in row.cells] for row in table.rows]
        source = f"{name}#table{number}" if many else name
        tables.append(RawTable(source, rows, list(range(1, len(rows) + 1))))
    return tables


def _text(text: str) -> str | None:
    text = text.strip()
    return text or None
