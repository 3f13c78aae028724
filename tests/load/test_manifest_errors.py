"""case.toml mistakes are clear errors naming the file, the field and what would be valid (issue 15).

Each of these crashed with a Python error (TypeError, UnicodeDecodeError, IsADirectoryError,
RecursionError, ValueError from pathlib) or, worse, loaded something else than meant.
"""

from __future__ import annotations

import os
import warnings

import pytest

import reviewkit
from reviewkit.exceptions import ManifestError
from reviewkit.load.manifest import read_manifest

GP = "Date,Notes\n03/04/2015,Seen\n"


def _case(tmp_path, toml: str | bytes | None):
    folder = tmp_path / "family_x"
    folder.mkdir()
    (folder / "gp.csv").write_text(GP)
    if toml is not None:
        (folder / "case.toml").write_bytes(toml.encode() if isinstance(toml, str) else toml)
    return folder


@pytest.mark.parametrize(("toml", "expected"), [
    ('[[files]]\npath = 5\n', r"file 1: path = 5 must be a text in quotes, e\.g\. path = \"police\.csv\""),
    ('[[files]]\npath = ""\n', r"file 1: path = '' must be a text"),
    ('[[files]]\npath = "gp.csv"\nagency = 5\n', r"agency = 5 must be a text in quotes"),
    ('[[files]]\npath = "gp.csv"\nsheet = ["a"]\n', r"sheet = \['a'\] must be a text"),
    ('case_id = []\n', r"case\.toml: case_id = \[\] must be a text in quotes"),
    ('title = 5\n', r"title = 5 must be a text"),
    ('vocabulary = 5\n', r"vocabulary = 5 must be a text"),
    ('files = "gp.csv"\n', r"files must be a list of \[\[files\]\] tables"),
    ('allow_outside = "yes"\n', r"allow_outside = 'yes' must be true or false"),
    ('[[files]]\npath = "gp.csv"\n[files.mapping]\ndate = 5\n', r"mapping must be a table of role = \"Heading\""),
    ('[[files]]\npath = "gp.csv"\nindicators = [1]\n', r"indicators = \[1\] must be a list of column headings"),
    ('[[files]]\npath = "."\n', r"path = '\.' is a folder; name a file in it"),
    ('[[files]]\npath = "g\\u0000p.csv"\n', r"is not a path that can be read"),
    ('x = ' + '[' * 500 + ']' * 500 + '\n', r"nests lists or tables too deeply"),
])
def test_a_field_of_the_wrong_kind_is_named_with_an_example(tmp_path, toml, expected):
    folder = _case(tmp_path, toml)
    with pytest.raises(ManifestError, match=expected) as caught:
        reviewkit.read_chronology(folder)
    assert str(folder / "case.toml") in str(caught.value)


def test_a_case_file_not_in_utf8_names_the_line_and_says_how_to_save_it(tmp_path):
    folder = _case(tmp_path, '# notes\ntitle = "Café"\n'.encode("cp1252"))
    with pytest.raises(ManifestError, match=r"case\.toml: this case file is not UTF-8 text \(line 2 holds "
                                            r"the byte 0xe9.*save it with the encoding 'UTF-8'"):
        read_manifest(folder)


def test_a_binary_case_file_is_called_binary(tmp_path):
    folder = _case(tmp_path, bytes(range(256)))
    with pytest.raises(ManifestError, match="it holds binary data"):
        read_manifest(folder)


def test_a_case_file_saved_as_unicode_by_notepad_is_read(tmp_path):
    folder = _case(tmp_path, 'title = "Café"\n[[files]]\npath = "gp.csv"\nagency = "GP"\n'.encode("utf-16"))
    assert read_manifest(folder).title == "Café"
    assert len(reviewkit.read_chronology(folder)) == 1


def test_a_folder_called_case_toml_is_named(tmp_path):
    folder = _case(tmp_path, None)
    (folder / "case.toml").mkdir()
    with pytest.raises(ManifestError, match=r"case\.toml: this is a folder, not a case file"):
        reviewkit.read_chronology(folder)


def test_one_indicator_heading_written_as_text_is_a_list_of_one(tmp_path):
    folder = tmp_path / "family_x"
    folder.mkdir()
    (folder / "gcp2.csv").write_text("Date,Safety,Notes\n03/04/2015,3,Seen\n")
    (folder / "case.toml").write_text('[[files]]\npath = "gcp2.csv"\nindicators = "Safety"\n')
    assert read_manifest(folder).files[0].indicators == ("Safety",)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the entry has no agency: a problem the load report names
        chronology = reviewkit.read_chronology(folder)
    assert chronology[["indicator", "score"]].values.tolist() == [["Safety", 3.0]]


# ----------------------------------------------------------------------- paths out of the case folder


def _shared(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "police.csv").write_text("Date,Notes\n05/04/2015,Call\n")
    return shared / "police.csv"


@pytest.mark.parametrize("written", ["../shared/police.csv", "ABSOLUTE"])
def test_a_path_out_of_the_case_folder_is_refused(tmp_path, written):
    police = _shared(tmp_path)
    written = str(police) if written == "ABSOLUTE" else written
    folder = _case(tmp_path, f'[[files]]\npath = "{written}"\n')
    with pytest.raises(ManifestError, match=r"leads outside the case folder.*allow_outside = true"):
        reviewkit.read_chronology(folder)


def test_a_link_to_a_file_out_of_the_case_folder_is_refused(tmp_path):
    police = _shared(tmp_path)
    folder = _case(tmp_path, '[[files]]\npath = "police.csv"\n')
    os.symlink(police, folder / "police.csv")
    with pytest.raises(ManifestError, match=r"path = 'police\.csv' is a link to a file outside the case folder"):
        reviewkit.read_chronology(folder)


def test_a_vocabulary_out_of_the_case_folder_is_refused(tmp_path):
    (tmp_path / "vocabulary.toml").write_text("")
    folder = _case(tmp_path, 'vocabulary = "../vocabulary.toml"\n')
    with pytest.raises(ManifestError, match=r"vocabulary = '\.\./vocabulary\.toml' leads outside"):
        read_manifest(folder)


def test_allow_outside_reads_them_and_names_them_from_the_case_folder(tmp_path):
    police = _shared(tmp_path)
    folder = _case(tmp_path, f'allow_outside = true\n[[files]]\npath = "../shared/police.csv"\n'
                             f'[[files]]\npath = "{police}"\nagency = "Police"\n[[files]]\npath = "gp.csv"\n')
    (folder / "case.toml").write_text((folder / "case.toml").read_text().replace(
        f'path = "{police}"', f'path = "{police.parent / "police2.csv"}"'))
    (police.parent / "police2.csv").write_text("Date,Notes\n06/04/2015,Visit\n")
    chronology = reviewkit.read_chronology(folder)
    assert sorted(chronology["source"]) == ["../shared/police.csv", "../shared/police2.csv", "gp.csv"]
    assert not any(str(tmp_path) in value for value in chronology["entry_id"])


def test_a_sub_folder_of_the_case_folder_is_inside(tmp_path):
    folder = _case(tmp_path, '[[files]]\npath = "police/2015.csv"\nagency = "Police"\n')
    (folder / "police").mkdir()
    (folder / "police" / "2015.csv").write_text("Date,Notes\n05/04/2015,Call\n")
    assert reviewkit.read_chronology(folder)["source"].tolist() == ["police/2015.csv"]
