"""Verdicts (every rule application) and findings (the breaches), with their columns and ids."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.columns import arrow_text, joined_text, moment_key, sha1_ids, text_rank
from reviewkit.check.grouping import group_findings
from reviewkit.check.rules import Rule
from reviewkit.check.titles import counted_titles

#: The verdicts a rule application can reach.
VERDICTS: tuple[str, ...] = ("met", "breached", "possibly breached", "cannot tell", "not applicable")

#: Columns of :func:`reviewkit.check`'s result, one row per rule application.
VERDICT_DTYPES: dict[str, str] = {
    "verdict_id": "string",
    "case_id": "string",
    "rule": "string",
    "kind": "string",
    "theme": "string",
    "agency": "string",
    "severity": "string",
    "verdict": "string",
    "certainty": "string",
    "basis": "string",
    "link": "string",
    "start": "datetime64[ns]",
    "end": "datetime64[ns]",
    "trigger": "string",
    "entries": "object",
    "summary": "string",
    "learning": "string",
    "delay_min": "timedelta64[ns]",
    "delay_max": "timedelta64[ns]",
    "limit": "string",
    "count": "Int64",
    "fact": "string",
    "start_text": "string",
    "title": "string",
}
VERDICT_COLUMNS: list[str] = list(VERDICT_DTYPES)

#: Columns of :func:`reviewkit.detect`'s result, one row per finding (see
#: :mod:`reviewkit.check.grouping` for ``basis``, ``rules``, ``occurrences``, ``members``,
#: ``occurrence_entries`` and ``occurrence_delays``; :mod:`reviewkit.check.titles` for ``title``).
FINDING_COLUMNS: list[str] = [
    "finding_id", "case_id", "rule", "kind", "theme", "agency", "severity", "certainty", "basis",
    "start", "end", "entries", "summary", "learning", "delay_min", "delay_max", "limit",
    "count", "link", "verdict", "rules", "occurrences", "members", "title", "occurrence_entries",
    "occurrence_delays",
]

#: What a verdict rests on: a late or missed action the records show, or the absence of a record.
BASES: tuple[str, ...] = ("recorded", "no record")

#: What a detector returns, besides the rule's own fields (see :func:`finish_verdicts`).
#: ``basis`` is one of :data:`BASES` for the verdicts that are findings.
DETECTOR_COLUMNS: list[str] = [
    "case_id", "key", "agency", "verdict", "basis", "link", "start", "end", "trigger", "entries",
    "summary", "delay_min", "delay_max", "count",
]

#: The rule parameters that say what a rule of each kind expects to find. Two rules of one kind
#: that expect the same, applied to the same trigger or period of a case, judge one fact.
FACT_PARAMETERS: dict[str, tuple[str, ...]] = {
    "response": ("response", "clock_from"),
    "cluster": ("follow_up",),
    "attendance": ("required", "quorum"),
    "absence": ("expect", "only_with", "agency"),
    "gap": ("contacts", "agency"),
    "stasis": ("indicators", "worsening"),
}


def empty_verdicts() -> pd.DataFrame:
    """A verdict table with no rows and every column at its type.

    Examples
    --------
    >>> empty_verdicts().columns[:3].tolist()
    ['verdict_id', 'case_id', 'rule']
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in VERDICT_DTYPES.items()})


def stable_id(prefix: str, *parts: str) -> str:
    """A short id that is the same whenever the parts are the same.

    Examples
    --------
    >>> stable_id("F", "rule-1", "child_d/school.docx:13")
    'F-88a636415f20'
    >>> stable_id("F", "a") == stable_id("F", "a") != stable_id("F", "b")
    True
    """
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


def stable_ids(prefix: str, *parts: str | pd.Series) -> list[str]:
    """:func:`stable_id` for every row of one or more columns (and fixed texts) at once.

    The same format: ``prefix-`` and the first 12 hex digits of the SHA-1 of the parts
    (UTF-8) joined by ``\\x1f``. The texts are joined column-wise (in Arrow); only the hashing is per row.

    Examples
    --------
    >>> stable_ids("F", "rule-1", pd.Series(["child_d/school.docx:13", "x"]))
    ['F-88a636415f20', 'F-14cee69230cf']
    >>> stable_ids("F", "rule-1", pd.Series(["x"])) == [stable_id("F", "rule-1", "x")]
    True
    """
    size = next((len(part) for part in parts if isinstance(part, pd.Series)), 1)
    texts = [arrow_text(part) if isinstance(part, pd.Series) else pa.scalar(part, type=pa.large_string())
             for part in parts]
    joined = pc.binary_join_element_wise(*texts, pa.scalar("\x1f", type=pa.large_string()))
    if isinstance(joined, pa.Scalar):
        joined = pa.array([joined.as_py()] * size, type=pa.large_string())
    return sha1_ids(prefix, joined).to_pylist()


#: The order of verdicts (and so of findings): by case, then start, then rule.
VERDICT_ORDER: list[str] = ["case_id", "start", "rule"]


