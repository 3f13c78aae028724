"""Apply the decisions: corrections to the chronology's entries, decisions to the findings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.review.decisions import DECISION_COLUMNS, EXCLUDE_TAG, Decisions
from reviewkit.review.entry_views import with_entry_views
from reviewkit.review.migration import migrate_entries, migrate_findings_saved
from reviewkit.review.orphans import empty_orphans, entry_reasons, orphan_table


def apply_entry_decisions(
    chronology: pd.DataFrame, decisions: Decisions | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the entry corrections to a chronology; return it and the orphans table.

    Corrections replace ``event_type`` (and that type in ``tags``), ``tags``, ``subject`` and
    ``duplicate_group`` (``""``: in no group). Reviewer tags, and :data:`EXCLUDE_TAG` for an
    entry excluded from publication, are added to ``tags``. The input is not changed.
    Corrections are applied after intervals are paired and duplicates grouped. Corrections
    written with the row-based ids of reviewkit before 0.2 apply to the entry now at that row
    (see :func:`reviewkit.review.migration.migrate_entries`).

    Examples
    --------
    >>> from reviewkit.review.changes import correct
    >>> from reviewkit.load.schema import coerce_chronology
    >>> c = coerce_chronology(pd.DataFrame({"case_id": ["c"], "entry_id": ["c/gp.csv:2"],
    ...                                     "event_type": ["home_visit"], "tags": ["home_visit"]}))
    >>> d = correct(Decisions(), "c/gp.csv:2", event_type="injury", reviewer_tags=["key practice episode"])
    >>> d = correct(d, "c/gone.csv:9", subject="Child A")
    >>> fixed, orphans = apply_entry_decisions(c, d)
    >>> fixed.loc[0, ["event_type", "tags"]].tolist()
    ['injury', 'injury;key practice episode']
    >>> orphans[["about", "id", "decision"]].values.tolist()
    [['entry', 'c/gone.csv:9', 'subject = Child A']]
    >>> orphans.loc[0, "reason"]
    'a row-based id (before reviewkit 0.2), and row 9 of gone.csv holds no entry now'
    """
    if decisions is None or not decisions.entries:
        return chronology, empty_orphans()
    decisions = migrate_entries(decisions, chronology)
    rows = np.flatnonzero(chronology["entry_id"].isin(list(decisions.entries)).to_numpy(dtype=bool))
    found = chronology["entry_id"].iloc[rows].astype(str).tolist()
    present = [(decisions.entries[i], r) for i, r in zip(found, rows)]
    kept = set(found)
    orphans = [d for key, d in decisions.entries.items() if key not in kept]
    reasons = entry_reasons([d.entry_id for d in orphans], chronology) if orphans else {}
    if not present:
        return chronology, orphan_table(decisions, "entry", orphans, reasons)
    positions = [row for _, row in present]
    columns = {name: chronology[name].iloc[positions].astype(object).to_numpy(copy=True)
               for name in ("event_type", "tags", "subject", "duplicate_group")}
    for k, (decision, _) in enumerate(present):
        tags = set(filter(None, str(columns["tags"][k]).split(";"))) if _given(columns["tags"][k]) else set()
        if decision.tags is not None:
            tags = set(decision.tags)
        if decision.event_type is not None:
            old = columns["event_type"][k]
            if decision.tags is None and _given(old):
                tags.discard(str(old))
            tags.add(decision.event_type)
            columns["event_type"][k] = decision.event_type
        tags |= set(decision.reviewer_tags) | ({EXCLUDE_TAG} if decision.exclude_from_publication else set())
        columns["tags"][k] = ";".join(sorted(tags)) if tags else pd.NA
        if decision.subject is not None:
            columns["subject"][k] = decision.subject or pd.NA
        if decision.duplicate_group is not None:
            columns["duplicate_group"][k] = decision.duplicate_group or pd.NA
    out = chronology.copy(deep=False)
    for name, values in columns.items():
        column = chronology[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            new = sorted({v for v in values if _given(v)} - set(column.cat.categories))
            column = column.cat.add_categories(new)
        else:
            column = column.copy()
        column.iloc[positions] = values
        out[name] = column
    out = with_entry_views(out, present)  # significance, analysis and note
    return out, orphan_table(decisions, "entry", orphans, reasons)


def apply_finding_decisions(
    findings: pd.DataFrame, decisions: Decisions | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the reviewer's ``status``, ``note``, ``decided_by`` and ``decided_on`` to findings.

    Undecided findings are ``open``. ``findings`` may also be :func:`reviewkit.check`'s
    verdicts: rows that are findings (breached or possibly breached) get a status, the others
    none. Returns the frame (a copy) and the orphans table (decisions about findings that are
    not in ``findings``).

    Examples
    --------
    >>> from reviewkit.review.changes import decide
    >>> f = pd.DataFrame({"finding_id": ["F-1", "F-2"]})
    >>> d = decide(decide(Decisions(), "F-1", status="accepted", by="RK"), "F-9", status="dismissed")
    >>> decided, orphans = apply_finding_decisions(f, d)
    >>> decided[["finding_id", "status", "decided_by"]].fillna("").values.tolist()
    [['F-1', 'accepted', 'RK'], ['F-2', 'open', '']]
    >>> orphans["id"].tolist()
    ['F-9']
    """
    ids = finding_ids(findings)
    decisions = decisions or Decisions()
    # A finding that groups several (``members``, see reviewkit.check.grouping) takes its own
    # decision, else the first decision made about one of its members.
    members = findings["members"].tolist() if "members" in findings else [()] * len(ids)
    known = [next((decisions.findings[m] for m in ((i,) + tuple(g or ())) if m in decisions.findings), None)
             if isinstance(i, str) else None for i, g in zip(ids, members)]
    out = findings.copy()
    out["status"] = pd.array([d.status if d else ("open" if isinstance(i, str) else None)
                              for d, i in zip(known, ids)], dtype="string")
    out["note"] = pd.array([d.note if d else None for d in known], dtype="string")
    out["decided_by"] = pd.array([d.by if d else None for d in known], dtype="string")
    out["decided_on"] = pd.to_datetime(pd.Series([d.on if d else None for d in known], index=out.index,
                                                 dtype=object)).astype("datetime64[ns]")
    present = {i for i in ids if isinstance(i, str)} | {m for g in members for m in (g or ())}
    orphans = [d for key, d in decisions.findings.items() if key not in present]
    return out, orphan_table(decisions, "finding", orphans)


def finding_ids(frame: pd.DataFrame) -> list[str | None]:
    """The finding id of every row: ``finding_id``, or for verdicts the id their finding gets.

    Examples
    --------
    >>> finding_ids(pd.DataFrame({"verdict_id": ["V-1", "V-2"], "verdict": ["met", "breached"]}))
    [None, 'F-2']
    """
    if "finding_id" in frame:
        return frame["finding_id"].astype(object).tolist()
    is_finding = frame["verdict"].isin(["breached", "possibly breached"]).to_numpy()
    ids = frame["verdict_id"].astype(str).str.replace("V-", "F-", n=1).to_numpy(dtype=object)
    return np.where(is_finding, ids, None).tolist()



def _given(value: object) -> bool:
    return value is not None and not pd.isna(value)


# -- carrying decisions through check, detect and the load report --------------------------------


def decided(
    verdicts: pd.DataFrame, decisions: Decisions | None, entry_orphans: pd.DataFrame | None = None,
    chronology: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Verdicts (or findings) with the reviewer's decisions, and every orphan in ``attrs``.

    With no decisions, ``verdicts`` unchanged. Otherwise a copy with :data:`DECISION_COLUMNS`
    (see :func:`apply_finding_decisions`) whose ``attrs["orphans"]`` lists, as records, the
    decisions about entries (``entry_orphans``) and findings that no longer exist; read it
    as a table with :func:`orphans`. Given the ``chronology`` checked, decisions about findings
    whose ids were made from row-based entry ids (before reviewkit 0.2) are moved to today's ids,
    in the decisions file too (see :mod:`reviewkit.review.migration`).

    Examples
    --------
    >>> from reviewkit.review.orphans import orphans
    >>> from reviewkit.review.changes import decide
    >>> v = pd.DataFrame({"verdict_id": ["V-1"], "verdict": ["breached"]})
    >>> out = decided(v, decide(Decisions(), "F-2", status="accepted"))
    >>> out["status"].tolist(), orphans(out)["id"].tolist()
    (['open'], ['F-2'])
    """
    if decisions is None:
        return verdicts
    if chronology is not None:
        decisions = migrate_findings_saved(decisions, verdicts, chronology)
    out, found = apply_finding_decisions(verdicts, decisions)
    tables = [t for t in (entry_orphans, found) if t is not None and not t.empty]
    out.attrs["orphans"] = pd.concat(tables).to_dict("records") if tables else []
    return out


def carry_decisions(findings: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Findings with the decision columns and orphans of the verdicts they come from.

    Examples
    --------
    >>> from reviewkit.review.changes import decide
    >>> v = decided(pd.DataFrame({"verdict_id": ["V-1"], "verdict": ["breached"]}),
    ...             decide(Decisions(), "F-1", status="dismissed"))
    >>> carry_decisions(pd.DataFrame({"finding_id": ["F-1"]}), v)["status"].tolist()
    ['dismissed']
    """
    if "status" not in verdicts:
        return findings
    if "status" in findings:  # findings_from has carried them (one decision per grouped finding)
        out = findings.copy()
        out.attrs["orphans"] = list(verdicts.attrs.get("orphans", []))
        return out
    by_id = verdicts.set_axis(finding_ids(verdicts))[DECISION_COLUMNS]
    by_id = by_id[by_id.index.notna()]
    out = findings.join(by_id, on="finding_id")
    out.attrs["orphans"] = list(verdicts.attrs.get("orphans", []))
    return out


