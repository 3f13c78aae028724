"""Colours and marker shapes shared by every chart: colour-blind safe, 3:1 on white, greyscale-legible.

Agency colours come from a fixed list (after Okabe & Ito and Paul Tol, darkened where needed so
every colour reaches the WCAG 2.1 non-text contrast of 3:1 against white). An agency's colour is
its position among the case's *sorted* canonical agency names, so every chart of a case gives an
agency the same colour. Event types are grouped, and each group has its own marker shape, so a
timeline still reads when printed in greyscale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

import pandas as pd

from reviewkit.messages import message

#: Agency colours, in the order they are handed out (all >= 3:1 on white; see ``contrast_ratio``).
AGENCY_COLOURS: tuple[str, ...] = (
    "#0072B2",  # blue (Okabe-Ito)
    "#D55E00",  # vermillion (Okabe-Ito)
    "#009E73",  # bluish green (Okabe-Ito)
    "#AA4499",  # purple (Tol)
    "#8C6D00",  # dark ochre (Okabe-Ito orange, darkened)
    "#332288",  # indigo (Tol)
    "#882255",  # wine (Tol)
    "#117733",  # green (Tol)
    "#5E5E5E",  # grey
    "#2B7FA8",  # steel blue (Okabe-Ito sky blue, darkened)
)

#: Greys for findings by severity (marks, so also >= 3:1 on white).
#: Far apart in lightness, so that they part in greyscale too: black (21:1 on white), mid grey
#: (5.7:1) and light grey (3.0:1).
SEVERITY_COLOURS: dict[str, str] = {"high": "#000000", "medium": "#666666", "low": "#949494"}

#: Event-type groups shown by marker shape, first match wins: (key, vocabulary groups or event
#: types, plotly symbol, matplotlib marker). Legend labels are the ``[groups]`` messages.
MARKER_GROUPS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("concern", ("concern",), "triangle-up", "^"),
    ("cp_meeting", ("conference", "strategy_discussion", "core_group", "s47_enquiry", "child_protection"),
     "diamond", "D"),
    ("legal", ("legal",), "square", "s"),
    ("police", ("police",), "pentagon", "p"),
    ("missed", ("missed_contact",), "x", "X"),
    ("assessment", ("assessment",), "star", "*"),
    ("health", ("health", "perinatal"), "cross", "P"),
    ("contact", ("contact", "visit", "meeting"), "circle", "o"),
    ("placement", ("placement", "house_move"), "hexagon", "h"),
    ("other", (), "triangle-down", "v"),
)
PLOTLY_SYMBOLS: dict[str, str] = {g[0]: g[2] for g in MARKER_GROUPS}
MPL_MARKERS: dict[str, str] = {g[0]: g[3] for g in MARKER_GROUPS}


def group_labels() -> dict[str, str]:
    """Legend label of each marker group, in drawing order, from the message catalogue.

    Examples
    --------
    >>> group_labels()["cp_meeting"]
    'Child protection meeting or conference'
    """
    return {key: message(f"groups.{key}") for key, *_ in MARKER_GROUPS}



def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#RRGGBB`` colour.

    Examples
    --------
    >>> relative_luminance("#FFFFFF"), relative_luminance("#000000")
    (1.0, 0.0)
    """
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return round(0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2], 6)


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two colours (1 to 21).

    Examples
    --------
    >>> round(contrast_ratio("#000000"), 1)
    21.0
    >>> contrast_ratio("#0072B2") >= 3
    True
    """
    a, b = sorted((relative_luminance(colour), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


#: The colour each of the most common agencies always has, in every chart of every case.
PREFERRED_COLOURS: dict[str, str] = {
    "Children's Services": "#0072B2", "GP": "#D55E00", "Health Visiting": "#009E73", "Hospital": "#AA4499",
    "Midwifery": "#8C6D00", "Police": "#332288", "Probation": "#882255", "School": "#117733",
    "Early Help": "#5E5E5E", "Emergency Department": "#2B7FA8",
}


def agency_colours(agencies: Iterable) -> dict[str, str]:
    """Colour of each agency: the common ones always the same (:data:`PREFERRED_COLOURS`).

    Other agencies take the colours the case's common agencies leave free, in name order
    (colours repeat after ten agencies). Pass every agency of the case (e.g.
    ``chronology["agency"]``) so that those agree across charts too.

    Examples
    --------
    >>> agency_colours(["School", "Police", "School"])
    {'Police': '#332288', 'School': '#117733'}
    >>> agency_colours(["Police", "Youth Justice"])["Youth Justice"]
    '#0072B2'
    """
    names = sorted({str(a) for a in pd.Series(list(agencies), dtype="object").dropna()})
    colours = {name: PREFERRED_COLOURS[name] for name in names if name in PREFERRED_COLOURS}
    free = [c for c in AGENCY_COLOURS if c not in colours.values()] or list(AGENCY_COLOURS)
    others = [name for name in names if name not in colours]
    colours.update({name: free[i % len(free)] for i, name in enumerate(others)})
    return dict(sorted(colours.items()))


@cache
def _type_groups(vocabulary_key: int = 0) -> dict[str, str]:
    from reviewkit.interpret.vocabulary_file import load_vocabulary

    vocab = load_vocabulary()
    found: dict[str, str] = {}
    for key, members, _sym, _mk in MARKER_GROUPS:
        for member in members:
            types = vocab.groups.get(member, (member,)) if member in vocab.groups else (member,)
            for t in types:
                found.setdefault(t, key)
    return found


def marker_group(event_types: pd.Series) -> pd.Series:
    """The marker group of each event type (``"other"`` for unknown or missing types).

    Examples
    --------
    >>> marker_group(pd.Series(["injury", "icpc", "home_visit", None])).tolist()
    ['concern', 'cp_meeting', 'contact', 'other']
    """
    mapping: Mapping[str, str] = _type_groups()
    return event_types.astype("object").map(mapping).fillna("other").astype("object")


def event_labels(event_types: pd.Series) -> pd.Series:
    """Plain-English labels of event types from the vocabulary (the id where unknown).

    Examples
    --------
    >>> event_labels(pd.Series(["icpc", "made_up", None])).tolist()
    ['Initial child protection conference (ICPC)', 'made_up', 'Not classified']
    """
    from reviewkit.interpret.vocabulary_file import load_vocabulary

    labels = {k: t.label for k, t in load_vocabulary().event_types.items()}
    raw = event_types.astype("object")
    return raw.map(labels).fillna(raw).fillna(message("timeline.event_not_classified")).astype("object")
