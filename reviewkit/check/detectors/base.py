"""What every detector shares: the context of a check, entry matching, templates, results."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.detectors.codes import same_case_pairs, spread
from reviewkit.check.detectors.per_check import Distinct, arrow_values, distinct_values, positions_in
from reviewkit.check.verdicts import DETECTOR_COLUMNS
from reviewkit.interpret.vocabulary import Vocabulary


@dataclass(frozen=True)
class Context:
    """Everything a detector needs besides the chronology and its rule.

    Attributes
    ----------
    vocabulary
        Event types, groups and interval kinds.
    calendar
        The bank-holiday calendar for working days (``"wales"``, ``"england"``, ...).
    case_end
        For each ``case_id``, the last instant its chronology covers: a response missing by
        then is missing, not merely unrecorded yet. May be given as a function that works it
        out, called on first use (read it with :meth:`ends`).
    agency_aliases
        Normalises agency names written in ``attendees``.
    distinct
        Per-check memory of the distinct values of the chronology's columns (see
        :class:`Distinct`), so that every rule does not scan the same ``tags`` again.
    findings_only
        Only findings (breached, possibly breached) will be kept: a detector may leave the
        ``summary`` of other verdicts empty rather than word them.
    word_findings_only
        Every verdict is kept but only findings get a sentence (``check(sentences="findings")``):
        a detector may leave the ``summary`` of other verdicts empty rather than word them.
    """

    vocabulary: Vocabulary
    calendar: str
    case_end: pd.Series | Callable[[], pd.Series]
    agency_aliases: Mapping[str, str]
    distinct: Distinct | None = field(default=None, compare=False)
    findings_only: bool = False
    word_findings_only: bool = False

    def ends(self) -> pd.Series:
        """:attr:`case_end`, worked out once if it was given as a function.

        Examples
        --------
        >>> Context(None, "england", lambda: pd.Series({"c": pd.Timestamp("2015-01-02")}), {}).ends().to_dict()
        {'c': Timestamp('2015-01-02 00:00:00')}
        """
        if callable(self.case_end):
            object.__setattr__(self, "case_end", self.case_end())
        return self.case_end


def is_in(values: pd.Series, options: Iterable[str]) -> pd.Series:
    """True where a value (as text) is one of ``options``; missing is False. Categoricals are
    compared through their categories, without converting every row.

    Examples
    --------
    >>> is_in(pd.Series(["School", None, "GP"], dtype="category"), ["GP"]).tolist()
    [False, False, True]
    """
    codes, uniques = distinct_values(values)
    return _mapped(uniques.isin(list(options)), codes, values.index)


def among(values: pd.Series, others: pd.Series) -> pd.Series:
    """``values.isin(others)``, through Arrow for Arrow-backed text (pandas' own ``isin`` first
    turns ``others`` into a Python list, which is slow for many ids).

    Examples
    --------
    >>> among(pd.Series(["a", "b", None], dtype="string"), pd.Series(["b", "c"], dtype="string")).tolist()
    [False, True, False]
    """
    dtype = values.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return values.isin(others)
    left = pa.array(values.array)
    right = pa.array(others.astype(dtype).array).cast(left.type)
    hits = pc.is_in(left, value_set=right.unique()).to_numpy(zero_copy_only=False)
    return pd.Series(np.asarray(hits, dtype=bool), index=values.index)


def has_types(
    chronology: pd.DataFrame, types: Iterable[str], *, column: str = "tags", context: Context | None = None,
) -> pd.Series:
    """True where an entry's ``tags`` (or main ``event_type``) include one of ``types``.

    A type written ``status:type`` (``"planned:icpc"``) is found in the entry's ``mentions``
    instead: true where the text mentions that type with that status. With the check's
    ``context``, the column's distinct values are worked out once per check.

    Examples
    --------
    >>> frame = pd.DataFrame({"tags": ["referral;home_visit", "icpc", None],
    ...                       "event_type": ["home_visit", "icpc", None],
    ...                       "mentions": [None, 'icpc: affirmed ("ICPC", event)',
    ...                                    'icpc: planned ("ICPC to be held", details)']})
    >>> has_types(frame, ["referral"]).tolist(), has_types(frame, ["referral"], column="event_type").tolist()
    ([True, False, False], [False, False, False])
    >>> has_types(frame, ["planned:icpc"]).tolist()
    [False, False, True]
    """
    types = list(types)
    mentioned = [t for t in types if ":" in t]
    if mentioned:
        found = _has_mentions(chronology, mentioned, context)
        rest = [t for t in types if ":" not in t]
        return found | has_types(chronology, rest, column=column, context=context) if rest else found
    codes, uniques = distinct_of(chronology, column, context)
    if column == "event_type":
        return _mapped(uniques.isin(types), codes, chronology.index)
    pattern = "(?:^|;)(?:" + "|".join(types) + ")(?:;|$)"
    return _mapped(uniques.str.contains(pattern, regex=True), codes, chronology.index)


def _has_mentions(chronology: pd.DataFrame, types: list[str], context: Context | None) -> pd.Series:
    """True where an entry mentions one of ``types`` (``status:type``) with that status."""
    if "mentions" not in chronology:
        return pd.Series(False, index=chronology.index)
    codes, uniques = distinct_of(chronology, "mentions", context)
    wanted = "|".join(f"{re.escape(t.partition(':')[2])}: [a-z ]*\\b{re.escape(t.partition(':')[0])}\\b"
                      for t in types)
    pattern = f'(?:^|; )(?:{wanted})[a-z ]* \\("'
    return _mapped(uniques.str.contains(pattern, regex=True), codes, chronology.index)


def distinct_of(
    chronology: pd.DataFrame, column: str, context: Context | None = None
) -> tuple[np.ndarray, pd.Series]:
    """:func:`distinct_values` of a column, worked out once per check with the check's ``context``.

    Equal codes mean equal values, so rows of one chronology can be compared by code.

    Examples
    --------
    >>> codes, values = distinct_of(pd.DataFrame({"agency": ["GP", None, "GP"]}), "agency")
    >>> codes.tolist(), values.tolist()
    ([0, -1, 0], ['GP'])
    """
    distinct = context.distinct if context is not None else None
    if distinct is not None and distinct.chronology is chronology:
        return distinct.of(column)
    return distinct_values(chronology[column])


def _mapped(hits: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Per-distinct-value answers (NA as False) spread back to the rows; code -1 is False."""
    return pd.Series(spread(np.asarray(hits.fillna(False), dtype=bool), codes), index=index)


