"""Read a TOML file a person wrote (a case.toml, a rule file, a decisions file), or say why not.

Every way such a file can fail to read (missing, a folder, not UTF-8, not TOML, nested too
deeply) becomes one error of the caller's kind that names the file, the line where it can, and
what to do. A file saved by Notepad as "Unicode" (UTF-16 with its byte order mark) is read.
"""

from __future__ import annotations

import codecs
import tomllib
from pathlib import Path
from typing import Any

from reviewkit.exceptions import ReviewkitError

#: Byte order marks and the encodings they announce (UTF-32 before UTF-16: it starts the same).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_toml(path: str | Path, *, error: type[ReviewkitError], what: str) -> dict[str, Any]:
    """The tables of a TOML file, or ``error`` naming the file and what is wrong with it.

    Parameters
    ----------
    path
        The file.
    error
        The :class:`~reviewkit.exceptions.ReviewkitError` subclass to raise.
    what
        What the file is, for the message (``"case file"``, ``"rule file"``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reviewkit.exceptions import ManifestError
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "case.toml"
    >>> _ = p.write_bytes('title = "Café"\\n'.encode("utf-16"))
    >>> read_toml(p, error=ManifestError, what="case file")
    {'title': 'Café'}
    >>> _ = p.write_bytes('\\ntitle = "Café"\\n'.encode("cp1252"))
    >>> read_toml(p, error=ManifestError, what="case file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.ManifestError: .../case.toml: this case file is not UTF-8 text (line 2 holds the byte 0xe9, ...
    """
    path = Path(path)
    if path.is_dir():
        raise error(f"{path}: this is a folder, not a {what}; a {what} is a text file. Rename the folder.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: there is no such {what}.") from None
    except OSError as exc:
        raise error(f"{path}: the {what} cannot be read ({exc.strerror or exc}).") from None
    return parse_toml(decode_toml(data, str(path), error=error, what=what), str(path), error=error, what=what)


def decode_toml(data: bytes, where: str, *, error: type[ReviewkitError], what: str) -> str:
    r"""The text of a TOML file's bytes: UTF-8, or any Unicode with a byte order mark.

    Examples
    --------
    >>> from reviewkit.exceptions import ManifestError
    >>> decode_toml(b'\xef\xbb\xbfa = 1', "x.toml", error=ManifestError, what="case file")
    'a = 1'
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        binary = ": it holds binary data" if b"\x00" in data else ""
        raise error(
            f"{where}: this {what} is not UTF-8 text (line {line} holds the byte "
            f"0x{data[exc.start]:02x}, which UTF-8 does not allow{binary}). "
            f"Open it in a text editor and save it with the encoding 'UTF-8'."
        ) from None


def parse_toml(text: str, where: str, *, error: type[ReviewkitError], what: str) -> dict[str, Any]:
    """The tables of TOML text, or ``error`` naming ``where`` and the line TOML stopped at.

    Examples
    --------
    >>> from reviewkit.exceptions import ManifestError
    >>> parse_toml('title = "Child D', "case.toml", error=ManifestError, what="case file")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.ManifestError: case.toml: this is not valid TOML (Unterminated string (at end of document)). Check the quotes, brackets and commas on that line of the case file.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(
            f"{where}: this is not valid TOML ({exc}). Check the quotes, brackets and commas "
            f"on that line of the {what}."
        ) from None
    except RecursionError:
        raise error(
            f"{where}: this {what} nests lists or tables too deeply to be read (hundreds of "
            f"levels). No {what} needs more than a few: check its brackets."
        ) from None
