"""Reading quality on the hand-labelled corpus, reviewkit and spaCy + negspacy side by side.

Run it with the project's interpreter, from the repository's root::

    .venv/bin/python benchmarks/bench_reading.py
    .venv/bin/python benchmarks/bench_reading.py --peer-python /work/peer-venv/bin/python
    .venv/bin/python benchmarks/bench_reading.py --corpus /tmp/corpus.csv --texts 20000
    .venv/bin/python benchmarks/bench_reading.py --failures      # also list reviewkit's misses

Options
-------
--corpus PATH
    The corpus (default ``tests/data/reading_corpus.csv``; columns ``row_id, category, agency,
    contact_type, details, outcome, must, must_not, why``, see ``tests/reading_corpus.py``).
--peer-python PATH
    The interpreter of the peer's virtual environment (default ``/work/peer-venv/bin/python``,
    made by ``bash benchmarks/peer_negspacy/setup.sh``). If it does not exist, the peer is left
    out and a note says so.
--texts N
    How many distinct synthetic entries to time (default 200,000; 0 skips the timing).
--baseline DIR
    Also time an earlier reviewkit side by side: ``DIR`` holds its ``reviewkit`` package (for
    example ``git archive <commit> reviewkit | tar -x -C DIR``). Both are timed in fresh
    processes taking turns, twice each, on the same texts.
--source DIR
    With ``--baseline``, the folder whose ``reviewkit`` is timed as this one (default: this
    repository's).
--failures
    Also print every corpus row reviewkit misses a ``must`` type on or tags with a ``must_not``
    type.

What it prints
--------------
1. The machine's load average (``os.getloadavg``) at the start.
2. Reading quality: the corpus is turned into an agency spreadsheet (``Date``, ``Agency``,
   ``Contact type``, ``Details``, ``Outcome``) and loaded with
   ``reviewkit.read_chronology(frame)`` as a user would; each row's tags are those of its own
   entry (entries derived from an action-taken text are left out). The peer
   (``benchmarks/peer_negspacy/tag_rows.py``, run under ``--peer-python`` with JSON in and
   out) reads the same rows: the contact type, details and outcome joined with ". ", with
   every expanded alias spelling of each event type of ``reviewkit.load_vocabulary()`` as a
   case-insensitive phrase and its abbreviations as case-sensitive ones; its tags are the types
   it finds *not* negated. Both are scored by ``reading_corpus.score``. One table, one row per
   category and "all": ``rows``, then ``expected_present``, ``forbidden_absent``, ``recall``
   and ``precision`` for reviewkit (``rk``) and the peer (``peer``), and ``ahead``: which of
   the two is higher on more of the four measures (with the count, e.g. ``reviewkit 3-1``).
3. Speed: distinct entries per second through ``reviewkit.infer_event_types``, in wall-clock
   time (``time.perf_counter``) and CPU time of the process (``time.process_time``; the steadier
   figure on a shared machine), each timed in one call after a warm-up call on as many other
   texts (so that the alias regex, compiled only for the keys texts can hold, is whole before
   the timing starts), for two kinds of entry:

   - ``corpus``: ``--texts`` entries made from the corpus rows with a distinct case reference
     added to each, read as ``infer_event_types(contact_type, details, outcome=outcome)`` (the
     three fields, as the loader gives them; about 170 characters an entry);
   - ``short``: ``--texts`` summaries of ``reviewkit.synth.synth_cases`` (100 entries a case)
     each made distinct by its entry id, as ``bench_scale.py`` does (one field, about 65
     characters).

   With ``--baseline``, the same for the earlier reviewkit, in turns. Then the peer's own rate
   (``texts_per_second`` from its output: ``nlp.pipe`` over the corpus entries' texts, joined,
   not counting building the pipeline).
4. The load average at the end. The machine may be shared: a load above the number of cores
   means the times say as much about the neighbours as about the taggers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import reviewkit
from reviewkit.interpret.aliases import expand_alias

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import reading_corpus  # noqa: E402  (tests/ is on the path only from here on)

PEER_SCRIPT = ROOT / "benchmarks" / "peer_negspacy" / "tag_rows.py"
DEFAULT_PEER_PYTHON = Path("/work/peer-venv/bin/python")
MEASURES = ("expected_present", "forbidden_absent", "recall", "precision")


def load_average() -> str:
    """The 1, 5 and 15 minute load averages and the number of cores, on one line."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def reviewkit_tags(corpus: pd.DataFrame) -> pd.Series:
    """Each corpus row's tags, from loading the corpus as an agency file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        chronology = reviewkit.read_chronology(reading_corpus.as_agency_file(corpus))
    return reading_corpus.tags_by_row(corpus, chronology)


def peer_vocabulary() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The packaged vocabulary for the peer: type id -> alias spellings, and -> abbreviations."""
    vocab = reviewkit.load_vocabulary()
    types, abbreviations = {}, {}
    for type_id, event_type in vocab.event_types.items():
        spellings = [s for alias in event_type.aliases for s in expand_alias(alias)]
        types[type_id] = list(dict.fromkeys(s for s in spellings if s.strip()))
        if event_type.abbreviations:
            abbreviations[type_id] = list(event_type.abbreviations)
    return types, abbreviations


