"""Finding titles in words: the rule's title filled with the case's facts.

Each verdict gets a short ``title`` from its rule's ``title``. A title with placeholders is
filled from the verdict ("{subject} not referred by {agency} ({when})"); a plain title is
followed by the facts that tell this finding apart from others of the rule: who it was about,
when, and what happened ("An assault witnessed by staff is reported to children's services
immediately: Child B, 9 February 2015, after 3 hours 30 minutes"). A finding that groups
several occurrences says how many (:func:`counted_titles`). The timeline's key, the print
figure, the charts and the report name findings by these titles.
"""

from __future__ import annotations

import string

import numpy as np
import pandas as pd

from reviewkit.check.detectors.entry_rows import trigger_rows
from reviewkit.check.detectors.per_check import Distinct, distinct_for
from reviewkit.check.wording import people_values, span_values, written_day
from reviewkit.messages import message

#: What a title may name, in braces.
TITLE_FIELDS: tuple[str, ...] = ("subject", "agency", "when", "delay", "limit", "count")


def title_facts(
    verdicts: pd.DataFrame, chronology: pd.DataFrame, *, distinct: Distinct | None = None,
    rows: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Each verdict's facts a title names (see :data:`TITLE_FIELDS`), as arrays of text (None where unknown).

    ``subject`` is the people its trigger entry names (the first row of that id naming
    someone; ``distinct``, the check's shared answers, finds the rows, and ``rows`` are those the
    detectors gave, if any); ``when`` the day it started, or the vague
    date as written; ``delay`` how long the response took (or the gap or stasis lasted).

    Examples
    --------
    >>> chronology = pd.DataFrame({"entry_id": ["c/a:1"], "subject": ["Child B; Mother"]})
    >>> verdicts = pd.DataFrame({"trigger": ["c/a:1"], "agency": ["School"], "start_text": [None],
    ...     "start": pd.to_datetime(["2015-02-09 12:40"]), "delay_min": pd.to_timedelta(["3h30min"]),
    ...     "delay_max": pd.to_timedelta(["3h30min"]), "limit": ["2 hours"], "count": [None]})
    >>> {name: values.tolist() for name, values in title_facts(verdicts, chronology).items()}["subject"]
    ['Child B and Mother']
    """
    subjects = np.full(len(verdicts), None, dtype=object)
    if "subject" in chronology and len(verdicts):
        shared = distinct_for(chronology, distinct)

        def named(at: np.ndarray | None) -> np.ndarray:  # the entry names someone
            return chronology["subject"].notna().to_numpy() if at is None else shared.present("subject", at)

        rows = trigger_rows(shared, verdicts["trigger"], rows, named)
        found = np.full(len(rows), None, dtype=object)
        found[rows >= 0] = shared.texts("subject", rows[rows >= 0])
        subjects = people_values(found)
    written = verdicts["start_text"].astype("string")
    when = ("'" + written + "'").fillna(written_day(verdicts["start"]))
    delay = span_values(verdicts["delay_min"].to_numpy(dtype="timedelta64[ns]"),
                        verdicts["delay_max"].to_numpy(dtype="timedelta64[ns]"))

    def text(values: pd.Series) -> np.ndarray:
        return values.astype("string").to_numpy(dtype=object, na_value=None)

    return {"subject": subjects, "agency": text(verdicts["agency"]), "when": text(when), "delay": delay,
            "limit": text(verdicts["limit"]), "count": text(verdicts["count"])}


def with_titles(verdicts: pd.DataFrame, chronology: pd.DataFrame, *, distinct: Distinct | None = None,
                rows: np.ndarray | None = None) -> pd.DataFrame:
    """The verdicts with ``title`` (the rule's title, as :func:`reviewkit.check.verdicts.finish_verdicts`
    leaves it) filled with each verdict's facts (``distinct`` and ``rows``: as for :func:`title_facts`).

    Examples
    --------
    >>> chronology = pd.DataFrame({"entry_id": ["c/a:1"], "subject": ["Child B"]})
    >>> verdicts = pd.DataFrame({"trigger": ["c/a:1"] * 2, "agency": "School", "start_text": None,
    ...     "start": pd.to_datetime(["2015-02-09 12:40"] * 2), "delay_min": pd.to_timedelta(["3h30min", None]),
    ...     "delay_max": pd.to_timedelta(["3h30min", None]), "limit": "2 hours", "count": None,
    ...     "kind": "response", "basis": ["recorded", "no record"],
    ...     "title": ["Assaults are reported at once", "{subject} not reported ({when})"]})
    >>> with_titles(verdicts, chronology)["title"].tolist()
    ['Assaults are reported at once: Child B, 9 February 2015, after 3 hours 30 minutes', 'Child B not reported (9 February 2015)']
    """
    if verdicts.empty:
        return verdicts
    facts = title_facts(verdicts, chronology, distinct=distinct, rows=rows)
    templates = verdicts["title"].astype("string").fillna("").to_numpy(dtype=object)
    titles = np.empty(len(verdicts), dtype=object)
    plain = np.array(["{" not in t for t in templates], dtype=bool)
    if plain.any():
        told = _told(verdicts, facts["delay"])
        parts = [facts["subject"], facts["when"], told]
        joined = np.array([", ".join(p for p in row if p) for row in zip(*(part[plain] for part in parts))],
                          dtype=object)
        titles[plain] = np.where(joined != "", templates[plain] + ": " + joined, templates[plain])
    for template in pd.unique(templates[~plain]):
        rows = np.flatnonzero(templates == template)
        titles[rows] = _filled(template, {name: values[rows] for name, values in facts.items()})
    return verdicts.assign(title=pd.array(titles, dtype="string"))


def _told(verdicts: pd.DataFrame, delay: np.ndarray) -> np.ndarray:
    """What happened, in a few words: "none recorded", "after 3 hours", "for 23 months" or nothing."""
    kind = verdicts["kind"].astype("string").to_numpy(dtype=object, na_value="")
    basis = verdicts["basis"].astype("string").to_numpy(dtype=object, na_value="")
    known = ~pd.isna(delay)
    words = np.where(known, delay, "").astype(object)

    def around(text: str) -> np.ndarray:  # a message's words around each delay (written as \x00)
        before, after = text.split("\x00")
        return before + words + after

    return np.select(
        [basis == "no record", known & np.isin(kind, ["response", "cluster"]), known & np.isin(kind, ["stasis", "gap"])],
        [message("titles.none_recorded"), around(message("titles.after", delay="\x00")),
         around(message("titles.lasting", delay="\x00"))],
        default="",
    ).astype(object)


def _filled(template: str, facts: dict[str, np.ndarray]) -> np.ndarray:
    """``template`` filled for each row from ``facts`` (missing facts as nothing); a name that is
    not a fact is left as written."""
    size = len(next(iter(facts.values())))
    text = np.full(size, "", dtype=object)
    for literal, name, _, _ in string.Formatter().parse(template.replace("{{", "\x00").replace("}}", "\x01")):
        text = text + literal.replace("\x00", "{").replace("\x01", "}")
        if name is not None:
            values = facts.get(name)
            text = text + (np.where(pd.isna(values), "", values) if values is not None else "{" + name + "}")
    return text


def counted_titles(titles: pd.Series, occurrences: pd.Series) -> pd.Series:
    """Titles of grouped findings with how many times each was found ("…, 7 times").

    Examples
    --------
    >>> counted_titles(pd.Series(["Plan circulated: none recorded", "Late referral"]),
    ...                pd.Series([("a", "b", "c"), ("a",)])).tolist()
    ['Plan circulated: none recorded, 3 times', 'Late referral']
    """
    counts = occurrences.map(lambda found: len(found) if isinstance(found, tuple) else 1)
    more = counts > 1
    times = counts.map({n: message("titles.times", count=n) for n in counts.unique().tolist()})  # each count once
    return titles.astype("string").where(~more, titles.astype("string") + ", " + times.astype("string"))
