"""The packaged area tables (``kansrijk/data/areas/*.csv``) read into plain Python structures.

The tables are derived from CBS/PDOK reference data by ``scripts/build_area_tables.py``; their
provenance is in ``data/areas/README.md`` and the rules behind them in ``docs/areas.md``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FIRST_YEAR = 2015
CURRENT_YEAR = 2025


@dataclass(frozen=True)
class GemeenteRow:
    """One gemeente code valid in some year FIRST_YEAR..CURRENT_YEAR."""

    code: str
    name: str
    valid_from: int
    valid_to: int | None
    successor: str | None


@dataclass(frozen=True)
class HigherAreaRow:
    """A province, GGD region, jeugdregio or the Netherlands."""

    code: str
    name: str
    level: str


@dataclass(frozen=True)
class Population2019:
    """CBS population of a 2019 gemeente on 1 January 2019: everyone, and children under 5."""

    code: str
    name: str
    population: int
    under5: int


@dataclass(frozen=True)
class AreaTables:
    """Everything the area registry is built from; tests may build a small one by hand."""

    gemeenten: tuple[GemeenteRow, ...]
    carry: tuple[tuple[int, str, str], ...]  # (year, code of that year, current code)
    regions: dict[str, tuple[str, str, str]]  # current gemeente -> (provincie, ggd, jeugdregio)
    higher: tuple[HigherAreaRow, ...]
    aliases: tuple[tuple[str, str], ...]  # (code, other spelling of its name)
    first_year: int = FIRST_YEAR
    current_year: int = CURRENT_YEAR


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kansrijk").joinpath("data", "areas", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def packaged_tables() -> AreaTables:
    """Read the shipped tables (cached; they never change while the program runs)."""
    gemeenten = tuple(
        GemeenteRow(
            code=r["code"],
            name=r["name"],
            valid_from=int(r["valid_from"]),
            valid_to=int(r["valid_to"]) if r["valid_to"] else None,
            successor=r["successor"] or None,
        )
        for r in _rows("gemeenten.csv")
    )
    carry = tuple((int(r["year"]), r["code"], r["current_code"]) for r in _rows("gemeente_years.csv"))
    regions = {r["code"]: (r["provincie"], r["ggd"], r["jeugdregio"]) for r in _rows("regions.csv")}
    higher = tuple(HigherAreaRow(r["code"], r["name"], r["level"]) for r in _rows("higher_areas.csv"))
    aliases = tuple((r["code"], r["alias"]) for r in _rows("aliases.csv"))
    return AreaTables(gemeenten, carry, regions, higher, aliases)


@lru_cache(maxsize=1)
def population_2019() -> tuple[Population2019, ...]:
    """The 355 gemeenten of 2019 with their population and under-5 population (CBS 70072NED).

    Source: CBS Regionale kerncijfers Nederland 2019 (70072NED) and Gebieden in Nederland 2019
    (84378NED), via the 2019 boundary file; the totals sum to 17,282,163. Bron: CBS (CC BY 4.0).
    """
    return tuple(
        Population2019(r["code"], r["name"], int(r["population"]), int(r["under5"]))
        for r in _rows("population_2019.csv")
    )
