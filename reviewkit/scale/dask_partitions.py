"""Check chronologies too big for one machine: a Dask DataFrame, one whole case per partition.

:func:`reviewkit.check` and :func:`reviewkit.detect` hand a Dask DataFrame to
:func:`check_partitions`, which reads the rules once, sends them to the workers once, checks
every partition there with the same code as the pandas path, and brings back one pandas
DataFrame of verdicts (or findings): the same rows, ids and order as checking the whole
chronology in pandas. Every case must lie wholly inside one partition, because the rules
compare entries of the same case; :func:`partition_by_case` arranges that.

Dask is optional: ``pip install "dask[dataframe]" distributed``. With a ``dask.distributed``
``Client`` the work runs on its cluster, with a progress bar over the partitions; without one,
on Dask's local threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reviewkit.check.durations import calendar_name
from reviewkit.check.engine import RulePlan, Rules, apply_rules, plan_rules, sort_verdicts
from reviewkit.check.verdicts import empty_verdicts
from reviewkit.exceptions import LoadError, ReviewkitError
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.load.case_folders import find_case_folders, load_case_group
from reviewkit.load.manifest import read_manifest
from reviewkit.load.schema import empty_chronology
from reviewkit.progress import with_progress
from reviewkit.review.apply import apply_entry_decisions, decided
from reviewkit.review.decisions import Decisions
from reviewkit.review.orphans import empty_orphans

if TYPE_CHECKING:
    import dask.dataframe as dd

#: The order of a chronology's rows (what :func:`reviewkit.load.chronology.finish_chronology` gives).
ROW_ORDER: list[str] = ["date", "sequence", "source", "source_row", "entry_id"]


def check_partitions(
    chronology: dd.DataFrame,
    *,
    rules: Rules = None,
    procedures: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    progress: bool | None = None,
    decisions: Decisions | None = None,
    calendar: str | None = None,
) -> pd.DataFrame:
    """Every verdict of the rules on a Dask DataFrame chronology, one whole case per partition.

    Called by :func:`reviewkit.check` for a Dask DataFrame; the arguments are theirs. The
    reviewer's ``decisions`` (explicit only: a Dask frame has no case folder) correct entries in
    each partition, and mark the verdicts; a decision about an entry found in no partition is
    an orphan. Working days leave out the bank holidays of ``calendar`` if given; else of each
    partition's cases (``calendar =`` in their ``case.toml``, for frames made by
    :func:`read_case_folders`); else of the procedures' nation, else England's.

    Returns
    -------
    pandas.DataFrame
        The verdicts, exactly as :func:`reviewkit.check` gives them for the same chronology
        as one pandas DataFrame.

    Raises
    ------
    ReviewkitError
        If a case is split between partitions (repartition it with :func:`partition_by_case`),
        or the frame has no ``case_id`` column.

    Examples
    --------
    >>> import reviewkit
    >>> from reviewkit.synth import synth_cases
    >>> chronology = synth_cases(4, seed=3).chronology
    >>> parts = partition_by_case(chronology, npartitions=2)
    >>> found = reviewkit.detect(parts)
    >>> found["finding_id"].tolist() == reviewkit.detect(chronology)["finding_id"].tolist()
    True
    """
    verdicts, orphans = verdicts_on_partitions(
        chronology, rules=rules, procedures=procedures, vocabulary=vocabulary, progress=progress,
        decisions=decisions, calendar=calendar,
    )
    return decided(verdicts, decisions, orphans)


def verdicts_on_partitions(
    chronology: dd.DataFrame,
    *,
    rules: Rules = None,
    procedures: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    progress: bool | None = None,
    decisions: Decisions | None = None,
    findings_only: bool = False,
    calendar: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sorted verdicts of every partition (only findings, with ``findings_only``) and the
    decisions about entries found in no partition (see :func:`check_partitions`)."""
    dask = require_dask()
    _require_case_id(chronology)
    plan = plan_rules(rules, procedures=procedures, vocabulary=vocabulary, calendar=calendar)
    client = _client()
    # one copy of the plan in the graph (or on each worker), not one per partition
    shipped = client.scatter(plan, broadcast=True) if client is not None else dask.delayed(plan)
    own_calendars = calendar is None  # else the one asked for wins over each case's own
    tasks = [dask.delayed(_check_partition)(part, shipped, decisions, findings_only, own_calendars)
             for part in chronology.to_delayed()]
    if client is None:
        results = list(dask.compute(*tasks))
    else:
        results = _gather(client, tasks, progress)
    _require_whole_cases(cases for _, cases, _ in results)
    orphans = orphaned_everywhere([orphans for _, _, orphans in results])
    frames = [verdicts for verdicts, _, _ in results if not verdicts.empty]
    if not frames:
        return empty_verdicts(), orphans
    return sort_verdicts(pd.concat(frames, ignore_index=True)), orphans


