"""``cluster``: N or more separate concerns within a window call for a follow-up in time.

From the learning brief: "strategy meetings should be considered when there are multiple
separate child protection issues in a short period" (a scratch to one child's neck and a
witnessed assault on another, two weeks apart, and no strategy meeting).

Concerns are counted once per **incident**, never across cases. The records of one incident are
those in one ``duplicate_group``, an entry whose ``responds_to`` names another, and a record that
reports or answers an earlier concern (its main type one of ``answers``, a referral; or a general
concern, an incident or allegation, tagged with one of them) within ``links_within`` of it, about
the same people (when both name someone) and the same kind of concern (when both say). An
incident is dated by its earliest record, and the finding lists each incident with all its records. A cluster forms at the N-th separate concern within the window; windows
that share a concern merge into one cluster (one verdict, keyed by its first concern). A date
given as a day counts as that day, so concerns on 1 and 29 January are within 28 days. With
vague dates a cluster is *certain* when N concerns fall within one window for every reading of
their dates, *possible* when only for some readings (then the verdict is at most "possibly
breached"). The follow-up (any entry tagged with a ``follow_up`` type, other than records of
the concerns themselves) must come after the first concern and by ``within`` after the N-th, and be about some of the same people (when
both name someone): a pre-birth strategy discussion about an unborn baby does not follow up
concerns about the older siblings.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import (
    Context,
    among,
    empty_found,
    found_frame,
    group_tuples,
    has_types,
    interval_open_at,
    label,
)
from reviewkit.check.detectors.codes import same_case_pairs
from reviewkit.check.detectors.incidents import incidents
from reviewkit.check.detectors.ordering import sort_rows
from reviewkit.check.detectors.per_check import distinct_for
from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.durations import bank_holidays, deadline
from reviewkit.check.rules import Param, Rule
from reviewkit.check.verdicts import FINDING_VERDICTS
from reviewkit.check.wording import day_of, span, when
from reviewkit.interpret.duration_text import Duration

PARAMETERS: dict[str, Param] = {
    "concerns": Param("event_types", "what counts as a concern (the entry's main type)",
                      default=["group:concern"]),
    "count": Param("int", "how many separate concerns make a cluster", True),
    "window": Param("duration", "the period the concerns must fall within", True),
    "follow_up": Param("event_types", "the expected follow-up (any of an entry's tags)", True),
    "within": Param("duration", "how long after the cluster forms the follow-up may take", True),
    "while_open": Param("interval", "only concerns while an interval of this kind is open (e.g. cp_plan)"),
    "answers": Param("event_types", "records that report or answer an earlier concern, counted with it",
                     default=["referral", "police_report", "child_protection_medical", "strategy_discussion",
                              "s47_enquiry", "police_investigation_opened"]),
    "links_within": Param("duration", "how long after a concern a record that reports it may come",
                          default="7 days"),
    "agency": Param("text", "whose practice the verdict concerns", default="Children's Services"),
}
_LISTED = 5  # concerns named in a summary; more are counted
_NAMED = 2  # other records of an incident named in a summary; more are counted, with their agencies


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per cluster of separate concerns in each case.

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.chronology import read_chronology
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "school.csv"
    >>> _ = p.write_text("Date,Time,Incident\\n26/01/2015,09:05,Scratch to Child A's neck\\n"
    ...                  "09/02/2015,12:40,Staff witnessed Mother kick Child B\\n20/02/2015,09:00,Attendance 96%\\n")
    >>> verdicts = check(read_chronology(p, agency="School"), rules="learning")
    >>> row = verdicts[verdicts["kind"] == "cluster"].iloc[0]
    >>> row["verdict"], int(row["count"])
    ('breached', 2)
    >>> print(row["summary"])
    There were 2 separate concerns within 28 days (an injury recorded by School at 09:05 on 26 January 2015; an assault on a child witnessed by a professional recorded by School at 12:40 on 9 February 2015); there is no record of a strategy discussion or meeting within 5 working days.
    """
    params = rule.params
    records = _concern_records(chronology, rule, context)
    if records.empty:
        return empty_found()
    concerns = records[records["_concern"].to_numpy(dtype=bool)].drop_duplicates(["case_id", "_group"])
    concerns = concerns.reset_index(drop=True)
    members = _members(concerns, params["count"], params["window"], context.calendar)
    if members.empty:
        return empty_found()
    clusters = _clusters(members, params["count"])
    clusters["entries"] = _records_of(members, records).reindex(clusters["cluster"]).to_numpy()
    clusters["subjects"] = _subjects_of(members).reindex(clusters["cluster"]).to_numpy()
    clusters["d0"] = deadline(clusters["formed"], params["within"], calendar=context.calendar)
    clusters["d1"] = d1 = deadline(clusters["formed_latest"], params["within"], calendar=context.calendar)
    follow = _first_follow_up(chronology, clusters, members, records, params["follow_up"], context)
    r0, r1, d0 = follow["date"], follow["date_latest"], clusters["d0"]
    case_end = clusters["case_id"].map(context.ends())
    found = r0.notna()
    verdict = pd.Series(np.select(
        [found & (r1 <= d0), found & (r0 > d1), found, case_end > d1],
        ["met", "breached", "possibly breached", "breached"], default="cannot tell",
    ), index=clusters.index)
    verdict = verdict.mask(~clusters["certain"] & verdict.eq("breached"), "possibly breached")
    if context.findings_only:  # the other verdicts would be dropped: leave them out before wording them
        keep = verdict.isin(FINDING_VERDICTS).to_numpy()
        if not keep.any():
            return empty_found()
        clusters, follow, verdict, case_end = clusters[keep], follow[keep], verdict[keep], case_end[keep]
        members = members[members["_cluster"].isin(clusters["cluster"]).to_numpy()]
        r0, r1, d1 = follow["date"], follow["date_latest"], clusters["d1"]
        found = r0.notna()
    delay_min = (r0 - clusters["formed_latest"]).clip(lower=pd.Timedelta(0))
    delay_max = (r1 - clusters["formed"]).clip(lower=pd.Timedelta(0))
    late = found & (r0 > d1)
    delay = span(delay_min, delay_max)
    summary = _summaries(members, records, clusters, follow, verdict, late, case_end, delay, rule, context)
    return found_frame(
        case_id=clusters["case_id"].astype("string"), key=clusters["key"],
        agency=params["agency"], verdict=verdict,
        basis=pd.Series(np.where(found, "recorded", "no record"), index=clusters.index),
        link=pd.Series(np.where(found, "inferred", None), index=clusters.index),
        start=clusters["start"], end=r1.where(found, d1), trigger=clusters["key"],
        entries=pd.Series([tuple(m) + ((f,) if isinstance(f, str) else ()) for m, f in zip(
            clusters["entries"], follow["entry_id"].astype(object).where(found, None))], index=clusters.index),
        summary=summary, delay_min=delay_min.where(found), delay_max=delay_max.where(found),
        count=clusters["n"],
    )


