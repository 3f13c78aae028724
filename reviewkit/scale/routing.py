"""``reviewkit.check`` and ``reviewkit.detect``: a Dask DataFrame goes to its partitions.

The rule engine (:mod:`reviewkit.check.engine`) works on one pandas chronology (or a case folder
it loads). The public functions take a Dask DataFrame too: partitioned by ``case_id``, it is
checked partition by partition on its cluster (:mod:`reviewkit.scale.dask_partitions`) and the
verdicts come back as one pandas DataFrame, the same as checking the whole chronology in pandas.
Anything else goes straight to the engine.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from reviewkit.check import engine
from reviewkit.check.verdicts import findings_from
from reviewkit.review.apply import decided
from reviewkit.review.reading import given_decisions

__all__ = ["check", "detect", "is_dask_frame"]


def is_dask_frame(chronology: object) -> bool:
    """Whether ``chronology`` is a Dask collection (checked by partition) rather than pandas.

    Examples
    --------
    >>> is_dask_frame(pd.DataFrame())
    False
    """
    return hasattr(chronology, "__dask_graph__")


@functools.wraps(engine.check)
def check(chronology: Any, **options: Any) -> pd.DataFrame:
    if not is_dask_frame(chronology):
        return engine.check(chronology, **options)
    from reviewkit.scale.dask_partitions import check_partitions

    decisions = options.pop("decisions", None)
    found = given_decisions(None, decisions, options.get("vocabulary"))
    return check_partitions(chronology, decisions=found, **options)


@functools.wraps(engine.detect)
def detect(chronology: Any, **options: Any) -> pd.DataFrame:
    if not is_dask_frame(chronology):
        return engine.detect(chronology, **options)
    from reviewkit.scale.dask_partitions import verdicts_on_partitions

    decisions = options.pop("decisions", None)
    found = given_decisions(None, decisions, options.get("vocabulary"))
    verdicts, orphans = verdicts_on_partitions(chronology, decisions=found, findings_only=True,
                                               **options)
    return decided(findings_from(verdicts), found, orphans)


_DASK_NOTE = """
    A Dask DataFrame partitioned by ``case_id`` is checked partition by partition on its
    cluster (:mod:`reviewkit.scale.dask_partitions`); the result is a pandas DataFrame.
"""
check.__doc__ = (engine.check.__doc__ or "").replace("\n    Parameters", _DASK_NOTE + "\n    Parameters", 1)
detect.__doc__ = (engine.detect.__doc__ or "").replace("\n    Examples", _DASK_NOTE + "\n    Examples", 1)
