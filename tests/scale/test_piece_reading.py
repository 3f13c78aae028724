"""Reading a piece of a large extract: only the rows it needs, cut where row groups end (issue 18)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reviewkit
from reviewkit import DataQualityWarning, LoadError
from reviewkit.load.extract import read_extract
from reviewkit.load.schema import coerce_chronology
from reviewkit.scale.extract_check import detect_extract
from reviewkit.scale.pieces import case_codes, piece_rows, plan_pieces
from reviewkit.synth import synth_cases

RULES = ["learning", "wales"]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """Five synthetic cases of 80 entries, rows grouped by case."""
    chronology = synth_cases(5, entries_per_case=80, seed=4).chronology
    return chronology.sort_values("case_id", kind="stable").reset_index(drop=True)


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(0, 40), group=st.integers(1, 12), bounds=st.tuples(st.integers(0, 45), st.integers(0, 45)))
def test_piece_rows_are_the_rows_asked_for_whatever_the_row_groups(tmp_path_factory, rows, group, bounds):
    path = tmp_path_factory.mktemp("rows") / "x.parquet"
    table = pa.table({"n": pa.array(range(rows), pa.int64()), "text": [f"t{i}" for i in range(rows)]})
    pq.write_table(table, path, row_group_size=group)
    start, stop = min(bounds), max(bounds)
    stop = min(stop, rows)
    start = min(start, stop)
    read = piece_rows(path, start, stop, ["n", "text"])
    assert read.column("n").to_pylist() == list(range(start, stop))
    assert read.column("text").to_pylist() == [f"t{i}" for i in range(start, stop)]


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(1, 20), min_size=1, max_size=15), per_piece=st.integers(1, 40),
       groups=st.lists(st.integers(1, 60), min_size=1, max_size=10))
def test_pieces_cut_near_row_groups_still_hold_whole_cases_and_every_row_once(sizes, per_piece, groups):
    ids = pa.array([f"case{n}" for n, size in enumerate(sizes) for _ in range(size)])
    runs = plan_pieces(ids, per_piece, groups=groups)
    assert [start for start, _ in runs[1:]] == [stop for _, stop in runs[:-1]]
    assert runs[0][0] == 0 and runs[-1][1] == len(ids)
    case_starts = set(np.cumsum([0, *sizes])[:-1].tolist())
    assert all(start in case_starts for start, _ in runs)
    # every piece but the last holds at least three quarters of entries_per_piece
    assert all(stop - start >= per_piece - per_piece // 4 for start, stop in runs[:-1])


def test_a_piece_ends_at_the_first_case_after_a_near_row_group_end():
    ids = pa.array([c for c in "abcdefghij" for _ in range(10)])  # ten cases of ten rows
    assert plan_pieces(ids, 40) == [(0, 40), (40, 80), (80, 100)]
    # row groups of 45 rows: a piece ends with the case running over the end of its row group
    assert plan_pieces(ids, 40, groups=[45, 45, 10]) == [(0, 50), (50, 90), (90, 100)]
    # a row group's end more than a quarter of entries_per_piece away changes nothing
    assert plan_pieces(ids, 40, groups=[65, 35]) == [(0, 40), (40, 80), (80, 100)]


@settings(max_examples=100, deadline=None)
@given(ids=st.lists(st.sampled_from(["a", "b", " b", "c ", None, ""]), min_size=1, max_size=30),
       cut=st.integers(0, 30))
def test_case_codes_of_chunks_are_those_of_the_whole_column(ids, cut):
    whole = pa.array(ids, pa.string())
    cut = min(cut, len(ids))
    chunked = pa.chunked_array([whole.slice(0, cut), whole.slice(cut)])
    assert case_codes(chunked).tolist() == case_codes(whole).tolist()
    # chunks read from Parquet as dictionaries, each with its own: one code per id, trimmed
    dictionaries = pa.chunked_array([whole.slice(0, cut).dictionary_encode(), whole.slice(cut).dictionary_encode()])
    codes, trimmed = case_codes(dictionaries), [(i or "").strip() for i in ids]
    assert all((codes[i] == codes[j]) == (trimmed[i] == trimmed[j])
               for i in range(len(ids)) for j in range(len(ids)))


def test_an_extract_read_with_blank_text_columns_shared_is_the_chronology_read_by_pandas(tmp_path, corpus):
    corpus.to_parquet(tmp_path / "extract.parquet")
    read = read_extract(tmp_path / "extract.parquet")
    pd.testing.assert_frame_equal(read, coerce_chronology(pd.read_parquet(tmp_path / "extract.parquet")))
    assert read["summary"].notna().any() and read["ages"].isna().all()  # a column of nothing but nulls


def test_an_entry_id_used_in_two_pieces_written_apart_is_named_with_its_rows(tmp_path, corpus):
    copy = corpus.sample(frac=1, random_state=2).reset_index(drop=True)  # cases scattered: written apart
    copy.loc[len(copy) - 1, "entry_id"] = copy.loc[0, "entry_id"]
    copy.to_csv(tmp_path / "extract.csv", index=False)
    with pytest.raises(LoadError, match=rf"1 entry id is used by more than one row, "
                                        rf"e\.g\. '{copy.loc[0, 'entry_id']}' \(row 2, row 401\)"):
        detect_extract(tmp_path / "extract.csv", workers=1, entries_per_piece=100, progress=False)


def test_one_long_case_expected_to_make_pieces_is_checked_once(tmp_path, corpus):
    # 360 rows of one case: the metadata says about 4 pieces, so two workers start; there is one
    one = corpus.assign(case_id="only").head(360)
    one.to_parquet(tmp_path / "extract.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        found = detect_extract(tmp_path / "extract.parquet", rules=RULES, workers=2, entries_per_piece=100,
                               progress=False)
        expected = reviewkit.detect(read_extract(tmp_path / "extract.parquet"), rules=RULES)
    assert found.attrs["extract"]["pieces"] == 1 and found.attrs["extract"]["workers"] == 1
    pd.testing.assert_frame_equal(found, expected)
