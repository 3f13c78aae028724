"""group_duplicates: records of one incident or meeting share a group; nothing is deleted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.load.duplicates import (
    BODY_PARTS,
    INJURY_KINDS,
    connected_labels,
    group_duplicates,
    incident_features,
)


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


def frame(rows: list[dict]) -> pd.DataFrame:
    records = []
    for number, row in enumerate(rows, start=2):
        start = pd.Timestamp(row["date"])
        latest = pd.Timestamp(row.get("latest", start + pd.Timedelta(hours=23, minutes=59)))
        records.append({
            "case_id": row.get("case_id", "c"), "entry_id": f"c/{row['source']}:{number}",
            "source": row["source"], "event_type": row["event"],
            "tags": row.get("tags", row["event"]), "date": start, "date_latest": latest,
            "summary": row["summary"], "subject": row.get("subject"),
            "duplicate_group": row.get("group"),
        })  # fmt: skip
    return pd.DataFrame(records)


SCRATCH = "Scratch to Child A's neck seen at registration"


def test_an_incident_and_the_referral_about_it_share_a_group(vocabulary):
    groups = group_duplicates(frame([
        {"source": "school.docx", "event": "injury", "date": "2015-01-26", "summary": SCRATCH,
         "subject": "Child A"},
        {"source": "csc.xlsx", "event": "referral", "tags": "injury;referral", "date": "2015-01-26",
         "summary": "Referral from school: " + SCRATCH, "subject": "Child A"},
    ]), vocabulary)  # fmt: skip
    assert groups.notna().all() and groups.nunique() == 1
    assert groups[0].startswith("dup-")


def test_an_ed_attendance_and_the_letter_about_it_are_grouped_by_their_tags(vocabulary):
    groups = group_duplicates(frame([
        {"source": "hospital.csv", "event": "ae_attendance", "tags": "ae_attendance;injury",
         "date": "2016-06-28 19:40", "latest": "2016-06-28 19:40",
         "summary": "ED attendance: fracture of the left wrist, arm caught in the cot bars"},
        {"source": "gp.csv", "event": "telephone_contact", "tags": "injury;telephone_contact",
         "date": "2016-06-30", "summary": "ED letter: fracture of the left wrist, arm caught in the cot bars"},
    ]), vocabulary)  # fmt: skip
    assert groups.nunique() == 1 and groups.notna().all()


def test_same_file_far_apart_or_other_child_are_not_grouped(vocabulary):
    rows = [
        {"source": "school.docx", "event": "injury", "date": "2015-01-26", "summary": SCRATCH,
         "subject": "Child A"},
        {"source": "school.docx", "event": "injury", "date": "2015-01-26", "summary": SCRATCH,
         "subject": "Child A"},
        {"source": "csc.xlsx", "event": "injury", "date": "2015-03-26", "summary": SCRATCH,
         "subject": "Child A"},
        {"source": "police.csv", "event": "injury", "date": "2015-01-26", "summary": SCRATCH,
         "subject": "Child B"},
    ]  # fmt: skip
    assert group_duplicates(frame(rows), vocabulary).isna().all()


def test_other_cases_are_never_grouped_together(vocabulary):
    rows = [
        {"source": "school.docx", "event": "injury", "date": "2015-01-26", "summary": SCRATCH,
         "case_id": "c1"},
        {"source": "csc.xlsx", "event": "injury", "date": "2015-01-26", "summary": SCRATCH,
         "case_id": "c2"},
    ]  # fmt: skip
    assert group_duplicates(frame(rows), vocabulary).isna().all()


def test_a_vague_date_needs_alike_texts(vocabulary):
    wrist = "ED letter: fracture of the left wrist, arm caught in the cot bars"
    femur = "Investigation opened: referral from probation, swelling to the right thigh"
    rows = [
        {"source": "csc.xlsx", "event": "injury", "date": "2016-06-30", "summary": wrist},
        {"source": "police.csv", "event": "injury", "date": "2016-06-01",
         "latest": "2016-08-31 23:59", "summary": femur},
    ]  # fmt: skip
    assert group_duplicates(frame(rows), vocabulary).isna().all()
    rows[1]["summary"] = wrist
    assert group_duplicates(frame(rows), vocabulary).nunique() == 1


def test_a_meeting_is_not_grouped_with_the_incident_it_discusses(vocabulary):
    rows = [
        {"source": "csc.xlsx", "event": "referral", "tags": "injury;referral", "date": "2016-08-10",
         "summary": "Referral: swelling to Child D's right thigh"},
        {"source": "police.csv", "event": "strategy_discussion", "tags": "injury;strategy_discussion",
         "date": "2016-08-11", "summary": "Strategy discussion: swelling to Child D's right thigh"},
    ]  # fmt: skip
    assert group_duplicates(frame(rows), vocabulary).isna().all()


def test_a_user_set_group_is_kept_and_not_regrouped(vocabulary):
    rows = [
        {"source": "school.docx", "event": "injury", "date": "2015-01-26", "summary": SCRATCH,
         "group": "mine"},
        {"source": "csc.xlsx", "event": "injury", "date": "2015-01-26", "summary": SCRATCH},
        {"source": "police.csv", "event": "injury", "date": "2015-01-26", "summary": SCRATCH},
    ]  # fmt: skip
    groups = group_duplicates(frame(rows), vocabulary)
    assert groups[0] == "mine"
    assert groups[1] == groups[2] and groups[1] != "mine" and pd.notna(groups[1])


def test_groups_are_stable_and_named_after_their_first_entry(vocabulary):
    rows = [
        {"source": "school.docx", "event": "core_group", "date": "2015-07-16", "summary": "Core group"},
        {"source": "hv.xlsx", "event": "core_group", "date": "2015-07-16", "summary": "Core group meeting"},
    ]  # fmt: skip
    first = group_duplicates(frame(rows), vocabulary)
    reordered = frame(rows).iloc[::-1].reset_index(drop=True)
    second = group_duplicates(reordered, vocabulary)
    assert first.nunique() == 1 and set(first) == set(second)


def test_connected_labels_joins_chains():
    labels = connected_labels(np.array(["a", "b", "x"]), np.array(["b", "c", "y"]))
    assert labels["a"] == labels["b"] == labels["c"]
    assert labels["x"] == labels["y"] != labels["a"]


def test_different_injuries_a_day_apart_are_not_merged(vocabulary):
    """A bruise to the cheek seen at school and a burn to the hand from an iron seen by the HV the next
    day are two incidents, however alike the rest of the words (they were 50 alike, over a threshold of 40)."""
    rows = [
        {"source": "school.docx", "event": "injury", "date": "2015-03-02", "subject": "Child A",
         "summary": "Bruise to Child A's cheek seen at school, mother said he fell"},
        {"source": "hv.xlsx", "event": "injury", "date": "2015-03-03", "subject": "Child A",
         "summary": "Burn to Child A's hand from an iron seen at home visit, mother said he fell"},
    ]  # fmt: skip
    assert group_duplicates(frame(rows), vocabulary).isna().all()


def test_the_same_incident_told_by_school_and_childrens_services_is_merged(vocabulary):
    rows = [
        {"source": "school.docx", "event": "injury", "date": "2015-03-02", "subject": "Child A",
         "summary": "Bruise to Child A's left cheek seen at registration"},
        {"source": "csc.xlsx", "event": "referral", "tags": "injury;referral", "date": "2015-03-03",
         "subject": "Child A", "summary": "Contact from school: bruising on Child A's cheek, says brother hit him"},
    ]  # fmt: skip
    groups = group_duplicates(frame(rows), vocabulary)
    assert groups.notna().all() and groups.nunique() == 1


def test_a_kick_and_a_scratch_of_one_child_are_different_incidents(vocabulary):
    rows = [
        {"source": "school.docx", "event": "injury", "date": "2015-02-09", "subject": "Child B",
         "summary": "Scratch to Child B's neck"},
        {"source": "csc.xlsx", "event": "assault_witnessed", "tags": "assault_witnessed;referral",
         "date": "2015-02-09", "subject": "Child B", "summary": "School referral: staff saw mother kick Child B"},
    ]  # fmt: skip
    assert group_duplicates(frame(rows), vocabulary).isna().all()


def test_an_agencys_own_referral_of_its_incident_joins_the_incident(vocabulary):
    rows = [
        {"source": "school.docx", "event": "injury", "date": "2015-01-26", "subject": "Child A",
         "summary": "Scratch mark to Child A's neck; mother said paternal grandmother caused it"},
        {"source": "school.docx", "event": "referral", "tags": "injury;referral", "date": "2015-01-27",
         "subject": "Child A", "summary": "Referral to Children's Services about the scratch to Child A's neck"},
    ]  # fmt: skip
    groups = group_duplicates(frame(rows), vocabulary)
    assert groups.notna().all() and groups.nunique() == 1


WORDS = st.sampled_from(["bruise", "s", " to ", "cheek", "é", "head", "burn", "ed out", "t out", "-",
                         "feet", "bit", "ten", "e", " ", "cuts", "cut", "arm", "\n", "Leg", "kick",
                         "home alone", "x"])


@given(st.lists(st.lists(WORDS, max_size=12).map("".join), max_size=6))
def test_incident_features_finds_what_every_pattern_tried_on_every_text_finds(texts):
    series = pd.Series(texts, dtype="string")
    distinct = series.str.lower()

    def each(table):
        hits = {name: distinct.str.contains(pattern, regex=True).fillna(False).to_numpy(dtype=bool)
                for name, pattern in table}
        return [frozenset(name for name, hit in hits.items() if hit[k]) for k in range(len(texts))]

    assert incident_features(series) == (each(BODY_PARTS), each(INJURY_KINDS))
