"""Synthetic multi-agency chronologies with planted breaches: the known answer for the detectors.

Every case follows one story (after the learning brief): an injury seen at school and referred;
an assault witnessed by school staff, reported to children's services and the police; a strategy
discussion and a police investigation; a conference and a neglect child protection plan with
review conferences, core groups, visits, observations of parenting and Graded Care Profile 2
scores; a birth with postnatal depression screening; a house move; a child found home alone.
Other agencies' routine contacts fill the rest, some with vague dates ("March 2015", "Summer
2016"). In a clean case every rule of the ``learning`` pack is met or not applicable; a planted
case changes the story in one place to breach one rule (:data:`PLANTS`, and with ``national=True``
:data:`NATIONAL_PLANTS`). Columns are built as arrays, so ten million entries take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.interpret.vocabulary import CONCERN_CATEGORIES
from reviewkit.interpret.written_dates import DAY as _DAY
from reviewkit.interpret.written_dates import MINUTE_NS as _MINUTE_NS
from reviewkit.interpret.written_dates import written_dates
from reviewkit.load.schema import CHRONOLOGY_DTYPES

AGENCIES = ["Children's Services", "Police", "School", "Health Visiting", "GP", "Midwifery",
            "Probation", "Hospital", "Emergency Department"]
_RAW = [("CSC", "Social Services"), ("Police", "South Wales Police"), ("School", "Primary school"),
        ("HV", "Health visiting team"), ("GP", "GP surgery"), ("Midwifery", "Community midwife"),
        ("Probation", "NPS"), ("Hospital", "Paediatrics"), ("A&E", "ED")]
_ROLE = ["Social worker", "Police officer", "Designated safeguarding lead", "Health visitor", "GP",
         "Midwife", "Probation officer", "Paediatrician", "ED nurse"]
CS, POL, SCH, HV, GP, MW, PRB, HOS, ED = range(9)
_PRECISIONS = ["instant", "day", "month", "season"]
_ALL = "Children's Services; Police; School; Health Visiting; GP"
_RCPC = "Children's Services; Police; School; Health Visiting"
_RCPC_NO_POLICE = "Children's Services; School; Health Visiting; GP"

#: name: (agency, event_type, other tags, subject, concern, precision, summary[, attendees])
KINDS: dict[str, tuple] = {
    "injury": (SCH, "injury", "", "Child A", "physical", 0, "Scratch to Child A's neck; Mother said the dog did it"),
    "school_referral_injury": (SCH, "referral", "", "Child A", "physical", 0, "Referral to Children's Services about the scratch to Child A's neck"),
    "school_explained": (SCH, "school_contact", "", "Child A", None, 0, "Discussed the scratch with Mother; her explanation was accepted"),
    "cs_referral_nfa": (CS, "referral", "no_further_action", "Child A", "physical", 0, "Referral from School (scratch to Child A's neck); no further action"),
    "assault": (SCH, "assault_witnessed", "", "Child B", "physical", 0, "Staff witnessed Mother kick Child B in the playground"),
    "school_referral_assault": (SCH, "referral", "", "Child B", "physical", 0, "Referral to Children's Services: Mother seen kicking Child B"),
    "school_police_report": (SCH, "police_report", "", "Child B", "physical", 0, "Reported to the police: Mother seen kicking Child B"),
    "school_call_parent": (SCH, "telephone_contact", "", "Mother", None, 0, "Telephoned Mother to collect Child B at home time"),
    "police_record": (POL, "assault", "", "Child B", "physical", 0, "Call from School: Mother seen kicking Child B; officers attended"),
    "police_told_late": (POL, "assault", "", "Child B", "physical", 0, "Told at the strategy discussion that Mother was seen kicking Child B"),
    "cs_referral_assault": (CS, "referral", "", "Child B", "physical", 0, "Referral from School received: Mother seen kicking Child B"),
    "strategy": (CS, "strategy_discussion", "s47_enquiry", "Child A; Child B", "physical", 0, "Strategy discussion: section 47 enquiries to begin", "Children's Services; Police; Health Visiting"),
    "investigation": (POL, "police_investigation_opened", "", "Mother", "physical", 1, "Police investigation opened into the assault on Child B"),
    "investigation_closed": (POL, "police_investigation_closed", "", "Mother", "physical", 1, "Police investigation closed: no further action"),
    "icpc": (CS, "icpc", "", "Child A", "neglect", 0, "Initial child protection conference", _ALL),
    "plan": (CS, "cp_plan_start", "", "Child A", "neglect", 1, "Child A made subject to a child protection plan under the category of neglect"),
    "plan_end": (CS, "cp_plan_end", "", "Child A", "neglect", 1, "Child protection plan ended; stepped down to child in need"),
    "circulated": (CS, "cp_plan_circulated", "", "Child A", None, 1, "Child protection plan circulated to the core group"),
    "rcpc": (CS, "rcpc", "", "Child A", "neglect", 0, "Review child protection conference: plan continues", _RCPC),
    "rcpc_no_police": (CS, "rcpc", "", "Child A", "neglect", 0, "Review child protection conference: plan continues", _RCPC_NO_POLICE),
    "cs_visit": (CS, "home_visit", "", "Child A", None, 1, "Home visit: Child A seen"),
    "cs_visit_cin": (CS, "home_visit", "", "Child A", None, 1, "Child in need visit: Child A seen"),
    "cs_visit_missed": (CS, "management_oversight", "", "Child A", None, 1, "Planned home visit not made: no social worker allocated"),
    "cs_visit_no_access": (CS, "no_access_visit", "", "Child A", None, 1, "Home visit: no access, card left"),
    "gp_dna_a": (GP, "missed_appointment", "", "Child A", None, 1, "Child A was not brought to GP appointment"),
    "cs_obs": (CS, "home_visit", "observation_of_parenting", "Mother; Child A", None, 1, "Home visit: observed Mother making tea with Child A; warm and attentive"),
    "cs_obs_concern": (CS, "home_visit", "observation_of_parenting", "Mother; Child A", "neglect", 1, "Home visit: observed Mother with Child A; no food in the house"),
    "core_group": (CS, "core_group", "", "Child A", None, 1, "Core group meeting", "Children's Services; School; Health Visiting; Mother"),
    "core_group_cancelled": (CS, "telephone_contact", "", None, None, 1, "Core group cancelled: social worker unavailable"),
    "cin_meeting": (CS, "child_in_need_meeting", "", "Child A", None, 1, "Child in need meeting", "Children's Services; School; Mother"),
    "hv_obs": (HV, "home_visit", "observation_of_parenting", "Mother; Child A", None, 1, "Home visit: observed Mother playing with Child A; responsive"),
    "hv_obs_concern": (HV, "home_visit", "observation_of_parenting", "Mother; Child A", "neglect", 1, "Home visit: observed Mother with Child A; Child A unkempt"),
    "hv_visit": (HV, "home_visit", "", "Mother; Child A", None, 1, "Home visit: Mother and Child A seen"),
    "booking": (MW, "antenatal_booking", "", "Mother", None, 1, "Antenatal booking"),
    "antenatal": (MW, "midwife_contact", "", "Mother", None, 1, "Antenatal appointment: no concerns"),
    "birth": (MW, "birth", "", "Child C", None, 0, "Child C born"),
    "birth_hospital": (HOS, "birth", "", "Child C", None, 0, "Child C born at the hospital; mother and baby well"),
    "epds": (HV, "epds", "health_visitor_contact", "Mother", None, 1, "6-8 week check: EPDS completed, score 8"),
    "no_epds": (HV, "health_visitor_contact", "", "Mother; Child C", None, 1, "6-8 week check: baby weighed, feeding well"),
    "move": (HV, "house_move", "", "Mother", None, 1, "Family moved to a new address in another area"),
    "transfer": (HV, "record_transfer", "", "Mother", None, 1, "Health visiting records transferred to the new team"),
    "home_alone": (HV, "child_home_alone", "unannounced_visit", "Child A", "neglect", 0, "Unannounced visit: Child A found home alone"),
    "hv_police_call": (HV, "police_report", "", "Child A", "neglect", 0, "Called the police: Child A home alone"),
    "hv_call_mother": (HV, "telephone_contact", "", "Mother", None, 0, "Telephoned Mother, who came home; advice given"),
    **{f"gcp2_{a.split()[0].lower()}": (CS, "gcp2_assessment", "", "Child A", "neglect", 1, f"Graded Care Profile 2: {a.lower()}")
       for a in ("Physical care", "Safety", "Love", "Esteem")},
    # routine contacts that fill each case: (... , weight, vague precision or 0)
    "gp": (GP, "gp_consultation", "", "Child A", None, 1, "GP consultation: cough and cold, no concerns", None, 8, 2),
    "gp_mother": (GP, "gp_consultation", "mental_health_history", "Mother", None, 1, "Mother seen by GP: low mood, history of depression", None, 5, 2),
    "gp_dna": (GP, "missed_appointment", "", "Child B", None, 1, "Child B was not brought to GP appointment", None, 3, 0),
    "school": (SCH, "school_contact", "", "Child B", None, 1, "Attendance 94% this term; settled in class", None, 8, 3),
    "school_late": (SCH, "school_contact", "", "Child A", "neglect", 0, "Child A arrived late and hungry; given breakfast", None, 4, 0),
    "hv": (HV, "health_visitor_contact", "", "Child A", None, 1, "Developmental review: meeting milestones", None, 6, 3),
    "hv_clinic": (HV, "clinic_appointment", "", "Child A", None, 1, "Clinic: weight and height recorded", None, 3, 0),
    "probation": (PRB, "probation_supervision", "", "Father", None, 1, "Father attended supervision; alcohol use discussed", None, 5, 2),
    "probation_dna": (PRB, "missed_appointment", "", "Father", None, 1, "Father did not attend his probation appointment", None, 2, 0),
    "hospital": (HOS, "clinic_appointment", "", "Child B", None, 1, "Paediatric outpatients: asthma review", None, 3, 3),
    "ed": (ED, "ae_attendance", "injury", "Child B", None, 0, "Attended ED after a fall in the park: graze to knee", None, 3, 0),
    "police_info": (POL, "information_shared", "", None, None, 1, "Police checks completed and shared", None, 3, 0),
    "cs_phone": (CS, "telephone_contact", "", "Mother", None, 0, "Telephone call with Mother about arrangements", None, 4, 0),
    "cs_oversight": (CS, "management_oversight", "", None, None, 1, "Management oversight: case discussed in supervision", None, 3, 0),
    "cs_info": (CS, "information_shared", "", None, None, 1, "Information shared with the health visitor", None, 2, 0),
}
_NAMES = list(KINDS)
_CODE = {name: i for i, name in enumerate(_NAMES)}
_FILLER = np.array([_CODE[k] for k, v in KINDS.items() if len(v) > 8])
_DUP = {"injury": 1, "school_referral_injury": 1, "cs_referral_nfa": 1, "assault": 2, "school_referral_assault": 2,
        "police_record": 2, "police_told_late": 2, "cs_referral_assault": 2, "birth": 3, "birth_hospital": 3}
_CS_CONTACTS = {"icpc", "rcpc", "rcpc_no_police", "cs_visit", "cs_visit_cin", "cs_obs", "cs_obs_concern",
                "core_group", "cin_meeting", "cs_visit_no_access"}
#: Entry types among the kinds that the national pack's ``unseen`` rule counts as the child seen.
_SEEN = {"home_visit", "unannounced_visit", "school_contact", "gp_consultation", "health_visitor_contact",
         "clinic_appointment", "ae_attendance", "injury", "assault_witnessed", "observation_of_parenting"}

#: key: (rule, kind, what was planted)
PLANTS: dict[str, tuple[str, str, str]] = {
    "police_late": ("b-witnessed-assault-reported-to-police", "response", "police told the next morning"),
    "police_missing": ("b-witnessed-assault-reported-to-police", "response", "police never told"),
    "cs_late": ("b-witnessed-assault-reported-to-childrens-services", "response", "referral after home time"),
    "cluster": ("c-strategy-meeting-after-separate-concerns", "cluster", "2 concerns in 3 weeks, no prompt strategy discussion"),
    "police_absent": ("d-police-at-review-conference-during-investigation", "attendance", "police absent from the first RCPC"),
    "stasis": ("stasis-in-neglect", "stasis", "physical care score flat for 16 months"),
    "no_observation": ("a-observation-of-parenting-during-plan", "absence", "no observation during the plan"),
    "biased": ("a-observations-not-only-alongside-concerns", "absence", "observations only alongside concerns"),
    "drift": ("drift-no-contact-during-plan", "gap", "75 days without Children's Services contact"),
    "no_epds": ("postnatal-depression-screening-after-birth", "response", "no EPDS after the birth"),
    "home_alone": ("home-alone-reported-immediately", "response", "child home alone, no call"),
    "injury": ("injury-seen-is-referred", "response", "injury not referred"),
    "not_circulated": ("plan-circulated-to-core-group", "response", "plan not circulated after the second RCPC"),
    "late_transfer": ("records-transferred-after-move", "response", "records transferred 1-3 months after the move"),
}
#: The national pack's plants, planted only when asked for (``synth_cases(..., national=True)``).
NATIONAL_PLANTS: dict[str, tuple[str, str, str]] = {
    "not_brought": ("was-not-brought-repeatedly-followed-up", "repeat", "Child A not brought to the GP twice, no follow-up"),
    "unseen": ("child-seen-while-on-a-plan", "unseen", "Child A not seen for over 4 months of the plan"),
}
_PLANT_KEYS = list(PLANTS) + list(NATIONAL_PLANTS)


@dataclass(frozen=True)
class SynthCorpus:
    """A synthetic chronology and where its breaches were planted.

    Attributes
    ----------
    chronology
        A valid chronology (:func:`reviewkit.load.schema.validate_chronology`).
    plants
        One row per planted case: ``case_id``, ``rule``, ``kind``, ``verdict`` ("breached"),
        ``entries`` (tuple of the planted evidence entry ids) and ``detail``.
    clean_cases
        The cases with no plant: every ``learning`` rule is met or not applicable there.
    """

    chronology: pd.DataFrame
    plants: pd.DataFrame
    clean_cases: tuple[str, ...]


def synth_cases(
    n_cases: int, *, entries_per_case: int = 100, seed: int = 0, plant_rate: float = 0.5,
    start: str = "2014-01-01", national: bool = False,
) -> SynthCorpus:
    """Generate ``n_cases`` chronologies, planting one ``learning`` breach in about ``plant_rate`` of them.

    Parameters
    ----------
    n_cases
        Number of cases (families), ``synth-000000`` onwards.
    entries_per_case
        Entries in every case: the story's entries plus routine contacts (at least 72).
    seed
        The same seed gives the identical corpus.
    plant_rate
        Share of cases with one planted breach, its rule chosen at random from :data:`PLANTS`.
    start
        The earliest case begins within two years after this date.
    national
        Plant the ``national`` pack's breaches too (:data:`NATIONAL_PLANTS`: a child not brought to
        two GP appointments and never followed up; a child no one sees for over 4 months of the
        plan, visits made with no access); without it the corpus is as it always was.

    Returns
    -------
    SynthCorpus

    Examples
    --------
    >>> corpus = synth_cases(4, seed=3)
    >>> corpus.chronology.shape
    (400, 35)
    >>> corpus.chronology["entry_id"].iloc[0]
    'synth-000000/synth.csv:2'
    >>> corpus.plants[["case_id", "rule"]].values.tolist()
    [['synth-000002', 'b-witnessed-assault-reported-to-childrens-services'], ['synth-000003', 'c-strategy-meeting-after-separate-concerns']]
    >>> corpus.plants["entries"].iloc[0]
    ('synth-000002/synth.csv:18', 'synth-000002/synth.csv:21')
    >>> corpus.clean_cases
    ('synth-000000', 'synth-000001')
    """
    rng = np.random.default_rng(seed)
    n = int(n_cases)
    chosen = rng.integers(len(PLANTS) + (len(NATIONAL_PLANTS) if national else 0), size=n)
    plant = np.where(rng.random(n) < plant_rate, chosen, -1)
    cols, ends, scores, named, window = _story(rng, n, plant, national)
    k_story = len(cols)
    if entries_per_case < k_story or n < 1:
        raise ValueError(f"synth_cases needs n_cases >= 1 and entries_per_case >= {k_story} (the story of "
                         f"each case); got n_cases={n_cases}, entries_per_case={entries_per_case}.")
    width = int(entries_per_case)
    kind = np.zeros((n, width), dtype=np.int16)
    minute = np.zeros((n, width), dtype=np.int64)
    for j, (code, when) in enumerate(cols):
        kind[:, j], minute[:, j] = code, when
    lo, hi = named["t0"] // _DAY - 300, named["end"] // _DAY + 120  # routine contacts: any working hour
    filler = np.array([KINDS[_NAMES[c]][8] for c in _FILLER], dtype=float)
    kind[:, k_story:] = rng.choice(_FILLER, p=filler / filler.sum(), size=(n, width - k_story))
    day = lo[:, None] + (rng.random((n, width - k_story)) * (hi - lo)[:, None]).astype(np.int64)
    table = _kind_table()
    if national:  # no routine contact sees the child in an unseen stretch: moved after it
        (w0, w1), unseen = named["unseen_window"], (plant == _PLANT_KEYS.index("unseen"))[:, None]
        inside = unseen & table["seen_a"][kind[:, k_story:]] & (day >= w0[:, None]) & (day < w1[:, None])
        day = np.where(inside, day + (w1 - w0)[:, None], day)
    minute[:, k_story:] = day * _DAY + rng.integers(480, 1080, size=day.shape)
    precision = table["precision"][kind]
    vague = (rng.random((n, width)) < 0.15) & (table["vague"][kind] > 0)
    vague[:, :k_story] = False
    if national:  # the sightings around an unseen stretch are on known days
        vague &= ~(table["seen_a"][kind] & unseen)
    precision = np.where(vague, table["vague"][kind], precision)
    end = np.full((n, width), -1, dtype=np.int64)
    score = np.full((n, width), np.nan)
    for j, values in ends.items():
        end[:, j] = values
    for j, values in scores.items():
        score[:, j] = values
    origin = pd.Timestamp(start).normalize().value
    date, latest, text_code, texts = written_dates(minute, precision, origin)
    tables = {"text": _texts(texts)}
    order = np.argsort(date, axis=1, kind="stable")
    flat = (order + (np.arange(n) * width)[:, None]).ravel()
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(width)[None, :].repeat(n, axis=0), axis=1)
    arrays = {name: values.ravel()[flat] for name, values in [("kind", kind), ("minute", minute), ("end", end),
              ("precision", precision), ("date", date), ("latest", latest), ("text", text_code), ("score", score)]}
    chronology = _frame(n, width, arrays, tables, origin, table)
    plants = _plants(plant, rank, named, table["cs_contact"][kind] & (minute >= named["plan_day"][:, None] * _DAY),
                     minute, window, table["seen_a"][kind])
    clean = tuple(f"synth-{i:06d}" for i in np.flatnonzero(plant < 0))
    return SynthCorpus(chronology=chronology, plants=plants, clean_cases=clean)


def _story(rng: np.random.Generator, n: int, plant: np.ndarray, national: bool = False) -> tuple:
    """The story's entries: (kind code per case, minute per case) per column, and the columns' roles."""
    u = lambda lo, hi: rng.integers(lo, hi + 1, size=n)  # noqa: E731
    is_ = {key: plant == i for i, key in enumerate(_PLANT_KEYS)}
    pick = lambda key, planted, normal: np.where(is_[key], _CODE[planted], _CODE[normal])  # noqa: E731
    cols: list[tuple[np.ndarray | int, np.ndarray]] = []
    ends: dict[int, np.ndarray] = {}
    scores: dict[int, np.ndarray] = {}
    add = lambda code, when: cols.append((_CODE[code] if isinstance(code, str) else code, when)) or len(cols) - 1  # noqa: E731
    t0 = u(0, 730) * _DAY
    e1 = t0 + u(30, 90) * _DAY + u(540, 570)
    e2 = (e1 // _DAY + np.where(is_["cluster"], u(7, 21), u(14, 60))) * _DAY + u(720, 780)
    named = {"t0": t0, "injury": add("injury", e1)}
    if national:  # two GP appointments 3 weeks apart, before any routine contact (none follows them up)
        named["not_brought"] = [add(pick("not_brought", "gp_dna_a", "gp"), t0 - days * _DAY + 600) for days in (380, 359)]
    add(pick("injury", "school_explained", "school_referral_injury"), e1 + u(20, 50))
    add(pick("injury", "cs_oversight", "cs_referral_nfa"), e1 + u(60, 180))
    named["assault"] = add("assault", e2)
    referral = e2 + np.where(is_["cs_late"], u(200, 240), u(10, 30))
    named["referral"] = add("school_referral_assault", referral)
    police = np.where(is_["police_late"], (e2 // _DAY + 1) * _DAY + u(540, 600), e2 + u(15, 45))
    named["police"] = add(pick("police_missing", "school_call_parent", "school_police_report"), police)
    strategy = (e2 // _DAY + np.where(is_["cluster"], u(15, 25), u(1, 2))) * _DAY + u(600, 900)
    add(pick("police_missing", "police_told_late", "police_record"), np.where(is_["police_missing"], strategy + 30, police + 10))
    add("cs_referral_assault", referral + 15)
    add("strategy", strategy)
    p = strategy // _DAY + u(10, 19)  # the day of the ICPC and the plan
    bad = np.isin(np.arange(35), [0, 1, 14, 15, 16, 17])  # days of visits and core groups (mod 35)
    reviews, offset = [], np.zeros(n, dtype=np.int64)
    for lo, hi in [(70, 89), (160, 182), (160, 182), (160, 182)]:
        offset = offset + u(lo, hi)
        offset = np.where(bad[offset % 35], offset - 5, offset)
        reviews.append(p + offset)
    plan_end = reviews[-1]
    named["investigation"] = add("investigation", strategy // _DAY * _DAY)
    ends[named["investigation"]] = closed = reviews[0] + u(20, 60)
    add("investigation_closed", closed * _DAY)
    flat = is_["stasis"]
    areas = [f"gcp2_{a}" for a in ("physical", "safety", "love", "esteem")]
    named["gcp2"] = []
    for i, day in enumerate([p - u(5, 10), p + u(230, 250), p + u(480, 500)]):
        for area in areas:
            j = add(area, day * _DAY)
            scores[j] = (u(3, 5) if i == 0 else scores[j - 4] - 1).astype(float)
            if area == areas[0] and i:
                scores[j] = np.where(flat, scores[j - 4], scores[j])
            if area == areas[0]:
                named["gcp2"].append(j)
    add("icpc", p * _DAY + u(600, 720))
    named["plan"] = add("plan", p * _DAY)
    ends[named["plan"]] = plan_end
    add("plan_end", plan_end * _DAY)
    add("circulated", (p + u(1, 3)) * _DAY)
    police_rcpc = np.where(is_["police_absent"], _CODE["rcpc_no_police"], _CODE["rcpc"])
    for i, day in enumerate(reviews):
        code = police_rcpc if i == 0 else np.where(rng.random(n) < 0.5, _CODE["rcpc"], _CODE["rcpc_no_police"])
        named[f"rcpc{i + 1}"] = add(code, day * _DAY + u(600, 720))
        add(pick("not_circulated", "cs_oversight", "circulated") if i == 1 else _CODE["circulated"], (day + u(1, 3)) * _DAY)
    window = (p + 290, p + 365)
    in_window = lambda day: is_["drift"] & (day >= window[0]) & (day < window[1])  # noqa: E731
    named["unseen_window"] = unseen = (p + 290, p + 420)
    unseen_visit = lambda day: is_["unseen"] & (day >= unseen[0]) & (day < unseen[1])  # noqa: E731
    for slot in range(18):
        day = p + 14 + 35 * slot + u(0, 3)
        code = np.where(day > plan_end, _CODE["cs_visit_cin"], _CODE["cs_visit"])
        if slot == 1:
            code = np.select([is_["no_observation"], is_["biased"]], [_CODE["cs_visit"], _CODE["cs_obs_concern"]], _CODE["cs_obs"])
        code = np.where(unseen_visit(day), _CODE["cs_visit_no_access"], code)
        named[f"visit{slot}"] = add(np.where(in_window(day), _CODE["cs_visit_missed"], code), day * _DAY)
    named["cs_obs"] = named["visit1"]
    for meeting in range(9):
        day = p + 1 + 70 * meeting
        code = np.where(day > plan_end, _CODE["cin_meeting"], _CODE["core_group"])
        add(np.where(in_window(day), _CODE["core_group_cancelled"], code), day * _DAY)
    named["hv_obs"] = add(np.select([is_["no_observation"], is_["biased"]], [_CODE["hv_visit"], _CODE["hv_obs_concern"]],
                                    _CODE["hv_obs"]), (p + u(180, 220)) * _DAY)
    birth = p + u(60, 400)
    add("booking", (birth - u(180, 200)) * _DAY)
    add("antenatal", (birth - u(50, 70)) * _DAY)
    named["birth"] = add("birth", birth * _DAY + u(0, 1439))
    add("birth_hospital", cols[-1][1])
    add(pick("no_epds", "no_epds", "epds"), (birth + u(28, 49)) * _DAY)
    move = p + u(100, 500)
    named["move"] = add("move", move * _DAY)
    named["transfer"] = add("transfer", (move + np.where(is_["late_transfer"], u(30, 90), u(1, 7))) * _DAY)
    home_alone = (p + u(120, 175)) * _DAY + u(900, 1080)
    named["home_alone"] = add("home_alone", home_alone)
    add(pick("home_alone", "hv_call_mother", "hv_police_call"), home_alone + u(10, 40))
    named["end"], named["plan_day"] = plan_end * _DAY, p
    return cols, ends, scores, named, window


def _kind_table() -> dict[str, np.ndarray]:
    """Per-kind codes and texts, indexed by kind code."""
    rows = [v + (None,) * (10 - len(v)) for v in KINDS.values()]
    events = sorted({r[1] for r in rows})
    tags = [";".join(sorted({r[1], *filter(None, r[2].split(";"))})) for r in rows]
    return {
        "agency": np.array([r[0] for r in rows]), "events": events,
        "event": np.array([events.index(r[1]) for r in rows]),
        "concern": np.array([CONCERN_CATEGORIES.index(r[4]) if r[4] else -1 for r in rows]),
        "precision": np.array([r[5] for r in rows], dtype=np.int8),
        "vague": np.array([r[9] or 0 for r in rows], dtype=np.int8),
        "dup": np.array([_DUP.get(name, 0) for name in KINDS]),
        "cs_contact": np.array([name in _CS_CONTACTS for name in KINDS]),
        "seen_a": np.array([(r[3] is None or "Child A" in r[3]) and bool({r[1], *r[2].split(";")} & _SEEN) for r in rows]),
        "indicator": _texts([r[6].split(": ")[1].capitalize() if r[1] == "gcp2_assessment" else None for r in rows]),
        "tags": _texts(tags), "subject": _texts([r[3] for r in rows]),
        "summary": _texts([r[6] for r in rows]), "attendees": _texts([r[7] for r in rows]),
    }


def _frame(n: int, width: int, arrays: dict[str, np.ndarray], tables: dict, origin: int, table: dict) -> pd.DataFrame:
    """Assemble the chronology's columns from the (sorted) arrays."""
    kind, minute, precision, end = arrays["kind"], arrays["minute"], arrays["precision"], arrays["end"]
    kind = kind.astype(np.int64)  # Arrow takes rows by int16 indices about ten times slower than by int64
    size = n * width
    case = np.repeat(np.arange(n), width)
    case_ids = _texts([f"synth-{i:06d}" for i in range(n)]).take(case)
    row = np.tile(np.arange(2, width + 2), n)
    text = tables["text"].take(arrays["text"])
    clock = _texts([f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)]).take(minute % _DAY)
    text = pc.if_else(pa.array(precision == 0), pc.binary_join_element_wise(text, clock, _sep(" ")), text)
    dup = table["dup"][kind]
    groups = _texts([f"synth-{i:06d}/incident-{g}" for i in range(n) for g in (1, 2, 3)])
    agency = table["agency"][kind]
    string = lambda values: pd.arrays.ArrowStringArray(values)  # noqa: E731
    nulls = string(pa.nulls(size, pa.large_string()))
    integers = lambda values: pd.arrays.IntegerArray(values.astype(np.int64), np.zeros(size, dtype=bool))  # noqa: E731
    day_ns = lambda days: np.where(days >= 0, origin + days * _DAY * _MINUTE_NS, np.iinfo(np.int64).min)  # noqa: E731
    columns = {
        "case_id": string(case_ids), "sequence": integers(row - 1),
        "entry_id": string(pc.binary_join_element_wise(case_ids, _texts([str(r) for r in range(width + 2)]).take(row), _sep("/synth.csv:"))),
        "date": arrays["date"].view("datetime64[ns]"), "date_latest": arrays["latest"].view("datetime64[ns]"),
        "date_text": string(text), "precision": pd.Categorical.from_codes(precision, categories=_PRECISIONS),
        "end": day_ns(end).view("datetime64[ns]"),
        "end_latest": np.where(end >= 0, day_ns(end) + _DAY * _MINUTE_NS - 1000, day_ns(end)).view("datetime64[ns]"),
        "reported": np.full(size, np.datetime64("NaT"), dtype="datetime64[ns]"),
        "agency": pd.Categorical.from_codes(agency, categories=AGENCIES),
        "agency_raw": string(_texts([r for pair in _RAW for r in pair]).take(agency * 2 + case % 2)),
        "event_type": pd.Categorical.from_codes(table["event"][kind], categories=table["events"]),
        "tags": string(table["tags"].take(kind)), "concern": pd.Categorical.from_codes(table["concern"][kind], categories=CONCERN_CATEGORIES),
        "subject": string(table["subject"].take(kind)), "summary": string(table["summary"].take(kind)),
        "practitioner": string(_texts(_ROLE).take(agency)), "attendees": string(table["attendees"].take(kind)),
        "duplicate_group": string(groups.take(pa.array(case * 3 + dup - 1, mask=dup == 0))),
        "indicator": string(table["indicator"].take(kind)),
        "score": pd.arrays.FloatingArray(arrays["score"], np.isnan(arrays["score"])),
        "source": string(_texts(["synth.csv"]).take(np.zeros(size, dtype=np.int64))), "source_row": integers(row),
        "in_review_period": pd.array([pd.NA] * size, dtype="boolean"),
    }
    # the text columns not named above (outcome, responds_to, mentions, issues, extra, significance,
    # analysis, reviewer_note, ages) are empty
    return pd.DataFrame({name: columns.get(name, nulls) for name in CHRONOLOGY_DTYPES}, copy=False)


