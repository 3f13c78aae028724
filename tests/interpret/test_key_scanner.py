"""The alias scanner compiles only the keys a text can hold, and finds what the full regex finds."""

from __future__ import annotations

import csv
import pickle
import re
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret import pattern_regex
from reviewkit.interpret.context import GAP
from reviewkit.interpret.matcher import (
    WORD,
    KeyScanner,
    find_all,
    match_key,
    scanning_regex,
    trie_pattern,
)
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.interpret.word_runs import word_runs

CORPUS = Path(__file__).resolve().parents[1] / "data" / "reading_corpus.csv"


@pytest.fixture(scope="module")
def keys() -> list[str]:
    matcher = load_vocabulary()._matcher
    return sorted(set(matcher.by_key) | {k.lower() for k in matcher.by_exact})


@pytest.fixture(scope="module")
def full_regex(keys):
    """The regex over every key, as the matcher compiled it before the scanner."""
    return scanning_regex(trie_pattern(keys, plurals=True), keys)


def joined(texts: list[str]) -> str:
    """Texts joined and lower-cased as the reading engine scans them."""
    return (GAP + GAP.join(texts) + GAP).lower()


def assert_same(found, expected) -> None:
    np.testing.assert_array_equal(found[0], expected[0])
    np.testing.assert_array_equal(found[1], expected[1])
    assert found[2] == expected[2]


def corpus_texts() -> list[str]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row[field] for row in rows for field in ("contact_type", "details", "outcome")]


def test_the_corpus_is_read_as_by_the_full_regex_batch_by_batch(keys, full_regex):
    scanner = KeyScanner(keys)
    texts = corpus_texts()
    sizes = []
    for start in range(0, len(texts), 200):  # the regex grows batch by batch, then holds all
        whole = joined(texts[start : start + 200])
        assert_same(find_all(scanner, whole), find_all(full_regex, whole))
        sizes.append(len(scanner.compiled_keys))
    assert 0 < sizes[0] < sizes[1] < len(keys)


def test_the_sample_case_is_read_as_by_the_full_regex(keys, full_regex, sample_chronology):
    scanner = KeyScanner(keys)
    texts = [str(t) for column in ("summary", "outcome", "practitioner")
             for t in sample_chronology[column].dropna()]
    whole = joined(texts)
    found = find_all(scanner, whole)
    assert len(found[2]) > 200
    assert_same(found, find_all(full_regex, whole))


def test_a_plural_is_found_where_a_longer_key_extends_it_with_an_s():
    # "visit" is followed in the trie by "visitsxyz": "visits" is still the plural of "visit"
    # ("CP plan" beside "CP plans made": "CP plans" was not read, so no plan was)
    keys = ["visit", "visitsxyz", "call"]
    full = scanning_regex(trie_pattern(keys, plurals=True), keys)
    for text in [" visits ", " calls, visit ", " visitsxyz ", " visitss "]:
        assert_same(find_all(KeyScanner(keys, all_at=1), text), find_all(full, text))
    assert find_all(KeyScanner(keys, all_at=1), " visits calls visitsxyz ")[2] == ["visits", "calls", "visitsxyz"]
    assert find_all(KeyScanner(keys, all_at=1), " visitss ")[2] == []


def test_the_regex_is_compiled_again_only_for_new_keys():
    scanner = KeyScanner(["home visit", "home", "hv", "bruise", "strategy meeting"], all_at=2)
    first = scanner.regex_for(" home visit ")
    assert scanner.compiled_keys == {"home", "home visit"}
    assert scanner.regex_for(" home ") is first
    assert find_all(scanner, " nothing here ")[2] == []
    assert find_all(scanner, " bruises; strategy  meeting ")[2] == ["bruises", "strategy  meeting"]
    assert scanner.compiled_keys == {"home", "home visit", "bruise", "strategy meeting"}


def test_past_the_share_every_key_is_compiled():
    scanner = KeyScanner(["home visit", "home", "hv", "bruise"], all_at=0.5)
    find_all(scanner, " hv ")
    assert len(scanner.compiled_keys) == 1
    find_all(scanner, " bruise ")
    assert len(scanner.compiled_keys) == 4


def test_compiling_again_and_again_ends_in_every_key_once():
    keys = [f"word{k}" for k in range(100)]
    scanner = KeyScanner(keys)  # a quarter: 25 keys compiled, over every compile
    sizes = []
    for k in range(100):  # a case after another, each with one new word
        find_all(scanner, f" word{k} ")
        sizes.append(len(scanner.compiled_keys))
    assert sizes[:6] == [1, 2, 3, 4, 5, 6] and sizes[6] == 100  # 1 + 2 + ... + 6 = 21 < 25 <= 28
    assert scanner._spent == 21 + 100


