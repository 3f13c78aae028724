"""Rule packs: the shipped packs load, and malformed rules fail naming file, rule and field."""

from __future__ import annotations

import pytest

from reviewkit.check.detectors import kinds
from reviewkit.check.rules import PACKS, RuleError, load_rules, resolve_types
from reviewkit.interpret.duration_text import Duration
from reviewkit.interpret.vocabulary_file import load_vocabulary

GOOD = """
[[rules]]
id = "local-visits"
kind = "response"
title = "t"
theme = "child protection processes"
severity = "low"
trigger = ["icpc"]
response = ["home_visit"]
within = "15 working days"
learning = "Visits at least every 15 working days."
source = "Local procedure"
[rules.local]
within = "local procedure"
"""


def _load(tmp_path, text):
    path = tmp_path / "local.toml"
    path.write_text(text)
    return load_rules(path, vocabulary=load_vocabulary(), kinds=kinds()), path


def test_a_users_rule_file_loads_with_durations_and_types_resolved(tmp_path):
    (rule,), _ = _load(tmp_path, GOOD)
    assert rule.id == "local-visits" and rule.pack == "local"
    assert rule.params["within"] == Duration(15, "working_days")
    assert rule.params["trigger"] == ("icpc",)
    assert rule.params["same_agency"] is False
    assert rule.local == {"within": "local procedure"}


@pytest.mark.parametrize("pack", PACKS)
def test_every_shipped_pack_loads(pack):
    rules = load_rules(pack, vocabulary=load_vocabulary(), kinds=kinds())
    assert rules and all(r.pack == pack for r in rules)
    assert all(r.learning and r.source and r.theme for r in rules)


def test_local_choices_in_the_learning_pack_are_marked():
    rules = load_rules("learning", vocabulary=load_vocabulary(), kinds=kinds())
    marked = {r.id for r in rules if r.local}
    assert "b-witnessed-assault-reported-to-police" in marked
    assert "c-strategy-meeting-after-separate-concerns" in marked


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "response"', 'kind = "respnose"'), r"rule 'local-visits'.*kind 'respnose' is not known. Valid kinds: response, cluster"),
        (('within = "15 working days"', 'within = "soon"'), r"rule 'local-visits', field 'within': 'soon' is not a duration"),
        (('trigger = ["icpc"]', 'trigger = ["icpcc"]'), r"rule 'local-visits', field 'trigger'.*icpcc"),
        (('trigger = ["icpc"]', 'trigger = ["group:concerns"]'), r"field 'trigger'.*concerns"),
        (('severity = "low"', 'severity = "urgent"'), r"severity 'urgent' is not valid. Use one of: high, medium, low"),
        (('source = "Local procedure"', 'sauce = "x"'), r"unknown field\(s\) 'sauce' for a response rule. Valid fields:"),
        (('within = "15 working days"', ''), r"the field 'within' is required"),
        (('within = "local procedure"', 'withn = "x"'), r"\[local\] names 'withn'"),
    ],
)
def test_malformed_rules_name_the_file_rule_and_field(tmp_path, change, message):
    with pytest.raises(RuleError, match=message) as error:
        _load(tmp_path, GOOD.replace(*change))
    assert "local.toml" in str(error.value)


def test_a_rule_id_used_twice_is_refused(tmp_path):
    with pytest.raises(RuleError, match="used twice"):
        _load(tmp_path, GOOD + GOOD)


def test_unknown_pack_name_lists_the_packs():
    with pytest.raises(RuleError, match="neither a rule pack nor a file. Packs: learning, wales, england"):
        load_rules("scotland", vocabulary=load_vocabulary(), kinds=kinds())


def test_groups_and_aliases_resolve_to_ids():
    ids = resolve_types(["group:conference", "ICPC"], load_vocabulary(), "here")
    assert ids[0] == "icpc" and "rcpc" in ids and len(ids) == len(set(ids))
