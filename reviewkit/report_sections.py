"""The sections of the HTML report, each as escaped HTML (see :mod:`reviewkit.report_html`).

Every piece of chronology text is untrusted and goes through :func:`html.escape`.
"""

from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd


def esc(value: object) -> str:
    """Escaped text for HTML; missing values become an empty string.

    Examples
    --------
    >>> esc("<script>alert('x')</script>")
    '&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;'
    >>> esc(None), esc(float("nan"))
    ('', '')
    """
    if value is None or (not isinstance(value, str | tuple | list) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def html_table(frame: pd.DataFrame, caption: str, *, row_header: str | None = None) -> str:
    """An accessible ``<table>``: a caption, ``<th scope="col">`` headings, row headers.

    Examples
    --------
    >>> print(html_table(pd.DataFrame({"Agency": ["GP"], "Entries": [3]}), "Entries", row_header="Agency"))
    <div class="table-wrap"><table><caption>Entries</caption>
    <thead><tr><th scope="col">Agency</th><th scope="col">Entries</th></tr></thead>
    <tbody><tr><th scope="row">GP</th><td>3</td></tr></tbody></table></div>
    """
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, values):
            tag = "th" if column == row_header else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}>{esc(value)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table><caption>{esc(caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>{''.join(rows)}</tbody></table></div>")


def summary_section(chronology: pd.DataFrame, findings: pd.DataFrame, coarsen: str | None = None) -> str:
    """Case summary: the period, the entries and the agencies involved (months, or coarser)."""
    from reviewkit.coarsen import period_label

    def when(t: pd.Timestamp) -> str:
        return "" if pd.isna(t) else period_label(t, coarsen or "month")

    dated = chronology["date"].dropna()
    period = f"{when(dated.min())} to {when(dated.max())}" if len(dated) else "no dated entries"
    cases = ", ".join(sorted(chronology["case_id"].dropna().astype(str).unique()))
    by_agency = (chronology.assign(agency=chronology["agency"].astype("object").fillna("Agency not stated"))
                 .groupby("agency", sort=False)
                 .agg(entries=("entry_id", "size"), first=("date", "min"), last=("date", "max"))
                 .sort_values("entries", ascending=False).reset_index())
    table = pd.DataFrame({
        "Agency": by_agency["agency"],
        "Entries": by_agency["entries"],
        "First entry": by_agency["first"].map(when),
        "Last entry": by_agency["last"].map(when),
    })  # fmt: skip
    return (
        f'<dl class="facts"><dt>Case</dt><dd>{esc(cases)}</dd>'
        f"<dt>Period</dt><dd>{esc(period)}</dd><dt>Entries</dt><dd>{len(chronology)}</dd>"
        f"<dt>Agencies</dt><dd>{by_agency.shape[0]}</dd><dt>Findings</dt><dd>{len(findings)}</dd></dl>"
        + html_table(table, "Entries recorded by each agency", row_header="Agency")
    )


def evidence_table(entries: Sequence[str], chronology: pd.DataFrame, caption: str) -> str:
    """The evidence entries of a finding, quoted with agency, date as written and source row."""
    chosen = chronology.set_index("entry_id").reindex([e for e in entries if e in set(chronology["entry_id"])])
    table = pd.DataFrame({
        "Date (as written)": chosen["date_text"].astype("string").fillna(""),
        "Agency": chosen["agency"].astype("string").fillna(chosen["agency_raw"]).fillna(""),
        "Entry": chosen["summary"].astype("string").fillna(""),
        "Outcome": chosen["outcome"].astype("string").fillna(""),
        "Source": (chosen["source"].astype("string") + ", row " + chosen["source_row"].astype("string"))
        .fillna(""),
    })  # fmt: skip
    return html_table(table, caption)


#: How the report names each of the reviewer's statuses (:mod:`reviewkit.decisions`).
STATUS_LABELS: dict[str, str] = {
    "accepted": "Accepted", "to discuss": "To discuss", "open": "Not yet reviewed",
    "dismissed": "Dismissed",
}


def shown_and_dismissed(findings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The findings a report shows, and those the reviewer dismissed (``None``: no decisions).

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1", "F-2"], "status": ["accepted", "dismissed"]})
    >>> [part["finding_id"].tolist() for part in shown_and_dismissed(f)]
    [['F-1'], ['F-2']]
    >>> shown_and_dismissed(f.drop(columns="status"))[1] is None
    True
    """
    if "status" not in findings:
        return findings, None
    dismissed = findings["status"].eq("dismissed").fillna(False).to_numpy(dtype=bool)
    return findings[~dismissed], findings[dismissed]


def decision_counts(findings: pd.DataFrame) -> str:
    """How many findings the reviewer accepted, left to discuss, has not reviewed, dismissed.

    Empty when the findings carry no decisions.

    Examples
    --------
    >>> decision_counts(pd.DataFrame({"status": ["accepted", "open", "accepted", "dismissed"]}))
    '<p class="counts">4 findings: 2 accepted, 0 to discuss, 1 not yet reviewed, 1 dismissed (listed in the appendix).</p>'
    """
    if "status" not in findings:
        return ""
    counts = findings["status"].value_counts()
    parts = [f"{int(counts.get(s, 0))} {label.lower()}" for s, label in STATUS_LABELS.items()]
    return (f'<p class="counts">{len(findings)} findings: {", ".join(parts)} '
            f"(listed in the appendix).</p>")


def findings_section(findings: pd.DataFrame, chronology: pd.DataFrame) -> str:
    """Findings grouped by learning theme, each with its evidence entries quoted.

    When the findings carry the reviewer's decisions, each says its status (and note) and
    the counts of each status come first; dismissed findings are left to
    :func:`dismissed_section`.
    """
    if findings is None or findings.empty:
        return "<p>No rule was breached or possibly breached.</p>"
    counts = decision_counts(findings)
    findings, _ = shown_and_dismissed(findings)
    if findings.empty:
        return counts + "<p>The reviewer dismissed every finding.</p>"
    parts = [counts] if counts else []
    order = findings.assign(_rank=findings["severity"].map({"high": 0, "medium": 1, "low": 2}))
    for theme, group in order.sort_values(["theme", "_rank"], kind="stable").groupby("theme", sort=True):
        parts.append(f"<h3>{esc(str(theme).capitalize())} ({len(group)})</h3>")
        for number, row in enumerate(group.itertuples(index=False), start=1):
            severity = esc(row.severity)
            parts.append(
                f'<article class="finding {severity}" aria-labelledby="{esc(row.finding_id)}">'
                f'<h4 id="{esc(row.finding_id)}">{esc(row.rule)}: {esc(row.agency or "all agencies")}</h4>'
                + _status_line(row)
                + f"<p><strong>Severity:</strong> {severity}; <strong>certainty:</strong> "
                f"{esc(row.certainty)}.</p><p>{esc(row.summary)}</p>"
                f"<p><strong>Learning:</strong> {esc(row.learning)}</p>"
                + evidence_table(tuple(row.entries or ()), chronology,
                                 f"Evidence for finding {number} on {theme}")
                + "</article>"
            )
    return "\n".join(parts)


def dismissed_section(dismissed: pd.DataFrame) -> str:
    """The appendix: the findings the reviewer dismissed, each with the reviewer's note."""
    if dismissed.empty:
        return "<p>The reviewer dismissed no finding.</p>"
    table = pd.DataFrame({
        "Rule": dismissed["rule"], "Learning theme": dismissed["theme"],
        "Agency": dismissed["agency"].astype("string").fillna(""),
        "Finding": dismissed["summary"], "Why it was dismissed": dismissed["note"].astype("string").fillna(""),
    })  # fmt: skip
    return html_table(table, f"{len(dismissed)} findings the reviewer dismissed", row_header="Rule")


def _status_line(row) -> str:
    status = getattr(row, "status", None)
    if not isinstance(status, str):
        return ""
    note = getattr(row, "note", None)
    note = f" {esc(note)}" if isinstance(note, str) and note else ""
    return (f'<p class="status {esc(status.replace(" ", "-"))}"><strong>Reviewer: '
            f"{esc(STATUS_LABELS.get(status, status))}.</strong>{note}</p>")


def met_section(verdicts: pd.DataFrame | None) -> str:
    """The rule applications that were met: what was done well."""
    if verdicts is None:
        return "<p>Verdicts were not given to the report (pass <code>verdicts=reviewkit.check(...)</code>).</p>"
    met = verdicts[verdicts["verdict"] == "met"]
    if met.empty:
        return "<p>No rule was met in this case.</p>"
    table = pd.DataFrame({
        "Rule": met["rule"], "Learning theme": met["theme"], "Agency": met["agency"].fillna(""),
        "What happened": met["summary"],
    })  # fmt: skip
    return html_table(table, f"{len(met)} rule applications that were met", row_header="Rule")


def quality_section(load_report: pd.DataFrame | None) -> str:
    """The data-quality report from loading: what became of every row of every file."""
    if load_report is None:
        return ("<p>The load report was not given (pass "
                "<code>load_report=reviewkit.load_with_report(...).report</code>).</p>")
    columns = {"source": "Source", "agency": "Agency", "rows_read": "Rows read", "entries": "Entries",
               "date_issues": "Unreadable dates", "vague_dates": "Vague dates",
               "unknown_agencies": "Unknown agencies", "unknown_event_types": "No event type",
               "duplicate_groups": "Duplicate groups", "notes": "Notes"}
    table = load_report[[c for c in columns if c in load_report]].rename(columns=columns)
    return html_table(table.astype("string").fillna(""), "What became of every table loaded",
                      row_header="Source")


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes, in hex.

    Examples
    --------
    >>> file_digest("sample_data/child_d/case.toml")[:8] == file_digest("sample_data/child_d/case.toml")[:8]
    True
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(sources: Sequence[str | os.PathLike]) -> list[Path]:
    """Every file among ``sources`` (a folder gives its files, sorted)."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return files


def provenance_section(version: str, rules: object, procedures: str | None,
                       sources: Sequence[str | os.PathLike] | None, generated: str,
                       rename=lambda text: text) -> str:
    """Provenance: reviewkit version, rule packs, procedures and SHA-256 of every input file."""
    packs = rules if isinstance(rules, list | tuple) else [rules or "learning"]
    facts = (
        f'<dl class="facts"><dt>reviewkit version</dt><dd>{esc(version)}</dd>'
        f"<dt>Made</dt><dd>{esc(generated)}</dd>"
        f"<dt>Rule packs</dt><dd>{esc(', '.join(str(p) for p in packs))}</dd>"
        f"<dt>Procedures</dt><dd>{esc(procedures or 'not stated')}</dd></dl>"
    )
    if not sources:
        return facts + "<p>No input files were given (pass <code>sources=[...]</code>).</p>"
    files = input_files(sources)
    table = pd.DataFrame({
        "File": [rename(p.name) for p in files],
        "Bytes": [p.stat().st_size for p in files],
        "SHA-256": [file_digest(p) for p in files],
    })  # fmt: skip
    return facts + html_table(table, "Input files and their SHA-256 checksums", row_header="File")
