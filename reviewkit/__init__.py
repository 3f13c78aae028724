"""reviewkit: multi-agency chronologies for child safeguarding practice reviews."""

from reviewkit.exceptions import (
    DataQualityWarning,
    DateParseError,
    LoadError,
    ManifestError,
    ReviewkitError,
    VocabularyError,
)

__version__ = "0.1.0"

__all__ = [
    "DataQualityWarning",
    "DateParseError",
    "LoadError",
    "ManifestError",
    "ReviewkitError",
    "VocabularyError",
    "__version__",
]
