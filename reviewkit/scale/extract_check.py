"""Check one large extract on this machine's processors, a piece of whole cases at a time.

:func:`detect_extract` gives what ``detect(read_extract(path))`` gives (the same findings, ids
and order) without ever holding the whole extract: the file is cut into pieces of whole cases
(about ``entries_per_piece`` entries each), and each worker process reads one piece, checks it
and sends back only its verdicts. With two processors, two pieces are checked at once, and the
memory needed is that of about two pieces, whatever the size of the file.

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

import os
import tempfile
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from pathlib import Path

import loky
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from reviewkit.check.engine import (
    UNUSED_BY_DETECTORS,
    RulePlan,
    Rules,
    apply_rules,
    plan_rules,
    sort_verdicts,
)
from reviewkit.check.verdicts import empty_verdicts, findings_from
from reviewkit.exceptions import LoadError
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.load.chronology import warn_flagged
from reviewkit.load.extract import (
    CHRONOLOGY_MARKERS,
    ExtractHeadings,
    batch_rows,
    chronology_batches,
    chronology_from_arrow,
    extract_headings,
    extract_kind,
    interpret_blocks,
    own_headings,
    raw_batches,
    row_label,
)
from reviewkit.load.schema import CHRONOLOGY_DTYPES
from reviewkit.progress import with_progress
from reviewkit.review.apply import apply_entry_decisions, decided
from reviewkit.review.decisions import Decisions
from reviewkit.review.reading import given_decisions
from reviewkit.scale.dask_partitions import orphaned_everywhere
from reviewkit.scale.fingerprint import repeated_positions, text_fingerprints

#: Entries per piece by default: about 1.1 GiB of memory per worker while it checks one
#: (measured on a synthetic extract in the chronology's columns).
ENTRIES_PER_PIECE: int = 1_000_000

#: The column a piece written apart keeps each row's position in the original file in.
_POSITION = "__reviewkit_position__"


@dataclass(frozen=True)
class Piece:
    """Whole cases of an extract: rows ``start`` to ``stop`` (positions from 0) of a Parquet
    ``path``; a piece written apart is the whole of its own Arrow file ``path`` (``stop`` is None)."""

    path: Path
    start: int = 0
    stop: int | None = None


@dataclass(frozen=True)
class _Extract:
    """What every piece of one extract is read with."""

    name: str
    kind: str
    headings: list[str]
    own: ExtractHeadings | None  # None: the file has the chronology's columns
    block_rows: int


@dataclass(frozen=True)
class _Job:
    """What a worker needs for every piece: sent once to each worker process."""

    extract: _Extract
    plan: RulePlan
    decisions: Decisions | None
    findings_only: bool


@dataclass
class _Checked:
    """What a worker sends back for one piece."""

    verdicts: pd.DataFrame
    orphans: pd.DataFrame
    entries: int
    flagged: int
    id_marks: np.ndarray  # fingerprints of the entry ids (none for an extract in its own headings)
    positions: np.ndarray  # each entry's row in the file, as a position from 0
    warnings: list[tuple[type[Warning], str]]
    peak_mb: float


def detect_extract(
    path: str | os.PathLike,
    *,
    rules: Rules = None,
    procedures: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    decisions: str | os.PathLike | Decisions | None = None,
    mapping: dict[str, str] | None = None,
    agency: str | None = None,
    workers: int | None = None,
    entries_per_piece: int = ENTRIES_PER_PIECE,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The findings on every case of one large CSV or Parquet extract, checked in pieces.

    The same findings (rows, ids, order, wording) as ``detect(read_extract(path, ...), ...)``,
    with the memory of a few pieces instead of the whole extract, on ``workers`` processes.

    Parameters
    ----------
    path
        A ``.csv`` or ``.parquet`` extract with a case id column, in the chronology's columns
        or in the case management system's own headings (see :func:`reviewkit.read_extract`).
    rules, procedures, vocabulary
        As for :func:`reviewkit.detect` (an extract has no ``case.toml``: say the procedures).
    decisions
        The reviewer's decisions (a ``decisions.toml`` or
        :class:`~reviewkit.review.decisions.Decisions`), applied to every piece.
    mapping, agency
        As for :func:`reviewkit.read_extract`, for an extract in its own headings.
    workers
        Processes checking pieces at once (default: one per processor). With 1, or a file of
        one piece, the work is done in this process.
    entries_per_piece
        About how many entries each piece holds (a case is never split, so a piece may hold
        one case more). Fewer entries per piece need less memory and more time.
    progress
        A progress bar over the pieces (see :mod:`reviewkit.progress`).

    Returns
    -------
    pandas.DataFrame
        The findings (as :func:`reviewkit.detect`). ``attrs["extract"]`` says how many rows
        the file has, how many entries were checked, in how many pieces, on how many
        processes, and the peak memory of the busiest process.

    Raises
    ------
    LoadError
        If the file cannot be read as an extract, a row does not fit its column, or an entry
        id is used by more than one row; the message names the file, the row and the column.

    Examples
    --------
    >>> import tempfile, pathlib, reviewkit
    >>> from reviewkit.synth import synth_cases
    >>> chronology = synth_cases(6, seed=2).chronology
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "extract.parquet"
    >>> chronology.to_parquet(path)
    >>> found = detect_extract(path, workers=1, entries_per_piece=200, progress=False)
    >>> found.attrs["extract"]["pieces"], found.attrs["extract"]["entries"]
    (3, 600)
    >>> found["finding_id"].tolist() == reviewkit.detect(chronology)["finding_id"].tolist()
    True
    """
    found, checked = _checked_extract(
        path, rules=rules, procedures=procedures, vocabulary=vocabulary, decisions=decisions,
        mapping=mapping, agency=agency, workers=workers, entries_per_piece=entries_per_piece,
        progress=progress, findings_only=True,
    )
    return _with_account(decided(findings_from(found.verdicts), found.decisions, found.orphans), checked)


