"""read_chronology from every kind of source, and the options that say how to read it."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewkit import (
    CHRONOLOGY_COLUMNS,
    DataQualityWarning,
    LoadError,
    load_with_report,
    read_chronology,
)

SCHOOL = "Date,Time,Incident,Action taken\n09/02/2015,12:40,Mother kicked Child B,Referral at 16:10\n"


def quiet_read(source, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return read_chronology(source, **kwargs)


def test_a_dataframe_gives_the_same_columns_and_values_as_a_file(tmp_case):
    folder = tmp_case({"school.csv": SCHOOL})
    from_file = read_chronology(folder / "school.csv", agency="School", case_id="c")
    frame = pd.read_csv(folder / "school.csv", dtype=str)
    from_frame = read_chronology(frame, agency="School", case_id="c")
    assert from_frame.columns.tolist() == from_file.columns.tolist() == CHRONOLOGY_COLUMNS
    assert from_frame.dtypes.equals(from_file.dtypes)
    same = ["date", "date_latest", "precision", "agency", "event_type", "summary", "outcome"]
    pd.testing.assert_frame_equal(from_frame[same], from_file[same])
    assert from_frame.loc[0, "entry_id"] == "c/DataFrame:09-02-2015-60795d80"
    assert from_frame.loc[0, "source_row"] == 2


def test_a_dataframe_with_typed_dates_loads(tmp_case):
    frame = pd.DataFrame({"Date": pd.to_datetime(["2015-02-09", None]), "Notes": ["Seen", "Undated"]})
    chronology = quiet_read(frame, agency="GP")
    assert chronology["date"].tolist()[0] == pd.Timestamp("2015-02-09")
    assert pd.isna(chronology["date"].tolist()[1]) and len(chronology) == 2


def test_an_existing_chronology_passes_through(sample_chronology):
    again = quiet_read(sample_chronology)
    pd.testing.assert_frame_equal(again, sample_chronology)


def test_a_list_of_files_is_one_chronology(tmp_case):
    folder = tmp_case({"school.csv": SCHOOL, "gp.csv": "Date,Notes\n08/02/2015,Seen\n"})
    chronology = read_chronology([folder / "school.csv", folder / "gp.csv"], case_id="c")
    assert chronology["source"].tolist() == ["gp.csv", "school.csv"]  # sorted by date
    assert chronology["agency"].tolist() == ["GP", "School"]  # from the file names


def test_a_file_twice_is_a_load_error(tmp_case):
    folder = tmp_case({"gp.csv": "Date,Notes\n08/02/2015,Seen\n"})
    with pytest.raises(LoadError, match=r"The same entry was loaded twice \(family_x/gp.csv:08-02-2015-ec2f1a4e\)"):
        read_chronology([folder / "gp.csv", folder / "gp.csv"])


def test_an_empty_list_is_a_load_error():
    with pytest.raises(LoadError, match="No sources were given"):
        read_chronology([])


def test_a_missing_path_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="there is no such file or folder"):
        read_chronology(tmp_path / "nothing.csv")


def test_a_folder_without_manifest_loads_every_chronology_file(tmp_case, tmp_path):
    folder = tmp_case({
        "police.csv": "Occurrence date,Reported date,Summary\n05/06/2014,05/06/2014 10:00,Strategy\n",
        "gp.csv": "Date,Notes\n08/02/2015,Seen\n",
        "notes.txt": "Reviewer's notes: not a chronology\n",
        "README.md": "# not a chronology\n",
    })  # fmt: skip
    result = load_with_report(folder)
    assert sorted(result.report["source"]) == ["gp.csv", "police.csv"]
    chronology = result.chronology
    assert set(chronology["case_id"]) == {"family_x"}
    assert chronology.set_index("source").loc["police.csv", "reported"] == pd.Timestamp("2014-06-05 10:00")
    assert result.cases == ()
    empty = tmp_path / "empty_case"
    empty.mkdir()
    with pytest.raises(LoadError, match="no case.toml and no CSV, XLSX or DOCX files"):
        read_chronology(empty)


def test_agency_for_a_whole_file_and_case_id(tmp_case):
    folder = tmp_case({"export_3.csv": "Date,Notes\n08/02/2015,Seen\n"})
    chronology = read_chronology(folder / "export_3.csv", agency="Health Visiting", case_id="fam1")
    assert chronology.loc[0, "agency"] == "Health Visiting"
    assert chronology.loc[0, "entry_id"] == "fam1/export_3.csv:08-02-2015-ec2f1a4e"
    assert pd.isna(chronology.loc[0, "issues"])


def test_agency_from_the_file_name(tmp_case):
    folder = tmp_case({"police.csv": "Date,Notes\n08/02/2015,Seen\n",
                       "export_3.csv": "Date,Notes\n08/02/2015,Seen\n"})  # fmt: skip
    with pytest.warns(DataQualityWarning):
        chronology = read_chronology(folder).set_index("source")
    assert chronology.loc["police.csv", "agency"] == "Police"
    assert pd.isna(chronology.loc["export_3.csv", "agency"])
    assert chronology.loc["export_3.csv", "issues"] == "no agency given"


def test_mapping_names_unusual_headings(tmp_case):
    folder = tmp_case({"hv.csv": "When it happened,What happened\n08/02/2015,Home visit\n"})
    with pytest.raises(LoadError, match="hv.csv"):
        read_chronology(folder / "hv.csv", agency="Health Visiting")
    chronology = read_chronology(
        folder / "hv.csv", agency="Health Visiting",
        mapping={"date": "When it happened", "details": "What happened"},
    )
    assert chronology.loc[0, "date"] == pd.Timestamp("2015-02-08")
    assert chronology.loc[0, "summary"] == "Home visit"
    with pytest.raises(LoadError, match=r"hv.csv: .*'When it happened', 'What happened'"):
        read_chronology(folder / "hv.csv", mapping={"date": "Whenever"})


def test_unknown_agencies_are_kept_and_flagged(tmp_case):
    folder = tmp_case({"log.csv": "Date,Agency,Notes\n08/02/2015,Police,A\n09/02/2015,Dog Wardens,B\n"})
    with pytest.warns(DataQualityWarning):
        result = load_with_report(folder / "log.csv")
    chronology = result.chronology
    assert len(chronology) == 2
    assert chronology["agency_raw"].tolist() == ["Police", "Dog Wardens"]
    assert "'Dog Wardens' is not in the agency alias table" in chronology.loc[1, "issues"]
    assert result.report.loc[0, "unknown_agencies"] == "Dog Wardens"


def test_user_agency_aliases(tmp_case):
    folder = tmp_case({"log.csv": "Date,Agency,Notes\n09/02/2015,Dog Wardens,B\n"})
    chronology = read_chronology(
        folder / "log.csv", agency_aliases={"Animal Welfare": ["Dog Wardens"]}
    )
    assert chronology.loc[0, "agency"] == "Animal Welfare"
    assert pd.isna(chronology.loc[0, "issues"])


def test_user_vocabulary_file(tmp_case, tmp_path):
    folder = tmp_case({"school.csv": "Date,Notes\n09/02/2015,Forest school session\n"})
    default = read_chronology(folder / "school.csv", agency="School")
    vocabulary = tmp_path / "local.toml"
    vocabulary.write_text(
        '[event_types.forest_school]\nlabel = "Forest school"\naliases = ["forest school"]\n',
        "utf-8",
    )
    chronology = read_chronology(folder / "school.csv", agency="School", vocabulary=vocabulary)
    assert default.loc[0, "event_type"] != "forest_school"
    assert chronology.loc[0, "event_type"] == "forest_school"


def test_entries_are_sorted_by_date_then_sequence(tmp_case):
    folder = tmp_case({"csc.csv": "Date,Seq,Notes\n09/02/2015,2,Second\n08/02/2015,1,First\n"
                                  "09/02/2015,1,Between\n"})  # fmt: skip
    chronology = read_chronology(folder / "csc.csv", agency="Children's Services",
                                 mapping={"sequence": "Seq"})  # fmt: skip
    assert chronology["summary"].tolist() == ["First", "Between", "Second"]


# ---------------------------------------------------------------- property: nothing is lost

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2039, 12, 31))
words = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]),
                min_size=0, max_size=30)  # fmt: skip
rows = st.lists(
    st.one_of(st.tuples(dates, words), st.just(None)),  # None: a blank row
    min_size=0, max_size=12,
)


@settings(
    max_examples=max(10, settings.default.max_examples // 4),  # each example loads a file
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=rows)
def test_every_non_blank_row_becomes_one_entry_with_its_date(tmp_path_factory, rows):
    import csv

    folder = tmp_path_factory.mktemp("case")
    with open(folder / "gp.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Notes"])
        for row in rows:
            writer.writerow(["", ""] if row is None else [f"{row[0]:%d/%m/%Y}", row[1]])
    chronology = quiet_read(folder / "gp.csv", agency="GP")
    expected = [(n, day, " ".join(text.split()) or None)
                for n, row in enumerate(rows, start=2) if row is not None
                for day, text in [row]]  # fmt: skip
    assert len(chronology) == len(expected)
    got = chronology.sort_values("source_row")
    assert got["source_row"].tolist() == [n for n, _, _ in expected]
    assert got["date"].dt.date.tolist() == [day for _, day, _ in expected]
    assert (got["precision"] == "day").all()
    assert got["summary"].fillna("").tolist() == [text or "" for _, _, text in expected]
    assert got["entry_id"].is_unique
