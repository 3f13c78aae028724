"""Words an agency uses in a sense of its own: "Supervision" in Probation's chronology is a
session with the offender, in Children's Services a manager's oversight; "Booking" in
Midwifery's is the antenatal booking; "Attendance" in the Emergency Department's is an
attendance there.

An event type's ``agency_aliases`` (vocabulary.toml) list such phrases by agency. The entries of
an agency that has them are read again with the vocabulary as that agency speaks it: the
packaged vocabulary with the agency's phrases as aliases of their types (taking the phrase from
any type that holds it elsewhere). Negation, plans and the rest are read as for every alias
("No supervision this week" is no supervision). Entries of other agencies are not touched, and
their texts are read once, as before.

The variant shares everything with the vocabulary but the alias table, so it costs a copy of
that table, its scanner's index made from the vocabulary's with the agency's phrases added, and
the scanner's compile for the agency's own texts; only the entries whose text
holds one of the agency's phrases are read again. Several agencies are read again together, with
one variant holding all their phrases, where that reads each as its own would
(:func:`agency_groups`): no phrase of one names another type in another's, and no entry of one
has all the words of another's phrase (as the reading sees them, respelled), so that no phrase of
another is found in it. Each reading has a fixed cost of a few milliseconds, whatever it reads.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from reviewkit.interpret.agency_contacts import canonical_agency
from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.context import GAP, as_texts
from reviewkit.interpret.event_types import infer_event_types
from reviewkit.interpret.matcher import Matcher, match_key
from reviewkit.interpret.spelling import respell_joined
from reviewkit.interpret.vocabulary import Vocabulary

__all__ = ["agency_groups", "agency_vocabulary", "infer_by_agency", "scoped_aliases"]

#: Variants kept with a vocabulary (an agency's, or a group's; each a few megabytes).
KEPT_VARIANTS = 16
#: Texts to read again, at most, for agencies to be read together (the same readings either way).
GROUPED_TEXTS = 2_000


def scoped_aliases(vocabulary: Vocabulary, agency_aliases: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Each agency's own phrases: canonical agency name -> {alias key: event type id}.

    Examples
    --------
    >>> from reviewkit.interpret.agencies import load_agency_aliases
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> scoped_aliases(load_vocabulary(), load_agency_aliases())["Probation"]["supervision"]
    'probation_supervision'
    """
    table: dict[str, dict[str, str]] = {}
    for type_id, event_type in vocabulary.event_types.items():
        for agency, aliases in event_type.agency_aliases:
            keys = table.setdefault(canonical_agency(agency, agency_aliases), {})
            for alias in aliases:
                keys.update(dict.fromkeys((match_key(s) for s in expand_alias(alias)), type_id))
    return table


def agency_vocabulary(vocabulary: Vocabulary, keys: Mapping[str, str]) -> Vocabulary:
    """``vocabulary`` with the alias ``keys`` (key -> event type id) naming their types.

    A key that another type holds, or that is another type's other sense, names the given
    type instead.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocab = load_vocabulary()
    >>> probation = agency_vocabulary(vocab, {"supervision": "probation_supervision"})
    >>> infer_event_types(pd.Series(["Supervision"]), vocabulary=probation)["tags"].tolist()
    ['probation_supervision']
    >>> infer_event_types(pd.Series(["Supervision"]), vocabulary=vocab)["tags"].tolist()
    ['']
    """
    base = vocabulary._matcher
    by_key = dict(base.by_key)
    other_sense = dict(base.other_sense)
    for key, type_id in keys.items():
        by_key[key] = (type_id, by_key.get(key, (None, None))[1])
        other_sense.pop(key, None)
    matcher = Matcher(by_key, base.by_exact, base.priority, base.implied, other_sense)
    # its scanner's keys are the vocabulary's and the agency's: indexed from the vocabulary's
    matcher.__dict__["scan"] = base.scan if all(key in base.by_key for key in keys) else base.scan.with_keys(keys)
    variant = dataclasses.replace(vocabulary)
    variant.__dict__.update(_matcher=matcher, _speller=vocabulary._speller)
    return variant


def infer_by_agency(event: pd.Series, details: pd.Series, outcome: pd.Series, agencies: pd.Series,
                    vocabulary: Vocabulary, agency_aliases: Mapping[str, str]) -> pd.DataFrame:
    """:func:`~reviewkit.interpret.event_types.infer_event_types` of each entry, the entries of
    an agency with phrases of its own read with that agency's vocabulary.

    Parameters
    ----------
    event, details, outcome
        The entries' texts (NA allowed), on one index.
    agencies
        Their agencies, as canonical names (NA where unknown).
    vocabulary, agency_aliases
        The vocabulary, and the agency table (alias key -> canonical name) that the
        ``agency_aliases`` of its types are named by.

    Returns
    -------
    DataFrame
        As :func:`~reviewkit.interpret.event_types.infer_event_types`.

    Examples
    --------
    >>> from reviewkit.interpret.agencies import load_agency_aliases
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> text = pd.Series(["Supervision", "Supervision"], dtype="string")
    >>> none = pd.Series([pd.NA, pd.NA], dtype="string")
    >>> agencies = pd.Series(["Probation", "School"], dtype="string")
    >>> infer_by_agency(text, none, none, agencies, load_vocabulary(), load_agency_aliases())["tags"].tolist()
    ['probation_supervision', '']
    """
    read = infer_event_types(event, details, outcome=outcome, vocabulary=vocabulary)
    scoped = scoped_aliases(vocabulary, agency_aliases)
    held: dict[str, np.ndarray] = {}  # the rows of each agency to read again
    for agency, keys in scoped.items():
        rows = (agencies == agency).fillna(False).to_numpy()
        if not keys or not rows.any():
            continue
        rows[rows] = _holds_any((event[rows], details[rows], outcome[rows]), keys)
        if rows.any():
            held[agency] = rows
    texts = {agency: [text for field in (event, details, outcome) for text in field[rows].dropna().unique()]
             for agency, rows in held.items()}
    variants = vocabulary.__dict__.setdefault("_agency_variants", {})  # made once, kept with it
    few = sum(map(len, texts.values())) <= GROUPED_TEXTS  # many: each reading's fixed cost is small beside it
    groups = agency_groups({a: scoped[a] for a in held}, texts, vocabulary) if few else [(a,) for a in held]
    for group in groups:
        rows = np.logical_or.reduce([held[agency] for agency in group])
        if group not in variants:
            if len(variants) >= KEPT_VARIANTS:  # the oldest out
                variants.pop(next(iter(variants)))
            variants[group] = agency_vocabulary(vocabulary, {k: t for a in group for k, t in scoped[a].items()})
        again = infer_event_types(event[rows], details[rows], outcome=outcome[rows], vocabulary=variants[group])
        read.loc[rows, again.columns] = again.to_numpy()
    return read


