"""Context rules as data: the packaged triggers, a user's own ``[[context.rule]]`` tables and
``other_senses``, and the messages a mistake in them gives (naming the file and the rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.context_rules import (
    CATEGORIES,
    CURRENT,
    DIRECTIONS,
    QUALIFIERS,
    ContextRules,
    packaged_context_rules,
    read_context_rules,
)
from reviewkit.interpret.mentions import read_texts
from reviewkit.interpret.vocabulary_file import load_vocabulary


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def reading(text: str, vocabulary) -> tuple[str, str | None]:
    """(tags, mentions) of one text."""
    got = read_texts([text], vocabulary)[0]
    return got.tags, got.mentions


# --------------------------------------------------------------------------- the packaged rules


def test_the_packaged_rules_load_with_every_category():
    rules = packaged_context_rules()
    assert isinstance(rules, ContextRules)
    assert {rule.category for rule in rules.rules} == set(CATEGORIES)
    for rule in rules.rules:
        assert rule.phrases
        if rule.category in (*QUALIFIERS, CURRENT):
            assert rule.direction in DIRECTIONS and rule.reach >= 0  # 0: right next to the mention
        else:
            assert rule.direction is None
    assert packaged_context_rules() is rules  # read once


def test_the_packaged_vocabulary_carries_the_packaged_rules():
    assert load_vocabulary().context == packaged_context_rules()


def test_the_packaged_rules_name_only_types_and_groups_of_the_vocabulary():
    vocab = load_vocabulary()
    for rule in packaged_context_rules().rules:
        for name in (*rule.applies_to, *rule.not_for):
            assert name in vocab.event_types or name in vocab.groups, name


# --------------------------------------------------------------------------- a user's rules


#: A user's file with a rule of each kind the tests below read through (one file, so that its
#: vocabulary is compiled once).
MINE = """
[event_types.respite]
aliases = ["respite care"]

[event_types.home_visit]
other_senses = ["home visit{|s} policy"]

[[context.rule]]
category = "negated"
direction = "after"
phrases = ["knocked back"]
not_for = ["respite"]

