"""Re-execute the notebooks in place, so that their committed outputs are current.

Run it from the repository with the project's Python after any change that alters what the
notebooks show (detector output, charts, an upgrade of ``constraints.txt``), read the diff, and
commit the notebooks::

    python notebooks/rerun.py                                   # every notebook
    python notebooks/rerun.py notebooks/02_find_patterns.ipynb  # some of them

Each notebook runs top to bottom in a fresh kernel of the Python running this script, in the
``notebooks`` folder (as ``pytest --nbval`` runs it), and stops at the first cell that fails.
Cell timings are not recorded, so a re-run changes only what the notebooks show.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent

#: Longest time one cell may run, in seconds.
CELL_TIMEOUT = 600


def rerun(notebook: Path) -> None:
    """Execute ``notebook`` top to bottom in a fresh kernel and write it back with its outputs."""
    book = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        book, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    nbformat.write(book, notebook)


def main(paths: list[str]) -> int:
    notebooks = [Path(p).resolve() for p in paths] or sorted(HERE.glob("[0-9]*.ipynb"))
    for notebook in notebooks:
        print(f"running {notebook.name} ...", flush=True)
        rerun(notebook)
    print(f"{len(notebooks)} notebook(s) re-executed; review the diff, then commit them.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
