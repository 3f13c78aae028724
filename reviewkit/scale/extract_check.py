"""Check one large extract on this machine's processors, a piece of whole cases at a time.

:func:`detect_extract` gives what ``detect(read_extract(path))`` gives (the same findings, ids
and order) without ever holding the whole extract: the file is cut into pieces of whole cases
(about ``entries_per_piece`` entries each), and each worker process reads one piece, checks it
and sends back only its verdicts. With two processors, two pieces are checked at once, and the
memory needed is that of about two pieces, whatever the size of the file.

How the extract is cut into pieces is in :mod:`reviewkit.scale.pieces`.
"""

from __future__ import annotations

import gc
import os
import tempfile
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import loky
import numpy as np
import pandas as pd
import pyarrow as pa

from reviewkit.check.engine import (
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
    extract_headings,
    extract_kind,
    own_headings,
)
from reviewkit.progress import with_progress
from reviewkit.review.apply import apply_entry_decisions, decided
from reviewkit.review.decisions import Decisions
from reviewkit.review.reading import given_decisions
from reviewkit.scale import ENTRIES_PER_PIECE
from reviewkit.scale.dask_partitions import orphaned_everywhere
from reviewkit.scale.fingerprint import repeated_positions, text_fingerprints
from reviewkit.scale.pieces import (
    ExtractReading,
    Piece,
    cut_pieces,
    extract_column,
    expected_pieces,
    read_piece,
)


@dataclass(frozen=True)
class _Job:
    """What a worker needs for every piece: sent once to each worker process."""

    extract: ExtractReading
    plan: RulePlan
    decisions: Decisions | None
    findings_only: bool
    folder: Path  # the run's temporary folder: each piece leaves the fingerprints of its ids there