[[context.rule]]
category = "planned"
direction = "after"
phrases = ["slotted in"]
applies_to = ["meeting", "respite"]
"""


@pytest.fixture(scope="module")
def mine(tmp_path_factory):
    return load_vocabulary(write(tmp_path_factory.mktemp("vocabulary"), MINE))


def test_a_users_rule_adds_a_trigger_that_then_works(mine):
    packaged = load_vocabulary()
    assert reading("Referral knocked back", packaged)[0] == "referral"
    assert len(mine.context.rules) == len(packaged.context.rules) + 2
    assert mine.context.rules[-2].phrases == ("knocked back",)
    assert reading("Referral knocked back", mine) == (
        "", 'referral: negated ("Referral knocked back")')
    assert reading("Referral accepted", mine)[0] == "referral"
    assert reading("No referral", mine)[0] == ""  # the packaged triggers still work


def test_a_users_rule_qualifies_only_the_types_it_applies_to(mine):
    assert reading("ICPC slotted in", load_vocabulary())[0] == "icpc"
    assert reading("ICPC slotted in", mine)[0] == ""  # icpc is in the meeting group
    assert reading("Home visit slotted in", mine)[0] == "home_visit"  # a visit is not


def test_a_users_rule_may_name_a_type_the_same_file_defines(mine):
    assert reading("Respite care slotted in", mine)[0] == ""
    assert reading("Respite care knocked back", mine)[0] == "respite"  # not_for
    assert reading("Respite care", mine)[0] == "respite"


RULE_ERRORS = [
    (
        'category = "negated"\ndirection = "after"\nphrase = ["x"]',
        r"context rule 1 has an unknown field 'phrase'\. Did you mean 'phrases'\?",
    ),
    (
        'category = "negated"\ndirection = "after"\nphrases = ["x"]\nscoep = 3',
        r"context rule 1 has an unknown field 'scoep'\. Did you mean 'scope'\?",
    ),
    (
        'category = "denied"\ndirection = "after"\nphrases = ["x"]',
        r"context rule 1 has category 'denied'; it must be one of: negated, planned, historical, "
        r"reported, current, pseudo, terminate",
    ),
    (
        'category = "negated"\ndirection = "sideways"\nphrases = ["x"]',
        r"context rule 1 \(negated\) has direction 'sideways'; it must be one of: before, after, "
        r"both",
    ),
    (
        'category = "planned"\nphrases = ["x"]',
        r"context rule 1 \(planned\) has direction None",
    ),
    ('category = "negated"\ndirection = "after"\nphrases = []', r"context rule 1 has no phrases"),
    (
        'category = "negated"\ndirection = "after"',
        r"context rule 1: phrases must be a list of non-empty text",
    ),
    (
        'category = "negated"\ndirection = "after"\nphrases = ["x"]\nscope = -2',
        r"context rule 1 has scope -2; it must be a whole number of words",
    ),
    (
        'category = "negated"\ndirection = "after"\nphrases = ["x"]\nscope = 2.5',
        r"context rule 1 has scope 2\.5; it must be a whole number of words",
    ),
    (
        'category = "negated"\ndirection = "after"\nphrases = ["{x"]',
        r"context rule 1: the phrase '\{x' cannot be read",
    ),
    (
        'category = "historical"\ndirection = "before"\nphrases = ["x:"]\nends = "paragraph"',
        r"context rule 1 has ends = 'paragraph'; it must be one of: clause, sentence",
    ),
]


@pytest.mark.parametrize(("body", "message"), RULE_ERRORS)
def test_a_mistake_in_a_users_rule_is_named_with_its_file_and_number(tmp_path, body, message):
    path = write(tmp_path, f"[[context.rule]]\n{body}\n")
    with pytest.raises(VocabularyError, match=re.escape(str(path)) + ".*" + message):
        load_vocabulary(path)


def test_the_number_is_the_rules_place_in_the_file(tmp_path):
    good = 'category = "negated"\ndirection = "after"\nphrases = ["x"]'
    path = write(tmp_path, f"[[context.rule]]\n{good}\n\n[[context.rule]]\n{good}\nscope = -1\n")
    with pytest.raises(VocabularyError, match=r"context rule 2 has scope -1"):
        load_vocabulary(path)


def test_applies_to_an_unknown_type_or_group_is_refused(tmp_path):
    path = write(tmp_path, '[[context.rule]]\ncategory = "negated"\ndirection = "after"\n'
                 'phrases = ["x"]\napplies_to = ["meetings"]\n')
    with pytest.raises(VocabularyError, match=re.escape(str(path)) + r".*'meetings'.*neither an "
                       r"event type nor a group"):
        load_vocabulary(path)
    path = write(tmp_path, '[[context.rule]]\ncategory = "historical"\ndirection = "before"\n'
                 'phrases = ["x"]\nnot_for = ["nope"]\n', name="other.toml")
    with pytest.raises(VocabularyError, match=r"'nope'.*neither an event type nor a group"):
        load_vocabulary(path)


def test_applies_to_an_unknown_type_is_named_with_the_rules_phrases(tmp_path):
    path = write(tmp_path, '[[context.rule]]\ncategory = "negated"\ndirection = "after"\n'
                 'phrases = ["x"]\n\n[[context.rule]]\ncategory = "negated"\ndirection = "after"\n'
                 'phrases = ["not actioned"]\napplies_to = ["meetings"]\n')
    with pytest.raises(VocabularyError,
                       match=r"the context rule with phrases 'not actioned' names 'meetings'"):
        load_vocabulary(path)


def test_read_context_rules_checks_names_against_those_it_is_given():
    rule = {"category": "negated", "direction": "after", "phrases": ["x"], "applies_to": ["icpc"]}
    assert read_context_rules([rule], "mine.toml", known=["icpc"]).rules[0].applies_to == ("icpc",)
    with pytest.raises(VocabularyError, match=r"^mine\.toml: context rule 2: not_for names 'tea'"):
        read_context_rules([rule, {**rule, "not_for": ["tea"]}], "mine.toml", known=["icpc"])


def test_context_must_hold_rule_tables(tmp_path):
    path = write(tmp_path, '[context]\nrules = [{category = "negated"}]\n')
    with pytest.raises(VocabularyError, match=re.escape(str(path)) + r".*\[\[context\.rule\]\]"):
        load_vocabulary(path)
    with pytest.raises(VocabularyError, match=r"must be tables written \[\[context\.rule\]\]"):
        read_context_rules({"category": "negated"}, "mine.toml")


# --------------------------------------------------------------------------- other senses


def test_other_senses_in_a_users_file_are_mentions_but_not_tags(mine):
    assert reading("Home visit policy discussed", load_vocabulary())[0] == "home_visit"
    assert reading("Home visit policy discussed", mine) == (
        "", 'home_visit: other sense ("Home visit policy")')
    assert reading("Home visit to the family", mine)[0] == "home_visit"
    # the packaged other senses of the type are kept
    assert set(load_vocabulary().event_types["home_visit"].other_senses) < set(
        mine.event_types["home_visit"].other_senses)


def test_an_other_sense_that_is_another_types_alias_is_refused(tmp_path):
    path = write(tmp_path, """
