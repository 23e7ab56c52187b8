"""Similar gemeenten: nearest neighbours on size and deprivation.

Method: each current gemeente is described by (1) size, the natural log of its children under 5
on 1 January 2019 (CBS 70072NED, gemeenten of 2019 summed onto the current division), and (2)
deprivation, the published share of children born in a vulnerable family (``ks11``) and of
women with debts in the year of birth (``ks08``), the latest period. Each feature is standardised
(z-score over the gemeenten that have all features); neighbours are the smallest Euclidean
distances. This follows the "nearest neighbours" comparator groups of OHID Fingertips / CIPFA,
reduced to the features kansrijk publishes.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kansrijk.areas import AreaRegistry
from kansrijk.publish.context import NationalPage

DEPRIVATION_PREFIXES = ("ks11", "ks08")


@dataclass(frozen=True)
class Neighbour:
    """A similar gemeente and its distance (in standard deviations)."""

    code: str
    name: str
    distance: float


@lru_cache(maxsize=1)
def _under5_2019() -> dict[str, int]:
    path = resources.files("kansrijk") / "data" / "areas" / "population_2019.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["code"]: int(row["under5"]) for row in csv.DictReader(handle)}


def sizes(areas: AreaRegistry) -> dict[str, float]:
    """Children under 5 in 2019 per current gemeente (older codes carried onto their successor)."""
    out: dict[str, float] = {}
    for code, count in _under5_2019().items():
        current = areas.current_code(code, 2019)
        out[current] = out.get(current, 0.0) + count
    return out


def features(page: NationalPage, areas: AreaRegistry) -> dict[str, list[float]]:
    """Per current gemeente the raw feature vector (log size, deprivation values); incomplete ones left out."""
    ids = [next((m for m in sorted(page.gemeenten) if m.startswith(p)), None) for p in DEPRIVATION_PREFIXES]
    size = sizes(areas)
    out: dict[str, list[float]] = {}
    for area in areas.gemeenten():
        if size.get(area.code, 0) <= 0:
            continue
        vector = [math.log(size[area.code])]
        for measure_id in ids:
            if measure_id is None:
                continue
            fig = page.gemeenten[measure_id].get(area.code)
            if fig is None or not fig.published or fig.value is None:
                break
            vector.append(float(fig.value))
        else:
            out[area.code] = vector
    return out


def standardise(vectors: dict[str, list[float]]) -> dict[str, list[float]]:
    """Z-scores per feature (population standard deviation); a constant feature becomes 0."""
    if not vectors:
        return {}
    width = len(next(iter(vectors.values())))
    means = [sum(v[i] for v in vectors.values()) / len(vectors) for i in range(width)]
    sds = [math.sqrt(sum((v[i] - means[i]) ** 2 for v in vectors.values()) / len(vectors)) for i in range(width)]
    return {c: [(v[i] - means[i]) / sds[i] if sds[i] else 0.0 for i in range(width)] for c, v in vectors.items()}


def nearest(page: NationalPage, areas: AreaRegistry, code: str, count: int = 5) -> list[Neighbour]:
    """The ``count`` gemeenten closest to ``code``; empty when ``code`` lacks a feature."""
    scaled = standardise(features(page, areas))
    own = scaled.get(code)
    if own is None:
        return []
    ranked = sorted(
        (math.dist(own, vector), other) for other, vector in scaled.items() if other != code
    )
    return [Neighbour(other, areas.get(other).name, round(d, 3)) for d, other in ranked[:count]]
