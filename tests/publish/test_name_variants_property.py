"""Property: a listed name, written in any of the forms anonymise promises to find, never
reaches an anonymised copy, and the leak check finds nothing left (hypothesis, ci/dev profiles)."""

from __future__ import annotations

import unicodedata

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.publish.anonymise import anonymise
from reviewkit.publish.name_variants import COMMON_WORD_PARTS
from reviewkit.publish.publication import leaks

_LETTERS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


def _part(draw) -> str:
    """A made-up name part (consonant-vowel syllables), never an ordinary word."""
    syllables = draw(st.lists(st.tuples(st.sampled_from(_LETTERS), st.sampled_from(_VOWELS)),
                              min_size=2, max_size=3))
    return "".join(c + v for c, v in syllables).capitalize()


@st.composite
def _names(draw) -> tuple[str, str]:
    first, last = _part(draw), _part(draw)
    if first.lower() in COMMON_WORD_PARTS or last.lower() in COMMON_WORD_PARTS or first == last:
        first, last = "Zoravi", "Kelmanu"
    return first, last


def _accented(word: str) -> str:
    """The word with its vowels accented, as precomposed letters."""
    return word.translate(str.maketrans("aeiou", "áéíóú"))


FORMS = [
    lambda f, l: f"{f} {l}",
    lambda f, l: f"{l}, {f}",
    lambda f, l: f"Mrs {l}",
    lambda f, l: f"{f[0]}. {l}",
    lambda f, l: f"{f[0]} A {l}",
    lambda f, l: f"{f.lower()}_{l.lower()}_hv.csv",
    lambda f, l: f"{f}{l}",
    lambda f, l: f"{f}-{l}",
    lambda f, l: f,
    lambda f, l: l,
    lambda f, l: f"{l}'s",
    lambda f, l: f"{l}\u2019s",
    lambda f, l: f"{f}\u00a0{l}",
    lambda f, l: f"{f[:2]}\u200b{f[2:]} {l}",
    lambda f, l: f"{_accented(f)} {l}",
    lambda f, l: unicodedata.normalize("NFD", f"{_accented(f)} {l}"),
    lambda f, l: f"{f.upper()} {l.upper()}",
]
_FILLER = st.sampled_from(["Seen today.", "HV visit", "and", "(school)", "- note:", "2 weeks", ""])


@given(_names(), st.sampled_from(range(len(FORMS))), _FILLER, _FILLER)
def test_a_listed_name_in_any_promised_form_never_reaches_an_anonymised_copy(name, form, before, after):
    first, last = name
    written = FORMS[form](first, last)
    frame = pd.DataFrame({"summary": [f"{before} {written} {after}".strip()],
                          "source": [f"{first.lower()}_{last.lower()}_hv.csv"],
                          "entry_id": [f"c/{first.lower()}_{last.lower()}_hv.csv:2"]})
    out = anonymise(frame, names={f"{first} {last}": "Mother"})
    copy = out.chronology
    assert leaks(copy, out) == []
    text = unicodedata.normalize("NFKD", " ".join(copy.astype(str).to_numpy().ravel())).casefold()
    plain = "".join(c for c in text if not unicodedata.combining(c) and c not in "\u200b")
    for part in (first, last):
        assert part.casefold() not in plain, (written, copy.to_dict("records"))
