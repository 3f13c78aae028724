"""Errors reading a large extract name the right row, as a spreadsheet numbers it (issue 15)."""

from __future__ import annotations

import warnings

import pytest

from reviewkit.exceptions import LoadError
from reviewkit.load.extract import read_extract
from reviewkit.scale.extract_check import detect_extract

OWN = "Family ID,Date,Agency,Notes\n"
CHRONOLOGY = "case_id,entry_id,date,date_latest,sequence\n"


def _read(tmp_path, text, how=read_extract):
    path = tmp_path / "extract.csv"
    path.write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if how is detect_extract:
            return detect_extract(path, workers=1, progress=False)
        return read_extract(path, progress=False)


@pytest.mark.parametrize("how", [read_extract, detect_extract])
@pytest.mark.parametrize(("text", "expected"), [
    (OWN + "F1,03/04/2015,GP,a\n\nF1,04/04/2015,GP,b,extra\n",
     r"extract\.csv: row 4 has 5 values, but the file has 4 headings \('Family ID', 'Date', 'Agency', "
     r"'Notes'\)\. Put quotes around a value that holds a comma"),
    (OWN + "F1,03/04/2015,GP,a\nF1,04/04/2015\n",
     r"extract\.csv: row 3 has 2 values, but the file has 4 headings .*Each row needs a value"),
    (OWN + 'F1,03/04/2015,GP,"Mother said no\nF1,04/04/2015,GP,Home visit\nF1,05/04/2015,GP,Call\n',
     r"extract\.csv: row 2, column 'Notes': a double quote \(\"\) opens this value and is not closed "
     r"where it should end, so the rows below it \(from 'F1,04/04/2015,GP,Home visit'\)"),
    (OWN + 'F1,03/04/2015,GP,"a\nb"\n,04/04/2015,GP,b\n',
     r"extract\.csv: row 3 has no case id in the column 'Family ID'"),
    (CHRONOLOGY + "c,c/1,2015-01-01,2015-01-01,1\n\nc,c/2,2015-01-01,2015-01-01,x\n",
     r"extract\.csv: row 4, column 'sequence': 'x' is not a whole number\. Types of the chronology's columns"),
    (CHRONOLOGY + "c,c/1,2015-01-01,2015-01-01,1\nc,c/2,soon,2015-01-01,1\n",
     r"extract\.csv: row 3, column 'date': 'soon' is not a date and time"),
    (CHRONOLOGY + "c,c/1,2015-01-01,2015-01-01,1\nc,c/2,2015-01-01,2015-01-01,1,9\n",
     r"extract\.csv: row 3 has 6 values, but the file has 5 headings"),
])
def test_an_extract_error_names_the_row(tmp_path, text, expected, how):
    with pytest.raises(LoadError, match=expected):
        _read(tmp_path, text, how)


def test_a_chronology_column_problem_after_a_blank_line_names_the_row_a_spreadsheet_shows(tmp_path):
    with pytest.raises(LoadError, match=r"row 4, column 'case_id': is empty"):
        _read(tmp_path, CHRONOLOGY + "c,c/1,2015-01-01,2015-01-01,1\n\n,c/2,2015-01-01,2015-01-01,1\n")


def test_quoted_line_breaks_in_an_extract_still_read(tmp_path):
    text = OWN + 'F1,03/04/2015,GP,"Seen at the gate.\nMother said ""fine"", 3 mins."\nF1,04/04/2015,GP,Visit\n'
    assert len(_read(tmp_path, text)) == 2


def test_detect_extract_names_a_repeated_id_after_a_blank_line_by_the_row_a_spreadsheet_shows(tmp_path):
    text = CHRONOLOGY + "c,c/1,2015-01-01,2015-01-01,1\n\nc,c/1,2015-01-01,2015-01-01,1\n"
    with pytest.raises(LoadError, match=r"'c/1' \(row 2, row 4\)"):
        _read(tmp_path, text, detect_extract)
