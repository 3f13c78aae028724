"""An agency's vocabulary indexes its scanner's keys from the vocabulary's: the same index, the
same keys found, as a scanner made from all its keys."""

from __future__ import annotations

import pytest

from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.agency_vocabulary import agency_vocabulary, scoped_aliases
from reviewkit.interpret.key_index import key_index, with_keys
from reviewkit.interpret.matcher import KeyScanner, find_all
from reviewkit.interpret.vocabulary_file import load_vocabulary

VOCABULARY = load_vocabulary()
AGENCIES = scoped_aliases(VOCABULARY, load_agency_aliases())


def _index(scanner: KeyScanner) -> tuple:
    return (scanner.keys, {first: sorted(keys) for first, keys in scanner._by_words.items() if keys},
            sorted(scanner._always), scanner._from_start)


@pytest.mark.parametrize("agency", sorted(AGENCIES))
def test_an_agency_scanner_is_the_scanner_over_all_its_keys(agency):
    matcher = agency_vocabulary(VOCABULARY, AGENCIES[agency])._matcher
    every = KeyScanner(set(matcher.by_key) | {key.lower() for key in matcher.by_exact})
    assert _index(matcher.scan) == _index(every)
    text = "\x00 supervision appt attended; booking bloods taken; f2f appt; caller reported #left arm \x00"
    assert find_all(matcher.scan, text)[2] == find_all(every, text)[2]


@pytest.mark.parametrize("added", [[], ["hv"], ["supervision", "#arm", "zz top"], [f"key {n}" for n in range(100)]])
def test_keys_added_to_an_index_give_the_index_of_all_the_keys(added):
    keys = ["home visit", "hv", "#left arm", "strategy meeting held today"]
    assert with_keys(key_index(keys), added) == key_index([*keys, *added])
