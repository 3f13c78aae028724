"""Shared fixtures: hypothesis profiles, the sample case loaded once, small CSV cases, figures closed.

Choose the hypothesis profile with ``HYPOTHESIS_PROFILE`` (``ci``, the default, is quick and
derandomized; ``dev`` runs ten times as many examples).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from reviewkit import DataQualityWarning, load_with_report, read_chronology  # noqa: E402

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True)
settings.register_profile(
    "dev", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
os.environ.setdefault("REVIEWKIT_PROGRESS", "0")  # no progress bars in test output
# The vocabulary's disk cache goes to a folder of this run, not the user's cache: a test run
# neither reads a copy an earlier run left nor leaves one behind (notebook kernels inherit it).
os.environ["REVIEWKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="reviewkit-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CASE = ROOT / "sample_data" / "child_d"
AWKWARD = ROOT / "tests" / "data" / "awkward"


@pytest.fixture(scope="session")
def sample_chronology():
    """The Child D sample case, loaded once (do not modify it: copy first)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return read_chronology(SAMPLE_CASE)


@pytest.fixture
def chron(sample_chronology):
    """A copy of the sample case's chronology that a test may change."""
    return sample_chronology.copy()


@pytest.fixture(scope="session")
def sample_result():
    """The Child D sample case with its load report and manifest."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return load_with_report(SAMPLE_CASE)


@pytest.fixture
def tmp_case(tmp_path) -> Callable[..., Path]:
    """Write small CSV files into a case folder: ``tmp_case({"gp.csv": "Date,Notes\\n..."})``.

    Returns the folder. Texts are written as UTF-8 unless ``encoding=`` says otherwise.
    """
    folder = tmp_path / "family_x"
    folder.mkdir()

    def write(files: dict[str, str], *, encoding: str = "utf-8") -> Path:
        for name, text in files.items():
            (folder / name).write_text(text, encoding=encoding, newline="")
        return folder

    return write


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
