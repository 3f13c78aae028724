r"""The regexes of patterns (see :mod:`reviewkit.interpret.patterns`), compiled for the words a
text holds, and the search for their matches.

The packaged patterns name word classes of about a thousand words (``@harm``, ``@adult``), and
every pattern holds the regex of each class it names, so compiling them all takes Python's ``re``
about 0.15 s in every fresh process. A case's texts hold a small share of the class words, and a
class word is matched only where a text has each of its words whole, so
:class:`CompiledPatterns` compiles, for a text, the class words (and the first words of the
patterns, and the words a gap stops at) whose words the text holds, as the alias scanner does for aliases
(:class:`reviewkit.interpret.matcher.KeyScanner`), and finds what the regexes over every class
word find.

:mod:`reviewkit.interpret.pattern_search` finds their matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any


from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.cache_dir import cache_folder
from reviewkit.interpret.matcher import match_key, trie_pattern
from reviewkit.interpret.regex_cache import compile_many

#: Words a ``~N`` gap never passes over: they negate, deny or turn the sentence round, begin
#: someone's account ("mother said father pushed her" is not the mother pushing), or put it in
#: the future or the past (:data:`TIME_STOPS`).
GAP_STOPS = (
    "not", "no", "never", "nor", "didnt", "doesnt", "dont", "wasnt", "isnt", "hasnt", "hadnt",
    "cannot", "cant", "wont", "nobody", "none", "neither", "without", "deny", "denies",
    "denied", "denying", "but", "however", "although", "though", "whereas", "if", "whether",
    "unless", "or", "nothing", "said", "says", "told", "tells", "stated", "states", "reported",
    "reports", "alleged", "alleges", "disclosed", "discloses", "claimed", "claims", "be", "will",
    "used", "previously",
)
#: Gap stops that put a match in the future or the past ("baby to be seen", "records will be
#: sent", "dad used to hit her": the context rules read those words). After ``=>`` they are
#: passed over: what must follow only shows what the mention is ("Child A told her that dad used
#: to lock him in": the telling is now, what it tells of may be past).
TIME_STOPS = ("be", "will", "used", "previously")
#: Words of a pattern's text: letters, digits, underscore, or any non-ASCII character (written
#: as the ASCII characters it is not: a class within ASCII compiles to a bitmap, about 30 times
#: faster than one reaching U+10FFFF, and a pattern holds thousands of them).
_WORD = "[^\x00-/:-@A-Z\\[-^`{-\x7f]"
_NOT_WORD = "[\x00-/:-@A-Z\\[-^`{-\x7f]"
#: What may stand between two words of a pattern written side by side (a quotation mark too,
#: double or single: 'said "daddy', "said 'mummys boyfriend'").
_NEXT = r'[ \t\-"\']+'
#: What may stand between words a gap skips (a comma too, never a clause end): so the characters
#: a match may hold whatever its words (:mod:`reviewkit.interpret.pattern_search`).
BETWEEN = ' \t,-/()&+"\''
_SKIP = f"[{re.escape(BETWEEN)}]+"
#: The rest of a time a gap passes over as one word ("Returned 14:30, M in").
_TIME = "(?::[0-9][0-9])"
GAP = re.compile(r"~(\d+)")
CLASS = re.compile(r"@([a-z][a-z0-9_]*)")


#: What splits a text into the words a pattern's regex can match whole: what is not a word
#: character of a pattern (``A-Z`` too: texts are read in lower case), and any space.
_SPLIT = re.compile("[\x00-/:-@A-Z\\[-^`{-\x7f\\s]+")
#: The regex of no word: it matches nothing.
_NEVER = "(?!x)x"


class CompiledPatterns:
    """The regexes of ``patterns`` over the word classes ``words``, compiled for what a text
    can hold.

    There is one regex a pattern, in the order of ``types``: the patterns in groups (a group
    holds no two types that may begin on one word), each group's event types in its patterns'
    order. In each regex, group 1 is the character before a place where the pattern matches, and
    group 2 the match; where two patterns of a group match at one place, the first wins.
    :meth:`regexes_for` gives regexes that find in a text what :attr:`regexes` (over every word)
    finds: a class word, or a first word of a pattern, is left out only when one of its words is
    nowhere whole in the text. As the text's words call for more, they are compiled again with
    the words compiled so far; once the words compiled, counted over every compile, would reach
    a share ``all_at`` of them all, or for a text of ``large`` characters or more, every word is.
    Where compiled regexes are kept on disk (``kept``; by default where there is a cache folder,
    see :mod:`reviewkit.interpret.regex_cache`), every word is compiled at once: a fresh process
    then reads the compiled regexes over every word in a few milliseconds, where compiling them
    for a case's words took about 0.1 s and over every word 0.3 s.

    Examples
    --------
    >>> from types import SimpleNamespace as Pattern
    >>> compiled = CompiledPatterns({"harm": ("hit", "kicked", "punched")},
    ...                             [Pattern(type="assault", text="dad ~1 @harm")], all_at=1,
    ...                             kept=False)
    >>> compiled.regexes_for(" dad then hit him") is compiled.regexes_for(" dad hit")
    True
    >>> sorted(compiled.compiled_words)
    ['dad', 'hit']
    >>> len(compiled.regexes) == sum(map(len, compiled.types)) == 1  # one regex a pattern
    True
    """

    def __init__(self, words: Mapping[str, tuple[str, ...]], patterns: Iterable[Any], *,
                 all_at: float = 0.25, large: int = 1_000_000, kept: bool | None = None) -> None:
        self.all_at, self.large, self.kept = all_at, large, kept
        self._words = words
        groups = _groups(list(patterns), words)
        self.types = tuple(tuple(p.type for p in group) for group in groups)
        self._texts = tuple(tuple(p.text for p in group) for group in groups)
        self._classes = {name: frozenset(match_key(s) for s in class_words(words, name)) for name in words}
        self._firsts = tuple(frozenset(key for p in group for key in _spellings(tokens(p.text)[0], words))
                             for group in groups)
        every = frozenset().union(*self._classes.values(), *self._firsts, GAP_STOPS)
        self._runs = {key: frozenset(run for run in _SPLIT.split(key) if run) for key in every}
        self._every = every
        self._spent = 0  # words compiled so far, over every compile
        self._state: tuple[frozenset[str], tuple[re.Pattern[str], ...]] = (frozenset(), ())
        self._all: tuple[re.Pattern[str], ...] | None = None

    @property
    def compiled_words(self) -> frozenset[str]:
        """The class words, first words and stop words the regexes of :meth:`regexes_for` hold now."""
        return self._state[0]

    @property
    def regexes(self) -> tuple[re.Pattern[str], ...]:
        """The regexes over every word (compiled on first use)."""
        if self._all is None:
            self._all = compile_many(f"pattern regexes {self.recipe}", lambda: self._build(self._every),
                                     keep=self.keeps())
        return self._all

    @cached_property
    def recipe(self) -> str:
        """What the regexes over every word are built from, in words (for
        :func:`reviewkit.interpret.regex_cache.compile_many`)."""
        return repr((sorted(self._words.items()), self._texts))

    def regexes_for(self, text: str) -> tuple[re.Pattern[str], ...]:
        """Regexes that find in ``text`` what :attr:`regexes` finds (compiled again only if
        ``text`` can hold words they do not have)."""
        compiled, regexes = self._state
        if compiled == self._every:
            return regexes
        if len(text) >= self.large or self.keeps():
            needed = self._every
        else:
            present = set(_SPLIT.split(text))
            needed = frozenset(key for key, runs in self._runs.items() if runs <= present)
        if needed <= compiled:
            return regexes
        keys = compiled | needed
        if self._spent + len(keys) >= self.all_at * len(self._every):
            keys = self._every
        self._spent += len(keys)
        regexes = self.regexes if keys == self._every else compile_many("", lambda: self._build(keys), keep=False)
        self._state = (keys, regexes)
        return regexes

    def keeps(self) -> bool:
        """Whether compiled regexes are kept on disk (then every word is compiled at once)."""
        return self.kept if self.kept is not None else cache_folder() is not None

    def _build(self, keys: frozenset[str]) -> list[str]:
        """The texts of the regexes with the class words, first words and stop words among
        ``keys``: one regex a pattern, the patterns of each group one after another."""
        classes = {name: _trie(listed & keys) for name, listed in self._classes.items()}
        held_stops = keys.intersection(GAP_STOPS)
        stops = (_trie(held_stops), _trie(held_stops.difference(TIME_STOPS)))  # before, after =>
        # Group 1 takes the character before a match (so that the regex engine skips through
        # words quickly); the lookahead reads the pattern (group 2) without taking its words,
        # so that the next search starts on the next word and matches may overlap.
        return [f"({_NOT_WORD})(?=({_regex(text, classes, stops)}))"
                for texts in self._texts for text in texts]


def _trie(keys: Iterable[str]) -> str:
    """:func:`trie_pattern` of ``keys``, or a regex that matches nothing for none."""
    keys = set(keys)
    return trie_pattern(keys) if keys else _NEVER


def _groups(kept: list[Any], words: Mapping[str, tuple[str, ...]]) -> list[list[Any]]:
    """The patterns in as few regexes as keep apart two types that may begin on one word (a
    regex gives one match a place, so "rang MASH and police" is a referral and a report to the
    police only if the two patterns are in two regexes)."""
    groups: list[tuple[list[Any], dict[str, set[str]]]] = []
    for pattern in kept:
        first = _spellings(tokens(pattern.text)[0], words)
        for listed, starts in groups:
            if not any(type_id != pattern.type and first & keys for type_id, keys in starts.items()):
                listed.append(pattern)
                starts.setdefault(pattern.type, set()).update(first)
                break
        else:
            groups.append(([pattern], {pattern.type: set(first)}))
    return [listed for listed, _ in groups]


def class_words(words: Mapping[str, tuple[str, ...]], name: str,
                 seen: frozenset[str] = frozenset()) -> list[str]:
    """The spellings of a class, with those of the classes it names (``@harm``) in it."""
    found: list[str] = []
    for word in words[name]:
        other = CLASS.fullmatch(word.strip())
        if other and other.group(1) in words and other.group(1) not in seen | {name}:
            found.extend(class_words(words, other.group(1), seen | {name}))
        elif not other:
            found.extend(expand_alias(word))
    return found


def _spellings(token: str, words: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Every spelling of a token as match keys, a ``@class`` replaced by each of its words."""
    found: set[str] = set()
    for spelling in expand_alias(token):
        keys = [""]
        for word in spelling.split():
            options = class_words(words, word[1:]) if word.startswith("@") else [word]
            keys = [f"{key} {option}" for key in keys for option in options]
        found.update(match_key(key) for key in keys)
    return found


