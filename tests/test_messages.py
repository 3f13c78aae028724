"""The message catalogue: every label comes from it, a board's file changes them, bad files say why."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewkit
from reviewkit.check.explain import explain, format_explanation
from reviewkit.messages import (
    MESSAGES_ENV,
    MessagesError,
    english,
    load_messages,
    message,
    message_column,
    placeholders,
    use_messages,
)
from reviewkit.render.layout import INTERVAL_TYPES
from reviewkit.render.overlays import FINDING_KINDS
from reviewkit.render.palette import MARKER_GROUPS, SEVERITY_COLOURS

ROOT = Path(__file__).resolve().parent.parent
WELSH_EXAMPLE = ROOT / "docs" / "messages-cy.example.toml"


def _message_calls() -> list[tuple[str, ast.Call]]:
    """Every call that takes a message key first (``message``, ``message_column``, ``with_code``)."""
    calls = []
    for path in sorted((ROOT / "reviewkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("message", "message_column", "with_code")):
                calls.append((str(path.relative_to(ROOT)), node))
    return calls


@pytest.fixture
def catalogue(tmp_path):
    """Write a user's catalogue file and return its path."""
    def write(text: str, name: str = "board.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture(scope="module")
def sample_findings(sample_chronology):
    return reviewkit.detect(sample_chronology, procedures="wales")


def test_english_catalogue_loads_with_every_section():
    messages = load_messages("en")
    assert {key.split(".")[0] for key in messages} == {
        "severity", "groups", "intervals", "finding_rows", "timeline", "charts", "explain", "report", "cli", "brief",
        "titles"}
    assert messages["timeline.title"] == "Multi-agency timeline: {cases}"
    assert reviewkit.message("charts.who_knew_title") == "Who knew what, when"


def test_every_literal_key_in_the_code_exists_and_its_callers_fill_exactly_its_placeholders():
    calls = _message_calls()
    literal = [(where, call) for where, call in calls
               if call.args and isinstance(call.args[0], ast.Constant)]
    assert len(literal) > 150  # the scan really finds the labels
    problems = []
    for where, call in literal:
        key = call.args[0].value
        if key not in english():
            problems.append(f"{where}:{call.lineno}: unknown key {key}")
            continue
        filled = {"code"} if call.func.id == "with_code" else {kw.arg for kw in call.keywords}
        if filled != placeholders(english()[key]):
            problems.append(f"{where}:{call.lineno}: {key} fills {sorted(filled)}, "
                            f"the message uses {sorted(placeholders(english()[key]))}")
    assert problems == []


def test_keys_built_in_code_are_exactly_the_sections_they_come_from():
    built = {call.args[0].values[0].value for _where, call in _message_calls()
             if call.args and isinstance(call.args[0], ast.JoinedStr)}
    assert built == {"groups.", "intervals.", "finding_rows.", "severity."}

    def section(name: str) -> set[str]:
        return {k.split(".", 1)[1] for k in english() if k.startswith(name + ".")}

    assert section("groups") == {g[0] for g in MARKER_GROUPS}
    assert section("intervals") == set(INTERVAL_TYPES)
    assert section("finding_rows") == set(FINDING_KINDS) | {"other"}
    assert section("severity") == set(SEVERITY_COLOURS)
    assert all(not placeholders(english()[f"groups.{g[0]}"]) for g in MARKER_GROUPS)


def test_every_english_message_is_used_somewhere():
    literal = {call.args[0].value for _w, call in _message_calls()
               if call.args and isinstance(call.args[0], ast.Constant)}
    built = {k for k in english() if k.split(".")[0] in {"groups", "intervals", "finding_rows", "severity"}}
    assert set(english()) - literal - built == set()


BOARD = """
[groups]
concern = "Pryder, digwyddiad neu atgyfeiriad"
[finding_rows]
response = "Canfyddiadau: ymateb hwyr"
[timeline]
legend_vague = "Dyddiad amhendant"
legend_vague_short = "Dyddiad amhendant (ystod)"
title = "Llinell amser: {cases}"
[charts]
theme_title = "Canfyddiadau yn ôl thema"
[explain]
theme_heading = "## {theme}: {count} canfyddiad"
[severity]
high = "uchel"
"""


def test_a_board_catalogue_changes_the_plotly_timeline_and_leaves_the_rest_english(
        catalogue, sample_chronology, sample_findings):
    with use_messages(catalogue(BOARD)):
        fig = reviewkit.timeline(sample_chronology, sample_findings)
    legend = [tr.name for tr in fig.data if tr.meta == "legend"]
    assert "Pryder, digwyddiad neu atgyfeiriad" in legend and "Dyddiad amhendant" in legend
    assert "Concern, incident or referral" not in legend
    assert "Visit, contact or meeting" in legend  # not overridden: still English
    assert "<i>Canfyddiadau: ymateb hwyr</i>" in fig.layout.yaxis.ticktext
    assert "<i>Findings: concerns clustered</i>" in fig.layout.yaxis.ticktext
    assert fig.layout.title.text == "Llinell amser: Child D (fictional sample case after a published learning brief)"
    assert "Finding (uchel severity)" in {tr.name for tr in fig.data if tr.meta == "findings"}
    english_fig = reviewkit.timeline(sample_chronology, sample_findings)
    assert english_fig.layout.title.text == "Multi-agency timeline: Child D (fictional sample case after a published learning brief)"


def test_a_board_catalogue_changes_the_matplotlib_legend_and_lanes(catalogue, sample_chronology, sample_findings):
    with use_messages(catalogue(BOARD)):
        ax = reviewkit.plot_timeline(sample_chronology, sample_findings)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Pryder, digwyddiad neu atgyfeiriad" in legend and "Dyddiad amhendant (ystod)" in legend
    assert "Finding, uchel severity" in legend and "Assessment" in legend
    assert "Canfyddiadau: ymateb hwyr" in [t.get_text() for t in ax.get_yticklabels()]
    assert ax.get_title(loc="left") == "Llinell amser: Child D (fictional sample case after a published learning brief)"
    plt.close(ax.figure)


def test_a_board_catalogue_changes_chart_titles_and_explain_headings(catalogue, sample_chronology, sample_findings):
    with use_messages(catalogue(BOARD)):
        fig = reviewkit.findings_by_theme(sample_findings)
        ax = reviewkit.plot_findings_by_theme(sample_findings)
        text = format_explanation(explain(sample_findings, sample_chronology))
        who = reviewkit.who_knew(sample_chronology)
    assert fig.layout.title.text == "Canfyddiadau yn ôl thema"
    assert ax.get_title(loc="left") == "Canfyddiadau yn ôl thema"
    assert who.layout.title.text == "Who knew what, when"
    assert "## INFORMATION SHARING: " in text and "== INFORMATION SHARING" not in text
    assert "[uchel] " in text
    assert "== INFORMATION SHARING" in format_explanation(explain(sample_findings, sample_chronology))
    plt.close(ax.figure)


def test_use_messages_without_with_lasts_until_reset(catalogue):
    path = catalogue('[explain]\nno_findings = "Dim canfyddiadau."\n')
    try:
        use_messages(path)
        assert message("explain.no_findings") == "Dim canfyddiadau."
        with use_messages("en"):
            assert message("explain.no_findings") == "No findings."
        assert message("explain.no_findings") == "Dim canfyddiadau."
    finally:
        use_messages(None)
    assert message("explain.no_findings") == "No findings."


def test_environment_variable_chooses_the_catalogue(catalogue, monkeypatch):
    monkeypatch.setenv(MESSAGES_ENV, str(catalogue('[charts]\nlegend_agency = "Asiantaeth"\n')))
    assert message("charts.legend_agency") == "Asiantaeth"
    with use_messages("en"):
        assert message("charts.legend_agency") == "Agency"


def test_an_edited_file_is_read_again(catalogue):
    path = catalogue('[charts]\nlegend_agency = "One"\n')
    with use_messages(path):
        assert message("charts.legend_agency") == "One"
    path.write_text('[charts]\nlegend_agency = "Two, longer"\n', encoding="utf-8")
    with use_messages(path):
        assert message("charts.legend_agency") == "Two, longer"


def test_the_welsh_example_loads_and_is_marked_as_unchecked():
    assert "NOT A CHECKED TRANSLATION" in WELSH_EXAMPLE.read_text(encoding="utf-8")
    messages = load_messages(WELSH_EXAMPLE)
    assert messages["groups.concern"] == "Pryder, digwyddiad neu atgyfeiriad"
    assert messages["groups.legal"] == "Legal step or court"


@pytest.mark.parametrize("text, expected", [
    ('[timeline]\ntitel = "Llinell amser"\n',
     r"board\.toml: 'timeline\.titel' is not a reviewkit message\. Did you mean: timeline\.title"),
    ('[timelines]\ntitle = "x"\n', r"'timelines\.title' is not a reviewkit message\. Did you mean: timeline\.title"),
    ('title = "x"\n', r"board\.toml: 'title' is not a \[section\] of messages"),
    ('[timeline]\ntitle = 3\n', r"board\.toml: timeline\.title is 3; a message must be text"),
    ('[timeline]\ntitle = "Llinell amser: {achos}"\n',
     (r"board\.toml: timeline\.title uses \{achos\}, which reviewkit does not fill in for this message\. "
      r"It can use: \{cases\}")),
    ('[timeline]\ntitle = "Llinell amser: {cases"\n', r"timeline\.title = .* cannot be filled in"),
    ('[timeline\ntitle = "x"\n', r"board\.toml is not valid TOML"),
])
def test_bad_catalogues_say_which_file_and_key(catalogue, text, expected):
    with pytest.raises(MessagesError, match=expected):
        use_messages(catalogue(text))
    assert message("timeline.title", cases="c") == "Multi-agency timeline: c"


def test_missing_file_and_unknown_name_are_explained(tmp_path):
    with pytest.raises(MessagesError, match=r"does not exist"):
        use_messages(tmp_path / "cy.toml")
    with pytest.raises(MessagesError, match=r"No message catalogue 'cy': reviewkit ships en"):
        use_messages("cy")


def test_a_translation_may_leave_out_a_placeholder(catalogue):
    with use_messages(catalogue('[timeline]\nnote_undated = "Rhai cofnodion heb ddyddiad."\n')):
        assert message("timeline.note_undated", count=4) == "Rhai cofnodion heb ddyddiad."


@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S")), max_size=40))
def test_any_text_round_trips_through_a_catalogue(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("cat") / "board.toml"
    escaped = text.replace("{", "{{").replace("}", "}}")
    path.write_text(f"[charts]\nlegend_agency = {json.dumps(escaped, ensure_ascii=False)}\n", encoding="utf-8")
    with use_messages(path):
        assert message("charts.legend_agency") == text


def test_a_board_catalogue_changes_the_report_headings_and_language(catalogue, sample_chronology,
                                                                   sample_findings, tmp_path):
    board = catalogue('''
[report]
lang = "cy-GB"
summary = "Crynodeb o'r achos"
met = "Rheolau a fodlonwyd"
column_agency = "Asiantaeth"
''')
    with use_messages(board):
        page = reviewkit.export_report(sample_chronology, sample_findings, tmp_path / "cy.html")
    text = page.read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in text
    assert '<h2 id="summary-heading">Crynodeb o&#x27;r achos</h2>' in text
    assert '<h3>Rheolau a fodlonwyd</h3>' in text  # under "What went well"
    assert '<th scope="col">Asiantaeth</th>' in text and ">Case summary<" not in text
    assert '<h2 id="provenance-heading">Provenance</h2>' in text  # not overridden
    english_page = reviewkit.export_report(sample_chronology, sample_findings, tmp_path / "en.html")
    assert '<h2 id="summary-heading">Case summary</h2>' in english_page.read_text(encoding="utf-8")


def test_message_column_fills_a_message_row_by_row(catalogue):
    import pandas as pd

    source, row = pd.Series(["gp.csv", "school.docx"]), pd.Series([4, 12])
    assert message_column("timeline.source_row", source=source, row=row).tolist() == [
        "gp.csv, row 4", "school.docx, row 12"]
    with use_messages(catalogue('[timeline]\nsource_row = "rhes {row} o {source!r}"\n')):
        assert message_column("timeline.source_row", source=source, row=row).tolist() == [
            "rhes 4 o 'gp.csv'", "rhes 12 o 'school.docx'"]


def test_the_command_line_prints_in_the_catalogue_it_is_given(catalogue, capsys, tmp_path):
    from reviewkit.cli import main

    board = catalogue('[explain]\ntheme_heading = "## {theme}: {count}"\n[cli]\nentries_written = "{count} cofnod yn {path}."\n')
    assert main(["--messages", str(board), "findings", "sample_data/child_d"]) == 0
    out = capsys.readouterr().out
    assert "## INFORMATION SHARING: " in out and "== INFORMATION SHARING" not in out
    out_csv = tmp_path / "chronology.csv"
    assert main(["--messages", str(board), "export", "sample_data/child_d", "-o", str(out_csv)]) == 0
    assert capsys.readouterr().out.strip().endswith(f"cofnod yn {out_csv}.")
    assert message("explain.no_findings") == "No findings."  # the choice ends with the command
    assert main(["--messages", str(tmp_path / "missing.toml"), "findings", "sample_data/child_d"]) == 2
    assert "does not exist" in capsys.readouterr().err