def agency_groups(keys: Mapping[str, Mapping[str, str]], texts: Mapping[str, list[str]],
                  vocabulary: Vocabulary) -> list[tuple[str, ...]]:
    """The agencies whose texts can be read with one vocabulary holding all their phrases, as
    each would be read with its own: in a group, a phrase of two agencies names the same type for
    both, and no text of one has every word of a phrase of another that it does not share (the
    last word perhaps with an ``s``; the words as the reading sees them: respelled, lower case,
    without apostrophes), so that the other's phrases are found in none of its texts.

    Parameters
    ----------
    keys
        Each agency's phrases (alias key -> event type id), in the order the groups are made.
    texts
        Each agency's texts to read.
    vocabulary
        The vocabulary (its spelling is the reading's).

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> keys = {"Probation": {"supervision": "probation_supervision", "induction": "probation_supervision"},
    ...         "Children's Services": {"supervision": "management_oversight"},
    ...         "Midwifery": {"booking": "antenatal_booking"}, "ED": {"attended": "ae_attendance"}}
    >>> texts = {"Probation": ["Induction", "Attended."], "Children's Services": ["Supervision notes"],
    ...          "Midwifery": ["Booking"], "ED": ["Attended with mother"]}
    >>> agency_groups(keys, texts, load_vocabulary())
    [('Probation', 'Midwifery'), ("Children's Services", 'ED')]
    """
    words = {agency: _words(found, vocabulary) for agency, found in texts.items()}
    groups: list[list[str]] = []
    for agency in keys:
        for group in groups:
            if all(_apart(keys[agency], keys[other], words[agency], words[other]) for other in group):
                group.append(agency)
                break
        else:
            groups.append([agency])
    return [tuple(group) for group in groups]


def _apart(keys: Mapping[str, str], other: Mapping[str, str], words: set[str], other_words: set[str]) -> bool:
    """Whether two agencies' texts read with both their phrases as with their own."""
    if any(keys[key] != other[key] for key in keys.keys() & other.keys()):
        return False
    return not (_may_hold(words, other.keys() - keys.keys()) or _may_hold(other_words, keys.keys() - other.keys()))


def _may_hold(words: set[str], keys: Iterable[str]) -> bool:
    """Whether texts with these words may hold one of the alias ``keys``: they have its every
    word (the last perhaps with an ``s``), or it has none."""
    for key in keys:
        *before, last = _WORD.findall(key) or [""]
        if not last or (all(word in words for word in before) and (last in words or last + "s" in words)):
            return True
    return False


def _words(texts: list[str], vocabulary: Vocabulary) -> set[str]:
    """The words of texts as the reading's alias scan sees them (joined, respelled, lower case)."""
    return set(_WORD.findall(respell_joined(vocabulary._speller, GAP + GAP.join(as_texts(texts)) + GAP).lower()))


#: A word: what stands between characters that are not word characters (ASCII punctuation and
#: spaces of any kind), as the alias scanner finds words (reviewkit.interpret.matcher).
_WORD = re.compile(r"[^\x00-/:-@\[-^`{-\x7f\s]+")


def _holds_any(texts: tuple[pd.Series, ...], keys: Mapping[str, str]) -> np.ndarray:
    """Whether any of the texts of each row holds one of the alias ``keys`` as whole words (a
    word or two between them may be spaced or hyphenated), so that only those rows are read
    again. A misspelled agency word ("Supervison") is not found, and its entry keeps the reading
    of the vocabulary itself.

    Examples
    --------
    >>> texts = (pd.Series(["Sup session", "Home visit", None]), pd.Series([None, "sup-session", "x"]))
    >>> _holds_any(texts, {"sup session": "probation_supervision"}).tolist()
    [True, True, False]
    """
    regex = _phrases_regex(tuple(sorted(keys)))
    held = np.zeros(len(texts[0]), dtype=bool)
    for text in texts:  # once per distinct text
        codes, distinct = pd.factorize(text.astype("string"), use_na_sentinel=True)
        hits = np.array([regex.search(value) is not None for value in distinct] + [False], dtype=bool)
        held |= hits[codes]
    return held


@functools.lru_cache(maxsize=64)
def _phrases_regex(keys: tuple[str, ...]) -> re.Pattern[str]:
    """The regex of :func:`_holds_any` over alias ``keys``, compiled once."""
    words = sorted((re.escape(key).replace(r"\ ", r"[\s\-]+") for key in keys), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
