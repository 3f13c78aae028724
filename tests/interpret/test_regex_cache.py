"""Regexes kept on disk are read back as the very patterns re.compile gives, never stale."""

from __future__ import annotations

import re

import pytest

from reviewkit.interpret import regex_cache
from reviewkit.interpret.pattern_regex import CompiledPatterns
from reviewkit.interpret.pattern_search import find_patterns, places_for
from reviewkit.interpret.patterns import packaged_patterns
from reviewkit.interpret.vocabulary_file import load_vocabulary

from test_pattern_regex import assert_same, corpus_texts, joined, packaged


def counted(texts: list[str]):
    """A build function that counts its calls."""
    calls = []

    def build() -> list[str]:
        calls.append(1)
        return list(texts)

    return build, calls


def test_a_kept_copy_is_read_without_building_and_equals_re_compile(tmp_path):
    texts = [r"(a)(?P<name>b)?", r"x{2,3}(?=y)", "caf\u00e9|na\u00efve", r"[^\x00-/]+"]
    build, calls = counted(texts)
    first = regex_cache.compile_many("example", build, folder=tmp_path)
    again = regex_cache.compile_many("example", build, folder=tmp_path, memo=False)
    assert calls == [1]  # built once; read from the folder the second time
    # patterns are equal only when their text, flags and compiled code are
    assert again == first == tuple(re.compile(text) for text in texts)
    assert again[0].groupindex == {"name": 2} and again[0].groups == 2
    assert [m.group() for m in again[2].finditer("un caf\u00e9 na\u00efve")] == ["caf\u00e9", "na\u00efve"]


def test_another_recipe_or_builder_code_is_another_copy(tmp_path, monkeypatch):
    build, calls = counted(["a"])
    regex_cache.compile_many("one", build, folder=tmp_path, memo=False)
    regex_cache.compile_many("two", build, folder=tmp_path, memo=False)
    assert calls == [1, 1] and len(list(tmp_path.glob("regex-*.pickle"))) == 2
    monkeypatch.setattr(regex_cache, "BUILDERS", regex_cache.BUILDERS[1:])  # other builder code
    regex_cache.compile_many("one", build, folder=tmp_path, memo=False)
    assert calls == [1, 1, 1]


@pytest.mark.parametrize("damage", ["empty", "not a pickle", "other code", "refused code"])
def test_a_damaged_copy_is_built_again_and_written_again(tmp_path, damage):
    import pickle

    build, calls = counted([r"(a)b", "c"])
    regex_cache.compile_many("damaged", build, folder=tmp_path, memo=False)
    (path,) = tmp_path.glob("regex-*.pickle")
    texts, codes, digest = pickle.loads(path.read_bytes())
    # code that matches something else (succeeds at once), or that the engine refuses
    other = b"\x01\x00\x00\x00" * 3 if damage == "other code" else b"\xff\xff\x00\x00" * 3
    codes = [(flags, other, groups, names, by_number) for flags, _, groups, names, by_number in codes]
    written = {"empty": b"", "not a pickle": b"not a pickle",
               "other code": pickle.dumps((texts, codes, digest)),  # the hash kept no longer fits
               "refused code": pickle.dumps((texts, codes, regex_cache._digest(texts, codes)))}
    path.write_bytes(written[damage])
    found = regex_cache.compile_many("damaged", build, folder=tmp_path, memo=False)
    assert calls == [1, 1] and found == (re.compile(r"(a)b"), re.compile("c"))
    assert regex_cache.compile_many("damaged", build, folder=tmp_path, memo=False) == found
    assert calls == [1, 1]  # written again whole


def test_no_cache_folder_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWKIT_CACHE_DIR", "")
    build, calls = counted(["a|b"])
    assert regex_cache.compile_many("none", build) == (re.compile("a|b"),)
    assert regex_cache.compile_many("none", build) == (re.compile("a|b"),)
    assert calls == [1, 1]


def test_only_the_most_recently_used_copies_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_cache, "KEPT", 3)
    for number in range(5):
        regex_cache.compile_many(f"recipe {number}", lambda: ["a"], folder=tmp_path, memo=False)
    assert len(list(tmp_path.glob("regex-*.pickle"))) == 3


def test_the_patterns_kept_on_disk_read_both_corpora_as_compiled_ones(tmp_path, monkeypatch):
    """The packaged patterns' regexes and places, read back from the folder in a process that
    never compiled them (memory emptied), find what those compiled for each text find."""
    monkeypatch.setenv("REVIEWKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_memo", {})
    wanted = set(load_vocabulary().event_types)
    chosen = [p for p in packaged_patterns().patterns if p.type in wanted]
    built = CompiledPatterns(packaged_patterns().words, chosen)
    built.regexes_for(" ")
    places_for(built)
    assert len(list(tmp_path.glob("regex-*.pickle"))) == 2  # the regexes and their places
    monkeypatch.setattr(regex_cache, "_memo", {})
    read = CompiledPatterns(packaged_patterns().words, chosen)
    assert read.regexes_for(" ") == built.regexes == tuple(re.compile(r.pattern) for r in built.regexes)
    assert read.compiled_words == built.compiled_words  # every word at once
    assert places_for(read).scan == re.compile(places_for(built).scan.pattern)
    compiled_each = packaged()  # compiled for each text's words, nothing kept
    for corpus in ("reading_corpus.csv", "reading_holdout.csv"):
        texts = corpus_texts(corpus)
        for start in range(0, len(texts), 300):
            whole = joined(texts[start : start + 300])
            assert_same(find_patterns(read, whole), find_patterns(compiled_each, whole))


def test_builders_that_cannot_be_read_keep_nothing(tmp_path, monkeypatch):
    """A package not in plain files (a zip) has no code to hash: regexes are compiled, not kept."""
    monkeypatch.setattr(regex_cache, "BUILDERS", ("no_such_module.py",))
    build, calls = counted(["a|b"])
    assert regex_cache.compile_many("zipped", build, folder=tmp_path) == (re.compile("a|b"),)
    assert regex_cache.compile_many("zipped", build, folder=tmp_path) == (re.compile("a|b"),)
    assert calls == [1, 1] and not list(tmp_path.iterdir())
