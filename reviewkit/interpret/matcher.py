"""The compiled alias regex of a vocabulary and the lookups from a matched phrase to its meaning.

:mod:`reviewkit.interpret.vocabulary` builds one :class:`Matcher` per vocabulary; the reading
engine (:mod:`reviewkit.interpret.mentions`) runs its regex over many texts at once. The alias
keys are compiled into one regex, a trie of alternatives that tries the longest key first, holding
only the keys that the texts read so far can hold (:class:`KeyScanner`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from reviewkit.interpret.key_index import (
    begins_oddly,
    key_index,
    keys_held,
    remember,
    rest_held,
    with_keys,
    with_plurals,
)
from reviewkit.interpret.regex_cache import compile_many

# Apostrophes are dropped; typographic spaces and dashes become their ASCII forms so
# that the word-boundary class below (which treats every non-ASCII character as part
# of a word, so "café" never matches "CAF") still sees them as separators.
APOSTROPHES = str.maketrans({
    "'": None, "\u2019": None, "\u2018": None, "`": None,
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u201c": '"', "\u201d": '"', "\u2026": ".", "\u2022": "*", "\u00b7": ".",
})
#: The ASCII characters that are not word characters.
_NOT_WORD_CHARS = "\x00-/:-@\\[-^`{-\x7f"
#: A word character for alias boundaries: ASCII letters, digits, underscore, or any
#: non-ASCII character. Faster than Unicode ``\w`` in the big alternation, and written as the
#: ASCII characters it is not, which compiles to a bitmap (a class reaching U+10FFFF compiles
#: about 30 times slower).
WORD = f"[^{_NOT_WORD_CHARS}]"
_SPACES = re.compile(r"[\s\-]+")


def match_key(text: str) -> str:
    """Key of an alias (or of matched text) for case-insensitive lookup.

    Examples
    --------
    >>> match_key("Non-accidental  Injury")
    'non accidental injury'
    """
    return _SPACES.sub(" ", text.translate(APOSTROPHES).lower()).strip()


def exact_key(text: str) -> str:
    """Key of an abbreviation (or of matched text) for case-sensitive lookup.

    Examples
    --------
    >>> exact_key("A&E ")
    'A&E'
    """
    return _SPACES.sub(" ", text.translate(APOSTROPHES)).strip()


Meaning = tuple[str | None, str | None]


@dataclass(frozen=True)
class Matcher:
    """The compiled alias regex and the lookups that map a match back to its meaning.

    The regex (:attr:`scan`) is compiled over lower-case keys and run case-sensitively on the
    lower-cased text (about twice as fast as ``re.IGNORECASE``); abbreviations are then checked
    against the original spelling at the same position.

    Attributes
    ----------
    by_key : Mapping
        Alias key (see :func:`match_key`) -> (event type id or None, concern or None).
    by_exact : Mapping
        The same for abbreviations, by :func:`exact_key`.
    priority : Mapping
        Event type id -> priority (higher wins).
    implied : Mapping
        Event type id -> the concern it implies, or None.
    other_sense : Mapping
        Key of a phrase that uses a type's words in another sense -> that type id (the phrase
        is in ``by_key`` with no meaning, so that it hides the type's shorter alias).

    Examples
    --------
    >>> m = Matcher({"home visit": ("home_visit", None), "bruise": (None, "physical")},
    ...             {"HV": ("hv_contact", None)}, {"home_visit": 50, "hv_contact": 60},
    ...             {"home_visit": None, "hv_contact": None})
    >>> find_all(m.scan, " hv home visit: bruise seen")[2]
    ['hv', 'home visit', 'bruise']
    """

    by_key: Mapping[str, Meaning]
    by_exact: Mapping[str, Meaning]
    priority: Mapping[str, int]
    implied: Mapping[str, str | None]
    other_sense: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def scan(self) -> KeyScanner:
        """What reads many texts at once: a regex over the keys the texts can hold (see
        :class:`KeyScanner`)."""
        return KeyScanner(set(self.by_key) | {k.lower() for k in self.by_exact})

    def meaning(self, found: str) -> Meaning | None:
        """(type id, concern) of a matched alias, or None for an abbreviation (case matters).

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> m = load_vocabulary()._matcher
        >>> m.meaning("strategy  meeting"), m.meaning("dna")
        (('strategy_discussion', None), None)
        """
        found = found.lower()
        meaning = self.by_key.get(found)
        if meaning is None:
            meaning = self.by_key.get(match_key(found))
        if meaning is None and found.endswith("s"):  # a plural the trie allows (see trie_pattern)
            meaning = self.by_key.get(match_key(found[:-1]))
        return meaning

    def exact_meaning(self, written: str) -> Meaning | None:
        """(type id, concern) of an abbreviation as written, or None (``"DNAs"`` is ``DNA``).

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> m = load_vocabulary()._matcher
        >>> m.exact_meaning("DNAs"), m.exact_meaning("dna")
        (('missed_appointment', None), None)
        """
        meaning = self.by_exact.get(exact_key(written))
        if meaning is None and written.endswith("s"):
            meaning = self.by_exact.get(exact_key(written[:-1]))
        return meaning


def scanning_regex(trie: str, keys: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds the keys of ``trie`` as whole words: group 1 is what stands before a
    key, taken so as not to look behind, and group 2 the key.

    Where every key begins with a word character, group 1 is the character before the key (so
    a text must start with a non-word character): taking it, rather than looking behind for
    it, lets the regex engine skip through words quickly. Otherwise group 1 is empty and the
    regex looks behind.

    Examples
    --------
    >>> regex = scanning_regex("ed|hv", ["ed", "hv"])
    >>> [m.group(2) for m in regex.finditer(" hv,ed; red")]
    ['hv', 'ed']
    """
    if all(re.match(WORD, key) for key in keys):
        return re.compile(f"([{_NOT_WORD_CHARS}])((?:{trie}))(?!{WORD})")
    return re.compile(f"(?<!{WORD})()((?:{trie}))(?!{WORD})")


