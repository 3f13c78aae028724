"""Incidents: the records of one concern (the injury, the referral about it, its medical) counted once.

Used by the ``cluster`` detector. Records of one incident are joined when

- they share a ``duplicate_group`` (the loader's, or the reviewer's);
- one names the other in ``responds_to``;
- one *answers* the other: it reports or responds to a concern (a referral, see
  ``cluster``'s ``answers``) and comes after it, within a limit, about the same people when both
  name someone, and about the same kind of concern (``concern``) when both say. It joins the
  latest such concern before it (from any agency), never another answer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import among
from reviewkit.check.detectors.codes import same_case_pairs
from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.durations import deadline_values
from reviewkit.interpret.duration_text import Duration
from reviewkit.load.duplicates import components


def incidents(records: pd.DataFrame, within: Duration, *, calendar: str = "england") -> pd.Series:
    """The incident of each record: the ``entry_id`` of its incident's earliest record.

    ``records`` are one chronology's concern records sorted by date, with ``case_id``,
    ``entry_id``, ``date``, ``date_latest``, ``duplicate_group``, ``subject``, ``concern``,
    ``responds_to`` (the last three may be missing) and ``_answer`` (it reports or answers a
    concern).

    Examples
    --------
    >>> from reviewkit.interpret.duration_text import parse_duration
    >>> records = pd.DataFrame({"case_id": "c", "entry_id": ["c/s:2", "c/s:3", "c/s:4"],
    ...     "date": pd.to_datetime(["2015-01-26", "2015-01-27", "2015-02-16"]),
    ...     "date_latest": pd.to_datetime(["2015-01-26 23:59", "2015-01-27 23:59", "2015-02-16 23:59"]),
    ...     "subject": ["Child A", "Child A", "Child B"], "duplicate_group": None,
    ...     "_answer": [False, True, False]})
    >>> incidents(records, parse_duration("7 days")).tolist()
    ['c/s:2', 'c/s:2', 'c/s:4']
    """
    codes, distinct = pd.factorize(records["entry_id"].astype("string"))
    # A record's incident is the earliest record of its linked records (by the position of each
    # id's last record, as records come sorted): number the ids in that order, then label each
    # with the least number it is linked to.
    last = np.zeros(len(distinct), dtype=np.int64)
    np.maximum.at(last, codes, np.arange(len(codes)))
    by_position = np.argsort(last, kind="stable")
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[by_position] = np.arange(len(distinct))
    first, second = _links(records, codes, distinct, within, calendar)
    label = components(rank[first], rank[second], len(distinct))
    return pd.Series(distinct.array.take(by_position[label[rank[codes]]]), index=records.index, dtype="string")


def _codes(values: pd.Series) -> np.ndarray:
    """Each row's code among the column's distinct texts (-1 where missing): equal codes, equal texts.

    Examples
    --------
    >>> _codes(pd.Series(["b", None, "a", "b"], dtype="category")).tolist()
    [1, -1, 0, 1]
    """
    if isinstance(values.dtype, pd.CategoricalDtype):  # its own codes: no text made for each row
        return values.cat.codes.to_numpy().astype(np.int64)
    return np.asarray(pd.factorize(values.astype("string"))[0], dtype=np.int64)


def _links(records: pd.DataFrame, codes: np.ndarray, distinct: pd.Index, within: Duration,
           calendar: str) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of records that record one incident, as two arrays of their ids' ``codes``."""
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    case = np.asarray(pd.factorize(records["case_id"].astype("string"))[0], dtype=np.int64)
    if "duplicate_group" in records:  # each record of a case's group linked to the group's first
        group = _codes(records["duplicate_group"])
        rows = np.flatnonzero((codes >= 0) & (group >= 0) & (case >= 0))
        key = case[rows] * (int(group.max(initial=-1)) + 1) + group[rows]
        _, head, back = np.unique(key, return_index=True, return_inverse=True)
        firsts.append(codes[rows[head[back.reshape(-1)]]])
        seconds.append(codes[rows])
    if "responds_to" in records and records["responds_to"].notna().any():
        named = records["responds_to"].astype("string")
        known = among(named, pd.Series(distinct, dtype="string")).to_numpy(dtype=bool)
        if known.any():
            firsts.append(np.asarray(distinct.get_indexer(named[known]), dtype=np.int64))
            seconds.append(codes[known])
    first, second = _answered(records, codes, case, within, calendar)
    first, second = np.concatenate(firsts + [first]), np.concatenate(seconds + [second])
    known = (first >= 0) & (second >= 0)
    return first[known], second[known]


def _answered(records: pd.DataFrame, codes: np.ndarray, case: np.ndarray, within: Duration,
              calendar: str) -> tuple[np.ndarray, np.ndarray]:
    """Each answer's id code linked to that of the latest concern it may answer (two arrays);
    ``case``: each record's case code."""
    answer = records["_answer"].to_numpy(dtype=bool)
    answers, concerns = np.flatnonzero(answer), np.flatnonzero(~answer)
    none = np.array([], dtype=np.int64)
    if not len(answers) or not len(concerns):
        return none, none
    # Each answer paired with every concern of its case (the pairs and order of an inner merge).
    left, right = same_case_pairs(case[answers], case[concerns])
    mine, theirs = answers[left], concerns[right]
    date = records["date"].to_numpy(dtype="datetime64[ns]")
    latest = records["date_latest"].to_numpy(dtype="datetime64[ns]")
    reach = deadline_values(latest[theirs], within, calendar=calendar)
    near = (date[theirs] <= latest[mine]) & (date[mine] <= reach)
    mine, theirs = mine[near], theirs[near]
    if "subject" in records and len(mine):
        subject = records["subject"]
        about = shares_subject(subject.iloc[mine], subject.iloc[theirs])
        mine, theirs = mine[about], theirs[about]
    if "concern" in records and len(mine):
        kind = _codes(records["concern"])
        same = (kind[mine] < 0) | (kind[theirs] < 0) | (kind[mine] == kind[theirs])
        mine, theirs = mine[same], theirs[same]
    if not len(mine):
        return none, none
    # The latest concern of each answer's id (a missing date latest of all; ties: the last paired).
    when = date[theirs].view(np.int64)
    when = np.where(np.isnat(date[theirs]), np.iinfo(np.int64).max, when)
    order = np.lexsort([np.arange(len(mine)), when, codes[mine]])
    ends = np.r_[codes[mine][order][1:] != codes[mine][order][:-1], True]
    chosen = order[ends]
    return codes[theirs[chosen]], codes[mine[chosen]]
