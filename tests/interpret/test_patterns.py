"""Patterns: events read from who did what to whom, with words in between."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.mentions import read_texts
from reviewkit.interpret.patterns import (
    GAP_STOPS,
    Pattern,
    Patterns,
    find_patterns,
    packaged_patterns,
    read_patterns,
)
from reviewkit.interpret.vocabulary_file import load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def tags(text: str, vocab) -> set[str]:
    return set(filter(None, read_texts([text], vocab)[0].tags.split(";")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mummy's boyfriend punched him in the stomach", {"assault"}),
        ("Father hit Child A with a slipper on Sunday", {"assault"}),
        ("Mum has been hitting her with a hairbrush", {"assault"}),
        ("Child B told the foster carer that she saw dad hit mum with the TV remote",
         {"disclosure", "domestic_abuse_incident"}),
        ("Child A said he was kicked by his step-dad on the stairs", {"disclosure", "assault"}),
        ("Child A's sister told the DSL that mum hits Child A when she has been drinking",
         {"disclosure", "assault"}),
        ("Mother reported that father turned up at the house, kicked the door in and threatened "
         "her in front of the children", {"domestic_abuse_incident"}),
        ("Her partner has been taking her bank card and locking her in",
         {"domestic_abuse_incident"}),
        ("The kinship carer (pat GM) smacked Child C on the legs", {"concern_about_carers"}),
        ("The family have moved into a 2-bed flat in Northgate", {"house_move"}),
        ("Police informed SW that father was arrested last night",
         {"information_shared", "arrest"}),
        ("She told the teacher that daddy hurts her", {"disclosure"}),
    ],
)
def test_a_sentence_is_read_for_its_event(vocab, text, expected):
    assert expected <= tags(text, vocab)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Dad did not hit him", "assault"),  # a gap never passes "not"
        ("No evidence that dad hit him", "assault"),  # negated by the context rules
        ("Father denies that he hit Child A", "assault"),
        ("Dad was angry. Hit the wall, not him", "assault"),  # a clause end stops the pattern
        ("If father hits her again, police to be called", "domestic_abuse_incident"),
        ("Mother said dad had shouted at her", "assault"),
        ("Child A told the teacher he enjoyed the trip", "disclosure"),  # nothing harmful told
        ("SW moved to the duty team", "house_move"),
    ],
)
def test_what_did_not_happen_is_not_read(vocab, text, absent):
    assert absent not in tags(text, vocab)


def test_an_alias_that_begins_first_keeps_its_meaning_beside_the_pattern(vocab):
    # "saw father slapping" (assault witnessed) begins before "father slapping Child A"
    assert tags("Teacher saw father slapping Child A in the playground", vocab) == {
        "assault_witnessed", "assault"}


def test_an_alias_that_shares_the_patterns_first_words_gives_way(vocab):
    assert tags("Child saw dad hit mum", vocab) == {"domestic_abuse_incident"}


def test_patterns_of_two_types_may_begin_on_one_word(vocab):
    found = tags("DSL rang MASH and police at once", vocab)
    assert {"referral", "police_report"} <= found


def test_patterns_of_two_types_may_overlap(vocab):
    found = tags("Paternal grandmother (kinship carer) smacked Child B on the legs", vocab)
    assert {"concern_about_carers", "assault"} <= found


def test_a_gap_never_passes_into_someones_account(vocab):
    # the father pushes (not the mother), and her account of it is an allegation
    assert tags("Mother said father pushed her down the stairs", vocab) == {
        "domestic_abuse_incident", "allegation"}


def test_words_inside_a_gap_are_read_for_themselves(vocab):
    found = tags("Father turned up drunk, kicked the door in and threatened her", vocab)
    assert {"domestic_abuse_incident", "substance_misuse"} <= found


def test_the_mention_quotes_the_words_of_the_pattern(vocab):
    listing = read_texts(["Child A said he was kicked by his step-dad"], vocab)[0].mentions
    assert 'disclosure: affirmed ("Child A said")' in listing
    assert 'assault: affirmed ("kicked by his step-dad")' in listing


def test_a_users_file_adds_classes_and_patterns(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[patterns.words]\nparent = ["nana"]\npet = ["dog", "puppy"]\n'
        '[[patterns.pattern]]\ntype = "assault"\nphrases = ["@pet ~2 bit ~2 @child"]\n',
        encoding="utf-8")
    vocab = load_vocabulary(path)
    assert "assault" in tags("The dog then bit Child A on the hand", vocab)
    assert "assault" in tags("Nana hit him", vocab)  # the packaged class gained a word
    assert "assault" not in tags("The dog then bit Child A on the hand", load_vocabulary())


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"pattern": [{"type": "assault", "phrases": ["~2 hit"]}]}, "must begin with a word"),
        ({"pattern": [{"type": "assault", "phrases": ["dad ~40 hit"]}]}, "skips 40 words"),
        ({"pattern": [{"type": "assault", "phrases": ["dad => hit => him"]}]}, "at most one '=>'"),
        ({"pattern": [{"type": "assault", "phrase": ["dad hit"]}]}, "unknown field 'phrase'"),
        ({"pattern": [{"type": "assualt", "phrases": ["dad hit"]}]}, "not an event type"),
        ({"pattern": [{"type": "assault", "phrases": ["dad {hit"]}]}, "cannot be read"),
        ({"words": {"Adult": ["dad"]}}, "must be lower-case"),
        ({"words": {"adult": "dad"}}, "a list of words"),
        ({"rules": []}, "[[patterns.pattern]]"),
    ],
)
def test_a_bad_pattern_file_is_refused_in_words(data, words):
    with pytest.raises(VocabularyError, match=re.escape(words)):
        read_patterns(data, "mine.toml", known=("assault",))


def test_a_class_nobody_defines_is_refused_when_the_vocabulary_is_built(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[[patterns.pattern]]\ntype = "assault"\nphrases = ["@grown_up hit"]\n',
                    encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"mine\.toml.*@grown_up"):
        load_vocabulary(path)


def test_every_packaged_pattern_compiles_and_every_class_is_used():
    patterns = packaged_patterns()
    compiled = patterns.compiled({p.type for p in patterns.patterns})
    assert sum(len(types) for types in compiled.types) == len(patterns.patterns)
    assert [regex.groups for regex in compiled.regexes] == [2] * len(patterns.patterns)  # one a pattern
    used = {name for p in patterns.patterns for name in re.findall(r"@([a-z_]+)", p.text)}
    used |= {w[1:] for listed in patterns.words.values() for w in listed if w.startswith("@")}
    assert set(patterns.words) == used


words = st.sampled_from(["dad", "hit", "him", "not", "mum", ",", ".", "the", "Child", "A",
                         "said", "-", "\n", "but", "kicked", "by", "her", "x"])


@given(st.lists(words, max_size=30))
def test_a_match_never_crosses_a_clause_end_or_a_stop_word(tokens):
    compiled = Patterns({"adult": ("dad", "mum"), "harm": ("hit", "kicked")},
                        (Pattern("assault", "@adult ~4 @harm ~2 {him|her}"),)
                        ).compiled(["assault"])
    text = " " + " ".join(tokens).lower() + " "
    starts, ends, found = find_patterns(compiled, text)
    for start, end in zip(starts.tolist(), ends.tolist()):
        inside = text[start:end]
        assert not set(inside) & set(".;:\n")
        assert not set(inside.split()) & set(GAP_STOPS)
        assert inside.split()[0] in {"dad", "mum"} and inside.split()[-1] in {"him", "her"}
    assert found == ["assault"] * len(starts)


@given(st.recursive(
    st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["words", "pattern", "type", "phrases", "adult", "x"]), inner,
                                max_size=4)),
    max_leaves=12))
def test_any_patterns_table_is_read_or_refused_in_words(data):
    try:
        read_patterns(data, "mine.toml", known=("assault",))
    except VocabularyError as error:
        assert str(error).startswith("mine.toml")


@pytest.mark.parametrize("text, witnessed", [
    ("Child A reported seeing mother slap him.", False),  # the child's account, not staff's
    ("Child B said she saw dad hit her brother.", False),
    ("Teacher reported seeing mother slap him at the gate.", True),
    ("TA saw stepdad slapping Child B at the school gate.", True),
])
def test_an_assault_witnessed_is_one_a_professional_saw(text, witnessed, vocab):
    assert ("assault_witnessed" in tags(text, vocab)) is witnessed
