"""Where reviewkit keeps what it can build again (the vocabulary, compiled regexes, holidays).

Only words, regexes and calendars are ever kept there: no case data.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

__all__ = ["cache_folder", "keep_copy"]


def cache_folder() -> Path | None:
    """Where copies are kept: ``REVIEWKIT_CACHE_DIR`` if set (``""``: nowhere), else the user's
    cache folder.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"REVIEWKIT_CACHE_DIR": ""}):
    ...     print(cache_folder())
    None
    """
    named = os.environ.get("REVIEWKIT_CACHE_DIR")
    if named is not None:
        return Path(named) if named.strip() else None
    import platformdirs  # only when a cache is wanted

    return Path(platformdirs.user_cache_dir("reviewkit"))


def keep_copy(data: bytes, path: Path, prefix: str, kept: int) -> None:
    """Write ``data`` to ``path`` whole or not at all, then drop all but the ``kept`` most
    recently used copies named ``prefix*.pickle`` beside it (and any copy left half-written an
    hour ago or more). A folder that cannot be written to keeps nothing and changes nothing.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for n in range(3):
    ...     keep_copy(bytes([n]), folder / f"x-{n}.pickle", "x-", kept=2)
    >>> sorted(p.name for p in folder.iterdir())
    ['x-1.pickle', 'x-2.pickle']
    """
    written: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            written = Path(handle.name)
            handle.write(data)
        os.replace(written, path)
        copies = sorted(path.parent.glob(f"{prefix}*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in copies[:-kept]:
            old.unlink(missing_ok=True)
        for left in path.parent.glob(".tmp-*"):  # by a process stopped while it wrote
            if left.stat().st_mtime < time.time() - 3600:
                left.unlink(missing_ok=True)
    except OSError:  # a folder that cannot be written to: no copy, nothing else changes
        if written is not None:
            written.unlink(missing_ok=True)