def fill_template(template: str, fields: Mapping[str, pd.Series], index: pd.Index) -> pd.Series:
    """Fill ``{name}`` placeholders from columns, row by row, without a Python loop over rows.

    Examples
    --------
    >>> fields = {"agency": pd.Series(["School", "GP"]), "when": pd.Series(["today", "later"])}
    >>> fill_template("{agency} acted {when}.", fields, pd.RangeIndex(2)).tolist()
    ['School acted today.', 'GP acted later.']
    """
    def values(name: str) -> np.ndarray:
        found = fields[name]
        found = found if found.index.equals(index) else found.reindex(index)
        return found.astype("string").to_numpy(dtype=object, na_value="")

    return pd.Series(_filled(template, fields, values, len(index)), index=index, dtype="string")


def fill_rows(template: str, fields: Mapping[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """:func:`fill_template` from arrays of text (None as empty), for the rows at positions ``rows``.

    Examples
    --------
    >>> fill_rows("{who} came {when}.", {"who": np.array(["GP", None], dtype=object),
    ...           "when": np.array(["today", "later"], dtype=object)}, np.array([1])).tolist()
    [' came later.']
    """
    def values(name: str) -> np.ndarray:
        found = np.asarray(fields[name], dtype=object)[rows]
        return np.where(pd.isna(found), "", found)

    return _filled(template, fields, values, len(rows))


def _filled(template: str, fields: Mapping, values: Callable[[str], np.ndarray], size: int) -> np.ndarray:
    """The template's literals and its fields' ``values(name)`` joined, one text per row."""
    text: object = ""  # a literal, until the first field makes it an array of one text per row
    for literal, name, _, _ in string.Formatter().parse(template):
        text = text + literal
        if name is not None:
            if name not in fields:
                raise KeyError(
                    f"The summary template names {{{name}}}, which is not available. "
                    f"Available: {', '.join('{' + f + '}' for f in fields)}."
                )
            text = text + values(name)
    return np.full(size, text, dtype=object) if isinstance(text, str) else text


def entry_tuples(*columns: pd.Series) -> pd.Series:
    """Combine entry-id columns into one tuple per row, skipping missing ids.

    Examples
    --------
    >>> entry_tuples(pd.Series(["a", "b"]), pd.Series(["c", None])).tolist()
    [('a', 'c'), ('b',)]
    """
    index = columns[0].index
    arrays = [_listed(c) for c in columns]
    if len(arrays) != 2:
        return pd.Series(
            [tuple(dict.fromkeys(v for v in row if v is not None)) for row in zip(*arrays)],
            index=index, dtype=object,
        )
    # Two columns (the usual case), without a generator per row.
    return pd.Series(
        [(a, b) if a is not None and b is not None and a != b else (a,) if a is not None
         else (b,) if b is not None else () for a, b in zip(*arrays)],
        index=index, dtype=object,
    )


def _listed(values: pd.Series) -> list:
    """A column's values as a list, None where missing (Arrow text read by Arrow: pandas is slower)."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pa.array(values.array).to_pylist()
    return values.to_numpy(dtype=object, na_value=None).tolist()


def group_tuples(values: pd.Series, keys: pd.Series) -> pd.Series:
    """``values.groupby(keys).agg(tuple)``: each key's values in row order, indexed by the sorted keys.

    One sort and one slice per key, instead of a pandas call per group. Rows with a missing
    key are left out, as ``groupby`` does.

    Examples
    --------
    >>> group_tuples(pd.Series(["a", "b", "c", "d"]), pd.Series([2, 1, 2, None])).to_dict()
    {1.0: ('b',), 2.0: ('a', 'c')}
    """
    codes, uniques = pd.factorize(keys, sort=True)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    items = values.to_numpy(dtype=object)[order].tolist()
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1)).tolist()
    tuples = [tuple(items[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    return pd.Series(tuples, index=pd.Index(uniques, name=keys.name), dtype=object)


def found_frame(*, row: np.ndarray | None = None, **columns: object) -> pd.DataFrame:
    """Assemble a detector's result with exactly :data:`DETECTOR_COLUMNS` (missing ones empty).

    ``row``, if given, is each verdict's trigger row (its position in the chronology the detector
    was given): kept as a column ``row`` after the others, so that the check reads the trigger
    entry's facts (its vague start as written, who it was about) from that row, without looking
    its id up.

    Examples
    --------
    >>> found_frame(case_id=pd.Series(["c"]), key=pd.Series(["k"]), verdict="met").columns.tolist()[:3]
    ['case_id', 'key', 'agency']
    >>> found_frame(case_id=pd.Series(["c"]), row=np.array([4])).columns.tolist()[-2:]
    ['count', 'row']
    """
    unknown = set(columns) - set(DETECTOR_COLUMNS)
    if unknown:
        raise KeyError(f"unknown detector columns: {sorted(unknown)}")
    index = next(v.index for v in columns.values() if isinstance(v, pd.Series))
    kinds = {"start": "datetime64[ns]", "end": "datetime64[ns]", "delay_min": "timedelta64[ns]",
             "delay_max": "timedelta64[ns]"}
    data = {}
    for name in DETECTOR_COLUMNS:
        value = columns.get(name)
        if name in kinds and not (isinstance(value, pd.Series) and value.dtype == kinds[name]):
            convert = pd.to_datetime if kinds[name].startswith("datetime") else pd.to_timedelta
            value = pd.Series(pd.NaT, index=index, dtype=kinds[name]) if value is None else convert(value)
        if isinstance(value, pd.Series) and value.index.equals(index):
            value = value.array  # already in place: no alignment to do
        data[name] = value
    if row is not None:
        data["row"] = np.asarray(row, dtype=np.int64)
    return pd.DataFrame(data, index=index)


def empty_found() -> pd.DataFrame:
    """A detector result with no rows."""
    return _EMPTY_FOUND.copy()


_EMPTY_FOUND = found_frame(case_id=pd.Series([], dtype="string"))


#: How a type mentioned with a status reads (rules may ask for ``"planned:icpc"``).
MENTION_WORDING = {"planned": "planned {}", "negated": "{} not done", "historical": "past {}",
                   "reported": "reported {}"}


def label(vocabulary: Vocabulary, types: Iterable[str], *, article: bool = True) -> str:
    """A reader's name for a set of event types: "a strategy discussion or a referral".

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> label(load_vocabulary(), ["icpc"])
    'an initial child protection conference'
    >>> label(load_vocabulary(), ["professionals_meeting", "epds"], article=False)
    'professionals or multi-agency meeting or postnatal depression screening'
    >>> label(load_vocabulary(), ["planned:icpc", "negated:epds"])
    'a planned initial child protection conference or a postnatal depression screening not done'
    """
    names = []
    for status, _, type_id in (t.rpartition(":") for t in types):
        name = re.sub(r"\s*\([^)]*\)", "", vocabulary.event_types[type_id].label).replace(" / ", " or ")
        name = name if name[:2].isupper() else name[0].lower() + name[1:]
        names.append(MENTION_WORDING.get(status, "{}").format(name))
    if article:
        names = [("an " if n[0].lower() in "aeiou" else "a ") + n for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


#: Entries that open an interval besides its opening type: (main types, agencies recording them).
#: A police child protection investigation, joint or single-agency, is often written "child
#: protection investigation" (a section 47 enquiry) in the police's own records; a police record
#: of a strategy discussion that agreed a section 47 enquiry by children's services is not one.
ALSO_OPENED_BY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "police_investigation": (("s47_enquiry", "police_investigation_opened"), ("Police",)),
}


def interval_openings(chronology: pd.DataFrame, kind: str, vocabulary: Vocabulary,
                      context: Context | None = None) -> pd.DataFrame:
    """The entries that open an interval of ``kind``, with their ``end`` and ``end_latest``.

    Openers are entries whose main type opens the kind, and those :data:`ALSO_OPENED_BY` names
    (by their main type, recorded by one of its agencies). An opener the loader did not pair
    with an end ends at the next entry of its case whose main type closes the kind.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> frame = pd.DataFrame({"case_id": "c", "entry_id": ["c/p:2", "c/p:3"], "agency": "Police",
    ...     "event_type": ["s47_enquiry", "police_investigation_closed"],
    ...     "tags": ["s47_enquiry", "police_investigation_closed"],
    ...     "date": pd.to_datetime(["2015-02-11", "2015-06-30"]), "date_latest": pd.to_datetime(["2015-02-11", "2015-06-30"]),
    ...     "end": pd.NaT, "end_latest": pd.NaT})
    >>> interval_openings(frame, "police_investigation", load_vocabulary())[["entry_id", "end"]].values.tolist()
    [['c/p:2', Timestamp('2015-06-30 00:00:00')]]
    """
    opener, closer = vocabulary.interval_pairs()[kind]
    mask = is_in(chronology["event_type"], [opener]).to_numpy()
    if kind in ALSO_OPENED_BY:
        types, agencies = ALSO_OPENED_BY[kind]
        mask = mask | (is_in(chronology["event_type"], types) & is_in(chronology["agency"], agencies)).to_numpy()
    columns = ["case_id", "entry_id", "date", "end", "end_latest"]
    opens = chronology.loc[mask, columns]
    opens = opens.assign(case_id=opens["case_id"].astype("string"))
    loose = opens["end"].isna() & opens["date"].notna()
    if loose.any():
        closes = chronology.loc[is_in(chronology["event_type"], [closer]).to_numpy() & chronology["date"].notna().to_numpy(),
                                ["case_id", "date", "date_latest"]]
        closes = closes.assign(case_id=closes["case_id"].astype("string")).sort_values("date")
        ahead = pd.merge_asof(opens[loose].reset_index().sort_values("date"), closes.rename(
            columns={"date": "close", "date_latest": "close_latest"}), left_on="date", right_on="close",
            by="case_id", direction="forward").set_index("index")
        opens.loc[ahead.index, "end"] = ahead["close"]
        opens.loc[ahead.index, "end_latest"] = ahead["close_latest"]
    return opens


def interval_open_at(
    chronology: pd.DataFrame, when: pd.Series, cases: pd.Series, kind: str, vocabulary: Vocabulary,
    *, context: Context,
) -> pd.DataFrame:
    """For each instant (and its case), the interval of ``kind`` open then, if any (see
    :func:`interval_openings`).

    Returns ``opened`` (the opening entry id, NA when none), ``until`` (its end, or the case's
    end when still open) and ``closes`` (its recorded end, NaT when still open).
    """
    def openings() -> pd.DataFrame:
        return interval_openings(chronology, kind, vocabulary, context)

    distinct = context.distinct
    known = distinct is not None and distinct.chronology is chronology and vocabulary is context.vocabulary
    opens = distinct.derived(("openings", kind), openings) if known else openings()
    # Each instant paired with every opening of its case (the pairs and order of an inner merge),
    # the latest opening (by date) whose interval holds it kept.
    both = pa.concat_arrays([arrow_values(cases.astype("string")), arrow_values(opens["case_id"])])
    codes = np.asarray(pc.dictionary_encode(both).indices.fill_null(-1), dtype=np.int64)  # in Arrow, not as objects
    left, right = same_case_pairs(np.where(codes[:len(when)] < 0, -2, codes[:len(when)]), codes[len(when):])
    moment = when.to_numpy(dtype="datetime64[ns]")[left]
    begun = opens["date"].to_numpy(dtype="datetime64[ns]")
    case_ends = context.ends()
    ends = np.append(case_ends.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))[
        positions_in(opens["case_id"], case_ends.index)]  # -1 (no such case): the appended NaT
    latest = opens["end_latest"].to_numpy(dtype="datetime64[ns]")
    until = np.where(np.isnat(latest), ends, latest)[right]
    inside = (begun[right] <= moment) & (moment <= until)
    left, right, until = left[inside], right[inside], until[inside]
    order = np.argsort(begun[right], kind="quicksort")  # as pandas' sort_values("date")
    last = np.zeros(len(order), dtype=bool)
    last[len(order) - 1 - np.unique(left[order][::-1], return_index=True)[1]] = True  # the last of each instant
    chosen, found = order[last], np.zeros(len(when), dtype=bool)
    found[left[chosen]] = True
    at = np.zeros(len(when), dtype=np.int64)
    at[left[chosen]] = right[chosen]
    nat = np.datetime64("NaT", "ns")
    until_at = np.full(len(when), nat)
    until_at[left[chosen]] = until[chosen]
    ids = np.append(opens["entry_id"].to_numpy(dtype=object, na_value=None), None)  # the last: none found
    closes = np.append(opens["end"].to_numpy(dtype="datetime64[ns]"), nat)
    at = np.where(found, at, len(opens))
    return pd.DataFrame({"opened": pd.Series(ids[at], dtype="string"), "until": until_at,
                         "closes": closes[at]}).set_axis(when.index)
