"""``stasis``: an indicator stays flat (no better, no worse) for longer than a limit while a plan is open.

From the learning brief: the older siblings' home circumstances "hadn't got any worse or any
better, which led to stasis; the continuation of neglect in itself can increase the harm".
A series is the ``score`` of one ``indicator`` for one case and subject, during one plan
(the plan whose subject matches, or any plan of the case where either names no one), with
the last assessment before the plan began as its starting score. A run is consecutive
assessments within ``tolerance`` of the run's first score; its length counts from the later
of its first assessment and the plan's start to its last assessment.

A series whose longest run lasts beyond ``limit`` is breached (possibly breached when that
holds for only some readings of vague dates), otherwise met; one assessment only is cannot
tell. The verdict is given once per child and plan — the most serious of the child's series,
naming every indicator that stayed flat and for how long — since stasis is about the child,
not one area of a profile. A series never assessed during a plan is not applicable. A rise
beyond ``tolerance`` on the plan (a higher grade is worse, as in GCP2) is its own breached
verdict, per series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import Context, among, empty_found, found_frame, group_tuples
from reviewkit.check.detectors.ordering import sort_rows
from reviewkit.check.detectors.periods import (
    beyond,
    day_text,
    interval_name,
    length_text,
    locate,
    periods,
    plain_day,
)
from reviewkit.check.detectors.stasis_series import series as assessment_series
from reviewkit.check.rules import Param, Rule

PARAMETERS: dict[str, Param] = {
    "limit": Param("duration", "how long an indicator may stay unchanged on a plan", True),
    "tolerance": Param("float", "a change up to this much counts as no change", default=0.0),
    "while_open": Param("interval", "the plans during which change is expected (e.g. cp_plan)", True),
    "indicators": Param("texts", "which indicators (default: all)"),
    "plan_concern": Param("text", "only plans with this concern category (e.g. neglect)"),
    "worsening": Param("bool", "report a rise in score (worse) on the plan as a breach too", default=True),
}
_KEYS = ["case_id", "subject", "indicator"]


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per child and plan (and one per indicator series that got worse).

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.schema import coerce_chronology
    >>> import tempfile, pathlib
    >>> days = pd.to_datetime(["2014-06-25", "2014-09-01", "2015-09-01", "2016-09-01"])
    >>> chron = coerce_chronology(pd.DataFrame({"case_id": "c", "entry_id": [f"c/x:{i}" for i in range(2, 6)],
    ...     "date": days, "date_latest": days, "precision": "day", "agency": "Children's Services",
    ...     "event_type": ["cp_plan_start"] + ["gcp2_assessment"] * 3, "subject": "Child A",
    ...     "indicator": [None, "Physical care", "Physical care", "Physical care"], "score": [None, 4, 4, 4],
    ...     "end": [pd.Timestamp("2016-11-22"), None, None, None], "end_latest": [pd.Timestamp("2016-11-22"), None, None, None]}))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rules.toml"
    >>> _ = path.write_text('[[rules]]\\nid = "stasis"\\nkind = "stasis"\\ntitle = "t"\\ntheme = "x"\\nseverity = "low"\\n'
    ...     'learning = "l"\\nsource = "s"\\nlimit = "12 months"\\nwhile_open = "cp_plan"\\n')
    >>> verdicts = check(chron, rules=path)
    >>> print(verdicts["verdict"][0], verdicts["summary"][0])
    breached Child A's Graded Care Profile 2 score for Physical care stayed at 4 for 24 months (1 September 2014 to 1 September 2016) while on a child protection plan.
    """
    params = rule.params
    spans = periods(chronology, params["while_open"], context, concern=params["plan_concern"])
    assessed = chronology["indicator"].notna() & chronology["score"].notna() & chronology["date"].notna()
    rows = chronology.loc[assessed.to_numpy(), ["case_id", "entry_id", "date", "date_latest", "date_text", "precision",
                                                "subject", "indicator", "score", "event_type", "agency"]]
    if params["indicators"]:
        wanted = [i.casefold() for i in params["indicators"]]
        rows = rows[rows["indicator"].astype("string").str.casefold().isin(wanted).fillna(False)]
    if rows.empty:
        return empty_found()
    rows = rows[["case_id", "entry_id", "date", "date_latest", "date_text", "precision", "subject",
                 "indicator", "score", "event_type", "agency"]].astype({"subject": "string", "indicator": "string"})
    rows = rows.assign(subject=rows["subject"].fillna(""), score=rows["score"].astype(float))
    rows = rows.assign(measure=_measures(rows["event_type"], context))
    entry = pd.factorize(rows["entry_id"])[0]  # the entry ids as codes (-1 where missing)
    on_plan = _on_plan(rows, spans, entry)
    series = assessment_series(rows, on_plan, entry)
    # Series never on a plan are not applicable, never findings: left out when only findings are kept.
    found = [] if context.findings_only else [_off_plan(rows, on_plan, params["while_open"])]
    if not series.empty:
        runs = _runs(series, params["tolerance"])
        found.append(_flat(series, runs, rule, context))
        if params["worsening"]:
            found.append(_worse(series, runs, params["tolerance"], params["while_open"]))
    found = [f for f in found if not f.empty]
    return pd.concat(found, ignore_index=True) if found else empty_found()


