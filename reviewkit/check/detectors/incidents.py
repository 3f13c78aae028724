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
from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.durations import deadline
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
    ids = records["entry_id"].astype("string").to_numpy(dtype=object)
    codes, distinct = pd.factorize(ids)
    # A record's incident is the earliest record of its linked records (by the position of each
    # id's last record, as records come sorted): number the ids in that order, then label each
    # with the least number it is linked to.
    last = np.zeros(len(distinct), dtype=np.int64)
    np.maximum.at(last, codes, np.arange(len(ids)))
    by_position = np.argsort(last, kind="stable")
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[by_position] = np.arange(len(distinct))
    first, second = _links(records, within, calendar)
    index = pd.Index(distinct)
    label = components(rank[index.get_indexer(first)], rank[index.get_indexer(second)], len(distinct))
    return pd.Series(np.asarray(distinct, dtype=object)[by_position[label[rank[codes]]]], index=records.index,
                     dtype="string")




def _links(records: pd.DataFrame, within: Duration, calendar: str) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of entry ids that record one incident, as two arrays."""
    ids = records["entry_id"].astype("string")
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    if "duplicate_group" in records:
        group = records["duplicate_group"].astype("string")
        grouped = pd.DataFrame({"id": ids, "group": group, "case": records["case_id"].astype("string")}).dropna()
        firsts.append(grouped.groupby(["case", "group"])["id"].transform("first").to_numpy(dtype=object))
        seconds.append(grouped["id"].to_numpy(dtype=object))
    if "responds_to" in records:
        named = records["responds_to"].astype("string")
        known = among(named, ids).to_numpy(dtype=bool)
        firsts.append(named[known].to_numpy(dtype=object))
        seconds.append(ids[known].to_numpy(dtype=object))
    firsts, seconds = _answered(records, within, calendar, firsts, seconds)
    first = np.concatenate(firsts) if firsts else np.array([], dtype=object)
    second = np.concatenate(seconds) if seconds else np.array([], dtype=object)
    known = ~pd.isna(first)
    return first[known].astype(str).astype(object), second[known].astype(str).astype(object)


def _answered(records: pd.DataFrame, within: Duration, calendar: str, firsts: list[np.ndarray],
              seconds: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``firsts`` and ``seconds`` with each answer linked to the latest concern it may answer."""
    answers = records[records["_answer"].to_numpy(dtype=bool)]
    concerns = records[~records["_answer"].to_numpy(dtype=bool)]
    if answers.empty or concerns.empty:
        return firsts, seconds
    columns = ["case_id", "entry_id", "date", "date_latest"] + [c for c in ("subject", "concern") if c in records]
    pairs = answers[columns].merge(concerns[columns], on="case_id", suffixes=("", "_c"))
    reach = deadline(pairs["date_latest_c"], within, calendar=calendar)
    near = ((pairs["date_c"] <= pairs["date_latest"]) & (pairs["date"] <= reach)).to_numpy(dtype=bool)
    pairs = pairs[near]
    if "subject" in pairs and not pairs.empty:
        pairs = pairs[shares_subject(pairs["subject"], pairs["subject_c"])]
    if "concern" in pairs and not pairs.empty:
        a, b = pairs["concern"].astype("string"), pairs["concern_c"].astype("string")
        pairs = pairs[(a.isna() | b.isna() | a.eq(b)).fillna(True).to_numpy(dtype=bool)]
    if pairs.empty:
        return firsts, seconds
    latest = pairs.sort_values(["entry_id", "date_c"], kind="stable").drop_duplicates("entry_id", keep="last")
    return (firsts + [latest["entry_id_c"].astype(str).to_numpy(dtype=object)],
            seconds + [latest["entry_id"].astype(str).to_numpy(dtype=object)])
