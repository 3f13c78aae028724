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

from reviewkit.check.clock import reported_dates
from reviewkit.check.detectors.base import (
    Context,
    empty_found,
    entry_tuples,
    fill_rows,
    found_frame,
    interval_open_at,
    label,
)
from reviewkit.check.detectors.per_check import Distinct, distinct_for
from reviewkit.check.detectors.response_pairs import first_responses, triggers
from reviewkit.check.durations import deadline_values
from reviewkit.check.rules import Param, Rule
from reviewkit.check.verdicts import FINDING_VERDICTS
from reviewkit.check.wording import people_values, span_values, when_values, written_day
from reviewkit.interpret.vocabulary import Vocabulary

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
    "clock_from": Param(
        "text", "'date' (default) or 'reported': when the clock starts (the entry's reported date, all of a "
        "vague one; the sentence quotes it as written; the event's date where none is recorded)", default="date",
    ),
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
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}{reported}; {response_label} "
    "({response_agency}) followed {response_when}, {delay} later, beyond the limit of {limit}."
)
SUMMARY_MISSING = (
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}{reported}; there is no record of "
    "{response_any} within {limit}{missing_by}."
)
SUMMARY_POSSIBLE = (
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}{reported}; {response_label} "
    "({response_agency}) followed {response_when}, {delay} later: the limit of {limit} may "
    "not have been kept (the dates are vague)."
)
SUMMARY_MET = (
    "{trigger_agency} recorded {trigger_label} {trigger_when}{about}{reported}; {response_label} "
    "({response_agency}) followed {response_when}, within {limit}."
)


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per trigger entry (one per duplicate group) of ``rule``.

    Verdicts are reached on the check's shared arrays (:class:`~reviewkit.check.detectors.per_check.Distinct`);
    frames are made, and sentences written, only for the verdicts that are kept.

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
    shared = distinct_for(chronology, context.distinct)
    at = triggers(chronology, rule, context, shared)
    if not len(at):
        return empty_found()
    t0 = shared.moments("date")[at]
    t1 = shared.moments("date_latest")[at]
    clock = np.full(len(at), None, dtype=object)  # the reported date the clock starts from, as written
    if params["clock_from"] == "reported":  # where one is known; else the event's date
        reported = reported_dates(shared.moments("reported")[at],
                                  shared.texts("reported_text", at) if "reported_text" in chronology else None)
        t0, t1 = np.where(reported.known, reported.earliest, t0), np.where(reported.known, reported.latest, t1)
        clock = reported.written()
    first_deadline = deadline_values(t0, params["within"], calendar=context.calendar)
    last_deadline = deadline_values(t1, params["within"], calendar=context.calendar)
    chosen, linked = first_responses(chronology, at, t0, rule, context, shared)
    found = chosen >= 0
    r0, r1 = (np.where(found, shared.moments(c)[np.where(found, chosen, 0)], np.datetime64("NaT"))
              for c in ("date", "date_latest"))
    found = ~np.isnat(r0)
    case_end = np.full(len(at), np.datetime64("NaT"), dtype="datetime64[ns]")
    if not found.all():  # the case's end matters only where no response was found
        case_end[~found] = shared.per_case(context.ends(), "case_end", at[~found])
    verdicts = ["cannot tell", "met", "breached", "possibly breached", params["if_none"], "not applicable"]
    code = np.select([np.isnat(t0), found & (r1 <= first_deadline), found & (r0 > last_deadline), found,
                      case_end > last_deadline], [0, 1, 2, 3, 4], default=0)  # by codes: no text array per verdict
    verdict = np.array(verdicts, dtype=object)[code]
    if params["while_open"]:
        period = interval_open_at(chronology, pd.Series(t0), shared.strings("case_id", at),
                                  params["while_open"], context.vocabulary, context=context)
        ended_first = ~found & (period["until"].to_numpy(dtype="datetime64[ns]") < last_deadline)
        code[period["opened"].isna().to_numpy() | ended_first] = 5
        verdict = np.array(verdicts, dtype=object)[code]
    if context.findings_only:  # the other verdicts would be dropped: leave them out before wording them
        keep = np.isin(verdict, FINDING_VERDICTS)
        if not keep.any():
            return empty_found()
        at, code, verdict, t0, t1, r0, r1, first_deadline, case_end, found, chosen, linked, clock = (
            values[keep] for values in (at, code, verdict, t0, t1, r0, r1, first_deadline, case_end, found, chosen,
                                        linked, clock))
    index = pd.RangeIndex(len(at))
    delay_min, delay_max = _at_least_zero(r0 - t1), _at_least_zero(r1 - t0)
    summary = np.full(len(at), None, dtype=object)
    worded = np.isin(verdict, FINDING_VERDICTS) if context.word_findings_only else np.ones(len(at), dtype=bool)
    if worded.any():  # with check(sentences="findings"), only the findings are worded
        summary[worded] = _summaries(shared, *(values[worded] for values in (at, chosen, verdict, delay_min, delay_max,
                                                                              case_end, clock)), rule, context)
    ids = shared.strings("entry_id", at).set_axis(index)
    answer = shared.strings("entry_id", chosen).set_axis(index)

    def column(values: np.ndarray, dtype: str | None = None) -> pd.Series:
        return pd.Series(values, index=index, dtype=dtype)

    def chosen_text(names: list[str | None], codes: np.ndarray) -> pd.Series:  # Arrow text taken by code
        taken = pa.array(names, type=pa.large_string()).take(pa.array(codes))
        return pd.Series(pd.arrays.ArrowStringArray(taken), index=index, dtype="string")

    return found_frame(
        case_id=shared.strings("case_id", at).set_axis(index),
        key=ids,
        agency=params["agency"] if params["agency"] else shared.strings("agency", at).set_axis(index),
        verdict=chosen_text(verdicts, code),
        basis=chosen_text(["no record", "recorded"], found.view(np.int8)),
        link=chosen_text([None, "explicit", "inferred"], np.select([chosen < 0, linked], [0, 1], default=2)),
        start=column(t0),
        end=column(np.where(found, r1, first_deadline)),
        trigger=ids,
        entries=entry_tuples(ids, answer),
        summary=column(summary, object),
        delay_min=column(delay_min),
        delay_max=column(delay_max),
        row=at,
    )


