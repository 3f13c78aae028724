"""Column recognition and header-row detection."""

from __future__ import annotations

import pytest

from reviewkit.exceptions import LoadError
from reviewkit.load.headings import (
    column_index,
    column_letter,
    find_header_row,
    heading_key,
    match_columns,
)


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Date", "date"),
        ("DATE OF CONTACT", "date"),
        ("Contact date", "date"),
        ("Date/Time", "date"),
        ("Occurrence date", "date"),
        ("Agency", "agency"),
        ("Organisation", "agency"),
        ("Source of information", "agency"),
        ("Event", "event"),
        ("Contact type", "event"),
        ("Incident", "event"),
        ("Details", "details"),
        ("Notes", "details"),
        ("Summary", "details"),
        ("Description", "details"),
        ("Outcome", "outcome"),
        ("Action taken", "outcome"),
        ("Outcome / Action taken (or why none)", "outcome"),
        ("Action taken / reason if none", "outcome"),  # a column once dropped without a word
        ("Reason for no action", "outcome"),
        ("Practitioner", "practitioner"),
        ("Staff member", "practitioner"),
        ("Time", "time"),
        ("End date", "end"),
        ("Attendees", "attendees"),
    ],
)
def test_real_headings_are_recognised(heading, role):
    match = match_columns(["Something else", heading])
    assert match.roles == {role: 1}
    assert match.unused == (0,)


def test_reported_date_is_kept_beside_occurrence_date():
    assert match_columns(["Occurrence date", "Reported date"]).roles == {"date": 0, "reported": 1}


def test_reported_date_alone_is_the_date():
    assert match_columns(["Reported date", "Summary"]).roles == {"date": 0, "details": 1}


def test_mapping_overrides_recognition_by_heading_or_column_letter():
    match = match_columns(["When", "What", "Date"], mapping={"date": "When", "details": "column B"})
    assert match.roles == {"date": 0, "details": 1}
    assert match.unused == (2,)


def test_mapping_to_a_missing_heading_lists_the_columns():
    with pytest.raises(LoadError, match=r"no such column\. The columns are: 'When', 'What'"):
        match_columns(["When", "What"], mapping={"date": "Date of event"}, where="gp.csv")


def test_mapping_to_an_unknown_role_lists_the_roles():
    with pytest.raises(LoadError, match=r"role 'when'.*Valid roles are: date, time"):
        match_columns(["When"], mapping={"when": "When"})


def test_duplicate_headings_name_both_columns_and_the_fix():
    with pytest.raises(LoadError, match=r"two columns are headed 'Date' \(columns A and C\).*column A"):
        match_columns(["Date", "Notes", "Date"], where="x.csv")


def test_header_row_below_title_rows_is_found():
    rows = [["Northshire Council"], ["Chronology for review"], [None], ["Date", "Event", "Notes"]]
    assert find_header_row(rows) == 3


def test_no_date_column_lists_the_columns_seen_and_shows_mapping():
    rows = [["When", "Event", "Notes"], ["3/4/15", "Visit", "ok"]]
    with pytest.raises(LoadError) as error:
        find_header_row(rows, where="gp.csv")
    message = str(error.value)
    assert "no column holds the date" in message
    assert "'When', 'Event', 'Notes'" in message
    assert "mapping={'date': 'When'}" in message


def test_a_table_with_no_recognisable_heading_says_what_it_saw():
    with pytest.raises(LoadError, match=r"could not find a header row.*'foo', 'bar'"):
        find_header_row([[None], ["foo", "bar"]], where="x.csv")


def test_mapping_makes_an_unusual_header_row_findable():
    rows = [["Title"], ["When", "What happened"], ["3/4/15", "x"]]
    assert find_header_row(rows, mapping={"date": "When", "details": "What happened"}) == 1


@pytest.mark.parametrize("index", [0, 1, 25, 26, 51, 52, 701, 702])
def test_column_letters_round_trip(index):
    assert column_index(column_letter(index)) == index


def test_heading_key_ignores_case_punctuation_and_spacing():
    assert heading_key("Date / Time") == heading_key("date-time") == "date time"
    assert heading_key(None) == ""
