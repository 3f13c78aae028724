"""Which entries a response rule pairs: its triggers, and each trigger's first response.

Worked out on the check's shared arrays (:class:`~reviewkit.check.detectors.per_check.Distinct`):
rows of a type found once per check, triggers once per check for rules that ask the same, each
trigger paired with the candidates of its case by integer case codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.columns import moment_key
from reviewkit.check.detectors.base import Context, has_types
from reviewkit.check.detectors.codes import same_case_pairs
from reviewkit.check.detectors.per_check import Distinct, take
from reviewkit.check.durations import deadline_values
from reviewkit.check.rules import Rule


def _rows_of(chronology: pd.DataFrame, types: tuple[str, ...], agencies: tuple[str, ...] | None, column: str,
             context: Context, shared: Distinct) -> np.ndarray:
    """The row positions of entries of ``types`` (in ``column``), recorded by one of ``agencies`` if given;
    worked out once per check for each question."""
    def make() -> np.ndarray:
        rows = np.flatnonzero(has_types(chronology, types, column=column, context=context).to_numpy())
        if agencies:  # the agencies of those rows only, by the column's codes
            codes, names = shared.of("agency")
            rows = rows[np.append(names.isin(list(agencies)).to_numpy(dtype=bool), False)[codes[rows]]]
        return rows

    key = ("rows", column, tuple(types), tuple(agencies) if agencies else None)
    return shared.memo(key, make)


def triggers(chronology: pd.DataFrame, rule: Rule, context: Context, shared: Distinct) -> np.ndarray:
    """The trigger entries' row positions, one per duplicate group (the earliest), by case (as the case
    ids sort), date and sequence: the order their verdicts take.

    With ``distinct_within``, leaving out those too close to the one before.
    Worked out once per check for rules that ask the same (several rules answer one trigger).
    """
    params = rule.params
    column = "tags" if params["trigger_match"] == "tags" else "event_type"
    key = ("triggers", column, tuple(params["trigger"]),
           tuple(params["trigger_agency"]) if params["trigger_agency"] else None, str(params["distinct_within"]))
    return shared.memo(key, lambda: _trigger_rows(chronology, rule, column, context, shared))


def _trigger_rows(chronology: pd.DataFrame, rule: Rule, column: str, context: Context, shared: Distinct) -> np.ndarray:
    """:func:`triggers`, worked out."""
    params = rule.params
    rows = _rows_of(chronology, params["trigger"], params["trigger_agency"], column, context, shared)
    if not len(rows):
        return rows
    date, sequence = shared.moments("date")[rows], shared.numbers_at("sequence", rows)
    order = np.lexsort([sequence, moment_key(date)])  # the earliest first, missing last
    ids = take(shared.arrow("entry_id"), rows).cast(pa.large_string())
    groups = pc.dictionary_encode(pc.coalesce(take(shared.arrow("duplicate_group"), rows).cast(pa.large_string()), ids))
    if groups.null_count or len(groups.dictionary) < len(rows):  # some rows are records of one event
        # an entry with neither is in group -1, as pandas' factorize gives NA
        group = np.asarray(groups.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        record = shared.of("case_id")[0][rows].astype(np.int64) * (group.max(initial=0) + 1) + group
        first = np.zeros(len(rows), dtype=bool)
        first[np.unique(record[order], return_index=True)[1]] = True
        chosen = order[first]
    else:  # every row its own event
        chosen = order
    rows = rows[chosen]
    codes, rank = shared.of("case_id")[0], shared.ranks("case_id")  # cases as their ids sort, missing last
    if params["distinct_within"] is None:
        case = rank[codes[rows]]
        by_case = np.argsort(case.astype(np.uint16) if case.max(initial=0) < 2**16 else case, kind="stable")
        rows = rows[by_case]  # each case's in date order still: the order of their verdicts
        shared.taken("entry_id", rows, ids.take(pa.array(chosen[by_case])))  # their ids, for the verdicts
        return rows
    date = shared.moments("date")[rows]
    rows = rows[np.lexsort([date.view(np.int64), np.isnat(date), rank[codes[rows]]])]
    date, latest = shared.moments("date")[rows], shared.moments("date_latest")[rows]
    previous = np.r_[np.datetime64("NaT", "ns"), latest[:-1]]
    same_case = np.r_[False, codes[rows][1:] == codes[rows][:-1]]
    previous = np.where(same_case, previous, np.datetime64("NaT", "ns"))
    return rows[~(date <= deadline_values(previous, params["distinct_within"]))]


def first_responses(
    chronology: pd.DataFrame, at: np.ndarray, t0: np.ndarray, rule: Rule, context: Context, shared: Distinct
) -> tuple[np.ndarray, np.ndarray]:
    """For each trigger (row position), its response's row position (-1: none) and whether it is
    linked explicitly (``responds_to`` names the trigger); else the first after it.

    Each trigger is paired with every candidate of its case (as an inner merge on ``case_id``
    pairs them); cases, groups and agencies are compared by their codes in the chronology.
    """
    params = rule.params
    rows = _rows_of(chronology, params["response"], params["response_agency"], "tags", context, shared)

    def codes(column: str) -> tuple[np.ndarray, np.ndarray]:
        found = shared.of(column)[0]
        return found[at], found[rows]

    left, right = same_case_pairs(*codes("case_id"))
    pair_rows = rows[right]
    explicit = _explicit(shared, at[left], pair_rows)
    keep = shared.moments("date_latest")[pair_rows] >= t0[left]
    if params["exclude_same_group"]:
        t_group, r_group = codes("duplicate_group")
        keep &= ~((t_group[left] == r_group[right]) & (r_group[right] >= 0))
    if params["same_agency"]:
        t_agency, r_agency = codes("agency")
        keep &= (t_agency[left] == r_agency[right]) & (r_agency[right] >= 0)
    if params["same_subject"] or (not params["any_subject"] and "subject" in chronology):
        asked = np.flatnonzero(keep)  # the subjects of the pairs still kept only
        keep[asked] = shared.subjects_shared(at[left[asked]], pair_rows[asked], strict=params["same_subject"])
    if params["look_ahead"]:
        horizon = deadline_values(t0, params["look_ahead"], calendar=context.calendar)
        keep &= shared.moments("date")[pair_rows] <= horizon[left]
    # A response must be another entry: another row, with another id. Ids are compared for the chosen
    # responses only; where one has its trigger's id (or none), every candidate's is compared.
    chosen, linked = _first_per_trigger(shared, left, pair_rows, explicit,
                                        (keep & (at[left] != pair_rows)) | explicit, len(at))
    if _other_ids(shared, at, chosen, linked):
        return chosen, linked
    keep &= _other_entry(shared, at[left], pair_rows, keep)
    return _first_per_trigger(shared, left, pair_rows, explicit, keep | explicit, len(at))


def _other_ids(shared: Distinct, at: np.ndarray, chosen: np.ndarray, linked: np.ndarray) -> bool:
    """Whether every chosen response not linked explicitly has an id, and another than its trigger's."""
    inferred = (chosen >= 0) & ~linked
    if not inferred.any():
        return True
    mine, theirs = (shared.taken("entry_id", rows).filter(pa.array(inferred)).cast(pa.large_string())
                    for rows in (at, chosen))  # each taken once per check: the verdicts name them too
    return not (mine.null_count or theirs.null_count) and bool(pc.all(pc.not_equal(mine, theirs)).as_py())


