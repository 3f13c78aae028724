"""Read one large extract with a ``case_id`` column: many cases in one CSV or Parquet file.

Nothing here holds the input twice. A CSV or Parquet extract of a case management system
(:func:`read_extract`) is read through Arrow, either straight into the chronology's columns
(when it already has them, e.g. a chronology saved earlier) or a block of rows at a time
through the usual heading recognition, each block let go once its entries are made. (A folder
of case folders is read by :mod:`reviewkit.load.case_folders`.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from reviewkit.exceptions import LoadError
from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.entries import interpret_entries
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.load.chronology import finish_chronology, warn_quality
from reviewkit.load.extract_rows import csv_problem, csv_row_of, refuse_swallowed_rows
from reviewkit.load.headings import match_columns
from reviewkit.load.raw_entries import table_entries
from reviewkit.load.readers.csv_reader import guess_delimiter
from reviewkit.load.readers.raw_table import RawTable
from reviewkit.load.schema_fast import surely_valid
from reviewkit.load.schema import (
    CHRONOLOGY_DTYPES,
    checked_chronology,
    coerce_chronology,
    empty_chronology,
)
from reviewkit.progress import with_progress

if TYPE_CHECKING:
    pass


#: Extract file types, by suffix.
EXTRACT_SUFFIXES: dict[str, str] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}

#: Columns that show a file already holds a chronology (as :func:`reviewkit.read_chronology` does).
CHRONOLOGY_MARKERS: frozenset[str] = frozenset({"case_id", "entry_id", "date", "date_latest"})

_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.large_string(),
    "datetime64[ns]": pa.timestamp("ns"),
    "Int64": pa.int64(),
    "Float64": pa.float64(),
    "boolean": pa.bool_(),
    "category": pa.dictionary(pa.int32(), pa.large_string()),
}
_PANDAS_TYPES: dict[pa.DataType, object] = {
    pa.string(): pd.StringDtype("pyarrow"),
    pa.large_string(): pd.StringDtype("pyarrow"),
    pa.int64(): pd.Int64Dtype(),
    pa.float64(): pd.Float64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}



def read_extract(
    path: str | os.PathLike,
    *,
    mapping: Mapping[str, str] | None = None,
    agency: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    block_rows: int = 100_000,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Read one large CSV or Parquet extract of many cases into a chronology.

    A file that already has the chronology's columns (``case_id``, ``entry_id``, ``date``,
    ``date_latest``, ...) is read straight into them through Arrow, strings kept in Arrow
    and ``agency``, ``event_type``, ``precision``, ``concern`` as categories. Any other file
    needs a column holding the case id and is read ``block_rows`` rows at a time, each block
    through the same heading recognition and interpretation as an agency's file; entries are
    named ``<case_id>/<file name>:<date>-<fingerprint>`` from their content, as an agency
    file's are (see :mod:`reviewkit.interpret.entry_ids`), and ``source_row`` keeps the row.

    Parameters
    ----------
    path
        A ``.csv`` (UTF-8; comma, semicolon or tab between values) or ``.parquet`` file.
    mapping
        ``{role: heading}`` for headings reviewkit does not recognise, e.g.
        ``{"case_id": "Family ref", "date": "Event date"}``.
    agency
        The agency of every row, if the extract has no agency column.
    vocabulary
        A user's vocabulary TOML file (or :class:`~reviewkit.interpret.vocabulary.Vocabulary`).
    block_rows
        Rows read and interpreted at a time (Parquet; for a CSV, about that many).
    progress
        A progress bar over the blocks (see :mod:`reviewkit.progress`).

    Returns
    -------
    pandas.DataFrame
        The chronology of every case in the file (columns of
        :data:`reviewkit.load.schema.CHRONOLOGY_COLUMNS`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "extract.csv"
    >>> _ = p.write_text("Family ID,Date,Agency,Notes\\n"
    ...                  "F1,03/04/2015,GP,Seen for cough\\n"
    ...                  "F2,09/02/2015,School,Staff witnessed Mother kick Child B\\n")
    >>> chronology = read_extract(p, progress=False)
    >>> chronology[["case_id", "entry_id", "agency"]].values.tolist()
    [['F2', 'F2/extract.csv:09-02-2015-201525f6', 'School'], ['F1', 'F1/extract.csv:03-04-2015-2df7d87e', 'GP']]
    >>> chronology.loc[0, "event_type"]
    'assault_witnessed'
    """
    path = Path(path)
    kind = extract_kind(path)
    headings = extract_headings(path, kind)
    if CHRONOLOGY_MARKERS <= set(headings):
        return _read_chronology_columns(path, kind, headings)
    if int(block_rows) < 1:
        raise LoadError(f"block_rows must be 1 or more, not {block_rows!r}.")
    source = own_headings(path, headings, mapping=mapping, agency=agency)
    blocks = with_progress(_blocks(path, kind, int(block_rows)), description=f"Reading {path.name}",
                           unit="block", progress=progress)
    chronology = interpret_blocks(blocks, source, load_vocabulary(vocabulary), load_agency_aliases())
    warn_quality(chronology, where=path.name)
    return chronology


