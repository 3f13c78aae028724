"""The reading engine: every mention of the vocabulary in a text, and whether the text affirms it.

A *mention* is a phrase of the vocabulary found in a text (an alias of an event type, a concern
word, or a phrase the vocabulary lists as another sense of a type). The ConText algorithm
(Chapman, Harkema et al., 2009) then reads the words around it: a trigger of
:mod:`reviewkit.interpret.context_rules` ("no", "not done", "to be arranged", "previous")
qualifies each mention in its scope as *negated*, *planned*, *historical* or *reported*. A
scope runs from the trigger over a few words, towards the mention, and stops at the end of a
clause or at a terminating word ("but"); the nearest trigger of each kind wins. Pseudo-triggers ("no further
action") are words that look like triggers and are passed over; a trigger inside a mention ("was
not brought") is part of it. Only an affirmed, current mention of a type is a tag.

Many texts are read at once: they are joined into one string, and the mentions, triggers,
clause ends and word starts of all of them are found by one regex scan each and numpy arrays,
so the cost is per match, not per text. Each text is then summarised once.

Examples
--------
>>> from reviewkit.interpret.vocabulary_file import load_vocabulary
>>> reading = read_texts(["No referral made", "EPDS not done; home visit"], load_vocabulary())
>>> [r.tags for r in reading]
['', 'home_visit']
>>> reading[1].mentions
'epds: negated ("EPDS not done"); home_visit: affirmed ("home visit")'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from reviewkit.interpret.context import (
    GAP,
    STATUS,
    as_texts,
    code_points,
    qualify,
    triggers_outside,
    word_starts,
)
from reviewkit.interpret.matcher import find_all, match_key
from reviewkit.interpret.patterns import find_patterns
from reviewkit.interpret.spelling import respell_joined
from reviewkit.interpret.vocabulary import CONCERN_CATEGORIES, Vocabulary
from reviewkit.interpret.word_runs import LONG_TEXT, word_runs

__all__ = ["Core", "Readings", "TextReading", "read_many", "read_texts"]

#: Texts read in one scan (bounds the memory of the joined string and its arrays).
BATCH = 50_000


#: Stands in a text's mentions listing where the name of its field (event, details, outcome) goes.
FIELD = "\x02"


@dataclass(frozen=True)
class Core:
    """What a text says, apart from its words: main type, tags, first concern word that is not
    negated, the concern its types imply, the types it affirms, those it only mentions as
    negated, and the type it names first if it names it only as planned or historical ("Core
    group to be reconvened after Easter")."""

    best: str | None
    tags: str
    concern: str | None
    implied: str | None
    affirmed: frozenset[str] = frozenset()
    negated: frozenset[str] = frozenset()
    later: frozenset[str] = frozenset()  # the first type named, only as planned or historical


NOTHING = Core(None, "", None, None)


@dataclass(frozen=True)
class Readings:
    """The readings of many texts: ``cores[core_of[i]]`` is what text ``i`` says, and
    ``listings[i]`` its mentions (``type: status ("words", FIELD)``, ``; ``-joined, or None)."""

    cores: list[Core]
    core_of: np.ndarray
    listings: np.ndarray


@dataclass(frozen=True)
class TextReading:
    """One text's reading: its :class:`Core` and its mentions listing (no field named)."""

    core: Core
    mentions: str | None

    @property
    def tags(self) -> str:
        return self.core.tags


def read_texts(texts: Sequence[Any], vocabulary: Vocabulary) -> list[TextReading]:
    """Read each text: its tags (affirmed mentions only), main type, concern and mentions.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocab = load_vocabulary()
    >>> [r.tags for r in read_texts(["ICPC to be arranged", "ICPC held", None], vocab)]
    ['', 'icpc', '']
    >>> read_texts(["behaviour strategy discussed with mother"], vocab)[0].mentions
    'strategy_discussion: other sense ("behaviour strategy discussed")'
    """
    readings = read_many(texts, vocabulary)
    return [TextReading(readings.cores[core], None if listing is None else listing.replace(f", {FIELD}", ""))
            for core, listing in zip(readings.core_of.tolist(), readings.listings.tolist())]


def read_many(texts: Sequence[Any], vocabulary: Vocabulary) -> Readings:
    """Read many texts at once (see the module's docstring).

    Parameters
    ----------
    texts
        The texts (NA and other objects are read as their text, NA as nothing).
    vocabulary
        Event types, concern words and context rules.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> readings = read_many(["No referral made", "EPDS not done; home visit"], load_vocabulary())
    >>> [readings.cores[k].tags for k in readings.core_of]
    ['', 'home_visit']
    >>> readings.listings[1].replace(FIELD, "details")
    'epds: negated ("EPDS not done", details); home_visit: affirmed ("home visit", details)'
    """
    cores, known = [NOTHING], {b"": 0}
    core_of, listings = [], []
    for start in range(0, len(texts), BATCH):
        batch = as_texts(texts[start : start + BATCH])
        found = _read_batch(batch, vocabulary, known, cores)
        core_of.append(found[0])
        listings.append(found[1])
    if not core_of:
        return Readings(cores, np.zeros(0, dtype=np.int64), np.full(0, None, dtype=object))
    return Readings(cores, np.concatenate(core_of), np.concatenate(listings))


def _read_batch(texts: list[str], vocabulary: Vocabulary, known: dict[bytes, int],
                cores: list[Core]) -> tuple[np.ndarray, np.ndarray]:
    joined = GAP + GAP.join(texts) + GAP
    whole = joined.lower()
    runs = word_runs(whole) if len(whole) >= LONG_TEXT else None  # read by two steps
    cased = respell_joined(vocabulary._speller, joined, runs)
    if cased is not joined:  # words were respelt
        whole = cased.lower()
        runs = None if runs is None else word_runs(whole)
    mentions = _mentions(whole, cased, vocabulary, runs)
    if mentions is None:
        return np.zeros(len(texts), dtype=np.int64), np.full(len(texts), None, dtype=object)
    chars = code_points(whole)
    starts = np.flatnonzero(chars == 0)[:-1] + 1
    words = np.flatnonzero(word_starts(chars))
    qualify(mentions, triggers_outside(chars, mentions, vocabulary), chars, words, vocabulary)
    text_of = np.searchsorted(starts, mentions["start"], side="right") - 1
    return _summaries(len(texts), text_of, mentions, cased, vocabulary, known, cores)


def _mentions(whole: str, cased: str, vocabulary: Vocabulary, runs: frozenset[bytes] | None = None
              ) -> dict[str, np.ndarray] | None:
    """Every mention in the joined text: start, end, type code (-1: none), concern, other sense.

    The aliases' mentions, then the patterns' (see :mod:`reviewkit.interpret.patterns`); where
    the two overlap, the longer wins, as between two aliases. ``runs``: the text's runs of word
    characters, where they were found (:mod:`reviewkit.interpret.word_runs`).
    """
    aliases = _alias_mentions(whole, cased, vocabulary, runs)
    found = _pattern_mentions(whole, vocabulary, runs)
    if found is None:
        return aliases
    if aliases is None:
        return found
    named_types = set(vocabulary.group("contact")) | set(vocabulary.group("police"))
    named = np.array([type_id in named_types for type_id in vocabulary.event_types] + [False])
    missed_types = set(vocabulary.group("missed_contact"))
    missed = np.array([type_id in missed_types for type_id in vocabulary.event_types] + [False])
    keep_alias, keep_found = _longer_wins(aliases, found, named, missed)
    both = {k: np.concatenate([aliases[k][keep_alias], found[k][keep_found]]) for k in aliases}
    order = np.argsort(both["start"], kind="stable")
    return {k: v[order] for k, v in both.items()}


def _pattern_mentions(whole: str, vocabulary: Vocabulary, runs: frozenset[bytes] | None = None
                      ) -> dict[str, np.ndarray] | None:
    """The mentions the vocabulary's patterns find (no concern word, no other sense)."""
    start, end, types = find_patterns(vocabulary.patterns.compiled(vocabulary.event_types), whole, runs)
    if not types:
        return None
    type_code = {type_id: k for k, type_id in enumerate(vocabulary.event_types)}
    count = len(types)
    return {"start": start, "end": end,
            "type": np.array([type_code[t] for t in types], dtype=np.int64),
            "other": np.full(count, -1, np.int64), "concern": np.full(count, None, dtype=object),
            "flags": np.zeros(count, np.int64), "from": start.copy(), "to": end.copy()}


def _longer_wins(aliases: dict[str, np.ndarray], found: dict[str, np.ndarray],
                 named: np.ndarray, missed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which alias and pattern mentions to keep where they overlap.

    A pattern's match gives way to an alias mention of its own type or one that covers it
    (and that alias then stands, whatever other matches overlap it). It hides the alias
    mentions of other types that lie within it and share its first or last word ("dad hit
    mum" is domestic abuse, not the assault "dad hit"); those wholly inside, among the words it
    skips, are read for themselves. A contact named by the professional's title, or what the
    police did (``named``, by type code, -1 last: the types of the vocabulary's "contact" and
    "police" groups) is never hidden: in "GP contacted by HV" the health visitor's contact is as
    true as the information shared, and in "arrested for ABH on her" the arrest as true as the
    domestic abuse; but a missed contact (``missed``, by type code: the "missed_contact" group)
    hides the contact it names ("FTA clinic" is no clinic appointment), even where it gives way
    to an alias of its own type. Where
    the two only overlap, both are kept: "saw father slapping" (an assault witnessed) and
    "father slapping Child A" (the assault) are both true. Concern words are always kept.
    """
    keep_alias = np.ones(len(aliases["start"]), bool)
    keep_found = np.ones(len(found["start"]), bool)
    typed = (aliases["type"] >= 0) | (aliases["other"] >= 0)
    first = np.searchsorted(aliases["end"], found["start"], side="right")
    last = np.searchsorted(aliases["start"], found["end"], side="left")
    count = np.maximum(last - first, 0)  # the aliases near each match, as (match, alias) pairs
    match = np.repeat(np.arange(len(count)), count)
    near = first[match] + np.arange(len(match)) - np.repeat(np.cumsum(count) - count, count)
    match, near = match[typed[near]], near[typed[near]]
    a_start, a_end = aliases["start"][near], aliases["end"][near]
    f_start, f_end = found["start"][match], found["end"][match]
    gives_way = ((a_start <= f_start) & (a_end >= f_end)) | (aliases["type"][near] == found["type"][match])
    keep_found[match[gives_way]] = False
    kept_for = np.zeros(len(keep_alias), bool)  # aliases a match gave way to, which no other match hides
    kept_for[near[gives_way]] = True
    within = (a_start >= f_start) & (a_end <= f_end) & ~((a_start > f_start) & (a_end < f_end))
    kept_named = named[aliases["type"][near]] & ~missed[found["type"][match]]
    hidden = near[keep_found[match] & within & ~kept_named]
    keep_alias[hidden[~kept_for[hidden]]] = False
    # a missed contact that gave way to its own alias ("failed to attend" in "failed to attend
    # his probation appointment") still hides the contact it names
    other_type = aliases["type"][near] != found["type"][match]
    keep_alias[near[~keep_found[match] & missed[found["type"][match]] & within & other_type
                    & named[aliases["type"][near]]]] = False
    return keep_alias, keep_found


def _alias_mentions(whole: str, cased: str, vocabulary: Vocabulary,
                    runs: frozenset[bytes] | None = None) -> dict[str, np.ndarray] | None:
    """The aliases' and concern words' mentions.

    Each distinct phrase is looked up once; only an abbreviation is looked up again as written
    at each place, since the case it is written in decides whether it counts.
    """
    matcher = vocabulary._matcher
    start, end, phrases = find_all(matcher.scan.regex_for(whole, runs), whole)
    if not phrases:
        return None
    which, distinct = pd.factorize(np.array(phrases, dtype=object))
    type_code = {type_id: k for k, type_id in enumerate(vocabulary.event_types)}
    meanings = [matcher.meaning(phrase) for phrase in distinct]
    table = [_meaning_codes(meaning, phrase, matcher, type_code) for meaning, phrase in zip(meanings, distinct)]
    code, concern, other = (np.array(column, dtype=dtype)[which] for column, dtype in
                            zip(zip(*table), (np.int64, object, np.int64)))
    exact = np.flatnonzero(np.array([meaning is None for meaning in meanings])[which])
    for k in exact.tolist():  # abbreviations, as written
        code[k], concern[k], other[k] = _meaning_codes(
            matcher.exact_meaning(cased[start[k]:end[k]]), "", matcher, type_code)
    keep = (code >= 0) | (other >= 0) | (concern != None)  # noqa: E711 (elementwise)
    if not keep.any():
        return None
    start, end = start[keep], end[keep]
    return {"start": start, "end": end, "type": code[keep], "other": other[keep],
            "concern": concern[keep], "flags": np.zeros(len(start), np.int64),
            "from": start.copy(), "to": end.copy()}


def _meaning_codes(meaning: tuple[str | None, str | None] | None, phrase: str, matcher: Any,
                   type_code: dict[str, int]) -> tuple[int, str | None, int]:
    """(type code, concern, other-sense type code) of a phrase's meaning; -1 for none."""
    if meaning is None:
        return -1, None, -1
    type_id, concern = meaning
    other = matcher.other_sense.get(match_key(phrase)) if type_id is None and concern is None else None
    return (type_code[type_id] if type_id else -1), concern, (type_code[other] if other else -1)


def _summaries(count: int, text_of: np.ndarray, mentions: dict[str, np.ndarray], cased: str,
               vocabulary: Vocabulary, known: dict[bytes, int], cores: list[Core]
               ) -> tuple[np.ndarray, np.ndarray]:
    """Each text's core (as an index into ``cores``, which grows) and its mentions listing.

    Texts whose mentions have the same types, statuses and concerns in the same order share a
    core, worked out once (``known`` maps their signature to it); only the listing, which
    quotes each text's own words, is made per text.
    """
    concern_code = {None: 0, **{c: k + 1 for k, c in enumerate(CONCERN_CATEGORIES)}}
    width = len(vocabulary.event_types) + 1  # a type code, or none (a user's vocabulary may add types)
    named, concerns = pd.factorize(mentions["concern"])  # None: -1, the last entry
    tokens = ((((mentions["type"] + 1) * width + mentions["other"] + 1) * 16 + mentions["flags"]) * 8
              + np.array([concern_code.get(c, 0) for c in concerns.tolist()] + [0], dtype=np.int64)[named])
    buffer = tokens.astype("<u4").tobytes()
    first = np.searchsorted(text_of, np.arange(count + 1)) * 4
    texts = np.flatnonzero(first[1:] > first[:-1])
    which, signatures = pd.factorize(np.array(
        [buffer[start:end] for start, end in zip(first[texts].tolist(), first[texts + 1].tolist())],
        dtype=object))
    core_of_signature = np.zeros(len(signatures), dtype=np.int64)
    for k, signature in enumerate(signatures.tolist()):  # once per distinct signature
        core = known.get(signature)
        if core is None:
            core = known[signature] = len(cores)
            cores.append(_core(np.frombuffer(signature, dtype="<u4"), vocabulary))
        core_of_signature[k] = core
    core_of = np.zeros(count, dtype=np.int64)
    core_of[texts] = core_of_signature[which]
    return core_of, _listings(count, text_of, mentions, cased, vocabulary)


def _core(tokens: np.ndarray, vocabulary: Vocabulary) -> Core:
    """What a run of mention tokens (see :func:`_summaries`) says."""
    ids = list(vocabulary.event_types)
    priority, implies = vocabulary._matcher.priority, vocabulary._matcher.implied
    best, best_priority, concern, implied = None, 0, None, None
    affirmed: set[str] = set()
    negated: set[str] = set()
    first: tuple[str, int] | None = None
    for token in tokens.tolist():
        token, concern_code = divmod(token, 8)
        token, flags = divmod(token, 16)
        code, other = divmod(token, len(ids) + 1)
        if concern is None and concern_code and not flags & 1:
            concern = CONCERN_CATEGORIES[concern_code - 1]
        if other or not code:
            continue
        type_id = ids[code - 1]
        first = first or (type_id, flags)
        if flags:
            if flags & 1:
                negated.add(type_id)
                continue
            if implied is None:  # "may have been hit by father" is still a physical worry
                implied = implies[type_id]
            continue
        affirmed.add(type_id)
        if best is None or priority[type_id] > best_priority:
            best, best_priority = type_id, priority[type_id]
        if implied is None:
            implied = implies[type_id]
    if best is not None and implies[best] is not None:
        implied = implies[best]
    return Core(best, ";".join(sorted(affirmed)), concern, implied, frozenset(affirmed),
                frozenset(negated - affirmed),
                frozenset({first[0]} - affirmed - negated if first and first[1] else ()))


def _listings(count: int, text_of: np.ndarray, mentions: dict[str, np.ndarray], cased: str,
              vocabulary: Vocabulary) -> np.ndarray:
    """Each text's mentions as ``type: status ("words", FIELD)``, ``; ``-joined (None if none);
    :data:`FIELD` stands where the field's name goes."""
    ids = list(vocabulary.event_types)
    shown = (mentions["type"] >= 0) | (mentions["other"] >= 0)
    listed = {k: v[shown] for k, v in mentions.items()}
    kinds, which = np.unique(np.where(listed["other"] >= 0, -1 - listed["other"],  # other sense
                                      listed["type"] * 16 + listed["flags"]), return_inverse=True)
    heads = np.array([f'{ids[-1 - kind]}: other sense ("' if kind < 0 else f'{ids[kind // 16]}: {STATUS[kind % 16]} ("'
                      for kind in kinds.tolist()], dtype=object)  # once per type and status
    out = np.full(count, None, dtype=object)
    if not len(which):
        return out
    texts = text_of[shown]
    last = np.r_[texts[1:] != texts[:-1], True]  # a text's last mention
    # head, words and tail of every mention, each text's last tail ending with GAP (which no
    # text holds), joined into one string and split there: one listing a text
    parts = np.empty(3 * len(texts), dtype=object)
    parts[0::3] = heads[which.ravel()]
    parts[1::3] = [cased[start:end] for start, end in zip(listed["from"].tolist(), listed["to"].tolist())]
    parts[2::3] = np.array([f'", {FIELD}); ', f'", {FIELD}){GAP}'], dtype=object)[last.astype(np.int64)]
    out[texts[last]] = "".join(parts.tolist()).split(GAP)[:-1]
    return out


