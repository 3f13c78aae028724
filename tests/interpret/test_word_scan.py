"""WordScan finds what the regex of scanning_regex finds, keys that begin with a character that is
not a word character among them."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.matcher import WordScan, find_all, scanning_regex, trie_pattern

KEYS = st.lists(st.sampled_from(["?", "#arm", "# arm", "#", "arm", "arms", "a.", "a. b", "?!", "b",
                                 "x y", "&", "a&e", "s.47", "47"]), min_size=1, max_size=8)
TEXT = st.lists(st.sampled_from(["?", "#", "arm", "arms", "a", ".", " ", "b", "!", "&", "e", "x",
                                 "y", "s", "47", "\x00", "\u2003", "é", "-"]), max_size=25)


@given(KEYS, TEXT, st.booleans())
def test_the_keys_found_are_those_the_regex_finds(keys, pieces, plurals):
    text = "".join(pieces)
    regex = scanning_regex(trie_pattern(set(keys), plurals=plurals), set(keys))
    found, expected = find_all(WordScan(keys, plurals=plurals), text), find_all(regex, text)
    np.testing.assert_array_equal(found[0], expected[0])
    np.testing.assert_array_equal(found[1], expected[1])
    assert found[2] == expected[2]


def test_a_long_run_of_keys_that_begin_where_the_last_ended_is_read_without_recursion():
    text = "?" * 5000 + " arm"
    found = find_all(WordScan(["?", "arm"]), text)
    assert found[2] == ["?"] * 5000 + ["arm"] and found[0][-1] == 5001
