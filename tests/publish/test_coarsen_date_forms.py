"""Every way a record writes an exact date is coarsened, and the leak check finds any left."""

from __future__ import annotations

import pytest

from reviewkit.publish.coarsen import coarsen_text, finer_dates_in

WRITTEN = {  # text -> what coarsening to the month leaves
    "Seen 12-May-2014 at school": "Seen May 2014 at school",
    "Seen 12/May/14.": "Seen May 2014.",
    "Letter dated 2014/05/09.": "Letter dated May 2014.",
    "Ref 20140509 logged": "Ref May 2014 logged",
    "Visit 12 - 05 - 2014 done": "Visit May 2014 done",
    "Seen on May 12th by HV": "Seen in May by HV",
    "Seen on 12/05 at 10:00": "Seen in May",
    "Seen 12th May": "Seen May",
    "Seen 09/02/2015": "Seen February 2015",
}


@pytest.mark.parametrize(("text", "coarse"), WRITTEN.items())
def test_each_written_form_is_coarsened_and_would_be_caught(text, coarse):
    assert coarsen_text(text, "month") == coarse
    assert finer_dates_in(text, "month")  # the leak check finds it if it is left
    assert finer_dates_in(coarse, "month") == []


@pytest.mark.parametrize("text", ["Review 2/52", "Crime NS/14/018842", "3/4 of the time", "Room 12-05",
                                  "Score 20141399", "Mother may 2 days late"])
def test_numbers_that_are_not_dates_are_left_alone(text):
    assert coarsen_text(text, "month") == text
