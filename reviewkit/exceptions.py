"""The errors and warnings reviewkit raises.

Every message is written for a reviewer, not a programmer: it names the file,
row and column where it can, repeats the bad value and says what would work.
"""

from __future__ import annotations


class ReviewkitError(Exception):
    """Base class of every error reviewkit raises on purpose."""


class DateParseError(ReviewkitError, ValueError):
    """A date (as written) that reviewkit cannot read without guessing.

    Examples
    --------
    >>> from reviewkit import parse_date
    >>> parse_date("29/02/2015")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.DateParseError: '29/02/2015' is not a real date: 2015 has no 29 February.
    """


class LoadError(ReviewkitError, ValueError):
    """An agency file (or a case folder) that cannot be loaded as a chronology."""


class ManifestError(LoadError):
    """A ``case.toml`` that is missing a required field or names a file that is not there."""


class VocabularyError(ReviewkitError, ValueError):
    """A vocabulary or agency-alias file that is malformed."""


class DurationError(ReviewkitError, ValueError):
    """A duration in a rule that cannot be read."""


class DataQualityWarning(UserWarning):
    """Rows loaded, but some of them could not be read cleanly (see their ``issues``)."""


class PublicationError(ReviewkitError, ValueError):
    """A file meant for publication would still show a listed name or an exact date.

    The message says where (column and row, or part of the report) so it can be fixed,
    usually by adding the name to the anonymisation mapping. Nothing is written.
    """


class ExportError(ReviewkitError, ValueError):
    """An output (export, report, figure) reviewkit cannot write: a file type it does not write,
    or columns an export does not have. The message lists what would work."""


class DecisionsError(ReviewkitError, ValueError):
    """A decisions file (or a decision) that cannot be read: the message says where and why."""
