"""Tables nested in a Word table's cells are read into the cell's text and named in the notes."""

from __future__ import annotations

import warnings

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit import DataQualityWarning, load_with_report
from reviewkit.exceptions import ReviewkitError
from reviewkit.load.readers.any_file import read_tables


def _outer(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def _fill(table, rows):
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def _nest(cell, rows):
    inner = cell.add_table(rows=len(rows), cols=len(rows[0]))
    _fill(inner, rows)
    return inner


def _load(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return load_with_report(folder)


def test_nested_table_with_a_date_keeps_the_cell_text_and_is_noted(tmp_path):
    document = docx.Document()
    table = _outer(document, [["Date", "Agency", "Incident"],
                              ["9 February 2015", "School", "Kick seen in class"],
                              ["12 March 2015", "School", "Absent"]])
    _nest(table.cell(1, 2), [["Date", "Follow-up"], ["10/02/2015", "Mother told by phone"]])
    document.save(tmp_path / "school.docx")

    result = _load(tmp_path)
    chronology, report = result.chronology, result.report
    assert len(chronology) == 2  # the outer row stays one entry
    summary = chronology.loc[chronology["date_text"] == "9 February 2015", "summary"].item()
    # the summary joins a cell's lines with spaces; the brackets keep the nested rows apart
    assert summary == "Kick seen in class [Date | Follow-up; 10/02/2015 | Mother told by phone]"
    notes = report.loc[report["source"].astype(str).str.contains("school.docx"), "notes"].item()
    assert "1 table nested in a cell was read into that cell's text" in notes
    assert "row 2, column 'Incident'" in notes


def test_two_levels_deep_every_text_is_kept(tmp_path):
    document = docx.Document()
    table = _outer(document, [["Date", "Notes"], ["3 April 2015", "Home visit"]])
    middle = _nest(table.cell(1, 1), [["Seen", "Follow-up"], ["Child", "Pending"]])
    _nest(middle.cell(1, 1), [["GP", "4/4/15"], ["HV", "5/4/15"]])
    path = tmp_path / "hv.docx"
    document.save(path)

    [raw] = read_tables(path)
    cell = raw.rows[1][1]
    assert cell == "Home visit\n[Seen | Follow-up; Child | Pending [GP | 4/4/15; HV | 5/4/15]]"
    assert raw.notes == ["2 tables nested in a cell were read into that cell's text, in [ ], rows "
                         "joined with '; ' and cells with ' | ': 2 at row 2, column 'Notes' "
                         "(nested 2 deep)"]


def test_merged_outer_cell_holding_a_nested_table_is_counted_once(tmp_path):
    document = docx.Document()
    table = _outer(document, [["Date", "Event", "Notes"], ["1 May 2015", "Strategy", "meeting"],
                              ["2 May 2015", "S47", "begun"]])
    merged = table.cell(1, 1).merge(table.cell(1, 2))
    merged.text = "Strategy meeting"
    inner = _nest(merged, [["Attended", "Police", "CSC"], ["Minutes", "sent", "sent"]])
    inner.cell(1, 1).merge(inner.cell(1, 2)).text = "sent to all"
    path = tmp_path / "csc.docx"
    document.save(path)

    [raw] = read_tables(path)
    expected = "Strategy meeting\n[Attended | Police | CSC; Minutes | sent to all]"
    assert raw.rows[1][1] == raw.rows[1][2] == expected  # merged: its text in every position
    assert raw.rows[2] == ["2 May 2015", "S47", "begun"]
    assert raw.notes[0].startswith("1 table nested in a cell was read")
    assert raw.notes[0].endswith("1 at row 2, column 'Event'")


def test_table_without_nesting_has_no_note(tmp_path):
    document = docx.Document()
    _outer(document, [["Date", "Notes"], ["3 April 2015", "Seen"]])
    document.save(tmp_path / "gp.docx")
    [raw] = read_tables(tmp_path / "gp.docx")
    assert raw.notes == []
    assert raw.rows == [["Date", "Notes"], ["3 April 2015", "Seen"]]


def test_many_places_are_counted_and_the_rest_summarised(tmp_path):
    document = docx.Document()
    table = _outer(document, [["Date", "Notes"]] + [[f"{d} May 2015", "x"] for d in range(1, 8)])
    for r in range(1, 8):
        _nest(table.cell(r, 1), [[f"inner {r}"]])
    document.save(tmp_path / "many.docx")
    [raw] = read_tables(tmp_path / "many.docx")
    assert raw.notes[0].startswith("7 tables nested in a cell were read")
    assert raw.notes[0].endswith("; and 2 more cell(s)")
    assert all(f"inner {r}" in raw.rows[r][1] for r in range(1, 8))


_words = st.text(alphabet="abcdefghij 0123456789/-", min_size=1, max_size=12).filter(str.strip)


@st.composite
def _nested_documents(draw):
    """An outer table of 1-3 data rows, each cell maybe holding a small table, maybe two deep."""
    rows = draw(st.integers(1, 3))
    inner = st.lists(st.lists(_words, min_size=1, max_size=3), min_size=1, max_size=3).filter(
        lambda rs: len({len(r) for r in rs}) == 1)
    cells = {}
    for r in range(1, rows + 1):
        for c in range(2):
            if draw(st.booleans()):
                cells[(r, c)] = (draw(inner), draw(st.none() | inner))
    return rows, cells


@given(_nested_documents())
def test_random_nested_tables_lose_no_text(tmp_path_factory, drawn):
    rows, cells = drawn
    document = docx.Document()
    table = _outer(document, [["Date", "Notes"]] + [[f"{r} May 2015", f"row {r}"] for r in range(1, rows + 1)])
    for (r, c), (first, deeper) in cells.items():
        nested = _nest(table.cell(r, c), first)
        if deeper is not None:
            _nest(nested.cell(0, 0), deeper)
    folder = tmp_path_factory.mktemp("nested")
    document.save(folder / "random.docx")
    try:
        result = _load(folder)
    except ReviewkitError:  # the only documented errors
        return
    chronology = result.chronology
    assert len(chronology) == rows  # each outer row stays one entry
    for (r, c), (first, deeper) in cells.items():
        [entry] = chronology[chronology["summary"].str.startswith(f"row {r}")].itertuples()
        loaded = " ".join(f"{entry.date_text} {entry.summary}".split())
        for word in [" ".join(w.split()) for row in first + (deeper or []) for w in row]:
            assert word in loaded
    notes = result.report["notes"].astype(str).str.cat(sep="; ")
    total = len(cells) + sum(deeper is not None for _, deeper in cells.values())
    if total == 1:
        assert "1 table nested in a cell was read" in notes
    elif total:
        assert f"{total} tables nested in a cell were read" in notes
    else:
        assert "nested" not in notes


@pytest.mark.parametrize("depth", [1, 3])
def test_deep_nesting_is_read(tmp_path, depth):
    document = docx.Document()
    table = _outer(document, [["Date", "Notes"], ["3 April 2015", "top"]])
    cell = table.cell(1, 1)
    for level in range(depth):
        cell = _nest(cell, [[f"level {level}"]]).cell(0, 0)
    document.save(tmp_path / "deep.docx")
    [raw] = read_tables(tmp_path / "deep.docx")
    assert all(f"level {level}" in raw.rows[1][1] for level in range(depth))
    assert raw.notes[0].endswith(f"(nested {depth} deep)" if depth > 1 else "column 'Notes'")
