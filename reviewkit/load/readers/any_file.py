"""Read any agency file: the dispatch from file type to the reader for it."""

from __future__ import annotations

from pathlib import Path

from reviewkit.exceptions import LoadError
from reviewkit.load.readers.csv_reader import read_csv_table
from reviewkit.load.readers.docx_reader import read_docx_tables
from reviewkit.load.readers.xlsx_reader import read_xlsx_tables
from reviewkit.load.readers.raw_table import SUPPORTED_SUFFIXES, RawTable


def read_tables(path: Path, *, sheet: str | None = None, name: str | None = None) -> list[RawTable]:
    """Read every table of an agency file (or the one ``sheet`` of a workbook).

    Parameters
    ----------
    path
        A CSV, XLSX or DOCX file.
    sheet
        For a workbook, the one sheet to read (default: every sheet).
    name
        How the file is named in ``source`` (default: its file name).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "gp.csv").write_text("Date,Notes\\n03/04/2015,Seen\\n")
    >>> [t.source for t in read_tables(folder / "gp.csv")]
    ['gp.csv']
    """
    path = Path(path)
    name = name or path.name
    if not path.exists():
        raise LoadError(f"{name}: there is no such file ({path}).")
    if path.is_dir():
        raise LoadError(f"{name}: this is a folder, not a file.")
    if path.stat().st_size == 0:
        raise LoadError(f"{name}: the file is empty (0 bytes). Ask the agency to send it again.")
    suffix = path.suffix.lower()
    if sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise LoadError(f"{name}: a sheet ({sheet!r}) was named, but only Excel workbooks have sheets.")
    if suffix in (".csv", ".txt"):
        return [read_csv_table(path, name)]
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_tables(path, name, sheet=sheet)
    if suffix == ".docx":
        return read_docx_tables(path, name)
    if suffix in (".xls", ".doc"):
        raise LoadError(
            f"{name}: this is an old-style Office file ({suffix}), which reviewkit cannot read. "
            f"Open it in Excel or Word and save it as {'.xlsx' if suffix == '.xls' else '.docx'}."
        )
    raise LoadError(
        f"{name}: reviewkit cannot read {suffix or 'files without a suffix'} files. "
        f"It reads {', '.join(SUPPORTED_SUFFIXES)}."
    )
