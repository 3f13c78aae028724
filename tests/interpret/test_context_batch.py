"""The context step's whole-batch helpers give what their per-text or per-position forms give."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.context import (
    GAP,
    _clause_ends,
    _covered,
    _find_triggers,
    _marks,
    as_text,
    as_texts,
    code_points,
)
from reviewkit.interpret.matcher import find_all, match_key
from reviewkit.interpret.vocabulary_file import load_vocabulary

VALUES = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab '`’\x00İ\u00a0é.;") + ["\u2014"]), max_size=12),
    st.none(), st.just(float("nan")), st.just(pd.NA), st.integers(-5, 5))


@given(st.lists(VALUES, max_size=8))
def test_as_texts_is_as_text_of_each_value(values):
    assert as_texts(values) == [as_text(value) for value in values]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=12))
def test_covered_is_whether_some_span_holds_each_position(spans):
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([s + n for s, n in spans], dtype=np.int64)
    size = 40
    expected = np.zeros(size, dtype=bool)
    for start, end in zip(starts.tolist(), ends.tolist()):
        expected[start:end] = True
    np.testing.assert_array_equal(_covered(starts, ends, size), expected)


def test_each_trigger_has_one_row_per_rule_of_its_phrase_in_order():
    vocabulary = load_vocabulary()
    compiled = vocabulary.context.compiled
    whole = GAP + "no referral; to be arranged, not done. previous plan: no, not" + GAP
    found = _find_triggers(whole, vocabulary)
    expected = [(s, e, rule) for s, e, phrase in zip(*find_all(compiled.regex, whole))
                for rule in compiled.rules_of[match_key(phrase)]]
    assert len(expected) > 5
    assert list(found.itertuples(index=False, name=None)) == expected


def clause_ends_by_position(text: str, marks: str, terminators: list[int], dashes: bool) -> list[int]:
    """Where clauses end, position by position (what ``_clause_ends`` gives over the batch)."""
    ends = set(terminators)
    for k, char in enumerate(text):
        after = text[k + 1] if k + 1 < len(text) else None
        before = text[k - 1] if k > 0 else None
        time = char == ":" and (before or "").isdigit() and (after or "").isdigit()  # "15:20"
        if (char in marks or (char == "." and after in (" ", "\x00", "\n"))) and not time:
            ends.add(k)
        if dashes and char == "-" and after == " " and before == " " and k + 1 < len(text):
            ends.add(k)
    return sorted(ends)


@given(st.text(alphabet=st.sampled_from(list("a .-;:,!?\n\x00é15") + ["\u2014"]), max_size=30),
       st.sampled_from([";!?:\n\x00", ";!?:\n\x00,", ";!?\n\x00", ""]), st.booleans(), st.data())
def test_clause_ends_are_found_as_position_by_position(text, marks, dashes, data):
    terminators = sorted(data.draw(st.sets(st.integers(0, max(len(text) - 1, 0)), max_size=3))) if text else []
    found = _clause_ends(_marks(code_points(text)), marks, np.array(terminators, dtype=np.int64), dashes=dashes)
    assert found.dtype == np.int64
    assert found.tolist() == clause_ends_by_position(text, marks, terminators, dashes)
