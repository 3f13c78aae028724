"""Where an alias's mention and a pattern's match overlap, the vectorised choice of which to keep
is the one the loop over each match made."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.mentions import _longer_wins


def by_loop(aliases, found, named, missed):
    """_longer_wins as it was written, one match at a time (a missed contact hides the named
    contact it names)."""
    keep_alias = np.ones(len(aliases["start"]), bool)
    keep_found = np.ones(len(found["start"]), bool)
    typed = (aliases["type"] >= 0) | (aliases["other"] >= 0)
    first = np.searchsorted(aliases["end"], found["start"], side="right")
    last = np.searchsorted(aliases["start"], found["end"], side="left")
    overlapping = np.flatnonzero(last > first).tolist()
    kept_for: set[int] = set()
    for k in overlapping:
        near = np.arange(first[k], last[k])
        near = near[typed[near]]
        covers = (aliases["start"][near] <= found["start"][k]) & (aliases["end"][near] >= found["end"][k])
        same = aliases["type"][near] == found["type"][k]
        if covers.any() or same.any():
            keep_found[k] = False
            kept_for.update(near[covers | same].tolist())
    for k in overlapping:
        if not keep_found[k]:
            if missed[found["type"][k]]:  # a missed contact hides the contact it names all the same
                near = np.arange(first[k], last[k])
                near = near[typed[near]]
                start, end = aliases["start"][near], aliases["end"][near]
                within = (start >= found["start"][k]) & (end <= found["end"][k])
                inside = (start > found["start"][k]) & (end < found["end"][k])
                other = aliases["type"][near] != found["type"][k]
                keep_alias[near[within & ~inside & other & named[aliases["type"][near]]]] = False
            continue
        near = np.arange(first[k], last[k])
        near = near[typed[near]]
        start, end = aliases["start"][near], aliases["end"][near]
        within = (start >= found["start"][k]) & (end <= found["end"][k])
        inside = (start > found["start"][k]) & (end < found["end"][k])
        kept_named = named[aliases["type"][near]] & ~missed[found["type"][k]]
        hidden = near[within & ~inside & ~kept_named]
        keep_alias[[h for h in hidden.tolist() if h not in kept_for]] = False
    return keep_alias, keep_found


TYPES = 4
ALIAS = st.tuples(st.integers(0, 3), st.integers(1, 4), st.integers(-1, TYPES - 1), st.integers(-1, 1))
MATCH = st.tuples(st.integers(0, 40), st.integers(1, 12), st.integers(0, TYPES - 1))


@given(st.lists(ALIAS, max_size=12), st.lists(MATCH, max_size=8),
       st.lists(st.booleans(), min_size=TYPES, max_size=TYPES),
       st.lists(st.booleans(), min_size=TYPES, max_size=TYPES))
def test_the_choice_is_the_one_made_match_by_match(spans, matches, named, missed):
    starts, position = [], 0
    for gap, width, _, _ in spans:  # aliases never overlap and come in order
        starts.append(position + gap)
        position += gap + width
    aliases = {"start": np.array(starts, np.int64),
               "end": np.array([s + w for s, (_, w, _, _) in zip(starts, spans)], np.int64),
               "type": np.array([t for _, _, t, _ in spans], np.int64),
               "other": np.array([o for _, _, _, o in spans], np.int64)}
    matches = sorted(matches)
    found = {"start": np.array([s for s, _, _ in matches], np.int64),
             "end": np.array([s + w for s, w, _ in matches], np.int64),
             "type": np.array([t for _, _, t in matches], np.int64)}
    named = np.array(named + [False])
    missed = np.array(missed + [False])
    got, expected = _longer_wins(aliases, found, named, missed), by_loop(aliases, found, named, missed)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])
