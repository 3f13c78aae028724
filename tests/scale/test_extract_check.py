"""Checking one large extract in pieces of whole cases, on worker processes (reviewkit.scale.extract_check)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reviewkit
from reviewkit import DataQualityWarning, LoadError
from reviewkit.load.extract import read_extract
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import Decisions
from reviewkit.review.orphans import orphans
from reviewkit.scale.extract_check import check_extract, detect_extract
from reviewkit.scale.fingerprint import repeated_positions, text_fingerprints
from reviewkit.scale.pieces import assign_pieces, plan_pieces
from reviewkit.synth import synth_cases

RULES = ["learning", "wales"]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """Eight synthetic cases (planted breaches), rows grouped by case."""
    chronology = synth_cases(8, entries_per_case=80, seed=11).chronology
    return chronology.sort_values("case_id", kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def whole(corpus) -> pd.DataFrame:
    """What the pandas path finds on the whole corpus."""
    return reviewkit.detect(corpus, rules=RULES)


def quietly(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return function(*args, **kwargs)


# ------------------------------------------------------------------ same findings as the pandas path

@pytest.mark.parametrize("entries_per_piece", [1, 150, 10_000])
def test_a_parquet_extract_grouped_by_case_gives_the_findings_of_the_whole(tmp_path, corpus, whole,
                                                                            entries_per_piece):
    corpus.to_parquet(tmp_path / "extract.parquet", row_group_size=100)
    found = detect_extract(tmp_path / "extract.parquet", rules=RULES, workers=1,
                           entries_per_piece=entries_per_piece, progress=False)
    pd.testing.assert_frame_equal(found, whole)
    assert found.attrs["extract"]["rows"] == found.attrs["extract"]["entries"] == len(corpus)
    assert found.attrs["extract"]["pieces"] == {1: 8, 150: 4, 10_000: 1}[entries_per_piece]


def test_two_worker_processes_give_the_same_findings(tmp_path, corpus, whole):
    corpus.to_parquet(tmp_path / "extract.parquet", row_group_size=64)
    found = detect_extract(tmp_path / "extract.parquet", rules=RULES, workers=2, entries_per_piece=200,
                           progress=False)
    pd.testing.assert_frame_equal(found, whole)
    assert found.attrs["extract"]["workers"] == 2
    assert found.attrs["extract"]["peak_mb"] > 0 and found.attrs["extract"]["parent_peak_mb"] > 0


def test_cases_scattered_through_the_rows_are_put_together_first(tmp_path, corpus):
    scattered = corpus.sample(frac=1, random_state=3).reset_index(drop=True)
    scattered.to_parquet(tmp_path / "extract.parquet")
    found = detect_extract(tmp_path / "extract.parquet", rules=RULES, workers=1, entries_per_piece=100,
                           progress=False)
    pd.testing.assert_frame_equal(found, reviewkit.detect(scattered, rules=RULES))
    assert found.attrs["extract"]["pieces"] == 6  # cases of 80 rows: a new piece past each 100 rows


def test_a_csv_in_chronology_columns(tmp_path, corpus):
    corpus.to_csv(tmp_path / "extract.csv", index=False)
    found = detect_extract(tmp_path / "extract.csv", rules=RULES, workers=1, entries_per_piece=300,
                           progress=False)
    expected = reviewkit.detect(read_extract(tmp_path / "extract.csv"), rules=RULES)
    pd.testing.assert_frame_equal(found, expected)


def test_check_extract_gives_every_verdict(tmp_path, corpus):
    corpus.to_parquet(tmp_path / "extract.parquet")
    verdicts = check_extract(tmp_path / "extract.parquet", rules=RULES, workers=1, entries_per_piece=250,
                             progress=False)
    pd.testing.assert_frame_equal(verdicts, reviewkit.check(corpus, rules=RULES))
    assert set(verdicts["verdict"]) >= {"met", "breached"}


OWN_HEADINGS = (
    "Family ID,Date,Agency,Notes\n"
    "F1,14/10/2015,Midwifery,Child D born\n"
    "F2,09/02/2015 12:40,School,Staff witnessed Mother kick Child B\n"
    "F1,20/10/2015,Health Visiting,Postnatal visit: EPDS 8\n"
    "F2,10/02/2015 09:00,School,Home visit\n"
    "F3,sometime,GP,Seen for a cough\n"
    "F2,12/02/2015,Children's Services,Referral received\n"
)


def test_an_extract_in_its_own_headings_is_interpreted_piece_by_piece(tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text(OWN_HEADINGS)
    with pytest.warns(DataQualityWarning) as expected_warnings:
        expected = reviewkit.detect(read_extract(path, progress=False), rules=RULES)
    with pytest.warns(DataQualityWarning) as piece_warnings:
        found = detect_extract(path, rules=RULES, workers=1, entries_per_piece=1, progress=False)
    pd.testing.assert_frame_equal(found, expected)
    assert found.attrs["extract"]["pieces"] == 3
    assert any(e.startswith("F2/extract.csv:09-02-2015-") for e in found["entries"].explode())  # by content
    # the entries with problems are counted once, for the whole file, as read_extract counts them
    assert [str(w.message) for w in piece_warnings] == [str(w.message) for w in expected_warnings]


def test_a_parquet_extract_in_its_own_headings(tmp_path):
    frame = pd.read_csv(__import__("io").StringIO(OWN_HEADINGS), dtype=str)
    frame = frame.sort_values("Family ID", kind="stable")
    frame.to_parquet(tmp_path / "extract.parquet", index=False)
    expected = quietly(lambda: reviewkit.detect(read_extract(tmp_path / "extract.parquet"), rules=RULES))
    found = quietly(detect_extract, tmp_path / "extract.parquet", rules=RULES, workers=1,
                    entries_per_piece=2, progress=False)
    pd.testing.assert_frame_equal(found, expected)


# ------------------------------------------------------------------ decisions

def test_decisions_apply_to_every_piece_and_orphans_are_kept(tmp_path, corpus, whole):
    corpus.to_parquet(tmp_path / "extract.parquet")
    decisions = decide(Decisions(), whole["finding_id"].iloc[0], status="accepted", note="clear")
    decisions = correct(decisions, corpus["entry_id"].iloc[5], event_type="referral")
    decisions = correct(decisions, "no-such-entry", event_type="referral")
    expected = reviewkit.detect(corpus, rules=RULES, decisions=decisions)
    found = detect_extract(tmp_path / "extract.parquet", rules=RULES, decisions=decisions, workers=1,
                           entries_per_piece=200, progress=False)
    pd.testing.assert_frame_equal(found, expected)
    assert found["status"].iloc[0] == "accepted"
    assert "no-such-entry" in set(orphans(found)["id"])


# ------------------------------------------------------------------ clear errors naming file and row

def test_an_entry_id_used_in_two_pieces_is_named_with_its_rows(tmp_path, corpus):
    copy = corpus.copy()
    copy.loc[len(copy) - 1, "entry_id"] = copy.loc[0, "entry_id"]  # first and last case: two pieces
    copy.to_parquet(tmp_path / "extract.parquet")
    with pytest.raises(LoadError, match=rf"extract\.parquet: 1 entry id is used by more than one row, "
                                        rf"e\.g\. '{copy.loc[0, 'entry_id']}' \(row 1, row 640\)"):
        detect_extract(tmp_path / "extract.parquet", workers=1, entries_per_piece=100, progress=False)


def test_a_bad_row_in_a_later_piece_is_named_by_its_row_in_the_file(tmp_path, corpus):
    copy = corpus.copy()
    copy.loc[500, "date_latest"] = pd.Timestamp("1990-01-01")
    copy.to_csv(tmp_path / "extract.csv", index=False)
    with pytest.raises(LoadError, match=r"extract\.csv: 1 problem with the chronology's columns: "
                                        r"row 502: date_latest is before date"):
        detect_extract(tmp_path / "extract.csv", workers=1, entries_per_piece=100, progress=False)


def test_an_error_in_a_worker_process_reaches_the_caller(tmp_path, corpus):
    copy = corpus.copy()
    copy.loc[10, "case_id"] = None
    copy.to_parquet(tmp_path / "extract.parquet")
    with pytest.raises(LoadError, match=r"row 11, column 'case_id': is empty"):
        detect_extract(tmp_path / "extract.parquet", workers=2, entries_per_piece=100, progress=False)


def test_pieces_must_hold_at_least_one_entry(tmp_path, corpus):
    corpus.to_parquet(tmp_path / "extract.parquet")
    with pytest.raises(LoadError, match="entries_per_piece must be 1 or more"):
        detect_extract(tmp_path / "extract.parquet", entries_per_piece=0)


def test_an_empty_extract_has_no_findings(tmp_path, corpus):
    corpus.iloc[:0].to_parquet(tmp_path / "extract.parquet")
    found = detect_extract(tmp_path / "extract.parquet", workers=1, progress=False)
    assert found.empty and found.attrs["extract"]["rows"] == 0


def test_a_script_without_a_main_guard_can_use_worker_processes(tmp_path, corpus):
    corpus.head(160).to_parquet(tmp_path / "extract.parquet")
    script = tmp_path / "batch.py"
    script.write_text(textwrap.dedent(f"""
        from reviewkit.scale.extract_check import detect_extract
        found = detect_extract({str(tmp_path / "extract.parquet")!r}, workers=2, entries_per_piece=80,
                               progress=False)
        print("pieces", found.attrs["extract"]["pieces"], "workers", found.attrs["extract"]["workers"])
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "pieces 2 workers 2"


