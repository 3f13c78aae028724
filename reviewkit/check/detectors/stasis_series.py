"""The series of a ``stasis`` rule, worked out on row positions and integer codes.

A series is one case, subject and indicator during one plan: the assessments during the plan,
and the last assessment before the plan began (its starting score). Which rows make a series,
their baseline and their order are found on arrays: the assessments' positions, integer ranks
of their text keys (ranks sort as the text does) and the dates as integers. The frame's columns
are taken once, at the end, for the rows kept and in their order (a merge on three text columns,
a sort on six keys of which four are text, and a match of entry ids as text did the same).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The columns of a plan that a series carries (from the assessment's pairing with its plan).
PLAN_COLUMNS = ["opened", "start_lo", "start_hi", "agency_p"]
_DAY = np.int64(86_400 * 10**9)


def series(rows: pd.DataFrame, on_plan: pd.DataFrame, entry: np.ndarray) -> pd.DataFrame:
    """Assessments during each plan, plus the last one before it began, sorted by case, subject,
    indicator, plan, date and entry id, with each series' ``group`` number.

    ``rows`` are the assessments (``subject`` filled with ``""``), ``entry`` their entry ids'
    codes (``pd.factorize``), ``on_plan`` each assessment during a plan with its position in
    ``rows`` (``_row``) and the plan's :data:`PLAN_COLUMNS`.

    Examples
    --------
    >>> days = pd.to_datetime(["2014-01-01", "2014-06-01", "2015-01-01", "2016-01-01"])
    >>> rows = pd.DataFrame({"case_id": "c", "entry_id": ["e1", "e2", "e3", "e4"], "date": days,
    ...     "date_latest": days, "subject": "", "indicator": "Safety", "score": [2.0, 3, 3, 3]})
    >>> on_plan = pd.DataFrame({"entry_id": ["e4", "e3"], "opened": "p", "start_lo": days[2:3].repeat(2),
    ...     "start_hi": days[2:3].repeat(2), "agency_p": "CS", "open_at_end": False, "_row": [3, 2]})
    >>> series(rows, on_plan, np.arange(4))[["entry_id", "opened", "group"]].values.tolist()
    [['e2', 'p', 0], ['e3', 'p', 0], ['e4', 'p', 0]]
    """
    key = _key_ranks(rows)
    opened = _ranks(on_plan["opened"])
    plan_of = np.full(len(rows), -1, dtype=np.int64)
    plan_of[on_plan["_row"].to_numpy()] = np.arange(len(on_plan))
    during = np.flatnonzero(plan_of >= 0)
    base_rows, base_plans = _baselines(rows, on_plan, key, opened, during, plan_of[during], entry)
    at_row = np.concatenate([base_rows, during])
    at_plan = np.concatenate([base_plans, plan_of[during]])
    moments = rows["date"].to_numpy(dtype="datetime64[ns]")[at_row]
    day = np.where(np.isnat(moments), np.iinfo(np.int64).max, moments.view(np.int64))
    order = np.lexsort([day, opened[at_plan], key[at_row]])  # stable: ties keep their order
    ids = rows["entry_id"].iloc[at_row[order]]
    tied = _tied(key[at_row[order]], opened[at_plan[order]], day[order])
    if tied.any():  # the entry id decides only between rows alike in every other key
        rank = np.zeros(len(order), dtype=np.int64)
        rank[tied] = _ranks(ids.iloc[np.flatnonzero(tied)])
        order = order[np.lexsort([rank, day[order], opened[at_plan[order]], key[at_row[order]]])]
    found = pd.concat([rows.iloc[at_row[order]].reset_index(drop=True),
                       on_plan[PLAN_COLUMNS].iloc[at_plan[order]].reset_index(drop=True)], axis=1)
    known = rows["case_id"].notna().to_numpy()[at_row[order]]
    codes = np.stack([np.where(known, key[at_row[order]], -1), opened[at_plan[order]]])
    return found.assign(group=group_numbers(codes))


def _baselines(rows: pd.DataFrame, on_plan: pd.DataFrame, key: np.ndarray, opened: np.ndarray,
               during: np.ndarray, plan: np.ndarray, entry: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The row and plan positions of each plan's last assessment of the same case, subject and
    indicator whose latest day is before the plan's earliest start, and that is not itself
    assessed during a plan: as a merge of the rows with the plans on those keys, a sort by date
    (pandas' quicksort on the same dates in the same order) and the last row of each plan kept."""
    pair = pd.factorize(key[during])[0].astype(np.int64) * (len(opened) + 1) + opened[plan]
    first = np.sort(np.unique(pair, return_index=True)[1])
    plan_key, plan_at = key[during[first]], plan[first]  # the plans, in order of first appearance
    by_key = np.argsort(plan_key, kind="stable")
    lo = np.searchsorted(plan_key[by_key], key, "left")
    count = np.searchsorted(plan_key[by_key], key, "right") - lo
    left = np.repeat(np.arange(len(rows)), count)  # rows in order, each with its plans in order
    right = by_key[np.repeat(lo - np.cumsum(count) + count, count) + np.arange(count.sum())]
    latest = rows["date_latest"].to_numpy(dtype="datetime64[ns]")[left]
    start = on_plan["start_lo"].to_numpy(dtype="datetime64[ns]")[plan_at[right]]
    before = ~np.isnat(latest) & ~np.isnat(start)
    before[before] = (latest[before].view(np.int64) // _DAY * _DAY) < start[before].view(np.int64)
    assessed = np.isin(entry, entry[during])  # an entry id among those assessed during a plan
    kept = np.flatnonzero(before & ~assessed[left])
    kept = kept[np.argsort(rows["date"].to_numpy(dtype="datetime64[ns]")[left[kept]], kind="quicksort")]
    last = len(kept) - 1 - np.unique(right[kept][::-1], return_index=True)[1]  # keep="last" per plan
    kept = kept[np.sort(last)]
    return left[kept], plan_at[right[kept]]


def _key_ranks(rows: pd.DataFrame) -> np.ndarray:
    """One integer per row that sorts as (case, subject, indicator) do, missing last; equal for equal keys."""
    key = np.zeros(len(rows), dtype=np.int64)
    for column in ("case_id", "subject", "indicator"):
        rank = _ranks(rows[column])
        key = key * (int(rank.max(initial=0)) + 1) + rank
    return key


def _ranks(values: pd.Series) -> np.ndarray:
    """Each value's place among the distinct values in sorted order, missing last.

    Examples
    --------
    >>> _ranks(pd.Series(["b", None, "a", "b"], dtype="string")).tolist()
    [1, 2, 0, 1]
    """
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes).astype(np.int64)


