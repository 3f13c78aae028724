"""Steps of the check on integer codes and keys give what the code they replaced gave (issue 18).

Each step is checked against the numpy or pandas code it replaced, kept here as the reference,
on generated values: missing codes, repeated keys and wide spans of codes included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors.codes import FEW_CODES, SMALL_SPAN, same_case_pairs, spread
from reviewkit.check.detectors.gap import _last, point_order
from reviewkit.check.columns import arrow_text, text_rank
from reviewkit.check.detectors.per_check import Distinct, distinct_values

CODES = st.lists(st.integers(-2, 6), max_size=30)


def _pairs_by_search(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The reference: the right sorted, each left's equal rights found by binary search."""
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    low, high = np.searchsorted(ordered, left, "left"), np.searchsorted(ordered, left, "right")
    counts = high - low
    starts = np.repeat(low - (np.cumsum(counts) - counts), counts)
    return np.repeat(np.arange(len(left)), counts), order[starts + np.arange(counts.sum())]


@given(CODES, CODES, st.sampled_from([0, 1000, SMALL_SPAN - 8, SMALL_SPAN, 10**9]),
       st.sampled_from([np.int8, np.int64, np.intp]))
def test_same_case_pairs_counts_as_the_search_found(left: list[int], right: list[int], shift: int,
                                                    dtype: type) -> None:
    if dtype is np.int8:
        shift = 0
    first = np.array(left, dtype=dtype) + np.array(shift, dtype=dtype)
    second = np.array(right, dtype=dtype) + np.array(shift, dtype=dtype)
    if len(first):
        first[0] = 0  # with a shift, a span wider than 16 bits: the binary search again
    expected, found = _pairs_by_search(first, second), same_case_pairs(first, second)
    assert [found[0].tolist(), found[1].tolist()] == [expected[0].tolist(), expected[1].tolist()]


def test_same_case_pairs_are_those_of_an_inner_merge() -> None:
    left, right = np.array([3, -1, 3, 0]), np.array([0, 3, -1, 3, 5])
    merged = pd.DataFrame({"key": left, "l": range(4)}).merge(pd.DataFrame({"key": right, "r": range(5)}), on="key")
    found = same_case_pairs(left, right)
    assert list(zip(*(part.tolist() for part in found))) == list(zip(merged["l"], merged["r"]))


@given(st.lists(st.none() | st.sampled_from(["GP", "School", "Police"]), max_size=30))
def test_categorical_codes_are_the_columns_own(values: list[str | None]) -> None:
    column = pd.Series(values, dtype="category")
    codes, names = distinct_values(column)
    assert codes.dtype == column.cat.codes.dtype  # no copy as intp
    decoded = [None if code < 0 else names[code] for code in codes.tolist()]
    assert decoded == values


@given(st.lists(st.booleans(), min_size=1, max_size=3 * FEW_CODES), st.lists(st.integers(-1, 40), max_size=40),
       st.sampled_from([np.int8, np.int16, np.intp]))
def test_spread_answers_as_taking_them_at_the_codes(answers: list[bool], codes: list[int], dtype: type) -> None:
    hits = np.array(answers, dtype=bool)
    rows = np.array([min(code, len(answers) - 1) for code in codes], dtype=dtype)
    expected = np.append(hits, False)[rows]  # the reference: code -1 takes the appended False
    assert spread(hits, rows).tolist() == expected.tolist()


DAYS = st.none() | st.integers(16_000, 16_040)


@given(st.lists(st.tuples(st.integers(0, 5), DAYS, st.integers(0, 2), DAYS), max_size=40), st.booleans())
def test_point_order_is_the_four_key_lexsort(points: list[tuple], hours: bool) -> None:
    def moments(days: list[int | None]) -> np.ndarray:
        values = np.array([np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in days],
                          dtype="datetime64[ns]")
        if hours and len(values):  # a moment not at midnight: the lexsort itself
            values[0] = values[0] + np.timedelta64(3, "h") if not np.isnat(values[0]) else values[0]
        return values

    named = np.array([p[0] for p in points], dtype=np.int64)
    lo, hi = moments([p[1] for p in points]), moments([p[3] for p in points])
    place = np.array([p[2] for p in points], dtype=np.int64)
    expected = np.lexsort([_last(hi), place, _last(lo), named])
    assert point_order(named, lo, place, hi).tolist() == expected.tolist()


@given(st.lists(st.none() | st.sampled_from(["c1", "c10", "c2", "B", "é", ""]), min_size=1, max_size=20),
       st.lists(st.integers(0, 19), max_size=20))
def test_case_ranks_order_verdicts_as_their_case_ids(cases: list[str | None], picks: list[int]) -> None:
    frame = pd.DataFrame({"case_id": pd.array(cases, dtype="string[pyarrow]")})
    rows = np.array([p % len(cases) for p in picks], dtype=np.int64)
    shared = Distinct(frame)
    ranks = shared.ranks("case_id")[shared.of("case_id")[0][rows]]
    expected = text_rank(arrow_text(frame["case_id"].iloc[rows]))  # the reference: the verdicts' ids ranked
    assert np.sign(ranks[:, None] - ranks[None, :]).tolist() == np.sign(expected[:, None] - expected[None, :]).tolist()