def partition_by_case(
    chronology: pd.DataFrame | dd.DataFrame, *, npartitions: int | None = None
) -> dd.DataFrame:
    """A Dask DataFrame of a chronology with every case wholly inside one partition.

    Parameters
    ----------
    chronology
        A chronology of many cases: a pandas DataFrame (split into runs of whole cases of
        about equal size, rows kept in their order), or a Dask DataFrame (shuffled on
        ``case_id``, then each partition sorted as a loaded chronology is, by date, sequence,
        source, source row and entry id).
    npartitions
        How many partitions (default: one per 100,000 entries for a pandas DataFrame, at
        least one; the number it has for a Dask DataFrame). From a pandas DataFrame, never
        more than there are cases; a shuffle may leave some partitions empty.

    Returns
    -------
    dask.dataframe.DataFrame

    Examples
    --------
    >>> from reviewkit.synth import synth_cases
    >>> chronology = synth_cases(5, seed=1).chronology
    >>> parts = partition_by_case(chronology, npartitions=2)
    >>> [p.compute()["case_id"].nunique() for p in parts.partitions]
    [3, 2]
    """
    dask = require_dask()
    _require_case_id(chronology)
    if isinstance(chronology, pd.DataFrame):
        pieces = _case_runs(chronology, npartitions or max(1, len(chronology) // 100_000))
        return dask.dataframe.from_delayed(
            [dask.delayed(piece) for piece in pieces], meta=chronology.iloc[:0], verify_meta=False
        )
    shuffled = chronology.shuffle(on="case_id", npartitions=npartitions or chronology.npartitions)
    return shuffled.map_partitions(_in_row_order)


def _check_partition(
    partition: pd.DataFrame, plan: RulePlan, decisions: Decisions | None, findings_only: bool,
    own_calendars: bool,
) -> tuple[pd.DataFrame, tuple[str, ...], pd.DataFrame]:
    """The verdicts of one partition, the cases it holds (to check no case is split), and the
    decisions about entries it does not hold. With ``own_calendars``, a partition whose cases
    name their bank-holiday calendar (``attrs["calendar"]``, see :func:`read_case_folders`) is
    checked on it."""
    if own_calendars and partition.attrs.get("calendar"):
        plan = replace(plan, calendar=calendar_name(partition.attrs["calendar"]))
    cases = tuple(str(case) for case in partition["case_id"].dropna().unique())
    corrected, orphans = apply_entry_decisions(partition.reset_index(drop=True), decisions)
    return apply_rules(corrected, plan, progress=False, findings_only=findings_only), cases, orphans


def orphaned_everywhere(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The decisions about entries that no partition holds: orphans in every partition's table."""
    if not tables:
        return empty_orphans()
    common = set.intersection(*(set(t["id"].astype(str)) for t in tables))
    first = tables[0]
    return first[first["id"].astype(str).isin(common)].reset_index(drop=True)


def _gather(client: Any, tasks: list, progress: bool | None) -> list:
    """Compute ``tasks`` on the cluster, in their order, with a bar as partitions finish."""
    from distributed import as_completed

    futures = client.compute(tasks)
    position = {future.key: i for i, future in enumerate(futures)}
    results: list = [None] * len(futures)
    finished = with_progress(
        as_completed(futures), description="Checking partitions", unit="partition",
        total=len(futures), progress=progress,
    )
    for future in finished:
        results[position[future.key]] = future.result()
    return results


def _case_runs(chronology: pd.DataFrame, npartitions: int) -> list[pd.DataFrame]:
    """Split into ``npartitions`` runs of whole cases of about equal size, rows in their order."""
    codes, cases = pd.factorize(chronology["case_id"].astype("string"), use_na_sentinel=False)
    sizes = np.bincount(codes, minlength=len(cases))
    npartitions = max(1, min(int(npartitions), len(cases)))
    ends = np.cumsum(sizes)
    group = np.minimum(
        np.searchsorted(np.linspace(0, ends[-1], npartitions + 1)[1:-1], ends - sizes / 2), npartitions - 1
    ) if len(cases) else np.zeros(0, dtype=int)
    row_group = group[codes]
    return [chronology[row_group == g].reset_index(drop=True) for g in np.unique(row_group)]


def _in_row_order(partition: pd.DataFrame) -> pd.DataFrame:
    keys = [k for k in ROW_ORDER if k in partition.columns]
    return partition.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)


def _require_whole_cases(partition_cases: Iterable[tuple[str, ...]]) -> None:
    seen: dict[str, int] = {}
    for number, cases in enumerate(partition_cases):
        for case in cases:
            if seen.setdefault(case, number) != number:
                raise ReviewkitError(
                    f"The case {case!r} is split between partitions {seen[case]} and {number}; "
                    f"the rules compare entries of the same case, so every case must lie wholly "
                    f"inside one partition. Repartition with "
                    f"reviewkit.scale.dask_partitions.partition_by_case(chronology) first."
                )


def _require_case_id(chronology: Any) -> None:
    columns = list(getattr(chronology, "columns", []))
    if "case_id" not in columns:
        raise ReviewkitError(
            f"The chronology has no 'case_id' column (its columns: {', '.join(map(str, columns))}); "
            f"batch checks need it to keep each case in one partition."
        )


def _client() -> Any:
    """The current ``dask.distributed`` client, or None (then Dask's local threads run the work)."""
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:
        return None


def require_dask() -> ModuleType:
    """Import dask (with its DataFrame part), or say how to install it."""
    try:
        import dask
        import dask.dataframe
    except ImportError as error:
        raise ReviewkitError(
            f"Checking chronologies with Dask needs dask, which is not installed ({error}). "
            f'Install it with: pip install "dask[dataframe]" distributed'
        ) from error
    return dask


def read_case_folders(
    folder: str | os.PathLike,
    *,
    cases_per_partition: int = 1,
    vocabulary: str | os.PathLike | None = None,
) -> dd.DataFrame:
    """A folder of case folders as a lazy Dask DataFrame, whole cases in each partition.

    Nothing is read until the frame is computed (or checked with :func:`reviewkit.detect`);
    then each partition loads its own cases, on whichever worker runs it. The folder must be
    readable from every worker (a shared drive on a cluster).

    Parameters
    ----------
    folder
        A folder of case folders (see :func:`find_case_folders`).
    cases_per_partition
        How many cases each partition loads at most (more cases, fewer and larger partitions).
        Cases whose ``case.toml`` names different bank-holiday calendars (``calendar =``) go in
        different partitions, so that each is checked on its own calendar.
    vocabulary
        A vocabulary TOML file for every case (default: each case's own choice).

    Returns
    -------
    dask.dataframe.DataFrame
        The chronology columns; each partition sorted as a loaded chronology is.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ["family_a", "family_b", "family_c"]:
    ...     (root / name).mkdir()
    ...     _ = (root / name / "case.toml").write_text(
    ...         'case_id = "' + name + '"\\n[[files]]\\npath = "gp.csv"\\nagency = "GP"\\n')
    ...     _ = (root / name / "gp.csv").write_text("Date,Notes\\n03/04/2015,Seen\\n")
    >>> cases = read_case_folders(root, cases_per_partition=2)
    >>> cases.npartitions, cases.compute()["case_id"].tolist()
    (2, ['family_a', 'family_b', 'family_c'])
    """
    if int(cases_per_partition) < 1:
        raise LoadError(f"cases_per_partition must be 1 or more, not {cases_per_partition!r}.")
    dask = require_dask()
    groups = _groups(find_case_folders(folder), int(cases_per_partition))
    load = partial(load_case_group, vocabulary=None if vocabulary is None else Path(vocabulary))
    return dask.dataframe.from_map(load, groups, meta=empty_chronology(), enforce_metadata=False)


def _groups(folders: list[Path], size: int) -> list[tuple[Path, ...]]:
    """Runs of at most ``size`` consecutive case folders naming the same calendar (or none)."""
    groups: list[list[Path]] = []
    last = object()
    for folder in folders:
        calendar = read_manifest(folder).calendar
        if not groups or len(groups[-1]) >= size or calendar != last:
            groups.append([])
        groups[-1].append(folder)
        last = calendar
    return [tuple(group) for group in groups]
