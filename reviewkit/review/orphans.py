"""Decisions whose finding or entry no longer exists, and how they are described."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from reviewkit.interpret.entry_ids import CONTENT_KEY, ID_PARTS, ROW_ID
from reviewkit.review.decisions import ORPHAN_COLUMNS, Decisions, EntryDecision, FindingDecision


def empty_orphans() -> pd.DataFrame:
    """An orphans table with no rows.

    Examples
    --------
    >>> empty_orphans().columns.tolist() == ORPHAN_COLUMNS
    True
    """
    return pd.DataFrame({name: pd.Series(dtype="string") for name in ORPHAN_COLUMNS})


def describe(decision: FindingDecision | EntryDecision) -> str:
    """One line saying what a decision decided (for orphans tables and the terminal).

    Examples
    --------
    >>> describe(FindingDecision("F-1", "dismissed", rule="gap", note="Visits were weekly"))
    'dismissed (rule gap): Visits were weekly'
    >>> describe(EntryDecision("c/a.csv:2", event_type="injury", exclude_from_publication=True))
    'event_type = injury; exclude_from_publication'
    """
    if isinstance(decision, FindingDecision):
        text = decision.status + (f" (rule {decision.rule})" if decision.rule else "")
        return text + (f": {decision.note}" if decision.note else "")
    parts = [f"{name} = {_plain(getattr(decision, name))}"
             for name in ("event_type", "tags", "subject", "duplicate_group", "reviewer_tags")
             if getattr(decision, name) not in (None, ())]
    if decision.exclude_from_publication:
        parts.append("exclude_from_publication")
    if decision.note:
        parts.append(f"note: {decision.note}")
    return "; ".join(parts) or "no correction"


def _plain(value: object) -> str:
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def orphan_table(decisions: Decisions, about: str, orphans: list,
                 reasons: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The orphans table of some decisions about findings or entries, with ``reasons`` by id.

    Examples
    --------
    >>> orphan_table(Decisions(), "finding", [FindingDecision("F-1", "accepted")])[
    ...     ["id", "reason"]].values.tolist()
    [['F-1', 'no finding has this id now: the rule no longer finds it there, or its evidence changed']]
    """
    if not orphans:
        return empty_orphans()
    ids = [d.finding_id if about == "finding" else d.entry_id for d in orphans]
    reasons = reasons or {}
    return pd.DataFrame(
        {
            "file": decisions.file,
            "about": about,
            "id": ids,
            "decision": [describe(d) for d in orphans],
            "reason": [reasons.get(i, FINDING_GONE if about == "finding" else ENTRY_GONE) for i in ids],
        },
        columns=ORPHAN_COLUMNS,
    ).astype("string")


#: Why a decision about a finding is an orphan.
FINDING_GONE = "no finding has this id now: the rule no longer finds it there, or its evidence changed"

#: Why a decision about an entry is an orphan, when nothing more can be said.
ENTRY_GONE = ("no entry has this id now: the entry's own date, agency or text changed, or it was "
              "removed from its file")


def entry_reasons(ids: list[str], chronology: pd.DataFrame) -> dict[str, str]:
    """Why each decision about an entry of ``ids`` (none in ``chronology``) is an orphan, and
    where a reviewer might re-point it: the file's entries with the same date as written.

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["c/gp.csv:12-03-2015-8d14c918"], "source_row": [4],
    ...                       "source": ["gp.csv"]})
    >>> entry_reasons(["c/gp.csv:12-03-2015-00000000", "c/gp.csv:7"], chron)["c/gp.csv:7"]
    'a row-based id (before reviewkit 0.2), and row 7 of gp.csv holds no entry now'
    >>> entry_reasons(["c/gp.csv:12-03-2015-00000000"], chron)["c/gp.csv:12-03-2015-00000000"].split("; ")[-1]
    'entries of gp.csv dated 12-03-2015: c/gp.csv:12-03-2015-8d14c918'
    """
    known = chronology["entry_id"].astype(str) if "entry_id" in chronology else pd.Series(dtype=str)
    reasons = {}
    for entry_id in ids:
        row = ROW_ID.match(entry_id)
        parts = ID_PARTS.match(entry_id)
        file = entry_id.rpartition(":")[0].partition("/")[2] or entry_id
        if row is not None:
            reasons[entry_id] = (f"a row-based id (before reviewkit 0.2), and row {row['row']} of {file} "
                                 f"holds no entry now")
        elif parts is not None and (key := CONTENT_KEY.match(parts["key"])) is not None:
            day = key["date"]
            same_day = known[known.str.startswith(f"{parts['head']}:{day}-")].head(5).tolist()
            reasons[entry_id] = ENTRY_GONE + (f"; entries of {file} dated {day}: {', '.join(same_day)}"
                                              if same_day else "")
        else:
            reasons[entry_id] = ENTRY_GONE
    return reasons


