"""A stray double quote in a CSV must never merge rows silently: the file is refused, naming where."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewkit
from reviewkit.exceptions import LoadError
from reviewkit.load.readers import read_tables
from reviewkit.load.readers.csv_reader import CONTROL_CHARACTERS, decode_text

SAMPLE_POLICE = Path(__file__).resolve().parents[2] / "sample_data" / "child_d" / "police.csv"


def test_the_sample_police_file_with_one_stray_quote_is_refused_not_shortened(tmp_path):
    text, encoding = decode_text(SAMPLE_POLICE.read_bytes(), "police.csv")
    lines = text.splitlines(keepends=True)
    cells = lines[3].split(",")
    column = next(k for k, cell in enumerate(cells) if k > 0 and cell[:1].isalpha())
    cells[column] = '"' + cells[column]  # a quote typed at the start of a note, never closed
    lines[3] = ",".join(cells)
    path = tmp_path / "police.csv"
    path.write_text("".join(lines), encoding=encoding)
    heading = next(csv.reader(io.StringIO(lines[0])))[column]
    with pytest.raises(LoadError, match=rf"police\.csv: line 4, column {re.escape(repr(heading))}: "
                                        r"a double quote .* from line 5 "):
        reviewkit.read_chronology(path, agency="Police")


def test_a_cell_with_line_breaks_and_quotes_still_loads(tmp_path):
    path = tmp_path / "school.csv"
    path.write_text('Date,Notes,Outcome\n01/02/2015,"Seen at the gate.\nMother said ""fine"", 3 mins.",None\n'
                    "02/02/2015,Visit,None\n", encoding="utf-8")
    (table,) = read_tables(path)
    assert len(table.rows) == 3 and table.rows[1][1].startswith("Seen at the gate.\n")


#: Cell text: anything but the other delimiters (guessing the delimiter is tested elsewhere).
_CELL = st.text(st.characters(codec="utf-8", exclude_characters="\r\x00;\t|"), max_size=30)


@given(st.lists(st.tuples(st.dates().map(lambda d: d.strftime("%d/%m/%Y")), _CELL, _CELL),
                min_size=1, max_size=8))
def test_any_properly_quoted_table_reads_back_whole(tmp_path_factory, rows):
    """No false alarm: whatever a spreadsheet program writes, with quotes and line breaks in
    cells, reads back as the same rows."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([("Date", "Notes", "Outcome"), *rows])
    path = tmp_path_factory.mktemp("csv") / "agency.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    controls = len(CONTROL_CHARACTERS.findall(buffer.getvalue()))
    if controls > max(16, len(buffer.getvalue()) // 10):  # more like binary data than text
        with pytest.raises(LoadError, match="control characters"):
            read_tables(path)
        return
    (table,) = read_tables(path)
    # control characters (which no spreadsheet cell holds) are removed, and the table notes it
    rows = [[CONTROL_CHARACTERS.sub("", cell) for cell in row] for row in [("Date", "Notes", "Outcome"), *rows]]
    expected = [[cell if cell.strip() else None for cell in row] for row in rows]
    assert table.rows == expected
    assert any("control character" in note for note in table.notes) == bool(controls)


def test_a_stray_quote_before_a_line_longer_than_the_csv_field_limit_is_named(tmp_path):
    """The swallowed-rows check re-reads long lines inside a cell: it must do so under the
    raised field limit (it raised the csv module's bare '_csv.Error: field larger than field
    limit')."""
    long_line = "a," * 100 + "b" * (csv.field_size_limit() + 10)
    path = tmp_path / "agency.csv"
    path.write_text(f'Date,Notes\n03/04/2015,"{long_line}\n03/05/2015,x"\n04/04/2015,y\n',
                    encoding="utf-8")
    with pytest.raises(LoadError, match=r"agency\.csv: line 2, column 'Notes'"):
        read_tables(path)