class WordScan:
    """Finds keys as whole words as the regex of :func:`scanning_regex` does, in fewer steps.

    Where a key begins with a character that is not a word character (``"#left arm"``,
    ``"?"``), that regex looks behind at every character of the text, which costs Python's
    ``re`` several times what taking the character before a key does. So this scans with the
    faster regex (group 1 is the character before a key) and looks again, with a regex over
    the keys that begin with such a character, only where the two can differ: where a search
    begins at a place a key may begin without a character taken before it (the start of the
    text, and the end of a key that ends with a character that is not a word character). Where
    every key begins with a word character, the regex is the faster one itself (a key at the
    very start of the text is not found, unless ``from_start``: then it is found as by a regex
    over keys some of which begin with such a character). What :func:`find_all` finds with it is
    what it finds with the regex.

    With ``kept`` (the default), the regexes are kept on disk once compiled (see
    :mod:`reviewkit.interpret.regex_cache`): the context rules' triggers, a few thousand
    phrases, are read back in a fresh process instead of being compiled (about 0.1 s). The
    alias scanner, which compiles the keys of a case's texts, keeps nothing
    (:class:`KeyScanner`).

    Examples
    --------
    >>> scan = WordScan(["?", "#arm", "arm"])
    >>> find_all(scan, "?#arm arm")
    (array([0, 1, 6]), array([1, 5, 9]), ['?', '#arm', 'arm'])
    >>> keys = ["?", "#arm", "arm"]
    >>> find_all(scanning_regex(trie_pattern(keys), keys), "?#arm arm")
    (array([0, 1, 6]), array([1, 5, 9]), ['?', '#arm', 'arm'])
    """

    def __init__(self, keys: Iterable[str], *, plurals: bool = False, kept: bool = True,
                 from_start: bool = False) -> None:
        keys = set(keys)
        self.from_start = from_start
        odd = {key for key in keys if not re.match(WORD, key)}

        def texts() -> list[str]:  # the fast regex, then (where keys begin oddly) odd and first
            firsts = "".join(re.escape(c) for c in sorted({key[0] for key in odd}))
            return [f"([{_NOT_WORD_CHARS}])((?:{trie_pattern(keys, plurals=plurals)}))(?!{WORD})",
                    *([f"()((?:{trie_pattern(odd, plurals=plurals)}))(?!{WORD})", f"[{firsts}]"] if odd else [])]

        recipe = f"word scan, plurals {plurals}\n" + "\n".join(sorted(keys))
        regexes = compile_many(recipe, texts, keep=kept) if keys else (_NEVER,)
        self.fast = regexes[0]
        self.odd, self.first = regexes[1:] if odd else (None, _NEVER)
        self.odd_firsts = sorted({key[0] for key in odd})  # a key can begin oddly only at one

    def split(self, text: str) -> list[str]:
        """The text before each key, the character before it (empty where none is taken), the
        key, and the text after the last (a :func:`scanning_regex`'s ``split``, group 1 aside)."""
        if self.odd is None and not self.from_start:  # every key begins with a word character
            return self.fast.split(text)
        if text and re.match(WORD, text[0]):  # a key may begin it: give it a character before
            pieces = self.split(GAP_CHAR + text)
            if pieces[0]:
                pieces[0] = pieces[0][1:]
            else:
                pieces[1] = ""
            return pieces
        pieces = self.fast.split(text)
        if self.odd is None or not any(char in text for char in self.odd_firsts):  # a fast search
            return pieces
        ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))[2::3]
        spots = np.fromiter((found.start() for found in self.first.finditer(text)), dtype=np.int64)
        after = ends[np.minimum(np.searchsorted(ends, spots), len(ends) - 1)] if len(ends) else spots + 1
        for place in spots[(spots == 0) | (after == spots)].tolist():  # an odd first character, after a key
            if (place == 0 or not re.match(WORD, text[place - 1])) and self.odd.match(text, place):
                break
        else:
            return pieces
        before = int(np.searchsorted(ends, place, side="right"))  # keys that end by then
        return pieces[: 3 * before] + self._from(text, place)

    def _from(self, text: str, place: int) -> list[str]:
        """The pieces of ``text`` from ``place`` (the end of a key, or 0) on, key by key: a key
        that begins right there, else the next the faster regex finds."""
        pieces, position = [], place
        while True:
            found = None
            if place < len(text) and (place == 0 or not re.match(WORD, text[place - 1])):
                found = self.odd.match(text, place)
            if found is None:
                found = self.fast.search(text, place)
            if found is None:
                return [*pieces, text[position:]]
            pieces += [text[position : found.start()], found.group(1), found.group(2)]
            position = place = found.end()


