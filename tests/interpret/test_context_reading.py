"""Reading in context: a vocabulary phrase is a tag only where the entry's text affirms it.

Each case goes through :func:`infer_event_types` with the event, details and outcome fields, as
loading a chronology does. A negated ("No referral made"), planned ("ICPC to be arranged") or
historical ("previous CP plan") mention, or a phrase in another sense ("behaviour strategy"),
is listed in ``mentions`` and is never a tag.
"""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.interpret.event_types import infer_event_types
from reviewkit.interpret.vocabulary_file import load_vocabulary


def read(event=None, details=None, outcome=None) -> dict:
    """One entry's reading: event_type, tags (a list), concern and mentions (None for NA)."""

    def field(value):
        return pd.Series([value], dtype="string")

    row = infer_event_types(field(event), field(details), outcome=field(outcome)).iloc[0]
    return {
        "event_type": None if pd.isna(row["event_type"]) else row["event_type"],
        "tags": row["tags"].split(";") if row["tags"] else [],
        "concern": None if pd.isna(row["concern"]) else row["concern"],
        "mentions": None if pd.isna(row["mentions"]) else row["mentions"],
    }


def status_of(reading: dict, type_id: str) -> list[str]:
    """The statuses the mentions column gives ``type_id``, in order."""
    listed = reading["mentions"].split("; ") if reading["mentions"] else []
    return [m.split(": ", 1)[1].split(" (", 1)[0] for m in listed if m.split(": ", 1)[0] == type_id]


# --------------------------------------------------------------------------- the examples


def test_a_referral_the_outcome_says_was_not_made_is_no_tag():
    got = read(event="Home visit", outcome="No referral made")
    assert got["tags"] == ["home_visit"]
    assert status_of(got, "referral") == ["negated"]
    assert 'referral: negated ("No referral", outcome)' in got["mentions"]


def test_an_epds_not_done_is_no_tag():
    got = read(details="EPDS not done, partner present")
    assert "epds" not in got["tags"]
    assert status_of(got, "epds") == ["negated"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("ICPC to be arranged", "icpc"),
        ("strategy meeting should have been held", "strategy_discussion"),
        ("Awaiting ICPC", "icpc"),
        ("Referral if concerns escalate", "referral"),
    ],
)
def test_a_planned_or_missing_event_is_no_tag(text, type_id):
    got = read(details=text)
    assert type_id not in got["tags"]
    assert status_of(got, type_id) == ["planned"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("behaviour strategy discussed with mother", "strategy_discussion"),
        ("SW moved to the duty team", "house_move"),
        ("father admitted using cannabis", "hospital_admission"),
        ("RCPC held, GP did not attend", "missed_appointment"),
    ],
)
def test_words_in_another_sense_are_listed_but_not_tags(text, type_id):
    got = read(details=text)
    assert type_id not in got["tags"]
    assert status_of(got, type_id) == ["other sense"]


def test_the_other_words_of_those_texts_are_still_read():
    assert read(details="father admitted using cannabis")["tags"] == ["substance_misuse"]
    assert read(details="RCPC held, GP did not attend")["tags"] == ["rcpc"]
    assert read(details="Father admitted to hospital")["tags"] == ["hospital_admission"]


def test_no_injuries_seen_is_no_injury():
    got = read(details="no injuries seen")
    assert got["tags"] == [] and got["concern"] is None
    assert status_of(got, "injury") == ["negated"]


def test_taken_off_plans_at_the_rcpc_ends_the_plan():
    got = read(details="children taken off CP plans at the RCPC")
    assert got["tags"] == ["cp_plan_end", "rcpc"]
    assert "cp_plan_start" not in got["tags"]


# --------------------------------------------------------------------------- how it is written

SHORTHAND = [
    ("strat disc", "strategy_discussion"),
    ("strat mtg", "strategy_discussion"),
    ("S.47", "s47_enquiry"),
    ("s20 agreement signed", "placement_start"),
    ("Child accommodated under s20", "placement_start"),
    ("s20", "placement_start"),
    ("NBV", "new_birth_visit"),
    ("UHV", "unannounced_visit"),
    ("CP conf", "child_protection_conference"),
    ("MFH", "missing_episode"),
    ("tel consult", "telephone_consultation"),
    ("welfare call", "welfare_call"),
    ("AN booking", "antenatal_booking"),
    ("6-8 week check", "health_visitor_contact"),
]


@pytest.mark.parametrize(("text", "type_id"), SHORTHAND)
def test_shorthand_gives_its_type(text, type_id):
    got = read(event=text)
    assert got["event_type"] == type_id
    also = list(load_vocabulary().event_types[type_id].also)  # an unannounced visit is a home visit
    assert got["tags"] == sorted([type_id, *also])


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("stratergy meeting", "strategy_discussion"),
        ("Review child protection confrence", "rcpc"),
        ("child protection confrence held", "child_protection_conference"),
        ("Refferal made", "referral"),
    ],
)
def test_misspelt_words_are_read_as_the_word_meant(text, type_id):
    got = read(event=text)
    assert got["event_type"] == type_id


