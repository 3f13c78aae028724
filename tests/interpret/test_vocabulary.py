"""Tests for the event vocabulary and event-type inference."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewkit.interpret.mentions
from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.event_types import infer_event_types, resolve_event_types
from reviewkit.interpret.vocabulary import CONCERN_CATEGORIES, EventType, Vocabulary
from reviewkit.interpret.mentions import read_texts
from reviewkit.interpret.vocabulary_build import merge_vocabularies
from reviewkit.interpret.vocabulary_file import load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def infer_one(text, details=None, **kwargs) -> dict:
    primary = pd.Series([text], dtype="string")
    secondary = None if details is None else pd.Series([details], dtype="string")
    row = infer_event_types(primary, secondary, **kwargs).iloc[0]
    return {
        "event_type": None if pd.isna(row["event_type"]) else row["event_type"],
        "tags": row["tags"].split(";") if row["tags"] else [],
        "concern": None if pd.isna(row["concern"]) else row["concern"],
    }


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the file


REQUIRED_TYPES = [
    "strategy_discussion",
    "s47_enquiry",
    "icpc",
    "rcpc",
    "core_group",
    "cp_plan_start",
    "cp_plan_end",
    "cp_plan_circulated",
    "plo_start",
    "plo_end",
    "care_proceedings_start",
    "care_proceedings_end",
    "legal_planning_meeting",
    "referral",
    "police_report",
    "home_visit",
    "unannounced_visit",
    "no_access_visit",
    "missed_appointment",
    "ae_attendance",
    "injury",
    "non_accidental_injury",
    "child_protection_medical",
    "assault_witnessed",
    "disclosure",
    "allegation",
    "epds",
    "observation_of_parenting",
    "birth",
    "antenatal_booking",
    "pregnancy",
    "birth_plan",
    "house_move",
    "record_transfer",
    "placement_start",
    "placement_end",
    "kinship_assessment",
    "concern_about_carers",
    "police_investigation_opened",
    "police_investigation_closed",
    "child_home_alone",
    "mental_health_history",
    "gcp2_assessment",
    "child_and_family_assessment",
    "case_closure",
    "school_contact",
    "gp_consultation",
    "health_visitor_contact",
    "midwife_contact",
    "probation_supervision",
    "probation_referral",
    "hospital_admission",
    "court_hearing",
    "care_order",
    "domestic_abuse_incident",
    "child_in_need_meeting",
    "team_around_family",
    "early_help",
    "marac",
    "lac_review",
]


@pytest.mark.parametrize("type_id", REQUIRED_TYPES)
def test_required_types_are_defined(vocab, type_id):
    assert type_id in vocab.event_types
    t = vocab.event_types[type_id]
    assert t.id == type_id
    assert t.label
    assert t.aliases or t.abbreviations


def test_every_group_member_is_a_defined_type(vocab):
    for name, members in vocab.groups.items():
        assert members, name
        for member in members:
            assert member in vocab.event_types, (name, member)
            assert name in vocab.event_types[member].groups


def test_concern_categories_are_the_schema_ones(vocab):
    assert sorted(vocab.concerns) == sorted(CONCERN_CATEGORIES)
    for t in vocab.event_types.values():
        assert t.concern is None or t.concern in CONCERN_CATEGORIES


def test_ids_are_snake_case(vocab):
    for type_id in vocab.event_types:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", type_id)
    for name in vocab.groups:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name)


def test_interval_pairs(vocab):
    pairs = vocab.interval_pairs()
    assert pairs["cp_plan"] == ("cp_plan_start", "cp_plan_end")
    assert pairs["plo"] == ("plo_start", "plo_end")
    assert pairs["care_proceedings"] == ("care_proceedings_start", "care_proceedings_end")
    assert pairs["placement"] == ("placement_start", "placement_end")
    assert pairs["police_investigation"] == (
        "police_investigation_opened",
        "police_investigation_closed",
    )
    for kind, (opening, closing) in pairs.items():
        assert vocab.event_types[opening].interval_role == "open"
        assert vocab.event_types[closing].interval_role == "close"
        assert vocab.event_types[opening].interval == kind


def test_groups(vocab):
    assert set(vocab.group("conference")) == {"icpc", "rcpc", "child_protection_conference",
                                              "transfer_in_conference"}
    concern = vocab.group("concern")
    for member in ["incident", "injury", "allegation", "disclosure", "referral"]:
        assert member in concern
    assert "child_home_alone" in vocab.group("flag")
    assert "mental_health_history" in vocab.group("flag")


def test_unknown_group_lists_valid_groups(vocab):
    with pytest.raises(VocabularyError, match=r"no event group 'meetings'.*'meeting'.*conference"):
        vocab.group("meetings")


def test_event_type_is_frozen(vocab):
    with pytest.raises(AttributeError):
        vocab.event_types["icpc"].priority = 1  # type: ignore[misc]


def test_default_is_cached():
    assert load_vocabulary() is load_vocabulary()


# --------------------------------------------------------------------------- resolve


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("icpc", "icpc"),
        ("ICPC", "icpc"),
        ("Initial Child Protection Conference", "icpc"),
        ("RCPC", "rcpc"),
        ("review case conference", "rcpc"),
        ("strategy_discussion", "strategy_discussion"),
        ("Strategy discussion / meeting", "strategy_discussion"),
        ("strat. meeting", "strategy_discussion"),
        ("S47", "s47_enquiry"),
        ("Section 47 enquiry", "s47_enquiry"),
        ("child protection plan", "cp_plan_start"),
        ("WNB", "missed_appointment"),
        ("A&E", "ae_attendance"),
        ("a and e", "ae_attendance"),
        ("  home   visit ", "home_visit"),
        ("Non-Accidental Injury", "non_accidental_injury"),
    ],
)
def test_resolve(vocab, name, expected):
    assert vocab.resolve(name) == expected


def test_resolve_unknown_lists_close_matches(vocab):
    with pytest.raises(VocabularyError, match=r"'core grup' is not an event type.*core group"):
        vocab.resolve("core grup")


def test_resolve_event_types_reports_unknown(vocab):
    values = pd.Series(
        ["ICPC", "Home Visit", "coffee morning", "", None, "rcpc"], index=list("abcdef")
    )
    ids, unknown = resolve_event_types(values, vocab)
    assert ids.index.tolist() == list("abcdef")
    assert ids.tolist() == ["icpc", "home_visit", pd.NA, pd.NA, pd.NA, "rcpc"]
    assert unknown.tolist() == [False, False, True, False, False, False]
    assert str(ids.dtype) == "string"
    assert unknown.dtype == bool


# --------------------------------------------------------------------------- inference


INFER_CASES = [
    # (text, expected event_type, tags that must be present, expected concern or ...)
    (
        "School staff witnessed mother kick Child B in the thigh at lunchtime",
        "assault_witnessed",
        [],
        "physical",
    ),
    ("Teacher saw father slapping Child A in the playground", "assault_witnessed", [], "physical"),
    ("Scratch mark to Child A's neck", "injury", [], "physical"),
    ("Bruising to left cheek, mother's explanation accepted", "injury", [], "physical"),
    ("Fracture to right arm", "injury", [], "physical"),
    ("Later deemed a NAI by medical staff", "non_accidental_injury", [], "physical"),
    ("Non-accidental injuries confirmed", "non_accidental_injury", [], "physical"),
    ("Initial Child Protection Conference", "icpc", [], None),
    ("ICPC", "icpc", [], None),
    ("RCPC", "rcpc", [], None),
    ("Review child protection conference held, police did not attend", "rcpc", [], None),
    ("Review case conference", "rcpc", [], None),
    (
        "HV home visit, EPDS completed",
        "epds",
        ["home_visit", "epds", "health_visitor_contact"],
        None,
    ),
    ("was not brought to appointment", "missed_appointment", [], None),
    ("Child WNB for hearing test", "missed_appointment", [], None),
    ("DNA paediatric clinic", "missed_appointment", [], None),  # a missed clinic is no clinic appointment
    ("Strategy meeting", "strategy_discussion", [], None),
    ("Strat meeting held with police and health", "strategy_discussion", [], None),
    ("Section 47 enquiry commenced", "s47_enquiry", [], None),
    ("S47 joint investigation", "s47_enquiry", ["s47_enquiry"], None),
    ("Police investigation closed: NFA", "police_investigation_closed", [], None),
    ("Postnatal visit. Mother tearful about Child D being in foster care.", "midwife_contact", [], None),
    ("Core group meeting", "core_group", [], None),
    (
        "Children made subject to a child protection plan under the category of neglect",
        "cp_plan_start",
        [],
        "neglect",
    ),
    ("Child D's name placed on the child protection register at birth", "cp_plan_start", [], None),
    ("Child protection plan ended", "cp_plan_end", [], None),
    ("Removed from the CP register", "cp_plan_end", [], None),
    ("Plan circulated to core group members", "cp_plan_circulated", [], None),
    ("Plan sent to core group", "cp_plan_circulated", [], None),
    ("PLO meeting", "plo_start", [], None),
    ("Letter before proceedings sent to mother", "plo_start", [], None),
    ("Pre-proceedings stepped down", "plo_end", [], None),
    ("Care proceedings issued", "care_proceedings_start", [], None),
    ("Care proceedings concluded", "care_proceedings_end", [], None),
    ("Legal planning meeting", "legal_planning_meeting", [], None),
    ("Referral to MASH", "referral", [], None),
    ("Contact and referral form to the front door", "referral", [], None),
    ("Referral from Probation Services", "probation_referral", [], None),
    ("Police informed", "police_report", [], None),
    ("Reported to police by school", "police_report", [], None),
    ("999 call from neighbour", "police_report", [], None),
    ("Unannounced visit", "unannounced_visit", [], None),
    ("No access visit, no reply at the door", "no_access_visit", [], None),
    ("Attended A&E with a burn to the hand", "injury", ["ae_attendance"], "physical"),
    ("Seen in ED", "ae_attendance", [], None),
    ("Emergency Department attendance", "ae_attendance", [], None),
    ("Child protection medical by paediatrician", "child_protection_medical", [], None),
    ("Child B disclosed that mum hits her", "disclosure", [], "physical"),
    ("Allegation made against step-father", "allegation", [], None),
    ("Edinburgh Postnatal Depression Scale completed", "epds", [], None),
    ("Postnatal depression screening offered and completed", "epds", [], None),
    ("Postnatal depression assessment", "epds", [], None),
    ("HV observed mother with the children during the visit", "observation_of_parenting", [], None),
    ("Observation of parenting", "observation_of_parenting", [], None),
    ("Observed interaction between mother and baby", "observation_of_parenting", [], None),
    ("Child D born at 38 weeks", "birth", [], None),
    ("Birth of Child D", "birth", [], None),
    ("Mother pregnant with Child D", "pregnancy", [], None),
    ("Antenatal booking appointment", "antenatal_booking", [], None),
    ("Birth plan discussed; mother not in agreement", "birth_plan", [], None),
    ("Family moved to new address in another area", "house_move", [], None),
    ("Change of address", "house_move", [], None),
    ("HV records transferred to new team", "record_transfer", [], None),
    ("Notes sent to new GP", "record_transfer", [], None),
    ("Removed to foster care", "placement_start", [], None),
    ("Placed with paternal grandmother under kinship care", "placement_start", [], None),
    ("Placement ended", "placement_end", [], None),
    ("Kinship assessment commenced", "kinship_assessment", [], None),
    (
        "Concerns that kinship carers may be smacking the older siblings",
        "concern_about_carers",
        [],
        "physical",
    ),
    ("Police investigation opened", "police_investigation_opened", [], None),
    ("Crime recorded", "police_investigation_opened", [], None),
    ("Investigation closed - no further police action", "police_investigation_closed", [], None),
    (
        "Health visitor found Child C home alone",
        "child_home_alone",
        ["health_visitor_contact"],
        "neglect",
    ),
    ("Children left unsupervised", "child_home_alone", [], "neglect"),
    ("Mother has a history of depression, known to CMHT", "mental_health_history", [], None),
    ("Graded Care Profile completed", "gcp2_assessment", [], "neglect"),
    ("GCP2 scores unchanged", "gcp2_assessment", [], "neglect"),
    ("Child and family assessment", "child_and_family_assessment", [], None),
    ("Case closed to children's services", "case_closure", [], None),
    ("Welfare check by school", "school_contact", [], None),
    ("GP consultation", "gp_consultation", [], None),
    ("Health visitor contact", "health_visitor_contact", [], None),
    ("Community midwife visit", "midwife_contact", [], None),
    ("Probation supervision appointment", "probation_supervision", [], None),
    ("Admitted to hospital", "hospital_admission", [], None),
    ("Court hearing: interim care order granted", "care_order", ["court_hearing"], None),
    ("Domestic abuse incident reported", "domestic_abuse_incident", [], "domestic_abuse"),
    ("DA incident, DASH completed", "domestic_abuse_incident", [], "domestic_abuse"),
    ("Referral to MARAC", "service_referral", [], "domestic_abuse"),  # a referral, not the conference
    ("CIN meeting", "child_in_need_meeting", [], None),
    ("TAF meeting", "team_around_family", [], None),
    ("Early help assessment", "early_help", [], None),
    ("LAC review", "lac_review", [], None),
    ("Child presented as dirty and unkempt, head lice", None, [], "neglect"),
    ("Nothing of note happened today", None, [], None),
]


@pytest.mark.parametrize(("text", "event_type", "tags", "concern"), INFER_CASES)
def test_infer_practitioner_phrases(text, event_type, tags, concern):
    got = infer_one(text)
    assert got["event_type"] == event_type, got
    for tag in tags:
        assert tag in got["tags"], got
    if event_type is not None:
        assert event_type in got["tags"]
    assert got["concern"] == concern, got


@pytest.mark.parametrize(
    "text",
    [
        "Ed visited Edward",  # ED is an abbreviation, case-sensitive, whole word
        "Edward attended school",
        "mother bought DNAS",  # DNA only as a whole word
        "dna",  # and only in capitals
        "Rebecca talked about mash potato",  # MASH only in capitals
        "Daily routine discussed",  # DA only as a whole word in capitals
        "Hypothesis",  # HV/S47-like fragments inside words never match
        "Lunch at the café",  # CAF inside a word with an accent
        "hv",  # ... but case-insensitive aliases do match (below)
    ][:-1],
)
def test_abbreviations_do_not_match_inside_words_or_in_lower_case(text):
    got = infer_one(text)
    assert "ae_attendance" not in got["tags"]
    assert "missed_appointment" not in got["tags"]
    assert "referral" not in got["tags"]
    assert "domestic_abuse_incident" not in got["tags"]
    assert "early_help" not in got["tags"]
    assert "health_visitor_contact" not in got["tags"]


def test_dna_test_is_not_a_missed_appointment():
    assert infer_one("DNA test arranged")["event_type"] == "paternity_test"


@pytest.mark.parametrize(
    "text",
    [
        "Non-accidental injury",
        "non accidental injury",
        "Non\u2011accidental  injury",
        "NON-ACCIDENTAL INJURY",
    ],
)
def test_hyphens_spaces_and_case_are_flexible(text):
    assert infer_one(text)["event_type"] == "non_accidental_injury"


def test_typographic_apostrophe_and_dash():
    assert infer_one("Referral to children\u2019s services \u2013 ICPC")["tags"] == [
        "icpc",
        "referral",
    ]


def test_priority_decides_the_main_type(vocab):
    # referral (72) < strategy discussion (90), whatever the order in the text
    assert (
        infer_one("Referral received; strategy discussion held")["event_type"]
        == "strategy_discussion"
    )
    assert (
        infer_one("Strategy discussion following referral")["event_type"] == "strategy_discussion"
    )
    assert (
        vocab.event_types["strategy_discussion"].priority > vocab.event_types["referral"].priority
    )


def test_priority_tie_goes_to_the_first_written(vocab):
    assert vocab.event_types["home_visit"].priority == vocab.event_types["gp_consultation"].priority
    assert infer_one("Home visit then GP consultation")["event_type"] == "home_visit"
    assert infer_one("GP consultation then home visit")["event_type"] == "gp_consultation"


def test_longest_alias_wins():
    got = infer_one("Unannounced home visit")
    assert got["event_type"] == "unannounced_visit"
    assert got["tags"] == ["home_visit", "unannounced_visit"]  # home_visit: also, not its alias
    mentions = infer_event_types(pd.Series(["Unannounced home visit"]))["mentions"][0]
    assert mentions == ('unannounced_visit: affirmed ("Unannounced home visit", event); '
                        "home_visit: affirmed (unannounced_visit)")


def test_primary_beats_secondary():
    got = infer_one("Home visit", "Mother disclosed domestic abuse; strategy discussion held")
    assert got["event_type"] == "home_visit"
    assert {"home_visit", "strategy_discussion"} <= set(got["tags"])
    assert "disclosure" not in got["tags"]  # an adult's account is not a child's disclosure
    assert got["concern"] == "domestic_abuse"


def test_secondary_used_when_primary_has_nothing():
    got = infer_one("Contact", "School staff witnessed mother kick Child B in the thigh")
    assert got["event_type"] == "assault_witnessed"
    assert got["concern"] == "physical"


def test_concern_prefers_primary_then_text_order():
    got = infer_one("Neglect concerns", "Child hit by father")
    assert got["concern"] == "neglect"
    got = infer_one("Visit", "Child was hungry and had bruises")
    assert got["concern"] == "neglect"


def test_concern_implied_by_type_when_no_concern_words():
    assert infer_one("Home alone")["concern"] == "neglect"
    assert infer_one("NAI")["concern"] == "physical"


def test_output_shape_dtypes_and_index():
    primary = pd.Series(["ICPC", None, "Home visit", "ICPC", pd.NA], index=[10, 20, 30, 40, 50])
    secondary = pd.Series(
        [None, "Scratch to neck", "", "Mother pregnant", None], index=primary.index
    )
    out = infer_event_types(primary, secondary)
    assert out.index.tolist() == [10, 20, 30, 40, 50]
    assert out.columns.tolist() == ["event_type", "tags", "concern", "mentions"]
    assert all(str(out[c].dtype) == "string" for c in out)
    assert out["event_type"].tolist() == ["icpc", "injury", "home_visit", "icpc", pd.NA]
    assert out["tags"].tolist() == ["icpc", "injury", "home_visit", "icpc;pregnancy", ""]
    assert out["tags"].notna().all()


def test_empty_series():
    out = infer_event_types(pd.Series([], dtype="string"), pd.Series([], dtype="string"))
    assert out.shape == (0, 4)
    assert out.columns.tolist() == ["event_type", "tags", "concern", "mentions"]


def test_object_and_non_string_values():
    out = infer_event_types(pd.Series(["RCPC", 42, float("nan"), None], dtype=object))
    assert out["event_type"].tolist() == ["rcpc", pd.NA, pd.NA, pd.NA]


def test_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        infer_event_types(pd.Series(["a"]), pd.Series(["a", "b"]))


def test_duplicates_give_identical_rows():
    texts = pd.Series(["HV home visit, EPDS completed"] * 5 + ["ICPC"] * 5)
    out = infer_event_types(texts)
    assert out["event_type"].tolist() == ["epds"] * 5 + ["icpc"] * 5


@pytest.mark.parametrize(
    ("text", "event_type", "tags"),
    [
        ("ED/DNA", "ae_attendance", "ae_attendance;missed_appointment"),  # one character apart
        ("ICPC,RCPC", "icpc", "icpc;rcpc"),
        ("Seen in Ed (ED) ", "ae_attendance", "ae_attendance"),  # case decides, per match
        ("\x00ICPC", "icpc", "icpc"),  # characters the one-pass scan reserves
        ("RCPC\x01", "rcpc", "rcpc"),
        ("\u0130CPC held; strategy-meeting", "strategy_discussion", "strategy_discussion"),
        ("A & E\u00a0attendance", "ae_attendance", "ae_attendance"),
        ("", None, ""),
    ],
)
def test_awkward_texts_alone_and_in_a_batch(text, event_type, tags):
    batch = pd.Series(["Home visit", text, "ICPC", text], dtype="string")
    out = infer_event_types(batch)
    assert out["event_type"].iloc[[1, 3]].tolist() == [event_type or pd.NA] * 2
    assert out["tags"].iloc[[1, 3]].tolist() == [tags] * 2
    assert out["event_type"].iloc[[0, 2]].tolist() == ["home_visit", "icpc"]
    alone = infer_one(text)
    assert (alone["event_type"], ";".join(alone["tags"])) == (event_type, tags)


def test_alias_beginning_with_punctuation(tmp_path):
    # such an alias can begin right where another ends: every text is then read alone
    path = write(
        tmp_path,
        """
