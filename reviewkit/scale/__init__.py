"""Many cases, or more entries than one process holds: Dask partitions, extracts in pieces.

The folder's modules import pandas, Arrow and the process pool when they are used; this
package itself holds only what the command line needs to describe its options.
"""

#: Entries per piece by default: about 0.75 GiB of memory per worker at its busiest while it
#: checks one (measured on a synthetic extract in the chronology's columns).
ENTRIES_PER_PIECE: int = 1_000_000
