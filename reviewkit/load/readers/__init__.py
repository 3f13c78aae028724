"""Readers that turn an agency file into raw tables: cells as the file holds them.

Each reader returns a list of :class:`~reviewkit.load.readers.table.RawTable`; the loader then
finds the header, maps the columns and parses the cells. Readers never guess meaning.
"""

from reviewkit.load.readers.table import RawTable, read_tables

__all__ = ["RawTable", "read_tables"]
