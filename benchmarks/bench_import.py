"""How long ``import reviewkit`` and ``reviewkit --help`` take, against a baseline, side by side.

The layout issue's target: ``import reviewkit`` costs at most 1.3x the time of
``import pandas, plotly.graph_objects, matplotlib.pyplot`` (what a notebook imports anyway),
and ``reviewkit --help`` answers at once. Each statement runs in fresh interpreters, taking
turns so that a busy moment of a shared machine falls on both alike; the medians and their
ratios are printed with the machine's load.

Run it with the project's interpreter::

    .venv/bin/python benchmarks/bench_import.py            # 15 rounds
    .venv/bin/python benchmarks/bench_import.py --rounds 31

Examples
--------
>>> seconds_to_run([sys.executable, "-c", "pass"]) < 5
True
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: What is timed, each in a fresh interpreter: name -> command.
COMMANDS: dict[str, list[str]] = {
    "baseline: import pandas, plotly.graph_objects, matplotlib.pyplot": [
        sys.executable, "-c", "import pandas, plotly.graph_objects, matplotlib.pyplot"],
    "import reviewkit": [sys.executable, "-c", "import reviewkit"],
    "import reviewkit; reviewkit.read_chronology (loading's modules)": [
        sys.executable, "-c", "import reviewkit; reviewkit.read_chronology"],
    "reviewkit --help": [str(Path(sys.executable).with_name("reviewkit")), "--help"],
    "python -c pass (the interpreter alone)": [sys.executable, "-c", "pass"],
}


def seconds_to_run(command: list[str]) -> float:
    """Wall-clock seconds that ``command`` takes, start to exit (its output is discarded)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="fresh processes per command")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}")
    for command in COMMANDS.values():  # warm the file cache once
        seconds_to_run(command)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.rounds):
        for name, command in COMMANDS.items():
            times[name].append(seconds_to_run(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = next(iter(medians.values()))
    print(f"{'command':<66} {'median s':>9} {'x baseline':>11}")
    for name, median in medians.items():
        print(f"{name:<66} {median:9.3f} {median / baseline:11.2f}")
    print(f"load average at end: {os.getloadavg()}  ({args.rounds} rounds)")
    ratio = medians["import reviewkit"] / baseline
    print(f"import reviewkit / baseline = {ratio:.2f} (target <= 1.3): "
          f"{'met' if ratio <= 1.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
