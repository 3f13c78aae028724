"""Decisions keep to their entry's content: a resent file with rows added moves nothing, a
changed entry's decision is an orphan with its reason, and decisions written with the row-based
ids of reviewkit before 0.2 are moved to today's ids, in the file too."""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

from reviewkit import DataQualityWarning, detect, load_with_report
from reviewkit.check.verdicts import stable_id
from reviewkit.interpret.entry_ids import row_ids
from reviewkit.load.extract import read_extract
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import Decisions
from reviewkit.review.migration import finding_id
from reviewkit.review.orphans import orphans
from reviewkit.review.reading import read_decisions
from reviewkit.review.writing import write_decisions
from tests.conftest import SAMPLE_CASE

KEY = "key practice episode"
EARLIER_GP = "01/02/2009,GP,Registration: new patient check.,,Practice Nurse\n"


@pytest.fixture
def case(tmp_path):
    folder = tmp_path / "child_d"
    shutil.copytree(SAMPLE_CASE, folder)
    return folder


def _load(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return load_with_report(folder)


def _detect(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return detect(folder)


def _insert_row(path, after_line: int, line: str) -> None:
    """Add a row to an agency's CSV file below line ``after_line`` (1: the header)."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines(keepends=True)
    lines.insert(after_line, line)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "".join(lines).encode("utf-8"))


def _row(chronology, source, row) -> pd.Series:
    rows = chronology[chronology["source"].eq(source) & chronology["source_row"].eq(row)
                      & ~chronology["entry_id"].str.contains("#action-", regex=False)]
    (index,) = rows.index
    return chronology.loc[index]


def test_a_resent_gp_file_with_an_earlier_row_keeps_the_tag_on_its_consultation(case):
    before = _load(case).chronology
    consultation = _row(before, "gp.csv", 4)
    write_decisions(correct(Decisions(), consultation["entry_id"], reviewer_tags=[KEY]), case)
    _insert_row(case / "gp.csv", 1, EARLIER_GP)  # the agency resends its file, one row earlier

    result = _load(case)
    after = result.chronology
    tagged = after[after["tags"].str.contains(KEY, regex=False).fillna(False)]
    assert tagged["entry_id"].tolist() == [consultation["entry_id"]]
    assert tagged["summary"].tolist() == [consultation["summary"]]
    assert tagged["source_row"].tolist() == [5]  # the same consultation, one row lower
    assert result.orphans.empty
    # every other entry of every file kept its id; the new row has one of its own
    assert set(before["entry_id"]) < set(after["entry_id"])
    assert len(after) == len(before) + 1


def test_a_row_inserted_in_midwifery_leaves_the_decided_finding_decided(case):
    rule = "formal-meeting-on-disputed-birth-plan"
    first = _detect(case)
    (chosen,) = first.loc[first["rule"].eq(rule), "finding_id"]
    write_decisions(decide(Decisions(), chosen, status="accepted", note="Confirmed"), case)
    _insert_row(case / "midwifery.csv", 2,
                "01/04/2015,Community Midwife,Telephone call: appointment confirmed.,,Community Midwife\n")

    again = _detect(case)
    assert again.loc[again["finding_id"].eq(chosen), "status"].tolist() == ["accepted"]
    assert orphans(again).empty
    assert first["finding_id"].tolist() == again["finding_id"].tolist()


def test_a_changed_entrys_decision_is_an_orphan_with_its_reason(case):
    consultation = _row(_load(case).chronology, "gp.csv", 4)
    write_decisions(correct(Decisions(), consultation["entry_id"], reviewer_tags=[KEY]), case)
    text = (case / "gp.csv").read_text("utf-8-sig")
    old_words = consultation["summary"].split(": ", 1)[-1].split(".")[0]
    assert old_words in text
    (case / "gp.csv").write_text(text.replace(old_words, old_words + " (amended)"), "utf-8-sig")

    result = _load(case)
    assert not result.chronology["tags"].str.contains(KEY, regex=False).fillna(False).any()  # not moved
    (orphan,) = result.orphans.itertuples()
    assert orphan.id == consultation["entry_id"] and orphan.decision == f"reviewer_tags = {KEY}"
    now = _row(result.chronology, "gp.csv", 4)["entry_id"]
    assert orphan.reason.startswith("no entry has this id now: the entry's own date, agency or text changed")
    assert orphan.reason.endswith(f"entries of gp.csv dated {consultation['date_text'].replace('/', '-')}: {now}")
    notes = result.report["notes"].iloc[-1]
    assert f"ORPHANS, not in the chronology: entry {consultation['entry_id']}" in notes


def test_a_decisions_file_with_row_based_ids_is_migrated(case):
    chronology = _load(case).chronology
    consultation = _row(chronology, "gp.csv", 4)
    verdicts = _detect(case)
    finding = verdicts[verdicts["rule"].eq("formal-meeting-on-disputed-birth-plan")].iloc[0]
    trigger = _row(chronology, "midwifery.csv", 12)  # the disputed birth plan, 23/09/2015
    old_finding = finding_id(finding["rule"], "child_d", "child_d/midwifery.csv:12")
    (case / "decisions.toml").write_text(
        "# written by reviewkit 0.1\n"
        "[[finding]]\n"
        f'finding_id = "{old_finding}"\n'
        'status = "to discuss"\n'
        "[[entry]]\n"
        'entry_id = "child_d/gp.csv:4"  # the consultation\n'
        f'reviewer_tags = ["{KEY}"]\n'
        "[[entry]]\n"
        'entry_id = "child_d/gp.csv:99"\n'
        'subject = "Mother"\n', "utf-8")

    result = _load(case)
    tagged = result.chronology[result.chronology["tags"].str.contains(KEY, regex=False).fillna(False)]
    assert tagged["entry_id"].tolist() == [consultation["entry_id"]]
    notes = result.report["notes"].iloc[-1]
    assert (f"MOVED from row-based ids (before reviewkit 0.2) to the entry now at that row, check each is "
            f"the entry meant: child_d/gp.csv:4 -> {consultation['entry_id']} "
            f"({consultation['date_text']}, GP: ") in notes
    assert result.orphans[["id", "reason"]].values.tolist() == [[
        "child_d/gp.csv:99", "a row-based id (before reviewkit 0.2), and row 99 of gp.csv holds no entry now"]]

    text = (case / "decisions.toml").read_text("utf-8")  # the file now holds today's id
    assert "# written by reviewkit 0.1\n" in text
    assert (f'entry_id = "{consultation["entry_id"]}" # the consultation; was child_d/gp.csv:4 '
            "(a row-based id, before reviewkit 0.2)\n") in text
    assert 'entry_id = "child_d/gp.csv:99"' in text  # an orphan stays as written

    findings = _detect(case)
    assert findings.loc[findings["rule"].eq(finding["rule"]), "status"].tolist() == ["to discuss"]
    assert trigger["entry_id"] in finding["entries"]
    kept = read_decisions(case)
    assert list(kept.findings) == [finding["finding_id"]]
    assert consultation["entry_id"] in kept.entries and "child_d/gp.csv:4" not in kept.entries


def test_the_finding_id_of_a_row_based_trigger_is_the_one_check_made():
    assert finding_id("rule-1", "c", "c/gp.csv:2") == stable_id("F", "rule-1", "c", "c/gp.csv:2")


def test_exact_repeats_are_numbered_and_the_blocks_of_an_extract_agree(tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text("Case ID,Date,Agency,Notes\n" + "F1,03/04/2015,GP,Seen\n" * 3
                    + "F2,03/04/2015,GP,Seen\n" + "F1,04/04/2015,GP,Seen\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        whole = read_extract(path, block_rows=100, progress=False)
        blocks = read_extract(path, block_rows=1, progress=False)
    assert whole["entry_id"].tolist() == blocks["entry_id"].tolist()
    ids = dict(zip(row_ids(whole), whole["entry_id"]))
    base = ids["F1/extract.csv:2"]
    assert (ids["F1/extract.csv:3"], ids["F1/extract.csv:4"]) == (base + "-2", base + "-3")
    assert ids["F2/extract.csv:5"] == "F2" + base[2:]  # another case: no number
    assert ids["F1/extract.csv:6"].startswith("F1/extract.csv:04-04-2015-")


def test_a_renumbered_sequence_column_does_not_change_the_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "hv.csv").write_text("No.,Date,Notes\n1,03/04/2015,Home visit\n2,10/04/2015,Clinic\n")
    (tmp_path / "b" / "hv.csv").write_text("No.,Date,Notes\n1,01/04/2015,Phone call\n2,03/04/2015,Home visit\n"
                                           "3,10/04/2015,Clinic\n")
    first = _load(tmp_path / "a").chronology
    second = _load(tmp_path / "b").chronology
    assert set(first["entry_id"].str.replace("a/", "")) < set(second["entry_id"].str.replace("b/", ""))


def test_a_responds_to_column_written_by_row_names_its_entry(tmp_path):
    folder = tmp_path / "csc_case"
    folder.mkdir()
    (folder / "csc.csv").write_text("Date,Event,Responds to\n09/02/2015 12:40,Referral from school,\n"
                                    "10/02/2015 10:00,Strategy discussion,csc_case/csc.csv:2\n")
    chronology = _load(folder / "csc.csv").chronology
    referral, strategy = chronology["entry_id"]
    assert chronology["responds_to"].tolist()[1] == referral
