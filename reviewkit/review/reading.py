"""Read the reviewer's decisions: a ``decisions.toml``, a case folder's, or several merged."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from reviewkit.exceptions import DecisionsError, VocabularyError
from reviewkit.interpret.toml_file import read_toml
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.review.decisions import (
    DECISIONS_NAME,
    ENTRY_FIELDS,
    FINDING_FIELDS,
    STATUSES,
    Decisions,
    EntryDecision,
    FindingDecision,
)


def read_decisions(
    path: str | os.PathLike, *, vocabulary: str | os.PathLike | Vocabulary | None = None
) -> Decisions:
    """Read and check a decisions file (or the ``decisions.toml`` of a case folder).

    Event types and tags may be written as the vocabulary's ids, labels or aliases; they are
    read as ids.

    Raises
    ------
    DecisionsError
        Naming the file, the finding or entry id and the field, and listing what is valid.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "decisions.toml"
    >>> _ = p.write_text('[[finding]]\\nfinding_id = "F-1"\\nstatus = "accepted"\\n'
    ...                  '[[entry]]\\nentry_id = "c/gp.csv:2"\\nevent_type = "ICPC"\\n')
    >>> d = read_decisions(p)
    >>> d.findings["F-1"].status, d.entries["c/gp.csv:2"].event_type
    ('accepted', 'icpc')
    >>> _ = p.write_text('[[finding]]\\nfinding_id = "F-1"\\nstatus = "acepted"\\n')
    >>> read_decisions(p)
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DecisionsError: .../decisions.toml, finding F-1: status = 'acepted' is not a status. Valid statuses: 'open', 'accepted', 'to discuss', 'dismissed'.
    """
    path = Path(path)
    if path.is_dir():
        path = path / DECISIONS_NAME
    if not path.exists():
        raise DecisionsError(f"{path}: there is no decisions file here.")
    data = read_toml(path, error=DecisionsError, what="decisions file")
    return decisions_from(data, vocabulary=vocabulary, path=path)


def decisions_from(
    data: Mapping[str, object],
    *,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    path: Path | None = None,
) -> Decisions:
    """Check parsed TOML (``{"finding": [...], "entry": [...]}``) and return the decisions.

    Examples
    --------
    >>> decisions_from({"finding": [{"finding_id": "F-1", "status": "dismissed",
    ...                              "note": "Seen same day"}]}).findings["F-1"].note
    'Seen same day'
    """
    where = str(path) if path is not None else "decisions"
    unknown = sorted(set(data) - {"finding", "entry"})
    if unknown:
        raise DecisionsError(
            f"{where}: unknown table(s) {', '.join(map(repr, unknown))}. A decisions file holds "
            f"only [[finding]] and [[entry]] tables."
        )
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
    findings: dict[str, FindingDecision] = {}
    for number, raw in enumerate(_tables(data, "finding", where), start=1):
        decision = finding_decision(raw, f"{where}, [[finding]] number {number}", where)
        if decision.finding_id in findings:
            raise DecisionsError(f"{where}: finding {decision.finding_id} is decided twice; keep one.")
        findings[decision.finding_id] = decision
    entries: dict[str, EntryDecision] = {}
    for number, raw in enumerate(_tables(data, "entry", where), start=1):
        decision = entry_decision(raw, f"{where}, [[entry]] number {number}", where, vocab)
        if decision.entry_id in entries:
            raise DecisionsError(f"{where}: entry {decision.entry_id} is corrected twice; keep one.")
        entries[decision.entry_id] = decision
    return Decisions(findings, entries, path)


def case_decisions(
    source: object, *, vocabulary: str | os.PathLike | Vocabulary | None = None
) -> Decisions | None:
    """The decisions of the case folders in ``source`` (a folder, a file, or a list), merged.

    ``None`` when no folder of ``source`` holds a ``decisions.toml``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> case_decisions(pathlib.Path(tempfile.mkdtemp())) is None
    True
    """
    folders = list(_folders(source))
    found = [read_decisions(f / DECISIONS_NAME, vocabulary=vocabulary)
             for f in folders if (f / DECISIONS_NAME).is_file()]
    if not found:
        return None
    merged = Decisions(path=found[0].path if len(found) == 1 else None)
    for decisions in found:
        merged = Decisions({**merged.findings, **decisions.findings},
                           {**merged.entries, **decisions.entries}, merged.path)
    return merged


def given_decisions(
    source: object,
    decisions: str | os.PathLike | Decisions | None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
) -> Decisions | None:
    """The decisions to apply: those passed (a file, a folder or :class:`Decisions`), else the
    case folders' own (see :func:`case_decisions`).

    Examples
    --------
    >>> given_decisions(None, Decisions()).findings
    {}
    """
    if isinstance(decisions, Decisions):
        return decisions
    if decisions is not None:
        return read_decisions(decisions, vocabulary=vocabulary)
    return case_decisions(source, vocabulary=vocabulary)


def _folders(source: object) -> Iterable[Path]:
    if isinstance(source, (list, tuple)):
        for item in source:
            yield from _folders(item)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        yield path if path.is_dir() else path.parent


def _tables(data: Mapping[str, object], name: str, where: str) -> list[dict]:
    tables = data.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise DecisionsError(f"{where}: write each {name} decision as a [[{name}]] table.")
    return tables


def finding_decision(raw: dict, position: str, where: str) -> FindingDecision:
    identity = _identity(raw, "finding_id", position)
    here = f"{where}, finding {identity}"
    _known_fields(raw, FINDING_FIELDS, here)
    status = raw.get("status")
    if status not in STATUSES:
        raise DecisionsError(
            f"{here}: status = {status!r} is not a status. Valid statuses: "
            f"{', '.join(map(repr, STATUSES))}."
        )
    return FindingDecision(
        finding_id=identity, status=status, rule=_text(raw, "rule", here),
        note=_text(raw, "note", here), by=_text(raw, "by", here), on=_day(raw, here),
    )


def entry_decision(raw: dict, position: str, where: str, vocab: Vocabulary) -> EntryDecision:
    identity = _identity(raw, "entry_id", position)
    here = f"{where}, entry {identity}"
    _known_fields(raw, ENTRY_FIELDS, here)
    event_type = _text(raw, "event_type", here)
    tags = _texts(raw, "tags", here)
    subject = raw.get("subject")
    subject = "; ".join(_texts(raw, "subject", here)) if isinstance(subject, list) else _text(raw, "subject", here)
    exclude = raw.get("exclude_from_publication", False)
    if not isinstance(exclude, bool):
        raise DecisionsError(f"{here}: exclude_from_publication = {exclude!r} must be true or false.")
    return EntryDecision(
        entry_id=identity,
        event_type=_event_type(event_type, vocab, here, "event_type") if event_type else None,
        tags=tuple(_event_type(t, vocab, here, "tags") for t in tags) if tags is not None else None,
        duplicate_group=_text(raw, "duplicate_group", here),
        subject=subject,
        reviewer_tags=tuple(_texts(raw, "reviewer_tags", here) or ()),
        exclude_from_publication=exclude,
        note=_text(raw, "note", here), by=_text(raw, "by", here), on=_day(raw, here),
        significance=_significance(raw, here), analysis=_text(raw, "analysis", here),
    )


def _significance(raw: dict, here: str) -> str | None:
    """``significance = true`` is ``"significant"``, ``false`` ``"not significant"``; or a text."""
    value = raw.get("significance")
    if isinstance(value, bool):
        return "significant" if value else "not significant"
    if value is not None and not isinstance(value, str):
        raise DecisionsError(
            f"{here}: significance = {value!r} must be true, false or a text in quotes "
            f'(e.g. "key event").'
        )
    return value


def _identity(raw: dict, name: str, position: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise DecisionsError(f"{position}: it has no {name} (the id the decision is about).")
    return value.strip()


def _known_fields(raw: dict, valid: tuple[str, ...], here: str) -> None:
    unknown = [name for name in raw if name not in valid]
    if unknown:
        raise DecisionsError(
            f"{here}: unknown field(s) {', '.join(map(repr, unknown))}. Valid fields are: "
            f"{', '.join(valid)}."
        )


def _text(raw: dict, name: str, here: str) -> str | None:
    value = raw.get(name)
    if value is not None and not isinstance(value, str):
        raise DecisionsError(f"{here}: {name} = {value!r} must be text in quotes.")
    return value


def _texts(raw: dict, name: str, here: str) -> list[str] | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DecisionsError(f"{here}: {name} = {value!r} must be a list of texts, e.g. [\"a\", \"b\"].")
    return value


def _day(raw: dict, here: str) -> dt.date | None:
    value = raw.get("on")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise DecisionsError(f"{here}: on = {value!r} must be a date written 2026-11-20 (no quotes).")
    return value


def _event_type(name: str, vocab: Vocabulary, here: str, column: str) -> str:
    try:
        return vocab.resolve(name)
    except VocabularyError as error:
        raise DecisionsError(
            f"{here}: {column}: {error} Valid event types: {', '.join(sorted(vocab.event_types))}."
        ) from None

