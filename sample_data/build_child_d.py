"""Build the fictional sample case ``sample_data/child_d/``.

The case follows the story of the published learning brief in
``seed/000_b37e0c23033579ee.txt`` (Child D). Every person is a role label
(Child A, Mother, Social Worker, ...) and every place is invented (Northshire,
Anytown, Brookfield, Millbrook). Nothing here is real.

Run it with ``python sample_data/build_child_d.py``. It is deterministic: the
same bytes are written on every run (fixed dates inside the Office files, fixed
ZIP timestamps, no randomness). It writes:

* one file per agency, each in its own real-world layout (see README.md);
* ``case.toml`` (the manifest);
* ``README.md`` with the row counts and the table of planted patterns, whose
  row numbers are computed here from the rows actually written.

Dates are UK day-first throughout.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from datetime import datetime, time
from pathlib import Path

import docx
import openpyxl
from docx.shared import Pt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
OUT = HERE / "child_d"

#: Timestamp written into every Office file and ZIP member, so runs are byte-identical.
FIXED_STAMP = datetime(2024, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

LA_NAME = "Northshire County Council - Children's Services"


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------


def d(day: int, month: int, year: int, hour: int | None = None, minute: int = 0) -> datetime:
    """A date written day-first, as the agencies write it (a datetime for openpyxl)."""
    if hour is None:
        return datetime(year, month, day)
    return datetime(year, month, day, hour, minute)


def t(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


def normalise_ooxml(path: Path) -> None:
    """Rewrite an .xlsx/.docx so its bytes do not depend on when it was written."""
    with zipfile.ZipFile(path) as zin:
        members = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    text,
                )
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def fix_workbook_props(wb: openpyxl.Workbook) -> None:
    wb.properties.creator = "reviewkit sample data"
    wb.properties.lastModifiedBy = "reviewkit sample data"
    wb.properties.created = FIXED_STAMP
    wb.properties.modified = FIXED_STAMP


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str, newline: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))


# Planted patterns: id -> (what, rule kind, expected verdict). Rows are tagged below.
PLANTS: dict[str, tuple[str, str, str]] = {
    "P1": (
        "Two separate concerns weeks apart (scratch to Child A's neck 26/01/2015, NAI; "
        "Mother kicks Child B 09/02/2015) while on CP plans and in PLO; no strategy "
        "meeting between them: dealt with at the RCPC of 24/02/2015",
        "cluster",
        "breached",
    ),
    "P2": (
        "Assault on Child B witnessed by school staff at 12:40 on 09/02/2015; referral to "
        "Children's Services only at 16:10 after Child B had gone home with Mother (15:15); "
        "never reported to police (no police record of it at all)",
        "response",
        "breached",
    ),
    "P3": (
        "RCPC 24/02/2015 held without police (Attendees: Children's Services; School; "
        "Health Visiting; GP) while the police child protection investigation into the "
        "scratch was open (opened 26/01/2015, closed 14/04/2015)",
        "attendance",
        "breached",
    ),
    "P4": (
        "Managers learn at the end of March 2015 that the kinship carers may be smacking "
        "Child A and Child B (school disclosure 25/03/2015); meeting with the kinship "
        "carers only on 28/04/2015 (28-38 days; 34 from the school's referral)",
        "response",
        "breached",
    ),
    "P5": (
        "Child C (aged 4) found home alone by the Health Visitor at 10:15 on 14/07/2015; "
        "Children's Services told only at the core group on 16/07/2015 10:00; police never",
        "response",
        "breached",
    ),
    "P6": (
        "No postnatal depression screening (no EPDS) during pregnancy or after Child D's "
        "birth (14/10/2015) although both parents have a mental-health history in the GP "
        "record; postnatal contacts with Mother are listed (none screens her mood); the words "
        "'EPDS' and 'postnatal depression' appear in no file",
        "response/absence",
        "breached",
    ),
    "P7": (
        "Mother disagrees with the birth plan (midwife 23/09/2015, again 30/09/2015; "
        "Children's Services told 24/09/2015) during PLO; no formal meeting before the "
        "birth on 14/10/2015",
        "response",
        "breached",
    ),
    "P8": (
        "Health visiting records not passed on when the family moved: move c. June 2015 "
        "(Children's Services 12/06/2015), transfer 30/06/2015, records still missing "
        "09/09/2015, received 10/12/2015 (over 5 months); move March 2016: no transfer "
        "recorded at all, new team has no records on 26/04/2016",
        "response",
        "breached",
    ),
    "P9": (
        "Child protection plans not circulated to the core group: the only 'CP plan "
        "circulated' entry is 29/08/2014 for the ICPC of 25/06/2014 (46 working days; Wales "
        "limit 5); none after the pre-birth ICPC of 02/09/2015 or any RCPC",
        "response",
        "breached",
    ),
    "P10": (
        "Observation of parenting recorded only when there were concerns: every entry "
        "that records an observation of Mother with the children describes a concern; "
        "routine visits record none",
        "absence",
        "breached",
    ),
    "P11": (
        "Stasis: Graded Care Profile 2 grades unchanged for Child A (12/06/2014-09/06/2016, "
        "24 months), Child B (11/09/2014-09/06/2016, 21 months) and Child C "
        "(12/06/2014-10/09/2015, 15 months) while their CP plans were open",
        "stasis",
        "breached",
    ),
    "P12": (
        "Injuries to the older children seen by school staff, Mother's explanation "
        "accepted, not reported to Children's Services (12/05/2014, 03/10/2014, 17/11/2014)",
        "response",
        "breached",
    ),
    "P13": (
        "Parents' mental-health history is in the GP record (Mother: depression since "
        "2009; Father: 2012 admission under the Mental Health Act, anxiety) but health "
        "visiting never consults the GP: the HV health-needs assessment records 'none' "
        "(17/07/2014)",
        "absence",
        "breached",
    ),
    "P14": (
        "Child D returned home (18/01/2016) although the Social Worker, Health Visitor "
        "and Fostering Social Worker said at the legal planning meeting (07/01/2016) that a "
        "return home was not appropriate",
        "(narrative)",
        "for the report",
    ),
    "P15": (
        "Child D's two separate fractures in Summer 2016: left wrist at ED 28/06/2016 "
        "(explanation accepted), right femur found after the Probation referral of "
        "10/08/2016; NAI; removal to foster care, care proceedings",
        "(story) / cluster",
        "met (strategy held)",
    ),
    "P16": (
        "Confusion about confidentiality: GP would not share parents' mental-health "
        "details without consent (16/06/2014); the ICPC report left them out (20/06/2014)",
        "(narrative)",
        "for the report",
    ),
}

GOOD: dict[str, tuple[str, str]] = {
    "G1": (
        "ICPC 25/06/2014 within 15 working days of the strategy discussion of 05/06/2014 "
        "(14 working days)",
        "met",
    ),
    "G2": (
        "First core group 03/07/2014 within 10 working days of the ICPC of 25/06/2014 "
        "(6 working days)",
        "met",
    ),
    "G3": (
        "First RCPC 23/09/2014 within 3 months of the ICPC of 25/06/2014",
        "met",
    ),
    "G4": (
        "Later RCPCs no more than 6 months apart: 23/09/2014, 24/02/2015, 18/08/2015, "
        "01/12/2015 (also within 3 months of the pre-birth ICPC), 24/05/2016, 22/11/2016; "
        "all quorate (3+ agencies)",
        "met",
    ),
    "G5": (
        "Pre-birth ICPC 02/09/2015 within 15 working days of the pre-birth strategy "
        "discussion of 12/08/2015 (14 working days; 31/08/2015 is a bank holiday)",
        "met",
    ),
    "G6": (
        "Core groups within 10 working days of registration: 10/09/2015 (6 working days "
        "after the pre-birth ICPC) and 22/10/2015 (6 working days after Child D was "
        "registered at birth on 14/10/2015)",
        "met",
    ),
    "G7": (
        "School refers the scratch to Child A's neck the same morning (seen 09:05, "
        "referred 10:30 on 26/01/2015)",
        "met",
    ),
    "G8": (
        "School refers Child A's disclosure about the kinship carers within 40 minutes "
        "(10:50 -> 11:30, 25/03/2015)",
        "met",
    ),
    "G9": (
        "Probation refers Child D's injury the same afternoon (14:45 -> 15:20 to "
        "Children's Services, 15:35 to police, 10/08/2016); strategy discussion at 09:30 "
        "the next morning (11/08/2016) with police, health and probation",
        "met",
    ),
    "G10": (
        "Police attend the RCPC of 22/11/2016 while their investigation into Child D's "
        "fractures is open (10/08/2016-19/12/2016)",
        "met",
    ),
    "G11": (
        "School refers a bruise to Child B's forehead the same morning (09:00 -> 10:15, "
        "04/03/2016)",
        "met",
    ),
    "G12": (
        "Referral 02/06/2014 11:20 screened the same day; strategy discussion 05/06/2014",
        "met",
    ),
}

DUPLICATES: dict[str, str] = {
    "D1": "Joint neglect referral, 02/06/2014 (school, health visiting, Children's Services)",
    "D2": "Scratch to Child A's neck, 25-26/01/2015 (school, Children's Services, police)",
    "D3": "Mother kicks Child B, 09/02/2015 (school 12:40 and 16:10; Children's Services 16:10)",
    "D4": "Kinship carers may be smacking Child A and Child B, 25/03/2015 / end of March 2015 "
    "(school, Children's Services)",
    "D5": "Child C home alone, 14/07/2015, told to the core group 16/07/2015 "
    "(health visiting, Children's Services)",
    "D6": "Child D's birth and registration, 14/10/2015 (maternity, Children's Services, "
    "health visiting, GP)",
    "D7": "Child D's wrist fracture at ED 28/06/2016 (hospital; letters to Children's "
    "Services, health visiting, GP)",
    "D8": "Probation referral of Child D's injury, 10/08/2016 (probation, Children's "
    "Services, police)",
    "D9": "Strategy discussion about Child D, 11/08/2016 (Children's Services, police, "
    "probation)",
    "D10": "Strategy discussion about neglect, 05/06/2014 (Children's Services, police)",
}

#: (file, row as a spreadsheet shows it, date as written, tag) collected while writing.
TAGGED: list[tuple[str, int, str, str]] = []
ROW_COUNTS: dict[str, int] = {}
HV_BLANK_ROWS: list[int] = []
CS_MAX_GAP: list = []


def tag_rows(file: str, numbered: list[tuple[int, str, tuple[str, ...]]]) -> None:
    for row_number, date_text, tags in numbered:
        for tag in tags:
            TAGGED.append((file, row_number, date_text, tag))


def shown(value) -> str:
    """The date as a reader of the file would see it."""
    if isinstance(value, datetime):
        if value.hour or value.minute:
            return value.strftime("%d/%m/%Y %H:%M")
        return value.strftime("%d/%m/%Y")
    return str(value)


# ---------------------------------------------------------------------------
# 1. Children's Services: xlsx, title rows, merged title, real date cells
# ---------------------------------------------------------------------------

ABC = "Child A; Child B; Child C"
AB = "Child A; Child B"
CS_ATT_FULL = "Children's Services; Police; School; Health Visiting; GP"


def core_group(day, subjects, details, outcome="", attendees=None, tags=(), at=(14, 0)):
    return (
        day,
        t(*at),
        subjects,
        "Core group meeting",
        details,
        outcome,
        "Social Worker",
        attendees or "Children's Services; School; Health Visiting; Mother",
        None,
        tags,
    )


def home_visit(day, hour, subjects, details, outcome="", tags=(), practitioner="Social Worker"):
    return (day, t(*hour), subjects, "Home visit", details, outcome, practitioner, "", None, tags)


CS_HEADER = [
    "Date",
    "Time",
    "Subject",
    "Event",
    "Details",
    "Outcome / action taken",
    "Practitioner",
    "Attendees",
    "End date",
]

CS_ROWS = [
    (d(2, 6, 2014), t(11, 20), ABC, "Referral",
     "Joint referral from the Health Visitor and Anytown Primary School: concerns of neglect - "
     "children arriving at school hungry and unkempt, head lice, poor home conditions, Child B's "
     "attendance 85%.",
     "Screened by the duty team the same day: threshold for a strategy discussion met.",
     "Duty Social Worker", "", None, ("G12", "D1")),
    (d(5, 6, 2014), t(10, 0), ABC, "Strategy discussion",
     "Strategy discussion (telephone conference) about neglect of Child A, Child B and Child C.",
     "Section 47 enquiries to begin (single agency, Children's Services lead). ICPC to be convened.",
     "Team Manager", "Children's Services; Police; Health Visiting; School", None, ("G1", "D10")),
    (d(5, 6, 2014), None, ABC, "Section 47 enquiry",
     "Section 47 enquiry started.",
     "Completed 20/06/2014.", "Social Worker", "", d(20, 6, 2014), ()),
    home_visit(d(12, 6, 2014), (14, 0), ABC,
               "S47 home visit. Children seen and spoken to alone. Bedrooms seen: no bedding on "
               "Child B's bed, little food in the house. Graded Care Profile 2 completed with Mother.",
               "GCP2 grades entered on the neglect tracker."),
    (d(16, 6, 2014), t(15, 30), "Mother; Father", "Information request",
     "GP asked for information about both parents' mental health for the S47 enquiry and the "
     "ICPC report.",
     "GP replied that details could not be shared without the parents' consent. Not followed up "
     "by the SPOC.", "Social Worker", "", None, ("P16",)),
    (d(20, 6, 2014), None, ABC, "S47 outcome",
     "Outcome of the section 47 enquiry: concerns of neglect substantiated for all three children.",
     "ICPC booked for 25/06/2014.", "Team Manager", "", None, ()),
    (d(25, 6, 2014), t(10, 0), ABC, "Initial child protection conference (ICPC)",
     "ICPC. Concerns: neglect - home conditions, hunger, hygiene, school attendance, Mother's "
     "management of the children's behaviour. GP sent a written report.",
     "All three children placed on the child protection register under the category of neglect. "
     "First core group to meet by 09/07/2014.",
     "Independent Reviewing Officer",
     "Children's Services; Police; School; Health Visiting; Mother; Father", None,
     ("G1", "G2", "G3", "P9")),
    (d(25, 6, 2014), None, "Child A", "Child protection plan",
     "Child A's name placed on the child protection register. Category: neglect.",
     "CP plan started.", "Independent Reviewing Officer", "", d(22, 11, 2016), ()),
    (d(25, 6, 2014), None, "Child B", "Child protection plan",
     "Child B's name placed on the child protection register. Category: neglect.",
     "CP plan started.", "Independent Reviewing Officer", "", d(22, 11, 2016), ()),
    (d(25, 6, 2014), None, "Child C", "Child protection plan",
     "Child C's name placed on the child protection register. Category: neglect.",
     "CP plan started.", "Independent Reviewing Officer", "", d(1, 12, 2015), ()),
    core_group(d(3, 7, 2014), ABC,
               "First core group. Plan actions reviewed: home conditions, school attendance, "
               "bedtime and mealtime routines.", "Next core group 31/07/2014.", tags=("G2",)),
    home_visit(d(16, 7, 2014), (16, 0), ABC,
               "Statutory home visit. All children seen. Kitchen cleaner; some food in the fridge.",
               "Next visit in 4 weeks."),
    core_group(d(31, 7, 2014), ABC, "Core group. School holidays plan; summer play scheme places."),
    home_visit(d(14, 8, 2014), (11, 0), ABC,
               "Statutory home visit. Children seen. Mother says she is 'on top of things'.",
               ""),
    (d(29, 8, 2014), None, ABC, "CP plan circulated",
     "Child protection plan from the ICPC of 25/06/2014 circulated to core group members by email.",
     "", "Business Support Officer", "", None, ("P9",)),
    core_group(d(4, 9, 2014), ABC, "Core group. Attendance since the start of term 90%."),
    home_visit(d(11, 9, 2014), (15, 30), ABC,
               "Statutory home visit. Children seen. Graded Care Profile 2 reviewed with Mother.",
               "GCP2 grades entered on the neglect tracker."),
    (d(23, 9, 2014), t(10, 0), ABC, "Review child protection conference (RCPC)",
     "First RCPC. Mother reports some improvement in home conditions; school attendance still poor.",
     "Children remain on the register under neglect. CP plan continues.",
     "Independent Reviewing Officer",
     "Children's Services; Police; School; Health Visiting; GP; Mother", None, ("G3", "G4")),
    core_group(d(16, 10, 2014), ABC, "Core group. Child C started nursery."),
    home_visit(d(6, 11, 2014), (15, 45), "Mother; Child B; Child C",
               "Observation of parenting: Mother shouted and swore at Child B when he would not "
               "turn the television off and pushed Child C away when she asked for a drink. "
               "Mother said the children 'never listen'.",
               "Discussed with Team Manager; to be raised at the core group.", tags=("P10",)),
    core_group(d(27, 11, 2014), ABC, "Core group. Little progress on the plan; Mother not engaging "
               "with the parenting programme referral."),
    (d(11, 12, 2014), t(11, 0), ABC, "Legal planning meeting",
     "Legal planning meeting: lack of progress on the CP plan after six months.",
     "Threshold for the Public Law Outline (pre-proceedings) met. Letter before proceedings to be "
     "sent.", "Team Manager; Legal Services", "Children's Services; Legal Services", None, ()),
    core_group(d(8, 1, 2015), ABC, "Core group. Letter before proceedings sent to both parents."),
    (d(15, 1, 2015), t(10, 0), ABC, "PLO meeting",
     "Pre-proceedings (PLO) meeting with Mother, Father and their solicitors. Written agreement: "
     "home conditions, school attendance, engagement with parenting work.",
     "PLO (pre-proceedings) started. Review in 12 weeks.", "Team Manager",
     "Children's Services; Legal Services; Mother; Father", d(17, 8, 2016), ()),
    ("early 2015", None, "Mother", "Parenting programme",
     "Mother referred to the parenting programme at Anytown Family Centre.",
     "Mother attended 2 of 10 sessions.", "Social Worker", "", None, ()),
    (d(26, 1, 2015), t(10, 30), "Child A", "Referral",
     "Referral from Anytown Primary School (DSL, by telephone): scratch approx. 4cm on the left "
     "side of Child A's neck seen at registration. Child A said 'Nan did it'. Mother said Paternal "
     "Grandmother caused it on Sunday 25/01/2015.",
     "Social Worker to see Child A at school. Child protection medical requested.",
     "Duty Social Worker", "", None, ("P1", "D2", "G7")),
    (d(26, 1, 2015), t(12, 15), "Child A", "Visit to school",
     "Social Worker saw Child A at school. Child A repeated that 'Nan' scratched her when she was "
     "told off.", "", "Social Worker", "", None, ()),
    (d(26, 1, 2015), t(14, 0), "Child A", "Information shared with police",
     "Telephone call to the Police Public Protection Unit (DC 2291) about the scratch to Child A's "
     "neck.",
     "Police to investigate (single agency). Scratch to be discussed at the RCPC on 24/02/2015.",
     "Team Manager", "", None, ("P1", "D2")),
    (d(28, 1, 2015), t(9, 15), "Child A", "Child protection medical outcome",
     "Paediatrician's report of the child protection medical on 27/01/2015 received: scratch "
     "consistent with a fingernail; the accounts given differ; injury considered non-accidental "
     "(NAI).", "Shared with police. Managed under the CP plan.", "Social Worker", "", None,
     ("P1",)),
    (d(9, 2, 2015), t(16, 10), "Child B", "Referral",
     "Telephone referral from the Anytown Primary School DSL: at 12:40 today school staff saw "
     "Mother kick Child B in the thigh in the playground at lunchtime. Child B has already gone "
     "home with Mother.",
     "Social Worker telephoned Mother at 16:45; Mother denied it. Home visit booked for tomorrow.",
     "Duty Social Worker", "", None, ("P1", "P2", "D3")),
    home_visit(d(10, 2, 2015), (11, 0), "Child B; Mother",
               "Home visit. Child B seen: faint bruise on his right thigh. Mother denied kicking "
               "him and said she 'nudged him with her foot'.",
               "To be discussed at the RCPC on 24/02/2015."),
    (d(24, 2, 2015), t(10, 0), ABC, "Review child protection conference (RCPC)",
     "Second RCPC. The scratch to Child A's neck (26/01/2015, NAI opinion) and the incident of "
     "09/02/2015 (Mother kicking Child B) discussed. The police child protection investigation "
     "into the scratch is still open; no police representative present.",
     "Children remain on the register (neglect). Kinship assessment to start; weekend stays with "
     "Kinship Carers.", "Independent Reviewing Officer",
     "Children's Services; School; Health Visiting; GP", None, ("P1", "P3", "G4")),
    (d(2, 3, 2015), None, AB, "Kinship assessment",
     "Kinship (connected person) assessment of the Kinship Carers (maternal uncle and his partner) "
     "started.", "Completed 09/10/2015.", "Fostering Social Worker", "", d(9, 10, 2015), ()),
    (d(6, 3, 2015), None, AB, "Placement - kinship care (weekends)",
     "Child A and Child B to stay with the Kinship Carers every weekend (Friday to Sunday) under "
     "the PLO safety plan while the kinship assessment is under way.",
     "", "Social Worker", "", d(12, 8, 2016), ()),
    core_group(d(12, 3, 2015), ABC, "Core group. Weekend stays with Kinship Carers started; Mother "
               "pregnant (booking due)."),
    home_visit(d(19, 3, 2015), (16, 30), ABC, "Statutory home visit. Children seen. Mother says the "
               "weekends 'give her a break'."),
    ("end of March 2015", None, AB, "Concern about kinship carers",
     "Fostering Team Manager and Locality Team Manager made aware of concerns that the Kinship "
     "Carers may be smacking Child A and Child B during weekend stays.",
     "Meeting with the Kinship Carers to be arranged.", "Locality Team Manager", "", None,
     ("P4", "D4")),
    (d(14, 4, 2015), None, "Child A", "Police investigation closed",
     "Police told Children's Services that the investigation into the scratch to Child A's neck "
     "has been closed: no further action.", "", "Social Worker", "", None, ("P3",)),
    core_group(d(23, 4, 2015), ABC, "Core group. Kinship concerns not on the agenda."),
    (d(28, 4, 2015), t(14, 0), AB, "Meeting with kinship carers",
     "Meeting with the Kinship Carers about concerns that they may have been smacking Child A and "
     "Child B. Kinship Carers admitted 'the odd tap' on the legs.",
     "Written agreement: no physical chastisement. Weekend stays continue. Present: Fostering "
     "Team Manager, Locality Team Manager, Social Worker, Kinship Carers.",
     "Locality Team Manager", "Children's Services; Kinship Carers", None, ("P4",)),
    home_visit(d(14, 5, 2015), (15, 0), ABC, "Statutory home visit. Children seen. Boxes packed: "
               "family due to move."),
    core_group(d(4, 6, 2015), ABC, "Core group. Family moving to Brookfield; children to stay at "
               "Anytown Primary School."),
    (d(12, 6, 2015), None, "Mother; Child A; Child B; Child C", "Change of address",
     "Family moved from Anytown to the Brookfield area.",
     "Address updated; partner agencies told by email.", "Social Worker", "", None, ("P8",)),
    ("mid-2015", None, ABC, "Change of social worker",
     "Case transferred to a new Social Worker (the third since June 2014).",
     "Transfer visit completed.", "Team Manager", "", None, ()),
    core_group(d(16, 7, 2015), ABC,
               "Core group. Health Visitor reported that on 14/07/2015 Child C was found home alone "
               "during an attempted home visit.",
               "Social Worker to visit Mother.",
               attendees="Children's Services; Health Visiting; School; Community Midwife",
               tags=("P5", "D5"), at=(10, 0)),
    home_visit(d(17, 7, 2015), (10, 0), "Mother; Child C",
               "Home visit about Child C being left home alone on 14/07/2015. Mother said she had "
               "gone to the shop for 'two minutes'.", "Advice on supervision."),
    (d(12, 8, 2015), t(11, 0), "Child D (unborn); Mother", "Strategy discussion",
     "Pre-birth strategy discussion. Mother 31 weeks pregnant. Concerns: the NAI to Child A, Mother "
     "kicking Child B, neglect of the older children, both parents' mental health.",
     "Pre-birth section 47 enquiry and pre-birth ICPC.", "Team Manager",
     "Children's Services; Police; Community Midwife; Health Visiting", None, ("G5",)),
    (d(18, 8, 2015), t(10, 0), ABC, "Review child protection conference (RCPC)",
     "Third RCPC. No change in the neglect; GCP2 grades unchanged.",
     "Children remain on the register (neglect).", "Independent Reviewing Officer",
     "Children's Services; Police; School; Health Visiting; Community Midwife; GP", None, ("G4",)),
    home_visit(d(20, 8, 2015), (14, 0), ABC, "Statutory home visit. Children seen."),
    (d(2, 9, 2015), t(13, 30), "Child D (unborn)", "Pre-birth initial child protection conference",
     "Pre-birth ICPC for unborn Child D.",
     "Unborn Child D's name to be placed on the child protection register at birth, category "
     "physical abuse. Birth plan to be agreed with Maternity.", "Independent Reviewing Officer",
     "Children's Services; Police; Health Visiting; Community Midwife; GP; Mother", None,
     ("G5", "G6", "P9")),
    (d(9, 9, 2015), None, "Child D (unborn); Mother", "Birth plan",
     "Birth plan agreed by professionals with Maternity: baby to stay in hospital until discharged "
     "to foster carers (section 20).", "Shared with Maternity and Health Visiting.",
     "Social Worker", "", None, ()),
    core_group(d(10, 9, 2015), "Child A; Child B; Child C; Child D (unborn)",
               "Core group (first since the pre-birth ICPC).", tags=("G6",)),
    (d(24, 9, 2015), t(15, 0), "Mother; Child D (unborn)", "Case note",
     "Community Midwife telephoned: Mother does not agree with the birth plan and says she will "
     "leave hospital with the baby.",
     "Discussed with Team Manager: the birth plan stands. Mother to be told by letter.",
     "Social Worker", "", None, ("P7",)),
    (d(28, 9, 2015), None, "Child C; Father", "Change of living arrangements",
     "Child C moved to live with Father (agreed by Mother and Father).", "", "Social Worker", "",
     None, ()),
    (d(9, 10, 2015), None, AB, "Kinship assessment outcome",
     "Kinship assessment presented to the fostering panel: Kinship Carers approved.",
     "", "Fostering Team Manager", "", None, ()),
    (d(14, 10, 2015), None, "Child D", "Child protection register",
     "Child D born 14/10/2015. Name placed on the child protection register at birth. Category: "
     "physical abuse.", "CP plan for Child D started.", "Team Manager", "", d(22, 11, 2016),
     ("D6", "P6", "G6")),
    (d(17, 10, 2015), None, "Child D", "Placement - foster care",
     "Child D discharged from hospital to foster carers (section 20), in line with the birth plan.",
     "", "Social Worker", "", d(18, 1, 2016), ()),
    core_group(d(22, 10, 2015), "Child A; Child B; Child D",
               "Core group (first since Child D's birth and registration).",
               attendees="Children's Services; Health Visiting; School; Community Midwife; Mother",
               tags=("G6",)),
    (d(5, 11, 2015), t(10, 30), "Mother; Child D", "Supervised contact",
     "Observation of parenting at contact (family centre): Mother struggled to settle Child D, "
     "handled him roughly when changing his nappy and became irritable.",
     "Contact notes to the core group.", "Family Support Worker", "", None, ("P10",)),
    (d(1, 12, 2015), t(10, 0), "Child A; Child B; Child C; Child D",
     "Review child protection conference (RCPC)",
     "RCPC (first review after the pre-birth conference). Child C living with Father since "
     "28/09/2015.",
     "Child C's name removed from the register. Child A, Child B and Child D remain on it.",
     "Independent Reviewing Officer",
     "Children's Services; Police; School; Health Visiting; GP; Father", None, ("G4",)),
    core_group(d(3, 12, 2015), "Child A; Child B; Child D", "Core group. Contact plan for Child D."),
    (d(7, 1, 2016), t(14, 0), "Child D", "Legal planning meeting",
     "Legal planning meeting about Child D returning to Mother's care. The Social Worker, Health "
     "Visitor and Fostering Social Worker said a return home is not appropriate at this time "
     "because of Mother's parenting of the older children.",
     "Decision (Head of Service): Child D to return home to Mother under the PLO with a support "
     "package.", "Head of Service", "Children's Services; Legal Services; Health Visiting", None,
     ("P14",)),
    (d(18, 1, 2016), None, "Child D", "Child returned home",
     "Child D returned home to Mother's care from foster care.", "", "Social Worker", "", None,
     ("P14",)),
    core_group(d(21, 1, 2016), "Child A; Child B; Child D", "Core group. Support package for Child "
               "D's return: family support twice weekly."),
    home_visit(d(28, 1, 2016), (15, 0), "Child A; Child B; Child D", "Statutory home visit. Children "
               "seen. Child D asleep in his cot."),
    home_visit(d(25, 2, 2016), (16, 0), "Child A; Child B; Child D", "Statutory home visit. Children "
               "seen. Mother says she is moving again."),
    ("March 2016", None, "Mother; Child A; Child B; Child D", "Change of address",
     "Family moved from Brookfield to Millbrook.", "Address updated.", "Social Worker", "", None,
     ("P8",)),
    core_group(d(10, 3, 2016), "Child A; Child B; Child D", "Core group. New address in Millbrook."),
    home_visit(d(7, 4, 2016), (16, 15), "Mother; Child A; Child B; Child D",
               "Observation of parenting: Mother shouting at Child A and Child B; Child D left "
               "strapped in his car seat for the whole 50-minute visit and not picked up when he "
               "cried.", "Raised with Team Manager.", tags=("P10",)),
    core_group(d(21, 4, 2016), "Child A; Child B; Child D", "Core group."),
    home_visit(d(12, 5, 2016), (15, 30), "Child A; Child B; Child D", "Statutory home visit. "
               "Children seen."),
    (d(24, 5, 2016), t(10, 0), "Child A; Child B; Child D", "Review child protection conference (RCPC)",
     "RCPC. Neglect of Child A and Child B unchanged; Child D's care 'adequate'.",
     "Children remain on the register.", "Independent Reviewing Officer",
     CS_ATT_FULL, None, ("G4",)),
    core_group(d(2, 6, 2016), "Child A; Child B; Child D", "Core group."),
    (d(30, 6, 2016), t(9, 40), "Child D", "Information received",
     "Letter from the Northshire General Hospital Emergency Department: Child D attended on "
     "28/06/2016 with a fracture of the left wrist; Mother said his arm was caught in the cot bars.",
     "Social Worker to visit.", "Social Worker", "", None, ("P15", "D7")),
    home_visit(d(1, 7, 2016), (11, 0), "Child D; Mother",
               "Home visit: Child D in a plaster cast. Mother repeated that his arm was caught in "
               "the cot bars; cot seen.", "Explanation accepted.", tags=("P15",)),
    core_group(d(14, 7, 2016), "Child A; Child B; Child D", "Core group. Child D's wrist healing."),
    home_visit(d(21, 7, 2016), (14, 30), "Child A; Child B; Child D", "Statutory home visit. "
               "Children seen."),
    (d(10, 8, 2016), t(15, 20), "Child D", "Referral",
     "Telephone referral from the Probation Officer supervising Father: Father saw swelling to "
     "Child D's right thigh at contact on 09/08/2016 and Child D cried when it was touched. Mother "
     "told Father he fell off the sofa. Child D had a fractured wrist in June.",
     "Strategy discussion arranged for 09:30 tomorrow. Police informed.", "Duty Social Worker", "",
     None, ("P15", "D8", "G9")),
    (d(11, 8, 2016), t(9, 30), "Child D; Child A; Child B", "Strategy discussion",
     "Strategy discussion about Child D's injuries.",
     "Section 47 enquiry; child protection medical today; joint investigation with police.",
     "Team Manager",
     "Children's Services; Police; Health (Paediatrics); Health Visiting; Probation", None,
     ("G9", "D9")),
    (d(11, 8, 2016), None, "Child D", "Section 47 enquiry",
     "Section 47 enquiry (Child D) started.", "Completed 26/08/2016: physical abuse substantiated.",
     "Social Worker", "", d(26, 8, 2016), ()),
    (d(11, 8, 2016), t(17, 30), "Child D", "Child protection medical outcome",
     "Paediatrician: recent spiral fracture of the right femur; skeletal survey to follow. With the "
     "wrist fracture of 28/06/2016, two separate fractures, considered non-accidental.",
     "Child D admitted to the children's ward. Mother agreed to section 20 accommodation.",
     "Social Worker", "", None, ("P15",)),
    (d(12, 8, 2016), t(11, 0), "Child A; Child B; Child D", "Legal planning meeting",
     "Legal planning meeting after Child D's fractures.",
     "Decision to issue care proceedings for Child A, Child B and Child D.",
     "Team Manager; Legal Services", "Children's Services; Legal Services", None, ()),
    (d(12, 8, 2016), None, AB, "Placement - kinship care",
     "Child A and Child B placed full-time with the Kinship Carers.", "", "Social Worker", "",
     "ongoing", ()),
    (d(15, 8, 2016), None, "Child D", "Placement - foster care",
     "Child D discharged from hospital to foster carers.", "", "Social Worker", "", "ongoing",
     ("P15",)),
    (d(17, 8, 2016), None, "Child A; Child B; Child D", "Care proceedings issued",
     "Care proceedings issued in the Family Court. PLO (pre-proceedings) ended.", "",
     "Legal Services", "", d(14, 2, 2017), ()),
    (d(19, 8, 2016), None, "Child A; Child B; Child D", "Interim care orders",
     "Interim care orders made for Child A, Child B and Child D.", "", "Legal Services", "", None,
     ()),
    core_group(d(1, 9, 2016), "Child A; Child B; Child D", "Core group. Children in placement."),
    (d(29, 9, 2016), t(16, 0), AB, "Statutory visit (looked after child)",
     "Child A and Child B seen at the Kinship Carers' home; settled.", "", "Social Worker", "",
     None, ()),
    core_group(d(13, 10, 2016), "Child A; Child B; Child D", "Core group. Contact arrangements "
               "reviewed."),
    (d(27, 10, 2016), t(11, 0), "Child D", "Statutory visit (looked after child)",
     "Child D seen at the foster carers' home; fractures healed.", "", "Social Worker", "", None,
     ()),
    (d(22, 11, 2016), t(10, 0), "Child A; Child B; Child D", "Review child protection conference (RCPC)",
     "RCPC. Child A, Child B and Child D subject to interim care orders and in placement. Police "
     "investigation into Child D's fractures still open.",
     "Names of Child A, Child B and Child D removed from the register (looked after).",
     "Independent Reviewing Officer", CS_ATT_FULL, None, ("G4", "G10")),
    (d(14, 2, 2017), None, "Child A; Child B; Child C; Child D", "Final hearing",
     "Final hearing: Care Orders for Child A and Child B (living with extended family - the "
     "Kinship Carers) and for Child D (foster care). Child Arrangements Order for Child C to live "
     "with Father.", "", "Legal Services", "", None, ()),
]

CS_NOTES = [
    "Notes for the reviewer",
    "",
    "This workbook is Northshire Children's Services' chronology for the Child Practice Review.",
    "The chronology is on the sheet 'Chronology'. Rows are in date order.",
    "Dates the case file gives only vaguely are written as the file gives them.",
    "'End date' is when a plan, placement, enquiry or proceedings ended ('ongoing' if not yet).",
    "Contact: Business Support, Safeguarding Unit.",
]


def build_childrens_services() -> None:
    name = "childrens_services.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chronology"
    ncol = len(CS_HEADER)
    ws.cell(row=1, column=1, value=LA_NAME).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=2, column=1, value="Chronology submitted to the Child Practice Review (Child D)")
    ws.cell(row=2, column=1).font = Font(italic=True)
    # row 3 stays blank; header on row 4
    header_row = 4
    for col, heading in enumerate(CS_HEADER, start=1):
        ws.cell(row=header_row, column=col, value=heading).font = Font(bold=True)
    numbered = []
    for i, row in enumerate(CS_ROWS):
        r = header_row + 1 + i
        values, tags = row[:9], row[9]
        for col, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, time):
                cell.number_format = "hh:mm"
        numbered.append((r, shown(values[0]), tags))
    widths = [12, 8, 24, 30, 70, 50, 24, 40, 12]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    notes = wb.create_sheet("Notes for reviewer")
    for i, line in enumerate(CS_NOTES, start=1):
        if line:
            notes.cell(row=i, column=1, value=line)
    fix_workbook_props(wb)
    path = OUT / name
    wb.save(path)
    normalise_ooxml(path)
    ROW_COUNTS[name] = len(CS_ROWS)
    tag_rows(name, numbered)
    days = sorted({r[0] for r in CS_ROWS if isinstance(r[0], datetime)
                   and d(25, 6, 2014) <= r[0] <= d(22, 11, 2016)})
    gap = max(zip(days, days[1:]), key=lambda pair: pair[1] - pair[0])
    CS_MAX_GAP[:] = [(gap[1] - gap[0]).days, gap[0].strftime("%d/%m/%Y"), gap[1].strftime("%d/%m/%Y")]


# ---------------------------------------------------------------------------
# 2. Police: CSV in Windows-1252, occurrence and reported dates
# ---------------------------------------------------------------------------

POLICE_HEADER = ["Occurrence Ref", "Occurrence date", "Reported date", "Occurrence type", "Summary",
                 "Officer"]
PPU = "DC 2291 (Public Protection Unit)"
POLICE_ROWS = [
    ("NS/14/018842", "18/04/2014", "18/04/2014 23:10", "Domestic incident",
     "Verbal argument between Mother and Father at the family home; Child A, Child B and Child C "
     "present. No offences disclosed. DASH risk assessment: standard. Child notification sent to "
     "Children’s Services.", "PC 1187", ()),
    ("NS/14/024410", "05/06/2014", "05/06/2014 10:00", "Strategy discussion",
     "PPU took part in the strategy discussion (telephone) about neglect of Child A, Child B and "
     "Child C. Agreed: section 47 enquiry by Children’s Services (single agency).", PPU, ("D10",)),
    ("NS/14/024410", "25/06/2014", "25/06/2014 10:00", "Case conference",
     "Attended the initial child protection conference. Children registered: neglect.", PPU, ()),
    ("NS/14/024410", "23/09/2014", "23/09/2014 10:00", "Case conference",
     "Attended the review child protection conference.", PPU, ()),
    ("NS/14/051377", "07/11/2014", "07/11/2014 21:35", "Concern for welfare",
     "Neighbour reported young children in the garden in the dark and cold with no adult. Officers "
     "attended: Mother at home, said the children were ‘playing’. Children brought inside. Child "
     "notification sent to Children’s Services.", "PC 1187", ()),
    ("NS/15/003921", "25/01/2015", "26/01/2015 14:00", "Investigation opened",
     "Information from Children’s Services: scratch approx. 4cm to Child A’s neck. Mother states "
     "Paternal Grandmother caused it. Child protection investigation opened (assault on a child).",
     PPU, ("P1", "P3", "D2")),
    ("NS/15/003921", "27/01/2015", "28/01/2015 09:30", "Update",
     "Paediatrician’s opinion after the child protection medical: injury non-accidental.", PPU,
     ("P1",)),
    ("NS/15/003921", "04/02/2015", "04/02/2015 11:00", "Interview",
     "Paternal Grandmother interviewed (voluntary attendance). Denies causing the injury; says she "
     "had not seen the children for two weeks.", PPU, ()),
    ("NS/15/003921", "23/02/2015", "23/02/2015 16:50", "Conference report",
     "Police report for the review child protection conference of 24/02/2015 sent by email. No "
     "officer available to attend.", PPU, ("P3",)),
    ("NS/15/003921", "14/04/2015", "14/04/2015 12:00", "Investigation closed",
     "Child protection investigation closed: no further action – evidential difficulties "
     "(conflicting accounts). Children’s Services told.", PPU, ("P3",)),
    ("NS/15/021150", "16/05/2015", "17/05/2015 00:40", "Assault",
     "Father arrested for assault after a fight outside the Anytown Café; £150 damage to the "
     "café window. Charged. Custody risk assessment: Father disclosed anxiety and a previous "
     "mental health admission.", "PC 3306", ()),
    ("NS/15/034102", "12/08/2015", "12/08/2015 11:00", "Strategy discussion",
     "Took part in the pre-birth strategy discussion (unborn Child D).", PPU, ()),
    ("NS/14/024410", "18/08/2015", "18/08/2015 10:00", "Case conference",
     "Attended the review child protection conference.", PPU, ()),
    ("NS/15/034102", "02/09/2015", "02/09/2015 13:30", "Case conference",
     "Attended the pre-birth initial child protection conference (unborn Child D).", PPU, ()),
    ("NS/14/024410", "01/12/2015", "01/12/2015 10:00", "Case conference",
     "Attended the review child protection conference.", PPU, ()),
    ("NS/14/024410", "24/05/2016", "24/05/2016 10:00", "Case conference",
     "Attended the review child protection conference.", PPU, ()),
    ("NS/16/034870", "Summer 2016", "10/08/2016 15:35", "Investigation opened",
     "Referral from the Probation Service (Probation Officer supervising Father): swelling to "
     "Child D’s right thigh seen by Father at contact on 09/08/2016; Child D had a fractured "
     "wrist in June. Child protection investigation opened (GBH); strategy discussion requested.",
     PPU, ("P15", "D8")),
    ("NS/16/034870", "11/08/2016", "11/08/2016 09:30", "Strategy discussion",
     "Took part in the strategy discussion (Child D). Joint investigation with Children’s "
     "Services; child protection medical and skeletal survey.", PPU, ("D9", "G9")),
    ("NS/16/034870", "16/08/2016", "16/08/2016 10:00", "Interview",
     "Mother and Father interviewed under caution (voluntary attendance). Both deny causing the "
     "injuries.", PPU, ()),
    ("NS/16/034870", "22/11/2016", "22/11/2016 10:00", "Case conference",
     "Attended the review child protection conference.", PPU, ("G10",)),
    ("NS/16/034870", "19/12/2016", "19/12/2016 12:00", "Investigation closed",
     "Investigation closed: CPS advice – not possible to say which adult caused the injuries. No "
     "further action.", PPU, ("G10",)),
]


def build_police() -> None:
    name = "police.csv"
    rows = [list(r[:6]) for r in POLICE_ROWS]
    write_csv(OUT / name, POLICE_HEADER, rows, encoding="cp1252", newline="\r\n")
    ROW_COUNTS[name] = len(rows)
    tag_rows(name, [(i + 2, r[1], r[6]) for i, r in enumerate(POLICE_ROWS)])


# ---------------------------------------------------------------------------
# 3. School: Word document, heading + table, dates as text
# ---------------------------------------------------------------------------

SCHOOL_HEADER = ["Date", "Time", "Pupil(s)", "Incident", "Action taken", "Staff member"]
SCHOOL_ROWS = [
    ("Summer term 2014", "", AB,
     "Attendance: Child A 88%, Child B 85%; frequently late.",
     "Letters to Mother; Education Welfare Officer informed.", "Attendance Officer", ()),
    ("12 May 2014", "09:10", "Child A",
     "Bruise (approx. 3cm) to the upper left arm seen by the Class Teacher. Mother said Child A "
     "fell off a trampoline.",
     "Mother's explanation accepted. Recorded on the welfare log; not reported to Children's "
     "Services.", "Class Teacher", ("P12",)),
    ("2 June 2014", "11:00", AB,
     "Referral to Children's Services (jointly with the Health Visitor): children hungry, "
     "unkempt, head lice.", "Referral form emailed to Children's Services.", "DSL", ("D1",)),
    ("25 June 2014", "10:00", AB, "DSL attended the ICPC.",
     "Children registered (neglect). School actions: breakfast club, attendance monitoring.",
     "DSL", ()),
    ("3 July 2014", "14:00", AB, "DSL attended the first core group.", "", "DSL", ()),
    ("3 October 2014", "08:55", "Child B",
     "Bruise to the left cheek seen at the gate. Mother said Child B and Child A had been "
     "fighting.", "Mother's explanation accepted; not reported.", "Class Teacher", ("P12",)),
    ("17 November 2014", "13:30", "Child A",
     "Small round red mark on the back of Child A's right hand. Child A first said 'mum's cig', "
     "then said it was the oven door. Mother said it was the oven door.",
     "Mother's explanation accepted; first aid given; not reported to Children's Services.",
     "Teaching Assistant", ("P12",)),
    ("Autumn term 2014", "", "Child B", "Attendance 84%; 11 late marks.",
     "Attendance meeting with Mother.", "Attendance Officer", ()),
    ("w/c 12/01/2015", "", AB,
     "Daily welfare checks: both children arriving hungry and in dirty uniform.",
     "Breakfast club place offered; spare uniform given.", "DSL", ()),
    ("26 January 2015", "09:05", "Child A",
     "Scratch approx. 4cm on the left side of Child A's neck seen at registration. Child A said "
     "'Nan did it'. Mother (at the gate) said Paternal Grandmother caused it at the weekend.",
     "Body map completed. DSL telephoned Children's Services at 10:30 (referral).",
     "Class Teacher; DSL", ("P1", "D2", "G7")),
    ("26 January 2015", "12:15", "Child A", "Social Worker visited school to see Child A.", "",
     "DSL", ()),
    ("9 February 2015", "12:40", "Child B",
     "Lunchtime Supervisor and Class Teacher saw Mother kick Child B in the thigh in the "
     "playground at lunchtime (Mother had brought in his lunch box).",
     "First aid check 12:50: red mark on the right thigh. DSL out of school at training; "
     "Headteacher told at 14:30.", "Lunchtime Supervisor; Class Teacher", ("P1", "P2", "D3")),
    ("9 February 2015", "15:15", "Child B", "Child B collected from school by Mother at home time.",
     "", "Class Teacher", ("P2",)),
    ("9 February 2015", "16:10", "Child B",
     "DSL telephoned Children's Services to report the incident seen at 12:40. Child B had "
     "already gone home with Mother.",
     "Referral made to Children's Services. Police not contacted.", "DSL", ("P2", "D3")),
    ("24 February 2015", "10:00", AB, "DSL attended the RCPC.", "", "DSL", ()),
    ("Spring term 2015", "", "Child A", "Attendance 86%; persistent lateness.",
     "Attendance meeting; referral to the Education Welfare Officer.", "Attendance Officer", ()),
    ("March 2015", "", "Child B",
     "Behaviour in class worse (hitting other pupils, tired on Mondays).",
     "Behaviour plan; raised at the core group.", "Class Teacher", ()),
    ("25 March 2015", "10:50", AB,
     "Child A told the Class Teacher that 'uncle smacks us when we're naughty' at weekend stays "
     "with the Kinship Carers. Child B agreed.",
     "DSL telephoned the Social Worker at 11:30 and sent a written referral.",
     "Class Teacher; DSL", ("P4", "D4", "G8")),
    ("16 July 2015", "10:00", AB, "DSL attended the core group.", "", "DSL", ()),
    ("1 December 2015", "10:00", AB, "DSL attended the RCPC.", "", "DSL", ()),
    ("4 March 2016", "09:00", "Child B",
     "Bruise to Child B's forehead; Mother said he fell on the stairs at the new house.",
     "DSL referred to the Social Worker at 10:15 the same morning.", "DSL", ("G11",)),
    ("24 May 2016", "10:00", AB, "DSL attended the RCPC.", "", "DSL", ()),
    ("12 September 2016", "08:45", AB,
     "Children now living full-time with the Kinship Carers; arriving on time, clean and fed.",
     "Welfare checks continue.", "DSL", ()),
]


def build_school() -> None:
    name = "school.docx"
    document = docx.Document()
    document.add_heading("Anytown Primary School - Safeguarding chronology", level=1)
    document.add_paragraph(
        "Prepared by the Designated Safeguarding Lead (DSL) for the Northshire Child Practice "
        "Review (Child D). Pupils: Child A and Child B. Entries are taken from the school's "
        "welfare log and child protection file."
    )
    table = document.add_table(rows=1, cols=len(SCHOOL_HEADER))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, SCHOOL_HEADER):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    numbered = []
    for i, row in enumerate(SCHOOL_ROWS):
        cells = table.add_row().cells
        for cell, value in zip(cells, row[:6]):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
        numbered.append((i + 2, row[0], row[6]))
    document.add_paragraph("Signed: DSL, Anytown Primary School.")
    props = document.core_properties
    props.author = "Anytown Primary School"
    props.last_modified_by = "Anytown Primary School"
    props.created = FIXED_STAMP
    props.modified = FIXED_STAMP
    props.revision = 1
    path = OUT / name
    document.save(path)
    normalise_ooxml(path)
    ROW_COUNTS[name] = len(SCHOOL_ROWS)
    tag_rows(name, numbered)


# ---------------------------------------------------------------------------
# 4. Health visiting: xlsx, blank rows between data rows, real and text times
# ---------------------------------------------------------------------------

HV_HEADER = ["Date of contact", "Time", "Contact type", "Notes", "Health Visitor"]
HV_A = "Health Visitor (Anytown HV Team)"
HV_B = "Health Visitor (Brookfield HV Team)"
HV_M = "Health Visitor (Millbrook HV Team)"
BLANK = "blank"
HV_ROWS = [
    (d(2, 6, 2014), "11:00", "Referral",
     "Joint referral with Anytown Primary School to Children's Services: concerns of neglect "
     "(Child C's weight, home conditions).", HV_A, ("D1",)),
    (d(25, 6, 2014), t(10, 0), "Case conference",
     "Attended the ICPC. Children registered (neglect). HV actions: monthly home visits; Child C "
     "development review.", HV_A, ()),
    (d(17, 7, 2014), t(9, 30), "Home visit",
     "Child C 3-year development review. Family health needs assessment completed with Mother: "
     "parental mental health - 'none' reported by Mother. Home cluttered.", HV_A, ("P13",)),
    (d(12, 8, 2014), "14:30", "Home visit",
     "Observation of parenting: Mother shouting at Child B and Child C throughout the visit; no "
     "warmth or play seen; Child C ignored when upset.", HV_A, ("P10",)),
    BLANK,
    ("Autumn 2014", None, "Core group", "Attended core group meetings (see the Children's Services "
     "record).", HV_A, ()),
    (d(23, 10, 2014), t(13, 0), "Home visit",
     "Routine home visit. Child C's weight on the 15th centile. Advice on diet and routines.", HV_A,
     ()),
    (d(15, 12, 2014), t(10, 30), "Home visit", "Home visit. Food bank voucher given.", HV_A, ()),
    ("w/c 12/01/2015", None, "Telephone", "Three telephone calls to Mother during the week - no "
     "answer.", HV_A, ()),
    BLANK,
    BLANK,
    (d(19, 2, 2015), t(11, 15), "Home visit",
     "Home visit. Mother tearful, talked about the children being 'taken off her'. Child C well.",
     HV_A, ()),
    (d(24, 2, 2015), t(10, 0), "Case conference", "Attended the RCPC.", HV_A, ()),
    (d(21, 4, 2015), "15:00", "Home visit",
     "Home visit. Mother 15 weeks pregnant (booked with the midwife). Child C attending nursery.",
     HV_A, ()),
    ("c. June 2015", None, "Change of address",
     "Family moved to Brookfield (outside the Anytown HV Team's area). Transfer to the Brookfield "
     "HV Team to be arranged.", HV_A, ("P8",)),
    (d(30, 6, 2015), t(9, 0), "Transfer",
     "Family transferred to the Brookfield HV Team by telephone. Records to follow.", HV_A, ("P8",)),
    BLANK,
    (d(14, 7, 2015), "10:15", "Attempted home visit",
     "First visit by the Brookfield HV Team. Child C (aged 4) opened the door and was home alone. "
     "HV waited on the doorstep; Mother came back at 10:40 and said she had been to the shop. "
     "Advice given about never leaving the children alone. Plan: raise at the core group on "
     "16/07/2015.", HV_B, ("P5", "D5")),
    (d(16, 7, 2015), t(10, 0), "Core group",
     "Attended the core group; told it about Child C being home alone on 14/07/2015.", HV_B,
     ("P5", "D5")),
    (d(22, 7, 2015), t(14, 0), "Antenatal contact",
     "Antenatal contact at home, Mother 28 weeks pregnant. Mother says the pregnancy is going "
     "well. Plan: new birth visit.", HV_B, ()),
    (d(12, 8, 2015), "11:00", "Strategy discussion",
     "Took part in the pre-birth strategy discussion (telephone).", HV_B, ()),
    (d(9, 9, 2015), t(15, 30), "Records",
     "Previous health visiting records not yet received from the Anytown HV Team. Request "
     "repeated by email.", HV_B, ("P8",)),
    BLANK,
    (d(14, 10, 2015), None, "Birth notification",
     "Birth notification received: Child D born 14/10/2015 at Northshire General Hospital.", HV_B,
     ("D6",)),
    (d(23, 10, 2015), "14:30", "New birth visit",
     "New birth visit to Child D at the foster carers' home (day 9). Feeding well, weight 3.2kg.",
     HV_B, ()),
    (d(30, 11, 2015), t(11, 0), "Home visit",
     "Home visit to Mother (Child D in foster care). Mother says she is 'coping'; appeared flat "
     "and tired. Contact arrangements discussed.", HV_B, ("P6",)),
    (d(10, 12, 2015), None, "Records",
     "Health visiting records received from the Anytown HV Team (asked for on 30/06/2015).", HV_B,
     ("P8",)),
    (d(21, 1, 2016), t(10, 0), "Home visit",
     "Home visit after Child D's return home (Children's Services decision). HV had said at the "
     "legal planning meeting on 07/01/2016 that a return home was not appropriate. Child D's "
     "weight on the 25th centile.", HV_B, ("P14",)),
    (d(18, 2, 2016), t(13, 30), "Home visit",
     "Home visit. Child D's immunisations overdue - not brought to the GP.", HV_B, ()),
    BLANK,
    ("March 2016", None, "Change of address", "Family moved to Millbrook.", HV_B, ("P8",)),
    (d(26, 4, 2016), t(9, 45), "Home visit",
     "Millbrook HV Team, first contact. New family to the caseload; no previous health visiting "
     "records available.", HV_M, ("P8",)),
    ("?22/05/2016", None, "Home visit",
     "Observation: bruise to Child D's left cheek; Mother said Child B dropped a toy on him. Mother "
     "shouting at Child B during the visit. Social Worker told. (Entry written up later; date "
     "uncertain.)", HV_M, ("P10",)),
    (d(16, 6, 2016), t(11, 0), "Attempted home visit", "No access - no reply.", HV_M, ()),
    (d(1, 7, 2016), None, "Information received",
     "Emergency Department letter: Child D, fracture of the left wrist on 28/06/2016 (arm caught "
     "in the cot bars).", HV_M, ("D7",)),
    (d(12, 8, 2016), None, "Transfer",
     "Child D in hospital, then to foster care: transfer to the foster carers' health visitor.",
     HV_M, ()),
]


def build_health_visiting() -> None:
    name = "health_visiting.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "HV chronology"
    for col, heading in enumerate(HV_HEADER, start=1):
        ws.cell(row=1, column=col, value=heading).font = Font(bold=True)
    r = 1
    numbered = []
    count = 0
    for row in HV_ROWS:
        r += 1
        if row == BLANK:
            HV_BLANK_ROWS.append(r)
            continue
        count += 1
        for col, value in enumerate(row[:5], start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, time):
                cell.number_format = "hh:mm"
        numbered.append((r, shown(row[0]), row[5]))
    for col, width in enumerate([14, 8, 22, 90, 36], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    fix_workbook_props(wb)
    path = OUT / name
    wb.save(path)
    normalise_ooxml(path)
    ROW_COUNTS[name] = count
    tag_rows(name, numbered)


# ---------------------------------------------------------------------------
# 5. GP: CSV, UTF-8 with BOM, mixed date formats
# ---------------------------------------------------------------------------

GP_HEADER = ["Date of contact", "Patient", "Contact type", "Notes", "Clinician"]
GP_ROWS = [
    ("14/03/2009", "Mother", "Consultation",
     "Low mood, poor sleep and anxiety. Diagnosis: depression. Started sertraline 50mg.", "GP",
     ("P13",)),
    ("2012-09-20", "Father", "Letter received",
     "Discharge summary: admitted to the adult mental health unit under section 2 of the Mental "
     "Health Act 1983 (psychotic episode) 20/08/2012 to 19/09/2012. Follow-up by the Community "
     "Mental Health Team.", "GP", ("P13",)),
    ("2013-05-02", "Mother", "Medication review",
     "Depression: sertraline continued. Mood 'up and down'.", "GP", ("P13",)),
    ("21/01/2014", "Father", "Consultation",
     "Anxiety and low mood. Referred to the primary care mental health support service.", "GP",
     ("P13",)),
    ("16/06/2014", "Mother; Father", "Information request",
     "Children's Services asked for information about both parents' mental health for the ICPC. "
     "Reply: cannot share without the patients' consent; consent to be sought.", "GP", ("P16",)),
    ("20/06/2014", ABC, "Report",
     "Report for the ICPC sent: Child C's immunisations incomplete; Child A's asthma. Parents' "
     "mental health not included.", "GP", ("P16",)),
    ("15/09/2014", "Child A", "Was not brought", "Asthma review - was not brought.",
     "Practice Nurse", ()),
    ("02/10/2014", "Child C", "Was not brought",
     "Pre-school immunisations - was not brought. Second letter sent.", "Practice Nurse", ()),
    ("06/11/2014", "Child B", "Consultation",
     "Head lice; weight on the 9th centile. Seen with Mother.", "GP", ()),
    ("3rd Mar 2015", "Mother", "Consultation",
     "Positive pregnancy test; LMP 07/01/2015. Referred to the community midwife. History of "
     "depression noted.", "GP", ()),
    ("12/03/15", "Mother", "Consultation",
     "Low mood and anxiety in pregnancy; feels 'judged by social services'. Advice given; "
     "self-referral to counselling suggested. Not prescribed.", "GP", ()),
    ("20/04/15", "Father", "Consultation", "Anxiety. Fit note for 4 weeks.", "GP", ()),
    ("Q2 2015", "Father", "Medication review",
     "Pharmacy report: Father did not collect his repeat prescriptions for anxiety during the "
     "quarter.", "Practice Pharmacist", ()),
    ("05/06/2015", "Mother", "Did not attend", "Antenatal GP appointment - did not attend.", "GP",
     ()),
    ("14/10/2015", "Child D", "Birth notification",
     "Birth of Child D (born 14/10/2015) notified to the practice.", "Practice Administrator",
     ("D6",)),
    ("25/11/2015", "Mother", "Postnatal check",
     "Six-week postnatal check. Contraception discussed. Mother says her mood is 'OK'. Baby in "
     "foster care.", "GP", ("P6",)),
    ("09/12/2015", "Mother", "Telephone consultation",
     "Asks for sleeping tablets - 'not sleeping since the baby went into care'. Declined; sleep "
     "advice given.", "GP", ("P6",)),
    ("12 Jan 2016", "Child D", "Immunisations",
     "8-week immunisations given (brought by the foster carer).", "Practice Nurse", ()),
    ("10 Feb 2016", "Child D", "Was not brought",
     "12-week immunisations - was not brought (now at home with Mother).", "Practice Nurse", ()),
    ("2016-03-09", "Child D", "Immunisations", "12-week immunisations given (brought by Mother).",
     "Practice Nurse", ()),
    ("01/07/16", "Child D", "Letter received",
     "ED letter: fracture of the left distal radius on 28/06/2016 - arm caught in the cot bars. "
     "Filed.", "GP", ("D7",)),
    ("15 August 2016", "Mother; Father; Child D", "Information request",
     "Police and Children's Services (section 47): both parents' records shared, including their "
     "mental health history.", "GP", ()),
    ("07/09/2016", "Mother", "Consultation",
     "Low mood since Child D was removed. Sertraline restarted.", "GP", ()),
]


def build_gp() -> None:
    name = "gp.csv"
    rows = [list(r[:5]) for r in GP_ROWS]
    write_csv(OUT / name, GP_HEADER, rows, encoding="utf-8-sig", newline="\r\n")
    ROW_COUNTS[name] = len(rows)
    tag_rows(name, [(i + 2, r[0], r[5]) for i, r in enumerate(GP_ROWS)])


# ---------------------------------------------------------------------------
# 6. Midwifery: plain UTF-8 CSV, agency per row ("Source of information")
# ---------------------------------------------------------------------------

MW_HEADER = ["Contact date", "Source of information", "Description", "Action taken", "Staff member"]
CM, MAT, SGM = "Community Midwife", "Maternity", "Maternity (Safeguarding Midwife)"
MW_ROWS = [
    ("26/03/2015", CM,
     "Antenatal booking (11 weeks). Mother's fourth pregnancy. Mother disclosed previous "
     "depression (sertraline 2009-2013) and that her children are on child protection plans.",
     "Referred to the Safeguarding Midwife. GP letter requested.", "Community Midwife", ()),
    ("2015-04-09", SGM,
     "Information sharing with the Social Worker: older children on the register under neglect; "
     "PLO.", "Unborn baby flagged; to be discussed at the core group.", "Safeguarding Midwife",
     ()),
    ("2015-04-14", "Maternity (Antenatal Clinic)", "Dating scan. EDD 14/10/2015.", "",
     "Sonographer", ()),
    ("21/05/2015", CM, "16-week antenatal appointment - did not attend.", "Appointment re-sent.",
     "Community Midwife", ()),
    ("28/05/2015", CM, "Antenatal appointment. BP normal. Mother anxious about social services.",
     "", "Community Midwife", ()),
    ("02/06/2015", "Maternity (Antenatal Clinic)", "Anomaly scan: normal.", "", "Sonographer", ()),
    ("16/07/2015", CM, "Attended the core group.", "", "Community Midwife", ()),
    ("12/08/2015", SGM, "Pre-birth strategy discussion (telephone).",
     "Pre-birth conference to be held.", "Safeguarding Midwife", ()),
    ("02/09/2015", SGM,
     "Attended the pre-birth ICPC: baby's name to go on the register at birth (physical abuse).",
     "Birth plan to be written with Children's Services.", "Safeguarding Midwife", ()),
    ("09/09/2015", SGM,
     "Birth plan agreed: baby not to be discharged into Mother's care; discharge to foster carers "
     "(section 20).", "Birth plan filed in the hand-held notes and on the labour ward.",
     "Safeguarding Midwife", ()),
    ("23/09/2015", CM,
     "Antenatal appointment (37 weeks). Mother does not agree with the birth plan: says she will "
     "not sign the section 20 agreement and will 'walk out with the baby'.",
     "Social Worker told by telephone on 24/09/2015.", "Community Midwife", ("P7",)),
    ("30/09/2015", CM, "Antenatal appointment (38 weeks). Mother still disagrees with the birth plan.",
     "Safeguarding Midwife told.", "Community Midwife", ("P7",)),
    ("14/10/2015", MAT,
     "Child D born at 03:52 at Northshire General Hospital, normal delivery, 3.1kg. Children's "
     "Services told.", "Birth plan in place.", "Labour Ward Midwife", ("D6",)),
    ("17/10/2015", MAT,
     "Mother discharged home. Child D discharged to foster carers (section 20) as the birth plan "
     "says. Mother distressed.", "", "Postnatal Ward Midwife", ()),
    ("18/10/2015", CM,
     "Postnatal visit to Mother at home (day 4). Physical recovery normal. Mother tearful about "
     "Child D being in foster care.", "Next visit day 10.", "Community Midwife", ("P6",)),
    ("2015-10-24", CM, "Postnatal visit to Child D at the foster carers' home (day 10). Feeding well.",
     "", "Community Midwife", ()),
    ("27/10/2015", CM,
     "Postnatal visit to Mother (day 13). Mother says she is 'fine'. Discharged from midwifery care "
     "to the Health Visitor.", "", "Community Midwife", ("P6",)),
]


def build_midwifery() -> None:
    name = "midwifery.csv"
    rows = [list(r[:5]) for r in MW_ROWS]
    write_csv(OUT / name, MW_HEADER, rows, encoding="utf-8", newline="\n")
    ROW_COUNTS[name] = len(rows)
    tag_rows(name, [(i + 2, r[0], r[5]) for i, r in enumerate(MW_ROWS)])


# ---------------------------------------------------------------------------
# 7. Probation: xlsx "Supervision log", date+time cells
# ---------------------------------------------------------------------------

PROB_HEADER = ["Date/Time", "Contact", "Summary", "Outcome", "Probation Officer"]
PO = "Probation Officer"
SUP = "Supervision appointment"
PROB_ROWS = [
    (d(14, 7, 2015, 14, 0), "Induction",
     "Induction: 18-month community order with a supervision requirement (assault, 16/05/2015). "
     "Father said his children are on child protection plans and that he has anxiety.",
     "Safeguarding check with Children's Services requested.", PO, ()),
    (d(15, 7, 2015, 10, 30), "Telephone - Children's Services",
     "Safeguarding check: Child A, Child B and Child C confirmed on the child protection register "
     "(neglect); PLO.", "Added to the risk assessment.", PO, ()),
    (d(28, 7, 2015, 14, 0), SUP, "Attended. Offending behaviour work.", "", PO, ()),
    (d(11, 8, 2015, 14, 0), SUP, "Attended. Father says Mother is pregnant, due in October.", "",
     PO, ()),
    (d(25, 8, 2015, 14, 0), SUP, "Did not attend.", "Warning letter sent.", PO, ()),
    (d(8, 9, 2015, 14, 0), SUP, "Attended. Father says Child C will come to live with him.", "", PO,
     ()),
    (d(29, 9, 2015, 11, 0), "Home visit",
     "Home visit to Father's address. Child C living with Father since 28/09/2015; room adequate.",
     "", PO, ()),
    (d(20, 10, 2015, 14, 0), SUP, "Attended. Father says Child D was born on 14/10/2015 and is in "
     "foster care.", "", PO, ()),
    (d(17, 11, 2015, 14, 0), SUP, "Attended.", "", PO, ()),
    (d(15, 12, 2015, 14, 0), SUP, "Attended. Anxiety 'better'.", "", PO, ()),
    (d(19, 1, 2016, 14, 0), SUP,
     "Attended. Father says Child D went home to Mother on 18/01/2016; he has contact on Tuesdays.",
     "", PO, ()),
    (d(16, 2, 2016, 14, 0), SUP, "Attended.", "", PO, ()),
    (d(15, 3, 2016, 14, 0), SUP, "Attended. Seeing the GP about anxiety.", "", PO, ()),
    (d(19, 4, 2016, 14, 0), SUP, "Attended.", "", PO, ()),
    (d(17, 5, 2016, 14, 0), SUP, "Attended.", "", PO, ()),
    (d(21, 6, 2016, 14, 0), SUP, "Attended.", "", PO, ()),
    (d(5, 7, 2016, 14, 0), SUP,
     "Attended. Father said Child D had 'a bad wrist' and was in plaster; Mother told him the arm "
     "got caught in the cot.", "Email to the Social Worker.", PO, ()),
    (d(6, 7, 2016, 9, 15), "Email - Children's Services",
     "Social Worker replied that Children's Services know about Child D's wrist.", "", PO, ()),
    (d(10, 8, 2016, 14, 45), "Office appointment",
     "Father reported that at contact yesterday (09/08/2016) Child D's right thigh was swollen and "
     "he screamed when it was touched; Mother said he fell off the sofa. Second injury this "
     "summer.",
     "Telephone referral to Children's Services (MASH) at 15:20 and to police at 15:35.", PO,
     ("P15", "D8", "G9")),
    (d(11, 8, 2016, 9, 30), "Strategy discussion",
     "Took part in the strategy discussion about Child D (telephone).", "", PO, ("D9",)),
    (d(16, 8, 2016, 14, 0), SUP, "Attended. Father was interviewed by police today.", "", PO, ()),
    (d(13, 9, 2016, 14, 0), SUP, "Attended. Child C settled with Father.", "", PO, ()),
    (d(18, 10, 2016, 14, 0), SUP, "Attended.", "", PO, ()),
    (d(10, 1, 2017, 14, 0), SUP, "Final appointment; order ends 13/01/2017.", "Case closed.", PO,
     ()),
]


def build_probation() -> None:
    name = "probation.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Supervision log"
    for col, heading in enumerate(PROB_HEADER, start=1):
        ws.cell(row=1, column=col, value=heading).font = Font(bold=True)
    numbered = []
    for i, row in enumerate(PROB_ROWS):
        r = i + 2
        for col, value in enumerate(row[:5], start=1):
            if value == "":
                continue
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
        numbered.append((r, shown(row[0]), row[5]))
    for col, width in enumerate([17, 28, 80, 50, 18], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    fix_workbook_props(wb)
    path = OUT / name
    wb.save(path)
    normalise_ooxml(path)
    ROW_COUNTS[name] = len(PROB_ROWS)
    tag_rows(name, numbered)


# ---------------------------------------------------------------------------
# 8. Hospital (ED / paediatrics): CSV
# ---------------------------------------------------------------------------

HOSP_HEADER = ["Attendance date", "Arrival time", "Department", "Attendance type", "Patient",
               "Presenting complaint", "Findings / outcome", "Clinician", "Significance", "Analysis"]
# The hospital's own view of two attendances (the chronology's significance and analysis columns).
HOSP_ANALYSIS = {
    "27 Jan 2015": ("High", "First injury to any of the children that a doctor found non-accidental."),
    "28 Jun 2016": ("High", "A fracture in a baby on the CP register; the explanation was accepted "
                            "without a paediatrician's opinion or a skeletal survey."),
}
HOSP_ROWS = [
    ("14 Mar 2014", "18:20", "Emergency Department", "ED attendance", "Child C",
     "Head injury - fell from the kitchen table.",
     "Small bump to the forehead. Safeguarding checklist completed - no concerns. Discharged.",
     "ED Doctor", ()),
    ("27 Jan 2015", "14:00", "Paediatrics", "Child protection medical", "Child A",
     "Scratch to the left side of the neck (referred by Children's Services).",
     "Linear scratch 4cm, consistent with a fingernail. Child A's account and Mother's account "
     "differ. Opinion: non-accidental injury (NAI). Reported to the Social Worker and police.",
     "Consultant Paediatrician", ("P1",)),
    ("28 Jun 2016", "19:40", "Emergency Department", "ED attendance", "Child D",
     "Swollen left wrist; Mother says his arm was caught in the cot bars.",
     "X-ray: buckle fracture of the left distal radius. Explanation accepted; plaster cast. Child "
     "on the CP register: letters to GP, Health Visitor and Social Worker. Not discussed with a "
     "paediatrician.", "ED Doctor", ("P15", "D7")),
    ("01 Jul 2016", "10:00", "Fracture Clinic", "Outpatient", "Child D", "Review of wrist fracture.",
     "Healing. Cast for 3 more weeks.", "Orthopaedic Registrar", ()),
    ("11 Aug 2016", "11:30", "Paediatrics", "Child protection medical", "Child D",
     "Swelling of the right thigh (after the strategy discussion of 11/08/2016).",
     "X-ray: spiral fracture of the right femur, 1-3 days old. Opinion: non-accidental. Admitted to "
     "the children's ward.", "Consultant Paediatrician", ("P15",)),
    ("12 Aug 2016", "09:00", "Radiology", "Skeletal survey", "Child D", "Skeletal survey.",
     "Healing fracture of the left distal radius (as 28/06/2016) and recent fracture of the right "
     "femur: two separate fractures of different ages. No others.", "Consultant Radiologist",
     ("P15",)),
    ("15 Aug 2016", "", "Paediatrics", "Discharge", "Child D", "Discharge from the ward.",
     "Discharged to foster carers.", "Paediatric Registrar", ()),
    ("26 Aug 2016", "10:00", "Radiology", "Skeletal survey", "Child D",
     "Follow-up skeletal survey (day 14).", "No new fractures.", "Consultant Radiologist", ()),
]


def build_hospital() -> None:
    name = "hospital.csv"
    rows = [list(r[:8]) + list(HOSP_ANALYSIS.get(r[0], ("", ""))) for r in HOSP_ROWS]
    write_csv(OUT / name, HOSP_HEADER, rows, encoding="utf-8", newline="\n")
    ROW_COUNTS[name] = len(rows)
    tag_rows(name, [(i + 2, r[0], r[8]) for i, r in enumerate(HOSP_ROWS)])


# ---------------------------------------------------------------------------
# 9. Graded Care Profile 2: wide indicator table
# ---------------------------------------------------------------------------

GCP_HEADER = ["Assessment date", "Child", "Physical care", "Safety", "Love", "Esteem", "Assessor"]
GCP_DATES = ["2014-06-12", "2014-09-11", "2014-12-11", "2015-03-12", "2015-06-11", "2015-09-10",
             "2015-12-10", "2016-03-10", "2016-06-09"]
GCP_GRADES = {
    # child: list of (physical care, safety, love, esteem) per assessment date (None = not assessed)
    "Child A": [(4, 4, 3, 3)] * 9,
    "Child B": [(4, 3, 3, 4)] + [(4, 3, 3, 3)] * 8,
    "Child C": [(4, 4, 3, 3)] * 6 + [None] * 3,  # lives with Father from 28/09/2015
}


def gcp_rows() -> list[tuple]:
    rows = []
    for i, when in enumerate(GCP_DATES):
        for child, grades in GCP_GRADES.items():
            if grades[i] is None:
                continue
            rows.append((when, child, *grades[i], "Social Worker"))
    return rows


def build_gcp2() -> None:
    name = "gcp2_neglect.csv"
    rows = gcp_rows()
    write_csv(OUT / name, GCP_HEADER, [list(r) for r in rows], encoding="utf-8", newline="\n")
    ROW_COUNTS[name] = len(rows)
    tag_rows(name, [(i + 2, r[0], ("P11",)) for i, r in enumerate(rows)])


# ---------------------------------------------------------------------------
# manifest and README
# ---------------------------------------------------------------------------

CASE_TOML = '''\
# Manifest of the fictional sample case Child D (see README.md).
# Headings agencies commonly use are recognised without help; [files.mapping] (role = "Heading")
# is needed only where a file uses a heading reviewkit does not know.
case_id = "child_d"
title = "Child D (fictional sample case after a published learning brief)"
procedures = "wales"
review_period = { from = "01/06/2014", to = "31/08/2016" }   # the terms of reference: referral to proceedings

[subjects]                            # dates of birth: each entry shows the children's ages
"Child A" = { born = "03/08/2007" }
"Child B" = { born = "15/01/2009" }
"Child C" = { born = "02/05/2011" }
"Child D" = { born = "14/10/2015", due = "13/10/2015" }

[[files]]
path = "childrens_services.xlsx"     # title rows 1-3, header on row 4
agency = "Children's Services"
sheet = "Chronology"                  # the second sheet holds notes, not a chronology

[[files]]
path = "police.csv"                   # Windows-1252; occurrence and reported dates
agency = "Police"

[[files]]
path = "school.docx"                  # a Word table
agency = "School"

[[files]]
path = "health_visiting.xlsx"         # blank rows between entries; Excel time cells
agency = "Health Visiting"
sheet = "HV chronology"

[[files]]
path = "gp.csv"                       # UTF-8 with a byte-order mark
agency = "GP"

[[files]]
path = "midwifery.csv"
# no agency here: each row names it in "Source of information" (Community Midwife, Maternity ...)

[[files]]
path = "probation.xlsx"               # date and time in one cell
agency = "Probation"
sheet = "Supervision log"

[[files]]
path = "hospital.csv"
# no agency here: each row names its department (Emergency Department, Paediatrics)
[files.mapping]
event = "Attendance type"
details = "Presenting complaint"
outcome = "Findings / outcome"

[[files]]
path = "gcp2_neglect.csv"
agency = "Children's Services"
indicators = ["Physical care", "Safety", "Love", "Esteem"]   # a wide table: one entry per area
event_type = "gcp2_assessment"             # entries whose text names no event type
'''

LAYOUTS = [
    ("childrens_services.xlsx", "Children's Services",
     "XLSX, sheet `Chronology` (a second sheet `Notes for reviewer` is not a chronology). "
     "Row 1: local authority name in a cell merged across A1:I1; row 2: 'Chronology submitted to "
     "the Child Practice Review'; row 3 blank; **header on row 4**. `Date` and `End date` are real "
     "Excel date cells except the vague ones written as text (`early 2015`, `end of March 2015`, "
     "`mid-2015`, `March 2016`) and two `End date` cells reading `ongoing`; `Time` holds Excel "
     "time cells. Columns `Subject`, `Attendees` (`;`-separated agencies) and `End date` "
     "(intervals: CP plans, S47 enquiries, PLO, kinship assessment, placements, proceedings)."),
    ("police.csv", "Police",
     "CSV in **Windows-1252** (CRLF line ends) with `’`, `£` and `é` (not valid UTF-8). Separate "
     "`Occurrence date` (day; one vague: `Summer 2016`) and `Reported date` (day + time). "
     "`Investigation opened` / `Investigation closed` rows share an `Occurrence Ref` (two pairs). "
     "No record of the kick of 09/02/2015 or of the home-alone incident."),
    ("school.docx", "School",
     "Word document: heading, a paragraph, then one table `Date | Time | Pupil(s) | Incident | "
     "Action taken | Staff member`, then a closing paragraph. Dates are text (`9 February 2015`, "
     "`Summer term 2014`, `Autumn term 2014`, `Spring term 2015`, `w/c 12/01/2015`, `March "
     "2015`). Row numbers count the table's header row as row 1."),
    ("health_visiting.xlsx", "Health Visiting",
     "XLSX, sheet `HV chronology`, header on row 1 but **blank rows scattered** between data rows "
     "(rows {hv_blank}). `Date of contact` is an Excel date or text (`Autumn 2014`, "
     "`w/c 12/01/2015`, `c. June 2015`, `March 2016`, `?22/05/2016`); `Time` is an Excel time "
     "cell or the text `14:30`. Three HV teams (Anytown, Brookfield, Millbrook) as the family "
     "moves."),
    ("gp.csv", "GP",
     "CSV, **UTF-8 with a byte-order mark**, CRLF. Mixed date forms: `14/03/2009`, `2012-09-20`, "
     "`3rd Mar 2015`, `12/03/15`, `12 Jan 2016`, `15 August 2016`, `Q2 2015`. `Patient` column."),
    ("midwifery.csv", "Midwifery",
     "CSV, plain UTF-8. The agency is per row in `Source of information` (`Community Midwife`, "
     "`Maternity`, `Maternity (Safeguarding Midwife)`, `Maternity (Antenatal Clinic)`); "
     "dates `26/03/2015` and ISO `2015-04-14`."),
    ("probation.xlsx", "Probation",
     "XLSX, sheet `Supervision log`; `Date/Time` cells hold date **and** time (Excel datetimes). "
     "Father's supervision from 14/07/2015."),
    ("hospital.csv", "Hospital (ED / Paediatrics)",
     "CSV, UTF-8. Dates like `27 Jan 2015`, separate `Arrival time` (one blank). `Department`, "
     "`Attendance type`, `Patient`; `Significance` and `Analysis` filled for two attendances."),
    ("gcp2_neglect.csv", "Children's Services (GCP2)",
     "CSV, UTF-8, ISO dates. A **wide indicator table**: one row per child per assessment, "
     "columns `Physical care | Safety | Love | Esteem` graded 1-5; each row becomes 4 entries."),
]


def build_readme() -> None:
    lines: list[str] = []
    add = lines.append
    add("# Sample case: Child D (fictional)")
    add("")
    add("A **fictional** multi-agency chronology written after the published learning brief in "
        "`seed/000_b37e0c23033579ee.txt` (Child D, a Welsh Child Practice Review). The story "
        "follows the brief; every name is a role label (Child A-D, Mother, Father, Paternal "
        "Grandmother, Kinship Carers, Social Worker, DSL, PC 1187, ...), every place is invented "
        "(Northshire, Anytown, Brookfield, Millbrook) and every exact date is made up. "
        "Procedures: **Wales**.")
    add("")
    add("Do not edit these files by hand: they are written by `sample_data/build_child_d.py` "
        "(deterministic, byte-identical on every run), which also writes this README and "
        "`case.toml`.")
    add("")
    add("## The story in brief")
    add("")
    add("- Children A, B and C on child protection plans (register) for **neglect** from the ICPC of "
        "25/06/2014; PLO (pre-proceedings) from 15/01/2015 to 17/08/2016.")
    add("- Early 2015: scratch to Child A's neck (26/01/2015; Mother blames Paternal Grandmother; "
        "NAI at the child protection medical; police investigation 26/01-14/04/2015) and, two weeks "
        "later, school staff see Mother kick Child B (12:40, 09/02/2015; referred 16:10, police never "
        "told). No strategy meeting: both go to the RCPC of 24/02/2015, which police do not attend.")
    add("- From 06/03/2015 Child A and Child B stay at weekends with the Kinship Carers while a "
        "kinship assessment is under way; smacking concerns at the end of March 2015; meeting "
        "28/04/2015.")
    add("- Family moves to Brookfield (June 2015) and Millbrook (March 2016); health visiting "
        "records late / not transferred. Child C found home alone by the HV (14/07/2015).")
    add("- Mother pregnant with Child D (booked 26/03/2015); disputes the birth plan (23/09/2015); "
        "Child D born 14/10/2015 and registered at birth under **physical abuse**; to foster care, "
        "then returned home 18/01/2016 against practitioners' view. Child C lives with Father from "
        "28/09/2015. No postnatal depression screening anywhere.")
    add("- Summer 2016: two separate fractures (left wrist 28/06/2016 at ED; right femur found after "
        "the Probation referral of 10/08/2016); strategy discussion 11/08/2016; Child D to foster "
        "care; care proceedings 17/08/2016; final hearing 14/02/2017: Care Orders for A and B "
        "(extended family) and D, Child C with Father.")
    add("")
    add("## Files")
    add("")
    add("| file | agency | data rows | layout and quirks |")
    add("|---|---|---|---|")
    total = 0
    for file, agency, layout in LAYOUTS:
        n = ROW_COUNTS[file]
        total += n
        layout = layout.replace("{hv_blank}", ", ".join(str(r) for r in HV_BLANK_ROWS))
        add(f"| `{file}` | {agency} | {n} | {layout} |")
    add(f"| **total** | | **{total}** | |")
    add("")
    add(f"`gcp2_neglect.csv` has {ROW_COUNTS['gcp2_neglect.csv']} rows, i.e. "
        f"{4 * ROW_COUNTS['gcp2_neglect.csv']} indicator entries (4 areas per row). "
        "`case.toml` is the manifest (sheet names, agencies, column mappings where a heading is "
        "unusual).")
    add("")
    add("Row numbers below are as a spreadsheet program shows them, **header row included** "
        "(so the first data row of a CSV is row 2; of `childrens_services.xlsx` row 5, because "
        "the header is on row 4; blank rows in `health_visiting.xlsx` count). For `school.docx` "
        "the table's header row is row 1.")
    add("")

    by_tag: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for file, row, date_text, tag in TAGGED:
        by_tag[tag].append((file, row, date_text))

    def evidence(tag: str) -> str:
        rows = by_tag.get(tag, [])
        files = {file for file, _, _ in rows}
        numbers = [row for _, row, _ in rows]
        if len(rows) > 6 and len(files) == 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            file = rows[0][0]
            return (f"`{file}` r{numbers[0]}-r{numbers[-1]} (every data row, "
                    f"{rows[0][2]} to {rows[-1][2]})")
        parts = [f"`{file}` r{row} ({date_text})" for file, row, date_text in rows]
        return "<br>".join(parts) if parts else "(none: the absence is the finding)"

    add("## Planted patterns (should be found: `breached`)")
    add("")
    add("| id | pattern | rule kind | expected | evidence rows (file, row, date as written) |")
    add("|---|---|---|---|---|")
    for tag, (what, kind, verdict) in PLANTS.items():
        add(f"| {tag} | {what} | {kind} | {verdict} | {evidence(tag)} |")
    add("")
    add("Notes for detectors:")
    add("")
    add("- P3: the police rows `police.csv` r7 and r11 are the open/closed pair (Occurrence Ref "
        "NS/15/003921); r10 shows police sent a report instead of attending.")
    add("- P4: the trigger is vague (`end of March 2015` = 21-31 March 2015), so the delay to "
        "28/04/2015 is a range: 28 to 38 days.")
    add("- P6: Child D is registered at birth (`childrens_services.xlsx`, 14/10/2015); the "
        "postnatal contacts with Mother (midwifery 18/10 and 27/10/2015, HV 30/11/2015, GP "
        "25/11 and 09/12/2015) never screen for postnatal depression. The GP rows of 14/03/2009, "
        "20/09/2012, 02/05/2013 and 21/01/2014 (P13) are the parents' mental-health history.")
    add("- P8: the second move has no transfer entry at all; `Autumn 2014`, `c. June 2015`, "
        "`March 2016` and `?22/05/2016` are vague health visiting dates.")
    add("- P10: the observation entries are `childrens_services.xlsx` 06/11/2014, 05/11/2015, "
        "07/04/2016 and `health_visiting.xlsx` 12/08/2014, ?22/05/2016; every one records a concern. "
        "The many routine home visits record no observation of parenting.")
    add("- P11: grades per child: A 4/4/3/3 at all 9 assessments; B 4/3/3/4 on 2014-06-12 then "
        "4/3/3/3 at 8 assessments; C 4/4/3/3 at 6 assessments (to 2015-09-10; then lives with "
        "Father). Plans open: A and B 25/06/2014-22/11/2016, C 25/06/2014-01/12/2015.")
    add("")
    add("## Good practice (should be `met`)")
    add("")
    add("| id | what | expected | evidence rows |")
    add("|---|---|---|---|")
    for tag, (what, verdict) in GOOD.items():
        add(f"| {tag} | {what} | {verdict} | {evidence(tag)} |")
    add("")
    add("## The same incident in several files (duplicate groups)")
    add("")
    add("| group | incident | rows |")
    add("|---|---|---|")
    for tag, what in DUPLICATES.items():
        add(f"| {tag} | {what} | {evidence(tag)} |")
    add("")
    add("## Other things to know")
    add("")
    add("- Interval entries in `childrens_services.xlsx` (`End date`): CP plans (A, B to "
        "22/11/2016; C to 01/12/2015; D 14/10/2015-22/11/2016), S47 enquiries, PLO "
        "15/01/2015-17/08/2016, kinship assessment 02/03/2015-09/10/2015, weekend kinship care "
        "06/03/2015-12/08/2016, Child D's foster care 17/10/2015-18/01/2016, care proceedings "
        "17/08/2016-14/02/2017, and two open-ended placements (`ongoing`).")
    add("- RCPC attendees: police present on 23/09/2014, 18/08/2015, 01/12/2015, 24/05/2016, "
        "22/11/2016 and absent only on 24/02/2015.")
    add("- Core groups (20): 03/07/2014 to 13/10/2016.")
    add(f"- Children's Services contact while the plans are open (25/06/2014-22/11/2016): the "
        f"longest gap between dated entries is {CS_MAX_GAP[0]} days ({CS_MAX_GAP[1]} to "
        f"{CS_MAX_GAP[2]}); no gap is planted.")
    add("- Vague dates used: `Summer term 2014`, `Autumn term 2014`, `Autumn 2014`, `early 2015`, "
        "`w/c 12/01/2015` (twice), `Spring term 2015`, `March 2015`, `end of March 2015`, "
        "`Q2 2015`, `c. June 2015`, `mid-2015`, `March 2016` (twice), `?22/05/2016`, `Summer 2016`.")
    add("")
    (OUT / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    TAGGED.clear()
    ROW_COUNTS.clear()
    HV_BLANK_ROWS.clear()
    CS_MAX_GAP.clear()
    build_childrens_services()
    build_police()
    build_school()
    build_health_visiting()
    build_gp()
    build_midwifery()
    build_probation()
    build_hospital()
    build_gcp2()
    (OUT / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    build_readme()
    total = sum(ROW_COUNTS.values())
    for file, n in ROW_COUNTS.items():
        print(f"{file:28s} {n:4d} rows")
    print(f"{'total':28s} {total:4d} rows")


if __name__ == "__main__":
    main()
