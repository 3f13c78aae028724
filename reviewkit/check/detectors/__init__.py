"""The detector kinds, one small module each, and the one registry the rule engine consults.

Each module has ``PARAMETERS`` (what its rules may say, see :class:`reviewkit.check.rules.Param`)
and ``evaluate(chronology, rule, context) -> DataFrame`` returning one row per rule
application with :data:`reviewkit.check.verdicts.DETECTOR_COLUMNS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType

#: kind -> the module that detects it. Add a kind here, and nowhere else.
DETECTORS: dict[str, str] = {
    "response": "reviewkit.check.detectors.response",
    "cluster": "reviewkit.check.detectors.cluster",
    "attendance": "reviewkit.check.detectors.attendance",
    "stasis": "reviewkit.check.detectors.stasis",
    "absence": "reviewkit.check.detectors.absence",
    "gap": "reviewkit.check.detectors.gap",
    "repeat": "reviewkit.check.detectors.repeat",
    "unseen": "reviewkit.check.detectors.unseen",
}


def detector(kind: str) -> ModuleType:
    """The module of a detector kind.

    Examples
    --------
    >>> detector("response").__name__
    'reviewkit.check.detectors.response'
    """
    return importlib.import_module(DETECTORS[kind])


class _Parameters(Mapping):
    """kind -> its PARAMETERS, importing a detector module only when its kind is used."""

    def __getitem__(self, kind: str) -> dict:
        if kind not in DETECTORS:
            raise KeyError(kind)
        return detector(kind).PARAMETERS

    def __contains__(self, kind: object) -> bool:
        return kind in DETECTORS

    def __iter__(self) -> Iterator[str]:
        return iter(DETECTORS)

    def __len__(self) -> int:
        return len(DETECTORS)


def kinds() -> Mapping[str, dict]:
    """The parameters each kind accepts, for rule checking (modules load when first used).

    Examples
    --------
    >>> "within" in kinds()["response"]
    True
    >>> list(kinds())[:2]
    ['response', 'cluster']
    """
    return _Parameters()
