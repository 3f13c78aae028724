"""``gap``: the lead agency's contact stops for longer than a limit while a plan is open (drift).

For each period of a case (overlapping plans of one case, e.g. siblings' joint plans, merged
into one), the contacts the agency recorded within it, with the period's start and end as
boundaries: every gap longer than the limit is a breached verdict (possibly breached when
only some readings of vague dates exceed it); if none does, one met verdict for the period.
Gaps are counted in calendar days between the contacts' days.
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
from reviewkit.check.detectors.periods import (
    beyond,
    day_text,
    interval_name,
    length_text,
    locate,
    periods,
    plain_day,
)
from reviewkit.check.rules import Param, Rule

PARAMETERS: dict[str, Param] = {
    "contacts": Param("event_types", "what counts as contact (any of an entry's tags)", True),
    "agency": Param("text", "the lead agency whose contact is checked", default="Children's Services"),
    "limit": Param("duration", "the longest gap allowed between contacts", True),
    "while_open": Param("interval", "the periods checked (e.g. cp_plan)", True),
}


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per gap beyond the limit, or one met verdict per period without one.

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.schema import coerce_chronology
    >>> import tempfile, pathlib
    >>> days = pd.to_datetime(["2015-01-05", "2015-03-03", "2015-05-05", "2015-05-20"])
    >>> chron = coerce_chronology(pd.DataFrame({"case_id": "c", "entry_id": [f"c/cs:{i}" for i in range(2, 6)],
    ...     "date": days, "date_latest": days + pd.Timedelta("1D") - pd.Timedelta(1), "precision": "day",
    ...     "agency": "Children's Services", "event_type": ["cp_plan_start", "home_visit", "home_visit", "home_visit"],
    ...     "tags": ["cp_plan_start", "home_visit", "home_visit", "home_visit"],
    ...     "end": [pd.Timestamp("2015-05-31"), None, None, None], "end_latest": [pd.Timestamp("2015-05-31 23:59"), None, None, None]}))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rules.toml"
    >>> _ = path.write_text('[[rules]]\\nid = "drift"\\nkind = "gap"\\ntitle = "t"\\ntheme = "x"\\nseverity = "low"\\n'
    ...     'learning = "l"\\nsource = "s"\\ncontacts = ["home_visit"]\\nlimit = "6 weeks"\\nwhile_open = "cp_plan"\\n')
    >>> verdicts = check(chron, rules=path)
    >>> verdicts["verdict"].tolist()
    ['breached', 'breached']
    >>> print(verdicts["summary"][1])
    There is no record of a home visit by Children's Services for 9 weeks (3 March 2015 to 5 May 2015) while a child protection plan was open.
    """
    params = rule.params
    blocks = _merged(periods(chronology, params["while_open"], context))
    if blocks.empty:
        return empty_found()
    agency = params["agency"]
    mask = (has_types(chronology, params["contacts"], context=context) & chronology["date"].notna()
            & is_in(chronology["agency"], [agency]))
    contacts = chronology.loc[mask, ["case_id", "entry_id", "date", "date_latest", "date_text", "precision"]]
    inside = locate(contacts.assign(subject=pd.NA), blocks.assign(_block=np.arange(len(blocks))),
                    match_subject=False, keep=["opened", "_block"])
    gaps = _gaps(blocks, inside)
    # Every point but the first of a period bounds a gap; the first has no p_lo, so it is never beyond.
    certain, possible = beyond(gaps["p_lo"], gaps["p_hi"], gaps["lo"], gaps["hi"], params["limit"], context.calendar)
    if context.findings_only and not np.asarray(possible, dtype=bool).any():  # no gap to word
        return empty_found()
    named = _ranks(blocks["opened"])
    counts = np.bincount(named[inside["_block"].to_numpy()], minlength=len(blocks) + 1)[named]
    blocks = blocks.assign(count=counts)
    found = _found(blocks, inside, gaps[possible].reset_index(drop=True))
    found = found.assign(verdict=np.where(certain[possible], "breached", "possibly breached"), count=counts[found["_block"]])
    what = _contact_noun(params["contacts"], context)
    during = f" while a{'n' if interval_name(params['while_open'])[0] in 'aeiou' else ''} {interval_name(params['while_open'])} was open."
    breach_text = (f"There is no record of a {what} by {agency} for " + length_text(found["delay_min"], found["delay_max"])
                   + " (" + found["p_text"] + " to " + found["text"] + ")" + during)
    breached = found_frame(
        case_id=found["case_id"], key=found["opened"] + "|" + found["p_entry"].fillna("start"),
        agency=agency, verdict=found["verdict"], basis="no record", start=found["p_lo"], end=found["hi"],
        trigger=found["opened"],
        entries=pd.Series([tuple(x for x in row if isinstance(x, str)) for row in
                           zip(found["opened"], found["p_entry"].astype(object), found["entry_id"].astype(object))],
                          index=found.index, dtype=object),
        summary=breach_text.astype("string"), delay_min=found["delay_min"], delay_max=found["delay_max"],
        count=found["count"],
    )
    if context.findings_only:  # the met verdicts (periods without a gap) would be dropped: leave them out
        return breached if not breached.empty else empty_found()
    gaps = gaps.assign(opened=blocks["opened"].array.take(gaps["_block"].to_numpy()), delay_max=gaps["hi"] - gaps["p_lo"])
    met = _met(blocks[~among(blocks["opened"], found["opened"])], gaps[gaps["p_lo"].notna().to_numpy()], agency,
               f"a {what}", during, rule)
    return pd.concat([f for f in (breached, met) if not f.empty] or [empty_found()], ignore_index=True)


