"""``response``: after a trigger, the required response must follow within a limit.

Examples from the learning brief: an assault witnessed by staff must be reported to the
police immediately; a child found home alone needs a call to the police or children's
services; every birth needs postnatal depression screening; an ICPC within 15 working days of
the strategy discussion. Late and missing responses are breaches.

The response is linked explicitly where the data says so (``responds_to`` names the trigger),
otherwise inferred: the first matching entry of the same case at or after the trigger (from
the same agency, or about the same subject, when the rule asks; about some of the same people
whenever both name someone, unless ``any_subject``). The verdict records which.
With vague dates the delay is a range, and the verdict says whether the limit was kept for
every reading (met), none (breached) or some (possibly breached).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.detectors.base import (
    Context,
    as_text,
    distinct_of,
    empty_found,
    entry_tuples,
    fill_template,
    found_frame,
    has_types,
    interval_open_at,
    is_in,
    label,
    same_case_pairs,
)
from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.durations import deadline
from reviewkit.check.rules import Param, Rule
from reviewkit.check.verdicts import FINDING_VERDICTS
from reviewkit.check.wording import day_of, people, span, when, written_day

PARAMETERS: dict[str, Param] = {
    "trigger": Param("event_types", "the entries that start the clock (their main event type)", True),
    "response": Param("event_types", "the entries that answer (any of their tags)", True),
    "within": Param("duration", "how long the response may take", True),
    "trigger_match": Param(
        "text", "'event_type' (default: the entry's main type) or 'tags' (any of its tags, for "
        "flags such as child_home_alone)", default="event_type",
    ),
    "trigger_agency": Param("texts", "only triggers recorded by these agencies"),
    "distinct_within": Param(
        "duration", "triggers of one case this close to the one before are records of the same "
        "event (counted once), for flags that later entries repeat"
    ),
    "response_agency": Param("texts", "only responses recorded by these agencies"),
    "same_agency": Param("bool", "the response must be recorded by the trigger's agency", default=False),
    "same_subject": Param("bool", "the response must be about the trigger's subject", default=False),
    "any_subject": Param(
        "bool", "a response about other people counts too (by default, when the trigger and the response "
        "both name people, they must share one: e.g. false for a mother's screening after her baby's birth)",
        default=False,
    ),
    "clock_from": Param("text", "'date' (default) or 'reported': when the clock starts", default="date"),
    "while_open": Param("interval", "only while an interval of this kind is open (e.g. cp_plan)"),
    "look_ahead": Param("duration", "ignore responses later than this after the trigger"),
    "agency": Param("text", "whose practice the finding concerns (default: the trigger's agency)"),
    "if_none": Param(
        "text", "verdict when no response follows: 'breached' (default) or 'not applicable' "
        "(the trigger did not always call for one, e.g. a strategy discussion with no ICPC)",
        default="breached",
    ),
    "exclude_same_group": Param(
        "bool", "another agency's record of the same event (same duplicate_group) is not a "
        "response: set for meetings answering meetings (a review after a review)", default=False,
    ),
    "summary_late": Param("text", "summary template for a late response"),
    "summary_missing": Param("text", "summary template for a missing response"),
    "summary_met": Param("text", "summary template for a timely response"),
}

SUMMARY_LATE = (
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}; {response_label} "
    "({response_agency}) followed {response_when}, {delay} later, beyond the limit of {limit}."
)
SUMMARY_MISSING = (
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}; there is no record of "
    "{response_any} within {limit}{missing_by}."
)
SUMMARY_POSSIBLE = (
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}; {response_label} "
    "({response_agency}) followed {response_when}, {delay} later: the limit of {limit} may "
    "not have been kept (the dates are vague)."
)
SUMMARY_MET = (
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}; {response_label} "
    "({response_agency}) followed {response_when}, within {limit}."
)


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per trigger entry (one per duplicate group) of ``rule``.

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.chronology import read_chronology
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "school.csv"
    >>> _ = p.write_text("Date,Time,Incident\\n09/02/2015,12:40,Staff witnessed Mother kick Child B\\n"
    ...                  "09/02/2015,16:10,Referral to Children's Services\\n10/02/2015,09:00,Home visit\\n")
    >>> verdicts = check(read_chronology(p, agency="School"), rules="learning")
    >>> verdicts.loc[verdicts["rule"] == "b-witnessed-assault-reported-to-childrens-services", "verdict"].tolist()
    ['breached']
    """
    params = rule.params
    triggers = _triggers(chronology, rule, context)
    if triggers.empty:
        return empty_found()
    clock = "reported" if params["clock_from"] == "reported" else "date"
    t0 = triggers[clock].fillna(triggers["date"])
    t1 = triggers["reported"].fillna(triggers["date_latest"]) if clock == "reported" else triggers["date_latest"]
    first_deadline = deadline(t0, params["within"], calendar=context.calendar)
    last_deadline = deadline(t1, params["within"], calendar=context.calendar)
    response = _first_responses(chronology, triggers, t0, rule, context)
    r0, r1 = response["date"], response["date_latest"]
    case_end = triggers["case_id"].map(context.case_end)
    found = r0.notna()
    verdict = np.select(
        [t0.isna(), found & (r1 <= first_deadline), found & (r0 > last_deadline),
         found, case_end > last_deadline],
        ["cannot tell", "met", "breached", "possibly breached", params["if_none"]],
        default="cannot tell",
    )
    verdict = pd.Series(verdict, index=triggers.index)
    if params["while_open"]:
        period = interval_open_at(chronology, t0, triggers["case_id"], params["while_open"],
                                  context.vocabulary, context=context)
        ended_first = ~found & (period["until"] < last_deadline)
        verdict = verdict.mask(period["opened"].isna() | ended_first.fillna(False), "not applicable")
    if context.findings_only:  # the other verdicts would be dropped: leave them out before wording them
        keep = verdict.isin(FINDING_VERDICTS).to_numpy()
        if not keep.any():
            return empty_found()
        triggers, response, verdict, t0, t1, r0, r1, first_deadline, case_end, found = (
            values[keep] for values in (triggers, response, verdict, t0, t1, r0, r1, first_deadline, case_end, found))
    described = [c for c in _DESCRIBED if c in chronology.columns]
    triggers, response = _with_columns(chronology, triggers, described), _described(chronology, response)
    delay_min = (r0 - t1).clip(lower=pd.Timedelta(0))
    delay_max = (r1 - t0).clip(lower=pd.Timedelta(0))
    summary = _summaries(triggers, response, verdict, delay_min, delay_max, case_end, rule, context)
    return found_frame(
        case_id=triggers["case_id"].astype("string"),
        key=triggers["entry_id"],
        agency=params["agency"] if params["agency"] else triggers["agency"].astype("string"),
        verdict=verdict,
        basis=pd.Series(np.where(found, "recorded", "no record"), index=triggers.index),
        link=response["link"],
        start=t0,
        end=r1.where(found, first_deadline),
        trigger=triggers["entry_id"],
        entries=entry_tuples(triggers["entry_id"], response["entry_id"]),
        summary=summary,
        delay_min=delay_min,
        delay_max=delay_max,
    )


