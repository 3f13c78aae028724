"""anonymise and the leak check: planted names never reach a published file, in any format."""

from __future__ import annotations

import re

import docx
import openpyxl
import pandas as pd
import pytest

import reviewkit
from reviewkit import PublicationError, anonymise, export_chronology, export_report
from reviewkit.publish.coarsen import coarsen_text, finer_dates_in
from reviewkit.publish.publication import check_publishable

#: One of each kind of name a review must hide, and its replacement.
NAMES = {
    "Kayleigh Marsh": "Mother",          # a person
    "Kayz": "Mother",                    # a nickname
    "K.M.": "Mother",                    # initials
    "St Aldhelm's Primary": "the school",  # a school
    "Pendleford": "the town",            # a place
    "Nurse Okafor": "the health visitor",  # a practitioner
}
PLANTED = list(NAMES)
TEXT_COLUMNS = ["date_text", "agency_raw", "subject", "summary", "outcome", "practitioner",
                "attendees", "indicator", "issues", "source", "entry_id", "responds_to", "duplicate_group"]


@pytest.fixture(scope="module")
def planted(sample_result):
    """The sample case with every planted name in every text column (and in a file name)."""
    chron = sample_result.chronology.copy()
    for i, column in enumerate(TEXT_COLUMNS):
        name = PLANTED[i % len(PLANTED)]
        text = chron[column].astype("string").fillna("")
        if column == "date_text":
            chron[column] = text + " (per " + name + ")"
        elif column in ("source", "entry_id"):
            chron[column] = text.str.replace("police", "pendleford_police", regex=False)
        else:
            chron[column] = text + " " + " and ".join(PLANTED)
    chron["summary"] = chron["summary"] + " Seen by kayz on 9th Feb 2015 and 09/02/2015."
    return chron


@pytest.fixture(scope="module")
def anon(planted):
    findings = reviewkit.detect(planted)
    return anonymise(planted, names=NAMES, coarsen="season", findings=findings)


def _leaks(text: str) -> list[str]:
    found = [n for n in PLANTED if re.search(re.escape(n), text, re.IGNORECASE)]
    found += [n for n in ("Kayleigh", "Okafor", "Aldhelm") if n.lower() in text.lower()]
    return found + finer_dates_in(text, "season")


def test_names_are_replaced_in_every_text_column(anon, planted):
    for column in TEXT_COLUMNS:
        text = " ".join(anon.chronology[column].dropna().astype(str))
        assert not _leaks(text), column
    assert anon.chronology["summary"].str.contains("Mother and Mother").all()
    assert anon.chronology["entry_id"].is_unique
    assert anon.chronology["source"].str.contains("the town_police").any()


def test_findings_are_anonymised_the_same_way(anon):
    ids = set(anon.chronology["entry_id"])
    assert {e for entries in anon.findings["entries"] for e in entries} <= ids
    assert not _leaks(" ".join(anon.findings["summary"].astype(str)))
    assert (anon.findings["start"].dt.day == 1).all()


def test_dates_are_coarsened_in_columns_and_text_and_order_is_kept(anon, planted):
    chron = anon.chronology
    assert set(chron["precision"].dropna().astype(str)) <= {"season", "range"}
    assert chron["summary"].str.contains("Seen by Mother in Winter 2014/15 and Winter 2014/15.").all()
    assert (chron["date"].dropna().dt.month.isin([3, 6, 9, 12])).all()
    resorted = chron.sort_values(["date", "sequence"], kind="stable", na_position="last")
    original = planted.sort_values(["date", "sequence"], kind="stable", na_position="last")
    assert resorted.index.tolist() == original.index.tolist()


@pytest.mark.parametrize("level, expected", [
    ("month", "Seen February 2015, February 2015 and February 2015."),
    ("season", "Seen Winter 2014/15, Winter 2014/15 and Winter 2014/15."),
    ("year", "Seen 2015, 2015 and 2015."),
])
def test_dates_written_in_text(level, expected):
    assert coarsen_text("Seen 09/02/2015, 9 February 2015 and 9th Feb 2015.", level) == expected