def finish_verdicts(found: Sequence[tuple[pd.DataFrame, Rule]]) -> pd.DataFrame:
    """Add each rule's fields and stable ids to what the detectors found, in verdict columns.

    ``found`` pairs each detector result (with :data:`DETECTOR_COLUMNS`; ``key`` names the
    application within the case: the trigger entry, or the period's start) with its rule. The
    results are joined first and finished in one pass, whatever the number of rules: the rule's
    own fields are spread to its rows from one value per rule. ``certainty`` follows from the
    verdict, and ``basis`` is kept for findings only. ``fact`` names what was judged (the kind,
    what the rule expects, and the key; see :func:`fact_of`), ``start_text`` is left for the
    engine, and ``title`` is the rule's, for the engine to fill with the verdict's facts
    (:func:`reviewkit.check.titles.with_titles`). The rows are in :data:`VERDICT_ORDER` (stable:
    ties keep the order of ``found``).

    Examples
    --------
    >>> from reviewkit.check.engine import plan_rules
    >>> rule = plan_rules().rules[0]
    >>> found = pd.DataFrame({name: [None] for name in DETECTOR_COLUMNS}).assign(
    ...     case_id="c", key="c/gp:2", verdict="breached", basis="no record")
    >>> finish_verdicts([(found, rule)])[["rule", "certainty", "basis"]].values.tolist() == [
    ...     [rule.id, "certain", "no record"]]
    True
    """
    return finished_verdicts(found)[0]


