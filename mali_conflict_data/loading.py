"""Load the published tables as typed pandas DataFrames, offline.

The tables ship with the package (``mali_conflict_data/data/`` in a wheel); in a
checkout of the repository they are read from ``build/`` beside the package.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA_ENV = "MALI_CONFLICT_DATA_DIR"
_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` and ``build/*.parquet``.

    ``$MALI_CONFLICT_DATA_DIR`` overrides it (for example to read a downloaded release).

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    override = os.environ.get(DATA_ENV)
    candidates = [Path(override)] if override else [_PACKAGE / "data", _PACKAGE.parent]
    for folder in candidates:
        if (folder / "datapackage.json").is_file():
            return folder
    raise FileNotFoundError(
        "No published tables found (looked for datapackage.json in "
        + ", ".join(str(c) for c in candidates)
        + "). Reinstall the package, or in a checkout run `mali-conflict-data build`."
    )


def _descriptor(folder: Path) -> dict:
    return _read_json(folder / "datapackage.json")


def _read_json(path: Path) -> dict:
    """A JSON file, parsed once per version of the file (keyed by its modification time)."""
    return _parse_json(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _parse_json(path: Path, mtime_ns: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def tables() -> list[str]:
    """Names of the published tables, in dependency order.

    >>> tables()[0]
    'sources'
    """
    return table_names(data_dir())


def load(name: str, version: str | None = None) -> pd.DataFrame:
    """Load one table with exact types.

    Dates are ``datetime.date`` values, counts nullable ``Int64``, vocabularies
    categoricals and aliases lists of strings. ``version`` loads another release,
    downloading it once (see :func:`mali_conflict_data.download`).

    >>> casualties = load("casualties")
    >>> str(casualties["best"].dtype)
    'Int64'
    """
    return read_table(_folder(version), name)


def _folder(version: str | None) -> Path:
    from mali_conflict_data import __version__

    if version is None or version == __version__:
        return data_dir()
    from mali_conflict_data.release import download

    return download(version)


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read one table from a folder holding a ``datapackage.json`` (a build or a release)."""
    resources = {r["name"]: r for r in _descriptor(Path(folder))["resources"]}
    if name not in resources:
        raise ValueError(f"Unknown table {name!r}; choose one of: {', '.join(resources)}")
    frame = pd.read_parquet(Path(folder) / resources[name]["path"])
    for field in _fields(Path(folder), resources[name]["schema"]):
        if "arrayItem" in field:
            frame[field["name"]] = [list(v) for v in frame[field["name"]]]
    return frame


def primary_key(folder: Path, name: str) -> list[str]:
    """Primary key of a table, from the Table Schema beside its ``datapackage.json``."""
    resource = next(r for r in _descriptor(Path(folder))["resources"] if r["name"] == name)
    return _read_json(Path(folder) / resource["schema"])["primaryKey"]


def table_names(folder: Path) -> list[str]:
    """Names of the tables described by the ``datapackage.json`` in ``folder``."""
    return [resource["name"] for resource in _descriptor(Path(folder))["resources"]]


def _fields(folder: Path, schema_path: str) -> list[dict]:
    return _read_json(folder / schema_path)["fields"]


def load_all(version: str | None = None) -> dict[str, pd.DataFrame]:
    """Load every table, by name (of this package's release, or of ``version``).

    >>> frames = load_all()
    >>> "events" in frames
    True
    """
    folder = _folder(version)
    return {name: read_table(folder, name) for name in table_names(folder)}