def _met(quiet: pd.DataFrame, gaps: pd.DataFrame, agency: str, what: str, during: str, rule: Rule) -> pd.DataFrame:
    """One met verdict per period without a gap beyond the limit (``quiet``), naming its longest gap."""
    delay = gaps["delay_max"]
    longest = delay.groupby(gaps["opened"]).max().mask(delay.isna().groupby(gaps["opened"]).any())
    long_gap = longest.reindex(quiet["opened"])
    quiet_text = (agency + f" recorded {what} at least every {rule.params['limit']}" + during.rstrip(".")
                  + " (" + plain_day(quiet["start_lo"]).to_numpy() + " to " + plain_day(quiet["until_lo"]).to_numpy()
                  + "; " + quiet["count"].astype(str).to_numpy() + " contacts, the longest gap "
                  + length_text(long_gap, long_gap).to_numpy() + ").")
    return found_frame(
        case_id=quiet["case_id"], key=quiet["opened"], agency=agency, verdict="met",
        start=quiet["date"], end=quiet["until_hi"], trigger=quiet["opened"],
        entries=pd.Series([tuple(o) for o in quiet["openers"]], index=quiet.index, dtype=object),
        summary=pd.Series(np.asarray(quiet_text, dtype=object), index=quiet.index, dtype="string"),
        delay_min=long_gap.to_numpy(), delay_max=long_gap.to_numpy(), count=quiet["count"],
    )


def _gaps(blocks: pd.DataFrame, inside: pd.DataFrame) -> pd.DataFrame:
    """The points of each period in order (its start, its contacts, its end: by period, earliest
    day, that order, latest day), each with the point before it in its period (``p_lo``,
    ``p_hi``; NaT for the first): ``_block`` is the period's position, ``_place`` 0 for its start,
    1 for a contact (``_at``: its row in ``inside``, -1 for a start or end), 2 for its end; and
    ``_p_block``, ``_p_place``, ``_p_at`` of the point before. Worked out on arrays from the
    periods' positions, not by sorting and shifting a frame of text."""
    edge, middle = np.arange(len(blocks)), inside["_block"].to_numpy()
    block = np.concatenate([edge, middle, edge])
    at = np.concatenate([np.full(len(blocks), -1), np.arange(len(inside)), np.full(len(blocks), -1)])
    lo = np.concatenate([_days(blocks["start_lo"]), _days(inside["lo"]), _days(blocks["until_lo"])])
    hi = np.concatenate([_days(blocks["start_hi"]), _days(inside["hi"]), _days(blocks["until_hi"])])
    place = np.repeat([0, 1, 2], [len(blocks), len(inside), len(blocks)])
    named = _ranks(blocks["opened"])[block]
    order = point_order(named, lo, place, hi)
    block, at, lo, hi, place, named = block[order], at[order], lo[order], hi[order], place[order], named[order]
    after = np.r_[False, named[1:] == named[:-1]]  # the point before is of the same period
    before = np.maximum(np.arange(len(order)) - 1, 0)
    nat = np.datetime64("NaT", "ns")
    return pd.DataFrame({"_block": block, "_place": place, "_at": at, "_p_block": np.where(after, block[before], 0),
                         "_p_place": np.where(after, place[before], 0), "_p_at": np.where(after, at[before], -1),
                         "lo": lo, "hi": hi,
                         "p_lo": np.where(after, lo[before], nat), "p_hi": np.where(after, hi[before], nat)})