def test_a_misspelling_is_not_read_where_the_word_is_not_meant():
    # "confrence" alone is not a type (nor is "conference"): correcting it adds nothing
    assert read(event="confrence")["tags"] == []


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("teacher reported seeing mother slap him", "assault_witnessed"),
        ("Two overdoses this year", "self_harm"),
        ("ICPCs held", "icpc"),
        ("Strategy meetings held", "strategy_discussion"),
        ("Bruises to arm", "injury"),
    ],
)
def test_inflections_and_plurals(text, type_id):
    assert type_id in read(details=text)["tags"]


# --------------------------------------------------------------------------- scopes


def test_a_negation_reaches_six_words_forward():
    assert read(details="No word word word word word word EPDS")["tags"] == []
    assert read(details="No word word word word word word word EPDS")["tags"] == ["epds"]


def test_a_negation_after_the_mention_reaches_four_words_back():
    assert read(details="EPDS not completed")["tags"] == []
    assert status_of(read(details="EPDS not completed"), "epds") == ["negated"]
    assert read(details="EPDS word word word word not done")["tags"] == []
    assert read(details="EPDS word word word word word not done")["tags"] == ["epds"]


@pytest.mark.parametrize("between", [" but ", " however ", "; ", ". ", " - ", "\n"])
def test_a_negation_ends_at_a_clause_end(between):
    got = read(details=f"No EPDS{between}strategy discussion held")
    assert got["tags"] == ["strategy_discussion"]
    assert status_of(got, "epds") == ["negated"]
    assert status_of(got, "strategy_discussion") == ["affirmed"]


@pytest.mark.parametrize(
    ("text", "type_id", "status"),
    [
        ("If any concerns, strategy discussion", "strategy_discussion", "planned"),
        ("Did not hold strategy discussion", "strategy_discussion", "negated"),
        ("Mother has not had an EPDS", "epds", "negated"),
        ("If concerns, strategy discussion", "strategy_discussion", "planned"),
        ("If needed, strategy discussion", "strategy_discussion", "planned"),
        ("Not offered EPDS", "epds", "negated"),
        ("Not given EPDS", "epds", "negated"),
        ("Mother was not offered an EPDS", "epds", "negated"),
    ],
)
def test_a_trigger_before_the_mention_qualifies_it(text, type_id, status):
    got = read(details=text)
    assert type_id not in got["tags"]
    assert status_of(got, type_id) == [status]


def test_a_negation_before_runs_over_a_list_but_one_after_stops_at_a_comma():
    assert read(details="No bruises, marks or scratches")["tags"] == []
    assert read(details="EPDS, not done")["tags"] == ["epds"]


def test_each_field_is_read_apart():
    # the "No" that ends the event field does not reach into the details
    got = read(event="Visit. No", details="EPDS completed")
    assert got["tags"] == ["epds"]


# --------------------------------------------------------------------------- pseudo-triggers


def test_no_further_action_is_its_own_type_and_negates_nothing_after_it():
    got = read(details="No further action following referral")
    assert got["tags"] == ["no_further_action", "referral"]
    assert status_of(got, "referral") == ["affirmed"]


def test_not_only_does_not_negate():
    got = read(details="Not only a referral to children's services")
    assert got["tags"] == ["referral"]
    assert read(details="Not a referral")["tags"] == []


# --------------------------------------------------------------------------- the past


def test_a_previous_plan_is_historical():
    got = read(details="previous CP plan")
    assert got["tags"] == []
    assert status_of(got, "cp_plan_start") == ["historical"]
    assert status_of(read(details="CP plan in 2012"), "cp_plan_start") == ["historical"]


def test_a_history_of_mental_ill_health_stays_a_tag():
    got = read(details="history of depression")
    assert got["tags"] == ["mental_health_history"]
    assert read(details="previous history of depression")["tags"] == ["mental_health_history"]
    assert read(details="No history of depression")["tags"] == []


# --------------------------------------------------------------------------- concerns


def test_a_negated_concern_word_is_no_concern():
    assert read(details="Concerns of neglect")["concern"] == "neglect"
    assert read(details="No concerns of neglect")["concern"] is None
    assert read(details="No signs of neglect")["concern"] is None
    assert read(event="Home visit", details="No bruising")["concern"] is None


def test_a_possible_harm_is_still_a_concern():
    assert read(details="Child may have been hit")["concern"] == "physical"


def test_a_possible_assault_by_a_named_adult_is_still_a_concern():
    assert read(details="Child may have been hit by father")["concern"] == "physical"


# --------------------------------------------------------------------------- fields together


def test_the_event_fields_type_is_dropped_when_the_details_negate_it():
    got = read(event="Core group", details="Core group did not take place")
    assert got["event_type"] is None and got["tags"] == []
    kept = read(event="Core group", details="Core group held")
    assert kept["event_type"] == "core_group" and kept["tags"] == ["core_group"]


def test_the_mentions_column_lists_every_mention_with_its_status_words_and_field():
    got = read(
        event="Home visit",
        details="EPDS not done; ICPC to be arranged; behaviour strategy discussed",
        outcome="No referral made",
    )
    assert got["mentions"] == (
        'home_visit: affirmed ("Home visit", event); '
        'epds: negated ("EPDS not done", details); '
        'icpc: planned ("ICPC to be arranged", details); '
        'strategy_discussion: other sense ("behaviour strategy discussed", details); '
        'referral: negated ("No referral", outcome)'
    )
    assert got["tags"] == ["home_visit"]


