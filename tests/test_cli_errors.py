"""The command line never shows a traceback for a user's mistake: exit status 2, one sentence (issue 15)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from reviewkit.cli import main
from reviewkit.synth import synth_cases


@pytest.fixture
def case(tmp_path):
    folder = tmp_path / "family_x"
    folder.mkdir()
    (folder / "police.csv").write_text("Date,Notes\n09/02/2015,Police attended a domestic incident\n"
                                       "10/02/2015,Referral to Children's Services\n")
    return str(folder)


def _fails(capsys, *args) -> str:
    """Run the command, check it failed as a user's mistake should, and return what it said."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        status = main(list(args))
    out = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in out.err + out.out
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reviewkit: ")
    return lines[0]


@pytest.mark.parametrize(("command", "out", "expected"), [
    ("export", "out.pdf", r"Cannot write a chronology to 'out.pdf': reviewkit writes it as .csv, .xlsx or .docx"),
    ("export", "out", r"Cannot write a chronology to 'out'"),
    ("figure", "out.docx", r"Cannot write a figure to 'out.docx': reviewkit writes it as .svg, .pdf or .png"),
    ("report", "out.pdf", r"Cannot write a report to 'out.pdf': reviewkit writes it as .html or .htm"),
])
def test_an_output_of_the_wrong_type_is_named(capsys, case, tmp_path, command, out, expected):
    assert expected in _fails(capsys, command, case, "-o", str(tmp_path / out))
    assert not (tmp_path / out).exists()


@pytest.mark.parametrize(("text", "expected"), [
    (b"[names\n", r"names.toml: this is not valid TOML"),
    (b'names = "x"\n', r"names.toml: the names must be a table, \[names\] on a line of its own"),
    (b'[names]\n"Jane Smith" = 5\n', r"names.toml: every name must map to the text that replaces it"),
    (b'[names]\n"re:(" = "Mother"\n', r"names.toml: 're:\(' is not a valid regular expression"),
    ("[names]\n\"Zoë\" = \"Mother\"\n".encode("cp1252"), r"names.toml: this names file is not UTF-8 text"),
    (None, r"names.toml: there is no such names file"),
])
def test_a_bad_names_file_is_one_sentence(capsys, case, tmp_path, text, expected):
    names = tmp_path / "names.toml"
    if text is not None:
        names.write_bytes(text)
    said = _fails(capsys, "export", case, "-o", str(tmp_path / "out.csv"), "--anonymise", str(names))
    assert pd.Series([said]).str.contains(expected).all(), said


def test_a_place_that_cannot_be_written_is_named(capsys, case, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    said = _fails(capsys, "export", case, "-o", str(blocker / "out.csv"))
    assert str(blocker) in said


def test_a_missing_rule_file_is_one_sentence(capsys, case):
    assert "'nothere.toml' is neither a rule pack nor a file" in _fails(capsys, "check", case, "--rules", "nothere.toml")


def test_validate_strict_exits_1_when_an_entry_has_a_problem(capsys, tmp_path):
    path = tmp_path / "gp.csv"
    path.write_text("Date of contact,Notes\n03/04/2015,Seen\nsometime,Phone call\n")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    assert "--strict: " in capsys.readouterr().out
    clean = tmp_path / "clean.csv"
    clean.write_text("Date of contact,Agency,Notes\n03/04/2015,GP,Seen for a cough\n")
    assert main(["validate", "--strict", str(clean)]) == 0


def test_batch_findings_csv_neutralises_formula_cells(tmp_path):
    chronology = synth_cases(6, seed=2).chronology
    ids = {case: f'=HYPERLINK("http://x","{n}")' for n, case in enumerate(chronology["case_id"].unique())}
    chronology["entry_id"] = [ids[c] + e[len(c):] for c, e in zip(chronology["case_id"], chronology["entry_id"])]
    chronology["case_id"] = chronology["case_id"].map(ids)
    extract = tmp_path / "extract.parquet"
    chronology.to_parquet(extract)
    out = tmp_path / "findings.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["batch", str(extract), "-o", str(out), "--workers", "1"]) == 0
    written = pd.read_csv(out, dtype=str, encoding="utf-8-sig").fillna("")
    assert len(written) > 0
    cells = written.to_numpy().ravel()
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert any(cell.startswith("\'=HYPERLINK") for cell in cells)


def test_the_calendar_option_offers_every_calendar_and_reaches_the_check(monkeypatch):
    import pandas as pd
    import pytest

    from reviewkit.check import engine
    from reviewkit.check.durations import CALENDARS
    from reviewkit.cli import _CALENDARS, main

    assert set(_CALENDARS) == set(CALENDARS)
    seen = []
    monkeypatch.setattr(engine, "check", lambda *a, **k: seen.append(k.get("calendar")) or pd.DataFrame())
    assert main(["check", "sample_data/child_d", "--calendar", "scotland"]) == 0
    assert seen == ["scotland"]
    with pytest.raises(SystemExit) as refused:  # argparse: one line of usage, exit status 2
        main(["check", "sample_data/child_d", "--calendar", "mars"])
    assert refused.value.code == 2
