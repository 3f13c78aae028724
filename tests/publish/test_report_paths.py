"""A published report shows paths from the case folder, never where the reviewer keeps files (issue 15)."""

from __future__ import annotations

import shutil
import warnings

import reviewkit
from reviewkit.publish.report import export_report

RULE = '''[[rules]]
id = "my-visits-keep-up"
kind = "gap"
title = "Visits keep up"
theme = "drift"
severity = "low"
learning = "l"
source = "s"
contacts = ["home_visit"]
while_open = "cp_plan"
limit = "8 weeks"
'''


def test_local_rule_files_and_decisions_are_named_from_the_case_folder(tmp_path):
    case = tmp_path / "secure_store" / "child_d"
    shutil.copytree("sample_data/child_d", case)
    (case / "rules").mkdir()
    (case / "rules" / "local.toml").write_text(RULE)
    (case / "decisions.toml").write_text('[[finding]]\nfinding_id = "F-000000000000"\nstatus = "accepted"\n')
    elsewhere = tmp_path / "my_rules.toml"
    elsewhere.write_text(RULE.replace("my-visits-keep-up", "my-other-rule"))
    rules = ["learning", str(case / "rules" / "local.toml"), str(elsewhere)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = reviewkit.load_with_report(case)
        findings = reviewkit.detect(result.chronology, rules=rules)
        verdicts = reviewkit.check(result.chronology, rules=rules)
    html = export_report(result.chronology, findings, tmp_path / "report.html", verdicts=verdicts,
                         load_report=result.report, rules=rules, sources=[case]).read_text("utf-8")
    assert str(tmp_path) not in html
    assert "learning, rules/local.toml, my_rules.toml" in html
