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
    entry_id = "child_d/school.docx:12-may-2014-b336ae5a"
    event_type = "injury"                # a vocabulary event type (id, label or alias)
    tags = ["injury", "referral"]        # replaces the entry's vocabulary tags
    duplicate_group = "dup-cf58fd3e78"   # "" takes the entry out of any group
    subject = "Child A"
    reviewer_tags = ["key practice episode"]
    exclude_from_publication = true
    note = "The school's record; the injury was seen at 09:00."
    significance = true                  # or a word: "key event", "not significant"
    analysis = "The first injury any agency saw; no strategy discussion followed."

Finding and entry ids are stable across reloads and reruns (``finding_id`` hashes the rule,
case and trigger; ``entry_id`` is made from the entry's content, see
:mod:`reviewkit.interpret.entry_ids`), so decisions survive, also when an agency resends its file
with rows added. A decision whose finding or entry no longer exists (the entry's own text
changed, or it was removed) is an *orphan*: it is reported with the reason, never dropped and
never moved to another entry. Decisions written with the row-based ids of reviewkit before 0.2
are moved to today's ids (:mod:`reviewkit.review.migration`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: The file name looked for in a case folder.
DECISIONS_NAME = "decisions.toml"

#: What a reviewer can decide about a finding (``open``: not decided yet).
STATUSES: tuple[str, ...] = ("open", "accepted", "to discuss", "dismissed")

#: The tag an entry flagged ``exclude_from_publication`` carries in ``tags``.
EXCLUDE_TAG = "exclude from publication"

#: Columns :func:`apply_finding_decisions` adds.
DECISION_COLUMNS: list[str] = ["status", "note", "decided_by", "decided_on"]

#: Columns of an orphans table: one row per decision whose finding or entry is gone, and why.
ORPHAN_COLUMNS: list[str] = ["file", "about", "id", "decision", "reason"]

FINDING_FIELDS = ("finding_id", "rule", "status", "note", "by", "on")
ENTRY_FIELDS = (
    "entry_id", "event_type", "tags", "duplicate_group", "subject", "reviewer_tags",
    "exclude_from_publication", "note", "significance", "analysis", "by", "on",
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
    significance: str | None = None
    analysis: str | None = None


@dataclass(frozen=True)
class Decisions:
    """Every decision of one decisions file (or of several, merged), keyed by id."""

    findings: Mapping[str, FindingDecision] = field(default_factory=dict)
    entries: Mapping[str, EntryDecision] = field(default_factory=dict)
    path: Path | None = None
    #: ``{old id: new id}`` of the decisions moved from the row-based ids of reviewkit before 0.2.
    migrated: Mapping[str, str] = field(default_factory=dict)

    @property
    def file(self) -> str:
        """The file's name for messages and reports (``decisions`` when not read from one)."""
        return str(self.path) if self.path is not None else "decisions"

