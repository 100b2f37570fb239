"""The map's geography: the committed country outlines and where each event is drawn.

``boundaries.json`` (Natural Earth via world-atlas, derived by
``scripts/derive_boundaries.py``) holds each country as rings of longitude and
latitude. :func:`shapes` turns them into GeoJSON for Vega-Lite's ``geoshape``;
:func:`placed` says for each event whether it is a point (located to a site or
settlement) or only an area (admin1, region, country), which is named, never
drawn as a false point.

>>> shapes()["features"][0]["geometry"]["type"]
'MultiPolygon'
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["BOX", "POINT_PRECISIONS", "people", "placed", "projection", "shapes"]

BOX = (-18.0, 5.0, 17.0, 30.0)  # west, south, east, north (degrees) shown on the map
POINT_PRECISIONS = ("site", "settlement")
_FILE = Path(__file__).with_name("boundaries.json")


def _clockwise(ring: list[list[float]]) -> list[list[float]]:
    """The ring wound clockwise (d3-geo's exterior), closed."""
    area = sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    ring = ring if area < 0 else ring[::-1]
    return ring if ring[0] == ring[-1] else [*ring, ring[0]]


def _label_point(rings: list[list[list[float]]]) -> tuple[float, float]:
    """The middle of the country's extent inside the map's box (where its name goes)."""
    west, south, east, north = BOX
    inside = [
        (x, y) for ring in rings for x, y in ring if west <= x <= east and south <= y <= north
    ]
    xs, ys = [p[0] for p in inside], [p[1] for p in inside]
    return round((min(xs) + max(xs)) / 2, 2), round((min(ys) + max(ys)) / 2, 2)


def source() -> dict[str, str]:
    """Where the outlines come from and their licence.

    >>> source()["licence"].startswith("Natural Earth: public domain")
    True
    """
    data = json.loads(_FILE.read_text("utf-8"))
    return {"source": data["source"], "licence": data["licence"]}


def shapes() -> dict:
    """The country outlines as a GeoJSON FeatureCollection (name and label point per country)."""
    data = json.loads(_FILE.read_text("utf-8"))
    features = []
    for feature in data["features"]:
        lon, lat = _label_point(feature["rings"])
        features.append(
            {
                "type": "Feature",
                "id": feature["id"],
                "properties": {"name": feature["name"], "label_lon": lon, "label_lat": lat},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[_clockwise(ring)] for ring in feature["rings"]],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def projection(width: int) -> tuple[dict, int]:
    """An equirectangular projection showing :data:`BOX` ``width`` pixels wide, and its height.

    >>> projection(700)[1]
    500
    """
    import math

    west, south, east, north = BOX
    scale = width / math.radians(east - west)
    height = round(math.radians(north - south) * scale)
    return (
        {
            "type": "equirectangular",
            "scale": round(scale, 3),
            "center": [(west + east) / 2, (south + north) / 2],
            "translate": [width / 2, height / 2],
            "clipExtent": [[0, 0], [width, height]],
        },
        height,
    )


def people(summary: pd.DataFrame, outcomes: list[str]) -> pd.Series:
    """People affected per event: the smallest article total per outcome, summed.

    ``summary`` is ``event_summary`` (where a subset figure is counted once, within
    its whole); an outcome no article reports adds nothing.

    >>> frame = pd.DataFrame({"killed_low": pd.array([4, None], "Int64"),
    ...                       "injured_low": pd.array([15, None], "Int64")})
    >>> people(frame, ["killed", "injured"]).tolist()
    [19, 0]
    """
    columns = [f"{o}_low" for o in outcomes if f"{o}_low" in summary]
    return summary[columns].fillna(0).sum(axis=1).astype("int64")


def placed(summary: pd.DataFrame) -> pd.Series:
    """How each event of ``event_summary`` is drawn: ``point``, ``area`` or ``not located``.

    >>> frame = pd.DataFrame({"geo_precision": ["settlement", "region", None],
    ...                       "latitude": [14.0, 19.0, None]})
    >>> placed(frame).tolist()
    ['point', 'area', 'not located']
    """
    precision = summary["geo_precision"].astype("string")
    located = summary["latitude"].notna() & precision.notna()
    kind = precision.isin(POINT_PRECISIONS).fillna(False).map({True: "point", False: "area"})
    return kind.where(located.to_numpy(), "not located").astype(str)
