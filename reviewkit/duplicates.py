"""Group entries that record the same incident (``duplicate_group``); never delete them.

The same incident is often recorded by several agencies (the school's record of an injury,
the children's services record of the school's referral about it). Separate incidents must
be counted once each, so likely duplicates are grouped: two concern entries (the
vocabulary's ``concern`` group) of one case, from different files, whose dates lie within
``window_days`` of each other, and whose texts are alike or which name the same subject
and concern. Groups a user has already set are kept as they are.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from reviewkit.vocabulary import Vocabulary


def group_duplicates(
    chronology: pd.DataFrame,
    vocabulary: Vocabulary,
    *,
    window_days: float = 2,
    min_similarity: float = 60,
) -> pd.Series:
    """Return the ``duplicate_group`` of every entry (NA for entries in no group).

    Parameters
    ----------
    chronology
        A chronology (any number of cases).
    vocabulary
        Says which event types are concerns.
    window_days
        How far apart (in days, between the nearest readings of two dates) two records of
        one incident may be.
    min_similarity
        How alike (0–100, rapidfuzz token-set ratio) two summaries must be, unless they name
        the same subject and the same concern category.

    Examples
    --------
    >>> from reviewkit.vocabulary import load_vocabulary
    >>> vocabulary = load_vocabulary()
    >>> injury = vocabulary.group("concern")[0]
    >>> frame = pd.DataFrame({"case_id": "c", "entry_id": ["c/school.csv:2", "c/csc.csv:9"],
    ...     "source": ["school.csv", "csc.csv"], "event_type": injury, "tags": injury,
    ...     "date": pd.to_datetime(["2015-01-19", "2015-01-20"]),
    ...     "date_latest": pd.to_datetime(["2015-01-19 23:59", "2015-01-20 23:59"]),
    ...     "summary": ["Scratch to Child A's neck", "School report scratch to Child A neck"],
    ...     "subject": ["Child A", "Child A"], "concern": ["physical", "physical"],
    ...     "duplicate_group": [None, None]})
    >>> groups = group_duplicates(frame, vocabulary)
    >>> groups.nunique(), groups.isna().sum()
    (1, 0)
    """
    given = chronology["duplicate_group"].astype("string")
    pairs = candidate_pairs(
        chronology[given.isna()], vocabulary, window_days=window_days, min_similarity=min_similarity
    )
    if pairs.empty:
        return given
    labels = connected_labels(pairs["left"].to_numpy(), pairs["right"].to_numpy())
    members = pd.DataFrame({"entry_id": list(labels), "label": list(labels.values())})
    first = members.groupby("label")["entry_id"].transform("min")
    ids = first.map(lambda entry: "dup-" + hashlib.sha1(entry.encode()).hexdigest()[:10])
    auto = pd.Series(ids.to_numpy(), index=members["entry_id"].to_numpy())
    found = chronology["entry_id"].map(auto).astype("string")
    return given.fillna(found)


def candidate_pairs(
    chronology: pd.DataFrame, vocabulary: Vocabulary, *, window_days: float, min_similarity: float
) -> pd.DataFrame:
    """Return the pairs of entry ids (``left`` < ``right``) that look like one incident."""
    concern_types = sorted(vocabulary.group("concern"))
    tagged = chronology["tags"].astype("string").str.contains(
        "(?:^|;)(?:" + "|".join(concern_types) + ")(?:;|$)", regex=True
    )
    typed = chronology["event_type"].astype("string").isin(concern_types)
    is_concern = tagged.fillna(False) | typed.fillna(False)
    columns = ["case_id", "entry_id", "source", "date", "date_latest", "summary", "subject", "concern"]
    concerns = chronology.loc[is_concern & chronology["date"].notna(), columns]
    if concerns.empty:
        return pd.DataFrame(columns=["left", "right"])
    pairs = concerns.merge(concerns, on="case_id", suffixes=("_l", "_r"))
    window = pd.Timedelta(days=window_days)
    near = (pairs["date_l"] <= pairs["date_latest_r"] + window) & (
        pairs["date_r"] <= pairs["date_latest_l"] + window
    )
    pairs = pairs[
        near & (pairs["entry_id_l"] < pairs["entry_id_r"]) & (pairs["source_l"] != pairs["source_r"])
    ]
    if pairs.empty:
        return pd.DataFrame(columns=["left", "right"])
    similarity = process.cpdist(
        pairs["summary_l"].fillna("").tolist(),
        pairs["summary_r"].fillna("").tolist(),
        scorer=fuzz.token_set_ratio,
        processor=str.lower,
    )
    same_concern = pairs["concern_l"].astype("string").eq(pairs["concern_r"].astype("string"))
    same_subject = _subjects_overlap(pairs["subject_l"], pairs["subject_r"])
    alike = (similarity >= min_similarity) | (same_concern.fillna(False) & same_subject)
    kept = pairs[alike.to_numpy()]
    return pd.DataFrame({"left": kept["entry_id_l"].to_numpy(), "right": kept["entry_id_r"].to_numpy()})


def connected_labels(left: np.ndarray, right: np.ndarray) -> dict[str, int]:
    """Label the connected components of an undirected graph given as edge arrays.

    Examples
    --------
    >>> connected_labels(np.array(["a", "c"]), np.array(["b", "d"]))
    {'a': 0, 'b': 0, 'c': 2, 'd': 2}
    """
    nodes, codes = np.unique(np.concatenate([left, right]), return_inverse=True)
    u, v = codes[: len(left)], codes[len(left) :]
    labels = np.arange(len(nodes))
    while True:
        smaller = np.minimum(labels[u], labels[v])
        updated = labels.copy()
        np.minimum.at(updated, u, smaller)
        np.minimum.at(updated, v, smaller)
        updated = updated[updated]
        if np.array_equal(updated, labels):
            break
        labels = updated
    return dict(zip(nodes.tolist(), labels.tolist()))


def _subjects_overlap(left: pd.Series, right: pd.Series) -> pd.Series:
    """True where two ``;``-separated subject lists share a name."""
    left_sets = left.astype("string").fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
    right_sets = right.astype("string").fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
    return pd.Series(
        [bool(set(a) & set(b) - {""}) for a, b in zip(left_sets, right_sets)], index=left.index
    )
