"""mali-conflict-data: a provenance-first dataset of the conflict in Mali.

Every row of every table is pinned to a verbatim quote of the article it was
coded from. Load the tables as typed pandas (or polars, or pyarrow) tables:

>>> import mali_conflict_data as mcd
>>> events = mcd.load("events")
>>> sorted(mcd.tables())[:4]
['actor_names', 'actor_relations', 'actors', 'casualties']
>>> mcd.describe("events")["column"].tolist()[:3]
['event_id', 'event_type', 'date_start']

Importing the package is light: the functions are imported on first use, so the
command line answers ``--help`` without pandas, and pandera and frictionless are
imported only by the validating and publishing commands.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Public name -> the module defining it, imported on first use.
_LAZY = {
    "DamagedDataError": "mali_conflict_data._errors",
    "DataNotFoundError": "mali_conflict_data._errors",
    "DownloadError": "mali_conflict_data._errors",
    "cite": "mali_conflict_data.citation",
    "data_dir": "mali_conflict_data.loading",
    "describe": "mali_conflict_data.dictionary",
    "diff": "mali_conflict_data.compare",
    "disagreements": "mali_conflict_data.compare",
    "download": "mali_conflict_data.release",
    "load": "mali_conflict_data.loading",
    "load_all": "mali_conflict_data.loading",
    "tables": "mali_conflict_data.loading",
}

if TYPE_CHECKING:
    from mali_conflict_data._errors import DamagedDataError, DataNotFoundError, DownloadError
    from mali_conflict_data.citation import cite
    from mali_conflict_data.compare import diff, disagreements
    from mali_conflict_data.dictionary import describe
    from mali_conflict_data.loading import data_dir, load, load_all, tables
    from mali_conflict_data.release import download


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mali_conflict_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "DamagedDataError",
    "DataNotFoundError",
    "DownloadError",
    "__version__",
    "cite",
    "data_dir",
    "describe",
    "diff",
    "disagreements",
    "download",
    "load",
    "load_all",
    "tables",
]
