"""The private engine behind :func:`reviewkit.interpret.event_types.infer_event_types`: finding aliases in text.

:mod:`reviewkit.interpret.vocabulary` builds one :class:`Matcher` per vocabulary (read that module for
the matching rules). The matcher compiles every alias key into one regex, a trie of
alternatives that tries the longest key first.

:meth:`Matcher.summarise` reads one text; it is the reference for what a text matches.
:meth:`Matcher.summarise_many` gives the same answer for many texts and is the one the
inference uses. It lower-cases the texts and joins them into one string in which a
reserved separator (:data:`_GAP`) stands before each text, and finds every alias of every
text in one regex call (for up to ``_BATCH`` texts at a time). Then it summarises each
distinct run of matched phrases once, because many texts match the same phrases. A text it cannot read this way goes through
:meth:`Matcher.summarise` on its own: a text that holds a reserved character, a text whose
lower-case form has a different length, and a text that matched an abbreviation, whose
written case decides whether it counts.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

# Apostrophes are dropped; typographic spaces and dashes become their ASCII forms so
# that the word-boundary class below (which treats every non-ASCII character as part
# of a word, so "café" never matches "CAF") still sees them as separators.
APOSTROPHES = str.maketrans(
    {
        "'": None,
        "\u2019": None,
        "\u2018": None,
        "`": None,
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": ".",
        "\u2022": "*",
        "\u00b7": ".",
    }
)
_WORD_CHARS = "0-9A-Za-z_\x80-\U0010ffff"
#: A word character for alias boundaries: ASCII letters, digits, underscore, or any
#: non-ASCII character. Faster than Unicode ``\w`` in the big alternation.
WORD = f"[{_WORD_CHARS}]"
_SPACES = re.compile(r"[\s\-]+")

# The one-pass scan (Matcher.summarise_many). _GAP stands before each text and after the
# last: its _FENCE before a text is the non-word character that a match at the start of
# the text begins with, and the scan reports each _FENCE + _MARK it meets, so that the list
# of matches splits into texts. No text or key may hold these two characters.
_FENCE, _MARK = "\x00", "\x01"
_GAP = _FENCE + _MARK + _FENCE
_BATCH = 100_000  # texts per regex call
# what APOSTROPHES does, as str.replace steps (for _scan_form)
_STEPS = tuple((chr(c), to or "") for c, to in APOSTROPHES.items())


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


@dataclass(frozen=True)
class TextHits:
    """What one distinct text matched: main type, tags, first concern word, implied concern."""

    best: str | None
    tags: str
    concern: str | None
    implied: str | None


NO_HITS = TextHits(None, "", None, None)

Meaning = tuple[str | None, str | None]


@dataclass(frozen=True)
class Matcher:
    """The compiled alias regex and the lookups that map a match back to its meaning.

    The regex is compiled over lower-case keys and run case-sensitively on the
    lower-cased text (about twice as fast as ``re.IGNORECASE``); abbreviations are
    then checked against the original spelling at the same position.

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

    Examples
    --------
    >>> m = Matcher({"home visit": ("home_visit", None), "bruise": (None, "physical")},
    ...             {"HV": ("hv_contact", None)}, {"home_visit": 50, "hv_contact": 60},
    ...             {"home_visit": None, "hv_contact": None})
    >>> m.summarise("HV home visit: bruise seen")
    TextHits(best='hv_contact', tags='home_visit;hv_contact', concern='physical', implied=None)
    """

    by_key: Mapping[str, Meaning]
    by_exact: Mapping[str, Meaning]
    priority: Mapping[str, int]
    implied: Mapping[str, str | None]

    @cached_property
    def _trie(self) -> str:
        return trie_pattern(set(self.by_key) | {k.lower() for k in self.by_exact})

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(f"(?<!{WORD})(?:{self._trie})(?!{WORD})")

    @cached_property
    def regex_ignorecase(self) -> re.Pattern[str]:
        # for the rare text whose lower-case form has a different length
        return re.compile(self.regex.pattern, re.IGNORECASE)

    @cached_property
    def regex_joined(self) -> re.Pattern[str] | None:
        """The one-pass scan: each match with the non-word character before it, and each gap.

        Taking that character (rather than looking behind) lets the regex engine skip
        through words quickly. It gives the same matches as :attr:`regex` unless a key
        could begin right where another ends, which needs a key that begins with a
        non-word character: then there is no one-pass scan (None).
        """
        keys = set(self.by_key) | set(self.by_exact)
        if any(not re.match(WORD, k) or _FENCE in k or _MARK in k for k in keys):
            return None
        return re.compile(f"[^{_WORD_CHARS}](?:{_MARK}|(?:{self._trie})(?!{WORD}))")

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
        return meaning if meaning is not None else self.by_key.get(match_key(found))

    def scan(self, text: str) -> list[Meaning]:
        """Every (type id, concern) matched in ``text``, in order of position.

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> load_vocabulary()._matcher.scan("Seen in ED; DNA follow-up")
        [('ae_attendance', None), ('missed_appointment', None)]
        """
        # in ASCII text only the straight apostrophe and the backtick change (curly quotes are not ASCII)
        original = _ascii_form(text) if text.isascii() else text.translate(APOSTROPHES)
        lowered = original.lower()
        if len(lowered) == len(original):
            matches = self.regex.finditer(lowered)
        else:
            matches = self.regex_ignorecase.finditer(original)
        hits = []
        for match in matches:
            meaning = self.meaning(match.group())
            if meaning is None:
                meaning = self.by_exact.get(exact_key(original[match.start() : match.end()]))
                if meaning is None:
                    continue  # an abbreviation written in the wrong case
            hits.append(meaning)
        return hits

    def summarise(self, text: Any) -> TextHits:
        """Main type, tags, first concern word and implied concern of one text.

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> hits = load_vocabulary()._matcher.summarise("Home alone; strategy discussion")
        >>> hits.best, hits.tags, hits.implied
        ('strategy_discussion', 'child_home_alone;strategy_discussion', 'neglect')
        """
        if not isinstance(text, str):
            text = _as_text(text)
        return self._summarise_hits(self.scan(text))

    def summarise_many(self, texts: Sequence[Any]) -> tuple[list[TextHits], np.ndarray]:
        """Summarise many texts: the distinct summaries, and which one each text has.

        Gives for every text what :meth:`summarise` gives, with one regex call for up to
        ``_BATCH`` texts (see the module's docstring).

        Parameters
        ----------
        texts : sequence
            Texts; NA values and other objects are read as :meth:`summarise` reads them.

        Returns
        -------
        summaries : list of TextHits
        which : ndarray of int
            For each text, the position of its summary in ``summaries``.

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> m = load_vocabulary()._matcher
        >>> summaries, which = m.summarise_many(["ICPC held (1)", "ICPC held (2)", "Home visit"])
        >>> [summaries[k].best for k in which], which.tolist()
        (['icpc', 'icpc', 'home_visit'], [0, 0, 1])
        """
        if self.regex_joined is None:
            return [self.summarise(t) for t in texts], np.arange(len(texts))
        summaries: list[TextHits] = []
        which = []
        for start in range(0, len(texts), _BATCH):  # a batch at a time bounds the memory
            batch_summaries, batch_which = self._summarise_batch(texts[start : start + _BATCH])
            which.append(batch_which + len(summaries))
            summaries += batch_summaries
        return summaries, np.concatenate(which) if which else np.arange(0)

    def _summarise_batch(self, texts: Sequence[Any]) -> tuple[list[TextHits], np.ndarray]:
        """:meth:`summarise_many` for one batch: one regex call over all its texts."""
        whole, alone = _fence(texts)
        runs = _MARK.join(self.regex_joined.findall(whole)).split(_FENCE + _MARK)[1:-1]
        which, distinct = pd.factorize(np.array(runs, dtype=object))
        summaries = self._summarise_runs(distinct)
        case_matters = [k for k, s in enumerate(summaries) if s is None]
        alone += np.flatnonzero(np.isin(which, case_matters)).tolist()
        which = which.astype(np.int64)
        which[alone] = np.arange(len(summaries), len(summaries) + len(alone))
        summaries = [NO_HITS if s is None else s for s in summaries]  # no text has those now
        summaries += [self.summarise(texts[i]) for i in alone]
        return summaries, which

    def _summarise_runs(self, runs: Iterable[str]) -> list[TextHits | None]:
        """Summary of each text from the run of phrases it matched; None where case matters.

        A run holds each match of :attr:`regex_joined` (the character before the
        phrase, then the phrase) after a ``_MARK``, and ends with a ``_MARK``. Where an
        abbreviation is among the phrases, the case it was written in decides.
        """
        found = [run.split(_MARK)[1:-1] for run in runs]
        meanings = {f: self.meaning(f[1:]) for f in set(itertools.chain.from_iterable(found))}
        hits = [[meanings[f] for f in phrases] for phrases in found]
        return [None if None in h else self._summarise_hits(h) for h in hits]

    def _summarise_hits(self, hits: Iterable[Meaning]) -> TextHits:
        best: str | None = None
        best_priority = 0
        types: set[str] = set()
        concern: str | None = None
        implied: str | None = None
        priority, implies = self.priority, self.implied
        for type_id, found_concern in hits:
            if type_id is not None:
                types.add(type_id)
                if best is None or priority[type_id] > best_priority:
                    best, best_priority = type_id, priority[type_id]
                if implied is None:
                    implied = implies[type_id]
            if concern is None:
                concern = found_concern
        if best is not None and implies[best] is not None:
            implied = implies[best]
        return TextHits(best, ";".join(sorted(types)), concern, implied)


def _as_text(value: Any) -> str:
    """A value that is not a string as text: ``""`` for NA (nothing matches it)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _scan_form(text: Any) -> str:
    r"""A text as :meth:`Matcher.scan` reads it, or ``_FENCE`` if the scan must read it alone.

    Like ``scan``: lower-cased; if the text is not ASCII, apostrophes dropped and
    typographic marks made ASCII first. A text whose lower-case form has another
    length (``"İ"``) is read alone. NA values and other objects are read as
    :meth:`Matcher.summarise` reads them.

    Examples
    --------
    >>> _scan_form("Children\u2019s \u2013 O'Neil"), _scan_form("O'Neil"), _scan_form("\u0130CPC")
    ('childrens - oneil', 'oneil', '\x00')
    """
    if not isinstance(text, str):
        text = _as_text(text)
    if text.isascii():
        return _ascii_form(text).lower()
    for old, new in _STEPS:  # str.replace: much faster than str.translate on such text
        text = text.replace(old, new)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else _FENCE


def _ascii_form(text: str) -> str:
    """ASCII text as :data:`APOSTROPHES` leaves it: only its apostrophes and backticks go.

    Examples
    --------
    >>> _ascii_form("Mother's care"), _ascii_form("no apostrophe")
    ('Mothers care', 'no apostrophe')
    """
    return text.replace("'", "").replace("`", "") if "'" in text or "`" in text else text


def _fence(texts: Sequence[Any]) -> tuple[str, list[int]]:
    r"""Join ``texts`` for the one-pass scan, as :meth:`Matcher.scan` reads each; and those left out.

    Each text is prepared by :func:`_scan_form` and has :data:`_GAP` before it; one
    more ends the string. A text that holds ``_FENCE`` or ``_MARK`` once prepared is
    left out: it is joined as ``""``.

    Examples
    --------
    >>> _fence(["A\u2019b", "C'd", "e\x00"])
    ('\x00\x01\x00ab\x00\x01\x00cd\x00\x01\x00\x00\x01\x00', [2])
    """
    ready = [_ascii_form(t).lower() if type(t) is str and t.isascii() else _scan_form(t) for t in texts]
    whole = _GAP.join(["", *ready, ""])
    gaps = len(texts) + 1
    if whole.count(_FENCE) == 2 * gaps and whole.count(_MARK) == gaps:
        return whole, []
    alone = [i for i, r in enumerate(ready) if _FENCE in r or _MARK in r]
    for i in alone:
        ready[i] = ""
    return _GAP.join(["", *ready, ""]), alone


def trie_pattern(keys: Iterable[str]) -> str:
    """A regex matching any of ``keys`` (lower case), longest first, prefixes shared.

    Examples
    --------
    >>> trie_pattern(["home visit", "home", "hv"])
    'h(?:ome(?:[\\\\s\\\\-]+visit)?|v)'
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends_here = "" in node
        branches = []
        for char in sorted(c for c in node if c):
            atom = r"[\s\-]+" if char == " " else re.escape(char)
            branches.append(atom + emit(node[char]))
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends_here else body

    return emit(trie)
