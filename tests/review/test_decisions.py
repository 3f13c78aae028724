"""The decisions file: read (checked), written (stable, round trip), applied; orphans reported."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd
import pytest
from chronology_factory import make_chronology
from hypothesis import given
from hypothesis import strategies as st

import reviewkit
from reviewkit import DataQualityWarning
from reviewkit.exceptions import DecisionsError
from reviewkit.load.schema import validate_chronology
from reviewkit.review.apply import (
    apply_entry_decisions,
    apply_finding_decisions,
    carry_decisions,
    decided,
)
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import (
    DECISIONS_NAME,
    EXCLUDE_TAG,
    ORPHAN_COLUMNS,
    Decisions,
    EntryDecision,
    FindingDecision,
)
from reviewkit.review.orphans import orphans, report_notes
from reviewkit.review.reading import case_decisions, read_decisions
from reviewkit.review.writing import decisions_toml, write_decisions

SAMPLE_CASE = Path(__file__).resolve().parents[2] / "sample_data" / "child_d"


def _write(tmp_path, text: str):
    path = tmp_path / DECISIONS_NAME
    path.write_text(text, encoding="utf-8")
    return path


# -- reading: errors name the file, the id and the field, and list what is valid ---------------


def test_unknown_status_names_file_finding_and_valid_statuses(tmp_path):
    path = _write(tmp_path, '[[finding]]\nfinding_id = "F-abc"\nstatus = "agreed"\n')
    with pytest.raises(DecisionsError) as caught:
        read_decisions(path)
    message = str(caught.value)
    assert str(path) in message and "finding F-abc" in message and "status = 'agreed'" in message
    assert "'accepted', 'to discuss', 'dismissed'" in message


def test_unknown_field_of_an_entry_lists_the_valid_fields(tmp_path):
    path = _write(tmp_path, '[[entry]]\nentry_id = "c/gp.csv:2"\nevent = "injury"\n')
    with pytest.raises(DecisionsError, match=r"entry c/gp\.csv:2: unknown field\(s\) 'event'\. "
                                             r"Valid fields are: entry_id, event_type, tags"):
        read_decisions(path)


def test_unknown_event_type_names_the_field_and_lists_event_types(tmp_path):
    path = _write(tmp_path, '[[entry]]\nentry_id = "c/gp.csv:2"\nevent_type = "injurry"\n')
    with pytest.raises(DecisionsError) as caught:
        read_decisions(path)
    message = str(caught.value)
    assert f"{path}, entry c/gp.csv:2: event_type: 'injurry' is not an event type" in message
    assert "Valid event types: ae_attendance, allegation," in message and "'injury'" in message


def test_unknown_tag_is_an_error_too(tmp_path):
    path = _write(tmp_path, '[[entry]]\nentry_id = "c/gp.csv:2"\ntags = ["injury", "zzz"]\n')
    with pytest.raises(DecisionsError, match=r"entry c/gp\.csv:2: tags: 'zzz' is not an event type"):
        read_decisions(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[findings]]\nfinding_id = "F-1"\n', r"unknown table\(s\) 'findings'"),
        ('[[finding]]\nstatus = "accepted"\n', r"\[\[finding\]\] number 1: it has no finding_id"),
        (('[[finding]]\nfinding_id = "F-1"\nstatus = "accepted"\n[[finding]]\nfinding_id = "F-1"\n'
         'status = "dismissed"\n'), "finding F-1 is decided twice"),
        ('[[finding]]\nfinding_id = "F-1"\nstatus = "accepted"\non = "yesterday"\n',
         r"finding F-1: on = 'yesterday' must be a date written 2026-11-20"),
        ('[[entry]]\nentry_id = "c/a.csv:2"\nexclude_from_publication = "yes"\n',
         "exclude_from_publication = 'yes' must be true or false"),
        ('[[entry]]\nentry_id = "c/a.csv:2"\nreviewer_tags = "key practice episode"\n',
         "reviewer_tags = 'key practice episode' must be a list of texts"),
        ('[[finding]\n', "this is not valid TOML"),
    ],
)
def test_malformed_files_say_what_is_wrong(tmp_path, text, expected):
    with pytest.raises(DecisionsError, match=expected):
        read_decisions(_write(tmp_path, text))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DecisionsError, match="there is no decisions file here"):
        read_decisions(tmp_path / "nothing.toml")


def test_aliases_are_read_as_event_type_ids_and_subject_lists_are_joined(tmp_path):
    path = _write(tmp_path, '[[entry]]\nentry_id = "c/a.csv:2"\nevent_type = "Strategy Meeting"\n'
                            'tags = ["S47", "ICPC"]\nsubject = ["Child A", "Mother"]\n')
    entry = read_decisions(tmp_path).entries["c/a.csv:2"]
    assert entry.event_type == "strategy_discussion"
    assert entry.tags == ("s47_enquiry", "icpc")
    assert entry.subject == "Child A; Mother"
    assert read_decisions(path).path == path


# -- writing: stable order, round trip, notes kept ---------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
optional_texts = st.none() | texts
days = st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
finding_decisions = st.builds(
    FindingDecision, finding_id=st.from_regex(r"F-[0-9a-f]{12}", fullmatch=True),
    status=st.sampled_from(reviewkit.review.decisions.STATUSES), rule=optional_texts, note=optional_texts,
    by=optional_texts, on=days,
)
entry_decisions = st.builds(
    EntryDecision, entry_id=st.from_regex(r"c/[a-z]{1,8}\.csv:[1-9][0-9]{0,3}", fullmatch=True),
    event_type=st.none() | st.sampled_from(["injury", "icpc", "home_visit"]),
    tags=st.none() | st.lists(st.sampled_from(["injury", "referral", "epds"]), max_size=3).map(tuple),
    duplicate_group=optional_texts, subject=optional_texts,
    reviewer_tags=st.lists(texts, max_size=3).map(tuple), exclude_from_publication=st.booleans(),
    note=optional_texts, by=optional_texts, on=days,
)


@given(findings=st.lists(finding_decisions, max_size=4), entries=st.lists(entry_decisions, max_size=4))
def test_written_decisions_read_back_the_same(tmp_path_factory, findings, entries):
    decisions = Decisions({f.finding_id: f for f in findings}, {e.entry_id: e for e in entries})
    path = write_decisions(decisions, tmp_path_factory.mktemp("d") / DECISIONS_NAME)
    back = read_decisions(path)
    assert back.findings == decisions.findings
    assert back.entries == decisions.entries
    assert decisions_toml(back) == path.read_text(encoding="utf-8")


def test_order_is_by_id_whatever_order_decisions_were_made(tmp_path):
    one = decide(decide(Decisions(), "F-b", status="accepted"), "F-a", status="dismissed")
    two = decide(decide(Decisions(), "F-a", status="dismissed"), "F-b", status="accepted")
    assert decisions_toml(one) == decisions_toml(two)
    text = decisions_toml(correct(one, "c/z.csv:2", subject="Mother"))
    assert text.index('"F-a"') < text.index('"F-b"') < text.index('"c/z.csv:2"')


def test_a_hand_written_note_survives_a_rewrite(tmp_path):
    _write(tmp_path, '[[finding]]\nfinding_id = "F-1"\nstatus = "to discuss"\n'
                     'note = """Police say the call was at 17:00.\nCheck the log — "999" record."""\n')
    decisions = decide(read_decisions(tmp_path), "F-2", status="accepted")
    write_decisions(decisions, tmp_path)
    assert read_decisions(tmp_path).findings["F-1"].note == (
        'Police say the call was at 17:00.\nCheck the log — "999" record.'
    )


def test_decide_and_correct_check_their_values():
    with pytest.raises(DecisionsError, match="status = 'done' is not a status"):
        decide(Decisions(), "F-1", status="done")
    with pytest.raises(DecisionsError, match="event_type: 'kick' is not an event type"):
        correct(Decisions(), "c/a.csv:2", event_type="kick")
    noted = decide(Decisions(), "F-1", status="open", note="Ask the school")
    assert noted.findings["F-1"].status == "open"


# -- applying to a chronology --------------------------------------------------------------------


@pytest.fixture
def chronology():
    return make_chronology([
        {"date": "09/02/2015 12:40", "agency": "School", "event_type": "assault_witnessed",
         "subject": "Child B", "summary": "Staff saw Mother kick Child B"},
        {"date": "09/02/2015 16:10", "agency": "School", "event_type": "referral",
         "tags": "information_shared;referral", "duplicate_group": "dup-1"},
        {"date": "10/02/2015", "agency": "Children's Services", "event_type": "referral",
         "duplicate_group": "dup-1"},
    ])


def test_entry_corrections_change_only_the_corrected_entries(chronology):
    decisions = correct(Decisions(), "c1/test.csv:2", event_type="injury", subject="Child A; Child B",
                        reviewer_tags=["key practice episode"])
    decisions = correct(decisions, "c1/test.csv:3", duplicate_group="", exclude_from_publication=True,
                        tags=["referral"])
    fixed, orphans = apply_entry_decisions(chronology, decisions)
    assert fixed["event_type"].astype(str).tolist() == ["injury", "referral", "referral"]
    assert fixed["tags"].tolist() == [
        "injury;key practice episode", f"{EXCLUDE_TAG};referral", "referral"]
    assert fixed["subject"].tolist()[0] == "Child A; Child B"
    assert fixed["duplicate_group"].isna().tolist() == [True, True, False]
    assert orphans.empty and orphans.columns.tolist() == ORPHAN_COLUMNS
    validate_chronology(fixed)
    assert chronology["event_type"].astype(str).tolist()[0] == "assault_witnessed"


def test_applying_twice_gives_the_same_chronology(chronology):
    decisions = correct(Decisions(), "c1/test.csv:2", event_type="injury",
                        reviewer_tags=["key practice episode"], exclude_from_publication=True)
    once, _ = apply_entry_decisions(chronology, decisions)
    twice, _ = apply_entry_decisions(once, decisions)
    pd.testing.assert_frame_equal(once, twice)


def test_corrections_to_entries_that_are_gone_are_orphans(chronology, tmp_path):
    decisions = correct(Decisions(path=tmp_path / DECISIONS_NAME), "c1/test.csv:99",
                        event_type="injury", note="Was row 99 before the police resent the file")
    fixed, orphans = apply_entry_decisions(chronology, decisions)
    pd.testing.assert_frame_equal(fixed, chronology)
    assert orphans.values.tolist() == [[
        str(tmp_path / DECISIONS_NAME), "entry", "c1/test.csv:99",
        "event_type = injury; note: Was row 99 before the police resent the file",
        "a row-based id (before reviewkit 0.2), and row 99 of test.csv holds no entry now",
    ]]


# -- applying to findings and verdicts -----------------------------------------------------------


def test_findings_get_status_note_who_and_when():
    findings = pd.DataFrame({"finding_id": ["F-1", "F-2", "F-3"]})
    decisions = decide(Decisions(), "F-1", status="accepted", by="Lead reviewer", on=dt.date(2026, 11, 20))
    decisions = decide(decisions, "F-3", status="dismissed", note="Police were told by phone")
    decided, orphans = apply_finding_decisions(findings, decisions)
    assert decided["status"].tolist() == ["accepted", "open", "dismissed"]
    assert decided["note"].tolist()[2] == "Police were told by phone"
    assert decided["decided_by"].tolist()[0] == "Lead reviewer"
    assert decided["decided_on"].tolist()[0] == pd.Timestamp("2026-11-20")
    assert decided["decided_on"].isna().tolist() == [False, True, True]
    assert orphans.empty
    assert "status" not in findings


def test_verdicts_that_are_not_findings_get_no_status():
    verdicts = pd.DataFrame({"verdict_id": ["V-1", "V-2"], "verdict": ["met", "possibly breached"]})
    decided, orphans = apply_finding_decisions(verdicts, decide(Decisions(), "F-2", status="to discuss"))
    assert decided["status"].tolist() == [pd.NA, "to discuss"]
    assert orphans.empty


def test_decisions_about_findings_that_are_gone_are_orphans():
    decisions = decide(Decisions(), "F-gone", status="dismissed", rule="gap-in-contact",
                       note="Visits were weekly")
    _, orphans = apply_finding_decisions(pd.DataFrame({"finding_id": ["F-1"]}), decisions)
    assert orphans[["about", "id", "decision"]].values.tolist() == [
        ["finding", "F-gone", "dismissed (rule gap-in-contact): Visits were weekly"]]


# -- ids are stable, so decisions survive reloads and reruns -------------------------------------


def _load_and_detect():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = reviewkit.read_chronology(SAMPLE_CASE)
    return chronology, reviewkit.detect(chronology, procedures="wales")


def test_ids_are_the_same_after_reloading_and_rerunning(tmp_path):
    first_chronology, first = _load_and_detect()
    second_chronology, second = _load_and_detect()
    assert first_chronology["entry_id"].tolist() == second_chronology["entry_id"].tolist()
    assert len(first) > 10
    assert first["finding_id"].tolist() == second["finding_id"].tolist()
    assert first["finding_id"].is_unique

    decisions = Decisions(path=tmp_path / DECISIONS_NAME)
    for number, finding_id in enumerate(first["finding_id"]):
        decisions = decide(decisions, finding_id, status=("accepted", "dismissed")[number % 2],
                           note=f"note {number}")
    entry_id = first_chronology["entry_id"].iloc[5]
    decisions = correct(decisions, entry_id, reviewer_tags=["key practice episode"])
    write_decisions(decisions, tmp_path)

    kept = read_decisions(tmp_path)
    decided, orphans = apply_finding_decisions(second, kept)
    assert orphans.empty
    assert decided["status"].value_counts().to_dict() == {
        "accepted": (len(first) + 1) // 2, "dismissed": len(first) // 2}
    assert decided["note"].tolist() == [f"note {n}" for n in range(len(first))]
    fixed, entry_orphans = apply_entry_decisions(second_chronology, kept)
    assert entry_orphans.empty
    assert "key practice episode" in fixed.set_index("entry_id").loc[entry_id, "tags"]


def test_case_decisions_finds_the_file_of_each_folder(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    write_decisions(decide(Decisions(), "F-1", status="accepted"), one)
    write_decisions(correct(Decisions(), "two/a.csv:2", subject="Mother"), two)
    merged = case_decisions([one, two / "a.csv"])
    assert list(merged.findings) == ["F-1"] and list(merged.entries) == ["two/a.csv:2"]
    assert case_decisions(tmp_path) is None


# -- carried through check/detect results and the load report ------------------------------------


def test_decided_adds_columns_and_keeps_every_orphan_as_a_table():
    verdicts = pd.DataFrame({"verdict_id": ["V-1", "V-2"], "verdict": ["met", "breached"]})
    decisions = decide(decide(Decisions(), "F-2", status="accepted"), "F-old", status="dismissed")
    entry_orphans = apply_entry_decisions(
        pd.DataFrame({"entry_id": ["c/a.csv:2"]}), correct(decisions, "c/a.csv:7", subject="Mother"))[1]
    out = decided(verdicts, decisions, entry_orphans)
    assert out.columns.tolist()[-4:] == ["status", "note", "decided_by", "decided_on"]
    table = orphans(out)
    assert table[["about", "id"]].values.tolist() == [["entry", "c/a.csv:7"], ["finding", "F-old"]]
    assert orphans(out[out["verdict"] == "breached"]).equals(table)
    assert pd.concat([out, out]).shape == (4, 6)
    assert decided(verdicts, None) is verdicts


def test_carry_decisions_matches_findings_to_their_verdicts():
    verdicts = decided(pd.DataFrame({"verdict_id": ["V-1", "V-2", "V-3"],
                                     "verdict": ["met", "breached", "possibly breached"]}),
                       decide(decide(Decisions(), "F-3", status="to discuss", note="Ask police"),
                              "F-9", status="accepted"))
    findings = carry_decisions(pd.DataFrame({"finding_id": ["F-2", "F-3"]}), verdicts)
    assert findings["status"].tolist() == ["open", "to discuss"]
    assert findings["note"].tolist()[1] == "Ask police"
    assert orphans(findings)["id"].tolist() == ["F-9"]


def test_report_notes_count_what_applied_and_list_orphans():
    decisions = correct(correct(Decisions(), "c/a.csv:2", subject="Mother"), "c/a.csv:9", subject="Father")
    _, gone = apply_entry_decisions(pd.DataFrame({"entry_id": ["c/a.csv:2"], "subject": ["x"],
                                                  "event_type": [None], "tags": [None],
                                                  "duplicate_group": [None]}), decisions)
    notes = report_notes(decisions, gone)
    assert notes.startswith("reviewer's decisions: 1 of 2 correction(s) to entries applied; 0 decision")
    assert notes.endswith("ORPHANS, not in the chronology: entry c/a.csv:9 (subject = Father): a row-based "
                          "id (before reviewkit 0.2), and row 9 of a.csv holds no entry now")
