r"""Patterns as data: event types read from who did what to whom, with words in between.

An alias names an event in a fixed phrase ("strategy meeting"). Practitioners also write events
as a sentence: "mummy's boyfriend punched him", "Child B told the foster carer that she saw dad
hit mum", "father turned up drunk, kicked the door in and threatened her". A *pattern* reads
those: word classes (``@adult``, ``@harm``) and fixed words, with up to ``~N`` other words
between them. The packaged patterns are ``reviewkit/data/patterns.toml`` (read its header for
the syntax); a user's vocabulary file adds its own under ``[patterns]``.

A pattern's match is a mention of its event type like an alias's, and the context rules read it
the same way ("no evidence that dad hit him" is negated). Words after ``=>`` must follow but are
not part of the mention, so the mentions inside them keep their own types (a child's disclosure
*of* an assault is both). The words skipped by ``~N`` never run past the end of a clause, and
never include a word that turns the sentence round (``not``, ``denies``, ``but``: see
:data:`GAP_STOPS`).

Examples
--------
>>> patterns = Patterns({"adult": ("dad", "mums boyfriend"), "harm": ("hit", "punched")},
...                     (Pattern("assault", "@adult ~2 @harm {him|her}"),))
>>> text = " mums boyfriend then punched him; dad did not hit her"
>>> starts, ends, types = find_patterns(patterns.compiled(("assault",)), text)
>>> [(text[start:end], type_id) for start, end, type_id in zip(starts, ends, types)]
[('mums boyfriend then punched him', 'assault')]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.matcher import match_key, trie_pattern

__all__ = ["GAP_STOPS", "CompiledPatterns", "Pattern", "Patterns", "check_classes", "find_patterns",
           "packaged_patterns", "read_patterns"]

#: Words a ``~N`` gap never passes over: they negate, deny or turn the sentence round, or begin
#: someone's account ("mother said father pushed her" is not the mother pushing).
GAP_STOPS = (
    "not", "no", "never", "nor", "didnt", "doesnt", "dont", "wasnt", "isnt", "hasnt", "hadnt",
    "cannot", "cant", "wont", "nobody", "none", "neither", "without", "deny", "denies",
    "denied", "denying", "but", "however", "although", "though", "whereas", "if", "whether",
    "unless", "or", "nothing", "said", "says", "told", "tells", "stated", "states", "reported",
    "reports", "alleged", "alleges", "disclosed", "discloses", "claimed", "claims",
)
#: Words of a pattern's text: letters, digits, underscore, or any non-ASCII character (written
#: as the ASCII characters it is not: a class within ASCII compiles to a bitmap, about 30 times
#: faster than one reaching U+10FFFF, and a pattern holds thousands of them).
_WORD = "[^\x00-/:-@A-Z\\[-^`{-\x7f]"
_NOT_WORD = "[\x00-/:-@A-Z\\[-^`{-\x7f]"
#: What may stand between two words of a pattern written side by side.
_NEXT = r"[ \t\-]+"
#: What may stand between words a gap skips (a comma too, never a clause end).
_SKIP = r"[ \t,\-/()]+"
_GAP = re.compile(r"~(\d+)")
_CLASS = re.compile(r"@([a-z][a-z0-9_]*)")
_TOP_FIELDS = ("words", "pattern")
_PATTERN_FIELDS = ("type", "phrases")
_SOURCE = "the packaged patterns (reviewkit/data/patterns.toml)"
#: The longest gap a pattern may ask for, in words.
MAX_GAP = 12


@dataclass(frozen=True)
class Pattern:
    """One pattern: the event type it reads and its text (see the module's docstring)."""

    type: str
    text: str


@dataclass(frozen=True)
class CompiledPatterns:
    """The regexes of the patterns: in each, group 1 is the character before a place where one
    of its patterns matches, and group ``k + 2`` the match of its pattern ``k``, which reads
    ``types[regex][k]``."""

    regexes: tuple[re.Pattern[str], ...]
    types: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Patterns:
    """Word classes and the patterns that use them.

    Examples
    --------
    >>> import pickle
    >>> patterns = packaged_patterns()
    >>> "harm" in patterns.words and len(patterns.patterns) > 10
    True
    >>> pickle.loads(pickle.dumps(patterns)) == patterns
    True
    """

    words: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    patterns: tuple[Pattern, ...] = ()

    def merged(self, other: Patterns) -> Patterns:
        """These word classes and patterns with ``other``'s added (a class named in both gets the
        words of both)."""
        words = {name: list(listed) for name, listed in self.words.items()}
        for name, listed in other.words.items():
            words[name] = list(dict.fromkeys([*words.get(name, []), *listed]))
        return Patterns(MappingProxyType({k: tuple(v) for k, v in words.items()}),
                        tuple(dict.fromkeys(self.patterns + other.patterns)))

    def compiled(self, type_ids: Iterable[str]) -> CompiledPatterns:
        """The regex of the patterns whose type is one of ``type_ids`` (others are left out)."""
        return _compile(self, tuple(type_ids))

    def phrases(self) -> list[str]:
        """Every word and fixed phrase the patterns use (for the spelling corrector)."""
        found = [spelling for listed in self.words.values() for word in listed
                 for spelling in expand_alias(word)]
        for pattern in self.patterns:
            for token in _tokens(pattern.text):
                if not _GAP.fullmatch(token) and token != "=>":
                    found.extend(expand_alias(token))
        return [word for spelling in found for word in [" ".join(
            w for w in spelling.split() if not w.startswith("@"))] if word]

    def __hash__(self) -> int:
        return hash((tuple(sorted((k, v) for k, v in self.words.items())), self.patterns))

    def __reduce__(self) -> tuple:  # a mapping proxy does not pickle (worker processes need it)
        return _rebuilt, (dict(self.words), self.patterns)


def _rebuilt(words: dict[str, tuple[str, ...]], patterns: tuple[Pattern, ...]) -> Patterns:
    return Patterns(MappingProxyType(words), patterns)


@cache
def _compile(patterns: Patterns, type_ids: tuple[str, ...]) -> CompiledPatterns:
    wanted = set(type_ids)
    kept = [p for p in patterns.patterns if p.type in wanted]
    classes = {name: trie_pattern({match_key(s) for s in _class_words(patterns.words, name)})
               for name in patterns.words}
    regexes, types = [], []
    for group in _groups(kept, patterns.words):
        body = "|".join(f"({_regex(p.text, classes)})" for p in group)
        first = trie_pattern({key for p in group for key in _spellings(_tokens(p.text)[0],
                                                                        patterns.words)})
        # Group 1 takes the character before a match (so that the regex engine skips through
        # words quickly); the first lookahead tries every pattern's first words at once; the
        # second reads the patterns without taking their words, so that the next search
        # starts on the next word and matches may overlap.
        regexes.append(re.compile(f"({_NOT_WORD})(?=(?:{first})(?!{_WORD}))(?=(?:{body}))"))
        types.append(tuple(p.type for p in group))
    return CompiledPatterns(tuple(regexes), tuple(types))


def _groups(kept: list[Pattern], words: Mapping[str, tuple[str, ...]]) -> list[list[Pattern]]:
    """The patterns in as few regexes as keep apart two types that may begin on one word (a
    regex gives one match a place, so "rang MASH and police" is a referral and a report to the
    police only if the two patterns are in two regexes)."""
    groups: list[tuple[list[Pattern], dict[str, set[str]]]] = []
    for pattern in kept:
        first = _spellings(_tokens(pattern.text)[0], words)
        for listed, starts in groups:
            if not any(type_id != pattern.type and first & keys for type_id, keys in starts.items()):
                listed.append(pattern)
                starts.setdefault(pattern.type, set()).update(first)
                break
        else:
            groups.append(([pattern], {pattern.type: set(first)}))
    return [listed for listed, _ in groups]


def _class_words(words: Mapping[str, tuple[str, ...]], name: str,
                 seen: frozenset[str] = frozenset()) -> list[str]:
    """The spellings of a class, with those of the classes it names (``@harm``) in it."""
    found: list[str] = []
    for word in words[name]:
        other = _CLASS.fullmatch(word.strip())
        if other and other.group(1) in words and other.group(1) not in seen | {name}:
            found.extend(_class_words(words, other.group(1), seen | {name}))
        elif not other:
            found.extend(expand_alias(word))
    return found


def _spellings(token: str, words: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Every spelling of a token as match keys, a ``@class`` replaced by each of its words."""
    found: set[str] = set()
    for spelling in expand_alias(token):
        keys = [""]
        for word in spelling.split():
            options = _class_words(words, word[1:]) if word.startswith("@") else [word]
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


def _tokens(text: str) -> list[str]:
    return [token for token in re.split(r"\s+(?![^{]*\})", text.strip()) if token]


def _regex(text: str, classes: Mapping[str, str]) -> str:
    """The regex of one pattern's text (no capturing groups: the caller adds one)."""
    stops = trie_pattern(GAP_STOPS)
    out: list[str] = []
    ahead = False
    joint = ""
    for token in _tokens(text):
        if token == "=>":
            ahead = True
            out.append("(?=")
            continue
        gap = _GAP.fullmatch(token)
        if gap:
            count = int(gap.group(1))
            joint = f"(?:{_SKIP}(?!(?:{stops}){_NOT_WORD})(?:{_WORD})+){{0,{count}}}?{_SKIP}"
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


def find_patterns(compiled: CompiledPatterns, text: str) -> tuple[np.ndarray, np.ndarray,
                                                                    list[str]]:
    """Starts, ends and event types of the pattern matches in ``text`` (lower case, as the
    reading engine joins it: a match needs a character before it), in the order they begin.
    The matches of one type do not overlap (where two of its patterns could match at one
    place, the first written wins; a match inside an earlier one is dropped); those of two
    types may.

    Examples
    --------
    >>> compiled = Patterns({"harm": ("hit",)}, (Pattern("assault", "dad ~1 @harm"),)
    ...                     ).compiled(["assault"])
    >>> find_patterns(compiled, " dad then hit him. dad, not hit")
    (array([1]), array([13]), ['assault'])
    """
    found = []
    for regex, types in zip(compiled.regexes, compiled.types):
        for match in regex.finditer(text):  # one per place a pattern matches
            group = match.lastindex
            found.append((match.start(group), match.end(group), types[group - 2]))
    starts, ends, kinds, reach = [], [], [], {}
    for start, end, type_id in sorted(found):
        if start < reach.get(type_id, -1):
            continue  # inside a match of its own type that began earlier
        reach[type_id] = end
        starts.append(start)
        ends.append(end)
        kinds.append(type_id)
    return np.array(starts, np.int64), np.array(ends, np.int64), kinds


def read_patterns(data: Any, where: str, known: Iterable[str] = ()) -> Patterns:
    """Check a ``[patterns]`` table (``words`` and ``[[patterns.pattern]]``) and read it.

    Parameters
    ----------
    data
        The table, as TOML gives it.
    where
        The file, for messages.
    known
        The event type ids a pattern may name (empty: not checked).

    Raises
    ------
    VocabularyError
        An unknown field, a gap over
        :data:`MAX_GAP` words, a pattern with only gaps, or an unknown event type; the message
        names the file and the pattern.

    Examples
    --------
    >>> read_patterns({"words": {"adult": ["dad"]},
    ...                "pattern": [{"type": "assault", "phrases": ["@adult ~2 hit"]}]},
    ...               "mine.toml").patterns
    (Pattern(type='assault', text='@adult ~2 hit'),)
    >>> read_patterns({"pattern": [{"type": "assault", "phrases": ["~2 hit"]}]}, "mine.toml")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.VocabularyError: mine.toml: pattern 1 ('~2 hit') must begin with a word or @class and have at most one '=>'.
    """
    if not isinstance(data, dict) or set(data) - set(_TOP_FIELDS):
        raise VocabularyError(
            f"{where}: patterns are written as a [patterns.words] table of word classes and "
            '[[patterns.pattern]] tables, each with type = "..." and phrases = ["..."].')
    words = data.get("words", {})
    if not isinstance(words, dict) or not all(
            isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v)
            for v in words.values()):
        raise VocabularyError(f"{where}: [patterns.words] must give each word class a list of "
                              'words, e.g. adult = ["mother", "father"].')
    for name, listed in words.items():
        if not _CLASS.fullmatch(f"@{name}"):
            raise VocabularyError(f"{where}: the word class {name!r} must be lower-case "
                                  "letters, digits and underscores, starting with a letter.")
        for word in listed:
            _expand(word, f"{where}: word class {name!r}")
    entries = data.get("pattern", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise VocabularyError(f"{where}: each pattern is a [[patterns.pattern]] table with "
                              'type = "..." and phrases = ["..."].')
    known = set(known)
    return Patterns(MappingProxyType({k: tuple(v) for k, v in words.items()}),
                    tuple(pattern for number, entry in enumerate(entries, start=1)
                          for pattern in _entry(entry, f"{where}: pattern {number}", known)))


def check_classes(patterns: Patterns, where: str) -> None:
    """Refuse a pattern that uses a word class no table defines (the message names it).

    Examples
    --------
    >>> check_classes(Patterns({}, (Pattern("assault", "@adult hit"),)), "mine.toml")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.VocabularyError: mine.toml: pattern 1 ('@adult hit') uses the word class @adult, which no [patterns.words] table defines. Defined classes: none.
    """
    for name, listed in patterns.words.items():
        for word in listed:
            other = _CLASS.fullmatch(word.strip())
            if other and other.group(1) not in patterns.words:
                raise VocabularyError(f"{where}: the word class {name!r} names @{other.group(1)}, "
                                      "which no [patterns.words] table defines.")
    for number, pattern in enumerate(patterns.patterns, start=1):
        for name in _CLASS.findall(pattern.text):
            if name not in patterns.words:
                defined = ", ".join(f"@{k}" for k in sorted(patterns.words)) or "none"
                raise VocabularyError(
                    f"{where}: pattern {number} ({pattern.text!r}) uses the word class @{name}, "
                    f"which no [patterns.words] table defines. Defined classes: {defined}.")


def _entry(entry: Mapping[str, Any], where: str, known: set[str]) -> list[Pattern]:
    unknown = sorted(set(entry) - set(_PATTERN_FIELDS))
    if unknown:
        raise VocabularyError(f"{where} has an unknown field {unknown[0]!r}; the fields are "
                              f"{', '.join(_PATTERN_FIELDS)}.")
    type_id = entry.get("type")
    if not isinstance(type_id, str) or (known and type_id not in known):
        raise VocabularyError(f"{where} has type {type_id!r}, which is not an event type of "
                              "the vocabulary.")
    phrases = entry.get("phrases")
    if isinstance(phrases, str):
        phrases = [phrases]
    if not isinstance(phrases, list) or not phrases or not all(
            isinstance(p, str) and p.strip() for p in phrases):
        raise VocabularyError(f'{where} needs phrases = ["..."] (non-empty text).')
    for phrase in phrases:
        tokens = _tokens(phrase)
        words = [t for t in tokens if not _GAP.fullmatch(t) and t != "=>"]
        if not words or tokens[0] == "=>" or _GAP.fullmatch(tokens[0]) or tokens.count("=>") > 1:
            raise VocabularyError(f"{where} ({phrase!r}) must begin with a word or @class and "
                                  "have at most one '=>'.")
        for token in tokens:
            gap = _GAP.fullmatch(token)
            if gap and int(gap.group(1)) > MAX_GAP:
                raise VocabularyError(f"{where} ({phrase!r}) skips {gap.group(1)} words; at "
                                      f"most {MAX_GAP}.")
            if not gap and token != "=>":
                _expand(token, where)
    return [Pattern(type_id, phrase.strip()) for phrase in phrases]


def _expand(word: str, where: str) -> list[str]:
    try:
        return expand_alias(word)
    except ValueError as exc:
        raise VocabularyError(f"{where}: {word!r} cannot be read: {exc}.") from None


@cache
def packaged_patterns() -> Patterns:
    """The patterns shipped in ``reviewkit/data/patterns.toml`` (read once)."""
    text = (resources.files("reviewkit") / "data" / "patterns.toml").read_text(encoding="utf-8")
    patterns = read_patterns(tomllib.loads(text), _SOURCE)
    check_classes(patterns, _SOURCE)
    return patterns
