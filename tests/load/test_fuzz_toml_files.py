"""Fuzzing the files a reviewer writes by hand: case.toml, rule files, decisions files. Whatever
they hold, reading them gives a result or a documented error (a ReviewkitError), never a Python
crash (issue 15). Uses the ci/dev hypothesis profiles."""

from __future__ import annotations

import warnings

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reviewkit
from reviewkit.check.engine import plan_rules
from reviewkit.exceptions import ReviewkitError
from reviewkit.load.manifest import read_manifest
from reviewkit.review.decisions import Decisions, FindingDecision
from reviewkit.review.reading import read_decisions
from reviewkit.review.writing import write_decisions

_SCALAR = (st.text(max_size=12) | st.integers(-10**12, 10**12) | st.booleans() | st.floats(allow_nan=False)
           | st.sampled_from(["gp.csv", "../gp.csv", "/etc/passwd", "", ".", "wales", "99999999999 days",
                              "8 weeks", "home_visit", "cp_plan", "gap", "low", "accepted", "F-1", "c/gp.csv:2"]))
_VALUE = st.recursive(_SCALAR, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3), max_leaves=8)


def _tables(keys: list[str]):
    """TOML documents made of the fields a file may have (and others), with values of any kind."""
    fields = st.dictionaries(st.sampled_from(keys) | st.text(min_size=1, max_size=6), _VALUE, max_size=6)
    return fields


_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
_BYTES = st.binary(max_size=200) | st.text(max_size=200).map(str.encode) | st.sampled_from([
    "title = \"Café\"\n".encode("cp1252"), 'title = "x"\n'.encode("utf-16"), b"x = " + b"[" * 600 + b"]" * 600,
    b"[[files]]\npath = 5\n", b'files = "gp.csv"\n', b'rules = "x"\n', b"rules = [1]\n", b'finding = "x"\n'])


def _document(data: dict) -> bytes:
    try:
        return tomlkit.dumps(data).encode()
    except Exception:  # a value tomlkit cannot write: write something else
        return b"x = 1\n"


@_SETTINGS
@given(case=_tables(["case_id", "title", "procedures", "files", "vocabulary", "agency_aliases", "allow_outside"]),
       files=st.lists(_tables(["path", "agency", "sheet", "mapping", "indicators", "event_type"]), max_size=3),
       raw=st.none() | _BYTES)
def test_any_case_toml_reads_or_says_why(tmp_path_factory, case, files, raw):
    folder = tmp_path_factory.mktemp("family")
    (folder / "gp.csv").write_text("Date,Notes\n03/04/2015,Seen\n")
    (folder / "case.toml").write_bytes(raw if raw is not None else _document({**case, "files": files}))
    try:
        read_manifest(folder)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reviewkit.read_chronology(folder)
    except ReviewkitError:
        pass


_RULE = {"id": "r1", "kind": "gap", "title": "t", "theme": "x", "severity": "low", "learning": "l",
         "source": "s", "contacts": ["home_visit"], "while_open": "cp_plan", "limit": "8 weeks"}


@_SETTINGS
@given(changes=_tables(list(_RULE) + ["local", "agency"]), top=_tables(["pack", "rules"]), raw=st.none() | _BYTES)
def test_any_rule_file_reads_or_says_why(tmp_path_factory, changes, top, raw):
    path = tmp_path_factory.mktemp("rules") / "local.toml"
    path.write_bytes(raw if raw is not None else _document({**top, "rules": [{**_RULE, **changes}]}))
    try:
        plan_rules([str(path)])
    except ReviewkitError:
        pass


@_SETTINGS
@given(finding=_tables(["finding_id", "rule", "status", "note", "by", "on"]),
       entry=_tables(["entry_id", "event_type", "tags", "duplicate_group", "subject", "reviewer_tags",
                      "exclude_from_publication", "note", "by", "on"]),
       raw=st.none() | _BYTES)
def test_any_decisions_file_reads_or_says_why_and_is_never_lost(tmp_path_factory, finding, entry, raw):
    path = tmp_path_factory.mktemp("case") / "decisions.toml"
    data = raw if raw is not None else _document({"finding": [finding], "entry": [entry]})
    path.write_bytes(data)
    try:
        read_decisions(path)
    except ReviewkitError:
        pass
    try:
        write_decisions(Decisions({"F-9": FindingDecision("F-9", "accepted")}), path)
    except ReviewkitError:
        assert path.read_bytes() == data  # a file that cannot be read is never overwritten
