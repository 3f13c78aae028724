"""Findings for people: a table grouped by learning theme, with the evidence quoted."""

from __future__ import annotations

import textwrap

import pandas as pd

from reviewkit.messages import message, severity_label

#: Order of severities in a readable table.
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def explain(findings: pd.DataFrame, chronology: pd.DataFrame) -> pd.DataFrame:
    """A readable table of findings: by theme, then date, each with its evidence quoted.

    In a notebook the DataFrame shows as an HTML table; :func:`format_explanation` writes
    it as text for a terminal.

    Parameters
    ----------
    findings
        From :func:`reviewkit.detect`.
    chronology
        The chronology the findings came from (to quote the evidence entries).

    Returns
    -------
    pandas.DataFrame
        Columns ``theme``, ``severity``, ``when``, ``agency``, ``title`` (the finding's own
        title, its rule's filled with the case's facts, else the rule's), ``finding``, ``evidence``,
        ``rule``, ``certainty``, ``basis`` (``recorded``: a late or missed action the records
        show; ``no record``: no record of the expected action), ``occurrences`` (each time it
        happened, one line each, when more than once) and ``rules`` (every rule that found it,
        ``; ``-joined), indexed by ``finding_id``. Within a theme, findings on what was recorded
        come before those resting on no record.

    Examples
    --------
    >>> from reviewkit.load.schema import empty_chronology
    >>> from reviewkit.check.verdicts import findings_from, empty_verdicts
    >>> explain(findings_from(empty_verdicts()), empty_chronology()).columns.tolist()
    ['theme', 'severity', 'when', 'agency', 'title', 'finding', 'evidence', 'rule', 'certainty', 'basis', 'occurrences', 'rules']
    """
    entries = chronology.set_index("entry_id")
    evidence = findings["entries"].map(lambda ids: _quote(ids, entries))
    table = pd.DataFrame(
        {
            "theme": findings["theme"],
            "severity": findings["severity"],
            "when": _headline_dates(findings, entries),
            "agency": findings["agency"],
            "title": finding_titles(findings),
            "finding": findings["summary"],
            "evidence": evidence,
            "rule": findings["rule"],
            "certainty": findings["certainty"],
            "basis": findings["basis"] if "basis" in findings else pd.Series(pd.NA, index=findings.index),
            "occurrences": _listed(findings.get("occurrences")),
            "rules": _listed(findings.get("rules"), "; ").fillna(findings["rule"]),
            "_basis": findings["basis"].eq("no record").fillna(False) if "basis" in findings else False,
            "_order": findings["severity"].map(SEVERITY_ORDER),
            "_start": findings["start"],
        }
    )
    table.index = pd.Index(findings["finding_id"], name="finding_id")
    table = table.sort_values(["theme", "_basis", "_start", "_order"], kind="stable", na_position="last")
    return table.drop(columns=["_basis", "_order", "_start"])


def finding_titles(findings: pd.DataFrame) -> pd.Series:
    """Each finding's title: its own (``title``, the rule's filled with the case's facts) where it
    has one, else its rule's title (a local rule's id made readable).

    Examples
    --------
    >>> f = pd.DataFrame({"rule": ["my-local-rule", "my-local-rule"], "title": ["Seen late: Child A", None]})
    >>> finding_titles(f).tolist()
    ['Seen late: Child A', 'my local rule']
    """
    from reviewkit.check.rules import rule_title

    own = findings["title"].astype("object") if "title" in findings else pd.Series(None, index=findings.index)
    return pd.Series([t if isinstance(t, str) and t else rule_title(r) for t, r in zip(own, findings["rule"])],
                     index=findings.index, dtype="object")


def _listed(values: pd.Series | None, sep: str = "\n") -> pd.Series:
    """Tuples as text (``sep``-joined); NA where there is at most one item (or no column)."""
    if values is None:
        return pd.Series(dtype="string")
    return values.map(lambda items: sep.join(items) if isinstance(items, tuple) and len(items) > 1 else pd.NA
                      ).astype("string")


