"""The reviewer's decisions: a ``decisions.toml`` in the case folder, read, written and applied.

A toolkit proposes; the reviewer decides. The file holds one ``[[finding]]`` table per finding
the reviewer has decided on, and one ``[[entry]]`` table per entry they corrected::

    [[finding]]
    finding_id = "F-186e289dc6aa"
    rule = "c-strategy-meeting-after-separate-concerns"   # for people reading the file
    status = "accepted"                  # open, accepted, to discuss or dismissed
    note = "Confirmed with the police's author."
    by = "Lead reviewer"
    on = 2026-11-20

    [[entry]]
    entry_id = "child_d/school.docx:3"
    event_type = "injury"                # a vocabulary event type (id, label or alias)
    tags = ["injury", "referral"]        # replaces the entry's vocabulary tags
    duplicate_group = "dup-cf58fd3e78"   # "" takes the entry out of any group
    subject = "Child A"
    reviewer_tags = ["key practice episode"]
    exclude_from_publication = true
    note = "The school's record; the injury was seen at 09:00."

Finding and entry ids are stable across reloads and reruns (``finding_id`` hashes the rule,
case and trigger; ``entry_id`` is ``{case}/{file}:{row}``), so decisions survive. A decision
whose finding or entry no longer exists is an *orphan*: it is reported, never dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from reviewkit.exceptions import DecisionsError, VocabularyError
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary

#: The file name looked for in a case folder.
DECISIONS_NAME = "decisions.toml"

#: What a reviewer can decide about a finding (``open``: not decided yet).
STATUSES: tuple[str, ...] = ("open", "accepted", "to discuss", "dismissed")

#: The tag an entry flagged ``exclude_from_publication`` carries in ``tags``.
EXCLUDE_TAG = "exclude from publication"

#: Columns :func:`apply_finding_decisions` adds.
DECISION_COLUMNS: list[str] = ["status", "note", "decided_by", "decided_on"]

#: Columns of an orphans table: one row per decision whose finding or entry is gone.
ORPHAN_COLUMNS: list[str] = ["file", "about", "id", "decision"]

_FINDING_FIELDS = ("finding_id", "rule", "status", "note", "by", "on")
_ENTRY_FIELDS = (
    "entry_id", "event_type", "tags", "duplicate_group", "subject", "reviewer_tags",
    "exclude_from_publication", "note", "by", "on",
)


@dataclass(frozen=True)
class FindingDecision:
    """What the reviewer decided about one finding."""

    finding_id: str
    status: str
    rule: str | None = None
    note: str | None = None
    by: str | None = None
    on: dt.date | None = None


@dataclass(frozen=True)
class EntryDecision:
    """The reviewer's corrections to one entry (``None``: leave as loaded)."""

    entry_id: str
    event_type: str | None = None
    tags: tuple[str, ...] | None = None
    duplicate_group: str | None = None
    subject: str | None = None
    reviewer_tags: tuple[str, ...] = ()
    exclude_from_publication: bool = False
    note: str | None = None
    by: str | None = None
    on: dt.date | None = None


@dataclass(frozen=True)
class Decisions:
    """Every decision of one decisions file (or of several, merged), keyed by id."""

    findings: Mapping[str, FindingDecision] = field(default_factory=dict)
    entries: Mapping[str, EntryDecision] = field(default_factory=dict)
    path: Path | None = None

    @property
    def file(self) -> str:
        """The file's name for messages and reports (``decisions`` when not read from one)."""
        return str(self.path) if self.path is not None else "decisions"


