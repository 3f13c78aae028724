"""The sections of the HTML report, each as escaped HTML (see :mod:`reviewkit.publish.report`).

Every piece of chronology text is untrusted and goes through :func:`html.escape`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from reviewkit.check.rules import rule_title
from reviewkit.publish.evidence import evidence_html, evidence_rows
from reviewkit.publish.html_parts import esc, html_table
from reviewkit.publish.glossary import glossary
from reviewkit.render.overlays import number_findings
from reviewkit.messages import message, severity_label


def with_code(key: str, code: str) -> str:
    """Message ``key`` as escaped HTML, its ``{code}`` filled with ``code`` shown as code.

    Examples
    --------
    >>> with_code("report.no_sources", "sources=[...]")
    'No input files were given (pass <code>sources=[...]</code>).'
    """
    return esc(message(key, code="\x00")).replace("\x00", f"<code>{esc(code)}</code>")


def summary_section(chronology: pd.DataFrame, findings: pd.DataFrame, coarsen: str | None = None) -> str:
    """Case summary: the period, the entries and the agencies involved (months, or coarser)."""
    from reviewkit.publish.coarsen import period_label

    def when(t: pd.Timestamp) -> str:
        return "" if pd.isna(t) else period_label(t, coarsen or "month")

    dated = chronology["date"].dropna()
    period = (message("report.period", start=when(dated.min()), end=when(dated.max())) if len(dated)
              else message("report.no_dated_entries"))
    cases = ", ".join(sorted(chronology["case_id"].dropna().astype(str).unique()))
    not_stated = message("timeline.agency_not_stated")
    by_agency = (chronology.assign(agency=chronology["agency"].astype("object").fillna(not_stated))
                 .groupby("agency", sort=False)
                 .agg(entries=("entry_id", "size"), first=("date", "min"), last=("date", "max"))
                 .sort_values("entries", ascending=False).reset_index())
    agency = message("report.column_agency")
    table = pd.DataFrame({
        agency: by_agency["agency"],
        message("report.column_entries"): by_agency["entries"],
        message("report.column_first_entry"): by_agency["first"].map(when),
        message("report.column_last_entry"): by_agency["last"].map(when),
    })  # fmt: skip
    return (
        facts([(message("report.fact_case"), cases), (message("report.fact_period"), period),
               (message("report.fact_entries"), len(chronology)),
               (message("report.fact_agencies"), by_agency.shape[0]),
               (message("report.fact_findings"), len(findings))])
        + html_table(table, message("report.caption_agencies"), row_header=agency)
    )


def facts(pairs: Sequence[tuple[str, object]]) -> str:
    """A list of facts (``<dl>``) from (name, value) pairs, both escaped.

    Examples
    --------
    >>> facts([("Case", "child_d")])
    '<dl class="facts"><dt>Case</dt><dd>child_d</dd></dl>'
    """
    items = "".join(f"<dt>{esc(name)}</dt><dd>{esc(value)}</dd>" for name, value in pairs)
    return f'<dl class="facts">{items}</dl>'


def glossary_section(chronology: pd.DataFrame) -> str:
    """The abbreviations the case's records use, spelt out (:func:`reviewkit.publish.glossary.glossary`)."""
    terms = glossary(chronology)
    if terms.empty:
        return f"<p>{esc(message('report.glossary_empty'))}</p>"
    table = terms.rename(columns={"abbreviation": message("report.column_abbreviation"),
                                  "meaning": message("report.column_meaning")})
    return html_table(table, message("report.caption_glossary"))


def status_labels() -> dict[str, str]:
    """How the report names each of the reviewer's statuses (:mod:`reviewkit.review.decisions`).

    Examples
    --------
    >>> status_labels()["open"]
    'Not yet reviewed'
    """
    return {"accepted": message("report.status_accepted"), "to discuss": message("report.status_to_discuss"),
            "open": message("report.status_open"), "dismissed": message("report.status_dismissed")}


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
    parts = [message("report.decision_count", count=int(counts.get(s, 0)), status=label.lower())
             for s, label in status_labels().items()]
    text = message("report.decision_counts", count=len(findings), counts=", ".join(parts))
    return f'<p class="counts">{esc(text)}</p>'