# ------------------------------------------------------------------ cutting pieces (properties)

case_lists = st.lists(st.sampled_from(["a", "b", "c", "d", "e", " e", None]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(1, 20), max_size=15), per_piece=st.integers(1, 40))
def test_runs_of_whole_cases_cover_every_row_once(sizes, per_piece):
    ids = pa.array([f"case{n}" for n, size in enumerate(sizes) for _ in range(size)])
    runs = plan_pieces(ids, per_piece)
    assert [start for start, _ in runs[1:]] == [stop for _, stop in runs[:-1]]  # no gap, no overlap
    assert (runs[0][0] if runs else 0) == 0 and (runs[-1][1] if runs else 0) == len(ids)
    case_starts = set(np.cumsum([0, *sizes])[:-1].tolist())
    largest = max(sizes, default=0)
    for start, stop in runs:
        assert start in case_starts  # a piece starts where a case starts: no case is split
        assert stop - start <= per_piece + largest - 1 or stop - start == sizes[0]
    assert all(stop - start >= per_piece for start, stop in runs[:-1])


@settings(max_examples=200, deadline=None)
@given(ids=case_lists, per_piece=st.integers(1, 30))
def test_scattered_cases_are_assigned_whole_to_pieces_numbered_from_zero(ids, per_piece):
    pieces = assign_pieces(pa.array(ids, type=pa.string()), per_piece)
    assert len(pieces) == len(ids)
    frame = pd.DataFrame({"case": [(i or "").strip() for i in ids], "piece": pieces})
    assert (frame.groupby("case")["piece"].nunique() <= 1).all()  # trimmed ids: one case, one piece
    assert sorted(set(pieces.tolist())) == list(range(len(set(pieces.tolist()))))
    if plan_pieces(pa.array(ids, type=pa.string()), per_piece) is not None:
        assert frame["case"].ne(frame["case"].shift()).sum() == frame["case"].nunique()


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(max_size=30) | st.none(), max_size=40))
def test_fingerprints_find_every_repeated_text(texts):
    marks = text_fingerprints(pa.array(texts, type=pa.string()))
    written = ["" if t is None else t for t in texts]
    repeated = {i for i, t in enumerate(written) if written.count(t) > 1}
    assert repeated <= set(repeated_positions(marks).tolist())  # never misses a repeat
    for i, j in [(i, j) for i in range(len(written)) for j in range(len(written))]:
        if written[i] == written[j]:
            assert marks[i] == marks[j]


