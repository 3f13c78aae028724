"""What the rules of one check share (``per_check.Distinct``) and the array forms of wording and
deadlines give exactly what the frame forms give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors.base import fill_rows, fill_template
from reviewkit.check.detectors.per_check import Distinct, take
from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.durations import deadline, deadline_values
from reviewkit.check.wording import people, people_values, span, span_values, when, when_values
from reviewkit.interpret.duration_text import parse_duration

texts = st.one_of(st.none(), st.sampled_from(["a", "b", "", "Child A", "Child A; Mother", " mother ;CHILD a"]))


@given(st.lists(st.lists(texts, max_size=5), min_size=1, max_size=5), st.data())
def test_take_across_chunks_is_arrow_take(chunks, data):
    chunked = pa.chunked_array(chunks, type=pa.string())
    size = len(chunked)
    rows = np.array(data.draw(st.lists(st.integers(0, size - 1), max_size=12)) if size else [], dtype=np.int64)
    assert take(chunked, rows).to_pylist() == [chunked.to_pylist()[r] for r in rows]


def test_take_keeps_order_and_repeats_on_one_array():
    assert take(pa.array(["x", "y", None]), np.array([2, 0, 0])).to_pylist() == [None, "x", "x"]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "agency": pd.Series(["GP", None, "School", "GP"], dtype="category"),
        "subject": pd.Series(["Child A; Mother", None, "child a", "Father"], dtype="string"),
        "date": pd.to_datetime(["2015-01-02 00:00", None, "2015-03-04 10:30", "2015-05-06 00:00"]),
        "sequence": pd.array([2, None, 1, 3], dtype="Int64"),
    })


def test_texts_at_rows_are_the_values_of_those_rows(frame):
    shared = Distinct(frame)
    rows = np.array([3, 1, 0, 0])
    assert shared.texts("agency", rows).tolist() == ["GP", None, "GP", "GP"]
    assert shared.texts("subject", rows).tolist() == ["Father", None, "Child A; Mother", "Child A; Mother"]
    assert shared.numbers("sequence").tolist() == [2.0, np.inf, 1.0, 3.0]
    assert np.isnat(shared.moments("date")).tolist() == [False, True, False, False]


def test_memo_is_worked_out_once(frame):
    shared, calls = Distinct(frame), []
    for _ in range(3):
        shared.memo("k", lambda: calls.append(1) or len(calls))
    assert calls == [1]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=12))
def test_subjects_shared_agrees_with_pairs_of_lists(pairs):
    frame = pd.DataFrame({"subject": pd.Series(["Child A; Mother", None, "child a", "Father"], dtype="string")})
    shared = Distinct(frame)
    left, right = (np.array(side) for side in zip(*pairs))
    loose = shared.subjects_shared(left, right, strict=False)
    expected = shares_subject(frame["subject"].iloc[left].reset_index(drop=True),
                              frame["subject"].iloc[right].reset_index(drop=True))
    assert loose.tolist() == expected.tolist()
    strict = shared.subjects_shared(left, right, strict=True)
    lists = frame["subject"].fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
    assert strict.tolist() == [bool(set(lists[a]) & (set(lists[b]) - {""})) for a, b in pairs]


@pytest.mark.parametrize("within", ["2 hours", "3 days", "2 weeks", "1 month", "3 months", "15 working days"])
def test_deadline_values_are_deadline(within):
    start = pd.Series(pd.to_datetime(["2015-01-31 10:00", None, "2014-12-19 23:59", "2016-02-29 00:00"]))
    duration = parse_duration(within)
    expected = deadline(start, duration, calendar="wales").to_numpy()
    found = deadline_values(start.to_numpy(), duration, calendar="wales")
    assert np.array_equal(found, expected, equal_nan=True)
    assert found[2] > start[2]


def test_wording_of_arrays_is_wording_of_frames():
    frame = pd.DataFrame({"date": pd.to_datetime(["2015-02-09 12:40", "2016-06-01 00:00", None, "2015-02-09 00:00"]),
                          "precision": pd.Series(["instant", "season", None, "day"], dtype="category"),
                          "date_text": ["09/02/2015", "Summer 2016", None, "9.2.15"]})
    arrays = (frame["date"].to_numpy(), frame["precision"].to_numpy(dtype=object, na_value=None),
              frame["date_text"].to_numpy(dtype=object))
    assert when_values(*arrays).tolist() == when(frame).astype(object).where(when(frame).notna(), None).tolist()
    low = pd.Series(pd.to_timedelta(["45min", "3D", None, "2D"]))
    high = pd.Series(pd.to_timedelta(["45min", "5D", "1D", "2D 3h"]))
    assert span_values(low.to_numpy(), high.to_numpy()).tolist() == [
        "45 minutes", "3 to 5 days", None, "2 days"] == span(low, high).astype(object).where(
        span(low, high).notna(), None).tolist()
    subjects = pd.Series(["Child A; Child B; Child C", " ; Mother ;", None, ""], dtype="string")
    assert people_values(subjects.to_numpy(dtype=object, na_value=None)).tolist() == [
        "Child A, Child B and Child C", "Mother", None, None]
    assert people(subjects).isna().tolist() == [False, False, True, True]


def test_fill_rows_is_fill_template():
    fields = {"who": pd.Series(["GP", None, "School"]), "when": pd.Series(["today", "later", None])}
    rows = np.array([2, 0])
    from_rows = fill_rows("{who} came {when}.", {k: v.to_numpy(dtype=object) for k, v in fields.items()}, rows)
    from_frame = fill_template("{who} came {when}.", fields, pd.Index(rows))
    assert from_rows.tolist() == from_frame.tolist() == ["School came .", "GP came today."]
    assert fill_rows("No fields.", fields, rows).tolist() == ["No fields.", "No fields."]
    with pytest.raises(KeyError, match="names {where}"):
        fill_rows("{where}", fields, rows)
