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

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.pattern_regex import CLASS as _CLASS
from reviewkit.interpret.pattern_regex import GAP as _GAP
from reviewkit.interpret.pattern_regex import GAP_STOPS, CompiledPatterns
from reviewkit.interpret.pattern_regex import tokens as _tokens
from reviewkit.interpret.pattern_search import find_patterns

__all__ = ["GAP_STOPS", "CompiledPatterns", "Pattern", "Patterns", "check_classes", "find_patterns",
           "packaged_patterns", "read_patterns"]

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
        """The regexes of the patterns whose type is one of ``type_ids`` (others are left out),
        compiled for each text as its words need (one object per patterns and types)."""
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
    return CompiledPatterns(patterns.words, [p for p in patterns.patterns if p.type in wanted])


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
    >>> read_patterns({"pattern": [{"type": "assault", "phrases": ["dad {hit|kicked}=> him"]}]}, "mine.toml")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.VocabularyError: mine.toml: pattern 1 ('dad {hit|kicked}=> him'): '{hit|kicked}=>' joins '=>' or a gap to a word; write each apart, with a space on either side.
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
            if token != "=>" and ("=>" in token or (not gap and _GAP.search(token))):
                raise VocabularyError(f"{where} ({phrase!r}): {token!r} joins '=>' or a gap to a "
                                      "word; write each apart, with a space on either side.")
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