def orphans(frame: pd.DataFrame) -> pd.DataFrame:
    """The orphans table of what :func:`reviewkit.check` or :func:`reviewkit.detect` returned.

    Decisions whose entry or finding no longer exists, one row each (:data:`ORPHAN_COLUMNS`);
    empty when there are none, or when no decisions were applied.

    Examples
    --------
    >>> orphans(pd.DataFrame()).empty
    True
    """
    records = frame.attrs.get("orphans", [])
    if not records:
        return empty_orphans()
    return pd.DataFrame(records, columns=ORPHAN_COLUMNS).astype("string")


def report_notes(
    decisions: Decisions, entry_orphans: pd.DataFrame | None = None, chronology: pd.DataFrame | None = None
) -> str:
    """What the load report says about a decisions file: how much applied, the decisions moved
    from row-based ids (with each entry's date, agency and first words, from ``chronology``, to
    check it is the entry meant), and the orphans with their reasons.

    Examples
    --------
    >>> from reviewkit.review.apply import apply_entry_decisions
    >>> from reviewkit.review.changes import decide, correct
    >>> d = correct(decide(Decisions(), "F-1", status="accepted"), "c/a.csv:9", subject="Mother")
    >>> report_notes(d, apply_entry_decisions(pd.DataFrame({"entry_id": ["c/a.csv:2"]}), d)[1])
    "reviewer's decisions: 0 of 1 correction(s) to entries applied; 1 decision(s) on findings (check and detect apply them); ORPHANS, not in the chronology: entry c/a.csv:9 (subject = Mother): a row-based id (before reviewkit 0.2), and row 9 of a.csv holds no entry now"
    """
    gone = entry_orphans if entry_orphans is not None else empty_orphans()
    applied = len(decisions.entries) - int(gone["about"].eq("entry").sum())
    notes = (
        f"reviewer's decisions: {applied} of {len(decisions.entries)} correction(s) to entries "
        f"applied; {len(decisions.findings)} decision(s) on findings (check and detect apply them)"
    )
    moved = {old: new for old, new in decisions.migrated.items() if new in decisions.entries}
    if moved:
        notes += ("; MOVED from row-based ids (before reviewkit 0.2) to the entry now at that row, "
                  "check each is the entry meant: " + ", ".join(
                      f"{old} -> {new}{_entry_words(new, chronology)}" for old, new in moved.items()))
    if not gone.empty:
        listed = ", ".join(f"{row.about} {row.id} ({row.decision}): {row.reason}" for row in gone.itertuples())
        notes += f"; ORPHANS, not in the chronology: {listed}"
    return notes


def _entry_words(entry_id: str, chronology: pd.DataFrame | None) -> str:
    """`` (date as written, agency: 'first words...')`` of an entry, or nothing if not known."""
    if chronology is None or "entry_id" not in chronology:
        return ""
    rows = chronology[chronology["entry_id"].astype(str).eq(entry_id).to_numpy()]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    summary = row.get("summary")
    words = " ".join(summary.split()[:8]) if isinstance(summary, str) else ""
    return f" ({row.get('date_text')}, {row.get('agency')}: '{words}')"
