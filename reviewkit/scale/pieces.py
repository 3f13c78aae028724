"""Cut a large extract into pieces of whole cases, and read one piece back.

How the pieces are cut:

- a Parquet file whose cases lie in runs of consecutive rows (an extract sorted or grouped by
  case, as case management systems write them) is cut into runs of rows, and each worker reads
  only its rows (the row groups that hold them);
- any other file (a CSV, or cases scattered through the rows) is first written out once, a
  piece per temporary Arrow file, in one pass that holds one block of rows at a time.

Every row of the file is read by exactly one piece; the entry ids are checked across the whole
file (a piece alone cannot see an id used in another piece); messages name rows as the file
numbers them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from reviewkit.check.engine import (
    UNUSED_BY_DETECTORS,
    RulePlan,
)
from reviewkit.load.extract import (
    ExtractHeadings,
    batch_rows,
    chronology_batches,
    chronology_from_arrow,
    interpret_blocks,
    raw_batches,
    row_label,
)
from reviewkit.load.extract_rows import csv_row_of
from reviewkit.load.schema import CHRONOLOGY_DTYPES

#: The column a piece written apart keeps each row's position in the original file in.
POSITION = "__reviewkit_position__"


@dataclass(frozen=True)
class Piece:
    """Whole cases of an extract: rows ``start`` to ``stop`` (positions from 0) of a Parquet
    ``path``; a piece written apart is the whole of its own Arrow file ``path`` (``stop`` is None)."""

    path: Path
    start: int = 0
    stop: int | None = None


@dataclass(frozen=True)
class ExtractReading:
    """What every piece of one extract is read with."""

    name: str
    kind: str
    headings: list[str]
    own: ExtractHeadings | None  # None: the file has the chronology's columns
    block_rows: int
    path: Path | None = None  # the extract, for messages that name a CSV's row as a spreadsheet does

    def row_of(self) -> Callable[[int], str]:
        """How a message names the row at a position of a file in the chronology's columns (a
        CSV's empty lines, which are not read, counted as a spreadsheet counts them)."""
        if self.kind == "csv" and self.path is not None:
            return csv_row_of(self.path)
        return row_label(self.kind)



def plan_pieces(case_ids: pa.Array | pa.ChunkedArray, entries_per_piece: int) -> list[tuple[int, int]] | None:
    """Runs of rows ``(start, stop)`` holding whole cases, about ``entries_per_piece`` rows each,
    or None when a case's rows are not all next to each other.

    Each piece ends where the first case starting ``entries_per_piece`` rows or more after
    its start begins: every piece but the last holds at least ``entries_per_piece`` rows, and
    at most that plus the rest of its last case. A missing case id is a case of its own (the
    piece's reading reports it).

    Examples
    --------
    >>> plan_pieces(pa.array(["a", "a", "b", "c", "c", "c", "d"]), 2)
    [(0, 2), (2, 6), (6, 7)]
    >>> plan_pieces(pa.array(["a", "b", "a"]), 2) is None
    True
    """
    return _runs(case_codes(case_ids), entries_per_piece)


def _runs(codes: np.ndarray, entries_per_piece: int) -> list[tuple[int, int]] | None:
    """:func:`plan_pieces` on the cases' codes."""
    if len(codes) == 0:
        return []
    starts = np.concatenate([[0], np.flatnonzero(codes[1:] != codes[:-1]) + 1])
    if len(starts) != np.count_nonzero(np.bincount(codes)):
        return None
    edges = [0]
    while True:  # once per piece, not per row
        at = int(np.searchsorted(starts, edges[-1] + entries_per_piece))
        if at == len(starts):
            break
        edges.append(int(starts[at]))
    edges.append(len(codes))
    return list(zip(edges[:-1], edges[1:]))


def assign_pieces(case_ids: pa.Array | pa.ChunkedArray, entries_per_piece: int) -> np.ndarray:
    """The piece of each row when cases are scattered through the rows: cases in the order
    they first appear, a new piece whenever the rows so far pass a multiple of
    ``entries_per_piece`` (every case wholly in one piece).

    Examples
    --------
    >>> assign_pieces(pa.array(["a", "b", "a", "c", "b", "c"]), 3).tolist()
    [0, 0, 0, 1, 0, 1]
    """
    return _assigned(case_codes(case_ids), entries_per_piece)