def _texts(values: list) -> pa.Array:
    """Arrow text in the layout pandas keeps (``large_string``), so taking rows needs no cast after."""
    return pa.array(values, type=pa.large_string())


def _sep(text: str) -> pa.Scalar:
    """A separator for ``binary_join_element_wise`` of :func:`_texts` columns."""
    return pa.scalar(text, type=pa.large_string())


def _plants(plant: np.ndarray, rank: np.ndarray, named: dict, contact: np.ndarray, minute: np.ndarray,
            window: tuple[np.ndarray, np.ndarray], seen: np.ndarray) -> pd.DataFrame:
    """One row per planted case, with the entry ids of the planted evidence."""
    evidence = {
        "police_late": ("assault", "police"), "police_missing": ("assault",), "cs_late": ("assault", "referral"),
        "cluster": ("injury", "assault"), "police_absent": ("rcpc1", "investigation"), "stasis": ("gcp2",),
        "no_observation": ("plan",), "biased": ("plan", "cs_obs", "hv_obs"), "no_epds": ("birth",),
        "home_alone": ("home_alone",), "injury": ("injury",), "not_circulated": ("rcpc2",),
        "late_transfer": ("move", "transfer"), "drift": ("plan",), "not_brought": ("not_brought",), "unseen": ("plan",),
    }
    # the last CS contact (drift) or sighting of the child (unseen) before the window, and the first after
    windows = {"drift": (contact, window), "unseen": (seen, named["unseen_window"])}
    around = {key: (np.where(mask & (minute < lo[:, None] * _DAY), minute, -1).argmax(axis=1),
                    np.where(mask & (minute >= hi[:, None] * _DAY), minute, np.iinfo(np.int64).max).argmin(axis=1))
              for key, (mask, (lo, hi)) in windows.items()}
    rows = []
    for i in np.flatnonzero(plant >= 0):
        key = _PLANT_KEYS[plant[i]]
        columns: list[int] = []
        for role in evidence[key]:
            columns += named[role] if role in ("gcp2", "not_brought") else [named[role]]
        columns += [around[key][0][i], around[key][1][i]] if key in around else []
        rule, kind_name, detail = {**PLANTS, **NATIONAL_PLANTS}[key]
        ids = tuple(f"synth-{i:06d}/synth.csv:{rank[i, j] + 2}" for j in columns)
        rows.append((f"synth-{i:06d}", rule, kind_name, "breached", ids, detail))
    frame = pd.DataFrame(rows, columns=["case_id", "rule", "kind", "verdict", "entries", "detail"])
    return frame.astype({c: "string" for c in ("case_id", "rule", "kind", "verdict", "detail")})
