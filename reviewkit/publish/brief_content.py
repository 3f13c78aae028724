"""What a one-page learning brief says, as plain data: the case in a sentence, key practice
episodes, learning points with their findings counted, and the abbreviations used.

:func:`reviewkit.publish.brief.learning_brief` draws these on an A4 page.
"""

from __future__ import annotations

import pandas as pd

from reviewkit.messages import message
from reviewkit.publish.glossary import glossary
from reviewkit.render.finding_key import key_text, shortened
from reviewkit.render.overlays import number_findings

#: The reviewer's tag that makes an entry a key practice episode (see the decisions file).
KEY_EPISODE = "key practice episode"


def when(t: pd.Timestamp, coarsen: str | None, *, day: bool = True) -> str:
    """A date as the brief writes it: dd/mm/yyyy (or month and year), or its coarsened period.

    Examples
    --------
    >>> when(pd.Timestamp("2015-02-09"), None), when(pd.Timestamp("2015-02-09"), "season")
    ('09/02/2015', 'Winter 2014/15')
    >>> when(pd.Timestamp("2015-02-09"), None, day=False)
    'February 2015'
    """
    from reviewkit.publish.coarsen import period_label

    if pd.isna(t):
        return ""
    if coarsen:
        return period_label(t, coarsen)
    return f"{t:%d/%m/%Y}" if day else f"{t:%B %Y}"


