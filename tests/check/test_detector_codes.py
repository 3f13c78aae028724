"""The frame-based detectors' work on codes gives what the plain pandas operations gave (issue 18).

Each helper is checked against the pandas call or the plain Python rule it replaced, on
generated frames: missing values, ties and repeated keys included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors.incidents import incidents
from reviewkit.check.detectors.ordering import sort_order, sort_rows
from reviewkit.check.detectors.per_check import positions_in
from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.detectors.stasis_series import group_numbers
from reviewkit.check.durations import deadline
from reviewkit.interpret.duration_text import parse_duration

WORDS = st.sampled_from(["a", "b", "ab", "B", "é", "a b", ""])
DAYS = pd.to_datetime(["2015-01-01", "2015-01-02", "2015-03-01"])


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(0, 25))
    column = lambda values: draw(st.lists(values, min_size=rows, max_size=rows))  # noqa: E731
    return pd.DataFrame({
        "text": pd.array(column(st.none() | WORDS), dtype="string"),
        "day": pd.Series(column(st.none() | st.sampled_from(list(DAYS))), dtype="datetime64[ns]"),
        "number": pd.array(column(st.none() | st.integers(-2, 2)), dtype="Int64"),
        "real": np.array(column(st.sampled_from([np.nan, 0.5, -1.0, np.inf])), dtype=float),
        "flag": np.array(column(st.booleans()), dtype=bool),
        "label": np.array(column(st.sampled_from(["c1", "c10", "c2"])), dtype=object),
    }, index=pd.Index(draw(st.permutations(range(rows))), dtype="int64") * 3)


@given(frames(), st.lists(st.sampled_from(["text", "day", "number", "real", "flag", "label"]),
                          min_size=2, max_size=4, unique=True))
def test_sort_rows_is_sort_values(frame, keys):
    expected = frame.sort_values(keys, na_position="last")
    pd.testing.assert_frame_equal(sort_rows(frame, keys), expected)


def test_sort_rows_leaves_one_key_and_categories_to_pandas():
    frame = pd.DataFrame({"a": pd.Categorical(["x", "y"], categories=["y", "x"]), "b": [1, 2]})
    assert sort_order(frame, ["a", "b"]) is None and sort_order(frame, ["b"]) is None
    assert sort_rows(frame, ["a", "b"])["a"].tolist() == ["y", "x"]  # by the categories' order


@given(frames())
def test_groups_is_ngroup_on_sorted_rows(frame):
    keys = ["text", "label", "number"]
    rows = frame.sort_values(keys + ["day"]).reset_index(drop=True)
    expected = rows.groupby(keys, sort=False).ngroup().to_numpy()
    found = group_numbers(np.stack([pd.factorize(rows[key])[0] for key in keys]).reshape(len(keys), len(rows)))
    np.testing.assert_array_equal(found, expected)
    assert found.dtype == expected.dtype


@given(st.lists(st.none() | WORDS, max_size=12), st.lists(WORDS, max_size=5, unique=True))
def test_positions_in_is_get_indexer(values, options):
    index = pd.Index(options, dtype="string[pyarrow]")
    series = pd.Series(values, dtype="string[pyarrow]")
    expected = [index.get_loc(v) if v is not None and v in options else -1 for v in values]
    assert positions_in(series, index).tolist() == expected
    assert positions_in(series.astype(object), pd.Index(options, dtype=object)).tolist() == expected


SUBJECTS = st.sampled_from([None, "Child A", "Child B", "Child A; Child B"])


@st.composite
def records(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(1, 12))
    column = lambda values: draw(st.lists(values, min_size=rows, max_size=rows))  # noqa: E731
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(column(st.integers(0, 20)), unit="D")
    frame = pd.DataFrame({
        "case_id": column(st.sampled_from(["c1", "c2"])), "date": days,
        "date_latest": days + pd.to_timedelta(column(st.sampled_from([0, 1, 3])), unit="D"),
        "subject": column(SUBJECTS), "concern": column(st.sampled_from([None, "neglect", "physical"])),
        "duplicate_group": column(st.sampled_from([None, None, "g1", "g2"])),
        "responds_to": column(st.none() | st.integers(0, rows)),  # rows: an id no record has
        "_answer": column(st.booleans()),
    })
    frame["entry_id"] = [f"e{i}" for i in range(rows)]
    frame["responds_to"] = [None if r is None else f"e{r}" for r in frame["responds_to"]]
    frame = frame.sort_values(["case_id", "date"], kind="stable").reset_index(drop=True)
    return frame.astype({c: "string" for c in ("case_id", "entry_id", "subject", "concern", "duplicate_group",
                                                "responds_to")})


def _incidents_row_by_row(records: pd.DataFrame, within: str) -> list[str]:
    """The documented rule, record by record: linked records share an incident, named by its
    earliest record (records come sorted, ids are unique)."""
    rows = records.to_dict("records")
    ids = [r["entry_id"] for r in rows]
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def link(i: int, j: int) -> None:
        a, b = root(i), root(j)
        parent[max(a, b)] = min(a, b)

    reach = deadline(records["date_latest"], parse_duration(within)).tolist()
    for i, r in enumerate(rows):
        for j, o in enumerate(rows):
            same_group = pd.notna(r["duplicate_group"]) and r["duplicate_group"] == o["duplicate_group"]
            if j < i and same_group and r["case_id"] == o["case_id"]:
                link(i, j)
        if pd.notna(r["responds_to"]) and r["responds_to"] in ids:
            link(i, ids.index(r["responds_to"]))
        if r["_answer"]:
            answered = [j for j, o in enumerate(rows) if not o["_answer"] and o["case_id"] == r["case_id"]
                        and o["date"] <= r["date_latest"] and r["date"] <= reach[j]
                        and shares_subject(pd.Series([r["subject"]]), pd.Series([o["subject"]]))[0]
                        and (pd.isna(r["concern"]) or pd.isna(o["concern"]) or r["concern"] == o["concern"])]
            if answered:  # the latest concern (the last of those on its day)
                link(i, max(answered, key=lambda j: (rows[j]["date"], j)))
    return [ids[root(i)] for i in range(len(rows))]


@given(records())
def test_incidents_follow_the_rule_record_by_record(frame):
    assert incidents(frame, parse_duration("7 days")).tolist() == _incidents_row_by_row(frame, "7 days")
