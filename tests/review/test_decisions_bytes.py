"""A decisions file that is not UTF-8 text is named in the error, and never overwritten (issue 15)."""

from __future__ import annotations

import pytest

from reviewkit.exceptions import DecisionsError
from reviewkit.review.decisions import Decisions, FindingDecision
from reviewkit.review.reading import read_decisions
from reviewkit.review.writing import write_decisions

DECIDED = Decisions({"F-1": FindingDecision("F-1", "accepted")})


@pytest.mark.parametrize(("data", "expected"), [
    ('[[finding]]\nfinding_id = "F-1"\nstatus = "open"\nnote = "café"\n'.encode("cp1252"),
     r"decisions\.toml: this decisions file is not UTF-8 text \(line 4 holds the byte 0xe9"),
    (bytes(range(256)), r"decisions\.toml: this decisions file is not UTF-8 text .*it holds binary data"),
    (b"x = " + b"[" * 500 + b"]" * 500, r"decisions\.toml: this decisions file nests lists or tables too deeply"),
])
def test_an_unreadable_decisions_file_is_named_and_kept(tmp_path, data, expected):
    path = tmp_path / "decisions.toml"
    path.write_bytes(data)
    with pytest.raises(DecisionsError, match=expected):
        read_decisions(path)
    with pytest.raises(DecisionsError, match=r"decisions\.toml"):
        write_decisions(DECIDED, path)
    assert path.read_bytes() == data


def test_a_decisions_file_whose_findings_are_not_tables_is_not_overwritten(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text('finding = "x"\n')
    with pytest.raises(DecisionsError, match=r"not \[\[finding\]\] tables, so it was not overwritten"):
        write_decisions(DECIDED, path)
    assert path.read_text() == 'finding = "x"\n'


def test_a_decisions_file_saved_as_unicode_is_read_and_saved_as_utf8(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_bytes('# mine\n[[finding]]\nfinding_id = "F-1"\nstatus = "open"\n'.encode("utf-16"))
    assert read_decisions(path).findings["F-1"].status == "open"
    write_decisions(DECIDED, path)
    assert path.read_text("utf-8").startswith("# mine\n")
    assert read_decisions(path).findings["F-1"].status == "accepted"
