"""Derive mali_conflict_data/report/boundaries.json from Natural Earth via `world-atlas`.

Usage (outside the repository)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/derive_boundaries.py package/countries-10m.json

Decodes the TopoJSON arcs of Mali and its seven neighbours, rounds coordinates to
0.01 degree (about a kilometre) and drops repeated points, and writes a small
GeoJSON-like file.
Natural Earth data are in the public domain; world-atlas is ISC-licensed (Mike Bostock).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COUNTRIES = {
    "466": "Mali",
    "012": "Algeria",
    "562": "Niger",
    "854": "Burkina Faso",
    "384": "Côte d'Ivoire",
    "324": "Guinea",
    "686": "Senegal",
    "478": "Mauritania",
}
PER_DEGREE = 100  # coordinates rounded to 1/100 degree
OUT = Path(__file__).resolve().parents[1] / "mali_conflict_data" / "report" / "boundaries.json"


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        for lon, lat in points:
            point = [round(lon * PER_DEGREE) / PER_DEGREE, round(lat * PER_DEGREE) / PER_DEGREE]
            if not ring or ring[-1] != point:
                ring.append(point)
    return ring


def main(path: str) -> None:
    """Write the derived boundaries file from a world-atlas TopoJSON file."""
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    scale = Path(path).stem.rsplit("-", 1)[-1]  # countries-10m.json: 10m
    arcs = _arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") not in COUNTRIES:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        features.append({"id": geometry["id"], "name": COUNTRIES[geometry["id"]], "rings": rings})
    features.sort(key=lambda f: f["name"])
    document = {
        "source": f"Natural Earth 1:{scale} admin 0 countries, via npm world-atlas 2.0.2 "
        f"({Path(path).name}), rounded to 1/{PER_DEGREE} degree by "
        "scripts/derive_boundaries.py",
        "licence": "Natural Earth: public domain; world-atlas packaging: ISC, Mike Bostock",
        "features": features,
    }
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
