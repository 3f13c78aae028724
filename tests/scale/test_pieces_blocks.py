"""A CSV extract read in several blocks is cut into pieces and read back whole (issue 15).

Each block of a CSV brings its own categories (agency, event type...); the pieces were Arrow
files, which allow one set per column, so an extract of about 80,000 rows or more (more than one
20 MB block) failed with ``ArrowInvalid: Dictionary replacement detected``. Here the blocks are
made small (64 KB, the least), so a few hundred rows show it.
"""

from __future__ import annotations

import pandas as pd
import pyarrow.csv as pacsv

from reviewkit.check.engine import plan_rules
from reviewkit.load.extract import extract_headings, read_extract
from reviewkit.scale.pieces import ExtractReading, cut_pieces, read_piece
from reviewkit.synth import synth_cases


def test_a_csv_read_in_several_blocks_is_cut_and_read_back_whole(tmp_path):
    chronology = synth_cases(6, entries_per_case=80, seed=3).chronology
    # cases scattered through the rows, so every block holds several cases
    chronology = chronology.sample(frac=1, random_state=1).reset_index(drop=True)
    path = tmp_path / "extract.csv"
    chronology.to_csv(path, index=False)
    extract = ExtractReading(path.name, "csv", extract_headings(path, "csv"), None, block_rows=1)
    with pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16)) as reader:
        assert sum(1 for _ in reader) > 1  # the file really is read in more than one block

    pieces, rows = cut_pieces(path, extract, 200, tmp_path)
    read = [read_piece(piece, extract, plan_rules()) for piece in pieces]

    assert rows == len(chronology) and len(pieces) > 1
    whole = pd.concat([frame for frame, _ in read], ignore_index=True)
    expected = read_extract(path)
    assert sorted(whole["entry_id"]) == sorted(expected["entry_id"])
    by_id = whole.set_index("entry_id").loc[expected["entry_id"]]
    assert by_id["agency"].astype("object").tolist() == expected["agency"].astype("object").tolist()
    assert by_id["event_type"].astype("object").fillna("").tolist() == \
        expected["event_type"].astype("object").fillna("").tolist()
