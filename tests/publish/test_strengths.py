"""What went well: strength entries from the vocabulary, and the report section that lists them."""

from __future__ import annotations

import pandas as pd
import pytest

import reviewkit
from reviewkit import anonymise, export_report
from reviewkit.interpret.mentions import read_texts
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.publish.strengths_section import STRENGTH_GROUP, strengths, strengths_section
from tests.sample_ids import sample_id


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


def test_the_vocabulary_has_the_four_kinds_of_strength(vocabulary):
    assert set(vocabulary.group(STRENGTH_GROUP)) == {
        "improvement_noted", "engagement_with_service", "good_practice_noted", "child_voice_recorded"}


@pytest.mark.parametrize(("text", "tag"), [
    ("Attendance improved to 92% this term.", "improvement_noted"),
    ("Good progress noted at the core group.", "improvement_noted"),
    ("Children arriving on time, clean and fed.", "improvement_noted"),
    ("Mother engaging well with the service.", "engagement_with_service"),
    ("Father attended all sessions of the course.", "engagement_with_service"),
    ("IRO: the school's referral was praised for its detail.", "good_practice_noted"),
    ("The DSL acted promptly.", "good_practice_noted"),
    ("Wishes and feelings work: Child A wants to stay at school.", "child_voice_recorded"),
    ("Direct work with Child B at school.", "child_voice_recorded"),
])
def test_a_strength_written_plainly_is_a_tag(vocabulary, text, tag):
    (reading,) = read_texts([text], vocabulary)
    assert tag in reading.tags.split(";")


@pytest.mark.parametrize("text", [
    "Attendance has not improved.",  # negated
    "Little progress on the plan.",  # another sense
    "No improvement seen in the home.",
    "Mother not engaging well with the service.",
    "Direct work to be done with Child A.",  # planned
    "No direct work completed.",
    "Mother attended 2 of 10 sessions.",
    "Mother reports some improvement in home conditions.",  # a parent's claim, not a practitioner's note
    "improved", "engaged", "praised", "progress", "voice",  # plain words alone
])
def test_negated_planned_or_plain_words_are_no_strength(vocabulary, text):
    (reading,) = read_texts([text], vocabulary)
    assert not set(reading.tags.split(";")) & set(vocabulary.group(STRENGTH_GROUP))


def test_a_strength_alias_never_hides_another_type(vocabulary):
    readings = read_texts(["Timely referral praised by the IRO.",
                           "Mother not engaging with the parenting programme referral."], vocabulary)
    assert readings[0].tags == "good_practice_noted;referral"
    assert readings[1].tags == "service_referral"


def test_the_sample_case_shows_its_strengths(sample_chronology):
    found = strengths(sample_chronology)
    voice = "The child's voice recorded"
    assert found[["entry_id", "when", "agency", "strength"]].values.tolist() == [
        # Child A's own words, written down by the school and by the social worker
        [sample_id("school.docx", 11), "26 January 2015", "School", voice],
        [sample_id("childrens_services.xlsx#Chronology", 30), "26/01/2015", "Children's Services", voice],
        [sample_id("childrens_services.xlsx#Chronology", 31), "26/01/2015", "Children's Services", voice],
        [sample_id("school.docx", 19), "25 March 2015", "School", voice],
        [sample_id("school.docx", 24), "12 September 2016", "School", "Improvement noted"]]
    assert found["in_review_period"].tolist() == [True, True, True, True, False]  # the last: context


