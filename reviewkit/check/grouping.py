"""One finding per fact: the breaches of a case grouped so that no fact is reported twice.

Two steps, within each case:

- **One fact, several packs.** Verdicts that judge the same fact (the same ``fact``: the kind,
  what the rule expects, and the trigger or period, see
  :func:`reviewkit.check.verdicts.fact_of`) under rules of different packs are one occurrence,
  citing every rule. The rules that share facts form one family (``plan-circulated-to-core-group``
  of the learning pack and ``wales-plan-circulated-within-5-working-days``).
- **Repeats.** The occurrences of one family in one case are one finding, listing them, apart
  for each ``basis``: a late or missed action the records show (``recorded``), or the absence of
  any record of the expected action (``no record``).

A finding keeps the id of its first occurrence (by date), so a finding that happened once keeps
the id it always had; ``members`` lists the id of every verdict it groups, and a reviewer's
decision about any of them is the group's (see :mod:`reviewkit.review.apply`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.wording import written_day

#: Severities, most serious first.
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def group_findings(findings: pd.DataFrame, *, decisions: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Group finding rows (one per breached verdict, ids already ``F-``) into one row per fact.

    Adds ``rules`` (every rule that found it, the family's main rule first), ``occurrences``
    (each occurrence's sentence, by date) and ``members`` (the grouped verdicts' finding ids).
    With ``decisions`` (decision columns present in ``findings``), each group takes its own
    decision or, failing that, the first decided member's.

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1", "F-2", "F-3"], "case_id": "c",
    ...     "rule": ["learn", "wales", "learn"], "kind": "response", "theme": "t", "agency": "CS",
    ...     "severity": "medium", "verdict": "breached", "certainty": "certain", "basis": "no record",
    ...     "fact": ["r|x|a", "r|x|a", "r|x|b"], "start": pd.to_datetime(["2014-06-25"] * 2 + ["2014-09-23"]),
    ...     "end": pd.NaT, "entries": [("a",), ("a",), ("b",)], "summary": ["First.", "Same.", "Second."],
    ...     "learning": ["L (Source: brief)", "W (Source: Wales)", "L (Source: brief)"], "start_text": None})
    >>> row = group_findings(f).iloc[0]
    >>> row["finding_id"], row["rules"], row["members"], row["entries"]
    ('F-1', ('learn', 'wales'), ('F-1', 'F-2', 'F-3'), ('a', 'b'))
    >>> print(row["summary"])
    First. The same was found 1 more time: on 23 September 2014.
    """
    if findings.empty:
        return findings.assign(rules=pd.Series(dtype=object), occurrences=pd.Series(dtype=object),
                               members=pd.Series(dtype=object))
    rows = findings.reset_index(drop=True).copy()
    rows["_fact"] = rows["case_id"].astype("string") + "\x1f" + rows["fact"].astype("string").fillna(
        "id:" + rows["finding_id"].astype("string"))
    rows["_family"] = _families(rows)
    rows["_basis"] = rows["basis"].astype("string").fillna("")
    main = _main_rules(rows)
    rows["_main"] = rows["_family"].map(main)
    rows["_is_main"] = rows["rule"].astype("string").eq(rows["_main"]).to_numpy(dtype=bool)
    rows = rows.sort_values(["case_id", "_family", "_basis", "start", "_fact"], kind="stable", na_position="last")
    out = [_one(group, decisions) for _, group in rows.groupby(["case_id", "_family", "_basis"], sort=False)]
    grouped = pd.DataFrame(out).reset_index(drop=True)
    grouped = grouped.astype({c: findings[c].dtype for c in findings.columns
                              if c in grouped.columns and c not in ("entries",)}, errors="ignore")
    return grouped.sort_values(["case_id", "start", "rule"], kind="stable", na_position="last").reset_index(drop=True)