def test_fingerprints_of_a_slice_and_of_chunks_are_those_of_the_texts():
    texts = pa.array(["x" * n for n in range(20)])
    sliced = text_fingerprints(texts.slice(5, 10))
    chunked = text_fingerprints(pa.chunked_array([texts.slice(0, 12), texts.slice(12)]))
    assert (sliced == text_fingerprints(pa.array(["x" * n for n in range(5, 15)]))).all()
    assert (chunked == text_fingerprints(texts)).all()
    assert len(set(text_fingerprints(texts).tolist())) == 20


# ------------------------------------------------------------------ the command line

def test_reviewkit_batch_writes_the_findings_and_counts_them_by_rule(tmp_path, corpus, whole, capsys):
    from reviewkit.cli import main

    corpus.to_parquet(tmp_path / "extract.parquet")
    status = main(["batch", str(tmp_path / "extract.parquet"), "-o", str(tmp_path / "findings.csv"),
                   "--rules", "learning", "--rules", "wales", "--workers", "1", "--entries-per-piece", "300"])
    printed = capsys.readouterr().out.splitlines()
    assert status == 0
    assert printed[0] == (f"640 entries checked in 2 piece(s) on 1 process(es): {len(whole)} findings, "
                          f"written to {tmp_path / 'findings.csv'}.")
    by_rule = whole["rule"].value_counts().sort_index()
    assert printed[1:] == [f"  {rule}: {count}" for rule, count in by_rule.items()]
    written = pd.read_csv(tmp_path / "findings.csv")
    assert written["finding_id"].tolist() == whole["finding_id"].tolist()
    assert written["entries"].tolist() == whole["entries"].map("; ".join).tolist()


def test_reviewkit_batch_refuses_an_unknown_output_type(tmp_path, corpus, capsys):
    from reviewkit.cli import main

    corpus.to_parquet(tmp_path / "extract.parquet")
    assert main(["batch", str(tmp_path / "extract.parquet"), "-o", str(tmp_path / "findings.xlsx")]) == 2
    assert "Cannot write findings to 'findings.xlsx': reviewkit writes it as .csv or .parquet" in capsys.readouterr().err


def test_a_value_outside_its_list_is_named_with_the_values_allowed(tmp_path, corpus):
    copy = corpus.copy()
    copy["concern"] = copy["concern"].cat.add_categories(["worry"])
    copy.loc[3, "concern"] = "worry"
    copy.to_parquet(tmp_path / "extract.parquet")
    expected = (r"extract\.parquet: 1 problem with the chronology's columns: row 4, column 'concern': "
                r"'worry' is not one of: neglect, physical, emotional, sexual, domestic_abuse\.")
    with pytest.raises(LoadError, match=expected):
        read_extract(tmp_path / "extract.parquet")
    with pytest.raises(LoadError, match=expected):
        detect_extract(tmp_path / "extract.parquet", workers=1, progress=False)
