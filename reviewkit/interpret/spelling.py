"""Misspellings of the vocabulary's words, read as the word meant ("stratergy" as "strategy").

Chronologies are typed in a hurry. A word of six letters or more that is not a word the
vocabulary or the context rules use, nor an ordinary English word listed in
``reviewkit/data/spelling.toml``, is read as a vocabulary word when the two differ by one
letter added, dropped, changed or swapped, once doubled letters are taken as single
("refferal" and "referral" are both "referal"). Only a word with exactly one such neighbour is
changed, and only in the copy of the text that is scanned for mentions. The comparison is
rapidfuzz's optimal-string-alignment distance, run over every distinct unknown word at once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from reviewkit.interpret.matcher import trie_pattern

__all__ = ["Speller", "respell_joined", "respell_with"]

#: Words shorter than this are never changed (too many real words lie one letter apart).
MIN_LENGTH = 6
_WORD = re.compile(r"[a-z]+")
_LONG_WORD = re.compile(f"[a-z]{{{MIN_LENGTH},}}")
_DOUBLE = re.compile(r"(.)\1+")


def _single(word: str) -> str:
    return _DOUBLE.sub(r"\1", word)


@cache
def ordinary_words() -> frozenset[str]:
    """English words one letter from a vocabulary word, never read as misspellings."""
    text = (resources.files("reviewkit") / "data" / "spelling.toml").read_text(encoding="utf-8")
    return frozenset(tomllib.loads(text)["ordinary_words"])


@dataclass
class Speller:
    """The words to correct towards, the words known to be right, and the answers so far.

    Examples
    --------
    >>> speller = Speller.from_phrases(["strategy meeting", "referral"], known=["strategic"])
    >>> speller.corrections(["stratergy", "refferal", "strategic", "meeting"])
    {'refferal': 'referral', 'stratergy': 'strategy'}
    """

    targets: list[str]
    known: frozenset[str]
    decided: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_phrases(cls, phrases: Iterable[str], known: Iterable[str] = ()) -> Speller:
        words = {w for phrase in phrases for w in _WORD.findall(phrase.lower())}
        targets = sorted(w for w in words if len(w) >= MIN_LENGTH)
        return cls(targets, frozenset(words) | frozenset(known) | ordinary_words())

    def corrections(self, words: Iterable[str]) -> dict[str, str]:
        """The corrections among ``words`` (lower case): misspelt word -> vocabulary word."""
        new = [w for w in set(words) - self.known
               if len(w) >= MIN_LENGTH and w not in self.decided]
        if new and self.targets:
            single_targets = [_single(t) for t in self.targets]
            distance = cdist([_single(w) for w in new], single_targets, scorer=OSA.distance,
                             score_cutoff=1, dtype=np.int32, workers=1)
            first = np.array([t[0] for t in self.targets])
            for row, word in enumerate(new):
                close = (distance[row] <= 1) & (first == word[0])
                nearest = np.flatnonzero(close & (distance[row] == distance[row][close].min(initial=2)))
                near = [self.targets[k] for k in nearest]
                if len(near) == 2 and near[1] == near[0] + "s":  # "referal": "referral", "referrals"
                    near = near[:1]
                self.decided[word] = near[0] if len(near) == 1 else None
        else:
            self.decided.update(dict.fromkeys(new))
        return {w: self.decided[w] for w in sorted(set(words)) if self.decided.get(w)}


def respell_with(speller: Speller, texts: list[str]) -> list[str]:
    """``texts`` with each misspelt vocabulary word replaced by the word meant.

    Examples
    --------
    >>> speller = Speller.from_phrases(["strategy meeting"])
    >>> respell_with(speller, ["Stratergy meeting held", "nothing here"])
    ['strategy meeting held', 'nothing here']
    """
    if any("\x00" in text for text in texts):
        return [respell_joined(speller, text) for text in texts]
    return respell_joined(speller, "\x00".join(texts)).split("\x00") if texts else []


def respell_joined(speller: Speller, text: str, runs: frozenset[bytes] | None = None) -> str:
    """:func:`respell_with` for texts joined into one (with any separator that is not a letter).

    The misspelt words are found in the lower-cased text by one case-sensitive scan (a regex
    trie, several times faster than a case-insensitive one) and replaced in the text as written.
    Its words are taken from ``runs``, the lower-cased text's runs of word characters where
    they were found (:func:`reviewkit.interpret.word_runs.word_runs`), else from the text.

    Examples
    --------
    >>> respell_joined(Speller.from_phrases(["strategy meeting"]), "Stratergy mtg; STRATERGY")
    'strategy mtg; strategy'
    >>> respell_joined(Speller.from_phrases(["strategy meeting"]), "Stratergy mtg", frozenset([b"stratergy", b"mtg"]))
    'strategy mtg'
    """
    padded = " " + text
    lower = padded.lower()
    words = (set(_LONG_WORD.findall(lower)) if runs is None else  # a long word lies within a run
             {word for run in runs if len(run) >= MIN_LENGTH for word in _LONG_WORD.findall(run.decode())})
    fixes = speller.corrections(words)
    if not fixes:
        return text
    if len(lower) != len(padded):  # lower() changed the length: find the words case-insensitively
        pattern = re.compile(r"(?<![a-z])(?:" + "|".join(sorted(fixes, key=len, reverse=True))
                             + r")(?![a-z])", re.IGNORECASE)
        return pattern.sub(lambda m: fixes[m.group().lower()], text)
    pieces = re.compile(r"([^a-z])(" + trie_pattern(fixes) + r")(?![a-z])").split(lower)
    out, position = [], 0
    for k in range(0, len(pieces) - 1, 3):  # text before, the character before, the word
        kept = len(pieces[k]) + 1
        out.append(padded[position : position + kept])
        out.append(fixes[pieces[k + 2]])
        position += kept + len(pieces[k + 2])
    out.append(padded[position:])
    return "".join(out)[1:]