def _families(rows: pd.DataFrame) -> pd.Series:
    """Each row's family: the rules of its case linked by the facts they share (union-find)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    nodes = (rows["case_id"].astype("string") + "\x1f" + rows["rule"].astype("string")).tolist()
    first_of_fact: dict[str, str] = {}
    for node, fact in zip(nodes, rows["_fact"].tolist()):
        other = first_of_fact.setdefault(fact, node)
        a, b = root(node), root(other)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return pd.Series([root(n) for n in nodes], index=rows.index, dtype="string")


def _main_rules(rows: pd.DataFrame) -> pd.Series:
    """Each family's main rule: the one with the most facts (ties: the first to appear)."""
    order = {rule: k for k, rule in enumerate(pd.unique(rows["rule"].astype(str)))}
    counts = rows.groupby(["_family", "rule"], sort=False)["_fact"].nunique().reset_index()
    counts["_order"] = counts["rule"].astype(str).map(order)
    counts = counts.sort_values(["_family", "_fact", "_order"], ascending=[True, False, True])
    return counts.drop_duplicates("_family").set_index("_family")["rule"].astype("string")


def _one(group: pd.DataFrame, decisions: list[str] | tuple[str, ...]) -> dict:
    """The one finding of a group of rows (sorted by start): its first occurrence, with the others."""
    facts = list(dict.fromkeys(group["_fact"].tolist()))
    by_fact = {fact: part for fact, part in group.groupby("_fact", sort=False)}
    heads = [part.sort_values("_is_main", ascending=False, kind="stable").iloc[0] for part in
             (by_fact[f] for f in facts)]
    first = heads[0]
    record = first.to_dict()
    main = str(first["_main"])
    record["rule"] = main
    rules = [main] + [r for r in dict.fromkeys(group["rule"].astype(str)) if r != main]
    record["rules"] = tuple(rules)
    record["members"] = tuple(dict.fromkeys(group["finding_id"].astype(str)))
    record["occurrences"] = tuple(str(h["summary"]) for h in heads)
    record["entries"] = tuple(dict.fromkeys(e for entries in group["entries"] for e in (entries or ())))
    record["start"] = group["start"].min()
    record["end"] = group["end"].max()
    breached = any(h["verdict"] == "breached" for h in heads)
    record["verdict"] = "breached" if breached else "possibly breached"
    record["certainty"] = "certain" if breached else "possible"
    record["severity"] = min(group["severity"].astype(str), key=lambda s: _SEVERITY_RANK.get(s, 3))
    agencies = list(dict.fromkeys(str(h["agency"]) for h in heads if pd.notna(h["agency"])))
    record["agency"] = "; ".join(agencies) if agencies else first["agency"]
    learning = [str(text) for text in dict.fromkeys(group.sort_values("_is_main", ascending=False, kind="stable")
                                                    ["learning"].tolist()) if pd.notna(text)]
    record["learning"] = " ".join(learning) if learning else first["learning"]
    if len(heads) > 1:
        record["summary"] = f"{first['summary']} {_more(heads[1:])}"
    if decisions:
        record.update(_decision(group, str(first["finding_id"]), decisions))
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _more(others: list[pd.Series]) -> str:
    """ "The same was found 2 more times: on 23 September 2014 and 'Summer 2016'." """
    days = []
    for row in others:
        text = row.get("start_text")
        if isinstance(text, str) and text:
            days.append(f"'{text}'")
        else:
            day = written_day(pd.Series([row["start"]])).iloc[0]
            days.append("an unknown date" if pd.isna(day) else str(day))
    counted = {day: days.count(day) for day in dict.fromkeys(days)}
    days = [day + ("" if n == 1 else " (twice)" if n == 2 else f" ({n} times)") for day, n in counted.items()]
    listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
    times = "1 more time" if len(others) == 1 else f"{len(others)} more times"
    return f"The same was found {times}: on {listed}."


def _decision(group: pd.DataFrame, own: str, columns: list[str] | tuple[str, ...]) -> dict:
    """The group's decision: its own id's, else the first member's that is decided (not open)."""
    status = group["status"].astype("string")
    decided = status.notna() & status.ne("open")
    mine = group["finding_id"].astype(str).eq(own).to_numpy() & decided.to_numpy()
    chosen = np.flatnonzero(mine)
    if not len(chosen):
        chosen = np.flatnonzero(decided.to_numpy())
    if not len(chosen):
        return {}
    row = group.iloc[chosen[0]]
    return {c: row[c] for c in columns}
