"""Texts joined with the separator: the scanner compiles the keys each text may hold (a key whose
words are in two texts is found in neither), and finds what the regex over every key finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.matcher import GAP_CHAR, KeyScanner, WordScan, find_all

KEYS = ["strategy meeting held today", "strategy meeting", "home visit", "home", "visits", "#left arm", "today"]


def test_a_key_whose_words_are_in_two_texts_is_not_compiled():
    scanner = KeyScanner(KEYS, all_at=10)
    text = GAP_CHAR + GAP_CHAR.join(["Strategy meeting held", "today".lower(), "left", "arm"]) + GAP_CHAR
    assert find_all(scanner, text.lower())[2] == ["strategy meeting", "today"]
    assert "strategy meeting held today" not in scanner.compiled_keys
    assert "#left arm" not in scanner.compiled_keys


@given(st.lists(st.lists(st.sampled_from(["strategy", "meeting", "held", "today", "home", "visit", "visits",
                                          "#", "left", "arm", " ", "-"]), max_size=8), max_size=6))
def test_joined_texts_are_scanned_as_by_the_regex_over_every_key(texts):
    text = GAP_CHAR + GAP_CHAR.join("".join(words) for words in texts) + GAP_CHAR
    expected = find_all(WordScan(KEYS, plurals=True, kept=False), text)
    starts, ends, found = find_all(KeyScanner(KEYS, all_at=10), text)
    assert found == expected[2]
    assert starts.tolist() == expected[0].tolist() and ends.tolist() == expected[1].tolist()
