"""Load agency chronologies (files, folders, lists, DataFrames) into one case chronology."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from reviewkit.exceptions import DataQualityWarning, LoadError
from reviewkit.gc_threshold import with_fewer_collections
from reviewkit.interpret.agencies import load_agency_aliases, normalise_agencies
from reviewkit.interpret.entry_ids import resolve_row_ids
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.load.case_context import with_case_context
from reviewkit.load.duplicates import group_duplicates
from reviewkit.load.interpret_tables import RawPiece, interpret_tables
from reviewkit.load.intervals import pair_intervals
from reviewkit.load.load_report import load_report
from reviewkit.load.manifest import MANIFEST_NAME, CaseManifest, FileSpec, read_manifest, source_name
from reviewkit.load.raw_entries import TableAccount, table_entries
from reviewkit.load.readers.any_file import read_tables
from reviewkit.load.readers.raw_table import RawTable
from reviewkit.load.schema import (
    CHRONOLOGY_COLUMNS,
    checked_chronology,
    coerce_chronology,
    empty_chronology,
)
from reviewkit.progress import with_progress
from reviewkit.review.apply import apply_entry_decisions
from reviewkit.review.decisions import Decisions
from reviewkit.review.migration import migrate_entries, save_migration
from reviewkit.review.orphans import empty_orphans
from reviewkit.review.reading import given_decisions

Source = str | os.PathLike | pd.DataFrame | Sequence["Source"]


#: File types loaded from a folder without ``case.toml`` (a ``.txt`` file there is more likely
#: a note than a chronology; name it in ``case.toml`` or load it on its own).
FOLDER_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".xlsm", ".docx")


@dataclass(frozen=True)
class LoadResult:
    """A loaded chronology and the account of how every input row became entries.

    Attributes
    ----------
    chronology
        The case chronology (columns of :data:`reviewkit.load.schema.CHRONOLOGY_COLUMNS`).
    report
        One row per table read: rows read, blank rows skipped, entries made, date problems,
        unknown agencies and event types, duplicate groups (see :func:`reviewkit.load.load_report.load_report`).
    cases
        The ``case.toml`` manifests of the case folders loaded (empty for loose files).
    orphans
        The reviewer's corrections to entries that are not in the chronology (see
        :func:`reviewkit.review.apply.apply_entry_decisions`); empty when every one applied.
    """

    chronology: pd.DataFrame
    report: pd.DataFrame
    cases: tuple[CaseManifest, ...] = ()
    orphans: pd.DataFrame = field(default_factory=empty_orphans)


def read_chronology(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    agency: str | None = None,
    case_id: str | None = None,
    sheet: str | None = None,
    indicators: Sequence[str] | None = None,
    event_type: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    agency_aliases: str | os.PathLike | Mapping[str, Iterable[str]] | None = None,
    progress: bool | None = None,
    decisions: str | os.PathLike | Decisions | None = None,
) -> pd.DataFrame:
    """Load agency chronologies into one case chronology.

    Parameters
    ----------
    source
        A CSV, XLSX or DOCX file; a case folder (with or without ``case.toml``); a list of
        any of these; or a DataFrame (agency columns, or an existing chronology).
    mapping
        ``{role: heading}`` for headings reviewkit does not recognise, e.g.
        ``{"date": "When it happened", "details": "What happened"}``. Roles:
        :data:`reviewkit.load.headings.ROLES`.
    agency
        The agency of the whole file (agencies usually send one file each).
    case_id
        The case the entries belong to (default: ``case.toml``, else the folder's name).
    sheet
        The one sheet of a workbook to read (default: every sheet with a chronology).
    indicators
        Headings of a wide indicator table (one column per area): one entry per area.
    event_type
        The event type of entries whose text names none (e.g. ``"gcp2_assessment"``).
    vocabulary
        A user's vocabulary TOML file (or :class:`~reviewkit.interpret.vocabulary.Vocabulary`) that
        extends the packaged one.
    agency_aliases
        More agency aliases, as a TOML file or ``{canonical name: [aliases]}``.
    progress
        Show a progress bar over the files: ``True``, ``False``, or ``None`` to decide from
        ``REVIEWKIT_PROGRESS`` and the terminal (see :mod:`reviewkit.progress`).
    decisions
        The reviewer's decisions file (or :class:`~reviewkit.review.decisions.Decisions`) whose
        corrections to entries are applied; default: the ``decisions.toml`` of each case
        folder loaded, if any (see ``docs/decisions.md``).

    Returns
    -------
    pandas.DataFrame
        The chronology, sorted by date then ``sequence``. Rows that could not be read
        cleanly are kept, with the reason in ``issues`` (and a :class:`DataQualityWarning`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "family_x"; folder.mkdir()
    >>> _ = (folder / "school.csv").write_text(
    ...     "Date,Time,Incident,Action taken\\n"
    ...     "09/02/2015,12:40,Staff witnessed Mother kick Child B,Referral to CSC at 16:10\\n")
    >>> chronology = read_chronology(folder / "school.csv", agency="School")
    >>> chronology.loc[0, ["entry_id", "date", "agency"]].tolist()
    ['family_x/school.csv:09-02-2015-378a516a', Timestamp('2015-02-09 12:40:00'), 'School']
    """
    return load_with_report(
        source, mapping=mapping, agency=agency, case_id=case_id, sheet=sheet,
        indicators=indicators, event_type=event_type, vocabulary=vocabulary,
        agency_aliases=agency_aliases, progress=progress, decisions=decisions,
    ).chronology


@with_fewer_collections
def load_with_report(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    agency: str | None = None,
    case_id: str | None = None,
    sheet: str | None = None,
    indicators: Sequence[str] | None = None,
    event_type: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    agency_aliases: str | os.PathLike | Mapping[str, Iterable[str]] | None = None,
    progress: bool | None = None,
    decisions: str | os.PathLike | Decisions | None = None,
) -> LoadResult:
    """Like :func:`read_chronology`, but also return the load report and case manifests.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "gp.csv"
    >>> _ = p.write_text("Date of contact,Notes\\n03/04/2015,Seen\\n\\n,\\nsometime,Call\\n")
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     result = load_with_report(p, agency="GP", case_id="c1")
    >>> str(caught[0].message)
    "1 of 2 entries loaded with problems; they are kept, with the reason in their 'issues' column."
    >>> result.report.loc[0, ["rows_read", "blank_rows", "entries", "date_issues"]].tolist()
    [2, 2, 2, 1]
    """
    overrides = FileSpec(
        path=Path("."), agency=agency, sheet=sheet, mapping=dict(mapping or {}),
        indicators=tuple(indicators or ()), event_type=event_type,
    )
    jobs = list(_jobs(source, overrides, case_id))
    cases = tuple({id(j.case): j.case for j in jobs if j.case is not None}.values())
    vocab = load_vocabulary(vocabulary if vocabulary is not None else _case_file(cases, "vocabulary"))
    aliases = load_agency_aliases(
        agency_aliases if agency_aliases is not None else _case_file(cases, "agency_aliases")
    )
    pieces: list[RawPiece | pd.DataFrame] = []
    accounts: list[TableAccount] = []
    for job in with_progress(jobs, description="Loading files", unit="file", progress=progress):
        job_pieces, job_accounts = _read_job(job, aliases)
        pieces.extend(job_pieces)
        accounts.extend(job_accounts)
    frames = [f for f in _interpreted(pieces, vocab, aliases) if not f.empty]
    chronology = pd.concat(frames, ignore_index=True) if frames else empty_chronology()
    _check_unique_ids(chronology)
    if "responds_to" in chronology:  # an id a user wrote by row (as before 0.2) names its entry
        chronology["responds_to"] = resolve_row_ids(chronology["responds_to"], chronology)
    chronology = finish_chronology(chronology, vocab)
    found = migrate_entries(given_decisions(source, decisions, vocab), chronology)
    save_migration(found)  # row-based ids of before 0.2 become content ids in the file too
    chronology, orphans = apply_entry_decisions(chronology, found)
    chronology = with_case_context(chronology, cases)  # ages, the review period
    named = {case.procedures for case in cases} - {None}
    if len(named) == 1:  # check and detect then follow the case's procedures, as from the folder
        chronology.attrs["procedures"] = named.pop()
    calendars = {case.calendar for case in cases} - {None}
    if len(calendars) == 1:  # and its bank holidays
        chronology.attrs["calendar"] = calendars.pop()
    titles = {case.case_id: case.title for case in cases if case.title}
    if titles:  # the timeline and the report are named by case.toml's title, not the case id
        chronology.attrs["case_titles"] = titles
    warn_quality(chronology, accounts)
    return LoadResult(
        chronology, load_report(chronology, accounts, decisions=found, orphans=orphans), cases, orphans
    )


def finish_chronology(chronology: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    """Pair intervals, group duplicates, sort by date then sequence, and validate.

    Examples
    --------
    >>> finish_chronology(empty_chronology(), load_vocabulary()).shape
    (0, 35)
    """
    chronology = coerce_chronology(chronology)
    chronology = pair_intervals(chronology, vocabulary)
    chronology["duplicate_group"] = group_duplicates(chronology, vocabulary)
    chronology = chronology.sort_values(
        ["date", "sequence", "source", "source_row", "entry_id"], kind="stable", na_position="last"
    ).reset_index(drop=True)
    return checked_chronology(coerce_chronology(chronology), where="The chronology")


@dataclass(frozen=True)
class _Job:
    """One thing to load: a file or a DataFrame, with how to read it (``spec``)."""

    spec: FileSpec | None
    frame: pd.DataFrame | None
    case_id: str
    name: str
    case: CaseManifest | None = None


def _jobs(source: Source, overrides: FileSpec, case_id: str | None) -> Iterable[_Job]:
    if isinstance(source, pd.DataFrame):
        yield _Job(overrides, source, case_id or "case", "DataFrame")
        return
    if isinstance(source, (list, tuple)):
        if not source:
            raise LoadError("No sources were given: pass a file, a folder, or a list of them.")
        for item in source:
            yield from _jobs(item, overrides, case_id)
        return
    path = Path(source)
    if path.is_dir():
        yield from _folder_jobs(path, overrides, case_id)
    elif path.exists():
        spec = replace(overrides, path=path)
        yield _Job(spec, None, case_id or path.resolve().parent.name, path.name)
    else:
        raise LoadError(f"{path}: there is no such file or folder.")


def _folder_jobs(folder: Path, overrides: FileSpec, case_id: str | None) -> Iterable[_Job]:
    if (folder / MANIFEST_NAME).exists():
        case = read_manifest(folder)
        for spec in case.files:
            spec = _with_overrides(spec, overrides)
            yield _Job(spec, None, case_id or case.case_id, source_name(spec.path, folder), case)
        return
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FOLDER_SUFFIXES)
    files = [p for p in files if not p.name.startswith(("~$", "."))]
    if not files:
        raise LoadError(
            f"{folder}: the folder has no case.toml and no CSV, XLSX or DOCX files to load."
        )
    for path in files:
        yield _Job(replace(overrides, path=path), None, case_id or folder.resolve().name, path.name)


def _with_overrides(spec: FileSpec, overrides: FileSpec) -> FileSpec:
    return replace(
        spec,
        agency=overrides.agency or spec.agency,
        sheet=overrides.sheet or spec.sheet,
        mapping={**spec.mapping, **overrides.mapping},
        indicators=overrides.indicators or spec.indicators,
        event_type=overrides.event_type or spec.event_type,
    )


def _case_file(cases: tuple[CaseManifest, ...], attribute: str) -> Path | None:
    found = {getattr(case, attribute) for case in cases} - {None}
    if len(found) > 1:
        raise LoadError(
            f"The case folders name different {attribute} files ({', '.join(map(str, found))}); "
            f"load them separately or pass {attribute}= explicitly."
        )
    return found.pop() if found else None


def _read_job(
    job: _Job, aliases: Mapping[str, str]
) -> tuple[list[RawPiece | pd.DataFrame], list[TableAccount]]:
    """The raw entries of each table of ``job`` (or the chronology it is already)."""
    if job.frame is not None:
        if {"entry_id", "date", "date_latest"} <= set(job.frame.columns):  # a chronology already
            frame = job.frame if "case_id" in job.frame else job.frame.assign(case_id=job.case_id)
            return [frame[[c for c in CHRONOLOGY_COLUMNS if c in frame]]], []
        tables = [_frame_table(job.frame, job.name)]
        spec = job.spec or FileSpec(path=Path("."))
    else:
        spec = job.spec
        tables = read_tables(spec.path, sheet=spec.sheet, name=job.name)
    agency = spec.agency or _agency_from_name(job.name, aliases)
    pieces: list[RawPiece | pd.DataFrame] = []
    accounts = []
    for table in tables:
        try:
            raw, account = table_entries(table, mapping=spec.mapping, indicators=spec.indicators)
        except LoadError as error:
            if spec.sheet is None and len(tables) > 1:
                accounts.append(_skipped(table, error))
                continue
            raise
        pieces.append(RawPiece(raw, job.case_id, agency, spec.event_type))
        accounts.append(account)
    if not pieces:
        reasons = "; ".join(a.notes[-1] for a in accounts)
        raise LoadError(f"{job.name}: no sheet holds a chronology ({reasons}).")
    return pieces, accounts


def _interpreted(pieces: list[RawPiece | pd.DataFrame], vocabulary: Vocabulary,
                 aliases: Mapping[str, str]) -> list[pd.DataFrame]:
    """Each piece as chronology columns: the raw tables interpreted in one call."""
    raw = [piece for piece in pieces if isinstance(piece, RawPiece)]
    done = iter(interpret_tables(raw, vocabulary, aliases))
    return [next(done) if isinstance(piece, RawPiece) else piece for piece in pieces]


def _frame_table(frame: pd.DataFrame, name: str) -> RawTable:
    rows = [list(map(str, frame.columns))] + frame.astype(object).where(frame.notna(), None).values.tolist()
    return RawTable(name, rows, list(range(1, len(rows) + 1)))


def _agency_from_name(name: str, aliases: Mapping[str, str]) -> str | None:
    """The agency a file's name gives (``police.csv`` -> Police), or None."""
    stem = Path(name.split("#")[0]).stem.replace("_", " ").replace("-", " ")
    found = normalise_agencies(pd.Series([stem], dtype="string"), aliases=aliases)
    return str(found.loc[0, "agency"]) if bool(found.loc[0, "known"]) else None


def _skipped(table: RawTable, error: LoadError) -> TableAccount:
    data = sum(1 for row in table.rows if any(c is not None for c in row))
    return TableAccount(
        source=table.source, header_row=0, title_rows=0, blank_rows=len(table.rows) - data,
        data_rows=0, entries=0, columns={}, unused_columns=[],
        notes=[f"sheet skipped, {data} non-blank row(s) not read: {error}"],
    )


def _check_unique_ids(chronology: pd.DataFrame) -> None:
    repeated = chronology["entry_id"][chronology["entry_id"].duplicated()]
    if not repeated.empty:
        raise LoadError(
            f"The same entry was loaded twice ({repeated.iloc[0]}): a file appears twice in the "
            f"sources, or two cases share a case_id. Load each file once."
        )


def warn_quality(chronology: pd.DataFrame, accounts: Sequence[TableAccount] = (), *, where: str = "",
                 stacklevel: int = 3) -> None:
    """Warn (:class:`DataQualityWarning`) about entries kept with problems and files with no date read.

    ``where`` (e.g. the file's name) starts the message; ``stacklevel`` points at the caller's caller.
    """
    warn_flagged(int(chronology["issues"].notna().sum()), len(chronology), where=where,
                 stacklevel=stacklevel + 1)
    undated = chronology["date"].isna().groupby(chronology["source"], observed=True).all()
    for account in accounts:
        if account.entries and bool(undated.get(account.source, False)):
            heading = account.columns.get("date", "?")
            warnings.warn(
                f"{account.source}: no date in the file could be read ({account.entries} "
                f"entries, dates taken from the column {heading!r}). Is that the right column? "
                f"If not, say which column holds the date, e.g. mapping={{'date': 'Date of "
                f"contact'}}.",
                DataQualityWarning,
                stacklevel=3,
            )


def warn_flagged(flagged: int, total: int, *, where: str = "", stacklevel: int = 3) -> None:
    """Warn (:class:`DataQualityWarning`) that ``flagged`` of ``total`` entries loaded with problems.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_flagged(2, 10, where="extract.csv")
    >>> str(caught[0].message)
    "extract.csv: 2 of 10 entries loaded with problems; they are kept, with the reason in their 'issues' column."
    """
    if flagged:
        warnings.warn(
            f"{where + ': ' if where else ''}{flagged} of {total} entries loaded with problems; "
            f"they are kept, with the reason in their 'issues' column.",
            DataQualityWarning,
            stacklevel=stacklevel,
        )
