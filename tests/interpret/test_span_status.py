"""``span_status``: the context rules read around words another reader found (the report verbs of
an action-taken text), given as ``(start, end, type id)`` spans of the prepared text."""

from __future__ import annotations

import pytest

from reviewkit.interpret.context import STATUS, prepare, span_status
from reviewkit.interpret.vocabulary_file import load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def status(vocab, text: str, *spans: tuple[str, str]) -> list[str]:
    """The status of each ``(words, type id)`` of ``text``, found in its prepared form in order."""
    prepared = prepare(text, vocab)
    found, at = [], 0
    for words, type_id in spans:
        start = prepared.lower().index(words, at)
        found.append((start, start + len(words), type_id))
        at = start + len(words)
    return span_status(prepared, found, vocab)


def test_prepare_gives_the_text_the_positions_refer_to(vocab):
    assert prepare("Did not refer to Children\u2019s Services", vocab) == (
        "Did not refer to Childrens Services")
    assert prepare("Stratergy meeting not held", vocab) == "strategy meeting not held"
    assert prepare(None, vocab) == ""


def test_no_spans_no_statuses(vocab):
    assert span_status("Police not contacted", [], vocab) == []


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("Referred to MASH", "referred", "affirmed"),
        ("Reported to police", "reported", "affirmed"),  # a terminating word in the span: nothing
        ("Did not refer to Children's Services", "refer", "negated"),
        ("No referral made", "referral", "negated"),
        ("will refer to MASH", "refer", "planned"),
        ("Referral to be made", "referral", "planned"),
        ("should have referred to MASH", "referred", "planned"),
        ("Previously referred to MASH", "referred", "historical"),
    ],
)
def test_the_words_around_a_span_give_its_status(vocab, text, words, expected):
    assert status(vocab, text, (words, "referral")) == [expected]


def test_a_trigger_overlapping_the_span_negates_it(vocab):
    # the trigger is "not reported"; the span is its second word
    assert status(vocab, "Not reported to police", ("reported", "police_report")) == ["negated"]
    assert status(vocab, "Concerns not referred", ("referred", "referral")) == ["negated"]


def test_a_trigger_overlapping_the_span_qualifies_only_the_types_it_applies_to(vocab):
    # "not reported" says a report was not made, not that the bruise was not there
    assert status(vocab, "Not reported to police", ("reported", "injury")) == ["affirmed"]
    assert status(vocab, "Bruise not reported", ("bruise", "injury")) == ["affirmed"]
    assert status(vocab, "Bruise not reported", ("bruise", "referral")) == ["negated"]


def test_each_span_has_its_own_status(vocab):
    got = status(vocab, "No referral made; police informed", ("referral", "referral"),
                 ("informed", "police_report"))
    assert got == ["negated", "affirmed"]
    got = status(vocab, "Police not contacted. Will refer to MASH tomorrow",
                 ("police", "police_report"), ("refer", "referral"))
    assert got == ["negated", "planned"]


def test_a_negation_and_a_time_qualifier_combine(vocab):
    assert status(vocab, "Previously not referred", ("referred", "referral")) == [
        "negated and historical"]
    assert status(vocab, "Was not going to refer", ("refer", "referral")) == ["negated and planned"]
    assert {"negated and historical", "negated and planned"} <= set(STATUS)
