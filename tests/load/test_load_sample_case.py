"""The sample case Child D loads completely: every row of every file, traced, dated and sorted.

The expected numbers come from ``sample_data/child_d/README.md``; the row counts of the files
are computed here from the files themselves (csv, openpyxl, python-docx), not from the report.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from reviewkit import DataQualityWarning, read_chronology
from reviewkit.interpret.actions import is_action_entry

SAMPLE_CASE = Path(__file__).resolve().parents[2] / "sample_data" / "child_d"

#: Data rows per file, from the README's table of files.
README_ROWS = {
    "childrens_services.xlsx#Chronology": 92,
    "police.csv": 21,
    "school.docx": 23,
    "health_visiting.xlsx#HV chronology": 30,
    "gp.csv": 23,
    "midwifery.csv": 17,
    "probation.xlsx#Supervision log": 24,
    "hospital.csv": 8,
    "gcp2_neglect.csv": 24,
}


def _file_rows(source: str) -> list[list[object]]:
    """The rows of one table of the sample case, read independently of reviewkit."""
    name, _, sheet = source.partition("#")
    path = SAMPLE_CASE / name
    if name.endswith(".csv"):
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    if name.endswith(".xlsx"):
        worksheet = openpyxl.load_workbook(path, data_only=True)[sheet]
        rows = [list(r) for r in worksheet.iter_rows(values_only=True)]
        while rows and all(c is None or str(c).strip() == "" for c in rows[-1]):
            rows.pop()
        return rows
    (table,) = docx.Document(str(path)).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def _blank(row: list[object]) -> bool:
    return all(c is None or str(c).strip() == "" for c in row)


def test_every_row_of_the_readme_is_read(sample_result):
    report = sample_result.report.set_index("source")
    assert report["rows_read"].to_dict() == README_ROWS
    assert int(report["rows_read"].sum()) == 262
    assert len(sample_result.chronology) == 334 + len(ACTIONS)
    assert report.loc["gcp2_neglect.csv", "entries"] == 96
    assert report.loc["health_visiting.xlsx#HV chronology", "blank_rows"] == 6
    assert report.loc["childrens_services.xlsx#Chronology", "header_row"] == 4
    other = report.drop(index=["gcp2_neglect.csv"])
    added = pd.Series([source for source, _, _, _ in ACTIONS]).value_counts()
    assert (other["entries"] == other["rows_read"] + added.reindex(other.index, fill_value=0)).all()


#: The reports that action-taken texts of the sample case say were made: (source, row, type, when).
#: school.docx row 15 ("DSL telephoned Children's Services to report the incident", 16:10) is
#: itself the referral, read from its own event text, so its outcome adds no entry.
ACTIONS = [
    ("school.docx", 11, "referral", "2015-01-26 10:30"),
    ("hospital.csv", 3, "police_report", "2015-01-27 14:00"),
    ("hospital.csv", 3, "referral", "2015-01-27 14:00"),
    ("school.docx", 19, "referral", "2015-03-25 11:30"),
    ("midwifery.csv", 12, "referral", "2015-09-24"),
    ("school.docx", 22, "referral", "2016-03-04 10:15"),
    ("probation.xlsx#Supervision log", 20, "referral", "2016-08-10 15:20"),
    ("probation.xlsx#Supervision log", 20, "police_report", "2016-08-10 15:35"),
    ("childrens_services.xlsx#Chronology", 82, "police_report", "2016-08-10 15:20"),
]


def test_a_row_that_is_itself_the_referral_adds_no_action_entry(sample_chronology):
    row = sample_chronology[(sample_chronology["source"] == "school.docx")
                            & (sample_chronology["source_row"] == 15)]
    assert row["event_type"].tolist() == ["referral"]
    assert row["date"].tolist() == [pd.Timestamp("2015-02-09 16:10")]


def test_reports_in_action_taken_text_are_entries_linked_to_their_row(sample_chronology):
    added = sample_chronology[is_action_entry(sample_chronology["entry_id"])]
    found = sorted(zip(added["source"], added["source_row"], added["event_type"], added["date"]))
    assert found == sorted((s, r, t, pd.Timestamp(d)) for s, r, t, d in ACTIONS)
    rows = sample_chronology.set_index("entry_id")
    for _, action in added.iterrows():
        row = rows.loc[action["responds_to"]]
        assert (row["source"], row["source_row"]) == (action["source"], action["source_row"])
        assert row["duplicate_group"] == action["duplicate_group"]  # never a separate concern


@pytest.mark.parametrize("source", sorted(README_ROWS))
def test_report_accounts_for_every_row_of_the_table(sample_result, source):
    row = sample_result.report.set_index("source").loc[source]
    rows = _file_rows(source)
    assert row["title_rows"] + 1 + row["blank_rows"] + row["rows_read"] == len(rows)
    below_header = rows[int(row["title_rows"]) + 1 :]
    assert sum(not _blank(r) for r in below_header) == row["rows_read"]


def test_every_entry_points_at_a_non_blank_row_of_its_file(sample_chronology):
    for source, group in sample_chronology.groupby("source"):
        rows = _file_rows(source)
        for number in group["source_row"].unique():
            assert 1 <= number <= len(rows), (source, number)
            assert not _blank(rows[number - 1]), (source, number)
    csc = sample_chronology[sample_chronology["source"] == "childrens_services.xlsx#Chronology"]
    assert csc["source_row"].min() == 5  # the header is on row 4


def test_entry_ids_are_unique_and_the_same_on_every_load(sample_chronology):
    assert sample_chronology["entry_id"].is_unique
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        again = read_chronology(SAMPLE_CASE)
    assert again["entry_id"].tolist() == sample_chronology["entry_id"].tolist()
    assert again["duplicate_group"].fillna("").tolist() == (
        sample_chronology["duplicate_group"].fillna("").tolist()
    )
    at = sample_chronology.set_index(["source", "source_row"])["entry_id"]
    assert at.loc[("school.docx", 13)] == "child_d/school.docx:9-february-2015-64191036"
    assert sorted(at.loc[("gcp2_neglect.csv", 2)]) == [
        f"child_d/gcp2_neglect.csv:2014-06-12-15cd77a7/{area}"
        for area in ("esteem", "love", "physical-care", "safety")]


def test_sorted_by_date_then_sequence(sample_chronology):
    dated = sample_chronology[sample_chronology["date"].notna()]
    keys = list(zip(dated["date"], dated["sequence"].fillna(-1)))
    assert keys == sorted(keys)
    assert sample_chronology["date"].notna().all()


def _entry(chronology: pd.DataFrame, source: str, row: int) -> pd.Series:
    found = chronology[(chronology["source"] == source) & (chronology["source_row"] == row)
                       & ~is_action_entry(chronology["entry_id"])]
    assert len(found) == 1, (source, row)
    return found.iloc[0]


def test_the_kick_at_1240_and_the_referral_at_1610(sample_chronology):
    kick = _entry(sample_chronology, "school.docx", 13)
    assert kick["date"] == pd.Timestamp("2015-02-09 12:40")
    assert kick["date_latest"] == kick["date"] and kick["precision"] == "instant"
    assert "kick" in kick["summary"]
    referral = _entry(sample_chronology, "school.docx", 15)
    assert referral["date"] == pd.Timestamp("2015-02-09 16:10")
    assert referral["precision"] == "instant"
    assert referral["agency"] == "School"


def test_police_keep_the_reported_date_beside_the_occurrence(sample_chronology):
    police = sample_chronology[sample_chronology["source"] == "police.csv"]
    assert police["reported"].notna().all()
    scratch = _entry(sample_chronology, "police.csv", 7)
    assert scratch["date"] == pd.Timestamp("2015-01-25")
    assert scratch["reported"] == pd.Timestamp("2015-01-26 14:00")
    summer = _entry(sample_chronology, "police.csv", 18)
    assert summer["precision"] == "season"
    assert summer["reported"] == pd.Timestamp("2016-08-10 15:35")
    assert "Children’s Services" in scratch["summary"]  # Windows-1252 read right


def test_the_older_childrens_protection_plans_have_ends(sample_chronology):
    plans = sample_chronology[
        (sample_chronology["event_type"] == "cp_plan_start")
        & (sample_chronology["agency"] == "Children's Services")
    ]
    ends = {row.subject: row.end for row in plans.itertuples() if row.subject}
    assert ends["Child A"] == pd.Timestamp("2016-11-22")
    assert ends["Child B"] == pd.Timestamp("2016-11-22")
    assert ends["Child C"] == pd.Timestamp("2015-12-01")


def test_the_police_investigation_is_paired_into_an_interval(sample_chronology):
    opened = _entry(sample_chronology, "police.csv", 7)
    assert opened["end"] == pd.Timestamp("2015-04-14")


VAGUE = {
    ("school.docx", 2): ("Summer term 2014", "term"),
    ("health_visiting.xlsx#HV chronology", 7): ("Autumn 2014", "season"),
    ("childrens_services.xlsx#Chronology", 29): ("early 2015", "part_of_year"),
    ("school.docx", 10): ("w/c 12/01/2015", "week"),
    ("childrens_services.xlsx#Chronology", 41): ("end of March 2015", "part_of_month"),
    ("gp.csv", 14): ("Q2 2015", "quarter"),
    ("health_visiting.xlsx#HV chronology", 16): ("c. June 2015", "approx_month"),
    ("health_visiting.xlsx#HV chronology", 34): ("?22/05/2016", "uncertain_day"),
    ("police.csv", 18): ("Summer 2016", "season"),
}


def test_vague_dates_keep_their_precision_and_their_text(sample_chronology):
    for (source, row), (text, precision) in VAGUE.items():
        entry = _entry(sample_chronology, source, row)
        assert (entry["date_text"], entry["precision"]) == (text, precision)
        assert entry["date_latest"] > entry["date"]
    end_of_march = _entry(sample_chronology, "childrens_services.xlsx#Chronology", 41)
    assert end_of_march["date"] == pd.Timestamp("2015-03-21")
    assert end_of_march["date_latest"].date() == pd.Timestamp("2015-03-31").date()
    texts = sample_chronology["date_text"].dropna()
    assert not texts.str.contains("T00:00").any()  # Excel dates are written as dates


def test_excel_date_cells_read_as_written_dates(sample_chronology):
    probation = _entry(sample_chronology, "probation.xlsx#Supervision log", 20)
    assert probation["date"] == pd.Timestamp("2016-08-10 14:45")
    assert probation["date_text"] == "10/08/2016 14:45"


#: README duplicate groups the loader finds in full (see test_duplicates.py for the rule).
README_GROUPS = {
    "D1": [("childrens_services.xlsx#Chronology", 5), ("school.docx", 4),
           ("health_visiting.xlsx#HV chronology", 2)],
    "D3": [("childrens_services.xlsx#Chronology", 34), ("school.docx", 13), ("school.docx", 15)],
    "D7": [("childrens_services.xlsx#Chronology", 78), ("health_visiting.xlsx#HV chronology", 36),
           ("gp.csv", 22), ("hospital.csv", 4)],
    "D9": [("childrens_services.xlsx#Chronology", 83), ("police.csv", 19),
           ("probation.xlsx#Supervision log", 21)],
    "D10": [("childrens_services.xlsx#Chronology", 6), ("police.csv", 3)],
}


@pytest.mark.parametrize("group", sorted(README_GROUPS))
def test_readme_duplicate_groups_are_found(sample_chronology, group):
    groups = {_entry(sample_chronology, s, r)["duplicate_group"] for s, r in README_GROUPS[group]}
    assert len(groups) == 1 and pd.notna(groups.pop())


def test_separate_fractures_are_not_one_incident(sample_chronology):
    wrist = _entry(sample_chronology, "hospital.csv", 4)["duplicate_group"]
    femur_referral = _entry(sample_chronology, "childrens_services.xlsx#Chronology", 82)
    strategy = _entry(sample_chronology, "childrens_services.xlsx#Chronology", 83)
    assert wrist != femur_referral["duplicate_group"]
    assert femur_referral["duplicate_group"] != strategy["duplicate_group"]
    assert _entry(sample_chronology, "police.csv", 18)["duplicate_group"] == (
        femur_referral["duplicate_group"]
    )


def test_duplicates_are_grouped_never_dropped(sample_chronology):
    grouped = sample_chronology[sample_chronology["duplicate_group"].notna()]
    assert grouped.groupby("duplicate_group").size().min() >= 2
    assert len(sample_chronology) == 334 + len(ACTIONS)
