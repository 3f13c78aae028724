"""An agency's own contacts: a home visit in the health visitor's chronology is a health
visitor contact.

An event type may name the agencies it is the contact of (``contact_of`` in the vocabulary:
``health_visitor_contact`` is the contact of Health Visiting, ``midwife_contact`` of
Midwifery). An entry of one of those agencies that affirms a face-to-face contact (a type of
the vocabulary's ``in_person`` group, or the type's own ``contact_evidence`` group: a home visit,
a clinic appointment, the child seen; the midwife's antenatal booking) carries that type too, and its ``mentions`` say why:
``health_visitor_contact: affirmed (agency "Health Visiting", home_visit)``. A telephone call,
a letter or a planned visit adds nothing: only what the text affirms counts.

The work is done once per distinct agency and tags, not per entry.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from reviewkit.interpret.agencies import alias_key
from reviewkit.interpret.vocabulary import Vocabulary

__all__ = ["add_agency_contacts", "canonical_agency"]


def add_agency_contacts(tags: pd.Series, mentions: pd.Series, agencies: pd.Series,
                        vocabulary: Vocabulary, agency_aliases: Mapping[str, str]) -> tuple[pd.Series, pd.Series]:
    """Each entry's tags and mentions with the contact type of its agency added where it
    affirms a face-to-face contact.

    Parameters
    ----------
    tags, mentions
        The entries' tags (``;``-separated, sorted) and mentions columns.
    agencies
        The entries' agencies, as canonical names (NA where unknown).
    vocabulary
        Event types with their ``contact_of`` agencies and ``contact_evidence`` groups.
    agency_aliases
        The agency table (alias key to canonical name), so that ``contact_of`` may name an
        agency as any of its aliases.

    Returns
    -------
    tuple of Series
        The tags and mentions, changed only where a contact type was added.

    Examples
    --------
    >>> from reviewkit.interpret.agencies import load_agency_aliases
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> tags = pd.Series(["home_visit", "telephone_contact", "home_visit"], dtype="string")
    >>> mentions = pd.Series(['home_visit: affirmed ("HV visit", details)', pd.NA, pd.NA], dtype="string")
    >>> agencies = pd.Series(["Health Visiting", "Health Visiting", "Police"], dtype="string")
    >>> tags, mentions = add_agency_contacts(tags, mentions, agencies, load_vocabulary(), load_agency_aliases())
    >>> tags.tolist()
    ['health_visitor_contact;home_visit', 'telephone_contact', 'home_visit']
    >>> mentions[0]
    'home_visit: affirmed ("HV visit", details); health_visitor_contact: affirmed (agency "Health Visiting", home_visit)'
    """
    contact_of = {canonical_agency(name, agency_aliases): type_id
                  for type_id, event_type in vocabulary.event_types.items()
                  for name in event_type.contact_of}
    if not contact_of or tags.empty:
        return tags, mentions
    candidates = agencies.isin(list(contact_of)) & tags.notna() & (tags != "")
    if not candidates.any():
        return tags, mentions
    pairs = pd.DataFrame({"agency": agencies[candidates], "tags": tags[candidates]})
    distinct = pairs.drop_duplicates()
    added = {}
    for agency, entry_tags in distinct.itertuples(index=False):
        listed = entry_tags.split(";")
        contact = contact_of[agency]
        evidence = set(vocabulary.groups.get(vocabulary.event_types[contact].contact_evidence, ()))
        met = [t for t in listed if t in evidence]
        if met and contact not in listed:
            added[(agency, entry_tags)] = (";".join(sorted([*listed, contact])),
                                           f'{contact}: affirmed (agency "{agency}", {met[0]})')
    if not added:
        return tags, mentions
    table = pd.DataFrame([(agency, old, new, why) for (agency, old), (new, why) in added.items()],
                         columns=["agency", "tags", "new_tags", "why"])
    changed = (pairs.rename_axis("row").reset_index()
               .merge(table, on=["agency", "tags"]).set_index("row"))
    tags = tags.copy()
    mentions = mentions.astype("string").copy()
    tags[changed.index] = changed["new_tags"]
    before = mentions[changed.index]
    mentions[changed.index] = (before.where(before.isna() | (before == ""), before + "; ").fillna("")
                               + changed["why"].astype("string"))
    return tags, mentions


def canonical_agency(name: str, agency_aliases: Mapping[str, str]) -> str:
    """An agency's canonical name from any of its names (the name itself if none is known).

    Examples
    --------
    >>> from reviewkit.interpret.agencies import load_agency_aliases
    >>> canonical_agency("HV", load_agency_aliases())
    'Health Visiting'
    """
    return agency_aliases.get(alias_key(name), name)
