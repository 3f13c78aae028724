"""``absence``: during a period (a plan), an expected kind of entry never appears, or only in a biased way.

From the learning brief: observation of parenting should be central to work with a family
(none recorded during a plan is a finding), and observations recorded only when there were
concerns is a finding too. One verdict per period entry (per subject where the plan names
one); an expected entry about someone else does not count, one about no one in particular does.

Without ``only_with``: fewer than ``min_count`` expected entries in the period is breached,
otherwise met. With ``only_with``: breached when there are expected entries but every one
also carries one of those types or a concern category; met when at least one carries neither;
not applicable when there are none (the plain rule reports that). An entry whose vague date
lies within the period for only some readings counts as maybe: possibly breached where the
verdict depends on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import (
    Context,
    among,
    empty_found,
    found_frame,
    group_tuples,
    has_types,
    is_in,
    label,
)
from reviewkit.check.detectors.ordering import sort_rows
from reviewkit.check.detectors.periods import day_text, locate, period_phrase, periods
from reviewkit.check.rules import Param, Rule
from reviewkit.check.verdicts import FINDING_VERDICTS

PARAMETERS: dict[str, Param] = {
    "period": Param("interval", "the period during which entries are expected (e.g. cp_plan)", True),
    "expect": Param("event_types", "the expected entries (any of their tags)", True),
    "agency": Param("texts", "the expected entries must be recorded by one of these agencies"),
    "min_count": Param("int", "how many expected entries the period needs at least", default=1),
    "only_with": Param(
        "event_types", "ask about bias instead: breached when every expected entry also carries "
        "one of these types (or a concern category)",
    ),
}


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per period (opening entry) of ``rule``.

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.schema import coerce_chronology
    >>> import tempfile, pathlib
    >>> chron = coerce_chronology(pd.DataFrame({"case_id": "c", "entry_id": ["c/cs:2", "c/cs:3"],
    ...     "date": pd.to_datetime(["2014-06-25", "2015-01-10"]), "date_latest": pd.to_datetime(["2014-06-25 23:59", "2015-01-10 23:59"]),
    ...     "date_text": ["25/06/2014", "10/01/2015"], "precision": ["day", "day"], "agency": "Children's Services",
    ...     "event_type": ["cp_plan_start", "home_visit"], "tags": ["cp_plan_start", "home_visit"],
    ...     "subject": ["Child A", "Child A"], "end": pd.to_datetime(["2015-06-01", None]),
    ...     "end_latest": pd.to_datetime(["2015-06-01 23:59", None])}))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rules.toml"
    >>> _ = path.write_text('[[rules]]\\nid = "obs"\\nkind = "absence"\\ntitle = "t"\\ntheme = "x"\\n'
    ...     'severity = "low"\\nlearning = "l"\\nsource = "s"\\nperiod = "cp_plan"\\nexpect = ["observation_of_parenting"]\\n')
    >>> verdicts = check(chron, rules=path)
    >>> verdicts["verdict"].tolist()
    ['breached']
    >>> print(verdicts["summary"][0])
    During the child protection plan for Child A from 25 June 2014 (open until 1 June 2015), there is no record of an observation of parenting.
    """
    params = rule.params
    spans = periods(chronology, params["period"], context)
    if spans.empty:
        return empty_found()
    pairs = _expected_in(chronology, spans, rule, context)
    if params["only_with"]:
        biased = has_types(pairs, params["only_with"]).to_numpy() | pairs["concern"].notna().to_numpy()
    else:
        biased = np.zeros(len(pairs), dtype=bool)
    sure = pairs["certain"].to_numpy(dtype=bool)
    counts = _counts(spans, pairs["_span"].to_numpy(), {
        "n": None, "sure": sure, "free_sure": sure & ~biased, "free": ~biased, "biased_sure": sure & biased})
    n, sure = counts["n"], counts["sure"]
    if params["only_with"]:
        verdict = np.select(
            [n.eq(0), counts["free_sure"].ge(1), counts["free"].ge(1), counts["biased_sure"].ge(1)],
            ["not applicable", "met", "possibly breached", "breached"], default="possibly breached",
        )
    else:
        need = params["min_count"]
        verdict = np.select([sure.ge(need), n.ge(need)], ["met", "possibly breached"], default="breached")
    verdict = pd.Series(verdict, index=spans.index)
    if context.findings_only:  # the other verdicts would be dropped: leave them out before wording them
        keep = verdict.isin(FINDING_VERDICTS).to_numpy()
        if not keep.any():
            return empty_found()
        spans, counts, verdict, n = spans[keep], counts[keep], verdict[keep], n[keep]
        pairs = pairs[among(pairs["opened"], spans["opened"]).to_numpy()]
    evidence = group_tuples(pairs["entry_id"], pairs["opened"]).reindex(spans["opened"]).to_numpy()
    dates = group_tuples(day_text(pairs), pairs["opened"]).map(", ".join)
    return found_frame(
        case_id=spans["case_id"],
        key=spans["opened"],
        agency=", ".join(params["agency"]) if params["agency"] else spans["agency"],
        verdict=verdict,
        basis="recorded" if params["only_with"] else "no record",
        start=spans["date"],
        end=spans["until_hi"],
        trigger=spans["opened"],
        entries=pd.Series([(o, *(e if isinstance(e, (list, tuple, np.ndarray)) else ())) for o, e in zip(spans["opened"], evidence)],
                          index=spans.index, dtype=object),
        summary=_summaries(spans, counts, verdict, dates.reindex(spans["opened"]).to_numpy(), rule, context),
        count=n,
    )


