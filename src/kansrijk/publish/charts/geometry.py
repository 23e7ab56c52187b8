"""Gemeente boundaries for the maps: read once from the packaged GeoJSON, projected and simplified.

Projection: equirectangular with the longitude scaled by cos(52°), the latitude through the middle
of the Netherlands, which keeps shapes within a few percent of a conformal map at this size.
Simplification: Douglas & Peucker (1973), "Algorithms for the reduction of the number of points
required to represent a digitized line", Cartographica 10(2):112-122, with a tolerance in pixels.
Bron: CBS/PDOK (CC BY 4.0), via cartomap/nl (see ``kansrijk/data/boundaries/README.md``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kansrijk.publish.charts.svg import num

BOUNDARIES = "gemeente_2023_wgs84.geojson"
LONGITUDE_SCALE = math.cos(math.radians(52.0))

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Shape:
    """One gemeente: code, name and its rings projected to x (east) and y (south) in degrees."""

    code: str
    name: str
    rings: tuple[Ring, ...]


def _open(ring: list[list[float]]) -> list[list[float]]:
    return ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """Every gemeente of the packaged boundaries, projected; parsed once per process."""
    raw = (
        resources.files("kansrijk")
        .joinpath("data", "boundaries", BOUNDARIES)
        .read_text(encoding="utf-8")
    )
    result = []
    for feature in json.loads(raw)["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings = tuple(
            tuple((lon * LONGITUDE_SCALE, -lat) for lon, lat in _open(ring))
            for polygon in polygons
            for ring in polygon
        )
        props = feature["properties"]
        result.append(Shape(str(props["statcode"]), str(props["statnaam"]), rings))
    return tuple(sorted(result, key=lambda shape: shape.code))


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Gemeente code -> name in the packaged boundaries (2023 division)."""
    return {shape.code: shape.name for shape in shapes()}


def _bounds() -> tuple[float, float, float, float]:
    xs = [x for shape in shapes() for ring in shape.rings for x, _ in ring]
    ys = [y for shape in shapes() for ring in shape.rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def map_height(width: float, pad: float = 4.0) -> float:
    """Height in pixels of the map of the Netherlands drawn ``width`` pixels wide."""
    left, top, right, bottom = _bounds()
    return (width - 2 * pad) * (bottom - top) / (right - left) + 2 * pad


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the points further than ``tolerance`` from the simplified line."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, worst_index = 0.0, -1
        for index in range(first + 1, last):
            px, py = points[index]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > worst:
                worst, worst_index = distance, index
        if worst > tolerance and worst_index > 0:
            keep[worst_index] = True
            stack.extend(((first, worst_index), (worst_index, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _ring_path(ring: list[tuple[float, float]], tolerance: float) -> str:
    # split the closed ring at its far point so both halves have distinct ends to simplify between
    far = max(
        range(len(ring)),
        key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2,
    )
    simple = (
        simplify(ring[: far + 1], tolerance)[:-1] + simplify(ring[far:] + ring[:1], tolerance)[:-1]
    )
    if len(simple) < 3:
        simple = ring
    coords: list[str] = []
    for x, y in simple:
        point = f"{num(round(x, 1))},{num(round(y, 1))}"
        if not coords or coords[-1] != point:
            coords.append(point)
    return "M" + " ".join(coords) + "Z"


@lru_cache(maxsize=16)
def paths(width: float, tolerance: float = 0.35, pad: float = 4.0) -> tuple[tuple[Shape, str], ...]:
    """Each gemeente with its SVG path ``d`` for a map ``width`` pixels wide (cached per size)."""
    left, top, right, _ = _bounds()
    factor = (width - 2 * pad) / (right - left)
    result = []
    for shape in shapes():
        parts = []
        for ring in shape.rings:
            pixels = [((x - left) * factor + pad, (y - top) * factor + pad) for x, y in ring]
            parts.append(_ring_path(pixels, tolerance))
        result.append((shape, "".join(parts)))
    return tuple(result)