def test_no_mentions_is_na():
    assert read(event="Nothing of note", details="Mother well")["mentions"] is None


def test_a_denial_negates_only_a_persons_own_state_or_use():
    from reviewkit.interpret.event_types import infer_event_types
    import pandas as pd
    texts = ["Denies self harm. Denies drinking or drug use.", "Mother denies bruising to Child A's arm"]
    got = infer_event_types(pd.Series(["Note"] * 2), pd.Series(texts))["tags"].tolist()
    assert "self_harm" not in got[0] and "substance_misuse" not in got[0]
    assert "injury" in got[1]  # a carer's denial is an account, not a finding


# ------------------------------------------------ a plan named is not the header "Plan:"


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("CP plan + ICPC mins emailed to CG members.", "cp_plan_circulated"),
        ("Safety plan reviewed with mother at the home visit.", "home_visit"),
        ("Care plan discussed; child seen alone in her bedroom.", "child_seen_alone"),
    ],
)
def test_a_plan_named_plans_nothing_after_it(text, type_id):
    got = read(details=text)
    assert type_id in got["tags"]
    assert status_of(got, type_id) == ["affirmed"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("The plan is to hold an ICPC.", "icpc"), ("Plan: strategy discussion with police.", "strategy_discussion")],
)
def test_a_plan_header_still_plans_what_follows(text, type_id):
    got = read(details=text)
    assert type_id not in got["tags"]
    assert status_of(got, type_id) == ["planned"]


def test_every_context_phrase_is_read_as_written():
    """A trigger's key keeps every word of its phrase: a phrase ending in a hyphen ("plan -")
    would be the bare word, which the vocabulary must say on purpose."""
    from reviewkit.interpret.aliases import expand_alias
    from reviewkit.interpret.matcher import match_key
    from reviewkit.interpret.vocabulary_file import load_vocabulary

    bare = {"plan -", "background -", "history -"}  # the bare words, kept on purpose (see context.toml)
    changed = [spelling for rule in load_vocabulary().context.rules for phrase in rule.phrases
               for spelling in expand_alias(phrase)
               if match_key(spelling) != " ".join(spelling.lower().split()) and spelling not in bare
               and match_key(spelling) != " ".join(spelling.lower().replace("-", " ").split())]
    assert changed == []


@pytest.mark.parametrize(
    "text",
    ["Booking appointment at 11 weeks. Mother disclosed she was smoking 10/day.",
     "Mum disclosed that she had been hit by her partner.",
     "Father disclosed he has relapsed on cocaine."],
)
def test_an_adults_own_account_is_not_a_childs_disclosure(text):
    got = read(details=text)
    assert "disclosure" not in got["tags"]
    assert status_of(got, "disclosure") in ([], ["other sense"])


@pytest.mark.parametrize("text", ["Child A disclosed that he was hit by dad.", "She disclosed that she had been hit by dad."])
def test_a_childs_disclosure_stays_one(text):
    assert "disclosure" in read(event="School contact", details=text)["tags"]


# ------------------------------------- phrases from rows nobody tuned to (batch of 200 rows)


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("Neighbour told the school she saw dad kick Child C in the garden.", "allegation"),
        ("MGM rang the duty SW - says she has seen mum slap the baby.", "allegation"),
        ("All 3 kids seen, clean and chatty.", "child_seen"),
        ("Child A (6) seen at home with mum.", "child_seen"),
        ("Housing officer emailed the new address to SW and HV.", "information_shared"),
        ("Phone call from the school nurse re weight loss.", "information_shared"),
        ("Info to MASH by email.", "information_shared"),
        ("Foster placement with Mr and Mrs J broke down after 3 weeks.", "placement_end"),
        ("FTA clinic x2 this month.", "missed_appointment"),
        ("Attended A+E at 02:00 with a scald.", "ae_attendance"),
        ("Discussed with TM, who agreed the plan.", "management_oversight"),
        ("Father smelled strongly of cannabis during the visit.", "substance_misuse"),
        ("YP's voice via advocate: wants to go home.", "child_voice_recorded"),
        ("Bedtime routine observed - mum calm and consistent.", "observation_of_parenting"),
        ("ED 03:00, 18 month old, # R femur, no history of a fall.", "injury"),
        ("SVD at 04:20, baby girl 2.9kg.", "birth"),
        ("C&FA completed and authorised.", "child_and_family_assessment"),
        ("Mum and baby discharged home on day 2.", "hospital_discharge"),
        ("Legal planing meeting held today.", "legal_planning_meeting"),
        ("YP seen. SH hx - cut her arm at the weekend.", "self_harm"),
        ("Child D found wandering in the street at 7am in pyjamas.", "child_home_alone"),
        ("Family moved into TA in another borough.", "house_move"),
        ("Mum now living at a refuge out of area.", "house_move"),
    ],
)
def test_what_untuned_rows_taught(text, type_id):
    got = read(details=text)
    assert type_id in got["tags"], got["mentions"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [
        ("Mum told the TA she saw her neighbour hit his dog.", "assault_witnessed"),
        ("Parent told nursery staff she saw another mum slap a child in the park.", "assault_witnessed"),
        ("Teacher witnessed an argument between two pupils, no physical contact.", "assault_witnessed"),
        ("ED 23:10, 3yo # L radius, ? NAI. Skeletal survey requested.", "non_accidental_injury"),
        ("Attended with ? overdose; had not taken anything.", "self_harm"),
        ("PE kit missing again this week.", "missing_episode"),
        ("Their dog was injured by a car last week.", "injury"),
        ("Mum says she feels home alone since he left.", "child_home_alone"),
        ("Mum has a core group of friends from church.", "core_group"),
        ("Child A's school report seen by SW.", "child_seen"),
        ("Booking. DA RE - neg. No concerns.", "domestic_abuse_incident"),
        ("Mother did not attend the postnatal check. EPDS therefore not done.", "epds"),
        ("Mum discharged from the perinatal mental health team.", "hospital_discharge"),
        ("Helped mum fill in the referral form for a funded nursery place.", "referral"),
        ("CP medical bkd for tmrw 10am.", "child_protection_medical"),
        ("Kinship assessment of MGM requested from the fostering team.", "kinship_assessment"),
    ],
)
def test_what_untuned_rows_taught_is_not_a_tag(text, type_id):
    got = read(details=text)
    assert type_id not in got["tags"], got["mentions"]


