"""Bank holidays kept on disk between processes.

The ``holidays`` library works out the United Kingdom's bank holidays for 51 years in about
0.05 s of CPU, after 0.035 s to import it: in every fresh process that counts working days. The
days are kept in the user's cache folder (where the vocabulary is kept, see
:func:`reviewkit.interpret.vocabulary_cache.cache_folder`; ``REVIEWKIT_CACHE_DIR=""`` turns it
off) as a small ``.npy`` file, under a name made of the calendar, the years and the installed
``holidays`` release, so a new release of the library is worked out afresh.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from reviewkit.interpret.vocabulary_cache import cache_folder

_PREFIX = "bank-holidays-"


def holidays_release() -> str:
    """The installed ``holidays`` release, from its folder's name beside the package (without
    importing it); ``""`` when it cannot be told (then nothing is kept).

    Examples
    --------
    >>> holidays_release().startswith("holidays-")
    True
    """
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.origin:
        return ""
    found = sorted(Path(spec.origin).parents[1].glob("holidays-*.dist-info"))
    return found[0].name.removesuffix(".dist-info") if len(found) == 1 else ""


def kept_holidays(name: str, compute: Callable[[], np.ndarray], *, folder: Path | None = None) -> np.ndarray:
    """The days ``compute`` returns (``datetime64[D]``), read from the cache folder if they were
    worked out before for ``name`` and this ``holidays`` release, else worked out and kept.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> days = lambda: np.array(["2015-12-25"], dtype="datetime64[D]")
    >>> kept_holidays("england-2015", days, folder=folder)
    array(['2015-12-25'], dtype='datetime64[D]')
    >>> kept_holidays("england-2015", lambda: None, folder=folder)  # read back, not worked out
    array(['2015-12-25'], dtype='datetime64[D]')
    """
    release = holidays_release()
    where = folder if folder is not None else cache_folder()
    if not release or where is None:
        return compute()
    path = where / f"{_PREFIX}{name}-{release}.npy"
    try:
        found = np.load(path, allow_pickle=False)
        if found.dtype == np.dtype("datetime64[D]") and found.ndim == 1:
            return found
    except (OSError, ValueError, EOFError):  # none yet, or a damaged copy: worked out again
        pass
    days = compute()
    _write(days, path)
    return days


def _write(days: np.ndarray, path: Path) -> None:
    """Save ``days`` at ``path``, whole or not at all (a folder that cannot be written: not at all)."""
    written: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", suffix=".npy", delete=False) as handle:
            written = Path(handle.name)
            np.save(handle, days, allow_pickle=False)
        os.replace(written, path)
    except OSError:
        if written is not None:
            written.unlink(missing_ok=True)
