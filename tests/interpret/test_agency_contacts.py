"""An agency's own contacts: a face-to-face contact in an agency's chronology is that agency's
contact type too (``contact_of`` in the vocabulary), and nothing else is."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agency_entry import read_entry as read

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.agency_contacts import add_agency_contacts
from reviewkit.interpret.vocabulary_file import load_vocabulary

VOCABULARY = load_vocabulary()
AGENCIES = load_agency_aliases()


@pytest.mark.parametrize(
    ("agency", "event", "details", "contact"),
    [
        ("Health Visiting", "Home visit", "Home clean, mum calm.", "health_visitor_contact"),
        ("HV team (Area 2)", "Visit", "Unannounced visit 10:00, baby asleep.", "health_visitor_contact"),
        ("Midwifery", "Antenatal", "Booking appointment at 10 weeks.", "midwife_contact"),
        ("GP", "Asthma", "Clinic appointment for asthma review, child seen.", "gp_consultation"),
        ("School Nursing", "Drop-in", "YP seen alone in the medical room.", "school_nurse_contact"),
    ],
)
def test_a_face_to_face_contact_of_the_agency_is_its_contact(agency, event, details, contact):
    entry = read(agency, event, details)
    assert contact in entry["tags"].split(";")
    assert f'{contact}: affirmed (agency "' in entry["mentions"]


@pytest.mark.parametrize(
    ("agency", "event", "details"),
    [
        ("Health Visiting", "Telephone", "Rang mum re weight; no concerns."),  # not face to face
        ("Health Visiting", "Note", "Home visit to be arranged next week."),  # only planned
        ("Health Visiting", "Visit", "Home visit - no access, card left."),  # no access replaces it
        ("Police", "Visit", "Officers visited the home; children seen."),  # no contact type of its own
        ("Children's Services", "Home visit", "SW visited, children seen."),
        ("Health Visiting", "Telephone", "Mum rang: she is pregnant again, 8 weeks."),  # no visit
    ],
)
def test_nothing_else_is_the_agencys_contact(agency, event, details):
    entry = read(agency, event, details)
    tags = set(entry["tags"].split(";"))
    contacts = {"health_visitor_contact", "midwife_contact", "gp_consultation", "school_nurse_contact"}
    assert not tags & contacts


def test_a_contact_already_read_from_the_text_is_not_listed_twice():
    entry = read("Health Visiting", "Home visit", "HV home visit, baby weighed.")
    assert entry["tags"].split(";").count("health_visitor_contact") == 1
    assert "(agency" not in entry["mentions"]


def test_a_users_vocabulary_names_the_agency_by_any_of_its_names(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[event_types.office_visit]\ncontact_of = ["Social Worker"]\n', encoding="utf-8")
    vocabulary = load_vocabulary(mine)
    entry = read("CSC", "Visit", "Unannounced visit, both children seen.", vocabulary=vocabulary)
    assert "office_visit" in entry["tags"].split(";")
    assert 'office_visit: affirmed (agency "Children\'s Services", ' in entry["mentions"]


def test_a_contact_of_that_is_not_a_list_of_names_is_refused(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[event_types.office_visit]\ncontact_of = [3]\n', encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"\[event_types\.office_visit\] field 'contact_of' must be a list"):
        load_vocabulary(mine)


TYPES = sorted(VOCABULARY.event_types)


@given(st.lists(st.tuples(st.sampled_from(["Health Visiting", "Midwifery", "Police", "GP", None]),
                          st.sets(st.sampled_from(TYPES), max_size=4)), max_size=30))
def test_tags_only_gain_the_agencys_contact_and_only_after_a_face_to_face_one(rows):
    agencies = pd.Series([a for a, _ in rows], dtype="string")
    tags = pd.Series([";".join(sorted(t)) for _, t in rows], dtype="string")
    mentions = pd.Series([pd.NA] * len(rows), dtype="string")
    new_tags, new_mentions = add_agency_contacts(tags, mentions, agencies, VOCABULARY, AGENCIES)
    for agency, before, after, why in zip(agencies, tags, new_tags, new_mentions):
        gained = set(after.split(";")) - set(before.split(";"))
        assert set(before.split(";")) <= set(after.split(";"))
        assert after.split(";") == sorted(after.split(";"))
        if gained:
            (contact,) = gained
            assert agency in VOCABULARY.event_types[contact].contact_of
            assert set(before.split(";")) & set(VOCABULARY.group(VOCABULARY.event_types[contact].contact_evidence))
            assert why.startswith(f'{contact}: affirmed (agency "{agency}", ')
        else:
            assert pd.isna(why)


def test_the_midwifes_antenatal_booking_is_her_contact_and_no_one_elses():
    assert "midwife_contact" in read("Midwifery", "Antenatal", "Booking bloods taken.")["tags"].split(";")
    assert "health_visitor_contact" not in read("Health Visiting", "Antenatal", "Booking bloods taken.")["tags"].split(";")


def test_a_contact_evidence_group_the_vocabulary_lacks_is_refused(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[event_types.office_visit]\ncontact_of = ["Police"]\ncontact_evidence = "face_to_face"\n',
                    encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"\[event_types\.office_visit\] takes its contact_of evidence from the group 'face_to_face'"):
        load_vocabulary(mine)
