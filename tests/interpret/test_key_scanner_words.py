"""The alias scanner compiles a key only when the text holds every word of it, and reads any
space between a key's words as the regex over every key does."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.matcher import KeyScanner, find_all, match_key, scanning_regex, trie_pattern
from reviewkit.interpret.vocabulary_file import load_vocabulary


def assert_same(found, expected) -> None:
    np.testing.assert_array_equal(found[0], expected[0])
    np.testing.assert_array_equal(found[1], expected[1])
    assert found[2] == expected[2]


def full(keys):
    return scanning_regex(trie_pattern(keys, plurals=True), keys)


def test_any_space_between_a_keys_words_is_read_as_by_the_full_regex():
    matcher = load_vocabulary()._matcher
    keys = sorted(set(matcher.by_key) | {k.lower() for k in matcher.by_exact})
    text = " strategy\u2003meeting held; home\u2009visit; child\u3000protection\u00a0plan "
    found = find_all(KeyScanner(keys), text)
    assert_same(found, find_all(full(keys), text))
    assert "strategy\u2003meeting" in found[2] and "home\u2009visit" in found[2]


def test_a_key_whose_later_words_are_not_in_the_text_is_not_compiled():
    keys = ["child protection plan", "child protection plan review meeting", "child protection plan ended"]
    scanner = KeyScanner(keys, all_at=1)
    text = " child protection plan ended; a review of the plan "
    assert_same(find_all(scanner, text), find_all(full(keys), text))
    assert scanner.compiled_keys == {"child protection plan", "child protection plan ended"}


def test_the_plural_of_a_long_keys_last_word_counts():
    keys = ["child protection plan review meeting", "review"]
    scanner = KeyScanner(keys, all_at=1)
    text = " child protection plan review meetings "
    assert_same(find_all(scanner, text), find_all(full(keys), text))
    assert "child protection plan review meeting" in scanner.compiled_keys


PIECES = st.sampled_from(["child", "protection", "plan", "plans", "review", "reviews", "meeting",
                          "meetings", "held", "strategy", "home", "visit", "visits", "a", "e", "&",
                          " ", "-", ",", ".", "\u2003", "\u2009", "\u3000", "\u00a0", "\x85", "x"])
KEYS = sorted({match_key(k) for k in [
    "child protection plan", "child protection plan review", "child protection plan review meeting",
    "child protection", "strategy meeting", "strategy meeting held", "home visit", "home", "a&e",
    "review meeting", "plan"]})


@given(st.lists(st.lists(PIECES, max_size=25), min_size=1, max_size=3), st.sampled_from([0.25, 1.0]))
def test_any_texts_are_read_as_by_the_full_regex(texts, all_at):
    scanner = KeyScanner(KEYS, all_at=all_at)
    for pieces in texts:  # one after another, as a process reads case after case
        text = "".join(pieces)
        assert_same(find_all(scanner, text), find_all(full(KEYS), text))