def check_extract(
    path: str | os.PathLike,
    *,
    rules: Rules = None,
    procedures: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    decisions: str | os.PathLike | Decisions | None = None,
    mapping: dict[str, str] | None = None,
    agency: str | None = None,
    workers: int | None = None,
    entries_per_piece: int = ENTRIES_PER_PIECE,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every verdict (met or not) on every case of one large extract, checked in pieces.

    What ``check(read_extract(path, ...), ...)`` gives; arguments and pieces as for
    :func:`detect_extract`.

    Examples
    --------
    >>> import tempfile, pathlib, reviewkit
    >>> from reviewkit.synth import synth_cases
    >>> chronology = synth_cases(4, seed=5).chronology
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "extract.csv"
    >>> chronology.to_csv(path, index=False)
    >>> verdicts = check_extract(path, workers=1, entries_per_piece=150, progress=False)
    >>> verdicts.attrs["extract"]["rows"], len(verdicts) == len(reviewkit.check(chronology))
    (400, True)
    """
    found, checked = _checked_extract(
        path, rules=rules, procedures=procedures, vocabulary=vocabulary, decisions=decisions,
        mapping=mapping, agency=agency, workers=workers, entries_per_piece=entries_per_piece,
        progress=progress, findings_only=False,
    )
    return _with_account(decided(found.verdicts, found.decisions, found.orphans), checked)


@dataclass
class _Found:
    """The verdicts of every piece, sorted; the decisions about entries no piece holds; the decisions."""

    verdicts: pd.DataFrame
    orphans: pd.DataFrame
    decisions: Decisions | None


def _checked_extract(
    path: str | os.PathLike, *, rules: Rules, procedures: str | None,
    vocabulary: str | os.PathLike | Vocabulary | None, decisions: str | os.PathLike | Decisions | None,
    mapping: dict[str, str] | None, agency: str | None, workers: int | None, entries_per_piece: int,
    progress: bool | None, findings_only: bool,
) -> tuple[_Found, dict]:
    """Cut the extract into pieces, check them on the workers, and put the verdicts together."""
    if int(entries_per_piece) < 1:
        raise LoadError(f"entries_per_piece must be 1 or more, not {entries_per_piece!r}.")
    path = Path(path)
    kind = extract_kind(path)
    headings = extract_headings(path, kind)
    own = None if CHRONOLOGY_MARKERS <= set(headings) else own_headings(
        path, headings, mapping=mapping, agency=agency)
    extract = _Extract(path.name, kind, headings, own, block_rows=100_000)
    found_decisions = given_decisions(None, decisions, vocabulary)
    plan = plan_rules(rules, procedures=procedures, vocabulary=vocabulary)
    job = _Job(extract, plan, found_decisions, findings_only)
    with tempfile.TemporaryDirectory(prefix="reviewkit-pieces-") as folder:
        pieces, rows = _pieces(path, extract, int(entries_per_piece), Path(folder))
        workers = max(1, min(int(workers or _processors()), len(pieces)))
        results = _run(pieces, job, workers, progress)
    if own is None:
        _require_unique_ids(path, extract, results)
    _pass_on_warnings(results, extract)
    frames = [r.verdicts for r in results if not r.verdicts.empty]
    verdicts = sort_verdicts(pd.concat(frames, ignore_index=True)) if frames else empty_verdicts()
    checked = {
        "rows": rows, "entries": sum(r.entries for r in results), "pieces": len(pieces),
        "workers": workers, "peak_mb": max((r.peak_mb for r in results), default=0.0),
    }
    return _Found(verdicts, orphaned_everywhere([r.orphans for r in results]), found_decisions), checked


def _with_account(frame: pd.DataFrame, checked: dict) -> pd.DataFrame:
    frame.attrs["extract"] = checked
    return frame


# --------------------------------------------------------------------------- cutting the pieces


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


def _pieces(path: Path, extract: _Extract, entries_per_piece: int, folder: Path) -> tuple[list[Piece], int]:
    """The pieces of the extract (written apart into ``folder`` when need be), and its rows."""
    codes = case_codes(_case_ids(path, extract))
    runs = _runs(codes, entries_per_piece) if extract.kind == "parquet" else None
    if runs is not None:
        return [Piece(path, start, stop) for start, stop in runs] or [Piece(path, 0, 0)], len(codes)
    return _write_apart(path, extract, _assigned(codes, entries_per_piece), folder), len(codes)


def _case_ids(path: Path, extract: _Extract) -> pa.ChunkedArray:
    """The case id of every row, as the pieces will read the rows (from Parquet, as a dictionary:
    each distinct id once)."""
    heading = "case_id" if extract.own is None else extract.own.case_heading
    if extract.kind != "parquet":
        return _column_of_batches(path, extract, heading)
    field = pq.read_schema(path).field(heading)
    text = pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
    return pq.read_table(path, columns=[heading], read_dictionary=[heading] if text else None).column(0)


def _column(path: Path, extract: _Extract, heading: str) -> pa.ChunkedArray:
    """One column of every row, as the pieces will read the rows."""
    if extract.kind == "parquet":
        return pq.read_table(path, columns=[heading]).column(0)
    return _column_of_batches(path, extract, heading)


def _column_of_batches(path: Path, extract: _Extract, heading: str) -> pa.ChunkedArray:
    """One column of a CSV as its pieces will read it (the same rows; blank lines as they count)."""
    chunks = [batch.column(batch.schema.get_field_index(heading)).cast(pa.large_string())
              for batch in _batches(path, extract, [heading])]  # only that column converted
    return pa.chunked_array(chunks, type=pa.large_string())


def _batches(path: Path, extract: _Extract, headings: list[str] | None = None) -> Iterator[pa.RecordBatch]:
    """The file's rows a block at a time, as its pieces read them (only the columns ``headings``
    of a file in the chronology's columns, when given)."""
    if extract.own is None:
        return chronology_batches(path, extract.kind, headings or extract.headings, extract.block_rows)
    return iter(raw_batches(path, extract.kind, extract.block_rows))


def _write_apart(path: Path, extract: _Extract, piece_of_row: np.ndarray, folder: Path) -> list[Piece]:
    """Write each piece's rows (with their positions in the file) to an Arrow file of its own,
    one block of rows at a time."""
    count = int(piece_of_row.max()) + 1 if len(piece_of_row) else 0
    pieces = [Piece(folder / f"piece-{number:05d}.arrow") for number in range(count)]
    writers: dict[int, pa.ipc.RecordBatchFileWriter] = {}
    position = 0
    # what the pieces would read of it: no need to write the rest
    headings = _columns_read(pq.read_schema(path), extract) if extract.kind == "parquet" else None
    try:
        for batch in _batches(path, extract, headings):
            which = piece_of_row[position:position + batch.num_rows]
            order = np.argsort(which, kind="stable")  # the rows of each piece together, in file order
            batch = batch.append_column(_POSITION, pa.array(np.arange(position, position + batch.num_rows)))
            batch = batch.take(pa.array(order))
            position += batch.num_rows
            numbers, starts = np.unique(which[order], return_index=True)
            for number, start, stop in zip(numbers, starts, [*starts[1:], len(order)]):
                rows = batch.slice(start, stop - start)
                if number not in writers:
                    # read back once, soon: Arrow's own format, written and read as it is in memory
                    writers[number] = pa.ipc.new_file(pieces[number].path, rows.schema)
                writers[number].write_batch(rows)
    finally:
        for writer in writers.values():
            writer.close()
    return pieces


# --------------------------------------------------------------------------- checking the pieces


def _run(pieces: list[Piece], job: _Job, workers: int, progress: bool | None) -> list[_Checked]:
    """Check every piece (on ``workers`` processes, or here when 1); results in the pieces' order."""
    description = f"Checking {job.extract.name}"
    if workers == 1:
        return list(with_progress((_check_piece(piece, job) for piece in pieces), description=description,
                                  unit="piece", total=len(pieces), progress=progress))
    # loky's processes are fresh interpreters (safe with Arrow's threads) that do not run the
    # caller's script again, so a script needs no ``if __name__ == "__main__"`` guard
    with loky.ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(job,)) as pool:
        futures = {pool.submit(_check_piece_in_worker, piece): i for i, piece in enumerate(pieces)}
        return _in_order(pool, futures, description, progress)


