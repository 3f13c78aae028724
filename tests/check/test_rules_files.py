"""Rule files with mistakes are clear errors naming the file, the rule and the field (issue 15).

Each of these crashed with AttributeError, TypeError, OutOfBoundsTimedelta, RecursionError or
UnicodeDecodeError, none of which names the file.
"""

from __future__ import annotations

import pytest

import reviewkit
from reviewkit.check.rules import RuleError

RULE = '''[[rules]]
id = "r1"
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


def _check(tmp_path, chron, text: str | bytes):
    path = tmp_path / "local.toml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return reviewkit.check(chron, rules=[str(path)])


def test_a_good_local_rule_is_checked(tmp_path, chron):
    verdicts = _check(tmp_path, chron, RULE)
    assert "r1" in set(verdicts["rule"])


@pytest.mark.parametrize(("text", "expected"), [
    ('rules = "x"\n', r"local\.toml: rules must be tables, each headed \[\[rules\]\].*got rules = 'x'"),
    ('rules = [1]\n', r"rules must be tables.*got rules = \[1\]"),
    ('pack = "x"\n' + RULE, r"pack = 'x' must be a table"),
    (RULE.replace('id = "r1"', 'id = 5'), r"rule 1: id = 5 must be a text in quotes"),
    (RULE.replace('id = "r1"', 'id = ["r1"]'), r"rule 1: id = \['r1'\] must be a text in quotes"),
    (RULE.replace('kind = "gap"', 'kind = ["gap"]'), r"rule 'r1': kind \['gap'\] is not known\. Valid kinds: "),
    (RULE + 'local = "x"\n', r"rule 'r1': local must be a table of parameter = "),
    (RULE + '[rules.local]\nlimit = 5\n', r"local must be a table.*got \{'limit': 5\}"),
    (RULE.replace('"8 weeks"', '"99999999999 days"'),
     r"field 'limit': '99999999999 days' is longer than a review can need \(at most 100 years\)"),
    (RULE.replace('"8 weeks"', '"5300 years"'), r"is not a duration reviewkit can read"),
    ('x = ' + '[' * 500 + ']' * 500 + '\n', r"local\.toml: this rule file nests lists or tables too deeply"),
])
def test_a_malformed_rule_file_is_named(tmp_path, chron, text, expected):
    with pytest.raises(RuleError, match=expected):
        _check(tmp_path, chron, text)


def test_a_rule_file_not_in_utf8_names_the_line(tmp_path, chron):
    text = ("# Café rules\n" + RULE).encode("cp1252")
    with pytest.raises(RuleError, match=r"local\.toml: this rule file is not UTF-8 text \(line 1 holds the byte 0xe9"):
        _check(tmp_path, chron, text)


def test_a_rule_file_saved_as_unicode_is_read(tmp_path, chron):
    assert "r1" in set(_check(tmp_path, chron, RULE.encode("utf-16"))["rule"])


def test_a_folder_given_as_a_rule_file_is_named(tmp_path, chron):
    with pytest.raises(RuleError, match="this is a folder, not a rule file"):
        reviewkit.check(chron, rules=[str(tmp_path)])