def _measures(types: pd.Series, context: Context) -> pd.Series:
    """Each assessment's measure as a reader names it ("Graded Care Profile 2"), per distinct event type."""
    codes, distinct = pd.factorize(types)
    known = context.vocabulary.event_types
    names = [known[t].label.split(" (")[0].split(" / ")[0].removesuffix(" assessment") if t in known else None
             for t in map(str, distinct)]
    return pd.Series(np.array(names + [None], dtype=object)[codes], index=types.index, dtype="str")


def _on_plan(rows: pd.DataFrame, spans: pd.DataFrame, entry: np.ndarray) -> pd.DataFrame:
    """Each assessment with the one plan it lies in (certainly first, then the latest begun): one
    pair per entry id (``entry``: the rows' entry id codes)."""
    entries = rows[["case_id", "entry_id", "date", "date_latest", "subject"]]  # only what locate reads
    pairs = locate(entries.assign(_row=np.arange(len(rows))), spans.rename(columns={"agency": "agency_p"}),
                   keep=["opened", "start_lo", "start_hi", "agency_p", "open_at_end"])
    start = pairs["start_lo"].to_numpy(dtype="datetime64[ns]")
    order = np.lexsort([np.where(np.isnat(start), np.iinfo(np.int64).max, start.view(np.int64)),
                        pairs["certain"].to_numpy(dtype=bool)])  # sort_rows(["certain", "start_lo"]), on arrays
    pairs = pairs[["entry_id", "opened", "start_lo", "start_hi", "agency_p", "open_at_end", "_row"]]
    codes = entry[pairs["_row"].to_numpy()[order]][::-1]
    return pairs.take(order[np.sort(len(order) - 1 - np.unique(codes, return_index=True)[1])])  # keep="last"