@dataclass
class _Checked:
    """What a worker sends back for one piece."""

    verdicts: pd.DataFrame
    orphans: pd.DataFrame
    entries: int
    flagged: int
    id_marks: Path | None  # a file of the fingerprints of its entry ids (none for an extract in its own headings)
    positions: np.ndarray  # each entry's row in the file, as a position from 0 (only for a piece written apart)
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
    calendar: str | None = None,
) -> pd.DataFrame:
    """The findings on every case of one large CSV or Parquet extract, checked in pieces.

    The same findings (rows, ids, order, wording) as ``detect(read_extract(path, ...), ...)``,
    with the memory of a few pieces instead of the whole extract, on ``workers`` processes.

    Parameters
    ----------
    path
        A ``.csv`` or ``.parquet`` extract with a case id column, in the chronology's columns
        or in the case management system's own headings (see :func:`reviewkit.read_extract`).
    rules, procedures, vocabulary, calendar
        As for :func:`reviewkit.detect` (an extract has no ``case.toml``: say the procedures,
        and the bank-holiday ``calendar`` if it is not that of the procedures' nation, e.g.
        ``"scotland"``).
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
        processes, the peak memory of the busiest of them (``peak_mb``, MiB) and that of this
        process until the pieces were checked (``parent_peak_mb``; putting the findings
        together comes after the workers have ended).

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
        progress=progress, findings_only=True, calendar=calendar,
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
    calendar: str | None = None,
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
        progress=progress, findings_only=False, calendar=calendar,
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
    progress: bool | None, findings_only: bool, calendar: str | None,
) -> tuple[_Found, dict]:
    """Cut the extract into pieces, check them on the workers, and put the verdicts together."""
    if int(entries_per_piece) < 1:
        raise LoadError(f"entries_per_piece must be 1 or more, not {entries_per_piece!r}.")
    path = Path(path)
    kind = extract_kind(path)
    headings = extract_headings(path, kind)
    own = None if CHRONOLOGY_MARKERS <= set(headings) else own_headings(
        path, headings, mapping=mapping, agency=agency)
    extract = ExtractReading(path.name, kind, headings, own, block_rows=100_000, path=path)
    found_decisions = given_decisions(None, decisions, vocabulary)
    plan = plan_rules(rules, procedures=procedures, vocabulary=vocabulary, calendar=calendar)
    workers = max(1, int(workers or _processors()))
    # a Parquet file's rows are counted before it is cut: its workers start (and import) meanwhile
    started = min(workers, expected_pieces(path, extract, int(entries_per_piece)))
    with tempfile.TemporaryDirectory(prefix="reviewkit-pieces-") as folder:
        job = _Job(extract, plan, found_decisions, findings_only, Path(folder))
        with ExitStack() as stack:
            pool = stack.enter_context(_pool(job, started)) if started > 1 else None
            pieces, rows = cut_pieces(path, extract, int(entries_per_piece), Path(folder))
            pa.default_memory_pool().release_unused()  # the case ids read to cut it: given back while the workers check
            if pool is None and min(workers, len(pieces)) > 1:
                started = min(workers, len(pieces))
                pool = stack.enter_context(_pool(job, started))
            results = _run(pieces, job, pool, progress)
        checking_mb = _peak_mb()  # this process's peak until now, while the workers checked
        if own is None:
            _require_unique_ids(path, extract, pieces, results)
    workers = 1 if pool is None else min(started, len(pieces))
    _pass_on_warnings(results, extract)
    frames = [r.verdicts for r in results if not r.verdicts.empty]
    verdicts = sort_verdicts(pd.concat(frames, ignore_index=True)) if frames else empty_verdicts()
    checked = {
        "rows": rows, "entries": sum(r.entries for r in results), "pieces": len(pieces),
        "workers": workers, "peak_mb": max((r.peak_mb for r in results), default=0.0),
        "parent_peak_mb": checking_mb,
    }
    return _Found(verdicts, orphaned_everywhere([r.orphans for r in results]), found_decisions), checked


def _with_account(frame: pd.DataFrame, checked: dict) -> pd.DataFrame:
    frame.attrs["extract"] = checked
    return frame


# --------------------------------------------------------------------------- cutting the pieces


@contextmanager
def _pool(job: _Job, workers: int) -> Iterator[loky.ProcessPoolExecutor]:
    """``workers`` processes, started now (they import reviewkit and take the job meanwhile)."""
    # loky's processes are fresh interpreters (safe with Arrow's threads) that do not run the
    # caller's script again, so a script needs no ``if __name__ == "__main__"`` guard
    # a piece's memory stays with the process's allocators for the next piece; loky would take
    # that for a leak (over 300 MB more than after its first task) and start a new process
    # (imports and fresh memory pages again), so it is told to leave them be
    with loky.ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(job,),
                                  env={"LOKY_MAX_MEMORY_LEAK_SIZE": "1e15"}) as pool:
        pool.submit(_started)  # the first task starts every process
        yield pool


def _started() -> None:
    """Nothing: a task that makes the pool start its processes."""


def _run(pieces: list[Piece], job: _Job, pool: loky.ProcessPoolExecutor | None, progress: bool | None) -> list[_Checked]:
    """Check every piece (on the pool's processes, or here without one); results in the pieces' order."""
    description = f"Checking {job.extract.name}"
    if pool is None:
        return list(with_progress((_check_piece(piece, job) for piece in pieces), description=description,
                                  unit="piece", total=len(pieces), progress=progress))
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
    # jemalloc, where Arrow has it, gives freed memory back between pieces: about 0.1 GB less
    # at the busiest moment of a 10^6-entry piece than Arrow's default allocator
    if "jemalloc" in pa.supported_memory_backends():  # an Arrow built without it keeps its own
        pa.set_memory_pool(pa.jemalloc_memory_pool())


def _check_piece_in_worker(piece: Piece) -> _Checked:
    assert _WORKER_JOB is not None, "the worker was started without its job"
    return _check_piece(piece, _WORKER_JOB)


def _check_piece(piece: Piece, job: _Job) -> _Checked:
    """Read one piece, correct it with the decisions, and check it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chronology, positions = read_piece(piece, job.extract, job.plan)
        # the file's ids are compared across pieces by their fingerprints (see _require_unique_ids),
        # left in a file: this process's memory need not hold them while the pieces are checked
        marks = None
        if job.extract.own is None:
            marks = job.folder / f"ids-{piece.path.stem}-{piece.start}.npy"
            np.save(marks, text_fingerprints(pa.array(chronology["entry_id"].array)))
        corrected, orphans = apply_entry_decisions(chronology, job.decisions)
        del chronology
        verdicts = apply_rules(corrected, job.plan, progress=False, findings_only=job.findings_only)
    entries, flagged = len(corrected), int(corrected["issues"].notna().sum())
    del corrected
    # the piece's frames caught in reference cycles, freed now rather than at some later collection:
    # the next piece then reuses their memory (less memory at once, fewer fresh pages to fill)
    gc.collect()
    return _Checked(
        verdicts=verdicts, orphans=orphans, entries=entries, flagged=flagged, id_marks=marks,
        # a run of the file's rows needs no list of them: the parent knows where it starts
        positions=positions if job.extract.own is None and piece.stop is None else np.zeros(0, dtype=np.int64),
        warnings=[(w.category, str(w.message)) for w in caught],
        peak_mb=_peak_mb(),
    )


def _require_unique_ids(
    path: Path, extract: ExtractReading, pieces: list[Piece], results: list[_Checked], shown: int = 3
) -> None:
    """Every entry id of the file used once; otherwise an error naming the ids and their rows.

    The pieces sent fingerprints of their ids; only rows sharing a fingerprint have their ids
    read again and compared."""
    each = [np.load(r.id_marks) for r in results]
    candidates = repeated_positions(np.concatenate(each) if each else np.zeros(0, np.uint64))
    counts = [len(marks) for marks in each]
    del each
    if not len(candidates):
        return
    rows = np.sort(_file_rows(candidates, pieces, results, counts))
    ids = extract_column(path, extract, "entry_id").take(pa.array(rows)).to_pylist()
    repeated = pd.Series(rows, index=ids).groupby(level=0, sort=False).agg(list)
    repeated = repeated[repeated.str.len() > 1]
    if repeated.empty:  # different ids that happen to share a fingerprint
        return
    label = extract.row_of()
    described = [f"{value!r} ({', '.join(label(int(r)) for r in where[:shown])})"
                 for value, where in repeated.head(shown).items()]
    raise LoadError(
        f"{extract.name}: {len(repeated)} entry id{'s are' if len(repeated) != 1 else ' is'} used by "
        f"more than one row, e.g. {'; '.join(described)}; every entry needs its own id."
    )


def _file_rows(at: np.ndarray, pieces: list[Piece], results: list[_Checked], counts: list[int]) -> np.ndarray:
    """The rows of the file (positions from 0) of entries ``at`` of the pieces' entries (``counts``
    of them in each) one after another."""
    ends = np.cumsum(counts)
    which = np.searchsorted(ends, at, side="right")
    within = at - (ends - counts)[which]
    return np.array([results[w].positions[i] if pieces[w].stop is None else pieces[w].start + i
                     for w, i in zip(which.tolist(), within.tolist())], dtype=np.int64)


def _pass_on_warnings(results: list[_Checked], extract: ExtractReading) -> None:
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

