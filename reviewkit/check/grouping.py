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
the id it always had; a finding that happened more than once has no ``link`` (its ``entries`` are
every occurrence's, so no one trigger leads to one response); ``members`` lists the id of every verdict it groups, and a reviewer's
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
    (each occurrence's sentence, by date), ``occurrence_entries`` and ``occurrence_delays`` (each
    occurrence's entries, and its shortest and longest delay, in the same order) and ``members``
    (the grouped verdicts' finding ids).
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
                               members=pd.Series(dtype=object), occurrence_entries=pd.Series(dtype=object),
                               occurrence_delays=pd.Series(dtype=object))
    rows = findings.reset_index(drop=True).copy()
    rows["_fact"] = rows["case_id"].astype("string") + "\x1f" + rows["fact"].astype("string").fillna(
        "id:" + rows["finding_id"].astype("string"))
    rows["_family"] = _families(rows)
    main = _main_rules(rows)
    rows["_main"] = rows["_family"].map(main)
    rows["_not_main"] = ~rows["rule"].astype("string").eq(rows["_main"]).to_numpy(dtype=bool)
    rows["_g"] = pd.factorize(rows["case_id"].astype("string") + "\x1f" + rows["_family"] + "\x1f"
                              + rows["basis"].astype("string").fillna(""))[0]
    # each fact's head: its main rule's row; the heads of a group in date order are its occurrences
    heads = rows.sort_values(["_g", "_fact", "_not_main", "start"], kind="stable", na_position="last")
    heads = heads.drop_duplicates(["_g", "_fact"]).sort_values(["_g", "start", "_fact"], kind="stable",
                                                                na_position="last")
    first = heads.drop_duplicates("_g").set_index("_g")
    out = first.copy()
    out["rule"] = first["_main"].astype("string")
    every = rows.sort_values(["_g", "_not_main", "start"], kind="stable", na_position="last")
    out["rules"] = _per_group(every["_g"], every["rule"].astype(str), unique=True).reindex(out.index)
    # each row with its fact's head's place (every row's fact has a head), in the heads' order
    def fact_keys(frame: pd.DataFrame) -> pd.Index:
        return pd.Index(frame["_g"].astype(str).to_numpy(dtype=object) + "\x1f"
                        + frame["_fact"].to_numpy(dtype=object), dtype=object)

    ordered = rows.assign(_k=fact_keys(heads).get_indexer(fact_keys(rows)))
    ordered = ordered.sort_values(["_k", "_not_main"], kind="stable")
    out["members"] = _per_group(ordered["_g"], ordered["finding_id"].astype(str), unique=True).reindex(out.index)
    out["occurrences"] = _per_group(heads["_g"], heads["summary"].astype(str)).reindex(out.index)
    out["occurrence_entries"] = _per_group(heads["_g"], heads["entries"].map(_entry_tuple)).reindex(out.index)
    delays = pd.Series(list(zip(heads["delay_min"], heads["delay_max"])), index=heads.index, dtype=object) \
        if "delay_min" in heads else pd.Series([(pd.NaT, pd.NaT)] * len(heads), index=heads.index, dtype=object)
    out["occurrence_delays"] = _per_group(heads["_g"], delays).reindex(out.index)
    flat = ordered[["_g", "entries"]].explode("entries").dropna()
    out["entries"] = _per_group(flat["_g"], flat["entries"], unique=True).reindex(out.index).map(
        lambda e: e if isinstance(e, tuple) else ())
    by = rows.groupby("_g")
    out["start"], out["end"] = by["start"].min(), by["end"].max()
    breached = heads["verdict"].eq("breached").groupby(heads["_g"]).any().reindex(out.index)
    out["verdict"] = np.where(breached, "breached", "possibly breached")
    out["certainty"] = np.where(breached, "certain", "possible")
    rank = rows["severity"].map(_SEVERITY_RANK).fillna(3)
    worst = rank.groupby(rows["_g"]).min().reindex(out.index)
    out["severity"] = worst.map({v: k for k, v in _SEVERITY_RANK.items()}).fillna(first["severity"])
    agencies = _per_group(heads["_g"], heads["agency"].astype("string").dropna().reindex(heads.index), unique=True)
    out["agency"] = agencies.reindex(out.index).map(lambda a: "; ".join(a) if isinstance(a, tuple) and a else pd.NA
                                                   ).fillna(first["agency"])
    learning = _per_group(every["_g"], every["learning"].astype(str), unique=True).reindex(out.index)
    out["learning"] = learning.map(" ".join)
    counted = out["occurrences"].map(len)
    more = counted > 1
    if more.any():
        later = heads[heads.duplicated("_g")]
        said = _more_texts(later).reindex(out.index[more])
        out.loc[more, "summary"] = out.loc[more, "summary"].astype(str) + " " + said.to_numpy()
    # one link per finding: a grouped finding links no single trigger to a single response
    if "link" in out:
        out["link"] = out["link"].where(counted <= 1)
    if decisions:
        out = _decided(out, rows, decisions)
    out = out.drop(columns=[c for c in out.columns if c.startswith("_")]).reset_index(drop=True)
    out = out.astype({c: findings[c].dtype for c in findings.columns
                      if c in out.columns and c not in ("entries",)}, errors="ignore")
    return out.sort_values(["case_id", "start", "rule"], kind="stable", na_position="last").reset_index(drop=True)


def _per_group(groups: pd.Series, values: pd.Series, *, unique: bool = False) -> pd.Series:
    """Each group's values, in row order, as a tuple (without repeats when ``unique``)."""
    codes = groups.to_numpy()
    items = values.to_numpy(dtype=object).tolist()
    bounds = np.flatnonzero(np.diff(codes)) + 1
    starts, stops = np.r_[0, bounds], np.r_[bounds, len(codes)]
    if len(codes) == 0:
        return pd.Series(dtype=object)
    made = [tuple(dict.fromkeys(items[a:b])) if unique and b - a > 1 else tuple(items[a:b])
            for a, b in zip(starts.tolist(), stops.tolist())]
    return pd.Series(made, index=codes[starts], dtype=object)


def _entry_tuple(entries: object) -> tuple:
    """An occurrence's entries as a tuple (none when missing)."""
    return tuple(entries) if isinstance(entries, (tuple, list, np.ndarray)) else ()


def _more_texts(later: pd.DataFrame) -> pd.Series:
    """ "The same was found 2 more times: on 23 September 2014 and 'Summer 2016'." per group."""
    written = later["start_text"].astype("string") if "start_text" in later else pd.Series(pd.NA, index=later.index)
    days = ("'" + written + "'").fillna(written_day(later["start"])).fillna("an unknown date")
    texts = {}
    for group, found in _per_group(later["_g"], days).items():
        counted = {day: found.count(day) for day in dict.fromkeys(found)}
        listed = [day + ("" if n == 1 else " (twice)" if n == 2 else f" ({n} times)") for day, n in counted.items()]
        joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
        times = "1 more time" if len(found) == 1 else f"{len(found)} more times"
        texts[group] = f"The same was found {times}: on {joined}."
    return pd.Series(texts, dtype=object)


def _decided(out: pd.DataFrame, rows: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Each group's decision: its own id's, else the first member's that is decided (not open)."""
    status = rows["status"].astype("string")
    decided = rows[(status.notna() & status.ne("open")).to_numpy()]
    if decided.empty:
        return out
    own = decided["finding_id"].isin(out["finding_id"]).to_numpy()
    chosen = decided.assign(_own=~own).sort_values(["_g", "_own"], kind="stable").drop_duplicates("_g")
    chosen = chosen.set_index("_g")[list(columns)]
    out = out.copy()
    for name in columns:
        out[name] = chosen[name].reindex(out.index).where(out.index.isin(chosen.index), out[name])
    return out


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
