"""A finding's evidence as the report shows it: the entries that matter, the rest folded away.

A stasis finding can rest on 36 assessments; a reader needs the trigger, the response and the
incidents. :func:`key_entries` picks those, :func:`evidence_html` shows them in date order (dates
as the agency wrote them, ISO dates written dd/mm/yyyy like the rest of the report) and folds
the other entries into a ``<details>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from reviewkit.messages import message, message_column
from reviewkit.publish.html_parts import esc, html_rows
from reviewkit.render.entry_notes import entry_notes

#: At most this many entries are shown open; the others are folded.
MAX_SHOWN = 6
#: A finding with at most this many entries shows them all.
SHOW_ALL = 4
_ISO = re.compile(r"^\s*(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d:\d\d)(?::\d\d(?:\.\d+)?)?)?\s*$")


def reader_dates(chronology: pd.DataFrame) -> pd.Series:
    """Each entry's date as written, with an ISO date (``2015-03-02``) written ``02/03/2015``.

    Other forms (``27 Jan 2015``, ``w/c 12/01/2015``, ``March 2015``) stay as written; an
    entry without date text gets its date as dd/mm/yyyy.

    Examples
    --------
    >>> df = pd.DataFrame({"date_text": ["2015-03-02", "w/c 12/01/2015", "2015-03-02T14:05:00", None],
    ...                    "date": pd.to_datetime(["2015-03-02", "2015-01-12", "2015-03-02", "2016-05-01"])})
    >>> reader_dates(df).tolist()
    ['02/03/2015', 'w/c 12/01/2015', '02/03/2015 14:05', '01/05/2016']
    """
    text = chronology["date_text"].astype("string")
    parts = text.str.extract(_ISO)
    iso = parts[0].notna()
    rewritten = (parts[2] + "/" + parts[1] + "/" + parts[0]
                 + (" " + parts[3]).fillna(""))
    fallback = chronology["date"].dt.strftime("%d/%m/%Y").astype("string")
    return text.where(~iso, rewritten).fillna(fallback).fillna("")


def key_entries(entries: Sequence[str], kind: str, linked: bool, chronology: pd.DataFrame) -> dict[str, str]:
    """The entries of a finding that matter, each with its part (trigger, response, incident...).

    The first entry is the trigger (the first of a period for stasis, gap and unseen findings);
    the last is the response when the finding links one (the last of the period for stasis,
    gap and unseen); entries of a concern type (injury, disclosure, assault...) are incidents. A
    gap or unseen finding of three entries (the period's opening, the entry before the stretch
    and the entry after it) names each. A repeat is shown like a cluster: its first entry the
    trigger, a linked follow-up the response. A finding with few entries shows them all. At most
    :data:`MAX_SHOWN` are returned, the trigger and the response first.

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": list("abcdef"),
    ...     "event_type": ["home_visit", "injury", "home_visit", "home_visit", "home_visit", "home_visit"]})
    >>> key_entries(list("abcdef"), "stasis", False, chron)
    {'a': 'First', 'f': 'Last', 'b': 'Incident'}
    >>> key_entries(["b", "c"], "response", True, chron)
    {'b': 'Trigger', 'c': 'Response'}
    >>> key_entries(["a", "c", "d"], "unseen", False, chron)
    {'a': 'Period opened', 'c': 'Before the gap', 'd': 'After the gap'}
    """
    from reviewkit.interpret.vocabulary_file import load_vocabulary

    entries = list(entries)
    if not entries:
        return {}
    period = kind in ("stasis", "gap", "unseen")
    parts = {entries[0]: message("report.part_first") if period else message("report.part_trigger")}
    if len(entries) > 1 and (linked or period):
        parts[entries[-1]] = message("report.part_last") if period else message("report.part_response")
    if kind in ("gap", "unseen") and len(entries) == 3:  # opened, before the stretch, after it
        parts = dict(zip(entries, (message("report.part_opened"), message("report.part_before"),
                                   message("report.part_after"))))
    types = chronology.set_index("entry_id")["event_type"].astype("object")
    concern = set(load_vocabulary().group("concern"))
    for entry in entries:
        if entry not in parts and types.get(entry) in concern:
            parts[entry] = message("report.part_incident")
    if len(entries) <= SHOW_ALL:
        parts.update({e: message("report.part_entry") for e in entries if e not in parts})
    return dict(list(parts.items())[:MAX_SHOWN])


def evidence_rows(chronology: pd.DataFrame) -> pd.DataFrame:
    """Every entry as the evidence tables show it, in date order, indexed by entry id: worked
    out once for a report and shared by every finding's tables.

    Columns are the tables' headings (plain text, ``""`` for nothing), then ``event_type``.

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["b", "a"], "event_type": "home_visit",
    ...     "date": pd.to_datetime(["2015-02-01", "2015-01-01"]), "date_text": "2015-01-01",
    ...     "agency": "GP", "agency_raw": "GP", "summary": "Seen", "outcome": None, "source": "gp.csv",
    ...     "source_row": [3, 2]})
    >>> evidence_rows(chron).index.tolist(), evidence_rows(chron).iloc[0, 4]
    (['a', 'b'], 'gp.csv, row 2')
    """
    from reviewkit.publish.as_written import in_date_order

    rows = in_date_order(chronology)
    source = message_column("report.source_row", source=rows["source"], row=rows["source_row"])
    notes = entry_notes(rows, lambda text: text).str.strip("\n").str.replace("\n", "; ")
    columns = {
        message("report.column_date_written"): reader_dates(rows),
        message("report.column_agency"): rows["agency"].astype("string").fillna(rows["agency_raw"]),
        message("report.column_entry"): rows["summary"],
        message("report.column_outcome"): rows["outcome"],
        message("report.column_source"): source.where(rows["source"].notna() & rows["source_row"].notna(), ""),
        message("report.column_notes_on_entry"): notes,
        message("report.column_read_as"): rows["mentions"] if "mentions" in rows else pd.Series("", index=rows.index),
    }  # fmt: skip
    out = pd.DataFrame({k: v.astype("string").fillna("").to_numpy(dtype=object) for k, v in columns.items()})
    out.index = pd.Index(rows["entry_id"].astype("object").to_numpy(), name="entry_id")
    out["event_type"] = rows["event_type"].astype("object").to_numpy()
    return out


def _table(chosen: pd.DataFrame, parts: dict[str, str], caption: str, *, read_as: bool) -> str:
    """The table of the entries ``chosen`` (rows of :func:`evidence_rows`), each with its part."""
    headings = [message("report.column_part"), *chosen.columns[:5]]
    notes = message("report.column_notes_on_entry")
    if chosen[notes].ne("").any():  # ages, significance, analysis, the reviewer's note, outside the period
        headings.append(notes)
    if read_as:
        headings.append(message("report.column_read_as"))
    values = [[parts.get(entry, "") for entry in chosen.index]]
    values += [chosen[heading].tolist() for heading in headings[1:]]
    return html_rows(headings, zip(*values), caption)


def evidence_html(entries: Sequence[str], kind: str, linked: bool, chronology: pd.DataFrame,
                  caption: str, number: int, *, rows: pd.DataFrame | None = None) -> str:
    """The entries that matter as a table in date order; every entry in a folded ``<details>``.

    The folded table lists all the finding's entries in date order, the ones shown marked with
    their part, with how reviewkit read each (its mentions). ``rows`` is
    :func:`evidence_rows` of ``chronology`` when the caller has worked it out already (a report
    shows many findings of one chronology).

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": [f"e{i}" for i in range(10)], "event_type": "home_visit",
    ...     "date": pd.date_range("2015-01-01", periods=10, freq="7D"), "date_text": "2015-01-01",
    ...     "agency": "GP", "agency_raw": "GP", "summary": "Seen", "outcome": None, "source": "gp.csv",
    ...     "source_row": range(2, 12)})
    >>> out = evidence_html(chron["entry_id"], "stasis", False, chron, "Evidence", 3)
    >>> out.count("<table>"), out.count("<details"), "All 10 entries of finding 3" in out
    (2, 1, True)
    """
    rows = evidence_rows(chronology) if rows is None else rows
    wanted = set(entries)
    entries = [e for e in entries if e in rows.index]
    parts = key_entries(entries, kind, linked, rows.reset_index())
    rows = rows[rows.index.isin(wanted)]
    out = _table(rows[rows.index.isin(parts)], parts, caption, read_as=False)
    if len(rows):
        more = message("report.evidence_all", count=len(rows), number=number)
        out += (f"<details class=\"evidence-more\"><summary>{esc(more)}</summary>"
                + _table(rows, parts, more, read_as=True) + "</details>")
    return out
