"""Progress bars for long loads and batch checks: shown when someone is watching, quiet otherwise.

Every function that can take a while (loading many files, checking many rules, checking the
partitions of a Dask DataFrame) takes ``progress=``:

- ``True``: always show a bar;
- ``False``: never;
- ``None`` (the default): ask the environment variable ``REVIEWKIT_PROGRESS`` (``1``/``0``,
  ``true``/``false``, ``yes``/``no``, ``on``/``off``); when it is not set, show a bar only in
  a terminal or a Jupyter notebook, so scripts, logs and tests stay quiet.

A bar appears only after half a second, so quick runs stay quiet even when watched. The bar
is `tqdm <https://tqdm.github.io>`_'s ``tqdm.auto``: a widget in Jupyter, text in a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from reviewkit.exceptions import ReviewkitError

T = TypeVar("T")

#: The environment variable that switches progress bars on or off when ``progress=None``.
PROGRESS_VARIABLE = "REVIEWKIT_PROGRESS"

_ON = ("1", "true", "yes", "on")
_OFF = ("0", "false", "no", "off")

#: Seconds a loop runs before its bar appears.
DELAY = 0.5


def progress_enabled(progress: bool | None = None) -> bool:
    """Whether to show a progress bar, given a function's ``progress=`` argument.

    Parameters
    ----------
    progress
        ``True`` or ``False`` decide; ``None`` asks ``REVIEWKIT_PROGRESS``, then whether
        the output is a terminal or a notebook.

    Examples
    --------
    >>> progress_enabled(False), progress_enabled(True)
    (False, True)
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"REVIEWKIT_PROGRESS": "off"}):
    ...     progress_enabled()
    False
    """
    if progress is not None:
        return bool(progress)
    setting = os.environ.get(PROGRESS_VARIABLE, "").strip().lower()
    if setting in _ON:
        return True
    if setting in _OFF:
        return False
    if setting:
        raise ReviewkitError(
            f"{PROGRESS_VARIABLE}={os.environ[PROGRESS_VARIABLE]!r} is not understood. "
            f"Use one of {', '.join(_ON)} to show progress bars, or {', '.join(_OFF)} to hide them."
        )
    return _watched()


def with_progress(
    items: Iterable[T],
    *,
    description: str,
    unit: str,
    total: int | None = None,
    progress: bool | None = None,
) -> Iterator[T]:
    """Yield ``items``, showing a progress bar if :func:`progress_enabled` says so.

    Parameters
    ----------
    items
        What the loop goes over.
    description
        What is being done, e.g. ``"Loading files"``.
    unit
        What one item is, e.g. ``"file"`` or ``"rule"``.
    total
        How many items there are (default: ``len(items)`` when it has one).
    progress
        ``True``, ``False`` or ``None`` (see :func:`progress_enabled`).

    Examples
    --------
    >>> list(with_progress(["gp.csv", "police.csv"], description="Loading", unit="file",
    ...                    progress=False))
    ['gp.csv', 'police.csv']
    """
    if not progress_enabled(progress):
        yield from items
        return
    from tqdm.auto import tqdm  # only for a bar (0.02 s to import)

    yield from tqdm(items, desc=description, unit=unit, total=total, delay=DELAY, leave=False)


def _watched() -> bool:
    """True in a terminal (stderr is a TTY) or a Jupyter kernel."""
    stderr = sys.stderr
    if stderr is not None and hasattr(stderr, "isatty") and stderr.isatty():
        return True
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"
