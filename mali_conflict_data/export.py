"""The release's other formats: the tables as CSV (for R and spreadsheets) and a GeoJSON.

The CSV package (``csv/datapackage.json`` and one ``csv/TABLE.csv`` per table)
is a Frictionless Data Package (v2; each resource also keeps the v1
``profile: tabular-data-resource`` that R needs) with the standard ``bytes`` and ``hash``
of each file, readable with ``frictionless::read_package()`` in R (whose
frictionless package reads CSV resources only) and openable in any spreadsheet.
Its Table Schemas are those of the Parquet tables, except that a list (aliases,
authors, actors, source ids) is one cell of names separated by ``"; "``, as in
``raw/``. ``events.geojson`` holds every located event of ``event_summary`` as
a point, for GIS software.

Both are written from a build (a folder holding ``datapackage.json``) by
:func:`write_csv_package` and :func:`write_geojson`, deterministically.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

from mali_conflict_data._hashing import sha256
from mali_conflict_data.load import _descriptor, _fields, _inside, _read_json, read_table, resource

LIST_SEPARATOR = "; "
#: The package-level properties the CSV package shares with ``datapackage.json``.
_PACKAGE_KEYS = (
    "$schema",
    "name",
    "title",
    "description",
    "version",
    "created",
    "homepage",
    "keywords",
    "contributors",
    "licenses",
    "sources",
)


def _csv_schema(folder: Path, name: str) -> dict:
    schema = copy.deepcopy(_descriptor_schema(folder, name))
    for field in schema["fields"]:
        if "arrayItem" in field:
            del field["arrayItem"]
            field["type"] = "string"
            field["description"] = (
                field["description"].replace(" A list of strings (Parquet list<string>).", "")
                + f" Names separated by {LIST_SEPARATOR!r} (a list in the Parquet table)."
            )
        elif field["type"] == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
    return schema


def _descriptor_schema(folder: Path, name: str) -> dict:
    entry = resource(folder, name)
    fields = _fields(folder, entry["schema"])  # confined, regular and well-formed, or damaged
    schema = dict(_read_json(_inside(folder, entry["schema"], "schema")))
    schema["fields"] = fields
    return schema


def _csv_cells(frame):
    import pandas as pd

    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and any(isinstance(v, list) for v in values):
            frame[column] = [LIST_SEPARATOR.join(v) for v in values]
        elif pd.api.types.is_datetime64_dtype(values.dtype):
            frame[column] = values.dt.strftime("%Y-%m-%d")
        elif str(values.dtype) == "boolean":
            frame[column] = values.map({True: "true", False: "false"}).astype("string")
    return frame


def write_csv_package(folder: str | os.PathLike, out: str | os.PathLike) -> Path:
    """Write the tables of the build in ``folder`` as CSV, with a ``datapackage.json``, in ``out``.

    >>> import tempfile, mali_conflict_data as mcd
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     descriptor = json.loads(write_csv_package(mcd.data_dir(), tmp).read_text())
    >>> descriptor["resources"][0]["path"], descriptor["resources"][0]["hash"][:7]
    ('sources.csv', 'sha256:')
    """
    folder, out = Path(folder), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    parquet = _descriptor(folder)
    resources = []
    for entry in parquet["resources"]:
        name = entry["name"]
        path = out / f"{name}.csv"
        frame = _csv_cells(read_table(folder, name))
        frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        resources.append(
            {
                "name": name,
                "type": "table",
                # R's frictionless package still requires the v1 profile on each resource.
                "profile": "tabular-data-resource",
                "path": path.name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": entry.get("description", ""),
                "bytes": path.stat().st_size,
                "hash": f"sha256:{sha256(path)}",
                "schema": _csv_schema(folder, name),
            }
        )
    descriptor = {key: parquet[key] for key in _PACKAGE_KEYS if key in parquet}
    descriptor["description"] = (
        descriptor.get("description", "") + " This copy holds the tables as CSV (UTF-8, "
        f"comma-separated, lists as names separated by {LIST_SEPARATOR!r}) for R and spreadsheets."
    )
    descriptor["resources"] = resources
    target = out / "datapackage.json"
    target.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def _json_value(value):
    import pandas as pd

    if isinstance(value, list):
        return value
    if pd.isna(value):
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def events_geojson(folder: str | os.PathLike) -> dict:
    """A GeoJSON FeatureCollection of every event of ``event_summary`` that has coordinates.

    Each feature is a point (longitude, latitude) with the event's summary as
    properties; ``geo_precision`` says what the point stands for (a site, a
    settlement's centre, a region's centre...).

    >>> import mali_conflict_data as mcd
    >>> collection = events_geojson(mcd.data_dir())
    >>> collection["features"][0]["geometry"]["type"]
    'Point'
    """
    summary = read_table(Path(folder), "event_summary")
    located = summary[summary["latitude"].notna() & summary["longitude"].notna()]
    features = []
    for row in located.sort_values("event_id").to_dict("records"):
        properties = {
            k: _json_value(v) for k, v in row.items() if k not in ("latitude", "longitude")
        }
        features.append(
            {
                "type": "Feature",
                "id": row["event_id"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["longitude"]), float(row["latitude"])],
                },
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(folder: str | os.PathLike, path: str | os.PathLike) -> Path:
    """Write :func:`events_geojson` of the build in ``folder`` to ``path``."""
    path = Path(path)
    collection = events_geojson(folder)
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