@pytest.mark.parametrize(
    ("text", "framed", "planned"),
    [
        ("TM agreed S47 should be closed with no further action.", "management_oversight", "s47_enquiry"),
        ("TM agreed strategy discussion to be convened tomorrow.", "management_oversight", "strategy_discussion"),
    ],
)
def test_a_trigger_after_another_mention_does_not_reach_back_to_who_decided(text, framed, planned):
    got = read(details=text)
    assert framed in got["tags"]
    assert status_of(got, planned) == ["planned"]


def test_a_trigger_still_reaches_back_over_a_mention_to_a_visit():
    """A visit is no framing type: "Home visit and ICPC to be arranged" plans both."""
    got = read(details="Home visit and ICPC to be arranged.")
    assert got["tags"] == []
    assert status_of(got, "home_visit") == ["planned"]


@pytest.mark.parametrize(
    "text",
    ["GP referred mother to the perinatal mental health team.",
     "HV referred Child B to the paediatrician for his speech.",
     "SW made ref to CGL with consent."],
)
def test_a_referral_to_another_service_is_no_referral_to_childrens_services(text):
    got = read(details=text)
    assert "service_referral" in got["tags"]
    assert "referral" not in got["tags"]


def test_a_school_referral_named_by_who_made_it_is_still_one():
    assert "referral" in read(details="School referred, MASH outcome NFA.")["tags"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("HV to refer Child B to SALT.", "service_referral"),
     ("Core group held. Action: SW to complete the C&F assessment.", "child_and_family_assessment")],
)
def test_an_action_to_take_is_planned(text, type_id):
    got = read(details=text)
    assert type_id not in got["tags"]
    assert status_of(got, type_id) == ["planned"]


def test_a_case_transferred_to_another_authority_is_a_records_transfer_and_to_a_team_is_not():
    assert "record_transfer" in read(details="Family moved to Leeds. Case transferred to Leeds CSC.")["tags"]
    assert "record_transfer" not in read(details="Case transferred to the long term team.")["tags"]


@pytest.mark.parametrize(("text", "type_id"), [("Attended with a head wound.", "injury"),
                                               ("Baby placed with foster carers on discharge from hospital.", "hospital_discharge")])
def test_more_ways_of_writing_what_happened(text, type_id):
    assert type_id in read(details=text)["tags"]


@pytest.mark.parametrize(
    ("event", "details"),
    [("Tel", "T/C to M - FTA clinic x1. States child unwell. Rebooked."),
     ("Clinic", "DNA. Letter sent."),
     ("Clinic", "Mum did not attend the clinic appointment - 2nd time.")],
)
def test_a_missed_clinic_is_no_clinic_appointment(event, details):
    got = read(event=event, details=details)
    assert "missed_appointment" in got["tags"]
    assert "clinic_appointment" not in got["tags"]


@pytest.mark.parametrize(
    ("text", "tags"),
    [("GP told SN that Child A has not been brought to his last three hospital appointments.",
      {"information_shared", "missed_appointment"}),
     ("Nursery rang to report that Child B has a mark on her cheek.", {"referral", "injury"}),
     ("Neighbour phoned to say the children had been left alone all evening.", {"allegation"}),
     ("Anonymous caller reported that the children were being left alone at night.", {"allegation"})],
)
def test_what_others_report(text, tags):
    assert tags <= set(read(details=text)["tags"])


@pytest.mark.parametrize(
    ("text", "today", "past"),
    [("Previous CP plan 2016, ICPC held today, plans made.", "icpc", "cp_plan_start"),
     ("History of DA. Home visit this morning, mother alone.", "home_visit", "domestic_abuse_incident")],
)
def test_what_happened_today_is_no_history(text, today, past):
    got = read(details=text)
    assert today in got["tags"]
    assert status_of(got, past) == ["historical"]


