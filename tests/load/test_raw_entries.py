"""From raw table to raw entries: header, blank rows, wide indicator tables, accounting."""

from __future__ import annotations

import pytest

from reviewkit.exceptions import LoadError
from reviewkit.load.raw_entries import table_entries
from reviewkit.load.readers.raw_table import RawTable


def _table(rows, source="x.csv"):
    return RawTable(source, rows, list(range(1, len(rows) + 1)))


def test_every_row_is_accounted_for():
    rows = [
        ["Northshire Council", None],
        [None, None],
        ["Date", "Notes"],
        ["3/4/15", "a"],
        [None, "  "],
        ["", None],
        [None, "undated note"],
        ["5/4/15", "b"],
    ]
    raw, account = table_entries(_table(rows))
    assert account.title_rows + 1 + account.blank_rows + account.data_rows == len(rows)
    assert (account.header_row, account.title_rows, account.blank_rows, account.data_rows) == (3, 2, 2, 3)
    assert raw["source_row"].tolist() == [4, 7, 8]
    assert raw["details"].tolist() == ["a", "undated note", "b"]
    assert raw["file_order"].tolist() == [1, 2, 3]


def test_short_rows_are_padded_and_unused_columns_reported():
    raw, account = table_entries(_table([["Date", "Notes", "Ref"], ["3/4/15"]]))
    assert raw.loc[0, "details"] is None
    assert account.unused_columns == ["Ref"]
    assert account.columns == {"date": "Date", "details": "Notes"}


def test_values_beyond_the_last_heading_are_an_error_naming_row_and_column():
    with pytest.raises(LoadError, match=r"x.csv: row 3 has values to the right of the last heading \(column C"):
        table_entries(_table([["Date", "Notes"], ["3/4/15", "a"], ["4/4/15", "b", "stray"]]))


def test_header_only_table_gives_no_entries():
    raw, account = table_entries(_table([["Date", "Notes"]]))
    assert raw.empty and account.data_rows == 0 and account.entries == 0


def test_wide_indicator_rows_become_one_entry_per_area():
    rows = [
        ["Assessment date", "Child", "Physical care", "Safety", "Love", "Esteem"],
        ["01/09/2014", "Child A", 4, 4, 3, 3],
        ["01/12/2014", "Child A", 4, 4, 3, None],
    ]
    raw, account = table_entries(
        _table(rows, "gcp2.csv"),
        mapping={"subject": "Child"},
        indicators=["Physical care", "Safety", "Love", "Esteem"],
    )
    assert account.data_rows == 2 and account.entries == 8
    assert raw["indicator"].tolist()[:4] == ["Physical care", "Safety", "Love", "Esteem"]
    assert raw["score"].tolist()[4:] == [4, 4, 3, None]
    assert raw["entry_key"].tolist()[:2] == ["01-09-2014-91936d09/physical-care", "01-09-2014-91936d09/safety"]
    assert raw["source_row"].tolist()[:2] == [2, 2]
    assert "wide indicator table: 2 rows became 8 entries" in account.notes[-1]


def test_missing_indicator_column_is_named():
    with pytest.raises(LoadError, match=r"indicator column\(s\) 'Stimulation' are not in the header"):
        table_entries(_table([["Date", "Safety"], ["1/1/15", 3]]), indicators=["Stimulation"])


def test_heading_merged_across_two_columns_is_numbered_not_duplicated():
    rows = [["Date", "Date", "Notes"], ["3/4/15", "12:40", "a"]]
    raw, account = table_entries(_table(rows), mapping={"time": "Date (2)"})
    assert raw.loc[0, "time"] == "12:40"