def _headline_dates(findings: pd.DataFrame, entries: pd.DataFrame) -> pd.Series:
    """When each finding begins, as a reader should see it: "09 Feb 2015", or the agency's own
    words where the entry it begins with has a vague date ("end of March 2015", never a made-up
    "21 Mar 2015").

    Examples
    --------
    >>> entries = pd.DataFrame({"date": pd.to_datetime(["2015-03-21", "2015-02-09"]),
    ...     "precision": ["month", "day"], "date_text": ["end of March 2015", "09/02/2015"]},
    ...     index=["c/a.csv:2", "c/a.csv:3"])
    >>> findings = pd.DataFrame({"start": pd.to_datetime(["2015-03-21", "2015-02-09"]),
    ...     "entries": [("c/a.csv:2",), ("c/a.csv:3",)]})
    >>> _headline_dates(findings, entries).tolist()
    ['end of March 2015', '09 Feb 2015']
    """
    exact = findings["start"].dt.strftime("%d %b %Y")
    if findings.empty or "precision" not in entries:
        return exact
    first = findings["entries"].map(lambda ids: next((e for e in ids or () if e in entries.index), None))
    known = first.notna()
    shown = entries.reindex(first[known].to_numpy())
    vague = (~shown["precision"].astype("string").isin(["day", "instant"]).fillna(True)).to_numpy()
    vague = (vague & (shown["date"].to_numpy() == findings.loc[known, "start"].to_numpy())
             & shown["date_text"].notna().to_numpy())
    out = exact.copy()
    out[known[known].index[vague]] = shown["date_text"].to_numpy()[vague]
    return out


def format_explanation(table: pd.DataFrame, *, width: int = 100) -> str:
    """Write an :func:`explain` table as text, one block per theme.

    Examples
    --------
    >>> from reviewkit.load.schema import empty_chronology
    >>> from reviewkit.check.verdicts import findings_from, empty_verdicts
    >>> format_explanation(explain(findings_from(empty_verdicts()), empty_chronology()))
    'No findings.'

    The text begins with the counts of findings on what was recorded and on no record.
    """
    if table.empty:
        return message("explain.no_findings")
    basis = table["basis"] if "basis" in table else pd.Series(pd.NA, index=table.index)
    marks = {"recorded": message("explain.basis_recorded"), "no record": message("explain.basis_no_record")}
    blocks = [message("explain.counts", count=len(table), recorded=int(basis.eq("recorded").sum()),
                      no_record=int(basis.eq("no record").sum()))]
    for theme, group in table.groupby("theme", sort=False):
        lines = [message("explain.theme_heading", theme=str(theme).upper(), count=len(group))]
        for finding_id, row in group.iterrows():
            flag = "" if row["certainty"] == "certain" else message("explain.possible")
            mark = marks.get(row.get("basis"), "")
            lines.append(message("explain.finding_line", severity=severity_label(row["severity"]), when=row["when"],
                                 agency=row["agency"], finding_id=finding_id, possible=flag) + (f" {mark}" if mark else ""))
            if isinstance(row.get("title"), str):
                lines.extend(textwrap.wrap(message("explain.title", title=row["title"]), width,
                                           initial_indent="  ", subsequent_indent="    "))
            lines.extend(textwrap.wrap(row["finding"], width, initial_indent="  ", subsequent_indent="  "))
            occurrences = row.get("occurrences")
            if isinstance(occurrences, str) and occurrences:
                lines.append("  " + message("explain.occurrences"))
                for text in occurrences.split("\n"):
                    lines.extend(textwrap.wrap(text, width, initial_indent="    - ", subsequent_indent="      "))
            rules = row.get("rules")
            if isinstance(rules, str) and "; " in rules:
                lines.append("  " + message("explain.rules", rules=rules))
            for quote in row["evidence"].split("\n"):
                lines.extend(textwrap.wrap(quote, width, initial_indent="    > ", subsequent_indent="      "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _quote(ids: tuple[str, ...], entries: pd.DataFrame) -> str:
    quotes = []
    for entry_id in ids:
        if entry_id not in entries.index:
            quotes.append(message("explain.evidence_missing", entry_id=entry_id))
            continue
        entry = entries.loc[entry_id]
        written = entry["date_text"] if pd.notna(entry["date_text"]) else message("explain.date_unknown")
        summary = entry["summary"] if pd.notna(entry["summary"]) else ""
        quotes.append(message("explain.evidence", agency=entry["agency"], date=written, source=entry["source"],
                              row=entry["source_row"], summary=summary))
        if pd.notna(entry.get("mentions", pd.NA)):
            quotes.append(message("explain.read_as", mentions=entry["mentions"]))
    return "\n".join(quotes)