def _found(blocks: pd.DataFrame, inside: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """The gaps reported, with their periods' and contacts' ids and days as written."""
    start = "the start of the plan on " + day_text(blocks).to_numpy(dtype=object)
    end = np.where(blocks["open_at_end"], "the end of the chronology on ", "the end of the plan on ") \
        + plain_day(blocks["until_lo"]).to_numpy(dtype=object)
    ids = inside["entry_id"].astype("string").array
    found = {"case_id": blocks["case_id"].array.take(gaps["_block"].to_numpy()),
             "opened": blocks["opened"].array.take(gaps["_block"].to_numpy())}
    for prefix in ("", "p_"):
        at, block = gaps[f"_{prefix}at"].to_numpy(), gaps[f"_{prefix}block"].to_numpy()
        text = np.where(gaps[f"_{prefix}place"].to_numpy() == 0, start[block], end[block]).astype(object)
        text[at >= 0] = day_text(inside.iloc[at[at >= 0]]).to_numpy(dtype=object)
        found[f"{prefix}entry_id"] = ids.take(np.where(at >= 0, at, -1), allow_fill=True)
        found[f"{prefix}text"] = text
    found = pd.DataFrame(found).rename(columns={"p_entry_id": "p_entry"})
    found["p_lo"], found["hi"] = gaps["p_lo"], gaps["hi"]
    found["delay_min"] = (gaps["lo"] - gaps["p_hi"]).clip(lower=pd.Timedelta(0))
    found["delay_max"] = gaps["hi"] - gaps["p_lo"]
    return found.assign(_block=gaps["_block"])


def point_order(named: np.ndarray, lo: np.ndarray, place: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``np.lexsort([_last(hi), place, _last(lo), named])`` (stable, missing days last): where the
    days are whole days (as periods' and contacts' are), from one integer key holding all four.

    Examples
    --------
    >>> day = lambda *s: np.array(s, dtype="datetime64[D]").astype("datetime64[ns]")
    >>> point_order(np.array([1, 0, 0]), day("2015-01-02", "NaT", "2015-01-01"), np.array([0, 1, 0]),
    ...             day("2015-01-02", "NaT", "2015-01-03")).tolist()
    [2, 1, 0]
    """
    keys = [_whole_days(lo), _whole_days(hi)]
    if any(key is None for key in keys):
        return np.lexsort([_last(hi), place, _last(lo), named])
    (first, first_span), (last, last_span) = keys
    size = (int(named.max(initial=0)) + 1) * first_span * 3 * last_span
    if size >= 2**62 or named.min(initial=0) < 0 or place.min(initial=0) < 0 or place.max(initial=0) > 2:
        return np.lexsort([_last(hi), place, _last(lo), named])
    return np.argsort(((named.astype(np.int64) * first_span + first) * 3 + place) * last_span + last, kind="stable")


_DAY = 86_400 * 10**9


def _whole_days(moments: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Each moment's day counted from the least (missing: one past the last) and how many values
    that makes, or None where a moment is not at midnight."""
    numbers, missing = moments.view(np.int64), np.isnat(moments)
    if (numbers[~missing] % _DAY).any():
        return None
    days = numbers // _DAY
    known = days[~missing]
    days = days - (known.min() if len(known) else 0)
    span = int(days[~missing].max()) + 1 if len(known) else 0
    days[missing] = span
    return days, span + 1


def _days(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]")


def _last(days: np.ndarray) -> np.ndarray:
    """Days as integers that sort as the days, missing last."""
    return np.where(np.isnat(days), np.iinfo(np.int64).max, days.view(np.int64))


def _ranks(values: pd.Series) -> np.ndarray:
    """Each value's place among the distinct values in sorted order, missing last."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def _merged(spans: pd.DataFrame) -> pd.DataFrame:
    """Merge overlapping periods of each case into one (named by its first opening entry)."""
    if spans.empty:
        return spans.assign(openers=pd.Series(dtype=object))
    spans = sort_rows(spans, ["case_id", "start_lo", "opened"]).reset_index(drop=True)
    reach = spans.groupby("case_id")["until_hi"].cummax()
    before = reach.groupby(spans["case_id"]).shift(1)
    block = (before.isna() | (spans["start_lo"] > before)).cumsum()
    grouped = spans.groupby(block)
    first = grouped.head(1).set_index(block[grouped.head(1).index])
    last = spans.loc[spans.groupby(block)["until_hi"].idxmax()].set_index(block[spans.groupby(block)["until_hi"].idxmax()])
    out = first.assign(until_lo=last["until_lo"], until_hi=last["until_hi"], open_at_end=last["open_at_end"])
    out["openers"] = group_tuples(spans["opened"], block)
    return out.reset_index(drop=True)


def _contact_noun(types: tuple[str, ...], context: Context) -> str:
    """ "home visit", or for many types the groups they come from: "visit, meeting or contact"."""
    if len(types) <= 2:
        words = label(context.vocabulary, types)
        return words.split(" ", 1)[1].replace(" or an ", " or ").replace(" or a ", " or ")
    groups, covered = [], set()
    for name in ("visit", "meeting", "contact"):
        members = set(context.vocabulary.group(name)) & set(types)
        if members - covered:
            groups.append(name)
            covered |= members
    return (", ".join(groups[:-1]) + " or " + groups[-1]) if len(groups) > 1 else (groups or ["contact"])[0]
