"""One test per file of tests/data/awkward/, as EXPECTED.md there describes.

Either the file loads, with the right entries and the problems flagged in ``issues``, or the
load fails with one LoadError that names the file (and row, column or sheet) and says what to do.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from reviewkit import CHRONOLOGY_COLUMNS, DataQualityWarning, LoadError, load_with_report
from reviewkit.interpret.actions import is_action_entry
from reviewkit.load.schema import CHRONOLOGY_DTYPES
from reviewkit.publish.export import write_chronology_csv

AWKWARD = Path(__file__).resolve().parents[1] / "data" / "awkward"


def load(name: str, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return load_with_report(AWKWARD / name, **kwargs)


def rows(result) -> dict[int, pd.Series]:
    """The entries of a one-table load, by their row in the file."""
    return {int(r["source_row"]): r for _, r in result.chronology.iterrows()}


def test_every_awkward_file_has_a_test():
    tested = {
        "missing_date_column.csv", "no_rows.csv", "empty.csv", "all_dates_unreadable.csv",
        "duplicate_headers.csv", "header_not_row1.xlsx", "merged_header.xlsx",
        "wrong_sheet.xlsx", "binary_junk.xlsx", "binary_junk.csv", "cp1252.csv",
        "utf8_bom.csv", "excel_serials.xlsx", "date_and_time_columns.csv", "blank_rows.csv",
        "impossible_dates.csv", "formula_like.csv", "docx_two_tables.docx", "docx_no_table.docx",
    }  # fmt: skip
    assert {p.name for p in AWKWARD.iterdir() if p.suffix != ".md"} == tested


def test_missing_date_column_lists_the_headings_and_says_to_add_or_map_one():
    with pytest.raises(LoadError, match=r"missing_date_column\.csv: no column holds the date") as error:
        load("missing_date_column.csv")
    message = str(error.value)
    assert "'Agency', 'Event', 'Details', 'Practitioner'" in message
    assert "add a date column" in message and "mapping={'date':" in message


def test_no_rows_gives_an_empty_chronology_and_says_so():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = load_with_report(AWKWARD / "no_rows.csv")
    chronology = result.chronology
    assert chronology.empty
    assert chronology.columns.tolist() == CHRONOLOGY_COLUMNS
    assert {c: str(t) for c, t in chronology.dtypes.items()} == {
        c: str(pd.Series(dtype=t).dtype) for c, t in CHRONOLOGY_DTYPES.items()
    }
    report = result.report.iloc[0]
    assert (report["rows_read"], report["entries"]) == (0, 0)
    assert "no data rows" in report["notes"]


def test_empty_file_is_a_load_error_naming_it():
    with pytest.raises(LoadError, match=r"empty\.csv: the file is empty \(0 bytes\)"):
        load("empty.csv")


def test_all_dates_unreadable_keeps_every_row_and_warns_about_the_date_column():
    with pytest.warns(DataQualityWarning) as caught:
        result = load_with_report(AWKWARD / "all_dates_unreadable.csv")
    messages = [str(w.message) for w in caught]
    assert any("no date in the file could be read" in m and "all_dates_unreadable.csv" in m
               for m in messages)
    chronology = result.chronology
    assert len(chronology) == 4
    assert chronology["date"].isna().all() and chronology["date_latest"].isna().all()
    assert sorted(chronology["date_text"]) == sorted(["unknown", "tbc", "see notes", "32/13/2015"])
    assert chronology["issues"].str.contains("not a date reviewkit can read|not a real date").all()
    assert result.report.loc[0, "date_issues"] == 4


def test_two_date_columns_are_an_error_naming_both():
    with pytest.raises(LoadError, match=r"duplicate_headers\.csv.*'Date'.*columns A and C") as error:
        load("duplicate_headers.csv")
    assert "Rename one of them" in str(error.value)


def test_header_below_title_rows_is_found():
    result = load("header_not_row1.xlsx")
    chronology = result.chronology
    assert chronology["source_row"].tolist() == [5, 6, 7, 8, 9]
    assert chronology["date"].tolist() == pd.to_datetime(
        ["2015-01-26 09:05", "2015-01-26 10:30", "2015-02-09 12:40", "2015-02-09 16:10",
         "2015-02-24 10:00"]
    ).tolist()
    assert result.report.loc[0, "header_row"] == 4
    assert chronology["date_text"].iloc[0] == "26/01/2015"


def test_merged_heading_and_merged_date_cell():
    result = load("merged_header.xlsx")
    by_row = rows(result)
    assert by_row[2]["date"] == pd.Timestamp("2015-02-09 12:40")
    assert by_row[3]["date"] == pd.Timestamp("2015-02-09 16:10")  # the merged date cell
    assert by_row[4]["date"] == pd.Timestamp("2015-02-10 11:00")
    assert by_row[5]["date"] == pd.Timestamp("2015-02-24 10:00")
    # both columns under the merged 'Event' heading are read: C the event, D the details
    assert by_row[2]["summary"] == "Incident: Mother seen to kick Child B in the playground."
    assert by_row[3]["summary"] == "Referral: DSL telephoned Children's Services."
    assert result.report.loc[0, "columns_unused"] == ""


def test_wrong_sheet_lists_the_sheets_and_the_right_one_loads():
    with pytest.raises(LoadError, match=r"wrong_sheet\.xlsx: there is no sheet called 'Chronology'") as error:
        load("wrong_sheet.xlsx", sheet="Chronology")
    assert "'Sheet1', 'Data'" in str(error.value)
    chronology = load("wrong_sheet.xlsx", sheet="Data").chronology
    assert chronology["date"].dt.strftime("%d/%m/%Y").tolist() == ["02/06/2014", "05/06/2014", "25/06/2014"]
    assert (chronology["source"] == "wrong_sheet.xlsx#Data").all()


def test_binary_xlsx_is_a_load_error_not_a_zip_traceback():
    with pytest.raises(LoadError, match=r"binary_junk\.xlsx: this is not a readable Excel workbook"):
        load("binary_junk.xlsx")


def test_binary_csv_is_a_load_error_saying_it_is_not_text():
    with pytest.raises(LoadError, match=r"binary_junk\.csv: this does not look like a CSV file"):
        load("binary_junk.csv")


def test_windows_1252_text_is_read_exactly():
    result = load("cp1252.csv")
    summaries = " ".join(result.chronology["summary"])
    for text in ("Child A’s", "£20", "Café – Father"):
        assert text in summaries
    assert "Windows-1252" in result.report.loc[0, "notes"]


def test_utf8_byte_order_mark_is_not_part_of_the_first_heading():
    result = load("utf8_bom.csv")
    assert result.report.loc[0, "columns_used"].startswith("date=Date;")
    assert result.chronology["date"].dt.strftime("%d/%m/%Y").tolist() == [
        "02/06/2014", "05/06/2014", "25/06/2014"]  # fmt: skip


def test_excel_serials_only_from_numeric_cells():
    by_row = rows(load("excel_serials.xlsx"))
    assert (by_row[2]["date"], by_row[2]["precision"]) == (pd.Timestamp("2015-02-09"), "day")
    assert (by_row[3]["date"], by_row[3]["precision"]) == (pd.Timestamp("2015-02-10"), "day")
    assert (by_row[4]["date"], by_row[4]["precision"]) == (pd.Timestamp("2015-01-01"), "year")
    assert by_row[4]["date_latest"].date() == pd.Timestamp("2015-12-31").date()
    assert pd.isna(by_row[5]["date"]) and by_row[5]["date_text"] == "42044"
    assert "'42044' is not a date" in by_row[5]["issues"]
    assert by_row[6]["date"] == by_row[6]["date_latest"] == pd.Timestamp("2015-02-09 12:00")
    assert by_row[6]["precision"] == "instant"


def test_date_and_time_columns_are_combined():
    by_row = rows(load("date_and_time_columns.csv"))
    for row, when in {2: "2015-02-09 12:40", 3: "2015-02-09 16:10", 5: "2015-02-11 09:05"}.items():
        assert by_row[row]["date"] == by_row[row]["date_latest"] == pd.Timestamp(when)
        assert by_row[row]["precision"] == "instant"
    assert by_row[4]["precision"] == "day" and by_row[4]["date"] == pd.Timestamp("2015-02-10")


def test_blank_rows_and_comma_rows_are_skipped_not_flagged():
    result = load("blank_rows.csv")
    assert result.chronology["source_row"].tolist() == [2, 4, 8]
    report = result.report.iloc[0]
    assert (report["rows_read"], report["blank_rows"], report["title_rows"]) == (3, 5, 0)
    assert not result.chronology["issues"].fillna("").str.contains("date").any()


def test_impossible_dates_are_kept_with_the_reason_and_never_swapped():
    by_row = rows(load("impossible_dates.csv"))
    assert len(by_row) == 4
    assert by_row[2]["date"] == pd.Timestamp("2015-02-08")
    assert by_row[5]["date"] == pd.Timestamp("2015-02-10")
    assert pd.isna(by_row[3]["date"]) and "2015 has no 29 February" in by_row[3]["issues"]
    assert pd.isna(by_row[4]["date"]) and "there is no month 13" in by_row[4]["issues"]


def test_formula_like_text_is_kept_as_written_and_neutralised_on_export(tmp_path):
    details = ['=HYPERLINK("http://example.invalid","click here")',
               "+44 1632 960000 rang the duty line", "-ve drug screen (Mother)",
               "@Social Worker please review"]  # fmt: skip
    chronology = load("formula_like.csv").chronology
    assert chronology["summary"].str.split(": ", n=1).str[1].tolist() == details
    # read the risky column alone, so that the cells start with the risky characters
    alone = load("formula_like.csv", mapping={"event": "Details"}).chronology
    assert alone["summary"].tolist() == details
    written = pd.read_csv(write_chronology_csv(alone, tmp_path / "out.csv"), dtype=str)
    assert written["summary"].tolist() == ["'" + d for d in details]
    assert written["date_text"].tolist() == alone["date_text"].tolist()


def test_two_word_tables_are_both_read_in_document_order():
    loaded = load("docx_two_tables.docx").chronology
    derived = is_action_entry(loaded["entry_id"])
    chronology = loaded[~derived]
    assert len(chronology) == 5
    assert chronology["source"].tolist() == ["docx_two_tables.docx#table1"] * 3 + [
        "docx_two_tables.docx#table2"] * 2  # fmt: skip
    assert chronology["source_row"].tolist() == [2, 3, 4, 2, 3]
    assert loaded["entry_id"].is_unique
    # "DSL telephoned Children's Services at 10:30" and "... the Social Worker at 11:30" are reports too
    assert loaded.loc[derived, "date"].dt.strftime("%H:%M").tolist() == ["10:30", "11:30"]


def test_word_document_without_a_table_is_a_load_error():
    with pytest.raises(LoadError, match=r"docx_no_table\.docx: this Word document has no table") as error:
        load("docx_no_table.docx")
    assert "table" in str(error.value).split("no table")[1]