def _concern_records(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """The dated records of each case's incidents, each with its incident (``_group``), earliest first:
    the concern entries (``_concern``), and the entries that answer one (a medical, an investigation)."""
    params = rule.params
    wanted = has_types(chronology, params["concerns"], column="event_type", context=context)
    answering = [t for t in params["answers"] if t not in set(params["follow_up"])]
    only_answers = has_types(chronology, answering, column="event_type", context=context) & ~wanted
    columns = ["case_id", "entry_id", "date", "date_latest", "date_text", "precision", "sequence", "agency",
               "event_type", "duplicate_group", "subject", "concern", "responds_to"]
    columns = [c for c in columns if c in chronology.columns]
    concerns = chronology.loc[((wanted | only_answers) & chronology["date"].notna()).to_numpy(), columns]
    concerns = concerns.assign(_concern=wanted[concerns.index].to_numpy(dtype=bool))
    if params["while_open"] and not concerns.empty:
        cases = concerns["case_id"]
        open_at = [interval_open_at(chronology, concerns[c], cases, params["while_open"], context.vocabulary,
                                    context=context)["opened"].notna() for c in ("date", "date_latest")]
        concerns = concerns[(open_at[0] | open_at[1]).to_numpy()]
    answers = has_types(chronology, params["answers"], column="event_type", context=context)
    tagged = has_types(chronology, params["answers"], context=context) & has_types(
        chronology, GENERAL_CONCERNS, column="event_type", context=context)
    concerns = concerns.assign(_answer=(answers | tagged | only_answers)[concerns.index].to_numpy(dtype=bool),
                               case_id=concerns["case_id"].astype("string"))
    concerns = sort_rows(concerns, ["case_id", "date", "sequence", "entry_id"])
    concerns["_group"] = incidents(concerns, params["links_within"], calendar=context.calendar).to_numpy()
    alone = ~concerns["_concern"].to_numpy(dtype=bool) & concerns["_group"].eq(concerns["entry_id"]).to_numpy(dtype=bool)
    return concerns[~alone].reset_index(drop=True)


#: Concern types general enough that a record of them tagged as a referral (or another answer)
#: may be the report of an earlier, more specific concern.
GENERAL_CONCERNS: tuple[str, ...] = ("referral", "incident", "allegation")


def _minus(moment: pd.Series, window: Duration, calendar: str) -> pd.Series:
    """The earliest start of a window of length ``window`` that still reaches ``moment``."""
    if window.unit in ("hours", "days", "weeks"):
        return moment - pd.Timedelta(**{window.unit: window.amount})
    if window.unit == "months":
        return moment.dt.normalize() - pd.DateOffset(months=int(window.amount))
    days = moment.dt.normalize().to_numpy(dtype="datetime64[D]")
    back = np.busday_offset(days, -int(window.amount), roll="forward", holidays=bank_holidays(calendar))
    return pd.Series(back.astype("datetime64[ns]"), index=moment.index)


def _runs(cases: np.ndarray, low: pd.Series, high: pd.Series, count: int) -> pd.DataFrame:
    """Stretches of window starts covered by ``count`` or more concerns' ranges (a sweep), by case
    (``cases``: each concern's case code, in the order of the case ids)."""
    ok = (low <= high).to_numpy()
    k = int(ok.sum())
    codes = np.tile(cases[ok], 2)
    t = np.concatenate([low.to_numpy()[ok], high.to_numpy()[ok]])
    step = np.repeat([1, -1], k)
    order = np.lexsort([-step, t.view(np.int64), codes])  # by case, time, then starts before stops
    codes, t, step = codes[order], t[order], step[order]
    depth = np.cumsum(step)
    before = depth - step
    starts = (step == 1) & (depth >= count) & (before < count)
    stops = (step == -1) & (before >= count) & (depth < count)
    return pd.DataFrame({"case": codes[starts], "lo": t[starts], "hi": t[stops]})


def _members(concerns: pd.DataFrame, count: int, window: Duration, calendar: str) -> pd.DataFrame:
    """Each concern in a cluster, with its cluster (``_cluster``) and whether it is certain.

    A window ``[t, t + window]`` certainly holds a concern when ``t`` is in
    ``[latest - window, earliest]``, possibly when in ``[earliest - window, latest]``.
    """
    early = concerns["date"]
    late = concerns["date_latest"].where(concerns["date_latest"] - early >= pd.Timedelta(days=1), early)
    ranges = {True: (_minus(late, window, calendar), early), False: (_minus(early, window, calendar), late)}
    found = []
    cases = pd.factorize(concerns["case_id"], sort=True, use_na_sentinel=False)[0]  # a missing case last
    runs = {sure: _runs(cases, *ranges[sure], count) for sure in (True, False)}
    # possible runs inside a certain one of their case are left out
    left, right = same_case_pairs(runs[False]["case"].to_numpy(), runs[True]["case"].to_numpy())
    inside = ((runs[True]["lo"].to_numpy()[right] >= runs[False]["lo"].to_numpy()[left])
              & (runs[True]["hi"].to_numpy()[right] <= runs[False]["hi"].to_numpy()[left]))
    runs[False] = runs[False].drop(index=np.unique(left[inside])).reset_index(drop=True)
    for sure in (True, False):
        low, high = (r.to_numpy() for r in ranges[sure])
        rows, run = same_case_pairs(cases, runs[sure]["case"].to_numpy())  # each concern with its case's runs
        near = (low[rows] <= runs[sure]["hi"].to_numpy()[run]) & (high[rows] >= runs[sure]["lo"].to_numpy()[run])
        rows, run = rows[near], run[near]
        if not len(rows):
            continue
        first, last = np.full(len(concerns), len(run)), np.full(len(concerns), -1)
        np.minimum.at(first, rows, run)
        np.maximum.at(last, rows, run)
        reach = np.flatnonzero(last >= 0)  # the concerns in some run, in order, with their first and last run
        links = np.zeros(len(runs[sure]) + 1, dtype=int)
        np.add.at(links, first[reach] + 1, 1)
        np.add.at(links, last[reach] + 1, -1)
        cluster = np.cumsum(np.cumsum(links)[:-1] <= 0)
        member = concerns.iloc[reach].assign(
            _cluster=[f"{'c' if sure else 'p'}{c}" for c in cluster[first[reach]]], _certain=sure,
        )
        found.append(member)
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


def _clusters(members: pd.DataFrame, count: int) -> pd.DataFrame:
    """One row per cluster: case, key (first concern), size, when it formed (a range), evidence."""
    members = sort_rows(members, ["_cluster", "date", "sequence", "entry_id"])
    by = members.groupby("_cluster", sort=False)
    by_latest = sort_rows(members, ["_cluster", "date_latest"]).groupby("_cluster")
    nth_latest = by_latest["date_latest"].nth(count - 1)
    clusters = pd.DataFrame({
        "case_id": by["case_id"].first(), "key": by["entry_id"].first().astype("string"),
        "n": by.size(), "start": by["date"].first(), "certain": by["_certain"].first(),
        "formed": _keyed(by["date"].nth(count - 1), members),
        "formed_latest": _keyed(nth_latest, members),
        "last": by["date_latest"].max(), "entries": group_tuples(members["entry_id"], members["_cluster"]),
    })
    return clusters.reset_index(names="cluster")


def _subjects_of(members: pd.DataFrame) -> pd.Series:
    """The people each cluster's concerns name, ``;``-joined (empty when none names anyone)."""
    if "subject" not in members:
        return pd.Series("", index=pd.unique(members["_cluster"]))
    names = members["subject"].astype("string").fillna("").str.split(r"\s*;\s*", regex=True)
    lists = group_tuples(names, pd.Series(members["_cluster"].to_numpy()))
    return lists.map(lambda found: "; ".join(dict.fromkeys(n for names in found for n in names if n)))


def _and(words: list[str]) -> str:
    """ "A, B and C" """
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _names(types: pd.Series, context: Context) -> pd.Series:
    """A reader's name for each entry's main type ("a referral to children's services")."""
    types = types.astype("string")
    return types.map({t: label(context.vocabulary, [t]) for t in types.dropna().unique()}).fillna("a concern")


def _records_of(members: pd.DataFrame, records: pd.DataFrame) -> pd.Series:
    """Every record of each cluster's incidents, earliest first, indexed by cluster."""
    rows = members[["_cluster", "_group"]].merge(records[["_group", "entry_id", "date", "sequence"]], on="_group")
    rows = sort_rows(rows, ["_cluster", "date", "sequence", "entry_id"])
    return group_tuples(rows["entry_id"], rows["_cluster"]).map(lambda ids: tuple(dict.fromkeys(ids)))


def _keyed(nth: pd.Series, members: pd.DataFrame) -> pd.Series:
    """A ``groupby(...).nth`` result (indexed by member rows) indexed by cluster instead."""
    return pd.Series(nth.to_numpy(), index=members.loc[nth.index, "_cluster"].to_numpy())


def _first_follow_up(
    chronology: pd.DataFrame, clusters: pd.DataFrame, members: pd.DataFrame, records: pd.DataFrame,
    types: tuple[str, ...], context: Context,
) -> pd.DataFrame:
    """For each cluster, its follow-up after its first concern (not a record of one of its concerns,
    nor in the duplicate group of one).

    The first that is in time for every reading of the dates, else the first that may be, else
    the first at all.
    """
    shared = distinct_for(chronology, context.distinct)
    rows = shared.memo(("rows", "tags", tuple(types), None),
                       lambda: np.flatnonzero(has_types(chronology, types, context=context).to_numpy()))
    # Each cluster paired with every follow-up of its case (the pairs and order of an inner merge).
    cases = pd.factorize(np.concatenate([clusters["case_id"].to_numpy(dtype=object, na_value=None),
                                         shared.texts("case_id", rows)]))[0]
    left, right = same_case_pairs(cases[:len(clusters)], cases[len(clusters):])
    at = rows[right]
    ids = shared.texts("entry_id", at)
    if len(at):  # about some of the same people, when both name someone
        about = shares_subject(pd.Series(clusters["subjects"].to_numpy(dtype=object)[left], dtype="string"),
                               pd.Series(shared.texts("subject", at), dtype="string"))
        left, at, ids = left[about], at[about], ids[about]
    # Not a record of one of the cluster's own incidents, nor in the duplicate group of one.
    mine = members[["_cluster", "_group"]].merge(records[["_group", "entry_id", "duplicate_group"]], on="_group")
    theirs = mine["_cluster"].to_numpy(dtype=object) + "\x1f"
    named = mine["duplicate_group"].to_numpy(dtype=object, na_value=None)
    own = np.concatenate([theirs + mine["entry_id"].to_numpy(dtype=object).astype(str).astype(object),
                          theirs[~pd.isna(named)] + named[~pd.isna(named)].astype(str).astype(object)])
    names = clusters["cluster"].to_numpy(dtype=object)[left] + "\x1f"
    groups = shared.texts("duplicate_group", at)
    groups = np.where(pd.isna(groups), ids, groups)
    own = pd.Index(own, dtype=object)  # looked up by hashing, not sorting
    foreign = ~(pd.Index(names + groups.astype(str).astype(object), dtype=object).isin(own)
                | pd.Index(names + ids.astype(str).astype(object), dtype=object).isin(own))
    date, latest = shared.moments("date")[at], shared.moments("date_latest")[at]
    keep = foreign & (latest >= clusters["start"].to_numpy(dtype="datetime64[ns]")[left])
    left, at, date, latest = left[keep], at[keep], date[keep], latest[keep]
    rank = np.select([latest <= clusters["d0"].to_numpy(dtype="datetime64[ns]")[left],
                      date <= clusters["d1"].to_numpy(dtype="datetime64[ns]")[left]], [0, 1], 2)
    # The first in time for every reading of the dates, else the first that may be, else the first at all.
    order = np.lexsort([shared.numbers_at("sequence", at), date.view(np.int64), np.isnat(date), rank, left])
    first = order[np.r_[True, left[order][1:] != left[order][:-1]]] if len(order) else order
    chosen = np.full(len(clusters), -1, dtype=np.int64)
    chosen[left[first]] = at[first]
    found, where = chosen >= 0, np.where(chosen >= 0, chosen, 0)
    nat = np.datetime64("NaT", "ns")
    follow = {name: pd.Series(np.where(found, shared.texts(name, where), None), dtype="string")
              for name in ("entry_id", "precision", "date_text", "agency")}
    follow |= {name: pd.Series(np.where(found, shared.moments(name)[where], nat)) for name in ("date", "date_latest")}
    columns = ["entry_id", "date", "date_latest", "precision", "date_text", "agency"]
    return pd.DataFrame({name: follow[name] for name in columns}).set_axis(clusters.index)


def _summaries(
    members: pd.DataFrame, records: pd.DataFrame, clusters: pd.DataFrame, follow: pd.DataFrame, verdict: pd.Series,
    late: pd.Series, case_end: pd.Series, delay: pd.Series, rule: Rule, context: Context,
) -> pd.Series:
    """One sentence per cluster: the concerns, then what followed."""
    params, vocabulary = rule.params, context.vocabulary
    window, within = str(params["window"]), str(params["within"])
    what = label(vocabulary, params["follow_up"][:2])
    bare = re.sub(r"^an? ", "", what)
    listed = _concern_lists(members, records, clusters, context)
    wide = _minus(clusters["last"], params["window"], context.calendar) > clusters["start"]
    opening = np.where(clusters["certain"], "There were ", "There may have been ")
    extent = np.where(wide & clusters["certain"],
                      f", {params['count']} or more within {window} of each other", " within " + window)
    hedge = np.where(clusters["certain"], " (", " (the dates are vague: ")
    head = opening + clusters["n"].astype(str) + " separate concerns" + extent + hedge + listed + ")"
    follow_when = when(follow)
    by = " (" + follow["agency"].fillna("agency not recorded") + ")"
    found = follow["date"].notna()
    tail = np.select(
        [verdict.eq("met"), found & ~late, found, verdict.eq("cannot tell")],
        [
            "; " + what + " followed " + follow_when + by + ", within " + within + ".",
            "; " + what + " followed " + follow_when + by + ", " + delay + " after the cluster formed: the limit of "
            + within + " may not have been kept (the dates are vague).",
            "; no " + bare + " followed within " + within + ": the next came " + follow_when + by + ", "
            + delay + " after the cluster formed.",
            "; there is no record of " + what + ", but the chronology ends on "
            + case_end.dt.strftime("%d %B %Y").str.lstrip("0") + ", before " + within + " had passed.",
        ],
        default="; there is no record of " + what + " within " + within + ".",
    )
    return pd.Series(head + tail, index=clusters.index, dtype="string")


def _concern_lists(members: pd.DataFrame, records: pd.DataFrame, clusters: pd.DataFrame, context: Context) -> pd.Series:
    """"an injury recorded by School on 26 January 2015, with a referral ... by School on 27 January
    2015; ..." for each cluster: each incident, with its other records."""
    rows = sort_rows(members, ["_cluster", "date", "sequence", "entry_id"])
    rows = rows.rename(columns={"_cluster": "cluster"}).reset_index(drop=True)
    names = _names(rows["event_type"], context)
    text = names + " recorded by " + rows["agency"].astype("string").fillna("an agency") + " " + when(rows)
    mine = (among(records["_group"], rows["_group"]).to_numpy()  # the other records of these clusters' incidents
            & ~among(records["entry_id"], rows["entry_id"]).to_numpy())
    if mine.any():
        others = records.loc[mine, ["_group", "agency", "event_type", "date", "precision", "date_text"]]
        agency = others["agency"].astype("string").fillna("an agency")
        said = _names(others["event_type"], context) + " by " + agency + " " + day_of(others)
        group = pd.Series(others["_group"].to_numpy(), index=others.index)
        named = group_tuples(said, group)
        many = group_tuples(agency, group).map(lambda a: _and(list(dict.fromkeys(a))))
        counts = named.map(len)
        counted = counts.astype(str) + " more records of it (by " + many + ")"
        joined = named.map(" and ".join).where(counts <= _NAMED, counted)
        extra = rows["_group"].map(joined)
        text = text + (", with " + extra).fillna("")
    # The rows are sorted by cluster: the first few of each joined, one slice a cluster.
    cluster = rows["cluster"].to_numpy(dtype=object)
    bounds = np.r_[np.flatnonzero(np.r_[len(cluster) > 0, cluster[1:] != cluster[:-1]]), len(cluster)].tolist()
    items = text.to_numpy(dtype=object).tolist()
    joined = pd.Series(["; ".join(items[a:min(b, a + _LISTED)]) for a, b in zip(bounds[:-1], bounds[1:])],
                       index=cluster[bounds[:-1]], dtype=object)
    more = (clusters.set_index("cluster")["n"] - _LISTED).clip(lower=0)
    extra = np.where(more > 0, "; and " + more.astype(str) + " more", "")
    return pd.Series((joined.reindex(more.index) + extra).to_numpy(), index=clusters.index)