def _runs(series: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Split each series into runs: each run's scores stay within tolerance of its first score."""
    position = np.arange(len(series))
    anchor = position - series.groupby("group").cumcount().to_numpy()  # each group's rows are contiguous
    score = series["score"].to_numpy()
    while True:
        off = np.abs(score - score[anchor]) > tolerance + 1e-9
        if not off.any():
            break
        first_off = pd.Series(position[off]).groupby(anchor[off]).min()
        breaks = pd.Series(anchor).map(first_off).to_numpy()
        move = ~np.isnan(breaks) & (position >= np.nan_to_num(breaks, nan=-1))
        anchor = np.where(move, np.nan_to_num(breaks, nan=0), anchor).astype(int)
    series["run"] = anchor
    lo, hi = series["date"].dt.normalize().to_numpy(), series["date_latest"].dt.normalize().to_numpy()
    first = np.flatnonzero(np.r_[True, anchor[1:] != anchor[:-1]]) if len(anchor) else anchor  # runs are contiguous
    last = np.r_[first[1:], len(anchor)] - 1
    runs = pd.DataFrame({"first": first, "group": series["group"].to_numpy()[first], "last": last,
                         "count": last - first + 1})
    runs["clock_lo"] = np.maximum(lo[first], series["start_lo"].to_numpy()[first])
    runs["clock_hi"] = np.maximum(hi[first], series["start_hi"].to_numpy()[first])
    runs["end_lo"], runs["end_hi"] = lo[last], hi[last]
    return runs


def _flat(series: pd.DataFrame, runs: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """One verdict per child and plan, from the longest run of each of the child's indicators."""
    params = rule.params
    runs = runs.assign(length=runs["end_hi"] - runs["clock_lo"])
    best = runs.take(_longest(runs)).set_index("group")
    certain, possible = beyond(best["clock_lo"], best["clock_hi"], best["end_lo"], best["end_hi"],
                               params["limit"], context.calendar)
    sizes = series.groupby("group").size().reindex(best.index)
    verdict = np.select([sizes.eq(1).to_numpy(), certain, possible], ["cannot tell", "breached", "possibly breached"], "met")
    if context.findings_only:  # word only the children whose verdict is a finding
        kept = _with_findings(series.loc[best["first"]], verdict)
        best, verdict = best[kept], verdict[kept]
        if best.empty:
            return empty_found()
    first, last = series.loc[best["first"]].set_index(best.index), series.loc[best["last"]].set_index(best.index)
    delay_min = (best["end_lo"] - best["clock_hi"]).clip(lower=pd.Timedelta(0))
    delay_max = (best["end_hi"] - best["clock_lo"]).clip(lower=pd.Timedelta(0))
    plan = interval_name(params["while_open"])
    score = first["score"].map("{:g}".format)
    at = pd.Series("at ", index=best.index) if params["tolerance"] <= 0 else f"within {params['tolerance']:g} of "
    before = first["date"].dt.normalize() < first["start_lo"]
    lasted, first_day, last_day = length_text(delay_min, delay_max), day_text(first), day_text(last)
    length = "for " + lasted
    days = " (" + first_day + " to " + last_day + ")"
    early = " (from " + first_day + ", before the plan began, to " + last_day + ")"
    per_series = pd.DataFrame({
        "child": first["case_id"].astype("string") + "|" + first["opened"] + "|" + first["subject"],
        "rank": pd.Series(verdict, index=best.index).map(_RANK), "length": delay_max,
        "indicator": first["indicator"] + " " + at + score,
        "span": length + pd.Series(np.where(before, early, days), index=best.index),
        "alone": _who(first) + " stayed " + at + score + " " + length + pd.Series(np.where(
            before, " of the " + plan + " begun on " + plain_day(first["start_lo"]) + early + ".",
            days + f" while on a {plan}."), index=best.index),
        "changed": " changed within " + str(params["limit"]) + f" while on a {plan}: the longest unchanged spell was "
                   + lasted + " (" + first["indicator"] + ", " + first_day + " to " + last_day + ").",
        "once": f" assessed only once while on a {plan} (" + first_day + "), so change cannot be judged.",
        "whose": _whose(first), "what": _who(first),
    })
    shown_runs = series["run"].isin(best["first"]).to_numpy()  # the entries of the runs shown only
    per_series["entries"] = group_tuples(series["entry_id"][shown_runs], series["run"][shown_runs]).reindex(
        best["first"]).to_numpy()
    shown = per_series["rank"].eq(per_series.groupby("child")["rank"].transform("max"))
    chosen = per_series[shown.to_numpy()].assign(first_row=best.index[shown.to_numpy()])
    children = chosen.groupby("child", sort=False)
    lead = chosen.sort_values(["length", "first_row"], ascending=[False, True]).drop_duplicates("child")
    lead = lead.set_index("child").reindex(children.size().index)  # the children in order of appearance
    several = children.size().gt(1).reindex(lead.index).to_numpy()
    rank = lead["rank"].to_numpy()
    plural = np.where(rank >= _RANK["possibly breached"], lead["whose"] + " stayed the same for longer than "
                      + str(params["limit"]) + f" while on a {plan}: " + _spans(chosen).reindex(lead.index) + ".",
                      np.where(rank == _RANK["met"], lead["whose"] + " all" + lead["changed"],
                               lead["whose"] + " were" + lead["once"]))
    single = np.where(rank >= _RANK["possibly breached"], lead["alone"],
                      np.where(rank == _RANK["met"], lead["what"] + lead["changed"], lead["what"] + " was" + lead["once"]))
    rows = first.loc[lead["first_row"]].set_axis(lead.index)
    spans = pd.DataFrame({"child": chosen["child"].to_numpy(),
                          "start": first.loc[chosen["first_row"], "date"].to_numpy(),
                          "end": last.loc[chosen["first_row"], "date_latest"].to_numpy()}).groupby("child")
    each = sort_rows(chosen[["child", "entries"]].explode("entries").drop_duplicates(), ["child", "entries"])
    evidence = group_tuples(each["entries"], each["child"])
    return found_frame(
        case_id=rows["case_id"].astype("string"), key=rows["opened"] + "|" + rows["subject"],
        agency=rows["agency_p"].fillna(rows["agency"].astype("string")),
        verdict=lead["rank"].map({rank: name for name, rank in _RANK.items()}), basis="recorded",
        start=spans["start"].min().reindex(lead.index), end=spans["end"].max().reindex(lead.index),
        trigger=rows["opened"], entries=evidence.reindex(lead.index),
        summary=pd.Series(np.where(several, plural, single), index=lead.index, dtype="string"),
        delay_min=delay_min.loc[lead["first_row"]].set_axis(lead.index),
        delay_max=delay_max.loc[lead["first_row"]].set_axis(lead.index),
        count=evidence.reindex(lead.index).map(len),
    ).reset_index(drop=True)


def _longest(runs: pd.DataFrame) -> np.ndarray:
    """The position of each group's longest run (the latest of equally long ones; an unknown length
    counts as the longest), in group order: ``sort_rows(runs, ["length", "first"])``, the last of
    each group kept, on arrays."""
    length = runs["length"].to_numpy(dtype="timedelta64[ns]")
    order = np.lexsort([runs["first"].to_numpy(), np.where(np.isnat(length), np.iinfo(np.int64).max, length.view(np.int64))])
    group = runs["group"].to_numpy()[order][::-1]
    return np.sort(order[len(order) - 1 - np.unique(group, return_index=True)[1]])


def _with_findings(firsts: pd.DataFrame, verdict: np.ndarray) -> np.ndarray:
    """Which series (one first assessment each) belong to a child and plan whose verdict is a finding."""
    child = np.zeros(len(firsts), dtype=np.int64)
    for column in ("case_id", "opened", "subject"):
        codes, distinct = pd.factorize(firsts[column])
        child = np.where((child < 0) | (codes < 0), -1, child * (len(distinct) + 1) + codes)
    rank = np.zeros(len(verdict), dtype=np.int64)
    for name, value in _RANK.items():
        rank[verdict == name] = value
    child = np.where(child < 0, -1, pd.factorize(child)[0])  # numbered 0, 1, ... (missing stays -1)
    worst = np.full(int(child.max(initial=-1)) + 2, -1, dtype=np.int64)
    np.maximum.at(worst, child, rank)  # missing children (-1) all land in the last slot, never read
    return (child >= 0) & (worst[child] >= _RANK["possibly breached"])


#: Verdicts from least to most serious: a child's verdict is the most serious of its indicators'.
_RANK = {"cannot tell": 0, "met": 1, "possibly breached": 2, "breached": 3}


def _spans(chosen: pd.DataFrame) -> pd.Series:
    """Per child, its indicators grouped by unchanged spell: "Love at 3 and Safety at 4 for 23 months (...)"."""
    chosen = chosen.sort_values(["length", "first_row"], ascending=[False, True], kind="stable")
    spell = chosen["child"] + "\x1f" + chosen["span"]
    names = group_tuples(chosen["indicator"], pd.Series(pd.factorize(spell)[0], index=chosen.index))
    firsts = chosen.assign(spell=pd.factorize(spell)[0]).drop_duplicates("spell").set_index("spell").loc[names.index]
    text = pd.Series([_and_list(found) for found in names], index=firsts.index) + " " + firsts["span"]
    return pd.Series(group_tuples(text, firsts["child"]).map("; ".join), dtype="string")


def _and_list(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _worse(series: pd.DataFrame, runs: pd.DataFrame, tolerance: float, kind: str) -> pd.DataFrame:
    """One breached verdict per series whose score rose beyond tolerance on the plan."""
    first = runs["first"].to_numpy()
    first = first[first >= 1]  # a run after another (series has a fresh index: labels are positions)
    group, run, score = (series[c].to_numpy() for c in ("group", "run", "score"))
    rose = (group[first - 1] == group[first]) & (score[first] > score[run[first - 1]] + tolerance + 1e-9)
    rise = series.loc[first[rose]]
    if rise.empty:
        return empty_found()
    counts = rise.groupby("group").size()
    rise = rise.drop_duplicates("group")
    before = series.loc[rise.index - 1].set_axis(rise.index)
    anchor = series.loc[before["run"]].set_axis(rise.index)
    more = np.where(counts.reindex(rise["group"]).to_numpy() > 1, " (and rose again later)", "")
    summary = (_who(rise) + " got worse while on a " + interval_name(kind) + ": it rose from "
               + anchor["score"].map("{:g}".format) + " (" + day_text(before) + ") to "
               + rise["score"].map("{:g}".format) + " (" + day_text(rise) + ")" + more + ".")
    return found_frame(
        case_id=rise["case_id"].astype("string"), key=rise["opened"] + "|" + rise["subject"] + "|" + rise["indicator"] + "|worse",
        agency=rise["agency_p"].fillna(rise["agency"].astype("string")), verdict="breached", basis="recorded",
        start=before["date"], end=rise["date_latest"], trigger=rise["opened"],
        entries=pd.Series(list(zip(before["entry_id"], rise["entry_id"])), index=rise.index, dtype=object),
        summary=summary.astype("string"), delay_min=rise["date"] - before["date_latest"],
        delay_max=rise["date_latest"] - before["date"], count=counts.reindex(rise["group"]).to_numpy(),
    )


def _off_plan(rows: pd.DataFrame, on_plan: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Not applicable: one verdict per series never assessed while a plan was open."""
    seen = among(rows["entry_id"], on_plan["entry_id"])
    off = rows[~seen.groupby([rows[k] for k in _KEYS]).transform("any").to_numpy(dtype=bool)]
    if off.empty:
        return empty_found()
    groups = off.sort_values("date").groupby(_KEYS, sort=False)
    first = groups.head(1).set_index(_KEYS)
    last = groups.tail(1).set_index(_KEYS)
    who = _who(first.reset_index()).set_axis(first.index)
    return found_frame(
        case_id=first.index.get_level_values("case_id").to_series(index=first.index).astype("string"),
        key=pd.Series(first.index.get_level_values("subject") + "|" + first.index.get_level_values("indicator")
                      + "|no plan", index=first.index),
        agency=first["agency"].astype("string"), verdict="not applicable",
        start=first["date"], end=last["date_latest"],
        entries=pd.Series([tuple(e) for e in groups["entry_id"].agg(tuple)], index=first.index, dtype=object),
        summary=(who + f" was never assessed while a {interval_name(kind)} was open.").astype("string"),
        count=groups.size(),
    ).reset_index(drop=True)


def _whose(frame: pd.DataFrame) -> pd.Series:
    """ "Child A's Graded Care Profile 2 scores"."""
    names = frame["measure"].astype("string")
    owner = (frame["subject"].where(frame["subject"].ne("")) + "'s ").fillna("The ")
    return (owner + names.fillna("").where(names.isna(), names + " ") + "scores").astype("string")


def _who(frame: pd.DataFrame) -> pd.Series:
    """ "Child A's Graded Care Profile 2 score for Physical care"."""
    names = frame["measure"].astype("string")
    owner = (frame["subject"].where(frame["subject"].ne("")) + "'s ").fillna("The ")
    return (owner + names.fillna("").where(names.isna(), names + " ") + "score for " + frame["indicator"]).astype("string")
