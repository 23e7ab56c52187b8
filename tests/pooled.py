"""A small store where a gemeente's single years are hidden but its 5-year figure is published.

The 18 gemeenten of GGD Fryslân, 2019-2023, synthetic aggregate counts for ``ks12.a`` (Big2, map of
the latest figure) and ``ks08`` (debts, ``map_period: pooled``). Vlieland and Schiermonnikoog have 40
births a year with 3 (Vlieland) and 4 (Schiermonnikoog) Big2 cases: every single year is below the
threshold of 10, their five years together (15 and 20 cases in 200) are not. Two such gemeenten
rather than one, so no single year of one of them can be worked out from the region total and its
5-year figure needs no secondary suppression. Imported and computed by the real pipeline.

Expected values in the tests are computed from :data:`COUNTS` here, not by the code under test.
"""

from __future__ import annotations

from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.pipeline import compute
from kansrijk.intake.importer import import_aggregates
from kansrijk.store import Store

YEARS = range(2019, 2024)
REGION = "GG7206"  # GGD Fryslân
HIDDEN = "GM0096"  # Vlieland: every single year too small, the 5-year figure published
HIDDEN_NAME = "Vlieland"
OTHER_TINY = "GM0088"  # Schiermonnikoog
LARGE = "GM0080"  # Leeuwarden: every year published
POOLED = "2019-2023"
POOLED_TEXT = "2019-2023, 5 jaar samen"


def _counts(areas: AreaRegistry) -> dict[tuple[str, str, int], tuple[int, int]]:
    """(measure, gemeente, year) -> (numerator, denominator), fixed numbers (no randomness)."""
    out: dict[tuple[str, str, int], tuple[int, int]] = {}
    for index, code in enumerate(sorted(areas.members(REGION))):
        for year in YEARS:
            if code == HIDDEN:
                out[("ks12.a", code, year)] = (3, 40)
                out[("ks08", code, year)] = (1, 40)
            elif code == OTHER_TINY:
                out[("ks12.a", code, year)] = (4, 40)
                out[("ks08", code, year)] = (1, 40)
            else:
                births = 300 + 97 * index + 11 * (year - 2019)
                out[("ks12.a", code, year)] = (births * (9 + index % 5) // 100 + year - 2019, births)
                out[("ks08", code, year)] = (births * (2 + index % 3) // 100 + 2 * (year - 2019), births)
    return out


COUNTS = _counts(AreaRegistry.load())
# The national figures, supplied as NL01 rows (a regional set of counts is never summed into a
# figure for Nederland): about 170.000 births a year.
NATIONAL = {(measure, year): (base + 150 * (year - 2019), 170_000 + 500 * (year - 2019))
            for measure, base in (("ks12.a", 26_000), ("ks08", 4_500)) for year in YEARS}


def total(measure: str, codes: list[str] | tuple[str, ...], years: range | tuple[int, ...]) -> tuple[int, int]:
    """Numerator and denominator summed over gemeenten and years, from :data:`COUNTS`."""
    num = sum(COUNTS[(measure, c, y)][0] for c in codes for y in years)
    den = sum(COUNTS[(measure, c, y)][1] for c in codes for y in years)
    return num, den


def national_total(measure: str, years: range | tuple[int, ...]) -> tuple[int, int]:
    """The supplied national numerator and denominator summed over ``years``."""
    return (sum(NATIONAL[(measure, y)][0] for y in years), sum(NATIONAL[(measure, y)][1] for y in years))


def percentage_text(num: int, den: int) -> str:
    """Dutch percentage with one decimal, as the pages write it (half up, no thousands here)."""
    tenths = (2000 * num + den) // (2 * den)  # 1000 * num / den rounded half up, in integers
    return f"{tenths // 10},{tenths % 10}%"


def write_counts(path: Path) -> Path:
    lines = ["indicator,gebied,periode,teller,noemer"]
    lines += [f"{m},{c},{y},{n},{d}" for (m, c, y), (n, d) in sorted(COUNTS.items())]
    lines += [f"{m},NL01,{y},{n},{d}" for (m, y), (n, d) in sorted(NATIONAL.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_store(folder: Path) -> Path:
    """A computed DuckDB store in ``folder`` from :data:`COUNTS`."""
    db = folder / "pooled.duckdb"
    with Store.open(db) as store:
        import_aggregates(store, [write_counts(folder / "counts.csv")], Catalogues.load(), AreaRegistry.load(),
                          synthetic=True)
        compute(store, Catalogues.load(), AreaRegistry.load())
    return db
