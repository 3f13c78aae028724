"""Write the reviewer's decisions back to their ``decisions.toml``."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import fields
from pathlib import Path

from reviewkit.review.decisions import (
    DECISIONS_NAME,
    ENTRY_FIELDS,
    FINDING_FIELDS,
    Decisions,
    EntryDecision,
    FindingDecision,
)


def write_decisions(decisions: Decisions, path: str | os.PathLike) -> Path:
    """Write ``decisions`` as TOML (findings, then entries, each sorted by id); return the path.

    ``path`` may be a case folder (the file is then its ``decisions.toml``). The same decisions
    always give the same text, so a version control diff shows only what changed.

    Examples
    --------
    >>> from reviewkit.review.reading import read_decisions
    >>> import tempfile, pathlib, datetime
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> d = Decisions({"F-1": FindingDecision("F-1", "to discuss", note='Ask "police"',
    ...                                      on=datetime.date(2026, 11, 20))})
    >>> print(write_decisions(d, folder).read_text())
    # Decisions of the review: what the reviewer decided about each finding ([[finding]])
    # and corrections to entries ([[entry]]). See docs/decisions.md.
    <BLANKLINE>
    [[finding]]
    finding_id = "F-1"
    status = "to discuss"
    note = "Ask \\"police\\""
    on = 2026-11-20
    <BLANKLINE>
    >>> read_decisions(folder).findings == d.findings
    True
    """
    path = Path(path)
    if path.is_dir():
        path = path / DECISIONS_NAME
    path.write_text(decisions_toml(decisions), encoding="utf-8")
    return path


def decisions_toml(decisions: Decisions) -> str:
    """The text :func:`write_decisions` writes.

    Examples
    --------
    >>> decisions_toml(Decisions({}, {"c/gp.csv:2": EntryDecision("c/gp.csv:2",
    ...     reviewer_tags=("key practice episode",))})).splitlines()[3:]
    ['[[entry]]', 'entry_id = "c/gp.csv:2"', 'reviewer_tags = ["key practice episode"]']
    """
    blocks = [
        ("# Decisions of the review: what the reviewer decided about each finding ([[finding]])\n"
        "# and corrections to entries ([[entry]]). See docs/decisions.md.\n")
    ]
    for key in sorted(decisions.findings):
        blocks.append(_table("finding", decisions.findings[key], FINDING_FIELDS))
    for key in sorted(decisions.entries):
        blocks.append(_table("entry", decisions.entries[key], ENTRY_FIELDS))
    return "\n".join(blocks)


def _table(name: str, decision: FindingDecision | EntryDecision, order: tuple[str, ...]) -> str:
    defaults = {f.name: f.default for f in fields(decision)}
    lines = [f"[[{name}]]"]
    for key in order:
        value = getattr(decision, key)
        if value is None or value == defaults[key]:
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return _toml_string(str(value))


def _toml_string(text: str) -> str:
    escaped = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = []
    for char in text:
        if char in escaped:
            out.append(escaped[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'

