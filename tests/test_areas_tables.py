"""The packaged area tables, checked against published facts.

Expected values: year sizes of the gemeentelijke indeling (CBS, as listed in the reference data
README), the CBS 2019 national population 17,282,163, the 25 GGD regions and 42 jeugdregio's of 2023,
and the mergers as enacted (Wet herindeling ...), written out here by hand.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from kansrijk.area_tables import packaged_tables, population_2019

SHARED = Path("/work/shared/data")
DATA = resources.files("kansrijk").joinpath("data", "areas")

# CBS: number of gemeenten on 1 January (2022: Weesp still independent, annexed 24 March).
SIZES = {2015: 393, 2016: 390, 2017: 388, 2018: 380, 2019: 355, 2020: 355, 2021: 352,
         2022: 345, 2023: 342, 2024: 342, 2025: 342}


def read(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(DATA.joinpath(name).read_text(encoding="utf-8").splitlines()))


def test_gemeenten_per_year():
    counts = Counter(year for year, _, _ in packaged_tables().carry)
    assert dict(counts) == SIZES


def test_every_code_of_every_year_maps_to_exactly_one_current_gemeente():
    tables = packaged_tables()
    current = {code for year, code, _ in tables.carry if year == 2025}
    pairs = Counter((year, code) for year, code, _ in tables.carry)
    assert max(pairs.values()) == 1
    assert all(target in current for _, _, target in tables.carry)
    assert all(target == code for year, code, target in tables.carry if year >= 2023)


def test_every_merger_target_is_a_current_gemeente():
    gemeenten = {g.code: g for g in packaged_tables().gemeenten}
    dissolved = [g for g in gemeenten.values() if g.valid_to is not None]
    assert len(gemeenten) - len(dissolved) == 342
    for g in dissolved:
        assert gemeenten[g.successor].valid_to is None, g


@pytest.mark.parametrize(
    "year, code, current",
    [
        (2021, "GM0457", "GM0363"),  # Weesp -> Amsterdam
        (2022, "GM0457", "GM0363"),
        (2020, "GM0003", "GM1979"),  # Appingedam -> Eemsdelta
        (2020, "GM0788", "GM0757"),  # Haaren -> Boxtel (CBS books the split wholly to Boxtel)
        (2021, "GM0370", "GM0439"),  # Beemster -> Purmerend
        (2022, "GM0530", "GM1992"),  # Hellevoetsluis -> Voorne aan Zee
        (2018, "GM0005", "GM1966"),  # Bedum -> Het Hogeland
        (2015, "GM0241", "GM1945"),  # Groesbeek -> Berg en Dal
    ],
)
def test_carry_spot_checks(year, code, current):
    assert (year, code, current) in set(packaged_tables().carry)


def test_dissolved_years():
    gemeenten = {g.code: g for g in packaged_tables().gemeenten}
    assert (gemeenten["GM0457"].valid_to, gemeenten["GM0457"].successor) == (2022, "GM0363")
    assert (gemeenten["GM0788"].valid_to, gemeenten["GM0788"].successor) == (2020, "GM0757")
    assert gemeenten["GM1982"].valid_from == 2022


def test_land_van_cuijk_has_five_predecessors():
    predecessors = {code for _, code, target in packaged_tables().carry
                    if target == "GM1982" and code != "GM1982"}
    # Boxmeer, Cuijk, Grave, Mill en Sint Hubert, Sint Anthonis (merged 1 January 2022)
    assert predecessors == {"GM0756", "GM1684", "GM0786", "GM0815", "GM1702"}


def test_every_current_gemeente_in_one_province_ggd_and_jeugdregio():
    tables = packaged_tables()
    current = {code for year, code, _ in tables.carry if year == 2025}
    assert set(tables.regions) == current
    levels = Counter(h.level for h in tables.higher)
    assert levels == {"land": 1, "provincie": 12, "ggd": 25, "jeugdregio": 42}
    higher = {h.code: h.level for h in tables.higher}
    for pv, ggd, jz in tables.regions.values():
        assert (higher[pv], higher[ggd], higher[jz]) == ("provincie", "ggd", "jeugdregio")
    used = {level: {row[i] for row in tables.regions.values()}
            for i, level in enumerate(("provincie", "ggd", "jeugdregio"))}
    assert [len(used[level]) for level in ("provincie", "ggd", "jeugdregio")] == [12, 25, 42]
    assert "JZ40" not in used["jeugdregio"]


def test_population_2019_sums_to_cbs_national_total():
    rows = population_2019()
    assert len(rows) == 355
    assert sum(r.population for r in rows) == 17_282_163
    amsterdam = next(r for r in rows if r.code == "GM0363")
    assert (amsterdam.population, amsterdam.under5) == (862_965, 46_291)  # CBS 70072NED 2019
    assert all(0 < r.under5 < r.population for r in rows)


def test_names_are_clean_utf8():
    names = {r["code"]: r["name"] for r in read("gemeenten.csv")}
    assert names["GM1900"] == "Súdwest-Fryslân"
    assert names["GM1970"] == "Noardeast-Fryslân"
    assert names["GM0796"] == "'s-Hertogenbosch"
    pop_names = {r["code"]: r["name"] for r in read("population_2019.csv")}
    assert pop_names["GM1970"] == "Noardeast-Fryslân"
    for name in ("gemeenten.csv", "higher_areas.csv", "population_2019.csv", "aliases.csv"):
        text = DATA.joinpath(name).read_text(encoding="utf-8")
        assert "Ã" not in text and "\ufffd" not in text, name
    assert {r["name"] for r in read("higher_areas.csv") if r["code"] == "PV21"} == {"Fryslân"}


@pytest.mark.skipif(not SHARED.exists(), reason="reference data not available")
def test_packaged_tables_are_what_the_build_script_writes(tmp_path):
    script = Path(__file__).parents[1] / "scripts" / "build_area_tables.py"
    spec = importlib.util.spec_from_file_location("build_area_tables", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    assert module.fix_mojibake("FryslÃ¢n") == "Fryslân"
    module.write(module.build(SHARED), tmp_path)
    for written in sorted(tmp_path.iterdir()):
        assert written.read_text(encoding="utf-8") == DATA.joinpath(written.name).read_text(
            encoding="utf-8"), written.name
