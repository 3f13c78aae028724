"""The abbreviations a case's records use, spelt out for the reader of a report.

Safeguarding review templates end with a glossary. The abbreviations come from two places: the
vocabulary (an event type's abbreviations and its upper-case aliases, spelt out by its label:
"ICPC" is "Initial child protection conference") and ``reviewkit/data/glossary.toml`` for the
roles and services records name that are not event types (SW, HV, DSL, CSC, ...). Only those
that occur, as whole words written in capitals, in the case's text are listed.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

import pandas as pd

from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary

__all__ = ["glossary"]

#: The chronology columns whose text is searched for abbreviations.
TEXT_COLUMNS = ("summary", "outcome", "attendees", "practitioner")
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9&/]{1,7}$")
_IN_BRACKETS = re.compile(r"\s*\([^)]*\)")


@cache
def _roles() -> dict[str, str]:
    text = (resources.files("reviewkit") / "data" / "glossary.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)["terms"])


def known_abbreviations(vocabulary: Vocabulary | None = None) -> dict[str, str]:
    """Every abbreviation reviewkit can spell out: ``{"ICPC": "Initial child protection conference", ...}``.

    Examples
    --------
    >>> terms = known_abbreviations()
    >>> terms["ICPC"], terms["EPDS"], terms["DSL"]
    ('Initial child protection conference', 'Edinburgh Postnatal Depression Scale', 'Designated safeguarding lead')
    """
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    terms = dict(_roles())
    for event_type in vocabulary.event_types.values():
        meaning = _IN_BRACKETS.sub("", event_type.label).split(" / ")[0]
        for written in (*event_type.abbreviations, *event_type.aliases):
            if _ABBREVIATION.match(written):
                terms.setdefault(written, meaning)
    return terms


def glossary(chronology: pd.DataFrame, vocabulary: Vocabulary | None = None) -> pd.DataFrame:
    """The abbreviations that occur in ``chronology``'s text, with their meanings, in order.

    Parameters
    ----------
    chronology
        A chronology (its ``summary``, ``outcome``, ``attendees`` and ``practitioner`` are read).
    vocabulary
        Defaults to the packaged vocabulary.

    Returns
    -------
    pandas.DataFrame
        Columns ``abbreviation`` and ``meaning``, sorted by abbreviation.

    Examples
    --------
    >>> frame = pd.DataFrame({"summary": ["ICPC held; HV and SW present", "EPDS done (Eds note)"]})
    >>> glossary(frame).values.tolist()
    [['EPDS', 'Edinburgh Postnatal Depression Scale'], ['HV', 'Health visitor, health visiting'], ['ICPC', 'Initial child protection conference'], ['SW', 'Social worker']]
    """
    terms = known_abbreviations(vocabulary)
    texts = [chronology[c].dropna().astype(str) for c in TEXT_COLUMNS if c in chronology]
    words = set(re.findall(r"(?<![\w&/])[A-Z][A-Z0-9&/]{1,7}(?![\w&/])", "\n".join(pd.concat(texts) if texts else [])))
    found = sorted(words & set(terms))
    return pd.DataFrame({"abbreviation": found, "meaning": [terms[a] for a in found]},
                        columns=["abbreviation", "meaning"])
