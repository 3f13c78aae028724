"""One case at a time: the sample case's steps against the import baseline, side by side.

The figures of issue 18 for a reviewer who works one case in a notebook, each printed beside
its target, as a ratio to the time of ``import pandas, plotly.graph_objects,
matplotlib.pyplot`` in a fresh interpreter (what a notebook imports anyway) measured in the
same run:

- the sample case end to end in a fresh process (``import reviewkit``, load
  ``sample_data/child_d``, ``detect``, ``export_report`` to HTML): at most 3x the baseline;
- loading the sample case in a warm process (a second call of ``read_chronology``): 0.3 s;
- ``detect`` on the sample case in a warm process: 0.3 s;
- ``reviewkit figure`` for the sample case from a shell: at most 3x the baseline;
- ``reviewkit report`` from a shell (no target; for comparison).

Every fresh-process command runs once per round, the commands taking turns so that a busy
moment of a shared machine falls on all of them alike; medians over the rounds are printed.
The warm figures come from one fresh worker process per round (the median of its repeated
calls after a first call), and their median over the rounds is printed. The load average
(``os.getloadavg``) is printed at the start and at the end: on a shared 2-core machine a load
above 2 means the neighbours take part of every figure, which is why the ratios, measured in
the same run, say more than the seconds. Beside each fresh process's wall-clock time is the CPU
time it used (user and system), with its ratio to the baseline's: what the process itself
cost, which moves less than the wall clock when the machine is shared; beside each warm figure
the CPU time of the same calls (``time.process_time``), for the same reason.

The package's bytecode is compiled first (``compileall``, as ``pip install`` does), so that
every fresh process reads it as the baseline's libraries read theirs: where
``PYTHONDONTWRITEBYTECODE`` is set, as in some sandboxes, Python would otherwise compile
reviewkit's ~75 modules from source in every fresh process (about 0.1 s).

Every reviewkit process runs in a temporary folder with a vocabulary and regex cache folder of
its own (``REVIEWKIT_CACHE_DIR``), filled by one run of each command before the timed rounds:
the figures are those of a process after the first, and no other process on the machine can
replace the copies between rounds. ``--baseline DIR`` also times, side by side in the same
rounds, the reviewkit whose package is in ``DIR`` (on ``PYTHONPATH``; ``--source DIR`` for the
one timed as this one, default this repository's), for example the commit before a change::

    git archive <commit> reviewkit | tar -x -C /tmp/before
    .venv/bin/python benchmarks/bench_case.py --rounds 5 --baseline /tmp/before

Run it with the project's interpreter, from anywhere::

    .venv/bin/python benchmarks/bench_case.py              # 7 rounds
    .venv/bin/python benchmarks/bench_case.py --rounds 3 --repeats 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "sample_data" / "child_d"
CLI = str(Path(sys.executable).with_name("reviewkit"))

BASELINE = "import pandas, plotly.graph_objects, matplotlib.pyplot"

#: The end-to-end job of a reviewer's first cell, in a fresh interpreter.
END_TO_END = """
import sys, warnings
warnings.simplefilter("ignore")
import reviewkit
chronology = reviewkit.read_chronology(sys.argv[1])
findings = reviewkit.detect(chronology)
reviewkit.export_report(chronology, findings, sys.argv[2])
"""

#: The warm steps: a first call of each, then ``repeats`` timed calls; prints JSON.
WARM = """
import json, statistics, sys, time, warnings
warnings.simplefilter("ignore")
import reviewkit
case, repeats = sys.argv[1], int(sys.argv[2])

def timed(call):
    start, used = time.perf_counter(), time.process_time()
    value = call()
    return (time.perf_counter() - start, time.process_time() - used), value

(first_load, first_load_cpu), chronology = timed(lambda: reviewkit.read_chronology(case))
loads = [timed(lambda: reviewkit.read_chronology(case))[0] for _ in range(repeats)]
(first_detect, first_detect_cpu), findings = timed(lambda: reviewkit.detect(chronology))
detects = [timed(lambda: reviewkit.detect(chronology))[0] for _ in range(repeats)]
print(json.dumps({"first load": first_load, "load": statistics.median(w for w, _ in loads),
                  "first detect": first_detect, "detect": statistics.median(w for w, _ in detects),
                  "first load cpu": first_load_cpu, "load cpu": statistics.median(c for _, c in loads),
                  "first detect cpu": first_detect_cpu, "detect cpu": statistics.median(c for _, c in detects),
                  "entries": len(chronology), "findings": len(findings)}))
"""


def seconds_to_run(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds that ``command`` takes, start to exit, and the CPU seconds (user and
    system) its process used (its output is discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd,
                   env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fresh_commands(out: Path) -> dict[str, list[str]]:
    """The commands of a reviewkit timed in fresh processes: name -> command."""
    return {
        "end to end": [sys.executable, "-c", END_TO_END, str(CASE), str(out / "end_to_end.html")],
        "reviewkit figure": [CLI, "figure", str(CASE), "-o", str(out / "figure.svg")],
        "reviewkit report": [CLI, "report", str(CASE), "-o", str(out / "report.html")],
    }


def source_env(source: Path | None, cache: Path) -> dict[str, str]:
    """The environment of a fresh process of the reviewkit in ``source`` (None: the one
    installed, this repository's), with its own vocabulary and regex cache folder ``cache``
    (so that the reviewkits timed, and other processes on the machine, never replace one
    another's copies)."""
    env = {**os.environ, "REVIEWKIT_CACHE_DIR": str(cache)}
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), *filter(None, [env.get("PYTHONPATH")])])
    return env


