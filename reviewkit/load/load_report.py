"""The load report: what became of every row of every table, and what needs a reviewer's eye."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

import pandas as pd

from reviewkit.interpret.actions import is_action_entry
from reviewkit.load.raw_entries import TableAccount
from reviewkit.review.decisions import Decisions
from reviewkit.review.orphans import report_notes

#: Columns of the load report, one row per table read.
REPORT_COLUMNS: list[str] = [
    "source", "agency", "header_row", "title_rows", "blank_rows", "rows_read", "entries",
    "action_entries", "date_issues", "vague_dates", "unknown_agencies", "unknown_event_types", "duplicate_groups",
    "intervals", "columns_used", "columns_unused", "notes",
]


def load_report(
    chronology: pd.DataFrame,
    accounts: Sequence[TableAccount],
    *,
    decisions: Decisions | None = None,
    orphans: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Summarise, per table, the rows read and the problems found.

    ``title_rows + 1 + blank_rows + rows_read`` accounts for every row of a table; a wide
    indicator table makes more ``entries`` than ``rows_read`` (one per area), and so does a row
    whose action-taken text records a report (``action_entries``, see :mod:`reviewkit.interpret.actions`).
    When the reviewer's ``decisions`` were applied, one more row (``source`` the decisions
    file, no counts) says in ``notes`` how many corrections applied and lists the ``orphans``
    (see :func:`reviewkit.review.orphans.report_notes`).

    Examples
    --------
    >>> from reviewkit.load.schema import empty_chronology
    >>> load_report(empty_chronology(), []).columns.tolist() == REPORT_COLUMNS
    True
    """
    by_source = chronology.groupby("source", observed=True, sort=False)
    issues = chronology["issues"].astype("string").fillna("")
    per_source = pd.DataFrame(
        {
            "entries_found": by_source.size(),
            "action_entries": is_action_entry(chronology["entry_id"]).groupby(chronology["source"]).sum(),
            "agency": by_source["agency"].agg(_distinct),
            "date_issues": chronology["date"].isna().groupby(chronology["source"]).sum(),
            "vague_dates": (~chronology["precision"].isin(["day", "instant"]) & chronology["date"].notna())
            .groupby(chronology["source"]).sum(),
            "unknown_agencies": chronology["agency_raw"]
            .where(issues.str.contains("not in the agency alias table", regex=False))
            .groupby(chronology["source"]).agg(_distinct),
            "unknown_event_types": chronology["event_type"].isna().groupby(chronology["source"]).sum(),
            "duplicate_groups": by_source["duplicate_group"].nunique(),
            "intervals": chronology["end"].notna().groupby(chronology["source"]).sum(),
        }
    )
    rows = []
    for account in accounts:
        found = per_source.loc[account.source] if account.source in per_source.index else None
        record = asdict(account)
        rows.append(
            {
                "source": account.source,
                "header_row": account.header_row,
                "title_rows": account.title_rows,
                "blank_rows": account.blank_rows,
                "rows_read": account.data_rows,
                "entries": account.entries + (int(found["action_entries"]) if found is not None else 0),
                "columns_used": "; ".join(f"{role}={h}" for role, h in record["columns"].items()),
                "columns_unused": "; ".join(account.unused_columns),
                "notes": "; ".join(account.notes),
                **_found(found),
            }
        )
    accounted = {account.source for account in accounts}
    for source, found in per_source.iterrows():
        if source not in accounted:
            rows.append({"source": source, "entries": int(found["entries_found"]), **_found(found)})
    if decisions is not None:
        name = decisions.path.name if decisions.path is not None else decisions.file
        rows.append({"source": name, "agency": "", "notes": report_notes(decisions, orphans, chronology)})
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    counts = ["header_row", "title_rows", "blank_rows", "rows_read", "entries", "action_entries", "date_issues",
              "vague_dates", "unknown_event_types", "duplicate_groups", "intervals"]
    report[counts] = report[counts].astype("Int64")
    return report


def format_report(report: pd.DataFrame) -> str:
    """Render a load report as plain text for a terminal, one block per table.

    Examples
    --------
    >>> from reviewkit.load.schema import empty_chronology
    >>> format_report(load_report(empty_chronology(), []))
    'No tables were read.'
    """
    if report.empty:
        return "No tables were read."
    blocks = []
    for row in report.itertuples(index=False):
        if pd.isna(row.entries):
            blocks.append(f"{row.source}\n  {row.notes}")
            continue
        lines = [f"{row.source}  ({row.agency or 'agency not known'})"]
        if pd.notna(row.header_row):
            lines.append(
                f"  rows: {row.rows_read} read, {row.blank_rows} blank skipped, "
                f"{row.title_rows} title row(s) above the header (row {row.header_row})"
            )
        lines.append(
            f"  entries: {row.entries}{_added(row.action_entries)}; dates unreadable: {row.date_issues}; vague dates: "
            f"{row.vague_dates}; intervals: {row.intervals}"
        )
        lines.append(
            f"  unknown agencies: {row.unknown_agencies or 'none'}; entries with no event type: "
            f"{row.unknown_event_types}; duplicate groups: {row.duplicate_groups}"
        )
        if row.columns_used:
            lines.append(f"  columns: {row.columns_used}")
        if row.columns_unused:
            lines.append(f"  columns not recognised, kept in 'extra': {row.columns_unused}")
        if row.notes:
            lines.append(f"  notes: {row.notes}")
        blocks.append("\n".join(lines))
    totals = report[["rows_read", "entries", "date_issues"]].sum()
    blocks.append(
        f"Total: {int(report['entries'].notna().sum())} table(s), {totals['rows_read']} rows read, "
        f"{totals['entries']} entries, {totals['date_issues']} with unreadable dates."
    )
    return "\n\n".join(blocks)


def _added(count: object) -> str:
    return f" ({count} from reports in the action-taken text)" if pd.notna(count) and count else ""


def _distinct(values: pd.Series) -> str:
    present = sorted({str(v) for v in values.dropna()})
    return ", ".join(present)


def _found(found: pd.Series | None) -> dict[str, object]:
    if found is None:
        return {"action_entries": 0, "date_issues": 0, "vague_dates": 0, "unknown_event_types": 0,
                "duplicate_groups": 0, "intervals": 0, "agency": "", "unknown_agencies": ""}
    return {
        "agency": found["agency"],
        "action_entries": int(found["action_entries"]),
        "date_issues": int(found["date_issues"]),
        "vague_dates": int(found["vague_dates"]),
        "unknown_agencies": found["unknown_agencies"] if isinstance(found["unknown_agencies"], str) else "",
        "unknown_event_types": int(found["unknown_event_types"]),
        "duplicate_groups": int(found["duplicate_groups"]),
        "intervals": int(found["intervals"]),
    }
