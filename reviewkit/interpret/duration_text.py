"""Durations as rules write them: "4 hours", "15 working days", "3 months"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewkit.exceptions import DurationError

#: Units a duration may be written in, with the spellings accepted.
UNITS: dict[str, tuple[str, ...]] = {
    "hours": ("hour", "hours", "hr", "hrs", "h"),
    "days": ("day", "days", "calendar day", "calendar days", "d"),
    "working_days": ("working day", "working days", "work day", "work days", "business day",
                     "business days"),
    "weeks": ("week", "weeks", "wk", "wks"),
    "months": ("month", "months"),
}
_SPELLINGS = {spelling: unit for unit, spellings in UNITS.items() for spelling in spellings}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z ]+?)\s*$", re.IGNORECASE)

@dataclass(frozen=True)
class Duration:
    """An amount of time as a rule states it.

    Examples
    --------
    >>> parse_duration("15 working days")
    Duration(amount=15.0, unit='working_days')
    >>> str(parse_duration("3 months"))
    '3 months'
    """

    amount: float
    unit: str

    def __str__(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        unit = self.unit.replace("_", " ")
        return f"{amount} {unit[:-1] if amount == 1 else unit}"


def parse_duration(text: str) -> Duration:
    """Read a duration such as ``"4 hours"``, ``"15 working days"`` or ``"6 months"``.

    Examples
    --------
    >>> parse_duration("2 weeks").unit
    'weeks'
    >>> parse_duration("soon")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DurationError: 'soon' is not a duration reviewkit can read. Write a number and a unit: hours, days, working days, weeks or months (e.g. "15 working days").
    """
    match = _DURATION.match(str(text))
    unit = _SPELLINGS.get(" ".join(match.group(2).lower().split())) if match else None
    if match is None or unit is None:
        raise DurationError(
            f"{text!r} is not a duration reviewkit can read. Write a number and a unit: hours, "
            f'days, working days, weeks or months (e.g. "15 working days").'
        )
    amount = float(match.group(1))
    if unit in ("working_days", "months") and not amount.is_integer():
        raise DurationError(f"{text!r}: {unit.replace('_', ' ')} must be a whole number.")
    return Duration(amount, unit)
