"""Words an agency uses in a sense of its own (``agency_aliases`` in the vocabulary): read so in
that agency's entries, and nowhere else."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agency_entry import read_entry as read

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.agency_vocabulary import infer_by_agency
from reviewkit.interpret.event_types import infer_event_types
from reviewkit.interpret.vocabulary_file import load_vocabulary

VOCABULARY = load_vocabulary()
AGENCIES = load_agency_aliases()


def tags(entry: pd.Series) -> set[str]:
    return set(filter(None, entry["tags"].split(";")))


@pytest.mark.parametrize(
    ("agency", "event", "details", "expected"),
    [
        ("Probation", "Supervision", "F discussed his new relationship.", "probation_supervision"),
        ("Offender Manager", "Sup", "Sup session - attended, DA programme discussed.", "probation_supervision"),
        ("Children's Services", "Supervision", "Case discussed; visits to be weekly.", "management_oversight"),
        ("Midwifery", "Booking", "G3 P2, 12+3 weeks. Lives with partner.", "antenatal_booking"),
        ("Emergency Department", "Attendance", "7yo with lac to forehead after fall off scooter.", "ae_attendance"),
        ("A&E", "", "YP presented with burnt fingers from the oven door.", "ae_attendance"),
        ("Police", "Report", "Mum attended front counter to report ex-partner breaching the order.", "police_report"),
        ("Police", "Call", "M rang 21:40 stating ex-p banging on door. Gone on arrival.", "police_report"),
        ("Police", "Call", "Call from Sunrise Nursery manager: staff member saw mum hit child.", "police_report"),
        ("Police", "Missing person", "YP (15) reported missing by care home staff at 01:15.", "missing_episode"),
        ("Police", "Missing person", "Staff at Oakfield children's home reported YP (15) missing at 23:15.",
         "missing_episode"),
    ],
)
def test_an_agencys_own_word_names_its_type_in_its_entries(agency, event, details, expected):
    entry = read(agency, event, details)
    assert expected in tags(entry)
    assert f"{expected}: affirmed" in entry["mentions"]


@pytest.mark.parametrize(
    ("agency", "event", "details", "absent"),
    [
        ("School", "Supervision", "Lunchtime supervision rota changed.", "probation_supervision"),
        ("School", "Supervision", "Lunchtime supervision rota changed.", "management_oversight"),
        ("Health Visiting", "Note", "Mum has booked a holiday.", "antenatal_booking"),
        ("School", "Attendance", "Attendance 82% this term.", "ae_attendance"),
        ("Police", "Incident", "Officers attended the address.", "ae_attendance"),
        ("School", "Report", "Report from the attendance officer: 82% this term.", "police_report"),
        ("Health Visiting", "Call", "Call from mum: baby unsettled overnight.", "police_report"),
    ],
)
def test_the_words_mean_nothing_of_themselves_elsewhere(agency, event, details, absent):
    assert absent not in tags(read(agency, event, details))


@pytest.mark.parametrize(
    ("agency", "event", "details", "absent"),
    [
        ("Probation", "Note", "No supervision this week: PO on leave.", "probation_supervision"),
        ("Probation", "Supervision", "F failed to attend supervision appt; warning letter.", "probation_supervision"),
        ("Midwifery", "Note", "Booking to be arranged at 10 weeks.", "antenatal_booking"),
    ],
)
def test_context_reads_them_as_any_alias(agency, event, details, absent):
    assert absent not in tags(read(agency, event, details))


@given(st.lists(st.sampled_from(["Probation", "School", "Midwifery", "Police", None]), min_size=1, max_size=8),
       st.lists(st.sampled_from(["Supervision", "Booking", "Home visit", "No referral made", "attended"]),
                min_size=1, max_size=8))
def test_entries_of_other_agencies_read_as_without_agency_words(agencies, texts):
    n = min(len(agencies), len(texts))
    text = pd.Series(texts[:n], dtype="string")
    none = pd.Series([pd.NA] * n, dtype="string")
    agency = pd.Series(agencies[:n], dtype="string")
    by_agency = infer_by_agency(text, none, none, agency, VOCABULARY, AGENCIES)
    plain = infer_event_types(text, none, outcome=none, vocabulary=VOCABULARY)
    others = ~agency.isin(["Probation", "Midwifery"]).fillna(False)
    pd.testing.assert_frame_equal(by_agency[others], plain[others])


def test_a_users_file_adds_agency_words(tmp_path):
    path = tmp_path / "local.toml"
    path.write_text('[event_types.school_contact]\nagency_aliases = { School = ["catch up"] }\n',
                    encoding="utf-8")
    vocabulary = load_vocabulary(path)
    assert "school_contact" in tags(read("School", "Catch up", "With DSL.", vocabulary))
    assert "school_contact" not in tags(read("Police", "Catch up", "With DSL.", vocabulary))
    assert ("Probation", ) == tuple(a for a, _ in vocabulary.event_types["probation_supervision"].agency_aliases)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[event_types.school_contact]\nagency_aliases = ["catch up"]\n', "must be a table of agency"),
        ('[event_types.school_contact]\nagency_aliases = { School = [3] }\n', "agency_aliases.School"),
        ('[event_types.school_contact]\nagency_aliases = { School = ["catch {up"] }\n', "cannot be read"),
        ('[event_types.school_contact]\nagency_aliases = { Probation = ["supervision"] }\n',
         "is given to both"),
    ],
)
def test_a_broken_agency_alias_is_named(tmp_path, text, message):
    path = tmp_path / "local.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=message) as error:
        load_vocabulary(path)
    assert "local.toml" in str(error.value)
