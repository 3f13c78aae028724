"""The timeline drawn without plotly's checks (as the report draws it) is the same figure."""

from __future__ import annotations

import json

import pytest

import reviewkit
from reviewkit import timeline


@pytest.fixture(scope="module")
def findings(sample_chronology):
    return reviewkit.detect(sample_chronology)


OPTIONS = [
    {},
    {"lanes": "subject"},
    {"lanes": "event_type", "title": "A title"},
    {"align_on": "icpc"},
    {"focus": ("2015-01-01", "2015-12-31")},
    {"webgl_threshold": 10},  # WebGL traces
    {"highlight": "first two findings"},
    {"highlight": "first two findings", "highlight_only": True},
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "default")
@pytest.mark.parametrize("with_findings", [True, False])
def test_the_unchecked_timeline_is_the_checked_one(sample_chronology, findings, options, with_findings):
    options = dict(options)
    if options.get("highlight") == "first two findings":
        if not with_findings:
            pytest.skip("finding ids highlight nothing without the findings")
        options["highlight"] = findings["finding_id"].head(2).tolist()
    shown = findings if with_findings else None
    checked = timeline(sample_chronology, shown, **options)
    unchecked = timeline(sample_chronology, shown, checked=False, **options)
    assert json.loads(unchecked.to_json()) == json.loads(checked.to_json())
    assert len(checked.data) > 5 and checked.layout.template.layout.paper_bgcolor == "white"


def test_the_default_timeline_still_checks_what_a_user_changes(sample_chronology):
    fig = timeline(sample_chronology)
    with pytest.raises(ValueError, match="colour|color|Invalid"):
        fig.update_layout(xaxis=dict(gridcolor="not a colour"))
