"""A listed name is hidden however a record writes it, and the leak check finds every such form."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from reviewkit.exceptions import PublicationError
from reviewkit.publish.anonymise import anonymise
from reviewkit.publish.publication import check_publishable, leaks

NAMES = {"Jane Smith": "Mother", "José Núñez": "Father"}

WRITTEN = [
    "Jane Smith", "JANE SMITH", "Smith, Jane", "Smith Jane", "Mrs Smith", "Ms. Smith", "Dr Smith",
    "J. Smith", "J Smith", "J. A. Smith", "JA Smith", "Jane-Smith", "jane_smith", "JaneSmith",
    "Jane", "Smith", "Smith's", "Smith\u2019s", "Jane\u00a0Smith", "Jane\u200bSmith", "Ja\u200bne Smith",
    "Jose Nunez", "JOSÉ NÚÑEZ", unicodedata.normalize("NFD", "José Núñez"), "Mr Núñez", "Nunez",
]


@pytest.mark.parametrize("written", WRITTEN)
def test_every_written_form_is_replaced_and_none_is_left(written):
    chronology = pd.DataFrame({"summary": [f"Seen with {written} at home."]})
    anon = anonymise(chronology, names=NAMES)
    out = anon.chronology["summary"].iloc[0]
    assert out.startswith("Seen with ") and out.endswith(" at home.")
    assert any(role in out for role in ("Mother", "Father")), out
    assert leaks(anon.chronology, anon) == []


@pytest.mark.parametrize("written", WRITTEN)
def test_the_leak_check_finds_every_written_form_left_in_a_text(written):
    anon = anonymise(pd.DataFrame({"summary": ["x"]}), names=NAMES)
    with pytest.raises(PublicationError, match="the listed name"):
        check_publishable(f"Seen with {written} at home.", anon)


@pytest.mark.parametrize("text", [
    "Smithfield market", "Janet came", "jane", "a blacksmith", "Mark on arm", "J Smithson",
])
def test_other_words_are_left_alone(text):
    anon = anonymise(pd.DataFrame({"summary": [text]}), names=NAMES)
    assert anon.chronology["summary"].iloc[0] == text


def test_a_file_named_after_the_person_does_not_carry_the_name(tmp_path):
    chronology = pd.DataFrame({"source": ["jane_smith_hv.csv"], "entry_id": ["c/jane_smith_hv.csv:2"],
                               "summary": ["Visit"]})
    anon = anonymise(chronology, names=NAMES)
    assert anon.chronology[["source", "entry_id"]].iloc[0].tolist() == ["Mother_hv.csv", "c/Mother_hv.csv:2"]


def test_a_part_that_is_an_ordinary_word_is_not_replaced_alone_unless_listed_alone():
    import pandas as pd

    from reviewkit.publish.anonymise import anonymise

    text = "May White seen in May 2015; White British. Mrs White rang. White, May came."
    frame = pd.DataFrame({"summary": [text], "entry_id": ["c/a.csv:2"]})
    out = anonymise(frame, names={"May White": "Mother"}).chronology["summary"][0]
    assert out == "Mother seen in May 2015; White British. Mother rang. Mother came."
    listed = anonymise(frame, names={"May White": "Mother", "May": "Mother"}).chronology
    assert "May" not in listed["summary"][0]
