"""The index by which :class:`reviewkit.interpret.matcher.KeyScanner` finds the keys a text can
hold, made again from one made before when the keys are nearly the same.

A key is indexed by its first three words (with the words after them), whatever it starts with
("#left arm" by "left" and "arm": a text holds the key only where it has those words), or, where
it has no word, kept with the keys every text may hold. Indexing the vocabulary's
47,000 keys takes about 0.15 s; a vocabulary made from another by a few keys (an agency's own
phrases, :mod:`reviewkit.interpret.agency_vocabulary`) would index them all again, once for
every agency a case holds. So the index of the last few key sets is kept, and a key set that
differs from one of them by at most :data:`NEAR` keys is indexed by copying that index and
adding and removing the keys that differ (a few milliseconds). The index is the same either way.

Examples
--------
>>> keys, by_words, always = key_index(["home visit", "hv", "#arm", "strategy meeting held today"])
>>> keys
['#arm', 'home visit', 'hv', 'strategy meeting held today']
>>> by_words[("strategy", "meeting", "held")], by_words[("arm",)], sorted(always)
([('strategy meeting held today', ('today',))], [('#arm', ())], [])
>>> _, again, _ = key_index(["home visit", "hv", "#arm", "strategy meeting held today", "home"])
>>> again[("home",)], again[("home", "visit")]
([('home', ())], [('home visit', ())])
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable

__all__ = ["NEAR", "begins_oddly", "key_index", "keys_held", "remember", "rest_held", "with_keys",
           "with_plurals"]

#: The ASCII characters that are not word characters (as in :mod:`reviewkit.interpret.matcher`).
_NOT_WORD_CHARS = "\x00-/:-@\\[-^`{-\x7f"
_WORDS = re.compile(f"[^{_NOT_WORD_CHARS}]+").findall
#: Keys a key set may differ by from one indexed before, to be indexed from it.
NEAR = 2000
#: Key sets indexed last (the most recent last).
_KEPT = 4
Index = tuple[list[str], dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]], frozenset[str]]
_made: list[tuple[frozenset[str], Index]] = []


def key_index(keys: Iterable[str]) -> Index:
    """``keys`` sorted (each once), by their first three words (each with the words after
    them), and the keys that have no word. The returned index is shared:
    do not change it."""
    keyset = frozenset(keys)
    for known, index in reversed(_made):
        if known == keyset:
            return index
        if abs(len(known) - len(keyset)) <= NEAR:
            added, removed = keyset - known, known - keyset
            if len(added) + len(removed) <= NEAR:
                made = _changed(index, added, removed)
                break
    else:
        made = _changed(([], {}, frozenset()), keyset, frozenset())
    _made.append((keyset, made))
    del _made[:-_KEPT]
    return made


def with_keys(index: Index, keys: Iterable[str]) -> Index:
    """The index of the keys of ``index`` and ``keys``, made from ``index`` (an agency's few
    phrases added to the vocabulary's keys: about 2 ms, where :func:`key_index` would compare
    the whole key sets first, about 10 ms). It is the index :func:`key_index` makes.

    Examples
    --------
    >>> index = key_index(["home visit", "hv"])
    >>> with_keys(index, ["supervision", "hv"]) == key_index(["home visit", "hv", "supervision"])
    True
    >>> with_keys(index, ["hv"]) is index
    True
    """
    ordered = index[0]
    added = {key for key in keys if not _holds(ordered, key)}
    return _changed(index, added, ()) if added else index


def _holds(ordered: list[str], key: str) -> bool:
    at = bisect_left(ordered, key)
    return at < len(ordered) and ordered[at] == key


def remember(keys: Iterable[str], index: Index) -> None:
    """Keep ``index`` as the index of ``keys`` (one read back from a cache, say), so that
    :func:`key_index` makes the index of nearly the same keys from it.

    Examples
    --------
    >>> remember(["remembered key"], (["remembered key"], {("remembered", "key"): [("remembered key", ())]},
    ...                               frozenset()))
    >>> key_index(["remembered key", "another"])[1][("remembered", "key")]
    [('remembered key', ())]
    """
    _made.append((frozenset(keys), index))
    del _made[:-_KEPT]


def _changed(index: Index, added: Iterable[str], removed: Iterable[str]) -> Index:
    """A copy of an index with the keys ``added`` and without the keys ``removed`` (the lists
    that change are copied; the others are shared)."""
    ordered, by_words, always = index
    added, removed = sorted(added), set(removed)
    # sorting keys nearly in order takes a pass (the set of keys in any order: 15 ms for 47,000);
    # a few keys are put in their places
    if removed or len(added) > 64:
        ordered = sorted([*(key for key in ordered if key not in removed), *added] if removed else [*ordered, *added])
    else:
        ordered = list(ordered)
        for key in added:
            insort(ordered, key)
    by_words = dict(by_words)
    always = set(always)
    for key in removed:
        words = tuple(_WORDS(key))
        if words:
            by_words[words[:3]] = [entry for entry in by_words[words[:3]] if entry[0] != key]
            if not by_words[words[:3]]:
                del by_words[words[:3]]
        else:
            always.discard(key)
    fresh: dict[tuple[str, ...], list] = {}  # lists made here, which may be added to in place
    for key in added:
        words = tuple(_WORDS(key))
        if not words:
            always.add(key)
            continue
        first = words[:3]
        listed = fresh.get(first)
        if listed is None:
            listed = fresh[first] = list(by_words.get(first, ()))
            by_words[first] = listed
        listed.append((key, words[3:]))
    return ordered, by_words, frozenset(always)


def rest_held(rest: tuple[str, ...], present: set[str]) -> bool:
    """Whether a text with the words ``present`` has the words of a key after its first three
    (``rest``; the last perhaps with an ``s``).

    Examples
    --------
    >>> rest_held(("held", "today"), {"held", "todays"}), rest_held(("today",), {"held"})
    (True, False)
    """
    if not rest:
        return True
    *middle, last = rest
    return all(word in present for word in middle) and (last in present or last + "s" in present)


def with_plurals(ordered: list[str], needed: set[str]) -> set[str]:
    """``needed`` with, for each of its keys that ends with a letter, the first key of the sorted
    ``ordered`` that extends it with an ``s`` (so that a regex over them adds the plurals a
    regex over every key adds: see :func:`reviewkit.interpret.matcher.trie_pattern`).

    Examples
    --------
    >>> sorted(with_plurals(["cp plan", "cp plans made", "cp plansx", "visit"], {"cp plan"}))
    ['cp plan', 'cp plans made']
    """
    for key in [key for key in needed if key[-1].isalpha()]:
        at = bisect_left(ordered, key + "s")
        if at < len(ordered) and ordered[at].startswith(key + "s"):
            needed.add(ordered[at])
    return needed


#: The first-word index of the last few indexes (each with the index it was made for).
_by_first: list[tuple[dict, dict[str, list[tuple[str, ...]]]]] = []


def keys_held(index: Index, present: set[str]) -> set[str]:
    """The keys of ``index`` whose words all stand among the words ``present`` (the last perhaps
    with an ``s``), wherever they stand, with their plurals' keys (:func:`with_plurals`): the
    keys that texts holding those words may hold, looked up once for many texts (more than
    looking text by text finds, never fewer).

    Examples
    --------
    >>> index = key_index(["home visit", "visit", "home", "#arm", "strategy meeting held today"])
    >>> sorted(keys_held(index, {"home", "visits", "arm", "strategy", "meeting", "held"}))
    ['#arm', 'home', 'home visit', 'visit']
    """
    ordered, by_words, always = index
    firsts = next((made for indexed, made in _by_first if indexed is by_words), None)
    if firsts is None:
        firsts = {}
        for words in by_words:
            firsts.setdefault(words[0], []).append(words)
        _by_first.append((by_words, firsts))
        del _by_first[:-_KEPT]
    needed = set(always)
    for word in present | {word[:-1] for word in present if word.endswith("s")}:
        for words in firsts.get(word, ()):
            if not all(other in present for other in words[:-1]):
                continue
            if words[-1] in present:
                needed.update(key for key, rest in by_words[words] if rest_held(rest, present))
            elif words[-1] + "s" in present:  # a plural: of the key's last word
                needed.update(key for key, rest in by_words[words] if not rest)
    return with_plurals(ordered, needed)


#: The ranges of the ASCII characters that are not word characters (as in ``_NOT_WORD_CHARS``).
_NOT_WORD_RANGES = (("\x00", "/"), (":", "@"), ("[", "^"), ("`", "`"), ("{", "\x7f"))


def begins_oddly(ordered: list[str]) -> bool:
    r"""Whether a key of the sorted ``ordered`` begins with a character that is not a word
    character (then a regex over them all finds a key at the very start of a text).

    Examples
    --------
    >>> begins_oddly(["#arm", "arm"]), begins_oddly(["arm", "zz"])
    (True, False)
    """
    for low, high in _NOT_WORD_RANGES:
        at = bisect_left(ordered, low)
        if at < len(ordered) and low <= ordered[at][:1] <= high:
            return True
    return False