@dataclass(frozen=True)
class ExtractHeadings:
    """How to read the rows of an extract in a case management system's own headings."""

    name: str
    headings: list[str]
    case_heading: str
    mapping: Mapping[str, str] | None
    agency: str | None


def own_headings(
    path: Path, headings: list[str], *, mapping: Mapping[str, str] | None, agency: str | None
) -> ExtractHeadings:
    """How to read an extract in its own headings; an error if no column holds the case id.

    Examples
    --------
    >>> own_headings(Path("x.csv"), ["Family ID", "Notes"], mapping=None, agency="GP").case_heading
    'Family ID'
    """
    roles = match_columns(headings, mapping=mapping, where=path.name).roles
    if "case_id" not in roles:
        raise LoadError(
            f"{path.name}: no column holds the case id, so the rows cannot be told apart by case. "
            f"Its headings are: {', '.join(map(repr, headings))}. Head the column 'Case ID' "
            f"(or 'Case reference', 'Family ID'), or say which it is, e.g. "
            f"mapping={{'case_id': {headings[0]!r}}}."
        )
    return ExtractHeadings(path.name, headings, headings[roles["case_id"]], mapping, agency)


def interpret_blocks(
    blocks: Iterable[tuple[Sequence[int], list[tuple]]],
    source: ExtractHeadings,
    vocabulary: Vocabulary,
    agency_aliases: Mapping[str, str],
) -> pd.DataFrame:
    """The chronology of blocks of an extract's rows (``(row numbers, rows)`` each): every block
    through the heading recognition and interpretation of an agency's file, then finished as one.

    Examples
    --------
    >>> source = ExtractHeadings("x.csv", ["Family ID", "Date", "Notes"], "Family ID", None, "GP")
    >>> blocks = [([2, 3], [("F1", "03/04/2015", "Seen"), ("F1", "05/04/2015", "Home visit")])]
    >>> interpret_blocks(blocks, source, load_vocabulary(), load_agency_aliases())["entry_id"].tolist()
    ['F1/x.csv:03-04-2015-3cdd9fd5', 'F1/x.csv:05-04-2015-2f45d3ae']
    """
    frames, seen = [], {}  # seen: repeats are numbered across blocks
    for numbers, rows in blocks:
        table = RawTable(source.name, [source.headings, *rows], [1, *numbers])
        raw, _ = table_entries(table, mapping=source.mapping, seen=seen)
        _require_case_ids(raw, source.name, source.case_heading)
        frames.append(interpret_entries(raw, case_id="", agency=source.agency, vocabulary=vocabulary,
                                        agency_aliases=agency_aliases))
    chronology = pd.concat(frames, ignore_index=True) if frames else empty_chronology()
    del frames
    return finish_chronology(chronology, vocabulary)


def extract_kind(path: Path) -> str:
    """``csv`` or ``parquet``, by the file's suffix; an error for any other file, or none."""
    kind = EXTRACT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise LoadError(
            f"{path.name}: an extract must be a CSV or Parquet file "
            f"({', '.join(EXTRACT_SUFFIXES)}), not {path.suffix or 'a file without a suffix'}. "
            f"Agency files (XLSX, DOCX) load with reviewkit.read_chronology."
        )
    if not path.is_file():
        raise LoadError(f"{path.name}: there is no such file ({path}).")
    return kind


def extract_headings(path: Path, kind: str) -> list[str]:
    """The column headings of a CSV or Parquet file."""
    try:
        if kind == "parquet":
            return list(pq.read_schema(path).names)
        with pacsv.open_csv(path, parse_options=_csv_format(path)) as reader:
            return list(reader.schema.names)
    except (pa.ArrowInvalid, OSError) as error:
        found = csv_problem(path, error) if kind == "csv" and isinstance(error, pa.ArrowInvalid) else None
        raise LoadError(found or f"{path.name}: the {kind.upper()} file could not be read ({error}).") from error


