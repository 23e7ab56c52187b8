"""Write the synthetic national demo data set: four record files (Parquet) and one registry CSV.

SYNTHETISCHE GEGEVENS: every number is drawn from a model (``docs/demo-data.md``); only the gemeenten,
their 2019 populations (CBS) and the national targets (RIVM factsheet 2020, Haarlem memo 2022) are real.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from kansrijk.demo import calibration as cal
from kansrijk.demo.deprivation import deprivation_scores
from kansrijk.demo.family import generate_child_years, generate_households
from kansrijk.demo.inputs import DemoAreas, load_demo_areas
from kansrijk.demo.jgz import COVERAGE, FIRST_AGE_DAYS, LAST_AGE_DAYS, generate_contacts
from kansrijk.demo.perinatal import Births, generate_births
from kansrijk.demo.programme import FACT_COLUMNS, programme_facts
from kansrijk.demo.regional import YEARS as REGIONAL_YEARS
from kansrijk.demo.contacts import write_contacts
from kansrijk.demo.regional import write_regional

DEFAULT_SEED = 2020
DEFAULT_YEARS = range(2015, 2024)
PROGRAMME_YEAR = 2020

# Children born per year in the Netherlands (CBS, live births, rounded to hundreds); years outside take
# the nearest year's figure.
NATIONAL_BIRTHS: dict[int, int] = {
    2015: 170_500, 2016: 172_500, 2017: 169_800, 2018: 168_500, 2019: 169_700,
    2020: 168_700, 2021: 179_700, 2022: 167_500, 2023: 164_000,
}


@dataclass(frozen=True)
class DemoFiles:
    """The files one demo run wrote."""

    births: Path
    households: Path
    children: Path
    jgz: Path
    programme: Path  # programme registry facts (CSV), for `kansrijk import-registry`
    regional: Path | None = None  # a GGD coordinator's aggregate rows for the gm catalogue (CSV)
    professionals: Path | None = None  # the professionals' questionnaire (CSV), gm01/gm02
    statements: Path | None = None  # client statements for gm13 (CSV)
    contacts: Path | None = None  # wegwijzer contacts per gemeente and GGD region (CSV)

    @property
    def records(self) -> dict[str, Path]:
        """Record type -> Parquet file."""
        return {"births": self.births, "households": self.households, "children": self.children, "jgz": self.jgz}


def generate_demo(out_dir: Path, seed: int = DEFAULT_SEED, years: Iterable[int] = DEFAULT_YEARS) -> DemoFiles:
    """Generate the synthetic national data set for ``years`` into ``out_dir``; deterministic per seed.

    Births per gemeente-year ~ Poisson(2019 under-5 population / 5 x national year factor); outcomes
    follow a latent deprivation score per gemeente and are calibrated per year to the national figures
    of the seed documents (see ``kansrijk.demo.calibration``).
    """
    return write_demo(out_dir, load_demo_areas(), seed, years)


def write_demo(out_dir: Path, areas: DemoAreas, seed: int, years: Iterable[int]) -> DemoFiles:
    """Generate for the given area tables (``generate_demo`` uses the packaged ones)."""
    year_list = sorted(set(years))
    rng = np.random.default_rng(seed)
    dep = deprivation_scores(areas, rng)
    offsets = _haarlem_offsets(areas, dep)
    units = {y: areas.year_units(y) for y in set(year_list) | {year_list[0] - 1} if _has_year(areas, y)}
    under5_total = float(areas.under5.sum())

    births_frames, household_frames, cohorts = [], [], {}
    for year in year_list:
        codes, current, share = units[year]
        factor = NATIONAL_BIRTHS.get(year, NATIONAL_BIRTHS[min(NATIONAL_BIRTHS, key=lambda y: abs(y - year))])
        mu = areas.under5[current] / under5_total * factor * share
        b = generate_births(year, mu, current, dep, offsets, rng)
        code_arr = np.array(codes, dtype=object)[b.unit]
        births_frames.append(_births_frame(b, code_arr))
        live = ~b.stillborn
        dep_preg = np.zeros(int(b.pregnancy.max()) + 1 if b.pregnancy.size else 0)
        dep_preg[b.pregnancy] = dep[b.current]
        hh = generate_households(year, b.pregnancy[live], dep_preg, rng)
        ids = births_frames[-1]["child_id"].to_numpy()
        household_frames.append(
            pd.DataFrame(
                {
                    "child_id": ids[live],
                    "birth_year": year,
                    "gemeente_code": code_arr[live],
                    "mother_debt": hh.mother_debt,
                    "parent_debt": hh.parent_debt,
                    "income_percentile": pd.array(hh.income_percentile, dtype="Int64"),
                    "single_parent": hh.single_parent,
                    "kraamzorg": hh.kraamzorg,
                }
            )
        )
        alive = live & (b.death_after_days < 0)
        cohorts[year] = _Cohort(ids[alive], code_arr[alive], dep[b.current[alive]],
                                births_frames[-1]["birth_date"].to_numpy()[alive], b.sex_male[alive])

    first = year_list[0]
    cohorts[first - 1] = _before_first_year(first, areas, units, dep, under5_total, rng)
    children = _children_frame(year_list, cohorts, areas, units, rng)
    jgz = _jgz_frame(year_list, cohorts, areas, units, rng)
    programme = programme_facts_for(areas, dep, rng)

    out_dir.mkdir(parents=True, exist_ok=True)
    files = DemoFiles(
        births=out_dir / "births.parquet",
        households=out_dir / "households.parquet",
        children=out_dir / "children.parquet",
        jgz=out_dir / "jgz.parquet",
        programme=out_dir / "programma.csv",
    )
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    _write(con, pd.concat(births_frames, ignore_index=True), files.births, ("birth_date", "death_date"))
    _write(con, pd.concat(household_frames, ignore_index=True), files.households, ())
    _write(con, children, files.children, ())
    _write(con, jgz, files.jgz, ("contact_date",))
    con.close()
    with files.programme.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(FACT_COLUMNS)
        writer.writerows(programme)
    live = pd.concat(household_frames, ignore_index=True).groupby(["gemeente_code", "birth_year"]).size()
    live_births = {(str(code), int(year)): int(n) for (code, year), n in live.items() if int(year) in REGIONAL_YEARS}
    if not live_births:
        return files
    regional, professionals, statements = write_regional(out_dir, live_births, seed)
    return replace(files, regional=regional, professionals=professionals, statements=statements,
                   contacts=write_contacts(out_dir))


def programme_facts_for(areas: DemoAreas, dep: np.ndarray, rng: np.random.Generator) -> list[tuple]:
    """Programme registry facts for the gemeenten of 2020, the year of the reference dates.

    A fact's gemeente must exist in the year of its date, so the facts use the 2020 division (355
    gemeenten, as the factsheet's questionnaire); the engine carries the counts to today's gemeenten.
    """
    codes, current, _ = areas.year_units(PROGRAMME_YEAR)
    size = np.array([float(areas.under5_2019.get(c, 0)) or areas.under5[i] for c, i in zip(codes, current)])
    return programme_facts(tuple(codes), size, dep[current], rng)


@dataclass
class _Cohort:
    child_id: np.ndarray
    code: np.ndarray
    dep: np.ndarray
    birth_date: np.ndarray
    male: np.ndarray


def _has_year(areas: DemoAreas, year: int) -> bool:
    return any(y == year for y, _, _ in areas.carry)


def _haarlem_offsets(areas: DemoAreas, dep: np.ndarray) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    if cal.HAARLEM not in areas.codes:
        return out
    i = areas.index(cal.HAARLEM)
    for name, shift in cal.haarlem_offsets().items():
        arr = np.zeros(len(areas.codes))
        # The memo's contrast is the whole difference: remove what deprivation already gives.
        arr[i] = shift - cal.BETA[name] * dep[i]
        out[name] = arr
    return out


MISSING_WEIGHT_EVERY = 400  # 0,25% of children without a birth weight
MISSING_GA_EVERY = 2000  # 0,05% without a gestational age


def _births_frame(b: Births, codes: np.ndarray) -> pd.DataFrame:
    year = b.year
    n = b.ga_days.size
    child_id = _ids(f"K{year}-", np.arange(n))
    preg = _ids(f"Z{year}-", b.pregnancy)
    mother = _ids(f"M{year}-", b.pregnancy)
    birth_date = np.datetime64(f"{year}-01-01") + b.birth_day.astype("timedelta64[D]")
    death = np.where(
        b.death_after_days >= 0,
        birth_date + np.maximum(b.death_after_days, 0).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    # Real extracts lack a few values: here every MISSING_WEIGHT_EVERY-th child has no birth weight and
    # every MISSING_GA_EVERY-th no gestational age (a fixed pattern, so the random draws stay as they were).
    position = np.arange(n)
    weight = pd.array(b.weight_g, dtype="Int64")
    weight[position % MISSING_WEIGHT_EVERY == MISSING_WEIGHT_EVERY - 1] = pd.NA
    ga_days = pd.array(b.ga_days, dtype="Int64")
    ga_days[position % MISSING_GA_EVERY == MISSING_GA_EVERY - 1] = pd.NA
    return pd.DataFrame(
        {
            "child_id": child_id,
            "mother_id": mother,
            "birth_date": birth_date,
            "gemeente_code": codes,
            "gestational_age_days": ga_days,
            "birth_weight_g": weight,
            "sex": np.where(b.sex_male, "M", "F"),
            "vital_status": np.where(b.stillborn, "doodgeboren", "levend"),
            "death_date": death.astype("datetime64[D]"),
            "start_care_ga_days": pd.array(b.start_care, dtype="Int64"),
            "pregnancy_id": preg,
        }
    )


def _ids(prefix: str, numbers: np.ndarray) -> np.ndarray:
    return np.array([f"{prefix}{i:06d}" for i in numbers.tolist()], dtype=object)


def _before_first_year(
    first: int, areas: DemoAreas, units: dict, dep: np.ndarray, under5_total: float, rng: np.random.Generator
) -> _Cohort:
    """Children born the year before the first year (only needed for the under-2 rows of that year)."""
    year = first - 1
    codes, current, share = units.get(year, units[first])
    factor = NATIONAL_BIRTHS[min(NATIONAL_BIRTHS, key=lambda y: abs(y - year))]
    n_unit = rng.poisson(areas.under5[current] / under5_total * factor * share)
    unit = np.repeat(np.arange(len(codes)), n_unit)
    n = unit.size
    days = rng.integers(0, 365, n).astype("timedelta64[D]")
    return _Cohort(
        _ids(f"K{year}-", np.arange(n)),
        np.array(codes, dtype=object)[unit],
        dep[current[unit]],
        np.datetime64(f"{year}-01-01") + days,
        rng.random(n) < 0.513,
    )


def _code_in_year(codes: np.ndarray, year: int, areas: DemoAreas, units: dict) -> np.ndarray:
    """The code valid in ``year`` for children registered under ``codes`` in an earlier year."""
    year_codes = units[year][0]
    valid = set(year_codes)
    current_of = {code: cur for _, code, cur in areas.carry}
    by_current: dict[str, str] = {}
    for code in sorted(year_codes):
        by_current.setdefault(current_of[code], code)
    mapping = {c: (c if c in valid else by_current[current_of[c]]) for c in set(codes.tolist())}
    return np.array([mapping[c] for c in codes], dtype=object) if codes.size else codes


def _children_frame(years: list[int], cohorts: dict, areas: DemoAreas, units: dict, rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    for year in years:
        parts = [cohorts[year], cohorts[year - 1]]
        ids = np.concatenate([p.child_id for p in parts])
        codes = _code_in_year(np.concatenate([p.code for p in parts]), year, areas, units)
        rows = generate_child_years(year, np.concatenate([p.dep for p in parts]), rng)
        frames.append(
            pd.DataFrame(
                {
                    "child_id": ids,
                    "year": year,
                    "gemeente_code": codes,
                    "youth_protection": rows.youth_protection,
                    "residential_care": rows.residential_care,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _jgz_frame(years: list[int], cohorts: dict, areas: DemoAreas, units: dict, rng: np.random.Generator) -> pd.DataFrame:
    parts = [cohorts[y] for y in years]
    seen = [rng.random(p.child_id.size) < COVERAGE for p in parts]
    ids = np.concatenate([p.child_id[s] for p, s in zip(parts, seen)])
    codes = np.concatenate([p.code[s] for p, s in zip(parts, seen)])
    born = np.concatenate([p.birth_date[s] for p, s in zip(parts, seen)])
    male = np.concatenate([p.male[s] for p, s in zip(parts, seen)])
    dep = np.concatenate([p.dep[s] for p, s in zip(parts, seen)])
    age = rng.integers(FIRST_AGE_DAYS, LAST_AGE_DAYS, ids.size)
    contact = born + age.astype("timedelta64[D]")
    contact_year = contact.astype("datetime64[Y]").astype(int) + 1970
    keep = np.isin(contact_year, years)
    ids, codes, male, dep, age, contact, contact_year = (
        a[keep] for a in (ids, codes, male, dep, age, contact, contact_year)
    )
    out_codes = np.empty(ids.size, dtype=object)
    for year in np.unique(contact_year):
        sel = contact_year == year
        out_codes[sel] = _code_in_year(codes[sel], int(year), areas, units)
    c = generate_contacts(contact_year, male, dep, age, rng)
    return pd.DataFrame(
        {
            "child_id": ids,
            "contact_date": contact,
            "gemeente_code": out_codes,
            "sex": np.where(male, "M", "F"),
            "age_days": age,
            "height_cm": c.height_cm,
            "weight_kg": c.weight_kg,
            "vw_zinnen": c.vw_zinnen,
            "vw_lichaamsdelen": c.vw_lichaamsdelen,
        }
    )


def _write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, path: Path, date_columns: tuple[str, ...]) -> None:
    con.register("frame", frame)
    select = ", ".join(
        f'CAST("{c}" AS DATE) AS "{c}"' if c in date_columns else f'"{c}"' for c in frame.columns
    )
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT {select} FROM frame) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    con.unregister("frame")
