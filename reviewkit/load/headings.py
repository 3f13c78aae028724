"""Find the header row of an agency table and work out what each column holds.

Agencies head their columns in their own words ("Date of contact", "Occurrence date",
"Source of information", "Action taken"). :func:`match_columns` recognises the headings in
``data/headings.toml`` case- and punctuation-insensitively; a user's ``mapping`` overrides.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reviewkit.exceptions import LoadError

#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 30

_COLUMN_REFERENCE = re.compile(r"^\s*column\s+([A-Za-z]{1,3})\s*$", re.IGNORECASE)


def heading_key(text: object) -> str:
    """Reduce a heading to the form used for matching.

    Examples
    --------
    >>> heading_key("  Date/Time ")
    'date time'
    >>> heading_key("Outcome / Action taken (or why none)")
    'outcome action taken or why none'
    """
    if text is None:
        return ""
    lowered = str(text).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", lowered).split())


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a zero-based column index.

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(27)
    ('A', 'Z', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """Return the zero-based index of a spreadsheet column letter.

    Examples
    --------
    >>> column_index("A"), column_index("ab")
    (0, 27)
    """
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
    return index - 1


@cache
def heading_roles() -> dict[str, str]:
    """Return the packaged table of heading key -> role.

    Examples
    --------
    >>> heading_roles()["date of contact"], heading_roles()["action taken"]
    ('date', 'outcome')
    """
    table = _headings_file()["roles"]
    return {heading_key(heading): role for role, headings in table.items() for heading in headings}


@cache
def heading_fallbacks() -> dict[str, tuple[str, frozenset[str]]]:
    """Return ``{role: (other role, heading keys)}``: those headings of ``role`` play the other
    role when no column of the table plays it.

    Examples
    --------
    >>> role, keys = heading_fallbacks()["analysis"]
    >>> role, "comments" in keys
    ('details', True)
    """
    table = _headings_file().get("fallback", {})
    return {role: (other, frozenset(map(heading_key, headings)))
            for role, others in table.items() for other, headings in others.items()}


@cache
def _headings_file() -> dict:
    return tomllib.loads(resources.files("reviewkit").joinpath("data/headings.toml").read_text("utf-8"))


#: Every role a column can play.
ROLES: tuple[str, ...] = (
    "date", "time", "end", "reported", "agency", "event_type", "event", "details", "outcome",
    "practitioner", "subject", "attendees", "sequence", "concern", "indicator", "score",
    "duplicate_group", "responds_to", "case_id", "significance", "analysis", "reviewer_note", "ages",
)


@dataclass(frozen=True)
class ColumnMatch:
    """Which column (zero-based index) plays each role, and which columns play none."""

    roles: dict[str, int]
    unused: tuple[int, ...]


def match_columns(
    headings: Sequence[object],
    *,
    mapping: Mapping[str, str] | None = None,
    where: str = "this table",
) -> ColumnMatch:
    """Assign a role to the columns of a header row.

    Parameters
    ----------
    headings
        The header row as read (one value per column).
    mapping
        ``{role: heading}`` overrides, e.g. ``{"date": "When it happened"}``; a heading may
        also be given as a spreadsheet column (``"column B"``).
    where
        How to name the table in messages (file, sheet and row).

    Examples
    --------
    >>> m = match_columns(["Date of contact", "Time", "Contact type", "Notes", "Clinician"])
    >>> m.roles
    {'date': 0, 'time': 1, 'event': 2, 'details': 3, 'practitioner': 4}
    >>> match_columns(["Occurrence date", "Reported date", "Summary"]).roles
    {'date': 0, 'reported': 1, 'details': 2}
    >>> match_columns(["Date", "Notes", "Comments"]).roles
    {'date': 0, 'details': 1, 'analysis': 2}
    >>> match_columns(["Date", "Comments"]).roles
    {'date': 0, 'details': 1}
    """
    keys = [heading_key(h) for h in headings]
    roles: dict[str, int] = {}
    for role, heading in (mapping or {}).items():
        if role not in ROLES:
            raise LoadError(
                f"{where}: mapping names the role {role!r}, which reviewkit does not know. "
                f"Valid roles are: {', '.join(ROLES)}."
            )
        roles[role] = _find_mapped_column(heading, keys, headings, where)
    taken = set(roles.values())
    known = heading_roles()
    for index, key in enumerate(keys):
        role = known.get(key)
        if index in taken or role is None:
            continue
        if key in keys[:index] and roles.get(role) == keys.index(key):
            first = keys.index(key)
            raise LoadError(
                f"{where}: two columns are headed {headings[index]!r} (columns "
                f"{column_letter(first)} and {column_letter(index)}), so reviewkit cannot tell "
                f"which one holds the {role}. Rename one of them in the file, or say which to use, "
                f"e.g. mapping={{'{role}': 'column {column_letter(first)}'}}."
            )
        if role not in roles:
            roles[role] = index
            taken.add(index)
    if "reported" in roles and "date" not in roles:
        roles["date"] = roles.pop("reported")
    for role, (other, fallback_keys) in heading_fallbacks().items():
        if other not in roles and role in roles and keys[roles[role]] in fallback_keys:
            if role not in (mapping or {}):
                roles[other] = roles.pop(role)
    unused = tuple(i for i, key in enumerate(keys) if key and i not in taken)
    return ColumnMatch(roles=dict(sorted(roles.items(), key=lambda item: item[1])), unused=unused)


def _find_mapped_column(
    heading: str, keys: list[str], headings: Sequence[object], where: str
) -> int:
    reference = _COLUMN_REFERENCE.match(str(heading))
    if reference:
        index = column_index(reference.group(1))
        if index < len(keys):
            return index
    key = heading_key(heading)
    if key in keys:
        return keys.index(key)
    seen = ", ".join(repr(str(h)) for h in headings if heading_key(h)) or "none"
    raise LoadError(
        f"{where}: mapping names the column {heading!r}, but there is no such column. "
        f"The columns are: {seen}."
    )


def recognised_roles(row: Sequence[object], mapping: Mapping[str, str] | None = None) -> set[str]:
    """Return the roles that the cells of ``row`` would play if it were the header row.

    Examples
    --------
    >>> sorted(recognised_roles(["Northshire Council", None, None]))
    []
    >>> sorted(recognised_roles(["Date", "Event", "Details"]))
    ['date', 'details', 'event']
    """
    keys = {heading_key(cell) for cell in row if isinstance(cell, str)}
    found = {heading_roles()[key] for key in keys if key in heading_roles()}
    found |= {role for role, heading in (mapping or {}).items() if heading_key(heading) in keys}
    return found


def find_header_row(
    rows: Sequence[Sequence[object]],
    *,
    mapping: Mapping[str, str] | None = None,
    extra_headings: Sequence[str] = (),
    where: str = "this table",
) -> int:
    """Return the zero-based index of the header row among the first rows of a table.

    The header is the first row whose cells name a date column and at least one other
    known column (``extra_headings``, such as indicator areas, count as known); failing that,
    the first row naming a date column beside anything else. Title and logo rows above it
    are skipped.

    Examples
    --------
    >>> find_header_row([["Northshire Council"], [], ["Date", "Event", "Notes"], ["1/1/15", "x", "y"]])
    2
    >>> find_header_row([["Date", "Physical care"]], extra_headings=["Physical care"])
    0
    """
    extra = {heading_key(h) for h in extra_headings}
    best_index, best_roles, fallback = None, set(), None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        roles = recognised_roles(row, mapping)
        roles |= {f"extra:{key}" for key in map(heading_key, row) if key in extra}
        dated = bool({"date", "reported"} & roles) or _maps_date_by_letter(mapping)
        if dated and len(roles) >= 2:
            return index
        if dated and fallback is None and sum(map(_filled, row)) >= 2:
            fallback = index
        if len(roles) > len(best_roles):
            best_index, best_roles = index, roles
    if fallback is not None:
        return fallback
    if best_index is None:
        first = next((row for row in rows if any(_filled(c) for c in row)), [])
        seen = ", ".join(repr(str(c)) for c in first if _filled(c)) or "nothing"
        raise LoadError(
            f"{where}: reviewkit could not find a header row (a row naming a date column and "
            f"what happened). The first row with anything in it holds: {seen}. If those are your "
            f"headings, say which column is which, e.g. mapping={{'date': 'When', "
            f"'details': 'What happened'}}."
        )
    headings = [str(c) for c in rows[best_index] if _filled(c)]
    raise LoadError(
        f"{where}: no column holds the date of each entry. reviewkit saw the columns "
        f"{', '.join(repr(h) for h in headings)} (row {best_index + 1}). If one of them holds "
        f"the date, say which, e.g. mapping={{'date': {headings[0]!r}}}; if none does, add a "
        f"date column (headed 'Date') to the file: every entry needs a date."
    )


def _maps_date_by_letter(mapping: Mapping[str, str] | None) -> bool:
    return bool(mapping) and bool(_COLUMN_REFERENCE.match(str(mapping.get("date", ""))))


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""