def warm_figures(repeats: int, env: dict[str, str], cwd: Path) -> dict[str, float]:
    """The warm figures of one fresh worker process (see :data:`WARM`)."""
    done = subprocess.run([sys.executable, "-c", WARM, str(CASE), str(repeats)], check=True,
                          capture_output=True, text=True, cwd=cwd, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


#: What is printed: name, what it is, and its target as (limit, "x" for a ratio to the
#: baseline or "s" for seconds); ``None`` for no target.
ROWS: list[tuple[str, str, tuple[float, str] | None]] = [
    ("baseline", f"baseline: {BASELINE} (fresh)", None),
    ("end to end", "sample case end to end, fresh (import, load, detect, HTML report)", (3.0, "x")),
    ("load", "loading the sample case, warm (second call)", (0.3, "s")),
    ("detect", "detect on the sample case, warm", (0.3, "s")),
    ("reviewkit figure", "`reviewkit figure` for the sample case, from a shell", (3.0, "x")),
    ("reviewkit report", "`reviewkit report` for the sample case, from a shell", None),
    ("first load", "loading the sample case, first call in a process (imports included)", None),
    ("first detect", "detect on the sample case, first call in a process", None),
]


def verdict(seconds: float, baseline: float, target: tuple[float, str] | None) -> str:
    """The target beside a figure and whether it is met.

    Examples
    --------
    >>> verdict(2.0, 1.0, (3.0, "x"))
    '<= 3.0x baseline: met'
    >>> verdict(0.5, 1.0, (0.3, "s"))
    '<= 0.3 s: NOT met'
    >>> verdict(1.0, 1.0, None)
    ''
    """
    if target is None:
        return ""
    limit, unit = target
    value = seconds / baseline if unit == "x" else seconds
    label = f"<= {limit}x baseline" if unit == "x" else f"<= {limit} s"
    return f"{label}: {'met' if value <= limit else 'NOT met'}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="fresh processes per command")
    parser.add_argument("--repeats", type=int, default=7, help="timed warm calls per worker")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="also time the reviewkit whose package is in this folder, side by side")
    parser.add_argument("--source", type=Path, default=None,
                        help="with --baseline: the reviewkit timed as this one (default: the repository's)")
    args = parser.parse_args(argv)
    sources: dict[str, Path | None] = {"": None}
    if args.baseline is not None:
        sources = {"before": args.baseline.resolve(),
                   "after": args.source.resolve() if args.source is not None else ROOT}
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for source in {ROOT, *filter(None, sources.values())}:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "reviewkit")], check=True,
                       stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)  # every process runs here, so that `python -c` imports the package timed
        envs = {name: source_env(source, work / f"cache-{name or 'this'}") for name, source in sources.items()}
        commands = {("", "baseline"): ([sys.executable, "-c", BASELINE], dict(os.environ))}
        for name, env in envs.items():
            commands |= {(name, step): (command, env) for step, command in fresh_commands(work).items()}
        for command, env in commands.values():  # warm the file cache and the vocabulary cache once
            seconds_to_run(command, env, work)
        times: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
        cpu: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
        warm: dict[str, list[dict[str, float]]] = {name: [] for name in envs}
        for _ in range(args.rounds):
            for key, (command, env) in commands.items():
                wall, used = seconds_to_run(command, env, work)
                times[key].append(wall)
                cpu[key].append(used)
            for name, env in envs.items():
                warm[name].append(warm_figures(args.repeats, env, work))
    medians = {key: statistics.median(values) for key, values in times.items()}
    cpus = {key: statistics.median(values) for key, values in cpu.items()}
    for name in envs:
        steps = [key for key in warm[name][0] if ("load" in key or "detect" in key) and not key.endswith(" cpu")]
        medians |= {(name, key): statistics.median(w[key] for w in warm[name]) for key in steps}
        cpus |= {(name, key): statistics.median(w[f"{key} cpu"] for w in warm[name]) for key in steps}
    baseline, baseline_cpu = medians[("", "baseline")], cpus[("", "baseline")]
    first = warm[next(iter(envs))][0]
    print(f"sample case: {first['entries']} entries, {first['findings']} findings; "
          f"{args.rounds} rounds, {args.repeats} warm calls a round")
    for name, source in sources.items():
        if name:
            print(f"\n{name}: the reviewkit in {source}")
        print(f"{'step':<72} {'median s':>9} {'x base':>7}  {'CPU s':>6} {'x base':>7}  target")
        for step, label, target in ROWS:
            key = ("", step) if step == "baseline" else (name, step)
            seconds = medians[key]
            used = (f"{cpus[key]:6.3f} {cpus[key] / baseline_cpu:7.2f}" if key in cpus else f"{'':6} {'':7}")
            print(f"{label:<72} {seconds:9.3f} {seconds / baseline:7.2f}  {used}  "
                  f"{verdict(seconds, baseline, target)}")
    print("CPU s: user and system CPU time of the fresh process, or for the warm figures of the calls in "
          "their process (steadier than wall-clock time when the machine is shared); the targets are "
          "judged by the wall-clock medians.")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
