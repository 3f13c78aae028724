r"""Where the patterns' regexes match in a joined text, trying each only where it could begin.

A regex of :class:`reviewkit.interpret.pattern_regex.CompiledPatterns` searched through a text
is tried by Python's ``re`` at every character that is not a word character, and most such
places begin no pattern; where a first word does begin one, a pattern with a gap (``@child ~7
@speech``) reads several words on before it fails. So :func:`find_patterns` scans the text once
for the first words of every pattern and for each pattern's *next* word (the first word after
its first, past any gap or ``=>``), and tries a pattern's regex only at a place where its first
word begins and its next word follows later in the same stretch of text: a stretch ends at a
character that no match can hold (a full stop, semicolon, colon and the like, unless some
pattern's words hold it; never a space of any kind). The patterns of a group are tried in
order, each at the places no earlier one matched, as one regex of them all would read them
(the first to match wins), but without trying at every place the patterns that cannot begin
there. What it finds is what a search through the whole text finds: a regex takes the one
character before a place and looks nowhere behind it, so trying it at a place matches exactly
where a search would, and a place left out is one where the pattern cannot match.

Examples
--------
>>> from types import SimpleNamespace as Pattern
>>> compiled = CompiledPatterns({"harm": ("hit", "kicked")},
...                             [Pattern(type="assault", text="dad ~2 @harm")])
>>> text = " dad then hit him. dad, then. hit. dad kicked"
>>> starts, ends, types = find_patterns(compiled, text)
>>> [text[s:e] for s, e in zip(starts, ends)]
['dad then hit', 'dad kicked']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd

from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.matcher import match_key
from reviewkit.interpret.regex_cache import compile_many
from reviewkit.interpret.pattern_regex import (
    _NOT_WORD,
    _SPLIT,
    BETWEEN,
    _WORD,
    GAP,
    CompiledPatterns,
    _spellings,
    _trie,
    tokens,
)

__all__ = ["find_patterns"]



class Places(NamedTuple):
    """What finds the places where each pattern can begin, for the words compiled now.

    ``scan`` finds every place where a first or next word of some pattern begins (group 1: the
    character before it; group 2, inside a lookahead so that the scan goes on at the next
    character: the longest such word there). ``begins[k]`` and ``needs[k]`` match, at their
    start, a first word of pattern ``k`` (patterns counted over every group, in order) and its
    next word (None: it has none), each followed by a character that is not a word character.
    ``stops`` tells, for each ASCII code, whether no match can hold that character.
    ``runs`` and ``narrowed``: see :func:`_scan`.
    """

    scan: re.Pattern[str]
    begins: tuple[re.Pattern[str], ...]
    needs: tuple[re.Pattern[str] | None, ...]
    stops: np.ndarray
    runs: dict[str, frozenset[bytes]]  # each word of the scan: its runs of word characters
    narrowed: dict[str, tuple[frozenset[str], re.Pattern[str]]]  # see :func:`_scan`


def find_patterns(compiled: CompiledPatterns, text: str, runs: frozenset[bytes] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Starts, ends and event types of the pattern matches in ``text`` (lower case, as the
    reading engine joins it: a match needs a character before it), in the order they begin.
    The matches of one type do not overlap (where two of its patterns could match at one
    place, the first written wins; a match inside an earlier one is dropped); those of two
    types may. ``runs``, the text's runs of word characters where they were found
    (:func:`reviewkit.interpret.word_runs.word_runs`), let the places be scanned for the words
    the text can hold only.

    Examples
    --------
    >>> from types import SimpleNamespace as Pattern
    >>> compiled = CompiledPatterns({"harm": ("hit",)}, [Pattern(type="assault", text="dad ~1 @harm")])
    >>> find_patterns(compiled, " dad then hit him. dad, not hit")
    (array([1]), array([13]), ['assault'])
    """
    regexes = iter(compiled.regexes_for(text))
    places, tried = _places(compiled, text, runs)
    found = []
    for types in compiled.types if len(places) else ():  # no place: no regex compiled, perhaps
        taken = np.zeros(len(places), dtype=bool)  # places where a pattern of the group matched
        for type_id, chosen in zip(types, tried):
            regex, chosen = next(regexes), chosen[~taken[chosen]]  # the first pattern to match wins
            # tried at each place where the pattern can begin (map: no Python loop)
            matches = list(map(regex.match, repeat(text, len(chosen)), places[chosen].tolist()))
            taken[chosen[np.fromiter(map(bool, matches), dtype=bool, count=len(chosen))]] = True
            found += [(matched.start(2), matched.end(2), type_id) for matched in matches if matched]
        tried = tried[len(types):]
    starts, ends, kinds, reach = [], [], [], {}
    for start, end, type_id in sorted(found):
        if start < reach.get(type_id, -1):
            continue  # inside a match of its own type that began earlier
        reach[type_id] = end
        starts.append(start)
        ends.append(end)
        kinds.append(type_id)
    return np.array(starts, np.int64), np.array(ends, np.int64), kinds