def test_the_strengths_follow_the_reviewers_tags_in_date_order():
    chron = pd.DataFrame({
        "entry_id": ["c/a:2", "c/a:3", "c/b:2"], "agency": ["GP", "School", "Health Visiting"],
        "date": pd.to_datetime(["2016-03-01", "2015-01-02", "2015-06-01"]),
        "date_text": ["2016-03-01", "early 2015", None],
        "tags": ["child_voice_recorded;good_practice_noted", "home_visit", "engagement_with_service"],
        "summary": ["Seen alone", "Visit", "Engaged well"], "outcome": [None, None, "Plan kept"],
        "source": ["a.csv", "a.csv", "b.csv"], "source_row": [2, 3, 2],
    })
    found = strengths(chron)
    assert found["entry_id"].tolist() == ["c/b:2", "c/a:2"]
    assert found["when"].tolist() == ["01/06/2015", "01/03/2016"]
    assert found["strength"].tolist()[1] == ("Good practice noted (a timely referral or action praised); "
                                             "The child's voice recorded") or found["strength"].tolist()[1] == (
        "The child's voice recorded; Good practice noted (a timely referral or action praised)")
    assert found["in_review_period"].isna().all()
    assert strengths(chron.assign(tags="home_visit")).empty


def test_the_section_quotes_each_strength_and_keeps_the_rules_met(sample_chronology):
    verdicts = reviewkit.check(sample_chronology, procedures="wales")
    html = strengths_section(sample_chronology, verdicts)
    assert "<h3>Progress and good practice the records show</h3>" in html
    assert ('<th scope="row">12 September 2016</th><td>School</td>'
            "<td>Improvement noted. Outside the review period (shown as context)</td>") in html
    assert "<td>school.docx, row 24</td>" in html
    assert "<caption>Entries that record progress or good practice (5)</caption>" in html
    met = int(verdicts["verdict"].eq("met").sum())
    assert f"{met} rule applications that were met" in html and met > 0
    assert html.index("Progress and good practice") < html.index("Rules that were met")


def test_the_section_says_so_when_nothing_went_well():
    chron = pd.DataFrame({"entry_id": ["a"], "agency": ["GP"], "date": pd.to_datetime(["2015-01-01"]),
                          "date_text": ["01/01/2015"], "tags": ["gp_consultation"], "summary": ["<b>Seen</b>"]})
    html = strengths_section(chron, None)
    assert "No entry records progress or good practice" in html
    assert "Verdicts were not given to the report" in html
    assert "<b>" not in html


def test_the_report_has_what_went_well_and_an_anonymised_one_coarsens_it(tmp_path, sample_chronology):
    text = export_report(sample_chronology, None, tmp_path / "r.html",
                         verdicts=reviewkit.check(sample_chronology)).read_text(encoding="utf-8")
    assert '<h2 id="what-went-well-heading">What went well</h2>' in text
    assert "arriving on time, clean and fed" in text
    anon = anonymise(sample_chronology, names={"Anytown": "the town"}, coarsen="month")
    text = export_report(anon, None, tmp_path / "a.html").read_text(encoding="utf-8")
    section = text[text.index('id="what-went-well"'):text.index('id="data-quality"')]
    assert "September 2016" in section and "12 September 2016" not in section


def test_the_learning_brief_says_what_went_well_without_losing_its_episodes(sample_chronology):
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from reviewkit.publish.brief import draw_brief

    def texts(fig, gid):
        return [t.get_text() for t in fig.findobj(Text) if t.get_gid() == gid]

    findings = reviewkit.detect(sample_chronology, procedures="wales")
    fig = draw_brief(sample_chronology, findings)
    # progress comes before the child's recorded words (four entries, the first in January 2015)
    assert texts(fig, "went well") == [
        "•  12/09/2016  School (improvement noted): Children now living full-time with the Kinship Carers; "
        "arriving on time, clean…"]
    assert texts(fig, "went well more") == ["… and 4 more in the report."]
    assert "What went well" in texts(fig, "heading")
    assert len(texts(fig, "episode")) == min(8, int(findings["severity"].eq("high").sum()))
    assert len(texts(fig, "learning")) >= 4  # in place of at most two learning points
    plt.close(fig)
    none = sample_chronology.assign(tags=sample_chronology["tags"].astype("string").str.replace(
        "improvement_noted|child_voice_recorded|engagement_with_service|good_practice_noted", "", regex=True))
    fig = draw_brief(none, findings)
    assert not texts(fig, "went well") and "What went well" not in texts(fig, "heading")
    plt.close(fig)
