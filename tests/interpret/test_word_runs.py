"""The runs of word characters found once for a batch are the words each step splits it into."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret import matcher
from reviewkit.interpret.pattern_regex import _SPLIT
from reviewkit.interpret.word_runs import _SPACES, word_runs

PIECES = st.sampled_from(["dad", "hit", "10yo", "hit_him", "é", "café", " ", "\u2003", "\u00a0", "\u3000",
                          "\x85", "\x00", "-", "(", ";", ".", "\t", "\n", "'", "&", "x", "s", "ß", "\ufffd"])


@given(st.lists(PIECES, max_size=30))
def test_runs_are_what_the_patterns_and_the_alias_scanner_split_a_text_into(pieces):
    text = "".join(pieces).lower()
    runs = {run.decode() for run in word_runs(text)}
    assert runs == {run for run in _SPLIT.split(text) if run}
    assert runs == {word for word in matcher._NOT_WORD.split(text) if word}


def test_every_space_beyond_ascii_is_turned_into_a_space():
    spaces = {c.encode() for c in map(chr, range(0x80, 0x110000)) if re.fullmatch(r"\s", c)}
    assert set(_SPACES) == spaces