def findings_section(findings: pd.DataFrame, chronology: pd.DataFrame) -> str:
    """Findings grouped by learning theme, each with its evidence entries quoted.

    When the findings carry the reviewer's decisions, each says its status (and note) and
    the counts of each status come first; dismissed findings are left to
    :func:`dismissed_section`.
    """
    if findings is None or findings.empty:
        return f"<p>{esc(message('report.no_findings'))}</p>"
    counts = decision_counts(findings)
    findings, _ = shown_and_dismissed(findings)
    if findings.empty:
        return counts + f"<p>{esc(message('report.all_dismissed'))}</p>"
    parts = [counts] if counts else []
    parts.append(_basis_counts(findings))
    numbers = number_findings(findings)  # the numbers the timeline shows
    shown = evidence_rows(chronology)  # every entry as the evidence tables show it, once
    order = findings.assign(_rank=findings["severity"].map({"high": 0, "medium": 1, "low": 2}),
                            timeline_number=numbers, _basis=_basis_of(findings).eq("no record"))
    for theme, group in order.sort_values(["theme", "_basis", "_rank"], kind="stable").groupby("theme", sort=True):
        heading = message("report.theme_heading", theme=str(theme).capitalize(), count=len(group))
        parts.append(f"<h3>{esc(heading)}</h3>")
        for row in group.itertuples(index=False):
            severity, number = esc(row.severity), int(row.timeline_number)
            named = getattr(row, "title", None)  # the finding's title, filled with its facts
            title = message("report.finding_heading", number=number,
                            rule=named if isinstance(named, str) and named else rule_title(row.rule),
                            agency=row.agency or message("report.all_agencies"))
            parts.append(
                f'<article class="finding {severity}" aria-labelledby="{esc(row.finding_id)}">'
                f'<h4 id="{esc(row.finding_id)}">{esc(title)}</h4>'
                + _status_line(row)
                + f"<p><strong>{esc(message('report.severity'))}</strong> {esc(severity_label(row.severity))}; "
                f"<strong>{esc(message('report.certainty'))}</strong> {esc(row.certainty)}"
                + _basis_text(getattr(row, "basis", None)) + ".</p>"
                f"<p>{esc(row.summary)}</p>"
                + _occurrences_html(getattr(row, "occurrences", None), getattr(row, "rules", None))
                + f"<p><strong>{esc(message('report.learning'))}</strong> {esc(row.learning)}</p>"
                + evidence_html(tuple(row.entries or ()), row.kind, pd.notna(row.link), chronology,
                                message("report.caption_evidence", number=number, theme=theme), number,
                                rows=shown)
                + "</article>"
            )
    return "\n".join(parts)


def _basis_of(findings: pd.DataFrame) -> pd.Series:
    """Each finding's basis (``recorded``, ``no record``; NA for findings made before there was one)."""
    return findings["basis"] if "basis" in findings else pd.Series(pd.NA, index=findings.index, dtype="string")


def _basis_counts(findings: pd.DataFrame) -> str:
    """How many findings rest on a recorded late or missed action, and how many on no record."""
    basis = _basis_of(findings)
    text = message("report.basis_counts", recorded=int(basis.eq("recorded").sum()),
                   no_record=int(basis.eq("no record").sum()))
    return f'<p class="basis-counts">{esc(text)}</p>'


def _basis_text(basis: object) -> str:
    """ "; Basis: no record of the expected action" (nothing for a finding without one)."""
    words = {"recorded": message("report.basis_recorded"), "no record": message("report.basis_no_record")}
    if basis not in words:
        return ""
    return f"; <strong>{esc(message('report.basis'))}</strong> {esc(words[basis])}"


def _occurrences_html(occurrences: object, rules: object) -> str:
    """Each time a grouped finding happened, and the rules that found it, when more than one."""
    html = ""
    if isinstance(occurrences, tuple) and len(occurrences) > 1:
        items = "".join(f"<li>{esc(text)}</li>" for text in occurrences)
        html += f"<p><strong>{esc(message('report.occurrences'))}</strong></p><ul>{items}</ul>"
    if isinstance(rules, tuple) and len(rules) > 1:
        html += f"<p>{esc(message('report.rules_cited', rules=', '.join(rule_title(r) for r in rules)))}</p>"
    return html


def dismissed_section(dismissed: pd.DataFrame) -> str:
    """The appendix: the findings the reviewer dismissed, each with the reviewer's note."""
    if dismissed.empty:
        return f"<p>{esc(message('report.none_dismissed'))}</p>"
    rule = message("report.column_rule")
    table = pd.DataFrame({
        rule: dismissed["rule"], message("report.column_theme"): dismissed["theme"],
        message("report.column_agency"): dismissed["agency"].astype("string").fillna(""),
        message("report.column_finding"): dismissed["summary"],
        message("report.column_why_dismissed"): dismissed["note"].astype("string").fillna(""),
    })  # fmt: skip
    return html_table(table, message("report.caption_dismissed", count=len(dismissed)), row_header=rule)


