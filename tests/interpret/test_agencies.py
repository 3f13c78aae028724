"""Tests for agency-name normalisation."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.agencies import alias_key, load_agency_aliases, normalise_agencies

CS = "Children's Services"

ALIASES = [
    # Children's Services, including its teams
    ("CSC", CS),
    ("Children's Social Care", CS),
    ("Childrens Social Care", CS),
    ("LA", CS),
    ("Local Authority", CS),
    ("Social Services", CS),
    ("Social Care", CS),
    ("MASH", CS),
    ("SPOC", CS),
    ("LA SPOC", CS),
    ("Front Door", CS),
    ("Children's Services", CS),
    ("CS", CS),
    ("Fostering team", CS),
    ("Locality team", CS),
    ("Northshire Fostering Service", CS),
    # Police
    ("Police", "Police"),
    ("Constabulary", "Police"),
    ("Police Force", "Police"),
    ("PPU", "Police"),
    ("Public Protection Unit", "Police"),
    ("CID", "Police"),
    ("Northshire Police", "Police"),
    ("Anyshire Constabulary", "Police"),
    # School
    ("School", "School"),
    ("Primary School", "School"),
    ("Education", "School"),
    ("Head teacher", "School"),
    ("DSL", "School"),
    ("Designated Safeguarding Lead", "School"),
    ("Anytown Primary School", "School"),
    # Health visiting
    ("HV", "Health Visiting"),
    ("Health Visitor", "Health Visiting"),
    ("Health visiting team", "Health Visiting"),
    ("HV team", "Health Visiting"),
    ("0-19 service", "Health Visiting"),
    ("HV team (Area 2)", "Health Visiting"),
    # GP
    ("GP", "GP"),
    ("General Practice", "GP"),
    ("Surgery", "GP"),
    ("GP practice", "GP"),
    ("Primary care", "GP"),
    ("Riverside Surgery", "GP"),
    # Midwifery
    ("Midwife", "Midwifery"),
    ("Midwifery", "Midwifery"),
    ("Community midwife", "Midwifery"),
    ("Maternity", "Midwifery"),
    # Emergency department
    ("A&E", "Emergency Department"),
    ("A and E", "Emergency Department"),
    ("ED", "Emergency Department"),
    ("Emergency Department", "Emergency Department"),
    ("Accident and Emergency", "Emergency Department"),
    ("Casualty", "Emergency Department"),
    ("Anytown Hospital Emergency Department", "Emergency Department"),
    # Hospital / paediatrics
    ("Paediatrics", "Hospital"),
    ("Paediatrician", "Hospital"),
    ("Hospital", "Hospital"),
    ("Ward", "Hospital"),
    ("Anytown General Hospital", "Hospital"),
    # Probation
    ("Probation", "Probation"),
    ("Probation Service", "Probation"),
    ("NPS", "Probation"),
    ("CRC", "Probation"),
    # Adult mental health
    ("CMHT", "Adult Mental Health"),
    ("Adult mental health", "Adult Mental Health"),
    ("Mental health services", "Adult Mental Health"),
    ("Psychiatry", "Adult Mental Health"),
    # others
    ("School Nurse", "School Nursing"),
    ("School Nursing Team", "School Nursing"),
    ("Housing", "Housing"),
    ("Housing Association", "Housing"),
    ("Early Help", "Early Help"),
    ("Early Help Team", "Early Help"),
    ("Legal Services", "Legal Services"),
    ("LA Legal", "Legal Services"),
    ("Education Welfare", "Education Welfare"),
    ("EWO", "Education Welfare"),
    ("Youth Justice", "Youth Justice"),
    ("YOT", "Youth Justice"),
    ("Substance misuse services", "Substance Misuse Services"),
    ("Ambulance service", "Ambulance Service"),
    ("Paramedics", "Ambulance Service"),
    ("Nursery", "Nursery"),
    ("Little Acorns Nursery", "Nursery"),
    ("CAMHS", "CAMHS"),
    ("Adult Social Care", "Adult Social Care"),
]


@pytest.mark.parametrize(("raw", "expected"), ALIASES)
def test_packaged_aliases(raw, expected):
    out = normalise_agencies(pd.Series([raw]))
    assert out["agency"].iloc[0] == expected
    assert bool(out["known"].iloc[0]) is True


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Children's Services", "childrens services"),
        ("CHILDREN\u2019S  SERVICES", "childrens services"),
        ("A&E", "a and e"),
        ("HV team (Area 2)", "hv team area 2"),
        ("  0-19 service. ", "0 19 service"),
        ("", ""),
    ],
)
def test_alias_key(text, key):
    assert alias_key(text) == key


def test_longest_alias_wins():
    # "school" and "school nursing" are both inside; the longer one wins
    assert (
        normalise_agencies(pd.Series(["Northshire School Nursing Team"]))["agency"][0]
        == "School Nursing"
    )
    # "education" (School) vs "education welfare"
    assert (
        normalise_agencies(pd.Series(["County Education Welfare"]))["agency"][0]
        == "Education Welfare"
    )
    # "social care" (Children's Services) vs "adult social care"
    assert (
        normalise_agencies(pd.Series(["Northshire Adult Social Care"]))["agency"][0]
        == "Adult Social Care"
    )


def test_alias_must_match_whole_words():
    out = normalise_agencies(pd.Series(["Edwards Lawyers", "Gladstone", "Wardrobe Ltd"]))
    assert out["known"].tolist() == [False, False, False]


def test_unknown_kept_tidied_and_flagged():
    raw = pd.Series(["  Acme   Widgets\tand Sons ", "Bright Futures Charity"], index=["x", "y"])
    out = normalise_agencies(raw)
    assert out.index.tolist() == ["x", "y"]
    assert out["agency"].tolist() == ["Acme Widgets and Sons", "Bright Futures Charity"]
    assert out["known"].tolist() == [False, False]


def test_blank_values():
    out = normalise_agencies(pd.Series(["", "   ", None, float("nan"), pd.NA], dtype=object))
    assert out["agency"].isna().all()
    assert not out["known"].any()


def test_output_dtypes_and_duplicates():
    raw = pd.Series(["Police", "police", "POLICE ", "Police", None] * 3, dtype="string")
    out = normalise_agencies(raw)
    assert out.columns.tolist() == ["agency", "known"]
    assert str(out["agency"].dtype) == "string"
    assert out["known"].dtype == bool
    assert out["agency"].tolist() == (["Police"] * 4 + [pd.NA]) * 3


def test_empty_series():
    out = normalise_agencies(pd.Series([], dtype="string"))
    assert out.shape == (0, 2)


def test_user_dict_extends_and_overrides():
    table = load_agency_aliases(
        {"Family Nurse Partnership": ["FNP"], "Early Help": ["Flying Start"]}
    )
    assert table["fnp"] == "Family Nurse Partnership"
    assert table["family nurse partnership"] == "Family Nurse Partnership"
    assert table["flying start"] == "Early Help"  # overrides the packaged Health Visiting
    assert table["csc"] == CS  # packaged ones kept
    out = normalise_agencies(pd.Series(["FNP", "Flying Start team", "Police"]), aliases=table)
    assert out["agency"].tolist() == ["Family Nurse Partnership", "Early Help", "Police"]
    # the packaged table is untouched
    assert load_agency_aliases()["flying start"] == "Health Visiting"
    assert "fnp" not in load_agency_aliases()


def test_user_file(tmp_path):
    path = tmp_path / "agencies.toml"
    path.write_text(
        '[agencies]\n"Womens Refuge" = ["Safe Haven", "Refuge Project"]\n', encoding="utf-8"
    )
    table = load_agency_aliases(path)
    out = normalise_agencies(pd.Series(["Safe Haven (North)", "Police"]), aliases=table)
    assert out["agency"].tolist() == ["Womens Refuge", "Police"]
    assert out["known"].tolist() == [True, True]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[agencies\n"X" = ["y"]\n', r"agencies\.toml is not valid TOML"),
        ('[agency]\n"X" = ["y"]\n', r"unknown section\(s\) 'agency'.*\[agencies\]"),
        ('"X" = ["y"]\n', r"unknown section\(s\) 'X'"),
        ("", r"no \[agencies\] table"),
        ('[agencies]\n"X" = [1]\n', r"agency 'X' has aliases that are not usable text"),
        ('[agencies]\n"X" = 3\n', r"agency 'X' must have a list of aliases"),
    ],
)
def test_malformed_agency_file(tmp_path, content, message):
    path = tmp_path / "agencies.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError, match=message):
        load_agency_aliases(path)


def test_missing_agency_file(tmp_path):
    with pytest.raises(VocabularyError, match="does not exist"):
        load_agency_aliases(tmp_path / "nope.toml")


def test_bad_argument():
    with pytest.raises(VocabularyError, match="path to a TOML file or a dict"):
        load_agency_aliases(42)  # type: ignore[arg-type]