[event_types.respite]
aliases = ["respite (weekend)"]

[event_types.day_care]
aliases = ["(day) care"]
""",
    )
    mine = load_vocabulary(path)
    texts = pd.Series(["Respite (weekend)(day) care", "ICPC", "(day) care"])
    out = infer_event_types(texts, vocabulary=mine)
    assert out["tags"].tolist() == ["day_care;respite", "icpc", "day_care"]


# Texts made of vocabulary phrases, in any case and spelling, between separators that
# test the word boundaries, the reserved characters and text that is not ASCII.
_KEYS = sorted(set(load_vocabulary()._matcher.by_key) | set(load_vocabulary()._matcher.by_exact))
_SPELLINGS = [str, str.upper, str.title, lambda key: key.replace(" ", "-")]


def _possessive(key: str, apostrophe: str) -> str:
    """``"childrens services"`` as ``"children's services"``: the first word ending in s."""
    return re.sub(r"s\b", apostrophe + "s", key, count=1)


_PHRASES = st.one_of(
    st.builds(lambda key, spell: spell(key), st.sampled_from(_KEYS), st.sampled_from(_SPELLINGS)),
    st.builds(
        _possessive,
        st.sampled_from([k for k in _KEYS if re.search(r"s\b", k)]),
        st.sampled_from(["'", "\u2019"]),
    ),
)
_SEPARATORS = st.sampled_from(
    [" ", "", ",", "/", "(", ")", "-", " - ", "\n", "  ", "'", "\u2019", "\u2013", "\u00a0",
     "\x00", "\x01", "\u0130", "\u00e9", "\u00df", "\u03a3", "s", "x1", "_", "."]
)  # fmt: skip
_TEXTS = st.lists(st.one_of(_PHRASES, _SEPARATORS, st.text(max_size=4)), max_size=10).map("".join)


@given(st.lists(st.one_of(_TEXTS, st.none(), st.just(42)), max_size=12))
def test_texts_read_together_are_read_as_each_alone(texts):
    vocab = load_vocabulary()
    assert read_texts(texts, vocab) == [read_texts([t], vocab)[0] for t in texts]


def test_texts_are_read_in_batches(monkeypatch):
    monkeypatch.setattr(reviewkit.interpret.mentions, "BATCH", 2)
    texts = ["ICPC", "Home visit", "Seen in ED", None, "ICPC", "Strategy meeting", "Ed", "NAI"]
    vocab = load_vocabulary()
    batched = read_texts(texts, vocab)
    assert batched == [read_texts([t], vocab)[0] for t in texts]
    assert [r.core.best for r in batched][:3] == ["icpc", "home_visit", "ae_attendance"]


@given(st.lists(st.tuples(st.one_of(_TEXTS, st.none()), st.one_of(_TEXTS, st.none())), max_size=8))
def test_each_row_is_inferred_as_if_alone(pairs):
    primary = pd.Series([p for p, _ in pairs], dtype="string")
    secondary = pd.Series([s for _, s in pairs], dtype="string")
    batch = infer_event_types(primary, secondary)
    for i in range(len(pairs)):
        alone = infer_event_types(primary.iloc[[i]], secondary.iloc[[i]])
        pd.testing.assert_frame_equal(batch.iloc[[i]], alone)


def test_explicit_event_type_wins():
    primary = pd.Series(["Home visit", "Home visit", "Home visit"])
    explicit = pd.Series(["RCPC", None, "not a type"])
    out = infer_event_types(primary, explicit=explicit)
    assert out["event_type"].tolist() == ["rcpc", "home_visit", "home_visit"]
    assert out["tags"].tolist() == ["home_visit;rcpc", "home_visit", "home_visit"]
    out = infer_event_types(pd.Series(["Visit"]), explicit=pd.Series(["NAI"]))
    assert out["concern"].tolist() == ["physical"]


# --------------------------------------------------------------------------- user files


def test_user_file_extends_and_overrides(tmp_path, vocab):
    path = write(
        tmp_path,
        """
