"""mali-conflict-data: a provenance-first dataset of the conflict in Mali.

Every row of every table is pinned to a verbatim quote of the article it was
coded from. Load the tables as typed pandas (or polars, or pyarrow) tables:

>>> import mali_conflict_data as mcd
>>> events = mcd.load("events")
>>> sorted(mcd.tables())[:3]
['actor_names', 'actor_relations', 'actors']
>>> mcd.describe("events")["column"].tolist()[:3]
['event_id', 'event_type', 'date_start']

Importing the package is light: the functions are imported on first use, so the
command line answers ``--help`` without pandas, and pandera and frictionless are
imported only by the validating and publishing commands.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.3.0.dev0"

# Public name -> the module defining it, imported on first use.
_LAZY = {
    "BuildError": "mali_conflict_data._errors",
    "BuildLockError": "mali_conflict_data._errors",
    "DamagedDataError": "mali_conflict_data._errors",
    "DataNotFoundError": "mali_conflict_data._errors",
    "DownloadError": "mali_conflict_data._errors",
    "MaliConflictDataError": "mali_conflict_data._errors",
    "MissingExtraError": "mali_conflict_data._errors",
    "ReleaseError": "mali_conflict_data._errors",
    "cite": "mali_conflict_data.citation",
    "data_dir": "mali_conflict_data.load",
    "deployments_on": "mali_conflict_data.strengths",
    "describe": "mali_conflict_data.dictionary",
    "diff": "mali_conflict_data.diff",
    "disagreements": "mali_conflict_data.disagreements",
    "download": "mali_conflict_data.download",
    "duckdb": "mali_conflict_data.query",
    "in_force": "mali_conflict_data.measures",
    "load": "mali_conflict_data.load",
    "load_all": "mali_conflict_data.load",
    "scan": "mali_conflict_data.query",
    "tables": "mali_conflict_data.load",
    "totals": "mali_conflict_data.totals",
}

if TYPE_CHECKING:
    from mali_conflict_data._errors import (
        BuildError,
        BuildLockError,
        DamagedDataError,
        DataNotFoundError,
        DownloadError,
        MaliConflictDataError,
        MissingExtraError,
        ReleaseError,
    )
    from mali_conflict_data.citation import cite
    from mali_conflict_data.dictionary import describe
    from mali_conflict_data.diff import diff
    from mali_conflict_data.disagreements import disagreements
    from mali_conflict_data.download import download
    from mali_conflict_data.load import data_dir, load, load_all, tables
    from mali_conflict_data.measures import in_force
    from mali_conflict_data.query import duckdb, scan
    from mali_conflict_data.strengths import deployments_on
    from mali_conflict_data.totals import totals


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mali_conflict_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


class _Package(types.ModuleType):
    """The package object: ``mcd.load`` stays the function even after its module is imported.

    Modules are named for what users run (``load``, ``download``, ``diff``,
    ``disagreements``), and importing a submodule binds it as an attribute of its
    package, over the public function of the same name. This refuses that one
    binding; the modules stay importable as ``from mali_conflict_data.load import ...``.
    """

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "BuildError",
    "BuildLockError",
    "DamagedDataError",
    "DataNotFoundError",
    "DownloadError",
    "MaliConflictDataError",
    "MissingExtraError",
    "ReleaseError",
    "__version__",
    "cite",
    "data_dir",
    "deployments_on",
    "describe",
    "diff",
    "disagreements",
    "download",
    "duckdb",
    "in_force",
    "load",
    "load_all",
    "scan",
    "tables",
    "totals",
]
