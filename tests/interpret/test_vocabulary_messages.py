"""The vocabulary's error messages read as written (issue 15: doubled braces, '{{a|b}}')."""

from __future__ import annotations

import pytest

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.vocabulary_file import load_vocabulary


def test_an_unreadable_alias_shows_the_alternatives_syntax_with_single_braces(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[event_types.bruise_seen]\nlabel = "Bruise seen"\naliases = ["bruis{e|es"]\n')
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(path)
    message = str(caught.value)
    assert "Write alternatives as {a|b}, e.g. 'bruis{e|es|ing}'." in message
    assert "{{" not in message