def _at_least_zero(delays: np.ndarray) -> np.ndarray:
    """Negative delays as zero (NaT stays NaT)."""
    return np.where(delays < np.timedelta64(0, "ns"), np.timedelta64(0, "ns"), delays)


def _summaries(
    shared: Distinct, at: np.ndarray, chosen: np.ndarray, verdict: np.ndarray, delay_min: np.ndarray,
    delay_max: np.ndarray, case_end: np.ndarray, clock: np.ndarray, rule: Rule, context: Context,
) -> np.ndarray:
    """One sentence per verdict (trigger rows ``at``, chosen responses ``chosen``, -1 for none), from
    arrays: each field is worked out only if a template names it, each template filled only for its rows.

    ``clock`` is the reported date each clock started from, as written (None where it started at
    the event): ``{reported}`` names it (", reported 'end of March 2015'"), and ``{clock_when}``
    is the date the clock started from, whichever it was."""
    params, vocabulary = rule.params, context.vocabulary
    answered = chosen >= 0
    rows = np.where(answered, chosen, 0)

    def text(column: str, positions: np.ndarray, otherwise: str | None = None) -> np.ndarray:
        values = shared.texts(column, positions)
        return np.where(pd.isna(values), otherwise, values)

    def dated(positions: np.ndarray, *, times: bool = True) -> np.ndarray:
        return when_values(shared.moments("date")[positions], shared.texts("precision", positions),
                           shared.texts("date_text", positions), times=times)

    subjects = _Fields({"people": lambda: people_values(shared.texts("subject", at))})

    def about(before: str, otherwise: str) -> Callable[[], np.ndarray]:
        def make() -> np.ndarray:
            named = subjects["people"]
            return np.where(pd.isna(named), otherwise, before + named.astype(str).astype(object))
        return make

    asked, answers = label(vocabulary, params["trigger"][:2]), label(vocabulary, params["response"][:2])
    labels, event = _type_labels(shared, vocabulary), shared.of("event_type")[0]
    found = answered & ~np.isnat(shared.moments("date")[rows])
    fields = _Fields({
        "trigger_agency": lambda: text("agency", at, "An agency"),
        "trigger_label": lambda: (np.full(len(at), asked, dtype=object) if any(":" in t for t in params["trigger"])
                                  else np.where(pd.isna(labels[event[at]]), asked, labels[event[at]])),
        "trigger_when": lambda: dated(at),
        "trigger_when_day": lambda: dated(at, times=False),
        "reported": lambda: np.where(pd.isna(clock), "", ", reported " + clock.astype(str).astype(object)),
        "clock_when": lambda: np.where(pd.isna(clock), fields["trigger_when"], clock),
        "trigger_label_short": lambda: _type_labels(shared, vocabulary, short=True)[event[at]],
        "about_child": about(" on ", ""),
        "subject_or_child": about("", "The child"),
        "about": about(" about ", ""),
        "subject": about("", "the child"),
        "response_label": lambda: np.where(answered & ~pd.isna(labels[event[rows]]), labels[event[rows]], answers),
        "response_noun": lambda: np.full(len(at), label(vocabulary, params["response"][:2], article=False)),
        "response_agency": lambda: np.where(answered, text("agency", rows, "agency not recorded"),
                                            "agency not recorded"),
        "response_when": lambda: np.where(found, dated(rows), None),
        "delay": lambda: span_values(delay_min, delay_max),
        "limit": lambda: np.full(len(at), str(params["within"]), dtype=object),
        "response_any": lambda: np.full(len(at), answers, dtype=object),
        "missing_by": lambda: np.where(np.isnat(case_end), "", " (the records run to " + _written(case_end) + ")"),
    })
    templates = {
        "met": params["summary_met"] or SUMMARY_MET,
        "possible": SUMMARY_POSSIBLE,
        "late": params["summary_late"] or SUMMARY_LATE,
        "missing": params["summary_missing"] or SUMMARY_MISSING,
    }
    which = np.select(  # the first that holds; each template is filled for its own rows only
        [verdict == "met", found & (verdict == "possibly breached"), found, ~found], list(templates), "",
    )
    summary = np.full(len(at), "", dtype=object)
    for name, template in templates.items():
        if (which == name).any():
            summary[which == name] = fill_rows(template, fields, np.flatnonzero(which == name))
    return summary


def _written(moments: np.ndarray) -> np.ndarray:
    """Each moment's day written out, "" where unknown."""
    return written_day(pd.Series(moments)).fillna("").to_numpy(dtype=object)


def _type_labels(shared: Distinct, vocabulary: Vocabulary, *, short: bool = False) -> np.ndarray:
    """A reader's name for each distinct main type of the chronology, by its code (the last, for
    code -1, is None), or with ``short`` the type in capitals; worked out once per check."""
    def make() -> np.ndarray:
        types = shared.of("event_type")[1].tolist()
        names = [t.upper() if short else label(vocabulary, [t]) if t in vocabulary.event_types else None
                 for t in types]
        return np.array(names + [None], dtype=object)

    return shared.memo(("type labels", short), make)


class _Fields(Mapping):
    """The summary fields, each worked out when a template first names it."""

    def __init__(self, makers: dict[str, Callable[[], np.ndarray | str]]) -> None:
        self._makers, self._made = makers, {}

    def __getitem__(self, name: str) -> np.ndarray | str:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)
