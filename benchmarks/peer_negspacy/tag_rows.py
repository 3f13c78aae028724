"""Peer tagger for benchmarks/bench_reading.py: spaCy entity ruler + negspacy's NegEx.

Run with the peer environment's interpreter (``bash setup.sh`` makes /work/peer-venv)::

    /work/peer-venv/bin/python tag_rows.py < request.json
    /work/peer-venv/bin/python tag_rows.py request.json

Input, one JSON document::

    {"types": {type_id: [phrase, ...]},            # matched case-insensitively (LOWER)
     "abbreviations": {type_id: [short form, ...]}, # matched case-sensitively (ORTH); optional
     "rows": [{"row_id": str, "text": str}, ...],
     "batch_size": int}                             # optional, default 256

Output, one JSON document on stdout::

    {"tags": {row_id: [affirmed type ids, sorted]},
     "negated": {row_id: [negated type ids, sorted]},
     "seconds": float,            # wall time of nlp.pipe over the rows only (not building)
     "texts_per_second": float}

A type is affirmed in a row if at least one of its mentions there is not negated, and
negated if at least one is; a row with both kinds of mention lists the type in both.
Benchmark-only: reviewkit never imports this file, spacy or negspacy.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import spacy
from negspacy.negation import Negex  # noqa: F401  (importing registers the "negex" factory)
from negspacy.termsets import termset
from spacy.language import Language

DEFAULT_BATCH_SIZE = 256


def ruler_patterns(
    nlp: Language,
    types: Mapping[str, Sequence[str]],
    abbreviations: Mapping[str, Sequence[str]],
) -> list[dict[str, Any]]:
    """Entity-ruler patterns: a phrase pattern (a string) per phrase, matched on LOWER by the
    ruler's PhraseMatcher, and a token pattern with ORTH per token for each abbreviation.

    Each abbreviation is split by ``nlp``'s own tokenizer, so a pattern has exactly the tokens
    the rows will have (the ruler tokenizes phrase patterns with the same tokenizer). Phrases go
    to the PhraseMatcher because thousands of token patterns make spaCy's Matcher about 50
    times slower (200 texts a second against 10,000 with the packaged vocabulary's 5,760
    spellings), for the same entities.
    """
    patterns: list[dict[str, Any]] = []
    for type_id, phrases in types.items():
        patterns.extend({"label": type_id, "pattern": p} for p in phrases if p.strip())
    for type_id, short_forms in abbreviations.items():
        for short in short_forms:
            tokens = nlp.tokenizer(short)
            if len(tokens) == 0:
                continue
            patterns.append({"label": type_id, "pattern": [{"ORTH": t.text} for t in tokens]})
    return patterns


def build_pipeline(
    types: Mapping[str, Sequence[str]], abbreviations: Mapping[str, Sequence[str]]
) -> Language:
    """spacy.blank("en") + sentencizer + entity_ruler (one label per type) + negex (en_clinical)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns(nlp, types, abbreviations))  # type: ignore[attr-defined]
    labels = sorted(set(types) | set(abbreviations))
    nlp.add_pipe(
        "negex",
        config={"neg_termset": termset("en_clinical").get_patterns(), "ent_types": labels},
    )
    return nlp


def tag(
    nlp: Language, rows: Iterable[Mapping[str, str]], batch_size: int = DEFAULT_BATCH_SIZE
) -> dict[str, Any]:
    """Tag every row; returns the output document (tags, negated, seconds, texts_per_second)."""
    row_list = list(rows)
    ids = [str(r["row_id"]) for r in row_list]
    texts = [str(r.get("text") or "") for r in row_list]
    tags: dict[str, list[str]] = {}
    negated: dict[str, list[str]] = {}
    start = time.perf_counter()
    for row_id, doc in zip(ids, nlp.pipe(texts, batch_size=batch_size)):
        yes = {e.label_ for e in doc.ents if not e._.negex}
        no = {e.label_ for e in doc.ents if e._.negex}
        tags[row_id] = sorted(yes)
        negated[row_id] = sorted(no)
    seconds = time.perf_counter() - start
    rate = len(texts) / seconds if seconds > 0 else 0.0
    return {"tags": tags, "negated": negated, "seconds": seconds, "texts_per_second": rate}


def main(argv: Sequence[str]) -> int:
    """Read the request from argv[1] or stdin, tag its rows and print the result as JSON."""
    if len(argv) > 1:
        with open(argv[1], encoding="utf-8") as handle:
            request = json.load(handle)
    else:
        request = json.load(sys.stdin)
    nlp = build_pipeline(request.get("types") or {}, request.get("abbreviations") or {})
    result = tag(
        nlp, request.get("rows") or [], int(request.get("batch_size") or DEFAULT_BATCH_SIZE)
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
