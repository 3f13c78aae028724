"""Agency files as they arrive: Unicode text exports, stray control characters, very long cells,
formulas without saved values (issue 15, "Unclear")."""

from __future__ import annotations

import datetime as dt
import warnings

import openpyxl
import pytest

import reviewkit
from reviewkit.exceptions import LoadError
from reviewkit.load.readers import read_tables

ROWS = "Date\tNotes\n03/04/2015\tSeen — Zoë’s café\n04/04/2015\tHome visit\n"


def _load(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return reviewkit.load_with_report(path, agency="GP", **kwargs)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_text_is_read_not_called_binary(tmp_path, encoding):
    path = tmp_path / "gp.txt"
    path.write_bytes(ROWS.encode(encoding))
    result = _load(path)
    assert result.chronology["summary"].tolist() == ["Seen — Zoë’s café", "Home visit"]
    assert "UTF-" in result.report.loc[0, "notes"]


def test_a_damaged_unicode_text_file_is_named(tmp_path):
    path = tmp_path / "gp.txt"
    path.write_bytes(ROWS.encode("utf-16") + b"\x00")  # an odd byte at the end
    with pytest.raises(LoadError, match=r"gp.txt: the file says it is UTF-16 text, but byte"):
        read_tables(path)


def test_control_characters_anywhere_are_removed_and_noted(tmp_path):
    path = tmp_path / "gp.csv"
    path.write_bytes(b"Date,Notes\n" + b"03/04/2015,Seen\n" * 400 + b"04/04/2015,Se\x00en\x1b again\n")
    result = _load(path)
    assert len(result.chronology) == 401  # every row an entry
    assert "Seen again" in result.chronology["summary"].tolist()
    assert "2 control character(s) removed" in result.report.loc[0, "notes"]
    assert "the first on line 402" in result.report.loc[0, "notes"]


def test_a_file_of_control_characters_beyond_the_first_4_kb_is_refused_as_binary(tmp_path):
    path = tmp_path / "gp.csv"
    path.write_bytes(b"Date,Notes\n" + b"03/04/2015,Seen\n" * 300 + bytes(range(32)) * 200)
    with pytest.raises(LoadError, match=r"gp.csv: this does not look like a CSV file: it holds 5,800 "
                                        r"control characters \(binary data\), the first on line 302"):
        read_tables(path)


def test_a_cell_longer_than_the_csv_modules_limit_is_read(tmp_path):
    long = "Mother seen at home. " * 10_000  # 210,000 characters, over csv's default 131,072
    path = tmp_path / "gp.csv"
    path.write_text(f"Date,Notes\n03/04/2015,{long}\n04/04/2015,Visit\n")
    (table,) = read_tables(path)
    assert table.rows[1][1] == long and table.rows[2] == ["04/04/2015", "Visit"]


def test_a_formula_without_a_saved_value_is_named_not_read_as_no_date(tmp_path):
    path = tmp_path / "hv.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Notes"])
    sheet.append([dt.datetime(2015, 4, 3), "Visit"])
    sheet.append(["=A2+7", "Follow-up visit"])  # openpyxl saves formulas without their values
    book.save(path)
    result = _load(path)
    follow_up = result.chronology.set_index("summary").loc["Follow-up visit"]
    assert follow_up["date_text"] == "=A2+7"
    assert "'=A2+7' is not a date" in follow_up["issues"]
    assert "1 cell(s) hold a formula with no saved value, e.g. A3 (=A2+7)" in result.report.loc[0, "notes"]


def test_a_workbook_without_formulas_has_no_such_note(tmp_path):
    path = tmp_path / "hv.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Date", "Notes"])
    book.active.append([dt.datetime(2015, 4, 3), "Visit"])
    book.save(path)
    assert "formula" not in _load(path).report.loc[0, "notes"]
