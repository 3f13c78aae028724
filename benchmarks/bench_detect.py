"""Time detection over a synthetic corpus (reviewkit.synth): generation, each detector kind, memory.

    python benchmarks/bench_detect.py --entries 1000000 --cases 10000

Prints the machine, the generation time, the wall and CPU time of one
``detect(chronology, rules=[...])`` call (after a first call on 1,000 entries that loads the rule
packs, vocabulary and bank holidays) and the wall and CPU time of each detector kind inside it, the
findings, entries per second and the peak resident memory (``ru_maxrss``), then a plain
vectorised delay computation against a per-row ``iterrows`` loop over the same data.
``--repeat 3`` calls ``detect`` twice more and prints the least and median CPU time of those calls
(what checking the same chronology again costs, and steadier on a shared machine).
``--skip-kinds stasis`` leaves a kind out (its rules then give no verdicts), for when one
detector is too slow to wait for; ``--extract PATH`` reads a Parquet extract with
``read_extract`` instead of generating (as ``detect_extract`` reads its pieces).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
import warnings
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow

from reviewkit.check.detectors import DETECTORS, detector
from reviewkit.check.detectors.base import empty_found
from reviewkit.check.engine import detect
from reviewkit.synth import synth_cases


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """Platform, CPU model, cores, memory and library versions, on one line."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model, memory = platform.processor() or platform.machine(), "? GB RAM"
    if os.path.exists("/proc/cpuinfo"):
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        model = names[0] if names else model
        total = [line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")]
        memory = f"{int(total[0]) / 2**20:.1f} GiB RAM" if total else memory
    return (f"{platform.platform()} | {model} | {memory} | {cpus} CPUs available "
            f"({os.cpu_count()} on the machine) | Python {platform.python_version()} | pandas {pd.__version__} | "
            f"numpy {np.__version__} | pyarrow {pyarrow.__version__}")


def time_detectors(skip: set[str], cpu: dict[str, float] | None = None) -> tuple[dict, dict]:
    """Wrap every detector's ``evaluate`` to add up its wall time per kind and per rule (and,
    into ``cpu`` if given, its CPU time per kind: on a shared machine the wall time includes
    the neighbours' share)."""
    by_kind: dict[str, float] = defaultdict(float)
    by_rule: dict[str, tuple[str, float]] = {}
    for kind in DETECTORS:
        module = detector(kind)

        def evaluate(chronology, rule, context, _original=module.evaluate, _kind=kind):
            if _kind in skip:
                return empty_found()
            start, used = time.perf_counter(), time.process_time()
            try:
                return _original(chronology, rule, context)
            finally:
                spent = time.perf_counter() - start
                by_kind[_kind] += spent
                if cpu is not None:
                    cpu[_kind] = cpu.get(_kind, 0.0) + time.process_time() - used
                by_rule[rule.id] = (_kind, spent)

        module.evaluate = evaluate
    return by_kind, by_rule


def repeated_cpu(call, times: int) -> list[float]:
    """The CPU time of each of ``times`` calls of ``call`` (on a shared machine the least of them
    moves least with the neighbours' load)."""
    spent = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(times):
            started = time.process_time()
            call()
            spent.append(time.process_time() - started)
    return spent


def delay_comparison(chronology: pd.DataFrame, rows: int) -> None:
    """Delay from each entry's case's previous entry: one vectorised pass against iterrows."""
    start = time.perf_counter()
    same = chronology["case_id"].eq(chronology["case_id"].shift())
    delay = (chronology["date"] - chronology["date_latest"].shift()).where(same)
    vectorised = time.perf_counter() - start
    sample = chronology.iloc[:rows]
    start = time.perf_counter()
    out, previous = [], (None, None)
    for _, row in sample.iterrows():
        out.append(row["date"] - previous[1] if row["case_id"] == previous[0] else pd.NaT)
        previous = (row["case_id"], row["date_latest"])
    looped = time.perf_counter() - start
    if not pd.Series(out, dtype="timedelta64[ns]").equals(delay.iloc[:rows].reset_index(drop=True)):
        raise RuntimeError("the vectorised and iterrows delays differ")
    n = len(chronology)
    print(f"delay, vectorised over {n:,} entries: {vectorised:.3f} s")
    print(f"delay, iterrows over {len(sample):,} entries: {looped:.2f} s "
          f"(about {looped * n / len(sample):.0f} s for {n:,}; {looped * n / len(sample) / vectorised:,.0f}x slower)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="total entries (default 1,000,000)")
    parser.add_argument("--cases", type=int, default=10_000, help="cases (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rules", default="learning,wales", help="comma-separated packs (default learning,wales)")
    parser.add_argument("--skip-kinds", default="", help="detector kinds to leave out, e.g. stasis")
    parser.add_argument("--iterrows-rows", type=int, default=100_000, help="rows for the iterrows comparison (0: skip)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="calls of detect on the same chronology (default 1); the later ones are printed as "
                             "their least and median CPU time")
    parser.add_argument("--extract", type=Path, default=None,
                        help="read this Parquet extract with read_extract instead of generating (as the pieces of "
                             "detect_extract are read: text columns in one chunk per row group)")
    args = parser.parse_args()
    skip = {k for k in args.skip_kinds.split(",") if k}
    print(f"machine: {machine()}")
    start = time.perf_counter()
    if args.extract:
        from reviewkit.load.extract import read_extract

        chronology = read_extract(args.extract, progress=False)
        made = f"read {args.extract.name} with read_extract"
    else:
        corpus = synth_cases(args.cases, entries_per_case=args.entries // args.cases, seed=args.seed)
        chronology = corpus.chronology
        made = f"generated in {args.cases:,} cases ({len(corpus.plants):,} planted)"
    generated = time.perf_counter() - start
    n = len(chronology)
    print(f"{n:,} entries {made} in {generated:.2f} s; "
          f"frame {chronology.memory_usage(deep=True).sum() / 2**20:,.0f} MB; peak RSS {peak_mb():,.0f} MB")
    with warnings.catch_warnings():  # first-call setup (rule packs, vocabulary, bank holidays), not timed
        warnings.simplefilter("ignore")
        detect(chronology.iloc[:1000], rules=args.rules.split(","))
    cpu_by_kind: dict[str, float] = {}
    by_kind, by_rule = time_detectors(skip, cpu_by_kind)
    rules = args.rules.split(",")
    start, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        findings = detect(chronology, rules=rules)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"detect(rules={rules}){' skipping ' + ', '.join(sorted(skip)) if skip else ''}: {total:.2f} s wall, "
          f"{cpu:.2f} s CPU (load average {os.getloadavg()[0]:.1f}), "
          f"{len(findings):,} findings, {n / total:,.0f} entries/s; peak RSS {peak_mb():,.0f} MB")
    for kind in sorted(by_kind, key=by_kind.get, reverse=True):
        count = sum(1 for k, _ in by_rule.values() if k == kind)
        print(f"  {kind:<11} {by_kind[kind]:8.2f} s wall {cpu_by_kind.get(kind, 0.0):6.2f} s CPU  ({count} rules)")
    print(f"  {'rest':<11} {total - sum(by_kind.values()):8.2f} s wall {cpu - sum(cpu_by_kind.values()):6.2f} s CPU  "
          f"(rule loading, case ends, sorting, findings)")
    for rule, (kind, spent) in sorted(by_rule.items(), key=lambda item: -item[1][1])[:5]:
        print(f"    slowest: {spent:7.2f} s  {kind:<10} {rule}")
    if args.repeat > 1:
        again = repeated_cpu(lambda: detect(chronology, rules=rules), args.repeat - 1)
        print(f"  the same call {args.repeat - 1} more times (codes and rows kept from the first): CPU time "
              f"min {min(again):.2f} s, median {sorted(again)[len(again) // 2]:.2f} s "
              f"(load average {os.getloadavg()[0]:.1f})")
    if args.iterrows_rows:
        delay_comparison(chronology, min(args.iterrows_rows, n))
    print(f"peak RSS (ru_maxrss): {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