def test_regular_expression_keys_and_toml_files(tmp_path, sample_chronology):
    names = tmp_path / "names.toml"
    names.write_text('[names]\n"re:PC \\\\d+" = "a police officer"\n"Anytown" = "the town"\n')
    out = anonymise(sample_chronology, names=names)
    text = " ".join(out.chronology["practitioner"].dropna())
    assert "PC 1187" not in text and "a police officer" in text
    assert not out.chronology["summary"].str.contains("Anytown", case=False).any()


def test_suspects_list_unlisted_names(sample_chronology):
    out = anonymise(sample_chronology, names={"Anytown": "the town"})
    words = set(out.suspects["word"])
    assert {"Brookfield", "Millbrook", "Northshire"} <= words
    assert not words & {"Mother", "Police", "Anytown", "February"}
    assert out.suspects.columns.tolist() == ["word", "count", "columns", "example"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "docx"])
def test_every_export_format_is_clean(tmp_path, anon, suffix):
    path = export_chronology(anon, tmp_path / f"published.{suffix}")
    assert not _leaks(_file_text(path))


def test_the_html_report_is_clean(tmp_path, anon, sample_result):
    path = export_report(anon, None, tmp_path / "published.html", load_report=sample_result.report)
    text = path.read_text(encoding="utf-8")
    body = text[text.index("<body"):]
    assert not [n for n in PLANTED if n.lower() in body.lower()]
    assert "Winter 2014/15" in body


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "docx", "html"])
def test_a_leak_is_refused_and_nothing_is_written(tmp_path, anon, suffix):
    leaky = anon.chronology.copy()
    leaky.loc[leaky.index[7], "summary"] = "Kayleigh  MARSH informed"
    path = tmp_path / f"leak.{suffix}"
    with pytest.raises(PublicationError, match="'Kayleigh  MARSH'") as error:
        if suffix == "html":
            export_report(leaky, None, path, anonymised=anon)
        else:
            export_chronology(leaky, path, anonymised=anon)
    assert not path.exists()
    assert ("row 8" in str(error.value)) if suffix != "html" else ("Timeline" in str(error.value))


def test_an_exact_date_is_refused(anon):
    frame = pd.DataFrame({"summary": ["Seen in Winter 2014/15", "seen 3rd March 2015"]})
    with pytest.raises(PublicationError, match=r"column 'summary', row 2: the exact date '3rd March 2015'"):
        check_publishable(frame, anon)


def _file_text(path) -> str:
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    if path.suffix == ".docx":
        return " ".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("level, expected", [
    ("month", "School saw an injury in May 2014 and referred it May 2014."),
    ("year", "School saw an injury in 2014 and referred it 2014."),
])
def test_no_time_of_day_is_left_beside_a_coarsened_date(level, expected):
    text = "School saw an injury at 09:10 on 12 May 2014 and referred it 12/05/2014 at 11:00."
    assert coarsen_text(text, level) == expected


def test_a_coarsened_copy_names_the_review_period_by_its_months(sample_chronology):
    from reviewkit.render import timeline

    assert sample_chronology.attrs.get("review_period")  # the sample case states one
    anonymised = anonymise(sample_chronology, names={"Anytown": "a town"}, coarsen="month")
    texts = [a.text for a in timeline(anonymised.chronology).layout.annotations
             if "Review period" in str(a.text)]
    assert texts == ["Review period from June 2014", "Review period to August 2016"]
    (start, end), = anonymised.chronology.attrs["review_period"].values()
    assert (start.day, end.day) == (1, 31)  # whole months, no exact day


def test_a_word_of_a_listed_name_left_in_the_text_is_a_suspect():
    """The words of a listed name counted as known, so a part the replacing missed (a name
    written in a way no variant covers) was never shown to the reviewer."""
    from reviewkit.publish.suspects import suspect_names

    copy = pd.DataFrame({"summary": ["Seen with mother. Later, Mrs Smythe-Jones rang."],
                         "entry_id": ["c/a.csv:2"]})
    found = suspect_names(copy, {"Jane Smythe-Jones": "Mother"})
    assert "Smythe-Jones" in set(found["word"])
    assert "Mother" not in set(found["word"])  # a replacement is never a suspect