def test_a_large_text_gets_every_key():
    scanner = KeyScanner(["home visit", "home", "hv"], large=10)
    find_all(scanner, " hv and more words ")
    assert len(scanner.compiled_keys) == 3


def test_a_large_text_with_its_runs_gets_the_keys_whose_words_it_holds():
    scanner = KeyScanner(["home visit", "home", "hv", "bruise", "#arm", "cp plan", "cp plans made"],
                         all_at=1, large=10)
    text = " hv and cp plans, an arm "
    find_all(scanner.regex_for(text, word_runs(text)), text)
    assert scanner.compiled_keys == {"hv", "#arm", "cp plan", "cp plans made"}  # the plural's key too


def test_the_corpus_read_in_large_batches_by_their_runs_is_read_as_by_the_full_regex(keys, full_regex):
    scanner = KeyScanner(keys, all_at=1, large=0)  # every batch large: its keys found from its runs
    texts = corpus_texts()
    sizes = []
    for start in range(0, len(texts), 1500):
        whole = joined(texts[start : start + 1500])
        assert_same(find_all(scanner.regex_for(whole, word_runs(whole)), whole), find_all(full_regex, whole))
        sizes.append(len(scanner.compiled_keys))
    assert 0 < sizes[0] < sizes[1]


LARGE_PIECES = st.sampled_from(
    ["home", "visit", "visits", "a", "e", "&", "-", " ", ",", ".", "s", "hv", "strategy", "meeting",
     "meetings", "child", "protection", "plan", "x", "\x00", "/", "the", "police", "ed", "cp", "plans",
     "made", "#", "arm", "#arm"])


@given(st.lists(LARGE_PIECES, max_size=30))
def test_any_large_text_read_by_its_runs_is_read_as_by_the_full_regex(pieces):
    keys = sorted({match_key(k) for k in [
        "home visit", "home", "visit", "visitsxyz", "a&e", "a e", "strategy meeting", "strategy",
        "child protection plan", "child protection", "the police", "police", "ed", "cp plan",
        "cp plans made", "hv", "x/ray", "s.47", "#arm", "#left arm"]})
    text = "\x00" + "".join(pieces).lower() + "\x00"
    full = scanning_regex(trie_pattern(keys, plurals=True), keys)
    scanner = KeyScanner(keys, all_at=1, large=0)
    assert_same(find_all(scanner.regex_for(text, word_runs(text)), text), find_all(full, text))


def test_keys_starting_with_punctuation_are_always_compiled():
    keys = ["@ home", "a&e", "home"]
    full = scanning_regex(trie_pattern(keys, plurals=True), keys)
    for text in ["@ home a&e", "x@ home", " a & e, a&e's"]:
        assert_same(find_all(KeyScanner(keys, all_at=1), text), find_all(full, text))


PIECES = st.sampled_from(["home", "visit", "visits", "a", "e", "&", "-", " ", "  ", ",", ".", "s",
                          "hv", "strategy", "meeting", "meetings", "child", "protection", "plan",
                          "x", "café", "\x00", "'", "/", "the", "police", "ed", "cp"])


@given(st.lists(PIECES, max_size=30))
def test_any_text_is_read_as_by_the_full_regex(pieces):
    keys = sorted({match_key(k) for k in [
        "home visit", "home", "visit", "visitsxyz", "a&e", "a e", "strategy meeting", "strategy",
        "child protection plan", "child protection", "the police", "police", "ed", "cp plan",
        "café", "hv", "x/ray", "s.47"]})
    text = "".join(pieces)
    full = scanning_regex(trie_pattern(keys, plurals=True), keys)
    assert_same(find_all(KeyScanner(keys, all_at=1), text), find_all(full, text))


def test_word_characters_are_ascii_letters_digits_underscore_and_all_non_ascii():
    every = "".join(map(chr, range(0x110000)))

    def words(ascii_word: str) -> str:
        return "".join(c for c in every if c in ascii_word or ord(c) >= 0x80)

    assert "".join(re.findall(WORD, every)) == words(string.ascii_letters + string.digits + "_")
    lower = string.ascii_lowercase + string.digits + "_"
    assert "".join(re.findall(pattern_regex._WORD, every)) == words(lower)
    assert "".join(re.findall(pattern_regex._NOT_WORD, every)) == "".join(
        c for c in every if c not in lower and ord(c) < 0x80)


def test_a_copy_for_another_process_leaves_the_regex_behind():
    scanner = KeyScanner(["home visit", "home", "hv"], all_at=1)
    find_all(scanner, " home visit ")
    copy = pickle.loads(pickle.dumps(scanner))
    assert copy.compiled_keys == frozenset() and scanner.compiled_keys == {"home", "home visit"}
    assert find_all(copy, " hv, home visit ")[2] == ["hv", "home visit"]