def test_a_missed_appointment_named_with_its_service_is_no_contact_with_it():
    got = read(event="Supervision", details="Father failed to attend his probation appointment today.")
    assert "missed_appointment" in got["tags"]
    assert "probation_supervision" not in got["tags"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("Cs seen at home, both in pyjamas.", "child_seen"),
     ("Bb to NNU for obs after delivery.", "hospital_admission"),
     ("SN saw YP alone in the medical room.", "child_seen_alone"),
     ("Plan updated & circ'd to all core group members.", "cp_plan_circulated"),
     ("M says she'll self-discharge if bb is kept on the ward.", "birth_plan_dispute"),
     ("Ref to the school counsellor.", "service_referral")],
)
def test_shorthand_of_the_second_batch(text, type_id):
    assert type_id in read(details=text)["tags"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("Hx: C was placed with MGM 2016-2018, rehabbed home.", "placement_start"),
     ("Discussed index offence (GBH on partner) and the programme.", "assault"),
     ("Noted C missed 3 imms appts last yr - now up to date.", "missed_appointment"),
     ("CPOMS shows 2 disclosures in Y2, referred to MASH at the time.", "referral"),
     ("C placed with FCs since 14/06; placement stable.", "placement_start"),
     ("Reflected that the strat disc in Jan was held late.", "strategy_discussion"),
     ("Next: 6-8 wk check at clinic.", "clinic_appointment")],
)
def test_time_gone_by_or_to_come_is_no_tag(text, type_id):
    assert type_id not in read(details=text)["tags"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("TA saw M slap C (5) across the head in the playground.", "assault"),
     ("Info from GP: M started on mirtazapine 3/52 ago.", "information_shared"),
     ("SW visit - C seen alone, W&F recorded.", "child_voice_recorded"),
     ("Recs req'd from prev HV team (Bolton).", "record_transfer"),
     ("Pt removed from list - abusive to reception staff.", "gp_deregistration"),
     ("ICO granted at 14:30. Cs to FC tonight.", "placement_start")],
)
def test_shorthand_of_the_second_batch_more(text, type_id):
    assert type_id in read(details=text)["tags"]


def test_what_a_child_told_her_teacher_she_saw_is_no_assault_staff_witnessed():
    got = read(details="PC received info from school: C (8) told her teacher she saw dad hit mum on Sunday.")
    assert "assault_witnessed" not in got["tags"]


@pytest.mark.parametrize(
    ("text", "affirmed", "planned"),
    [("TM: the children need to be seen alone at the next visit.", "management_oversight", "child_seen_alone"),
     ("TM: UV to be done next wk; C to be seen alone.", "management_oversight", "unannounced_visit"),
     ("HV to request GP records before the new birth visit.", "health_visitor_contact", "record_transfer")],
)
def test_a_heading_that_ends_a_clause_is_not_planned_by_what_follows(text, affirmed, planned):
    got = read(details=text)
    assert affirmed in got["tags"]
    assert status_of(got, planned)[0] == "planned"


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("ICPC held - 3 children subject to CP plans (neglect).", "cp_plan_start"),
     ("Did not report for supervision - no explanation.", "missed_appointment"),
     ("Mum seen 6/52 pn, low mood. Referred to perinatal MH team.", "service_referral"),
     ("Housing officer saw dad punch 6yo in the stairwell.", "assault")],
)
def test_what_the_third_batch_taught(text, type_id):
    assert type_id in read(details=text)["tags"]


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("DSL considered MASH referral but did not make one.", "referral"),
     ("Dad reported missing dog from the garden.", "missing_episode"),
     ("Core group of residents on the estate met housing.", "core_group"),
     ("Screened for MAPPA - not eligible.", "mappa")],
)
def test_what_the_third_batch_taught_is_not_a_tag(text, type_id):
    assert type_id not in read(details=text)["tags"]


@pytest.mark.parametrize(
    "text",
    ["Report of children left alone. Officers attended; mother was at home.",
     "Anon call alleging the kids are left home alone at night."],
)
def test_children_left_alone_only_as_reported_are_reported_not_found(text):
    got = read(details=text)
    assert "child_home_alone" not in got["tags"]
    assert status_of(got, "child_home_alone") == ["reported"]


def test_children_found_alone_are_found():
    got = read(details="Officers attended 23:10 - children (4, 6) found home alone.")
    assert "child_home_alone" in got["tags"]
    assert status_of(got, "child_home_alone") == ["affirmed"]


def test_a_state_written_with_not_negates_nothing_after_it():
    got = read(details="YP says not eating, low mood, cutting her arms.")
    assert "self_harm" in got["tags"]