[event_types.mash_strategy_meeting]
label = "MASH strategy meeting"
aliases = ["MASH strategy meeting", "MSM"]
priority = 95
groups = ["meeting"]

[event_types.home_visit]
aliases = ["doorstep visit"]
priority = 99

[groups]
concern = ["home_visit"]

[concerns.neglect]
aliases = ["cupboards bare"]
""",
    )
    mine = load_vocabulary(path)
    assert mine.event_types["mash_strategy_meeting"].label == "MASH strategy meeting"
    assert "mash_strategy_meeting" in mine.group("meeting")
    assert "strategy_discussion" in mine.group("meeting")
    assert "home_visit" in mine.group("concern") and "injury" in mine.group("concern")
    assert mine.event_types["home_visit"].priority == 99
    assert "home visit" in mine.event_types["home_visit"].aliases  # kept
    assert "doorstep visit" in mine.event_types["home_visit"].aliases  # added
    assert mine.resolve("msm") == "mash_strategy_meeting"
    assert infer_one("Doorstep visit, cupboards bare", vocabulary=mine) == {
        "event_type": "home_visit",
        "tags": ["home_visit"],
        "concern": "neglect",
    }
    assert (
        infer_one("MASH strategy meeting", vocabulary=mine)["event_type"] == "mash_strategy_meeting"
    )
    # the packaged vocabulary is untouched
    assert vocab.event_types["home_visit"].priority != 99
    assert infer_one("Doorstep visit")["event_type"] is None
    assert "mash_strategy_meeting" not in load_vocabulary().event_types


def test_user_file_can_replace_aliases(tmp_path):
    path = write(
        tmp_path,
        """
