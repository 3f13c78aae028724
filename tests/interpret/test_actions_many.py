"""Action-taken texts read together (``actions_in_many``) as each clause alone was read."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret import actions
from reviewkit.interpret.actions import actions_in, actions_in_many
from reviewkit.interpret.context import prepare, span_status
from reviewkit.interpret.vocabulary_file import load_vocabulary

CLAUSES = [
    "DSL referred to the Social Worker at 10:15 the same morning", "Police not contacted",
    "not reported to Children's Services", "will refer to MASH", "rang 101 at 21:40",
    "Social Worker told by telephone on 24/09/2015", "Mother's explanation accepted",
    "no referral made to the police", "emailed duty team", "Police informed", "Police not",
    "contacted Children's Services at 09:05", "no concerns", "reported to police 999 at 15:10",
    "advice only", "father told social care he would not engage", "not",
]
ENDS = [". ", "; ", " but ", ", ", " however ", "! ", " "]


def one_clause_at_a_time(text: str) -> list[tuple[str, str | None, str | None]]:
    """The reading before texts were read together: the engine once per clause with verbs."""
    vocabulary = load_vocabulary()
    prepared = prepare(text, vocabulary)
    found: list[tuple[str, str | None, str | None]] = []
    pieces = re.split(f"({actions._CLAUSES.pattern})", prepared.lower())
    offsets = np.cumsum([0, *map(len, pieces)])
    for clause, offset in zip(pieces[::2], offsets[::2].tolist()):
        verbs = [(m.start() + offset, m.end() + offset, "referral") for m in actions._VERB.finditer(clause)]
        if not verbs or "affirmed" not in span_status(prepared, verbs, vocabulary):
            continue
        times = list(actions._TIME.finditer(clause))
        day = actions._DAY.search(clause)
        for event_type, recipient in actions._RECIPIENTS.items():
            named = recipient.search(clause)
            if named is None or event_type in (f for f, _, _ in found):
                continue
            after = [t for t in times if t.start() >= named.end()]
            time = after[0] if after else (times[-1] if times else None)
            found.append((event_type, f"{int(time[1]):02d}:{time[2]}" if time else None, day[0] if day else None))
    return found


texts = st.lists(st.tuples(st.sampled_from(CLAUSES), st.sampled_from(ENDS)), max_size=5).map(
    lambda parts: "".join(clause + end for clause, end in parts).strip())


@given(st.lists(texts, max_size=6))
def test_texts_read_together_give_what_each_clause_read_alone_gave(batch):
    assert actions_in_many(batch) == [one_clause_at_a_time(text) for text in batch]


def test_a_negation_ending_one_text_does_not_reach_the_next():
    batch = ["Police not", "contacted Children's Services at 09:05", "not", "Police informed", ""]
    assert actions_in_many(batch) == [[], [("referral", "09:05", None)], [], [("police_report", None, None)], []]
    assert [actions_in(text) for text in batch] == actions_in_many(batch)
