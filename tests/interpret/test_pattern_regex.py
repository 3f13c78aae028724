"""The patterns' regexes compiled for a text's words find what the regexes over every word find,
and trying them only where their patterns can begin finds what a search through the text finds."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.interpret.context import GAP
from reviewkit.interpret.pattern_regex import CompiledPatterns
from reviewkit.interpret.pattern_search import _scan, find_patterns, places_for
from reviewkit.interpret.patterns import Pattern, packaged_patterns
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.interpret.word_runs import word_runs

DATA = Path(__file__).resolve().parents[1] / "data"


def joined(texts: list[str]) -> str:
    """Texts joined and lower-cased as the reading engine scans them."""
    return (GAP + GAP.join(texts) + GAP).lower()


def corpus_texts(name: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row[field] for row in rows for field in ("contact_type", "details", "outcome")]


def packaged(**options) -> CompiledPatterns:
    """The packaged patterns, compiled for each text's words (``kept=False``: as where no
    compiled regexes are kept on disk) unless ``options`` say otherwise."""
    options.setdefault("kept", False)
    vocabulary = load_vocabulary()
    wanted = set(vocabulary.event_types)
    return CompiledPatterns(packaged_patterns().words,
                            [p for p in packaged_patterns().patterns if p.type in wanted], **options)


@pytest.fixture(scope="module")
def every_word() -> CompiledPatterns:
    """The regexes over every class word, as they were compiled before (every text is 'large')."""
    compiled = packaged(large=0)
    compiled.regexes_for(" ")
    return compiled


def assert_same(found, expected) -> None:
    np.testing.assert_array_equal(found[0], expected[0])
    np.testing.assert_array_equal(found[1], expected[1])
    assert found[2] == expected[2]


@pytest.mark.parametrize("corpus", ["reading_corpus.csv", "reading_holdout.csv"])
def test_the_reading_corpora_are_read_as_by_every_word_batch_by_batch(corpus, every_word):
    compiled = packaged()
    texts = corpus_texts(corpus)
    sizes, found_any = [], 0
    for start in range(0, len(texts), 150):  # the words grow batch by batch, then are all compiled
        whole = joined(texts[start : start + 150])
        found = find_patterns(compiled, whole)
        assert_same(found, find_patterns(every_word, whole))
        sizes.append(len(compiled.compiled_words))
        found_any += len(found[2])
    assert found_any > 50 and sizes == sorted(sizes)


def test_the_sample_case_compiles_a_small_share_and_reads_as_every_word(every_word, sample_chronology):
    compiled = packaged()
    texts = [str(t) for column in ("summary", "outcome") for t in sample_chronology[column].dropna()]
    whole = joined(texts)
    found = find_patterns(compiled, whole)
    assert len(found[2]) > 20
    assert_same(found, find_patterns(every_word, whole))
    assert 0 < len(compiled.compiled_words) < len(every_word.compiled_words) / 3


def test_past_the_share_every_word_is_compiled_once(every_word):
    compiled = packaged(all_at=0.25)
    texts = corpus_texts("reading_corpus.csv")
    sizes = []
    for start in range(0, 400, 20):  # small cases, one after another
        find_patterns(compiled, joined(texts[start : start + 20]))
        sizes.append(len(compiled.compiled_words))
    assert sizes[0] < len(every_word.compiled_words) == sizes[-1]
    assert compiled.regexes_for(" anything ") is compiled.regexes  # every word, compiled once


def test_a_text_without_the_words_compiles_nothing_and_finds_nothing():
    compiled = packaged()
    assert find_patterns(compiled, " xyzzy plugh ")[2] == [] and compiled.compiled_words == frozenset()


WORDS = {"adult": ("dad", "mum", "mums boyfriend", "step-dad", "a&e staff", "café owner"),
         "harm": ("hit", "kicked", "punched", "hits")}
RULES = [Pattern("assault", "@adult ~3 @harm {him|her}"), Pattern("assault", "@adult @harm"),
         Pattern("disclosure", "@child ~4 {said|told} => ~6 @adult ~2 @harm"),
         Pattern("dv", "@adult ~2 @harm {mum|mother}")]
WORDS["child"] = ("child a", "she", "he", "@adult")
PIECES = st.sampled_from(["dad", "mum", "mums", "boyfriend", "step", "-", "step-dad", "hit", "hits",
                          "kicked", "punched", "him", "her", "child", "a", "said", "told", "not",
                          " ", "  ", ",", ".", "\u2003", "\u00a0", "a&e", "staff", "café", "owner",
                          "Dad", "HIT", "x", "&", "/", "(", "she", "mother", "then"])


@given(st.lists(st.lists(PIECES, max_size=25), min_size=1, max_size=4), st.sampled_from([0.25, 1.0]))
def test_any_texts_are_read_as_by_every_word(texts, all_at):
    compiled = CompiledPatterns(WORDS, RULES, all_at=all_at, kept=False)
    full = CompiledPatterns(WORDS, RULES, large=0, kept=False)
    for pieces in texts:  # one after another, as a process reads case after case
        text = " " + " ".join(pieces) + " "
        assert_same(find_patterns(compiled, text), find_patterns(full, text))


def searched(compiled: CompiledPatterns, text: str):
    """What find_patterns found before it tried each pattern only where it can begin: the
    patterns of each group in one regex (as they were), searched through the whole text."""
    found, regexes = [], compiled.regexes_for(text)
    groups, regexes = (compiled.types if regexes else ()), iter(regexes)  # none: no word compiled
    for types in groups:  # the patterns of a group in one regex, the first to match wins
        bodies = [next(regexes).pattern for _ in types]  # "(character before)(?=(pattern))"
        prefix = bodies[0][: bodies[0].index(")(?=(") + 4]
        regex = re.compile(prefix + "|".join(body[len(prefix) :-1] for body in bodies) + ")")
        for match in regex.finditer(text):
            group = match.lastindex
            found.append((match.start(group), match.end(group), types[group - 2]))
    starts, ends, kinds, reach = [], [], [], {}
    for start, end, type_id in sorted(found):
        if start >= reach.get(type_id, -1):
            reach[type_id] = end
            starts.append(start)
            ends.append(end)
            kinds.append(type_id)
    return np.array(starts, np.int64), np.array(ends, np.int64), kinds


#: Patterns whose first words begin one another ("mum", "mums boyfriend", "mum said"), in
#: several regexes (two types that may begin on one word are kept apart), with gaps, "=>" and
#: next words in braces.
FIRSTS = RULES + [Pattern("report", "mum said ~2 @harm"), Pattern("report", "{a&e|a} staff ~1 said"),
                  Pattern("visit", "{step|step-dad} ~1 {hit|visited}"), Pattern("dv", "dad @harm"),
                  Pattern("dv", "mum => ~3 {the |}@harm"), Pattern("alone", "she"),
                  Pattern("lone", "she {|then} alone"), Pattern("lone", "child a {|x} {|y}")]
SEPARATED = st.lists(st.one_of(PIECES, st.sampled_from([";", ":", "\n", "s.47", "dr.x", "?", "(", ")",
                                                        "alone", "y"])),
                     max_size=30)


@given(st.lists(SEPARATED, min_size=1, max_size=4), st.sampled_from([0.25, 1.0]), st.booleans(),
       st.booleans(), st.booleans())
def test_trying_each_regex_where_its_patterns_can_begin_finds_what_a_search_finds(texts, all_at, dotted,
                                                                                  kept, narrowed):
    dots = {"harm": ("s.47 hit",), "adult": ("dr.x",)} if dotted else {}  # "." held or not
    words = {name: listed + dots.get(name, ()) for name, listed in WORDS.items()}
    compiled = CompiledPatterns(words, FIRSTS, all_at=all_at, kept=kept)  # kept: from the disk cache
    assert len(compiled.types) > 1
    for pieces in texts:  # one after another, as a process reads case after case
        text = GAP + " ".join(pieces).lower() + GAP
        runs = word_runs(text) if narrowed else None  # the places scanned for the text's words only
        assert_same(find_patterns(compiled, text, runs), searched(compiled, text))


@pytest.mark.parametrize("corpus", ["reading_corpus.csv", "reading_holdout.csv"])
def test_the_reading_corpora_are_read_as_a_search_through_the_text_reads_them(corpus, every_word):
    whole = joined(corpus_texts(corpus))
    found = find_patterns(every_word, whole)
    assert len(found[2]) > 50
    assert_same(found, searched(every_word, whole))


def test_places_scanned_for_a_texts_words_only_are_those_of_every_word():
    """The corpus's rows in batches, each scanned for the words it holds (the regex compiled
    again as later batches need more, until it is the regex over every word), find what the
    regex over every word finds."""
    compiled = packaged(large=0)
    texts = corpus_texts("reading_corpus.csv")
    narrowed = set()
    for start in range(0, len(texts), 150):
        whole = joined(texts[start : start + 150])
        runs = word_runs(whole)
        assert_same(find_patterns(compiled, whole, runs), find_patterns(compiled, whole))
        narrowed.add(_scan(places_for(compiled), whole, runs).pattern)
    # narrow regexes, grown as later batches needed more words (then, past a quarter of them, every word)
    assert len(narrowed - {places_for(compiled).scan.pattern}) > 1


def test_a_character_a_word_holds_does_not_end_the_stretch_a_pattern_may_match_in():
    words = {**WORDS, "adult": WORDS["adult"] + ("dr.x",)}
    compiled = CompiledPatterns(words, FIRSTS)
    text = GAP + "dr.x then hit him. mum: said dad hit. dr.x. hit her" + GAP
    found = find_patterns(compiled, text)
    assert [(text[s:e], t) for s, e, t in zip(*found)] == [
        ("dr.x then hit him", "assault"), ("dad hit", "assault"), ("dad hit", "dv")]
    assert_same(found, searched(compiled, text))


def test_a_next_word_that_may_be_left_out_is_not_looked_for():
    compiled = CompiledPatterns(WORDS, FIRSTS)
    text = GAP + "she  alone. child a  y" + GAP
    found = find_patterns(compiled, text)
    assert [(text[s:e], t) for s, e, t in zip(*found) if t == "lone"] == [
        ("she  alone", "lone"), ("child a  y", "lone")]
    assert_same(found, searched(compiled, text))


def test_a_class_word_of_two_words_may_hold_a_new_line_and_still_match():
    compiled = CompiledPatterns(WORDS, FIRSTS)
    text = GAP + "mums \n boyfriend hit him" + GAP
    found = find_patterns(compiled, text)
    assert "mums \n boyfriend hit him" in [text[s:e] for s, e in zip(*found[:2])]
    assert_same(found, searched(compiled, text))
