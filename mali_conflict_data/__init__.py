"""mali-conflict-data: a provenance-first dataset of the conflict in Mali.

Every row of every table is pinned to a verbatim quote of the article it was
coded from. Load the tables as typed pandas DataFrames:

>>> import mali_conflict_data as mcd
>>> events = mcd.load("events")
>>> sorted(mcd.tables())[:4]
['actor_names', 'actor_relations', 'actors', 'casualties']

Importing the package is light: pandera and frictionless are imported only by
the validating and publishing commands.
"""

from mali_conflict_data.compare import diff, disagreements
from mali_conflict_data.loading import data_dir, load, load_all, tables
from mali_conflict_data.release import download

__version__ = "0.1.0"


__all__ = [
    "__version__",
    "data_dir",
    "diff",
    "disagreements",
    "download",
    "load",
    "load_all",
    "tables",
]
