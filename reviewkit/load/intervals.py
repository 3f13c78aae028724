"""Pair opening and closing entries into intervals (a plan, a placement, an investigation).

An agency often records an interval as two entries ("CP plan started", "CP plan ended").
The vocabulary says which event types open and close each kind of interval; each opening
entry gets the ``end`` (and ``end_latest``) of the next closing entry of the same kind in the
same case recorded by the same agency, for the same subject where both name one.
"""

from __future__ import annotations

import pandas as pd

from reviewkit.interpret.vocabulary import Vocabulary


def pair_intervals(chronology: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    """Return a copy of ``chronology`` where opening entries carry the end of their closing entry.

    Entries that already have an ``end`` keep it. An opening entry with no later closing entry
    stays open (``end`` is NaT): the interval was still running when the chronology ends.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocabulary = load_vocabulary()
    >>> kind, (opener, closer) = next(iter(vocabulary.interval_pairs().items()))
    >>> frame = pd.DataFrame({"case_id": ["c", "c"], "entry_id": ["c/a:2", "c/a:3"],
    ...     "agency": ["Police", "Police"],
    ...     "event_type": [opener, closer], "subject": [None, None],
    ...     "date": pd.to_datetime(["2015-01-05", "2015-03-01"]),
    ...     "date_latest": pd.to_datetime(["2015-01-05 23:59", "2015-03-01 23:59"]),
    ...     "end": pd.NaT, "end_latest": pd.NaT})
    >>> pair_intervals(frame, vocabulary)["end"].tolist()
    [Timestamp('2015-03-01 00:00:00'), NaT]
    """
    out = chronology.copy()
    roles = [
        (kind, opener, closer) for kind, (opener, closer) in vocabulary.interval_pairs().items()
    ]
    if not roles or out.empty:
        return out
    kinds_open = {opener: kind for kind, opener, _ in roles}
    kinds_close = {closer: kind for kind, _, closer in roles}
    event = out["event_type"].astype("string")
    subject = out["subject"].astype("string").str.lower().str.replace(r"\s+", " ", regex=True)
    base = pd.DataFrame(
        {"case_id": out["case_id"].astype("string"), "subject_key": subject.fillna(""),
         "agency": out["agency"].astype("string").fillna(""),
         "date": out["date"], "date_latest": out["date_latest"], "row": range(len(out))},
        index=out.index,
    )
    opens = base[event.isin(list(kinds_open)).fillna(False) & out["end"].isna() & base["date"].notna()]
    opens = opens.assign(kind=event[opens.index].map(kinds_open).astype(str))
    closes = base[event.isin(list(kinds_close)).fillna(False) & base["date"].notna()]
    closes = closes.assign(kind=event[closes.index].map(kinds_close).astype(str))
    matched = _match(opens, closes, ["case_id", "agency", "kind", "subject_key"])
    rest = opens[~opens["row"].isin(matched["row"])]
    matched = pd.concat(
        [matched, _match(rest, closes, ["case_id", "agency", "kind"])], ignore_index=True
    )
    if matched.empty:
        return out
    rows = matched["row"].to_numpy(dtype=int)
    out.iloc[rows, out.columns.get_loc("end")] = matched["close_date"].to_numpy()
    out.iloc[rows, out.columns.get_loc("end_latest")] = matched["close_latest"].to_numpy()
    return out


def _match(opens: pd.DataFrame, closes: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Each opening entry's next closing entry; when several open before one close, the last wins."""
    columns = ["row", "close_date", "close_latest"]
    if opens.empty or closes.empty:
        return pd.DataFrame(columns=columns)
    right = closes.rename(
        columns={"date": "close_date", "date_latest": "close_latest", "row": "close_row"}
    )
    merged = pd.merge_asof(
        opens.sort_values("date"),
        right[by + ["close_date", "close_latest", "close_row"]].sort_values("close_date"),
        left_on="date",
        right_on="close_date",
        by=by,
        direction="forward",
    )
    merged = merged.dropna(subset=["close_date"])
    merged = merged.sort_values("date").drop_duplicates("close_row", keep="last")
    return merged[columns]
