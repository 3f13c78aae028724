"""Keys that begin with a character that is not a word character ("#left arm", "@ home") are
compiled only for a text that has their words, and a key at the very start of a text is still
found as the regex over every key finds it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.matcher import KeyScanner, WordScan, find_all

KEYS = ["#arm", "# left arm", "@ home", "home", "home visit", "arm", "visits", "left"]


def test_odd_keys_are_compiled_only_where_their_words_are():
    scanner = KeyScanner(KEYS, all_at=10)  # never every key at once: what each text needs
    assert find_all(scanner, " home visit ")[2] == ["home visit"]
    assert not {"#arm", "# left arm"} & scanner.compiled_keys  # no "arm" in the text
    assert find_all(scanner, " seen @ home, #arm and # left arms")[2] == ["@ home", "#arm", "# left arms"]


@pytest.mark.parametrize("text", ["home visit", "arm", "visits home", "#arm", "@ home", "x"])
def test_a_key_at_the_very_start_is_found_as_by_the_regex_over_every_key(text):
    every = WordScan(KEYS, plurals=True, kept=False)
    assert find_all(KeyScanner(KEYS), text)[2] == find_all(every, text)[2]
    assert find_all(KeyScanner(KEYS), text)[0].tolist() == find_all(every, text)[0].tolist()


@given(st.lists(st.sampled_from(["home", "visit", "visits", "#", "@", "arm", "left", " ", "-", ",", "x"]),
                max_size=12))
def test_the_scanner_finds_what_the_regex_over_every_key_finds(pieces):
    text = "".join(pieces)
    every = WordScan(KEYS, plurals=True, kept=False)
    starts, ends, found = find_all(KeyScanner(KEYS), text)
    expected = find_all(every, text)
    assert found == expected[2]
    assert starts.tolist() == expected[0].tolist() and ends.tolist() == expected[1].tolist()