#: A character that is not a word character, put before a text that begins with one.
GAP_CHAR = "\x00"


class KeyScanner:
    """Finds keys in texts as whole words, as one :func:`scanning_regex` over all of them would.

    Python's ``re`` takes over a second to compile a regex over the vocabulary's 30,000 keys,
    in every fresh process, while a case's texts can hold a few hundred of them: a key is found
    only where a text has the key's first three words one after the other, and every word of the
    key somewhere (its last perhaps with an ``s``, for a plural); words are what stands between
    characters that are not word characters or are spaces of any kind (the regex reads any space
    between a key's words; a key that begins with another character, "#left arm", is found only
    where its words are too). So the regex is compiled for the keys whose words the texts have,
    and compiled again with more
    keys when later texts need them. For a text of ``large`` characters or more (many texts read
    at once, where finding the words text by text would cost about as much as the compiling),
    the keys are those whose words stand anywhere in it, where its runs of word characters are
    given (:mod:`reviewkit.interpret.word_runs`), else all of them. Once the keys compiled so
    far, counted over every compile, would reach a share ``all_at`` of all the keys, it is
    compiled for them all: so compiling never costs more than ``1 + all_at`` times compiling
    every key once, however many cases a process reads.
    For a key that ends with a letter, the first key that extends it with an ``s`` is kept too,
    so that :func:`trie_pattern` adds the same plurals as over every key. What it finds is what
    the regex over every key finds.

    Examples
    --------
    >>> scanner = KeyScanner(["home visit", "home", "hv", "bruise", "homestead"], all_at=1)
    >>> find_all(scanner, " hv home visits")
    (array([1, 4]), array([ 3, 15]), ['hv', 'home visits'])
    >>> sorted(scanner.compiled_keys)  # "homestead" is kept: the regex has the full trie's shape
    ['home', 'home visit', 'homestead', 'hv']
    """

    def __init__(self, keys: Iterable[str], *, all_at: float = 0.25,
                 large: int = 1_000_000) -> None:
        self.all_at, self.large = all_at, large
        self._spent = 0  # keys compiled so far, over every compile
        # sorted, and by their first three words with the words after them (made from the
        # index of nearly the same keys where one was made before: reviewkit.interpret.key_index)
        self.keys, self._by_words, self._always = key_index(keys)
        # whether a key begins with a character that is not a word character: then the regex
        # over every key finds a key at the very start of a text, and so must each regex compiled
        self._from_start = begins_oddly(self.keys)
        self._state: tuple[frozenset[str], WordScan | re.Pattern[str]] = (frozenset(), _NEVER)

    def with_keys(self, keys: Iterable[str]) -> KeyScanner:
        """A scanner over this one's keys and ``keys``, its index made from this one's (see
        :func:`reviewkit.interpret.key_index.with_keys`); nothing compiled yet.

        Examples
        --------
        >>> wider = KeyScanner(["home visit", "hv"], all_at=1).with_keys(["supervision"])
        >>> find_all(wider, " hv supervision")[2]
        ['hv', 'supervision']
        """
        wider = KeyScanner.__new__(KeyScanner)
        wider.__dict__.update(self.__getstate__())
        wider.keys, wider._by_words, wider._always = with_keys((self.keys, self._by_words, self._always), keys)
        wider._from_start = begins_oddly(wider.keys)
        return wider

    @property
    def compiled_keys(self) -> frozenset[str]:
        """The keys the regex holds now."""
        return self._state[0]

    def regex_for(self, text: str, runs: frozenset[bytes] | None = None) -> re.Pattern[str]:
        """A :func:`scanning_regex` that finds in ``text`` every key that the one over all
        keys would (compiled again only if ``text`` can hold keys it does not yet have; for a
        large text, those whose words are among its ``runs`` where given:
        :mod:`reviewkit.interpret.word_runs`)."""
        compiled, regex = self._state
        if len(compiled) == len(self.keys):
            return regex
        if len(text) < self.large:
            needed = self._needed(text)
        else:
            needed = set(self.keys) if runs is None else keys_held(
                (self.keys, self._by_words, self._always), {run.decode() for run in runs})
        if needed <= compiled:
            return regex
        keys = compiled | needed
        if self._spent + len(keys) >= self.all_at * len(self.keys):
            keys = frozenset(self.keys)
        self._spent += len(keys)
        regex = WordScan(keys, plurals=True, kept=False,  # a case's keys: nothing kept
                         from_start=self._from_start)
        self._state = (keys, regex)
        return regex

    def split(self, text: str) -> list[str]:
        """``regex_for(text).split(text)``, as :func:`find_all` asks of a regex."""
        return self.regex_for(text).split(text)

    def __getstate__(self) -> dict:
        """A copy (for another process) without the regex: it compiles what its texts need."""
        return {**self.__dict__, "_state": (frozenset(), _NEVER), "_spent": 0}

    def __setstate__(self, state: dict) -> None:
        """A copy read back (from the vocabulary's cache), whose index a scanner over nearly
        the same keys can be made from."""
        self.__dict__.update(state)
        remember(self.keys, (self.keys, self._by_words, self._always))

    def _needed(self, text: str) -> set[str]:
        """The keys ``text`` may hold, text by text where texts are joined with
        :data:`GAP_CHAR` (a key is found within one text: none holds the separator), so that a
        key whose words are in different texts is not compiled."""
        by_words = self._by_words
        needed = set(self._always)
        for part in text.split(GAP_CHAR):
            words = _NOT_WORD.split(part)
            present = set(words)
            for found in {*zip(words), *zip(words, words[1:]), *zip(words, words[1:], words[2:])}:
                listed = by_words.get(found)
                if listed:
                    needed.update(key for key, rest in listed if rest_held(rest, present))
                if found[-1].endswith("s"):
                    needed.update(key for key, rest in by_words.get((*found[:-1], found[-1][:-1]), ())
                                  if not rest)  # a plural: of the key's last word
        return with_plurals(self.keys, needed)