def _csv_format(path: Path, *, keep_blank_lines: bool = True) -> pacsv.ParseOptions:
    """How the CSV is written: its delimiter guessed as for an agency file, quoted line breaks
    allowed, blank lines kept as blank rows (so row numbers are those a spreadsheet shows)."""
    with path.open("rb") as file:
        start = file.read(1 << 16).decode("utf-8", errors="ignore")
    return pacsv.ParseOptions(delimiter=guess_delimiter(start), newlines_in_values=True,
                              ignore_empty_lines=not keep_blank_lines)


def _blocks(path: Path, kind: str, block_rows: int) -> Iterator[tuple[range, list[tuple]]]:
    """``(row numbers, rows)`` for each block (the headings are row 1)."""
    row = 2
    for batch in raw_batches(path, kind, block_rows):
        yield range(row, row + batch.num_rows), batch_rows(batch)
        row += batch.num_rows


def batch_rows(batch: pa.RecordBatch | pa.Table) -> list[tuple]:
    """The rows of a batch as tuples of Python values; blank text cells are None.

    Examples
    --------
    >>> batch_rows(pa.table({"a": ["x", " "], "b": [1, 2]}))
    [('x', 1), (None, 2)]
    """
    return list(zip(*(_blank_to_null(column).to_pylist() for column in batch.columns)))


def raw_batches(path: Path, kind: str, block_rows: int) -> Iterable[pa.RecordBatch]:
    """The rows of an extract in its own headings, about ``block_rows`` at a time, every CSV value as text."""
    try:
        if kind == "parquet":
            yield from pq.ParquetFile(path).iter_batches(batch_size=block_rows)
            return
        text = pacsv.ConvertOptions(column_types={name: pa.string() for name in extract_headings(path, kind)},
                                    strings_can_be_null=True)
        # about 200 bytes a row: the block size is bytes, not rows
        options = pacsv.ReadOptions(block_size=max(1 << 16, block_rows * 200))
        parse = _csv_format(path)
        with pacsv.open_csv(path, read_options=options, parse_options=parse, convert_options=text) as reader:
            row = 2
            for batch in reader:
                refuse_swallowed_rows(batch, row, path, parse.delimiter)
                row += batch.num_rows
                yield batch
    except pa.ArrowInvalid as error:
        found = csv_problem(path, error) if kind == "csv" else None
        raise LoadError(found or f"{path.name}: the {kind.upper()} file could not be read ({error}).") from error


