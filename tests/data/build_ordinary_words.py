"""Write ``reviewkit/data/spelling.toml``: English words one letter from a vocabulary word.

The speller (``reviewkit/interpret/spelling.py``) reads a word of six letters or more as a
misspelt vocabulary word when it lies one edit away (doubled letters taken as single). Real
English words that lie that close ("confidence" is not "conference") must never be changed: this
script lists them from a word list (Debian's ``wbritish``: ``apt-get install wbritish``).
Run it again after adding aliases to the vocabulary or triggers to the context rules::

    .venv/bin/python tests/data/build_ordinary_words.py /usr/share/dict/british-english
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from reviewkit.interpret.spelling import MIN_LENGTH, Speller, _single, ordinary_words
from reviewkit.interpret.vocabulary_file import load_vocabulary

OUT = Path(__file__).resolve().parents[2] / "reviewkit" / "data" / "spelling.toml"


def main(word_list: str) -> None:
    vocabulary = load_vocabulary()
    phrases = [*vocabulary._matcher.by_key, *(p for r in vocabulary.context.rules for p in r.phrases),
               *vocabulary.patterns.phrases()]
    speller = Speller.from_phrases(phrases)
    own_words = speller.known - ordinary_words()  # the list being rewritten is not the vocabulary's
    words = sorted({w.strip().lower().replace("'", "") for w in open(word_list, encoding="utf-8")
                    if w.strip().isalpha() and w.strip().isascii()})
    words = [w for w in words if len(w) >= MIN_LENGTH and w not in own_words]
    targets = speller.targets
    distance = cdist([_single(w) for w in words], [_single(t) for t in targets],
                     scorer=OSA.distance, score_cutoff=1, dtype=np.int32, workers=-1)
    first = np.array([t[0] for t in targets])
    near = [w for row, w in enumerate(words)
            if ((distance[row] <= 1) & (first == w[0])).any()]
    lines = "\n".join(f'    "{w}",' for w in near)
    OUT.write_text(
        "# English words one letter from a word of the vocabulary or the context rules.\n"
        "# The speller never reads them as misspellings (\"confidence\" is not \"conference\").\n"
        "# Written by tests/data/build_ordinary_words.py from Debian's wbritish word list;\n"
        "# add a word here by hand if a real word of yours is being changed.\n"
        f"ordinary_words = [\n{lines}\n]\n", encoding="utf-8")
    print(f"{len(near)} ordinary words written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
