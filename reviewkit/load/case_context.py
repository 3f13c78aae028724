"""What a case's ``case.toml`` adds to its entries: the subjects' ages and the review period."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from reviewkit.load.ages import entry_ages
from reviewkit.load.manifest import CaseManifest
from reviewkit.load.review_period import in_review_period, review_period_attrs


def with_case_context(chronology: pd.DataFrame, cases: Sequence[CaseManifest]) -> pd.DataFrame:
    """The chronology with ``ages`` and ``in_review_period`` filled in from each case's manifest.

    Ages are computed where the case gives its subjects' dates of birth (an age an agency wrote,
    in a column headed *Age*, is kept where none can be computed); ``in_review_period`` where it
    gives a review period. The periods are also kept in ``attrs["review_period"]``
    (``{case_id: (start, end)}``) for the report and the timeline. Dates of birth are not
    kept in the chronology, so an anonymised copy holds none. The input is not changed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reviewkit.load.manifest import read_manifest
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "gp.csv").write_text("Date,Notes\\n03/04/2015,Seen\\n")
    >>> _ = (folder / "case.toml").write_text(
    ...     'case_id = "c1"\\nreview_period = { from = "01/01/2015", to = "31/12/2015" }\\n'
    ...     '[subjects]\\n"Child A" = { born = "03/08/2012" }\\n[[files]]\\npath = "gp.csv"\\n')
    >>> chron = pd.DataFrame({"case_id": ["c1", "c1"], "subject": [None, "Child A"],
    ...     "date": pd.to_datetime(["2015-04-03", "2014-11-01"]),
    ...     "date_latest": pd.to_datetime(["2015-04-03", "2014-11-01"]),
    ...     "ages": pd.array([None, None], dtype="string"),
    ...     "in_review_period": pd.array([None, None], dtype="boolean")})
    >>> out = with_case_context(chron, [read_manifest(folder)])
    >>> out[["ages", "in_review_period"]].values.tolist()
    [['Child A 2 y 8 m', True], ['Child A 2 y 2 m', False]]
    """
    cases = [c for c in cases if c.subjects or c.review_period is not None]
    if not cases or chronology.empty:
        return chronology
    out = chronology.copy(deep=False)
    ages = out["ages"].astype("string").copy()
    inside = out["in_review_period"].astype("boolean").copy()
    for case in cases:
        rows = (out["case_id"] == case.case_id).to_numpy(dtype=bool)
        if not rows.any():
            continue
        part = out.loc[rows]
        if case.subjects:
            computed = entry_ages(part, case.subjects)
            ages.loc[rows] = computed.fillna(ages.loc[rows]).to_numpy()
        if case.review_period is not None:
            inside.loc[rows] = in_review_period(part, case.review_period).to_numpy()
    out["ages"], out["in_review_period"] = ages, inside
    periods = {c.case_id: c.review_period for c in cases if c.review_period is not None}
    if periods:
        out.attrs["review_period"] = {**out.attrs.get("review_period", {}),
                                      **review_period_attrs(periods)}
    return out
