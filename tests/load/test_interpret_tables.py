"""Reading the tables of a load in one call gives each table what a call of its own gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.entries import interpret_entries
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.load.interpret_tables import RawPiece, interpret_tables
from reviewkit.load.raw_entries import table_entries
from reviewkit.load.readers.any_file import read_tables
from reviewkit.load.schema import coerce_chronology

SAMPLE_CASE = Path(__file__).resolve().parents[2] / "sample_data" / "child_d"


def raw_of(path, name=None):
    return [table_entries(table)[0] for table in read_tables(path, name=name or path.name)]


@pytest.fixture(scope="module")
def pieces() -> list[RawPiece]:
    police, gp, school = (raw_of(SAMPLE_CASE / name) for name in ("police.csv", "gp.csv", "school.docx"))
    return [RawPiece(police[0], "child_d", "Police"),
            RawPiece(gp[0], "child_d", None, "gp_consultation"),
            *(RawPiece(raw, "other_case", "School") for raw in school),
            RawPiece(police[0].iloc[0:0], "empty")]


def test_each_table_gets_what_a_call_of_its_own_gives(pieces):
    vocabulary, aliases = load_vocabulary(), load_agency_aliases()
    together = interpret_tables(pieces, vocabulary, aliases)
    assert len(together) == len(pieces)
    added = 0
    for piece, frame in zip(pieces, together):
        alone = interpret_entries(piece.raw, case_id=piece.case_id, agency=piece.agency,
                                  event_type=piece.event_type, vocabulary=vocabulary,
                                  agency_aliases=aliases)
        pd.testing.assert_frame_equal(coerce_chronology(frame), coerce_chronology(alone))
        added += int(frame["entry_id"].str.contains("#action-").sum())
    assert added > 0  # the action-taken reports went back to their own tables
    assert set(together[1]["event_type"].dropna()) >= {"gp_consultation"}
    assert set(together[2]["case_id"]) == {"other_case"}
    assert together[-1].empty


def test_no_tables_give_nothing():
    assert interpret_tables([], load_vocabulary(), load_agency_aliases()) == []