# -- reading ----------------------------------------------------------------------------------


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
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as error:
        raise DecisionsError(f"{path}: there is no decisions file here.") from error
    except tomllib.TOMLDecodeError as error:
        raise DecisionsError(f"{path}: this is not valid TOML ({error}).") from error
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
        decision = _finding(raw, f"{where}, [[finding]] number {number}", where)
        if decision.finding_id in findings:
            raise DecisionsError(f"{where}: finding {decision.finding_id} is decided twice; keep one.")
        findings[decision.finding_id] = decision
    entries: dict[str, EntryDecision] = {}
    for number, raw in enumerate(_tables(data, "entry", where), start=1):
        decision = _entry(raw, f"{where}, [[entry]] number {number}", where, vocab)
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


def _finding(raw: dict, position: str, where: str) -> FindingDecision:
    identity = _identity(raw, "finding_id", position)
    here = f"{where}, finding {identity}"
    _known_fields(raw, _FINDING_FIELDS, here)
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


def _entry(raw: dict, position: str, where: str, vocab: Vocabulary) -> EntryDecision:
    identity = _identity(raw, "entry_id", position)
    here = f"{where}, entry {identity}"
    _known_fields(raw, _ENTRY_FIELDS, here)
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
    )


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


# -- writing ----------------------------------------------------------------------------------