def _assigned(codes: np.ndarray, entries_per_piece: int) -> np.ndarray:
    """:func:`assign_pieces` on the cases' codes."""
    _, first_rows = np.unique(codes, return_index=True)
    codes = np.argsort(np.argsort(first_rows))[codes]  # numbered in the order the cases first appear
    sizes = np.bincount(codes)
    piece_of_case = (np.cumsum(sizes) - sizes) // entries_per_piece
    _, piece_of_case = np.unique(piece_of_case, return_inverse=True)  # numbered 0, 1, ... without gaps
    return piece_of_case[codes]


def case_codes(case_ids: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A number for each row's case, the same for the same id: ids are compared trimmed, and a
    missing id is the id ``""``. Dictionary-encoded ids (as read from Parquet) are trimmed
    once per distinct id, not once per row.

    Examples
    --------
    >>> case_codes(pa.array(["F1", "F2 ", None, "F2", ""])).tolist()
    [0, 1, 2, 1, 2]
    """
    ids = case_ids.combine_chunks() if isinstance(case_ids, pa.ChunkedArray) else case_ids
    if not pa.types.is_dictionary(ids.type):
        ids = pc.dictionary_encode(ids.cast(pa.large_string()))
    # the distinct ids (and "" for a missing one), trimmed, numbered: equal once trimmed, equal number
    written = pa.concat_arrays([ids.dictionary.cast(pa.large_string()), pa.array([""], pa.large_string())])
    trimmed = pc.dictionary_encode(pc.fill_null(pc.utf8_trim_whitespace(written), "")).indices.to_numpy()
    indices = pc.fill_null(ids.indices, len(written) - 1).to_numpy()
    return trimmed[indices].astype(np.int64)


def cut_pieces(path: Path, extract: ExtractReading, entries_per_piece: int, folder: Path) -> tuple[list[Piece], int]:
    """The pieces of the extract (written apart into ``folder`` when need be), and its rows."""
    codes = case_codes(_case_ids(path, extract))
    runs = _runs(codes, entries_per_piece) if extract.kind == "parquet" else None
    if runs is not None:
        return [Piece(path, start, stop) for start, stop in runs] or [Piece(path, 0, 0)], len(codes)
    return _write_apart(path, extract, _assigned(codes, entries_per_piece), folder), len(codes)


def _case_ids(path: Path, extract: ExtractReading) -> pa.ChunkedArray:
    """The case id of every row, as the pieces will read the rows (from Parquet, as a dictionary:
    each distinct id once)."""
    heading = "case_id" if extract.own is None else extract.own.case_heading
    if extract.kind != "parquet":
        return _column_of_batches(path, extract, heading)
    field = pq.read_schema(path).field(heading)
    text = pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
    return pq.read_table(path, columns=[heading], read_dictionary=[heading] if text else None).column(0)


def extract_column(path: Path, extract: ExtractReading, heading: str) -> pa.ChunkedArray:
    """One column of every row, as the pieces will read the rows."""
    if extract.kind == "parquet":
        return pq.read_table(path, columns=[heading]).column(0)
    return _column_of_batches(path, extract, heading)


def _column_of_batches(path: Path, extract: ExtractReading, heading: str) -> pa.ChunkedArray:
    """One column of a CSV as its pieces will read it (the same rows; blank lines as they count)."""
    chunks = [batch.column(batch.schema.get_field_index(heading)).cast(pa.large_string())
              for batch in extract_batches(path, extract, [heading])]  # only that column converted
    return pa.chunked_array(chunks, type=pa.large_string())


def extract_batches(path: Path, extract: ExtractReading, headings: list[str] | None = None) -> Iterator[pa.RecordBatch]:
    """The file's rows a block at a time, as its pieces read them (only the columns ``headings``
    of a file in the chronology's columns, when given)."""
    if extract.own is None:
        return chronology_batches(path, extract.kind, headings or extract.headings, extract.block_rows)
    return iter(raw_batches(path, extract.kind, extract.block_rows))


def _write_apart(path: Path, extract: ExtractReading, piece_of_row: np.ndarray, folder: Path) -> list[Piece]:
    """Write each piece's rows (with their positions in the file) to an Arrow file of its own,
    one block of rows at a time."""
    count = int(piece_of_row.max()) + 1 if len(piece_of_row) else 0
    pieces = [Piece(folder / f"piece-{number:05d}.arrow") for number in range(count)]
    writers: dict[int, pa.ipc.RecordBatchStreamWriter] = {}
    position = 0
    # what the pieces would read of it: no need to write the rest
    headings = columns_read(pq.read_schema(path), extract) if extract.kind == "parquet" else None
    try:
        for batch in extract_batches(path, extract, headings):
            which = piece_of_row[position:position + batch.num_rows]
            order = np.argsort(which, kind="stable")  # the rows of each piece together, in file order
            batch = batch.append_column(POSITION, pa.array(np.arange(position, position + batch.num_rows)))
            batch = batch.take(pa.array(order))
            position += batch.num_rows
            numbers, starts = np.unique(which[order], return_index=True)
            for number, start, stop in zip(numbers, starts, [*starts[1:], len(order)]):
                rows = batch.slice(start, stop - start)
                if number not in writers:
                    # read back once, soon: Arrow's own format, written and read as it is in memory;
                    # a stream, as each block of a CSV brings its own categories (a file allows one)
                    writers[number] = pa.ipc.new_stream(pieces[number].path, rows.schema)
                writers[number].write_batch(rows)
    finally:
        for writer in writers.values():
            writer.close()
    return pieces


# --------------------------------------------------------------------------- checking the pieces


def read_piece(piece: Piece, extract: ExtractReading, plan: RulePlan) -> tuple[pd.DataFrame, np.ndarray]:
    """The chronology of one piece (its rows read, interpreted if in the extract's own headings,
    and checked), and the position in the file of each row read."""
    if piece.stop is None:  # a piece written apart: an Arrow file of the columns to read
        with pa.OSFile(str(piece.path)) as source:
            table = pa.ipc.open_stream(source).read_all()
        positions = table.column(POSITION).to_numpy()
        table = table.drop_columns([POSITION])
    else:
        columns = columns_read(pq.read_schema(piece.path), extract)
        table = piece_rows(piece.path, piece.start, piece.stop, columns)
        positions = np.arange(piece.start, piece.stop)
    if extract.own is None:
        label = extract.row_of()
        chronology = chronology_from_arrow(table, where=extract.name, unique_ids=False,
                                           row_of=lambda i: label(int(positions[i])))
        return chronology, positions
    numbers = positions + 2  # the headings are row 1, as read_extract numbers the rows
    size = extract.block_rows
    blocks = ((numbers[i:i + size].tolist(), batch_rows(table.slice(i, size)))
              for i in range(0, table.num_rows, size))
    return interpret_blocks(blocks, extract.own, plan.vocabulary, plan.agency_aliases), positions


def columns_read(schema: pa.Schema, extract: ExtractReading) -> list[str]:
    """The columns of a piece to read: all of them, but for the text and row-number columns no
    rule reads (:data:`~reviewkit.check.engine.UNUSED_BY_DETECTORS`: summaries, outcomes...) of an
    extract in the chronology's columns, when their type already is theirs (text, whole numbers),
    so that leaving them out can neither hide a bad value nor change a finding.

    Examples
    --------
    >>> schema = pa.schema([("case_id", pa.string()), ("summary", pa.string()), ("source_row", pa.string())])
    >>> columns_read(schema, ExtractReading("x.parquet", "parquet", schema.names, None, 100))
    ['case_id', 'source_row']
    """
    def settled(field: pa.Field) -> bool:
        if CHRONOLOGY_DTYPES.get(field.name) == "string":
            return pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
        return pa.types.is_signed_integer(field.type)  # source_row, an Int64

    names = [name for name in schema.names if name != POSITION]
    if extract.own is not None:
        return names
    return [name for name in names
            if not (name in UNUSED_BY_DETECTORS and settled(schema.field(name)))]


def piece_rows(path: Path, start: int, stop: int, columns: list[str]) -> pa.Table:
    """Rows ``start`` to ``stop`` of a Parquet file, reading only the row groups that hold them."""
    file = pq.ParquetFile(path)
    sizes = [file.metadata.row_group(i).num_rows for i in range(file.metadata.num_row_groups)]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    groups = [i for i in range(len(sizes)) if bounds[i] < stop and bounds[i + 1] > start]
    if not groups:
        return file.schema_arrow.empty_table().select(columns)
    return file.read_row_groups(groups, columns=columns).slice(start - int(bounds[groups[0]]), stop - start)


