"""Turn one raw table into raw entries: find the header, map the columns, drop blank rows.

The result still holds cells as read (nothing parsed yet), one column per role, with the
spreadsheet row number of every entry, and an account of every row of the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reviewkit.exceptions import LoadError
from reviewkit.interpret.entry_ids import UNHASHED_ROLES, content_keys, number_repeats
from reviewkit.load.headings import column_letter, find_header_row, heading_key, match_columns
from reviewkit.load.readers.raw_table import RawTable


@dataclass
class TableAccount:
    """What became of every row of one table (for the load report).

    ``title_rows + 1 (header) + blank_rows + data_rows`` is the number of rows in the table.
    """

    source: str
    header_row: int
    title_rows: int
    blank_rows: int
    data_rows: int
    entries: int
    columns: dict[str, str]
    unused_columns: list[str]
    notes: list[str] = field(default_factory=list)


def table_entries(
    table: RawTable,
    *,
    mapping: Mapping[str, str] | None = None,
    indicators: Sequence[str] | None = None,
    seen: MutableMapping[str, int] | None = None,
) -> tuple[pd.DataFrame, TableAccount]:
    """Return the raw entries of ``table`` and the account of its rows.

    Each entry's ``entry_key`` comes from its content (see :mod:`reviewkit.interpret.entry_ids`):
    the date as written and a fingerprint of the row's cells, numbered when a row repeats
    another exactly. ``source_row`` keeps the row a spreadsheet program shows.

    Parameters
    ----------
    table
        A table as a reader returned it.
    mapping
        ``{role: heading}`` overrides for column recognition.
    indicators
        Headings of a wide indicator table (one column per area, e.g. Graded Care Profile 2
        areas): each data row becomes one entry per area, with ``indicator`` and ``score``.
    seen
        How often each key has been seen in earlier blocks of the same file (a large extract
        read in blocks), so that repeats across blocks are numbered too; updated.

    Examples
    --------
    >>> t = RawTable("gp.csv", [["GP surgery"], ["Date", "Notes"], [None, None],
    ...                         ["3/4/15", "Seen"]], [1, 2, 3, 4])
    >>> raw, account = table_entries(t)
    >>> raw[["date", "details", "source_row"]].values.tolist()
    [['3/4/15', 'Seen', 4]]
    >>> account.title_rows, account.blank_rows, account.data_rows
    (1, 1, 1)
    """
    where = table.source
    header_index = find_header_row(
        table.rows, mapping=mapping, extra_headings=indicators or (), where=where
    )
    header = list(table.rows[header_index])
    header_number = table.row_numbers[header_index]
    header, merged_from = _name_merged_headings(header)
    indicator_columns = _indicator_columns(header, indicators or (), where)
    match = match_columns(
        [h if i not in indicator_columns else None for i, h in enumerate(header)],
        mapping=mapping,
        where=f"{where} (header on row {header_number})",
    )
    body = table.rows[header_index + 1 :]
    numbers = table.row_numbers[header_index + 1 :]
    width = len(header)
    cells = pd.DataFrame([(list(row) + [None] * width)[:width] for row in body], dtype=object)
    if cells.empty:
        cells = pd.DataFrame(columns=range(width), dtype=object)
    blank = cells.map(_is_blank).all(axis=1) if len(cells) else pd.Series(dtype=bool)
    overflow = [n for row, n in zip(body, numbers) if any(not _is_blank(c) for c in row[width:])]
    if overflow:
        raise LoadError(
            f"{where}: row {overflow[0]} has values to the right of the last heading "
            f"(column {column_letter(width)} onwards). Give that column a heading, or remove it."
        )
    kept = cells[~blank.to_numpy()] if len(cells) else cells
    kept_numbers = [n for n, b in zip(numbers, blank.tolist()) if not b]
    roles, joined = _merged_roles(match, merged_from, kept, header, where, header_number)
    raw = pd.DataFrame(
        {role: _joined_cells(kept, indices) for role, indices in roles.items()}, dtype=object
    )
    other = [i for i in match.unused if i not in indicator_columns and i not in joined]
    if other and "extra" not in roles:
        raw["extra"] = _labelled_cells(kept, header, other).to_numpy(dtype=object)
    raw["source"] = table.source
    raw["source_row"] = kept_numbers
    raw["file_order"] = range(1, len(raw) + 1)
    raw["entry_key"] = _content_keys(kept, roles, seen)
    if indicator_columns:
        raw = _melt_indicators(raw, kept, header, indicator_columns)
    account = TableAccount(
        source=table.source,
        header_row=header_number,
        title_rows=header_index,
        blank_rows=int(blank.sum()),
        data_rows=len(kept_numbers),
        entries=len(raw),
        columns={role: " + ".join(str(header[i]) for i in cols) for role, cols in roles.items()},
        unused_columns=[str(header[i]) for i in other],
        notes=list(table.notes),
    )
    if not kept_numbers:
        account.notes.append("no data rows below the header: the table has no entries")
    if indicator_columns:
        account.notes.append(
            f"wide indicator table: {len(kept_numbers)} rows became {len(raw)} entries "
            f"(one per area: {', '.join(str(header[i]) for i in indicator_columns)})"
        )
    return raw, account


def _content_keys(
    kept: pd.DataFrame, roles: Mapping[str, list[int]], seen: MutableMapping[str, int] | None
) -> list[str]:
    """The content key of every kept row (see :mod:`reviewkit.interpret.entry_ids`)."""
    left_out = [i for role in UNHASHED_ROLES for i in roles.get(role, ())]
    keys = content_keys(kept, date_column=roles.get("date", [None])[0], left_out=left_out)
    cases = kept[roles["case_id"][0]].map(str).str.strip() if "case_id" in roles else None
    return number_repeats(keys, groups=cases, seen=seen).tolist()


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, float) and cell != cell) or str(cell).strip() == ""


def _name_merged_headings(header: list[object]) -> tuple[list[object], dict[int, int]]:
    """A heading merged across columns repeats; keep the first, number the others.

    Also return ``{column: first column}`` for every repeat, so that the loader can read
    the columns under one merged heading together.

    Examples
    --------
    >>> _name_merged_headings(["Date", "Event", "Event", "Notes"])
    (['Date', 'Event', 'Event (2)', 'Notes'], {2: 1})
    """
    named = list(header)
    merged_from: dict[int, int] = {}
    for index in range(1, len(named)):
        if named[index] is not None and named[index] == header[index - 1]:
            count = sum(1 for h in header[:index] if h == named[index])
            named[index] = f"{named[index]} ({count + 1})"
            merged_from[index] = merged_from.get(index - 1, index - 1)
    return named, merged_from


#: Roles whose text can be read across several columns under one merged heading.
TEXT_ROLES: frozenset[str] = frozenset(
    {"event", "details", "outcome", "subject", "practitioner", "attendees"}
)


def _merged_roles(
    match, merged_from: dict[int, int], kept: pd.DataFrame, header: list[object],
    where: str, header_number: int,
) -> tuple[dict[str, list[int]], set[int]]:
    """Give the unused columns under a merged heading to the role of its first column.

    The second column under a merged ``Event`` heading becomes the details when the table
    has no details column, and is otherwise read with the first (the texts joined). A date
    or other value heading merged over columns that hold different values is an error:
    reviewkit cannot tell which column to read.
    """
    roles = {role: [index] for role, index in match.roles.items()}
    role_of = {index: role for role, index in match.roles.items()}
    joined: set[int] = set()
    for index, first in sorted(merged_from.items()):
        if index in role_of or first not in role_of:
            continue
        role = role_of[first]
        values = kept[index] if index in kept else pd.Series(dtype=object)
        if role in TEXT_ROLES:
            if role == "event" and "details" not in roles:
                roles["details"] = [index]
                role_of[index] = "details"
            else:
                roles[role].append(index)
            joined.add(index)
        elif any(not _is_blank(v) for v in values):
            raise LoadError(
                f"{where}: the heading {header[first]!r} on row {header_number} covers columns "
                f"{column_letter(first)} to {column_letter(index)}, and both hold values, so "
                f"reviewkit cannot tell which one holds the {role}. Give each column its own "
                f"heading, or say which to use, e.g. mapping={{'{role}': 'column "
                f"{column_letter(first)}'}}."
            )
        else:
            joined.add(index)
    return dict(sorted(roles.items(), key=lambda item: item[1][0])), joined


def _joined_cells(kept: pd.DataFrame, indices: list[int]) -> np.ndarray:
    """The cells of one column, or the texts of several joined with ``; `` (blanks skipped)."""
    if len(indices) == 1:
        return kept[indices[0]].to_numpy(dtype=object)
    rows = zip(*(kept[i].tolist() for i in indices))
    joined = ["; ".join(str(c).strip() for c in row if not _is_blank(c)) or None for row in rows]
    return np.array(joined, dtype=object)


def _labelled_cells(kept: pd.DataFrame, header: list[object], indices: list[int]) -> pd.Series:
    """The cells of columns no role claims, as ``Heading: value``, ``; ``-joined (NA if all blank).

    Examples
    --------
    >>> kept = pd.DataFrame({0: ["3/4/15", "4/4/15"], 1: ["Yes", None], 2: [" Jo ", "Al"]})
    >>> _labelled_cells(kept, ["Date", "Risk", "Key worker"], [1, 2]).tolist()
    ['Risk: Yes; Key worker: Jo', 'Key worker: Al']
    """
    out = pd.Series(pd.NA, index=kept.index, dtype="string")
    for index in indices:
        column = kept[index]
        numbers = pd.to_numeric(column, errors="coerce")
        whole = numbers.notna() & (numbers == numbers.round()) & column.map(
            lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
        cell = column.astype("string").str.strip()
        cell = cell.mask(whole, numbers[whole].astype("int64").astype("string"))  # 1234.0 -> 1234
        part = (f"{header[index]}: " + cell).where(cell.fillna("") != "")
        both = out.notna() & part.notna()
        out = (out.fillna("") + pd.Series(np.where(both, "; ", ""), index=out.index) + part.fillna(""))
        out = out.mask(out == "")
    return out


def _indicator_columns(header: list[object], indicators: Sequence[str], where: str) -> list[int]:
    keys = [heading_key(h) for h in header]
    missing = [name for name in indicators if heading_key(name) not in keys]
    if missing:
        raise LoadError(
            f"{where}: the indicator column(s) {', '.join(repr(m) for m in missing)} are not in "
            f"the header row. The columns are: {', '.join(repr(str(h)) for h in header if h)}."
        )
    return [keys.index(heading_key(name)) for name in indicators]


def _melt_indicators(
    raw: pd.DataFrame, kept: pd.DataFrame, header: list[object], columns: list[int]
) -> pd.DataFrame:
    parts = []
    for index in columns:
        name = str(header[index])
        part = raw.copy()
        part["indicator"] = name
        part["score"] = kept[index].to_numpy()
        part["entry_key"] = part["entry_key"] + "/" + _slug(name)
        parts.append(part)
    melted = pd.concat(parts, ignore_index=True)
    melted["area_order"] = [i for i in range(len(columns)) for _ in range(len(raw))]
    melted = melted.sort_values(["file_order", "area_order"], kind="stable")
    return melted.drop(columns="area_order").reset_index(drop=True)


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")