def _other_entry(shared: Distinct, first: np.ndarray, second: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """Whether the entry ids at two row positions differ, where ``asked`` (elsewhere False).

    The same row never does; different rows do unless their ids are equal, which happens only in
    a chronology with repeated ids: the ids are compared only when two of the rows involved share
    one (or have none; a missing id is no other entry's).
    """
    other = asked & (first != second)
    if not other.any():
        return other
    rows, at = np.unique(np.concatenate([first[other], second[other]]), return_inverse=True)
    ids = pc.dictionary_encode(take(shared.arrow("entry_id"), rows))  # each row involved taken once
    if ids.null_count or len(ids.dictionary) < len(rows):  # some rows share an id (or have none)
        codes = np.asarray(ids.indices.fill_null(-1), dtype=np.int64)[at.reshape(-1)]
        mine, theirs = codes[:len(codes) // 2], codes[len(codes) // 2:]
        other[other] = (mine != theirs) & (mine >= 0) & (theirs >= 0)  # a missing id is no other entry's
    return other


def _explicit(shared: Distinct, trigger_rows: np.ndarray, pair_rows: np.ndarray) -> np.ndarray:
    """Whether each pair's candidate names its trigger in ``responds_to`` (compared as text)."""
    named = shared.texts("responds_to", pair_rows)
    linked = ~pd.isna(named)
    explicit = np.zeros(len(pair_rows), dtype=bool)
    if linked.any():
        explicit[linked] = named[linked] == shared.texts("entry_id", trigger_rows[linked])
    return explicit


def _first_per_trigger(
    shared: Distinct, left: np.ndarray, pair_rows: np.ndarray, explicit: np.ndarray, keep: np.ndarray,
    size: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each trigger's chosen candidate row (-1: none) and whether it is explicit: explicit first, then by
    latest date, date, sequence (missing last), then the first pair.

    The choice of a stable ``sort_values`` of the kept pairs, without a sort: the pairs of each
    trigger are together (``left`` ascending, see :func:`~reviewkit.check.detectors.codes.same_case_pairs`),
    so each trigger's least pair is found key by key (:func:`least_per_group`), explicit pairs first.
    """
    chosen, linked = np.full(size, -1, dtype=np.int64), np.zeros(size, dtype=bool)
    for pairs, explicitly in ((np.flatnonzero(keep), False), (np.flatnonzero(keep & explicit), True)):
        if len(pairs):
            rows = pair_rows[pairs]
            keys = [*(moment_key(shared.moments(c)[rows]) for c in ("date_latest", "date")),
                    shared.numbers_at("sequence", rows)]
            firsts = pairs[least_per_group(left[pairs], keys)]
            chosen[left[firsts]], linked[left[firsts]] = pair_rows[firsts], explicitly
    return chosen, linked


def least_per_group(groups: np.ndarray, keys: list[np.ndarray]) -> np.ndarray:
    """The position of each group's least row by ``keys`` (the first most significant), the first
    of equal ones: as the first row of each group after a stable sort by the keys. ``groups`` must
    be in ascending order (each group's rows together).

    Examples
    --------
    >>> least_per_group(np.array([0, 0, 0, 2, 2]), [np.array([5, 3, 3, 1, 1]), np.array([0, 9, 8, 0, 0])]).tolist()
    [2, 3]
    """
    alive = np.arange(len(groups))
    for key in keys:
        values, group = key[alive], groups[alive]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        least = np.repeat(np.minimum.reduceat(values, starts), np.diff(np.r_[starts, len(values)]))
        alive = alive[values == least]
    group = groups[alive]
    return alive[np.r_[True, group[1:] != group[:-1]]]
