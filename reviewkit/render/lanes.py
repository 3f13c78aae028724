"""Lane keys and their order: agencies (statutory first), subjects, or event types.

Each entry gets a lane key; lanes are ordered so a reviewer finds the lead agencies at the top:
Children's Services, Police, the health agencies, education, then the others.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from reviewkit.messages import message
from reviewkit.render.palette import MARKER_GROUPS, event_labels, marker_group

#: Health agencies in their usual order in a review; other health-like names follow them.
HEALTH_ORDER: tuple[str, ...] = (
    "Health Visiting", "Midwifery", "GP", "Emergency Department", "Hospital", "School Nursing",
    "CAMHS", "Mental Health", "Adult Mental Health",
)
_HEALTH = re.compile(r"health|nhs|hospital|\bgp\b|midwi|nurs(e|ing)|paediatr|camhs|mental|ambulance|"
                     r"emergency|dental|maternity|doctor|surgery", re.IGNORECASE)
_EDUCATION = re.compile(r"school|nursery|college|education|academy|pupil|early years", re.IGNORECASE)
LANE_KINDS: tuple[str, ...] = ("agency", "subject", "event_type")


def agency_rank(name: str) -> tuple[int, int, str]:
    """Sort key of an agency lane: Children's Services, Police, health, education, others.

    Examples
    --------
    >>> sorted(["School", "Probation", "GP", "Police", "Children's Services"], key=agency_rank)
    ["Children's Services", 'Police', 'GP', 'School', 'Probation']
    """
    if name == "Children's Services":
        return (0, 0, name)
    if name == "Police":
        return (1, 0, name)
    if name in HEALTH_ORDER:
        return (2, HEALTH_ORDER.index(name), name)
    if _HEALTH.search(name) and not _EDUCATION.search(name):
        return (2, len(HEALTH_ORDER), name)
    if _EDUCATION.search(name):
        return (3, 0, name)
    return (4, 0, name)


def _subject_rank(name: str) -> tuple[int, str]:
    if name == message("timeline.subject_not_stated"):
        return (3, name)
    return (0 if name.lower().startswith("child") else 1, name)


def lane_keys(chronology: pd.DataFrame, lanes: str) -> tuple[pd.DataFrame, list[str]]:
    """The lane of each entry (``entry_row``, ``lane``) and the lanes in drawing order.

    With ``lanes="subject"`` an entry about several people is placed in each of their lanes,
    so it is drawn once per subject. With several cases in the frame, lanes are per case.

    Examples
    --------
    >>> df = pd.DataFrame({"case_id": ["c", "c"], "agency": ["School", "Police"],
    ...                    "subject": ["Child A; Mother", None], "event_type": ["injury", None]})
    >>> lane_keys(df, "agency")[1]
    ['Police', 'School']
    >>> lane_keys(df, "subject")[0]["lane"].tolist()
    ['Child A', 'Mother', 'Not stated']
    """
    if lanes not in LANE_KINDS:
        raise ValueError(f"lanes={lanes!r} is not a lane kind. Use one of: {', '.join(LANE_KINDS)}.")
    rows = pd.Series(np.arange(len(chronology)), index=chronology.index)
    if lanes == "agency":
        key = chronology["agency"].astype("object").fillna(message("timeline.agency_not_stated"))
        rank = agency_rank
    elif lanes == "subject":
        not_stated = message("timeline.subject_not_stated")
        split = chronology["subject"].astype("object").fillna(not_stated).str.split(";")
        exploded = split.explode().str.strip().replace("", not_stated)
        rows = rows.loc[exploded.index]
        key = exploded
        rank = _subject_rank
    else:
        key = event_labels(chronology["event_type"])
        order = {g[0]: i for i, g in enumerate(MARKER_GROUPS)}
        group = dict(zip(key, marker_group(chronology["event_type"]).map(order)))

        def rank(name: str) -> tuple[int, str]:
            return (group.get(name, 99), name)

    case = chronology["case_id"].astype("object").loc[key.index]
    several = case.nunique() > 1
    frame = pd.DataFrame({"entry_row": rows.to_numpy(), "lane": key.to_numpy(), "case": case.to_numpy()})
    unique = frame[["case", "lane"]].drop_duplicates()
    ordered = sorted(zip(unique["case"], unique["lane"]), key=lambda cl: (str(cl[0]), rank(cl[1])))
    if several:
        frame["lane"] = frame["case"].astype(str) + " · " + frame["lane"]
        names = [f"{c} · {lane}" for c, lane in ordered]
    else:
        names = [lane for _c, lane in ordered]
    return frame[["entry_row", "lane"]].reset_index(drop=True), names