def finished_verdicts(
    found: Sequence[tuple[pd.DataFrame, Rule]], *, case_ranks: Callable[[np.ndarray], np.ndarray | None] | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`finish_verdicts`, and each verdict's trigger row in the chronology the detectors were
    given (a detector result's ``row`` column, where it has one; -1 elsewhere). ``case_ranks(rows)``,
    if given, may give integers that sort the verdicts' cases as their ids do, from those rows
    (None: the ids are ranked here).

    Each column is joined once across the rules in Arrow (text) or numpy (dates, delays), the
    order worked out from integer keys (the case ids' and rule ids' sorted ranks, the start as
    an integer), and every column taken in that order once (:mod:`reviewkit.check.columns`).

    Examples
    --------
    >>> from reviewkit.check.engine import plan_rules
    >>> rule = plan_rules().rules[0]
    >>> found = pd.DataFrame({name: [None, None] for name in DETECTOR_COLUMNS}).assign(
    ...     case_id=["c2", "c1"], key=["c2/gp:2", "c1/gp:5"], verdict="met", row=[7, 3])
    >>> verdicts, rows = finished_verdicts([(found, rule)])
    >>> verdicts["case_id"].tolist(), rows.tolist()
    (['c1', 'c2'], [3, 7])
    """
    found = [(frame, rule) for frame, rule in found if not frame.empty]
    if not found:
        return empty_verdicts(), np.zeros(0, dtype=np.int64)
    for frame, rule in found:
        unknown = set(frame["verdict"].unique()) - set(VERDICTS)
        if unknown:
            raise ValueError(f"detector for {rule.id} returned unknown verdicts {unknown}")
    frames = [frame for frame, _ in found]
    which = np.repeat(np.arange(len(found)), [len(frame) for frame in frames])
    case_ids, start = joined_text([arrow_text(frame["case_id"]) for frame in frames]), _moments(frames, "start")
    rule_rank = text_rank(pa.array([rule.id for _, rule in found], type=pa.large_string()))[which]
    rows = np.concatenate([frame["row"].to_numpy(dtype=np.int64) if "row" in frame else np.full(len(frame), -1)
                           for frame in frames])
    ranked = case_ranks(rows) if case_ranks is not None else None
    order = np.lexsort([rule_rank, moment_key(start), text_rank(case_ids) if ranked is None else ranked])
    ordered = bool((order == np.arange(len(order))).all())  # in order already (a response rule's verdicts)
    indices = pa.array(order)

    def put(values: pa.Array | np.ndarray) -> pa.Array | np.ndarray:  # a column in verdict order
        if ordered:
            return values
        return values.take(indices) if isinstance(values, pa.Array) else values[order]

    taken, case_ids = pa.array(which[order]), put(case_ids)

    def joined(name: str) -> pa.Array:  # a detector column, in order
        return put(joined_text([arrow_text(frame[name]) for frame in frames]))

    def per_rule(value: Callable[[Rule], str | None]) -> pa.Array:  # one text per rule, taken for its rows in order
        return pa.array([value(rule) for _, rule in found], type=pa.large_string()).take(taken)

    rule_ids, keys, verdict = per_rule(lambda rule: rule.id), joined("key"), joined("verdict")
    finding = pc.is_in(verdict, value_set=pa.array(FINDING_VERDICTS, type=pa.large_string()))
    none, certain, possible, unit, bar = (pa.scalar(value, type=pa.large_string())
                                          for value in (None, "certain", "possible", "\x1f", "|"))
    text = {
        "verdict_id": sha1_ids("V", pc.binary_join_element_wise(rule_ids, case_ids, keys, unit)),
        "case_id": case_ids, "rule": rule_ids, "kind": per_rule(lambda rule: rule.kind),
        "theme": per_rule(lambda rule: rule.theme), "agency": joined("agency"),
        "severity": per_rule(lambda rule: rule.severity), "verdict": verdict,
        "certainty": pc.if_else(pc.equal(verdict, "breached"), certain,
                                pc.if_else(pc.equal(verdict, "possibly breached"), possible, none)),
        "basis": pc.if_else(finding, joined("basis"), none), "link": joined("link"), "trigger": joined("trigger"),
        "summary": joined("summary"), "learning": per_rule(lambda rule: f"{rule.learning} (Source: {rule.source})"),
        "limit": per_rule(_limit), "fact": pc.binary_join_element_wise(per_rule(fact_of), keys, bar),
        "start_text": pa.nulls(len(order), type=pa.large_string()), "title": per_rule(lambda rule: rule.title),
    }
    entries = np.concatenate([frame["entries"].to_numpy(dtype=object) for frame in frames])
    count = _counts(frames)
    columns = {name: pd.arrays.ArrowStringArray(values) for name, values in text.items()} | {
        "start": put(start), "end": put(_moments(frames, "end")), "entries": put(entries),
        "delay_min": put(_moments(frames, "delay_min", "timedelta64[ns]")),
        "delay_max": put(_moments(frames, "delay_max", "timedelta64[ns]")), "count": put(count),
    }
    verdicts = pd.DataFrame({name: columns[name] for name in VERDICT_COLUMNS}, index=pd.RangeIndex(len(order)),
                            copy=False)
    return verdicts, put(rows)


def _counts(frames: Sequence[pd.DataFrame]) -> pd.arrays.IntegerArray:
    """The ``count`` column of several frames joined as ``Int64`` (at once where none has a count)."""
    parts = [frame["count"] for frame in frames]
    if all(part.isna().all() for part in parts):
        size = sum(len(part) for part in parts)
        return pd.arrays.IntegerArray(np.zeros(size, dtype=np.int64), np.ones(size, dtype=bool))
    return pd.concat(parts, ignore_index=True).astype("Int64").array


def _moments(frames: Sequence[pd.DataFrame], name: str, unit: str = "datetime64[ns]") -> np.ndarray:
    """A date (or, with ``unit="timedelta64[ns]"``, delay) column of several frames, joined as one array."""
    return np.concatenate([frame[name].to_numpy(dtype=unit) for frame in frames])


def _limit(rule: Rule) -> str | None:
    """The limit a rule states (its ``within``, ``limit`` or ``window``), as written."""
    limit = rule.params.get("within") or rule.params.get("limit") or rule.params.get("window")
    return str(limit) if limit is not None else None


def fact_of(rule: Rule) -> str:
    """What a rule judges, without where: its kind and what it expects (:data:`FACT_PARAMETERS`).

    A rule of a kind not listed judges a fact of its own.

    Examples
    --------
    >>> from reviewkit.check.engine import plan_rules
    >>> rules = {r.id: r for r in plan_rules(["learning", "wales"]).rules}
    >>> fact_of(rules["plan-circulated-to-core-group"]) == fact_of(rules["wales-plan-circulated-within-5-working-days"])
    True
    >>> fact_of(rules["plan-circulated-to-core-group"])
    'response|cp_plan_circulated|date'
    """
    names = FACT_PARAMETERS.get(rule.kind)
    if names is None:
        return f"{rule.kind}|rule:{rule.id}"

    def written(value: object) -> str:
        if isinstance(value, (list, tuple)):
            return ";".join(sorted(map(str, value)))
        return "" if value is None else str(value)

    return "|".join([rule.kind, *(written(rule.params.get(name)) for name in names)])


#: The verdicts that are findings.
FINDING_VERDICTS: tuple[str, ...] = ("breached", "possibly breached")


def findings_from(verdicts: pd.DataFrame) -> pd.DataFrame:
    """The findings: verdicts that are breached or possibly breached, one row per fact.

    Verdicts of one case that judge the same fact under rules of several packs are one
    finding citing every rule; repeats of one rule in one case are one finding listing its
    occurrences, apart for those resting on no record (see :func:`reviewkit.check.grouping.group_findings`);
    its ``title`` then says how many times it was found.

    Examples
    --------
    >>> findings_from(empty_verdicts()).columns.tolist() == FINDING_COLUMNS
    True
    """
    breached = verdicts[verdicts["verdict"].isin(FINDING_VERDICTS)]
    findings = breached.rename(columns={"verdict_id": "finding_id"})
    findings = findings.assign(finding_id=findings["finding_id"].str.replace("V-", "F-", n=1))
    decisions = [c for c in ("status", "note", "decided_by", "decided_on") if c in findings]
    grouped = group_findings(findings.reset_index(drop=True), decisions=decisions)
    grouped["title"] = counted_titles(grouped["title"], grouped["occurrences"])
    out = grouped[FINDING_COLUMNS + decisions].reset_index(drop=True)
    out.attrs = dict(verdicts.attrs)
    return out
