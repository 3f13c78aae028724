"""Words that look like names: what an anonymisation may have missed, for a person to review."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

#: Text columns searched for possible names.
SEARCHED: tuple[str, ...] = ("summary", "outcome", "subject", "practitioner", "attendees",
                             "agency_raw", "indicator", "source")

_WORD = re.compile(r"(?<![\w'’])([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)(?![\w])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)\s*[\"'(]*$")

#: Capitalised words that are ordinary in chronologies (roles, titles, calendar, common words).
COMMON: frozenset[str] = frozenset("""
mother father mum dad child children baby sibling siblings grandmother grandfather grandparents
aunt uncle carer carers partner parent parents family brother sister stepfather stepmother
kinship foster officer nurse doctor teacher worker head manager lead deputy designated
safeguarding social health visitor midwife midwifery police school hospital services service
team unit ward centre court panel conference meeting plan review report referral assessment
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter term
mr mrs ms miss dr pc ps dc ds sgt inspector constable sergeant the a an and or of in on at to
for with from by no not yes he she they his her their it this that there these those who what
when where why how was were is are be been had has have did does do seen visit home records
letter call telephone email text contact information note notes record attended dna wnb
unannounced announced strategy section child protection core group initial outcome action
further discharged admitted consultation appointment assessment daily weekly monthly
""".split())


def suspect_names(chronology: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Capitalised words that may be names and are not listed, most frequent first.

    A word is left out when it is part of a replacement, starts a sentence, also appears in
    lower case, or belongs to the vocabulary, the agency table or :data:`COMMON`. A word of a
    listed name is *not* left out: in an anonymised copy it is one the replacing missed.

    Examples
    --------
    >>> df = pd.DataFrame({"summary": ["Visit by Kerry to Jo. Mother well.", "Later Kerry called Jo."],
    ...                    "entry_id": ["c/a.csv:2", "c/a.csv:3"]})
    >>> suspect_names(df, {"Jo Bloggs": "Child A"}).to_dict("records")
    [{'word': 'Jo', 'count': 2, 'columns': 'summary', 'example': 'c/a.csv:2'}, {'word': 'Kerry', 'count': 2, 'columns': 'summary', 'example': 'c/a.csv:2'}]
    """
    known = _known_words() | _words_of(list(names.values()))
    counts: dict[str, int] = {}
    where: dict[str, set[str]] = {}
    example: dict[str, str] = {}
    lower_seen: set[str] = set()
    ids = chronology["entry_id"] if "entry_id" in chronology else pd.Series(dtype="string")
    for column in SEARCHED:
        if column not in chronology:
            continue
        for index, text in chronology[column].dropna().astype(str).items():
            lower_seen.update(re.findall(r"\b[a-z][a-z'’-]+\b", text))
            for match in _WORD.finditer(text):
                word = match.group(1)
                if word.lower() in known or _SENTENCE_START.search(text[: match.start()]):
                    continue
                counts[word] = counts.get(word, 0) + 1
                where.setdefault(word, set()).add(column)
                example.setdefault(word, str(ids.get(index, index)))
    rows = [
        {"word": w, "count": n, "columns": ", ".join(sorted(where[w])), "example": example[w]}
        for w, n in counts.items() if w.lower() not in lower_seen
    ]
    frame = pd.DataFrame(rows, columns=["word", "count", "columns", "example"])
    return frame.sort_values(["count", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _words_of(texts: list[str]) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", str(text))}


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    from reviewkit.interpret.agencies import load_agency_aliases
    from reviewkit.interpret.vocabulary_file import load_vocabulary

    texts: list[str] = []
    for event in load_vocabulary().event_types.values():
        texts += [event.id, event.label, *event.aliases, *event.abbreviations]
    for alias, agency in load_agency_aliases().items():
        texts += [alias, agency]
    return frozenset(_words_of(texts) | COMMON)
