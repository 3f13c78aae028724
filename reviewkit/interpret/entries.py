"""Read the meaning of raw entries: dates as intervals, agencies, event types, concern.

Takes the raw entries of :mod:`reviewkit.load.raw_entries` (cells as read, one column per role) and
returns chronology columns. Each distinct value is interpreted once, so repeated dates,
agency names and phrases cost nothing extra. Nothing is dropped: a value that cannot be read
leaves the entry in place with the reason in ``issues``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from reviewkit.exceptions import DateParseError
from reviewkit.interpret.actions import action_entries
from reviewkit.interpret.agencies import normalise_agencies
from reviewkit.interpret.agency_contacts import add_agency_contacts
from reviewkit.interpret.agency_vocabulary import infer_by_agency
from reviewkit.interpret.dates import parse_dates, parse_time
from reviewkit.interpret.event_types import infer_event_types, resolve_event_types
from reviewkit.interpret.vocabulary import Vocabulary


def interpret_entries(
    raw: pd.DataFrame,
    *,
    case_id: str | pd.Series,
    agency: str | None | pd.Series,
    vocabulary: Vocabulary,
    agency_aliases: Mapping[str, str],
    event_type: str | None | pd.Series = None,
) -> pd.DataFrame:
    """Interpret raw entries into chronology columns (all but pairing and duplicates).

    Besides one entry per raw entry, a report that a row's action-taken text says was made
    becomes an entry of its own (see :mod:`reviewkit.interpret.actions`).

    Parameters
    ----------
    raw
        Raw entries: one column per recognised role, plus ``source``, ``source_row``,
        ``file_order`` and ``entry_key``.
    case_id
        The case the entries belong to (a ``case_id`` column, if any, wins row by row).
    agency
        The agency of the whole file, if given; it wins over an agency column.
    event_type
        The event type of every entry of the file that has none of its own (a Graded Care
        Profile table is all ``gcp2_assessment``); an id or alias from the vocabulary.

        Each of ``case_id``, ``agency`` and ``event_type`` may also be a Series on ``raw``'s
        index, one value per entry (NA for none), so that the tables of many files are read
        in one call.
    vocabulary, agency_aliases
        From :func:`reviewkit.interpret.vocabulary_file.load_vocabulary` and
        :func:`reviewkit.interpret.agencies.load_agency_aliases`.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> from reviewkit.interpret.agencies import load_agency_aliases
    >>> raw = pd.DataFrame({"date": ["09/02/2015"], "time": ["12:40"],
    ...     "details": ["Staff witnessed Mother kick Child B"], "source": ["school.csv"],
    ...     "source_row": [2], "file_order": [1], "entry_key": ["2"]})
    >>> out = interpret_entries(raw, case_id="c1", agency="School",
    ...     vocabulary=load_vocabulary(), agency_aliases=load_agency_aliases())
    >>> out.loc[0, ["entry_id", "date", "precision", "agency"]].tolist()
    ['c1/school.csv:2', Timestamp('2015-02-09 12:40:00'), 'instant', 'School']
    """
    index = raw.index

    def column(role: str) -> pd.Series:
        return raw[role] if role in raw else pd.Series(None, index=index, dtype=object)

    issues: list[pd.Series] = []

    dates = parse_dates(column("date"))
    issues.append(dates["issue"])
    dates, time_issue = _apply_times(dates, column("time"))
    issues.append(time_issue)

    end_given = column("end")
    still_open = _text(end_given).str.lower().str.strip(" .").isin(STILL_OPEN).fillna(False)
    ends = parse_dates(end_given.mask(still_open))
    issues.append(_only_when_given(ends["issue"], end_given.mask(still_open), "end date"))
    reported = parse_dates(column("reported"))
    issues.append(_only_when_given(reported["issue"], column("reported"), "reported date"))

    agencies, agency_raw, agency_issue = _agencies(column("agency"), agency, agency_aliases)
    issues.append(agency_issue)

    event_text = _text(column("event"))
    details_text = _text(column("details"))
    outcome_text = _text(column("outcome"))
    inferred = infer_by_agency(event_text, details_text, outcome_text, agencies, vocabulary, agency_aliases)
    main_type = inferred["event_type"].astype("string")
    if isinstance(event_type, pd.Series):
        main_type = main_type.fillna(map_distinct(event_type, vocabulary.resolve).astype("string"))
    elif event_type is not None:
        main_type = main_type.fillna(vocabulary.resolve(event_type))
    if "event_type" in raw:
        explicit, unknown = resolve_event_types(raw["event_type"], vocabulary)
        main_type = explicit.astype("string").fillna(main_type)
        issues.append(
            pd.Series(
                np.where(unknown, "event type '" + _text(raw["event_type"]).fillna("") +
                         "' is not in the vocabulary", None),
                index=index, dtype="string",
            )
        )
    tags, mentions = add_agency_contacts(_with_main_type(inferred["tags"], main_type),
                                         inferred["mentions"], agencies, vocabulary, agency_aliases)
    concern = inferred["concern"].astype("string")
    if "concern" in raw:
        given = infer_event_types(_text(raw["concern"]), vocabulary=vocabulary)["concern"]
        concern = given.astype("string").fillna(concern)

    score, score_issue = _scores(column("score"))
    issues.append(score_issue)
    sequence = pd.to_numeric(column("sequence"), errors="coerce")
    sequence = sequence.where(sequence.notna(), raw["file_order"]).round().astype("Int64")

    case_ids = _text(column("case_id")).fillna(case_id)
    entries = pd.DataFrame(
        {
            "case_id": case_ids,
            "entry_id": case_ids + "/" + raw["source"].astype("string") + ":"
            + raw["entry_key"].astype("string"),
            "date": dates["date"],
            "date_latest": dates["date_latest"],
            "date_text": _text(column("date")),
            "precision": dates["precision"],
            "end": ends["date"],
            "end_latest": ends["date_latest"],
            "reported": reported["date"],
            "reported_text": _text(column("reported")),
            "sequence": sequence,
            "agency": agencies,
            "agency_raw": agency_raw,
            "event_type": main_type,
            "tags": tags,
            "mentions": mentions,
            "concern": concern,
            "subject": _text(column("subject")),
            "summary": _join_text(
                _join_text(event_text, details_text, sep=": "), _indicator_text(raw), sep="; "
            ),
            "outcome": outcome_text,
            "practitioner": _text(column("practitioner")),
            "attendees": _text(column("attendees")),
            "responds_to": _text(column("responds_to")),
            "duplicate_group": _text(column("duplicate_group")),
            "indicator": _text(column("indicator")),
            "score": score,
            "source": raw["source"].astype("string"),
            "source_row": raw["source_row"].astype("Int64"),
            "issues": join_issues(issues, index),
            "extra": _text(column("extra")),
            "significance": _text(column("significance")),
            "analysis": _text(column("analysis")),
            "reviewer_note": _text(column("reviewer_note")),
            "ages": _text(column("ages")),
        },
        index=index,
    )
    added = action_entries(entries, vocabulary)
    return pd.concat([entries, added], ignore_index=True) if len(added) else entries


#: End-date texts that mean the interval had not ended when the chronology was written.
STILL_OPEN: frozenset[str] = frozenset(
    {"ongoing", "open", "current", "continuing", "continues", "present", "to date", "still open",
     "not closed", "active", "live"}
)


def join_issues(parts: list[pd.Series], index: pd.Index) -> pd.Series:
    """Join several per-entry issue columns into one ``;``-separated text (NA when none).

    Examples
    --------
    >>> a = pd.Series(["no date given", None]); b = pd.Series(["unknown agency", None])
    >>> join_issues([a, b], a.index).tolist()
    ['no date given; unknown agency', <NA>]
    """
    joined = pd.Series("", index=index, dtype="string")
    for part in parts:
        part = part.astype("string").fillna("")
        both = (joined != "") & (part != "")
        joined = (joined + np.where(both, "; ", "") + part).astype("string")
    return joined.mask(joined == "")


def _text(values: pd.Series) -> pd.Series:
    """Cells as tidy text: stripped, whitespace collapsed, NA for blanks."""
    text = map_distinct(values, _cell_text).astype("string")
    return text.mask(text == "")


def map_distinct(values: pd.Series, function) -> pd.Series:
    """Apply ``function`` once per distinct non-missing value of ``values`` (NA stays NA).

    Examples
    --------
    >>> map_distinct(pd.Series(["a", "b", "a", None]), str.upper).tolist()
    ['A', 'B', 'A', nan]
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    mapped = np.fromiter((function(value) for value in distinct), dtype=object, count=len(distinct))
    return pd.Series(np.append(mapped, np.nan)[codes], index=values.index, dtype=object)


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y %H:%M") if cell.time() != dt.time() else cell.strftime("%d/%m/%Y")
    return " ".join(str(cell).split())


