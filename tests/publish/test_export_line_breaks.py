"""A carriage return inside a cell stays in its cell in every CSV reviewkit writes."""

from __future__ import annotations

import csv
import warnings

import reviewkit
from reviewkit import DataQualityWarning
from reviewkit.publish.export import write_chronology_csv


def test_a_lone_carriage_return_does_not_split_an_exported_row(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = reviewkit.read_chronology("sample_data/child_d/police.csv")
        chronology.loc[chronology.index[0], "summary"] = "Seen\rat home\r\nand\nagain"
        path = reviewkit.export_chronology(chronology, tmp_path / "c.csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) == len(chronology) + 1
        assert "Seen\rat home\r\nand\nagain" in {cell for row in rows for cell in row}
        assert len(reviewkit.read_chronology(path)) == len(chronology)  # nothing lost, nothing added
        built = write_chronology_csv(chronology, tmp_path / "b.csv")
        with built.open(encoding="utf-8-sig", newline="") as handle:
            assert len(list(csv.reader(handle))) == len(chronology) + 1
