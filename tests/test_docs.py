"""The documentation names every rule parameter the code accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.check.detectors import detector, kinds

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


@pytest.mark.parametrize("kind", list(kinds()))
def test_every_parameter_of_every_kind_is_documented(kind):
    text = DOCS.read_text()
    assert f"### `{kind}`" in text
    for name in detector(kind).PARAMETERS:
        assert f"| `{name}` |" in text.split(f"### `{kind}`")[1].split("### ")[0], name
