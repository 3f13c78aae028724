"""Move decisions written with the row-based ids of reviewkit before 0.2 to today's ids.

Before 0.2 an entry id was ``{case}/{file}:{row}``, so an agency's resent file with one row more
moved every decision below it to another entry. Ids are now made from the entry's content (see
:mod:`reviewkit.interpret.entry_ids`). A decisions file written before keeps working: each
row-based id is matched to the entry now at that row of that file (:func:`migrate_entries`), and
each finding id made from a row-based id to the finding now made from the same rule and entry
(:func:`migrate_findings`). The decisions file is then changed in place, under its lock, each
moved id followed by a comment holding the old one, so that from then on the decision keeps to
the entry's content. Every move is listed in the load report (with the entry's date, agency and
first words, to check it is the entry meant); a row-based id whose row holds no entry now is an
orphan, with that reason.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from reviewkit.exceptions import DataQualityWarning, DecisionsError
from reviewkit.interpret.entry_ids import is_row_id, row_ids
from reviewkit.review.decisions import Decisions
from reviewkit.review.writing import _replace, decisions_lock


def migrate_entries(decisions: Decisions | None, chronology: pd.DataFrame) -> Decisions | None:
    """``decisions`` with each row-based entry id moved to the id of the entry at that row.

    Only ids not in ``chronology`` are moved, and only to an entry that has no decision of its
    own. The moves are in the result's ``migrated`` (``{old id: new id}``).

    Examples
    --------
    >>> from reviewkit.review.changes import correct
    >>> chron = pd.DataFrame({"entry_id": ["c/gp.csv:14-03-2009-643c8444"], "source_row": [2]})
    >>> moved = migrate_entries(correct(Decisions(), "c/gp.csv:2", subject="Mother"), chron)
    >>> list(moved.entries), moved.migrated
    (['c/gp.csv:14-03-2009-643c8444'], {'c/gp.csv:2': 'c/gp.csv:14-03-2009-643c8444'})
    """
    if decisions is None or "entry_id" not in chronology:
        return decisions
    present = set(chronology["entry_id"].astype(str))
    old = [key for key in decisions.entries if key not in present and is_row_id(key)]
    if not old:
        return decisions
    moves = _unique_moves(row_ids(chronology), chronology["entry_id"], old)
    moves = {o: n for o, n in moves.items() if n not in decisions.entries}
    if not moves:
        return decisions
    entries = {moves.get(key, key): replace(d, entry_id=moves.get(key, key))
               for key, d in decisions.entries.items()}
    return replace(decisions, entries=entries, migrated={**decisions.migrated, **moves})


def migrate_findings(decisions: Decisions | None, findings: pd.DataFrame,
                     chronology: pd.DataFrame) -> Decisions | None:
    """``decisions`` with each finding id made from a row-based entry id moved to today's.

    A finding id hashes the rule, the case and the entry the rule was applied to (its
    ``trigger``); the one a decision names is matched to the finding of ``findings`` (or of
    verdicts) whose rule and case, with the row-based id its trigger had in ``chronology``, give it. Rules applied to a period between two entries are not
    matched: their decisions stay orphans, with the reason.

    Examples
    --------
    >>> from reviewkit.review.changes import decide
    >>> old = finding_id("rule-1", "c", "c/gp.csv:2")
    >>> f = pd.DataFrame({"finding_id": ["F-new"], "rule": ["rule-1"], "case_id": ["c"],
    ...                   "trigger": ["c/gp.csv:14-03-2009-643c8444"]})
    >>> chron = pd.DataFrame({"entry_id": ["c/gp.csv:14-03-2009-643c8444"], "source_row": [2]})
    >>> moved = migrate_findings(decide(Decisions(), old, status="accepted"), f, chron)
    >>> list(moved.findings), moved.migrated == {old: "F-new"}
    (['F-new'], True)
    """
    if decisions is None or not decisions.findings or "trigger" not in findings \
            or "entry_id" not in chronology:
        return decisions
    ids = findings["finding_id"] if "finding_id" in findings else \
        findings["verdict_id"].astype("string").str.replace("V-", "F-", n=1)
    missing = set(decisions.findings) - set(ids.dropna().astype(str))
    if not missing:
        return decisions
    triggers = findings["trigger"].astype("string").map(row_id_map(chronology)).astype("string")
    usable = triggers.notna().to_numpy()
    old = [finding_id(r, c, t) for r, c, t in zip(findings["rule"][usable].astype(str),
                                                   findings["case_id"][usable].astype(str), triggers[usable])]
    moves = _unique_moves(pd.Series(old, dtype="string"), ids[usable].reset_index(drop=True), missing)
    moves = {o: n for o, n in moves.items() if n not in decisions.findings}
    if not moves:
        return decisions
    found = {moves.get(key, key): replace(d, finding_id=moves.get(key, key))
             for key, d in decisions.findings.items()}
    return replace(decisions, findings=found, migrated={**decisions.migrated, **moves})


def migrate_findings_saved(decisions: Decisions | None, verdicts: pd.DataFrame,
                           chronology: pd.DataFrame) -> Decisions | None:
    """:func:`migrate_findings`, the moves also saved in the decisions file (:func:`save_migration`)."""
    if decisions is None or not decisions.findings:
        return decisions
    moved = migrate_findings(decisions, verdicts, chronology)
    save_migration(moved, already=decisions.migrated)
    return moved


def finding_id(rule: str, case_id: str, key: str) -> str:
    """The finding id of a rule applied in a case at ``key`` (as ``reviewkit.check`` makes it:
    ``F-`` and the first 12 hex digits of the SHA-1 of the three, joined by ``\\x1f``).

    Examples
    --------
    >>> finding_id("rule-1", "c", "child_d/school.docx:13")
    'F-0dd20f348165'
    """
    text = "\x1f".join((rule, case_id, key))
    return "F-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def row_id_map(chronology: pd.DataFrame) -> dict[str, str]:
    """``{entry id: row-based id}`` of a chronology's entries (see :func:`row_ids`)."""
    old = row_ids(chronology)
    known = old.notna().to_numpy()
    return dict(zip(chronology["entry_id"].astype(str)[known], old[known].astype(str)))


