"""A key index made from one made before is the index made afresh; a scanner read back from a
cache lends its index to a scanner over nearly the same keys."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret import key_index as module
from reviewkit.interpret.key_index import key_index
from reviewkit.interpret.matcher import KeyScanner, find_all

WORDS = st.sampled_from(["home", "visit", "hv", "strategy", "meeting", "held", "today", "s47",
                         "a&e", "café", "#", "?", "x-ray", "child", "a", "visits"])
KEYS = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)


def normal(index) -> tuple[list, dict, frozenset]:
    ordered, by_words, always = index
    return ordered, {first: sorted(listed) for first, listed in by_words.items()}, always


def fresh(keys) -> tuple[dict, frozenset]:
    saved = list(module._made)
    module._made.clear()
    try:
        return normal(key_index(keys))
    finally:
        module._made[:] = saved


@given(st.sets(KEYS, max_size=30), st.sets(KEYS, max_size=8), st.sets(KEYS, max_size=8))
def test_an_index_made_from_another_is_the_index_made_afresh(first, added, removed):
    module._made.clear()
    before = normal(key_index(first))
    second = (first | added) - removed
    assert normal(key_index(second)) == fresh(second)
    assert normal(key_index(second))[0] == sorted(second)
    assert normal(key_index(first)) == before  # the first index was not changed in place


def test_far_apart_key_sets_are_indexed_afresh(monkeypatch):
    monkeypatch.setattr(module, "NEAR", 1)
    module._made.clear()
    key_index(["a b", "c"])
    assert normal(key_index(["d e", "f"])) == (["d e", "f"], {("d", "e"): [("d e", ())], ("f",): [("f", ())]},
                                               frozenset())


def test_a_scanner_read_back_lends_its_index(monkeypatch):
    keys = ["home visit", "hv", "strategy meeting", "#arm", "visits"]
    scanner = pickle.loads(pickle.dumps(KeyScanner(keys)))
    module._made.clear()
    copy = pickle.loads(pickle.dumps(scanner))  # remembered as it is read
    assert module._made and module._made[-1][1][1] is copy._by_words
    wider = KeyScanner([*keys, "home"])
    assert normal((wider.keys, wider._by_words, wider._always)) == fresh([*keys, "home"])
    assert find_all(wider, " hv home visits #arm home")[2] == ["hv", "home visits", "#arm", "home"]


@pytest.fixture(autouse=True)
def _forget():
    """Each test starts and ends with no index kept."""
    module._made.clear()
    yield
    module._made.clear()