def write_decisions(decisions: Decisions, path: str | os.PathLike) -> Path:
    """Write ``decisions`` as TOML (findings, then entries, each sorted by id); return the path.

    ``path`` may be a case folder (the file is then its ``decisions.toml``). The same decisions
    always give the same text, so a version control diff shows only what changed.

    Examples
    --------
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
        blocks.append(_table("finding", decisions.findings[key], _FINDING_FIELDS))
    for key in sorted(decisions.entries):
        blocks.append(_table("entry", decisions.entries[key], _ENTRY_FIELDS))
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


# -- changing ---------------------------------------------------------------------------------


def decide(
    decisions: Decisions,
    finding_id: str,
    *,
    status: str,
    note: str | None = None,
    by: str | None = None,
    on: dt.date | None = None,
    rule: str | None = None,
) -> Decisions:
    """Return ``decisions`` with the decision on ``finding_id`` set (checked as when read).

    Setting a finding back to ``open`` with no note removes its decision.

    Examples
    --------
    >>> d = decide(Decisions(), "F-1", status="dismissed", note="Same day, by phone")
    >>> d.findings["F-1"].status
    'dismissed'
    >>> decide(d, "F-1", status="open").findings
    {}
    """
    found = {k: v for k, v in decisions.findings.items() if k != finding_id}
    if not (status == "open" and not note):
        raw = {"finding_id": finding_id, "status": status, "note": note or None, "by": by or None,
               "on": on, "rule": rule}
        found[finding_id] = _finding({k: v for k, v in raw.items() if v is not None},
                                     f"{decisions.file}, finding {finding_id}", decisions.file)
    return replace(decisions, findings=found)


def correct(
    decisions: Decisions,
    entry_id: str,
    *,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    **corrections: object,
) -> Decisions:
    """Return ``decisions`` with the corrections to ``entry_id`` replaced by ``corrections``.

    ``corrections`` are the fields of an ``[[entry]]`` table (``event_type=``, ``tags=``,
    ``duplicate_group=``, ``subject=``, ``reviewer_tags=``, ``exclude_from_publication=``,
    ``note=``, ``by=``, ``on=``), checked as when read. None of them removes the entry's table.

    Examples
    --------
    >>> d = correct(Decisions(), "c/gp.csv:2", event_type="S47", exclude_from_publication=True)
    >>> d.entries["c/gp.csv:2"].event_type
    's47_enquiry'
    >>> correct(d, "c/gp.csv:2", reviewer_tags=[], exclude_from_publication=False).entries
    {}
    """
    found = {k: v for k, v in decisions.entries.items() if k != entry_id}
    given = {k: list(v) if isinstance(v, tuple) else v for k, v in corrections.items()
             if v is not None and v is not False and not (isinstance(v, (list, tuple)) and not v)}
    if given:
        vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
        found[entry_id] = _entry({"entry_id": entry_id, **given}, f"{decisions.file}, entry {entry_id}",
                                 decisions.file, vocab)
    return replace(decisions, entries=found)


# -- applying ---------------------------------------------------------------------------------


def apply_entry_decisions(
    chronology: pd.DataFrame, decisions: Decisions | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the entry corrections to a chronology; return it and the orphans table.

    Corrections replace ``event_type`` (and that type in ``tags``), ``tags``, ``subject`` and
    ``duplicate_group`` (``""``: in no group). Reviewer tags, and :data:`EXCLUDE_TAG` for an
    entry excluded from publication, are added to ``tags``. The input is not changed.
    Corrections are applied after intervals are paired and duplicates grouped.

    Examples
    --------
    >>> from reviewkit.load.schema import coerce_chronology
    >>> c = coerce_chronology(pd.DataFrame({"case_id": ["c"], "entry_id": ["c/gp.csv:2"],
    ...                                     "event_type": ["home_visit"], "tags": ["home_visit"]}))
    >>> d = correct(Decisions(), "c/gp.csv:2", event_type="injury", reviewer_tags=["key practice episode"])
    >>> d = correct(d, "c/gone.csv:9", subject="Child A")
    >>> fixed, orphans = apply_entry_decisions(c, d)
    >>> fixed.loc[0, ["event_type", "tags"]].tolist()
    ['injury', 'injury;key practice episode']
    >>> orphans[["about", "id", "decision"]].values.tolist()
    [['entry', 'c/gone.csv:9', 'subject = Child A']]
    """
    if decisions is None or not decisions.entries:
        return chronology, empty_orphans()
    rows = np.flatnonzero(chronology["entry_id"].isin(list(decisions.entries)).to_numpy(dtype=bool))
    found = chronology["entry_id"].iloc[rows].astype(str).tolist()
    present = [(decisions.entries[i], r) for i, r in zip(found, rows)]
    kept = set(found)
    orphans = [d for key, d in decisions.entries.items() if key not in kept]
    if not present:
        return chronology, _orphans(decisions, "entry", orphans)
    positions = [row for _, row in present]
    columns = {name: chronology[name].iloc[positions].astype(object).to_numpy(copy=True)
               for name in ("event_type", "tags", "subject", "duplicate_group")}
    for k, (decision, _) in enumerate(present):
        tags = set(filter(None, str(columns["tags"][k]).split(";"))) if _given(columns["tags"][k]) else set()
        if decision.tags is not None:
            tags = set(decision.tags)
        if decision.event_type is not None:
            old = columns["event_type"][k]
            if decision.tags is None and _given(old):
                tags.discard(str(old))
            tags.add(decision.event_type)
            columns["event_type"][k] = decision.event_type
        tags |= set(decision.reviewer_tags) | ({EXCLUDE_TAG} if decision.exclude_from_publication else set())
        columns["tags"][k] = ";".join(sorted(tags)) if tags else pd.NA
        if decision.subject is not None:
            columns["subject"][k] = decision.subject or pd.NA
        if decision.duplicate_group is not None:
            columns["duplicate_group"][k] = decision.duplicate_group or pd.NA
    out = chronology.copy(deep=False)
    for name, values in columns.items():
        column = chronology[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            new = sorted({v for v in values if _given(v)} - set(column.cat.categories))
            column = column.cat.add_categories(new)
        else:
            column = column.copy()
        column.iloc[positions] = values
        out[name] = column
    return out, _orphans(decisions, "entry", orphans)


def apply_finding_decisions(
    findings: pd.DataFrame, decisions: Decisions | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the reviewer's ``status``, ``note``, ``decided_by`` and ``decided_on`` to findings.

    Undecided findings are ``open``. ``findings`` may also be :func:`reviewkit.check`'s
    verdicts: rows that are findings (breached or possibly breached) get a status, the others
    none. Returns the frame (a copy) and the orphans table (decisions about findings that are
    not in ``findings``).

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1", "F-2"]})
    >>> d = decide(decide(Decisions(), "F-1", status="accepted", by="RK"), "F-9", status="dismissed")
    >>> decided, orphans = apply_finding_decisions(f, d)
    >>> decided[["finding_id", "status", "decided_by"]].fillna("").values.tolist()
    [['F-1', 'accepted', 'RK'], ['F-2', 'open', '']]
    >>> orphans["id"].tolist()
    ['F-9']
    """
    ids = finding_ids(findings)
    decisions = decisions or Decisions()
    known = [decisions.findings.get(i) if isinstance(i, str) else None for i in ids]
    out = findings.copy()
    out["status"] = pd.array([d.status if d else ("open" if isinstance(i, str) else None)
                              for d, i in zip(known, ids)], dtype="string")
    out["note"] = pd.array([d.note if d else None for d in known], dtype="string")
    out["decided_by"] = pd.array([d.by if d else None for d in known], dtype="string")
    out["decided_on"] = pd.to_datetime(pd.Series([d.on if d else None for d in known], index=out.index,
                                                 dtype=object)).astype("datetime64[ns]")
    present = {i for i in ids if isinstance(i, str)}
    orphans = [d for key, d in decisions.findings.items() if key not in present]
    return out, _orphans(decisions, "finding", orphans)


def finding_ids(frame: pd.DataFrame) -> list[str | None]:
    """The finding id of every row: ``finding_id``, or for verdicts the id their finding gets.

    Examples
    --------
    >>> finding_ids(pd.DataFrame({"verdict_id": ["V-1", "V-2"], "verdict": ["met", "breached"]}))
    [None, 'F-2']
    """
    if "finding_id" in frame:
        return frame["finding_id"].astype(object).tolist()
    is_finding = frame["verdict"].isin(["breached", "possibly breached"]).to_numpy()
    ids = frame["verdict_id"].astype(str).str.replace("V-", "F-", n=1).to_numpy(dtype=object)
    return np.where(is_finding, ids, None).tolist()


def empty_orphans() -> pd.DataFrame:
    """An orphans table with no rows.

    Examples
    --------
    >>> empty_orphans().columns.tolist() == ORPHAN_COLUMNS
    True
    """
    return pd.DataFrame({name: pd.Series(dtype="string") for name in ORPHAN_COLUMNS})


def describe(decision: FindingDecision | EntryDecision) -> str:
    """One line saying what a decision decided (for orphans tables and the terminal).

    Examples
    --------
    >>> describe(FindingDecision("F-1", "dismissed", rule="gap", note="Visits were weekly"))
    'dismissed (rule gap): Visits were weekly'
    >>> describe(EntryDecision("c/a.csv:2", event_type="injury", exclude_from_publication=True))
    'event_type = injury; exclude_from_publication'
    """
    if isinstance(decision, FindingDecision):
        text = decision.status + (f" (rule {decision.rule})" if decision.rule else "")
        return text + (f": {decision.note}" if decision.note else "")
    parts = [f"{name} = {_plain(getattr(decision, name))}"
             for name in ("event_type", "tags", "subject", "duplicate_group", "reviewer_tags")
             if getattr(decision, name) not in (None, ())]
    if decision.exclude_from_publication:
        parts.append("exclude_from_publication")
    if decision.note:
        parts.append(f"note: {decision.note}")
    return "; ".join(parts) or "no correction"


def _plain(value: object) -> str:
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def _orphans(decisions: Decisions, about: str, orphans: list) -> pd.DataFrame:
    if not orphans:
        return empty_orphans()
    return pd.DataFrame(
        {
            "file": decisions.file,
            "about": about,
            "id": [d.finding_id if about == "finding" else d.entry_id for d in orphans],
            "decision": [describe(d) for d in orphans],
        },
        columns=ORPHAN_COLUMNS,
    ).astype("string")


def _given(value: object) -> bool:
    return value is not None and not pd.isna(value)


# -- carrying decisions through check, detect and the load report --------------------------------


def decided(
    verdicts: pd.DataFrame, decisions: Decisions | None, entry_orphans: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Verdicts (or findings) with the reviewer's decisions, and every orphan in ``attrs``.

    With no decisions, ``verdicts`` unchanged. Otherwise a copy with :data:`DECISION_COLUMNS`
    (see :func:`apply_finding_decisions`) whose ``attrs["orphans"]`` lists, as records, the
    decisions about entries (``entry_orphans``) and findings that no longer exist; read it
    as a table with :func:`orphans`.

    Examples
    --------
    >>> v = pd.DataFrame({"verdict_id": ["V-1"], "verdict": ["breached"]})
    >>> out = decided(v, decide(Decisions(), "F-2", status="accepted"))
    >>> out["status"].tolist(), orphans(out)["id"].tolist()
    (['open'], ['F-2'])
    """
    if decisions is None:
        return verdicts
    out, found = apply_finding_decisions(verdicts, decisions)
    tables = [t for t in (entry_orphans, found) if t is not None and not t.empty]
    out.attrs["orphans"] = pd.concat(tables).to_dict("records") if tables else []
    return out


def carry_decisions(findings: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Findings with the decision columns and orphans of the verdicts they come from.

    Examples
    --------
    >>> v = decided(pd.DataFrame({"verdict_id": ["V-1"], "verdict": ["breached"]}),
    ...             decide(Decisions(), "F-1", status="dismissed"))
    >>> carry_decisions(pd.DataFrame({"finding_id": ["F-1"]}), v)["status"].tolist()
    ['dismissed']
    """
    if "status" not in verdicts:
        return findings
    by_id = verdicts.set_axis(finding_ids(verdicts))[DECISION_COLUMNS]
    by_id = by_id[by_id.index.notna()]
    out = findings.join(by_id, on="finding_id")
    out.attrs["orphans"] = list(verdicts.attrs.get("orphans", []))
    return out


def orphans(frame: pd.DataFrame) -> pd.DataFrame:
    """The orphans table of what :func:`reviewkit.check` or :func:`reviewkit.detect` returned.

    Decisions whose entry or finding no longer exists, one row each (:data:`ORPHAN_COLUMNS`);
    empty when there are none, or when no decisions were applied.

    Examples
    --------
    >>> orphans(pd.DataFrame()).empty
    True
    """
    records = frame.attrs.get("orphans", [])
    if not records:
        return empty_orphans()
    return pd.DataFrame(records, columns=ORPHAN_COLUMNS).astype("string")


def report_notes(decisions: Decisions, entry_orphans: pd.DataFrame | None = None) -> str:
    """What the load report says about a decisions file: how much applied, and its orphans.

    Examples
    --------
    >>> d = correct(decide(Decisions(), "F-1", status="accepted"), "c/a.csv:9", subject="Mother")
    >>> report_notes(d, apply_entry_decisions(pd.DataFrame({"entry_id": ["c/a.csv:2"]}), d)[1])
    "reviewer's decisions: 0 of 1 correction(s) to entries applied; 1 decision(s) on findings (check and detect apply them); ORPHANS, not in the chronology: entry c/a.csv:9 (subject = Mother)"
    """
    gone = entry_orphans if entry_orphans is not None else empty_orphans()
    applied = len(decisions.entries) - int(gone["about"].eq("entry").sum())
    notes = (
        f"reviewer's decisions: {applied} of {len(decisions.entries)} correction(s) to entries "
        f"applied; {len(decisions.findings)} decision(s) on findings (check and detect apply them)"
    )
    if not gone.empty:
        listed = ", ".join(f"{row.about} {row.id} ({row.decision})" for row in gone.itertuples())
        notes += f"; ORPHANS, not in the chronology: {listed}"
    return notes