def _expected_in(chronology: pd.DataFrame, spans: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """The expected entries in each period (one row per entry and period it falls in), by date and entry
    id; worked out once per check for rules that expect the same in the same periods."""
    params = rule.params

    def make() -> pd.DataFrame:
        mask = has_types(chronology, params["expect"], context=context) & chronology["date"].notna()
        if params["agency"]:
            mask &= is_in(chronology["agency"], params["agency"])
        expected = chronology.loc[mask, ["case_id", "entry_id", "date", "date_latest", "date_text",
                                         "precision", "subject", "tags", "concern"]]
        return sort_rows(locate(expected, spans.assign(_span=np.arange(len(spans))), keep=["opened", "_span"]),
                         ["date", "entry_id"])

    distinct = context.distinct
    if distinct is None or distinct.chronology is not chronology:
        return make()
    return distinct.derived(("absence", params["period"], tuple(params["expect"]), tuple(params["agency"] or ())),
                            make)


def _counts(spans: pd.DataFrame, span: np.ndarray, flags: dict[str, np.ndarray | None]) -> pd.DataFrame:
    """Per period (by its opening entry's id), how many of its expected entries (``span``: each
    one's period position) have each flag (``None``: all of them), on integer codes.

    Examples
    --------
    >>> spans = pd.DataFrame({"opened": ["p", "q", "r"]})
    >>> _counts(spans, np.array([0, 0, 2]), {"n": None, "sure": np.array([True, False, True])}).values.tolist()
    [[2, 1], [0, 0], [1, 1]]
    """
    code = pd.factorize(spans["opened"])[0]  # periods of one opening entry are counted together
    of = code[span]
    known = of >= 0
    columns = {}
    for name, flag in flags.items():
        weight = known if flag is None else known & flag
        total = np.bincount(of[weight], minlength=len(code) + 1)
        columns[name] = np.where(code >= 0, total[np.maximum(code, 0)], 0).astype(int)
    return pd.DataFrame(columns, index=spans.index)


def _nouns(types: tuple[str, ...], context: Context) -> tuple[str, str]:
    """Singular and plural reader's names of the expected entries, without articles."""
    words = label(context.vocabulary, types).replace(", an ", ", ").replace(", a ", ", ")
    words = words.replace(" or an ", " or ").replace(" or a ", " or ")
    one = words.split(" ", 1)[1]
    if len(types) > 1:
        return one, f"entries ({one})"
    head, _, rest = one.partition(" of ")
    head = head[:-1] + "ies" if head.endswith("y") else head + ("es" if head.endswith(("s", "sh", "ch")) else "s")
    return one, head + (f" of {rest}" if rest else "")


def _article(noun: str) -> str:
    """ "an observation of parenting" """
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _summaries(
    spans: pd.DataFrame, counts: pd.DataFrame, verdict: pd.Series, dates: np.ndarray,
    rule: Rule, context: Context,
) -> pd.Series:
    params = rule.params
    one, many = _nouns(params["expect"], context)
    by = f" by {' or '.join(params['agency'])}" if params["agency"] else ""
    period = "During " + period_phrase(spans, params["period"]) + ", "
    single = counts["n"].eq(1).to_numpy()
    listed = " (" + pd.Series(dates, index=spans.index, dtype="string").fillna("") + ")"
    counted = (counts["n"].astype(str) + pd.Series(np.where(single, f" {one} was", f" {many} were"), index=spans.index)
               + f" recorded{by}")
    if params["only_with"]:
        free = counts["free_sure"].astype(str) + " of the " + counts["n"].astype(str)
        texts = [
            f"no {one} was recorded{by}, so whether they were recorded only alongside concerns cannot be judged.",
            free + pd.Series(np.where(single, f" {one}", f" {many}"), index=spans.index) + f" recorded{by} carried no concern.",
            f"every {one} recorded{by} that is certainly within it came alongside concerns" + listed
            + "; those without a concern have vague dates and may fall outside it.",
            pd.Series(np.select([single, counts["n"].eq(2).to_numpy()],
                                [f"the only {one} recorded{by} was", f"both {many} recorded{by} were"],
                                "all " + counts["n"].astype(str) + f" {many} recorded{by} were"),
                      index=spans.index) + " alongside concerns" + listed + ".",
        ]
        conditions = [verdict.eq("not applicable"), verdict.eq("met"), counts["free"].ge(1), verdict.ne("")]
    else:
        need = params["min_count"]
        short = f" (at least {need} expected)" if need > 1 else ""
        texts = [
            counted + listed + ".",
            counted + listed + " but some dates are vague and may fall outside it" + short + ".",
            pd.Series(np.where(counts["n"].eq(0), f"there is no record of {_article(one)}{by}{short}.",
                               "only " + counted + listed + short + "."), index=spans.index),
        ]
        conditions = [verdict.eq("met"), verdict.eq("possibly breached"), verdict.ne("")]
    texts = [pd.Series(t, index=spans.index).astype("string") for t in texts]
    body = np.select([c.to_numpy(dtype=bool) for c in conditions], texts, default="")
    return (period + pd.Series(body, index=spans.index, dtype="string")).astype("string")
