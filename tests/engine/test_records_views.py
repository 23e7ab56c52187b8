"""Derived columns of the record views: Big2 parts, perinatal death, start of care, IOTF overweight.

Expected values are computed here from the definitions (RIVM factsheet Kansrijke Start 2020: Big2 is
< 37 weeks and/or birth weight < P10 of Hoftiezer et al. 2019; perinatal death from 24 weeks or within the
first 7 days of life; care after the 10th week) and from the published tables themselves (the Hoftiezer
CSV read with the csv module, Cole et al. 2000 table 4 written out below).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

import kansrijk
from kansrijk.engine.records import create_record_views
from kansrijk.intake.records import import_records
from kansrijk.store import Store

HOFTIEZER_CSV = Path(kansrijk.__file__).parent / "data" / "references" / "hoftiezer_2019_birthweight_percentiles_by_day.csv"


def read_p10() -> dict[tuple[str, int], int]:
    with HOFTIEZER_CSV.open(encoding="utf-8") as handle:
        return {(row["sex"], int(row["ga_days"])): int(row["p10"]) for row in csv.DictReader(handle)}


P10 = read_p10()


class OneGemeente:
    def carry_table(self) -> Iterator[tuple[int, str, str]]:
        for year in (2019, 2020):
            yield (year, "GM0363", "GM0363")


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def load(store: Store, tmp_path: Path, kind: str, rows: list[dict[str, object]]) -> None:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join("" if r[h] is None else str(r[h]) for h in header) for r in rows]
    path = tmp_path / f"{kind}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_records(store, kind, [path], areas=OneGemeente())
    create_record_views(store)


def birth(child: str, ga: int, weight: int, sex: str = "M", status: str = "levend",
          died_after_days: int | None = None, care: int | None = None, pregnancy: str | None = None) -> dict[str, object]:
    born = date(2019, 6, 1)
    death = born + timedelta(days=died_after_days) if died_after_days is not None else None
    if status == "doodgeboren":
        death = born
    return {"child_id": child, "mother_id": "m" + child, "birth_date": born, "gemeente_code": "GM0363",
            "gestational_age_days": ga, "birth_weight_g": weight, "sex": sex, "vital_status": status,
            "death_date": death, "start_care_ga_days": care, "pregnancy_id": pregnancy}


def edge_births() -> list[dict[str, object]]:
    """Edge days of gestation, weights at P10 and 1 g below, live and stillborn, boys and girls."""
    rows = [
        birth("d153", 153, 300), birth("d154", 154, 300, status="doodgeboren"),
        birth("d160", 160, 350, sex="F"),
        birth("d161_at", 161, P10[("M", 161)]), birth("d161_below", 161, P10[("M", 161)] - 1),
        birth("d167", 167, P10[("F", 167)] - 1, sex="F", status="doodgeboren"),
        birth("d168", 168, P10[("F", 168)], sex="F", status="doodgeboren"),
        birth("d258_at", 258, P10[("M", 258)]), birth("d258_below", 258, P10[("M", 258)] - 1, sex="M"),
        birth("d259_at", 259, P10[("F", 259)], sex="F"), birth("d259_below", 259, P10[("F", 259)] - 1, sex="F"),
        birth("d294_at", 294, P10[("M", 294)]), birth("d294_below", 294, P10[("M", 294)] - 1),
        birth("d300_at", 300, P10[("F", 294)], sex="F"), birth("d300_below", 300, P10[("F", 294)] - 1, sex="F"),
        birth("d280_still", 280, P10[("M", 280)] - 1, status="doodgeboren"),
    ]
    return rows


def expected_parts(row: dict[str, object]) -> tuple[bool, bool]:
    ga = int(row["gestational_age_days"])  # type: ignore[arg-type]
    day = min(ga, 294)
    p10 = P10.get((str(row["sex"]), day))
    small = p10 is not None and int(row["birth_weight_g"]) < p10  # type: ignore[arg-type]
    return ga < 259, small


def test_preterm_and_sga_per_child(store: Store, tmp_path: Path) -> None:
    rows = edge_births()
    load(store, tmp_path, "births", rows)
    got = {c: (p, s) for c, p, s in store.con.execute("SELECT child_id, preterm, sga FROM births_x").fetchall()}
    assert got == {str(r["child_id"]): expected_parts(r) for r in rows}
    # The rules spelled out for the edges, independent of the helper above.
    assert got["d161_at"] == (True, False) and got["d161_below"] == (True, True)
    assert got["d160"] == (True, False)  # no centile before 161 days: not small
    assert got["d258_at"] == (True, False) and got["d259_at"] == (False, False)
    assert got["d259_below"] == (False, True)
    assert got["d294_below"] == (False, True) and got["d294_at"] == (False, False)
    assert got["d300_below"] == (False, True) and got["d300_at"] == (False, False)  # day 294's centile


def test_perinatal_death_edges(store: Store, tmp_path: Path) -> None:
    rows = [
        birth("still167", 167, 600, status="doodgeboren"), birth("still168", 168, 600, status="doodgeboren"),
        birth("day1", 280, 3400, died_after_days=0),  # died on the day of birth
        birth("day7", 280, 3400, died_after_days=6),  # 7th day of life: age 6 completed days
        birth("day8", 280, 3400, died_after_days=7),  # 8th day of life
        birth("alive", 280, 3400), birth("early_live_death", 160, 500, died_after_days=1),
    ]
    load(store, tmp_path, "births", rows)
    got = dict(store.con.execute("SELECT child_id, perinatal_death FROM births_x").fetchall())
    assert got == {"still167": False, "still168": True, "day1": True, "day7": True, "day8": False,
                   "alive": False, "early_live_death": False}


def test_start_of_care_at_70_and_71_days(store: Store, tmp_path: Path) -> None:
    rows = [birth("c69", 280, 3400, care=69), birth("c70", 280, 3400, care=70),
            birth("c71", 280, 3400, care=71), birth("unknown", 280, 3400)]
    load(store, tmp_path, "births", rows)
    got = {c: (late, early) for c, late, early in
           store.con.execute("SELECT child_id, late_care, early_care FROM births_x").fetchall()}
    assert got == {"c69": (False, True), "c70": (False, False), "c71": (True, False), "unknown": (None, None)}


def test_one_first_child_per_pregnancy(store: Store, tmp_path: Path) -> None:
    rows = [birth("twin_a", 250, 2000, pregnancy="p1"), birth("twin_b", 250, 2100, pregnancy="p1"),
            birth("single", 280, 3400)]
    load(store, tmp_path, "births", rows)
    got = dict(store.con.execute("SELECT child_id, first_of_pregnancy FROM births_x").fetchall())
    assert got == {"twin_a": True, "twin_b": False, "single": True}


# Cole et al. 2000, table 4: (sex, age) -> (overweight, obese).
COLE = {
    ("M", 2.0): (18.41, 20.09), ("M", 2.5): (18.13, 19.80), ("M", 3.0): (17.89, 19.57),
    ("M", 4.0): (17.55, 19.29),
    ("F", 2.0): (18.02, 19.81), ("F", 2.5): (17.76, 19.55), ("F", 3.0): (17.56, 19.36),
}


def interpolated(sex: str, age: float, low: float) -> tuple[float, float]:
    (ow0, ob0), (ow1, ob1) = COLE[(sex, low)], COLE[(sex, low + 0.5)]
    share = (age - low) / 0.5
    return ow0 + (ow1 - ow0) * share, ob0 + (ob1 - ob0) * share


def contact(child: str, sex: str, age_days: int, bmi: float, zinnen: str | None = None,
            delen: str | None = None) -> dict[str, object]:
    # Height 100 cm makes the BMI equal to the weight in kg.
    return {"child_id": child, "contact_date": "2019-09-01", "gemeente_code": "GM0363", "sex": sex,
            "age_days": age_days, "height_cm": 100, "weight_kg": bmi, "vw_zinnen": zinnen,
            "vw_lichaamsdelen": delen}


def test_iotf_cutoffs_at_exact_age_and_interpolated(store: Store, tmp_path: Path) -> None:
    boys_800 = interpolated("M", 800 / 365.25, 2.0)
    girls_1000 = interpolated("F", 1000 / 365.25, 2.5)
    rows = [
        contact("exact4_at", "M", 1461, 17.55),  # 1461 days = exactly 4.0 years; BMI at the cut-off
        contact("exact4_below", "M", 1461, 17.54),
        contact("b800_above", "M", 800, round(boys_800[0] + 0.01, 2)),
        contact("b800_below", "M", 800, round(boys_800[0] - 0.01, 2)),
        contact("g1000_obese", "F", 1000, round(girls_1000[1] + 0.01, 2)),
        contact("young", "M", 700, 25.0), contact("old", "F", 1900, 25.0),
    ]
    load(store, tmp_path, "jgz", rows)
    got = {r[0]: r[1:] for r in store.con.execute(
        "SELECT child_id, iotf_overweight_cutoff, iotf_obese_cutoff, overweight, obese FROM jgz_x").fetchall()}
    assert got["exact4_at"] == (17.55, 19.29, True, False)
    assert got["exact4_below"][2] is False
    assert got["b800_above"][0] == pytest.approx(boys_800[0], abs=1e-12)
    assert got["b800_above"][1] == pytest.approx(boys_800[1], abs=1e-12)
    assert (got["b800_above"][2], got["b800_below"][2]) == (True, False)
    assert got["g1000_obese"][0] == pytest.approx(girls_1000[0], abs=1e-12)
    assert got["g1000_obese"][2:] == (True, True)
    assert got["young"] == (None, None, None, None)  # before 2.0 years: no IOTF cut-off
    assert got["old"] == (None, None, None, None)


def test_speech_items(store: Store, tmp_path: Path) -> None:
    rows = [contact("both_neg", "F", 740, 16, "-", "-"), contact("one_neg", "F", 740, 16, "-", "+"),
            contact("mother", "M", 740, 16, "M", "-"), contact("unscored", "M", 740, 16, None, "-")]
    load(store, tmp_path, "jgz", rows)
    got = {c: (n, k) for c, n, k in
           store.con.execute("SELECT child_id, speech_negative, speech_known FROM jgz_x").fetchall()}
    assert got == {"both_neg": (True, True), "one_neg": (False, True), "mother": (False, True),
                   "unscored": (None, False)}


def test_household_and_children_flags(store: Store, tmp_path: Path) -> None:
    households = [
        {"child_id": "h1", "birth_year": 2019, "gemeente_code": "GM0363", "mother_debt": 0, "parent_debt": 0,
         "income_percentile": 9, "single_parent": 0, "kraamzorg": 1},
        {"child_id": "h2", "birth_year": 2019, "gemeente_code": "GM0363", "mother_debt": 0, "parent_debt": 1,
         "income_percentile": 10, "single_parent": 0, "kraamzorg": 1},
        {"child_id": "h3", "birth_year": 2019, "gemeente_code": "GM0363", "mother_debt": 0, "parent_debt": 0,
         "income_percentile": 50, "single_parent": 0, "kraamzorg": 0},
    ]
    load(store, tmp_path, "households", households)
    got = {c: (low, any_) for c, low, any_ in
           store.con.execute("SELECT child_id, low_income, vulnerable_any FROM households_x").fetchall()}
    assert got == {"h1": (True, True), "h2": (False, True), "h3": (False, False)}
    children = [
        {"child_id": "k1", "year": 2019, "gemeente_code": "GM0363", "youth_protection": 1, "residential_care": 1},
        {"child_id": "k2", "year": 2019, "gemeente_code": "GM0363", "youth_protection": 1, "residential_care": 0},
    ]
    load(store, tmp_path, "children", children)
    assert dict(store.con.execute("SELECT child_id, placed FROM children_x").fetchall()) == {
        "k1": True, "k2": False}
