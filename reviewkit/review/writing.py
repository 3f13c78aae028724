"""Write the reviewer's decisions back to their ``decisions.toml``, atomically and one writer at a time.

The file is the reviewer's own work, so a save never leaves it half written: the new text goes
to a temporary file beside it, is flushed to disk, and then replaces the old file in one step
(``os.replace``); a writer killed at any moment leaves the old file or the new one, never a
mix. Every read-change-write (:func:`decisions_lock`) holds a lock file beside it
(``decisions.toml.lock``, from the maintained ``filelock`` library), so two notebooks or a
notebook and the command line saving at once each keep the other's decisions. When the file
exists, it is changed in place with ``tomlkit``: the reviewer's own comments, the order of the
tables and the way values are written stay as they were; only the decisions that changed are
rewritten, those no longer given are removed and new ones are added at the end. A save that
changes the file first keeps the file as it was in ``decisions.toml.bak`` beside it (one backup,
replaced at each save, written the same safe way).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

from reviewkit.exceptions import DecisionsError
from reviewkit.interpret.toml_file import decode_toml

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
    with decisions_lock(path):
        before = path.read_bytes() if path.exists() else None
        old = decode_toml(before, str(path), error=DecisionsError, what="decisions file") \
            if before is not None else None  # a file that cannot be decoded is refused, never overwritten
        text = _changed_toml(old, decisions, path) if old is not None else None
        text = text if text is not None else decisions_toml(decisions)
        if before is not None and text.encode("utf-8") != before:
            _replace(backup_path(path), before)  # the version before this save, byte for byte
        _replace(path, text)
    return path


def backup_path(path: str | os.PathLike) -> Path:
    """Where a save keeps the decisions file as it was before (one backup, the latest).

    Examples
    --------
    >>> backup_path("cases/child_d/decisions.toml").name
    'decisions.toml.bak'
    """
    path = Path(path)
    return path.with_name(path.name + ".bak")


def _changed_toml(old: str, decisions: Decisions, path: Path) -> str:
    r"""``old`` (a decisions file's text) changed to hold ``decisions``, keeping its comments.

    Examples
    --------
    >>> old = '# my notes\n[[finding]]\nfinding_id = "F-1"  # the cluster\nstatus = "open"\n'
    >>> new = Decisions({"F-1": FindingDecision("F-1", "accepted")})
    >>> print(_changed_toml(old, new, Path("decisions.toml")))
    # my notes
    [[finding]]
    finding_id = "F-1"  # the cluster
    status = "accepted"
    <BLANKLINE>
    """
    import tomlkit  # imported where a file is written: not on every load (with filelock, 18 ms)
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(old)
    except (TOMLKitError, RecursionError) as error:
        raise DecisionsError(
            f"{path} cannot be read ({error}), so it was not overwritten: mend it by hand (or "
            "move it aside), then save again."
        ) from None
    for name, wanted, id_field, order in (("finding", decisions.findings, "finding_id", FINDING_FIELDS),
                                          ("entry", decisions.entries, "entry_id", ENTRY_FIELDS)):
        tables, seen = tomlkit.aot(), set()
        written = document.get(name, [])
        if not isinstance(written, list) or not all(isinstance(t, dict) for t in written):
            raise DecisionsError(
                f"{path}: its {name} decisions are not [[{name}]] tables, so it was not overwritten: "
                "mend it by hand (or move it aside), then save again."
            )
        gone = []
        for number, table in enumerate(written):
            key = str(table.get(id_field))
            if key in wanted and key not in seen:
                _set_fields(table, wanted[key], order)
                seen.add(key)
            else:
                gone.append(number)
        new = sorted(set(wanted) - seen)
        if name not in document:
            if new:
                for key in new:
                    table = tomlkit.table()
                    _set_fields(table, wanted[key], order)
                    tables.append(table)
                document[name] = tables
            continue
        # changed where it stands (assigning a new array would add blank lines at every save)
        for number in reversed(gone):
            del written[number]
        for key in new:
            table = tomlkit.table()
            _set_fields(table, wanted[key], order)
            written.append(table)
        if not len(written):
            del document[name]
    return tomlkit.dumps(document)


def _set_fields(table, decision: FindingDecision | EntryDecision, order: tuple[str, ...]) -> None:
    """Give a TOML table the fields of a decision, leaving unchanged values (and their comments)
    as they are written."""
    defaults = {f.name: f.default for f in fields(decision)}
    for key in order:
        value = getattr(decision, key)
        if value is None or value == defaults[key]:
            if key in table:
                del table[key]
            continue
        plain = list(value) if isinstance(value, tuple) else value
        written = table.get(key)
        if key not in table or getattr(written, "unwrap", lambda: written)() != plain:
            table[key] = plain


#: Seconds a save waits for another writer of the same file before it gives up.
LOCK_TIMEOUT = 60.0


@contextlib.contextmanager
def decisions_lock(path: str | os.PathLike) -> Iterator[None]:
    """Hold the lock of a decisions file while reading, changing and writing it.

    Re-entrant in one process (a save inside a held lock does not wait for itself).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "decisions.toml"
    >>> with decisions_lock(path):
    ...     _ = write_decisions(Decisions(), path)
    >>> path.exists()
    True
    """
    from filelock import FileLock, Timeout

    lock = FileLock(f"{Path(path)}.lock", timeout=LOCK_TIMEOUT, is_singleton=True)
    try:
        with lock:
            yield
    except Timeout:
        raise DecisionsError(
            f"{path}: another program has been saving decisions to this file for "
            f"{LOCK_TIMEOUT:.0f} seconds. Close the other notebook or command, or remove "
            f"{Path(path).name}.lock if no other program is running, and save again."
        ) from None


def _replace(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path`` through a temporary file beside it, flushed, then
    renamed."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(text.encode("utf-8") if isinstance(text, str) else text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if hasattr(os, "O_DIRECTORY"):  # the rename itself reaches the disk
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


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

