"""A type an entry is too (``also`` in the vocabulary): an unannounced home visit is a home
visit, with the reason in ``mentions``; a type that replaces it still does."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.event_types import infer_event_types
from reviewkit.interpret.vocabulary_file import load_vocabulary

VOCABULARY = load_vocabulary()


def read(event: str, details: str = "", vocabulary=VOCABULARY) -> pd.Series:
    out = infer_event_types(pd.Series([event], dtype="string"), pd.Series([details], dtype="string"),
                            vocabulary=vocabulary)
    return out.iloc[0]


@pytest.mark.parametrize("event", ["UHV", "Unannounced visit", "UV 17:00 with police"])
def test_an_unannounced_visit_is_a_home_visit(event):
    entry = read(event, "Children seen, home cold.")
    assert {"unannounced_visit", "home_visit"} <= set(entry["tags"].split(";"))
    assert entry["event_type"] == "unannounced_visit"
    assert "home_visit: affirmed (unannounced_visit)" in entry["mentions"]


def test_a_visit_with_no_access_replaces_both():
    entry = read("UHV", "No answer, card left.")
    assert entry["tags"] == "no_access_visit"
    assert "home_visit: affirmed (unannounced_visit)" not in entry["mentions"]


def test_a_planned_unannounced_visit_is_no_home_visit():
    entry = read("Note", "UHV to be arranged next week.")
    assert "home_visit" not in entry["tags"].split(";")


def test_a_home_visit_named_itself_is_not_explained_twice():
    entry = read("Home visit", "Unannounced home visit, children seen.")
    assert "home_visit: affirmed (unannounced_visit)" not in entry["mentions"]
    assert {"unannounced_visit", "home_visit"} <= set(entry["tags"].split(";"))


def test_a_users_file_adds_also(tmp_path):
    path = tmp_path / "local.toml"
    path.write_text('[event_types.icpc]\nalso = ["child_protection_conference"]\n', encoding="utf-8")
    entry = read("ICPC", "", load_vocabulary(path))
    assert set(entry["tags"].split(";")) == {"icpc", "child_protection_conference"}
    assert read("ICPC")["tags"] == "icpc"


@pytest.mark.parametrize("value", ['["home_vist"]', '["icpc"]', "[3]"])
def test_a_broken_also_is_named(tmp_path, value):
    path = tmp_path / "local.toml"
    path.write_text(f"[event_types.icpc]\nalso = {value}\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"\[event_types.icpc\].*also") as error:
        load_vocabulary(path)
    assert "local.toml" in str(error.value)


def test_mentions_of_a_later_field_do_not_start_with_a_separator():
    """Fields with nothing listed before one that lists something (the event "Attendance",
    details of concern words only) leave no leading "; "."""
    out = infer_event_types(pd.Series(["Attendance"]), pd.Series(["Child A 88%; frequently late."]),
                            outcome=pd.Series(["Letters to Mother; EWO informed."]))
    assert out.loc[0, "mentions"].startswith("telephone_contact: affirmed")
