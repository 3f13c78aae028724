"""The findings as a table a reviewer pastes into the overview report: Word, Excel or CSV.

One row per finding, numbered as the report and the timeline number them, with its title, its
learning theme, what happened (the finding's sentence), the evidence (each entry that matters:
its agency, the date as the agency wrote it, its file and row), the learning and its source,
and the reviewer's status and note. Findings the reviewer dismissed are left out (the report
lists them in its appendix).

Text that a spreadsheet program would run as a formula is neutralised in CSV and XLSX files
(see :mod:`reviewkit.publish.export`); Word tables are never run. Given an anonymised copy, the
table is checked for leaks before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from reviewkit.check.rules import rule_title
from reviewkit.exceptions import ExportError
from reviewkit.messages import message
from reviewkit.publish.export import check_suffix, neutralise_formulas, write_csv
from reviewkit.publish.report_sections import shown_and_dismissed, status_labels
from reviewkit.render.overlays import number_findings

if TYPE_CHECKING:
    from reviewkit.publish.anonymise import Anonymised

#: The file types a findings table is written as.
FINDINGS_SUFFIXES: tuple[str, ...] = (".docx", ".xlsx", ".csv")

#: Width of each column, by its place: in centimetres in Word, in characters in Excel.
_DOCX_CM = (1.2, 4.0, 2.6, 6.0, 6.2, 4.6, 2.2, 3.2)
_XLSX_CHARS = (6, 40, 22, 60, 60, 50, 18, 40)


def findings_table(findings: pd.DataFrame, chronology: pd.DataFrame | None = None) -> pd.DataFrame:
    """The findings as a table of text, one row per finding, in the report's order of numbers.

    Parameters
    ----------
    findings
        From :func:`reviewkit.detect` (with the reviewer's decisions, if any).
    chronology
        The chronology the findings come from, for the evidence (agency, date as written, file
        and row); without it the evidence lists the entries' ids.

    Returns
    -------
    pandas.DataFrame
        Columns (their headings come from the message catalogue): number, finding (the rule's
        title and whose practice), learning theme, what happened, evidence, learning and its
        source, reviewer's status, reviewer's note. Formulas are *not* neutralised here.

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1"], "rule": ["my-local-rule"], "kind": ["response"],
    ...     "theme": ["information sharing"], "agency": ["School"], "start": pd.to_datetime(["2015-02-09"]),
    ...     "summary": ["School told no one."], "learning": ["Tell someone. (Source: local)"],
    ...     "entries": [("c/school.csv:2",)], "link": [None]})
    >>> findings_table(f).iloc[0].tolist()[:3]
    ['1', 'my local rule (School)', 'information sharing']
    """
    shown, _ = shown_and_dismissed(findings)
    numbers = number_findings(shown)
    shown = shown.assign(_number=numbers).sort_values("_number", kind="stable")
    labels = status_labels()
    status = shown["status"] if "status" in shown else pd.Series("open", index=shown.index)
    note = shown["note"] if "note" in shown else pd.Series(pd.NA, index=shown.index)
    whose = shown["agency"].astype("string").fillna(message("report.all_agencies"))
    links = shown["link"] if "link" in shown else pd.Series(None, index=shown.index)
    titles = shown["title"] if "title" in shown else pd.Series(None, index=shown.index)
    table = pd.DataFrame({
        message("report.column_number"): shown["_number"].astype(int).astype(str),
        message("report.column_finding"): [message("report.finding_title", title=_title(n, r), agency=a)
                                           for n, r, a in zip(titles, shown["rule"], whose)],
        message("report.column_theme"): shown["theme"].astype("string").fillna(""),
        message("report.column_what_happened"): shown["summary"].astype("string").fillna(""),
        message("report.column_evidence"): [
            evidence_text(tuple(e or ()), k, pd.notna(link), chronology)
            for e, k, link in zip(shown["entries"], shown["kind"], links)],
        message("report.column_learning_source"): shown["learning"].astype("string").fillna(""),
        message("report.column_status"): status.fillna("open").map(lambda s: labels.get(s, s)),
        message("report.column_note"): note.astype("string").fillna(""),
    })  # fmt: skip
    return table.reset_index(drop=True)


def _title(named: object, rule: str) -> str:
    """The finding's own title (its rule's, filled with its facts) when it has one, else its rule's."""
    return named if isinstance(named, str) and named else rule_title(rule)


