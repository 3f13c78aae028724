"""Many cases at once from a folder of case folders, read one case at a time."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from reviewkit.exceptions import DataQualityWarning, LoadError
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.load.chronology import load_with_report
from reviewkit.load.manifest import MANIFEST_NAME
from reviewkit.progress import with_progress

if TYPE_CHECKING:
    pass


def find_case_folders(folder: str | os.PathLike) -> list[Path]:
    """The case folders (sub-folders with a ``case.toml``) inside ``folder``, sorted by name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ["family_b", "family_a", "notes"]:
    ...     (root / name).mkdir()
    >>> for name in ["family_b", "family_a"]:
    ...     _ = (root / name / "case.toml").write_text('case_id = "' + name + '"\\n')
    >>> [p.name for p in find_case_folders(root)]
    ['family_a', 'family_b']
    """
    root = Path(folder)
    if not root.is_dir():
        raise LoadError(f"{root}: there is no such folder.")
    found = sorted(p for p in root.iterdir() if (p / MANIFEST_NAME).is_file())
    if not found:
        raise LoadError(
            f"{root}: no case folders found (a case folder is a sub-folder with a {MANIFEST_NAME}). "
            f"To load one case, pass its own folder to reviewkit.read_chronology."
        )
    return found


def iter_cases(
    folder: str | os.PathLike,
    *,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    progress: bool | None = None,
) -> Iterator[pd.DataFrame]:
    """Load the case folders inside ``folder`` one at a time: one chronology per case.

    Only one case is in memory at a time (unless the caller keeps them). Each case is loaded
    as :func:`reviewkit.read_chronology` loads its folder, ``case.toml`` and all.

    Parameters
    ----------
    folder
        A folder of case folders (see :func:`find_case_folders`).
    vocabulary
        A vocabulary for every case (default: each case's own ``case.toml`` choice).
    progress
        A progress bar over the cases (see :mod:`reviewkit.progress`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ["family_a", "family_b"]:
    ...     (root / name).mkdir()
    ...     _ = (root / name / "case.toml").write_text(
    ...         'case_id = "' + name + '"\\n[[files]]\\npath = "gp.csv"\\nagency = "GP"\\n')
    ...     _ = (root / name / "gp.csv").write_text("Date,Notes\\n03/04/2015,Seen\\n")
    >>> [(c["case_id"].iloc[0], len(c)) for c in iter_cases(root, progress=False)]
    [('family_a', 1), ('family_b', 1)]
    """
    for case in with_progress(find_case_folders(folder), description="Loading cases", unit="case",
                              progress=progress):
        yield load_with_report(case, vocabulary=vocabulary, progress=False).chronology



def load_case_group(folders: Sequence[Path], *, vocabulary: Path | None) -> pd.DataFrame:
    """The chronology of a group of case folders, loaded together (warnings kept quiet)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return load_with_report(list(folders), vocabulary=vocabulary, progress=False).chronology