#: What stands between words: a character that is not a word character, or a space of any kind.
_NOT_WORD = re.compile(f"[{_NOT_WORD_CHARS}\\s]+")
#: The regex over no key: it finds nothing.
_NEVER = re.compile("(?!x)x")


def find_all(regex: re.Pattern[str] | KeyScanner | WordScan, text: str
             ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Starts, ends and words of every key that a :func:`scanning_regex` finds in ``text``.

    One ``split`` call in C gives the pieces between, before and of the keys; their lengths
    give the positions.

    Examples
    --------
    >>> find_all(scanning_regex("ed|hv", ["ed", "hv"]), " hv,ed; red")
    (array([1, 4]), array([3, 6]), ['hv', 'ed'])
    """
    pieces = regex.split(text)
    ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
    return ends[1:-1:3], ends[2::3], pieces[2::3]


def trie_pattern(keys: Iterable[str], *, plurals: bool = False) -> str:
    """A regex matching any of ``keys`` (lower case), longest first, prefixes shared.

    Examples
    --------
    >>> trie_pattern(["home visit", "home", "hv"])
    'h(?:ome(?:[\\\\s\\\\-]+visit)?|v)'
    >>> trie_pattern(["cp plan", "cp plans made"], plurals=True)
    'cp[\\\\s\\\\-]+plan(?:s(?:[\\\\s\\\\-]+made(?:s)?)?)?'
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict, last: str) -> str:
        ends_here = "" in node
        plural_of = plurals and ends_here and last.isalpha() and not node[""].get("plural")
        if plural_of and "s" in node:  # "CP plan" beside "CP plans started": "CP plans" too
            node["s"] = {**node["s"], "": {**node["s"].get("", {}), "plural": True}}
        branches = []
        for char in sorted(c for c in node if c):
            atom = r"[\s\-]+" if char == " " else re.escape(char)
            branches.append(atom + emit(node[char], char))
        if plural_of and "s" not in node:
            branches.append("s")
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends_here else body

    return emit(trie, "")
