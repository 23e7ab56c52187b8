"""Reference tables for the record engine: Hoftiezer birth-weight centiles and IOTF BMI cut-offs.

Both tables are package data (``data/references/``, see the README there for the sources):

- Hoftiezer et al. 2019 (Am J Obstet Gynecol 220:383.e1), the Dutch national birth-weight-for-gestational-
  age standard, per sex and day of gestation from 161 (23+0 weeks) to 294 days (42+0 weeks).
- Cole, Bellizzi, Flegal & Dietz 2000 (BMJ 320:1240), table 4: the international (IOTF) BMI cut-offs for
  overweight and obesity, at exact half years of age from 2.0 to 5.0.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from importlib import resources

import duckdb
import pandas as pd

HOFTIEZER_FILE = "hoftiezer_2019_birthweight_percentiles_by_day.csv"
IOTF_FILE = "iotf_cole2000_table4.csv"

# The Hoftiezer chart has centiles for these days of gestation only.
HOFTIEZER_FIRST_DAY = 161
HOFTIEZER_LAST_DAY = 294


@dataclass(frozen=True)
class BirthWeightCentiles:
    """Birth-weight centiles (grams) for one sex and day of gestation (Hoftiezer et al. 2019)."""

    sex: str
    ga_days: int
    p3: int
    p5: int
    p10: int
    p50: int
    p90: int
    p95: int
    p97: int


@dataclass(frozen=True)
class IotfCutoff:
    """IOTF BMI cut-offs (kg/m2) at one exact age for one sex (Cole et al. 2000, table 4)."""

    age_years: float
    sex: str
    overweight: float
    obese: float


def _read_rows(file_name: str) -> list[dict[str, str]]:
    text = resources.files("kansrijk").joinpath("data", "references", file_name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def hoftiezer_centiles() -> list[BirthWeightCentiles]:
    """Every row of the Hoftiezer by-day chart, both sexes (``F``, ``M``), days 161 to 294."""
    fields = ("p3", "p5", "p10", "p50", "p90", "p95", "p97")
    return [
        BirthWeightCentiles(
            sex=row["sex"], ga_days=int(row["ga_days"]), **{f: int(row[f]) for f in fields}
        )
        for row in _read_rows(HOFTIEZER_FILE)
    ]


def iotf_table() -> list[IotfCutoff]:
    """The encoded rows of Cole et al. (2000) table 4: ages 2.0 to 5.0 in half years, ``M`` and ``F``."""
    return [
        IotfCutoff(
            age_years=float(row["age_years"]),
            sex=row["sex"],
            overweight=float(row["overweight"]),
            obese=float(row["obese"]),
        )
        for row in _read_rows(IOTF_FILE)
    ]


def iotf_cutoff(sex: str, age_years: float, table: list[IotfCutoff] | None = None) -> IotfCutoff | None:
    """The IOTF cut-offs for ``sex`` at ``age_years``, linearly interpolated between half years.

    Method: Cole et al. (2000) give the cut-offs at exact half years and prescribe linear interpolation
    between them. Outside the encoded ages (before 2.0 or after 5.0 years) there is no cut-off and the
    result is None; the table is never extrapolated.
    """
    rows = {(r.sex, r.age_years): r for r in (table if table is not None else iotf_table())}
    low_age = int(age_years * 2) / 2
    low = rows.get((sex, low_age))
    if low is None:
        return None
    if age_years == low_age:
        return low
    high = rows.get((sex, low_age + 0.5))
    if high is None:
        return None
    share = (age_years - low_age) / 0.5
    return IotfCutoff(
        age_years=age_years,
        sex=sex,
        overweight=low.overweight + (high.overweight - low.overweight) * share,
        obese=low.obese + (high.obese - low.obese) * share,
    )


def register_references(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the temporary tables ``ref_hoftiezer`` and ``ref_iotf`` on ``con``.

    Temporary, so they also work on a store opened read-only and never become part of the store file.
    Each table is filled from one data frame in one statement (row by row inserts are slow).
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ref_hoftiezer (sex VARCHAR, ga_days INTEGER, p3 INTEGER, "
        "p5 INTEGER, p10 INTEGER, p50 INTEGER, p90 INTEGER, p95 INTEGER, p97 INTEGER)"
    )
    _insert_rows(con, "ref_hoftiezer", [asdict(r) for r in hoftiezer_centiles()])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ref_iotf "
        "(age_years DOUBLE, sex VARCHAR, overweight DOUBLE, obese DOUBLE)"
    )
    _insert_rows(con, "ref_iotf", [asdict(r) for r in iotf_table()])


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    """Insert ``rows`` (dicts keyed by column name) into ``table`` by name."""
    frame = pd.DataFrame(rows)
    name = f"_{table}_rows"
    con.register(name, frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {name}")
    finally:
        con.unregister(name)
