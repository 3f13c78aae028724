"""absence's counts per period on integer codes give what groupbys on the opening entry's id gave (issue 18)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors.absence import _counts


@given(st.lists(st.sampled_from(["p", "q", "r"]), min_size=1, max_size=5),
       st.lists(st.tuples(st.integers(0, 4), st.booleans(), st.booleans()), max_size=15))
def test_counts_are_the_groupby_on_opened(opened, entries):
    spans = pd.DataFrame({"opened": pd.array(opened, dtype="string")}, index=np.arange(len(opened)) * 3)
    entries = [(at % len(opened), sure, biased) for at, sure, biased in entries]
    span = np.array([e[0] for e in entries], dtype=np.int64)
    sure, biased = (np.array([e[i] for e in entries], dtype=bool) for i in (1, 2))
    pairs = pd.DataFrame({"opened": spans["opened"].array.take(span), "sure": sure, "biased": biased})
    expected = pd.DataFrame({
        "n": pairs.groupby("opened").size(),
        "sure": pairs.groupby("opened")["sure"].sum(),
        "free_sure": (pairs["sure"] & ~pairs["biased"]).groupby(pairs["opened"]).sum(),
        "free": (~pairs["biased"]).groupby(pairs["opened"]).sum(),
        "biased_sure": (pairs["sure"] & pairs["biased"]).groupby(pairs["opened"]).sum(),
    }).reindex(spans["opened"]).fillna(0).astype(int)
    expected.index = spans.index
    found = _counts(spans, span, {"n": None, "sure": sure, "free_sure": sure & ~biased, "free": ~biased,
                                  "biased_sure": sure & biased})
    pd.testing.assert_frame_equal(found, expected)