def _join_text(first: pd.Series, second: pd.Series, *, sep: str) -> pd.Series:
    both = first.notna() & second.notna()
    joined = first.fillna("") + pd.Series(np.where(both, sep, ""), index=first.index) + second.fillna("")
    return joined.astype("string").mask(joined == "")


def _only_when_given(issue: pd.Series, values: pd.Series, what: str) -> pd.Series:
    given = _text(values).notna()
    return ("the " + what + " " + issue.astype("string")).where(given & issue.notna())


def _apply_times(dates: pd.DataFrame, times: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Add a separate time column to day-precision dates, making them instants."""
    parsed = map_distinct(times, _time_or_error)
    offsets = pd.to_timedelta(map_distinct(parsed, _offset), errors="coerce")
    bad_time = map_distinct(parsed, lambda t: isinstance(t, DateParseError))
    bad_time = bad_time.fillna(False).astype(bool)
    is_day = dates["precision"].eq("day").fillna(False).astype(bool)
    applies = is_day & offsets.notna()
    dates = dates.copy()
    dates.loc[applies, "date"] = dates.loc[applies, "date"] + offsets[applies]
    dates.loc[applies, "date_latest"] = dates.loc[applies, "date"]
    dates.loc[applies, "precision"] = "instant"
    message = pd.Series(None, index=dates.index, dtype="string")
    time_text = _text(times)
    message[bad_time] = "the time '" + time_text[bad_time] + "' could not be read"
    unused = offsets.notna() & ~is_day & dates["precision"].notna()
    message[unused] = (
        "a time (" + time_text[unused] + ") was given but the date is not one exact day, "
        "so the time was not used"
    )
    return dates, message


def _time_value(value: object) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(float(value) * 86400)
        return (dt.datetime.min + dt.timedelta(seconds=seconds)).time()
    return parse_time(str(value))


def _time_or_error(value: object) -> dt.time | DateParseError:
    try:
        return _time_value(value)
    except DateParseError as error:
        return error


def _offset(time: object) -> pd.Timedelta | None:
    if not isinstance(time, dt.time):
        return None
    return pd.Timedelta(hours=time.hour, minutes=time.minute, seconds=time.second)


def _agencies(
    column: pd.Series, agency: str | None | pd.Series, aliases: Mapping[str, str]
) -> tuple[pd.Series, pd.Series, pd.Series]:
    written = _text(column)
    given = agency.astype("string") if isinstance(agency, pd.Series) else pd.Series(
        agency, index=column.index, dtype="string")
    raw = written.fillna(given)
    names = given.fillna(written)
    normalised = normalise_agencies(names, aliases=aliases)
    unknown = names.notna() & ~normalised["known"].astype(bool)
    issue = pd.Series(None, index=column.index, dtype="string")
    issue[unknown] = "agency '" + names[unknown] + "' is not in the agency alias table"
    issue[names.isna()] = "no agency given"
    return normalised["agency"].astype("string"), raw, issue


def _with_main_type(tags: pd.Series, main_type: pd.Series) -> pd.Series:
    """Tags always include the main event type (an explicit or file-wide type may be new)."""
    tags = tags.astype("string").fillna("")
    haystack = (";" + tags + ";").to_numpy(dtype=str)
    needle = (";" + main_type.fillna("") + ";").to_numpy(dtype=str)
    listed = pd.Series(np.char.find(haystack, needle) >= 0, index=tags.index)
    missing = main_type.notna() & ~listed
    joined = tags.where(tags == "", tags + ";") + main_type
    return tags.mask(missing, joined).astype("string")


def _indicator_text(raw: pd.DataFrame) -> pd.Series:
    """``Safety: 4`` for the entries of a wide indicator table (NA for others)."""
    if "indicator" not in raw:
        return pd.Series(pd.NA, index=raw.index, dtype="string")
    score = _text(raw["score"]) if "score" in raw else pd.Series(pd.NA, index=raw.index)
    return (_text(raw["indicator"]) + ": " + score.fillna("no score")).astype("string")


def _scores(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    given = _text(column)
    score = pd.to_numeric(given, errors="coerce").astype("Float64")
    issue = pd.Series(None, index=column.index, dtype="string")
    bad = given.notna() & score.isna()
    issue[bad] = "the score '" + given[bad] + "' is not a number"
    return score, issue