def save_migration(decisions: Decisions | None, already: Mapping[str, str] | None = None) -> None:
    """Change the moved ids in the decisions file in place (its comments and order kept), each
    followed by a comment with the old id. Nothing is written when nothing moved, when the
    decisions were not read from a file, or for moves in ``already`` (saved before).

    A file that cannot be written is left as it is, with a :class:`DataQualityWarning`: the
    decisions still apply, moved again at every load.
    """
    if decisions is None or decisions.path is None or not decisions.migrated:
        return
    moves = {o: n for o, n in decisions.migrated.items() if o not in (already or {})}
    if not moves or not decisions.path.exists():
        return
    import tomlkit  # only where a file is changed: loading imports this module
    from tomlkit.exceptions import TOMLKitError

    try:
        with decisions_lock(decisions.path):
            document = tomlkit.parse(decisions.path.read_text("utf-8"))
            changed = False
            for name, field in (("finding", "finding_id"), ("entry", "entry_id")):
                for table in document.get(name, []):
                    old = str(table.get(field))
                    if old in moves:
                        own = table[field].trivia.comment.lstrip("# ").strip()  # the reviewer's comment
                        table[field] = moves[old]
                        table[field].comment((f"{own}; " if own else "")
                                             + f"was {old} (a row-based id, before reviewkit 0.2)")
                        changed = True
            if changed:
                _replace(decisions.path, tomlkit.dumps(document))
    except (OSError, TOMLKitError, DecisionsError) as error:
        warnings.warn(
            f"{decisions.path}: {len(moves)} decision(s) written with row-based ids were matched "
            f"to today's ids, but the file could not be updated ({error}); they still apply.",
            DataQualityWarning, stacklevel=3,
        )


def _unique_moves(old_ids: pd.Series, new_ids: pd.Series, wanted) -> dict[str, str]:
    """``{old: new}`` for the wanted old ids that name exactly one entry (or finding)."""
    pairs = pd.DataFrame({"old": old_ids.astype("string").to_numpy(),
                          "new": new_ids.astype("string").to_numpy()})
    pairs = pairs[pairs["old"].isin(list(wanted)).to_numpy()].drop_duplicates()
    pairs = pairs[~pairs["old"].duplicated(keep=False).to_numpy()]
    return dict(zip(pairs["old"].astype(str), pairs["new"].astype(str)))
