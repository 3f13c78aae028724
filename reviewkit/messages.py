"""One message catalogue for every label a reader sees: charts, timelines, findings text, report.

The English messages live in ``reviewkit/data/messages/en.toml``, grouped by where they appear
(``[timeline]``, ``[charts]``, ``[explain]``, ...). A board that publishes in another language
(Welsh boards publish bilingually) writes its own TOML file with the keys it wants to change and
chooses it with :func:`use_messages`, or with the ``REVIEWKIT_MESSAGES`` environment variable;
every key it leaves out stays English. Messages are :meth:`str.format` templates: the words in
``{braces}`` are filled in by reviewkit.

Detector summary sentences (from the rule packs) and error messages are not in the catalogue.

Examples
--------
>>> message("timeline.note_undated", count=3)
'3 entries without a readable date are not drawn.'
"""

from __future__ import annotations

import difflib
import os
import string
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from reviewkit.exceptions import ReviewkitError

if TYPE_CHECKING:
    import pandas as pd

#: Environment variable naming the catalogue to use (a bundled name or a path to a TOML file).
MESSAGES_ENV = "REVIEWKIT_MESSAGES"
#: Name of the catalogue every other one falls back to.
DEFAULT_CATALOGUE = "en"


class MessagesError(ReviewkitError, ValueError):
    """A message catalogue that cannot be used (unknown key, bad placeholder, not TOML)."""


