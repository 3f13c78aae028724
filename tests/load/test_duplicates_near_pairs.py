"""Duplicate grouping's near pairs (found in numpy) are the rows of the case-by-case merge that
it stands for, in the merge's order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reviewkit.load.duplicates import _near_pairs


def merged(events: pd.DataFrame, window: pd.Timedelta) -> pd.DataFrame:
    pairs = events.merge(events, on="case_id", suffixes=("_l", "_r"))
    near = (pairs["date_l"] <= pairs["date_latest_r"] + window) & (pairs["date_r"] <= pairs["date_latest_l"] + window)
    return pairs[near & (pairs["entry_id_l"] < pairs["entry_id_r"])].reset_index(drop=True)


@pytest.mark.parametrize("seed", range(12))
def test_near_pairs_are_the_merges_rows(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60))
    date = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 40, n), unit="D")
    latest = date + pd.to_timedelta(rng.choice([0, 0, 1, 30], n), unit="D")
    events = pd.DataFrame({
        "case_id": pd.array(rng.choice(["a", "b", "c", None], n), dtype="string"),
        "entry_id": pd.array([f"e{k}" for k in rng.permutation(n)], dtype="string"),
        "date": date, "date_latest": latest.where(rng.random(n) > 0.1),
        "summary": pd.array(rng.choice(["x", "y", None], n), dtype="string"),
        "types": [frozenset({"a"})] * n, "concern": rng.random(n) > 0.5,
    })
    window = pd.Timedelta(days=int(rng.integers(0, 5)))
    pd.testing.assert_frame_equal(_near_pairs(events, window), merged(events, window), check_exact=True)
