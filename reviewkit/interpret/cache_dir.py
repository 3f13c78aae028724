"""Where reviewkit keeps what it can build again (the vocabulary, compiled regexes, holidays).

Only words, regexes and calendars are ever kept there: no case data.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_folder"]


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
