"""Fewer garbage collections while reviewkit loads, checks or reports: a bounded pause in pace.

Python's cyclic garbage collector runs after every 700 new container objects, and every so
often looks at every object the process holds: after importing pandas, plotly and the
vocabulary, well over 100,000 of them. Loading, checking and reporting on one case create
millions of short-lived objects (frames, compiled regexes, plotly properties), so the collector
looked through the whole heap again and again: about 0.25 s of the sample case's 2.5 s end to
end, for almost no garbage. :func:`fewer_collections` raises the count that starts a
collection to 100,000 for the length of a call and puts back what was there after; objects
are freed by reference counting as ever, and garbage in cycles is still collected, a little
later. Nested and concurrent calls share one raise: the threshold goes back when the last of
them returns.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["YOUNG", "fewer_collections", "with_fewer_collections"]

#: New container objects that start a collection while reviewkit works (Python's default: 700).
YOUNG = 100_000

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] = ()

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage after :data:`YOUNG` new objects, not 700, inside the ``with`` block.

    Examples
    --------
    >>> before = gc.get_threshold()
    >>> with fewer_collections():
    ...     gc.get_threshold()[0]
    100000
    >>> gc.get_threshold() == before
    True
    """
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            if _saved[0] < YOUNG:
                gc.set_threshold(YOUNG, *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)


def with_fewer_collections(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run inside :func:`fewer_collections` (a decorator).

    Examples
    --------
    >>> @with_fewer_collections
    ... def young() -> int:
    ...     return gc.get_threshold()[0]
    >>> young(), gc.get_threshold()[0] != 100000
    (100000, True)
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with fewer_collections():
            return function(*args, **kwargs)

    return wrapper