def evidence_text(entries: tuple[str, ...], kind: str, linked: bool, chronology: pd.DataFrame | None) -> str:
    """The entries of a finding that matter, one a line: part, agency, date as written, file and row.

    The parts (trigger, response, incident...) are those of the report's evidence
    (:func:`reviewkit.publish.evidence.key_entries`); the others are counted on a last line.

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["a", "b"], "agency": ["School", "Children's Services"],
    ...     "date": pd.to_datetime(["2015-02-09 12:40", "2015-02-09 16:10"]),
    ...     "date_text": ["9 February 2015 12:40", "09/02/2015 16:10"],
    ...     "source": ["school.docx", "cs.xlsx"], "source_row": [13, 34], "event_type": ["assault_witnessed", "referral"]})
    >>> print(evidence_text(("a", "b"), "response", True, chron))
    Trigger: School, 9 February 2015 12:40 (school.docx, row 13)
    Response: Children's Services, 09/02/2015 16:10 (cs.xlsx, row 34)
    """
    from reviewkit.publish.as_written import in_date_order
    from reviewkit.publish.evidence import key_entries, reader_dates

    if chronology is None:
        return "\n".join(entries)
    known = chronology[chronology["entry_id"].isin(entries)]
    parts = key_entries(list(known["entry_id"]), kind, linked, chronology)
    rows = in_date_order(known[known["entry_id"].isin(parts)])
    when = reader_dates(rows)
    lines = []
    for row, date in zip(rows.itertuples(index=False), when):
        agency = row.agency if isinstance(row.agency, str) else message("timeline.agency_not_stated")
        where = (message("report.source_row", source=row.source, row=row.source_row)
                 if pd.notna(row.source) and pd.notna(row.source_row) else row.entry_id)
        lines.append(message("report.evidence_line", part=parts[row.entry_id], agency=agency, date=date,
                             source=where))
    if len(known) > len(rows):
        lines.append(message("report.evidence_more", count=len(known) - len(rows)))
    return "\n".join(lines)


def export_findings(
    findings: pd.DataFrame | Anonymised,
    path: str | os.PathLike,
    *,
    chronology: pd.DataFrame | None = None,
    anonymised: Anonymised | None = None,
) -> Path:
    """Write the findings table (:func:`findings_table`) to DOCX, XLSX or CSV; return the path.

    - **DOCX**: a landscape Word table, its header row repeated on every page, to paste into
      the overview report.
    - **XLSX**: one sheet ``Findings``, bold frozen header row, an autofilter, wrapped text.
    - **CSV**: UTF-8 with a byte-order mark, so Excel shows accents and apostrophes right, and
      rows ending in CRLF, so a cell's line breaks (even a lone carriage return) stay in the cell.

    Parameters
    ----------
    findings
        From :func:`reviewkit.detect`, or an :class:`~reviewkit.publish.anonymise.Anonymised`
        copy made with ``findings=`` (its findings and chronology are used, and the table is
        leak-checked).
    path
        Where to write: ``.docx``, ``.xlsx`` or ``.csv``.
    chronology
        The chronology, for the evidence's agency, date as written, file and row.
    anonymised
        The anonymisation the findings come from: refuse to write a file in which a listed
        name, an exact date or an identifier appears (:class:`reviewkit.exceptions.PublicationError`).

    Raises
    ------
    reviewkit.exceptions.ExportError
        The file's ending is not one of ``.docx``, ``.xlsx``, ``.csv``, or its folder is a file.

    Examples
    --------
    >>> import reviewkit, tempfile, pathlib, warnings, csv
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d")
    >>> out = export_findings(reviewkit.detect(chron), pathlib.Path(tempfile.mkdtemp()) / "f.csv",
    ...                       chronology=chron)
    >>> next(csv.reader(out.open(encoding="utf-8-sig")))[:4]
    ['No.', 'Finding', 'Learning theme', 'What happened']
    """
    from reviewkit.publish.anonymise import Anonymised
    from reviewkit.publish.publication import check_publishable

    if isinstance(findings, Anonymised):
        anonymised = anonymised or findings
        chronology = findings.chronology if chronology is None else chronology
        findings = findings.findings
    path = Path(path)
    suffix = check_suffix(path, FINDINGS_SUFFIXES, "a findings table")
    if findings is None:
        raise ExportError(f"Cannot write {path.name!r}: the anonymised copy has no findings. "
                          "Pass findings= to reviewkit.anonymise (or give the findings themselves).")
    folder = next((f for f in (path.parent, *path.parent.parents) if f.exists()), None)
    if folder is not None and not folder.is_dir():
        raise ExportError(f"Cannot write {str(path)!r}: {str(folder)!r} is a file, not a folder. "
                          "Choose a folder to write the findings table in.")
    table = findings_table(findings, chronology)
    if anonymised is not None:
        check_publishable(table, anonymised, where=path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        write_csv(table, path)
    elif suffix == ".xlsx":
        _write_xlsx(neutralise_formulas(table), path)
    else:
        from reviewkit.publish.office import write_docx

        write_docx(table, path, title=message("report.findings_table_title"),
                   widths=dict(zip(table.columns, _DOCX_CM)))
    return path


def _write_xlsx(table: pd.DataFrame, path: Path) -> None:
    """One sheet: bold frozen header row, an autofilter, wrapped text, sized columns."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Findings"
    sheet.append(list(table.columns))
    for number, *row in table.astype(object).where(table.notna(), None).to_numpy().tolist():
        # control characters (NUL, escape...) cannot be stored in a workbook: they are left out
        sheet.append([int(number)] + [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) and v else None
                                      for v in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = _XLSX_CHARS[(cell.column - 1) % len(_XLSX_CHARS)]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{sheet.max_row}"
    book.save(path)
