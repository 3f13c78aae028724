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

import pandas as pd

from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.durations import deadline
from reviewkit.interpret.duration_text import Duration


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
    parent = {entry: entry for entry in ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            order = (ra, rb) if position[ra] <= position[rb] else (rb, ra)
            parent[order[1]] = order[0]

    position = {entry: k for k, entry in enumerate(ids)}
    for first, second in _links(records, within, calendar):
        join(first, second)
    return pd.Series([root(entry) for entry in ids], index=records.index, dtype="string")


def _links(records: pd.DataFrame, within: Duration, calendar: str) -> list[tuple[str, str]]:
    """Pairs of entry ids that record one incident."""
    ids = records["entry_id"].astype("string")
    links: list[tuple[str, str]] = []
    if "duplicate_group" in records:
        group = records["duplicate_group"].astype("string")
        grouped = pd.DataFrame({"id": ids, "group": group, "case": records["case_id"].astype("string")}).dropna()
        first = grouped.groupby(["case", "group"])["id"].transform("first")
        links += list(zip(first.tolist(), grouped["id"].tolist()))
    if "responds_to" in records:
        named = records["responds_to"].astype("string")
        known = named.isin(set(ids.tolist())).fillna(False).to_numpy(dtype=bool)
        links += list(zip(named[known].tolist(), ids[known].tolist()))
    answers = records[records["_answer"].to_numpy(dtype=bool)]
    concerns = records[~records["_answer"].to_numpy(dtype=bool)]
    if answers.empty or concerns.empty:
        return links
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
        return links
    latest = pairs.sort_values(["entry_id", "date_c"], kind="stable").drop_duplicates("entry_id", keep="last")
    links += list(zip(latest["entry_id_c"].astype(str).tolist(), latest["entry_id"].astype(str).tolist()))
    return [(str(a), str(b)) for a, b in links if isinstance(a, str) or not pd.isna(a)]

