"""Change the decisions in memory, checked as when read: decide on a finding, correct an entry."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.review.decisions import Decisions
from reviewkit.review.reading import entry_decision, finding_decision


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
        found[finding_id] = finding_decision({k: v for k, v in raw.items() if v is not None},
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
        found[entry_id] = entry_decision({"entry_id": entry_id, **given}, f"{decisions.file}, entry {entry_id}",
                                 decisions.file, vocab)
    return replace(decisions, entries=found)

