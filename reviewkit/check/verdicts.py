"""Verdicts (every rule application) and findings (the breaches), with their columns and ids."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
    texts = [pa.array(part.astype("string").array, type=pa.large_string()) if isinstance(part, pd.Series)
             else pa.scalar(part, type=pa.large_string()) for part in parts]
    joined = pc.binary_join_element_wise(*texts, pa.scalar("\x1f", type=pa.large_string()))
    if isinstance(joined, pa.Scalar):
        joined = pa.array([joined.as_py()] * size, type=pa.large_string())
    sha1, start = hashlib.sha1, prefix + "-"
    return [start + sha1(text).hexdigest()[:12] for text in joined.cast(pa.large_binary()).to_pylist()]


def finish_verdicts(found: Sequence[tuple[pd.DataFrame, Rule]]) -> pd.DataFrame:
    """Add each rule's fields and stable ids to what the detectors found, in verdict columns.

    ``found`` pairs each detector result (with :data:`DETECTOR_COLUMNS`; ``key`` names the
    application within the case: the trigger entry, or the period's start) with its rule. The
    results are joined first and finished in one pass, whatever the number of rules: the rule's
    own fields are spread to its rows from one value per rule. ``certainty`` follows from the
    verdict, and ``basis`` is kept for findings only. ``fact`` names what was judged (the kind,
    what the rule expects, and the key; see :func:`fact_of`), ``start_text`` is left for the
    engine, and ``title`` is the rule's, for the engine to fill with the verdict's facts
    (:func:`reviewkit.check.titles.with_titles`).

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
    found = [(frame, rule) for frame, rule in found if not frame.empty]
    if not found:
        return empty_verdicts()
    for frame, rule in found:
        unknown = set(frame["verdict"].unique()) - set(VERDICTS)
        if unknown:
            raise ValueError(f"detector for {rule.id} returned unknown verdicts {unknown}")
    frame = pd.concat([f[DETECTOR_COLUMNS] for f, _ in found], ignore_index=True)
    which = np.repeat(np.arange(len(found)), [len(f) for f, _ in found])

    which = pa.array(which)

    def per_rule(value: Callable[[Rule], str | None]) -> pd.Series:  # one text per rule, taken for its rows
        texts = pa.array([value(rule) for _, rule in found], type=pa.large_string()).take(which)
        return pd.Series(pd.arrays.ArrowStringArray(texts), index=frame.index, dtype="string")

    rule_ids = per_rule(lambda rule: rule.id)
    verdict = frame["verdict"].astype("string")
    out = pd.DataFrame({
        "verdict_id": pd.array(stable_ids("V", rule_ids, frame["case_id"], frame["key"]), dtype="string"),
        "case_id": frame["case_id"], "rule": rule_ids, "kind": per_rule(lambda rule: rule.kind),
        "theme": per_rule(lambda rule: rule.theme),
        "agency": frame["agency"], "severity": per_rule(lambda rule: rule.severity), "verdict": verdict,
        "certainty": np.select(
            [verdict.eq("breached").to_numpy(bool), verdict.eq("possibly breached").to_numpy(bool)],
            ["certain", "possible"],
            default=None,
        ),
        "link": frame["link"], "start": frame["start"], "end": frame["end"], "trigger": frame["trigger"],
        "entries": frame["entries"], "summary": frame["summary"],
        "learning": per_rule(lambda rule: f"{rule.learning} (Source: {rule.source})"),
        "delay_min": frame["delay_min"], "delay_max": frame["delay_max"],
        "limit": per_rule(_limit), "count": frame["count"],
        "basis": frame["basis"].where(verdict.isin(FINDING_VERDICTS).to_numpy(bool)),
        "fact": per_rule(fact_of) + "|" + frame["key"].astype("string"), "start_text": None,
        "title": per_rule(lambda rule: rule.title),
    }, index=frame.index)[VERDICT_COLUMNS]
    return out.astype({k: v for k, v in VERDICT_DTYPES.items() if k != "entries"})


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
