"""Reading many cases: case folders one at a time or lazily with Dask, and large CSV/Parquet extracts."""

from __future__ import annotations

import csv
import io
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reviewkit
from reviewkit import DataQualityWarning, LoadError
from reviewkit.interpret.entry_ids import row_ids
from reviewkit.load.case_folders import find_case_folders, iter_cases
from reviewkit.load.extract import read_extract
from reviewkit.scale.dask_partitions import read_case_folders
from reviewkit.synth import synth_cases

EXTRACT = (
    "Case reference,Date,Agency,Notes\n"
    "F1,14/10/2015,Midwifery,Child D born\n"
    "F2,09/02/2015 12:40,School,Staff witnessed Mother kick Child B\n"
    "F1,20/10/2015,Health Visiting,Postnatal visit: EPDS 8\n"
    "\n"
    'F3,March 2015,GP,"Seen for a cough,\nno concerns"\n'
)


def quietly(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return function(*args, **kwargs)


@pytest.fixture(scope="module")
def corpus():
    return synth_cases(4, entries_per_case=72, seed=5).chronology


# ---------------------------------------------------------------- extracts in chronology columns

def test_parquet_in_chronology_columns_reads_back_exactly(tmp_path, corpus):
    corpus.to_parquet(tmp_path / "extract.parquet")
    pd.testing.assert_frame_equal(read_extract(tmp_path / "extract.parquet"), corpus)


def test_csv_in_chronology_columns_reads_back_with_arrow_strings_and_categories(tmp_path, corpus):
    corpus.to_csv(tmp_path / "extract.csv", index=False)
    chronology = read_extract(tmp_path / "extract.csv")
    # categories come in the order they are met, the values are the same
    pd.testing.assert_frame_equal(chronology, corpus, check_categorical=False)
    assert chronology["summary"].dtype == pd.StringDtype("pyarrow")
    assert chronology["agency"].dtype == "category"
    assert chronology["date"].dtype == "datetime64[ns]"


def test_a_bad_value_in_a_chronology_column_names_the_file_and_types(tmp_path, corpus):
    text = corpus.head(3).to_csv(index=False).replace(":2,2015-", ":2,sometime-", 1)
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(LoadError, match=r"bad\.csv: row 2, column 'date': '[^']*sometime[^']*' is not a date "
                                        r"and time\. Types of the chronology's columns: .*date datetime64\[ns\]"):
        read_extract(tmp_path / "bad.csv")


# ---------------------------------------------------------------- extracts needing recognition

def test_a_case_management_extract_becomes_one_chronology_of_its_cases(tmp_path):
    (tmp_path / "extract.csv").write_text(EXTRACT)
    chronology = quietly(read_extract, tmp_path / "extract.csv", block_rows=2)
    assert chronology["entry_id"].str.fullmatch(r"F\d/extract\.csv:[0-9a-z-]+-[0-9a-f]{8}").all()
    by_id = chronology.set_index(row_ids(chronology))  # found by file and row
    assert sorted(by_id.index) == ["F1/extract.csv:2", "F1/extract.csv:4", "F2/extract.csv:3",
                                   "F3/extract.csv:6"]
    assert by_id.loc["F2/extract.csv:3", "date"] == pd.Timestamp("2015-02-09 12:40")
    assert by_id.loc["F2/extract.csv:3", "event_type"] == "assault_witnessed"
    assert by_id.loc["F1/extract.csv:2", "event_type"] == "birth"
    assert by_id.loc["F3/extract.csv:6", "summary"] == "Seen for a cough, no concerns"
    assert by_id.loc["F3/extract.csv:6", "precision"] == "month"
    # sorted by date across the cases, as a loaded chronology is
    assert by_id["agency"].tolist() == ["School", "GP", "Midwifery", "Health Visiting"]
    verdicts = reviewkit.check(chronology, rules="learning")
    epds = verdicts[verdicts["rule"] == "postnatal-depression-screening-after-birth"]
    assert epds[["case_id", "verdict"]].values.tolist() == [["F1", "met"]]


def test_the_extract_reads_as_the_same_file_loaded_as_an_agency_file(tmp_path):
    (tmp_path / "extract.csv").write_text(EXTRACT)
    extract = quietly(read_extract, tmp_path / "extract.csv")
    pd.testing.assert_frame_equal(extract, quietly(reviewkit.read_chronology, tmp_path / "extract.csv"))


def test_a_parquet_extract_with_its_own_headings(tmp_path):
    frame = pd.read_csv(io.StringIO(EXTRACT), dtype="string")  # the blank line is not kept
    frame.to_parquet(tmp_path / "extract.parquet")
    chronology = quietly(read_extract, tmp_path / "extract.parquet", block_rows=3)
    assert sorted(row_ids(chronology)) == ["F1/extract.parquet:2", "F1/extract.parquet:4",
                                              "F2/extract.parquet:3", "F3/extract.parquet:5"]
    assert chronology.set_index(row_ids(chronology)).loc["F2/extract.parquet:3", "event_type"] == "assault_witnessed"


def test_no_case_id_column_is_named_with_the_headings(tmp_path):
    (tmp_path / "extract.csv").write_text("Date,Agency,Notes\n14/10/2015,Midwifery,Child D born\n")
    with pytest.raises(LoadError, match=r"extract\.csv: no column holds the case id.*'Date', "
                                        r"'Agency', 'Notes'.*mapping=\{'case_id': 'Date'\}"):
        read_extract(tmp_path / "extract.csv")


def test_mapping_names_the_case_id_column(tmp_path):
    (tmp_path / "extract.csv").write_text("Family ref,Date,Notes\nX9,14/10/2015,Child D born\n")
    chronology = read_extract(tmp_path / "extract.csv", mapping={"case_id": "Family ref"}, agency="GP")
    assert chronology[["case_id", "entry_id", "agency"]].values.tolist() == [
        ["X9", "X9/extract.csv:14-10-2015-724918e5", "GP"]]


def test_a_row_without_a_case_id_is_named(tmp_path):
    (tmp_path / "extract.csv").write_text("Case ID,Date,Notes\nX9,14/10/2015,Born\n ,15/10/2015,Visit\n")
    with pytest.raises(LoadError, match=r"extract\.csv: row 3 has no case id in the column 'Case ID'"):
        read_extract(tmp_path / "extract.csv")


def test_other_file_types_are_refused_with_what_is_read(tmp_path):
    (tmp_path / "extract.xlsx").write_bytes(b"PK")
    with pytest.raises(LoadError, match=r"extract\.xlsx: an extract must be a CSV or Parquet file "
                                        r"\(\.csv, \.parquet, \.pq\), not \.xlsx"):
        read_extract(tmp_path / "extract.xlsx")
    with pytest.raises(LoadError, match=r"missing\.csv: there is no such file"):
        read_extract(tmp_path / "missing.csv")


_CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
_ROW = st.tuples(
    st.sampled_from(["F1", "F2", "Family 3"]),
    st.sampled_from(["14/10/2015", "March 2015", "2015-02-09 12:40", "", "sometime", "Summer 2016"]),
    st.sampled_from(["GP", "School", "Police", "", "Neighbourhood team"]),
    st.one_of(_CELL, st.sampled_from(["Child D born", "Referral to CSC", "Home alone, police called"])),
)


# each example loads the file twice (about a second): fewer examples than the profile's
@settings(max_examples=15)
@given(rows=st.lists(_ROW, min_size=1, max_size=12), block_rows=st.integers(1, 5),
       delimiter=st.sampled_from([",", ";"]))
def test_extract_is_read_as_the_agency_file_reader_reads_it_whatever_the_block_size(
    tmp_path_factory, rows, block_rows, delimiter
):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["Case ID", "Date", "Agency", "Notes"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("extract") / "extract.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    expected = quietly(reviewkit.read_chronology, path)
    chronology = quietly(read_extract, path, block_rows=block_rows)
    pd.testing.assert_frame_equal(chronology, expected)
    assert set(chronology["case_id"]) == {row[0] for row in rows}


# ---------------------------------------------------------------- folders of case folders

def write_cases(root, names):
    for number, name in enumerate(names):
        folder = root / name
        folder.mkdir()
        (folder / "case.toml").write_text(
            f'case_id = "{name}"\n[[files]]\npath = "midwifery.csv"\nagency = "Midwifery"\n'
        )
        screening = "" if number % 2 else "20/10/2015,Postnatal visit: EPDS 8\n"
        (folder / "midwifery.csv").write_text(
            f"Date,Event\n14/10/2015,Child born\n{screening}01/06/2016,Discharged from midwifery\n"
        )
    (root / "notes").mkdir()  # not a case folder: no case.toml
    return root


def test_find_case_folders_lists_only_folders_with_a_manifest(tmp_path):
    write_cases(tmp_path, ["c2", "c1"])
    assert [p.name for p in find_case_folders(tmp_path)] == ["c1", "c2"]
    with pytest.raises(LoadError, match=r"notes: no case folders found \(a case folder is a "
                                        r"sub-folder with a case\.toml\)"):
        find_case_folders(tmp_path / "notes")


def test_iter_cases_loads_one_case_at_a_time(tmp_path):
    write_cases(tmp_path, ["c1", "c2", "c3"])
    cases = iter_cases(tmp_path, progress=False)
    first = next(cases)
    assert first["case_id"].unique().tolist() == ["c1"]
    assert row_ids(first).tolist() == ["c1/midwifery.csv:2", "c1/midwifery.csv:3", "c1/midwifery.csv:4"]
    assert [len(case) for case in cases] == [2, 3]


def test_case_folders_as_dask_partitions_detect_like_the_pandas_load(tmp_path):
    write_cases(tmp_path, ["c1", "c2", "c3"])
    lazy = read_case_folders(tmp_path, cases_per_partition=2)
    assert lazy.npartitions == 2
    whole = quietly(reviewkit.read_chronology, find_case_folders(tmp_path))
    # no distributed client here: Dask's local threads check the partitions
    findings = reviewkit.detect(lazy, rules="learning")
    pd.testing.assert_frame_equal(findings, reviewkit.detect(whole, rules="learning"))
    assert findings[["case_id", "rule"]].values.tolist() == [
        ["c2", "postnatal-depression-screening-after-birth"]
    ]