def case_sentence(chronology: pd.DataFrame, findings: pd.DataFrame, coarsen: str | None = None) -> str:
    """The case in one sentence: who recorded how much, when, about whom, and what was found.

    Examples
    --------
    >>> chron = pd.DataFrame({"agency": ["GP", "School", "GP"], "subject": ["Child A", "Child A;Child B", None],
    ...                       "date": pd.to_datetime(["2014-03-01", "2015-06-01", "2016-01-05"])})
    >>> f = pd.DataFrame({"severity": ["high", "medium"], "theme": ["neglect", "neglect"]})
    >>> case_sentence(chron, f)
    '2 agencies recorded 3 entries about Child A and Child B from March 2014 to January 2016; reviewkit found 2 findings (1 of high severity) in 1 learning theme.'
    """
    dated = chronology["date"].dropna()
    subjects = sorted({s.strip() for value in chronology.get("subject", pd.Series(dtype=object)).dropna()
                       for s in str(value).split(";") if s.strip()})
    about = (message("brief.about", subjects=_and(subjects)) if subjects else "")
    return message(
        "brief.case_sentence", agencies=chronology["agency"].nunique(), entries=len(chronology), about=about,
        start=when(dated.min(), coarsen, day=False), end=when(dated.max(), coarsen, day=False),
        findings=len(findings), high=int(findings["severity"].eq("high").sum()) if len(findings) else 0,
        themes=findings["theme"].nunique() if len(findings) else 0,
        theme_word=message("brief.theme_one") if len(findings) and findings["theme"].nunique() == 1
        else message("brief.theme_many"),
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + message("brief.and") + items[-1]


def key_episodes(chronology: pd.DataFrame, findings: pd.DataFrame, coarsen: str | None = None,
                 *, most: int = 8) -> pd.DataFrame:
    """The key practice episodes: the entries the reviewer tagged so, else the high-severity findings
    (each by its title with the case's facts, whole: the page shortens it only if it must).

    Returns columns ``date`` (for placing), ``when`` (as written), ``label`` (the number on the
    small timeline, 1.. by date) and ``text``, in date order, at most ``most`` of them;
    ``source`` says which (``"reviewer"`` or ``"findings"``).

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["a", "b"], "agency": ["GP", "School"], "summary": ["Seen", "Bruise"],
    ...     "date": pd.to_datetime(["2015-01-02", "2015-03-04"]), "tags": ["home_visit", "injury;key practice episode"]})
    >>> key_episodes(chron, pd.DataFrame())[["when", "text", "source"]].values.tolist()
    [['04/03/2015', 'School: Bruise', 'reviewer']]
    """
    tags = chronology["tags"].astype("string").fillna("") if "tags" in chronology else pd.Series("", index=chronology.index)
    tagged = chronology[tags.str.split(";").map(lambda found: KEY_EPISODE in found).to_numpy(dtype=bool)]
    tagged = tagged[tagged["date"].notna()].sort_values("date", kind="stable")
    if len(tagged):
        episodes = pd.DataFrame({
            "date": tagged["date"], "when": [when(t, coarsen) for t in tagged["date"]],
            "text": (tagged["agency"].astype("object").fillna("") + ": "
                     + tagged["summary"].astype("object").fillna("").map(lambda s: shortened(str(s), 110))),
            "source": "reviewer"})
    elif len(findings):
        numbers = number_findings(findings)
        titles = findings["title"] if "title" in findings else pd.Series(None, index=findings.index, dtype=object)
        high = findings[findings["severity"].eq("high")].assign(number=numbers)
        high = high.assign(start=pd.to_datetime(high["start"])).sort_values("start", kind="stable")
        episodes = pd.DataFrame({
            "date": high["start"], "when": [when(t, coarsen) for t in high["start"]],
            "text": [key_text(n, r, a, title=t).split(". ", 1)[1] for n, r, a, t in
                     zip(high["number"], high["rule"], high["agency"], titles[high.index])],
            "source": "findings"})
    else:
        episodes = pd.DataFrame(columns=["date", "when", "text", "source"])
    episodes = episodes.head(most).reset_index(drop=True)
    episodes["label"] = [str(i) for i in range(1, len(episodes) + 1)]
    return episodes[["date", "when", "label", "text", "source"]]


def went_well(chronology: pd.DataFrame, coarsen: str | None = None) -> pd.DataFrame:
    """What went well, as the brief writes it: the entries that record progress or good practice
    (:func:`reviewkit.publish.strengths_section.strengths`), columns ``when`` and ``text`` (the
    agency, what went well and the entry, shortened to one line of the page's small print).

    The brief has room for a line or two, so each kind of strength comes once before any comes
    again, the kinds in the vocabulary's order (progress first, then engagement, good practice
    and the child's voice), each kind's entries in date order.

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["a", "b"], "agency": ["School", "GP"],
    ...     "date": pd.to_datetime(["2016-09-12", "2015-01-02"]), "date_text": ["12/09/2016", "02/01/2015"],
    ...     "tags": ["improvement_noted", "child_voice_recorded"],
    ...     "summary": ["Arriving on time, clean and fed.", "C said he likes school."]})
    >>> went_well(chron, "month").values.tolist()
    [['September 2016', 'School (improvement noted): Arriving on time, clean and fed.'], ['January 2015', "GP (the child's voice recorded): C said he likes school."]]
    """
    from reviewkit.interpret.vocabulary_file import load_vocabulary
    from reviewkit.publish.strengths_section import STRENGTH_GROUP, strengths

    found = strengths(chronology)
    vocabulary = load_vocabulary()
    rank = {vocabulary.event_types[kind].label: k for k, kind in enumerate(vocabulary.group(STRENGTH_GROUP))}
    kind = found["strength"].str.split("; ").str[0]
    order = pd.DataFrame({"again": kind.groupby(kind).cumcount(), "kind": kind.map(rank).fillna(len(rank)),
                          "at": range(len(found))}).sort_values(["again", "kind", "at"]).index
    found = found.loc[order]
    return pd.DataFrame({
        "when": [when(t, coarsen) for t in found["date"]],
        "text": [shortened(f"{a} ({s.lower()}): {x}", 110) for a, s, x in
                 zip(found["agency"].fillna(""), found["strength"].fillna(""), found["summary"].fillna(""))],
    })  # fmt: skip


def learning_points(findings: pd.DataFrame, *, most: int = 6) -> pd.DataFrame:
    """The learning points of the findings, each with how many findings it rests on, most first.

    Examples
    --------
    >>> f = pd.DataFrame({"learning": ["Share early.", "Plan well.", "Share early."], "theme": ["a", "b", "a"],
    ...                   "severity": ["high", "medium", "medium"]})
    >>> learning_points(f).values.tolist()
    [['Share early.', 'a', 2, 1], ['Plan well.', 'b', 1, 0]]
    """
    columns = ["learning", "theme", "findings", "high"]
    if findings.empty:
        return pd.DataFrame(columns=columns)
    learning = findings["learning"].astype("object").fillna("").str.strip()
    table = (findings.assign(learning=learning, high=findings["severity"].eq("high"))
             [learning.ne("")]
             .groupby("learning", sort=False)
             .agg(theme=("theme", "first"), findings=("learning", "size"), high=("high", "sum"))
             .reset_index())
    table = table.sort_values(["findings", "high"], ascending=False, kind="stable").head(most)
    return table[columns].astype({"findings": int, "high": int}).reset_index(drop=True)


def abbreviations(chronology: pd.DataFrame, text: str, *, most: int = 14) -> pd.DataFrame:
    """The case's abbreviations (:func:`reviewkit.publish.glossary.glossary`): those ``text`` uses
    first, then the others its records use, at most ``most``.

    Examples
    --------
    >>> chron = pd.DataFrame({"summary": ["ICPC held; HV present"]})
    >>> abbreviations(chron, "After the ICPC")["abbreviation"].tolist()
    ['ICPC', 'HV']
    """
    import re

    terms = glossary(chronology)
    used = terms["abbreviation"].map(lambda a: re.search(rf"(?<![\w&/]){re.escape(a)}(?![\w&/])", text) is None)
    return terms.assign(_later=used.to_numpy(dtype=bool)).sort_values("_later", kind="stable") \
        .drop(columns="_later").head(most).reset_index(drop=True)
