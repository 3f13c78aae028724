"""The committed notebooks: run, with outputs, lean, and free of this machine's paths.

nbval (``--nbval`` in pyproject.toml) re-runs them and compares their outputs; these tests check
what is committed: that the outputs are there to compare, in order, and fit to publish.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
PLOTLY = "application/vnd.plotly.v1+json"

#: Absolute paths of a machine: under the usual top-level folders, or of a Windows drive.
ABSOLUTE_PATH = re.compile(r"(?<![\w.~/-])(/(home|tmp|work|root|Users|usr|opt|var|private|mnt)/|[A-Za-z]:\\)")


def _code_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def _outputs(path: Path) -> list:
    return [o for cell in _code_cells(path) for o in cell.outputs]


def test_the_four_tutorials_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_build_case_chronology.ipynb",
        "02_find_patterns.ipynb",
        "03_learning_review_charts.ipynb",
        "04_many_cases.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_ran_once_in_order_without_errors(path):
    cells = _code_cells(path)
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    assert not [o for o in _outputs(path) if o.output_type == "error"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_committed_for_every_cell_after_the_set_up(path):
    empty = [i for i, c in enumerate(_code_cells(path)[1:], start=2) if not c.outputs]
    assert empty == [], f"code cells {empty} of {path.name} have no output: re-run notebooks/rerun.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nothing_was_written_to_stderr(path):
    stderr = [o.text for o in _outputs(path) if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_plotly_figures_are_json_without_plotly_js(path):
    for output in _outputs(path):
        data = output.get("data", {})
        html = data.get("text/html", "")
        assert not ("<script" in html and "plotly" in html.lower()), "plotly.js is embedded"
        if PLOTLY in data:
            assert set(data) == {PLOTLY}, "a figure is also stored in another format"
            assert data[PLOTLY]["data"], "a figure has no traces"
    assert path.stat().st_size < 1_000_000, f"{path.name} is larger than 1 MB: keep figures small"


def test_the_charts_notebooks_hold_plotly_figures():
    figures = {p.name: sum(PLOTLY in o.get("data", {}) for o in _outputs(p)) for p in NOTEBOOKS}
    assert figures["03_learning_review_charts.ipynb"] >= 1
    assert figures["04_many_cases.ipynb"] >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_absolute_path_of_this_machine_in_the_outputs(path):
    text = json.dumps([o for o in _outputs(path)])
    here = {str(ROOT), str(Path.home()), tempfile.gettempdir()} - {"/"}
    assert [p for p in here if p in text] == []
    assert ABSOLUTE_PATH.findall(text) == []


def test_the_absolute_path_check_would_see_one():
    assert ABSOLUTE_PATH.search('"written: /tmp/abc/out.xlsx"')
    assert ABSOLUTE_PATH.search(r"C:\\Users\\reviewer\\case")
    assert not ABSOLUTE_PATH.search("written: out/child_d_chronology.docx; see ../sample_data/child_d/")
