"""A save keeps what the reviewer wrote by hand in ``decisions.toml``: comments, order, layout."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_decisions import entry_decisions, finding_decisions

from reviewkit.exceptions import DecisionsError
from reviewkit.review.decisions import DECISIONS_NAME, Decisions
from reviewkit.review.reading import read_decisions
from reviewkit.review.table import change_entry, change_finding
from reviewkit.review.writing import write_decisions

HAND_WRITTEN = '''# Child D review: decisions agreed at the panel on 3 December.
# Ask the chair before changing any of these.

[[finding]]
finding_id = "F-cluster"  # the Jan-Feb 2015 cluster
status = "accepted"
# the panel agreed this was the key missed strategy meeting
note = "Key learning"

[[finding]]
finding_id = "F-gap"
status = "to discuss"

[[entry]]
entry_id = "c/gp.csv:7"
event_type = "information_shared"  # a report for the ICPC, not the ICPC
'''

COMMENTS = [line.strip() for line in HAND_WRITTEN.splitlines() if "#" in line]


def _write(folder, text=HAND_WRITTEN):
    (folder / DECISIONS_NAME).write_text(text, encoding="utf-8")


def test_comments_survive_saves_from_the_review_table(tmp_path):
    _write(tmp_path)
    change_finding(tmp_path, "F-gap", status="dismissed", note="Visits were weekly", on=None)
    change_finding(tmp_path, "F-new", status="accepted")
    change_entry(tmp_path, "c/gp.csv:7", key_episode=True)
    text = (tmp_path / DECISIONS_NAME).read_text(encoding="utf-8")
    assert all(comment in text for comment in COMMENTS), text
    assert text.index("F-cluster") < text.index("F-gap") < text.index("F-new")  # order kept
    decisions = read_decisions(tmp_path)
    assert decisions.findings["F-gap"].status == "dismissed"
    assert decisions.findings["F-cluster"].note == "Key learning"
    assert decisions.entries["c/gp.csv:7"].reviewer_tags == ("key practice episode",)


def test_a_decision_no_longer_given_is_removed_and_the_rest_kept(tmp_path):
    _write(tmp_path)
    decisions = read_decisions(tmp_path)
    write_decisions(Decisions({"F-cluster": decisions.findings["F-cluster"]}, decisions.entries), tmp_path)
    text = (tmp_path / DECISIONS_NAME).read_text(encoding="utf-8")
    assert "F-gap" not in text and "# the Jan-Feb 2015 cluster" in text
    assert sorted(read_decisions(tmp_path).findings) == ["F-cluster"]


def test_a_file_that_cannot_be_read_is_never_overwritten(tmp_path):
    broken = HAND_WRITTEN.replace('status = "to discuss"', 'status = "to discuss')
    _write(tmp_path, broken)
    with pytest.raises(DecisionsError, match="cannot be read .* so it was not overwritten"):
        write_decisions(Decisions(), tmp_path)
    assert (tmp_path / DECISIONS_NAME).read_text(encoding="utf-8") == broken


decisions_lists = st.tuples(st.lists(finding_decisions, max_size=4), st.lists(entry_decisions, max_size=4))


@given(st.lists(decisions_lists, min_size=1, max_size=3))
def test_saves_in_turn_over_a_commented_file_read_back_as_the_last(tmp_path_factory, saves):
    folder = tmp_path_factory.mktemp("d")
    _write(folder)
    for findings, entries in saves:
        decisions = Decisions({f.finding_id: f for f in findings}, {e.entry_id: e for e in entries})
        write_decisions(decisions, folder)
    back = read_decisions(folder)
    assert back.findings == decisions.findings and back.entries == decisions.entries
    assert "# Ask the chair before changing any of these." in (folder / DECISIONS_NAME).read_text("utf-8")
