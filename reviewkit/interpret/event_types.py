"""Event types, tags and concern of each entry, found in its text by the vocabulary's matcher."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from reviewkit.interpret.aliases import resolve_key
from reviewkit.interpret.matcher import (
    NO_HITS,
    Matcher,
    TextHits,
)
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary

__all__ = ["infer_event_types", "resolve_event_types"]

def _codes(values: pd.Series) -> tuple[np.ndarray, list]:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), uniques.tolist()


def _string_series(values: Iterable, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(list(values), dtype="string"), index=index)


def _string_series_from(distinct: list, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """A string Series whose row ``i`` holds ``distinct[rows[i]]`` (None gives NA)."""
    return pd.Series(pd.array(distinct, dtype="string").take(rows), index=index)


def _hits_by_row(values: pd.Series, matcher: Matcher) -> tuple[list[TextHits], np.ndarray]:
    """Summarise each DISTINCT text once: the summaries, and which one each row has.

    Examples
    --------
    >>> hits, rows = _hits_by_row(pd.Series(["ICPC", None, "ICPC"]), load_vocabulary()._matcher)
    >>> [hits[k].best for k in rows]
    ['icpc', None, 'icpc']
    """
    codes, uniques = _codes(values)
    summaries, which = matcher.summarise_many(uniques)
    return [*summaries, NO_HITS], np.append(which, len(summaries))[codes]  # NA (-1): NO_HITS


def _first_given(*values: str | None) -> str | None:
    return next((v for v in values if v is not None), None)


def _union_tags(first: str, second: str) -> str:
    """Sorted union of two ``;``-joined tag lists.

    Examples
    --------
    >>> _union_tags("home_visit;icpc", "epds;icpc"), _union_tags("", "icpc")
    ('epds;home_visit;icpc', 'icpc')
    """
    if first and second:
        return ";".join(sorted({t for t in (first + ";" + second).split(";") if t}))
    return first or second


def _entry(
    primary: TextHits, secondary: TextHits, implied: Mapping[str, str | None]
) -> tuple[str | None, str, str | None]:
    """Event type, tags and concern of an entry from what its texts matched.

    Examples
    --------
    >>> vocab = load_vocabulary()
    >>> home, kick = vocab._matcher.summarise_many(["Home visit", "Father kicked Child B"])[0]
    >>> _entry(home, NO_HITS, vocab._matcher.implied), _entry(home, kick, vocab._matcher.implied)
    (('home_visit', 'home_visit', None), ('home_visit', 'home_visit', 'physical'))
    """
    event_type = _first_given(primary.best, secondary.best)
    concern = _first_given(
        primary.concern,
        secondary.concern,
        implied.get(event_type),
        primary.implied,
        secondary.implied,
    )
    return event_type, _union_tags(primary.tags, secondary.tags), concern


def _entries(
    primary: pd.Series, secondary: pd.Series | None, matcher: Matcher
) -> tuple[list[tuple[str | None, str, str | None]], np.ndarray]:
    """The distinct (event type, tags, concern) triples, and which one each row has."""
    first, rows = _hits_by_row(primary, matcher)
    if secondary is None:
        return [_entry(hits, NO_HITS, matcher.implied) for hits in first], rows
    second, second_rows = _hits_by_row(secondary, matcher)
    rows, pairs = pd.factorize(rows * len(second) + second_rows)
    distinct = [
        _entry(first[k // len(second)], second[k % len(second)], matcher.implied)
        for k in pairs.tolist()
    ]
    return distinct, rows


def infer_event_types(
    primary: pd.Series,
    secondary: pd.Series | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    explicit: pd.Series | None = None,
) -> pd.DataFrame:
    """Find the event type, tags and concern of each entry from its text.

    Parameters
    ----------
    primary : Series
        The event / contact-type text of each entry (NA allowed).
    secondary : Series, optional
        The details / notes text, aligned with ``primary`` (NA allowed).
    vocabulary : Vocabulary, optional
        Defaults to the packaged vocabulary.
    explicit : Series, optional
        Event types given explicitly (ids, labels or aliases); where one resolves
        it becomes the ``event_type`` and joins the tags. Unknown values are
        ignored here: report them with :func:`resolve_event_types`.

    Returns
    -------
    DataFrame
        Same index, columns ``event_type`` (string, NA when nothing matches),
        ``tags`` (every matched event type id, sorted, ``;``-joined, ``""`` when
        none) and ``concern`` (one of the concern categories, or NA).

    Notes
    -----
    The main type is the highest-priority type found in ``primary``, else in
    ``secondary``; ties go to the one written first. The concern comes from
    concern words (``primary`` first, then ``secondary``, in the order written),
    else from the concern the event types imply. Each distinct text is matched
    once: one call of a single compiled regex finds the aliases in many texts at
    once, and each distinct run of matched aliases is read once.

    Examples
    --------
    >>> texts = pd.Series(["Strategy meeting", "HV home visit, EPDS completed", None])
    >>> out = infer_event_types(texts)
    >>> out["event_type"].tolist()
    ['strategy_discussion', 'epds', <NA>]
    >>> out["tags"].tolist()
    ['strategy_discussion', 'epds;health_visitor_contact;home_visit', '']
    >>> infer_event_types(pd.Series(["School staff witnessed mother kick Child B"]))["concern"][0]
    'physical'
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    matcher = vocab._matcher
    index = primary.index
    if secondary is not None and len(secondary) != len(primary):
        raise ValueError(
            f"primary and secondary must be the same length ({len(primary)} and {len(secondary)})."
        )
    distinct, rows = _entries(primary, secondary, matcher)
    out = pd.DataFrame(
        {
            name: _string_series_from([d[k] for d in distinct], rows, index)
            for k, name in enumerate(("event_type", "tags", "concern"))
        },
        index=index,
    )
    if explicit is not None:
        ids, _unknown = resolve_event_types(explicit, vocab)
        ids = pd.Series(ids.to_numpy(), index=index, dtype="string")
        given = ids.notna()
        if given.any():
            out.loc[given, "event_type"] = ids[given]
            combined = (ids[given] + ";" + out.loc[given, "tags"]).map(
                lambda s: ";".join(sorted({t for t in s.split(";") if t}))
            )
            out.loc[given, "tags"] = combined
            fill = given & out["concern"].isna()
            if fill.any():
                out.loc[fill, "concern"] = ids[fill].map(matcher.implied).astype("string")
    return out


