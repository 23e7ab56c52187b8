"""Similar gemeenten: nearest neighbours on size and deprivation.

Method: each current gemeente is described by (1) size, the natural log of its children under 5
on 1 January 2019 (CBS 70072NED, gemeenten of 2019 summed onto the current division), and (2)
deprivation, the published share of children born in a vulnerable family (``ks11``) and of
women with debts in the year of birth (``ks08``), as each indicator's map shows them (the latest
figure, or the latest pooled window; see ``kansrijk.publish.latest``). Each feature is standardised
(z-score over the gemeenten that have the feature); neighbours are the smallest Euclidean
distances. A suppressed deprivation value is left out of that pair's distance, which is scaled
up by sqrt(features / features compared) (pairwise deletion, as in Gower's coefficient). This
follows the "nearest neighbours" comparator groups of OHID Fingertips / CIPFA, reduced to the
features kansrijk publishes.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
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


def features(page: NationalPage, areas: AreaRegistry) -> dict[str, list[float | None]]:
    """Per current gemeente the raw features (log size, deprivation values or None if not published)."""
    ids = [next((m for m in sorted(page.gemeenten) if m.startswith(p)), None) for p in DEPRIVATION_PREFIXES]
    size = sizes(areas)
    out: dict[str, list[float | None]] = {}
    for area in areas.gemeenten():
        if size.get(area.code, 0) <= 0:
            continue
        vector: list[float | None] = [math.log(size[area.code])]
        for measure_id in ids:
            if measure_id is None:
                continue
            fig = page.gemeenten[measure_id].get(area.code)
            vector.append(float(fig.value) if fig is not None and fig.published and fig.value is not None else None)
        out[area.code] = vector
    return out


def standardise(vectors: dict[str, list[float | None]]) -> dict[str, list[float | None]]:
    """Z-scores per feature over the known values (population standard deviation); a constant
    feature becomes 0, an unknown value stays None."""
    if not vectors:
        return {}
    width = len(next(iter(vectors.values())))
    scaled: dict[str, list[float | None]] = {code: [None] * width for code in vectors}
    for i in range(width):
        known = {c: v[i] for c, v in vectors.items() if v[i] is not None}
        if not known:
            continue
        mean = sum(known.values()) / len(known)  # type: ignore[arg-type]
        sd = math.sqrt(sum((x - mean) ** 2 for x in known.values()) / len(known))  # type: ignore[operator]
        for code, x in known.items():
            scaled[code][i] = (x - mean) / sd if sd else 0.0  # type: ignore[operator]
    return scaled


def distance(a: Sequence[float | None], b: Sequence[float | None]) -> float | None:
    """Euclidean distance over the features both know, scaled to all features; None if none shared."""
    shared = [(x - y) ** 2 for x, y in zip(a, b) if x is not None and y is not None]
    if not shared:
        return None
    return math.sqrt(sum(shared) * len(a) / len(shared))


def nearest(page: NationalPage, areas: AreaRegistry, code: str, count: int = 5) -> list[Neighbour]:
    """The ``count`` gemeenten closest to ``code``; empty when ``code`` has no features."""
    scaled = standardise(features(page, areas))
    own = scaled.get(code)
    if own is None:
        return []
    ranked = sorted(
        (d, other) for other, vector in scaled.items()
        if other != code and (d := distance(own, vector)) is not None
    )
    return [Neighbour(other, areas.get(other).name, round(d, 3)) for d, other in ranked[:count]]
