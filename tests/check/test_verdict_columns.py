"""Verdicts built column by column and responses chosen without sorting give what pandas gave (issue 18).

Each step is checked against the pandas (or numpy sort) code it replaced, kept here as the
reference, on generated values: missing values, ties and repeated keys included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.columns import arrow_text, moment_key, sha1_ids, text_rank
from reviewkit.check.detectors.base import found_frame
from reviewkit.check.detectors.entry_rows import entry_rows, trigger_rows
from reviewkit.check.detectors.per_check import Distinct
from reviewkit.check.detectors.response_pairs import least_per_group
from reviewkit.check.engine import check, detect, plan_rules, sort_verdicts
from reviewkit.check.verdicts import DETECTOR_COLUMNS, finish_verdicts, finished_verdicts, stable_id
from reviewkit.check.wording import written_day

TEXTS = st.none() | st.sampled_from(["c1", "c10", "c2", "é", "B", "", "a\x1fb"])
DAYS = st.sampled_from([None, "2015-01-01", "2015-01-01 10:00", "2015-01-02", "2015-01-31"])


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-2, 2), st.none() | st.integers(0, 3),
                          st.floats(0, 3, allow_nan=False) | st.just(np.inf)), max_size=40))
def test_least_per_group_is_the_first_of_a_stable_sort(rows: list[tuple]) -> None:
    rows = sorted(rows, key=lambda row: row[0])  # each group's rows together, as same_case_pairs gives them
    if not rows:
        return
    groups = np.array([r[0] for r in rows])
    first = np.array([r[1] for r in rows], dtype=np.int64)
    second = np.array([np.iinfo(np.int64).max if r[2] is None else r[2] for r in rows], dtype=np.int64)
    third = np.array([r[3] for r in rows], dtype=np.float64)
    order = np.lexsort([third, second, first, groups])  # the reference: a stable sort, then each group's first
    expected = order[np.r_[True, groups[order][1:] != groups[order][:-1]]]
    assert least_per_group(groups, [first, second, third]).tolist() == sorted(expected.tolist())


@given(st.lists(TEXTS, max_size=30))
def test_text_rank_sorts_as_pandas_factorize(values: list[str | None]) -> None:
    series = pd.Series(values, dtype="string")
    codes, uniques = pd.factorize(series, sort=True)
    expected = np.where(codes < 0, len(uniques), codes)  # missing last
    assert text_rank(arrow_text(series)).tolist() == expected.tolist()


@given(st.lists(DAYS, max_size=20))
def test_moment_key_sorts_as_the_dates_missing_last(days: list[str | None]) -> None:
    moments = pd.to_datetime(pd.Series(days, dtype=object), format="ISO8601").to_numpy(dtype="datetime64[ns]")
    expected = pd.Series(moments).sort_values(kind="stable", na_position="last").index.tolist()
    assert np.argsort(moment_key(moments), kind="stable").tolist() == expected


@given(st.lists(st.text(max_size=12), max_size=20), st.sampled_from(["V", "F", "Verdict"]))
def test_sha1_ids_are_stable_ids(texts: list[str], prefix: str) -> None:
    found = sha1_ids(prefix, pa.array(texts, type=pa.large_string())).to_pylist()
    assert found == [stable_id(prefix, text) for text in texts]


@given(st.lists(st.one_of(TEXTS, st.integers(0, 9), st.just(float("nan"))), max_size=20))
def test_arrow_text_reads_a_column_as_astype_string_does(values: list) -> None:
    series = pd.Series(values, dtype=object)
    expected = series.astype("string").tolist()
    assert [pd.NA if v is None else v for v in arrow_text(series).to_pylist()] == expected


def _found(cases: list[str], days: list[str | None], verdicts: list[str]) -> pd.DataFrame:
    size = len(cases)
    start = pd.Series(pd.to_datetime(pd.Series(days, dtype=object), format="ISO8601"), dtype="datetime64[ns]")
    return found_frame(
        case_id=pd.Series(cases, dtype="string"), key=pd.Series([f"k{i}" for i in range(size)], dtype=object),
        agency=pd.Series(["GP"] * size, dtype=object), verdict=pd.Series(verdicts, dtype=object),
        basis=pd.Series(["recorded"] * size, dtype=object), start=start, end=start,
        trigger=pd.Series([f"k{i}" for i in range(size)], dtype="string"),
        entries=pd.Series([(f"k{i}",) for i in range(size)], dtype=object),
        summary=pd.Series([None] * size, dtype=object), count=pd.Series([None] * size, dtype=object),
        row=np.arange(size),
    )


@given(st.lists(st.tuples(st.sampled_from(["b", "a", "a2", "é"]), DAYS,
                          st.sampled_from(["met", "breached", "possibly breached", "cannot tell"])),
                min_size=1, max_size=12), st.integers(1, 3))
def test_verdicts_come_in_the_order_sort_verdicts_gives(rows: list[tuple], rules: int) -> None:
    plan = plan_rules(["learning", "wales"]).rules[:rules]
    cases, days, verdicts = (list(column) for column in zip(*rows))
    found = [(_found(cases, days, verdicts), rule) for rule in reversed(plan)]  # the rules out of order
    finished, positions = finished_verdicts(found)
    # the reference: the frames joined as they come, then sorted as the engine sorted them
    unsorted = pd.concat([frame[DETECTOR_COLUMNS] for frame, _ in found], ignore_index=True)
    reference = sort_verdicts(unsorted.assign(rule=np.repeat([rule.id for _, rule in found], len(rows)),
                                              row=np.tile(np.arange(len(rows)), len(found))))
    assert finished["case_id"].tolist() == reference["case_id"].tolist()
    assert finished["rule"].tolist() == reference["rule"].tolist()
    assert finished["trigger"].tolist() == reference["trigger"].astype("string").tolist()
    assert positions.tolist() == reference["row"].tolist()
    assert finished["verdict_id"].tolist() == [stable_id("V", r, c, k) for r, c, k in zip(
        finished["rule"], finished["case_id"], finished["trigger"])]
    assert finished.equals(finish_verdicts(found))


def test_the_sample_case_verdicts_are_sorted_already(sample_chronology: pd.DataFrame) -> None:
    for sentences in ("all", "findings"):
        verdicts = check(sample_chronology, rules=["learning", "wales", "national"], sentences=sentences)
        pd.testing.assert_frame_equal(verdicts, sort_verdicts(verdicts))
    assert len(detect(sample_chronology)) == 16


def test_trigger_rows_are_the_rows_entry_rows_finds_where_ids_are_unique() -> None:
    frame = pd.DataFrame({"entry_id": pd.array([f"e{i}" for i in range(8)], dtype="string"),
                          "subject": [None, "A", "B", None, "C", None, "D", "E"]})
    shared = Distinct(frame)
    named = frame["subject"].notna().to_numpy()

    def held(at: np.ndarray | None) -> np.ndarray:
        return named if at is None else named[at]

    ids = pd.Series(["e3", "e4", "e9", "e6", None], dtype="string")
    expected = entry_rows(shared, ids, where=named).tolist()
    assert trigger_rows(shared, ids, np.array([3, 4, -1, 6, -1]), held).tolist() == expected
    assert trigger_rows(shared, ids, np.full(5, -1), held).tolist() == expected
    assert trigger_rows(shared, ids, None, held).tolist() == expected


@given(st.lists(st.none() | st.dates(min_value=pd.Timestamp("1900-01-01").date(),
                                      max_value=pd.Timestamp("2100-12-31").date()), max_size=20))
def test_days_are_written_the_same_when_kept(days: list) -> None:
    moments = pd.Series(pd.to_datetime(pd.Series(days, dtype=object)), dtype="datetime64[ns]")
    expected = [pd.NA if day is None else f"{day.day} {day:%B %Y}" for day in days]
    assert written_day(moments).tolist() == expected
    assert written_day(moments).tolist() == expected  # the second time from the days kept