def resolve_event_types(
    values: pd.Series, vocabulary: Vocabulary | None = None
) -> tuple[pd.Series, pd.Series]:
    """Map explicit event-type values (ids, labels or aliases) to event type ids.

    Parameters
    ----------
    values : Series
        As written in an ``event_type`` column.
    vocabulary : Vocabulary, optional
        Defaults to the packaged vocabulary.

    Returns
    -------
    ids : Series of string
        The event type id, NA where the value is blank or unknown.
    unknown : Series of bool
        True where a non-blank value is not in the vocabulary (so the loader
        can report it).

    Examples
    --------
    >>> ids, unknown = resolve_event_types(pd.Series(["ICPC", "strat meeting", "tea", None]))
    >>> ids.tolist(), unknown.tolist()
    (['icpc', 'strategy_discussion', <NA>, <NA>], [False, False, True, False])
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    index_map = vocab._resolve_index
    codes, uniques = _codes(values)
    resolved: list[str | None] = []
    unknown: list[bool] = []
    for value in uniques:
        text = str(value).strip()
        if not text:
            resolved.append(None)
            unknown.append(False)
            continue
        found = text if text in vocab.event_types else index_map.get(resolve_key(text))
        resolved.append(found)
        unknown.append(found is None)
    resolved.append(None)
    unknown.append(False)
    take = np.where(codes < 0, len(resolved) - 1, codes)
    ids = np.array(resolved, dtype=object)[take] if len(take) else []
    flags = np.array(unknown, dtype=bool)[take] if len(take) else np.array([], dtype=bool)
    return (
        _string_series(ids, values.index),
        pd.Series(flags, index=values.index, dtype=bool),
    )
