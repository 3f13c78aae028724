"""Misspellings of vocabulary words are read as the word meant, and nothing else is changed.

:class:`Speller` corrects a word of six letters or more that is one edit from exactly one
vocabulary word (doubled letters taken as single); ordinary English words listed in
``reviewkit/data/spelling.toml`` are left alone. :func:`respell_joined` and
:func:`respell_with` change only those words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reviewkit.interpret.spelling import Speller, ordinary_words, respell_joined, respell_with
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.interpret.word_runs import word_runs


@pytest.fixture(scope="module")
def speller() -> Speller:
    return load_vocabulary()._speller


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("stratergy", "strategy"),  # a letter added
        ("confrence", "conference"),  # a letter dropped
        ("strategu", "strategy"),  # a letter changed
        ("startegy", "strategy"),  # two letters swapped
        ("strrategy", "strategy"),  # a letter doubled
        ("assesment", "assessment"),  # a double letter written single
        ("safegaurding", "safeguarding"),
        ("hospitel", "hospital"),
    ],
)
def test_one_edit_misspellings_are_corrected(speller, written, meant):
    assert speller.corrections([written]) == {written: meant}


def test_the_vocabularys_own_words_are_kept(speller):
    assert speller.corrections(["strategy", "conference", "referral", "meeting"]) == {}


def test_ordinary_english_words_are_not_read_as_misspellings(speller):
    listed = ["accused", "referee", "auction"]  # one edit from abused, referred, action
    assert set(listed) <= ordinary_words()
    assert speller.corrections(listed) == {}
    without_the_list = Speller(speller.targets, speller.known - ordinary_words())
    assert without_the_list.corrections(listed) == {
        "accused": "abused", "referee": "referred", "auction": "action"}


def test_confidence_is_not_conference(speller):
    assert speller.corrections(["confidence"]) == {}
    assert respell_with(speller, ["Mother lacks confidence"]) == ["Mother lacks confidence"]


def test_short_words_are_never_changed():
    speller = Speller.from_phrases(["police"])
    assert speller.corrections(["polce"]) == {}  # five letters
    assert speller.corrections(["pollice"]) == {"pollice": "police"}


def test_a_word_with_two_equally_near_targets_is_not_changed():
    speller = Speller.from_phrases(["parent", "patent"])
    assert speller.corrections(["pacent"]) == {}  # parent and patent are both one edit away
    assert speller.corrections(["parenx"]) == {"parenx": "parent"}


def test_the_nearest_target_wins():
    assert Speller.from_phrases(["parent", "patent"]).corrections(["parrent"]) == {
        "parrent": "parent"}


def test_respell_joined_keeps_separators_and_the_case_of_the_rest(speller):
    text = "\x00Mother's STRATERGY Meeting\x00Child Protection Confrence, today\x00"
    assert respell_joined(speller, text) == (
        "\x00Mother's strategy Meeting\x00Child Protection conference, today\x00")


def test_only_whole_words_are_changed(speller):
    assert respell_joined(speller, "Stratergy;xstratergy") == "strategy;xstratergy"


def test_respell_with_returns_one_text_for_each_given(speller):
    texts = ["Stratergy meeting", "", "nothing here", "child protection confrence"]
    assert respell_with(speller, texts) == [
        "strategy meeting", "", "nothing here", "child protection conference"]


@pytest.mark.parametrize("texts", [[], ["ICPC\x00held"]])
def test_respell_with_returns_as_many_texts_as_given_whatever_they_hold(speller, texts):
    assert respell_with(speller, texts) == texts


_LONG = re.compile(r"[a-z]{6,}")
_KNOWN = sorted(load_vocabulary()._speller.known)
_WORDS = st.one_of(
    st.from_regex(r"[A-Za-z]{1,5}", fullmatch=True),
    st.builds(lambda word, case: case(word), st.sampled_from(_KNOWN),
              st.sampled_from([str, str.upper, str.title])),
)
_SEPARATORS = st.sampled_from([" ", ", ", ". ", "-", "\n", "'", "/", "1", "\u00e9", "\u2019", "  "])
_TEXTS = st.one_of(
    st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=8).map(
        lambda pairs: "".join(word + after for word, after in pairs)),
    st.text(max_size=30),
).filter(lambda text: "\x00" not in text)


@given(st.lists(_TEXTS, min_size=1, max_size=6))
def test_texts_without_a_long_unknown_word_are_returned_unchanged(texts):
    speller = load_vocabulary()._speller
    assume(all(word in speller.known for text in texts for word in _LONG.findall(text.lower())))
    assert respell_with(speller, texts) == texts


@given(st.lists(st.sampled_from(["Stratergy", "stratergy", "refferal", "meeting", "x1stratergy_2", "9",
                                 "conferrence", "MEETINGS", ";", " ", "\x00", "-", "aaaaaaa"]), max_size=12))
def test_respelling_from_the_runs_of_the_text_is_respelling_from_the_text(pieces):
    speller = Speller.from_phrases(["strategy meeting", "referral", "conference"])
    text = "\x00" + " ".join(pieces) + "\x00"
    assert respell_joined(speller, text, word_runs(text.lower())) == respell_joined(speller, text)