[event_types.home_visit]
other_senses = ["strategy meeting"]
""")
    with pytest.raises(VocabularyError, match=r"\[event_types\.home_visit\] lists 'strategy "
                       r"meeting' as another sense.*alias of \[event_types\.strategy_discussion\]"):
        load_vocabulary(path)


# --------------------------------------------------------------------------- any tables

_KNOWN = ["icpc", "referral", "meeting", "concern"]
_GOOD_PHRASES = ["no", "not done", "to be", "{a|b} c", "plan:", "h/o", "n/a", "ünïcode", "{|}",
                 "-", "was not brought", "{in|since} {19|20}{0|1}{0|1|2}"]
_GOOD = st.fixed_dictionaries(
    {
        "category": st.sampled_from(CATEGORIES),
        "direction": st.sampled_from(DIRECTIONS),
        "phrases": st.lists(st.one_of(st.sampled_from(_GOOD_PHRASES),
                                      st.text(min_size=1, max_size=6)), min_size=1, max_size=4),
    },
    optional={
        "scope": st.integers(0, 40),
        "applies_to": st.lists(st.sampled_from(_KNOWN), max_size=2),
        "not_for": st.lists(st.sampled_from(_KNOWN), max_size=2),
    },
)
#: One change that may spoil a good table: a field set to a value of the wrong kind or out of
#: range, a required field dropped, or a misspelt field added.
_SPOILS = st.sampled_from(
    [("set", "category", bad) for bad in ("denied", "Negated", "", 3)]
    + [("set", "direction", bad) for bad in ("sideways", "", ["after"])]
    + [("set", "phrases", bad) for bad in ([], [""], [" "], "no", 3, ["{x"], ["x}"],
                                          ["{a|b}{c|d}{e|f}{g|h}{i|j}{k|l}{m|n}{o|p}{q|r}{s|t}"
                                           "{u|v}{w|x}{y|z}"])]
    + [("set", "scope", bad) for bad in (-1, True, 2.5, "3")]
    + [("set", name, bad) for name in ("applies_to", "not_for")
       for bad in (["nope"], [""], 3, "icpc")]
    + [("drop", name, None) for name in ("category", "direction", "phrases")]
    + [("set", "phrase", ["no"]), ("set", "scoep", 3)]
)


def _spoil(table: dict, change: tuple) -> dict:
    how, name, value = change
    table = dict(table)
    if how == "drop":
        table.pop(name, None)
    else:
        table[name] = value
    return table


_TABLES = st.one_of(_GOOD, st.builds(_spoil, _GOOD, _SPOILS))


@given(st.lists(_TABLES, max_size=5))
def test_any_rule_tables_are_read_whole_or_refused_with_a_vocabulary_error(tables):
    try:
        rules = read_context_rules(tables, "mine.toml", known=_KNOWN)
    except VocabularyError as exc:
        assert str(exc).startswith("mine.toml: context rule ")
        return
    assert len(rules.rules) == len(tables)
    for rule, table in zip(rules.rules, tables):
        assert rule.category == table["category"]
        assert rule.direction == (table["direction"] if rule.category in (*QUALIFIERS, CURRENT) else None)
        given = table["phrases"]
        assert len(rule.phrases) == (1 if isinstance(given, str) else len(given))
    assert rules.compiled.regex.pattern  # the triggers compile


def test_a_header_frames_its_whole_sentence(tmp_path):
    """A rule that ``ends = "sentence"`` reaches over a spaced dash, a comma, a colon and a
    terminating word ("held"), and stops at the full stop."""
    text = "Records noted: MARAC held - referral made, S47 completed. ICPC held today."
    packaged = load_vocabulary()
    assert reading(text, packaged)[0] == "icpc;marac;referral;s47_enquiry"
    rule = ('[[context.rule]]\ncategory = "historical"\ndirection = "before"\n'
            'phrases = ["records noted:"]\nscope = 15\n')
    clause = load_vocabulary(write(tmp_path, rule, "clause.toml"))
    sentence = load_vocabulary(write(tmp_path, rule + 'ends = "sentence"\n', "sentence.toml"))
    assert reading(text, clause)[0] == "icpc;referral;s47_enquiry"  # the dash ends the clause
    tags, mentions = reading(text, sentence)
    assert tags == "icpc"
    assert 's47_enquiry: historical ("Records noted: MARAC held - referral made, S47' in mentions