def _status_line(row) -> str:
    status = getattr(row, "status", None)
    if not isinstance(status, str):
        return ""
    note = getattr(row, "note", None)
    note = f" {esc(note)}" if isinstance(note, str) and note else ""
    line = message("report.status_line", status=status_labels().get(status, status))
    return f'<p class="status {esc(status.replace(" ", "-"))}"><strong>{esc(line)}</strong>{note}</p>'


def met_section(verdicts: pd.DataFrame | None) -> str:
    """The rule applications that were met: what was done well."""
    if verdicts is None:
        return f"<p>{with_code('report.no_verdicts', 'verdicts=reviewkit.check(...)')}</p>"
    met = verdicts[verdicts["verdict"] == "met"]
    if met.empty:
        return f"<p>{esc(message('report.none_met'))}</p>"
    rule = message("report.column_rule")
    table = pd.DataFrame({
        rule: met["rule"], message("report.column_theme"): met["theme"],
        message("report.column_agency"): met["agency"].fillna(""),
        message("report.column_what_happened"): met["summary"],
    })  # fmt: skip
    caption = message("report.caption_met", count=len(met))
    return (f'<details class="met"><summary>{esc(caption)}</summary>'  # what went well: one click away
            + html_table(table, caption, row_header=rule) + "</details>")


def quality_section(load_report: pd.DataFrame | None) -> str:
    """The data-quality report from loading: what became of every row of every file."""
    if load_report is None:
        return f"<p>{with_code('report.no_load_report', 'load_report=reviewkit.load_with_report(...).report')}</p>"
    columns = {"source": message("report.column_source"), "agency": message("report.column_agency"),
               "rows_read": message("report.column_rows_read"), "entries": message("report.column_entries"),
               "date_issues": message("report.column_date_issues"),
               "vague_dates": message("report.column_vague_dates"),
               "unknown_agencies": message("report.column_unknown_agencies"),
               "unknown_event_types": message("report.column_unknown_event_types"),
               "duplicate_groups": message("report.column_duplicate_groups"), "notes": message("report.column_notes")}
    table = load_report[[c for c in columns if c in load_report]].rename(columns=columns)
    return html_table(table.astype("string").fillna(""), message("report.caption_quality"),
                      row_header=columns["source"])


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


def shown_path(path: str | os.PathLike, sources: Sequence[str | os.PathLike] | None) -> str:
    """A local file as a published report names it: from the case folder when inside one of
    ``sources``, else by its name alone (a report never shows where the reviewer keeps files).
    A packaged pack's name is shown as it is.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> case = pathlib.Path(tempfile.mkdtemp())
    >>> shown_path(case / "rules" / "local.toml", [case])
    'rules/local.toml'
    >>> shown_path("/home/me/rules/local.toml", None), shown_path("learning", None)
    ('local.toml', 'learning')
    """
    path = Path(path)
    for source in sources or ():
        folder = Path(source) if Path(source).is_dir() else Path(source).parent
        try:
            return path.resolve().relative_to(folder.resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return path.name


def provenance_section(version: str, rules: object, procedures: str | None,
                       sources: Sequence[str | os.PathLike] | None, generated: str,
                       rename=lambda text: text) -> str:
    """Provenance: reviewkit version, rule packs, procedures and SHA-256 of every input file."""
    packs = rules if isinstance(rules, list | tuple) else [rules or "learning"]
    listed = facts([(message("report.fact_version"), version), (message("report.fact_made"), generated),
                    (message("report.fact_rule_packs"), ", ".join(shown_path(p, sources) for p in packs)),
                    (message("report.fact_procedures"),
                     procedures or message("report.procedures_not_stated"))])
    if not sources:
        return listed + f"<p>{with_code('report.no_sources', 'sources=[...]')}</p>"
    files = input_files(sources)
    file = message("report.column_file")
    table = pd.DataFrame({
        file: [rename(p.name) for p in files],
        message("report.column_bytes"): [p.stat().st_size for p in files],
        message("report.column_sha256"): [file_digest(p) for p in files],
    })  # fmt: skip
    return listed + html_table(table, message("report.caption_files"), row_header=file)