def _tied(*keys: np.ndarray) -> np.ndarray:
    """Which sorted rows equal the row before or after them in every key."""
    same = np.ones(max(len(keys[0]) - 1, 0), dtype=bool)
    for values in keys:
        same &= values[1:] == values[:-1]
    tied = np.zeros(len(keys[0]), dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    return tied


def group_numbers(codes: np.ndarray) -> np.ndarray:
    """``groupby(keys, sort=False).ngroup()`` for rows sorted by keys whose codes (one row of
    ``codes`` per key, -1 where missing) are given: a new group wherever a key changes from the
    row before (NaN, as pandas gives, where a key is missing).

    Examples
    --------
    >>> group_numbers(np.array([[0, 0, 1, 1, -1], [0, 1, 1, 1, 1]])).tolist()
    [0.0, 1.0, 2.0, 2.0, nan]
    >>> group_numbers(np.array([[0, 0, 1, 1], [0, 1, 1, 1]])).tolist()
    [0, 1, 2, 2]
    """
    known = (codes >= 0).all(axis=0)
    kept = codes[:, known]
    new = np.r_[True, (kept[:, 1:] != kept[:, :-1]).any(axis=0)] if kept.shape[1] else np.zeros(0, dtype=bool)
    found = np.full(codes.shape[1], -1, dtype=np.int64) if known.all() else np.full(codes.shape[1], np.nan)
    found[known] = np.cumsum(new) - 1
    return found
