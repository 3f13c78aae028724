"""Agencies read again together (one vocabulary holding all their phrases) are read as each
agency's own vocabulary reads them: every column of every row, on random draws of the reading
corpora's texts given random agencies."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.agency_vocabulary import (
    _holds_any,
    agency_groups,
    agency_vocabulary,
    infer_by_agency,
    scoped_aliases,
)
from reviewkit.interpret.event_types import infer_event_types
from reviewkit.interpret.vocabulary_file import load_vocabulary

DATA = Path(__file__).resolve().parents[1] / "data"
VOCABULARY = load_vocabulary()
AGENCY_ALIASES = load_agency_aliases()
SCOPED = scoped_aliases(VOCABULARY, AGENCY_ALIASES)
CORPUS = pd.concat([pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
                    for name in ("reading_corpus.csv", "reading_holdout.csv")], ignore_index=True)


def each_agency_alone(event, details, outcome, agencies):
    """The reading with each agency's own vocabulary, one agency at a time."""
    read = infer_event_types(event, details, outcome=outcome, vocabulary=VOCABULARY)
    for agency, keys in SCOPED.items():
        rows = (agencies == agency).fillna(False).to_numpy()
        if not rows.any():
            continue
        rows[rows] = _holds_any((event[rows], details[rows], outcome[rows]), keys)
        if rows.any():
            again = infer_event_types(event[rows], details[rows], outcome=outcome[rows],
                                      vocabulary=agency_vocabulary(VOCABULARY, keys))
            read.loc[rows, again.columns] = again.to_numpy()
    return read


def _texts(values) -> pd.Series:
    return pd.Series(pd.array([value or None for value in values], dtype="string"))


@pytest.mark.parametrize("seed", range(24))
def test_agencies_read_together_read_as_each_alone(seed):
    draw = random.Random(seed)
    rows = CORPUS.sample(draw.randint(2, 30), random_state=seed)
    agencies = [*SCOPED, "School", None]
    given = _texts([draw.choice(agencies) if draw.random() < 0.6 else (a if a in SCOPED else None)
                    for a in rows["agency"]])
    texts = [_texts(rows[column]) for column in ("contact_type", "details", "outcome")]
    expected = each_agency_alone(*texts, given)
    pd.testing.assert_frame_equal(infer_by_agency(*texts, given, VOCABULARY, AGENCY_ALIASES), expected,
                                  check_exact=True)


def test_agencies_whose_phrases_differ_or_meet_in_their_texts_are_read_apart():
    keys = {"Probation": {"supervision": "probation_supervision", "sup": "probation_supervision"},
            "Children's Services": {"supervision": "management_oversight"},
            "Emergency Department": {"attended": "ae_attendance"},
            "Midwifery": {"booking": "antenatal_booking"}}
    texts = {"Probation": ["Sup session. Attended."], "Children's Services": ["Supervision notes"],
             "Emergency Department": ["Attended with mother"], "Midwifery": ["Bookings: late"]}
    # Probation and Children's Services name "supervision" otherwise; Probation's text holds
    # "attended"; Midwifery's holds its own word only (a plural): it joins the first group
    assert agency_groups(keys, texts, VOCABULARY) == [
        ("Probation", "Midwifery"), ("Children's Services", "Emergency Department")]


def test_a_misspelt_word_of_another_agency_keeps_them_apart():
    keys = {"Midwifery": {"booking": "antenatal_booking"}, "Emergency Department": {"attended": "ae_attendance"}}
    # the reading respells "attnded" as "attended": the Emergency Department's phrase
    apart = {"Midwifery": ["Booking; attnded"], "Emergency Department": ["Attended with mother"]}
    together = {**apart, "Midwifery": ["Booking; attnd"]}
    assert agency_groups(keys, together, VOCABULARY) == [("Midwifery", "Emergency Department")]
    assert agency_groups(keys, apart, VOCABULARY) == [("Midwifery",), ("Emergency Department",)]


def test_many_texts_are_read_agency_by_agency_as_before(monkeypatch):
    import reviewkit.interpret.agency_vocabulary as module

    monkeypatch.setattr(module, "GROUPED_TEXTS", 0)
    rows = CORPUS.sample(30, random_state=7)
    given = _texts([list(SCOPED)[k % len(SCOPED)] for k in range(len(rows))])
    texts = [_texts(rows[column]) for column in ("contact_type", "details", "outcome")]
    pd.testing.assert_frame_equal(infer_by_agency(*texts, given, VOCABULARY, AGENCY_ALIASES),
                                  each_agency_alone(*texts, given), check_exact=True)