def _places(compiled: CompiledPatterns, text: str, runs: frozenset[bytes] | None = None
            ) -> tuple[np.ndarray, list[np.ndarray]]:
    """The places (the character before a word) where a pattern may begin, in order, and for
    each pattern (in the order of its regexes) those where it is worth trying (as indices into
    the places, ascending).

    The scan's ``split`` gives, for each place, the text before it, the character at it and the
    longest first or next word after it. A shorter such word at the same place is a start of
    that one, so checking the longest word (with a character that is not a word character
    after it) tells which patterns' first and next words begin there; each distinct word is
    checked once.
    """
    found = places_for(compiled)
    pieces = _scan(found, text, runs).split(text)
    count = len(pieces) // 3
    if not count:
        return np.zeros(0, np.int64), [np.zeros(0, np.int64) for types in compiled.types for _ in types]
    before = np.fromiter(map(len, pieces[0 : 3 * count : 3]), dtype=np.int64, count=count)
    places = np.cumsum(before) + np.arange(count)  # each place before took one character
    codes, distinct = pd.factorize(np.array(pieces[2::3], dtype=object))
    words = [word + " " for word in distinct.tolist()]
    begins, needs = _table(found.begins, words), _table(found.needs, words)
    stretch_end = _stretch_ends(found.stops, text)
    stretch_end = stretch_end[np.searchsorted(stretch_end, places + 1)]  # of each place's stretch
    order = np.argsort(codes, kind="stable")  # the places of each distinct word, in order
    bounds = np.searchsorted(codes[order], np.arange(len(words) + 1))
    held_at: dict[bytes, np.ndarray] = {}

    def where_any(held: np.ndarray) -> np.ndarray:
        """The places (as indices, ascending) whose word is one of ``held`` (by distinct word)."""
        key = held.tobytes()
        if key not in held_at:
            runs = [order[bounds[word] : bounds[word + 1]] for word in np.flatnonzero(held).tolist()]
            held_at[key] = runs[0] if len(runs) == 1 else np.sort(np.concatenate(runs)) if runs else order[:0]
        return held_at[key]

    out, done = [], {}
    for pattern, ends_early in enumerate(regex is None for regex in found.needs):
        key = (begins[pattern].tobytes(), needs[pattern].tobytes(), ends_early)
        if key not in done:  # else an earlier pattern begins and goes on as this one
            chosen = where_any(begins[pattern])
            if not ends_early and len(chosen):
                later = np.append(places[where_any(needs[pattern])], len(text))  # then none
                next_word = later[np.searchsorted(later, places[chosen], side="right")] + 1
                chosen = chosen[next_word < stretch_end[chosen]]  # a next word before the stretch ends
            done[key] = chosen
        out.append(done[key])
    return places, out


def _scan(found: Places, text: str, runs: frozenset[bytes] | None) -> re.Pattern[str]:
    """The regex that finds the places in ``text``: ``found.scan``, or where the text's runs of
    word characters are given (:func:`reviewkit.interpret.word_runs.word_runs`), the same regex
    over only the words whose every run is among them (a word matches only where each of its
    runs stands whole, so a place, and the longest word there, is what the regex over every word
    finds). Such a regex is compiled again with more words as later texts need them, and once
    they would reach a quarter of all, the regex over every word is used from then on.

    Examples
    --------
    >>> from types import SimpleNamespace as Pattern
    >>> from reviewkit.interpret.word_runs import word_runs
    >>> harm = ("hit", "kicked", "punched", "pushed", "slapped", "shook", "threw", "bit")
    >>> compiled = CompiledPatterns({"harm": harm}, [Pattern(type="assault", text="dad ~1 @harm")],
    ...                             large=0, kept=False)  # every word compiled
    >>> _ = compiled.regexes_for(" dad hit")
    >>> narrow = _scan(places_for(compiled), " so dad-hit", word_runs(" so dad-hit"))
    >>> narrow.split(" so dad-hit"), "kicked" in narrow.pattern, "kicked" in places_for(compiled).scan.pattern
    ([' so', ' ', 'dad', 'dad', '-', 'hit', 'hit'], False, True)
    """
    if runs is None or "full" in found.narrowed:
        return found.scan
    needed = frozenset(key for key, held in found.runs.items() if held <= runs)
    compiled, regex = found.narrowed.get("narrow", (frozenset(), found.scan))
    if needed <= compiled and compiled:
        return regex
    keys = compiled | needed
    if len(keys) * 4 >= len(found.runs):
        found.narrowed["full"] = (keys, found.scan)
        return found.scan
    regex = re.compile(f"({_NOT_WORD})(?=((?:{_trie(keys)}))(?!{_WORD}))")  # no case's words kept
    found.narrowed["narrow"] = (keys, regex)
    return regex


