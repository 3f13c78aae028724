"""Readers that turn an agency file into raw tables: cells as the file holds them.

Each reader returns a list of :class:`~reviewkit.load.readers.raw_table.RawTable`; the loader then
finds the header, maps the columns and parses the cells. Readers never guess meaning.
"""

from reviewkit.load.readers.any_file import read_tables
from reviewkit.load.readers.raw_table import RawTable

__all__ = ["RawTable", "read_tables"]