def _in_order(pool: loky.ProcessPoolExecutor, futures: dict[Future, int], description: str, progress: bool | None) -> list:
    results: list = [None] * len(futures)
    try:
        for future in with_progress(as_completed(futures), description=description, unit="piece",
                                    total=len(futures), progress=progress):
            results[futures[future]] = future.result()
    except BaseException:  # one piece failed (or the user interrupted): stop the others now
        pool.shutdown(wait=True, kill_workers=True)
        raise
    return results


_WORKER_JOB: _Job | None = None


def _start_worker(job: _Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _check_piece_in_worker(piece: Piece) -> _Checked:
    assert _WORKER_JOB is not None, "the worker was started without its job"
    return _check_piece(piece, _WORKER_JOB)


def _check_piece(piece: Piece, job: _Job) -> _Checked:
    """Read one piece, correct it with the decisions, and check it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chronology, positions = _read_piece(piece, job.extract, job.plan)
        # the file's ids are compared across pieces by their fingerprints (see _require_unique_ids)
        marks = text_fingerprints(pa.array(chronology["entry_id"].array)) if job.extract.own is None \
            else np.zeros(0, dtype=np.uint64)
        corrected, orphans = apply_entry_decisions(chronology, job.decisions)
        del chronology
        verdicts = apply_rules(corrected, job.plan, progress=False, findings_only=job.findings_only)
    return _Checked(
        verdicts=verdicts, orphans=orphans, entries=len(corrected),
        flagged=int(corrected["issues"].notna().sum()), id_marks=marks,
        positions=positions if job.extract.own is None else np.zeros(0, dtype=np.int64),
        warnings=[(w.category, str(w.message)) for w in caught],
        peak_mb=_peak_mb(),
    )


def _read_piece(piece: Piece, extract: _Extract, plan: RulePlan) -> tuple[pd.DataFrame, np.ndarray]:
    """The chronology of one piece (its rows read, interpreted if in the extract's own headings,
    and checked), and the position in the file of each row read."""
    if piece.stop is None:  # a piece written apart: an Arrow file of the columns to read
        with pa.OSFile(str(piece.path)) as source:
            table = pa.ipc.open_file(source).read_all()
        positions = table.column(_POSITION).to_numpy()
        table = table.drop_columns([_POSITION])
    else:
        columns = _columns_read(pq.read_schema(piece.path), extract)
        table = _rows(piece.path, piece.start, piece.stop, columns)
        positions = np.arange(piece.start, piece.stop)
    if extract.own is None:
        label = row_label(extract.kind)
        chronology = chronology_from_arrow(table, where=extract.name, unique_ids=False,
                                           row_of=lambda i: label(int(positions[i])))
        return chronology, positions
    numbers = positions + 2  # the headings are row 1, as read_extract numbers the rows
    size = extract.block_rows
    blocks = ((numbers[i:i + size].tolist(), batch_rows(table.slice(i, size)))
              for i in range(0, table.num_rows, size))
    return interpret_blocks(blocks, extract.own, plan.vocabulary, plan.agency_aliases), positions


def _columns_read(schema: pa.Schema, extract: _Extract) -> list[str]:
    """The columns of a piece to read: all of them, but for the text and row-number columns no
    rule reads (:data:`~reviewkit.check.engine.UNUSED_BY_DETECTORS`: summaries, outcomes...) of an
    extract in the chronology's columns, when their type already is theirs (text, whole numbers),
    so that leaving them out can neither hide a bad value nor change a finding.

    Examples
    --------
    >>> schema = pa.schema([("case_id", pa.string()), ("summary", pa.string()), ("source_row", pa.string())])
    >>> _columns_read(schema, _Extract("x.parquet", "parquet", schema.names, None, 100))
    ['case_id', 'source_row']
    """
    def settled(field: pa.Field) -> bool:
        if CHRONOLOGY_DTYPES.get(field.name) == "string":
            return pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
        return pa.types.is_signed_integer(field.type)  # source_row, an Int64

    names = [name for name in schema.names if name != _POSITION]
    if extract.own is not None:
        return names
    return [name for name in names
            if not (name in UNUSED_BY_DETECTORS and settled(schema.field(name)))]


def _rows(path: Path, start: int, stop: int, columns: list[str]) -> pa.Table:
    """Rows ``start`` to ``stop`` of a Parquet file, reading only the row groups that hold them."""
    file = pq.ParquetFile(path)
    sizes = [file.metadata.row_group(i).num_rows for i in range(file.metadata.num_row_groups)]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    groups = [i for i in range(len(sizes)) if bounds[i] < stop and bounds[i + 1] > start]
    if not groups:
        return file.schema_arrow.empty_table().select(columns)
    return file.read_row_groups(groups, columns=columns).slice(start - int(bounds[groups[0]]), stop - start)


def _require_unique_ids(path: Path, extract: _Extract, results: list[_Checked], shown: int = 3) -> None:
    """Every entry id of the file used once; otherwise an error naming the ids and their rows.

    The pieces sent fingerprints of their ids; only rows sharing a fingerprint have their ids
    read again and compared."""
    marks = np.concatenate([r.id_marks for r in results]) if results else np.zeros(0, np.uint64)
    candidates = repeated_positions(marks)
    if not len(candidates):
        return
    rows = np.sort(np.concatenate([r.positions for r in results])[candidates])
    ids = _column(path, extract, "entry_id").take(pa.array(rows)).to_pylist()
    repeated = pd.Series(rows, index=ids).groupby(level=0, sort=False).agg(list)
    repeated = repeated[repeated.str.len() > 1]
    if repeated.empty:  # different ids that happen to share a fingerprint
        return
    label = row_label(extract.kind)
    described = [f"{value!r} ({', '.join(label(int(r)) for r in where[:shown])})"
                 for value, where in repeated.head(shown).items()]
    raise LoadError(
        f"{extract.name}: {len(repeated)} entry id{'s are' if len(repeated) != 1 else ' is'} used by "
        f"more than one row, e.g. {'; '.join(described)}; every entry needs its own id."
    )


def _pass_on_warnings(results: list[_Checked], extract: _Extract) -> None:
    """The workers' warnings, each said once here; for an extract in its own headings, the
    entries loaded with problems counted once for the whole file (as :func:`read_extract` does)."""
    said: set[tuple[type[Warning], str]] = set()
    for result in results:
        for category, text in result.warnings:
            if (category, text) not in said:
                said.add((category, text))
                warnings.warn(text, category, stacklevel=4)
    if extract.own is not None:
        warn_flagged(sum(r.flagged for r in results), sum(r.entries for r in results),
                     where=extract.name, stacklevel=4)


def _processors() -> int:
    """The processors this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _peak_mb() -> float:
    """This process's peak resident memory in MiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

