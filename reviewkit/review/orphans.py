"""Decisions whose finding or entry no longer exists, and how they are described."""

from __future__ import annotations

import pandas as pd

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


def orphan_table(decisions: Decisions, about: str, orphans: list) -> pd.DataFrame:
    if not orphans:
        return empty_orphans()
    return pd.DataFrame(
        {
            "file": decisions.file,
            "about": about,
            "id": [d.finding_id if about == "finding" else d.entry_id for d in orphans],
            "decision": [describe(d) for d in orphans],
        },
        columns=ORPHAN_COLUMNS,
    ).astype("string")



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


def report_notes(decisions: Decisions, entry_orphans: pd.DataFrame | None = None) -> str:
    """What the load report says about a decisions file: how much applied, and its orphans.

    Examples
    --------
    >>> from reviewkit.review.apply import apply_entry_decisions
    >>> from reviewkit.review.changes import decide, correct
    >>> d = correct(decide(Decisions(), "F-1", status="accepted"), "c/a.csv:9", subject="Mother")
    >>> report_notes(d, apply_entry_decisions(pd.DataFrame({"entry_id": ["c/a.csv:2"]}), d)[1])
    "reviewer's decisions: 0 of 1 correction(s) to entries applied; 1 decision(s) on findings (check and detect apply them); ORPHANS, not in the chronology: entry c/a.csv:9 (subject = Mother)"
    """
    gone = entry_orphans if entry_orphans is not None else empty_orphans()
    applied = len(decisions.entries) - int(gone["about"].eq("entry").sum())
    notes = (
        f"reviewer's decisions: {applied} of {len(decisions.entries)} correction(s) to entries "
        f"applied; {len(decisions.findings)} decision(s) on findings (check and detect apply them)"
    )
    if not gone.empty:
        listed = ", ".join(f"{row.about} {row.id} ({row.decision})" for row in gone.itertuples())
        notes += f"; ORPHANS, not in the chronology: {listed}"
    return notes
