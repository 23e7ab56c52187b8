"""What the demo generator needs from the area tables: today's gemeenten with their 2019 size and
province, and for every year the codes valid then (the carry table).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from kansrijk.area_tables import packaged_tables, population_2019
from kansrijk.errors import UnknownArea

# A predecessor code with no 2019 population (dissolved before 2019) is weighted as a gemeente of this
# many children under 5 when its successor's births are shared out; about the median 2019 gemeente.
UNKNOWN_PREDECESSOR_UNDER5 = 1_300.0


@dataclass(frozen=True)
class DemoAreas:
    """Today's gemeenten (index ``i`` in every array) and the codes valid in each year.

    ``carry`` holds (year, code of that year, current code); ``weight`` gives each code of a year its
    share of its current gemeente's births (2019 under-5 population, or the documented default).
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    province: tuple[str, ...]
    population: np.ndarray
    under5: np.ndarray
    carry: tuple[tuple[int, str, str], ...]
    under5_2019: dict[str, int]

    def index(self, code: str) -> int:
        """Position of a current gemeente code in the arrays."""
        try:
            return self.codes.index(code)
        except ValueError:
            raise UnknownArea(f"onbekende gemeentecode: {code}") from None

    def year_units(self, year: int) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Codes valid in ``year``, the index of their current gemeente, and their share of its births."""
        rows = [(code, current) for y, code, current in self.carry if y == year]
        if not rows:
            raise UnknownArea(f"geen gemeentecodes bekend voor het jaar {year}")
        codes = [code for code, _ in rows]
        current = np.array([self.index(cur) for _, cur in rows], dtype=np.int64)
        weight = np.array(
            [float(self.under5_2019.get(code, UNKNOWN_PREDECESSOR_UNDER5)) for code in codes]
        )
        total = np.bincount(current, weights=weight, minlength=len(self.codes))
        return codes, current, weight / total[current]


def load_demo_areas(current_year: int | None = None) -> DemoAreas:
    """Today's gemeenten from the packaged area tables (CBS/PDOK), with 2019 populations (CBS 70072NED).

    A current gemeente's 2019 population is the sum over the 2019 codes that became it.
    """
    tables = packaged_tables()
    year = current_year if current_year is not None else tables.current_year
    pop = {p.code: p for p in population_2019()}
    current_codes = sorted({cur for y, _, cur in tables.carry if y == year})
    names = {g.code: g.name for g in tables.gemeenten}
    population = dict.fromkeys(current_codes, 0)
    under5 = dict.fromkeys(current_codes, 0)
    for y, code, current in tables.carry:
        if y == 2019 and code in pop:
            population[current] += pop[code].population
            under5[current] += pop[code].under5
    missing = [c for c in current_codes if under5[c] == 0]
    if missing:
        raise UnknownArea("geen bevolking 2019 voor: " + ", ".join(missing))
    return DemoAreas(
        codes=tuple(current_codes),
        names=tuple(names.get(c, c) for c in current_codes),
        province=tuple(tables.regions[c][0] for c in current_codes),
        population=np.array([population[c] for c in current_codes], dtype=float),
        under5=np.array([under5[c] for c in current_codes], dtype=float),
        carry=tuple(_sorted(tables.carry)),
        under5_2019={code: p.under5 for code, p in pop.items()},
    )


def _sorted(carry: Iterable[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    return sorted(carry)
