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
holds one of the agency's phrases are read again.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from reviewkit.interpret.agency_contacts import canonical_agency
from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.event_types import infer_event_types
from reviewkit.interpret.matcher import Matcher, match_key
from reviewkit.interpret.vocabulary import Vocabulary

__all__ = ["agency_vocabulary", "infer_by_agency", "scoped_aliases"]


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
    variants = vocabulary.__dict__.setdefault("_agency_variants", {})  # made once, kept with it
    for agency, keys in scoped_aliases(vocabulary, agency_aliases).items():
        rows = (agencies == agency).fillna(False).to_numpy()
        if not keys or not rows.any():
            continue
        rows[rows] = _holds_any((event[rows], details[rows], outcome[rows]), keys)
        if rows.any():
            if agency not in variants:
                variants[agency] = agency_vocabulary(vocabulary, keys)
            again = infer_event_types(event[rows], details[rows], outcome=outcome[rows],
                                      vocabulary=variants[agency])
            read.loc[rows, again.columns] = again.to_numpy()
    return read


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
