"""Approximate bounding boxes of the countries the dataset places locations in.

Outside facts, rounded outward to a tenth of a degree from the Natural Earth
country outlines: (min latitude, max latitude, min longitude, max longitude).
Add a country here before coding a location in it.
"""

from __future__ import annotations

COUNTRY_BOUNDS: dict[str, tuple[float, float, float, float]] = {
    "MLI": (10.1, 25.1, -12.3, 4.3),
    "DZA": (18.9, 37.1, -8.7, 12.0),
    "NER": (11.6, 23.6, 0.1, 16.0),
    "BFA": (9.4, 15.1, -5.6, 2.5),
    "MRT": (14.7, 27.3, -17.1, -4.8),
    "SEN": (12.3, 16.7, -17.6, -11.3),
    "GIN": (7.1, 12.7, -15.1, -7.6),
    "CIV": (4.3, 10.8, -8.7, -2.4),
    "TCD": (7.4, 23.5, 13.4, 24.0),
    "LBY": (19.5, 33.2, 9.3, 25.2),
    "NGA": (4.2, 13.9, 2.6, 14.7),
}


def inside(bounds: tuple[float, float, float, float], latitude: float, longitude: float) -> bool:
    """Whether a point lies within a bounding box."""
    south, north, west, east = bounds
    return south <= latitude <= north and west <= longitude <= east
