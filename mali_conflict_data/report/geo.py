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

from mali_conflict_data import model

__all__ = ["BOX", "POINT_PRECISIONS", "killed", "labels", "placed", "projection", "shapes"]

BOX = (-18.0, 5.0, 17.0, 30.0)  # west, south, east, north (degrees) shown on the map
POINT_PRECISIONS = tuple(model.POINT_PRECISIONS)
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


def killed(summary: pd.DataFrame) -> pd.Series:
    """People killed per event: the smallest article total (missing when none gives one).

    A figure of one outcome only, never added to others (injured, detained...), and
    no figure stays missing, never 0.

    >>> frame = pd.DataFrame({"killed_low": pd.array([4, None], "Int64")})
    >>> killed(frame).tolist()
    [4, <NA>]
    """
    column = f"{model.HEADLINE_OUTCOME}_low"
    if column not in summary:
        return pd.Series(pd.NA, index=summary.index, dtype="Int64")
    return summary[column].astype("Int64")


def _pixel(projection: dict, lon: float, lat: float) -> tuple[float, float]:
    """Where an equirectangular :func:`projection` puts a point, in pixels."""
    import math

    (cx, cy), (tx, ty) = projection["center"], projection["translate"]
    scale = projection["scale"]
    return tx + scale * math.radians(lon - cx), ty - scale * math.radians(lat - cy)


def _degrees(projection: dict, x: float, y: float) -> tuple[float, float]:
    import math

    (cx, cy), (tx, ty) = projection["center"], projection["translate"]
    scale = projection["scale"]
    return cx + math.degrees((x - tx) / scale), cy - math.degrees((y - ty) / scale)


def labels(
    items: list[dict], projection: dict, size: tuple[int, int], font_px: float = 11
) -> list[dict]:
    """Place a label beside each marker so that no two labels or markers overlap.

    ``items`` have ``longitude``, ``latitude``, ``text`` and ``radius`` (of the
    marker, in pixels), largest first. Each label tries right, left, above, below
    (then one line further out) and takes the first spot that overlaps nothing placed yet
    and stays inside the map. Returns ``{"longitude", "latitude", "text",
    "align"}`` records (the point the text is anchored at); an item with no free
    spot is left out (its name is in the table).

    >>> proj = {"center": [0, 0], "translate": [100, 100], "scale": 100}
    >>> two = [{"longitude": 0, "latitude": 0, "text": t, "radius": 4} for t in "AB"]
    >>> found = labels(two, proj, (200, 200))
    >>> [r["align"] for r in found]
    ['left', 'right']
    """
    width, height = size
    boxes: list[tuple[float, float, float, float]] = []
    for item in items:
        x, y = _pixel(projection, item["longitude"], item["latitude"])
        r = item["radius"]
        boxes.append((x - r, y - r, x + r, y + r))

    def free(box) -> bool:
        x0, y0, x1, y1 = box
        inside = x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height
        return inside and all(x1 <= a or x0 >= c or y1 <= b or y0 >= d for a, b, c, d in boxes)

    placed_labels = []
    for item in items:
        x, y = _pixel(projection, item["longitude"], item["latitude"])
        w, h = len(item["text"]) * font_px * 0.56 + 4, font_px * 1.3
        gap = item["radius"] + 3
        for step in (0, 1):  # further out, a label would seem to name another marker
            far = gap + step * h
            spots = [
                ("left", x + far, y, (x + far, y - h / 2, x + far + w, y + h / 2)),
                ("right", x - far, y, (x - far - w, y - h / 2, x - far, y + h / 2)),
                ("center", x, y - far - h / 2, (x - w / 2, y - far - h, x + w / 2, y - far)),
                ("center", x, y + far + h / 2, (x - w / 2, y + far, x + w / 2, y + far + h)),
            ]
            spot = next((s for s in spots if free(s[3])), None)
            if spot:
                break
        if spot is None:
            continue
        align, ax, ay, box = spot
        boxes.append(box)
        lon, lat = _degrees(projection, ax, ay)
        placed_labels.append(
            {
                "longitude": round(lon, 4),
                "latitude": round(lat, 4),
                "text": item["text"],
                "align": align,
            }
        )
    return placed_labels


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
