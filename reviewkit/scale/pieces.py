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

from collections.abc import Callable, Iterable, Iterator, Sequence
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



def plan_pieces(
    case_ids: pa.Array | pa.ChunkedArray, entries_per_piece: int, *, groups: Sequence[int] | None = None
) -> list[tuple[int, int]] | None:
    """Runs of rows ``(start, stop)`` holding whole cases, about ``entries_per_piece`` rows each,
    or None when a case's rows are not all next to each other.

    Each piece ends where the first case starting ``entries_per_piece`` rows or more after
    its start begins: every piece but the last holds at least ``entries_per_piece`` rows, and
    at most that plus the rest of its last case. A missing case id is a case of its own (the
    piece's reading reports it).

    ``groups``, the rows of each of a Parquet file's row groups (which are read whole): a piece
    whose end would fall within a quarter of ``entries_per_piece`` of the end of a row group
    ends at the first case starting there instead, so that it reads its row groups and only
    the few rows of its last case that lie in the next one, not most of a row group more.

    Examples
    --------
    >>> plan_pieces(pa.array(["a", "a", "b", "c", "c", "c", "d"]), 2)
    [(0, 2), (2, 6), (6, 7)]
    >>> plan_pieces(pa.array(["a", "b", "a"]), 2) is None
    True
    >>> plan_pieces(pa.array(list("aabbccddeeff")), 4, groups=[5, 5, 2])  # not [(0, 4), (4, 8), (8, 12)]
    [(0, 6), (6, 10), (10, 12)]
    """
    return _runs(case_codes(case_ids), entries_per_piece, groups)


