"""Agency names: the many ways agencies write their own name, mapped to one canonical name.

The packaged table (``reviewkit/data/agencies.toml``) maps canonical names
(``Police``, ``School``, ``Health Visiting``, ...) to the aliases reviewers meet in
agency chronologies; a user extends it with their own file or a dict.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reviewkit.exceptions import VocabularyError

__all__ = ["alias_key", "load_agency_aliases", "normalise_agencies"]

_DEFAULT_SOURCE = "the packaged agency table (reviewkit/data/agencies.toml)"
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_WHITESPACE = re.compile(r"\s+")


def alias_key(text: str) -> str:
    """Return the case- and punctuation-insensitive key used to match agency names.

    Lower-cases, reads ``&`` as ``and``, drops apostrophes, turns any other
    punctuation into a space and collapses spaces.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> alias_key("  Children’s   Social-Care ")
    'childrens social care'
    >>> alias_key("A&E")
    'a and e'
    """
    text = str(text).translate(_APOSTROPHES).lower().replace("&", " and ")
    return _NOT_ALNUM.sub(" ", text).strip()


def _parse_table(table: Any, where: str) -> dict[str, str]:
    """``{canonical: [aliases]}`` -> ``{alias key: canonical}``, checking the shape."""
    if not isinstance(table, Mapping):
        raise VocabularyError(
            f"{where}: expected a table of canonical name = [aliases], "
            f"e.g. {{'Police': ['Constabulary']}}; got {type(table).__name__}."
        )
    out: dict[str, str] = {}
    for canonical, aliases in table.items():
        if not isinstance(canonical, str) or not alias_key(canonical):
            raise VocabularyError(f"{where}: {canonical!r} is not a usable agency name.")
        listed = [aliases] if isinstance(aliases, str) else aliases
        if not isinstance(listed, Iterable) or isinstance(listed, Mapping):
            raise VocabularyError(
                f"{where}: agency {canonical!r} must have a list of aliases, "
                f'e.g. "{canonical}" = ["..."]; got {aliases!r}.'
            )
        names = list(listed)
        bad = [a for a in names if not isinstance(a, str) or not alias_key(a)]
        if bad:
            raise VocabularyError(
                f"{where}: agency {canonical!r} has aliases that are not usable text: {bad!r}."
            )
        out[alias_key(canonical)] = canonical.strip()
        for alias in names:
            out[alias_key(alias)] = canonical.strip()
    return out


def _read_file(path: Path) -> dict[str, str]:
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VocabularyError(f"The agency alias file {where!r} does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(
            f"{where} is not valid TOML ({exc}). "
            "Check the quotes, brackets and commas on that line."
        ) from None
    unknown = sorted(set(data) - {"agencies"})
    if unknown:
        raise VocabularyError(
            f"{where}: unknown section(s) {', '.join(map(repr, unknown))}. The file must have one "
            '[agencies] table of canonical name = [aliases], e.g. "Police" = ["Constabulary"].'
        )
    if "agencies" not in data:
        raise VocabularyError(
            f"{where}: no [agencies] table. Write one, e.g.\n[agencies]\n"
            '"Police" = ["Constabulary", "PPU"]'
        )
    return _parse_table(data["agencies"], where)


@lru_cache(maxsize=1)
def _default_aliases() -> dict[str, str]:
    resource = resources.files("reviewkit") / "data" / "agencies.toml"
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    return _parse_table(data["agencies"], _DEFAULT_SOURCE)


def load_agency_aliases(
    extra: str | os.PathLike | Mapping[str, Iterable[str]] | None = None,
) -> dict[str, str]:
    """Return the agency alias table: normalised alias key -> canonical agency name.

    Parameters
    ----------
    extra : str, path, mapping or None
        The user's additions: a TOML file with an ``[agencies]`` table of
        ``"Canonical name" = ["alias", ...]``, or the same as a dict. Its aliases
        are added to the packaged ones and win where both name the same alias.

    Returns
    -------
    dict of str to str
        A new dict each call (safe to modify).

    Raises
    ------
    VocabularyError
        If the file is missing, is not valid TOML or is not shaped as above.

    Examples
    --------
    >>> table = load_agency_aliases()
    >>> table["csc"], table["a and e"], table["ppu"]
    ("Children's Services", 'Emergency Department', 'Police')
    >>> load_agency_aliases({"Family Nurse Partnership": ["FNP"]})["fnp"]
    'Family Nurse Partnership'
    """
    table = dict(_default_aliases())
    if extra is None:
        return table
    if isinstance(extra, (str, os.PathLike)):
        table.update(_read_file(Path(extra)))
    elif isinstance(extra, Mapping):
        table.update(_parse_table(extra, "the agency aliases given"))
    else:
        raise VocabularyError(
            "agency aliases must be a path to a TOML file or a dict of canonical name -> "
            f"[aliases], not {type(extra).__name__}."
        )
    return table


@lru_cache(maxsize=8)
def _inner_regex(keys: frozenset[str]) -> re.Pattern[str]:
    ordered = sorted(keys, key=lambda k: (-len(k), k))
    return re.compile(r"(?<!\S)(?:" + "|".join(re.escape(k) for k in ordered) + r")(?!\S)")


def _match_one(raw: Any, aliases: Mapping[str, str], regex: re.Pattern[str]) -> tuple[Any, bool]:
    if not isinstance(raw, str):
        if raw is None or raw is pd.NA or (isinstance(raw, float) and math.isnan(raw)):
            return None, False
        raw = str(raw)
    tidy = _WHITESPACE.sub(" ", raw).strip()
    if not tidy:
        return None, False
    key = alias_key(tidy)
    if key in aliases:
        return aliases[key], True
    best = max((m.group() for m in regex.finditer(key)), key=len, default=None)
    if best is not None:
        return aliases[best], True
    return tidy, False


def normalise_agencies(raw: pd.Series, *, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Map agency names as written to canonical agency names.

    An exact alias (ignoring case and punctuation) wins; otherwise the longest
    alias found inside the text as whole words (``"Anytown Primary School"`` ->
    ``School``). Each distinct value is matched once.

    Parameters
    ----------
    raw : Series
        Agency names as the agencies wrote them (NA allowed).
    aliases : mapping, optional
        Alias key -> canonical name, as returned by :func:`load_agency_aliases`
        (the default).

    Returns
    -------
    DataFrame
        Same index; ``agency`` (string: the canonical name, or the text tidied
        of extra spaces when no alias matches, NA when blank) and ``known``
        (bool: whether an alias matched).

    Examples
    --------
    >>> out = normalise_agencies(pd.Series(["Northshire Police", "HV team (Area 2)",
    ...                                     "Acme Widgets  Ltd", "  ", None]))
    >>> out["agency"].tolist()
    ['Police', 'Health Visiting', 'Acme Widgets Ltd', <NA>, <NA>]
    >>> out["known"].tolist()
    [True, True, False, False, False]
    """
    table = load_agency_aliases() if aliases is None else aliases
    regex = _inner_regex(frozenset(k for k in table if k))
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    results = [_match_one(value, table, regex) for value in uniques] + [(None, False)]
    names = np.empty(len(results), dtype=object)
    names[:] = [r[0] for r in results]
    known = np.array([r[1] for r in results], dtype=bool)
    codes = np.asarray(codes, dtype=np.int64)
    return pd.DataFrame(
        {
            "agency": pd.Series(pd.array(list(names[codes]), dtype="string"), index=raw.index),
            "known": pd.Series(known[codes], index=raw.index, dtype=bool),
        },
        index=raw.index,
    )
