"""Reports written in an entry's "action taken": one more entry for each, linked to its row.

Agencies often record what they did about an incident in the same row: a school's welfare log
reads "Bruise to Child B's forehead | DSL referred to the Social Worker at 10:15 the same
morning". That referral is a response in its own right (it answers the injury), so loading
adds it as an entry of its own: ``event_type`` ``referral`` (to children's services) or
``police_report``, the row's date with the time the text gives (else the row's own date),
``responds_to`` the row, the same ``source`` and ``source_row``, and an ``entry_id`` that is
the row's with :data:`ACTION_MARK` and the event type added, so it is never mistaken for a row
of the file. Whether a report was made is read by the same engine and context rules as every
tag (:func:`reviewkit.interpret.context.span_status`): a clause whose report verb is negated
or only planned ("not reported to Children's Services", "Police not contacted", "will refer to
MASH") adds nothing. Duplicate grouping puts the new entry in its row's group, so it never counts as a
separate concern; exports leave it out, since loading the export adds it again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from reviewkit.interpret.dates import parse_dates
from reviewkit.interpret.context import GAP, prepare, span_status
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary

#: Marks the ``entry_id`` of an entry read from another entry's action-taken text.
ACTION_MARK = "#action-"

_RECIPIENTS: dict[str, re.Pattern[str]] = {
    "referral": re.compile(
        r"\b(children'?s (services|social care)|social (services|worker|care)|duty (team|social worker)"
        r"|mash|multi-agency safeguarding hub|front door|local authority)\b"
    ),
    "police_report": re.compile(r"\b(police|999|101)\b"),
}
_VERB = re.compile(
    r"\b(referred|referral|reported|report|telephoned|phoned|rang|called|emailed|informed|told"
    r"|notified|contacted|alerted|passed)\b"
)
_CLAUSES = re.compile(r"[.;!?](?=\s|$)|;|\bbut\b|\bhowever\b")
_TIME = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b(?![./]\d)")
_DAY = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b"
)
_END_OF_DAY = pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
_WHO_TELLS: dict[str, tuple[str, ...]] = {  # an agency does not report to itself
    "referral": ("Children's Services",),
    "police_report": ("Police",),
}


def actions_in(text: str, vocabulary: Vocabulary | None = None) -> list[tuple[str, str | None, str | None]]:
    """The reports an action-taken text says were made: ``(event type, time, day)``.

    ``time`` is "HH:MM" and ``day`` a date as written, each None when the clause gives none;
    the time taken is the first one after the recipient is named, else the last one before.

    Examples
    --------
    >>> actions_in("DSL referred to the Social Worker at 10:15 the same morning.")
    [('referral', '10:15', None)]
    >>> actions_in("Telephone referral to Children's Services (MASH) at 15:20 and to police at 15:35.")
    [('referral', '15:20', None), ('police_report', '15:35', None)]
    >>> actions_in("Referral made to Children's Services. Police not contacted.")
    [('referral', None, None)]
    >>> actions_in("Social Worker told by telephone on 24/09/2015.")
    [('referral', None, '24/09/2015')]
    >>> actions_in("Mother's explanation accepted; not reported to Children's Services.")
    []
    """
    return actions_in_many([text], vocabulary)[0]


def actions_in_many(texts: Sequence[str], vocabulary: Vocabulary | None = None
                    ) -> list[list[tuple[str, str | None, str | None]]]:
    """:func:`actions_in` of each text, the clauses' report verbs read by the engine a few times
    in all rather than once per clause.

    Whether a clause's verbs are affirmed is read as :func:`actions_in` reads it, with the
    whole text and that clause's verbs alone, but the texts are read together: the first
    clause with verbs of every text in one :func:`~reviewkit.interpret.context.span_status`
    call (the texts joined as the engine joins them, each ending its clauses), then the
    second of every text, and so on (the engine's fixed cost, a few ms a call, was paid for
    each clause).

    Examples
    --------
    >>> actions_in_many(["Police informed at 10:15; not told to the social worker.", "No action."])
    [[('police_report', '10:15', None)], []]
    """
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    prepared = [prepare(text, vocabulary) for text in texts]
    clauses: list[list[tuple[str, list[tuple[int, int, str]]]]] = []  # per text: (clause, its verbs)
    for text in prepared:
        pieces = re.split(f"({_CLAUSES.pattern})", text.lower())  # clauses, and what ends each
        offsets = np.cumsum([0, *map(len, pieces)])
        clauses.append([(clause, [(m.start() + offset, m.end() + offset, "referral") for m in _VERB.finditer(clause)])
                        for clause, offset in zip(pieces[::2], offsets[::2].tolist())])
    with_verbs = [[k for k, (_, verbs) in enumerate(text) if verbs] for text in clauses]
    affirmed: set[tuple[int, int]] = set()  # (text, clause) whose verbs the engine reads as affirmed
    for turn in range(max(map(len, with_verbs), default=0)):
        members = [(t, found[turn]) for t, found in enumerate(with_verbs) if len(found) > turn]
        starts = np.cumsum([0, *(len(prepared[t]) + len(GAP) for t, _ in members)]).tolist()
        spans = [(start + s, start + e, kind) for (t, k), start in zip(members, starts)
                 for s, e, kind in clauses[t][k][1]]
        status = iter(span_status(GAP.join(prepared[t] for t, _ in members), spans, vocabulary))
        for t, k in members:
            if "affirmed" in [next(status) for _ in clauses[t][k][1]]:
                affirmed.add((t, k))
    return [_reports(text, t, affirmed) for t, text in enumerate(clauses)]


def _reports(clauses: list[tuple[str, list]], t: int, affirmed: set[tuple[int, int]]
             ) -> list[tuple[str, str | None, str | None]]:
    """The reports of text ``t`` from its clauses whose verbs are affirmed."""
    found: list[tuple[str, str | None, str | None]] = []
    for k, (clause, _) in enumerate(clauses):
        if (t, k) not in affirmed:
            continue
        times = list(_TIME.finditer(clause))
        day = _DAY.search(clause)
        for event_type, recipient in _RECIPIENTS.items():
            named = recipient.search(clause)
            if named is None or event_type in (f for f, _, _ in found):
                continue
            after = [time for time in times if time.start() >= named.end()]
            time = after[0] if after else (times[-1] if times else None)
            found.append((event_type, f"{int(time[1]):02d}:{time[2]}" if time else None,
                          day[0] if day else None))
    return found


def action_entries(entries: pd.DataFrame, vocabulary: Vocabulary | None = None) -> pd.DataFrame:
    """The entries that the ``outcome`` (action taken) texts of ``entries`` add.

    Parameters
    ----------
    entries
        Interpreted entries (chronology columns), e.g. from one agency file.

    Returns
    -------
    DataFrame
        The new entries, in the same columns, one per report found (none for a row that is
        itself that report at the same time, or whose agency would be reporting to itself).

    Examples
    --------
    >>> row = pd.DataFrame({"case_id": ["c"], "entry_id": ["c/school.csv:22"],
    ...     "date": pd.to_datetime(["2016-03-04 09:00"]), "date_latest": pd.to_datetime(["2016-03-04 09:00"]),
    ...     "date_text": ["4 March 2016"], "precision": ["instant"], "agency": ["School"],
    ...     "event_type": ["injury"], "tags": ["injury"], "summary": ["Bruise to Child B's forehead"],
    ...     "outcome": ["DSL referred to the Social Worker at 10:15 the same morning."],
    ...     "responds_to": [None], "duplicate_group": [None]})
    >>> new = action_entries(row)
    >>> new[["entry_id", "date", "event_type", "responds_to"]].values.tolist()
    [['c/school.csv:22#action-referral', Timestamp('2016-03-04 10:15:00'), 'referral', 'c/school.csv:22']]
    """
    outcome = entries["outcome"].astype("string")
    texts = outcome.dropna().unique().tolist()
    found = dict(zip(texts, actions_in_many(texts, vocabulary)))
    hits = [(position, *action)
            for position, text in enumerate(outcome.to_numpy(dtype=object, na_value=None))
            if text is not None for action in found[text]]
    if not hits:
        return entries.iloc[0:0]
    position, event_type, time, day_text = (np.array(column, dtype=object) for column in zip(*hits))
    rows = entries.iloc[position.astype(int)].reset_index(drop=True)
    event_type = pd.Series(event_type, dtype="string")
    clock = pd.to_timedelta(pd.Series(time, dtype="string") + ":00")
    exact_day = rows["precision"].astype("string").isin(["day", "instant"]).fillna(False)
    named_day = parse_dates(pd.Series(day_text, dtype=object))
    named_day = named_day["date"].where(named_day["precision"].eq("day").fillna(False))
    named_day = named_day.where(named_day >= rows["date"].dt.normalize())  # a report follows its event
    day = named_day.fillna(rows["date"].dt.normalize())
    own_day = exact_day | named_day.notna()
    timed = own_day & clock.notna()
    date = (day + clock).where(timed, day.where(named_day.notna(), rows["date"]))
    date_latest = date.where(timed, (day + _END_OF_DAY).where(named_day.notna(), rows["date_latest"]))
    precision = rows["precision"].astype("string").mask(named_day.notna(), "day").mask(timed, "instant")
    itself = rows["event_type"].astype("string").eq(event_type).fillna(False) & date.eq(rows["date"])
    agencies = rows["agency"].astype("string").fillna("")
    to_itself = pd.Series([agency in _WHO_TELLS[t] for agency, t in zip(agencies, event_type)])
    new = rows.assign(
        entry_id=rows["entry_id"].astype("string") + ACTION_MARK + event_type,
        date=date, date_latest=date_latest,
        date_text=rows["date_text"].astype("string").mask(named_day.notna(), pd.Series(day_text, dtype="string")),
        precision=precision,
        event_type=event_type, tags=event_type, mentions=pd.NA,
        summary=("Action taken: " + rows["outcome"].astype("string")),
        outcome=pd.NA, responds_to=rows["entry_id"].astype("string"),
    )
    for column in ("end", "end_latest", "reported", "reported_text", "indicator", "score", "significance", "analysis",
                   "reviewer_note"):  # the row's own measures and views stay with the row
        if column in new:
            new[column] = None
    keep = ~(itself | to_itself).to_numpy(dtype=bool)
    return new[keep].astype(entries.dtypes.to_dict()).reset_index(drop=True)


def is_action_entry(entry_ids: pd.Series) -> pd.Series:
    """Whether each entry was added from another entry's action-taken text.

    Examples
    --------
    >>> is_action_entry(pd.Series(["c/school.csv:22", "c/school.csv:22#action-referral"])).tolist()
    [False, True]
    """
    return entry_ids.astype("string").str.contains(ACTION_MARK, regex=False).fillna(False).astype(bool)