[event_types.court_hearing]
aliases = ["court hearing"]
replace_aliases = true

[event_types.parking]
aliases = ["hearing"]
""",
    )
    mine = load_vocabulary(path)
    assert mine.event_types["court_hearing"].aliases == ("court hearing",)
    assert infer_one("Hearing", vocabulary=mine)["event_type"] == "parking"


def test_user_file_new_interval(tmp_path):
    path = write(
        tmp_path,
        """
[event_types.cin_plan_start]
aliases = ["CIN plan started"]
interval = "cin_plan"
interval_role = "open"

[event_types.cin_plan_end]
aliases = ["CIN plan ended"]
interval = "cin_plan"
interval_role = "close"
""",
    )
    assert load_vocabulary(path).interval_pairs()["cin_plan"] == ("cin_plan_start", "cin_plan_end")


def test_merged_with_a_vocabulary(vocab):
    extra = Vocabulary(
        event_types={
            "fgc": EventType("fgc", "Family network conference", ("family network conference",), 91)
        },
        groups={"conference": ("fgc",)},
        concerns={"emotional": ("cold and distant",)},
    )
    both = load_vocabulary(extra)
    assert "fgc" in both.group("conference") and "icpc" in both.group("conference")
    got = infer_one("Family network conference: mother cold and distant", vocabulary=both)
    assert got == {"event_type": "fgc", "tags": ["fgc"], "concern": "emotional"}
    assert both == merge_vocabularies(vocab, extra)


MALFORMED = [
    ("[event_types.x\n", r"mine\.toml is not valid TOML"),
    (
        '[event_types.visit_x]\nalias = ["x"]\n',
        (
            r"mine\.toml: \[event_types\.visit_x\] has an unknown field 'alias'\. "
            r"Did you mean 'aliases'\?.*Valid fields are: label, aliases"
        ),
    ),
    (
        '[event_types.visit_x]\nlabel = "X"\n',
        r"mine\.toml: \[event_types\.visit_x\] has no aliases",
    ),
    (
        '[event_types.visit_x]\naliases = "x visit"\npriority = "high"\n',
        r"\[event_types\.visit_x\] field 'priority' must be a whole number",
    ),
    (
        "[event_types.visit_x]\naliases = [1, 2]\n",
        r"\[event_types\.visit_x\] field 'aliases' must be a list of non-empty text",
    ),
    (
        '[event_types.visit_x]\naliases = ["x"]\nconcern = "bad"\n',
        (
            r"field 'concern' is 'bad'; it must be one of: "
            r"neglect, physical, emotional, sexual, domestic_abuse"
        ),
    ),
    (
        '[event_types.visit_x]\naliases = ["x"]\ninterval = "x"\ninterval_role = "start"\n',
        r"field 'interval_role' is 'start'; it must be one of: open, close",
    ),
    (
        '[event_types.visit_x]\naliases = ["x"]\ninterval = "xx"\ninterval_role = "open"\n',
        r"interval 'xx' needs exactly one event type with interval_role = 'close' \(found: none\)",
    ),
    (
        '[groups]\nmeeting = ["strategy_discusion"]\n',
        (
            r"mine\.toml \(read on top of the packaged vocabulary.*\): group 'meeting' names "
            r"'strategy_discusion', which is not a defined event type\. "
            r"Did you mean 'strategy_discussion'\?"
        ),
    ),
    (
        '[event_types.Visit-X]\naliases = ["x"]\n',
        r"\[event_types\.Visit-X\] is not a valid event type id.*snake_case",
    ),
    (
        '[concerns.financial]\naliases = ["debt"]\n',
        r"\[concerns\.financial\] is not a concern category; the categories are: neglect",
    ),
    (
        '[concerns.neglect]\nwords = ["debt"]\n',
        r"\[concerns\.neglect\] has an unknown field 'words'.*Valid fields are: aliases",
    ),
    (
        '[types.visit_x]\naliases = ["x"]\n',
        (
            r"\[top level\] has an unknown field 'types'.*"
            r"Valid fields are: groups, event_types, concerns"
        ),
    ),
    (
        '[event_types.visit_x]\naliases = ["strategy meeting"]\n',
        (
            r"the alias 'strategy meeting' is given to both "
            r"\[event_types\.strategy_discussion\] and \[event_types\.visit_x\]"
        ),
    ),
    (
        '[event_types.visit_x]\naliases = ["bruis{e|es"]\n',
        r"\[event_types\.visit_x\] alias 'bruis\{e\|es' cannot be read",
    ),
    (
        '[event_types.disclosure]\nother_senses = ["{a|b|c|d|e|f|g|h|i|j} {a|b|c|d|e|f|g|h|i|j} '
        '{a|b|c|d|e|f|g|h|i|j} {a|b|c|d|e|f|g|h|i|j}"]\n',
        r"\[event_types\.disclosure\] other sense .* cannot be read: it expands to 10000 spellings",
    ),
    (
        '[event_types.disclosure]\nother_senses = ["told {her|him"]\n',
        r"\[event_types\.disclosure\] other sense 'told \{her\|him' cannot be read",
    ),
]


@pytest.mark.parametrize(("content", "message"), MALFORMED)
def test_malformed_vocabulary_file(tmp_path, content, message):
    path = write(tmp_path, content)
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary(path)


def test_missing_vocabulary_file(tmp_path):
    with pytest.raises(VocabularyError, match=r"does not exist"):
        load_vocabulary(tmp_path / "nope.toml")


def test_bad_vocabulary_argument():
    with pytest.raises(VocabularyError, match=r"must be a path to a TOML file or a Vocabulary"):
        load_vocabulary(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("written", [
    "removed from mother{a}s care", "referred to Women{a}s Aid", "Child{a}s ED visit",
])
def test_straight_and_curly_apostrophes_are_read_alike(written):
    texts = pd.Series([written.format(a=a) for a in ("'", "\u2019", "`", "")])
    inferred = infer_event_types(texts)
    assert inferred["event_type"].notna().all()
    assert inferred["event_type"].nunique() == 1 and inferred["tags"].nunique() == 1
    one_at_a_time = [infer_event_types(texts.iloc[[i]])["event_type"].iloc[0] for i in range(len(texts))]
    assert one_at_a_time == inferred["event_type"].tolist()


def test_a_visit_with_no_access_is_not_a_home_visit():
    for event, details in [("Home visit", "No access, card left."),
                           ("Visit", "Visit to the home - no answer, curtains closed.")]:
        got = infer_one(event, details)
        assert got["event_type"] == "no_access_visit"
        assert "home_visit" not in got["tags"] and "no_access_visit" in got["tags"]
    seen = infer_one("Home visit", "Children seen, home conditions poor.")
    assert seen["event_type"] == "home_visit" and "no_access_visit" not in seen["tags"]


def test_replaces_names_other_types_of_the_vocabulary(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[event_types.no_access_visit]\nreplaces = ["home_vist"]\n', encoding="utf-8")
    with pytest.raises(VocabularyError, match="replaces 'home_vist', which is not another event type"):
        load_vocabulary(path)
    path.write_text('[event_types.doorstep]\naliases = ["doorstep chat"]\nreplaces = ["home_visit"]\n',
                    encoding="utf-8")
    mine = load_vocabulary(path)
    assert mine.event_types["doorstep"].replaces == ("home_visit",)
    assert "home_visit" in mine.event_types["no_access_visit"].replaces  # the packaged list kept
    got = infer_one("Home visit", "Doorstep chat with mother", vocabulary=mine)
    assert got["event_type"] == "doorstep" and "home_visit" not in got["tags"]


@pytest.mark.parametrize("text, not_tagged", [
    ("Father visited mother in prison.", "home_visit"),
    ("Mother has moved on from her previous relationship.", "house_move"),
    ("The family moved seats to sit nearer the door during the meeting.", "house_move"),
    ("Mother's purse went missing from her bag.", "missing_episode"),
    ("SD card containing photos handed to police.", "strategy_discussion"),
    ("Mother said the phone rang all night with calls from her ex.", "telephone_contact"),
    ("Child A has a mark on his school report for good behaviour.", "injury"),
    ("His teacher says he enjoys texts about animals.", "telephone_contact"),
    ("Mother burnt the toast while the HV was there.", "injury"),
    ("Marks on the walls and carpet from the dog.", "injury"),
])
def test_words_in_another_sense_are_no_tag(text, not_tagged):
    assert not_tagged not in infer_one("Note", text)["tags"]


@pytest.mark.parametrize("text, tag, expected", [
    ("Mother delivered the children to school late again.", "birth", False),
    ("Mother delivered a baby girl at 38 weeks by caesarean section.", "birth", True),
    ("Normal delivery at 39 weeks, baby boy 3.2kg.", "birth", True),
    ("Child A moved home to mother's care.", "house_move", False),
    ("Father moved in with mother and the children.", "house_move", False),
    ("Mother moved out of the area with the children.", "house_move", True),
    ("The family moved to Leeds.", "house_move", True),
])
def test_what_sets_off_a_rule_is_the_event_itself(text, tag, expected):
    assert (tag in infer_one("Note", text)["tags"]) is expected


@pytest.mark.parametrize("text, expected", [
    ("Mother is alone at home all day and feels isolated.", False),  # an adult alone
    ("Mother left the children in the house with their father.", False),
    ("Mother was left alone with the baby after father's arrest.", False),
    ("Children found alone at home by police at 2am.", True),
    ("Mother left the children alone while she went to the shop.", True),
])
def test_a_child_home_alone_is_a_child_without_an_adult(text, expected):
    assert ("child_home_alone" in infer_one("Note", text)["tags"]) is expected


def test_a_vocabulary_of_many_types_reads_each_type_and_sense(tmp_path):
    # the mention codes hold every type's code and its other senses' (once a fixed 128 wide)
    added = "".join(f'\n[event_types.extra_{k}]\nlabel = "Extra {k}"\naliases = ["zqx{k} event"]\n'
                    f'other_senses = ["zqx{k} elsewhere"]\n' for k in range(150))
    mine = load_vocabulary(write(tmp_path, added))
    assert len(mine.event_types) > 200
    out = infer_event_types(pd.Series(["Zqx149 event", "Zqx149 elsewhere", "Zqx3 event"]),
                            vocabulary=mine)
    assert out["tags"].tolist() == ["extra_149", "", "extra_3"]
    assert out["mentions"].tolist()[1] == 'extra_149: other sense ("Zqx149 elsewhere", event)'
