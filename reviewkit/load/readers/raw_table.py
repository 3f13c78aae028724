"""The raw table every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field

#: File types reviewkit reads, by suffix.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".txt", ".xlsx", ".xlsm", ".docx")


@dataclass
class RawTable:
    """One table of an agency file, cells as read.

    Attributes
    ----------
    source
        How entries name their origin: the file name, plus ``#sheet`` or ``#table2``.
    rows
        The cells, row by row: ``str`` for text, ``datetime``/``int``/``float`` for typed
        spreadsheet cells, ``None`` for an empty cell.
    row_numbers
        The row number a spreadsheet program (or Word) shows for each row of ``rows``.
    notes
        What the reader noticed (encoding used, merged cells filled).

    Examples
    --------
    >>> t = RawTable("police.csv", [["Date", "Event"], ["3/4/15", "Call"]], [1, 2])
    >>> t.source, len(t.rows)
    ('police.csv', 2)
    """

    source: str
    rows: list[list[object]]
    row_numbers: list[int]
    notes: list[str] = field(default_factory=list)
