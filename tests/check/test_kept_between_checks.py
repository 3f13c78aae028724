"""What a check keeps between calls (column codes, the rows of entry ids) gives exactly what
working it out afresh gives, and never outlives or misreads a column that was set anew; verdict
ids are the SHA-1 ids decisions files refer to."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors import entry_rows as entry_rows_module
from reviewkit.check.detectors import per_check
from reviewkit.check.detectors.entry_rows import entry_rows
from reviewkit.check.detectors.per_check import Distinct, distinct_values
from reviewkit.check.engine import check
from reviewkit.check.verdicts import stable_id, stable_ids

ids = st.one_of(st.none(), st.sampled_from(["c/a:1", "c/a:2", "c/b:1", "c/b:2", "x", "é/ü:3"]))


def reference_rows(column: list, wanted: list, where: list[bool] | None) -> list[int]:
    """The first row holding each id (where ``where``), -1 for none: one row at a time."""
    found = []
    for text in wanted:
        rows = [r for r, value in enumerate(column) if text is not None and value == text
                and (where is None or where[r])]
        found.append(rows[0] if rows else -1)
    return found


@given(st.lists(ids, min_size=1, max_size=12), st.lists(ids, max_size=8), st.data())
def test_entry_rows_are_the_first_rows_holding_each_id(column, wanted, data):
    where = data.draw(st.one_of(st.none(), st.lists(st.booleans(), min_size=len(column), max_size=len(column))))
    for dtype in ("string[pyarrow]", object):
        shared = Distinct(pd.DataFrame({"entry_id": pd.array(column, dtype=dtype)}))
        mask = None if where is None else np.array(where, dtype=bool)
        got = entry_rows(shared, np.array(wanted, dtype=object), where=mask)
        assert got.tolist() == reference_rows(column, wanted, where)
        again = entry_rows(shared, pd.Series(wanted, dtype=object), where=mask)  # from what was kept
        assert again.tolist() == got.tolist()


def test_rows_kept_for_one_column_are_not_used_for_a_column_set_anew():
    frame = pd.DataFrame({"entry_id": pd.array(["a", "b", "c"], dtype="string[pyarrow]")})
    assert entry_rows(Distinct(frame), np.array(["b", "c"], dtype=object)).tolist() == [1, 2]
    frame["entry_id"] = pd.array(["c", "b", "b"], dtype="string[pyarrow]")
    assert entry_rows(Distinct(frame), np.array(["b", "c"], dtype=object)).tolist() == [1, 0]


def test_what_is_kept_goes_with_the_column():
    frame = pd.DataFrame({"entry_id": pd.array(["a", "b"], dtype="string[pyarrow]")})
    entry_rows(Distinct(frame), np.array(["a"], dtype=object))
    distinct_values(frame["entry_id"])
    key = id(frame["entry_id"].array.__arrow_array__())
    assert key in entry_rows_module._FOUND and key in per_check._KEPT
    del frame
    assert key not in entry_rows_module._FOUND and key not in per_check._KEPT


def test_kept_codes_are_the_codes_and_cannot_be_changed():
    values = pd.Series(["b", None, "a", "b"], dtype="string[pyarrow]")
    codes, uniques = distinct_values(values)
    assert codes.tolist() == [0, -1, 1, 0] and uniques.tolist() == ["b", "a"]
    assert distinct_values(values)[0] is codes
    with pytest.raises(ValueError):
        codes[0] = 5
    values[0] = "z"  # sets the column's data anew
    assert distinct_values(values)[1].tolist() == ["z", "a", "b"]


def test_only_so_many_columns_are_kept():
    columns = [pd.Series([str(k)], dtype="string[pyarrow]") for k in range(per_check.KEPT_COLUMNS + 3)]
    for column in columns:
        distinct_values(column)
    assert len(per_check._KEPT) <= per_check.KEPT_COLUMNS


texts = st.text(alphabet=st.sampled_from("ab/:é\x1f-🙂 "), max_size=8)


@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=6), texts)
def test_stable_ids_are_the_stable_id_of_each_row(rows, rule):
    first = pd.Series([a for a, _ in rows], dtype="string")
    second = pd.Series([b for _, b in rows], dtype=object)
    assert stable_ids("V", rule, first, second) == [stable_id("V", rule, a, b) for a, b in rows]


def test_verdict_ids_on_the_sample_case_are_as_decisions_files_know_them(sample_chronology):
    verdicts = check(sample_chronology).set_index("verdict_id")
    assert verdicts.loc[["V-b01efb3632d1", "V-29aecdd76133", "V-098894cdac0c"], "rule"].tolist() == [
        "injury-seen-is-referred", "wales-icpc-within-15-working-days", "plan-circulated-to-core-group"]
    response = verdicts[verdicts["kind"] == "response"]
    assert response.index.tolist() == [stable_id("V", r, c, t) for r, c, t in
                                       response[["rule", "case_id", "trigger"]].itertuples(index=False)]
    again = check(sample_chronology)  # with the codes and rows kept from the first check
    assert again["verdict_id"].tolist() == verdicts.index.tolist()


@given(st.lists(ids, min_size=1, max_size=10), st.data())
def test_other_entry_compares_the_ids_of_different_rows(column, data):
    from reviewkit.check.detectors.response_pairs import _other_entry

    size = len(column)
    first = np.array(data.draw(st.lists(st.integers(0, size - 1), max_size=12)), dtype=np.int64)
    second = np.array(data.draw(st.lists(st.integers(0, size - 1), min_size=len(first), max_size=len(first))),
                      dtype=np.int64)
    asked = np.array(data.draw(st.lists(st.booleans(), min_size=len(first), max_size=len(first))), dtype=bool)
    shared = Distinct(pd.DataFrame({"entry_id": pd.array(column, dtype="string[pyarrow]")}))
    expected = [bool(a) and r != s and column[r] is not None and column[s] is not None and column[r] != column[s]
                for a, r, s in zip(asked, first, second)]
    assert _other_entry(shared, first, second, asked).tolist() == expected


def chunked(frame: pd.DataFrame, pieces: int = 3) -> pd.DataFrame:
    """``frame`` with each Arrow text column cut into ``pieces`` chunks (as Parquet row groups give)."""
    import pyarrow as pa

    cut = np.array_split(np.arange(len(frame)), pieces)
    out = frame.copy()
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.StringDtype) and frame[name].dtype.storage == "pyarrow":
            data = frame[name].array.__arrow_array__().combine_chunks()
            out[name] = pd.arrays.ArrowStringArray(pa.chunked_array([data.slice(c[0], len(c)) for c in cut if len(c)],
                                                                    type=data.type))
    return out


def test_a_chronology_in_chunks_gives_the_same_verdicts(sample_chronology):
    in_chunks = chunked(sample_chronology)
    assert in_chunks["entry_id"].array.__arrow_array__().num_chunks == 3
    rules = ["learning", "wales", "national"]
    pd.testing.assert_frame_equal(check(in_chunks, rules=rules), check(sample_chronology, rules=rules))
    pd.testing.assert_frame_equal(check(in_chunks, rules=rules), check(in_chunks, rules=rules))  # from what was kept


def test_entry_rows_among_few_rows_are_searched_alone():
    column = [f"c/a:{k % 7}" for k in range(40)]  # every id repeated
    where = np.zeros(40, dtype=bool)
    where[[9, 16, 30]] = True  # ids c/a:2, c/a:2, c/a:2
    shared = Distinct(pd.DataFrame({"entry_id": pd.array(column, dtype="string[pyarrow]")}))
    wanted = ["c/a:2", "c/a:3", None]
    assert entry_rows(shared, np.array(wanted, dtype=object), where=where).tolist() == [9, -1, -1]
    assert entry_rows(shared, np.array(wanted, dtype=object), where=where).tolist() == reference_rows(column, wanted, where.tolist())
