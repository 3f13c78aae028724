"""Dask batch checks give exactly the pandas verdicts and findings, on a dask.distributed LocalCluster.

The cluster has two workers of one thread each, in this process (``processes=False``):
starting two worker processes costs more than ten seconds on the shared two-core test machine,
most of the time budget of these tests. What a process cluster adds is pickling, so the rule
plan is pickled and unpickled here, and the unpickled plan must give the same verdicts.
Every check of even a small chronology costs about a second, so the tests share the pandas
verdicts (module fixtures) and use few, small partitions.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import reviewkit
from reviewkit.check.engine import apply_rules, plan_rules
from reviewkit.check.verdicts import findings_from
from reviewkit.exceptions import ReviewkitError
from reviewkit.scale.dask_partitions import partition_by_case
from reviewkit.synth import synth_cases


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with cluster, Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def corpus():
    """Six cases: four with a planted breach (two of them the same rule), two clean."""
    return synth_cases(6, entries_per_case=72, seed=2)


@pytest.fixture(scope="module")
def corpus_verdicts(corpus):
    return reviewkit.check(corpus.chronology)


@pytest.fixture(scope="module")
def sample_verdicts(sample_result):
    return reviewkit.check(sample_result.chronology, procedures="wales")


def test_sample_case_verdicts_and_findings_match_pandas(client, sample_result, sample_verdicts):
    parts = partition_by_case(sample_result.chronology)
    assert parts.npartitions == 1

    verdicts = reviewkit.check(parts, procedures="wales")
    pd.testing.assert_frame_equal(verdicts, sample_verdicts)
    assert {"met", "breached"} <= set(verdicts["verdict"])
    findings = findings_from(verdicts)
    assert len(findings) >= 10
    pd.testing.assert_frame_equal(findings, findings_from(sample_verdicts))


def test_synthetic_corpus_findings_match_pandas_across_partitions(client, corpus, corpus_verdicts):
    parts = partition_by_case(corpus.chronology, npartitions=3)
    assert [part.compute()["case_id"].nunique() for part in parts.partitions] == [2, 2, 2]

    findings = reviewkit.detect(parts)
    pd.testing.assert_frame_equal(findings, findings_from(corpus_verdicts))
    assert findings["finding_id"].is_unique
    # the planted breaches are found, and no clean case has a finding
    found = set(zip(findings["case_id"], findings["rule"]))
    assert set(zip(corpus.plants["case_id"], corpus.plants["rule"])) <= found
    assert not set(findings["case_id"]) & set(corpus.clean_cases)


def test_a_dask_frame_cut_by_rows_is_refused_then_repartitioned_by_case(client, corpus, corpus_verdicts):
    three = corpus.chronology[corpus.chronology["case_id"] <= "synth-000002"]
    # from_pandas cuts by row count: three cases of 72 rows in two partitions of 108 split case 1
    chunks = dd.from_pandas(three, npartitions=2, sort=False)
    with pytest.raises(ReviewkitError, match=r"The case 'synth-000001' is split between partitions 0 and 1"):
        reviewkit.check(chunks)

    # A frame of its own (three row partitions, so other task keys): the refused computation's
    # tasks may still be being released, and sharing their keys lost them under load
    # ("cancelled for reason: lost dependencies").
    again = dd.from_pandas(three, npartitions=3, sort=False)
    verdicts = reviewkit.check(partition_by_case(again, npartitions=2))
    expected = corpus_verdicts[corpus_verdicts["case_id"] <= "synth-000002"].reset_index(drop=True)
    assert len(expected) > 10
    pd.testing.assert_frame_equal(verdicts, expected)


def test_the_rule_plan_sent_to_workers_gives_the_same_verdicts(corpus, corpus_verdicts):
    shipped = pickle.loads(pickle.dumps(plan_rules()))
    pd.testing.assert_frame_equal(apply_rules(corpus.chronology, shipped), corpus_verdicts)


def test_clean_cases_give_the_empty_findings_frame(client, corpus, corpus_verdicts):
    clean = corpus.chronology[corpus.chronology["case_id"] == corpus.clean_cases[0]]
    findings = reviewkit.detect(partition_by_case(clean))
    assert findings.empty
    assert list(findings.columns) == list(findings_from(corpus_verdicts).columns)


def test_partition_by_case_keeps_whole_cases_in_their_order(corpus):
    pieces = [part.compute() for part in partition_by_case(corpus.chronology, npartitions=4).partitions]
    # six cases of 72 entries in four parts of about 108: whole cases only, so 2, 1, 2, 1
    assert [piece["case_id"].nunique() for piece in pieces] == [2, 1, 2, 1]
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True), corpus.chronology)


def test_more_partitions_than_cases_gives_one_case_each(corpus):
    parts = partition_by_case(corpus.chronology, npartitions=50)
    assert parts.npartitions == 6


def test_missing_case_id_column_is_named(corpus):
    frame = corpus.chronology.drop(columns="case_id")
    with pytest.raises(ReviewkitError, match=r"no 'case_id' column \(its columns: entry_id, date"):
        partition_by_case(frame)


def test_reviewkit_imports_without_dask_and_says_how_to_install_it():
    code = (
        "import sys\nsys.modules['dask'] = None\nimport reviewkit\n"
        "from reviewkit.scale.dask_partitions import partition_by_case\n"
        "try:\n    partition_by_case(reviewkit.load.schema.empty_chronology())\n"
        "except reviewkit.ReviewkitError as error:\n    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'Install it with: pip install "dask[dataframe]" distributed' in done.stdout


def test_a_parquet_extract_read_by_dask_and_partitioned_by_case(client, tmp_path, corpus, corpus_verdicts):
    corpus.chronology.to_parquet(tmp_path / "extract.parquet")
    parts = partition_by_case(dd.read_parquet(tmp_path / "extract.parquet"), npartitions=2)
    pd.testing.assert_frame_equal(reviewkit.detect(parts), findings_from(corpus_verdicts))


def test_decisions_apply_on_a_dask_frame_as_on_pandas(client, corpus):
    from reviewkit.review.changes import correct, decide
    from reviewkit.review.decisions import Decisions
    from reviewkit.review.orphans import orphans

    findings = reviewkit.detect(corpus.chronology)
    first, second = findings["finding_id"].iloc[:2]
    entry = corpus.chronology["entry_id"].iloc[-1]
    decisions = decide(decide(Decisions(), first, status="dismissed", note="Not a cluster."), second,
                       status="accepted")
    decisions = correct(correct(decisions, entry, reviewer_tags=["key practice episode"]),
                        "synth-999999/gone.csv:2", subject="Child A")  # an entry no partition holds
    expected = reviewkit.detect(corpus.chronology, decisions=decisions)
    found = reviewkit.detect(partition_by_case(corpus.chronology, npartitions=3), decisions=decisions)
    pd.testing.assert_frame_equal(found, expected)
    assert found.set_index("finding_id").loc[first, "status"] == "dismissed"
    assert orphans(found)["id"].tolist() == orphans(expected)["id"].tolist() == ["synth-999999/gone.csv:2"]
    verdicts = reviewkit.check(partition_by_case(corpus.chronology, npartitions=3), decisions=decisions)
    pd.testing.assert_frame_equal(verdicts, reviewkit.check(corpus.chronology, decisions=decisions))