def placeholders(template: str) -> set[str]:
    """The names a message template fills in.

    Examples
    --------
    >>> sorted(placeholders("{count} entries from {month}; {{not this}}"))
    ['count', 'month']
    """
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@lru_cache(maxsize=1)
def bundled_catalogues() -> tuple[str, ...]:
    """Names of the catalogues shipped with reviewkit.

    Examples
    --------
    >>> bundled_catalogues()
    ('en',)
    """
    folder = resources.files("reviewkit") / "data" / "messages"
    return tuple(sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")))


def _read_toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MessagesError(f"{source} is not valid TOML ({exc}). Check the quotes and brackets "
                            f"on that line.") from None


def _flatten(data: Mapping, source: str) -> dict[str, str]:
    flat: dict[str, str] = {}
    for section, values in data.items():
        if not isinstance(values, Mapping):
            raise MessagesError(f"{source}: '{section}' is not a [section] of messages. Put each "
                                f"message under its section, e.g. [timeline] then title = \"...\".")
        for key, text in values.items():
            if not isinstance(text, str):
                raise MessagesError(f"{source}: {section}.{key} is {text!r}; a message must be text "
                                    f"in quotes.")
            flat[f"{section}.{key}"] = text
    return flat


@lru_cache(maxsize=1)
def english() -> Mapping[str, str]:
    """Every message key and its English text (the bundled ``en.toml``).

    Examples
    --------
    >>> english()["timeline.title"]
    'Multi-agency timeline: {cases}'
    """
    resource = resources.files("reviewkit") / "data" / "messages" / f"{DEFAULT_CATALOGUE}.toml"
    return _flatten(_read_toml(resource.read_text(encoding="utf-8"), "reviewkit/data/messages/en.toml"),
                    "reviewkit/data/messages/en.toml")


def _check_override(key: str, text: str, source: str) -> None:
    base = english()
    if key not in base:
        close = difflib.get_close_matches(key, base, n=3, cutoff=0.6)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise MessagesError(f"{source}: '{key}' is not a reviewkit message.{hint} Every key is listed "
                            f"in reviewkit/data/messages/en.toml (see docs/messages.md).")
    try:
        used = placeholders(text)
    except ValueError as exc:
        raise MessagesError(f"{source}: {key} = {text!r} cannot be filled in ({exc}). Write a literal "
                            f"brace as {{{{ or }}}}.") from None
    extra = sorted(used - placeholders(base[key]))
    if extra:
        valid = ", ".join(f"{{{name}}}" for name in sorted(placeholders(base[key]))) or "none"
        raise MessagesError(f"{source}: {key} uses {', '.join(f'{{{n}}}' for n in extra)}, which reviewkit "
                            f"does not fill in for this message. It can use: {valid}.")


def load_messages(catalogue: str | os.PathLike) -> Mapping[str, str]:
    """Every message, from a bundled catalogue (``"en"``) or a user's TOML file over English.

    A user's file may give some or all keys; the others stay English. An unknown key, a
    placeholder reviewkit does not fill, or a file that is not TOML raises :class:`MessagesError`
    naming the file and the key.

    Parameters
    ----------
    catalogue
        A bundled name (see :func:`bundled_catalogues`) or the path of a ``.toml`` file.

    Returns
    -------
    Mapping[str, str]
        ``"section.key"`` to message text.

    Examples
    --------
    >>> load_messages("en")["explain.no_findings"]
    'No findings.'
    >>> load_messages("fr")
    Traceback (most recent call last):
    ...
    reviewkit.messages.MessagesError: No message catalogue 'fr': reviewkit ships en; for another, pass the path of your own .toml file.
    """
    if str(catalogue) in bundled_catalogues():
        return _load(str(catalogue), None)
    path = Path(catalogue)
    if not path.is_file():
        if path.suffix.lower() != ".toml":
            raise MessagesError(f"No message catalogue '{catalogue}': reviewkit ships "
                                f"{', '.join(bundled_catalogues())}; for another, pass the path of "
                                f"your own .toml file.")
        raise MessagesError(f"Message catalogue {path} does not exist. Check the path.")
    return _load(str(path.resolve()), path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _load(catalogue: str, modified: int | None) -> Mapping[str, str]:
    """Read a bundled catalogue (``modified`` None) or a user's file (read again when it changes)."""
    if modified is None:
        resource = resources.files("reviewkit") / "data" / "messages" / f"{catalogue}.toml"
        source, text = f"reviewkit/data/messages/{catalogue}.toml", resource.read_text(encoding="utf-8")
    else:
        source, text = catalogue, Path(catalogue).read_text(encoding="utf-8")
    overrides = _flatten(_read_toml(text, source), source)
    for key, value in overrides.items():
        _check_override(key, value, source)
    return {**english(), **overrides}


_chosen: list[str | os.PathLike] = []


def active_catalogue() -> str | os.PathLike:
    """The catalogue in use: the last :func:`use_messages`, else ``$REVIEWKIT_MESSAGES``, else English.

    Examples
    --------
    >>> with use_messages("en"):
    ...     active_catalogue()
    'en'
    """
    if _chosen:
        return _chosen[-1]
    return os.environ.get(MESSAGES_ENV) or DEFAULT_CATALOGUE


def message(key: str, **values: object) -> str:
    """The text of message ``key`` in the active catalogue, with ``values`` filled in.

    Examples
    --------
    >>> message("timeline.title", cases="child_d")
    'Multi-agency timeline: child_d'
    >>> message("timeline.titel")
    Traceback (most recent call last):
    ...
    KeyError: "'timeline.titel' is not a reviewkit message. Did you mean: timeline.title, ...?"
    """
    messages = load_messages(active_catalogue())
    if key not in messages:
        close = difflib.get_close_matches(key, messages, n=3, cutoff=0.6)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise KeyError(f"'{key}' is not a reviewkit message.{hint}")
    return messages[key].format(**values)


def severity_label(severity: object) -> str:
    """A finding's severity (``high``, ``medium``, ``low``) in the active catalogue's words.

    Examples
    --------
    >>> severity_label("high"), severity_label("unusual")
    ('high', 'unusual')
    """
    known = f"severity.{severity}" in english()
    return message(f"severity.{severity}") if known else str(severity)


def message_column(key: str, **columns: pd.Series) -> pd.Series:
    """Message ``key`` filled in row by row from columns (vectorised: for a million rows too).

    Examples
    --------
    >>> import pandas as pd
    >>> message_column("timeline.source_row", source=pd.Series(["gp.csv", "school.docx"]),
    ...                row=pd.Series([4, 12])).tolist()
    ['gp.csv, row 4', 'school.docx, row 12']
    """
    index = next(iter(columns.values())).index
    import pandas as pd

    out = pd.Series("", index=index, dtype="object")
    messages = load_messages(active_catalogue())
    for text, name, spec, conversion in string.Formatter().parse(messages[key]):
        out = out + text
        if name is not None:
            values = columns[name].astype("object")
            if spec or conversion:
                piece = "{0" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                out = out + values.map(piece.format)
            else:
                out = out + values.astype(str)
    return out


class _Catalogue:
    """The choice made by :func:`use_messages`; as a context manager it restores the previous one."""

    def __init__(self, catalogue: str | os.PathLike | None) -> None:
        if catalogue is not None:
            load_messages(catalogue)  # fail now, naming the file, rather than when drawing
        self._previous = list(_chosen)
        _chosen[:] = [] if catalogue is None else [catalogue]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, error: BaseException | None, trace: TracebackType | None) -> None:
        _chosen[:] = self._previous


def use_messages(catalogue: str | os.PathLike | None) -> _Catalogue:
    """Use another message catalogue for every label from now on (or inside a ``with`` block).

    Parameters
    ----------
    catalogue
        A bundled name (``"en"``), the path of a TOML file giving some or all messages (the
        rest stay English), or None to go back to the default (``$REVIEWKIT_MESSAGES``, or English).

    Returns
    -------
    object
        Used in a ``with`` statement, the previous catalogue comes back at the end of the block.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "cy.toml"
    >>> _ = path.write_text('[explain]\\nno_findings = "Dim canfyddiadau."\\n', encoding="utf-8")
    >>> with use_messages(path):
    ...     message("explain.no_findings"), message("explain.date_unknown")
    ('Dim canfyddiadau.', 'date unknown')
    >>> message("explain.no_findings")
    'No findings.'
    """
    return _Catalogue(catalogue)