def _table(regexes: Iterable[re.Pattern[str] | None], words: list[str]) -> np.ndarray:
    """Whether each regex matches at the start of each word: one row per regex."""
    rows = [[regex is not None and regex.match(word) is not None for word in words]
            for regex in regexes]
    return np.array(rows, dtype=bool).reshape(len(rows), len(words))


def _stretch_ends(stops: np.ndarray, text: str) -> np.ndarray:
    """Where the stretches of ``text`` end, in order: each character no match can hold, and
    the end of the text."""
    table = np.append(stops, False)  # every character beyond ASCII is a word character
    if text.isascii():
        ends = np.flatnonzero(table[np.frombuffer(text.encode("ascii"), dtype=np.uint8)])
    else:
        chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        ends = np.flatnonzero(table[np.minimum(chars, len(stops))])
    return np.append(ends, len(text))


def places_for(compiled: CompiledPatterns) -> Places:
    """The :class:`Places` of the words ``compiled`` holds now (made again when they change).

    Examples
    --------
    >>> from types import SimpleNamespace as Pattern
    >>> compiled = CompiledPatterns({"harm": ("hit",)}, [Pattern(type="assault", text="dad ~1 @harm")])
    >>> _ = compiled.regexes_for(" dad hit")
    >>> found = places_for(compiled)
    >>> found.scan.split(" so dad-hit")
    [' so', ' ', 'dad', 'dad', '-', 'hit', 'hit']
    >>> bool(found.begins[0].match("dad ")), bool(found.needs[0].match("hit "))
    (True, True)
    >>> bool(found.stops[ord(".")]), bool(found.stops[10])  # a full stop, a new line
    (True, False)
    """
    keys = compiled.compiled_words
    made = getattr(compiled, "_places", None)
    if made is not None and made[0] == keys:
        return made[1]
    classes = {name: listed & keys for name, listed in compiled._classes.items()}
    firsts, nexts = [], []
    for texts in compiled._texts:
        for text in texts:
            words = [t for t in tokens(text) if t != "=>" and not GAP.fullmatch(t)]
            firsts.append(frozenset(_spellings(words[0], compiled._words)) & keys)
            following = _present(words[1], classes) if len(words) > 1 else frozenset({""})
            nexts.append(None if "" in following else following)  # None: it may match nothing

    def texts() -> list[str]:
        scan = _trie(frozenset().union(*firsts, *(n for n in nexts if n is not None)))
        return [f"({_NOT_WORD})(?=((?:{scan}))(?!{_WORD}))",
                *(f"(?:{_trie(listed)})(?!{_WORD})" for listed in [*firsts, *nexts] if listed is not None)]

    regexes = iter(compile_many(f"pattern places {compiled.recipe}", texts,
                                keep=keys == compiled._every and compiled.keeps()))
    scanned = frozenset().union(*firsts, *(n for n in nexts if n is not None))
    made = Places(next(regexes), tuple(next(regexes) for _ in firsts),
                  tuple(None if listed is None else next(regexes) for listed in nexts),
                  _stops(compiled),
                  {key: frozenset(run.encode() for run in _SPLIT.split(key) if run) for key in scanned}, {})
    compiled._places = (keys, made)
    return made


def _present(token: str, classes: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The spellings of a token as its regex reads them now: a ``@class`` as each of its words
    compiled (``classes``), the other words as written ("" if it may match nothing)."""
    found: set[str] = set()
    for spelling in expand_alias(token):
        keys = [""]
        for word in spelling.split():
            options = classes[word[1:]] if word.startswith("@") else (word,)
            keys = [f"{key} {option}" for key in keys for option in options]
        found.update(match_key(key) for key in keys)
    return frozenset(found)


def _stops(compiled: CompiledPatterns) -> np.ndarray:
    """For each ASCII code: True for a character that is not a word character, not a space of
    any kind (the space between two words of a phrase matches any) and that no word of the
    patterns or of their classes holds (so no match can hold it)."""
    texts = [t for listed in compiled._texts for t in listed]
    held = set(BETWEEN).union(*compiled._classes.values(), texts, map(match_key, texts))
    held = {c for text in held for c in text}  # the classes' words, the patterns' texts
    held.update(c for c in map(chr, range(128)) if c.isspace())  # a space between words is any
    stops = np.zeros(128, dtype=bool)
    for code in range(128):
        char = chr(code)
        stops[code] = char not in held and char.lower() not in held and not re.match(_WORD, char)
    return stops