def _runs(codes: np.ndarray, entries_per_piece: int, groups: Sequence[int] | None = None) -> list[tuple[int, int]] | None:
    """:func:`plan_pieces` on the cases' codes."""
    if len(codes) == 0:
        return []
    starts = np.concatenate([[0], np.flatnonzero(codes[1:] != codes[:-1]) + 1])
    seen = np.zeros(int(codes.max()) + 1, dtype=bool)
    seen[codes] = True  # (np.bincount would copy the codes to 64 bits first)
    if len(starts) != np.count_nonzero(seen):
        return None
    ends = np.cumsum(groups) if groups is not None and len(groups) else np.zeros(0, dtype=np.int64)
    edges = [0]
    while True:  # once per piece, not per row
        end = edges[-1] + entries_per_piece
        if len(ends):  # the nearest end of a row group, if near enough
            nearest = int(ends[np.argmin(np.abs(ends - end))])
            end = nearest if abs(nearest - end) <= entries_per_piece // 4 else end
        at = int(np.searchsorted(starts, end))
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
    missing id is the id ``""``. Each distinct id is trimmed once, not once per row, and the
    chunks of the column (a Parquet file's, read as a dictionary) are never put together.

    Examples
    --------
    >>> case_codes(pa.array(["F1", "F2 ", None, "F2", ""])).tolist()
    [0, 1, 2, 1, 2]
    >>> case_codes(pa.chunked_array([pa.array(["b", "a"]), pa.array(["a", " b"])])).tolist()
    [0, 1, 1, 0]
    """
    return _codes([case_ids.chunks if isinstance(case_ids, pa.ChunkedArray) else [case_ids]], len(case_ids))


def _codes(parts: Iterable[Sequence[pa.Array]], rows: int) -> np.ndarray:
    """:func:`case_codes` of ``rows`` ids given in parts (the chunks of a row group, say), one part
    at a time: each part's distinct ids are numbered on from those of the parts before it, so the
    whole column is never held."""
    numbers: dict[str, int] = {}
    codes, at = np.empty(rows, dtype=np.int32), 0
    for chunks in parts:
        if sum(len(chunk) for chunk in chunks) == 0:
            continue
        ids = pa.chunked_array(chunks)
        # one dictionary for every chunk of the part
        ids = ids.unify_dictionaries() if pa.types.is_dictionary(ids.type) else pc.dictionary_encode(
            ids.cast(pa.large_string()))
        written = pc.fill_null(pc.utf8_trim_whitespace(ids.chunk(0).dictionary.cast(pa.large_string())), "")
        # the number of each distinct id, trimmed, and last that of a missing id, ""
        lookup = np.array([numbers.setdefault(text, len(numbers)) for text in [*written.to_pylist(), ""]],
                          dtype=np.int32)
        for chunk in ids.chunks:  # each chunk's codes written in place: no copy of the whole column
            np.take(lookup, pc.fill_null(chunk.indices, len(written)).to_numpy(), out=codes[at:at + len(chunk)])
            at += len(chunk)
    return codes


def cut_pieces(path: Path, extract: ExtractReading, entries_per_piece: int, folder: Path) -> tuple[list[Piece], int]:
    """The pieces of the extract (written apart into ``folder`` when need be), and its rows."""
    codes = _case_codes_of(path, extract)
    runs = _runs(codes, entries_per_piece, _group_sizes(pq.ParquetFile(path))) if extract.kind == "parquet" else None
    if runs is not None:
        return [Piece(path, start, stop) for start, stop in runs] or [Piece(path, 0, 0)], len(codes)
    return _write_apart(path, extract, _assigned(codes, entries_per_piece), folder), len(codes)


def expected_pieces(path: Path, extract: ExtractReading, entries_per_piece: int) -> int:
    """How many pieces a Parquet extract is cut into if its cases are small, from the row count
    its metadata gives (0 for a CSV: its rows are counted only as it is read).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.parquet"
    >>> pq.write_table(pa.table({"case_id": ["a"] * 5}), path)
    >>> expected_pieces(path, ExtractReading("x.parquet", "parquet", ["case_id"], None, 100), 2)
    3
    """
    if extract.kind != "parquet":
        return 0
    return -(-pq.ParquetFile(path).metadata.num_rows // entries_per_piece)


def _case_codes_of(path: Path, extract: ExtractReading) -> np.ndarray:
    """:func:`case_codes` of every row of the file, its case ids read as the pieces will read the
    rows (from Parquet, a row group at a time, as a dictionary: each distinct id once)."""
    heading = "case_id" if extract.own is None else extract.own.case_heading
    if extract.kind != "parquet":
        return case_codes(_column_of_batches(path, extract, heading))
    field = pq.read_schema(path).field(heading)
    text = pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
    file = pq.ParquetFile(path, read_dictionary=[heading] if text else None)
    groups = (file.read_row_group(group, columns=[heading]).column(0).chunks
              for group in range(file.metadata.num_row_groups))
    return _codes(groups, file.metadata.num_rows)


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
    """Rows ``start`` to ``stop`` of a Parquet file, reading only the row groups that hold them,
    and of the last one only as far as ``stop`` (a row group is read from its first row).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.parquet"
    >>> pq.write_table(pa.table({"n": range(10)}), path, row_group_size=4)
    >>> piece_rows(path, 3, 9, ["n"]).column("n").to_pylist()
    [3, 4, 5, 6, 7, 8]
    """
    file = pq.ParquetFile(path)
    bounds = np.concatenate([[0], np.cumsum(_group_sizes(file), dtype=np.int64)])
    parts = []
    for group in range(len(bounds) - 1):
        first, last = int(bounds[group]), int(bounds[group + 1])
        if first >= stop or last <= start:
            continue
        rows = (file.read_row_groups([group], columns=columns) if stop >= last
                else _first_rows(file, group, stop - first, columns))
        parts.append(rows.slice(max(start - first, 0), stop - max(start, first)))
    return pa.concat_tables(parts) if parts else file.schema_arrow.empty_table().select(columns)


def _group_sizes(file: pq.ParquetFile) -> list[int]:
    """The rows of each row group of a Parquet file."""
    return [file.metadata.row_group(i).num_rows for i in range(file.metadata.num_row_groups)]


def _first_rows(file: pq.ParquetFile, group: int, count: int, columns: list[str]) -> pa.Table:
    """At least the first ``count`` rows of a row group, decoded no further than need be."""
    batches = []
    for batch in file.iter_batches(batch_size=min(max(count, 1024), 65_536), row_groups=[group], columns=columns):
        batches.append(batch)
        count -= batch.num_rows
        if count <= 0:
            break
    return pa.Table.from_batches(batches)