#: What every trigger needs to reach its verdict; the columns that describe it (``_DESCRIBED``)
#: are added only for the triggers whose verdicts are kept.
_TRIGGER_COLUMNS = ["case_id", "date", "date_latest", "reported"]
_DESCRIBED = ["entry_id", "date_text", "precision", "agency", "subject", "event_type"]


def _triggers(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """The trigger entries, one per duplicate group (the earliest); ``_at`` is each one's row position.

    The earliest of each group is chosen from the few columns that decide it; the columns used
    later are taken for the chosen rows only (the rows are many).
    """
    column = "tags" if rule.params["trigger_match"] == "tags" else "event_type"
    mask = has_types(chronology, rule.params["trigger"], column=column, context=context).to_numpy()
    if rule.params["trigger_agency"]:
        mask = mask & is_in(chronology["agency"], rule.params["trigger_agency"]).to_numpy()
    rows = np.flatnonzero(mask)
    keys = chronology[["date", "sequence", "duplicate_group", "entry_id"]].iloc[rows].reset_index(drop=True)
    order = keys[["date", "sequence"]].sort_values(["date", "sequence"], na_position="last").index.to_numpy()
    group = pd.factorize(keys["duplicate_group"].astype("string").fillna(keys["entry_id"].astype("string")))[0]
    case = distinct_of(chronology, "case_id", context)[0][rows]
    record = pd.Series(case[order].astype(np.int64) * (group.max(initial=0) + 1) + group[order])
    rows = rows[order[~record.duplicated().to_numpy()]]
    columns = [c for c in _TRIGGER_COLUMNS if c in chronology.columns]
    triggers = chronology[columns].iloc[rows].assign(_at=rows)
    if rule.params["distinct_within"] is not None and not triggers.empty:
        triggers = triggers.sort_values(["case_id", "date"], kind="stable")
        previous = triggers.groupby("case_id", observed=True)["date_latest"].shift()
        repeat = triggers["date"] <= deadline(previous, rule.params["distinct_within"])
        triggers = triggers[~repeat.fillna(False).to_numpy(dtype=bool)]
    return triggers.reset_index(drop=True)


def _with_columns(chronology: pd.DataFrame, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with the chronology's ``columns`` at its rows' positions (``_at``), as they are."""
    taken = chronology[columns].iloc[frame["_at"].to_numpy()].set_axis(frame.index)
    return frame.assign(**{name: taken[name] for name in columns})


def _first_responses(
    chronology: pd.DataFrame, triggers: pd.DataFrame, t0: pd.Series, rule: Rule, context: Context
) -> pd.DataFrame:
    """For each trigger, its response: explicit where ``responds_to`` links one, else the first after it.

    Each trigger is paired with every candidate of its case (as an inner merge on ``case_id``
    pairs them); cases, groups and agencies are compared by their codes in the chronology.
    """
    params = rule.params
    mask = has_types(chronology, params["response"], context=context).to_numpy()
    if params["response_agency"]:
        mask = mask & is_in(chronology["agency"], params["response_agency"]).to_numpy()
    rows = np.flatnonzero(mask)
    at = triggers["_at"].to_numpy()

    def codes(column: str) -> tuple[np.ndarray, np.ndarray]:
        found = distinct_of(chronology, column, context)[0]
        return found[at], found[rows]

    left, right = same_case_pairs(*codes("case_id"))
    pair_rows = rows[right]
    explicit = _explicit(chronology["responds_to"], chronology["entry_id"], at[left], pair_rows)
    keep = chronology["date_latest"].to_numpy()[pair_rows] >= t0.to_numpy()[left]
    if params["exclude_same_group"]:
        t_group, r_group = codes("duplicate_group")
        keep &= ~((t_group[left] == r_group[right]) & (r_group[right] >= 0))
    if params["same_agency"]:
        t_agency, r_agency = codes("agency")
        keep &= (t_agency[left] == r_agency[right]) & (r_agency[right] >= 0)
    if params["same_subject"]:
        subject = chronology["subject"]
        keep &= _shares_subject(subject.iloc[at[left]].reset_index(drop=True),
                                subject.iloc[pair_rows].reset_index(drop=True)).to_numpy()
    elif not params["any_subject"] and "subject" in chronology:
        subject = chronology["subject"]
        keep &= shares_subject(subject.iloc[at[left]].reset_index(drop=True),
                               subject.iloc[pair_rows].reset_index(drop=True))
    if params["look_ahead"]:
        horizon = deadline(t0, params["look_ahead"], calendar=context.calendar).to_numpy()
        keep &= chronology["date"].to_numpy()[pair_rows] <= horizon[left]
    keep &= _other_entry(chronology["entry_id"], at[left], pair_rows, keep)
    chosen, linked = _first_per_trigger(chronology, left, pair_rows, explicit, keep | explicit, len(triggers))
    out = _taken(chronology, chosen, triggers.index, ["date", "date_latest"])
    out["link"] = np.select([chosen < 0, linked], [None, "explicit"], default="inferred")
    return out.assign(_at=chosen)


def _described(chronology: pd.DataFrame, response: pd.DataFrame) -> pd.DataFrame:
    """The responses with their ``entry_id``, ``agency``, ``event_type``, ``precision`` and ``date_text``."""
    columns = ["entry_id", "agency", "event_type", "precision", "date_text"]
    return response.assign(**_taken(chronology, response["_at"].to_numpy(), response.index, columns))


def _taken(chronology: pd.DataFrame, rows: np.ndarray, index: pd.Index, columns: list[str]) -> pd.DataFrame:
    """The chronology's ``columns`` at row positions ``rows`` (missing where -1), text as strings."""
    found = rows >= 0
    taken = {}
    for name in columns:
        values = chronology[name].iloc[np.where(found, rows, 0)].set_axis(index)
        taken[name] = (values if values.dtype.kind == "M" else as_text(values)).where(found)
    return pd.DataFrame(taken, index=index)


def _other_entry(ids: pd.Series, first: np.ndarray, second: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """Whether the entry ids at two row positions differ, where ``asked`` (elsewhere False).

    The same row never does; the ids of different rows are compared as text (they are equal
    only in a chronology with repeated ids).
    """
    other = asked & (first != second)
    if other.any():
        text = pa.array(ids.array)
        other[other] = np.asarray(pc.not_equal(text.take(first[other]), text.take(second[other])), dtype=bool)
    return other


def _explicit(responds_to: pd.Series, ids: pd.Series, trigger_rows: np.ndarray, pair_rows: np.ndarray) -> np.ndarray:
    """Whether each pair's candidate names its trigger in ``responds_to`` (compared as text)."""
    linked = responds_to.notna().to_numpy()[pair_rows]
    explicit = np.zeros(len(pair_rows), dtype=bool)
    if linked.any():
        named = responds_to.iloc[pair_rows[linked]].astype("string").to_numpy()
        ids = ids.iloc[trigger_rows[linked]].astype("string").to_numpy()
        explicit[linked] = named == ids
    return explicit


def _first_per_trigger(
    chronology: pd.DataFrame, left: np.ndarray, pair_rows: np.ndarray, explicit: np.ndarray, keep: np.ndarray,
    size: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each trigger's chosen candidate row (-1: none) and whether it is explicit: explicit first, then by
    latest date, date, sequence.

    The order of a stable ``sort_values`` (missing values last) of the kept pairs.
    """
    left, pair_rows, explicit = left[keep], pair_rows[keep], explicit[keep]
    sequence = chronology["sequence"].iloc[pair_rows]
    keys = [sequence.to_numpy(dtype=np.float64, na_value=np.inf)]
    for column in ("date", "date_latest"):
        moments = chronology[column].to_numpy()[pair_rows]
        keys += [moments.view(np.int64), np.isnat(moments)]
    order = np.lexsort([*keys, ~explicit, left])
    ordered = left[order]
    firsts = order[np.r_[True, ordered[1:] != ordered[:-1]]] if len(order) else order
    chosen, linked = np.full(size, -1, dtype=np.int64), np.zeros(size, dtype=bool)
    chosen[left[firsts]], linked[left[firsts]] = pair_rows[firsts], explicit[firsts]
    return chosen, linked


def _shares_subject(left: pd.Series, right: pd.Series) -> pd.Series:
    a = left.astype("string").fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
    b = right.astype("string").fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
    return pd.Series([bool(set(x) & set(y) - {""}) for x, y in zip(a, b)], index=left.index)


def _summaries(
    triggers: pd.DataFrame, response: pd.DataFrame, verdict: pd.Series, delay_min: pd.Series,
    delay_max: pd.Series, case_end: pd.Series, rule: Rule, context: Context,
) -> pd.Series:
    params = rule.params
    vocabulary = context.vocabulary
    subject = people(triggers["subject"])
    fields = _Fields({
        "trigger_agency": lambda: triggers["agency"].astype("string").fillna("An agency"),
        "trigger_label": lambda: _trigger_labels(triggers, params["trigger"], vocabulary),
        "trigger_when": lambda: when(triggers),
        "trigger_when_day": lambda: day_of(triggers),
        "trigger_label_short": lambda: triggers["event_type"].astype("string").str.upper(),
        "about_child": lambda: (" on " + subject).fillna(""),
        "subject_or_child": lambda: subject.fillna("The child"),
        "about": lambda: (" about " + subject).fillna(""),
        "subject": lambda: subject.fillna("the child"),
        "response_label": lambda: response["event_type"].astype(object).map(
            {t: label(vocabulary, [t]) for t in response["event_type"].dropna().unique()}
        ).astype("string").fillna(label(vocabulary, params["response"][:2])),
        "response_noun": lambda: pd.Series(
            label(vocabulary, params["response"][:2], article=False), index=triggers.index
        ),
        "response_agency": lambda: response["agency"].fillna("agency not recorded"),
        "response_when": lambda: when(response).where(response["date"].notna()),
        "delay": lambda: span(delay_min, delay_max),
        "limit": lambda: pd.Series(str(params["within"]), index=triggers.index),
        "response_any": lambda: pd.Series(label(vocabulary, params["response"][:2]), index=triggers.index),
        "missing_by": lambda: (" (the records run to " + written_day(case_end) + ")").fillna(""),
    })
    templates = {
        "met": params["summary_met"] or SUMMARY_MET,
        "possible": SUMMARY_POSSIBLE,
        "late": params["summary_late"] or SUMMARY_LATE,
        "missing": params["summary_missing"] or SUMMARY_MISSING,
    }
    found = response["date"].notna()
    which = np.select(  # the first that holds; each template is filled for its own rows only
        [verdict.eq("met"), found & verdict.eq("possibly breached"), found, ~found], list(templates), "",
    )
    text = pd.Series("", index=triggers.index, dtype="string")
    for name, template in templates.items():
        if (which == name).any():
            rows = triggers.index[which == name]
            text.loc[rows] = fill_template(template, fields, rows)
    return text


def _trigger_labels(triggers: pd.DataFrame, types: tuple[str, ...], vocabulary) -> pd.Series:
    """How each trigger entry is named: by its main type, or, where the rule asks for a mention
    with a status ("planned:strategy_discussion"), by what the rule asks for."""
    asked = pd.Series(label(vocabulary, types[:2]), index=triggers.index, dtype="string")
    if any(":" in t for t in types):
        return asked
    return triggers["event_type"].astype(object).map(
        {t: label(vocabulary, [t]) for t in triggers["event_type"].dropna().astype(str).unique()}
    ).astype("string").fillna(asked)


class _Fields(Mapping):
    """The summary fields, each worked out when a template first names it."""

    def __init__(self, makers: dict[str, Callable[[], pd.Series]]) -> None:
        self._makers, self._made = makers, {}

    def __getitem__(self, name: str) -> pd.Series:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)
