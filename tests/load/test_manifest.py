"""Reading and checking case.toml."""

from __future__ import annotations

import pytest

from reviewkit.exceptions import ManifestError
from reviewkit.load.manifest import read_manifest


def _case(tmp_path, text, files=("gp.csv",)):
    for name in files:
        (tmp_path / name).write_text("Date,Notes\n")
    (tmp_path / "case.toml").write_text(text)
    return tmp_path


def test_full_manifest_is_read(tmp_path):
    folder = _case(
        tmp_path,
        'case_id = "c9"\ntitle = "T"\nprocedures = "england"\n'
        '[[files]]\npath = "gp.csv"\nagency = "GP"\nsheet = "S"\nindicators = ["Safety"]\n'
        '[files.mapping]\ndate = "When"\n',
    )
    manifest = read_manifest(folder)
    assert manifest.case_id == "c9"
    assert manifest.procedures == "england"
    spec = manifest.files[0]
    assert (spec.agency, spec.sheet, spec.mapping, spec.indicators) == (
        "GP", "S", {"date": "When"}, ("Safety",)
    )


def test_case_id_defaults_to_folder_name(tmp_path):
    folder = tmp_path / "family_7"
    folder.mkdir()
    assert read_manifest(_case(folder, '[[files]]\npath = "gp.csv"\n')).case_id == "family_7"


def test_unknown_field_is_named_with_the_valid_ones(tmp_path):
    with pytest.raises(ManifestError, match=r"unknown field\(s\) 'procedure'.*Valid fields are"):
        read_manifest(_case(tmp_path, 'procedure = "wales"\n'))


def test_unknown_procedures_are_refused(tmp_path):
    with pytest.raises(ManifestError, match=r"procedures = 'scotland' is not known.*'wales'"):
        read_manifest(_case(tmp_path, 'procedures = "scotland"\n'))


def test_missing_file_lists_what_the_folder_holds(tmp_path):
    with pytest.raises(ManifestError, match=r"'police.csv' is not in the folder.*gp.csv"):
        read_manifest(_case(tmp_path, '[[files]]\npath = "police.csv"\n'))


def test_file_field_typo_is_named(tmp_path):
    with pytest.raises(ManifestError, match=r"file 1: unknown field\(s\) 'agnecy'"):
        read_manifest(_case(tmp_path, '[[files]]\npath = "gp.csv"\nagnecy = "GP"\n'))


def test_bad_toml_is_reported(tmp_path):
    with pytest.raises(ManifestError, match="not valid TOML"):
        read_manifest(_case(tmp_path, "case_id = \n"))
