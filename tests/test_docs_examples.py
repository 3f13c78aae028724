"""The examples of the user docs (``docs/*.md``) run as doctests and give what the docs say.

Each document is run in a scratch folder holding a copy of ``sample_data`` (the docs load
``sample_data/child_d``), with every TOML block that the document introduces with a line
naming its file ("`local_vocabulary.toml`:") written to that file first, as a reader would.
"""

from __future__ import annotations

import doctest
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import reviewkit

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))
_NAMED_TOML = re.compile(r"^`([\w.-]+\.toml)`:\s*\n+```toml\n(.*?)^```", re.M | re.S)


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_the_examples_of_the_docs_run_as_written(doc, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "sample_data", tmp_path / "sample_data")
    for name, body in _NAMED_TOML.findall(doc.read_text(encoding="utf-8")):
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        result = doctest.testfile(str(doc), module_relative=False, report=True,
                                  globs={"pd": pd, "reviewkit": reviewkit},
                                  optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {doc.name} fail"