def test_advice_to_attend_is_no_attendance():
    got = read(details="Adv if not settling or breathing worse to attend ED tonight.")
    assert "ae_attendance" not in got["tags"]
    assert status_of(got, "ae_attendance") == ["planned"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("Transfer-in conference held, plans continue.", {"child_protection_conference", "record_transfer"}, set()),
     ("Referral order panel - YP agreed contract, 6 mths.", set(), {"referral"}),
     ("DSL to speak to B. MASH informed.", {"referral"}, set()),
     ("A (11) said dad punched her in the stomach last night.", {"disclosure"}, set()),
     ("Children (3 & 5) seen, home cold.", {"child_seen"}, set()),
     ("Strat disc today. ICPC if substantiated.", {"strategy_discussion"}, {"icpc"}),
     ("Mum reports dad 'used to' hit her.", set(), {"domestic_abuse_incident"}),
     ("Baby to be seen at clinic next Tues.", set(), {"child_seen"}),
     ("Previous GP records received from Leeds practice.", {"record_transfer"}, set())],
)
def test_what_untuned_batches_showed(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


@pytest.mark.parametrize(
    ("text", "status"),
    [("Grandmother alleged children were left alone at night.", "reported"),
     ("Anonymous caller says children at no 22 are left home alone most evenings.", "reported"),
     ("Health Visitor reported that Child C was found home alone during a visit.", "affirmed")],
)
def test_who_tells_of_children_left_alone(text, status):
    assert status_of(read(details=text), "child_home_alone") == [status]


@pytest.mark.parametrize(
    ("text", "type_id", "status"),
    [("Grandmother alleges mum's new partner smacks the children. Mum denies.", "assault", "reported"),
     ("Anonymous caller says dad punched mum last night.", "domestic_abuse_incident", "reported"),
     ("Parenting assessment by ISW agreed by parties - to start once court approves.",
      "parenting_assessment", "planned"),
     ("Mother advised to report it to police.", "police_report", "planned"),
     ("Partner present throughout. Rebook EPDS with mum alone.", "epds", "planned"),
     ("EPDS deferred.", "epds", "planned")],
)
def test_what_the_last_untuned_batch_showed(text, type_id, status):
    got = read(details=text)
    assert type_id not in got["tags"]
    assert status_of(got, type_id) == [status]


@pytest.mark.parametrize("text", ["# L femur. ?NAI. Skel survey req'd.", "Bruise L cheek, NAI? - discuss w/ paed."])
def test_a_queried_nai_written_against_the_word_is_no_finding(text):
    assert "non_accidental_injury" not in read(details=text)["tags"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [  # someone who is neither the child nor the one harmed tells of it: an allegation
     ("Child B's friend (9) told teacher that her stepdad touches her at bedtime.", {"allegation"}, set()),
     ("Ex-partner says SU turned up at her address, in breach of non-molestation order.", {"allegation"}, set()),
     ("Parent of another pupil complained that Child A's dad was swearing at him and grabbed his arm.",
      {"allegation"}, set()),
     ("Y9 pupil told form tutor that her friend has been getting into cars with older lads.",
      {"allegation"}, set()),
     ("Neighbour reported seeing man with knife at door of flat.", {"allegation"}, set()),
     # a child telling of herself discloses; nobody alleges
     ("Y2 pupil told TA at break that uncle touched her at the weekend.", {"disclosure"}, {"allegation"}),
     # the custody record's "booked into" books nothing
     ("Dad booked into custody 02:10 following arrest for drink drive.", {"arrest"}, set())],
)
def test_who_tells_of_harm_to_another(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


def test_a_time_written_with_a_colon_ends_no_clause():
    # "08:40" is no clause end: "no" reaches past it as it reaches past "0840"
    assert status_of(read(details="No 08:40 strategy discussion held."), "strategy_discussion") == ["negated"]
    # a colon between words still ends the clause: the heading's "no" stops there
    assert status_of(read(details="No change: strategy discussion held."), "strategy_discussion") == ["affirmed"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("ICPC - all 3 names placed on CPR, cat N + EA.", {"cp_plan_start"}, set()),
     ("Safeguarding check: children confirmed on the child protection register.", set(), {"cp_plan_start"}),
     ("ICPC - baby registered (physical abuse).", {"cp_plan_start"}, set()),
     ("RCPC: names removed from CPR.", {"cp_plan_end"}, set()),
     ("Children remain on the CPR.", set(), {"cp_plan_start"}),
     ("CG held - GP & HV DNA, apols sent.", {"core_group"}, set()),
     ("ICPC - CPP x3 (N). 1st CG 12/5", {"icpc"}, {"core_group"}),
     ("ICPC - quorate. CPP x3 (neglect). 1st CGM 10 wd.", {"icpc"}, {"core_group"}),
     ("DSL attended the first core group.", {"core_group"}, set()),
     ("During visit Y (9) told SW that mum's boyfriend pushed her into the wall.",
      {"disclosure", "child_voice_recorded"}, set()),
     ("First core group meeting held at school.", {"core_group"}, set()),
     ("1st core group held straight after the conference.", {"core_group"}, set()),
     ("GCP2 completed. Share at CG.", {"gcp2_assessment"}, {"core_group"}),
     ("EHA done, step down from s.17 CIN to EH.", {"cin_plan_end"}, set()),
     ("Request for records sent to previous LA by secure email.", {"record_transfer"}, set()),
     ("Stratergy meeting held - agreed to progress to s47.", {"s47_enquiry"}, set()),
     ("FC had reported her missing to police at 23:30.", {"police_report", "missing_episode"}, set()),
     ("10:30 told TA mum's bf 'kicked' him.", {"disclosure"}, set()),
     ("E (11, Y6) told her teacher that her little brother gets hit with a slipper.", {"disclosure"}, set()),
     ("Mum and 3 children moved from temporary B&B into 2 bed flat.", {"house_move"}, set()),
     ("3cm haematoma L temple.", {"injury"}, set())],
)
def test_what_the_welsh_and_health_batch_showed(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


@pytest.mark.parametrize(
    ("text", "type_id", "status"),
    [("Referral - not made; mum engaging with EH.", "referral", "negated"),
     ("Strat: not held. DS on leave.", "strategy_discussion", "negated"),
     ("Home visit - nil concerns.", "home_visit", "affirmed"),
     ("Pre-birth assessment has still not been started.", "pre_birth_assessment", "negated"),
     ("Hearing listed 10:30 was vacated - judge unavailable.", "court_hearing", "negated"),
     ("ICPC was to have been held 21/3 but postponed.", "icpc", "planned"),
     ("Children will be accommodated under s.20 from Friday.", "placement_start", "planned"),
     ("S.47 to commence once strat held.", "strategy_discussion", "planned"),
     ("MASH checks completed.", "referral", "other sense")],
)
def test_answers_and_what_waits(text, type_id, status):
    assert status_of(read(details=text), type_id) == [status]


@pytest.mark.parametrize(
    ("text", "type_id", "status"),
    [  # what is said of one mention does not reach over a comma to the next
     ("ICPC to be arranged, referral made to MASH.", "icpc", "planned"),
     ("Strategy discussion requested, home visit completed.", "home_visit", "affirmed"),
     ("CP medical to be booked, child seen by GP.", "child_seen", "affirmed"),
     # a trigger before its mention still does, and so does a time
     ("No referral, ICPC held.", "icpc", "negated"),
     ("Checks: S47 in 2017, ICPC 03/17, plans ended 2018.", "icpc", "historical"),
     # a planning phrase is planned both ways
     ("To be discussed at ICPC.", "icpc", "planned")],
)
def test_what_is_said_of_a_mention_stays_with_it(text, type_id, status):
    assert status_of(read(details=text), type_id)[-1] == status


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("Child was not seen alone - mum insisted on staying in room.", {"child_seen", "child_seen_not_alone"},
      {"child_seen_alone"}),
     ("NBV day 14. Dad present throughout, mum not seen alone.", {"new_birth_visit"}, {"child_seen"}),
     ("Seen w/ mum, 18m, R ear infection. Amoxicillin 5/7.", {"child_seen"}, set()),
     ("Seen 4yo w/ mum for ear infection.", {"child_seen"}, set()),
     ("Home visit by SW. Today all seen.", {"child_seen", "home_visit"}, set()),
     ("Children (2, 5) asleep upstairs, checked by officers.", {"child_seen"}, set())],
)
def test_a_child_seen_with_someone_is_seen(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


@pytest.mark.parametrize(
    "text",
    ["HV tel call to SW - shared concerns re wt loss.", "Info shrd re wt loss & missed clinics.",
     "PPN rec'd re DA @ home address 12/3.", "Intel logged, passed to CSE team.",
     "Notes from prev GP summarised. Flag to HV.", "Welfare chk req by sch. Info to sch & CSC."],
)
def test_information_passed_on_as_practitioners_write_it(text):
    assert "information_shared" in read(details=text)["tags"]


def test_a_police_notice_sent_stays_a_referral():
    assert "referral" in read(details="Father arrested for ABH. PPN to CSC.")["tags"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("SW UHV 17:45. No answer at first; mum answered on 2nd knock. All 3 children seen.",
      {"home_visit", "unannounced_visit", "child_seen"}, {"no_access_visit"}),
     ("UHV 10:00 - no answer. Returned 14:30, M in, home cluttered.", {"home_visit"}, {"no_access_visit"}),
     ("UHV - no answer, card left.", {"no_access_visit"}, {"home_visit"}),
     ("Welfare check call - no answer; DSL & SENCO did a home visit 13:00.", {"home_visit"}, {"no_access_visit"}),
     # a pattern's gap passes over a time as over any word
     ("Parent of another child reported to office 15:20 seeing V's dad slap V at the gate.",
      {"allegation"}, {"disclosure", "child_voice_recorded"})],
)
def test_access_gained_after_no_answer_is_a_visit(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("C said 'daddy hit me'.", "disclosure"),
     ("C said my mum bought her a new bike.", None),
     ("YP said mummy is picking her up.", None)],
)
def test_a_childs_words_are_a_disclosure_only_where_they_tell_of_harm(text, type_id):
    tags = set(read(details=text)["tags"])
    assert ("disclosure" in tags) == (type_id == "disclosure")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("7yo with lac to forehead after fall off scooter, glued.", {"injury"}, set()),
     ("LAC to attend review with carer.", set(), {"injury"}),
     ("Mum had swollen L eye, stated partner punched her.", {"injury"}, set()),
     ("L/A 09:50, mark under R eye ~1cm. Says 'bumped into door'.", {"injury"}, set()),
     ("Safegaurding concern logged - bruseing to both shins.", {"injury"}, set()),
     ("Mum reported he bumped his head at home. Staff checked - no injuries seen.", set(), {"injury"})],
)
def test_injuries_as_emergency_and_school_staff_write_them(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


@pytest.mark.parametrize(
    ("text", "voice"),
    [('Mark approx 3cm L forearm, J said "I fell off the trampoline at nan\'s".', True),
     ("L told FC his brother pushed him into the door.", True),
     ("C seen alone in bedroom & spoke about school.", True),
     ("M said she would ring back.", False),  # M is the mother in chronologies' shorthand
     ("F said he was at work.", False)],
)
def test_a_child_named_by_an_initial_alone_speaks(text, voice):
    assert ("child_voice_recorded" in read(details=text)["tags"]) is voice


@pytest.mark.parametrize(
    ("text", "present"),
    [("Safeguarding MW informed, referral to CSC completed.", {"referral", "information_shared"}),
     ("2yo ingested mum's methadone. Police & CSC informed.", {"referral", "police_report"}),
     ("Y9 pupil told form tutor. DSL informed, MASH contact made 10:20.", {"referral"}),
     ("Safeguarding concern raised to CSC via portal.", {"referral"}),
     ("Concern emailed to LA safeguarding inbox.", {"referral"})],
)
def test_a_concern_sent_to_the_front_door_is_a_referral(text, present):
    assert present <= set(read(details=text)["tags"])


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("YP self harmed last night, seen in clinc today with mum.", {"clinic_appointment"}, set()),
     ("Seen at ANC 28/40. FH heard, growth on centile.", {"clinic_appointment"}, set()),
     ("Choice appt - YP 15 att'd w/ M. Low mood.", {"clinic_appointment"}, set()),
     ("Seen for ADHD review with mum. Meds titrated.", {"clinic_appointment"}, set()),
     ("Initial appt offered 21/3 11:00 for dad at CGL hub.", set(), {"clinic_appointment"}),
     ("? # wrist - x-ray confirms buckle #.", {"injury"}, set())],
)
def test_clinic_appointments_as_health_services_write_them(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


@pytest.mark.parametrize(
    ("text", "status"),
    [("Hx alcohol dependence (detox 2020), abstinent 3 yrs per pt.", "historical"),
     ("Dad seen re back pain. Notes: ex-heroin user, on methadone via CGL 2015-18.", "historical"),
     ("PoP says he last used heroin 2019. Neg test today.", "historical"),
     ("Dad smelt of alcohol at 11am.", "affirmed")],
)
def test_a_parents_substance_misuse_that_has_stopped_is_history(text, status):
    assert status_of(read(details=text), "substance_misuse")[0] == status


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("Mother says she is 20 weeks pregnant and has not yet booked with midwifery.", {"pregnancy"},
      {"antenatal_booking"}),
     ("Mother has not booked for antenatal care despite being 26 weeks pregnant.", {"pregnancy"},
      {"antenatal_booking"}),
     ("AN booking 10+3/40, bloods taken.", {"antenatal_booking"}, set())],
)
def test_a_pregnancy_known_is_no_antenatal_booking(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags


@pytest.mark.parametrize(
    ("text", "concern"),
    [("AN booking 9/40, G2P1. Hx anx, nil meds.", True),
     ("HV rang mum - she says she's been in hospital (MH admission) for 2 wks.", True),
     ("Mum low & tearful - referred perinatal MH.", True),
     ("Dinner lady says M told her she 'can't cope' and 'might as well end it all'.", True),
     ("Mother tearful about Child D being in foster care.", False),  # a reaction, not a concern
     ("EPDS 18, GP appt made same day.", False)],  # the screening is its own type
)
def test_a_parents_mental_health_as_health_staff_write_it(text, concern):
    assert ("mental_health_history" in read(details=text)["tags"]) is concern


@pytest.mark.parametrize(
    ("text", "strength"),
    [("CIN mtg - Improvement in attendance (92%), house tidy on last 3 visits.", True),
     ("SV - ch seen alone in bdrm. Home conds improved, fridge stocked.", True),
     ("Core group 2 - physical care now 3 (was 4).", True),
     ("Mother reports some improvement in home conditions; school attendance still poor.", False)],
)
def test_progress_the_practitioner_records_and_progress_a_parent_claims(text, strength):
    assert ("improvement_noted" in read(details=text)["tags"]) is strength


@pytest.mark.parametrize(
    ("text", "type_id"),
    [("PLO mtg: LBP served at the meeting, parents attended with solicitors.", "family_meeting"),
     ("Met w/ mum & dad in school re attendance & behaviour.", "family_meeting"),
     ("Mum met DSL re H's behaviour.", "family_meeting"),
     ("Low mood, cutting thighs x2/wk.", "self_harm"),
     ("Overdoes of 20 paracetmol, 15yo, brought in by ambulence.", "self_harm"),
     ("Crew at address for mum, suspected OD, unresponsive.", "self_harm")],
)
def test_meetings_with_parents_and_self_harm_as_written(text, type_id):
    assert type_id in read(details=text)["tags"]


@pytest.mark.parametrize(
    "text",
    ["RCPC - CPPs cont. Pol DNA, no rpt sent. M & F att'd.", "Strategy meeting held. Police DC did not attend.",
     "F in custody following arrest for burglary. DNA swabs and fingerprints taken."],
)
def test_a_professional_absent_from_a_meeting_or_a_police_dna_swab_is_no_missed_appointment(text):
    assert "missed_appointment" not in read(details=text)["tags"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("Brother (17) arrested 23:10 for s.20 GBH (wounding) after fight.", {"arrest", "assault"}, {"placement_start"}),
     ("Placement w/ FC ended 10:00 - YP returned to mum as s.20 consent withdrawn.", {"placement_end"},
      {"placement_start"}),
     ("Interim care order renewed. Ch remain in same foster placement.", set(), {"placement_start"}),
     ("Attendance strategy meeting with EWO, HoY and mum.", set(), {"strategy_discussion"})],
)
def test_section_numbers_and_strategies_in_other_senses(text, present, absent):
    tags = set(read(details=text)["tags"])
    assert present <= tags and not absent & tags
