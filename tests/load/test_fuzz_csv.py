"""Fuzzing agency CSV files: whatever the bytes, loading either gives an entry for every data row
or says why not with a documented error (issue 15). Uses the ci/dev hypothesis profiles."""

from __future__ import annotations

import csv
import io
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reviewkit
from reviewkit.exceptions import ReviewkitError

#: Text a cell may hold: quotes, delimiters, line breaks, control characters, accents, emoji.
_CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=25) | st.sampled_from(
    ['"', '""', 'Mother said "no', "a,b", "a;b", "line\nbreak", "\x00", "\x1b[0m", "=SUM(A1)", "Zoë’s café",
     "-ve", "\t", "\r\n", "x" * 2_000])
_DATE = st.sampled_from(["03/04/2015", "2015-04-03", "April 2015", "sometime", "", "29/02/2015", "=A1+7"])
_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"])


def _load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return reviewkit.load_with_report(path, agency="GP")


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_DATE, _CELL, _CELL), min_size=1, max_size=6), encoding=_ENCODINGS)
def test_a_written_table_loads_every_row_or_says_why(tmp_path, rows, encoding):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([("Date", "Notes", "Outcome"), *rows])
    path = tmp_path / "gp.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    try:
        result = _load(path)
    except ReviewkitError:
        return  # a documented refusal (a stray quote, binary data...), with its message
    (account,) = result.report.itertuples()
    records = len(list(csv.reader(io.StringIO(path.read_bytes().decode(
        encoding, errors="replace").removeprefix("\ufeff"), newline=""))))
    # every record is a title row, the header, a blank row or a row read; every row read an entry
    assert account.title_rows + 1 + account.blank_rows + account.rows_read <= records
    assert len(result.chronology) == account.entries >= account.rows_read
    assert account.entries - account.action_entries == account.rows_read


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), at=st.integers(0, 400))
def test_damaged_bytes_load_or_raise_a_documented_error(tmp_path, data, at):
    text = b"Date,Notes,Outcome\r\n03/04/2015,Seen at home,None\r\n04/04/2015,\"Phone call\",None\r\n"
    path = tmp_path / "gp.csv"
    path.write_bytes(text[:at] + data + text[at:])
    try:
        result = _load(path)
    except ReviewkitError:
        return
    assert len(result.chronology) == int(result.report["entries"].sum())
