"""The report ends with the abbreviations the case's records use, spelt out."""

from __future__ import annotations

import warnings

import pandas as pd

import reviewkit
from reviewkit.publish.glossary import glossary, known_abbreviations


def test_only_the_abbreviations_the_case_uses_are_listed():
    chronology = pd.DataFrame({"summary": ["ICPC held. HV present; the SW said the plan was fine",
                                           "Strategy discussion (S47 agreed)", "Ed visited"],
                               "outcome": ["NFA", None, "DSL informed"]})
    terms = glossary(chronology)
    assert terms["abbreviation"].tolist() == ["DSL", "HV", "ICPC", "NFA", "S47", "SW"]
    assert dict(terms.values.tolist())["ICPC"] == "Initial child protection conference"
    assert glossary(pd.DataFrame({"summary": ["Home visit, all well"]})).empty


def test_every_event_type_abbreviation_can_be_spelt_out():
    terms = known_abbreviations()
    assert {"ICPC", "RCPC", "S47", "PLO", "EPDS", "GCP2", "MASH", "MARAC", "LADO"} <= set(terms)
    assert all(meaning and meaning[0].isupper() for meaning in terms.values())


def test_the_report_ends_with_the_glossary(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        chronology = reviewkit.read_chronology("sample_data/child_d")
    page = reviewkit.export_report(chronology, reviewkit.detect(chronology), tmp_path / "r.html").read_text("utf-8")
    glossary_at = page.index('id="glossary"')
    assert glossary_at > page.index('id="provenance"')
    assert "<td>Review child protection conference</td>" in page[glossary_at:]