def _blank_to_null(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        return column
    blank = pc.equal(pc.utf8_trim_whitespace(column), "")
    return pc.if_else(blank, pa.scalar(None, column.type), column)


def _require_case_ids(raw: pd.DataFrame, name: str, heading: str) -> None:
    missing = raw["case_id"].isna() | (raw["case_id"].astype("string").str.strip() == "")
    if missing.any():
        row = int(raw.loc[missing.idxmax(), "source_row"])
        raise LoadError(
            f"{name}: row {row} has no case id in the column {heading!r}; every row of an "
            f"extract must say which case it belongs to."
        )


def _read_chronology_columns(path: Path, kind: str, headings: list[str]) -> pd.DataFrame:
    """Read a file with the chronology's columns straight into them, through Arrow."""
    columns = [name for name in CHRONOLOGY_DTYPES if name in headings]
    with _types_explained(path, columns):
        if kind == "parquet":
            table = pq.read_table(path, columns=columns)
        else:
            options = _chronology_csv(path, columns)
            table = pacsv.read_csv(path, **options)
            refuse_swallowed_rows(table, 2, path, options["parse_options"].delimiter)
    return chronology_from_arrow(table, where=path.name, row_of=csv_row_of(path) if kind == "csv" else row_label(kind))


def chronology_batches(
    path: Path, kind: str, headings: Sequence[str], batch_rows: int
) -> Iterator[pa.RecordBatch]:
    """The rows of a file with the chronology's columns, ``batch_rows`` at a time (about that
    many for a CSV), each column at its Arrow type (as :func:`read_extract` reads them)."""
    columns = [name for name in CHRONOLOGY_DTYPES if name in headings]
    with _types_explained(path, columns):
        if kind == "parquet":
            yield from pq.ParquetFile(path).iter_batches(batch_size=batch_rows, columns=columns)
            return
        options = pacsv.ReadOptions(block_size=max(1 << 16, batch_rows * 200))
        csv_options = _chronology_csv(path, columns)
        with pacsv.open_csv(path, read_options=options, **csv_options) as reader:
            row = 2
            for batch in reader:
                refuse_swallowed_rows(batch, row, path, csv_options["parse_options"].delimiter)
                row += batch.num_rows
                yield batch


def _chronology_csv(path: Path, columns: list[str]) -> dict:
    """How a CSV with the chronology's columns is read: each column at its Arrow type, blank lines skipped."""
    types = {name: _ARROW_TYPES[CHRONOLOGY_DTYPES[name]] for name in columns}
    return {
        "parse_options": _csv_format(path, keep_blank_lines=False),
        "convert_options": pacsv.ConvertOptions(include_columns=columns, column_types=types,
                                                strings_can_be_null=True),
    }


@contextmanager
def _types_explained(path: Path, columns: list[str]) -> Iterator[None]:
    """A value that Arrow cannot read as its column's type becomes a :class:`LoadError` listing the types."""
    try:
        yield
    except pa.ArrowInvalid as error:
        found = csv_problem(path, error) if path.suffix.lower() == ".csv" else None
        if found is not None:
            raise LoadError(
                f"{found} Types of the chronology's columns: "
                f"{', '.join(f'{c} {CHRONOLOGY_DTYPES[c]}' for c in columns)}."
            ) from error
        raise LoadError(
            f"{path.name}: the file has the chronology's columns, but a value could not be read "
            f"as its column's type ({error}). Types: "
            f"{', '.join(f'{c} {CHRONOLOGY_DTYPES[c]}' for c in columns)}."
        ) from error


def chronology_from_arrow(
    table: pa.Table, *, where: str, row_of: Callable[[int], str], unique_ids: bool = True
) -> pd.DataFrame:
    """A chronology from an Arrow table with its columns (the table is used up, column by
    column, so the data is not held twice), checked with :func:`~reviewkit.load.schema.checked_chronology`.

    Examples
    --------
    >>> table = pa.table({"case_id": ["c"], "entry_id": ["c/1"], "date": [None], "date_latest": [None]})
    >>> chronology_from_arrow(table, where="x.parquet", row_of=row_label("parquet")).shape
    (1, 35)
    """
    table = _blank_texts_shared(table)
    frame = coerce_chronology(table.to_pandas(types_mapper=_PANDAS_TYPES.get, split_blocks=True, self_destruct=True))
    del table
    if surely_valid(frame, CHRONOLOGY_DTYPES, unique_ids=unique_ids):
        return frame  # already a frame of its own (checked_chronology would return a copy of it)
    return checked_chronology(frame, where=where, row_of=row_of, unique_ids=unique_ids)


def _blank_texts_shared(table: pa.Table) -> pa.Table:
    """The table with each text column of the chronology that it lacks or holds nothing in (a
    large extract often leaves many empty) as one and the same column of nulls: the same values,
    with one buffer for all of them instead of one each (8 bytes a row each).

    Examples
    --------
    >>> table = _blank_texts_shared(pa.table({"tags": pa.array([None, None], pa.string()), "mentions": ["a", None]}))
    >>> offsets = lambda name: table.column(name).chunk(0).buffers()[1].address
    >>> offsets("tags") == offsets("summary"), table.column("mentions").to_pylist(), table.num_columns
    (True, ['a', None], 22)
    """
    blank = pa.chunked_array([pa.nulls(table.num_rows, pa.large_string())])
    for name in (name for name, dtype in CHRONOLOGY_DTYPES.items() if dtype == "string"):
        if name not in table.column_names:
            table = table.append_column(name, blank)
        elif table.column(name).null_count == table.num_rows and table.column(name).type in (pa.string(), pa.large_string()):
            table = table.set_column(table.column_names.index(name), name, blank)
    return table


def row_label(kind: str, first: int = 0) -> Callable[[int], str]:
    """How a message names the row at a position (``first`` + index) of a CSV or Parquet file:
    a CSV's rows as a spreadsheet numbers them (the headings are row 1); a Parquet file's from 1.

    Examples
    --------
    >>> row_label("csv")(0), row_label("parquet", first=10)(0)
    ('row 2', 'row 11')
    """
    offset = first + (2 if kind == "csv" else 1)
    return lambda index: f"row {index + offset:,}"