def _atom(token: str, classes: Mapping[str, str]) -> str:
    """The regex of one token: its spellings, a ``@class`` standing for the class's words."""
    literal: set[str] = set()
    mixed: list[str] = []
    for spelling in expand_alias(token):
        words = spelling.split()
        if not any(word.startswith("@") for word in words):
            literal.add(match_key(spelling))
            continue
        mixed.append(_NEXT.join(f"(?:{classes[word[1:]]})" if word.startswith("@")
                                else f"(?:{trie_pattern([match_key(word)])})" for word in words))
    if literal:
        mixed.append(trie_pattern(literal))
    return "(?:" + "|".join(mixed) + ")"


def tokens(text: str) -> list[str]:
    return [token for token in re.split(r"\s+(?![^{]*\})", text.strip()) if token]


def _regex(text: str, classes: Mapping[str, str], stops: tuple[str, str]) -> str:
    """The regex of one pattern's text (no capturing groups: the caller adds one)."""
    out: list[str] = []
    ahead = False
    joint = ""
    for token in tokens(text):
        if token == "=>":
            ahead = True
            out.append("(?=")
            continue
        gap = GAP.fullmatch(token)
        if gap:
            count = int(gap.group(1))
            stop = stops[1] if ahead else stops[0]
            joint = f"(?:{_SKIP}(?!(?:{stop}){_NOT_WORD})(?:{_WORD})+{_TIME}?){{0,{count}}}?{_SKIP}"
            continue
        atom = _atom(token, classes)
        if out:
            out.append(joint or _NEXT)
        out.append(atom)
        joint = ""
    out.append(f"(?!{_WORD})")
    if ahead:
        out.append(")")
    return "".join(out)
