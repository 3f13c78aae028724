"""Event types, tags and concern of each entry, found in its text by the vocabulary's matcher."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from reviewkit.interpret.aliases import resolve_key
from reviewkit.interpret.mentions import FIELD, Core, read_many
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary

__all__ = ["infer_event_types", "resolve_event_types"]

#: The fields of an entry whose text is read, in the order they are read.
FIELDS = ("event", "details", "outcome")


def _codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, list]:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), uniques.tolist()


def _string_series(values: Iterable, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(list(values), dtype="string"), index=index)


def _first_given(*values: str | None) -> str | None:
    return next((v for v in values if v is not None), None)


def _union_tags(*tags: str) -> str:
    """Sorted union of ``;``-joined tag lists.

    Examples
    --------
    >>> _union_tags("home_visit;icpc", "epds;icpc", ""), _union_tags("", "icpc")
    ('epds;home_visit;icpc', 'icpc')
    """
    given = [t for t in tags if t]
    if len(given) < 2:
        return given[0] if given else ""
    return ";".join(sorted({t for joined in given for t in joined.split(";")}))


def _entry(event: Core, details: Core, outcome: Core, vocabulary: Vocabulary) -> tuple[str | None, ...]:
    """Event type, tags and concern of an entry from what its fields say.

    The main type is the event field's, else the highest-priority type of the details and
    outcome (the details first on a tie). A type the event field names ("Core group") but the
    details or outcome only mention as negated ("core group cancelled"), or name first only as
    planned or recalled ("Core group to be reconvened after Easter"), is dropped, and so is a
    type another affirmed type of the entry replaces (a home visit with no access: see
    :attr:`reviewkit.interpret.vocabulary.EventType.replaces`), unless that type is replaced in
    turn (access gained on a second knock). A type an affirmed type is
    ``also`` (an unannounced home visit is a home visit) joins the tags, and the last value
    says why, as mentions (NA when nothing joined).

    Examples
    --------
    >>> vocab = load_vocabulary()
    >>> readings = read_many(["Core group", "Core group did not take place", "Father kicked Child B"], vocab)
    >>> group, cancelled, kick = (readings.cores[k] for k in readings.core_of)
    >>> _entry(group, cancelled, kick, vocab)
    ('assault', 'assault', 'physical', None)
    >>> readings = read_many(["UHV", "Children seen", None], vocab)
    >>> _entry(*(readings.cores[k] for k in readings.core_of[:2]), readings.cores[0], vocab)
    ('unannounced_visit', 'child_seen;home_visit;unannounced_visit', None, 'home_visit: affirmed (unannounced_visit)')
    """
    priority, implies = vocabulary._matcher.priority, vocabulary._matcher.implied
    unsaid = (details.negated | outcome.negated | details.later | outcome.later) - details.affirmed - outcome.affirmed
    event_tags = event.affirmed - unsaid
    event_best = event.best if event.best in event_tags else max(
        event_tags, key=lambda t: (priority[t], t), default=None)
    later = [c.best for c in (details, outcome) if c.best is not None]
    best_later = max(later, key=lambda t: priority[t], default=None)  # first on a tie
    event_type = _first_given(event_best, best_later)
    concern = _first_given(event.concern, details.concern, outcome.concern, implies.get(event_type),
                           event.implied, details.implied, outcome.implied)
    tags = ";".join(sorted(event_tags)) if event_tags != event.affirmed else event.tags
    tags = _union_tags(tags, details.tags, outcome.tags)
    listed = [t for t in tags.split(";") if t]
    joined = {also: t for t in listed for also in vocabulary.event_types[t].also if also not in listed}
    if joined:
        tags = ";".join(sorted({*listed, *joined}))
    listed = [t for t in tags.split(";") if t]
    replaced = {r for t in listed for r in vocabulary.event_types[t].replaces}
    replaced = {r for t in listed if t not in replaced for r in vocabulary.event_types[t].replaces}
    if replaced & set(listed):
        kept = [t for t in tags.split(";") if t not in replaced]
        tags = ";".join(kept)
        if event_type in replaced:
            event_type = max(kept, key=lambda t: (priority[t], t), default=None)
    why = "; ".join(f"{also}: affirmed ({source})" for also, source in sorted(joined.items())
                    if also in tags.split(";"))
    return event_type, tags, concern, why or None


def infer_event_types(
    primary: pd.Series,
    secondary: pd.Series | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    explicit: pd.Series | None = None,
    outcome: pd.Series | None = None,
) -> pd.DataFrame:
    """Find the event type, tags, concern and mentions of each entry from its text.

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
    outcome : Series, optional
        The outcome / action-taken text, aligned with ``primary`` (NA allowed).

    Returns
    -------
    DataFrame
        Same index, columns ``event_type`` (string, NA when nothing is affirmed), ``tags``
        (every event type the text affirms, sorted, ``;``-joined, ``""`` when none),
        ``concern`` (one of the concern categories, or NA) and ``mentions`` (every mention
        with its status, the words that show it and its field, ``; ``-joined, NA when none).

    Notes
    -----
    Each text is read by :mod:`reviewkit.interpret.mentions`: a negated ("No referral made"),
    planned ("ICPC to be arranged") or historical ("previous CP plan") mention, or a phrase
    that uses a type's words in another sense ("behaviour strategy"), is listed in
    ``mentions`` and is never a tag. The main type is the highest-priority affirmed type in
    ``primary``, else in ``secondary`` and ``outcome``; ties go to the one written first. The
    concern comes from concern words that are not negated (``primary`` first, then
    ``secondary``, then ``outcome``, in the order written), else from the concern the event
    types imply. Each distinct text is read once.

    Examples
    --------
    >>> texts = pd.Series(["Strategy meeting", "HV home visit, EPDS completed", None])
    >>> out = infer_event_types(texts)
    >>> out["event_type"].tolist()
    ['strategy_discussion', 'epds', <NA>]
    >>> out["tags"].tolist()
    ['strategy_discussion', 'epds;health_visitor_contact;home_visit', '']
    >>> out = infer_event_types(pd.Series(["Home visit"]), outcome=pd.Series(["No referral made"]))
    >>> out.loc[0, "tags"], out.loc[0, "mentions"]
    ('home_visit', 'home_visit: affirmed ("Home visit", event); referral: negated ("No referral", outcome)')
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    index = primary.index
    fields = [primary]
    for name, given in (("secondary", secondary), ("outcome", outcome)):
        if given is not None and len(given) != len(primary):
            raise ValueError(
                f"primary and {name} must be the same length ({len(primary)} and {len(given)})."
            )
        fields.append(given)
    given = [f is not None for f in fields]  # a field not given is NA: code -1, as NA is
    codes = np.full((len(fields), len(primary)), -1, dtype=np.int64)
    found, texts = _codes(np.concatenate([f.to_numpy(dtype=object) for f in fields if f is not None]))
    codes[given] = found.reshape(sum(given), len(primary))
    readings = read_many(texts, vocab)
    core_of = np.append(readings.core_of, 0)[codes]  # NA: nothing
    dims = (int(core_of.max(initial=0)) + 1,) * len(fields)
    if float(dims[0]) ** len(fields) < 2**62:  # each column as one number: a sort of numbers
        numbers, rows = np.unique(np.ravel_multi_index(core_of, dims), return_inverse=True)
        combos = np.array(np.unravel_index(numbers, dims)).reshape(len(fields), -1)
    else:
        combos, rows = np.unique(core_of, axis=1, return_inverse=True)
    distinct = [_entry(*(readings.cores[k] for k in combo), vocab) for combo in combos.T.tolist()]
    out = pd.DataFrame(
        {
            name: pd.Series(pd.array([d[k] for d in distinct], dtype="string").take(rows.ravel()),
                            index=index)
            for k, name in enumerate(("event_type", "tags", "concern"))
        },
        index=index,
    )
    mentions = _mentions(readings.listings, codes, index)
    why = pd.Series(pd.array([d[3] for d in distinct], dtype="string").take(rows.ravel()), index=index)
    joined = why.notna().to_numpy()  # rows where a type joined the tags: say why, after the mentions
    if joined.any():
        mentions = mentions.copy()
        mentions[joined] = mentions[joined].fillna("").str.cat(why[joined], sep="; ").str.lstrip("; ")
    out["mentions"] = mentions
    if explicit is not None:
        ids, _unknown = resolve_event_types(explicit, vocab)
        ids = pd.Series(ids.to_numpy(), index=index, dtype="string")
        given = ids.notna()
        if given.any():
            out.loc[given, "event_type"] = ids[given]
            out.loc[given, "tags"] = [_union_tags(i, t) for i, t in zip(ids[given], out.loc[given, "tags"])]
            fill = given & out["concern"].isna()
            if fill.any():
                out.loc[fill, "concern"] = ids[fill].map(vocab._matcher.implied).astype("string")
    return out


def _mentions(listings: np.ndarray, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Each row's mentions, field by field, with each field's name in place."""
    listed = np.append(listings, None)  # code -1 (NA): no mentions
    parts = [pd.Series(listed[row], index=index, dtype="string").str.replace(FIELD, field, regex=False)
             for field, row in zip(FIELDS, codes) if (row >= 0).any()]  # a field all NA adds none
    if not parts:
        return pd.Series(pd.NA, index=index, dtype="string")
    joined = parts[0]
    for part in parts[1:]:
        both = joined.notna() & part.notna()
        joined = joined.fillna("") + np.where(both, "; ", "") + part.fillna("")
        joined = joined.mask(joined == "")  # nothing yet: the next field's mentions come first
    return joined.mask(joined == "").astype("string")


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
