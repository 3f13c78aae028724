"""The review table for JupyterLab: the reviewer decides on each finding and corrects entries.

Every change is written to the case's ``decisions.toml`` at once (see :mod:`reviewkit.review.decisions`).
The logic is in plain functions (:func:`review_rows`, :func:`evidence_rows`,
:func:`change_finding`, :func:`change_entry`); :func:`review_table` only lays out ipywidgets
that call them. Each change reads the file again before writing it, so an edit made to the file
by hand while the table is open is kept.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import DECISIONS_NAME, EXCLUDE_TAG, STATUSES, Decisions
from reviewkit.review.reading import read_decisions
from reviewkit.review.writing import decisions_lock, write_decisions

#: The reviewer tag the table's check box sets on an entry.
KEY_EPISODE = "key practice episode"

#: Columns of :func:`review_rows`.
REVIEW_COLUMNS: list[str] = [
    "finding_id", "rule", "theme", "severity", "certainty", "when", "summary", "entries",
    "status", "note",
]

#: Columns of :func:`evidence_rows`.
EVIDENCE_COLUMNS: list[str] = [
    "entry_id", "date_text", "agency", "event_type", "summary", "mentions",
    "corrected_event_type", "key_episode", "excluded", "significance", "analysis",
]

#: The significance the table offers for an entry (a word written in the file by hand is kept).
SIGNIFICANCE_CHOICES: tuple[str, ...] = ("significant", "not significant")

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def decisions_path(case: str | os.PathLike) -> Path:
    """The decisions file of a case folder (``path`` itself when it names a file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> decisions_path(folder).name
    'decisions.toml'
    """
    path = Path(case)
    return path / DECISIONS_NAME if path.is_dir() else path


def current_decisions(
    path: str | os.PathLike, *, vocabulary: str | os.PathLike | Vocabulary | None = None
) -> Decisions:
    """The decisions in the file at ``path`` (a case folder or the file), or none yet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> current_decisions(pathlib.Path(tempfile.mkdtemp())).findings
    {}
    """
    file = decisions_path(path)
    if file.exists():
        return read_decisions(file, vocabulary=vocabulary)
    return Decisions(path=file)


def review_rows(findings: pd.DataFrame, decisions: Decisions) -> pd.DataFrame:
    """One row per finding, in review order (severity, then date), with its decision so far.

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1", "F-2"], "rule": ["a", "b"], "theme": "t",
    ...     "severity": ["low", "high"], "certainty": "certain", "summary": ["x", "y"],
    ...     "start": pd.to_datetime(["2015-02-09", "2015-03-01"]), "entries": [("e1",), ("e2",)]})
    >>> review_rows(f, decide(Decisions(), "F-1", status="dismissed", note="n"))[
    ...     ["finding_id", "when", "status", "note"]].values.tolist()
    [['F-2', '1 Mar 2015', 'open', ''], ['F-1', '9 Feb 2015', 'dismissed', 'n']]
    """
    order = findings.assign(
        _severity=findings["severity"].map(_SEVERITY_ORDER).fillna(3)
    ).sort_values(["_severity", "start", "finding_id"], kind="stable")
    known = [decisions.findings.get(i) for i in order["finding_id"]]
    return pd.DataFrame(
        {
            "finding_id": order["finding_id"].tolist(),
            "rule": order["rule"].tolist(),
            "theme": order["theme"].tolist(),
            "severity": order["severity"].tolist(),
            "certainty": order["certainty"].tolist(),
            "when": [_day(t) for t in order["start"]],
            "summary": order["summary"].tolist(),
            "entries": [tuple(e) for e in order["entries"]],
            "status": [d.status if d else "open" for d in known],
            "note": [(d.note or "") if d else "" for d in known],
        },
        columns=REVIEW_COLUMNS,
    )


def evidence_rows(entry_ids: tuple[str, ...], chronology: pd.DataFrame, decisions: Decisions) -> pd.DataFrame:
    """The evidence entries of one finding, with the reviewer's corrections to each so far.

    ``significance`` and ``analysis`` are the reviewer's own (from the decisions file), not the
    agency's. Entries no longer in the chronology are left out.

    Examples
    --------
    >>> c = pd.DataFrame({"entry_id": ["c/a.csv:2"], "date_text": ["9/2/15"], "agency": ["School"],
    ...                   "event_type": ["injury"], "summary": ["Scratch to neck"]})
    >>> d = correct(Decisions(), "c/a.csv:2", reviewer_tags=[KEY_EPISODE])
    >>> evidence_rows(("c/a.csv:2", "c/gone.csv:9"), c, d).to_dict("records")[0]["key_episode"]
    True
    """
    entries = chronology.set_index("entry_id")
    present = [e for e in entry_ids if e in entries.index]
    corrections = [decisions.entries.get(e) for e in present]
    return pd.DataFrame(
        {
            "entry_id": present,
            "date_text": [_text(entries.at[e, "date_text"]) for e in present],
            "agency": [_text(entries.at[e, "agency"]) for e in present],
            "event_type": [_text(entries.at[e, "event_type"]) for e in present],
            "summary": [_text(entries.at[e, "summary"]) for e in present],
            "mentions": [_text(entries.at[e, "mentions"]) if "mentions" in entries else ""
                         for e in present],
            "corrected_event_type": [(c.event_type or "") if c else "" for c in corrections],
            "key_episode": [bool(c and KEY_EPISODE in c.reviewer_tags) for c in corrections],
            "excluded": [bool(c and c.exclude_from_publication) for c in corrections],
            "significance": [(c.significance or "") if c else "" for c in corrections],
            "analysis": [(c.analysis or "") if c else "" for c in corrections],
        },
        columns=EVIDENCE_COLUMNS,
    )


def change_finding(
    path: str | os.PathLike,
    finding_id: str,
    *,
    status: str | None = None,
    note: str | None = None,
    by: str | None = None,
    on: dt.date | None = None,
    rule: str | None = None,
) -> Decisions:
    """Set the status and/or note of one finding in the decisions file; return the decisions.

    What is not given is kept (a new decision starts ``open``); ``by`` and ``on`` record who
    changed it and when (``on`` defaults to today).

    Examples
    --------
    >>> import tempfile, pathlib, datetime
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = change_finding(folder, "F-1", status="to discuss", on=datetime.date(2026, 11, 20))
    >>> d = change_finding(folder, "F-1", note="Ask the police", on=datetime.date(2026, 11, 21))
    >>> d.findings["F-1"].status, d.findings["F-1"].note, d.findings["F-1"].on
    ('to discuss', 'Ask the police', datetime.date(2026, 11, 21))
    """
    with decisions_lock(decisions_path(path)):  # no other save between this read and write
        decisions = current_decisions(path)
        old = decisions.findings.get(finding_id)
        decisions = decide(
            decisions, finding_id,
            status=status if status is not None else (old.status if old else "open"),
            note=note if note is not None else (old.note if old else None),
            by=by or (old.by if old else None),
            on=on or dt.date.today(),
            rule=rule or (old.rule if old else None),
        )
        write_decisions(decisions, decisions_path(path))
    return decisions


def change_entry(
    path: str | os.PathLike,
    entry_id: str,
    *,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    **changes: object,
) -> Decisions:
    """Change the corrections to one entry in the decisions file; return the decisions.

    ``changes`` are fields of an ``[[entry]]`` table; a field given as ``None``, ``""``, an
    empty list or ``False`` is removed, fields not given are kept. ``key_episode=True/False``
    adds or removes the reviewer tag :data:`KEY_EPISODE`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = change_entry(folder, "c/a.csv:2", event_type="injury", key_episode=True)
    >>> d = change_entry(folder, "c/a.csv:2", exclude_from_publication=True)
    >>> e = d.entries["c/a.csv:2"]
    >>> e.event_type, e.reviewer_tags, e.exclude_from_publication
    ('injury', ('key practice episode',), True)
    >>> change_entry(folder, "c/a.csv:2", event_type="", key_episode=False,
    ...              exclude_from_publication=False).entries
    {}
    """
    with decisions_lock(decisions_path(path)):  # no other save between this read and write
        decisions = current_decisions(path, vocabulary=vocabulary)
        old = decisions.entries.get(entry_id)
        fields = {name: getattr(old, name) for name in (
            "event_type", "tags", "duplicate_group", "subject", "reviewer_tags",
            "exclude_from_publication", "note", "significance", "analysis", "by", "on")} if old else {}
        if "key_episode" in changes:
            tags = [t for t in fields.get("reviewer_tags", ()) if t != KEY_EPISODE]
            fields["reviewer_tags"] = tags + ([KEY_EPISODE] if changes.pop("key_episode") else [])
        fields.update(changes)
        fields = {k: v for k, v in fields.items() if v not in (None, "", (), [], False)}
        if set(fields) - {"by", "on"}:
            decisions = correct(decisions, entry_id, vocabulary=vocabulary, **fields)
        else:
            decisions = correct(decisions, entry_id)
        write_decisions(decisions, decisions_path(path))
    return decisions


def review_table(
    findings: pd.DataFrame,
    chronology: pd.DataFrame,
    case: str | os.PathLike,
    *,
    by: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
) -> widgets.VBox:
    """An interactive review table of the findings, writing to the case's decisions file.

    For each finding (highest severity first): its summary, status buttons (open, accepted,
    to discuss, dismissed), a note, and its evidence entries, each with its event type (to
    correct), a *key practice episode* box, an *exclude from publication* box, its significance
    (significant, not significant) and the reviewer's analysis. Each change
    is written to ``decisions.toml`` at once, with ``by`` and today's date. Corrections to
    entries change the findings the next time the case is loaded and checked.

    Parameters
    ----------
    findings, chronology
        From :func:`reviewkit.detect` and :func:`reviewkit.read_chronology`.
    case
        The case folder (or the decisions file to write).
    by
        Who is reviewing, recorded with each decision.
    vocabulary
        A user's vocabulary, for the event types offered.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reviewkit.load.schema import empty_chronology
    >>> from reviewkit.check.verdicts import empty_verdicts, findings_from
    >>> table = review_table(findings_from(empty_verdicts()), empty_chronology(),
    ...                      pathlib.Path(tempfile.mkdtemp()))
    >>> table.children[0].value
    '<p>No findings to review.</p>'
    """
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
    decisions = current_decisions(case, vocabulary=vocab)
    rows = review_rows(findings, decisions)
    if rows.empty:
        return widgets.VBox([widgets.HTML("<p>No findings to review.</p>")])
    types = [("(as loaded)", "")] + [(t, t) for t in sorted(vocab.event_types)]
    cards = [_finding_card(row, chronology, decisions, case, by, vocab, types)
             for row in rows.itertuples(index=False)]
    header = widgets.HTML(
        f"<p>{len(rows)} findings. Decisions are saved to "
        f"<code>{html.escape(str(decisions_path(case)))}</code> as you make them.</p>"
    )
    return widgets.VBox([header, *cards], layout=widgets.Layout(width="100%"))


def _finding_card(row, chronology, decisions, case, by, vocab, types) -> widgets.VBox:
    title = widgets.HTML(
        f"<b>{html.escape(row.when)} · {html.escape(str(row.severity))} · "
        f"{html.escape(str(row.theme))}</b> <code>{html.escape(row.finding_id)}</code><br>"
        f"{html.escape(str(row.summary))}<br><small>rule {html.escape(str(row.rule))}, "
        f"{html.escape(str(row.certainty))}</small>"
    )
    status = widgets.ToggleButtons(options=list(STATUSES), value=row.status, description="Status")
    note = widgets.Textarea(value=row.note, placeholder="Note (why; what to discuss)",
                            continuous_update=False, layout=widgets.Layout(width="90%"))
    status.add_class("reviewkit-status")
    note.add_class("reviewkit-note")
    status.observe(lambda change: change_finding(case, row.finding_id, status=change["new"],
                                                 by=by, rule=row.rule), names="value")
    note.observe(lambda change: change_finding(case, row.finding_id, note=change["new"],
                                               by=by, rule=row.rule), names="value")
    evidence = [_entry_line(e, case, by, vocab, types)
                for e in evidence_rows(row.entries, chronology, decisions).itertuples(index=False)]
    box = widgets.VBox([title, status, note, *evidence],
                       layout=widgets.Layout(border="1px solid #bbb", padding="6px", margin="4px 0"))
    box.add_class("reviewkit-finding")
    return box


def _entry_line(entry, case, by, vocab, types) -> widgets.VBox:
    text = widgets.HTML(
        f"{html.escape(entry.date_text)} · {html.escape(entry.agency)} · "
        f"<i>{html.escape(entry.event_type)}</i>: {html.escape(entry.summary)}"
        + (f"<br><small>read as: {html.escape(entry.mentions)}</small>" if entry.mentions else ""),
        layout=widgets.Layout(width="50%"),
    )
    event_type = widgets.Dropdown(options=types, value=entry.corrected_event_type,
                                  layout=widgets.Layout(width="18em"))
    key = widgets.Checkbox(value=entry.key_episode, description=KEY_EPISODE, indent=False)
    excluded = widgets.Checkbox(value=entry.excluded, description=EXCLUDE_TAG, indent=False)
    choices = [("(significance)", "")] + [(s, s) for s in SIGNIFICANCE_CHOICES]
    if entry.significance and entry.significance not in SIGNIFICANCE_CHOICES:
        choices.append((entry.significance, entry.significance))  # a word written by hand
    significance = widgets.Dropdown(options=choices, value=entry.significance,
                                    layout=widgets.Layout(width="12em"))
    analysis = widgets.Text(value=entry.analysis, placeholder="Reviewer's analysis of this entry",
                            continuous_update=False, layout=widgets.Layout(width="70%"))
    for control, name in ((event_type, "event_type"), (key, "key_episode"),
                          (excluded, "exclude_from_publication"), (significance, "significance"),
                          (analysis, "analysis")):
        control.add_class(f"reviewkit-{name.replace('_', '-')}")
        control.observe(
            lambda change, name=name: change_entry(case, entry.entry_id, vocabulary=vocab,
                                                   by=by, on=dt.date.today(), **{name: change["new"]}),
            names="value",
        )
    return widgets.VBox([widgets.HBox([text, event_type, key, excluded]),
                         widgets.HBox([significance, analysis])])


def _day(value: object) -> str:
    return f"{value:%-d %b %Y}" if pd.notna(value) else "date not known"


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