def run_peer(python: Path, texts: pd.Series, batch_size: int = 256) -> dict:
    """Run tag_rows.py under ``python`` on ``texts`` (row ids = the index, as strings)."""
    types, abbreviations = peer_vocabulary()
    request = {
        "types": types,
        "abbreviations": abbreviations,
        "rows": [{"row_id": str(k), "text": t} for k, t in texts.items()],
        "batch_size": batch_size,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(request, f)
    try:
        done = subprocess.run(
            [str(python), str(PEER_SCRIPT), f.name], capture_output=True, text=True, check=False
        )
    finally:
        os.unlink(f.name)
    if done.returncode != 0:
        raise RuntimeError(f"the peer failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def peer_tags(answer: dict, index: pd.Index) -> pd.Series:
    """The peer's affirmed (not negated) tags per row, indexed like the corpus."""
    return pd.Series([frozenset(answer["tags"][str(k)]) for k in index], index=index, dtype=object)


def ahead(ours: pd.Series, theirs: pd.Series) -> str:
    """Which tagger is higher on more of the measures both have, with the count.

    >>> ahead(pd.Series([1.0, 0.5, np.nan]), pd.Series([0.5, 0.5, 1.0]))
    'reviewkit 1-0'
    >>> ahead(pd.Series([np.nan]), pd.Series([np.nan]))
    '-'
    """
    both = ours.notna() & theirs.notna()
    wins, losses = int((ours[both] > theirs[both]).sum()), int((ours[both] < theirs[both]).sum())
    if not both.any():
        return "-"
    if wins == losses:
        return f"even {wins}-{losses}"
    return f"reviewkit {wins}-{losses}" if wins > losses else f"peer {losses}-{wins}"


def side_by_side(ours: pd.DataFrame, theirs: pd.DataFrame | None) -> pd.DataFrame:
    """One table: rows, then each measure for reviewkit (rk) and the peer, then ``ahead``."""
    columns: dict[tuple[str, str], pd.Series] = {("rows", ""): ours["rows"]}
    for measure in MEASURES:
        columns[(measure, "rk")] = ours[measure]
        if theirs is not None:
            columns[(measure, "peer")] = theirs[measure]
    table = pd.DataFrame(columns, index=ours.index)
    if theirs is not None:
        table[("ahead", "")] = [
            ahead(ours.loc[k, list(MEASURES)], theirs.loc[k, list(MEASURES)]) for k in ours.index
        ]
    table.columns = pd.MultiIndex.from_tuples(table.columns)
    return table


def synthetic(corpus: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` entries made from the corpus rows in turn, each with its own case reference.

    Columns ``contact_type``, ``details`` (both distinct per entry) and ``outcome``, as the
    loader passes them to the reading, and ``text`` (what the peer reads).
    """
    pick = np.arange(n) % len(corpus)
    refs = pd.Series([f"CR{k:07d}" for k in range(n)])
    contact = corpus["contact_type"].to_numpy()[pick]
    details = corpus["details"].to_numpy()[pick]
    outcome = corpus["outcome"].to_numpy()[pick]
    rows = pd.DataFrame(
        {
            "contact_type": [f"{c} ({r})".strip() for c, r in zip(contact, refs)],
            "details": [f"{d} Case ref {r}.".strip() for d, r in zip(details, refs)],
            "outcome": outcome,
        }
    )
    rows["text"] = reading_corpus.row_text(rows)
    return rows


def short_entries(n: int, tag: str = "") -> pd.Series:
    """``n`` synthetic summaries, each made distinct by its entry id (and ``tag``)."""
    from reviewkit.synth import synth_cases

    chronology = synth_cases(n // 100 + 1, entries_per_case=100).chronology.iloc[:n]
    return (chronology["summary"] + " (" + chronology["entry_id"] + tag + ")").reset_index(drop=True)


def timed(read, warm_up, rows) -> dict:
    """Wall-clock and CPU seconds of one ``read(rows)`` after ``read(warm_up)``."""
    read(warm_up)
    cpu, start = time.process_time(), time.perf_counter()
    out = read(rows)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(out) == len(rows)
    return {"entries": len(rows), "seconds": seconds, "cpu": cpu}


def speed(corpus: pd.DataFrame, n: int) -> dict[str, dict]:
    """The reading speed of the reviewkit imported here, on both kinds of entry (see the
    module's docstring)."""
    def fields(rows: pd.DataFrame) -> pd.DataFrame:
        return reviewkit.infer_event_types(pd.Series(rows["contact_type"]), pd.Series(rows["details"]),
                                           outcome=pd.Series(rows["outcome"]))

    rows = synthetic(corpus, n)
    warm_up = rows.assign(contact_type=rows["contact_type"] + " warm-up", details=rows["details"] + " warm-up")
    return {"corpus": timed(fields, warm_up, rows),
            "short": timed(reviewkit.infer_event_types, short_entries(n, " w"), short_entries(n))}


def speed_line(name: str, found: dict) -> str:
    """One kind of entry's speed, wall and CPU."""
    return (f"  {name:<7} {found['entries']:,} entries: {found['seconds']:.2f} s, "
            f"{found['entries'] / found['seconds']:,.0f}/s; CPU {found['cpu']:.2f} s, "
            f"{found['entries'] / found['cpu']:,.0f}/s")


def speed_elsewhere(source: Path, corpus_path: Path, n: int) -> dict[str, dict]:
    """:func:`speed` in a fresh process that imports reviewkit from ``source``."""
    done = subprocess.run(
        [sys.executable, __file__, "--speed-only", "--corpus", str(corpus_path), "--texts", str(n)],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(source)})
    if done.returncode != 0:
        raise RuntimeError(f"timing {source} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=reading_corpus.CORPUS)
    parser.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PYTHON)
    parser.add_argument("--texts", type=int, default=200_000)
    parser.add_argument("--failures", action="store_true", help="list reviewkit's misses")
    parser.add_argument("--baseline", type=Path, help="a folder holding an earlier reviewkit package")
    parser.add_argument("--source", type=Path, default=ROOT, help="with --baseline: the reviewkit timed as this one")
    parser.add_argument("--speed-only", action="store_true", help=argparse.SUPPRESS)  # JSON, for --baseline
    args = parser.parse_args(argv)
    if args.speed_only:
        print(json.dumps(speed(reading_corpus.load_corpus(args.corpus), args.texts)))
        return 0
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.max_colwidth", 80)

    print(f"start: {load_average()}")
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: pass --corpus PATH")
        return 2
    corpus = reading_corpus.load_corpus(args.corpus)
    print(f"corpus: {args.corpus} ({len(corpus)} rows); reviewkit {reviewkit.__version__}")
    our_tags = reviewkit_tags(corpus)
    ours = reading_corpus.score(corpus, our_tags)

    peer = args.peer_python if args.peer_python.exists() else None
    theirs = None
    if peer is None:
        print(
            f"peer left out: {args.peer_python} does not exist "
            f"(bash benchmarks/peer_negspacy/setup.sh makes it)"
        )
    else:
        answer = run_peer(peer, reading_corpus.row_text(corpus))
        theirs = reading_corpus.score(corpus, peer_tags(answer, corpus.index))
        print(f"peer: spaCy + negspacy under {peer}")

    print("\nReading quality (rk = reviewkit, peer = spaCy + negspacy; NaN: nothing to measure)")
    print(side_by_side(ours, theirs).to_string(float_format=lambda v: f"{v:.3f}"))
    if args.failures:
        misses = reading_corpus.failures(corpus, our_tags)
        print(f"\nreviewkit's failures ({len(misses)} rows)")
        print(misses.to_string(index=False) if len(misses) else "none")

    if args.texts > 0:
        print(f"\nSpeed: {args.texts:,} distinct synthetic entries of each kind "
              f"(corpus rows with a case reference added; short synthetic summaries)")
        if args.baseline is None:
            for name, found in speed(corpus, args.texts).items():
                print(speed_line(name, found))
        else:
            for turn in (1, 2):  # fresh processes, taking turns
                for label, source in (("baseline", args.baseline), ("this", args.source)):
                    print(f" {label} ({source}), turn {turn}: {load_average()}")
                    for name, found in speed_elsewhere(source, args.corpus, args.texts).items():
                        print(speed_line(name, found))
        if peer is not None:
            answer = run_peer(peer, synthetic(corpus, args.texts)["text"])
            print(
                f"  peer nlp.pipe (corpus entries): {answer['seconds']:.2f} s, "
                f"{answer['texts_per_second']:,.0f} texts/s"
            )
    print(f"\nend: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
