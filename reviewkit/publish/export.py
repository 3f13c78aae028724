"""Write a chronology out for people: CSV, Excel and Word, in date order, safe to open.

Cells that a spreadsheet program would run as a formula (text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) are *neutralised* in CSV and XLSX files: a ``'`` is
put in front, so ``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)`` and ``-ve screen`` is
written ``'-ve screen``. Reading such a file back gives the text with that ``'``; nothing
else changes. Word tables are never run, so DOCX text is written as it is.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from reviewkit.exceptions import ExportError
from reviewkit.interpret.actions import is_action_entry
from reviewkit.publish.as_written import date_as_written, in_date_order, time_if_not_written

if TYPE_CHECKING:
    from reviewkit.publish.anonymise import Anonymised

#: Characters that make a spreadsheet program run a cell as a formula.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: The columns of a CSV or XLSX export: ``(heading, chronology column)``. The headings are ones
#: :func:`reviewkit.read_chronology` recognises, so an export reads back as the same entries.
EXPORT_FIELDS: tuple[tuple[str, str], ...] = (
    ("Case ID", "case_id"),
    ("Date", "date_text"),
    ("Time", "date_text"),
    ("Agency", "agency"),
    ("Event type id", "event_type"),
    ("Subject", "subject"),
    ("Details", "summary"),
    ("Outcome", "outcome"),
    ("Significance", "significance"),
    ("Analysis", "analysis"),
    ("Reviewer note", "reviewer_note"),
    ("Ages", "ages"),
    ("Practitioner", "practitioner"),
    ("Attendees", "attendees"),
    ("Concern", "concern"),
    ("Indicator", "indicator"),
    ("Score", "score"),
    ("End date", "end"),
    ("Reported", "reported"),
    ("Sequence", "sequence"),
    ("Duplicate group", "duplicate_group"),
    ("Responds to", "responds_to"),
    ("Tags", "tags"),
    ("Source", "source"),
    ("Source row", "source_row"),
    ("Entry id", "entry_id"),
    ("Issues", "issues"),
    ("Other columns", "extra"),
)

SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".docx")

#: CSV rows end in CRLF (RFC 4180, as Excel writes them), so a cell holding a line break, even a
#: lone carriage return, is quoted and stays one cell.
CSV_LINE_END = "\r\n"


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    r"""Write ``frame`` as every CSV reviewkit writes: formula-safe (:func:`neutralise_formulas`),
    UTF-8 with a byte-order mark (so Excel shows accents right) and rows ending in CRLF.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(pd.DataFrame({"note": ["=1+1", "line\rbreak"]}), path)
    >>> path.read_bytes()
    b'\xef\xbb\xbfnote\r\n\'=1+1\r\n"line\rbreak"\r\n'
    """
    neutralise_formulas(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator=CSV_LINE_END)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where text cells that a spreadsheet would run as formulas start with ``'``.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"summary": ["=HYPERLINK(x)", "Visit"]}))["summary"].tolist()
    ["'=HYPERLINK(x)", 'Visit']
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            text = column.astype("string")
            risky = text.str.startswith(FORMULA_STARTS).fillna(False)
            out[name] = text.mask(risky, "'" + text)
    return out


def chronology_for_people(chronology: pd.DataFrame) -> pd.DataFrame:
    """The chronology as it is written out: date order, dates as text, formulas neutralised.

    Examples
    --------
    >>> from reviewkit.load.schema import empty_chronology
    >>> chronology_for_people(empty_chronology()).columns[:3].tolist()
    ['case_id', 'entry_id', 'date']
    """
    out = in_date_order(chronology)
    return neutralise_formulas(out.astype({c: "string" for c in ("agency", "event_type", "concern", "precision")}))


def write_chronology_csv(chronology: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write every column of ``chronology`` as a UTF-8 CSV (with BOM, so Excel reads it right).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reviewkit.load.schema import empty_chronology
    >>> write_chronology_csv(empty_chronology(), pathlib.Path(tempfile.mkdtemp()) / "c.csv").suffix
    '.csv'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(chronology_for_people(chronology), path)
    return path


def export_table(chronology: pd.DataFrame, *, columns: Sequence[str] | None = None,
                 coarsen: str | None = None) -> pd.DataFrame:
    """The chronology as a table of text under the export headings, in date order.

    Dates are written as the agency wrote them (with a ``Time`` when the entry has one that
    the date text does not show); ``Details`` is the entry's text. Formulas are *not* yet
    neutralised here (see :func:`neutralise_formulas`).

    Parameters
    ----------
    chronology
        A chronology (:func:`reviewkit.read_chronology`).
    columns
        Chronology column names to keep (default: every exported one), e.g.
        ``["date_text", "agency", "summary"]``.
    coarsen
        Write end and reported dates as their month, season or year (for anonymised copies).

    Examples
    --------
    >>> import reviewkit, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d/police.csv")
    >>> export_table(chron, columns=["date_text", "agency"]).iloc[0].tolist()
    ['18/04/2014', '', 'Police']
    """
    fields = _fields(columns)
    ordered = in_date_order(chronology)
    table = pd.DataFrame(index=ordered.index)
    for heading, column in fields:
        table[heading] = _field_text(ordered, heading, column, coarsen)
    return table.reset_index(drop=True)


def export_chronology(
    chronology: pd.DataFrame | Anonymised,
    path: str | os.PathLike,
    *,
    columns: Sequence[str] | None = None,
    anonymised: Anonymised | None = None,
) -> Path:
    """Write the chronology to XLSX, CSV or DOCX (chosen by the file's suffix); return the path.

    One row per row the agencies wrote: the reports that loading read from action-taken text
    (:mod:`reviewkit.interpret.actions`) are left out, since that text is in the export and loading the
    export adds them again.

    - **XLSX**: one sheet, bold frozen header row, an autofilter, sized columns, and a real
      Excel date (``Date (sortable)``) beside the date as the agency wrote it.
    - **CSV**: UTF-8 with a byte-order mark, so Excel shows accents and apostrophes right.
    - **DOCX**: a landscape Word table as reviewers submit one (Date | Agency | Event |
      Details | Outcome | Source), its header row repeated on every page.

    Entries are in date order, each with its source file and row. Formula-like text is
    neutralised in CSV and XLSX (see the module notes). Every file reads back with
    :func:`reviewkit.read_chronology` as the same entries (for DOCX pass
    ``mapping={"event_type": "Event"}``, since its Event column holds the event type).

    Parameters
    ----------
    chronology
        A chronology, or an :class:`~reviewkit.publish.anonymise.Anonymised` copy (then the file is
        checked for leaks before it is written).
    path
        Where to write: ``.xlsx``, ``.csv`` or ``.docx``.
    columns
        Chronology column names to write in CSV/XLSX (default: all exported columns).
    anonymised
        The anonymisation this chronology comes from: refuse to write a file in which a
        listed name or an exact date still appears (:class:`reviewkit.exceptions.PublicationError`).

    Examples
    --------
    >>> import reviewkit, tempfile, pathlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d/police.csv")
    >>> out = export_chronology(chron, pathlib.Path(tempfile.mkdtemp()) / "police.xlsx")
    >>> len(reviewkit.read_chronology(out)) == len(chron)
    True
    """
    from reviewkit.publish.anonymise import Anonymised
    from reviewkit.publish.office import docx_rows, write_docx, write_xlsx
    from reviewkit.publish.publication import check_publishable

    if isinstance(chronology, Anonymised):
        anonymised = anonymised or chronology
        chronology = chronology.chronology
    chronology = chronology[~is_action_entry(chronology["entry_id"]).to_numpy()]
    path = Path(path)
    suffix = check_suffix(path, SUFFIXES, "a chronology")
    coarsen = anonymised.coarsen if anonymised is not None else None
    if suffix == ".docx":
        table = docx_rows(chronology)
    else:
        table = export_table(chronology, columns=columns, coarsen=coarsen)
    if anonymised is not None:
        check_publishable(table, anonymised, where=path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        write_csv(table, path)
    elif suffix == ".xlsx":
        write_xlsx(neutralise_formulas(table), in_date_order(chronology)["date"], path, coarsen=coarsen)
    else:
        write_docx(table, path)
    return path


def check_suffix(path: str | os.PathLike, suffixes: Sequence[str], what: str) -> str:
    """The file's suffix (lower case) if reviewkit writes ``what`` as that type, else an
    :class:`~reviewkit.exceptions.ExportError` listing the types it does write.

    Examples
    --------
    >>> check_suffix("out.PDF", (".svg", ".pdf", ".png"), "a figure")
    '.pdf'
    >>> check_suffix("out.pdf", SUFFIXES, "a chronology")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.ExportError: Cannot write a chronology to 'out.pdf': reviewkit writes it as .csv, .xlsx or .docx. Give the file one of these endings.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        kinds = ", ".join(suffixes[:-1]) + f" or {suffixes[-1]}" if len(suffixes) > 1 else suffixes[0]
        raise ExportError(
            f"Cannot write {what} to {path.name!r}: reviewkit writes it as {kinds}. "
            f"Give the file one of these endings."
        )
    return suffix


def _fields(columns: Sequence[str] | None) -> list[tuple[str, str]]:
    if columns is None:
        return list(EXPORT_FIELDS)
    known = {column for _, column in EXPORT_FIELDS}
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise ExportError(
            f"columns names {unknown}, which an export cannot write. Choose from: "
            f"{', '.join(sorted(known))}."
        )
    return [f for c in columns for f in EXPORT_FIELDS if f[1] == c]


def _field_text(chron: pd.DataFrame, heading: str, column: str, coarsen: str | None) -> pd.Series:
    if heading == "Date":
        return date_as_written(chron)
    if heading == "Time":
        return time_if_not_written(chron)
    if heading == "Details":
        return details_text(chron)
    if column not in chron:
        return pd.Series("", index=chron.index, dtype="string")
    values = chron[column]
    if column == "score":
        return values.map(_number, na_action="ignore").astype("string").fillna("")
    if column in ("end", "reported") and coarsen is not None:
        from reviewkit.publish.coarsen import period_label

        return values.map(lambda t: period_label(t, coarsen), na_action="ignore").astype("string").fillna("")
    if column in ("end", "reported"):
        return values.dt.strftime("%d/%m/%Y %H:%M").str.replace(" 00:00", "").astype("string").fillna("")
    return values.astype("string").fillna("")


def details_text(chron: pd.DataFrame) -> pd.Series:
    """The entry's text, without the ``Area: score`` that the Indicator and Score columns carry."""
    summary = chron["summary"].astype("string").fillna("")
    if "indicator" not in chron:
        return summary
    score = chron["score"].map(_number, na_action="ignore").astype("string").fillna("no score")
    suffix = (chron["indicator"].astype("string") + ": " + score).fillna("\x00")
    rows = [
        s[: -len(x)].removesuffix("; ") if x != "\x00" and s.endswith(x) else s
        for s, x in zip(summary, suffix)
    ]
    return pd.Series(rows, index=chron.index, dtype="string")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
